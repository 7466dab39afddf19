"""The corpus: everything the site shows, validated (built by ``lecture.sources``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from macros.domaine.modele import Acteur, Axe, Commune, CompteRendu, Fiche, MetaPage, SignataireCharte

_T = TypeVar("_T")


@dataclass
class Corpus:
    """Everything the site shows, validated. Built once per build."""

    racine: Path
    commune: Commune | None = None  # data/commune.yml (None only when it is invalid)
    acteurs: dict[str, Acteur] = field(default_factory=dict)
    axes: dict[int, Axe] = field(default_factory=dict)
    fiches: list[Fiche] = field(default_factory=list)
    comptes_rendus: list[CompteRendu] = field(default_factory=list)
    pages: dict[str, MetaPage] = field(default_factory=dict)  # docs-relative path → meta
    # Docs-relative folder → the visibility its `.meta.yml` gives (inherited by sub-folders
    # unless one of them says otherwise). Applies to pages and to every other file below.
    visibilite_dossiers: dict[str, str] = field(default_factory=dict)
    glossaire: dict[str, str] = field(default_factory=dict)
    series: dict[str, Any] = field(default_factory=dict)  # indicator data (indicateurs.py)
    charte: list[SignataireCharte] = field(default_factory=list)
    reglages_suivi: Any = None  # data/suivi.yml (lecture.reglages)
    ssmsi: Any = None  # official crime figures, data/ssmsi/ (ssmsi.DonneesSsmsi)
    observatoire: Any = None  # data/observatoire/ and data/geo/ (releves.DonneesLocales): intranet data
    reunions: list[Any] = field(default_factory=list)  # data/reunions.yml (lecture.reunions)
    # Lookup tables, built on first use: pages look fiches up by id many times per build.
    # Rebuilt when ``fiches`` / ``comptes_rendus`` is another list or changed length.
    _tables: dict[str, tuple[Any, int, dict[str, list[Any]]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _table(self, nom: str, liste: list[_T], cle: Callable[[_T], Iterable[str]]) -> dict[str, list[_T]]:
        t = self._tables.get(nom)
        if t is None or t[0] is not liste or t[1] != len(liste):
            table: dict[str, list[Any]] = {}
            for item in liste:
                for k in cle(item):
                    table.setdefault(k, []).append(item)
            t = self._tables[nom] = (liste, len(liste), table)
        return t[2]

    def fiche(self, id_: str) -> Fiche | None:
        trouvees = self._table("fiches", self.fiches, lambda f: (f.id,)).get(id_)
        return trouvees[0] if trouvees else None

    def comptes_rendus_de(self, id_fiche: str) -> list[CompteRendu]:
        """The minutes whose ``fiches`` list this fiche, in corpus order."""
        return list(self._table("cr", self.comptes_rendus, lambda cr: dict.fromkeys(cr.fiches)).get(id_fiche, []))

    def fiches_axe(self, axe: int) -> list[Fiche]:
        return [f for f in self.fiches if f.axe == axe]

    def acteur(self, id_: str) -> Acteur:
        return self.acteurs[id_]


def src_fiche(fiche: Fiche) -> str:
    return f"fiches/{fiche.slug}.md"
