"""The campaign files through a real client: LibreOffice headless.

Every generated file is opened by LibreOffice and re-saved as ODS and as XLSX (one
``soffice`` call per format for all files, a throwaway profile). The re-saved files are
filled in as a partner would, imported, checked, and one build of both editions must show
the change on the fiche page, the dashboard and the open-data exports, the intranet entry
in the intranet edition only. A missing LibreOffice fails under CI=true.
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from pathlib import Path

import pytest
from campagne_util import colonne_de, convertir, exiger_libreoffice, ligne_de, lu, remplir
from conftest import copier_projet, lancer, sans_trace
from csv_util import lignes_csv
from helpers import macros
from test_campagne import ANNEE, ajouter_indicateurs_fictifs, empreinte, ligne_indicateur

from macros.lecture.sources import charger_corpus
from macros.outils import campagne as C
from macros.outils import import_campagne as I

pytestmark = pytest.mark.lent  # LibreOffice, subprocess commands, a whole build

DATE = {"STSPD_DATE": "2026-06-15"}
PUBLIC_ODS = "FICTIF-ODS : la convention de coordination est en cours de renouvellement."
INTRANET_XLSX = "FICTIF-XLSX-INTRANET : point d'étape réservé aux partenaires."


@pytest.fixture(scope="module")
def circuit(tmp_path_factory) -> dict:
    exiger_libreoffice()
    racine = tmp_path_factory.mktemp("campagne-lo")
    projet = copier_projet(racine / "projet")
    ajouter_indicateurs_fictifs(projet)
    proc = macros(  # in-process: the command line itself is tested in test_campagne.py
        "-m",
        "macros",
        "--racine",
        str(projet),
        "campagne",
        "--annee",
        str(ANNEE),
        "--dossier",
        str(racine / "campagne"),
        env=DATE,
    )
    sans_trace(proc)
    assert proc.returncode == 0, proc.stderr
    generes = sorted((racine / "campagne").glob("*.ods"))
    resave = convertir(generes, ("ods", "xlsx"), racine / "resave")
    return {"racine": racine, "projet": projet, "generes": generes, **resave}


def test_every_file_opens_and_keeps_its_sheets_headers_and_identity(circuit):
    assert len(circuit["generes"]) > 20
    for chemin in circuit["ods"] + circuit["xlsx"]:
        classeur = lu(chemin)
        assert list(classeur)[:3] == ["Fiches", "Indicateurs", "Mode d'emploi"], chemin.name
        fs = classeur["Fiches"]
        entetes = [fs.valeur(1, c) for c in range(1, 12)]
        assert entetes[:8] == [
            "Fiche",
            "Titre",
            "Statut actuel",
            "Statut",
            "Avancement (%)",
            "Date de l'entrée",
            "Nouvelle entrée du journal",
            "Visibilité de l'entrée",
        ], chemin.name
        camp = classeur["Campagne"]
        acteur = chemin.stem.split("-", 1)[1]
        assert camp.cachee and (camp.valeur(1, 2), camp.valeur(2, 2)) == (C.MARQUEUR, acteur), chemin.name
        assert fs.derniere_ligne >= 2


def test_validations_survive_in_xlsx_and_ods(circuit):
    x = next(p for p in circuit["xlsx"] if p.stem.endswith("police-municipale"))
    feuille = zipfile.ZipFile(x).read("xl/worksheets/sheet1.xml").decode("utf-8")
    validations = re.findall(r"<dataValidation [^>]*>.*?</dataValidation>", feuille, re.S)
    par_colonne = {re.search(r'sqref="([A-Z]+)', v)[1]: v for v in validations}
    assert 'type="list"' in par_colonne["D"] and "En cours" in par_colonne["D"] and "Non renseigné" in par_colonne["D"]
    assert (
        'type="whole"' in par_colonne["E"]
        and 'operator="between"' in par_colonne["E"]
        and "<formula1>0</formula1><formula2>100</formula2>" in par_colonne["E"]
    )
    assert 'type="list"' in par_colonne["H"] and "&quot;intranet,public&quot;" in par_colonne["H"]
    assert "<sheetProtection" in feuille  # read-only columns stay protected
    o = next(p for p in circuit["ods"] if p.stem.endswith("police-municipale"))
    contenu = zipfile.ZipFile(o).read("content.xml").decode("utf-8")
    assert contenu.count("<table:content-validation ") == 3
    assert "cell-content-is-between(0,100)" in contenu


@pytest.fixture(scope="module")
def importe(circuit) -> dict:
    """Fill the re-saved ODS and XLSX of police-municipale, import both, build once."""
    projet, racine = circuit["projet"], circuit["racine"]
    o = next(p for p in circuit["ods"] if p.stem.endswith("police-municipale"))
    ligne = ligne_de(o, "Fiches", "Fiche", "1.6")
    li = ligne_indicateur(o, "faux-contacts-otv", "2026")
    remplir(
        o,
        {
            "Fiches": {
                f"D{ligne}": "En cours",
                f"E{ligne}": 40,
                f"F{ligne}": _dt.date(2026, 5, 20),
                f"G{ligne}": PUBLIC_ODS,
                f"H{ligne}": "public",
            },
            "Indicateurs": {f"{colonne_de(o, 'Indicateurs', 'Valeur')}{li}": 321},
        },
    )
    x = next(p for p in circuit["xlsx"] if p.stem.endswith("police-municipale"))
    ligne = ligne_de(x, "Fiches", "Fiche", "1.11")
    li = ligne_indicateur(x, "faux-interventions-mensuelles", "2026-03")
    remplir(
        x,
        {
            "Fiches": {f"D{ligne}": "Permanent", f"F{ligne}": _dt.date(2026, 4, 2), f"G{ligne}": INTRANET_XLSX},
            "Indicateurs": {f"{colonne_de(x, 'Indicateurs', 'Valeur')}{li}": "12,5"},
        },
    )
    sorties = {}
    for f in (o, x):
        proc = macros("-m", "macros", "--racine", str(projet), "import-campagne", str(f), env=DATE)
        sans_trace(proc)
        assert proc.returncode == 0, proc.stderr
        sorties[f.suffix] = proc.stdout
    apres = empreinte(projet)
    corpus = charger_corpus(projet)  # make check passes
    for f in (o, x):  # the same files again: nothing changes
        r = I.importer(projet, f, _dt.date(2026, 6, 15), corpus=corpus)
        assert r.modifications == [] and r.conflits == []
    assert empreinte(projet) == apres
    site = racine / "site"
    proc = lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(site), env=DATE)
    sans_trace(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"site": site, "sorties": sorties, "projet": projet}


def test_both_formats_import(importe):
    assert (
        "fiche 1.6 (fiches/1.06-police-municipale.md) : statut « En cours », avancement 40 %"
        in importe["sorties"][".ods"]
    )
    assert "1 valeur d'indicateur" in importe["sorties"][".ods"]
    assert (
        "fiche 1.11 (fiches/1.11-protection-biens-habitants.md) : statut « Permanent »" in importe["sorties"][".xlsx"]
    )
    corpus = charger_corpus(importe["projet"])
    f16, f111 = corpus.fiche("1.6"), corpus.fiche("1.11")
    assert (f16.statut, f16.avancement, f16.suivi[0].texte, f16.suivi[0].visibilite) == (
        "en-cours",
        40,
        PUBLIC_ODS,
        "public",
    )
    assert (f111.statut, f111.suivi[0].texte, f111.suivi[0].visibilite) == ("permanent", INTRANET_XLSX, "intranet")
    mensuel = next(i for i in f111.indicateurs if i.id == "faux-interventions-mensuelles")
    assert [(str(v.periode), v.valeur) for v in mensuel.valeurs] == [("2026-03", 12.5)]


def _csv(chemin: Path) -> list[dict]:
    return lignes_csv(chemin.read_bytes())


def test_the_build_shows_the_change_on_page_dashboard_and_exports(importe):
    site = importe["site"]
    for edition in ("public", "intranet"):
        page = (site / edition / "fiches/1.06-police-municipale/index.html").read_text(encoding="utf-8")
        assert "la convention de coordination est en cours de renouvellement" in page
        assert "En cours" in page and "40\u00a0%" in page
        tableau = (site / edition / "suivi/index.html").read_text(encoding="utf-8")
        ligne = re.search(r"<tr[^>]*>(?:(?!</tr>).)*1\.6(?:(?!</tr>).)*</tr>", tableau, re.S)[0]
        assert "En cours" in ligne and "40" in ligne
        fiches = {r["id"]: r for r in _csv(site / edition / "suivi/fiches.csv")}
        assert (fiches["1.6"]["statut"], fiches["1.6"]["avancement"]) == ("en-cours", "40")
        assert fiches["1.6"]["derniere_mise_a_jour"] == "2026-05-20"
        assert fiches["1.11"]["statut"] == "permanent"
        valeurs = {
            (r["indicateur_id"], r["periode"]): r["valeur"] for r in _csv(site / edition / "suivi/indicateurs.csv")
        }
        assert valeurs[("faux-contacts-otv", "2026")] == "321"
        assert valeurs[("faux-interventions-mensuelles", "2026-03")] == "12,5"
    intranet = (site / "intranet/fiches/1.11-protection-biens-habitants/index.html").read_text(encoding="utf-8")
    assert "point d'étape réservé aux partenaires" in intranet.replace("&#39;", "'").replace("&#x27;", "'")


def test_the_intranet_entry_reaches_no_public_file(importe):
    for chemin in (importe["site"] / "public").rglob("*"):
        if chemin.is_file():
            assert b"FICTIF-XLSX-INTRANET" not in chemin.read_bytes(), chemin
    assert any(b"FICTIF-XLSX-INTRANET" in p.read_bytes() for p in (importe["site"] / "intranet").rglob("*.html"))
