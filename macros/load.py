"""Read every source once, validate it against the schema, and build the corpus.

All problems are collected (not only the first) and raised together as
``SourcesInvalides``; each names the file, the line when known, the field and what is
expected, in French. ``python -m macros check`` and the MkDocs build share this code.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import fr, horloge, yamlio
from .errors import Collecteur
from .model import ID_ACTEUR, Acteur, Axe, Commune, CompteRendu, Fiche, MetaPage, SignataireCharte

FICHES_DIR = "fiches"
DOCS_DIR = "docs"
DATA_DIR = "data"
COMPTES_RENDUS_DIR = "docs/comptes-rendus"

# What to tell the author when a field is missing or empty.
CONSEILS = {
    "pilote": "indiquez au moins un service pilote (identifiants dans data/acteurs.yml)",
    "partenaires": "liste d'identifiants d'acteurs (data/acteurs.yml), ou [] si aucun",
    "echeance": "indiquez une année (ex. 2021), une date (ex. 2019-12-31) ou une récurrence (ex. annuelle)",
    "id": "identifiant de la fiche entre guillemets, ex. \"1.7\"",
    "titre": "titre de la fiche",
    "axe": "numéro de l'axe (1, 2 ou 3, voir data/axes.yml)",
    "objectif": "objectif de la fiche (tableau du programme d'actions)",
    "date": "date au format AAAA-MM-JJ",
    "instance": "instance du CLSPD (ex. assemblee-pleniere)",
    "nom": "nom complet de l'acteur",
    "texte": "texte de l'entrée",
}


@dataclass
class SourceMarkdown:
    """A Markdown file split into its front matter and body."""

    chemin: str  # relative to the project root, with forward slashes
    meta: yamlio.Document | None
    corps: str
    decalage: int  # line number in the file of the first YAML line, minus one


@dataclass
class Corpus:
    """Everything the site shows, validated. Built once per build."""

    racine: Path
    commune: Commune | None = None  # data/commune.yml (None only when it is invalid)
    acteurs: dict[str, Acteur] = field(default_factory=dict)
    axes: dict[int, Axe] = field(default_factory=dict)
    fiches: list[Fiche] = field(default_factory=list)
    comptes_rendus: list[CompteRendu] = field(default_factory=list)
    pages: dict[str, MetaPage] = field(default_factory=dict)  # docs-relative path → meta
    # Docs-relative folder → the visibility its `.meta.yml` gives (inherited by sub-folders
    # unless one of them says otherwise). Applies to pages and to every other file below.
    visibilite_dossiers: dict[str, str] = field(default_factory=dict)
    glossaire: dict[str, str] = field(default_factory=dict)
    series: dict[str, Any] = field(default_factory=dict)  # indicator data (indicateurs.py)
    charte: list[SignataireCharte] = field(default_factory=list)
    reglages_suivi: Any = None  # data/suivi.yml (progres.charger_reglages)
    ssmsi: Any = None  # official crime figures, data/ssmsi/ (ssmsi.DonneesSsmsi)
    observatoire: Any = None  # data/observatoire/ and data/geo/ (releves.DonneesLocales): intranet data
    reunions: list[Any] = field(default_factory=list)  # data/reunions.yml (calendrier.charger)
    # Lookup tables, built on first use: pages look fiches up by id many times per build.
    # Rebuilt when ``fiches`` / ``comptes_rendus`` is another list or changed length.
    _tables: dict[str, tuple[Any, int, dict]] = field(default_factory=dict, init=False, repr=False, compare=False)

    def _table(self, nom: str, liste: list, cle: Any) -> dict:
        t = self._tables.get(nom)
        if t is None or t[0] is not liste or t[1] != len(liste):
            table: dict = {}
            for item in liste:
                for k in cle(item):
                    table.setdefault(k, []).append(item)
            t = self._tables[nom] = (liste, len(liste), table)
        return t[2]

    def fiche(self, id_: str) -> Fiche | None:
        trouvees = self._table("fiches", self.fiches, lambda f: (f.id,)).get(id_)
        return trouvees[0] if trouvees else None

    def comptes_rendus_de(self, id_fiche: str) -> list[CompteRendu]:
        """The minutes whose ``fiches`` list this fiche, in corpus order."""
        return list(self._table("cr", self.comptes_rendus, lambda cr: dict.fromkeys(cr.fiches)).get(id_fiche, []))

    def fiches_axe(self, axe: int) -> list[Fiche]:
        return [f for f in self.fiches if f.axe == axe]

    def acteur(self, id_: str) -> Acteur:
        return self.acteurs[id_]


# --- reading ---------------------------------------------------------------------------


def lire_texte(chemin: Path, rel: str, col: Collecteur) -> str | None:
    """UTF-8 text (BOM and CRLF accepted), or None after reporting a problem."""
    try:
        brut = chemin.read_bytes()
    except OSError as exc:
        col.ajouter(rel, None, f"fichier illisible ({exc.strerror})")
        return None
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        col.ajouter(rel, ligne, "le fichier n'est pas encodé en UTF-8 — enregistrez-le en UTF-8 "
                    "(dans votre éditeur : « Enregistrer sous… », encodage UTF-8)")
        return None
    return yamlio.normaliser(texte)


def lire_yaml(chemin: Path, rel: str, col: Collecteur) -> yamlio.Document | None:
    texte = lire_texte(chemin, rel, col)
    if texte is None:
        return None
    if not texte.strip():
        col.ajouter(rel, None, "fichier vide")
        return None
    try:
        return yamlio.charger(texte)
    except yamlio.ErreurYaml as exc:
        col.ajouter(rel, exc.ligne, exc.message)
        return None


def separer_front_matter(texte: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, offset). The front matter sits between two ``---`` lines."""
    lignes = texte.split("\n")
    if not lignes or lignes[0].rstrip() != "---":
        return None, texte, 0
    for i in range(1, len(lignes)):
        if lignes[i].rstrip() in ("---", "..."):
            return "\n".join(lignes[1:i]), "\n".join(lignes[i + 1 :]), 1
    return None, texte, 0


def lire_markdown(chemin: Path, rel: str, col: Collecteur, exige_meta: bool) -> SourceMarkdown | None:
    texte = lire_texte(chemin, rel, col)
    if texte is None:
        return None
    if not texte.strip():
        col.ajouter(rel, None, "fichier vide")
        return None
    yaml_texte, corps, decalage = separer_front_matter(texte)
    if yaml_texte is None:
        if exige_meta:
            col.ajouter(rel, 1, "en-tête YAML manquant : le fichier doit commencer par une ligne « --- », "
                        "puis les champs, puis une ligne « --- »")
            return None
        return SourceMarkdown(rel, None, texte, 0)
    try:
        doc = yamlio.charger(yaml_texte)
    except yamlio.ErreurYaml as exc:
        col.ajouter(rel, (exc.ligne + decalage) if exc.ligne else None, exc.message)
        return None
    if doc.data is not None and not isinstance(doc.data, dict):
        col.ajouter(rel, 2, "l'en-tête YAML doit être une suite de champs « clé: valeur »")
        return None
    return SourceMarkdown(rel, doc, corps, decalage)


# --- validation ------------------------------------------------------------------------


def _nom_champ(loc: tuple) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif not text:
            text = str(part)
        else:
            text += f".{part}"
    return text


def _champs_connus(modele: type[BaseModel], loc: tuple) -> list[str]:
    champs = modele.model_fields
    return [n for n, f in champs.items() if not f.exclude]


def traduire_erreur(err: dict, modele: type[BaseModel]) -> str:
    """One pydantic error → one French sentence naming the field and what is expected."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    champ = _nom_champ(loc)
    dernier = next((p for p in reversed(loc) if isinstance(p, str)), champ)
    typ = err["type"]
    ctx = err.get("ctx") or {}
    recu = err.get("input")
    conseil = CONSEILS.get(dernier)
    suite = f" — {conseil}" if conseil else ""
    if typ == "missing":
        return f"champ « {champ} » manquant{suite}"
    if typ == "extra_forbidden":
        connus = _champs_connus(modele, loc)
        proche = difflib.get_close_matches(str(dernier), connus, n=1)
        idee = f" (vouliez-vous dire « {proche[0]} » ?)" if proche else f" — champs possibles : {', '.join(connus)}"
        return f"champ « {champ} » inconnu{idee}"
    if typ == "too_short" or (recu is None and typ.endswith("_type")):
        return f"champ « {champ} » vide{suite}"
    if typ in ("value_error", "assertion_error"):
        msg = str(ctx.get("error", err["msg"]))
        return f"champ « {champ} » : {msg}"
    if typ == "literal_error":
        attendu = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"champ « {champ} » : « {recu} » n'est pas une valeur permise — valeurs possibles : {attendu}"
    if typ in ("int_parsing", "int_type", "int_from_float"):
        return f"champ « {champ} » : nombre entier attendu (reçu « {recu} »)"
    if typ in ("float_parsing", "float_type"):
        return f"champ « {champ} » : nombre attendu (reçu « {recu} »)"
    if typ in ("finite_number",):
        return f"champ « {champ} » : nombre fini attendu (reçu « {recu} »)"
    if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"champ « {champ} » : valeur hors limites (reçu {recu}){_limites(modele, loc, ctx)}"
    if typ in ("string_type", "string_too_short"):
        if typ == "string_too_short":
            return f"champ « {champ} » vide{suite}"
        return f"champ « {champ} » : texte attendu (reçu « {recu} »)"
    if typ == "list_type":
        return f"champ « {champ} » : liste attendue, ex. [a, b] ou une ligne « - a » par élément"
    if typ in ("model_type", "dict_type", "model_attributes_type"):
        return f"champ « {champ} » : ensemble de champs « clé: valeur » attendu"
    if typ == "bool_type" or typ == "bool_parsing":
        return f"champ « {champ} » : oui/non attendu"
    return f"champ « {champ} » : valeur invalide ({err['msg']})"


def _bornes_du_champ(modele: type[BaseModel], loc: tuple) -> dict[str, Any]:
    """The ge/le/gt/lt constraints declared on the field at ``loc`` (nested models followed)."""
    courant: Any = modele
    bornes: dict[str, Any] = {}
    for part in loc:
        if isinstance(part, int) or not (isinstance(courant, type) and issubclass(courant, BaseModel)):
            continue
        champ = courant.model_fields.get(part)
        if champ is None:
            return {}
        bornes = {k: getattr(m, k) for m in champ.metadata for k in ("ge", "le", "gt", "lt")
                  if getattr(m, k, None) is not None}
        sous = [a for a in getattr(champ.annotation, "__args__", (champ.annotation,)) if isinstance(a, type)]
        courant = next((a for a in sous if issubclass(a, BaseModel)), None)
    return bornes


def _limites(modele: type[BaseModel], loc: tuple, ctx: dict) -> str:
    bornes = _bornes_du_champ(modele, loc) or dict(ctx)
    if "ge" in bornes and "le" in bornes:
        return f" — attendu entre {bornes['ge']} et {bornes['le']}"
    mots = {"ge": "au moins", "le": "au plus", "gt": "plus de", "lt": "moins de"}
    return (" — attendu " + ", ".join(f"{mots[k]} {v}" for k, v in bornes.items() if k in mots)) if bornes else ""


def valider(modele: type[BaseModel], data: Any, doc: yamlio.Document | None, rel: str,
            decalage: int, col: Collecteur, **extra: Any) -> Any:
    """Validate ``data`` against ``modele``; report every error with its line."""
    try:
        return modele.model_validate({**data, **extra} if isinstance(data, dict) else data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            ligne = None
            if doc is not None and err["type"] != "missing":
                chemin = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                ligne = doc.ligne(chemin)
                if ligne is not None:
                    ligne += decalage
            col.ajouter(rel, ligne, traduire_erreur(err, modele))
        return None


def _ligne(doc: yamlio.Document | None, chemin: tuple, decalage: int) -> int | None:
    if doc is None:
        return None
    ligne = doc.ligne(chemin)
    return ligne + decalage if ligne is not None else None


def _verifier_acteurs(ids: list[str], champ: str, acteurs: dict[str, Acteur], rel: str,
                      doc: yamlio.Document | None, decalage: int, col: Collecteur) -> None:
    for i, ident in enumerate(ids):
        if ident not in acteurs:
            proche = difflib.get_close_matches(ident, list(acteurs), n=1)
            idee = f" (vouliez-vous dire « {proche[0]} » ?)" if proche else ""
            col.ajouter(rel, _ligne(doc, (champ, i), decalage),
                        f"acteur « {ident} » inconnu dans « {champ} »{idee} — identifiants dans data/acteurs.yml")


def charger_charte(racine: Path, col: Collecteur, acteurs: dict[str, Acteur]) -> list[SignataireCharte]:
    rel = f"{DATA_DIR}/charte-signataires.yml"
    if not (racine / rel).exists():
        return []
    doc = lire_yaml(racine / rel, rel, col)
    if doc is None:
        return []
    data = doc.data if isinstance(doc.data, dict) else None
    liste = data.get("signataires") if data else None
    if data is None or not isinstance(liste, list):
        col.ajouter(rel, 1, "champ « signataires » attendu : une liste (vide tant que personne n'a signé : signataires: [])")
        return []
    out = []
    for i, item in enumerate(liste):
        sous = doc.sous("signataires", i)
        s = valider(SignataireCharte, item, sous, rel, 0, col)
        if s is None:
            continue
        if acteurs and s.acteur not in acteurs:
            _verifier_acteurs([s.acteur], "acteur", acteurs, rel, sous, 0, col)
            continue
        out.append(s)
    return sorted(out, key=lambda s: s.date)


# --- sources ---------------------------------------------------------------------------


def charger_commune(racine: Path, col: Collecteur) -> Commune | None:
    """The commune profile ``data/commune.yml``: name, INSEE code, département, period."""
    rel = f"{DATA_DIR}/commune.yml"
    if not (racine / rel).exists():
        col.ajouter(rel, None, "profil de la commune manquant : créez data/commune.yml "
                    "(nom, insee, departement, strategie)")
        return None
    doc = lire_yaml(racine / rel, rel, col)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        col.ajouter(rel, 1, "champs « clé: valeur » attendus (nom, insee, departement, strategie)")
        return None
    return valider(Commune, doc.data, doc, rel, 0, col)


def charger_acteurs(racine: Path, col: Collecteur) -> dict[str, Acteur]:
    rel = f"{DATA_DIR}/acteurs.yml"
    doc = lire_yaml(racine / rel, rel, col)
    if doc is None:
        return {}
    if not isinstance(doc.data, dict):
        col.ajouter(rel, 1, "le fichier doit associer à chaque identifiant d'acteur ses champs (nom, sigle, categorie)")
        return {}
    acteurs: dict[str, Acteur] = {}
    for ident, champs in doc.data.items():
        ligne = doc.ligne((ident,))
        if not isinstance(ident, str) or not ID_ACTEUR.match(ident):
            col.ajouter(rel, ligne, f"identifiant d'acteur « {ident} » invalide (minuscules, chiffres et tirets)")
            continue
        if not isinstance(champs, dict):
            col.ajouter(rel, ligne, f"acteur « {ident} » : champs attendus (au moins « nom: … »)")
            continue
        sous = doc.sous(ident)
        acteur = valider(Acteur, champs, sous, rel, 0, col, id=ident)
        if acteur is not None:
            acteurs[ident] = acteur
    return acteurs


def charger_axes(racine: Path, col: Collecteur) -> dict[int, Axe]:
    rel = f"{DATA_DIR}/axes.yml"
    doc = lire_yaml(racine / rel, rel, col)
    if doc is None:
        return {}
    if not isinstance(doc.data, list):
        col.ajouter(rel, 1, "liste des axes attendue (une entrée « - numero: … » par axe)")
        return {}
    axes: dict[int, Axe] = {}
    for i, item in enumerate(doc.data):
        sous = doc.sous(i)
        axe = valider(Axe, item, sous, rel, 0, col)
        if axe is None:
            continue
        if axe.numero in axes:
            col.ajouter(rel, doc.ligne((i,)), f"axe {axe.numero} déclaré deux fois")
        axes[axe.numero] = axe
    return axes


def _verifier_doublons_acteurs(fiche: Fiche, rel: str, doc: yamlio.Document | None, decalage: int,
                               col: Collecteur) -> None:
    """An actor is listed once: among the pilots or among the partners, never twice."""
    vus: dict[str, tuple[str, int]] = {}
    for champ in ("pilote", "partenaires"):
        for i, ident in enumerate(getattr(fiche, champ)):
            if ident in vus:
                champ0, i0 = vus[ident]
                ligne0 = _ligne(doc, (champ0, i0), decalage)
                ou = f"« {champ0} »" + (f" (ligne {ligne0})" if ligne0 else "")
                col.ajouter(rel, _ligne(doc, (champ, i), decalage),
                            f"champ « {champ}[{i + 1}] » : acteur « {ident} » déjà listé dans {ou} — chaque acteur "
                            "figure une seule fois, parmi les pilotes ou parmi les partenaires")
            else:
                vus[ident] = (champ, i)


def _verifier_dates_journal(fiche: Fiche, aujourdhui: _dt.date, rel: str, doc: yamlio.Document | None,
                            decalage: int, col: Collecteur) -> None:
    """A journal entry reports what happened: its date (its first day, for AAAA or AAAA-MM)
    may not be later than the build date."""
    for i, entree in enumerate(fiche.suivi):
        if entree.date.debut > aujourdhui:
            col.ajouter(rel, _ligne(doc, ("suivi", i, "date"), decalage),
                        f"champ « suivi[{i + 1}].date » : la date « {entree.date} » est postérieure à la date de "
                        f"construction du site ({fr.date(aujourdhui)}) — une entrée du journal rapporte un fait passé : "
                        "corrigez la date (une échéance à venir se met dans « echeance »)")


def charger_fiches(racine: Path, col: Collecteur, acteurs: dict[str, Acteur],
                   axes: dict[int, Axe], aujourdhui: _dt.date | None = None) -> list[Fiche]:
    """``aujourdhui``: the build date (journal entries may not be later); default: today."""
    aujourdhui = aujourdhui or _dt.date.today()
    fiches: list[Fiche] = []
    vus: dict[str, str] = {}
    dossier = racine / FICHES_DIR
    for chemin in sorted(dossier.glob("*.md")) if dossier.is_dir() else []:
        rel = f"{FICHES_DIR}/{chemin.name}"
        src = lire_markdown(chemin, rel, col, exige_meta=True)
        if src is None:
            continue
        data = src.meta.data if src.meta else None
        if not data:
            col.ajouter(rel, 1, "en-tête YAML vide : champs id, titre, axe, objectif, pilote, echeance attendus")
            continue
        fiche = valider(Fiche, data, src.meta, rel, src.decalage, col,
                        source=rel, corps=src.corps, slug=chemin.stem)
        if fiche is None:
            continue
        d = src.decalage
        if fiche.id in vus:
            col.ajouter(rel, _ligne(src.meta, ("id",), d),
                        f"identifiant « {fiche.id} » déjà utilisé par {vus[fiche.id]} — chaque fiche a un id unique")
            continue
        vus[fiche.id] = rel
        if axes and fiche.axe not in axes:
            col.ajouter(rel, _ligne(src.meta, ("axe",), d),
                        f"axe « {fiche.axe} » inconnu — axes possibles : {', '.join(map(str, sorted(axes)))} (data/axes.yml)")
        if str(fiche.axe) != fiche.id.split(".")[0]:
            col.ajouter(rel, _ligne(src.meta, ("axe",), d),
                        f"la fiche {fiche.id} est déclarée dans l'axe {fiche.axe} : le numéro de la fiche doit commencer par celui de son axe")
        if acteurs:
            _verifier_acteurs(fiche.pilote, "pilote", acteurs, rel, src.meta, d, col)
            _verifier_acteurs(fiche.partenaires, "partenaires", acteurs, rel, src.meta, d, col)
        _verifier_doublons_acteurs(fiche, rel, src.meta, d, col)
        _verifier_dates_journal(fiche, aujourdhui, rel, src.meta, d, col)
        _verifier_indicateurs_uniques(fiche, rel, src.meta, d, col)
        for marque in ("{{", "{%"):
            if marque in fiche.corps:
                n = fiche.corps[: fiche.corps.index(marque)].count("\n") + 1
                col.ajouter(rel, n + _nombre_lignes_entete(src),
                            f"« {marque} » interdit dans le texte d'une fiche (syntaxe de gabarit) — écrivez le texte sans accolades doubles")
        fiches.append(fiche)
    fiches.sort(key=lambda f: f.numero)
    return fiches


def _verifier_indicateurs_uniques(fiche: Fiche, rel: str, doc: yamlio.Document | None, decalage: int,
                                  col: Collecteur) -> None:
    """Indicator ids name a row in the exports and an anchor on the page: one per fiche."""
    vus: dict[str, int] = {}
    for i, ind in enumerate(fiche.indicateurs):
        if ind.id in vus:
            col.ajouter(rel, _ligne(doc, ("indicateurs", i, "id"), decalage),
                        f"champ « indicateurs[{i + 1}].id » : identifiant « {ind.id} » déjà utilisé par "
                        f"l'indicateur {vus[ind.id] + 1} de la fiche — un identifiant par indicateur")
        else:
            vus[ind.id] = i


def _nombre_lignes_entete(src: SourceMarkdown) -> int:
    total = (src.meta and max(src.meta.lignes.values(), default=0)) or 0
    return total + src.decalage + 1 if src.meta else 0


def _defauts_dossiers(docs: Path, col: Collecteur) -> dict[str, dict]:
    """Folder defaults: a ``.meta.yml`` in a docs folder applies to every page below it
    (e.g. ``visibilite: intranet`` for a whole folder). Docs-relative folder → mapping."""
    defauts: dict[str, dict] = {}
    for chemin in sorted(docs.rglob(".meta.yml")):
        rel = f"{DOCS_DIR}/{chemin.relative_to(docs).as_posix()}"
        doc = lire_yaml(chemin, rel, col)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            col.ajouter(rel, 1, "champs « clé: valeur » attendus (ex. visibilite: intranet)")
            continue
        meta = valider(MetaPage, doc.data, doc, rel, 0, col)
        if meta is not None:
            defauts[chemin.parent.relative_to(docs).as_posix()] = doc.data
    return defauts


# What MkDocs treats as a page. Only « .md » is read here, so any other spelling would be
# built as a page whose front matter (its visibility) nobody read: refused.
EXTENSIONS_MARKDOWN = {".md", ".markdown", ".mdown", ".mkdn", ".mkd"}


def verifier_arborescence(racine: Path, col: Collecteur) -> None:
    """Refuse what the edition rules cannot see: a symbolic link (MkDocs follows it, so a
    link to an intranet folder would publish it under a public name) and a page whose
    extension is not exactly « .md »."""
    for nom in (DOCS_DIR, FICHES_DIR):
        base = racine / nom
        if not base.is_dir():
            continue
        for dossier, sous_dossiers, fichiers in os.walk(base):
            for element in sorted(sous_dossiers + fichiers):
                chemin = Path(dossier) / element
                rel = chemin.relative_to(racine).as_posix()
                if chemin.is_symlink():
                    col.ajouter(rel, None, "lien symbolique refusé : copiez le fichier ou le dossier "
                                "(un lien échapperait aux règles de visibilité des éditions)")
                elif chemin.suffix.lower() in EXTENSIONS_MARKDOWN and chemin.suffix != ".md":
                    col.ajouter(rel, None, f"extension « {chemin.suffix} » refusée : renommez le fichier en "
                                f"« {chemin.stem}.md » (seules les pages .md sont lues et vérifiées)")


def charger_pages(racine: Path, col: Collecteur) -> tuple[dict[str, MetaPage], dict[str, str]]:
    """Front matter of every hand-written page under docs/ (for its visibility), with the
    defaults of the ``.meta.yml`` files of its folders (the page's own values win); and the
    visibility of every folder that has (or inherits) one."""
    pages: dict[str, MetaPage] = {}
    docs = racine / DOCS_DIR
    if not docs.is_dir():
        return pages, {}
    defauts = _defauts_dossiers(docs, col)
    dossiers: dict[str, str] = {}
    for dossier in sorted(defauts, key=lambda d: (d.count("/"), d)):  # parents first
        if "visibilite" in defauts[dossier]:
            dossiers["" if dossier == "." else dossier] = defauts[dossier]["visibilite"]
    for chemin in sorted(docs.rglob("*.md")):
        relatif = chemin.relative_to(docs)
        if any(part.startswith(".") for part in relatif.parts):
            continue
        rel = f"{DOCS_DIR}/{relatif.as_posix()}"
        src = lire_markdown(chemin, rel, col, exige_meta=False)
        if src is None:
            continue
        data: dict = {}
        for parent in reversed(relatif.parents):  # outermost folder first
            data.update(defauts.get(parent.as_posix(), {}))
        data.update((src.meta.data if src.meta else None) or {})
        meta = valider(MetaPage, data, src.meta, rel, src.decalage, col)
        if meta is not None:
            pages[relatif.as_posix()] = meta
    return pages, dossiers


def charger_comptes_rendus(racine: Path, col: Collecteur, acteurs: dict[str, Acteur],
                           fiches: list[Fiche]) -> list[CompteRendu]:
    dossier = racine / COMPTES_RENDUS_DIR
    ids_fiches = {f.id for f in fiches}
    out: list[CompteRendu] = []
    for chemin in sorted(dossier.glob("*.md")) if dossier.is_dir() else []:
        if chemin.name == "index.md":
            continue
        rel = f"{COMPTES_RENDUS_DIR}/{chemin.name}"
        src = lire_markdown(chemin, rel, col, exige_meta=True)
        if src is None:
            continue
        data = {k: v for k, v in ((src.meta.data if src.meta else None) or {}).items()
                if k not in ("title", "description", "tags", "hide", "search")}
        cr = valider(CompteRendu, data, src.meta, rel, src.decalage, col, source=rel)
        if cr is None:
            continue
        if acteurs:
            _verifier_acteurs(cr.participants, "participants", acteurs, rel, src.meta, src.decalage, col)
        for i, fid in enumerate(cr.fiches):
            if ids_fiches and fid not in ids_fiches:
                col.ajouter(rel, _ligne(src.meta, ("fiches", i), src.decalage),
                            f"fiche « {fid} » inconnue dans « fiches » — identifiants existants : 1.1 à 3.4 (dossier fiches/)")
        out.append(cr)
    out.sort(key=lambda c: c.date, reverse=True)
    return out


def charger_glossaire(racine: Path, col: Collecteur) -> dict[str, str]:
    rel = f"{DATA_DIR}/glossaire.yml"
    if not (racine / rel).exists():
        return {}
    doc = lire_yaml(racine / rel, rel, col)
    if doc is None:
        return {}
    out: dict[str, str] = {}
    if not isinstance(doc.data, dict):
        col.ajouter(rel, 1, "le glossaire doit associer à chaque sigle sa définition")
        return {}
    for sigle, valeur in doc.data.items():
        definition = valeur.get("definition") if isinstance(valeur, dict) else valeur
        if not isinstance(definition, str) or not definition.strip():
            col.ajouter(rel, doc.ligne((sigle,)), f"sigle « {sigle} » : champ « definition » manquant ou vide")
            continue
        out[str(sigle)] = definition.strip()
    return out


def charger_corpus(racine: Path | str, aujourdhui: _dt.date | None = None) -> Corpus:
    """Load and validate every source. Raises SourcesInvalides listing every problem.

    ``aujourdhui``: the build date the gate judges with (journal entries may not be later);
    default: ``horloge.date_du_build()``, the date the build itself uses (STSPD_DATE)."""
    racine = Path(racine)
    col = Collecteur()
    if aujourdhui is None:
        try:
            aujourdhui = horloge.date_du_build()
        except horloge.DateBuildInvalide as exc:
            col.ajouter("variable d'environnement", None, str(exc))
            aujourdhui = _dt.date.today()
    corpus = Corpus(racine=racine)
    corpus.commune = charger_commune(racine, col)
    corpus.acteurs = charger_acteurs(racine, col)
    corpus.axes = charger_axes(racine, col)
    corpus.fiches = charger_fiches(racine, col, corpus.acteurs, corpus.axes, aujourdhui)
    verifier_arborescence(racine, col)
    corpus.pages, corpus.visibilite_dossiers = charger_pages(racine, col)
    corpus.comptes_rendus = charger_comptes_rendus(racine, col, corpus.acteurs, corpus.fiches)
    corpus.glossaire = charger_glossaire(racine, col)
    corpus.charte = charger_charte(racine, col, corpus.acteurs)
    from . import indicateurs, progres, releves  # imported here: they build on this module's readers

    corpus.series = indicateurs.charger(racine, col, corpus)
    corpus.reglages_suivi = progres.charger_reglages(racine, col)
    from . import calendrier, ssmsi

    corpus.ssmsi = ssmsi.charger(racine, col)
    corpus.observatoire = releves.charger(racine, col, corpus)
    corpus.reunions = calendrier.charger(racine, col)
    col.verifier()
    return corpus
