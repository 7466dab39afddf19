"""What an edition generates from the sources alone: its generated pages and its open-data
files, before the engine has read a single page.

``python -m macros site`` computes the intranet's in the process that loads the sources,
while the engine is imported in the other one (``macros/outils/preparation.py``), and hands
them to that edition's build with the corpus. A build that is given none (the public edition,
``mkdocs serve``, ``make rapport``) computes its own in ``on_config``: the same function, the
same result.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from macros.domaine.corpus import Corpus
from macros.domaine.donnees import Table
from macros.domaine.editions import Edition
from macros.export import csv as donnees_csv
from macros.export import suivi as donnees_suivi
from macros.rendu import bilan, impression, pages, tableau_de_bord
from macros.rendu import observatoire as observatoire_local


@dataclass(frozen=True)
class Generes:
    edition: str  # the edition these were computed for: never given to another one's build
    # docs-relative source path → Markdown (a page) or CSV text (a figure's table)
    pages: dict[str, str | bytes]
    # site path → content: the dashboard's open data (a CSV ``Table`` is written at the end)
    ressources: dict[str, bytes | Table]


def preparer(corpus: Corpus, edition: Edition, aujourdhui: date) -> Generes:
    """The generated pages and files of ``edition``, as its build on ``aujourdhui`` shows them."""
    generees: dict[str, str | Table] = dict(pages.generer(corpus, edition))
    generees.update(tableau_de_bord.pages(corpus, edition, aujourdhui))
    generees.update(impression.pages(corpus, edition))
    generees.update(bilan.pages(corpus, edition, aujourdhui))
    generees.update(observatoire_local.pages(corpus, edition, aujourdhui))
    # The CSV tables of the pages' figures, written in the site's one dialect.
    return Generes(
        edition.nom,
        {src: donnees_csv.fichier(contenu) for src, contenu in generees.items()},
        dict(donnees_suivi.exports(corpus, edition, aujourdhui)),
    )
