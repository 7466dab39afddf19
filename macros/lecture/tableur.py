"""Spreadsheets read the same way whatever saved them: ODS (odfpy) or XLSX (openpyxl).

A returned campaign file has been through LibreOffice, Excel or OnlyOffice: the reader
only trusts cell values, never positions of styles, and reports problems in French.
Cells are addressed like the spreadsheet itself shows them: ``D7`` (1-based row, column
letter).
"""

from __future__ import annotations

import datetime as _dt
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Past this many repeated rows/columns a repetition is LibreOffice's padding up to the end
# of the sheet (1 048 576 rows): only non-empty cells are kept, so padding costs nothing.
_REPETITION_MAX = 2000


class ErreurTableur(Exception):
    """A file that cannot be read as a spreadsheet (French message for the coordinator)."""


@dataclass(frozen=True)
class Cellule:
    valeur: Any  # str | float | int | bool | date | datetime
    pourcentage: bool = False  # shown as a percentage: 0.6 means « 60 % »


@dataclass
class Feuille:
    nom: str
    cellules: dict[tuple[int, int], Cellule] = field(default_factory=dict)  # (row, col), 1-based
    cachee: bool = False

    def valeur(self, ligne: int, col: int) -> Any:
        c = self.cellules.get((ligne, col))
        return c.valeur if c is not None else None

    def cellule(self, ligne: int, col: int) -> Cellule | None:
        return self.cellules.get((ligne, col))

    @property
    def derniere_ligne(self) -> int:
        return max((ligne for ligne, _ in self.cellules), default=0)


def lettre(col: int) -> str:
    """1 → A, 26 → Z, 27 → AA."""
    s = ""
    while col:
        col, r = divmod(col - 1, 26)
        s = chr(65 + r) + s
    return s


def ref(feuille: str, ligne: int, col: int | None = None) -> str:
    """``Fiches!D7``; a row without a column is ``Fiches!7``."""
    return f"{feuille}!{lettre(col) if col else ''}{ligne}"


def lire(chemin: Path) -> dict[str, Feuille]:
    """Every sheet of an ODS or XLSX file, in order, by name."""
    chemin = Path(chemin)
    if not chemin.is_file():
        raise ErreurTableur(f"{chemin} : fichier introuvable")
    ext = chemin.suffix.lower()
    if ext not in (".ods", ".xlsx"):
        raise ErreurTableur(
            f"{chemin.name} : format « {chemin.suffix or 'sans extension'} » non pris en charge — "
            "enregistrez le tableau au format ODS (.ods) ou Excel (.xlsx)"
        )
    if not zipfile.is_zipfile(chemin):
        raise ErreurTableur(
            f"{chemin.name} : ce n'est pas un tableur {ext[1:].upper()} lisible (fichier abîmé "
            "ou d'un autre format renommé) — enregistrez-le à nouveau depuis le tableur"
        )
    try:
        return _lire_ods(chemin) if ext == ".ods" else _lire_xlsx(chemin)
    except ErreurTableur:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure: a French message, no traceback
        raise ErreurTableur(
            f"{chemin.name} : fichier illisible comme tableur {ext[1:].upper()} "
            f"({type(exc).__name__}) — enregistrez-le à nouveau depuis le tableur"
        ) from None


def _lire_ods(chemin: Path) -> dict[str, Feuille]:
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table

    with zipfile.ZipFile(chemin) as z:
        if "content.xml" not in z.namelist():
            raise ErreurTableur(f"{chemin.name} : ce n'est pas un tableur ODS (contenu absent)")
    doc = load(str(chemin))
    caches = _styles_caches(doc)
    feuilles: dict[str, Feuille] = {}
    for table in doc.spreadsheet.getElementsByType(Table):
        nom = table.getAttrNS(TABLENS, "name")
        f = Feuille(nom, cachee=table.getAttrNS(TABLENS, "style-name") in caches)
        ligne = 0
        for row in _enfants(table, "table-row", TABLENS):
            rep_l = int(row.getAttrNS(TABLENS, "number-rows-repeated") or 1)
            col = 0
            contenus: list[tuple[int, Cellule]] = []
            for cell in row.childNodes:
                if cell.qname[0] != TABLENS or cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                rep_c = int(cell.getAttrNS(TABLENS, "number-columns-repeated") or 1)
                valeur = _valeur_ods(cell, teletype, OFFICENS)
                if valeur is not None:
                    for k in range(min(rep_c, _REPETITION_MAX)):
                        contenus.append((col + 1 + k, valeur))
                col += rep_c
            if contenus:
                for k in range(min(rep_l, _REPETITION_MAX)):
                    for c, v in contenus:
                        f.cellules[(ligne + 1 + k, c)] = v
            ligne += rep_l
        feuilles[nom] = f
    return feuilles


def _enfants(table: Any, nom: str, ns: str) -> list[Any]:
    """Rows of a table, including those inside row groups and header rows."""
    out = []
    for n in table.childNodes:
        if n.qname == (ns, nom):
            out.append(n)
        elif n.qname[0] == ns and n.qname[1] in ("table-header-rows", "table-rows", "table-row-group"):
            out.extend(_enfants(n, nom, ns))
    return out


def _styles_caches(doc: Any) -> set[str]:
    from odf.namespaces import STYLENS, TABLENS

    caches = set()
    for conteneur in (doc.automaticstyles, doc.styles):
        for st in conteneur.childNodes:
            if st.qname != (STYLENS, "style"):
                continue
            for p in st.childNodes:
                if p.qname == (STYLENS, "table-properties") and p.getAttrNS(TABLENS, "display") == "false":
                    caches.add(st.getAttrNS(STYLENS, "name"))
    return caches


def _valeur_ods(cell: Any, teletype: Any, officens: str) -> Cellule | None:
    typ = cell.getAttrNS(officens, "value-type")
    if typ in ("float", "currency"):
        return Cellule(_nombre(cell.getAttrNS(officens, "value")))
    if typ == "percentage":
        return Cellule(_nombre(cell.getAttrNS(officens, "value")), pourcentage=True)
    if typ == "date":
        texte = cell.getAttrNS(officens, "date-value") or ""
        try:
            if "T" in texte:
                return Cellule(_dt.datetime.fromisoformat(texte))
            return Cellule(_dt.date.fromisoformat(texte))
        except ValueError:
            return Cellule(texte)
    if typ == "boolean":
        return Cellule(cell.getAttrNS(officens, "boolean-value") == "true")
    from odf.namespaces import TEXTNS

    paragraphes = [teletype.extractText(p) for p in cell.childNodes if p.qname == (TEXTNS, "p")]
    texte = "\n".join(paragraphes)
    if typ == "string" or texte:
        return Cellule(texte) if texte != "" else None
    return None


def _nombre(texte: str) -> float | int:
    v = float(texte)
    return int(v) if v.is_integer() and abs(v) < 1e15 else v


def _lire_xlsx(chemin: Path) -> dict[str, Feuille]:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():
        # openpyxl warns about features it drops on reading (validations' extensions…)
        warnings.simplefilter("ignore")
        wb = load_workbook(chemin, data_only=True)
    feuilles: dict[str, Feuille] = {}
    for ws in wb.worksheets:
        f = Feuille(ws.title, cachee=ws.sheet_state != "visible")
        for row in ws.iter_rows():
            for c in row:
                v = c.value
                if v is None or (isinstance(v, str) and v == ""):
                    continue
                if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
                    v = int(v)
                pourcent = isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (c.number_format or "")
                if c.row is not None and c.column is not None:  # cells read from a sheet always have both
                    f.cellules[(c.row, c.column)] = Cellule(v, pourcentage=pourcent)
        feuilles[ws.title] = f
    wb.close()
    return feuilles
