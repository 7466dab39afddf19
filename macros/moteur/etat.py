"""The thin layer between the domain (load, render, editions, …) and MkDocs.

Both MkDocs entry points use it: ``hooks.py`` (MkDocs events) and ``__init__.py``
(mkdocs-macros' ``define_env``). A move to another engine rewrites this file, ``hooks.py``
and ``__init__.py`` only.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from macros.domaine import horloge
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import Table
from macros.domaine.editions import Edition
from macros.domaine.modele import CompteRendu, Fiche
from macros.export.generes import Generes
from macros.lecture.erreurs import ErreurSite, SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.rendu import fragments as render


@dataclass
class Etat:
    """Everything one build needs, computed once in ``on_config``."""

    corpus: Corpus
    edition: Edition
    site_dir: Path
    aujourdhui: date = field(default_factory=date.today)  # the build date (STSPD_DATE overrides)
    pages_generees: dict[str, str | bytes] = field(default_factory=dict)  # src path → Markdown, SVG or CSV text
    # site path → content (charts, CSV); a CSV ``Table`` is written at the end (export/csv.py)
    ressources: dict[str, bytes | Table] = field(default_factory=dict)
    dates_git: dict[str, date] = field(default_factory=dict)  # project path → last commit date
    # The generated pages and files, when computed with the corpus before the build (export/generes.py)
    generes: Generes | None = None
    # Page → fiche / minute, built on first use: every page asks, a scan per page is quadratic.
    _fiches_par_page: dict[str, Fiche] | None = field(default=None, init=False, repr=False, compare=False)
    _cr_par_page: dict[str, CompteRendu] | None = field(default=None, init=False, repr=False, compare=False)

    def derniere_modification(self, src: str) -> date | None:
        """Last commit date of the source of the page ``src`` (None: generated, or no git)."""
        fiche = self.fiche_de_page(src)
        return self.dates_git.get(fiche.source if fiche else f"docs/{src}")

    def source_de_page(self, src: str) -> str | None:
        """Project path of the file the page ``src`` is written in: ``fiches/<slug>.md`` for
        a fiche, ``docs/<src>`` for a page of docs/, None for a page generated from the data
        (actors, dashboard, reports…), which has no file of its own to edit."""
        fiche = self.fiche_de_page(src)
        if fiche is not None:
            return fiche.source
        if src in self.pages_generees:
            return None
        return f"docs/{src}"

    def fiche_de_page(self, src: str) -> Fiche | None:
        """The fiche shown by the page ``src`` (docs-relative source path), if any."""
        if self._fiches_par_page is None:
            self._fiches_par_page = {}
            for f in self.corpus.fiches:
                self._fiches_par_page.setdefault(render.src_fiche(f), f)
        return self._fiches_par_page.get(src)

    def compte_rendu_de_page(self, src: str) -> CompteRendu | None:
        """The minute shown by the page ``src`` (docs-relative source path), if any."""
        if self._cr_par_page is None:
            self._cr_par_page = {}
            for cr in self.corpus.comptes_rendus:
                self._cr_par_page.setdefault(cr.source, cr)
        return self._cr_par_page.get(f"docs/{src}")


_ETATS: dict[int, Etat] = {}
# The corpus ``python -m macros site`` loaded and validated before building the editions
# (macros/moteur/construction.py): each edition's build uses it instead of loading it again.
_FOURNI: tuple[Corpus, date, Generes | None] | None = None


def fournir(corpus: Corpus | None, aujourdhui: date | None = None, generes: Generes | None = None) -> None:
    """Hand over an already loaded corpus (and the date it was judged with, and what the
    edition generates from it if already computed) to the next builds of this process;
    ``None``: each build loads the sources itself (``mkdocs serve``)."""
    global _FOURNI
    _FOURNI = None if corpus is None else (corpus, aujourdhui or date_du_build(), generes)


def racine(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def etat(config: Any) -> Etat:
    """The build state for this config, created on first use (one load per build)."""
    cle = id(config)
    if cle not in _ETATS:
        _ETATS.clear()  # `mkdocs serve` builds again with a new config: forget the old one
        nom = (config.get("extra") or {}).get("edition", "public")
        generes = None
        if _FOURNI is not None:
            corpus, aujourdhui, generes = _FOURNI
        else:
            aujourdhui = date_du_build()
            try:
                corpus = charger_corpus(racine(config), aujourdhui)  # the gate judges with the build's date
            except SourcesInvalides as exc:
                raise ErreurSite(exc.rapport()) from None
        try:
            edition = Edition(nom, corpus)
        except ValueError as exc:
            raise ErreurSite(str(exc)) from None
        if generes is not None and generes.edition != edition.nom:
            generes = None  # another edition's pages (intranet ones, maybe): this build makes its own
        _ETATS[cle] = Etat(corpus, edition, Path(config["site_dir"]), aujourdhui, generes=generes)
    return _ETATS[cle]


def date_du_build() -> date:
    """Today, or STSPD_DATE=AAAA-MM-JJ (defined in ``horloge``, shared with the loader)."""
    try:
        return horloge.date_du_build()
    except horloge.DateBuildInvalide as exc:
        raise ErreurSite(str(exc)) from None


def contexte(e: Etat, page_src: str) -> render.Contexte:
    return render.Contexte(e.corpus, page_src, e.edition.publie)


# An inline Markdown link or image to a relative path (a page or any other file), with an
# optional anchor and title. Absolute URLs, anchors alone and mail links are left alone.
_LIEN = re.compile(
    r"(?P<image>!?)\[(?P<texte>[^\]]*)\]\((?P<cible>(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)[^)\s#?]+)"
    r"(?P<ancre>[#?][^)\s]*)?(?:\s+\"[^\"]*\")?\)"
)


def delier_non_publie(markdown: str, e: Etat, page_src: str) -> str:
    """Turn links to pages and files outside the edition into their plain label.

    The label was written on the public page itself, so it is public; the target's title
    never appears. An image of an intranet folder is replaced by its alternative text. Keeps
    ``--strict`` happy (no link to a missing page).
    """
    if not e.edition.est_publique:
        return markdown

    def remplacer(m: re.Match) -> str:
        cible = posixpath.normpath(posixpath.join(posixpath.dirname(page_src), m["cible"]))
        return m.group(0) if e.edition.publie(cible) else m["texte"]

    return _LIEN.sub(remplacer, markdown)
