"""Read every source once, validate it against the schema, and build the corpus.

All problems are collected (not only the first) and raised together as
``SourcesInvalides``; each names the file, the line when known, the field and what is
expected, in French. ``python -m macros check`` and the MkDocs build share this code.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
from pathlib import Path
from typing import Any

from macros.domaine import fr, horloge
from macros.domaine.corpus import Corpus
from macros.domaine.modele import ID_ACTEUR, Acteur, Axe, Commune, CompteRendu, Fiche, MetaPage, SignataireCharte
from macros.lecture import indicateurs, reglages, releves, reunions, ssmsi, yamlio
from macros.lecture.erreurs import Collecteur
from macros.lecture.fichiers import SourceMarkdown, lire_markdown, lire_yaml, lire_yaml_de_type
from macros.lecture.validation import _ligne, valider

FICHES_DIR = "fiches"
DOCS_DIR = "docs"
DATA_DIR = "data"
COMPTES_RENDUS_DIR = "docs/comptes-rendus"


def _verifier_acteurs(
    ids: list[str],
    champ: str,
    acteurs: dict[str, Acteur],
    rel: str,
    doc: yamlio.Document | None,
    decalage: int,
    col: Collecteur,
) -> None:
    for i, ident in enumerate(ids):
        if ident not in acteurs:
            proche = difflib.get_close_matches(ident, list(acteurs), n=1)
            idee = f" (vouliez-vous dire « {proche[0]} » ?)" if proche else ""
            col.ajouter(
                rel,
                _ligne(doc, (champ, i), decalage),
                f"acteur « {ident} » inconnu dans « {champ} »{idee} — identifiants dans data/acteurs.yml",
            )


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
        col.ajouter(
            rel, 1, "champ « signataires » attendu : une liste (vide tant que personne n'a signé : signataires: [])"
        )
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
    """The commune profile ``data/commune.yml``: name, INSEE code, département, period,
    the editions' names and addresses, legal notice, forge, logo and colours."""
    rel = f"{DATA_DIR}/commune.yml"
    if not (racine / rel).exists():
        col.ajouter(
            rel,
            None,
            "profil de la commune manquant : créez data/commune.yml (nom, insee, departement, strategie, sites…)",
        )
        return None
    doc = lire_yaml_de_type(
        racine / rel, rel, col, dict, "champs « clé: valeur » attendus (nom, insee, departement, strategie, sites…)"
    )
    if doc is None:
        return None
    commune = valider(Commune, doc.data, doc, rel, 0, col)
    if commune is not None and commune.logo is not None and not (racine / "docs" / commune.logo).is_file():
        col.ajouter(
            rel,
            doc.ligne(("logo",)),
            f"logo : fichier « docs/{commune.logo} » introuvable (chemin relatif à docs/, ex. assets/logo.svg)",
        )
        return None
    return commune


def charger_acteurs(racine: Path, col: Collecteur) -> dict[str, Acteur]:
    rel = f"{DATA_DIR}/acteurs.yml"
    doc = lire_yaml_de_type(
        racine / rel,
        rel,
        col,
        dict,
        "le fichier doit associer à chaque identifiant d'acteur ses champs (nom, sigle, categorie)",
    )
    if doc is None:
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
    doc = lire_yaml_de_type(
        racine / rel, rel, col, list, "liste des axes attendue (une entrée « - numero: … » par axe)"
    )
    if doc is None:
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


def _verifier_doublons_acteurs(
    fiche: Fiche, rel: str, doc: yamlio.Document | None, decalage: int, col: Collecteur
) -> None:
    """An actor is listed once: among the pilots or among the partners, never twice."""
    vus: dict[str, tuple[str, int]] = {}
    for champ in ("pilote", "partenaires"):
        for i, ident in enumerate(getattr(fiche, champ)):
            if ident in vus:
                champ0, i0 = vus[ident]
                ligne0 = _ligne(doc, (champ0, i0), decalage)
                ou = f"« {champ0} »" + (f" (ligne {ligne0})" if ligne0 else "")
                col.ajouter(
                    rel,
                    _ligne(doc, (champ, i), decalage),
                    f"champ « {champ}[{i + 1}] » : acteur « {ident} » déjà listé dans {ou} — chaque acteur "
                    "figure une seule fois, parmi les pilotes ou parmi les partenaires",
                )
            else:
                vus[ident] = (champ, i)


def _verifier_dates_journal(
    fiche: Fiche, aujourdhui: _dt.date, rel: str, doc: yamlio.Document | None, decalage: int, col: Collecteur
) -> None:
    """A journal entry reports what happened: its date (its first day, for AAAA or AAAA-MM)
    may not be later than the build date."""
    for i, entree in enumerate(fiche.suivi):
        if entree.date.debut > aujourdhui:
            col.ajouter(
                rel,
                _ligne(doc, ("suivi", i, "date"), decalage),
                f"champ « suivi[{i + 1}].date » : la date « {entree.date} » est postérieure à la date de "
                f"construction du site ({fr.date(aujourdhui)}) — une entrée du journal rapporte un fait passé : "
                "corrigez la date (une échéance à venir se met dans « echeance »)",
            )


def charger_fiches(
    racine: Path, col: Collecteur, acteurs: dict[str, Acteur], axes: dict[int, Axe], aujourdhui: _dt.date | None = None
) -> list[Fiche]:
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
        fiche = valider(Fiche, data, src.meta, rel, src.decalage, col, source=rel, corps=src.corps, slug=chemin.stem)
        if fiche is None:
            continue
        d = src.decalage
        if fiche.id in vus:
            col.ajouter(
                rel,
                _ligne(src.meta, ("id",), d),
                f"identifiant « {fiche.id} » déjà utilisé par {vus[fiche.id]} — chaque fiche a un id unique",
            )
            continue
        vus[fiche.id] = rel
        if axes and fiche.axe not in axes:
            col.ajouter(
                rel,
                _ligne(src.meta, ("axe",), d),
                f"axe « {fiche.axe} » inconnu — axes possibles : {', '.join(map(str, sorted(axes)))} (data/axes.yml)",
            )
        if str(fiche.axe) != fiche.id.split(".")[0]:
            col.ajouter(
                rel,
                _ligne(src.meta, ("axe",), d),
                f"la fiche {fiche.id} est déclarée dans l'axe {fiche.axe} : le numéro de la fiche doit "
                "commencer par celui de son axe",
            )
        if acteurs:
            _verifier_acteurs(fiche.pilote, "pilote", acteurs, rel, src.meta, d, col)
            _verifier_acteurs(fiche.partenaires, "partenaires", acteurs, rel, src.meta, d, col)
        _verifier_doublons_acteurs(fiche, rel, src.meta, d, col)
        _verifier_dates_journal(fiche, aujourdhui, rel, src.meta, d, col)
        _verifier_indicateurs_uniques(fiche, rel, src.meta, d, col)
        for marque in ("{{", "{%"):
            if marque in fiche.corps:
                n = fiche.corps[: fiche.corps.index(marque)].count("\n") + 1
                col.ajouter(
                    rel,
                    n + _nombre_lignes_entete(src),
                    f"« {marque} » interdit dans le texte d'une fiche (syntaxe de gabarit) — écrivez le texte "
                    "sans accolades doubles",
                )
        fiches.append(fiche)
    fiches.sort(key=lambda f: f.numero)
    return fiches


def _verifier_indicateurs_uniques(
    fiche: Fiche, rel: str, doc: yamlio.Document | None, decalage: int, col: Collecteur
) -> None:
    """Indicator ids name a row in the exports and an anchor on the page: one per fiche."""
    vus: dict[str, int] = {}
    for i, ind in enumerate(fiche.indicateurs):
        if ind.id in vus:
            col.ajouter(
                rel,
                _ligne(doc, ("indicateurs", i, "id"), decalage),
                f"champ « indicateurs[{i + 1}].id » : identifiant « {ind.id} » déjà utilisé par "
                f"l'indicateur {vus[ind.id] + 1} de la fiche — un identifiant par indicateur",
            )
        else:
            vus[ind.id] = i


def _nombre_lignes_entete(src: SourceMarkdown) -> int:
    total = (src.meta and max(src.meta.lignes.values(), default=0)) or 0
    return total + src.decalage + 1 if src.meta else 0


def _defauts_dossiers(docs: Path, col: Collecteur) -> dict[str, dict[str, Any]]:
    """Folder defaults: a ``.meta.yml`` in a docs folder applies to every page below it
    (e.g. ``visibilite: intranet`` for a whole folder). Docs-relative folder → mapping."""
    defauts: dict[str, dict[str, Any]] = {}
    for chemin in sorted(docs.rglob(".meta.yml")):
        rel = f"{DOCS_DIR}/{chemin.relative_to(docs).as_posix()}"
        doc = lire_yaml_de_type(chemin, rel, col, dict, "champs « clé: valeur » attendus (ex. visibilite: intranet)")
        if doc is None:
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
                    col.ajouter(
                        rel,
                        None,
                        "lien symbolique refusé : copiez le fichier ou le dossier "
                        "(un lien échapperait aux règles de visibilité des éditions)",
                    )
                elif chemin.suffix.lower() in EXTENSIONS_MARKDOWN and chemin.suffix != ".md":
                    col.ajouter(
                        rel,
                        None,
                        f"extension « {chemin.suffix} » refusée : renommez le fichier en "
                        f"« {chemin.stem}.md » (seules les pages .md sont lues et vérifiées)",
                    )


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
        data: dict[str, Any] = {}
        for parent in reversed(relatif.parents):  # outermost folder first
            data.update(defauts.get(parent.as_posix(), {}))
        data.update((src.meta.data if src.meta else None) or {})
        meta = valider(MetaPage, data, src.meta, rel, src.decalage, col)
        if meta is not None:
            pages[relatif.as_posix()] = meta
    return pages, dossiers


def charger_comptes_rendus(
    racine: Path, col: Collecteur, acteurs: dict[str, Acteur], fiches: list[Fiche]
) -> list[CompteRendu]:
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
        data = {
            k: v
            for k, v in ((src.meta.data if src.meta else None) or {}).items()
            if k not in ("title", "description", "tags", "hide", "search")
        }
        cr = valider(CompteRendu, data, src.meta, rel, src.decalage, col, source=rel)
        if cr is None:
            continue
        if acteurs:
            _verifier_acteurs(cr.participants, "participants", acteurs, rel, src.meta, src.decalage, col)
        for i, fid in enumerate(cr.fiches):
            if ids_fiches and fid not in ids_fiches:
                col.ajouter(
                    rel,
                    _ligne(src.meta, ("fiches", i), src.decalage),
                    f"fiche « {fid} » inconnue dans « fiches » — identifiants existants : 1.1 à 3.4 (dossier fiches/)",
                )
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


# Debug aid (tests/test_moteur.py): with STSPD_JOURNAL_CHARGEMENTS=<file>, every load of the
# sources, in whatever process, appends one line to that file: `make site` must load them once.
JOURNAL_CHARGEMENTS = "STSPD_JOURNAL_CHARGEMENTS"


def _noter_chargement(racine: Path) -> None:
    journal = os.environ.get(JOURNAL_CHARGEMENTS)
    if journal:
        with open(journal, "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()} {racine}\n")


def charger_corpus(racine: Path | str, aujourdhui: _dt.date | None = None) -> Corpus:
    """Load and validate every source. Raises SourcesInvalides listing every problem.

    ``aujourdhui``: the build date the gate judges with (journal entries may not be later);
    default: ``horloge.date_du_build()``, the date the build itself uses (STSPD_DATE)."""
    racine = Path(racine)
    _noter_chargement(racine)
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
    corpus.series = indicateurs.charger(racine, col, corpus)
    corpus.reglages_suivi = reglages.charger_reglages(racine, col)
    corpus.ssmsi = ssmsi.charger(racine, col)
    corpus.observatoire = releves.charger(racine, col, corpus)
    corpus.reunions = reunions.charger(racine, col)
    col.verifier()
    return corpus
