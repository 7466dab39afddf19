"""Spreadsheet files as partners export them: CSV (what a French spreadsheet writes) or ODS.

The result is a grid of text cells that remembers where each came from, so that every
problem can name the file, the line and the column (CSV) or the sheet and the cell (ODS).
No domain knowledge here: ``releves`` decides what the cells mean.

- CSV: UTF-8 with or without a byte-order mark (« CSV UTF-8 » in LibreOffice and Excel);
  the separator is ``;`` (what a French spreadsheet writes) or ``,``, chosen from the header
  line only when that line leaves no doubt.
- ODS and XLSX: read by ``tableur`` (odfpy, openpyxl), the project's one spreadsheet reader;
  dates and numbers come from their typed value, not from their display format (LibreOffice
  may display 7 May 2025 as « 05/07/25 »); one filled sheet expected.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
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
    """Read a .csv, .ods or .xlsx file. Raises FichierIllisible with a French message."""
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
    if suffixe in (".ods", ".xlsx"):
        return lire_classeur(chemin, nom)
    if suffixe == ".xls":
        raise FichierIllisible(
            "ancien format Excel (.xls) non pris en charge : dans le tableur, « Enregistrer "
            "sous… » au format ODS, XLSX ou CSV (séparateur point-virgule, UTF-8)"
        )
    raise FichierIllisible(
        f"extension « {chemin.suffix or 'aucune'} » non prise en charge : fichier .csv, .ods ou .xlsx attendu"
    )


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
    raise FichierIllisible(
        "séparateur de colonnes non reconnu sur la ligne d'en-tête : le point-virgule « ; » "
        "est attendu (format CSV d'un tableur français)",
        1,
    )


def lire_csv(brut: bytes, nom: str, attendus: set[str] | None = None) -> Grille:
    try:
        texte = brut.decode("utf-8-sig")  # the byte-order mark, when present, is dropped
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        raise FichierIllisible(
            "le fichier n'est pas encodé en UTF-8 : dans le tableur, « Enregistrer sous… », "
            "type « CSV », jeu de caractères « Unicode (UTF-8) »",
            ligne,
        ) from None
    if "\x00" in texte:
        raise FichierIllisible("fichier binaire ou encodé en UTF-16 : enregistrez-le en CSV UTF-8")
    lignes = texte.splitlines()
    premiere = next((ligne_ for ligne_ in lignes if ligne_.strip()), "")
    if not premiere:
        raise FichierIllisible("fichier vide : une ligne d'en-tête puis une ligne par relevé sont attendues")
    indication = re.fullmatch(r"\s*sep=(.)\s*", premiere)  # Excel's « sep=; » first line names the separator
    if indication:
        sep = indication[1]
        premiere = next((ligne_ for ligne_ in lignes[lignes.index(premiere) + 1 :] if ligne_.strip()), "")
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
        raise FichierIllisible(
            f"ligne mal formée ({exc}) : un guillemet n'est sans doute pas refermé", lecteur.line_num
        ) from None
    return grille


# --- ODS and XLSX: through the project's spreadsheet reader (tableur) -----------------------


def _texte(v: object) -> str:
    """A typed cell as the text the record columns read: ISO dates, whole numbers without « .0 »."""
    import datetime as _dt

    if v is None:
        return ""
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "VRAI" if v else "FAUX"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else format(Decimal(repr(v)).normalize(), "f")
    return str(v).strip()


def lire_classeur(chemin: Path, nom: str) -> Grille:
    """The one filled sheet of an ODS or XLSX file (read by ``tableur``: typed values)."""
    from macros.lecture import tableur

    try:
        feuilles = tableur.lire(chemin)
    except tableur.ErreurTableur as exc:
        message = str(exc)
        raise FichierIllisible(
            message.split(" : ", 1)[1] if message.startswith(f"{chemin.name} : ") else message
        ) from None
    if not feuilles:
        raise FichierIllisible("aucune feuille de calcul dans ce fichier")
    pleines = [f for f in feuilles.values() if f.cellules]
    if len(pleines) > 1:
        raise FichierIllisible(
            "le fichier contient plusieurs feuilles remplies ("
            + ", ".join(f"« {f.nom} »" + (" (masquée)" if f.cachee else "") for f in pleines)
            + ") : une seule feuille, celle des relevés, est attendue"
        )
    feuille = pleines[0] if pleines else next(iter(feuilles.values()))
    grille = Grille(nom, feuille.nom)
    rangs: dict[int, dict[int, str]] = {}
    for (ligne, col), cellule in feuille.cellules.items():
        texte = _texte(cellule.valeur)
        if texte:
            rangs.setdefault(ligne, {})[col] = texte
    for ligne in sorted(rangs):
        cellules = rangs[ligne]
        grille.lignes.append((ligne, [cellules.get(c, "") for c in range(1, max(cellules) + 1)]))
    return grille
