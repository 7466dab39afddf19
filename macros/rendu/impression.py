"""The whole strategy as one printable page: introduction, strategy pages, programme, then
each axis followed by its fiches (with their header card), one page break per part and per
fiche, and a table of contents at the top.

Built from the same sources as the site and through the same edition rules: a page, a fiche
or an ``!!! intranet`` block outside the edition never enters it, so the public edition's
print page holds public text only. The browser prints it (or saves it as PDF) with the print
styles of ``docs/assets/stspd.css``: no PDF tool in the build.

The Markdown is still a template for mkdocs-macros: the strategy pages call macros
(``programme_actions``…), which then render for this page and this edition.
"""

from __future__ import annotations

import json
import posixpath
import re

from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.lecture.fichiers import separer_front_matter
from macros.rendu.fiche import page_fiche
from macros.rendu.fragments import Contexte, src_fiche, texte

PAGE = "imprimer/index.md"
TITRE = "Version imprimable de la stratégie"  # the tab and the menu


def _commune(corpus: Corpus) -> tuple[str, str]:
    """(commune's name, « 2019–2021 ») from the profile; neutral words without one."""
    c = corpus.commune
    if c is None:
        return "la commune", ""
    return c.nom, f"{c.strategie.debut}–{c.strategie.fin}"


def titre_document(corpus: Corpus) -> str:
    """The first line of the printed document (plain text)."""
    nom, periode = _commune(corpus)
    return f"Stratégie Territoriale de Sécurité et de Prévention de la Délinquance de {nom} {periode}".rstrip()


CLASSE_SAUT = "stspd-saut-de-page"

# The strategy pages in the document's order (as in the menu). A page added under
# docs/strategie/ later is printed too, after these, so that nothing is left out.
STRATEGIE = "strategie/"
AVANT_LES_AXES = [
    f"{STRATEGIE}{nom}.md"
    for nom in ("introduction", "cadre", "gouvernance", "bilan", "problematiques", "axes", "signataires", "programme")
]

_TITRE_1 = re.compile(r"^# +(?P<titre>.+?)\s*#*\s*$")
_TITRE = re.compile(r"^(?P<dieses>#{1,5}) ")
_CLOTURE = re.compile(r"^\s*(```|~~~)")
# Inline links and images: ](cible "titre") — the target is rewritten, the rest kept.
_LIEN = re.compile(r"\]\((?P<cible>[^)\s]+)(?P<reste>(?:\s+\"[^\"]*\")?\))")


def pages(corpus: Corpus, edition: Edition) -> dict[str, str]:
    """Source path → Markdown of the print page of the edition."""
    return {PAGE: page_imprimable(corpus, edition)}


def page_imprimable(corpus: Corpus, edition: Edition) -> str:
    ctx = Contexte(corpus, PAGE, edition.publie)
    nom, periode = _commune(corpus)
    sommaire: list[str] = []
    corps: list[str] = []

    def partie(src: str, ancre: str, niveau_sommaire: int = 0) -> None:
        titre, md = _lire_page(corpus, src)
        md = _reloger(edition.preparer_markdown(md), src, PAGE)
        sommaire.append(f"{'    ' * niveau_sommaire}- [{titre}](#{ancre})")
        corps.append(f"## {titre} {{: #{ancre} .{CLASSE_SAUT} }}\n\n{_descendre(md)}\n")

    strategie = [s for s in AVANT_LES_AXES if s in corpus.pages]
    strategie += sorted(s for s in corpus.pages if s.startswith(STRATEGIE) and s not in AVANT_LES_AXES)
    for src in strategie:
        if edition.publie(src):
            partie(src, _ancre(src))

    for axe in sorted(corpus.axes.values(), key=lambda a: a.numero):
        if axe.page in corpus.pages and edition.publie(axe.page):
            partie(axe.page, f"axe-{axe.numero}")
        for f in corpus.fiches_axe(axe.numero):
            if not edition.publie(src_fiche(f)):
                continue
            titre = _titre(f"Fiche {f.id} : {f.titre}")
            ancre = "fiche-" + f.id.replace(".", "-")
            sommaire.append(f"    - [{titre}](#{ancre})")

            def preparer(m: str, src: str = src_fiche(f)) -> str:
                return _descendre(_reloger(edition.preparer_markdown(m), src, PAGE))

            md = page_fiche(ctx, f, f.corps, edition, None, imprimable=True, preparer=preparer)
            corps.append(f"## {titre} {{: #{ancre} .{CLASSE_SAUT} .stspd-impression-fiche }}\n\n{md}\n")

    entete = (
        "---\n"
        f"title: {TITRE}\n"
        "hide: [toc]\n"  # the page has its own table of contents
        "search:\n  exclude: true\n"  # every text is already found on its own page
        # Front matter is raw text (overrides/main.html escapes it): quoted for YAML only.
        "description: "
        + json.dumps(
            "La Stratégie Territoriale de Sécurité et de Prévention de la Délinquance "
            f"{periode + ' ' if periode else ''}de {nom} en un seul document, de l'introduction à la dernière "
            "fiche-action, à imprimer ou à enregistrer en PDF.",
            ensure_ascii=False,
        )
        + "\n"
        "---\n\n"
    )
    introduction = (
        f"# {texte(titre_document(corpus))}\n\n"
        f"Ville de {texte(nom)} — Conseil Local de Sécurité et de Prévention de la Délinquance "
        "(CLSPD). Le document entier, de l'introduction aux fiches-actions ; à l'impression, "
        "chaque partie et chaque fiche commence sur une nouvelle page.\n\n"
        "<p class=\"stspd-ecran-seulement\">Pour l'imprimer ou l'enregistrer en PDF, utilisez la "
        "commande « Imprimer » de votre navigateur (Ctrl+P, ou ⌘+P sur Mac). "
        '<button type="button" class="md-button" data-stspd-imprimer>Imprimer ce document</button></p>\n\n'
        "## Sommaire {: #sommaire }\n\n"
    )
    # Charts are lazy-loaded images: a browser prints a lazy image that was never scrolled to
    # as a blank box. On a page with a print button, docs/assets/imprimer.js loads them at
    # once, so Ctrl+P prints them all (a file: the CSP allows no inline script).
    return entete + introduction + "\n".join(sommaire) + "\n\n" + "\n".join(corps) + "\n"


def _titre(valeur: str) -> str:
    """A heading's text: escaped like any YAML value (``render.texte``, quotes kept as typed)."""
    return texte(valeur)


def _lire_page(corpus: Corpus, src: str) -> tuple[str, str]:
    """(title, body without its title) of a docs page; the title is its first ``# `` line."""
    brut = (corpus.racine / "docs" / src).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    _, md, _ = separer_front_matter(brut)
    lignes = md.split("\n")
    for i, ligne in enumerate(lignes):
        m = _TITRE_1.match(ligne)
        if m:
            return m["titre"], "\n".join(lignes[:i] + lignes[i + 1 :])
    return posixpath.splitext(posixpath.basename(src))[0].capitalize(), md


def _ancre(src: str) -> str:
    return posixpath.splitext(src)[0].replace("/", "-")


def _descendre(markdown: str) -> str:
    """One heading level down (# → ##), outside code blocks: the page keeps a single h1."""
    out, en_code = [], False
    for ligne in markdown.split("\n"):
        if _CLOTURE.match(ligne):
            en_code = not en_code
        elif not en_code and _TITRE.match(ligne):
            ligne = "#" + ligne
        out.append(ligne)
    return "\n".join(out)


def _reloger(markdown: str, depuis: str, vers: str) -> str:
    """Relative links and images written for page ``depuis``, made valid from page ``vers``."""

    def remplacer(m: re.Match) -> str:
        cible = m["cible"]
        if cible.startswith(("#", "/")) or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", cible):
            return m.group(0)
        chemin, diese, ancre = cible.partition("#")
        absolu = posixpath.normpath(posixpath.join(posixpath.dirname(depuis), chemin))
        nouveau = posixpath.relpath(absolu, posixpath.dirname(vers) or ".")
        return f"]({nouveau}{diese}{ancre}{m['reste']}"

    return _LIEN.sub(remplacer, markdown)
