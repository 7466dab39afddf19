"""The one CSV dialect of the published files (macros/export/csv.py): written and read back
the way a French spreadsheet and a program read it."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from csv_util import lire_csv

from macros.domaine.donnees import Table
from macros.export import csv as export_csv


def test_le_dialecte_bom_point_virgule_crlf_virgule_decimale():
    brut = export_csv.ecrire(["nom", "valeur", "liste"], [["Échéance", 62.5, ["a", "b"]], ["x", -3.0, []]])
    assert brut.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    assert brut.decode("utf-8-sig") == 'nom;valeur;liste\r\nÉchéance;62,5;"a;b"\r\nx;-3;\r\n'
    entetes, lignes = lire_csv(brut)
    assert entetes == ["nom", "valeur", "liste"] and lignes[0]["liste"] == "a;b" and lignes[1]["valeur"] == "-3"


def test_nombres_sans_notation_scientifique_ni_milliers():
    assert [export_csv.cellule(v) for v in (1e16, 1e-05, 1234567.5, Decimal("1E+2"), Decimal("0.50"), 7)] == [
        "10000000000000000",
        "0,00001",
        "1234567,5",
        "100",
        "0,5",
        "7",
    ]


def test_formules_rendues_inertes_mais_pas_les_nombres():
    brut = export_csv.ecrire(["a", "b", "c", "d"], [["=1+1", "+33 1", "@SOMME(A1)", -20]])
    _, (ligne,) = lire_csv(brut)
    assert ligne == {"a": "'=1+1", "b": "'+33 1", "c": "'@SOMME(A1)", "d": "-20"}
    assert export_csv.cellule(["-x", "y"]) == "'-x;y"  # a list cell is one text: guarded too


def test_guillemets_et_retours_a_la_ligne_dans_une_cellule():
    brut = export_csv.ecrire(["t"], [['dit « oui » et "non"\r\nligne 2']])
    relu = list(csv.reader(io.StringIO(brut.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert relu == [["t"], ['dit « oui » et "non"\r\nligne 2']]


def test_une_table_devient_le_meme_fichier_texte_ou_octets():
    t = Table.de(["annee", "nombre"], [[2025, 12]])
    assert export_csv.fichier(t) == "\ufeffannee;nombre\r\n2025;12\r\n"
    assert export_csv.octets(t) == "\ufeffannee;nombre\r\n2025;12\r\n".encode("utf-8")
    assert export_csv.fichier("<svg/>") == "<svg/>" and export_csv.octets(b"x") == b"x"


def test_le_dialecte_declare_est_celui_qui_est_ecrit():
    d = export_csv.DIALECTE
    brut = export_csv.ecrire(["a", "b"], [["1", 2.5]]).decode("utf-8-sig")
    assert d["delimiter"] == ";" and brut.count(d["delimiter"]) == 2
    assert d["lineTerminator"] == "\r\n" and brut.endswith(d["lineTerminator"]) and d["header"] is True
    assert "2,5" in brut
