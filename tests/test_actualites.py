"""« Quoi de neuf », the Atom feeds and the CLSPD's calendar (issue 15, items 2–4).

One build of a copy of the project for the whole module, seeded with FAKE data (test only,
labelled as such): planned meetings in data/reunions.yml, a public journal entry written to
test escaping, and intranet sentinels (a journal entry, a meeting, a minute) that must
never reach a public file and must reach the intranet's feed, calendar and page. The feed is
read with feedparser, the calendar with icalendar, the home page in Chromium.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
import shutil
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
from conftest import copier_projet, lancer, sans_trace
from helpers import check, macros
from navigateur_util import JournalReseau, serveur

from macros.domaine.editions import Edition
from macros.export import flux
from macros.lecture import reunions
from macros.lecture.erreurs import Collecteur
from macros.lecture.sources import charger_corpus
from macros.rendu import actualites, calendrier, fragments

# The session's Chromium (one Playwright per worker process: a second one in the same thread
# fails once another browser file ran first on that worker).
pytest_plugins = ["navigateur_plugin"]

# STSPD_DATE of the build: after the fake journal entries (a journal entry may not be later
# than the build date), before the fake 2030 meetings, which are « à venir ».
JOUR_DU_BUILD = "2030-02-01"
JOUR = dt.date.fromisoformat(JOUR_DU_BUILD)

# Intranet-only sentinels (fake).
SENTINELLES = {
    "journal": "SENTINELLE-JOURNAL-QDN-71c2",
    "reunion": "SENTINELLE-REUNION-QDN-3e8a",
    "compte_rendu": "SENTINELLE-CR-QDN-b45d",
}
# A FAKE public journal entry whose text needs escaping on every route.
TEXTE_PIEGE = "Essai factice <em>pas du HTML</em> & « guillemets » *pas d'italique*"

REUNIONS_FACTICES = f"""\
# FAUX : réunions inventées pour les tests, jamais dans les vraies sources.
reunions:
  - date: 2030-03-18
    instance: assemblee-pleniere
    heure: "18:00"
    fin: "20h00"
    titre: Réunion factice publique
    lieu: Salle factice
  - date: 2030-04-02
    instance: conseil-restreint
    titre: {SENTINELLES["reunion"]}
  - date: 2030-05-06
    instance: assemblee-pleniere
    titre: Réunion factice annulée
    statut: annulee
  - date: 2013-03-20
    instance: assemblee-pleniere
    heure: 9:30
    statut: tenue
"""


def semer(projet: Path) -> None:
    s = SENTINELLES
    (projet / "data/reunions.yml").write_text(REUNIONS_FACTICES, encoding="utf-8")
    (projet / "docs/comptes-rendus/2020-01-15-cellule-de-veille.md").write_text(
        "---\n"
        "date: 2020-01-15\n"
        "instance: cellule-de-veille\n"
        f"titre: Réunion factice {s['compte_rendu']}\n"
        "---\n\n"
        "# Cellule de veille du 15 janvier 2020\n\nCompte rendu factice.\n",
        encoding="utf-8",
    )
    fiche = projet / "fiches/1.07-videosurveillance.md"
    texte = fiche.read_text(encoding="utf-8")
    assert "\nsuivi:\n" in texte, "la fiche 1.7 n'a plus de journal : adapter le test"
    fiche.write_text(
        texte.replace(
            "\nsuivi:\n",
            "\nsuivi:\n"
            "  - date: 2030-01-02\n"
            f"    texte: {json.dumps(TEXTE_PIEGE, ensure_ascii=False)}\n"
            "  - date: 2029-12-01\n"
            f"    texte: Entrée factice {s['journal']}\n"
            "    visibilite: intranet\n",
            1,
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def projet(tmp_path_factory) -> Path:
    p = copier_projet(tmp_path_factory.mktemp("actualites") / "projet")
    semer(p)
    return p


@pytest.fixture(scope="module")
def corpus(projet):
    return charger_corpus(projet, JOUR)


@pytest.fixture(scope="module")
def sites(projet) -> dict[str, Path]:
    sortie = projet.parent / "site"
    proc = lancer(
        "-m", "macros", "--racine", str(projet), "site", "--sortie", str(sortie), env={"STSPD_DATE": JOUR_DU_BUILD}
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"public": sortie / "public", "intranet": sortie / "intranet"}


def _flux(site: Path):
    return feedparser.parse((site / actualites.FLUX).read_bytes())


def _calendrier(site: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / calendrier.SORTIE).read_bytes())


def _evenements(site: Path) -> dict[str, icalendar.Event]:
    return {str(e["uid"]): e for e in _calendrier(site).walk("VEVENT")}


# --- links -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("src", "attendu"),
    [
        ("index.md", ""),
        ("quoi-de-neuf/index.md", "quoi-de-neuf/"),
        ("fiches/1.07-videosurveillance.md", "fiches/1.07-videosurveillance/"),
    ],
)
def test_site_path_of_a_page(src, attendu):
    assert fragments.url_site(src) == attendu


@pytest.mark.parametrize(
    ("depuis", "cible", "attendu"),
    [
        ("quoi-de-neuf/", "fiches/x/", "../fiches/x/"),
        ("quoi-de-neuf/", "", "../"),
        ("", "quoi-de-neuf/atom.xml", "quoi-de-neuf/atom.xml"),
        ("comptes-rendus/", "comptes-rendus/calendrier.ics", "calendrier.ics"),
    ],
)
def test_relative_link_keeps_folders(depuis, cible, attendu):
    assert fragments.relatif(depuis, cible) == attendu


# --- the list of items ---------------------------------------------------------------------


def test_items_are_newest_first_and_public_edition_keeps_public_items_only(corpus):
    public = actualites.lister(corpus, Edition("public", corpus), JOUR)
    intranet = actualites.lister(corpus, Edition("intranet", corpus), JOUR)
    jours = [a.jour for a in public]
    assert jours == sorted(jours, reverse=True)
    assert public[0].resume == TEXTE_PIEGE  # the newest (fake) entry, text untouched
    tout_public = " ".join(a.titre + a.resume for a in public)
    tout_intranet = " ".join(a.titre + a.resume for a in intranet)
    for nom in ("journal", "compte_rendu"):
        assert SENTINELLES[nom] not in tout_public
        assert SENTINELLES[nom] in tout_intranet
    assert {a.genre for a in public} == {"journal", "compte-rendu", "bilan"}
    # Every attested minute is an item, with its date.
    minutes = {a.jour for a in public if a.genre == "compte-rendu"}
    assert {dt.date(2013, 3, 20), dt.date(2018, 6, 22), dt.date(2018, 11, 29)} <= minutes


def test_a_registered_kind_is_filtered_by_the_edition(corpus, monkeypatch):
    """A new kind (the lead plugs in annual reports, data imports) cannot leak: lister
    filters what every source returns."""
    monkeypatch.setitem(
        actualites.SOURCES,
        "essai",
        (
            "Essai",
            lambda *_: [
                actualites.Actualite(
                    dt.date(2031, 1, 1), "1er janvier 2031", "essai", "Factice public", "r", "index.md", "essai:1"
                ),
                actualites.Actualite(
                    dt.date(2031, 1, 2),
                    "2 janvier 2031",
                    "essai",
                    "Factice réservé",
                    "r",
                    "index.md",
                    "essai:2",
                    visibilite="intranet",
                ),
            ],
        ),
    )
    titres = [a.titre for a in actualites.lister(corpus, Edition("public", corpus), JOUR)]
    assert "Factice public" in titres and "Factice réservé" not in titres
    titres = [a.titre for a in actualites.lister(corpus, Edition("intranet", corpus), JOUR)]
    assert titres[0] == "Factice réservé"


# --- the Atom feed -------------------------------------------------------------------------


def _atom(corpus, nom="public", site_url=None) -> bytes:
    ed = Edition(nom, corpus)
    return flux.atom(corpus, ed, actualites.lister(corpus, ed, JOUR), "Site factice", site_url)


def test_feed_is_deterministic_and_dated_by_its_newest_item(corpus):
    premier = _atom(corpus)
    assert _atom(corpus) == premier  # feedgen would stamp the clock (microseconds) if let
    d = feedparser.parse(premier)
    assert not d.bozo, d.bozo_exception
    assert d.feed.updated == "2030-01-02T12:00:00+01:00"
    assert d.entries[0].updated == d.feed.updated


def test_feed_links_are_relative_without_site_url_and_absolute_with_it(corpus):
    d = feedparser.parse(_atom(corpus))
    assert d.entries[0].link == "../fiches/1.07-videosurveillance/#suivi-journal"
    d = feedparser.parse(_atom(corpus, site_url="https://stspd.example.fr/"))
    assert d.entries[0].link == "https://stspd.example.fr/fiches/1.07-videosurveillance/#suivi-journal"
    assert all(e.link.startswith("https://stspd.example.fr/") for e in d.entries)
    assert _atom(corpus) != _atom(corpus, "intranet")


@pytest.mark.lent
def test_built_public_feed_is_the_one_computed_from_the_sources(sites, corpus):
    assert (sites["public"] / actualites.FLUX).read_bytes() == _atom_du_site(corpus)


def _atom_du_site(corpus) -> bytes:
    from macros.rendu import profil

    nom = profil.nom_site(corpus.commune, "public")  # data/commune.yml names the editions
    ed = Edition("public", corpus)
    return flux.atom(corpus, ed, actualites.lister(corpus, ed, JOUR), nom, None)


@pytest.mark.lent
def test_feed_text_is_escaped_exactly_once(sites):
    d = _flux(sites["public"])
    entree = d.entries[0]
    assert entree.summary == f"2 janvier 2030 : {TEXTE_PIEGE}"  # the reader gets the text back
    brut = (sites["public"] / actualites.FLUX).read_text(encoding="utf-8")
    assert "&lt;em&gt;pas du HTML&lt;/em&gt; &amp; « guillemets »" in brut
    assert "&amp;lt;" not in brut and "<em>" not in brut


@pytest.mark.lent
def test_every_feed_link_leads_to_a_page_of_its_edition(sites):
    for nom, site in sites.items():
        d = _flux(site)
        assert len(d.entries) >= 10, nom
        for e in d.entries:
            chemin = posixpath.normpath(posixpath.join("quoi-de-neuf", e.link.split("#")[0]))
            assert (site / chemin / "index.html").is_file(), f"{nom} : {e.link}"


@pytest.mark.lent
def test_every_page_announces_the_feed_of_its_edition(sites):
    for nom, site in sites.items():
        for page in site.rglob("*.html"):
            if page.name == "404.html":
                continue
            texte = page.read_text(encoding="utf-8")
            m = re.search(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)"', texte)
            assert m, f"{nom} : {page} n'annonce pas le flux"
            cible = (page.parent / html.unescape(m[1])).resolve()
            assert cible == (site / actualites.FLUX).resolve(), f"{nom} : {page} → {m[1]}"


# --- « Quoi de neuf » pages --------------------------------------------------------------


@pytest.mark.lent
def test_home_and_page_list_dated_items_with_subscribe_links(sites):
    accueil = (sites["public"] / "index.html").read_text(encoding="utf-8")
    bloc = re.search(r'<div class="stspd-quoi-de-neuf">(.*?)</div>', accueil, re.S)[1]
    assert bloc.count("<li>") == actualites.SUR_L_ACCUEIL
    assert '<time datetime="2030-01-02">2 janvier 2030</time>' in bloc
    assert 'href="quoi-de-neuf/atom.xml"' in bloc and 'href="comptes-rendus/calendrier.ics"' in bloc
    page = (sites["public"] / "quoi-de-neuf/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2013-03-20">20 mars 2013</time>' in page
    assert 'href="atom.xml"' in page and 'href="../comptes-rendus/calendrier.ics"' in page


@pytest.mark.lent
def test_page_text_is_escaped_exactly_once(sites):
    page = (sites["public"] / "quoi-de-neuf/index.html").read_text(encoding="utf-8")
    # The apostrophe may stay as typed or be an entity: both are escaped once.
    assert re.search(r"&lt;em&gt;pas du HTML&lt;/em&gt; &amp; « guillemets » \*pas d(?:'|&#39;)italique\*", page)
    assert "&amp;lt;" not in page and "<em>pas du HTML" not in page


# --- the calendar --------------------------------------------------------------------------


@pytest.mark.lent
def test_public_calendar_has_attested_and_public_planned_meetings(sites):
    evs = _evenements(sites["public"])
    attendus = {
        "clspd-59410-2013-03-20-assemblee-pleniere",
        "clspd-59410-2018-06-22-comite-technique",
        "clspd-59410-2018-11-29-assemblee-pleniere",
        "clspd-59410-2030-03-18-assemblee-pleniere",
        "clspd-59410-2030-05-06-assemblee-pleniere",
    }
    assert set(evs) == attendus
    assert evs["clspd-59410-2018-11-29-assemblee-pleniere"].decoded("dtstart") == dt.date(2018, 11, 29)
    assert str(evs["clspd-59410-2030-05-06-assemblee-pleniere"]["status"]) == "CANCELLED"


@pytest.mark.lent
def test_times_are_paris_wall_clock_with_a_vtimezone(sites):
    cal = _calendrier(sites["public"])
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    ev = _evenements(sites["public"])["clspd-59410-2030-03-18-assemblee-pleniere"]
    debut, fin = ev.decoded("dtstart"), ev.decoded("dtend")
    assert debut.astimezone(dt.UTC) == dt.datetime(2030, 3, 18, 17, 0, tzinfo=dt.UTC)
    assert fin - debut == dt.timedelta(hours=2)
    assert "TZID=Europe/Paris:20300318T180000" in (sites["public"] / calendrier.SORTIE).read_text(encoding="utf-8")
    assert str(ev["location"]) == "Salle factice"


@pytest.mark.lent
def test_a_planned_entry_and_its_minute_are_one_event(sites):
    """2013-03-20 is both a minute and an entry (fake time 9:30, unquoted): one event."""
    evs = _evenements(sites["public"])
    ev = evs["clspd-59410-2013-03-20-assemblee-pleniere"]
    assert ev.decoded("dtstart") == dt.datetime(2013, 3, 20, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    assert "rappel à l'ordre" in str(ev["summary"])


def test_calendar_is_deterministic(corpus):
    ed = Edition("intranet", corpus)
    premier = calendrier.ics(corpus, ed, {})
    assert calendrier.ics(corpus, ed, {}) == premier
    stamps = {e.decoded("dtstamp") for e in icalendar.Calendar.from_ical(premier).walk("VEVENT")}
    assert dt.datetime(2018, 11, 29, tzinfo=dt.UTC) in stamps  # the meeting's own date
    git = {"docs/comptes-rendus/2018-11-29-assemblee-pleniere.md": dt.date(2026, 5, 4)}
    ev = next(
        e
        for e in icalendar.Calendar.from_ical(calendrier.ics(corpus, ed, git)).walk("VEVENT")
        if "2018-11-29" in str(e["uid"])
    )
    assert ev.decoded("dtstamp") == dt.datetime(2026, 5, 4, tzinfo=dt.UTC)


@pytest.mark.lent
def test_minutes_index_lists_upcoming_meetings_and_subscribe_link(sites):
    page = (sites["public"] / "comptes-rendus/index.html").read_text(encoding="utf-8")
    bloc = re.search(r'<div class="stspd-calendrier">(.*?)</div>', page, re.S)[1]
    assert '<time datetime="2030-03-18">18 mars 2030, 18\u00a0h – 20\u00a0h</time>' in bloc
    assert "Réunion factice annulée" in bloc and "(annulée)" in bloc
    assert "2013" not in bloc  # past meetings are the minutes below, not « à venir »
    assert 'href="calendrier.ics"' in bloc
    intranet = (sites["intranet"] / "comptes-rendus/index.html").read_text(encoding="utf-8")
    assert SENTINELLES["reunion"] in intranet


# --- leak test -----------------------------------------------------------------------------

PUBLICS = [
    actualites.FLUX,
    calendrier.SORTIE,
    "quoi-de-neuf/index.html",
    "index.html",
    "comptes-rendus/index.html",
    "search/search_index.json",
]


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_intranet_sentinel_reaches_no_public_file(sites, nom):
    s = SENTINELLES[nom].encode()
    for rel in PUBLICS:
        assert s not in (sites["public"] / rel).read_bytes(), f"{SENTINELLES[nom]} dans public/{rel}"
    fuites = [p for p in sites["public"].rglob("*") if p.is_file() and s in p.read_bytes()]
    assert not fuites, fuites


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_intranet_sentinel_reaches_the_intranet_feed_page_or_calendar(sites, nom):
    i = sites["intranet"]
    s = SENTINELLES[nom]
    page = (i / "quoi-de-neuf/index.html").read_text(encoding="utf-8")
    textes_flux = " ".join(e.title + e.summary for e in _flux(i).entries)
    resumes_ics = " ".join(str(e["summary"]) for e in _calendrier(i).walk("VEVENT"))
    if nom == "reunion":
        assert s in resumes_ics
    else:
        assert s in page and s in textes_flux
    if nom == "compte_rendu":
        assert s in resumes_ics


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_intranet_sentinel_is_found_by_the_intranet_search(sites, nom):
    index = json.loads((sites["intranet"] / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(SENTINELLES[nom] in d["title"] + d["text"] for d in index["docs"])


@pytest.mark.lent
def test_whats_new_page_is_out_of_the_search_index(sites):
    """It repeats the fiches' and minutes' texts: those pages are the results to show."""
    for site in sites.values():
        index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
        assert not [d["location"] for d in index["docs"] if d["location"].startswith("quoi-de-neuf/")]
        assert any(d["location"].startswith("fiches/1.07") for d in index["docs"])


def test_annual_reports_are_items_dated_by_the_day_they_describe(corpus):
    public = [a for a in actualites.lister(corpus, Edition("public", corpus), JOUR) if a.genre == "bilan"]
    assert ("suivi/bilan-2018/index.md", dt.date(2018, 12, 31)) in [(a.page, a.jour) for a in public]
    # 2029 has only an intranet entry (fake): its report, dated by the year's end, is intranet-only;
    # 2030, the year of the build, is dated by its latest entry so far.
    intranet = {a.page: a for a in actualites.lister(corpus, Edition("intranet", corpus), JOUR)}
    assert "suivi/bilan-2029/index.md" not in {a.page for a in public}
    assert intranet["suivi/bilan-2029/index.md"].jour == dt.date(2029, 12, 31)
    assert intranet["suivi/bilan-2030/index.md"].jour == dt.date(2030, 1, 2)


def test_an_imported_edition_of_official_figures_is_an_item(corpus, monkeypatch):
    from types import SimpleNamespace as N

    fichier = lambda jour, annees: N(source=N(edition=jour), annees=annees)  # noqa: E731 - fake import
    monkeypatch.setattr(
        corpus,
        "ssmsi",
        N(commune=fichier(dt.date(2031, 6, 12), [2016, 2030]), departement=fichier(dt.date(2031, 6, 12), [2016, 2030])),
        raising=False,
    )
    premier = actualites.lister(corpus, Edition("public", corpus), JOUR)[0]
    assert (premier.genre, premier.jour, premier.page) == ("donnees", dt.date(2031, 6, 12), "observatoire/index.md")
    assert premier.resume == "Séries 2016–2030 pour la commune et le département."


@pytest.mark.lent
def test_intranet_feed_and_calendar_are_their_own(sites):
    pub, intra = _flux(sites["public"]), _flux(sites["intranet"])
    assert pub.feed.id != intra.feed.id
    assert len(intra.entries) > len(pub.entries)
    assert "intranet" in str(_calendrier(sites["intranet"])["x-wr-calname"])


# --- validation (make check) ---------------------------------------------------------------


def _reunions(tmp_path: Path, texte: str) -> list[str]:
    (tmp_path / "data").mkdir()
    (tmp_path / "data/reunions.yml").write_text(texte, encoding="utf-8")
    col = Collecteur()
    reunions.charger(tmp_path, col)
    return [str(p) for p in col.problemes]


@pytest.mark.parametrize(
    ("entree", "ligne", "attendu"),
    [
        ("  - date: 2027-02-30\n    instance: assemblee-pleniere\n", 2, "n'est pas une date qui existe"),
        ("  - date: 2027-13-01\n    instance: assemblee-pleniere\n", 2, "n'est pas une date qui existe"),
        (
            '  - date: 2027-03-01\n    instance: assemblee-pleniere\n    heure: "25:00"\n',
            4,
            "n'est pas une heure valide",
        ),
        ('  - date: 2027-03-28\n    instance: assemblee-pleniere\n    heure: "02:30"\n', 4, "passage à l'heure d'été"),
        (
            '  - date: 2027-03-01\n    instance: assemblee-pleniere\n    heure: "18:00"\n    fin: "17:00"\n',
            2,
            "doit suivre l'heure de début",
        ),
        (
            "  - date: 2027-03-01\n    instance: groupe-de-suivi-nominatif\n    visibilite: public\n",
            2,
            "jamais être publique",
        ),
        ("  - date: 2027-03-01\n    instance: assemblee\n", 3, "n'est pas une valeur permise"),
        (
            "  - date: 2027-03-01\n    instance: assemblee-pleniere\n  - date: 2027-03-01\n"
            "    instance: Assemblée plénière\n",
            4,
            "déjà déclarée ligne 2",
        ),
    ],
)
def test_bad_meeting_gets_a_french_error_with_file_and_line(tmp_path, entree, ligne, attendu):
    problemes = _reunions(tmp_path, "reunions:\n" + entree)
    assert len(problemes) == 1, problemes
    assert problemes[0].startswith(f"data/reunions.yml:{ligne}: "), problemes
    assert attendu in problemes[0]


def test_make_check_rejects_an_impossible_date_without_traceback(projet, tmp_path):
    p = copier_projet(tmp_path / "p")
    (p / "data/reunions.yml").write_text(
        "reunions:\n  - date: 2027-02-30\n    instance: cellule-de-veille\n", encoding="utf-8"
    )
    proc = check(p)
    assert proc.returncode == 1
    sans_trace(proc)
    assert "data/reunions.yml:2: champ « date » : « 2027-02-30 » n'est pas une date qui existe" in proc.stderr


def test_make_check_warns_about_a_past_meeting_still_planned(projet):
    proc = macros("-m", "macros", "--racine", str(projet), "check", env={"STSPD_DATE": "2030-03-19"})
    assert proc.returncode == 0, proc.stderr
    sans_trace(proc)
    lignes = [ligne for ligne in proc.stderr.splitlines() if ligne.startswith("Attention")]
    # 2030-03-18 is past and still « à venir »; 2013-03-20 is « tenue », 2030-05-06 cancelled.
    assert lignes == [
        "Attention : data/reunions.yml:3: la réunion « Assemblée plénière » du 18 mars 2030 "
        "est passée mais reste « à venir » — indiquez « statut: tenue » (ou « annulee »), "
        "ou retirez-la une fois son compte rendu publié"
    ], proc.stderr
    proc = macros("-m", "macros", "--racine", str(projet), "check", env={"STSPD_DATE": JOUR_DU_BUILD})
    assert "Attention" not in proc.stderr


def test_make_check_warns_about_a_minute_dated_in_the_future(projet, tmp_path):
    # A copy with the fake minute of 2020-01-15 only (the seeded journal entries of 2029–2030
    # would be refused on that day: a journal entry may not be later than the build date).
    p = copier_projet(tmp_path / "p")
    shutil.copy2(projet / "docs/comptes-rendus/2020-01-15-cellule-de-veille.md", p / "docs/comptes-rendus")
    proc = macros("-m", "macros", "--racine", str(p), "check", env={"STSPD_DATE": "2020-01-14"})
    assert proc.returncode == 0, proc.stderr
    assert (
        "Attention : docs/comptes-rendus/2020-01-15-cellule-de-veille.md:2: compte rendu daté du "
        "15 janvier 2020, dans le futur — une réunion prévue s'inscrit dans data/reunions.yml"
    ) in proc.stderr


def test_real_sources_announce_no_invented_meeting():
    from conftest import RACINE

    col = Collecteur()
    assert reunions.charger(RACINE, col) == [] and not col.problemes


# --- in the browser ------------------------------------------------------------------------


@pytest.mark.navigateur
@pytest.mark.lent
def test_home_page_shows_whats_new_with_dated_links(chromium, sites):
    with serveur(sites["public"]) as base:
        journal = JournalReseau()
        ctx = chromium.contexte(journal)
        try:
            page = ctx.new_page()
            page.goto(base)
            bloc = page.locator(".stspd-quoi-de-neuf")
            assert bloc.locator("xpath=preceding::h2[1]").inner_text().strip().startswith("Quoi de neuf")
            items = bloc.locator("li")
            assert items.count() == actualites.SUR_L_ACCUEIL
            for i in range(items.count()):
                li = items.nth(i)
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", li.locator("time").get_attribute("datetime"))
                assert re.fullmatch(
                    r"(1er|\d{1,2}) [a-zéû]+ \d{4}", li.locator("time").inner_text().replace("\u00a0", " ")
                )
                assert li.locator("a").count() == 1
            premier = items.nth(0)
            assert premier.locator("time").inner_text() == "2 janvier 2030"
            assert "Fiche 1.7" in premier.locator("a").inner_text()
            premier.locator("a").click()
            page.wait_for_load_state()
            assert page.url.startswith(base + "fiches/1.07-videosurveillance/")
            assert "Journal" in page.locator("#suivi-journal").inner_text()
            assert TEXTE_PIEGE in page.locator("article.md-content__inner").inner_text()
            # The feed announced in <head> is served, and is Atom.
            page.goto(base)
            href = page.locator('head link[rel="alternate"][type="application/atom+xml"]').get_attribute("href")
            reponse = page.request.get(base + href)
            assert reponse.ok and b"<feed" in reponse.body()
        finally:
            ctx.close()
        assert not journal.exterieures, journal.exterieures


def test_with_site_url_feed_and_calendar_carry_absolute_links(corpus):
    from types import SimpleNamespace

    e = SimpleNamespace(
        corpus=corpus,
        edition=Edition("public", corpus),
        pages_generees={},
        ressources={},
        dates_git={},
        aujourdhui=JOUR,
    )
    flux.publier(e, "Site factice", "https://stspd.example.fr/", True)
    assert set(e.pages_generees) == {actualites.PAGE}
    assert set(e.ressources) == {actualites.FLUX, calendrier.SORTIE}
    d = feedparser.parse(e.ressources[actualites.FLUX])
    assert [ligne.href for ligne in d.feed.links if ligne.rel == "self"] == [
        "https://stspd.example.fr/quoi-de-neuf/atom.xml"
    ]
    evs = {str(x["uid"]): x for x in icalendar.Calendar.from_ical(e.ressources[calendrier.SORTIE]).walk("VEVENT")}
    assert (
        str(evs["clspd-59410-2018-11-29-assemblee-pleniere"]["url"])
        == "https://stspd.example.fr/comptes-rendus/2018-11-29-assemblee-pleniere/"
    )
    assert "url" not in evs["clspd-59410-2030-03-18-assemblee-pleniere"]  # no minute yet
