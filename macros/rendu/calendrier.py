"""The CLSPD's calendar: planned meetings (``data/reunions.yml``) and held ones (the minutes),
published as iCalendar (RFC 5545) per edition, and listed on the minutes' index.

Why a list in ``data/`` rather than empty minutes with a future date: the coordinator plans
a year of meetings at once (a cellule de veille every month); one short file says it in a
few lines, where twelve empty pages would each be built, indexed and shown as minutes. When
a meeting has taken place, its minute is written as before (``make compte-rendu``); an
entry and a minute of the same date and instance are one event (same UID), so a subscribed
calendar updates the meeting instead of showing it twice.

Edition rule: a meeting's visibility is its own ``visibilite``, else its instance's default
(plenary assembly public; restricted council, cellule de veille, working groups intranet);
a minute's is decided by ``Edition.publie`` on its page. The public file is written from the
filtered list only.

Determinism: no build-time clock. DTSTAMP / LAST-MODIFIED are the last commit date of the
event's source (git), else the meeting's own date; the VTIMEZONE is computed from the time
zone data for a fixed range. Two builds of one commit give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from macros.domaine import fr
from macros.lecture.reunions import FICHIER, FUSEAU, UTC, heure_existe  # noqa: F401 (FICHIER, heure_existe: calendrier.X for callers)

SORTIE = "comptes-rendus/calendrier.ics"  # site path, in both editions


# --- events of one edition -----------------------------------------------------------------


@dataclass
class Evenement:
    """One meeting as published: from a minute, a planned entry, or both (same key)."""

    cle: str  # « 2018-11-29-assemblee-pleniere »: the UID's stable part
    jour: _dt.date
    instance: str
    libelle_instance: str
    titre: str | None = None
    heure: _dt.time | None = None
    fin: _dt.time | None = None
    lieu: str | None = None
    statut: str = "tenue"
    page: str | None = None  # docs-relative source of the published minute
    sources: tuple[str, ...] = ()  # project paths (for DTSTAMP)
    ordre_du_jour: tuple[str, ...] = ()

    @property
    def resume(self) -> str:
        titre = self.titre if self.titre and self.titre != self.libelle_instance else None
        return self.libelle_instance + (f" : {titre}" if titre else "")


def evenements(corpus: Any, edition: Any) -> list[Evenement]:
    """Meetings of the edition, oldest first. Only filtered data goes in (no leak)."""
    par_cle: dict[tuple[object, ...], Evenement] = {}
    for cr in corpus.comptes_rendus:
        src = cr.source.removeprefix("docs/")
        if not edition.publie(src):
            continue
        # The UID does not depend on the file's name: the event announced in reunions.yml
        # keeps its UID once its minute is written, whatever the minute is called.
        cle: tuple[object, ...] = (cr.date, cr.instance)
        nom = f"{cr.date.isoformat()}-{cr.instance}"
        if cle in par_cle:  # two minutes of one instance the same day: told apart by file name
            cle, nom = (cr.date, cr.instance, cr.source), f"{nom}-{Path(cr.source).stem}"
        par_cle[cle] = Evenement(
            nom,
            cr.date,
            cr.instance,
            cr.libelle_instance,
            cr.titre,
            page=src,
            sources=(cr.source,),
            ordre_du_jour=tuple(cr.ordre_du_jour),
        )
    for r in getattr(corpus, "reunions", []):
        if not edition.visible(r.visibilite_effective):
            continue
        cle = (r.date, r.instance)
        ev = par_cle.get(cle)
        if ev is None:
            ev = par_cle[cle] = Evenement(
                f"{r.date.isoformat()}-{r.instance}", r.date, r.instance, r.libelle_instance, r.titre
            )
        ev.titre = ev.titre or r.titre
        ev.heure, ev.fin, ev.lieu, ev.statut = r.heure, r.fin, r.lieu, r.statut
        ev.sources = (*ev.sources, FICHIER)
    return sorted(par_cle.values(), key=lambda e: (e.jour, e.heure or _dt.time(0), e.cle))


def a_venir(evs: list[Evenement], aujourdhui: _dt.date) -> list[Evenement]:
    return [e for e in evs if e.jour >= aujourdhui and e.page is None]


# --- iCalendar -----------------------------------------------------------------------------


def uid(corpus: Any, ev: Evenement) -> str:
    insee = corpus.commune.insee if corpus.commune else "commune"
    return f"clspd-{insee}-{ev.cle}"


def _horodatage(ev: Evenement, dates_git: dict[str, _dt.date]) -> _dt.datetime:
    connues = [dates_git[s] for s in ev.sources if s in dates_git]
    jour = max(connues) if connues else ev.jour
    return _dt.datetime.combine(jour, _dt.time(0), tzinfo=UTC)


def ics(corpus: Any, edition: Any, dates_git: dict[str, _dt.date], url_page: Any = None) -> bytes:
    """The edition's calendar as RFC 5545 text. ``url_page(src)`` gives a minute's absolute
    URL when the site's address is known (``site_url``), else None: iCalendar's URL property
    must be absolute, so without ``site_url`` the events carry no link."""
    import icalendar

    nom = corpus.commune.nom if corpus.commune else "la commune"
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//Ville de {nom}//STSPD et CLSPD//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    intitule = f"Réunions du CLSPD de {nom}" + ("" if edition.est_publique else " (intranet des partenaires)")
    cal.add("x-wr-calname", intitule)
    cal.add("x-wr-timezone", "Europe/Paris")
    evs = evenements(corpus, edition)
    for ev in evs:
        e = icalendar.Event()
        e.add("uid", uid(corpus, ev))
        stamp = _horodatage(ev, dates_git)
        e.add("dtstamp", stamp)
        e.add("last-modified", stamp)
        if ev.heure is None:
            e.add("dtstart", ev.jour)  # a whole day: VALUE=DATE, lasting one day (RFC 5545 3.6.1)
        else:
            e.add("dtstart", _dt.datetime.combine(ev.jour, ev.heure, tzinfo=FUSEAU))
            if ev.fin is not None:
                e.add("dtend", _dt.datetime.combine(ev.jour, ev.fin, tzinfo=FUSEAU))
        e.add("summary", f"CLSPD – {ev.resume}" if "CLSPD" not in ev.resume else ev.resume)
        description = []
        if ev.ordre_du_jour:
            description.append("Ordre du jour : " + " ; ".join(ev.ordre_du_jour))
        lien = url_page(ev.page) if (ev.page and url_page) else None
        if lien:
            e.add("url", lien)
            description.append(f"Compte rendu : {lien}")
        elif ev.page:
            description.append("Compte rendu sur le site de la STSPD, rubrique « Comptes rendus du CLSPD ».")
        if description:
            e.add("description", "\n".join(description))
        if ev.lieu:
            e.add("location", ev.lieu)
        e.add("status", "CANCELLED" if ev.statut == "annulee" else "CONFIRMED")
        cal.add_component(e)
    if any(ev.heure is not None for ev in evs):
        # A fixed range, not "now": the same sources always give the same VTIMEZONE.
        cal.add_missing_timezones(first_date=_dt.date(1970, 1, 1), last_date=_dt.date(2038, 1, 1))
    return cal.to_ical()


# --- on the site ---------------------------------------------------------------------------


def horaire(ev: Evenement) -> str:
    if ev.heure is None:
        return ""
    texte = fr.heure(ev.heure)
    return f"{texte} – {fr.heure(ev.fin)}" if ev.fin else texte


def bloc_a_venir(corpus: Any, edition: Any, aujourdhui: _dt.date, page: str) -> str:
    """« Prochaines réunions » and the « s'abonner » link (HTML inside Markdown)."""
    from markupsafe import escape

    from macros.rendu.fragments import lien_fichier

    evs = a_venir(evenements(corpus, edition), aujourdhui)
    lignes = ['<div class="stspd-calendrier" markdown>', ""]
    if not evs:
        lignes += ["Aucune réunion à venir n'est annoncée pour le moment.", ""]
    else:
        lignes += ['<ul class="stspd-reunions">']
        for ev in evs:
            quand = fr.date(ev.jour) + (f", {horaire(ev)}" if ev.heure else "")
            suite = f" — {escape(ev.lieu)}" if ev.lieu else ""
            etat = ' <strong class="stspd-annulee">(annulée)</strong>' if ev.statut == "annulee" else ""
            lignes.append(
                f'<li><time datetime="{ev.jour.isoformat()}">{escape(quand)}</time> : '
                f"{escape(ev.resume)}{suite}{etat}</li>"
            )
        lignes += ["</ul>", ""]
    lignes += [
        f'<p class="stspd-abonner"><a href="{escape(lien_fichier(page, SORTIE))}" type="text/calendar">'
        "S'abonner au calendrier des réunions</a> (format iCalendar, .ics : à ajouter à "
        "votre agenda par son adresse pour suivre les mises à jour).</p>",
        "",
        "</div>",
    ]
    return "\n".join(lignes)
