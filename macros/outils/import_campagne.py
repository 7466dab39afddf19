"""``make import-campagne FICHIER=… [ESSAI=1]``: a returned campaign file into the fiches.

Three passes, and nothing is written unless all three succeed:

1. **Cells.** Every cell a partner may fill is checked; every problem is collected and
   reported at once as ``Feuille!D7 : message`` (French, the cell as the spreadsheet
   shows it).
2. **Plan.** What the file asks is compared with the fiches: a status, a progress figure,
   a new journal entry, indicator values. A journal entry or a value that differs from one
   already there is a *conflict*: listed, never written (no silent overwrite). What is
   already there is skipped, so importing the same file twice changes nothing.
3. **Writing.** Each changed fiche's front matter goes through ruamel.yaml's round-trip
   mode; the body and every other byte of the file are kept. A guard then compares the
   front matter key by key: any key the import did not mean to change must be identical
   byte for byte, or the fiche is refused. The would-be sources are validated by the same
   loader as ``make check`` before anything is written, then files are replaced
   atomically (temporary file + rename).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import io
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from macros.domaine import fr
from macros.domaine.corpus import Corpus
from macros.domaine.modele import STATUTS, DatePartielle, Fiche, _date_reelle, _vocabulaire
from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.lecture.tableur import ErreurTableur, Feuille, lire, ref
from macros.outils import campagne as C
from macros.outils.date_build import date_ou_message

LONGUEUR_MAX = 2000  # characters of one journal entry: a paragraph, not a report


class ImportRefuse(Exception):
    """The file cannot be imported; ``problemes`` lists every reason."""

    def __init__(self, problemes: list[str]):
        self.problemes = problemes
        super().__init__("\n".join(problemes))


@dataclass
class Entree:
    date: DatePartielle
    texte: str
    visibilite: str
    cellule: str


@dataclass
class ValeurImportee:
    indicateur: str
    periode: DatePartielle
    valeur: float | int | None
    cellule: str


@dataclass
class Demande:
    """What one returned file asks for one fiche."""

    fiche: Fiche
    statut: str | None = None
    avancement: int | None = None
    entree: Entree | None = None
    valeurs: list[ValeurImportee] = field(default_factory=list)


@dataclass
class Modification:
    """What will really change in one fiche."""

    fiche: Fiche
    statut: str | None = None  # new status code
    avancement: int | None = None  # new figure
    retirer_avancement: bool = False  # the status changed without a figure
    entree: Entree | None = None
    valeurs: list[ValeurImportee] = field(default_factory=list)

    @property
    def vide(self) -> bool:
        return (
            self.statut is None
            and self.avancement is None
            and not self.retirer_avancement
            and self.entree is None
            and not self.valeurs
        )

    def cles(self) -> set[str]:
        """Top-level front-matter keys this change may touch."""
        out = set()
        if self.statut is not None:
            out.add("statut")
        if self.avancement is not None or self.retirer_avancement:
            out.add("avancement")
        if self.entree is not None:
            out.add("suivi")
        if self.valeurs:
            out.add("indicateurs")
        return out


@dataclass
class Resultat:
    acteur: str
    annee: int
    modifications: list[Modification]
    conflits: list[str]
    textes: dict[str, tuple[str, str]]  # source path → (old text, new text)


# --- cells -------------------------------------------------------------------------------


def _texte(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _cite(v: Any) -> str:
    if isinstance(v, (_dt.datetime, _dt.date)):
        return v.strftime("%d/%m/%Y")
    t = _texte(v).replace("\n", " ")
    return t if len(t) <= 60 else t[:57] + "…"


_DATE_FR = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MOIS_FR = re.compile(r"^(\d{1,2})[/.-](\d{4})$")


def lire_date(v: Any) -> DatePartielle | str:
    """A date typed in a cell → DatePartielle, or a French reason."""
    attendu = "écrivez JJ/MM/AAAA (ex. 20/11/2026), MM/AAAA ou AAAA"
    if isinstance(v, _dt.datetime):
        return DatePartielle(v.date(), "jour")
    if isinstance(v, _dt.date):
        return DatePartielle(v, "jour")
    if isinstance(v, bool):
        return f"date attendue — {attendu}"
    if isinstance(v, (int, float)):
        if float(v).is_integer() and 1900 <= v <= 2200:
            return DatePartielle(_dt.date(int(v), 1, 1), "annee")
        return f"« {_cite(v)} » n'est pas une date — {attendu}"
    t = _texte(v)
    m = _DATE_FR.match(t)
    if m:
        t = f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    else:
        m = _MOIS_FR.match(t)
        if m:
            t = f"{m[2]}-{int(m[1]):02d}"
    try:
        return _date_reelle(t, partielle=True)
    except ValueError:
        return f"date « {_cite(v)} » illisible ou inexistante — {attendu}"


def _affiche_date(d: DatePartielle) -> str:
    return fr.date_partielle(d.debut, d.precision)


def controler_date(d: DatePartielle, aujourdhui: _dt.date, debut_strategie: int) -> str | None:
    if d.debut > aujourdhui:
        return f"date du {_affiche_date(d)} dans le futur (aujourd'hui : {fr.date(aujourdhui)})"
    if d.fin < _dt.date(debut_strategie, 1, 1):
        return (
            f"date du {_affiche_date(d)} antérieure au début de la stratégie ({debut_strategie}) — "
            "le suivi commence avec la stratégie"
        )
    return None


def lire_avancement(c: Any) -> int | str:
    """A progress cell → 0..100, or a French reason. « 60 % » and a percent cell (0,6) are 60."""
    attendu = "nombre entier de 0 à 100 attendu"
    v, pourcent = (c.valeur, c.pourcentage) if c is not None else (None, False)
    if isinstance(v, bool):
        return f"avancement « {_cite(v)} » : {attendu}"
    if isinstance(v, str):
        t = v.strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
        if t.endswith("%"):
            t = t[:-1]
        try:
            n = float(t.replace(",", "."))
        except ValueError:
            return f"avancement « {_cite(v)} » : {attendu}"
    elif isinstance(v, (int, float)):
        n = float(v) * 100 if pourcent else float(v)
        n = round(n, 6)
    else:
        return f"avancement « {_cite(v)} » : {attendu}"
    affiche = _cite(v) if not pourcent else fr.nombre(n) + " %"
    if not n.is_integer():
        return f"avancement « {affiche} » : nombre entier attendu (de 0 à 100, sans décimale)"
    if not 0 <= n <= 100:
        return f"avancement « {affiche} » hors limites — {attendu}"
    return int(n)


def lire_valeur(c: Any) -> tuple[bool, float | int | None] | str:
    """An indicator value → (True, number or None for « n.d. »), or a French reason."""
    v, pourcent = c.valeur, c.pourcentage
    if isinstance(v, bool) or isinstance(v, (_dt.date, _dt.datetime)):
        return (
            f"valeur « {_cite(v)} » : nombre attendu (ex. 12 ou 12,5), ou « {C.ND} » si la donnée n'est pas disponible"
        )
    if isinstance(v, (int, float)):
        n = float(v) * 100 if pourcent else float(v)
    else:
        t = str(v).strip()
        if t.lower().replace(" ", "") in ("n.d.", "n.d", "nd"):
            return True, None
        t2 = t.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("\u2212", "-")
        if t2.endswith("%"):
            t2 = t2[:-1]
        try:
            n = float(t2.replace(",", "."))
        except ValueError:
            return (
                f"valeur « {_cite(v)} » : nombre attendu (ex. 12 ou 12,5), "
                f"ou « {C.ND} » si la donnée n'est pas disponible"
            )
    if n != n or n in (float("inf"), float("-inf")):
        return f"valeur « {_cite(v)} » : nombre fini attendu"
    n = round(n, 9)
    return True, int(n) if n.is_integer() else n


def _colonnes(f: Feuille, attendues: list[str], problemes: list[str]) -> dict[str, int] | None:
    entetes: dict[str, int] = {}
    for (ligne, c), cel in sorted(f.cellules.items()):
        if ligne == 1:
            entetes.setdefault(_texte(cel.valeur), c)
    manquantes = [h for h in attendues if h not in entetes]
    for h in manquantes:
        problemes.append(
            f"{ref(f.nom, 1)} : colonne « {h} » absente — ne renommez ni ne supprimez "
            "les titres de colonnes de la ligne 1"
        )
    return None if manquantes else entetes


def identifier(classeur: dict[str, Feuille], nom: str, corpus: Corpus) -> tuple[str, int]:
    """(actor, year) of a campaign file, or ImportRefuse if it is not one."""
    pas = (
        f"{nom} n'est pas un fichier de campagne STSPD ({{}}) — importez un fichier produit par "
        "« make campagne » et rempli par le partenaire"
    )
    f = classeur.get(C.F_CAMPAGNE)
    if f is None:
        raise ImportRefuse([pas.format(f"feuille « {C.F_CAMPAGNE} » absente")])
    if _texte(f.valeur(1, 2)) != C.MARQUEUR:
        raise ImportRefuse([pas.format(f"{ref(C.F_CAMPAGNE, 1, 2)} ne contient pas « {C.MARQUEUR} »")])
    problemes = []
    acteur = _texte(f.valeur(2, 2))
    if acteur not in corpus.acteurs:
        problemes.append(
            f"{ref(C.F_CAMPAGNE, 2, 2)} : acteur « {acteur} » inconnu dans data/acteurs.yml — "
            "le fichier a été modifié ou vient d'un autre site"
        )
    annee_txt = _texte(f.valeur(3, 2))
    if not re.fullmatch(r"\d{4}", annee_txt):
        problemes.append(f"{ref(C.F_CAMPAGNE, 3, 2)} : année de campagne « {annee_txt} » illisible (AAAA attendu)")
    for feuille in (C.F_FICHES, C.F_INDICATEURS):
        if feuille not in classeur:
            problemes.append(f"{nom} : feuille « {feuille} » absente — ne renommez ni ne supprimez les feuilles")
    if problemes:
        raise ImportRefuse(problemes)
    return acteur, int(annee_txt)


def lire_demandes(
    classeur: dict[str, Feuille], corpus: Corpus, acteur: str, aujourdhui: _dt.date
) -> dict[str, Demande]:
    """Every filled cell of both sheets, checked. Raises ImportRefuse with every problem."""
    problemes: list[str] = []
    debut = corpus.commune.strategie.debut if corpus.commune else 1900
    siennes = {f.id: f for f in C.fiches_de(corpus, acteur)}
    demandes: dict[str, Demande] = {}
    nom_acteur = corpus.acteurs[acteur].nom

    def fiche_de_la_ligne(feuille: Feuille, ligne: int, col: int) -> Fiche | None:
        brut = feuille.valeur(ligne, col)
        r = ref(feuille.nom, ligne, col)
        if isinstance(brut, (int, float)) and not isinstance(brut, bool):
            problemes.append(
                f"{r} : identifiant de fiche « {_cite(brut)} » écrit comme un nombre — écrivez-le "
                "comme à l'export, en texte (1.10 et 1.1 sont deux fiches différentes)"
            )
            return None
        ident = _texte(brut)
        if not ident:
            problemes.append(f"{r} : ligne remplie sans identifiant de fiche dans la colonne « {C.C_FICHE} »")
            return None
        if ident in siennes:
            return siennes[ident]
        if corpus.fiche(ident) is not None:
            problemes.append(
                f"{r} : la fiche {ident} n'est pas une fiche de « {nom_acteur} » (ni pilote, ni "
                "partenaire) — ce fichier ne peut rendre compte que des fiches de cet acteur"
            )
        else:
            problemes.append(f"{r} : fiche « {ident} » inconnue — identifiants possibles : " + ", ".join(siennes))
        return None

    # Sheet « Fiches »
    fs = classeur[C.F_FICHES]
    cols = _colonnes(fs, [C.C_FICHE, C.C_STATUT, C.C_AVANCEMENT, C.C_DATE, C.C_ENTREE, C.C_VISIBILITE], problemes)
    vues: dict[str, str] = {}
    if cols is not None:
        saisies = [C.C_STATUT, C.C_AVANCEMENT, C.C_DATE, C.C_ENTREE]
        for ligne in range(2, fs.derniere_ligne + 1):
            remplies = {h: c for h in saisies if (c := fs.cellule(ligne, cols[h])) is not None and _texte(c.valeur)}
            if not remplies:
                continue  # nothing to report on this row (the visibility alone is a default)
            fiche = fiche_de_la_ligne(fs, ligne, cols[C.C_FICHE])
            if fiche is None:
                continue
            r_fiche = ref(fs.nom, ligne, cols[C.C_FICHE])
            if fiche.id in vues:
                problemes.append(
                    f"{r_fiche} : la fiche {fiche.id} a déjà une ligne ({vues[fiche.id]}) — une seule ligne par fiche"
                )
                continue
            vues[fiche.id] = r_fiche
            d = Demande(fiche)
            if C.C_STATUT in remplies:
                r = ref(fs.nom, ligne, cols[C.C_STATUT])
                brut = remplies[C.C_STATUT].valeur
                code = _vocabulaire(brut) if isinstance(brut, str) else None
                if code in STATUTS:
                    d.statut = code
                else:
                    problemes.append(
                        f"{r} : statut « {_cite(brut)} » inconnu — valeurs possibles : "
                        + ", ".join(C.libelles_statuts())
                    )
            if C.C_AVANCEMENT in remplies:
                r = ref(fs.nom, ligne, cols[C.C_AVANCEMENT])
                a = lire_avancement(remplies[C.C_AVANCEMENT])
                if isinstance(a, str):
                    problemes.append(f"{r} : {a}")
                else:
                    statut_invalide = C.C_STATUT in remplies and d.statut is None  # already reported
                    if not statut_invalide and (d.statut or fiche.statut) == "non-renseigne":
                        problemes.append(
                            f"{r} : avancement indiqué ({a} %) alors que le statut "
                            f"{'choisi' if d.statut else 'actuel'} est « {STATUTS['non-renseigne'].libelle} » — "
                            f"choisissez un statut dans la colonne « {C.C_STATUT} », ou videz la cellule"
                        )
                    else:
                        d.avancement = a
            texte = re.sub(r"\s+", " ", _texte(fs.valeur(ligne, cols[C.C_ENTREE])))
            r_date = ref(fs.nom, ligne, cols[C.C_DATE])
            r_texte = ref(fs.nom, ligne, cols[C.C_ENTREE])
            if texte:
                date: DatePartielle | None = None
                if C.C_DATE not in remplies:
                    problemes.append(
                        f"{r_date} : date de l'entrée manquante — indiquez la date des faits rapportés (JJ/MM/AAAA)"
                    )
                else:
                    dd = lire_date(fs.valeur(ligne, cols[C.C_DATE]))
                    if isinstance(dd, str):
                        problemes.append(f"{r_date} : {dd}")
                    else:
                        pb = controler_date(dd, aujourdhui, debut)
                        if pb:
                            problemes.append(f"{r_date} : {pb}")
                        else:
                            date = dd
                if len(texte) > LONGUEUR_MAX:
                    problemes.append(
                        f"{r_texte} : entrée de {len(texte)} caractères — {LONGUEUR_MAX} au plus (une ou deux phrases)"
                    )
                    texte = ""
                if "{{" in texte or "{%" in texte:
                    problemes.append(f"{r_texte} : « {{{{ » et « {{% » sont interdits dans une entrée du journal")
                    texte = ""
                r_vis = ref(fs.nom, ligne, cols[C.C_VISIBILITE])
                vis_brut = _texte(fs.valeur(ligne, cols[C.C_VISIBILITE])).lower()
                vis = vis_brut or C.VISIBILITES[0]
                if vis not in C.VISIBILITES:
                    problemes.append(
                        f"{r_vis} : visibilité « {_cite(fs.valeur(ligne, cols[C.C_VISIBILITE]))} » "
                        f"inconnue — valeurs possibles : {', '.join(C.VISIBILITES)}"
                    )
                elif date is not None and texte:
                    d.entree = Entree(date, texte, vis, r_texte)
            elif C.C_DATE in remplies:
                problemes.append(
                    f"{r_texte} : date indiquée en {r_date} mais entrée du journal vide — "
                    "écrivez l'entrée, ou videz la date"
                )
            demandes[fiche.id] = d

    # Sheet « Indicateurs »
    fi = classeur[C.F_INDICATEURS]
    cols = _colonnes(fi, [C.I_FICHE, C.I_ID, C.I_PERIODE, C.I_VALEUR], problemes)
    if cols is not None:
        deja: dict[tuple[str, str, str], str] = {}
        for ligne in range(2, fi.derniere_ligne + 1):
            cel = fi.cellule(ligne, cols[C.I_VALEUR])
            if cel is None or not _texte(cel.valeur):
                continue
            r = ref(fi.nom, ligne, cols[C.I_VALEUR])
            fiche = fiche_de_la_ligne(fi, ligne, cols[C.I_FICHE])
            if fiche is None:
                continue
            ind_id = _texte(fi.valeur(ligne, cols[C.I_ID]))
            ind = next((i for i in fiche.indicateurs if i.id == ind_id), None)
            if ind is None:
                connus = ", ".join(i.id for i in fiche.indicateurs) or "aucun"
                problemes.append(
                    f"{ref(fi.nom, ligne, cols[C.I_ID])} : indicateur « {ind_id} » inconnu dans la fiche "
                    f"{fiche.id} — indicateurs de la fiche : {connus}"
                )
                continue
            if not C.chiffre(ind):
                problemes.append(
                    f"{r} : « {ind.id} » est un critère qualitatif, sans valeur chiffrée — "
                    "rapportez l'appréciation dans le journal (feuille « Fiches »)"
                )
                continue
            r_p = ref(fi.nom, ligne, cols[C.I_PERIODE])
            p = lire_date(fi.valeur(ligne, cols[C.I_PERIODE]))
            if isinstance(p, str):
                problemes.append(f"{r_p} : période — {p}")
                continue
            pb = controler_date(p, aujourdhui, debut)
            if pb:
                problemes.append(f"{r_p} : période — {pb}")
                continue
            cle = (fiche.id, ind.id, str(p))
            if cle in deja:
                problemes.append(
                    f"{r} : valeur de « {ind.id} » pour {p} déjà donnée en {deja[cle]} — "
                    "une valeur par indicateur et par période"
                )
                continue
            deja[cle] = r
            v = lire_valeur(cel)
            if isinstance(v, str):
                problemes.append(f"{r} : {v}")
                continue
            demandes.setdefault(fiche.id, Demande(fiche)).valeurs.append(ValeurImportee(ind.id, p, v[1], r))
    if problemes:
        raise ImportRefuse(problemes)
    return demandes


# --- plan --------------------------------------------------------------------------------


def _meme_texte(a: str, b: str) -> bool:
    return re.sub(r"\s+", " ", a).strip() == re.sub(r"\s+", " ", b).strip()


def planifier(demandes: dict[str, Demande]) -> tuple[list[Modification], list[str]]:
    mods: list[Modification] = []
    conflits: list[str] = []
    for d in demandes.values():
        f = d.fiche
        m = Modification(f)
        if d.statut is not None and d.statut != f.statut:
            m.statut = d.statut
            if d.avancement is None and f.avancement is not None:
                m.retirer_avancement = True
        if d.avancement is not None and (d.avancement != f.avancement or m.retirer_avancement):
            m.avancement = d.avancement
            m.retirer_avancement = False
        if d.entree is not None:
            e = d.entree
            memes = [x for x in f.suivi if str(x.date) == str(e.date)]
            if any(_meme_texte(x.texte, e.texte) and x.visibilite == e.visibilite for x in memes):
                pass  # already imported
            elif memes:
                x = next((x for x in memes if _meme_texte(x.texte, e.texte)), memes[0])
                quoi = (
                    f"avec la visibilité « {x.visibilite} »"
                    if _meme_texte(x.texte, e.texte)
                    else f"avec un autre texte : « {_cite(x.texte)} »"
                )
                conflits.append(
                    f"{e.cellule} : fiche {f.id} — une entrée du {_affiche_date(e.date)} existe déjà "
                    f"{quoi} ; la nouvelle n'est pas écrite (ajoutez-la à la main dans {f.source} "
                    "si les deux sont justes)"
                )
            else:
                m.entree = e
        for v in d.valeurs:
            ind = next(i for i in f.indicateurs if i.id == v.indicateur)
            ancienne = next((x for x in ind.valeurs if str(x.periode) == str(v.periode)), None)
            if ancienne is None:
                m.valeurs.append(v)
            elif not _egal(ancienne.valeur, v.valeur):
                conflits.append(
                    f"{v.cellule} : fiche {f.id}, indicateur « {ind.id} », période {v.periode} — "
                    f"valeur déjà enregistrée : {_nombre(ancienne.valeur)} ; la valeur reçue "
                    f"({_nombre(v.valeur)}) n'est pas écrite (corrigez {f.source} à la main si elle "
                    "est la bonne)"
                )
        if not m.vide:
            mods.append(m)
    return mods, conflits


def _egal(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def _nombre(v: float | None) -> str:
    return C.ND if v is None else fr.nombre(v)


# --- writing the front matter (ruamel.yaml round trip) -----------------------------------


class EcritureImpossible(Exception):
    pass


def _yaml(indent: tuple[int, int, int]):
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a long plain scalar of the file
    y.indent(mapping=indent[0], sequence=indent[1], offset=indent[2])
    return y


_RETRAITS = [(2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4), (2, 4, 0)]


def _charger_rt(texte: str):
    """Parse with the indentation that reproduces ``texte`` exactly, if there is one."""
    premier = None
    for ind in _RETRAITS:
        y = _yaml(ind)
        data = y.load(texte)
        s = io.StringIO()
        y.dump(data, s)
        if s.getvalue() == texte:
            return y, data
        if premier is None:
            premier = (y, data)
    return premier  # the guard below refuses any collateral change


def _periode_yaml(p: DatePartielle) -> Any:
    if p.precision == "annee":
        return p.debut.year
    if p.precision == "mois":
        return f"{p.debut.year:04d}-{p.debut.month:02d}"
    return p.debut


def _texte_yaml(texte: str, retrait: int, largeur: int = 96) -> Any:
    """Long entries as a folded block (``>-``), wrapped like the hand-written ones."""
    from ruamel.yaml.scalarstring import FoldedScalarString

    if len(texte) + retrait + 7 <= largeur:
        return texte
    s = FoldedScalarString(texte)
    plis, debut_ligne = [], 0
    for i, ch in enumerate(texte):
        if ch == " " and i - debut_ligne > largeur - retrait - 2 and 0 < i < len(texte) - 1:
            j = texte.rfind(" ", debut_ligne + 1, i + 1)
            j = j if j > debut_ligne else i
            if texte[j - 1] != " " and texte[j + 1] != " ":
                plis.append(j)
                debut_ligne = j + 1
    s.fold_pos = plis
    return s


def _inserer_cle(data, cle: str, valeur: Any, apres: tuple[str, ...], avant: tuple[str, ...] = ()) -> None:
    cles = list(data.keys())
    pos = len(cles)
    for a in avant:
        if a in cles:
            pos = min(pos, cles.index(a))
    for a in apres:
        if a in cles:
            pos = cles.index(a) + 1
            break
    data.insert(pos, cle, valeur)


def appliquer(fm: str, m: Modification) -> str:
    """The front matter ``fm`` with the modification applied (ruamel.yaml round trip)."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    y, data = _charger_rt(fm)
    if m.statut is not None:
        if "statut" in data:
            data["statut"] = m.statut
        else:
            _inserer_cle(data, "statut", m.statut, ("echeance",), ("suivi", "indicateurs", "visibilite"))
    if m.retirer_avancement and "avancement" in data:
        del data["avancement"]
    if m.avancement is not None:
        if "avancement" in data:
            data["avancement"] = m.avancement
        else:
            _inserer_cle(data, "avancement", m.avancement, ("statut", "echeance"), ("suivi", "indicateurs"))
    if m.entree is not None:
        e = m.entree
        entree = CommentedMap()
        entree["date"] = _periode_yaml(e.date)
        entree["texte"] = _texte_yaml(e.texte, 4)
        if e.visibilite != "public":
            entree["visibilite"] = e.visibilite
        suivi = data.get("suivi")
        if suivi is None or not isinstance(suivi, list):
            suivi = CommentedSeq()
            _inserer_cle(data, "suivi", suivi, ("avancement", "statut"), ("indicateurs", "visibilite"))
        pos = next((i for i, x in enumerate(m.fiche.suivi) if x.date <= e.date), len(m.fiche.suivi))
        if len(suivi) != len(m.fiche.suivi):
            raise EcritureImpossible("journal « suivi » illisible")
        suivi.insert(pos, entree)
    for v in m.valeurs:
        inds = data.get("indicateurs") or []
        ind = next((i for i in inds if isinstance(i, dict) and str(i.get("id")) == v.indicateur), None)
        modele = next(i for i in m.fiche.indicateurs if i.id == v.indicateur)
        if ind is None:
            raise EcritureImpossible(f"indicateur « {v.indicateur} » introuvable")
        valeurs = ind.get("valeurs")
        nouvelle = CommentedMap()
        nouvelle["periode"] = _periode_yaml(v.periode)
        nouvelle["valeur"] = v.valeur
        if valeurs is None:
            valeurs = CommentedSeq()
            nouvelle.fa.set_flow_style()
            _inserer_cle(ind, "valeurs", valeurs, (), ("cible", "source", "visibilite"))
        else:
            if len(valeurs) and getattr(valeurs[0], "fa", None) is not None and valeurs[0].fa.flow_style():
                nouvelle.fa.set_flow_style()
            elif not len(valeurs):
                nouvelle.fa.set_flow_style()
        existantes = [x.periode for x in modele.valeurs]
        # Values already written by this same import (several periods) are in ``valeurs`` too.
        deja = [x for x in m.valeurs[: m.valeurs.index(v)] if x.indicateur == v.indicateur]
        toutes = existantes + [x.periode for x in deja]
        if len(valeurs) != len(toutes):
            raise EcritureImpossible(f"valeurs de l'indicateur « {v.indicateur} » illisibles")
        pos = len(valeurs)
        for i in range(len(toutes)):
            if toutes[i] > v.periode:
                pos = i
                break
        valeurs.insert(pos, nouvelle)
    s = io.StringIO()
    y.dump(data, s)
    return s.getvalue()


def _blocs(fm: str) -> tuple[list[str], dict[str, str]]:
    """Top-level keys in order and the exact text of each one's lines (comments after a
    value belong to it); text before the first key is under ``""``."""
    from ruamel.yaml import YAML

    data = YAML(typ="rt").load(fm)
    lignes = fm.splitlines(keepends=True)
    cles = list(data.keys()) if data else []
    debuts = [data.lc.key(k)[0] for k in cles]
    blocs = {"": "".join(lignes[: debuts[0] if debuts else len(lignes)])}
    for i, k in enumerate(cles):
        fin = debuts[i + 1] if i + 1 < len(debuts) else len(lignes)
        blocs[str(k)] = "".join(lignes[debuts[i] : fin])
    return [str(k) for k in cles], blocs


def garde(avant: str, apres: str, permises: set[str]) -> str | None:
    """None if only ``permises`` keys differ between the two front matters, else the first
    other key that changed (the write would not preserve the file byte for byte)."""
    cles_a, blocs_a = _blocs(avant)
    cles_b, blocs_b = _blocs(apres)
    if [k for k in cles_a if k not in permises] != [k for k in cles_b if k not in permises]:
        return "ordre des clés"
    for k in [""] + cles_a:
        if k in permises:
            continue
        if blocs_a.get(k) != blocs_b.get(k):
            return f"« {k} »" if k else "commentaires du début"
    return None


def _decouper(texte: str) -> tuple[str, str, str]:
    """(first line, front matter, rest) with ``first + fm + rest == texte``."""
    lignes = texte.split("\n")
    for i in range(1, len(lignes)):
        if lignes[i].rstrip() in ("---", "..."):
            fm = "\n".join(lignes[1:i]) + "\n"
            return lignes[0] + "\n", fm, "\n".join(lignes[i:])
    raise EcritureImpossible("en-tête YAML non fermé")


def reecrire(texte_fichier: str, m: Modification) -> str:
    """The new text of a fiche file; every byte outside the changed keys kept."""
    bom = texte_fichier.startswith("\ufeff")
    crlf = "\r\n" in texte_fichier
    texte = texte_fichier[1:] if bom else texte_fichier
    if crlf:
        texte = texte.replace("\r\n", "\n")
    tete, fm, reste = _decouper(texte)
    nouveau = appliquer(fm, m)
    probleme = garde(fm, nouveau, m.cles())
    if probleme:
        raise EcritureImpossible(f"la réécriture modifierait aussi {probleme}")
    sortie = tete + nouveau + reste
    if crlf:
        sortie = sortie.replace("\n", "\r\n")
    return ("\ufeff" if bom else "") + sortie


# --- the would-be sources ----------------------------------------------------------------


def valider_resultat(racine: Path, textes: dict[str, str], mods: list[Modification]) -> list[str]:
    """Run the loader of ``make check`` on the sources as they would be after the import."""
    with tempfile.TemporaryDirectory(prefix="import-campagne-") as tmp:
        t = Path(tmp)
        for entree in racine.iterdir():
            if entree.name != "fiches":
                (t / entree.name).symlink_to(entree, target_is_directory=entree.is_dir())
        (t / "fiches").mkdir()
        for chemin in (racine / "fiches").iterdir():
            if chemin.is_file():
                (t / "fiches" / chemin.name).write_bytes(chemin.read_bytes())
        for rel, texte in textes.items():
            (t / rel).write_bytes(texte.encode("utf-8"))
        try:
            corpus = charger_corpus(t)
        except SourcesInvalides as exc:
            return [str(p) for p in exc.problemes]
    # The written fiches say what was meant, and nothing else changed in them.
    out = []
    for m in mods:
        f = corpus.fiche(m.fiche.id)
        if f is None:
            out.append(f"{m.fiche.source} : la fiche {m.fiche.id} a disparu à la réécriture")
            continue
        attendu = dict(m.fiche.model_dump())
        obtenu = dict(f.model_dump())
        if m.statut is not None:
            attendu["statut"] = m.statut
        if m.retirer_avancement:
            attendu["avancement"] = None
        if m.avancement is not None:
            attendu["avancement"] = m.avancement
        if m.entree is not None:
            attendu["suivi"] = None
            nouvelles = [e for e in f.suivi if e not in m.fiche.suivi]
            ok = (
                len(f.suivi) == len(m.fiche.suivi) + 1
                and len(nouvelles) == 1
                and str(nouvelles[0].date) == str(m.entree.date)
                and nouvelles[0].texte == m.entree.texte
                and nouvelles[0].visibilite == m.entree.visibilite
            )
            obtenu["suivi"] = None if ok else obtenu["suivi"]
        if m.valeurs:
            attendu["indicateurs"] = obtenu["indicateurs"] = None
            for v in m.valeurs:
                ind = next(i for i in f.indicateurs if i.id == v.indicateur)
                if not any(str(x.periode) == str(v.periode) and _egal(x.valeur, v.valeur) for x in ind.valeurs):
                    out.append(f"{m.fiche.source} : la valeur {v.periode} de « {v.indicateur} » n'a pas été écrite")
        if attendu != obtenu:
            out.append(f"{m.fiche.source} : la réécriture ne produit pas exactement la modification demandée")
    return out


def _ecrire_atomique(racine: Path, textes: dict[str, str]) -> None:
    tmps: list[tuple[Path, Path]] = []
    try:
        for rel, texte in textes.items():
            cible = racine / rel
            tmp = cible.with_name(f".{cible.name}.import-tmp")
            with open(tmp, "wb") as fh:
                fh.write(texte.encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
            tmps.append((tmp, cible))
        for tmp, cible in tmps:
            os.replace(tmp, cible)
    finally:
        for tmp, _ in tmps:
            if tmp.exists():
                tmp.unlink()


# --- entry point -------------------------------------------------------------------------


def importer(
    racine: Path, fichier: Path, aujourdhui: _dt.date, essai: bool = False, corpus: Corpus | None = None
) -> Resultat:
    """Check, plan and (unless ``essai``) write. Raises ImportRefuse, writing nothing.

    ``corpus``: the sources of ``racine`` already loaded (tests importing many files)."""
    if corpus is None:
        try:
            corpus = charger_corpus(racine)
        except SourcesInvalides as exc:
            raise ImportRefuse(
                [
                    "Les sources sont déjà invalides : corrigez-les avant d'importer (make check)",
                    *(str(p) for p in exc.problemes),
                ]
            ) from None
    try:
        classeur = lire(fichier)
    except ErreurTableur as exc:
        raise ImportRefuse([str(exc)]) from None
    acteur, annee = identifier(classeur, fichier.name, corpus)
    demandes = lire_demandes(classeur, corpus, acteur, aujourdhui)
    mods, conflits = planifier(demandes)
    textes: dict[str, tuple[str, str]] = {}
    problemes = []
    for m in mods:
        chemin = racine / m.fiche.source
        ancien = chemin.read_bytes().decode("utf-8")
        try:
            textes[m.fiche.source] = (ancien, reecrire(ancien, m))
        except EcritureImpossible as exc:
            problemes.append(
                f"{m.fiche.source} : écriture automatique impossible ({exc}) — la mise en forme de "
                "l'en-tête ne peut pas être conservée à l'identique ; reportez ce changement à la main"
            )
        except Exception as exc:  # noqa: BLE001 - ruamel on an unusual file: refuse, never a traceback
            problemes.append(
                f"{m.fiche.source} : écriture automatique impossible ({type(exc).__name__}) — "
                "reportez ce changement à la main"
            )
    if problemes:
        raise ImportRefuse(problemes)
    if textes:
        invalides = valider_resultat(racine, {k: v[1] for k, v in textes.items()}, mods)
        if invalides:
            raise ImportRefuse(["L'import rendrait les sources invalides :", *invalides])
    if not essai and textes:
        _ecrire_atomique(racine, {k: v[1] for k, v in textes.items()})
    return Resultat(acteur, annee, mods, conflits, textes)


def _resume(m: Modification) -> str:
    parts = []
    if m.statut is not None:
        parts.append(f"statut « {STATUTS[m.statut].libelle} »")
    if m.avancement is not None:
        parts.append(f"avancement {m.avancement} %")
    elif m.retirer_avancement:
        parts.append("avancement du statut")
    if m.entree is not None:
        parts.append(f"entrée du journal du {_affiche_date(m.entree.date)} ({m.entree.visibilite})")
    if m.valeurs:
        n = len(m.valeurs)
        parts.append(f"{n} valeur{'s' if n > 1 else ''} d'indicateur")
    return f"  fiche {m.fiche.id} ({m.fiche.source}) : " + ", ".join(parts)


def cmd_import(args: argparse.Namespace) -> int:
    fichier = Path(args.fichier)
    aujourdhui = date_ou_message()
    if aujourdhui is None:
        return 2
    try:
        r = importer(args.racine, fichier, aujourdhui, essai=args.essai)
    except ImportRefuse as exc:
        n = len(exc.problemes)
        print(
            f"Import refusé : {n} problème{'s' if n > 1 else ''} dans {fichier.name} — rien n'a été écrit.",
            file=sys.stderr,
        )
        for p in exc.problemes:
            print(f"  {p}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug must not print a traceback to the coordinator
        print(
            f"Import interrompu par une erreur inattendue ({type(exc).__name__} : {exc}). Vérifiez les fiches "
            "avec « git status » et « make check », et signalez l'erreur avec le fichier rendu.",
            file=sys.stderr,
        )
        return 3
    if args.essai:
        print(f"Essai (ESSAI=1) : rien n'a été écrit. Campagne {r.annee}, fichier de « {r.acteur} ».")
        for rel, (ancien, nouveau) in r.textes.items():
            sys.stdout.writelines(
                difflib.unified_diff(
                    ancien.splitlines(keepends=True),
                    nouveau.splitlines(keepends=True),
                    fromfile=f"a/{rel}",
                    tofile=f"b/{rel}",
                )
            )
    if r.modifications:
        n = len(r.modifications)
        pl = "s" if n > 1 else ""
        verbe = (f"serai{'en' if n > 1 else ''}t modifiée{pl}") if args.essai else f"modifiée{pl}"
        print(f"{n} fiche{pl} {verbe} :")
        for m in r.modifications:
            print(_resume(m))
    else:
        print("Rien à écrire : le fichier ne demande aucun changement (déjà importé, ou laissé vide).")
    if r.conflits:
        n = len(r.conflits)
        print(f"{n} conflit{'s' if n > 1 else ''} — non écrit{'s' if n > 1 else ''}, à régler à la main :")
        for c in r.conflits:
            print(f"  {c}")
    if not args.essai and r.modifications:
        print("Lancez « make site » pour voir les changements, puis enregistrez-les (git commit).")
    return 0


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-campagne", help="importer un tableur de campagne rempli (ODS ou XLSX)")
    p.add_argument("fichier", help="le fichier rendu par le partenaire (.ods ou .xlsx)")
    p.add_argument("--essai", action="store_true", help="afficher les changements sans rien écrire")
    p.set_defaults(func=cmd_import)
