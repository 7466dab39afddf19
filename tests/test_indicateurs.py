"""Indicators: the document's figures as data, computed tables, macros, and the build gate.

Expected values are computed by hand in the tests (from the source document), never read
back from the implementation.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import caches_sous_la_racine
from csv_util import lire_csv

from macros.domaine import indicateurs
from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.export import csv as export_csv
from macros.lecture import indicateurs as lecture_indicateurs
from macros.lecture.erreurs import Collecteur
from macros.moteur.etat import ErreurSite
from macros.rendu import figures as macros_indicateurs
from macros.rendu import tableaux

RACINE = Path(__file__).resolve().parent.parent
DONNEES = RACINE / "data" / "indicateurs"
NNBSP, NBSP, MOINS = "\u202f", "\u00a0", "\u2212"


@pytest.fixture(scope="module")
def series() -> dict[str, indicateurs.Tableau]:
    col = Collecteur()
    tous = lecture_indicateurs.charger(RACINE, col, None)
    assert not col.problemes, "\n".join(map(str, col.problemes))
    return tous


@pytest.fixture(scope="module", autouse=True)
def _caches_sous_la_racine() -> Iterator[None]:
    """These tests count drawings and copy the cache from under the project root."""
    with caches_sous_la_racine():
        yield


@pytest.fixture(scope="module")
def racine_commune(tmp_path_factory) -> Path:
    """One project root (hence one chart cache) for the module: each chart is drawn once."""
    return tmp_path_factory.mktemp("projet")


@pytest.fixture(scope="module")
def figures_declarees(series, racine_commune) -> tuple[SimpleNamespace, dict[str, str]]:
    """Every chart declared in data/indicateurs/, rendered once (this fills the cache)."""
    e = etat(series, racine_commune)
    html = {
        ident: macros_indicateurs.rendre_graphique(e, "p.md", "", ident) for ident, t in series.items() if t.graphiques
    }
    return e, html


def etat(tous: dict, racine: Path, edition: str = "public") -> SimpleNamespace:
    corpus = Corpus(racine=racine)
    corpus.series = tous
    return SimpleNamespace(corpus=corpus, edition=Edition(edition, corpus), ressources={})


def valeurs(t: indicateurs.Tableau, serie: str) -> dict:
    return dict(t.serie(serie).valeurs)


# --- pure computations, checked against hand computations --------------------------------


def test_evolution_relative_count():
    ev = indicateurs.evolution(976, 956, "faits")
    assert ev.nature == "pourcentage" and ev.sens == "baisse"
    assert ev.valeur == pytest.approx(-20 / 976 * 100)  # −2,049 %
    assert indicateurs.arrondi(ev.valeur, 2) == Decimal("-2.05")


def test_evolution_truncated_in_document_is_detected():
    ev = indicateurs.evolution(11, 2, "faits")
    assert ev.valeur == pytest.approx(-9 / 11 * 100)  # −81,8181…
    assert indicateurs.arrondi(ev.valeur, 2) == Decimal("-81.82")
    assert not indicateurs.concorde(ev.valeur, -81.81)  # the document truncated
    assert indicateurs.concorde(ev.valeur, -81.8)


def test_zero_base_gives_no_percentage():
    ev = indicateurs.evolution(0, 6, "faits")
    assert ev.nature == "base-nulle"
    assert ev.valeur is None
    assert ev.ecart == 6 and ev.sens == "hausse"
    assert tableaux.evolution_texte(ev).startswith("+6 ")
    assert "%" not in tableaux.evolution_texte(ev).split("(")[0]
    html = tableaux.evolution_html(ev)
    assert "600" not in html and "base nulle" in html
    stable = indicateurs.evolution(0, 0, "faits")
    assert stable.nature == "base-nulle" and stable.sens == "stable"


def test_rate_evolves_in_points():
    ev = indicateurs.evolution(15.9, 17.2, "%")
    assert ev.nature == "points"
    assert ev.valeur == pytest.approx(1.3)
    assert tableaux.evolution_texte(ev) == f"+1,3{NBSP}pt"


def test_missing_value_gives_no_evolution():
    ev = indicateurs.evolution(None, 137, "faits")
    assert ev.nature == "indisponible" and ev.sens is None


def test_shares_and_printed_precision():
    assert indicateurs.part(4744, 21887) == pytest.approx(4744 / 21887 * 100)  # 21,675 %
    assert indicateurs.concorde(indicateurs.part(4744, 21887), 21.7)
    assert indicateurs.concorde(indicateurs.part(5247, 21887), 24)  # printed « 24 % »: 23,97 %
    assert not indicateurs.concorde(indicateurs.part(4744 + 5247, 21887), 45.7)  # 45,648 %
    assert indicateurs.part(3, 0) is None
    assert indicateurs.concorde((33 - 36) / 36 * 100, -8)  # printed « -8% »: −8,33 %
    assert indicateurs.decimales_imprimees(81.81) == 2
    assert indicateurs.decimales_imprimees(24) == 0
    assert indicateurs.decimales_imprimees(7599.7) == 1


def test_sum_refuses_missing_terms():
    assert indicateurs.somme([23, 101, 6, 31, 1196]) == 1357
    assert indicateurs.somme([35, None, 46]) is None


def test_french_formatting():
    assert tableaux.valeur_texte(1052, "interventions", 0) == f"1{NNBSP}052"
    assert tableaux.valeur_texte(21.5, "%", 1) == f"21,5{NBSP}%"
    ev = indicateurs.evolution(189, 163, "faits")
    assert tableaux.evolution_texte(ev) == f"{MOINS}13,8{NBSP}%"


# --- the data: every figure of the document, transcribed independently here --------------

DOCUMENT = {
    # § 1.9, Police Nationale (2016, 2017, 2018)
    ("police-nationale", "faits-constates"): {2016: 976, 2017: 852, 2018: 956},
    ("police-nationale", "faits-elucides"): {2016: 320, 2017: 224, 2018: 225},
    ("police-nationale", "atteintes-integrite-physique"): {2016: 189, 2017: 180, 2018: 163},
    ("police-nationale", "elucidation-atteintes-integrite-physique"): {2016: 66.67, 2017: 55.56, 2018: 59.51},
    ("police-nationale", "atteintes-biens"): {2016: 642, 2017: 545, 2018: 640},
    ("police-nationale", "elucidation-atteintes-biens"): {2016: 13.40, 2017: 7.89, 2018: 7.81},
    ("police-nationale", "escroqueries"): {2016: 64, 2017: 93, 2018: 82},
    ("police-nationale", "elucidation-escroqueries"): {2016: 25, 2017: 25.81, 2018: 8.54},
    ("police-nationale", "violences-crapuleuses"): {2016: 44, 2017: 32, 2018: 22},
    ("police-nationale", "cambriolages-logement"): {2016: 100, 2017: 100, 2018: 99},
    ("police-nationale", "cambriolages-etablissements"): {2016: 7, 2017: 11, 2018: 8},
    ("police-nationale", "criminalite-organisee"): {2016: 11, 2017: 9, 2018: 2},
    ("police-nationale", "violences-depositaires-autorite"): {2016: 8, 2017: 1, 2018: 5},
    # § 1.9, Police Municipale (2015 … 2018)
    ("police-municipale", "accidentologie"): {2015: 36, 2016: 40, 2017: 37, 2018: 33},
    ("police-municipale", "repressions"): {2015: 1357, 2016: 1445, 2017: 1897, 2018: 1516},
    ("police-municipale", "pv-exces-vitesse"): {2015: 23, 2016: 18, 2017: 121, 2018: 44},
    ("police-municipale", "mises-en-fourriere"): {2015: 101, 2016: 149, 2017: 141, 2018: 220},
    ("police-municipale", "rapports-ipm-cea"): {2015: 6, 2016: 9, 2017: 16, 2018: 13},
    ("police-municipale", "autres-infractions-graves"): {2015: 31, 2016: 48, 2017: 91, 2018: 251},
    ("police-municipale", "pv-stationnement"): {2015: 1196, 2016: 1221, 2017: 1528, 2018: 988},
    ("police-municipale", "outrages-refus-obtemperer"): {2015: 12, 2016: 11, 2017: 19, 2018: 22},
    ("police-municipale", "decouvertes-vehicules-voles"): {2015: 20, 2016: 11, 2017: 13, 2018: 14},
    ("police-municipale", "destructions-engins"): {2015: 0, 2016: 8, 2017: 5, 2018: 6},
    # § 1.10, INSEE
    ("insee-population", "population"): {2010: 21887, 2015: 20993},
    ("insee-population", "densite"): {2010: 7599.7, 2015: 7289.2},
    ("insee-population", "age-0-14"): {2010: 4744, 2015: 4376},
    ("insee-population", "age-15-29"): {2010: 5247, 2015: 4807},
    ("insee-diplomes", "diplome-inferieur-bac"): {"mons": 54.5, "nord": 57.4, "qpv": 72.6},
    ("insee-diplomes", "diplome-superieur"): {"mons": 29.8, "nord": 26.4, "qpv": None},
    ("insee-diplomes", "sans-diplome"): {"mons": 34.2, "nord": 33.3, "qpv": None},
    ("insee-emploi", "taux-activite"): {"mons": 69.3, "nord": 70},
    ("insee-emploi", "taux-chomage"): {"mons": 21.5, "nord": 17.9},
    ("insee-familles", "monoparentales-mons"): {2010: 21.3, 2015: 22.7},
    ("insee-familles", "monoparentales-nord"): {2010: 15.9, 2015: 17.2},
    ("insee-familles", "nombreuses-mons"): {2010: 17.7, 2015: 15.4},
    ("insee-familles", "nombreuses-nord"): {2010: 12.9, 2015: 12.4},
    ("insee-revenus", "taux-pauvrete"): {"mons": 25.4, "qpv": 39.6, "nord": 19.4},
    ("insee-revenus", "part-menages-imposes"): {"mons": 46.3, "qpv": 30.5, "nord": 48.9},
    ("insee-revenus", "menages-imposes"): {"mons": 8257, "qpv": None, "nord": None},
    ("insee-revenus", "menages"): {"mons": 20174.5, "qpv": None, "nord": None},
    ("insee-jeunesse", "indice-jeunesse"): {"qpv": 2.5, "mel": 1.6},
    # Éléments de bilan, fiches 1.6, 1.7, 1.10, 1.11, 2.4, 3.3
    ("mediation", "interventions"): {2016: 1589, 2017: 1052},
    ("mediation", "attroupements"): {2016: 675, 2017: 816},
    ("mediation", "conflits-voisinage"): {2016: 371, 2017: 133},
    ("services-techniques", "tags"): {2015: 165, 2016: 123, 2017: 28},
    ("services-techniques", "depots-sauvages"): {2015: 296, 2016: 342, 2017: 221},
    ("transports", "faits"): {2015: 133, 2016: 98, 2017: 137, 2018: None},
    ("transports", "atteintes-biens"): {2015: None, 2016: None, 2017: 35, 2018: None},
    ("transports", "atteintes-personnes"): {2015: None, 2016: None, 2017: 54, 2018: None},
    ("transports", "autres-infractions"): {2015: None, 2016: None, 2017: 46, 2018: None},
    ("transports", "part-signalements-metro"): {2015: None, 2016: None, 2017: None, 2018: 80},
    ("vols-main-armee", "vols-main-armee"): {2016: 4, 2017: 5},
    ("otv", "contacts-otv"): {2017: 306},
    ("cairn", "visites"): {"depuis-ouverture": 340},
    ("cairn", "personnes"): {"depuis-ouverture": 95},
    ("cairn", "monsois"): {"depuis-ouverture": 89},
    ("moyens", "cameras"): {"situation": 25, "projet": 51},
    ("moyens", "effectifs-police-municipale"): {"situation": 13, "projet": None},
    ("clauses-insertion", "taux-realisation-heures"): {"2013-09-30": 96},
    ("clauses-insertion", "personnes-chantiers"): {"2013-09-30": 230},
    ("clauses-insertion", "part-parcours-insertion"): {"2013-09-30": 55},
    ("violences-conjugales", "femmes-victimes"): {"2012-2017": 10},
}


@pytest.mark.parametrize("cle", list(DOCUMENT), ids=lambda c: f"{c[0]}:{c[1]}")
def test_every_figure_of_the_document_is_in_the_data(series, cle):
    tableau, serie = cle
    assert valeurs(series[tableau], serie) == DOCUMENT[cle]


def test_printed_shares_are_kept_for_comparison_only(series):
    pop = series["insee-population"]
    assert pop.serie("part-0-14").imprimees == {2010: 21.7, 2015: 20.8}
    assert pop.serie("part-15-29").imprimees == {2010: 24, 2015: 22.9}
    assert pop.serie("part-moins-de-30-ans").imprimees == {2010: 45.7, 2015: 43.7}


def test_repressions_is_the_sum_of_its_five_sub_lines_in_every_year():
    # Read the file directly (not through the loader): the data itself must add up.
    brut = yaml.safe_load((DONNEES / "police-municipale.yml").read_text(encoding="utf-8"))
    par_id = {s["id"]: s for s in brut["series"]}
    total = par_id["repressions"]
    assert total["somme"] == [
        "pv-exces-vitesse",
        "mises-en-fourriere",
        "rapports-ipm-cea",
        "autres-infractions-graves",
        "pv-stationnement",
    ]
    attendu = {
        2015: 23 + 101 + 6 + 31 + 1196,
        2016: 18 + 149 + 9 + 48 + 1221,
        2017: 121 + 141 + 16 + 91 + 1528,
        2018: 44 + 220 + 13 + 251 + 988,
    }
    assert attendu == {2015: 1357, 2016: 1445, 2017: 1897, 2018: 1516}
    for annee in brut["colonnes"]:
        assert total["valeurs"][annee] == sum(par_id[p]["valeurs"][annee] for p in total["somme"]) == attendu[annee]


def test_computed_lines(series):
    pop = series["insee-population"]
    assert valeurs(pop, "moins-de-30-ans") == {2010: 4744 + 5247, 2015: 4376 + 4807}
    assert pop.serie("part-moins-de-30-ans").valeurs[2015] == pytest.approx(9183 / 20993 * 100)
    med = series["mediation"]
    assert med.restes["interventions"] == {2016: 1589 - 675 - 371, 2017: 1052 - 816 - 133}
    assert series["transports"].restes["faits"] == {2015: None, 2016: None, 2017: 137 - (35 + 54 + 46), 2018: None}
    # The INSEE share is published data, not recomputed from the printed « 8 257 / 20 174.5 »
    # (a non-integer cannot be a number of households): see the editor's note in the data.
    assert series["insee-revenus"].serie("part-menages-imposes").valeurs["mons"] == 46.3


def test_disagreements_with_the_document_become_notes(series):
    notes = {t: " ".join(series[t].notes_calculees) for t in series}
    assert "Criminalité organisée" in notes["police-nationale"]
    assert f"{MOINS}81,81" in notes["police-nationale"] and f"{MOINS}81,82" in notes["police-nationale"]
    assert "+600" in notes["police-municipale"] and "zéro" in notes["police-municipale"]
    assert "45,7" in notes["insee-population"] and "45,6" in notes["insee-population"]
    revenus = " ".join(series["insee-revenus"].notes)
    assert "46,3" in revenus and "40,9" in revenus
    assert f"{MOINS}1,3" in notes["insee-familles"] and "+1,3" in notes["insee-familles"]
    # Figures that agree at the printed precision raise no note.
    assert "Atteintes aux biens" not in notes["police-nationale"]  # −0,31 % printed « 0.3% »
    assert "Accidentologie" not in notes["police-municipale"]  # −8,33 % printed « -8% »
    assert not series["police-nationale"].notes_calculees[1:]  # one disagreement only in this table


# --- rendering: tables ---------------------------------------------------------------------


def test_table_shows_computed_evolutions_in_french(series, tmp_path):
    e = etat(series, tmp_path)
    html = macros_indicateurs.rendre_tableau(e, "docs/strategie/bilan.md", "strategie/bilan/", "police-nationale")
    ligne = next(ligne_ for ligne_ in html.split("\n") if "Atteintes à l&#39;intégrité physique" in ligne_)
    assert f"{MOINS}13,8{NBSP}%" in ligne and "↘" in ligne
    ligne = next(ligne_ for ligne_ in html.split("\n") if "Criminalité organisée" in ligne_)
    assert f"{MOINS}81,8{NBSP}%*" in ligne  # computed, marked, explained in the note
    ligne = next(ligne_ for ligne_ in html.split("\n") if "Escroqueries" in ligne_)
    assert "+28,1" in ligne and "↗" in ligne
    assert f"66,67{NBSP}%" in html and f"13,40{NBSP}%" in html
    assert "<table>" in html and "<caption>" in html and 'scope="row"' in html
    assert "81.81" not in html  # the printed evolution is never shown as data
    assert 'href="../../assets/indicateurs/police-nationale.csv"' in html
    assert "assets/indicateurs/police-nationale.csv" in e.ressources


def test_table_zero_base_and_thousands(series, tmp_path):
    html = macros_indicateurs.rendre_tableau(etat(series, tmp_path), "p.md", "", "police-municipale")
    ligne = next(ligne_ for ligne_ in html.split("\n") if "Destructions" in ligne_)
    assert "+6" in ligne and "base nulle" in ligne and "600" not in ligne
    assert f"1{NNBSP}897" in html
    med = macros_indicateurs.rendre_tableau(etat(series, tmp_path), "p.md", "", "mediation")
    ligne = next(
        ligne_ for ligne_ in med.split("\n") if ligne_.startswith('<tr><th scope="row">Interventions des médiateurs')
    )
    assert f"{MOINS}33,8{NBSP}%" in ligne  # (1 052 − 1 589) / 1 589 = −33,795 %
    reste = next(ligne_ for ligne_ in med.split("\n") if "autres motifs" in ligne_)
    assert ">543<" in reste and ">103<" in reste


def test_rates_table_in_points(series, tmp_path):
    html = macros_indicateurs.rendre_tableau(etat(series, tmp_path), "p.md", "", "insee-familles")
    assert f"+1,4{NBSP}pt" in html and f"+1,3{NBSP}pt" in html
    assert f"{MOINS}2,3{NBSP}pts" in html  # 15,4 − 17,7


def test_csv_export(series, tmp_path):
    brut = export_csv.octets(tableaux.csv_tableau(series["police-municipale"], lambda v: True))
    assert brut.startswith("\ufeff".encode("utf-8"))
    lignes = brut.decode("utf-8-sig").split("\r\n")
    assert lignes[0] == "tableau;serie;libelle;colonne;libelle_colonne;valeur;unite;nature;source"
    assert "police-municipale;repressions;Répressions;2018;2018;1516;nombre;donnée;Police Municipale" in lignes
    assert lignes[-1] == "" and len(lignes) == 1 + 10 * 4 + 1
    entetes, relues = lire_csv(brut)
    assert len(entetes) == 9 and len(relues) == 10 * 4


# --- rendering: the figure pattern ---------------------------------------------------------


def test_figure_pattern(series, racine_commune):
    e = etat(series, racine_commune)
    html = macros_indicateurs.rendre_graphique(e, "docs/strategie/bilan.md", "strategie/bilan/", "mediation")
    assert html.count("<figure") == 1
    assert re.search(
        r"<figcaption><strong>Interventions des médiateurs sociaux, 2016 et 2017</strong><br>"
        r"<small>Source : Bilan du CLSPD du 29 novembre 2018 \(médiation sociale\)",
        html,
    )
    alt = re.search(r'<img src="([^"]+)" alt="([^"]+)"', html)
    assert alt and 20 < len(alt[2]) < 200
    assert alt[1].startswith("../../assets/indicateurs/mediation-interventions-") and alt[1].endswith(".svg")
    assert alt[1].removeprefix("../../") in e.ressources
    assert e.ressources[alt[1].removeprefix("../../")].startswith(b"<?xml")
    details = html[html.index("<details") : html.index("</details>")]
    assert "<table>" in details and f">1{NNBSP}589<" in details and ">816<" in details
    assert 'href="../../assets/indicateurs/mediation.csv" download' in html


def test_all_declared_charts(figures_declarees):
    e, html = figures_declarees
    total = sum(h.count("<figure") for h in html.values())
    assert total >= 10
    assert sum(1 for c in e.ressources if c.endswith(".svg")) == total
    # at least one chart per statistics table of the document, and the key bilan series
    for ident in (
        "police-nationale",
        "police-municipale",
        "insee-population",
        "insee-diplomes",
        "insee-emploi",
        "insee-familles",
        "insee-revenus",
        "mediation",
        "services-techniques",
        "transports",
    ):
        assert "<figure" in html[ident], ident


def test_links_follow_the_page_url(series, tmp_path):
    cas = {"strategie/bilan/": "../../", "": "", "index.html": "", "strategie/bilan.html": "../"}
    for url, prefixe in cas.items():
        html = macros_indicateurs.rendre_tableau(etat(series, tmp_path), "p.md", url, "otv")
        assert f'href="{prefixe}assets/indicateurs/otv.csv"' in html, url


def test_inline_value_and_evolution(series, tmp_path):
    e = etat(series, tmp_path)
    assert macros_indicateurs.rendre_valeur(e, "p.md", "", "mediation", "interventions", 2017) == f"1{NNBSP}052"
    assert macros_indicateurs.rendre_valeur(e, "p.md", "", "insee-emploi", "taux-chomage", "mons") == f"21,5{NBSP}%"
    assert macros_indicateurs.rendre_evolution(e, "p.md", "", "mediation", "interventions") == f"{MOINS}33,8{NBSP}%"
    assert (
        macros_indicateurs.rendre_evolution(e, "p.md", "", "services-techniques", "tags", 2016, 2017)
        == f"{MOINS}77,2{NBSP}%"
    )  # (28 − 123) / 123 = −77,24 %


# --- macro errors name the page and the call --------------------------------------------------

ERREURS = {
    "tableau inconnu": (
        lambda e: macros_indicateurs.rendre_graphique(e, "docs/strategie/bilan.md", "", "police-nationalle"),
        "docs/strategie/bilan.md : graphique(« police-nationalle ») : série inconnue",
        "vouliez-vous dire « police-nationale »",
    ),
    "unités": (
        lambda e: macros_indicateurs.rendre_graphique(
            e, "docs/x.md", "", "police-nationale", series=["faits-constates", "elucidation-atteintes-biens"]
        ),
        "docs/x.md : graphique(« police-nationale », series=[« faits-constates », « elucidation-atteintes-biens »])",
        "unités différentes",
    ),
    "série inconnue": (
        lambda e: macros_indicateurs.rendre_graphique(e, "docs/x.md", "", "mediation", series=["tag"]),
        "série « tag » inconnue",
        "séries du tableau « mediation »",
    ),
    "graphique inconnu": (
        lambda e: macros_indicateurs.rendre_graphique(e, "docs/x.md", "", "mediation", "interventionz"),
        "graphique « interventionz » inconnu",
        "vouliez-vous dire « interventions »",
    ),
    "colonne inconnue": (
        lambda e: macros_indicateurs.rendre_valeur(e, "docs/x.md", "", "mediation", "interventions", 2019),
        "valeur(« mediation », « interventions », 2019)",
        "colonne « 2019 » inconnue",
    ),
    "option inconnue": (
        lambda e: macros_indicateurs.rendre_graphique(e, "docs/x.md", "", "mediation", serie=["tag"]),
        "graphique(« mediation », serie=[« tag »]) : option « serie » inconnue (vouliez-vous dire « series » ?)",
        "options possibles : series, type, colonnes, axe, titre, alt, libelles",
    ),
    "courbes sans années": (
        lambda e: macros_indicateurs.rendre_graphique(e, "docs/x.md", "", "insee-emploi", type="courbes"),
        "type=« courbes »",
        "tableau par année",
    ),
}


@pytest.mark.parametrize("nom", list(ERREURS))
def test_macro_errors_are_french_and_name_the_call(series, tmp_path, nom):
    appel, debut, detail = ERREURS[nom]
    with pytest.raises(ErreurSite) as exc:
        appel(etat(series, tmp_path))
    assert debut in str(exc.value) and detail in str(exc.value)


# --- editions ----------------------------------------------------------------------------------

INTRANET = """\
titre: Essai
source: Essai
dimension: annee
colonnes: [2017, 2018]
series:
  - id: publique
    libelle: Série publique
    unite: faits
    valeurs:
      2017: 1
      2018: 2
  - id: secrete
    libelle: Série réservée
    unite: faits
    visibilite: intranet
    valeurs:
      2017: 3
      2018: 4
graphiques:
  tout:
    titre: Les deux séries
    series: [publique, secrete]
"""


def test_intranet_series_never_reach_the_public_edition(tmp_path):
    col = Collecteur()
    t = lecture_indicateurs.charger_texte("essai", INTRANET, "data/indicateurs/essai.yml", col)
    assert t is not None and not col.problemes
    public = etat({"essai": t}, tmp_path, "public")
    html = macros_indicateurs.rendre_tableau(public, "p.md", "", "essai")
    assert "Série publique" in html and "Série réservée" not in html
    assert b"secrete" not in export_csv.octets(public.ressources["assets/indicateurs/essai.csv"])
    assert macros_indicateurs.rendre_graphique(public, "p.md", "", "essai") == ""
    assert not any(c.endswith(".svg") for c in public.ressources)
    intranet = etat({"essai": t}, tmp_path, "intranet")
    assert "Série réservée" in macros_indicateurs.rendre_tableau(intranet, "p.md", "", "essai")
    assert "<figure" in macros_indicateurs.rendre_graphique(intranet, "p.md", "", "essai")
    assert b"secrete" in export_csv.octets(intranet.ressources["assets/indicateurs/essai.csv"])
    with pytest.raises(ErreurSite, match="réservée à l'intranet"):
        macros_indicateurs.rendre_valeur(public, "p.md", "", "essai", "secrete", 2017)


# --- bad data: French message with file and line ------------------------------------------------

BASE = """\
titre: Essai
source: Essai
dimension: annee
colonnes: [2016, 2017]
series:
  - id: total
    libelle: Total
    unite: faits
    somme: [a, b]
    valeurs:
      2016: 10
      2017: 12
  - id: a
    libelle: A
    unite: faits
    valeurs:
      2016: 4
      2017: 5
  - id: b
    libelle: B
    unite: faits
    valeurs:
      2016: 6
      2017: 7
  - id: taux
    libelle: Taux
    unite: "%"
    valeurs:
      2016: 12.5
      2017: 13
graphiques:
  g:
    titre: Total
    series: [a, b]
"""


def probleme(texte: str) -> list[str]:
    col = Collecteur()
    lecture_indicateurs.charger_texte("essai", texte, "data/indicateurs/essai.yml", col)
    return [str(p) for p in col.problemes]


def ligne_de(texte: str, fragment: str) -> int:
    return next(i for i, ligne in enumerate(texte.split("\n"), 1) if fragment in ligne)


def test_base_is_valid():
    assert probleme(BASE) == []


@pytest.mark.parametrize(
    "avant,apres,attendu",
    [
        (
            "      2017: 13\n",
            "      2017: 12,5\n",
            "série « taux », 2017 : valeur non numérique « 12,5 » — écrivez le nombre avec un point décimal : 12.5",
        ),
        ("      2017: 5\n", "      2017: beaucoup\n", "série « a », 2017 : valeur non numérique « beaucoup »"),
        ("      2017: 7\n", "      2017: 1 052\n", "écrivez le nombre sans espace : 1052"),
        ("      2017: 13\n", "      2017: 13 %\n", "sans le signe %"),
        ("      2017: 13\n", "      2017: 130\n", "130 n'est pas un pourcentage entre 0 et 100"),
        ("      2017: 12\n", "      2017: 13\n", "le total 13 n'est pas la somme de ses sous-lignes (5 + 7 = 12)"),
        ("      2016: 4\n", "      2016: 4\n      2018: 1\n", "« 2018 » n'est pas une colonne du tableau"),
    ],
)
def test_bad_value_names_file_and_line(avant, apres, attendu):
    texte = BASE.replace(avant, apres, 1)
    assert texte != BASE
    problemes = probleme(texte)
    assert len(problemes) == 1, problemes  # one mistake, one message (no cascade)
    fragment = apres.strip().split("\n")[-1]
    assert problemes[0].startswith(f"data/indicateurs/essai.yml:{ligne_de(texte, fragment)}: "), problemes
    assert attendu in problemes[0], problemes


def test_missing_year():
    texte = BASE.replace("      2017: 5\n", "", 1)
    problemes = probleme(texte)
    assert problemes == [
        f"data/indicateurs/essai.yml:{ligne_de(texte, '  - id: a') + 3}: série « a » : année 2017 "
        "manquante — ajoutez la ligne « 2017: nombre » (ou « 2017: null » si le document ne donne "
        "pas ce chiffre)"
    ]


def test_duplicated_year():
    texte = BASE.replace("      2017: 5\n", "      2017: 5\n      2017: 6\n", 1)
    problemes = probleme(texte)
    assert len(problemes) == 1
    assert problemes[0].startswith(f"data/indicateurs/essai.yml:{ligne_de(texte, '2017: 6')}: ")
    assert "la clé « 2017 » apparaît deux fois" in problemes[0]


def test_unit_mismatch_in_a_declared_chart():
    texte = BASE.replace("    series: [a, b]\n", "    series: [a, taux]\n")
    problemes = probleme(texte)
    assert len(problemes) == 1
    assert problemes[0].startswith(
        f"data/indicateurs/essai.yml:{ligne_de(texte, 'series: [a, taux]')}: graphique « g » : unités différentes"
    )


def test_typo_in_a_field_is_caught():
    texte = BASE.replace('    unite: "%"\n', '    unité: "%"\n')
    problemes = probleme(texte)
    assert any("champ « unité » inconnu (vouliez-vous dire « unite » ?)" in p for p in problemes), problemes
    assert any("champ « unite » manquant" in p for p in problemes), problemes


def test_unknown_reference_and_detail_above_total():
    texte = BASE.replace("    somme: [a, b]\n", "    somme: [a, c]\n")
    assert any("série « total », somme : série « c » inconnue" in p for p in probleme(texte))
    texte = BASE.replace("    somme: [a, b]\n", "    detail: [a, b]\n").replace("      2016: 10\n", "      2016: 9\n")
    assert any("le détail (4 + 6 = 10) dépasse le total 9" in p for p in probleme(texte))


def test_duplicated_series_id():
    texte = BASE.replace("  - id: b\n", "  - id: a\n")
    assert any(f":{ligne_de(texte, 'libelle: B') - 1}: série « a » déjà définie" in p for p in probleme(texte))


# --- the build: a throwaway site, as mkdocs-macros' own tests do ------------------------------

MKDOCS_YML = """\
site_name: Essai indicateurs
use_directory_urls: true
theme:
  name: material
  custom_dir: {overrides}   # our templates: no inline script (the hooks refuse one)
  language: fr
  font: false
extra:
  edition: intranet
plugins:
  macros:
    module_name: {macros}
    on_error_fail: true
    on_undefined: strict
hooks:
  - {hooks}
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - md_in_html
  - tables
  - toc
  - pymdownx.details
  - pymdownx.superfences
"""


def site_essai(dossier: Path, cache: Path | None = None) -> Path:
    """A tiny site: its own mkdocs.yml and docs/, the real data and the real macros and hooks."""
    (dossier / "docs" / "guide").mkdir(parents=True)
    if cache is not None:
        shutil.copytree(cache, dossier / ".cache" / "graphiques")
    shutil.copytree(RACINE / "data", dossier / "data")
    shutil.copy2(RACINE / "docs" / "guide" / "indicateurs.md", dossier / "docs" / "guide" / "indicateurs.md")
    # The observatoire's generated pages (hooks) link to its guide page.
    shutil.copy2(
        RACINE / "docs" / "guide" / "observatoire-local.md", dossier / "docs" / "guide" / "observatoire-local.md"
    )
    (dossier / "docs" / "index.md").write_text("# Essai\n", encoding="utf-8")
    (dossier / "mkdocs.yml").write_text(
        MKDOCS_YML.format(
            macros=RACINE / "macros", hooks=RACINE / "macros" / "moteur" / "hooks.py", overrides=RACINE / "overrides"
        ),
        encoding="utf-8",
    )
    return dossier


def construire(site: Path, dest: Path) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.lent
def test_guide_page_builds_with_its_examples_and_cache_makes_rebuilds_free(tmp_path, figures_declarees, racine_commune):
    # The declared charts are already in the cache (drawn once for this module); the guide
    # also composes one chart of its own, drawn by the first build only.
    site = site_essai(tmp_path / "site", cache=racine_commune / ".cache" / "graphiques")
    premier = construire(site, tmp_path / "build1")
    assert premier.returncode == 0, premier.stdout + premier.stderr
    assert (premier.stdout + premier.stderr).count("Graphique dessiné") == 1
    page = (tmp_path / "build1" / "guide" / "indicateurs" / "index.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure class=\"stspd-graphique\">.*?</figure>", page, flags=re.S)
    assert len(figures) >= 10
    dossier_page = tmp_path / "build1" / "guide" / "indicateurs"
    for fig in figures:
        img = re.search(r'<img src="([^"]+)" alt="([^"]+)"', fig)
        assert img and img[2].strip(), fig[:200]
        assert "<figcaption><strong>" in fig and "Source :" in fig
        assert "<table>" in fig and "</details>" in fig
        csv = re.search(r'href="([^"]+\.csv)" download', fig)
        assert csv, fig[:200]
        assert (dossier_page / img[1]).resolve().is_file()
        assert (dossier_page / csv[1]).resolve().is_file()
    assert f"1{NNBSP}052 fois" in page  # valeur() in a sentence
    cache = site / ".cache" / "graphiques"
    avant = {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")}

    second = construire(site, tmp_path / "build2")
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Graphique dessiné" not in second.stdout + second.stderr  # nothing redrawn
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.svg")} == avant
    svg1 = sorted((tmp_path / "build1" / "assets" / "indicateurs").glob("*.svg"))
    svg2 = sorted((tmp_path / "build2" / "assets" / "indicateurs").glob("*.svg"))
    assert [p.name for p in svg1] == [p.name for p in svg2] and len(svg1) >= 10
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(svg1, svg2, strict=True))


@pytest.mark.lent
def test_bad_macro_call_fails_the_build_in_french_without_traceback(tmp_path):
    site = site_essai(tmp_path / "site")
    (site / "docs" / "index.md").write_text('# Essai\n\n{{ graphique("police-nationalle") }}\n', encoding="utf-8")
    proc = construire(site, tmp_path / "build")
    sortie = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "docs/index.md : graphique(« police-nationalle ») : série inconnue" in sortie, sortie
    assert "Traceback" not in sortie and 'File "' not in sortie, sortie


@pytest.mark.lent
def test_bad_data_stops_the_check_with_file_and_line(tmp_path):
    # Same loader as the build (adapter.etat → charger_corpus), without starting MkDocs.
    site = site_essai(tmp_path / "site")
    chemin = site / "data" / "indicateurs" / "mediation.yml"
    texte = chemin.read_text(encoding="utf-8").replace("      2017: 1052\n", "      2017: mille\n")
    chemin.write_text(texte, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "--racine", str(site), "check"], cwd=RACINE, capture_output=True, text=True
    )
    sortie = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert (
        f"data/indicateurs/mediation.yml:{ligne_de(texte, '2017: mille')}: série « interventions », 2017 : "
        "valeur non numérique « mille »" in sortie
    ), sortie
    assert "Traceback" not in sortie, sortie


def test_remainder_row_follows_the_detail(series):
    lignes = [(ligne.nature, ligne.libelle) for ligne in series["mediation"].lignes()]
    assert lignes == [
        ("serie", "Interventions des médiateurs sociaux"),
        ("serie", "dont pour des attroupements"),
        ("serie", "dont pour des conflits de voisinage"),
        ("reste", "autres motifs (différence calculée)"),
    ]
