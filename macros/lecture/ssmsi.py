"""The official figures of recorded crime (SSMSI) as the project stores them.

``make import-ssmsi`` (``ssmsi_import.py``) reads the files the SSMSI publishes and writes
the commune's figures into ``data/ssmsi/commune.yml`` and, when the département base is
given, the département's into ``data/ssmsi/departement.yml``. This module is the schema of
those two files, their loading (validated like every source: French ``file:line: message``
problems into the ``Collecteur``), their writing (deterministic text: the same figures give
the same bytes) and the pure computations the page needs.

Statistical secrecy: a withheld cell (``est_diffuse: ndiff``) has ``nombre`` and
``taux_pour_mille`` null, and nothing else stands in for them. The SSMSI's
``complement_info_*`` columns (the average of the département's withheld communes) are
never read into these files: they are not the commune's figures.

No MkDocs here.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from macros.lecture.erreurs import Collecteur

DOSSIER = "data/ssmsi"
COMMUNE = f"{DOSSIER}/commune.yml"
DEPARTEMENT = f"{DOSSIER}/departement.yml"

PRODUCTEUR = "Service statistique ministériel de la sécurité intérieure (SSMSI), ministère de l'Intérieur"
JEU_DE_DONNEES = (
    "Bases statistiques communale, départementale et régionale de la délinquance "
    "enregistrée par la police et la gendarmerie nationales"
)
LICENCE = "Licence Ouverte"

# The indicators of the communal base, labels as in the file (../shared/ssmsi/FORMAT.md).
# A label not in this list stops the import (ssmsi_import explains why) unless the
# coordinator accepts it explicitly.
INDICATEURS_COMMUNAUX = (
    "Violences physiques intrafamiliales",
    "Violences physiques hors cadre familial",
    "Violences sexuelles",
    "Vols avec armes",
    "Vols violents sans arme",
    "Vols sans violence contre des personnes",
    "Cambriolages de logement",
    "Vols de véhicule",
    "Vols dans les véhicules",
    "Vols d'accessoires sur véhicules",
    "Destructions et dégradations volontaires",
    "Escroqueries et fraudes aux moyens de paiement",
    "Trafic de stupéfiants",
    "Usage de stupéfiants",
    "Usage de stupéfiants (AFD)",
)

# The header of the communal base as FORMAT.md gives it (edition of June 2026). The suffix of
# ``CODGEO_`` is the geography year, different in each edition: the importer matches that
# column by its prefix, and the synthetic files of bench/ and tests/ write this header.
ENTETE_COMMUNES = (
    "CODGEO_2026",
    "annee",
    "indicateur",
    "unite_de_compte",
    "nombre",
    "taux_pour_mille",
    "est_diffuse",
    "insee_pop",
    "insee_pop_millesime",
    "insee_log",
    "insee_log_millesime",
    "complement_info_nombre",
    "complement_info_taux",
)
# What the importer reads besides the territory's code, in both bases: all of it but
# ``est_diffuse`` (communal base only) and ``complement_info_*``, the average of the
# département's withheld communes, which is never the commune's figure and is never read.
COLONNES = tuple(c for c in ENTETE_COMMUNES[1:] if c != "est_diffuse" and not c.startswith("complement_info_"))
COLONNES_COMMUNE = (*COLONNES, "est_diffuse")
# The département base: « the same columns with the département or région code » (FORMAT.md
# names no more); the synthetic files write this header.
ENTETE_DEPARTEMENTS = ("Code_departement", "Code_region", *COLONNES)

SECRET = "non diffusé (secret statistique)"
EXPLICATION_SECRET = (
    "Le SSMSI ne diffuse le chiffre d'une commune pour un indicateur que si le nombre de faits "
    "a dépassé 5 chacune de trois années consécutives : en deçà, il reste couvert par le secret "
    "statistique, pour qu'un petit nombre de faits ne permette pas de reconnaître les personnes "
    "concernées. Un chiffre non diffusé n'est donc pas forcément petit, et le site n'en montre "
    "aucune estimation."
)


@functools.lru_cache(maxsize=256)  # a few labels, met on every row
def normaliser_libelle(libelle: str) -> str:
    """Compare labels without caring for apostrophes, spaces, accents' encoding or case."""
    texte = unicodedata.normalize("NFC", libelle).replace("\u2019", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", texte).strip().casefold()


CONNUS = {normaliser_libelle(x): x for x in INDICATEURS_COMMUNAUX}


def ident(libelle: str) -> str:
    """``Vols d'accessoires sur véhicules`` → ``vols-d-accessoires-sur-vehicules``."""
    sans_accents = unicodedata.normalize("NFKD", libelle).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", sans_accents.lower()).strip("-")


# --- schema of data/ssmsi/*.yml ------------------------------------------------------------


class _Modele(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


Nombre = int | float


class Cellule(_Modele):
    """One indicator × year of one territory, as the SSMSI published it."""

    nombre: Nombre | None = None
    taux_pour_mille: Nombre | None = None
    est_diffuse: Literal["diff", "ndiff"] | None = None  # None: the file has no such column (départements)
    unite_de_compte: str | None = None  # only when it differs from the indicator's
    insee_pop: Nombre | None = None
    insee_pop_millesime: int | None = None
    insee_log: Nombre | None = None
    insee_log_millesime: int | None = None

    @property
    def diffuse(self) -> bool:
        return self.est_diffuse != "ndiff"


class Indicateur(_Modele):
    libelle: str = Field(min_length=1)
    id: str = Field(min_length=1)
    unite_de_compte: str | None = None
    taux_pour: Literal["habitants", "logements"]
    annees: dict[int, Cellule]

    def cellule(self, annee: int) -> Cellule | None:
        return self.annees.get(annee)

    def unite(self, annee: int) -> str | None:
        c = self.annees.get(annee)
        return (c.unite_de_compte if c and c.unite_de_compte else None) or self.unite_de_compte


class Source(_Modele):
    producteur: str
    jeu_de_donnees: str
    licence: str
    fichier: str  # the file name as downloaded
    edition: _dt.date  # « produit le » date of the edition
    origine_edition: Literal["nom-du-fichier", "indiquee"]  # read from the name, or given (EDITION=)
    geographie: int  # the geography year (CODGEO_<year>)


class Territoire(_Modele):
    niveau: Literal["commune", "departement", "france"]
    code: str | None = None
    nom: str | None = None


class France(_Modele):
    """National figures: computed from the département base only when it covers every
    département; otherwise ``indicateurs`` is empty and ``raison`` says why."""

    calcule: bool
    raison: str
    departements: int = 0
    indicateurs: list[Indicateur] = []


class FichierSsmsi(_Modele):
    source: Source
    territoire: Territoire
    annees: list[int]
    indicateurs: list[Indicateur]
    nouveaux: list[str] = []  # labels accepted although unknown to the site (NOUVEAUX=oui)
    ignores: list[str] = []  # labels of the file not kept here (listed, never dropped silently)
    france: France | None = None  # département file only

    def indicateur(self, ident_: str) -> Indicateur | None:
        return next((i for i in self.indicateurs if i.id == ident_), None)


@dataclass
class DonneesSsmsi:
    """What the site knows: the commune's figures, and the département's when imported."""

    commune: FichierSsmsi | None = None
    departement: FichierSsmsi | None = None

    @property
    def importe(self) -> bool:
        return self.commune is not None


# --- loading -------------------------------------------------------------------------------


def charger(racine: Path, col: Collecteur) -> DonneesSsmsi:
    """Read ``data/ssmsi/`` (absent: nothing imported yet, not an error)."""
    from macros.lecture.fichiers import lire_yaml_de_type
    from macros.lecture.validation import valider

    out = DonneesSsmsi()
    for rel, attr in ((COMMUNE, "commune"), (DEPARTEMENT, "departement")):
        chemin = Path(racine) / rel
        if not chemin.is_file():
            continue
        doc = lire_yaml_de_type(
            chemin, rel, col, dict, "fichier des chiffres officiels illisible : régénérez-le avec make import-ssmsi"
        )
        if doc is None:
            continue
        f = valider(FichierSsmsi, doc.data, doc, rel, 0, col)
        if f is None:
            continue
        attendu = "commune" if attr == "commune" else "departement"
        if f.territoire.niveau != attendu:
            col.ajouter(
                rel,
                doc.ligne(("territoire", "niveau")),
                f"« territoire.niveau » : « {attendu} » attendu dans ce fichier (reçu « {f.territoire.niveau} »)",
            )
            continue
        vus: set[str] = set()
        for i, ind in enumerate(f.indicateurs):
            if ind.id in vus:
                col.ajouter(rel, doc.ligne(("indicateurs", i, "id")), f"indicateur « {ind.id} » en double")
            vus.add(ind.id)
            for annee, c in ind.annees.items():
                if c.est_diffuse == "ndiff" and (c.nombre is not None or c.taux_pour_mille is not None):
                    col.ajouter(
                        rel,
                        doc.ligne(("indicateurs", i, "annees", str(annee))),
                        f"« {ind.libelle} », {annee} : chiffre non diffusé (ndiff) qui porte pourtant un "
                        "nombre ou un taux — un chiffre couvert par le secret statistique ne s'écrit pas",
                    )
        setattr(out, attr, f)
    if out.departement is not None and not (Path(racine) / COMMUNE).is_file():
        col.ajouter(
            DEPARTEMENT,
            None,
            "chiffres du département sans ceux de la commune : importez la base "
            "communale (make import-ssmsi FICHIER=…)",
        )
    return out


# --- writing -------------------------------------------------------------------------------


def _s(valeur: object) -> str:
    """A YAML scalar: JSON is valid YAML, and deterministic."""
    if valeur is None:
        return "null"
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, (int, float)):
        return repr(valeur)
    if isinstance(valeur, _dt.date):
        return valeur.isoformat()
    return json.dumps(str(valeur), ensure_ascii=False)


CHAMPS_CELLULE = (
    "nombre",
    "taux_pour_mille",
    "est_diffuse",
    "unite_de_compte",
    "insee_pop",
    "insee_pop_millesime",
    "insee_log",
    "insee_log_millesime",
)


def _indicateurs_yaml(indicateurs: list[Indicateur], retrait: str) -> list[str]:
    lignes: list[str] = []
    for ind in indicateurs:
        lignes += [
            f"{retrait}- libelle: {_s(ind.libelle)}",
            f"{retrait}  id: {_s(ind.id)}",
            f"{retrait}  unite_de_compte: {_s(ind.unite_de_compte)}",
            f"{retrait}  taux_pour: {_s(ind.taux_pour)}",
            f"{retrait}  annees:",
        ]
        for annee in sorted(ind.annees):
            c = ind.annees[annee]
            champs = [
                f"{k}: {_s(getattr(c, k))}"
                for k in CHAMPS_CELLULE
                if not (k in ("est_diffuse", "unite_de_compte") and getattr(c, k) is None)
            ]
            lignes.append(f"{retrait}    {annee}: {{{', '.join(champs)}}}")
    return lignes


def texte_yaml(f: FichierSsmsi) -> str:
    """The data file's text. A pure function of ``f``: re-importing the same edition gives
    the same bytes (no import date, no absolute path)."""
    s = f.source
    lignes = [
        "# Chiffres officiels de la délinquance enregistrée (SSMSI) : FICHIER GÉNÉRÉ, ne pas le modifier.",
        "# Pour le mettre à jour, télécharger la nouvelle édition sur data.gouv.fr puis lancer :",
        "#   make import-ssmsi FICHIER=<base communale .csv.gz> DEPARTEMENT=<base départementale .csv.gz>",
        "# (voir le guide du coordonnateur, « Chiffres officiels »).",
        "# Un chiffre non diffusé (secret statistique) est « est_diffuse: ndiff » avec nombre et taux à null.",
        "source:",
        f"  producteur: {_s(s.producteur)}",
        f"  jeu_de_donnees: {_s(s.jeu_de_donnees)}",
        f"  licence: {_s(s.licence)}",
        f"  fichier: {_s(s.fichier)}",
        f"  edition: {_s(s.edition)}",
        f"  origine_edition: {_s(s.origine_edition)}",
        f"  geographie: {_s(s.geographie)}",
        "territoire:",
        f"  niveau: {_s(f.territoire.niveau)}",
        f"  code: {_s(f.territoire.code)}",
        f"  nom: {_s(f.territoire.nom)}",
        f"annees: [{', '.join(str(a) for a in f.annees)}]",
        f"nouveaux: [{', '.join(_s(x) for x in f.nouveaux)}]",
        f"ignores: [{', '.join(_s(x) for x in f.ignores)}]",
        "indicateurs:",
        *_indicateurs_yaml(f.indicateurs, "  "),
    ]
    if f.france is not None:
        fr_ = f.france
        lignes += [
            "france:",
            f"  calcule: {_s(fr_.calcule)}",
            f"  raison: {_s(fr_.raison)}",
            f"  departements: {fr_.departements}",
        ]
        if fr_.indicateurs:
            lignes += ["  indicateurs:", *_indicateurs_yaml(fr_.indicateurs, "    ")]
        else:
            lignes.append("  indicateurs: []")
    return "\n".join(lignes) + "\n"


# --- pure computations ---------------------------------------------------------------------


def libelle_taux(taux_pour: str) -> str:
    return f"pour 1\u00a0000 {taux_pour}"


def valeurs(ind: Indicateur | None, annees: list[int], champ: str) -> list[float | None]:
    """The indicator's ``champ`` (nombre, taux_pour_mille) for each year; None when withheld
    or missing."""
    out: list[float | None] = []
    for a in annees:
        c = ind.annees.get(a) if ind is not None else None
        out.append(getattr(c, champ) if c is not None and c.diffuse else None)
    return out
