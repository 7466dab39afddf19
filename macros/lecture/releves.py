"""The partners' local data for the Observatoire Local de la Sécurité (fiche 1.1).

**Record format** (a spreadsheet that the Police Municipale, the landlords, the mediation
service or the technical services export as CSV or ODS, or XLSX): one header line with exactly
these five columns, in any order, then one line per record:

    Date;Catégorie;Zone;Source;Nombre
    25/11/2026;graffiti;abords-gare;services-techniques;3

- ``Date``: JJ/MM/AAAA (or AAAA-MM-JJ; a date cell), a real day, not in the future;
- ``Catégorie``: an id or label of ``data/observatoire/categories.yml``;
- ``Zone``: an id or name of a zone of ``data/observatoire/zones.geojson``;
- ``Source``: the partner, an actor id of ``data/acteurs.yml`` (or its name or acronym);
- ``Nombre``: how many facts, an integer ≥ 0.

No free-text column: that is the guarantee that no name of a person, phone number, plate
or e-mail address (forbidden by the charter) ever enters the records. Any other column is
refused, and a cell that does not match its vocabulary is refused without being copied into
the message when it looks nominative.

**Storage**: ``data/observatoire/releves/<source>/<AAAA-MM>.csv``, one file per partner and
month, in this very format (``;``, UTF-8, ISO dates, sorted), written by the import from
validated values only, never copied from the partner's file. One file per partner and month
keeps each partner's sendings apart (a wrong import is reverted with git, file by file), its
diffs small and readable, and the month is the unit of the cellule de veille's report.
A line replaces the stored line of the same date, category, zone and source (lines of one
file with the same key are added up first: one line per fact works too); ``Nombre`` 0
deletes it. Importing the same file again therefore changes nothing. An import is all or
nothing: one problem anywhere and no file is written.

These are **intranet data**: only ``observatoire_local`` reads them, and only its yearly,
commune-level aggregate with small counts suppressed reaches the public edition.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import io
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from macros.domaine import fr, nominatif
from macros.lecture import zones
from macros.lecture.erreurs import Collecteur
from macros.lecture.grille import FichierIllisible, Grille, lettre_colonne
from macros.lecture.grille import lire as lire_fichier

CATEGORIES = "data/observatoire/categories.yml"
DOSSIER = "data/observatoire/releves"
COLONNES = ("Date", "Catégorie", "Zone", "Source", "Nombre")
_CLES = ("date", "categorie", "zone", "source", "nombre")
# A record's identity: (date, category, zone, source); records with the same one add up.
CleReleve = tuple[date, str, str, str]


@dataclass(frozen=True)
class Categorie:
    id: str
    libelle: str
    definition: str = ""


@dataclass(frozen=True)
class Releve:
    date: _dt.date  # (the field's name hides the type in the class body)
    categorie: str
    zone: str
    source: str
    nombre: int

    @property
    def cle(self) -> CleReleve:
        return (self.date, self.categorie, self.zone, self.source)

    @property
    def mois(self) -> str:
        return f"{self.date:%Y-%m}"


@dataclass
class DonneesLocales:
    """Everything of ``data/observatoire/``: vocabulary, zones, outlines, stored records."""

    categories: dict[str, Categorie] = field(default_factory=dict)
    geo: zones.Geographie = field(default_factory=zones.Geographie)
    releves: list[Releve] = field(default_factory=list)

    @property
    def zones(self) -> list[zones.Zone]:
        return self.geo.zones


@functools.lru_cache(maxsize=4096)  # the same few words on every line of a file
def normaliser(texte: str) -> str:
    """Case-, accent- and space-insensitive form used to match headers and vocabulary."""
    decompose = unicodedata.normalize("NFKD", texte.replace("œ", "oe").replace("Œ", "oe"))
    sans_accents = "".join(c for c in decompose if not unicodedata.combining(c))
    return " ".join(sans_accents.casefold().replace("\u00a0", " ").replace("\u202f", " ").split())


# --- vocabulary ------------------------------------------------------------------------


def charger_categories(racine: Path, col: Collecteur) -> dict[str, Categorie]:
    from macros.lecture.fichiers import lire_yaml_de_type

    chemin = racine / CATEGORIES
    if not chemin.is_file():
        col.ajouter(CATEGORIES, None, "vocabulaire des catégories absent (fourni avec le projet)")
        return {}
    doc = lire_yaml_de_type(
        chemin, CATEGORIES, col, dict, "chaque identifiant de catégorie doit être suivi de « libelle: … »"
    )
    if doc is None:
        return {}
    out: dict[str, Categorie] = {}
    for ident, champs in doc.data.items():
        ligne = doc.ligne((ident,))
        if not isinstance(ident, str) or not zones.ID_ZONE.match(ident):
            col.ajouter(
                CATEGORIES, ligne, f"identifiant de catégorie « {ident} » invalide (minuscules, chiffres, tirets)"
            )
            continue
        if not isinstance(champs, dict) or not isinstance(champs.get("libelle"), str) or not champs["libelle"].strip():
            col.ajouter(CATEGORIES, ligne, f"catégorie « {ident} » : « libelle: … » attendu")
            continue
        inconnus = set(champs) - {"libelle", "definition"}
        if inconnus:
            col.ajouter(
                CATEGORIES,
                ligne,
                f"catégorie « {ident} » : champ « {sorted(inconnus)[0]} » inconnu "
                "(champs possibles : libelle, definition)",
            )
        out[ident] = Categorie(ident, champs["libelle"].strip(), str(champs.get("definition") or "").strip())
    return out


# --- one file of records ---------------------------------------------------------------


@dataclass
class Vocabulaire:
    """What the cells may say: normalised form → id, for each vocabulary column."""

    categories: dict[str, str]
    zones: dict[str, str]
    sources: dict[str, str]
    ids_categories: list[str]
    ids_zones: list[str]
    ids_sources: list[str]

    @classmethod
    def de(cls, donnees: DonneesLocales, acteurs: dict[str, Any]) -> Vocabulaire:
        cats: dict[str, str] = {}
        for c in donnees.categories.values():
            cats[normaliser(c.id)] = c.id
            cats[normaliser(c.libelle)] = c.id
        zs: dict[str, str] = {}
        for z in donnees.zones:
            zs[normaliser(z.id)] = z.id
            zs[normaliser(z.nom)] = z.id
        srcs: dict[str, str] = {}
        for ident, a in acteurs.items():
            srcs[normaliser(ident)] = ident
            srcs.setdefault(normaliser(a.nom), ident)
            if getattr(a, "sigle", None):
                srcs.setdefault(normaliser(a.sigle), ident)
        return cls(cats, zs, srcs, list(donnees.categories), [z.id for z in donnees.zones], list(acteurs))


_DATE_FR = re.compile(r"(\d{1,2})([/.])(\d{1,2})\2(\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MAX_CHIFFRES = 6  # a count has at most 6 digits; 10 digits is a phone number


def _date(texte: str) -> date | None | str:
    """A date, or a French reason why not (str), or None when unreadable."""
    t = texte.strip()
    m = _DATE_FR.fullmatch(t)
    if m:
        j, mo, a = int(m[1]), int(m[3]), int(m[4])
    else:
        m = _DATE_ISO.fullmatch(t)
        if not m:
            return None
        a, mo, j = int(m[1]), int(m[2]), int(m[3])
    try:
        return date(a, mo, j)
    except ValueError:
        return "impossible"


def lire_fichier_releves(
    chemin: Path, rel: str, vocab: Vocabulaire, aujourdhui: date | None, col: Collecteur
) -> list[Releve] | None:
    """The records of a .csv, .ods or .xlsx file; None once an unreadable file is collected."""
    try:
        grille = lire_fichier(chemin, rel, set(COLONNES))
    except FichierIllisible as exc:
        col.ajouter(rel, exc.ligne, exc.message)
        return None
    return lire_releves(grille, vocab, aujourdhui, col)


def lire_releves(grille: Grille, vocab: Vocabulaire, aujourdhui: date | None, col: Collecteur) -> list[Releve]:
    """The records of one table; every problem reported (file, line, column)."""
    nom = grille.nom
    if not grille.lignes:
        col.ajouter(
            nom, None, "aucune ligne : l'en-tête " + ";".join(COLONNES) + " puis une ligne par relevé sont attendus"
        )
        return []
    num_entete, entete = grille.lignes[0]
    colonnes: dict[str, int] = {}
    refus = False
    for i, titre in enumerate(entete):
        n = normaliser(titre)
        cle = next((k for k in _CLES if k == n), None)
        if cle is None:
            if not titre:
                # A column without a header but with values further down is checked below.
                continue
            pourquoi = (
                "elle annonce des données personnelles"
                if nominatif.entete_nominative(n)
                else "le format n'a que les colonnes " + ", ".join(COLONNES)
            )
            type_ = nominatif.detecter(titre)
            nom_colonne = "« " + titre + " »" if not type_ else "(en-tête non recopié)"
            col.ajouter(
                nom,
                num_entete,
                f"{grille.position(num_entete, i)} {nom_colonne} : colonne refusée — "
                f"{pourquoi} ; {nominatif.RAPPEL}. Supprimez cette colonne puis importez de nouveau",
            )
            refus = True
        elif cle in colonnes:
            col.ajouter(
                nom,
                num_entete,
                f"{grille.position(num_entete, i, titre)} : colonne en double "
                f"(déjà en {lettre_colonne(colonnes[cle])})",
            )
            refus = True
        else:
            colonnes[cle] = i
    manquantes = [COLONNES[_CLES.index(k)] for k in _CLES if k not in colonnes]
    if manquantes:
        col.ajouter(
            nom,
            num_entete,
            f"ligne d'en-tête : colonne{'s' if len(manquantes) > 1 else ''} "
            f"{', '.join('« ' + m + ' »' for m in manquantes)} manquante{'s' if len(manquantes) > 1 else ''} — "
            f"en-tête attendu : {';'.join(COLONNES)}",
        )
        return []
    connues = set(colonnes.values())
    sans_entete_signalees: set[int] = set()
    releves: list[Releve] = []
    for numero, cellules in grille.lignes[1:]:
        for i, v in enumerate(cellules):
            if v and i not in connues and (i >= len(entete) or not entete[i]) and i not in sans_entete_signalees:
                sans_entete_signalees.add(i)
                col.ajouter(
                    nom,
                    numero,
                    f"{grille.position(numero, i)} : valeur dans une colonne sans en-tête — "
                    f"le format n'a que les colonnes {', '.join(COLONNES)} ; {nominatif.RAPPEL}",
                )
                refus = True
        if refus:
            continue  # the file is refused whole; do not drown the column problem in line problems

        valeurs: dict[str, Any] = {}
        for cle in _CLES:
            i = colonnes[cle]
            texte = cellules[i] if i < len(cellules) else ""

            def erreur(m: str, i: int = i, numero: int = numero) -> None:  # the position, on error only
                col.ajouter(nom, numero, f"{grille.position(numero, i, entete[i])} : {m}")

            valeurs[cle] = _valeur(cle, texte, vocab, aujourdhui, erreur)
        if all(v is not None for v in valeurs.values()):
            releves.append(Releve(**valeurs))
    return releves


def _valeur(cle: str, texte: str, vocab: Vocabulaire, aujourdhui: date | None, erreur: Callable[[str], None]) -> Any:
    libelle = COLONNES[_CLES.index(cle)].lower()
    if not texte.strip():
        erreur(f"{libelle} manquant{'e' if cle in ('date', 'categorie', 'zone', 'source') else ''}")
        return None
    if cle == "nombre":
        if texte.isdigit() and len(texte) <= _MAX_CHIFFRES:
            return int(texte)
        type_ = nominatif.detecter(texte)  # before the digits test: « 06 12 34 56 78 » is digits too
        if type_:
            erreur(nominatif.message(type_))
            return None
        t = texte.replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
        if t.isdigit() and len(t) <= _MAX_CHIFFRES:
            return int(t)
        if t.isdigit():
            erreur(
                f"nombre « {texte} » invraisemblable (plus de {_MAX_CHIFFRES} chiffres) : un nombre de faits "
                "est attendu"
            )
            return None
        if t.startswith("-") and t[1:].replace(",", "").replace(".", "").isdigit():
            erreur(f"nombre négatif « {texte} » : un nombre de faits est un entier positif ou nul")
            return None
        erreur(f"« {texte} » n'est pas un nombre entier — un nombre de faits est attendu (0, 1, 2…)")
        return None
    if cle == "date":
        d = _date(texte)
        if isinstance(d, date):
            if aujourdhui is not None and d > aujourdhui:
                erreur(f"date « {texte} » dans le futur (aujourd'hui : {fr.date(aujourdhui)})")
                return None
            return d
        if d == "impossible":
            erreur(f"date « {texte} » impossible (ce jour n'existe pas)")
            return None
        type_ = nominatif.detecter(texte)
        if type_:
            erreur(nominatif.message(type_))
            return None
        erreur(f"date « {texte} » illisible — format attendu JJ/MM/AAAA, ex. 25/11/2026 (ou AAAA-MM-JJ)")
        return None
    table, ids, quoi, ou = {
        "categorie": (vocab.categories, vocab.ids_categories, "catégorie", CATEGORIES),
        "zone": (vocab.zones, vocab.ids_zones, "zone", zones.ZONES),
        "source": (vocab.sources, vocab.ids_sources, "source", "data/acteurs.yml"),
    }[cle]
    trouve = table.get(normaliser(texte))
    if trouve is not None:
        return trouve
    # Phones, plates, e-mails, civilities: refused at once. A « Prénom Nom » shape only when the
    # value is not a near miss of the vocabulary (« Incendie Véhicule » is a typo, not a name).
    type_ = nominatif.detecter(texte, noms_propres=False)
    if type_:
        erreur(nominatif.message(type_))
        return None
    proches = difflib.get_close_matches(normaliser(texte), list(table), n=1, cutoff=0.75)
    if not proches and nominatif.detecter(texte):
        erreur(nominatif.message("nom"))
        return None
    if cle == "zone" and not ids:
        erreur(
            f"zone « {texte} » inconnue — aucune zone n'est encore définie : déposez d'abord le fichier "
            f"{zones.ZONES} exporté d'uMap (voir le guide de l'observatoire)"
        )
        return None
    suggestion = f" (vouliez-vous dire « {table[proches[0]]} » ?)" if proches else ""
    liste = ", ".join(ids) if len(ids) <= 12 else ", ".join(ids[:12]) + "…"
    erreur(f"{quoi} « {texte} » inconnue{suggestion} — valeurs possibles ({ou}) : {liste}")
    return None


# --- stored records --------------------------------------------------------------------


def chemin_stocke(source: str, mois: str) -> str:
    return f"{DOSSIER}/{source}/{mois}.csv"


def ecrire_csv(releves: Iterable[Releve]) -> bytes:
    """The stored form: the import format itself (so a stored file can be imported again),
    ISO dates, sorted, ``;``, UTF-8 without BOM, LF line endings."""
    out = io.StringIO()
    out.write(";".join(COLONNES) + "\n")
    for r in sorted(releves, key=lambda r: (r.date, r.categorie, r.zone)):
        out.write(f"{r.date.isoformat()};{r.categorie};{r.zone};{r.source};{r.nombre}\n")
    return out.getvalue().encode("utf-8")


def charger_stockes(racine: Path, vocab: Vocabulaire, col: Collecteur) -> list[Releve]:
    dossier = racine / DOSSIER
    if not dossier.is_dir():
        return []
    releves: list[Releve] = []
    for chemin in sorted(dossier.rglob("*")):
        if chemin.is_dir():
            continue
        rel = chemin.relative_to(racine).as_posix()
        parties = chemin.relative_to(dossier).parts
        if chemin.suffix != ".csv" or len(parties) != 2:
            col.ajouter(
                rel,
                None,
                f"fichier inattendu : {DOSSIER}/ ne contient que les relevés importés "
                "(<source>/<AAAA-MM>.csv), écrits par « make import-observatoire »",
            )
            continue
        lus = lire_fichier_releves(chemin, rel, vocab, None, col)
        if lus is None:
            continue
        for r in lus:
            if r.source != parties[0] or r.mois != chemin.stem:
                col.ajouter(
                    rel,
                    None,
                    f"relevé du {r.date.isoformat()} de « {r.source} » rangé dans le mauvais "
                    f"fichier (attendu : {chemin_stocke(r.source, r.mois)}) — ne modifiez pas ces fichiers "
                    "à la main, importez le relevé corrigé",
                )
                break
        releves += lus
    return releves


def charger(racine: Path, col: Collecteur, corpus: Any) -> DonneesLocales:
    """``data/observatoire/`` for the corpus: vocabulary, outlines and zones, stored records."""
    insee = corpus.commune.insee if corpus.commune is not None else None
    d = DonneesLocales(charger_categories(racine, col), zones.charger(racine, insee, col))
    d.releves = charger_stockes(racine, Vocabulaire.de(d, corpus.acteurs), col)
    return d


# --- import ----------------------------------------------------------------------------


def fusionner(existants: list[Releve], nouveaux: list[Releve]) -> dict[str, bytes]:
    """Stored file path → new content, for every (source, month) the new records touch."""
    somme: dict[CleReleve, int] = defaultdict(int)
    for r in nouveaux:
        somme[r.cle] += r.nombre
    touches = {(k[3], f"{k[0]:%Y-%m}") for k in somme}
    par_fichier: dict[tuple[str, str], dict[CleReleve, int]] = {t: {} for t in touches}
    for r in existants:
        if (r.source, r.mois) in par_fichier:
            par_fichier[(r.source, r.mois)][r.cle] = r.nombre
    for k, n in somme.items():
        par_fichier[(k[3], f"{k[0]:%Y-%m}")][k] = n
    out = {}
    for (source, mois), lignes in sorted(par_fichier.items()):
        gardes = [Releve(*k, nombre=n) for k, n in lignes.items() if n > 0]
        out[chemin_stocke(source, mois)] = ecrire_csv(gardes) if gardes else b""
    return out
