"""Spreadsheet files as partners export them: CSV (what a French spreadsheet writes) or ODS.

The result is a grid of text cells that remembers where each came from, so that every
problem can name the file, the line and the column (CSV) or the sheet and the cell (ODS).
No domain knowledge here: ``releves`` decides what the cells mean.

- CSV: UTF-8 with or without a byte-order mark (« CSV UTF-8 » in LibreOffice and Excel);
  the separator is ``;`` (what a French spreadsheet writes) or ``,``, chosen from the header
  line only when that line leaves no doubt.
- ODS: read with odfpy; dates and numbers are taken from their typed value
  (``office:date-value``, ``office:value``), not from their display format; repeated rows
  and columns (how ODS stores blank space) are expanded only where they hold something.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path


class FichierIllisible(Exception):
    """The file cannot be read as a table at all (message in French, line when known)."""

    def __init__(self, message: str, ligne: int | None = None):
        super().__init__(message)
        self.message = message
        self.ligne = ligne


def lettre_colonne(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column names a spreadsheet shows."""
    lettres = ""
    index += 1
    while index:
        index, reste = divmod(index - 1, 26)
        lettres = chr(ord("A") + reste) + lettres
    return lettres


@dataclass
class Grille:
    """Rows of text cells; ``lignes`` holds (line number in the file, cells), blank rows dropped."""

    nom: str  # the file as the user named it
    feuille: str | None = None  # ODS sheet name; None for CSV
    lignes: list[tuple[int, list[str]]] = field(default_factory=list)

    def position(self, ligne: int, colonne: int, entete: str | None = None) -> str:
        """« colonne C (« Zone ») » for CSV, « feuille « Relevé », cellule C4 (« Zone ») » for ODS."""
        suite = f" (« {entete} »)" if entete else ""
        if self.feuille is None:
            return f"colonne {lettre_colonne(colonne)}{suite}"
        return f"feuille « {self.feuille} », cellule {lettre_colonne(colonne)}{ligne}{suite}"


def lire(chemin: Path, nom: str | None = None, attendus: set[str] | None = None) -> Grille:
    """Read a .csv or .ods file. Raises FichierIllisible with a French message."""
    nom = nom or str(chemin)
    suffixe = chemin.suffix.lower()
    try:
        brut = chemin.read_bytes()
    except FileNotFoundError:
        raise FichierIllisible("fichier introuvable : vérifiez son nom et le dossier où il se trouve") from None
    except IsADirectoryError:
        raise FichierIllisible("c'est un dossier : indiquez le fichier .csv ou .ods lui-même") from None
    except PermissionError:
        raise FichierIllisible("lecture refusée (droits du fichier)") from None
    except OSError as exc:
        raise FichierIllisible(f"fichier illisible (erreur système {exc.errno})") from None
    if suffixe == ".csv":
        return lire_csv(brut, nom, attendus)
    if suffixe == ".ods":
        return lire_ods(brut, nom)
    if suffixe in (".xlsx", ".xls"):
        raise FichierIllisible("format Excel non pris en charge : dans le tableur, « Enregistrer sous… » "
                               "au format CSV (séparateur point-virgule, UTF-8) ou ODS")
    raise FichierIllisible(f"extension « {chemin.suffix or 'aucune'} » non prise en charge : fichier .csv ou .ods attendu")


# --- CSV ---------------------------------------------------------------------------------


def _separateur(premiere: str, attendus: set[str] | None) -> str:
    points_virgules, virgules = premiere.count(";"), premiere.count(",")
    if points_virgules and not virgules:
        return ";"
    if virgules and not points_virgules:
        return ","
    if points_virgules and virgules and attendus:
        # Both appear: keep the one that splits the header into the expected names, if only one does.
        bons = [s for s in ";," if {c.strip() for c in next(csv.reader([premiere], delimiter=s))} <= attendus]
        if len(bons) == 1:
            return bons[0]
    raise FichierIllisible("séparateur de colonnes non reconnu sur la ligne d'en-tête : le point-virgule « ; » "
                           "est attendu (format CSV d'un tableur français)", 1)


def lire_csv(brut: bytes, nom: str, attendus: set[str] | None = None) -> Grille:
    try:
        texte = brut.decode("utf-8-sig")  # the byte-order mark, when present, is dropped
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        raise FichierIllisible("le fichier n'est pas encodé en UTF-8 : dans le tableur, « Enregistrer sous… », "
                               "type « CSV », jeu de caractères « Unicode (UTF-8) »", ligne) from None
    if "\x00" in texte:
        raise FichierIllisible("fichier binaire ou encodé en UTF-16 : enregistrez-le en CSV UTF-8")
    lignes = texte.splitlines()
    premiere = next((l for l in lignes if l.strip()), "")
    if not premiere:
        raise FichierIllisible("fichier vide : une ligne d'en-tête puis une ligne par relevé sont attendues")
    indication = re.fullmatch(r"\s*sep=(.)\s*", premiere)  # Excel's « sep=; » first line names the separator
    if indication:
        sep = indication[1]
        premiere = next((l for l in lignes[lignes.index(premiere) + 1:] if l.strip()), "")
    else:
        sep = _separateur(premiere, attendus)
    grille = Grille(nom)
    lecteur = csv.reader(io.StringIO(texte, newline=""), delimiter=sep, strict=True)
    try:
        for cellules in lecteur:
            if indication and not grille.lignes and sep.join(cellules).strip().startswith("sep="):
                indication = None
                continue
            if any(c.strip() for c in cellules):
                grille.lignes.append((lecteur.line_num, [c.strip() for c in cellules]))
    except csv.Error as exc:
        raise FichierIllisible(f"ligne mal formée ({exc}) : un guillemet n'est sans doute pas refermé",
                               lecteur.line_num) from None
    return grille


# --- ODS ---------------------------------------------------------------------------------

# A sheet is a few hundred rows at most; a repeat count this large is trailing blank space.
_MAX_REPETITION = 10_000


def _texte_cellule(cellule) -> str:
    """The text of a cell's paragraphs (not its annotations), with spaces and line breaks."""
    from odf import teletype
    from odf.namespaces import TEXTNS

    morceaux = []
    for enfant in cellule.childNodes:
        if getattr(enfant, "qname", None) == (TEXTNS, "p"):
            morceaux.append(teletype.extractText(enfant))
    return "\n".join(morceaux)


def _valeur_cellule(cellule) -> str:
    from odf.namespaces import OFFICENS

    type_ = cellule.attributes.get((OFFICENS, "value-type"))
    if type_ == "date":
        return (cellule.attributes.get((OFFICENS, "date-value")) or "").split("T")[0]
    if type_ in ("float", "percentage", "currency"):
        brut = cellule.attributes.get((OFFICENS, "value")) or ""
        try:
            d = Decimal(brut)
        except InvalidOperation:
            return _texte_cellule(cellule).strip()
        return str(int(d)) if d == d.to_integral_value() else format(d.normalize(), "f")
    return _texte_cellule(cellule).strip()


def lire_ods(brut: bytes, nom: str) -> Grille:
    try:
        from odf.opendocument import load
        from odf.table import Table
        from odf.namespaces import TABLENS
    except ImportError:  # pragma: no cover - odfpy is pinned in requirements.txt
        raise FichierIllisible("lecture ODS impossible : le paquet odfpy manque (lancez « make site » une fois)") from None
    try:
        doc = load(io.BytesIO(brut))
    except (zipfile.BadZipFile, KeyError, ValueError, Exception) as exc:  # odfpy raises many kinds
        raise FichierIllisible(f"fichier ODS illisible ou abîmé ({type(exc).__name__}) : ouvrez-le dans le "
                               "tableur et enregistrez-le de nouveau au format ODS") from None
    feuilles = doc.spreadsheet.getElementsByType(Table) if doc.spreadsheet is not None else []
    if not feuilles:
        raise FichierIllisible("aucune feuille de calcul dans ce fichier ODS")
    grilles = []
    for feuille in feuilles:
        g = Grille(nom, feuille.getAttribute("name") or "Feuille1")
        numero = 0
        for ligne in feuille.getElementsByType(_row_type()):
            repete = int(ligne.attributes.get((TABLENS, "number-rows-repeated"), 1))
            cellules: list[str] = []
            for cellule in ligne.childNodes:
                if getattr(cellule, "qname", (None, None))[1] not in ("table-cell", "covered-table-cell"):
                    continue
                n = int(cellule.attributes.get((TABLENS, "number-columns-repeated"), 1))
                v = _valeur_cellule(cellule)
                if n > _MAX_REPETITION and not v:
                    n = 1  # trailing blank columns
                cellules.extend([v] * min(n, _MAX_REPETITION))
            while cellules and not cellules[-1]:
                cellules.pop()
            if cellules:
                for k in range(min(repete, _MAX_REPETITION)):
                    g.lignes.append((numero + k + 1, list(cellules)))
            numero += repete
        grilles.append(g)
    pleines = [g for g in grilles if g.lignes]
    if len(pleines) > 1:
        raise FichierIllisible("le fichier contient plusieurs feuilles remplies ("
                               + ", ".join(f"« {g.feuille} »" for g in pleines)
                               + ") : une seule feuille, celle des relevés, est attendue")
    return pleines[0] if pleines else grilles[0]


def _row_type():
    from odf.table import TableRow

    return TableRow
