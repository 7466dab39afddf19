"""The site navigation: the hand-written skeleton of mkdocs.yml, with each axis page
expanded into a section holding its fiches (generated from the fiches, never typed), and
every page outside the edition pruned.

Every title of the navigation is HTML-escaped here, once: Material prints navigation titles
(and a page's title, which MkDocs takes from its navigation entry) without escaping, in the
menu of every page, the header, the footer links and the search index. Titles from
mkdocs.yml go through the same escaping, so a « & » written there shows as « & »."""

from __future__ import annotations

from typing import Any

from markupsafe import escape

from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.rendu.fragments import src_fiche


def construire(nav: list | None, corpus: Corpus, edition: Edition) -> list | None:
    if nav is None:
        return None
    pages_axes = {axe.page: axe for axe in corpus.axes.values()}
    return _elaguer(nav, corpus, edition, pages_axes)


def _titre(texte: str) -> str:
    return str(escape(texte))


def _elaguer(items: list, corpus: Corpus, edition: Edition, pages_axes: dict) -> list:
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            titre, valeur = None, item
        elif isinstance(item, dict) and len(item) == 1:
            titre, valeur = next(iter(item.items()))
        else:
            out.append(item)
            continue
        if isinstance(valeur, list):
            enfants: list[Any] = _elaguer(valeur, corpus, edition, pages_axes)
            if enfants:
                out.append({_titre(titre): enfants} if titre else enfants)
            continue
        if not isinstance(valeur, str) or "://" in valeur:
            out.append({_titre(titre): valeur} if titre and isinstance(valeur, str) else item)
            continue
        if not edition.publie(valeur):
            continue
        if valeur in pages_axes:
            axe = pages_axes[valeur]
            enfants = [{_titre(f"Présentation de l'axe {axe.numero}"): valeur}]
            for f in corpus.fiches_axe(axe.numero):
                if edition.publie(src_fiche(f)):
                    enfants.append({_titre(f"{f.id} – {f.titre}"): src_fiche(f)})
            out.append({_titre(titre or f"Axe {axe.numero}"): enfants})
            continue
        out.append({_titre(titre): valeur} if titre else item)
    return out
