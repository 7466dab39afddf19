"""The one CSV dialect of every file the site publishes (dashboard, indicator tables, annual
reports, local observatory, official figures).

Who opens these files: a town-hall officer or a partner who double-clicks them in Excel or
LibreOffice set to French. Hence:

- UTF-8 **with a byte-order mark**: without it Excel reads the file as Windows-1252 and
  « Échéance » comes out as « Ã‰chÃ©ance »;
- « ; » between cells: in a French locale the comma is the decimal mark, so Excel splits a
  double-clicked file on semicolons only;
- **decimal comma** (``62,5``), no thousands separator: the French locale reads ``62,5`` as a
  number, ``62.5`` as a date or a text;
- CRLF line ends (RFC 4180), one header row, cells quoted only when needed (« " » doubled);
- booleans ``true`` / ``false``, an unknown value is an empty cell, a list is one cell with
  « ; » between its items (the cell is then quoted);
- a text cell that starts like a formula is made inert (``securite.cellule_tableur``).

The datapackage.json of the dashboard describes the same dialect (``DIALECTE``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from macros.domaine import securite
from macros.domaine.donnees import Table

BOM = "\ufeff"
SEPARATEUR = ";"
VIRGULE = ","
FIN_DE_LIGNE = "\r\n"

# Frictionless Table Dialect of the files written here (datapackage.json).
DIALECTE = {
    "delimiter": SEPARATEUR,
    "lineTerminator": FIN_DE_LIGNE,
    "quoteChar": '"',
    "doubleQuote": True,
    "header": True,
}


def nombre(v: float | int | Decimal) -> str:
    """Plain decimal notation, shortest exact form, decimal comma: ``28``, ``0,1``, ``1234567,5``."""
    if isinstance(v, int):
        return str(v)
    d = v if isinstance(v, Decimal) else Decimal(repr(float(v)))
    texte = format(d, "f")
    if "." in texte:
        texte = texte.rstrip("0").rstrip(".")
    return texte.replace(".", VIRGULE)


def cellule(v: object) -> str:
    """One cell: numbers with a decimal comma, texts made inert for spreadsheets."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, Decimal)):
        return nombre(v)
    if isinstance(v, (list, tuple)):
        return securite.cellule_tableur(SEPARATEUR.join(str(x) for x in v))
    return securite.cellule_tableur(str(v))


def texte(entetes: Sequence[str], lignes: Iterable[Sequence[object]]) -> str:
    """The whole file as text, byte-order mark included."""
    tampon = io.StringIO(newline="")
    w = csv.writer(tampon, delimiter=SEPARATEUR, lineterminator=FIN_DE_LIGNE)
    w.writerow(entetes)
    for ligne in lignes:
        w.writerow([cellule(v) for v in ligne])
    return BOM + tampon.getvalue()


def ecrire(entetes: Sequence[str], lignes: Iterable[Sequence[object]]) -> bytes:
    """The whole file, encoded: what is published."""
    return texte(entetes, lignes).encode("utf-8")


def fichier(contenu: Table | str | bytes) -> str | bytes:
    """A generated file's content, with a ``Table`` written as CSV text (what a page hands
    over for its data files; SVG and Markdown pass unchanged)."""
    return texte(contenu.entetes, contenu.lignes) if isinstance(contenu, Table) else contenu


def octets(contenu: Table | str | bytes) -> bytes:
    """The bytes of a published file, a ``Table`` written as CSV."""
    c = fichier(contenu)
    return c.encode("utf-8") if isinstance(c, str) else c
