"""« Quoi de neuf » : the dated items of the site (journal entries of fiches, minutes, …),
newest first, for the home page, the page ``quoi-de-neuf/index.md``, the Atom feed
(``flux.py``) — one list per edition.

Extending: one function per kind of item, registered with ``@source(genre, libelle)`` and
called as ``fonction(corpus, edition, aujourdhui)``. It returns every item of its kind with
its own ``visibilite`` and the docs-relative source path of the page it links to; ``lister``
keeps those the edition shows (``Edition.visible`` for the item, ``Edition.publie`` for its
page), so a new kind cannot leak by forgetting a filter. (The edition is passed for kinds
whose pages exist per edition, like the annual reports.) Kinds today: minutes, journal
entries, annual reports, imported editions of the official figures (``data/ssmsi/``);
indicator tables (``data/indicateurs/``) carry no date, so they give no item.

No MkDocs here; ``publier`` is called from ``hooks.on_config``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from macros.domaine import fr
from macros.rendu.calendrier import SORTIE
from macros.rendu.fragments import Contexte, lien, lien_fichier, src_fiche, texte, titre_compte_rendu

PAGE = "quoi-de-neuf/index.md"
FLUX = "quoi-de-neuf/atom.xml"  # site path, in both editions
SUR_L_ACCUEIL = 5


@dataclass(frozen=True)
class Actualite:
    """One dated item. Texts are plain (unescaped): each output escapes them once."""

    jour: _dt.date  # for sorting and the feed's dates
    date_affichee: str  # French: « 29 novembre 2018 », « juillet 2013 », « 2015 »
    genre: str  # key of SOURCES
    titre: str
    resume: str
    page: str  # docs-relative source path of the page the item links to
    cle: str  # stable identity (the feed's entry id is derived from it)
    ancre: str = ""  # « suivi-journal »
    visibilite: str = "public"

    @classmethod
    def du_jour(
        cls, jour: _dt.date, genre: str, ident: str, titre: str, resume: str, page: str, **autres: Any
    ) -> Actualite:
        """An item of one day, shown as « 29 novembre 2018 », whose key is « genre:ident »."""
        return cls(jour, fr.date(jour), genre, titre, resume, page, f"{genre}:{ident}", **autres)


Source = Callable[[Any, Any, _dt.date], Iterable[Actualite]]
SOURCES: dict[str, tuple[str, Source]] = {}  # genre → (label shown, function)


def source(genre: str, libelle: str) -> Callable[[Source], Source]:
    """Register the function giving every item of one kind (see the module docstring)."""

    def enregistrer(fonction: Source) -> Source:
        SOURCES[genre] = (libelle, fonction)
        return fonction

    return enregistrer


@source("compte-rendu", "Compte rendu")
def comptes_rendus(corpus: Any, edition: Any, aujourdhui: _dt.date) -> Iterable[Actualite]:
    for cr in corpus.comptes_rendus:
        titre = titre_compte_rendu(cr) + (f" : {cr.titre}" if cr.titre and cr.titre != cr.libelle_instance else "")
        resume = " ; ".join(cr.decisions or cr.ordre_du_jour) or titre
        page = cr.source.removeprefix("docs/")
        yield Actualite.du_jour(
            cr.date, "compte-rendu", cr.source, titre, resume, page, visibilite=cr.visibilite_effective
        )


@source("journal", "Journal de suivi")
def entrees_journal(corpus: Any, edition: Any, aujourdhui: _dt.date) -> Iterable[Actualite]:
    for f in corpus.fiches:
        for e in f.suivi:
            yield Actualite(
                jour=e.date.fin,  # the journal's own order (suivi_calcul.journal): end of the period
                date_affichee=fr.date_partielle(e.date.debut, e.date.precision),
                genre="journal",
                titre=f"Fiche {f.id} : {f.titre}",
                resume=e.texte,
                page=src_fiche(f),
                ancre="suivi-journal",
                visibilite=e.visibilite,
                cle=f"journal:{f.id}:{e.date}:{e.texte}",
            )


@source("bilan", "Bilan annuel")
def bilans(corpus: Any, edition: Any, aujourdhui: _dt.date) -> Iterable[Actualite]:
    """The annual reports of the edition (``suivi/bilan-AAAA/``). A past year's report is
    dated 31 December, the day it describes; the current year's by its newest entry, not
    by the build date (the feed would otherwise change every day)."""
    from macros.domaine import bilan as bilan_calcul
    from macros.rendu import avancement, bilan

    fiches = avancement.fiches_edition(corpus, edition)
    for annee in bilan.annees(corpus, edition, aujourdhui):
        jour = _dt.date(annee, 12, 31)
        if jour > aujourdhui:
            jour = max(
                (
                    min(e.date.fin, aujourdhui)
                    for f in fiches
                    for e in bilan_calcul.entrees_annee(f, annee, edition.visible)
                ),
                default=aujourdhui,
            )
        en_cours = " (année en cours)" if annee == aujourdhui.year and jour < _dt.date(annee, 12, 31) else ""
        titre = f"Bilan annuel {annee} de la stratégie{en_cours}"
        resume = f"Avancement des fiches-actions, journal et indicateurs de l'année {annee}."
        yield Actualite.du_jour(jour, "bilan", str(annee), titre, resume, bilan_calcul.src_bilan(annee))


@source("donnees", "Données")
def chiffres_officiels(corpus: Any, edition: Any, aujourdhui: _dt.date) -> Iterable[Actualite]:
    """An imported edition of the official crime figures (``data/ssmsi/``), dated by the
    edition's own « produit le » date, not by the day it was imported."""
    donnees = getattr(corpus, "ssmsi", None)
    if donnees is None:
        return
    from macros.rendu.ssmsi import PAGE as PAGE_SSMSI

    par_jour: dict[_dt.date, list[tuple[str, Any]]] = {}
    for niveau, f in (("la commune", donnees.commune), ("le département", donnees.departement)):
        if f is not None:
            par_jour.setdefault(f.source.edition, []).append((niveau, f))
    for jour, fichiers in sorted(par_jour.items()):
        annees = sorted({a for _, f in fichiers for a in f.annees})
        periode = f"{annees[0]}–{annees[-1]}" if len(annees) > 1 else "".join(map(str, annees))
        titre = f"Chiffres officiels de la délinquance (SSMSI), édition du {fr.date(jour)}"
        resume = f"Séries {periode} pour {fr.liste([n for n, _ in fichiers])}."
        yield Actualite.du_jour(jour, "donnees", f"ssmsi:{jour.isoformat()}", titre, resume, PAGE_SSMSI)


def lister(corpus: Any, edition: Any, aujourdhui: _dt.date | None = None) -> list[Actualite]:
    """Every item of the edition, newest first; on one day, kinds in the order they were
    registered (a minute before the journal entries it gave rise to), then page, identity."""
    jour = aujourdhui or _dt.date.today()
    ordre = {g: i for i, g in enumerate(SOURCES)}
    items = [
        a
        for _, fonction in SOURCES.values()
        for a in fonction(corpus, edition, jour)
        if edition.visible(a.visibilite) and edition.publie(a.page)
    ]
    return sorted(items, key=lambda a: (-a.jour.toordinal(), ordre[a.genre], a.page, a.cle))


# --- links ---------------------------------------------------------------------------------


def _ligne(ctx: Contexte, a: Actualite, avec_resume: bool) -> str:
    cible = lien(ctx.page, a.page) + (f"#{a.ancre}" if a.ancre else "")
    libelle = SOURCES[a.genre][0]
    marque = ' <span class="stspd-marque-intranet">Intranet</span>' if a.visibilite == "intranet" else ""
    ligne = (
        f'- <time datetime="{a.jour.isoformat()}">{texte(a.date_affichee)}</time>{marque} · {texte(libelle)} · '
        f"[{texte(a.titre)}]({cible})"
    )
    if avec_resume and a.resume != a.titre:
        ligne += f"  \n  {texte(a.resume)}"
    return ligne


def liens_abonnement(page: str) -> str:
    return (
        f'<a href="{escape(lien_fichier(page, FLUX))}" type="application/atom+xml">S\'abonner au flux '
        f'Atom des nouveautés</a> · <a href="{escape(lien_fichier(page, SORTIE))}" type="text/calendar">'
        "S'abonner au calendrier des réunions du CLSPD (.ics)</a>"
    )


def bloc_accueil(ctx: Contexte, items: list[Actualite], nombre: int = SUR_L_ACCUEIL) -> str:
    """The « Quoi de neuf » block of the home page: the latest items, dated, with links."""
    lignes = ['<div class="stspd-quoi-de-neuf" markdown>', ""]
    if not items:
        lignes += ["Aucune nouveauté publiée pour le moment.", ""]
    lignes += [_ligne(ctx, a, avec_resume=False) for a in items[:nombre]]
    lignes += ["", f"[Toutes les nouveautés]({lien(ctx.page, PAGE)}) · {liens_abonnement(ctx.page)}", "", "</div>"]
    return "\n".join(lignes)


def page(corpus: Any, edition: Any, items: list[Actualite]) -> str:
    """The generated page listing every item of the edition, by year."""
    ctx = Contexte(corpus, PAGE, edition.publie)
    # Out of the search index: it repeats texts whose own pages (fiche, minute) should be
    # the results, and would push them down the list.
    lignes = [
        "---\nrender_macros: false\nsearch:\n  exclude: true\n---\n",
        "# Quoi de neuf",
        "",
        "Les dernières nouvelles de la stratégie, les plus récentes d'abord : entrées du journal "
        "de suivi des fiches-actions, comptes rendus du CLSPD et bilans annuels.",
        "",
        liens_abonnement(PAGE) + ".",
        "",
    ]
    if not items:
        lignes += ["Aucune nouveauté publiée pour le moment.", ""]
    for annee in sorted({a.jour.year for a in items}, reverse=True):
        lignes += [f"## {annee}", ""]
        lignes += [_ligne(ctx, a, avec_resume=True) for a in items if a.jour.year == annee]
        lignes.append("")
    return "\n".join(lignes)
