"""One fiche-action page, assembled in one place for the site (``moteur/enregistrement``,
after mkdocs-macros) and for the print view (``impression``): header card, the fiche's text
with its « Échéance » section, and on screen the progress section and the minutes that cite
it. No MkDocs here.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche
from macros.rendu import ssmsi, suivi
from macros.rendu.fragments import Contexte, comptes_rendus_fiche, entete_fiche, inserer_echeance, texte


def page_fiche(
    ctx: Contexte,
    fiche: Fiche,
    corps: str,
    edition: Edition,
    aujourdhui: _dt.date | None,
    imprimable: bool = False,
    preparer: Callable[[str], str] | None = None,
) -> str:
    """The Markdown of the fiche's page from its body ``corps`` (``aujourdhui``: the build
    date, for the progress items; unused by the print view).

    ``imprimable``: the print view's part, under a heading the print page writes itself: the
    header card without the progress items, and the text only (the print page is the
    strategy as written). ``preparer`` turns the body with its « Échéance » section into what
    the page holds (the print view applies the edition and re-roots its links)."""
    md = inserer_echeance(corps, fiche)
    if preparer is not None:
        md = preparer(md)
    if imprimable:
        return entete_fiche(ctx, fiche) + "\n" + md
    assert aujourdhui is not None, "the site's fiche page shows progress at the build date"
    extra = suivi.entete(ctx, fiche, edition, aujourdhui) + ssmsi.entete_fiche(ctx, fiche)
    return (
        f"# Fiche {fiche.id} : {texte(fiche.titre)}\n\n"
        + entete_fiche(ctx, fiche, extra)
        + "\n"
        + md
        + "\n\n"
        + suivi.section(ctx, fiche, edition, aujourdhui)
        + "\n\n"
        + comptes_rendus_fiche(ctx, fiche)
    )
