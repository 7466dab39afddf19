"""Search that ignores accents and case: the first-party search worker (``recherche.js``).

Material's search worker carries a content hash in its name (``search.2c215733.min.js``),
which changes with each Material release. The wrapper is written beside it under the same
name with a ``plie-`` prefix (``plie-search.2c215733.min.js``), and ``overrides/main.html``
swaps the prefix in Material's configuration, so the pair stays in step on an upgrade
without anyone editing a hash.
"""

from __future__ import annotations

from pathlib import Path

DOSSIER = "assets/javascripts/workers"
PREFIXE = "plie-"  # keep in step with the `config` block of overrides/main.html
_SOURCE = Path(__file__).with_name("recherche.js")


class ErreurRecherche(Exception):
    pass


def worker_material(dossiers_theme: list[str]) -> str:
    """File name of Material's search worker in the theme (the first theme folder wins)."""
    for dossier in dossiers_theme:
        trouves = sorted(p.name for p in (Path(dossier) / DOSSIER).glob("search.*.min.js"))
        if trouves:
            return trouves[0]
    raise ErreurRecherche(
        "Recherche : le script de recherche de Material (assets/javascripts/workers/search.*.min.js) "
        "est introuvable dans le thème ; la recherche sans accents ne peut pas être installée."
    )


def ressources(dossiers_theme: list[str]) -> dict[str, bytes]:
    """Site path → bytes of the search worker that folds accents (see recherche.js)."""
    nom = worker_material(dossiers_theme)
    texte = _SOURCE.read_text(encoding="utf-8").replace("__MATERIAL_WORKER__", nom)
    return {f"{DOSSIER}/{PREFIXE}{nom}": texte.encode("utf-8")}
