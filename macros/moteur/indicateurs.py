"""The author macros for figures on mkdocs-macros' ``env``: ``tableau``, ``graphique``,
``valeur``, ``evolution``, ``catalogue_indicateurs``. The work is in ``rendu.figures``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from macros.moteur.etat import racine
from macros.rendu.figures import rendre_catalogue, rendre_evolution, rendre_graphique, rendre_tableau, rendre_valeur


def nom_page(env: Any) -> str:
    """The page as the coordinator knows it: its path in the project (docs/strategie/bilan.md)."""
    fichier = env.page.file
    chemin = getattr(fichier, "abs_src_path", None)
    if chemin:
        try:
            return Path(chemin).resolve().relative_to(racine(env.conf)).as_posix()
        except ValueError:
            pass
    return fichier.src_uri


def enregistrer(env: Any, contexte: Callable[[], Any]) -> None:
    """Register the indicator macros on the mkdocs-macros ``env``."""

    def lieu() -> tuple[Any, str, str]:
        etat, _ctx = contexte()
        return etat, nom_page(env), env.page.url

    @env.macro
    def tableau(ident: str, notes: bool = True) -> str:
        """The table of a data file (data/indicateurs/<ident>.yml), evolutions computed."""
        return rendre_tableau(*lieu(), ident, notes=notes)

    @env.macro
    def graphique(ident: str, nom: str | None = None, **options: Any) -> str:
        """Chart(s) of a data file, with caption, source, data table and CSV link; the options
        (series, type, colonnes, axe, titre, alt, libelles) are ``figures.rendre_graphique``'s."""
        return rendre_graphique(*lieu(), ident, nom, **options)

    @env.macro
    def valeur(ident: str, serie: str, colonne: Any) -> str:
        """One figure, formatted in French, for a sentence: {{ valeur("otv", "contacts-otv", 2017) }}."""
        return rendre_valeur(*lieu(), ident, serie, colonne)

    @env.macro
    def catalogue_indicateurs() -> str:
        """Every data table with its series and charts (for the coordinator's guide)."""
        etat, _page, _url = lieu()
        return rendre_catalogue(etat)

    @env.macro
    def evolution(ident: str, serie: str, de: Any = None, a: Any = None) -> str:
        """A computed evolution, for a sentence: {{ evolution("mediation", "interventions") }}."""
        return rendre_evolution(*lieu(), ident, serie, de, a)
