"""``make import-ssmsi FICHIER=… [DEPARTEMENT=…]``: the SSMSI files → ``data/ssmsi/*.yml``.

Reads the files exactly as the SSMSI publishes them (../shared/ssmsi/FORMAT.md): gzip or
plain CSV, UTF-8 with or without a BOM, ``;`` separator, quoted fields, decimal comma,
``NA``; the geography column matched by its prefix (``CODGEO_2026``), codes kept as text.

Scale: the communal base is ~5.2 million rows. It is streamed, never held: each line is
read as bytes and parsed as CSV only when it holds the commune's code (a substring test in
C, then an exact test on the parsed field), so memory stays flat and the time is mostly
gzip's (``make bench`` measures it on a full-size synthetic file). A quoted field spanning
two lines would defeat the line filter; the SSMSI's fields never do (labels, codes and
numbers), and a line whose field count is wrong is reported, not guessed.

Every problem is a French message naming the file (and the line, the column); nothing is
written unless both files were read completely and every check passed. Decisions:

- an indicator the site does not know stops the import, listed with its lines: it may be
  a renamed series (imported silently it would show as a new series, dropped silently the
  figures would vanish). ``NOUVEAUX=oui`` imports it under its own label once checked;
- the département base has indicators the communal base lacks (homicides): those are
  listed in ``ignores`` of the département file, never silently dropped;
- the edition's date is the « produit le » date of the file name; a renamed file needs
  ``DATE_EDITION=AAAA-MM-JJ`` (no guess from the file's dates); an edition older than the one
  imported is refused (git keeps the history for going back);
- national figures are summed from the département base only when it holds every
  département (101: metropolitan France and the five overseas départements); summing the
  communes would not do, since withheld communes have no figure.
"""

from __future__ import annotations

import argparse
import csv
import datetime as _dt
import math
import os
import re
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from macros.domaine import fr
from macros.lecture import ssmsi
from macros.lecture.erreurs import Collecteur, SourcesInvalides

PREFIXES_GEO_COMMUNE = ("codgeo_",)
PREFIXES_GEO_DEPARTEMENT = ("code_departement", "code_département", "codgeo_", "code_dep", "dep")

# The 101 départements (Code officiel géographique): metropolitan France (2A/2B for Corsica)
# and the five overseas départements. National figures need all of them.
DEPARTEMENTS = tuple([f"{i:02d}" for i in range(1, 96) if i != 20] + ["2A", "2B"] + ["971", "972", "973", "974", "976"])

_EDITION = re.compile(r"produit-le[-_]?(\d{4})-?(\d{2})-?(\d{2})")
_GEOGRAPHIE = re.compile(r"geographie[-_]?(\d{4})")


class ErreurImport(Exception):
    """A problem with a file to import, worded in French."""


@dataclass
class Lecture:
    """What was read of one file: the territory's rows, the file's facts."""

    chemin: Path
    colonnes: list[str]
    geographie: int | None
    lignes: list[tuple[int, dict[str, str]]] = field(default_factory=list)  # (line number, row)
    codes: set[str] = field(default_factory=set)  # every territory code seen (département base)
    tous: dict[str, list[tuple[int, dict[str, str]]]] = field(default_factory=dict)  # département base, by code
    n_lignes: int = 0


def _code_dep(code: str) -> str:
    """« 059 », « 59 » → « 59 »; « 2A » stays; overseas codes keep their three digits."""
    code = code.strip().upper()
    return code[1:] if len(code) == 3 and code.startswith("0") else code


class _Tronque(Exception):
    """The compressed stream ended before its end marker."""


LECTURE = 1 << 20  # compressed bytes read at a time


def _blocs(chemin: Path):
    """The file's decompressed content, block by block (gzip, or plain CSV as is).

    zlib directly rather than ``gzip.GzipFile``: a third less CPU on the full base (measured,
    bench/ssmsi.py). Several gzip members one after the other are read like gzip does."""
    try:
        f = open(chemin, "rb")
    except FileNotFoundError:
        raise ErreurImport(f"{chemin} : fichier introuvable — vérifiez le chemin (FICHIER=…)") from None
    except OSError as exc:
        raise ErreurImport(f"{chemin} : fichier illisible ({exc.strerror})") from None
    with f:
        debut = f.read(LECTURE)
        if not debut.startswith(b"\x1f\x8b"):
            while debut:
                yield debut
                debut = f.read(LECTURE)
            return
        d = zlib.decompressobj(wbits=31)
        brut = debut
        while brut:
            bloc = d.decompress(brut)
            while d.eof and d.unused_data:  # another gzip member follows
                reste = d.unused_data
                d = zlib.decompressobj(wbits=31)
                bloc += d.decompress(reste)
            if bloc:
                yield bloc
            brut = f.read(LECTURE)
        if not d.eof:
            raise _Tronque()


class _Flux:
    """``read``/``readline`` over ``_blocs``, for the header line then large blocks."""

    def __init__(self, blocs):
        self._blocs = blocs
        self._tampon = b""

    def readline(self) -> bytes:
        while b"\n" not in self._tampon:
            bloc = next(self._blocs, None)
            if bloc is None:
                ligne, self._tampon = self._tampon, b""
                return ligne
            self._tampon += bloc
        i = self._tampon.index(b"\n") + 1
        ligne, self._tampon = self._tampon[:i], self._tampon[i:]
        return ligne

    def read(self, _taille: int = -1) -> bytes:
        if self._tampon:
            bloc, self._tampon = self._tampon, b""
            return bloc
        return next(self._blocs, b"")

    def __iter__(self):
        # Block by block: cutting lines off the front of one large buffer would copy the
        # rest of it for every line.
        reste = b""
        while True:
            bloc = self.read()
            if not bloc:
                if reste:
                    yield reste
                return
            lignes = (reste + bloc).split(b"\n")
            reste = lignes.pop()
            for ligne in lignes:
                yield ligne + b"\n"


def _colonne_geo(colonnes: list[str], prefixes: tuple[str, ...]) -> int | None:
    for i, nom in enumerate(colonnes):
        if nom.casefold().startswith(prefixes):
            return i
    return None


def _entete(
    chemin: Path, premiere: bytes, attendues: tuple[str, ...], prefixes: tuple[str, ...], nom_base: str
) -> tuple[list[str], int]:
    try:
        texte = premiere.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ErreurImport(
            f"{chemin}:1: l'en-tête n'est pas en UTF-8 — ce n'est pas un fichier du SSMSI "
            f"(attendu : la {nom_base} telle que publiée sur data.gouv.fr)"
        ) from None
    colonnes = [c.strip() for c in next(csv.reader([texte.rstrip("\r\n")], delimiter=";"))]
    geo = _colonne_geo(colonnes, prefixes)
    manquantes = [c for c in attendues if c not in colonnes]
    if geo is None or manquantes:
        noms = (
            ["CODGEO_<année>"]
            if geo is None and prefixes == PREFIXES_GEO_COMMUNE
            else ["Code_departement (ou CODGEO_<année>)"]
            if geo is None
            else []
        ) + manquantes
        vu = "; ".join(colonnes[:15]) + (" ; …" if len(colonnes) > 15 else "")
        conseil = " (le séparateur attendu est « ; »)" if len(colonnes) == 1 and "," in texte else ""
        raise ErreurImport(
            f"{chemin}:1: ce n'est pas l'en-tête de la {nom_base} du SSMSI — colonne"
            f"{'s' if len(noms) > 1 else ''} manquante{'s' if len(noms) > 1 else ''} : {', '.join(noms)}"
            f"{conseil}. En-tête lu : {vu}"
        )
    return colonnes, geo


def _candidates(f, cle: bytes, lues: list[int]):
    """(line number, line) of every line after the header that holds ``cle``; ``lues[0]``
    follows the number of complete lines read so far (for the messages)."""
    numero = 2  # line number of the first line of ``reste + bloc``
    reste = b""
    while True:
        bloc = f.read()
        if not bloc:
            if reste.strip():
                lues[0] = numero
                if cle in reste:
                    yield numero, reste
            return
        texte = reste + bloc
        fin = texte.rfind(b"\n") + 1  # complete lines only; the rest waits for the next block
        if fin == 0:
            reste = texte
            continue
        pos = compte = 0
        while True:
            i = texte.find(cle, pos, fin)
            if i < 0:
                break
            debut = texte.rfind(b"\n", 0, i) + 1
            bout = texte.find(b"\n", i, fin)
            numero_ligne = numero + compte + texte.count(b"\n", pos, debut)
            compte = numero_ligne - numero
            yield numero_ligne, texte[debut : bout + 1]
            pos = bout + 1
            compte += 1
        numero += compte + texte.count(b"\n", pos, fin)
        lues[0] = numero - 1
        reste = texte[fin:]


def lire(chemin: Path, code: str, commune: bool) -> Lecture:
    """Stream ``chemin``; keep the rows of the territory ``code``."""
    attendues = ssmsi.COLONNES_COMMUNE if commune else ssmsi.COLONNES
    prefixes = PREFIXES_GEO_COMMUNE if commune else PREFIXES_GEO_DEPARTEMENT
    nom_base = "base communale" if commune else "base départementale"
    cle = code.encode("ascii")
    cle_dep = _code_dep(code)
    n = 0
    candidates: list[tuple[int, bytes]] = []
    codes: set[str] = set()
    try:
        f = _Flux(_blocs(chemin))
        premiere = f.readline()
        n = 1
        if not premiere.strip():
            raise ErreurImport(f"{chemin} : fichier vide")
        colonnes, geo = _entete(chemin, premiere, attendues, prefixes, nom_base)
        if commune:
            # The hot part: ~5 million lines, never split one by one. Large decompressed
            # blocks are searched for the code (bytes.find, in C); only the lines holding
            # it are cut out. The exact test on the parsed field below removes the lines
            # where the code is part of another value.
            lues = [1]
            try:
                candidates.extend(_candidates(f, cle, lues))
            finally:
                n = lues[0]
        else:  # ~18 000 lines: parse all, to know which départements the file covers
            for n, ligne in enumerate(f, 2):
                candidates.append((n, ligne))
    except ErreurImport:
        raise
    except (_Tronque, EOFError):
        raise ErreurImport(
            f"{chemin} : fichier compressé incomplet (la fin manque après la ligne {n}) — "
            "le téléchargement a sans doute été interrompu : téléchargez le fichier à nouveau"
        ) from None
    except zlib.error:
        raise ErreurImport(
            f"{chemin} : fichier compressé endommagé (après la ligne {n}) — téléchargez le fichier à nouveau"
        ) from None
    except OSError as exc:
        raise ErreurImport(f"{chemin} : lecture impossible après la ligne {n} ({exc.strerror or exc})") from None
    nom_geo = colonnes[geo]
    suffixe = re.search(r"(\d{4})$", nom_geo)
    geographie = int(suffixe.group(1)) if suffixe else None
    if geographie is None:
        m = _GEOGRAPHIE.search(chemin.name)
        geographie = int(m.group(1)) if m else None
    lecture = Lecture(chemin, colonnes, geographie, n_lignes=n)
    for numero, brut in candidates:
        if not brut.strip():
            continue
        try:
            texte = brut.decode("utf-8")
        except UnicodeDecodeError:
            raise ErreurImport(f"{chemin}:{numero}: ligne qui n'est pas en UTF-8 — fichier endommagé ?") from None
        champs = next(csv.reader([texte.rstrip("\r\n")], delimiter=";"))
        if len(champs) != len(colonnes):
            if commune and (len(champs) <= geo or champs[geo].strip() != code):
                continue  # another commune's line (the code was a number in it): not ours to judge
            raise ErreurImport(
                f"{chemin}:{numero}: {len(champs)} champs au lieu de {len(colonnes)} "
                "(ligne coupée ou fichier modifié ?)"
            )
        valeur = champs[geo].strip()
        row = dict(zip(colonnes, champs, strict=True))
        if commune:
            if valeur != code:
                continue
        else:
            codes.add(_code_dep(valeur))
            lecture.tous.setdefault(_code_dep(valeur), []).append((numero, row))
            if _code_dep(valeur) != cle_dep:
                continue
        lecture.lignes.append((numero, row))
    lecture.codes = codes
    return lecture


# --- values ----------------------------------------------------------------------------------


def _nombre(chemin: Path, numero: int, colonne: str, brut: str) -> int | float | None:
    texte = brut.strip()
    if texte.isdigit():  # most values: counts, populations, years
        return int(texte)
    if texte in ("NA", ""):
        return None
    try:
        v = float(texte.replace(",", ".").replace("\u00a0", "").replace(" ", ""))
    except ValueError:
        v = math.nan
    if not math.isfinite(v):
        raise ErreurImport(
            f"{chemin}:{numero}: colonne « {colonne} » : nombre illisible « {brut} » "
            "(attendu : un nombre avec une virgule décimale, ou NA)"
        )
    return int(v) if v.is_integer() and "," not in texte and "." not in texte else v


def _annee(chemin: Path, numero: int, colonne: str, brut: str, requise: bool) -> int | None:
    v = _nombre(chemin, numero, colonne, brut)
    if v is None and not requise:
        return None
    if not isinstance(v, int) or not 1900 <= v <= 2200:
        raise ErreurImport(f"{chemin}:{numero}: colonne « {colonne} » : année attendue (reçu « {brut} »)")
    return v


def _cellule(chemin: Path, numero: int, row: dict[str, str], commune: bool) -> ssmsi.Cellule:
    diffuse = None
    if "est_diffuse" in row:
        diffuse = row["est_diffuse"].strip()
        if diffuse == "NA" and not commune:
            diffuse = None
        elif diffuse not in ("diff", "ndiff"):
            raise ErreurImport(
                f"{chemin}:{numero}: colonne « est_diffuse » : « diff » ou « ndiff » attendu "
                f"(reçu « {row['est_diffuse']} »)"
            )
    nombre = _nombre(chemin, numero, "nombre", row["nombre"])
    taux = _nombre(chemin, numero, "taux_pour_mille", row["taux_pour_mille"])
    if diffuse == "ndiff":
        # Withheld: no figure of the commune exists in the file. complement_info_* (the
        # département's average of the withheld communes) is deliberately not read.
        nombre = taux = None
    return ssmsi.Cellule(
        nombre=nombre,
        taux_pour_mille=taux,
        est_diffuse=diffuse,
        unite_de_compte=row["unite_de_compte"].strip() or None,
        insee_pop=_nombre(chemin, numero, "insee_pop", row["insee_pop"]),
        insee_pop_millesime=_annee(chemin, numero, "insee_pop_millesime", row["insee_pop_millesime"], False),
        insee_log=_nombre(chemin, numero, "insee_log", row["insee_log"]),
        insee_log_millesime=_annee(chemin, numero, "insee_log_millesime", row["insee_log_millesime"], False),
    )


def _taux_pour(libelle: str, cellules: list[ssmsi.Cellule]) -> str:
    """Which denominator the SSMSI's rate uses, read from the figures themselves (the rate is
    nombre / insee_pop or nombre / insee_log, per thousand); the documented rule (burglaries
    per dwelling) only when no published figure allows the check."""
    pop = log = 0
    for c in cellules:
        if not c.nombre or c.taux_pour_mille is None:
            continue
        for den, cote in ((c.insee_pop, "pop"), (c.insee_log, "log")):
            if den and abs(c.nombre / den * 1000 - c.taux_pour_mille) <= 0.01 * abs(c.taux_pour_mille) + 1e-6:
                if cote == "pop":
                    pop += 1
                else:
                    log += 1
    if pop or log:
        return "logements" if log > pop else "habitants"
    return "logements" if "logement" in ssmsi.normaliser_libelle(libelle) else "habitants"


def _indicateurs(
    lecture: Lecture, commune: bool, garder: set[str] | None, nouveaux_ok: bool
) -> tuple[list[ssmsi.Indicateur], list[str], list[str], list[int]]:
    """(indicators, new labels accepted, labels ignored, years) from the territory's rows."""
    par: dict[str, dict[int, tuple[int, ssmsi.Cellule]]] = {}
    libelles: dict[str, str] = {}
    inconnus: dict[str, list[int]] = {}
    for numero, row in lecture.lignes:
        libelle = row["indicateur"].strip()
        norm = ssmsi.normaliser_libelle(libelle)
        if garder is not None:
            if norm not in garder:
                inconnus.setdefault(libelle, []).append(numero)
                continue
        elif norm not in ssmsi.CONNUS:
            inconnus.setdefault(libelle, []).append(numero)
            if not nouveaux_ok:
                continue
        annee = _annee(lecture.chemin, numero, "annee", row["annee"], True)
        cellule = _cellule(lecture.chemin, numero, row, commune)
        deja = par.setdefault(norm, {}).get(annee)  # type: ignore[arg-type]
        if deja is not None:
            raise ErreurImport(f"{lecture.chemin}:{numero}: « {libelle} », {annee} : déjà donné ligne {deja[0]}")
        par[norm][annee] = (numero, cellule)  # type: ignore[index]
        libelles.setdefault(norm, libelle)
    if inconnus and garder is None and not nouveaux_ok:
        detail = " ; ".join(
            f"« {lib} » (ligne{'s' if len(n) > 1 else ''} {', '.join(map(str, n[:3]))}{'…' if len(n) > 3 else ''})"
            for lib, n in sorted(inconnus.items())
        )
        raise ErreurImport(
            f"{lecture.chemin} : indicateur{'s' if len(inconnus) > 1 else ''} "
            f"inconnu{'s' if len(inconnus) > 1 else ''} "
            f"du site : {detail}. Le SSMSI a peut-être ajouté ou renommé un indicateur : vérifiez-le sur "
            "data.gouv.fr. S'il est nouveau (et ne remplace pas un indicateur existant, sans quoi une même série "
            "se lirait comme deux), relancez avec NOUVEAUX=oui pour l'importer sous son libellé. Indicateurs "
            f"connus : {', '.join(ssmsi.INDICATEURS_COMMUNAUX)}."
        )
    nouveaux = sorted(inconnus) if garder is None else []
    ignores = sorted(inconnus) if garder is not None else []
    ordre = {n: i for i, n in enumerate(ssmsi.CONNUS)}
    annees: set[int] = set()
    out = []
    for norm in sorted(par, key=lambda n: (ordre.get(n, len(ordre)), n)):
        cellules = {a: c for a, (_n, c) in sorted(par[norm].items())}
        annees |= set(cellules)
        # The unit of count of the latest year for the indicator; a year with another unit keeps its own.
        unite = cellules[max(cellules)].unite_de_compte
        for c in cellules.values():
            if c.unite_de_compte == unite:
                c.unite_de_compte = None
        # Shown under the file's own label; identified by the site's (same id in both bases).
        canon = ssmsi.CONNUS.get(norm, libelles[norm])
        out.append(
            ssmsi.Indicateur(
                libelle=libelles[norm],
                id=ssmsi.ident(canon),
                unite_de_compte=unite,
                taux_pour=_taux_pour(libelles[norm], list(cellules.values())),
                annees=cellules,
            )
        )
    return out, nouveaux, ignores, sorted(annees)


# --- national figures --------------------------------------------------------------------------


def _france(
    lecture_complete: dict[str, list[tuple[int, dict[str, str]]]],
    codes: set[str],
    indicateurs: list[ssmsi.Indicateur],
    chemin: Path,
) -> ssmsi.France:
    manquants = [d for d in DEPARTEMENTS if d not in codes]
    if manquants:
        liste = ", ".join(manquants[:10]) + (" …" if len(manquants) > 10 else "")
        return ssmsi.France(
            calcule=False,
            departements=len(set(DEPARTEMENTS) & codes),
            raison=(
                f"non calculés : la base départementale ne couvre que "
                f"{len(set(DEPARTEMENTS) & codes)} départements sur {len(DEPARTEMENTS)} "
                f"(manquent : {liste}) ; une somme partielle ne serait pas la France"
            ),
        )
    autres = sorted(codes - set(DEPARTEMENTS))
    # Per indicator × year, the sum over the 101 départements, when every one has its figure.
    cumuls: dict[tuple[str, int], list] = {}
    gardes = {ssmsi.normaliser_libelle(i.libelle) for i in indicateurs}
    for code in DEPARTEMENTS:
        for numero, row in lecture_complete.get(code, []):
            norm = ssmsi.normaliser_libelle(row["indicateur"])
            if norm not in gardes:
                continue
            annee = _annee(chemin, numero, "annee", row["annee"], True)
            c = _cellule(chemin, numero, row, False)
            cumuls.setdefault((norm, annee), []).append(c)  # type: ignore[arg-type]
    out: list[ssmsi.Indicateur] = []
    for ind in indicateurs:
        norm = ssmsi.normaliser_libelle(ind.libelle)
        cellules: dict[int, ssmsi.Cellule] = {}
        for annee in sorted(ind.annees):
            cs = cumuls.get((norm, annee), [])
            den_champ = "insee_log" if ind.taux_pour == "logements" else "insee_pop"
            complet = len(cs) == len(DEPARTEMENTS) and all(c.nombre is not None for c in cs)
            nombre = sum(c.nombre for c in cs) if complet else None
            pops = [c.insee_pop for c in cs]
            logs = [c.insee_log for c in cs]
            pop = sum(pops) if complet and all(p is not None for p in pops) else None
            log = sum(logs) if complet and all(x is not None for x in logs) else None
            den = log if den_champ == "insee_log" else pop
            taux = round(nombre / den * 1000, 7) if nombre is not None and den else None
            mill_pop = {c.insee_pop_millesime for c in cs}
            mill_log = {c.insee_log_millesime for c in cs}
            cellules[annee] = ssmsi.Cellule(
                nombre=nombre,
                taux_pour_mille=taux,
                insee_pop=pop,
                insee_pop_millesime=mill_pop.pop() if len(mill_pop) == 1 else None,
                insee_log=log,
                insee_log_millesime=mill_log.pop() if len(mill_log) == 1 else None,
            )
        out.append(
            ssmsi.Indicateur(
                libelle=ind.libelle,
                id=ind.id,
                unite_de_compte=ind.unite_de_compte,
                taux_pour=ind.taux_pour,
                annees=cellules,
            )
        )
    raison = (
        "somme des 101 départements (métropole et outre-mer) de la base départementale ; "
        "taux = somme des nombres / somme des populations (ou des logements) × 1 000"
    )
    if autres:
        raison += f" ; autres codes du fichier non comptés : {', '.join(autres)}"
    return ssmsi.France(calcule=True, raison=raison, departements=len(DEPARTEMENTS), indicateurs=out)


# --- the import ---------------------------------------------------------------------------------


def edition_du_nom(nom: str) -> _dt.date | None:
    m = _EDITION.search(nom)
    if not m:
        return None
    try:
        return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _source(chemin: Path, edition: _dt.date | None, geographie: int | None) -> ssmsi.Source:
    lue = edition_du_nom(chemin.name)
    if edition is None and lue is None:
        raise ErreurImport(
            f"{chemin} : date d'édition introuvable dans le nom du fichier (attendu « …-produit-le<AAAA-MM-JJ>… », "
            "comme sur data.gouv.fr). Gardez le nom d'origine du fichier, ou indiquez la date « produit le » de "
            "l'édition : make import-ssmsi FICHIER=… DATE_EDITION=AAAA-MM-JJ"
        )
    if geographie is None:
        raise ErreurImport(
            f"{chemin} : année de géographie introuvable (ni « CODGEO_<année> » dans l'en-tête, "
            "ni « geographie<AAAA> » dans le nom du fichier)"
        )
    return ssmsi.Source(
        producteur=ssmsi.PRODUCTEUR,
        jeu_de_donnees=ssmsi.JEU_DE_DONNEES,
        licence=ssmsi.LICENCE,
        fichier=chemin.name,
        edition=edition or lue,
        origine_edition="indiquee" if edition else "nom-du-fichier",
        geographie=geographie,
    )


@dataclass
class Resultat:
    fichiers: dict[str, str]  # project-relative path → new text
    messages: list[str]


def preparer(
    racine: Path,
    fichier: Path,
    departement: Path | None = None,
    edition: _dt.date | None = None,
    nouveaux: bool = False,
) -> Resultat:
    """Read, check and convert; write nothing. Raises ErreurImport or SourcesInvalides."""
    from macros.lecture.sources import charger_commune

    col = Collecteur()
    commune = charger_commune(racine, col)
    col.verifier()
    assert commune is not None
    code, dep = commune.insee, commune.departement.code
    messages: list[str] = []

    lc = lire(fichier, code, commune=True)
    if not lc.lignes:
        raise ErreurImport(
            f"{fichier} : la commune {code} ({commune.nom}, code INSEE de data/commune.yml) est absente "
            f"du fichier ({lc.n_lignes - 1} lignes lues). Est-ce bien la base communale ? "
            f"Le code INSEE de data/commune.yml est-il juste ?"
        )
    inds, nouv, _ign, annees = _indicateurs(lc, True, None, nouveaux)
    if nouv:
        messages.append(f"Indicateurs nouveaux importés sous leur libellé (NOUVEAUX=oui) : {', '.join(nouv)}.")
    fc = ssmsi.FichierSsmsi(
        source=_source(fichier, edition, lc.geographie),
        territoire=ssmsi.Territoire(niveau="commune", code=code, nom=commune.nom),
        annees=annees,
        indicateurs=inds,
        nouveaux=nouv,
    )
    textes = {ssmsi.COMMUNE: ssmsi.texte_yaml(fc)}
    n_diff = sum(1 for i in inds for c in i.annees.values() if not c.diffuse)
    messages.insert(
        0,
        f"{commune.nom} ({code}) : {len(inds)} indicateurs, {annees[0]}–{annees[-1]}, "
        f"édition du {fr.date(fc.source.edition)} ; {n_diff} chiffre{'s' if n_diff > 1 else ''} "
        f"non diffusé{'s' if n_diff > 1 else ''} (secret statistique).",
    )

    if departement is not None:
        ld = lire(departement, dep, commune=False)
        if not ld.lignes:
            raise ErreurImport(
                f"{departement} : le département {dep} ({commune.departement.nom}) est absent du "
                f"fichier ({ld.n_lignes - 1} lignes lues). Est-ce bien la base départementale ?"
            )
        garder = {ssmsi.normaliser_libelle(i.libelle) for i in inds}
        dinds, _n, ignores, dannees = _indicateurs(ld, False, garder, False)
        france = _france(ld.tous, ld.codes, dinds, departement)
        geo = ld.geographie or fc.source.geographie
        fd = ssmsi.FichierSsmsi(
            source=_source(departement, edition, geo),
            territoire=ssmsi.Territoire(niveau="departement", code=dep, nom=commune.departement.nom),
            annees=dannees,
            indicateurs=dinds,
            ignores=ignores,
            france=france,
        )
        if fd.source.edition != fc.source.edition:
            messages.append(
                f"Attention : la base départementale est de l'édition du {fr.date(fd.source.edition)}, "
                f"la base communale de celle du {fr.date(fc.source.edition)}."
            )
        manquants = [i.libelle for i in inds if fd.indicateur(i.id) is None]
        if manquants:
            messages.append(f"Absents de la base départementale : {', '.join(manquants)}.")
        if ignores:
            messages.append(
                f"Indicateurs de la base départementale sans équivalent communal, non repris : {', '.join(ignores)}."
            )
        messages.append(
            f"{commune.departement.nom} ({dep}) : {len(dinds)} indicateurs ; France : "
            + ("calculée (101 départements)." if france.calcule else france.raison + ".")
        )
        textes[ssmsi.DEPARTEMENT] = ssmsi.texte_yaml(fd)
    else:
        existant = _edition_existante(racine / ssmsi.DEPARTEMENT)
        if existant is not None and existant != fc.source.edition:
            messages.append(
                f"Attention : les chiffres du département restent ceux de l'édition du "
                f"{fr.date(existant)} ; importez aussi la base départementale de cette édition "
                "(DEPARTEMENT=…)."
            )

    ancienne = _edition_existante(racine / ssmsi.COMMUNE)
    if ancienne is not None and fc.source.edition < ancienne:
        raise ErreurImport(
            f"{fichier} : édition du {fr.date(fc.source.edition)}, plus ancienne que celle déjà "
            f"importée (du {fr.date(ancienne)}) : rien n'est remplacé. Pour revenir à une "
            "édition antérieure, utilisez l'historique git des fichiers data/ssmsi/."
        )
    return Resultat(textes, messages)


def _edition_existante(chemin: Path) -> _dt.date | None:
    if not chemin.is_file():
        return None
    m = re.search(r"^  edition: (\d{4}-\d{2}-\d{2})$", chemin.read_text(encoding="utf-8"), re.M)
    return _dt.date.fromisoformat(m.group(1)) if m else None


def ecrire(racine: Path, resultat: Resultat) -> list[tuple[str, bool]]:
    """Write the files that changed (atomically); (path, changed) for each."""
    out = []
    for rel, texte in resultat.fichiers.items():
        chemin = racine / rel
        ancien = chemin.read_bytes() if chemin.is_file() else None
        nouveau = texte.encode("utf-8")
        if ancien == nouveau:
            out.append((rel, False))
            continue
        chemin.parent.mkdir(parents=True, exist_ok=True)
        tmp = chemin.with_name(f".{chemin.name}.{os.getpid()}.tmp")
        tmp.write_bytes(nouveau)
        os.replace(tmp, chemin)
        out.append((rel, True))
    return out


def cmd_import(args: argparse.Namespace) -> int:
    racine: Path = args.racine
    if not args.fichier:
        print(
            "Indiquez la base communale du SSMSI : make import-ssmsi FICHIER=<fichier .csv.gz> "
            "[DEPARTEMENT=<base départementale .csv.gz>] (voir le guide du coordonnateur).",
            file=sys.stderr,
        )
        return 2
    edition = None
    if args.edition:
        try:
            edition = _dt.date.fromisoformat(args.edition)
        except ValueError:
            print(
                f"DATE_EDITION=« {args.edition} » : date AAAA-MM-JJ attendue (la date « produit le » de l'édition).",
                file=sys.stderr,
            )
            return 2
    try:
        resultat = preparer(
            racine,
            Path(args.fichier).expanduser(),
            Path(args.departement).expanduser() if args.departement else None,
            edition,
            args.nouveaux,
        )
    except ErreurImport as exc:
        print(f"Import impossible : {exc}", file=sys.stderr)
        print("Aucun fichier n'a été modifié.", file=sys.stderr)
        return 1
    except SourcesInvalides as exc:
        print(exc.rapport(), file=sys.stderr)
        print("Aucun fichier n'a été modifié.", file=sys.stderr)
        return 1
    ecrits = ecrire(racine, resultat)
    for m in resultat.messages:
        print(m)
    for rel, change in ecrits:
        print(f"{rel} : {'mis à jour' if change else 'inchangé (même édition, mêmes chiffres)'}")
    if any(change for _rel, change in ecrits):
        print("Vérifiez avec make check, puis enregistrez dans git (git add data/ssmsi && git commit).")
    return 0


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-ssmsi", help="importer les chiffres officiels de la délinquance (SSMSI)")
    p.add_argument("--fichier", default=None, help="base communale du SSMSI (.csv.gz, telle que téléchargée)")
    p.add_argument("--departement", default=None, help="base départementale du SSMSI (.csv.gz), facultative")
    p.add_argument(
        "--edition", default=None, help="date « produit le » AAAA-MM-JJ, si le nom du fichier ne la porte plus"
    )
    p.add_argument("--nouveaux", action="store_true", help="importer aussi les indicateurs inconnus du site")
    p.set_defaults(func=cmd_import)
