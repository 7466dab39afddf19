"""Helpers of the campaign tests: fill a spreadsheet as a partner would, run LibreOffice.

``remplir`` types values into cells of an ODS (odfpy, splitting LibreOffice's repeated
rows and cells) or an XLSX (openpyxl), the way a partner fills a returned file.
``convertir`` re-saves files through LibreOffice headless, in one call per format, with
a throwaway profile so that parallel runs do not share one.
"""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import subprocess
import warnings
from pathlib import Path
from typing import Any

import pytest
from navigateur_util import en_ci

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"


def exiger_libreoffice() -> str:
    """LibreOffice's path; a missing LibreOffice skips locally and fails under CI=true."""
    if not Path(SOFFICE).exists():
        if en_ci():
            pytest.fail("LibreOffice (soffice) introuvable : .ci/run doit installer libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) non installé")
    return SOFFICE


def convertir(fichiers: list[Path], formats: tuple[str, ...], sortie: Path) -> dict[str, list[Path]]:
    """Open every file in LibreOffice and save it in each format (ods, xlsx) into
    ``sortie/<format>``: one soffice call per format, all files at once, the calls run side
    by side, each with its own throwaway profile (two instances cannot share one)."""
    soffice = exiger_libreoffice()
    procs = {}
    for fmt in formats:
        (sortie / fmt).mkdir(parents=True, exist_ok=True)
        profil = (sortie / f"profil-{fmt}").resolve().as_uri()
        procs[fmt] = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={profil}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(sortie / fmt),
                *map(str, fichiers),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    out = {}
    for fmt, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=600)
        out[fmt] = [sortie / fmt / (f.stem + "." + fmt) for f in fichiers]
        manquants = [p.name for p in out[fmt] if not p.exists()]
        assert proc.returncode == 0 and not manquants, (fmt, proc.returncode, stdout, stderr, manquants)
    return out


def _adresse(cellule: str) -> tuple[int, int]:
    m = re.fullmatch(r"([A-Z]+)(\d+)", cellule)
    assert m, cellule
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]), col


def remplir(chemin: Path, valeurs: dict[str, dict[str, Any]]) -> None:
    """``valeurs``: {sheet: {"D2": value}}; value str, int, float or date; None empties."""
    if chemin.suffix == ".xlsx":
        from openpyxl import load_workbook

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = load_workbook(chemin)
        for feuille, cellules in valeurs.items():
            ws = wb[feuille]
            for adr, v in cellules.items():
                ws[adr] = v
                if isinstance(v, _dt.date):
                    ws[adr].number_format = "DD/MM/YYYY"
        wb.save(chemin)
        return
    _remplir_ods(chemin, valeurs)


def _clone(el):
    from odf.element import Element, Text

    if el.nodeType == el.TEXT_NODE:
        return Text(el.data)
    nouveau = Element(qname=el.qname, qattributes=dict(el.attributes), check_grammar=False)
    for enfant in el.childNodes:
        nouveau.appendChild(_clone(enfant))
    return nouveau


def _isoler(parent, qnoms: tuple, attr: str, index: int):
    """The child (1-based ``index`` among ``qnoms`` children, repetitions counted) alone,
    splitting a repeated element into before / it / after."""
    from odf.namespaces import TABLENS

    pos = 1
    for el in list(parent.childNodes):
        if el.qname not in qnoms:
            continue
        n = int(el.getAttrNS(TABLENS, attr) or 1)
        if pos <= index < pos + n:
            avant, apres = index - pos, pos + n - 1 - index
            if avant:
                a = _clone(el)
                a.setAttrNS(TABLENS, attr, str(avant)) if avant > 1 else a.removeAttrNS(TABLENS, attr)
                parent.insertBefore(a, el)
            if apres:
                b = _clone(el)
                b.setAttrNS(TABLENS, attr, str(apres)) if apres > 1 else b.removeAttrNS(TABLENS, attr)
                suivant = el.nextSibling
                if suivant is None:
                    parent.appendChild(b)
                else:
                    parent.insertBefore(b, suivant)
            if n > 1:
                el.removeAttrNS(TABLENS, attr)
            return el
        pos += n
    raise AssertionError(f"ligne ou colonne {index} absente")


def _remplir_ods(chemin: Path, valeurs: dict[str, dict[str, Any]]) -> None:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS, TEXTNS
    from odf.opendocument import load
    from odf.table import Table
    from odf.text import P

    doc = load(str(chemin))
    tables = {t.getAttrNS(TABLENS, "name"): t for t in doc.spreadsheet.getElementsByType(Table)}
    for feuille, cellules in valeurs.items():
        table = tables[feuille]
        for adr, v in cellules.items():
            ligne, col = _adresse(adr)
            row = _isoler(table, ((TABLENS, "table-row"),), "number-rows-repeated", ligne)
            cell = _isoler(
                row, ((TABLENS, "table-cell"), (TABLENS, "covered-table-cell")), "number-columns-repeated", col
            )
            for a in ("value-type", "value", "date-value", "string-value", "boolean-value"):
                if (OFFICENS, a) in cell.attributes:
                    del cell.attributes[(OFFICENS, a)]
            for a in ("value-type",):  # LibreOffice also writes calcext:value-type
                for k in [k for k in cell.attributes if k[1] == a]:
                    del cell.attributes[k]
            for enfant in list(cell.childNodes):
                if enfant.qname == (TEXTNS, "p"):
                    cell.removeChild(enfant)
            if v is None:
                continue
            if isinstance(v, _dt.date):
                cell.setAttrNS(OFFICENS, "value-type", "date")
                cell.setAttrNS(OFFICENS, "date-value", v.isoformat())
                texte = v.strftime("%d/%m/%Y")
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                cell.setAttrNS(OFFICENS, "value-type", "float")
                cell.setAttrNS(OFFICENS, "value", repr(v))
                texte = str(v)
            else:
                cell.setAttrNS(OFFICENS, "value-type", "string")
                texte = str(v)
            p = P()
            teletype.addTextToElement(p, texte)
            cell.appendChild(p)
    doc.save(str(chemin))


_LUS: dict[tuple, dict] = {}


def lu(chemin: Path) -> dict:
    """``tableur.lire`` of a file, cached while the file is unchanged."""
    from macros.lecture.tableur import lire

    st = chemin.stat()
    cle = (str(chemin), st.st_mtime_ns, st.st_size)
    if cle not in _LUS:
        _LUS[cle] = lire(chemin)
    return _LUS[cle]


def ligne_de(chemin: Path, feuille: str, colonne: str, valeur: str) -> int:
    """Row number whose cell under header ``colonne`` holds ``valeur`` (read back)."""
    f = lu(chemin)[feuille]
    col = next(c for (ligne, c), cel in f.cellules.items() if ligne == 1 and cel.valeur == colonne)
    return next(
        ligne for (ligne, c), cel in sorted(f.cellules.items()) if c == col and ligne > 1 and cel.valeur == valeur
    )


def colonne_de(chemin: Path, feuille: str, entete: str) -> str:
    from macros.lecture.tableur import lettre

    f = lu(chemin)[feuille]
    return lettre(next(c for (ligne, c), cel in f.cellules.items() if ligne == 1 and cel.valeur == entete))
