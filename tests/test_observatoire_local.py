"""The Observatoire local (fiche 1.1): the partners' records (format, import, validation,
refusal of anything nominative), the zones de vigilance and their map, the intranet pages,
the public yearly aggregate with small counts suppressed, and the leak guarantee.

Every zone, date and count here is fake (tests/fixtures/observatoire/README.md)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from conftest import RACINE, caches_sous_la_racine, copier_projet, lancer, sans_trace
from csv_util import lire_csv
from helpers import check, macros
from navigateur_util import en_ci
from test_editions import contenu_complet

from macros.domaine import nominatif
from macros.domaine.editions import Edition
from macros.export import csv as export_csv
from macros.lecture import grille as lecture
from macros.lecture import releves, zones
from macros.lecture.erreurs import Collecteur, SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.outils import import_observatoire
from macros.rendu import carte
from macros.rendu import graphiques as charts
from macros.rendu import observatoire as ol

FIXTURES = RACINE / "tests/fixtures/observatoire"
AUJOURDHUI = date(2026, 12, 1)
ENV = {"STSPD_DATE": AUJOURDHUI.isoformat()}
ZONE_SENTINELLE = "SENTINELLE-ZONE-5e2d"
NOMBRE_SENTINELLE = 7919  # the sentinel record's count (2026: never public)
ENTETE = "Date;Catégorie;Zone;Source;Nombre"


def avec_zones(projet: Path, zones_geojson: Path = FIXTURES / "zones.geojson") -> Path:
    shutil.copy(zones_geojson, projet / zones.ZONES)
    return projet


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The real project plus the fake zones, loaded once (vocabulary for the unit tests)."""
    projet = avec_zones(copier_projet(tmp_path_factory.mktemp("corpus") / "projet"))
    return charger_corpus(projet)


@pytest.fixture(scope="module")
def vocab(corpus):
    return releves.Vocabulaire.de(corpus.observatoire, corpus.acteurs)


def lire(vocab, texte: str, nom: str = "releve.csv", aujourdhui: date | None = AUJOURDHUI):
    col = Collecteur()
    try:
        grille = lecture.lire_csv(texte.encode("utf-8"), nom, set(releves.COLONNES))
    except lecture.FichierIllisible as exc:
        return [], [f"{nom}:{exc.ligne}: {exc.message}"]
    r = releves.lire_releves(grille, vocab, aujourdhui, col)
    return r, [str(p) for p in col.problemes]


# --- the nominative detectors --------------------------------------------------------------


@pytest.mark.parametrize(
    "texte,type_",
    [
        ("vu par M. Dupont", "civilite"),
        ("Mme Martin", "civilite"),
        ("signalé par Jean Dupont", "nom"),
        ("DURAND Pierre", "nom"),
        ("06 12 34 56 78", "telephone"),
        ("+33 6 12 34 56 78", "telephone"),
        ("0320123456", "telephone"),
        ("AB-123-CD", "plaque"),
        ("ab 123 cd", "plaque"),
        ("1234 AB 59", "plaque"),
        ("123 ABC 2A", "plaque"),
        ("jean.dupont@example.org", "courriel"),
    ],
)
def test_nominative_content_is_detected(texte, type_):
    assert nominatif.detecter(texte) == type_


@pytest.mark.parametrize(
    "texte",
    [
        "25/11/2026",
        "2026-11-25",
        "12",
        "Graffiti",
        "Incendie de véhicule",
        "secteur-fictif-nord",
        "police-municipale",
        "PM",
        "Dépôt sauvage",
    ],
)
def test_record_values_are_not_taken_for_nominative(texte):
    assert nominatif.detecter(texte) is None


def test_place_names_pass_when_person_names_are_not_checked():
    assert nominatif.detecter("Place Jean Jaurès") == "nom"  # in a record cell: refused
    assert nominatif.detecter("Place Jean Jaurès", noms_propres=False) is None  # a zone's name: fine
    assert nominatif.detecter("Chez M. Dupont", noms_propres=False) == "civilite"


# --- reading records: valid files ----------------------------------------------------------


def test_csv_with_bom_semicolons_ids_labels_and_acronyms(vocab):
    brut = (FIXTURES / "releve-pm.csv").read_bytes()
    assert brut.startswith(b"\xef\xbb\xbf")
    grille = lecture.lire_csv(brut, "releve-pm.csv", set(releves.COLONNES))
    col = Collecteur()
    r = releves.lire_releves(grille, vocab, AUJOURDHUI, col)
    assert not col.problemes
    assert len(r) == 12
    assert r[0] == releves.Releve(date(2025, 5, 5), "cambriolage", "secteur-fictif-nord", "police-municipale", 2)
    # label → id, zone name → id, acronym → actor id, ISO date
    assert r[1].zone == "secteur-fictif-sud" and r[3].source == "police-municipale"
    assert r[4].categorie == "incendie-vehicule"
    assert r[-1].date == date(2026, 11, 26) and r[-1].categorie == "depot-sauvage"


def test_ods_written_by_libreoffice_reads_typed_dates_and_numbers(vocab):
    grille = lecture.lire(FIXTURES / "releve-bailleur.ods")
    # LibreOffice displays 05/07/25 (its locale); the typed value is 7 May 2025.
    assert grille.lignes[1] == (2, ["2025-05-07", "graffiti", "secteur-fictif-nord", "bailleurs-sociaux", "9"])
    col = Collecteur()
    r = releves.lire_releves(grille, vocab, AUJOURDHUI, col)
    assert not col.problemes
    assert [x.nombre for x in r] == [9, 4, 1]
    assert r[1] == releves.Releve(date(2026, 11, 15), "degradation", "secteur-fictif-sud", "bailleurs-sociaux", 4)


@pytest.mark.lent
def test_a_spreadsheet_saved_by_libreoffice_now_is_imported(vocab, tmp_path):
    """LibreOffice Calc really started (headless): a partner's CSV opened with French settings
    and saved as ODS; dates become typed cells, and the import reads them right."""
    soffice = shutil.which("soffice")
    if soffice is None:
        if en_ci():
            pytest.fail("LibreOffice (soffice) manque : .ci/run doit l'installer")
        pytest.skip("LibreOffice absent")
    source = tmp_path / "releve-mediation.csv"
    source.write_text(
        f"{ENTETE}\n05/11/2026;Rassemblement;Secteur fictif Est;mediation-sociale;2\n"
        "28/11/2026;Dégradation;secteur-fictif-nord;mediation-sociale;1\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profil'}",
            "--infilter=CSV:59,34,76,1,,1036",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    ods = tmp_path / "releve-mediation.ods"
    assert ods.is_file(), proc.stdout + proc.stderr
    col = Collecteur()
    r = releves.lire_releves(lecture.lire(ods), vocab, AUJOURDHUI, col)
    assert not col.problemes
    assert r == [
        releves.Releve(date(2026, 11, 5), "rassemblement", "secteur-fictif-est", "mediation-sociale", 2),
        releves.Releve(date(2026, 11, 28), "degradation", "secteur-fictif-nord", "mediation-sociale", 1),
    ]


def test_comma_separated_csv_is_accepted_when_unambiguous(vocab):
    r, problemes = lire(vocab, "Date,Catégorie,Zone,Source,Nombre\n25/11/2026,Graffiti,secteur-fictif-nord,PM,2\n")
    assert not problemes and r[0].nombre == 2


def test_excel_separator_hint_line_is_understood(vocab):
    r, problemes = lire(
        vocab, "sep=;\nDate;Catégorie;Zone;Source;Nombre\n25/11/2026;Graffiti;secteur-fictif-nord;PM;2\n"
    )
    assert not problemes and r[0].nombre == 2


def test_ambiguous_separator_is_refused(vocab):
    _, problemes = lire(vocab, "Date Catégorie Zone Source Nombre\n")
    assert problemes and "séparateur" in problemes[0] and "point-virgule" in problemes[0]


def test_columns_in_another_order_and_headers_without_accents(vocab):
    r, problemes = lire(vocab, "nombre;ZONE;source;categorie;date\n3;secteur-fictif-est;PM;graffiti;01/11/2026\n")
    assert not problemes
    assert r == [releves.Releve(date(2026, 11, 1), "graffiti", "secteur-fictif-est", "police-municipale", 3)]


def test_a_file_not_in_utf8_is_refused_with_how_to_save_it():
    with pytest.raises(lecture.FichierIllisible) as exc:
        lecture.lire_csv((ENTETE + "\n01/11/2026;Dégradation;x;PM;1\n").encode("cp1252"), "r.csv")
    assert "UTF-8" in exc.value.message and exc.value.ligne == 1  # « Catégorie » in the header


def test_old_excel_files_are_refused_with_advice(tmp_path):
    f = tmp_path / "releve.xls"
    f.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(lecture.FichierIllisible) as exc:
        lecture.lire(f)
    assert "ODS" in exc.value.message and "CSV" in exc.value.message


def test_xlsx_from_excel_is_read_through_typed_cells(vocab, tmp_path):
    from datetime import datetime

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Relevés"
    ws.append(list(releves.COLONNES))
    ws.append([datetime(2026, 11, 20), "Dépôt sauvage", "secteur-fictif-sud", "Services techniques", 3])
    ws["A2"].number_format = "DD/MM/YYYY"
    wb.save(tmp_path / "releve.xlsx")
    col = Collecteur()
    r = releves.lire_releves(lecture.lire(tmp_path / "releve.xlsx"), vocab, AUJOURDHUI, col)
    assert not col.problemes
    assert r == [releves.Releve(date(2026, 11, 20), "depot-sauvage", "secteur-fictif-sud", "services-techniques", 3)]


# --- reading records: every validation case -------------------------------------------------


@pytest.mark.parametrize(
    "ligne,attendu",
    [
        (
            "25/11/2026;Graffiti;zone-inconnue;PM;1",
            "releve.csv:2: colonne C (« Zone ») : zone « zone-inconnue » inconnue",
        ),
        (
            "25/11/2026;Grafiti;secteur-fictif-nord;PM;1",
            "releve.csv:2: colonne B (« Catégorie ») : catégorie « Grafiti » inconnue (vouliez-vous dire « "
            "graffiti » ?)",
        ),
        (
            "25/11/2026;Graffiti;secteur-fictif-nord;police-mun;1",
            "releve.csv:2: colonne D (« Source ») : source « police-mun » inconnue",
        ),
        (
            "31/02/2026;Graffiti;secteur-fictif-nord;PM;1",
            "releve.csv:2: colonne A (« Date ») : date « 31/02/2026 » impossible",
        ),
        (
            "02/12/2026;Graffiti;secteur-fictif-nord;PM;1",
            "releve.csv:2: colonne A (« Date ») : date « 02/12/2026 » dans le futur (aujourd'hui : "
            "1er\u00a0décembre 2026)",
        ),
        (
            "hier;Graffiti;secteur-fictif-nord;PM;1",
            "releve.csv:2: colonne A (« Date ») : date « hier » illisible — format attendu JJ/MM/AAAA",
        ),
        (
            "25/11/2026;Graffiti;secteur-fictif-nord;PM;2,5",
            "releve.csv:2: colonne E (« Nombre ») : « 2,5 » n'est pas un nombre entier",
        ),
        (
            "25/11/2026;Graffiti;secteur-fictif-nord;PM;-3",
            "releve.csv:2: colonne E (« Nombre ») : nombre négatif « -3 »",
        ),
        ("25/11/2026;Graffiti;secteur-fictif-nord;PM;", "releve.csv:2: colonne E (« Nombre ») : nombre manquant"),
        ("25/11/2026;;secteur-fictif-nord;PM;1", "releve.csv:2: colonne B (« Catégorie ») : catégorie manquante"),
    ],
)
def test_each_invalid_cell_is_reported_with_file_line_and_column(vocab, ligne, attendu):
    r, problemes = lire(vocab, f"{ENTETE}\n{ligne}\n01/11/2026;Graffiti;secteur-fictif-nord;PM;1\n")
    assert len(r) == 1  # the valid line is read; the file would still be refused whole at import
    assert len(problemes) == 1, problemes
    assert problemes[0].startswith(attendu), problemes[0]


@pytest.mark.parametrize(
    "valeur,type_",
    [
        ("M. Dupont", "civilite"),
        ("Jean Dupont", "nom"),
        ("06 12 34 56 78", "telephone"),
        ("AB-123-CD", "plaque"),
        ("123 ABC 59", "plaque"),
        ("jean.dupont@example.org", "courriel"),
    ],
)
@pytest.mark.parametrize("colonne", ["Zone", "Catégorie", "Source", "Nombre", "Date"])
def test_a_nominative_value_in_any_column_is_refused_and_never_repeated(vocab, valeur, type_, colonne):
    cellules = {
        "Date": "25/11/2026",
        "Catégorie": "Graffiti",
        "Zone": "secteur-fictif-nord",
        "Source": "PM",
        "Nombre": "1",
    }
    cellules[colonne] = valeur
    r, problemes = lire(vocab, ENTETE + "\n" + ";".join(cellules[c] for c in releves.COLONNES) + "\n")
    assert r == [] and len(problemes) == 1
    lettre = "ABCDE"[list(releves.COLONNES).index(colonne)]
    assert problemes[0].startswith(
        f"releve.csv:2: colonne {lettre} (« {colonne} ») : ce texte ressemble à {nominatif.TYPES[type_]}"
    )
    assert "charte déontologique" in problemes[0] and "nominatif" in problemes[0]
    assert valeur not in problemes[0]


@pytest.mark.parametrize(
    "entete,raison",
    [
        ("Observations", "le format n'a que les colonnes"),
        ("Nom", "elle annonce des données personnelles"),
        ("Téléphone", "elle annonce des données personnelles"),
        ("Immatriculation", "elle annonce des données personnelles"),
        ("Courriel", "elle annonce des données personnelles"),
    ],
)
def test_an_extra_column_refuses_the_whole_file(vocab, entete, raison):
    r, problemes = lire(vocab, f"{ENTETE};{entete}\n25/11/2026;Graffiti;secteur-fictif-nord;PM;1;x\n")
    assert r == []
    assert len(problemes) == 1
    assert problemes[0].startswith(f"releve.csv:1: colonne F « {entete} » : colonne refusée — {raison}")
    assert "charte déontologique" in problemes[0]


def test_a_near_miss_of_the_vocabulary_is_a_typo_not_a_name(vocab):
    _, problemes = lire(vocab, f"{ENTETE}\n25/11/2026;Incendie Véhicule;Secteur Fictif Nort;PM;1\n")
    assert problemes == [
        "releve.csv:2: colonne B (« Catégorie ») : catégorie « Incendie Véhicule » inconnue (vouliez-vous dire "
        "« incendie-vehicule » ?) — valeurs possibles (data/observatoire/categories.yml) : degradation, graffiti, "
        "rassemblement, trafic, cambriolage, incendie-vehicule, depot-sauvage",
        "releve.csv:2: colonne C (« Zone ») : zone « Secteur Fictif Nort » inconnue (vouliez-vous dire "
        "« secteur-fictif-nord » ?) — valeurs possibles (data/observatoire/zones.geojson) : secteur-fictif-nord, "
        "secteur-fictif-sud, secteur-fictif-est, zone-sentinelle",
    ]


def test_a_value_in_a_column_without_header_is_refused_and_not_repeated(vocab):
    r, problemes = lire(vocab, f"{ENTETE}\n25/11/2026;Graffiti;secteur-fictif-nord;PM;1;;Jean Dupont\n")
    assert r == [] and len(problemes) == 1
    assert problemes[0].startswith("releve.csv:2: colonne G : valeur dans une colonne sans en-tête")
    assert "Dupont" not in problemes[0]


def test_a_nominative_header_is_not_repeated(vocab):
    _, problemes = lire(vocab, f"{ENTETE};M. Dupont\n25/11/2026;Graffiti;secteur-fictif-nord;PM;1;x\n")
    assert len(problemes) == 1 and "Dupont" not in problemes[0] and "(en-tête non recopié)" in problemes[0]


def test_missing_and_duplicate_columns(vocab):
    _, problemes = lire(vocab, "Date;Zone;Source\n25/11/2026;secteur-fictif-nord;PM\n")
    assert problemes == [
        f"releve.csv:1: ligne d'en-tête : colonnes « Catégorie », « Nombre » manquantes — en-tête attendu : {ENTETE}"
    ]
    _, problemes = lire(vocab, f"{ENTETE};Zone\n25/11/2026;Graffiti;secteur-fictif-nord;PM;1;x\n")
    assert problemes == ["releve.csv:1: colonne F (« Zone ») : colonne en double (déjà en C)"]


def test_every_problem_of_a_file_is_listed(vocab):
    _, problemes = lire(vocab, f"{ENTETE}\n31/02/2026;Grafiti;nulle-part;inconnu;x\n25/11/2026;Graffiti;x;PM;1\n")
    assert [p.split(":")[1] for p in problemes] == ["2"] * 5 + ["3"]


def _ods(lignes: list[list], chemin: Path, feuilles: int = 1) -> Path:
    """An ODS file written with odfpy: strings, and typed dates and numbers."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    for k in range(feuilles):
        t = Table(name=f"Relevé {k + 1}")
        for ligne in lignes:
            tr = TableRow()
            for v in ligne:
                if isinstance(v, date):
                    c = TableCell(valuetype="date", datevalue=v.isoformat())
                    c.addElement(P(text=v.strftime("%d/%m/%Y")))
                elif isinstance(v, (int, float)):
                    c = TableCell(valuetype="float", value=str(v))
                    c.addElement(P(text=str(v)))
                else:
                    c = TableCell(valuetype="string")
                    c.addElement(P(text=v))
                tr.addElement(c)
            t.addElement(tr)
        doc.spreadsheet.addElement(t)
    doc.save(str(chemin))
    return chemin


def test_ods_problems_name_the_sheet_and_the_cell(vocab, tmp_path):
    f = _ods(
        [
            list(releves.COLONNES),
            [date(2026, 11, 20), "Graffiti", "secteur-fictif-nord", "PM", 2],
            [date(2026, 11, 21), "Graffiti", "Jean Dupont", "PM", 2.5],
        ],
        tmp_path / "r.ods",
    )
    grille = lecture.lire(f, "r.ods")
    col = Collecteur()
    r = releves.lire_releves(grille, vocab, AUJOURDHUI, col)
    assert len(r) == 1 and r[0].date == date(2026, 11, 20) and r[0].nombre == 2
    messages = sorted(str(p) for p in col.problemes)
    assert messages[0].startswith("r.ods:3: feuille « Relevé 1 », cellule C3 (« Zone ») : ce texte ressemble à un nom")
    assert messages[1].startswith(
        "r.ods:3: feuille « Relevé 1 », cellule E3 (« Nombre ») : « 2.5 » n'est pas un nombre entier"
    )


def test_ods_with_two_filled_sheets_is_refused(tmp_path):
    f = _ods(
        [list(releves.COLONNES), [date(2026, 11, 20), "Graffiti", "secteur-fictif-nord", "PM", 2]],
        tmp_path / "r.ods",
        feuilles=2,
    )
    with pytest.raises(lecture.FichierIllisible) as exc:
        lecture.lire(f)
    assert "plusieurs feuilles" in exc.value.message


# --- import: storage, idempotence, all or nothing ------------------------------------------


@pytest.fixture
def projet_zones(tmp_path) -> Path:
    return avec_zones(copier_projet(tmp_path / "projet"))


def _stockes(projet: Path) -> dict[str, bytes]:
    dossier = projet / releves.DOSSIER
    return (
        {p.relative_to(projet).as_posix(): p.read_bytes() for p in sorted(dossier.rglob("*.csv"))}
        if dossier.exists()
        else {}
    )


def test_import_writes_one_file_per_source_and_month_and_reimport_changes_nothing(projet_zones):
    fichiers = [FIXTURES / "releve-pm.csv", FIXTURES / "releve-bailleur.ods"]
    rapport, problemes = import_observatoire.importer(projet_zones, fichiers, AUJOURDHUI)
    assert not problemes
    stockes = _stockes(projet_zones)
    assert sorted(stockes) == [
        f"{releves.DOSSIER}/{s}"
        for s in (
            "bailleurs-sociaux/2025-05.csv",
            "bailleurs-sociaux/2026-11.csv",
            "police-municipale/2025-05.csv",
            "police-municipale/2026-10.csv",
            "police-municipale/2026-11.csv",
        )
    ]
    # Sorted, ISO dates, ids; two lines with the same date, category, zone and source are added up (7 + 5).
    assert (
        stockes[f"{releves.DOSSIER}/police-municipale/2025-05.csv"]
        == (
            f"{ENTETE}\n2025-05-05;cambriolage;secteur-fictif-nord;police-municipale;2\n"
            "2025-05-06;cambriolage;secteur-fictif-sud;police-municipale;1\n"
            "2025-05-12;graffiti;secteur-fictif-est;police-municipale;12\n"
            "2025-05-13;incendie-vehicule;secteur-fictif-sud;police-municipale;6\n"
        ).encode()
    )
    dates = {p: (projet_zones / p).stat().st_mtime_ns for p in stockes}
    rapport, problemes = import_observatoire.importer(projet_zones, fichiers, AUJOURDHUI)
    assert not problemes and rapport[-1] == "Rien n'a changé : ces relevés étaient déjà importés."
    assert _stockes(projet_zones) == stockes
    assert {p: (projet_zones / p).stat().st_mtime_ns for p in stockes} == dates
    # The stored files are valid sources, and valid import files themselves.
    corpus = charger_corpus(projet_zones)
    assert (
        sum(r.nombre for r in corpus.observatoire.releves) == 2 + 1 + 12 + 6 + 4 + 2 + 3 + 1 + 6 + 7919 + 2 + 9 + 4 + 1
    )


def test_a_corrected_line_replaces_and_zero_deletes(projet_zones, tmp_path):
    f = tmp_path / "correction.csv"
    f.write_text(
        f"{ENTETE}\n12/05/2025;graffiti;secteur-fictif-est;PM;0\n05/05/2025;cambriolage;secteur-fictif-nord;PM;5\n",
        encoding="utf-8",
    )
    import_observatoire.importer(projet_zones, [FIXTURES / "releve-pm.csv"], AUJOURDHUI)
    rapport, problemes = import_observatoire.importer(projet_zones, [f], AUJOURDHUI)
    assert not problemes
    stockes = _stockes(projet_zones)
    assert (
        stockes[f"{releves.DOSSIER}/police-municipale/2025-05.csv"]
        == (
            f"{ENTETE}\n2025-05-05;cambriolage;secteur-fictif-nord;police-municipale;5\n"
            "2025-05-06;cambriolage;secteur-fictif-sud;police-municipale;1\n"
            "2025-05-13;incendie-vehicule;secteur-fictif-sud;police-municipale;6\n"
        ).encode()
    )
    g = tmp_path / "tout-effacer.csv"
    g.write_text(
        f"{ENTETE}\n"
        + "".join(
            f"{j}/05/2025;{c};{z};PM;0\n"
            for j, c, z in (
                ("05", "cambriolage", "secteur-fictif-nord"),
                ("06", "cambriolage", "secteur-fictif-sud"),
                ("13", "Incendie de véhicule", "secteur-fictif-sud"),
            )
        ),
        encoding="utf-8",
    )
    rapport, problemes = import_observatoire.importer(projet_zones, [g], AUJOURDHUI)
    assert not problemes and any("supprimé" in ligne for ligne in rapport)
    assert f"{releves.DOSSIER}/police-municipale/2025-05.csv" not in _stockes(projet_zones)


def test_import_is_all_or_nothing(projet_zones, tmp_path):
    bon = tmp_path / "bon.csv"
    bon.write_text(f"{ENTETE}\n20/11/2026;Graffiti;secteur-fictif-nord;PM;2\n", encoding="utf-8")
    mauvais = tmp_path / "mauvais.csv"
    mauvais.write_text(
        f"{ENTETE}\n20/11/2026;Graffiti;secteur-fictif-nord;PM;2\n21/11/2026;Graffiti;"
        "secteur-fictif-nord;06 12 34 56 78;1\n",
        encoding="utf-8",
    )
    rapport, problemes = import_observatoire.importer(projet_zones, [bon, mauvais], AUJOURDHUI)
    assert rapport == [] and len(problemes) == 1 and f"{mauvais}:3:" in problemes[0]
    assert not (projet_zones / releves.DOSSIER).exists()


def test_the_import_command_fails_in_french_without_traceback_and_writes_nothing(projet_zones, tmp_path):
    f = tmp_path / "releve.csv"
    f.write_text(f"{ENTETE};Nom du témoin\n20/11/2026;Graffiti;secteur-fictif-nord;PM;2;X\n", encoding="utf-8")
    proc = macros("-m", "macros", "--racine", str(projet_zones), "import-observatoire", str(f), env=ENV)
    sans_trace(proc)
    assert proc.returncode == 1
    assert (
        f"{f}:1: colonne F « Nom du témoin » : colonne refusée — elle annonce des données personnelles" in proc.stderr
    )
    assert "Aucun relevé importé" in proc.stderr
    assert not (projet_zones / releves.DOSSIER).exists()


def test_a_stored_record_whose_zone_no_longer_exists_fails_the_check(projet_zones):
    import_observatoire.importer(projet_zones, [FIXTURES / "releve-pm.csv"], AUJOURDHUI)
    doc = json.loads((projet_zones / zones.ZONES).read_text(encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["id"] != "secteur-fictif-est"]
    (projet_zones / zones.ZONES).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SourcesInvalides) as exc:
        charger_corpus(projet_zones)
    assert (
        f"{releves.DOSSIER}/police-municipale/2025-05.csv:4: colonne C (« Zone ») : zone « secteur-fictif-est » "
        "inconnue"
    ) in exc.value.rapport()


# --- zones: validation ---------------------------------------------------------------------


def _zone(coords, **props) -> dict:
    return {
        "type": "Feature",
        "properties": {"id": "z", "nom": "Zone fictive", **props},
        "geometry": {"type": "Polygon", "coordinates": coords},
    }


CARRE = [[[3.106, 50.642], [3.108, 50.642], [3.108, 50.644], [3.106, 50.644], [3.106, 50.642]]]


@pytest.mark.parametrize(
    "feature,attendu",
    [
        (_zone([[[3.106, 50.642], [3.108, 50.642], [3.108, 50.644], [3.106, 50.644]]]), "polygone non fermé"),
        (_zone([[[3.106, 50.642], [3.108, 50.642], [3.106, 50.642]]]), "trop peu de points (2 distincts)"),
        (
            _zone([[[3.106, 50.642], [3.108, 50.644], [3.108, 50.642], [3.106, 50.644], [3.106, 50.642]]]),
            "le contour se recoupe lui-même près du point longitude 3,107",
        ),
        (_zone([[[x + 0.2, y] for x, y in CARRE[0]]]), "zone entièrement hors de Mons-en-Barœul"),
        (
            _zone([[[3.106, 50.642], [3.108, 50.642], [3.108, 50.6585], [3.106, 50.644], [3.106, 50.642]]]),
            "la zone sort de Mons-en-Barœul : un sommet est à",
        ),
        (
            {
                "type": "Feature",
                "properties": {"id": "z", "nom": "Zone fictive"},
                "geometry": {"type": "Point", "coordinates": [3.107, 50.643]},
            },
            "géométrie « Point »",
        ),
        (_zone(CARRE, id=None), "identifiant manquant"),
        (_zone(CARRE, id="Zone Nord"), "identifiant « Zone Nord » invalide"),
        (_zone(CARRE, description="signalé par M. Dupont"), "propriété « description » non prévue"),
        (_zone(CARRE, description="", couleur="rouge"), "propriété « couleur » non prévue"),
        (_zone(CARRE, nom="Chez Mme Martin"), "nom refusé — ce texte ressemble à un nom de personne"),
    ],
)
def test_invalid_zones_are_reported_in_french(projet_zones, feature, attendu):
    if feature["properties"].get("id", "") is None:
        del feature["properties"]["id"]
    doc = {"type": "FeatureCollection", "features": [feature]}
    (projet_zones / zones.ZONES).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SourcesInvalides) as exc:
        charger_corpus(projet_zones)
    rapport = exc.value.rapport()
    assert f"{zones.ZONES} : zone n° 1" in rapport and attendu in rapport, rapport
    assert "Dupont" not in rapport and "Martin" not in rapport


def test_a_zone_crossing_the_simplified_outline_by_less_than_the_tolerance_is_accepted(projet_zones):
    corpus = charger_corpus(projet_zones)
    commune = corpus.observatoire.geo.commune
    # A vertex of the commune's outline, pushed about 40 m outward (north).
    lon, lat = max(commune.polygones[0][0], key=lambda p: p[1])
    coords = [
        [[lon - 0.001, lat - 0.001], [lon + 0.001, lat - 0.001], [lon, lat + 0.00036], [lon - 0.001, lat - 0.001]]
    ]
    doc = {"type": "FeatureCollection", "features": [_zone(coords)]}
    (projet_zones / zones.ZONES).write_text(json.dumps(doc), encoding="utf-8")
    assert [z.id for z in charger_corpus(projet_zones).observatoire.zones] == ["z"]


def test_duplicate_zone_ids_and_malformed_json(projet_zones):
    doc = {"type": "FeatureCollection", "features": [_zone(CARRE), _zone(CARRE, nom="Autre zone fictive")]}
    (projet_zones / zones.ZONES).write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SourcesInvalides) as exc:
        charger_corpus(projet_zones)
    assert "zone n° 2 (« Autre zone fictive ») : identifiant « z » déjà pris par la zone n° 1" in exc.value.rapport()
    (projet_zones / zones.ZONES).write_text('{"type": "FeatureCollection",\n "features": [,]}', encoding="utf-8")
    with pytest.raises(SourcesInvalides) as exc:
        charger_corpus(projet_zones)
    assert f"{zones.ZONES}:2: GeoJSON mal formé" in exc.value.rapport()


def test_the_vendored_outlines_are_the_published_ones_unmodified():
    source = RACINE.parent / "shared/geo/communes-59-nord.geojson"
    vendu = json.loads((RACINE / zones.CONTOURS).read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in vendu["features"]]
    assert "59410" in codes and 2 <= len(codes) <= 8
    texte_source = (RACINE / "data/geo/SOURCE.md").read_text(encoding="utf-8")
    assert "« Contours : IGN ADMIN EXPRESS COG 2018, simplifiés (france-geojson), Licence Ouverte »" in texte_source
    if not source.is_file():
        pytest.fail(f"{source} absent : impossible de vérifier que les contours sont recopiés à l'identique")
    publies = {f["properties"]["code"]: f for f in json.loads(source.read_text(encoding="utf-8"))["features"]}
    for f in vendu["features"]:
        assert f == publies[f["properties"]["code"]]
    assert zones.extraire_contours(source, "59410") == (RACINE / zones.CONTOURS).read_bytes()


# --- periods and the public aggregate (pure) -----------------------------------------------


def test_periods():
    p = ol.periode("semaine", date(2026, 11, 26))
    assert (p.debut, p.fin, p.slug, p.libelle) == (
        date(2026, 11, 23),
        date(2026, 11, 29),
        "2026-S48",
        "semaine 48 de 2026",
    )
    assert p.precedente().slug == "2026-S47"
    assert ol.periode("semaine", date(2027, 1, 1)).slug == "2026-S53"  # ISO week of the year it belongs to
    m = ol.periode("mois", date(2026, 3, 31))
    assert (m.debut, m.fin, m.precedente().slug) == (date(2026, 3, 1), date(2026, 3, 31), "2026-02")
    assert ol.periode("mois", date(2026, 1, 5)).precedente().slug == "2025-12"
    assert ol.periode("semestre", date(2026, 11, 2)).slug == "2026-S2"


def _r(d: date, cat: str, n: int, zone: str = "secteur-fictif-nord") -> releves.Releve:
    return releves.Releve(d, cat, zone, "police-municipale", n)


def test_public_totals_suppress_small_counts_and_skip_the_current_year():
    rs = [
        _r(date(2025, 1, 2), "graffiti", 3),
        _r(date(2025, 6, 2), "graffiti", 2, "secteur-fictif-sud"),
        _r(date(2025, 3, 3), "cambriolage", 4),
        _r(date(2024, 3, 3), "cambriolage", 1),
        _r(date(2026, 3, 3), "cambriolage", 40),
    ]
    totaux = ol.totaux_annuels(rs, 2026)
    assert totaux == {2024: Counter({"cambriolage": 1}), 2025: Counter({"graffiti": 5, "cambriolage": 4})}
    assert [ol.public(n) for n in (0, 1, 4, 5, 12, 1052)] == ["moins de 5"] * 3 + ["5", "12", "1\u202f052"]


def test_public_page_shows_only_closed_years_suppressed_and_no_zone(corpus):
    d = releves.DonneesLocales(
        corpus.observatoire.categories,
        corpus.observatoire.geo,
        [
            _r(date(2025, 1, 2), "graffiti", 3),
            _r(date(2025, 6, 2), "graffiti", 9),
            _r(date(2025, 3, 3), "cambriolage", 4),
            _r(date(2026, 3, 3), "cambriolage", 40),
        ],
    )
    fichiers = ol.page_publique(corpus, d, AUJOURDHUI)
    page = fichiers[ol.PAGE_PUBLIQUE]
    assert re.search(r"<th scope=\"row\">Graffiti</th><td[^>]*>12</td>", page)
    assert re.search(r"<th scope=\"row\">Cambriolage</th><td[^>]*>moins de 5</td>", page)
    assert "2026" not in page and "40" not in page
    assert "Secteur fictif" not in page and "secteur-fictif" not in page and "novembre" not in page
    relu = export_csv.fichier(fichiers[ol.CSV_PUBLIC])
    assert "2025;cambriolage;Cambriolage;moins de 5\r\n" in relu and "2025;graffiti;Graffiti;12\r\n" in relu


def test_without_data_the_pages_say_so(tmp_path):
    corpus = charger_corpus(copier_projet(tmp_path / "projet"))  # the real content: no zone, no record
    assert corpus.observatoire.zones == [] and corpus.observatoire.releves == []
    public = ol.pages(corpus, Edition("public", corpus), AUJOURDHUI)
    assert list(public) == [ol.PAGE_PUBLIQUE]
    assert "Aucun total n'est encore publié" in public[ol.PAGE_PUBLIQUE]
    intranet = ol.pages(corpus, Edition("intranet", corpus), AUJOURDHUI)
    assert "Aucune zone de vigilance n'est encore définie" in intranet[ol.PAGE_INDEX]
    assert "Aucun relevé n'a encore été importé" in intranet[ol.PAGE_INDEX]
    assert "Aucune zone de vigilance n'est encore définie" in intranet[ol.PAGE_CARTE]


# --- the map: deterministic and cached -----------------------------------------------------


@pytest.fixture(scope="module")
def corpus_releves(tmp_path_factory):
    projet = avec_zones(copier_projet(tmp_path_factory.mktemp("releves") / "projet"))
    _, problemes = import_observatoire.importer(
        projet, [FIXTURES / "releve-pm.csv", FIXTURES / "releve-bailleur.ods"], AUJOURDHUI
    )
    assert not problemes
    return charger_corpus(projet)


def test_the_map_is_deterministic_labelled_and_cited(corpus_releves):
    d = corpus_releves.observatoire
    spec = ol.spec_carte(d, ol.periode("mois", date(2026, 11, 1)), d.releves)
    a, b = carte.dessiner(spec), carte.dessiner(spec)
    assert a == b
    svg = a.decode("utf-8")
    assert "IGN ADMIN EXPRESS COG 2018" in svg and "Licence Ouverte" in svg
    assert "Secteur fictif Nord" in svg and ZONE_SENTINELLE in svg
    assert "7\u202f919" in svg  # each zone's count is written, not only shaded
    assert not re.search(r'(?:href|src)="https?:', svg)  # no tile, no third-party request
    assert "<dc:date>" not in svg


@pytest.fixture(scope="module")
def pages_intranet(corpus_releves, tmp_path_factory):
    """The intranet pages, computed once with an empty cache: (pages, maps drawn, cache root)."""
    corpus_releves.racine = tmp_path_factory.mktemp("cache")  # the caches live under the corpus root
    avant = carte.STATS.dessines
    with caches_sous_la_racine():
        pages = ol.pages(corpus_releves, Edition("intranet", corpus_releves), AUJOURDHUI)
    return pages, carte.STATS.dessines - avant, corpus_releves.racine


def test_the_map_is_cached_and_a_second_build_draws_nothing(corpus_releves, pages_intranet, cache_du_projet):
    premier, dessinees, racine = pages_intranet
    assert dessinees >= 2  # the map page and the monthly reports
    assert len(list((racine / carte.CACHE).glob("*.svg"))) == dessinees
    avant = (carte.STATS.dessines, charts.STATS.dessines)
    second = ol.pages(corpus_releves, Edition("intranet", corpus_releves), AUJOURDHUI)
    assert (carte.STATS.dessines, charts.STATS.dessines) == avant
    assert second == premier


def test_pages_compare_with_the_previous_period(pages_intranet):
    pages, _, _ = pages_intranet
    mois = pages[f"{ol.DOSSIER_MENSUEL}/2026-11.md"]
    assert "comparée à la période précédente, octobre 2026" in mois
    # Rassemblement: 4 in October; 3 + 6 + 7 919 in November.
    assert re.search(r"<th scope=\"row\">Rassemblement</th><td[^>]*>4</td><td[^>]*>7\u202f928</td>", mois)
    semaine = pages[f"{ol.DOSSIER_HEBDO}/2026-S48.md"]
    assert "semaine 47 de 2026" in semaine
    assert re.search(
        r"<th scope=\"row\">Secteur fictif Nord</th><td[^>]*>3</td><td[^>]*>6</td><td[^>]*>\+3 "
        r"\(\+100\u00a0%\)</td>",
        semaine,
    )
    index = pages[ol.PAGE_INDEX]
    assert "(recap-hebdomadaire/2026-S48.md)" in index and "(cellule-de-veille/2026-11.md)" in index
    assert len(re.findall(r"\(cellule-de-veille/", index)) <= ol.NB_MOIS
    modele = export_csv.octets(pages[ol.MODELE])
    assert modele == ("\ufeff" + ";".join(releves.COLONNES) + "\r\n").encode("utf-8")
    assert lecture.lire_csv(modele, "modele.csv").lignes == [(1, list(releves.COLONNES))]
    csv_ = export_csv.fichier(pages[f"{ol.DOSSIER_FIGURES}/mois-2026-11-zone.csv"])
    assert "2026-11;2026-10;zone-sentinelle;SENTINELLE-ZONE-5e2d;0;7919\r\n" in csv_


# --- the coordinator's guide: its examples, applied as written -----------------------------

GUIDE = RACINE / "docs/guide/observatoire-local.md"


@pytest.mark.lent
def test_the_guide_examples_work_as_written(tmp_path):
    texte = GUIDE.read_text(encoding="utf-8")
    projet = copier_projet(tmp_path / "projet")
    fichiers = re.findall(r"<!-- exemple: fichier (\S+) -->\n```[a-z]*\n(.*?)\n```", texte, re.S)
    imports = re.findall(r"<!-- exemple-import: (\S+) -->\n```[a-z]*\n(.*?)\n```", texte, re.S)
    refus = re.findall(r"<!-- exemple-refus: (\S+) -->\n```[a-z]*\n(.*?)\n```", texte, re.S)
    message = re.findall(r"<!-- message-refus -->\n```[a-z]*\n(.*?)\n```", texte, re.S)
    assert fichiers and imports and refus and message
    for cible, bloc in fichiers:
        (projet / cible).write_text(bloc + "\n", encoding="utf-8")
    for nom, bloc in imports:
        (tmp_path / nom).write_text(bloc + "\n", encoding="utf-8")
        proc = lancer("-m", "macros", "--racine", str(projet), "import-observatoire", nom, cwd=tmp_path, env=ENV)
        sans_trace(proc)
        assert proc.returncode == 0, proc.stderr
    for nom, bloc in refus:
        (tmp_path / nom).write_text(bloc + "\n", encoding="utf-8")
        proc = lancer("-m", "macros", "--racine", str(projet), "import-observatoire", nom, cwd=tmp_path, env=ENV)
        sans_trace(proc)
        assert proc.returncode == 1
        for ligne in message[0].splitlines():
            assert ligne in proc.stderr, (ligne, proc.stderr)
        assert "Exemple" not in proc.stderr.replace("Exemple : secteur", "")  # « M. Exemple » is not repeated
    proc = check(projet)
    assert proc.returncode == 0, proc.stderr
    stockes = _stockes(projet)
    assert list(stockes) == [f"{releves.DOSSIER}/services-techniques/2026-11.csv"]


# --- leak test: both editions built once with the fixture data -----------------------------


@pytest.fixture(scope="module")
def sites(site_grand) -> tuple[Path, Path]:
    """The shared ``conftest.site_grand``: the zones and both fixture files imported with
    ``make import-observatoire``, built on AUJOURDHUI."""
    return site_grand.public, site_grand.intranet


# A number is a sentinel only as a whole number: « 7919 » inside an SVG coordinate is not one.
_SEUL = rb"(?<![\d.,\xaf\xa0])%s(?![\d.,])"  # \xaf, \xa0: last bytes of U+202F and U+00A0
SENTINELLES = {
    "nom de la zone sentinelle": re.escape(ZONE_SENTINELLE.encode()),
    "identifiant de la zone sentinelle": b"zone-sentinelle",
    "nom d'une zone ordinaire": b"Secteur fictif",
    "nombre du relevé sentinelle": _SEUL % str(NOMBRE_SENTINELLE).encode(),
    "nombre du relevé sentinelle (typographie française)": _SEUL % "7\u202f919".encode(),
    "nombre du relevé sentinelle (espace insécable)": _SEUL % "7\u00a0919".encode(),
    "dossier des pages de l'intranet": b"observatoire/local",
    "dossier des relevés": b"releves/police-municipale",
}


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_no_local_datum_reaches_any_public_file(sites, nom):
    public, _ = sites
    motif = re.compile(SENTINELLES[nom])
    fuites = [p for p, data in contenu_complet(public).items() if motif.search(data)]
    assert not fuites, f"{nom} trouvé dans l'édition publique : {fuites}"


@pytest.mark.lent
def test_the_sentinels_are_in_the_intranet_edition(sites):
    _, intranet = sites
    tout = contenu_complet(intranet)
    for nom in ("nom de la zone sentinelle", "nombre du relevé sentinelle (typographie française)"):
        assert any(re.search(SENTINELLES[nom], data) for p, data in tout.items() if p.endswith(".html")), nom
    assert (intranet / "observatoire/local/carte/index.html").is_file()
    assert (intranet / "observatoire/local/cellule-de-veille/2026-11/index.html").is_file()
    assert (intranet / "observatoire/local/recap-hebdomadaire/2026-S48/index.html").is_file()
    cartes = [p for p in tout if re.fullmatch(r"observatoire/local/figures/carte-[0-9a-f]{16}\.svg", p)]
    assert cartes and all(ZONE_SENTINELLE.encode() in tout[p] for p in cartes)


@pytest.mark.lent
def test_the_public_edition_has_the_yearly_aggregate_only(sites):
    public, intranet = sites
    assert not (public / "observatoire/local").exists()
    html = (public / "observatoire/faits-signales/index.html").read_text(encoding="utf-8")
    # 2025 fixture totals: graffiti 12 (PM) + 9 (landlords) = 21; cambriolage 2 + 1 = 3 → suppressed.
    assert re.search(r"<th scope=\"row\">Graffiti</th><td[^>]*>21</td>", html)
    assert re.search(r"<th scope=\"row\">Cambriolage</th><td[^>]*>moins de 5</td>", html)
    assert re.search(r"<th scope=\"row\">Incendie de véhicule</th><td[^>]*>6</td>", html)
    assert ">2026<" not in html
    entetes, lignes = lire_csv((public / "observatoire/faits-signales.csv").read_bytes())
    assert entetes == ["annee", "categorie", "libelle", "nombre"]
    assert {ligne["annee"] for ligne in lignes} == {"2025"}


def test_zone_names_are_escaped_on_every_route(corpus_releves, pages_intranet):
    d = corpus_releves.observatoire
    z = d.zones[0]
    piege = releves.DonneesLocales(
        d.categories,
        zones.Geographie(
            d.geo.commune, d.geo.voisines, [zones.Zone(z.id, "<b>piège</b> $x$ *gras*", z.polygones)] + d.zones[1:]
        ),
        d.releves,
    )
    r = ol.Rendu({}, pages_intranet[2] / charts.CACHE, pages_intranet[2] / carte.CACHE)
    _, page = ol.page_periode(r, corpus_releves, piege, ol.periode("mois", date(2026, 11, 1)), AUJOURDHUI)
    assert "<b>piège</b>" not in page and "&lt;b&gt;piège&lt;/b&gt; $x$ *gras*" in page
    cartes = [v for k, v in r.fichiers.items() if k.startswith(f"{ol.DOSSIER_FIGURES}/carte-") and k.endswith(".svg")]
    assert cartes and "&lt;b&gt;piège&lt;/b&gt; $x$" in cartes[0]  # text as written, no mathtext
