"""The progress settings, ``data/suivi.yml`` (months without news, thresholds), validated."""

from __future__ import annotations

from pathlib import Path

from macros.domaine.modele import ReglagesSuivi
from macros.lecture.erreurs import Collecteur
from macros.lecture.fichiers import lire_yaml
from macros.lecture.validation import valider

REGLAGES = "data/suivi.yml"


def charger_reglages(racine: Path, col: Collecteur) -> ReglagesSuivi:
    """``data/suivi.yml`` validated (problems reported into ``col``); defaults when absent."""
    chemin = Path(racine) / REGLAGES
    if not chemin.exists():
        return ReglagesSuivi()
    doc = lire_yaml(chemin, REGLAGES, col)
    if doc is None:
        return ReglagesSuivi()
    if not isinstance(doc.data, dict):
        col.ajouter(REGLAGES, 1, "réglages attendus sous la forme « clé: valeur » (ex. mois_sans_nouvelles: 6)")
        return ReglagesSuivi()
    return valider(ReglagesSuivi, doc.data, doc, REGLAGES, 0, col) or ReglagesSuivi()
