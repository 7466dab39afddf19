"""The Atom feed (RFC 4287) of « Quoi de neuf », one per edition, written with feedgen.

Deterministic: feedgen stamps ``updated`` with the clock when it is not given; here every
date is given (an item's ``updated`` is its own date, the feed's is the newest item's), and
feedgen's generator element names a fixed version. Two builds of one commit give the same
bytes.

Links: the commune's address is not known yet (``mkdocs.yml`` has no ``site_url``). Without
it the feed's links are relative to the feed's own address (``../fiches/…/``), which
RFC 4287 (§ 4.2.7, RFC 3986 § 5.1.3) resolves against the document's URI: no ``xml:base``
needed, and the feed stays right wherever the site is served. Once ``site_url`` is set, every
link is absolute (better for readers that store entries away from the feed). Entry ids never
depend on the address: ``urn:uuid:`` derived from each item's stable identity.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from macros.rendu import actualites, calendrier
from macros.rendu.actualites import FLUX, SOURCES, Actualite
from macros.rendu.fragments import relatif, url_site

PARIS = ZoneInfo("Europe/Paris")
MAXIMUM = 50  # entries in the feed: a reader keeps what it has already seen


def _identifiant(corpus: Any, cle: str) -> str:
    insee = corpus.commune.insee if corpus.commune else "commune"
    return uuid.uuid5(uuid.NAMESPACE_URL, f"stspd:{insee}:{cle}").urn


def _moment(jour: _dt.date) -> _dt.datetime:
    # Items are known to the day: noon in Paris keeps that day in any reader within ±11 h.
    return _dt.datetime.combine(jour, _dt.time(12), tzinfo=PARIS)


def atom(
    corpus: Any, edition: Any, items: list[Actualite], nom_site: str, site_url: str | None, dossiers: bool = True
) -> bytes:
    from feedgen.feed import FeedGenerator

    dossier_flux = FLUX.rsplit("/", 1)[0] + "/"

    def adresse(chemin: str) -> str:
        if site_url:
            return site_url.rstrip("/") + "/" + chemin
        return relatif(dossier_flux, chemin)

    nom = corpus.commune.nom if corpus.commune else "la commune"
    fg = FeedGenerator()
    fg.id(_identifiant(corpus, f"flux:{edition.nom}"))
    fg.title(f"Quoi de neuf — {nom_site}")
    fg.subtitle(
        "Journal de suivi des fiches-actions, comptes rendus du CLSPD et bilans annuels"
        + ("" if edition.est_publique else " (intranet des partenaires : ne pas diffuser)")
    )
    fg.author({"name": f"Ville de {nom}"})
    fg.language("fr")
    fg.link(href=adresse(FLUX), rel="self", type="application/atom+xml")
    fg.link(href=adresse(url_site("quoi-de-neuf/index.md", dossiers)), rel="alternate", type="text/html")
    fg.generator("python-feedgen", version="1.0.0")  # no uri: the same line whatever feedgen says
    # Atom requires <updated>: the newest item's date; with no item, the strategy's start.
    debut = _dt.date(corpus.commune.strategie.debut, 1, 1) if corpus.commune else _dt.date(2000, 1, 1)
    fg.updated(_moment(items[0].jour if items else debut))
    for a in items[:MAXIMUM]:
        fe = fg.add_entry(order="append")
        fe.id(_identifiant(corpus, a.cle))
        fe.title(f"{SOURCES[a.genre][0]} — {a.titre}")
        cible = url_site(a.page, dossiers) + (f"#{a.ancre}" if a.ancre else "")
        fe.link(href=adresse(cible), rel="alternate", type="text/html")
        fe.summary(f"{a.date_affichee} : {a.resume}")
        fe.updated(_moment(a.jour))
        fe.published(_moment(a.jour))
        fe.category(term=a.genre, label=SOURCES[a.genre][0])
    return fg.atom_str(pretty=True, encoding="UTF-8")


def publier(e: Any, nom_site: str, site_url: str | None, dossiers: bool = True) -> None:
    """Add the page, the feed and the calendar of the edition to the build state."""
    items = actualites.lister(e.corpus, e.edition, e.aujourdhui)
    e.pages_generees[actualites.PAGE] = actualites.page(e.corpus, e.edition, items)
    e.ressources[actualites.FLUX] = atom(e.corpus, e.edition, items, nom_site, site_url, dossiers)
    absolue = (lambda src: site_url.rstrip("/") + "/" + url_site(src, dossiers)) if site_url else None
    e.ressources[calendrier.SORTIE] = calendrier.ics(e.corpus, e.edition, e.dates_git, absolue)
