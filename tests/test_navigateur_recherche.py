"""French search in a real browser (issue 15): the right fiche among the first results,
accents, capitals and small typos ignored, nothing of the intranet found in the public
edition. The seeded build of both editions (``conftest.sites_semes``), served on 127.0.0.1,
one Debian Chromium for the session (``navigateur_plugin``).

Apart from tests/test_navigateur.py so that pytest-xdist, which gives each worker whole
files, runs the search and the page visits on both cores at once (issue 12: the CI budget).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import RACINE
from navigateur_util import (
    JournalReseau,
    ecouter_recherche,
    existe,
    pages_du_site,
    rechercher,
)
from semis import PAGE_TEMOIN, TEMOINS

pytest_plugins = ["navigateur_plugin"]
pytestmark = pytest.mark.lent  # the seeded build; tests that start Chromium are also `navigateur`


# Query → the fiche a citizen expects among the first results (accents and plurals as typed).
RECHERCHES = {
    "vidéoprotection": "fiches/1.07-videosurveillance/",
    "cambriolages": "fiches/1.11-protection-biens-habitants/",
    "décrochage scolaire": "fiches/2.03-decrochage-parentalite/",
    "violences conjugales": "fiches/3.03-violences-intrafamiliales/",
    "rappel à l'ordre": "fiches/3.02-rappel-ordre-tig/",
}
PREMIERS = 3  # « among the first results »: the first 3 pages listed

# Search that ignores accents and case (issue 15): each group gives the same results, and
# the page expected comes among the first. « réinsertion » is not in the real content: the
# seeded copy has a public sentence with it (semis.PHRASE_ACCENTUEE, fake text).
MEMES_RESULTATS = {
    "sécurité": (["securite", "sécurité", "SÉCURITÉ"], None),
    "décrochage scolaire": (
        ["decrochage scolaire", "décrochage scolaire", "DÉCROCHAGE Scolaire"],
        "fiches/2.03-decrochage-parentalite/",
    ),
    "vidéoprotection": (["videoprotection", "vidéoprotection", "VIDÉOPROTECTION"], "fiches/1.07-videosurveillance/"),
    "réinsertion": (["reinsertion", "réinsertion", "RÉINSERTION"], "strategie/problematiques/"),
}
PREMIERES_PAGES = 8
# Small typos still find the page (one letter missing or changed).
FAUTES = {
    "videoprotecion": "fiches/1.07-videosurveillance/",
    "cambrilages": "fiches/1.11-protection-biens-habitants/",
}


class Onglet:
    """A tab kept open on one edition for the search tests; the same query on the same
    static site gives the same results, so each query is typed once per session."""

    def __init__(self, page, base: str, journal: JournalReseau):
        self.page, self.base, self.journal = page, base, journal
        self.resultats: dict[str, tuple[str, list[str]]] = {}

    def chercher(self, requete: str) -> tuple[str, list[str]]:
        if requete not in self.resultats:
            self.resultats[requete] = rechercher(self.page, self.base, requete)
        return self.resultats[requete]


# --- 1. French search ----------------------------------------------------------------------


def _onglet(chromium, base: str):
    journal = JournalReseau()
    ctx = chromium.contexte(journal)
    ecouter_recherche(ctx)
    page = ctx.new_page()
    page.goto(base)
    yield Onglet(page, base, journal)
    ctx.close()
    assert not journal.exterieures, journal.exterieures


@pytest.fixture(scope="module")
def onglet_public(chromium, urls):
    yield from _onglet(chromium, urls["public"])


@pytest.fixture(scope="module")
def onglet_intranet(chromium, urls):
    yield from _onglet(chromium, urls["intranet"])


@pytest.mark.parametrize("requete", list(RECHERCHES))
def test_french_search_finds_the_right_fiche_first(onglet_public, sites, requete):
    compteur, resultats = onglet_public.chercher(requete)
    attendu = RECHERCHES[requete]
    assert attendu in resultats[:PREMIERS], (
        f"« {requete} » : {attendu} absent des {PREMIERS} premiers résultats {resultats[:PREMIERS]} ({compteur})"
    )
    introuvables = [r for r in resultats if not existe(sites["public"], r)]
    assert not introuvables, f"résultats vers des pages absentes de l'édition publique : {introuvables}"


@pytest.mark.parametrize("nom", list(TEMOINS))
def test_public_search_finds_nothing_of_the_intranet(onglet_public, onglet_intranet, nom):
    mot = TEMOINS[nom]
    compteur, resultats = onglet_public.chercher(mot)
    assert not resultats and "Aucun" in compteur, f"« {mot} » ({nom}) trouvé dans l'édition publique : {resultats}"
    # The same query does find the intranet text: the public test is not vacuous.
    compteur, resultats = onglet_intranet.chercher(mot)
    assert resultats, f"« {mot} » ({nom}) introuvable même dans l'intranet ({compteur})"


def test_public_search_never_lists_real_intranet_pages(onglet_public, onglet_intranet, corpus):
    """The real intranet-only pages (e.g. the coordinator's guide), searched by their title."""
    reservees = sorted(
        p for p, m in corpus.pages.items() if m.visibilite == "intranet" and (RACINE / "docs" / p).is_file()
    )
    assert reservees, "aucune page intranet réelle : ce test n'a plus d'objet"
    for src in reservees:
        titre = _titre_markdown(corpus.racine / "docs" / src)
        cible = src.removesuffix(".md").removesuffix("index") + ("" if src.endswith("index.md") else "/")
        _, publics = onglet_public.chercher(titre)
        assert cible not in publics, f"{src} listé par la recherche publique (« {titre} »)"
        _, intranets = onglet_intranet.chercher(titre)
        assert cible in intranets, f"{src} introuvable dans l'intranet par son titre « {titre} » : {intranets}"


def _titre_markdown(chemin: Path) -> str:
    for ligne in chemin.read_text(encoding="utf-8").splitlines():
        if ligne.startswith("# "):
            return ligne[2:].strip()
    raise AssertionError(f"{chemin} sans titre")


# --- 1b. accents, capitals and typos (issue 15) --------------------------------------------


# Every group in the public edition; the intranet (same worker, its own index) for two.
@pytest.mark.parametrize(
    "edition,mot",
    [("public", m) for m in MEMES_RESULTATS] + [("intranet", "sécurité"), ("intranet", "décrochage scolaire")],
)
def test_search_ignores_accents_and_capitals(onglet_public, onglet_intranet, sites, edition, mot):
    onglet = onglet_public if edition == "public" else onglet_intranet
    ecritures, attendu = MEMES_RESULTATS[mot]
    # Material lists the first 10 pages, then more as the list scrolls: compare the count
    # and the pages shown first.
    resultats = {q: (c, r[:PREMIERES_PAGES]) for q in ecritures for c, r in [onglet.chercher(q)]}
    premier = resultats[ecritures[0]]
    assert premier[1], f"{edition} : « {ecritures[0]} » ne trouve rien ({premier[0]})"
    differents = {q: r for q, r in resultats.items() if r != premier}
    assert not differents, (
        f"{edition} : résultats différents selon les accents ou les capitales : "
        f"{ecritures[0]} → {premier[1][:5]} ; "
        + " ; ".join(f"{q} → {r[1][:5]} ({r[0]})" for q, r in differents.items())
    )
    if attendu:
        assert attendu in premier[1][:PREMIERS], f"{edition} : « {mot} » : {attendu} absent de {premier[1][:PREMIERS]}"
    assert all(existe(sites[edition], r) for r in premier[1]), premier[1]


@pytest.mark.parametrize("requete", list(FAUTES))
def test_search_tolerates_a_small_typo(onglet_public, requete):
    compteur, resultats = onglet_public.chercher(requete)
    assert FAUTES[requete] in resultats[:PREMIERS], f"« {requete} » : {resultats[:PREMIERS]} ({compteur})"


def test_folded_search_of_an_intranet_word_finds_nothing_in_public(onglet_public, onglet_intranet, sites):
    """The intranet's index stays in the intranet, also through the folding: an intranet
    word typed with capitals and an accent is found in the intranet only."""
    requete = TEMOINS["page"].upper()[:-1] + "É"  # ZORGLUBINÉ
    compteur, resultats = onglet_public.chercher(requete)
    assert not resultats and "Aucun" in compteur, f"« {requete} » trouvé dans l'édition publique : {resultats}"
    _, resultats = onglet_intranet.chercher(requete)
    assert PAGE_TEMOIN in resultats, f"« {requete} » introuvable même dans l'intranet : {resultats}"
    # Each edition has its own index and worker; the public files hold no intranet word.
    for nom, mot in TEMOINS.items():
        for fichier in ("search/search_index.json",):
            assert mot not in (sites["public"] / fichier).read_text(encoding="utf-8"), (nom, fichier)
            assert mot in (sites["intranet"] / fichier).read_text(encoding="utf-8"), (nom, fichier)


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_every_page_uses_the_folding_search_worker(sites, edition):
    site = sites[edition]
    workers = sorted(p.name for p in (site / "assets/javascripts/workers").glob("plie-search.*.min.js"))
    assert len(workers) == 1, workers
    materiel = workers[0].removeprefix("plie-")
    assert (site / "assets/javascripts/workers" / materiel).is_file(), "worker de Material absent"
    assert f'importScripts("{materiel}")' in (site / "assets/javascripts/workers" / workers[0]).read_text(
        encoding="utf-8"
    )
    for chemin in pages_du_site(site):
        texte = (site / (chemin + "index.html" if chemin.endswith("/") or not chemin else chemin)).read_text(
            encoding="utf-8"
        )
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', texte, re.S)[1])
        assert config["search"].endswith("assets/javascripts/workers/" + workers[0]), (chemin, config["search"])
