"""Corpora for the benchmark: a copy of the real content, or a synthetic metropolis.

A synthetic corpus is a complete project (mkdocs.yml, mkdocs.intranet.yml, overrides/,
macros/, data/, docs/, fiches/) for N communes of the Métropole Européenne de Lille. Each
commune is built from the real content, so text sizes and Markdown structure are those of
the real site:

- its strategy: a copy of the real pages (home, ``strategie/``, ``axes/``) under
  ``docs/communes/<commune>/``, links, fiche numbers and macro arguments renumbered;
- 3 axes (numbers 3k-2 … 3k for the k-th commune: fiche ids stay unique, ``"A.B"``);
- 20 fiches: the real bodies, the real front matter with the commune's own actors, plus a
  generated journal (``suivi``), status, progress and indicators (``indicateurs``);
- its own actors: a copy of every ``categorie: commune`` actor (maire, police municipale…);
- its minutes: the real ones, plus ``comptes_rendus_par_an`` per year over ``annees``
  years, with generated text of the real minutes' size;
- its indicator tables: a copy of every ``data/indicateurs/*.yml`` under a commune prefix
  (same figures, the commune's title: each chart is a distinct chart).

Shared by all communes, as in a metropolitan site: the glossary, the charter, the guide,
the partners (État, justice, département…), the minutes index and the real indicator
tables. Everything is drawn from ``random.Random(f"{seed}:{k}")`` for the k-th commune:
the same seed gives byte-identical files, and a commune is the same in every corpus size.

No MkDocs import here (PyYAML only): the generator is tested without building a site.
"""

from __future__ import annotations

import datetime as _dt
import json
import posixpath
import random
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

RACINE = Path(__file__).resolve().parent.parent
MARQUE = ".corpus-bench.json"  # a folder holding this file may be deleted and regenerated
A_COPIER = ["data", "fiches", "docs", "macros", "overrides", "mkdocs.yml", "mkdocs.intranet.yml"]
IGNORER = shutil.ignore_patterns("__pycache__", "*.pyc")

FICHES_PAR_COMMUNE = 20
AXES_PAR_COMMUNE = 3

# Communes of the Métropole Européenne de Lille (for realistic names and page titles).
COMMUNES = [
    "Lille",
    "Roubaix",
    "Tourcoing",
    "Villeneuve-d'Ascq",
    "Wattrelos",
    "Marcq-en-Barœul",
    "Lambersart",
    "Armentières",
    "Mons-en-Barœul",
    "La Madeleine",
    "Loos",
    "Croix",
    "Hem",
    "Halluin",
    "Wasquehal",
    "Faches-Thumesnil",
    "Ronchin",
    "Seclin",
    "Haubourdin",
    "Saint-André-lez-Lille",
    "Mouvaux",
    "Wattignies",
    "Comines",
    "Lesquin",
    "Wambrechies",
    "Bondues",
    "Roncq",
    "Leers",
    "Neuville-en-Ferrain",
    "Lys-lez-Lannoy",
    "Quesnoy-sur-Deûle",
    "Houplines",
    "Marquette-lez-Lille",
    "Linselles",
    "Templemars",
    "Wavrin",
    "Pérenchies",
    "Sainghin-en-Mélantois",
    "Annœullin",
    "Wervicq-Sud",
    "Lannoy",
    "Toufflers",
    "Baisieux",
    "Santes",
    "Don",
    "Bousbecque",
    "Chéreng",
    "Fretin",
    "Verlinghem",
    "Lompret",
    "La Chapelle-d'Armentières",
    "Erquinghem-Lys",
    "Frelinghien",
    "Deûlémont",
    "Vendeville",
    "Emmerin",
    "Noyelles-lès-Seclin",
    "Houplin-Ancoisne",
    "Hallennes-lez-Haubourdin",
    "Sequedin",
    "Englos",
    "Ennetières-en-Weppes",
    "Capinghem",
    "Prémesques",
    "Sailly-lez-Lannoy",
    "Willems",
    "Forest-sur-Marque",
    "Tressin",
    "Anstaing",
    "Gruson",
    "Bouvines",
    "Péronne-en-Mélantois",
    "Lezennes",
    "Hellemmes",
    "Lomme",
    "Allennes-les-Marais",
    "Bauvin",
    "Carnin",
    "Provin",
    "La Bassée",
    "Salomé",
    "Hantay",
    "Marquillies",
    "Illies",
    "Herlies",
    "Wicres",
    "Sainghin-en-Weppes",
    "Fournes-en-Weppes",
    "Beaucamps-Ligny",
    "Erquinghem-le-Sec",
    "Escobecques",
    "Radinghem-en-Weppes",
    "Le Maisnil",
    "Aubers",
    "Fromelles",
    "Bois-Grenier",
    "Warneton",
]
NOM_REEL = re.compile(r"Mons[- ]en[- ]Barœul")

INSTANCES_SUIVANTES = [
    "conseil-restreint",
    "cellule-de-veille",
    "cellule-de-veille",
    "groupe-thematique",
    "groupe-de-suivi-nominatif",
    "comite-technique",
]
LIBELLES_INSTANCES = {
    "assemblee-pleniere": "Assemblée plénière",
    "conseil-restreint": "Conseil restreint",
    "cellule-de-veille": "Cellule de veille",
    "groupe-thematique": "Groupe de travail thématique",
    "groupe-de-suivi-nominatif": "Groupe de suivi nominatif",
    "comite-technique": "Comité technique STSPD",
}
MOIS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
STATUTS = [
    ("en-cours", 40),
    ("realise", 15),
    ("permanent", 10),
    ("a-lancer", 12),
    ("non-renseigne", 15),
    ("suspendu", 5),
    ("abandonne", 3),
]
INDICATEURS = [  # libellé, unité, type, ordre de grandeur, sens
    ("Caméras de vidéoprotection en service", "caméras", "resultat", 40, "hausse"),
    ("Interventions de la médiation sociale", "interventions", "activite", 900, "hausse"),
    ("Faits de délinquance constatés", "faits", "contexte", 1500, "baisse"),
    ("Réunions de la cellule de veille", "réunions", "activite", 11, "maintien"),
    ("Jeunes accompagnés vers l'insertion", "jeunes", "resultat", 60, "hausse"),
    ("Taux de décrochage scolaire", "%", "contexte", 8, "baisse"),
    ("Mesures de rappel à l'ordre prononcées", "mesures", "activite", 25, "hausse"),
    ("Victimes accueillies par l'association d'aide aux victimes", "personnes", "activite", 300, "hausse"),
    ("Part des habitants se sentant en sécurité", "%", "resultat", 62, "hausse"),
    ("Heures de travail d'intérêt général réalisées", "heures", "activite", 2400, "hausse"),
]
SOURCES = [
    "Police Municipale",
    "Police Nationale, commissariat de secteur",
    "Coordonnateur CLSPD",
    "Service Politique de la Ville",
    "Parquet de Lille",
    "Association de médiation sociale",
    "Observatoire local de la tranquillité publique",
]


@dataclass
class Bilan:
    """What a generated corpus holds (written into the marker file and the report)."""

    communes: int
    fiches: int = 0
    comptes_rendus: int = 0
    pages_docs: int = 0
    acteurs: int = 0
    tableaux: int = 0
    entrees_suivi: int = 0
    indicateurs: int = 0
    octets: int = 0
    details: dict[str, Any] = field(default_factory=dict)


# --- small helpers ---------------------------------------------------------------------


def slug(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.lower().replace("œ", "oe"))
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", texte).strip("-")


def nom_commune(k: int) -> str:
    """Name of the k-th commune (1-based); past the list, numbered names."""
    base = COMMUNES[(k - 1) % len(COMMUNES)]
    tour = (k - 1) // len(COMMUNES)
    return base if tour == 0 else f"{base} {tour + 1}"


def separer(texte: str) -> tuple[str | None, str]:
    """(front matter text or None, body)."""
    lignes = texte.split("\n")
    if lignes and lignes[0].rstrip() == "---":
        for i in range(1, len(lignes)):
            if lignes[i].rstrip() in ("---", "..."):
                return "\n".join(lignes[1:i]), "\n".join(lignes[i + 1 :])
    return None, texte


class _Tagged:
    """A YAML value with an explicit tag (``!ENV``, ``!!python/name:``), kept as written."""

    def __init__(self, tag: str, valeur: Any):
        self.tag, self.valeur = tag, valeur


class _Lecteur(yaml.SafeLoader):
    pass


def _tag_inconnu(loader: yaml.SafeLoader, suffixe: str, noeud: yaml.Node) -> _Tagged:
    if isinstance(noeud, yaml.ScalarNode):
        valeur: Any = loader.construct_scalar(noeud)
    elif isinstance(noeud, yaml.SequenceNode):
        valeur = loader.construct_sequence(noeud, deep=True)
    else:
        valeur = loader.construct_mapping(noeud, deep=True)
    return _Tagged(noeud.tag, valeur)


_Lecteur.add_multi_constructor("!", _tag_inconnu)
_Lecteur.add_multi_constructor("tag:yaml.org,2002:python/", _tag_inconnu)


class _Ecrivain(yaml.SafeDumper):
    pass


def _ecrire_tag(dumper: yaml.SafeDumper, v: _Tagged) -> yaml.Node:
    if isinstance(v.valeur, list):
        return dumper.represent_sequence(v.tag, v.valeur)
    if isinstance(v.valeur, dict):
        return dumper.represent_mapping(v.tag, v.valeur)
    return dumper.represent_scalar(v.tag, v.valeur)


_Ecrivain.add_representer(_Tagged, _ecrire_tag)


def lire_config(chemin: Path) -> dict:
    """A mkdocs.yml as data (tags such as ``!ENV`` kept as they are)."""
    return yaml.load(chemin.read_text(encoding="utf-8"), Loader=_Lecteur) or {}


def ecrire_yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Ecrivain, allow_unicode=True, sort_keys=False, width=100)


def ecrire_markdown(meta: dict | None, corps: str) -> str:
    if not meta:
        return corps
    return "---\n" + ecrire_yaml(meta) + "---\n" + corps


def _ecrire(chemin: Path, texte: str) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8", newline="\n")


def preparer_dossier(dest: Path) -> None:
    """Empty ``dest`` — only if it is missing, empty or a corpus made by this module."""
    if dest.exists():
        if any(dest.iterdir()) and not (dest / MARQUE).exists():
            raise SystemExit(f"{dest} existe et n'est pas un corpus de bench : refus de l'effacer")
        shutil.rmtree(dest)
    dest.mkdir(parents=True)


def _octets_sources(dest: Path) -> int:
    """Size of the content (data, fiches, pages, configuration), not of the copied code
    (macros/, overrides/): the code grows with features, not with the corpus."""
    return sum(
        p.stat().st_size
        for p in dest.rglob("*")
        if p.is_file() and p.relative_to(dest).parts[0] not in ("macros", "overrides")
    )


def copier_reel(dest: Path, source: Path = RACINE) -> Bilan:
    """A copy of the real project's sources (what the tests' ``projet`` fixture copies)."""
    preparer_dossier(dest)
    for nom in A_COPIER:
        src = source / nom
        if src.is_dir():
            shutil.copytree(src, dest / nom, ignore=IGNORER)
        elif src.exists():
            shutil.copy2(src, dest / nom)
    bilan = Bilan(communes=1)
    bilan.fiches = len(list((dest / "fiches").glob("*.md")))
    bilan.pages_docs = len(list((dest / "docs").rglob("*.md")))
    bilan.octets = _octets_sources(dest)
    (dest / MARQUE).write_text(json.dumps({"reel": True, **bilan.__dict__}, ensure_ascii=False, indent=1))
    return bilan


# --- rewriting copied pages for one commune --------------------------------------------

_LIEN = re.compile(
    r"(?<!!)\[(?P<texte>[^\]]*)\]\((?P<cible>[^)\s#]+\.md)(?P<suite>#[^)\s]*)?(?P<titre>\s+\"[^\"]*\")?\)"
)
_ID = r"\d{1,2}\.\d{1,2}"
_REF = re.compile(
    rf"\b(?P<mot>[Ff]iches?)(?P<sp>\s+|\s*:\s*)(?P<ids>{_ID}(?:\s*(?:,|et|à|–|-|ou)\s*{_ID})*)(?![\d.]*\d)"
)
_MACRO = re.compile(r"\{\{\s*(?P<nom>\w+)\s*\((?P<args>[^)]*)\)\s*\}\}")


@dataclass
class Commune:
    """One commune of the synthetic metropolis and its renumbering maps."""

    k: int
    nom: str
    slug: str
    axes: dict[int, int]  # real axis number → this commune's
    ids: dict[str, str]  # real fiche id → this commune's
    slugs: dict[str, str]  # real fiche slug → this commune's
    acteurs: dict[str, str]  # real commune actor id → this commune's
    pages: dict[str, str]  # real docs-relative page → this commune's
    tableaux: set[str]  # real indicator table ids (cloned under the commune's prefix)

    @property
    def dossier(self) -> str:
        return f"communes/{self.slug}"

    def cible(self, chemin: str) -> str:
        """Where a real page (docs-relative) lives for this commune (shared pages: unchanged)."""
        if chemin in self.pages:
            return self.pages[chemin]
        if chemin.startswith("fiches/"):
            stem = chemin[len("fiches/") : -3]
            if stem in self.slugs:
                return f"fiches/{self.slugs[stem]}.md"
        if chemin.startswith("acteurs/"):
            ident = chemin[len("acteurs/") : -3]
            if ident in self.acteurs:
                return f"acteurs/{self.acteurs[ident]}.md"
        return chemin

    def texte(self, md: str, depuis: str, vers: str) -> str:
        """Real page text (from ``depuis``) made this commune's (at ``vers``)."""
        md = NOM_REEL.sub(self.nom, md)

        def lien(m: re.Match) -> str:
            cible = posixpath.normpath(posixpath.join(posixpath.dirname(depuis), m["cible"]))
            nouvelle = posixpath.relpath(self.cible(cible), posixpath.dirname(vers) or ".")
            return f"[{m['texte']}]({nouvelle}{m['suite'] or ''}{m['titre'] or ''})"

        md = _LIEN.sub(lien, md)
        md = _REF.sub(lambda m: m["mot"] + m["sp"] + re.sub(_ID, lambda i: self.ids.get(i[0], i[0]), m["ids"]), md)

        def macro(m: re.Match) -> str:
            nom, args = m["nom"], m["args"]
            if nom in ("programme_actions", "liste_fiches"):
                args = re.sub(r"\b\d+\b", lambda a: str(self.axes.get(int(a[0]), a[0])), args)
            args = re.sub(
                r"([\"'])([a-z0-9-]+)\1",
                lambda a: f"{a[1]}{self.slug}-{a[2]}{a[1]}" if a[2] in self.tableaux else a[0],
                args,
            )
            return m[0].replace(m["args"], args, 1) if m["args"] else m[0]

        return _MACRO.sub(macro, md)


# --- generated text --------------------------------------------------------------------


def banque_phrases(source: Path) -> list[str]:
    """Sentences of the real fiches, to write journals and minutes of realistic length."""
    phrases: list[str] = []
    for chemin in sorted((source / "fiches").glob("*.md")):
        _, corps = separer(chemin.read_text(encoding="utf-8"))
        for ligne in corps.split("\n"):
            ligne = ligne.strip()
            if not ligne or ligne[0] in "#-!|<>*[0123456789" or "{" in ligne or ligne.startswith("    "):
                continue
            for p in re.split(r"(?<=[.!?])\s+", ligne):
                p = re.sub(r"[*_`\[\]]", "", p).strip()
                if 40 <= len(p) <= 260 and p[0].isupper() and p.endswith("."):
                    phrases.append(p)
    return phrases or ["Le comité de pilotage a fait le point sur l'avancement de l'action."]


def _paragraphe(rng: random.Random, phrases: list[str], n: tuple[int, int]) -> str:
    return " ".join(rng.choice(phrases) for _ in range(rng.randint(*n)))


def _date_fr(d: _dt.date) -> str:
    return f"{'1er' if d.day == 1 else d.day} {MOIS[d.month - 1]} {d.year}"


def _suivi(rng: random.Random, phrases: list[str], debut: int, annees: int) -> list[dict]:
    n = rng.randint(2, 4 + 2 * annees)
    jours = sorted({rng.randint(0, 365 * annees - 1) for _ in range(n)}, reverse=True)
    out = []
    for j in jours:
        d = _dt.date(debut, 1, 1) + _dt.timedelta(days=j)
        entree: dict[str, Any] = {"date": d, "texte": _paragraphe(rng, phrases, (1, 3))}
        if rng.random() < 0.2:
            entree["visibilite"] = "intranet"
        out.append(entree)
    return out


def _indicateurs(rng: random.Random, debut: int, annees: int) -> list[dict]:
    out = []
    for libelle, unite, type_, ordre, sens in rng.sample(INDICATEURS, rng.choice([0, 0, 0, 1, 1, 2])):
        pct = unite == "%"
        base = ordre * rng.uniform(0.6, 1.4)
        valeurs = []
        for a in range(debut - 1, debut + annees):
            if rng.random() < 0.12:
                valeurs.append({"periode": str(a), "valeur": None})
                continue
            base *= rng.uniform(0.85, 1.18)
            v = round(min(base, 99.0), 1) if pct else round(base)
            valeurs.append({"periode": str(a), "valeur": v})
        ind: dict[str, Any] = {
            "id": slug(libelle)[:40].strip("-"),
            "libelle": libelle,
            "type": type_,
            "unite": unite,
            "source": rng.choice(SOURCES),
        }
        connues = [v for v in valeurs if v["valeur"] is not None]
        if connues and rng.random() < 0.6:
            ind["initial"] = dict(connues[0])
        ind["valeurs"] = valeurs
        if connues and rng.random() < 0.75:
            ref = ind.get("initial", connues[0])["valeur"]
            facteur = {"hausse": 1.25, "baisse": 0.8, "maintien": 1.0}[sens]
            cible = round(ref * facteur, 1) if pct else round(ref * facteur)
            ind["cible"] = {"valeur": cible, "annee": debut + annees - 1, "sens": sens}
        if rng.random() < 0.15:
            ind["visibilite"] = "intranet"
        out.append(ind)
    return out


def _compte_rendu(
    rng: random.Random,
    phrases: list[str],
    c: Commune,
    d: _dt.date,
    instance: str,
    ids_fiches: list[str],
    acteurs: list[str],
) -> str:
    concernees = sorted(rng.sample(ids_fiches, rng.randint(0, 3)), key=lambda i: tuple(map(int, i.split("."))))
    meta = {
        "date": d,
        "instance": instance,
        "titre": f"{LIBELLES_INSTANCES[instance]} — {c.nom}",
        "participants": sorted(rng.sample(acteurs, rng.randint(2, min(9, len(acteurs))))),
        "ordre_du_jour": [_paragraphe(rng, phrases, (1, 1))[:140].rstrip(" ,;") for _ in range(rng.randint(1, 4))],
        "decisions": [_paragraphe(rng, phrases, (1, 1)) for _ in range(rng.randint(0, 3))],
        "fiches": concernees,
    }
    corps = [
        f"# {LIBELLES_INSTANCES[instance]} du {_date_fr(d)} ({c.nom})",
        "",
        "## Présents",
        "",
        _paragraphe(rng, phrases, (1, 2)),
        "",
        "## Échanges",
        "",
    ]
    for _ in range(rng.randint(2, 5)):
        p = _paragraphe(rng, phrases, (2, 4))
        if concernees and rng.random() < 0.5:
            p += f" Voir la fiche {rng.choice(concernees)}."
        corps += [p, ""]
    if rng.random() < 0.3:
        corps += ['!!! intranet "Pour les partenaires"', "    " + _paragraphe(rng, phrases, (1, 2)), ""]
    corps += [
        "## Prochaine réunion",
        "",
        f"La prochaine réunion se tiendra au {'premier' if d.month < 7 else 'second'} semestre.",
        "",
    ]
    return ecrire_markdown(meta, "\n" + "\n".join(corps))


# --- the synthetic metropolis ----------------------------------------------------------


def _nav_filtrer(items: list, garder: Callable[[str], str | None]) -> list:
    """The nav with each page path mapped through ``garder`` (None: page left out)."""
    out: list = []
    for item in items:
        titre, valeur = (None, item) if not isinstance(item, dict) else next(iter(item.items()))
        if isinstance(valeur, list):
            enfants = _nav_filtrer(valeur, garder)
            if enfants:
                out.append({titre: enfants} if titre else enfants)
            continue
        if not isinstance(valeur, str) or "://" in valeur:
            if garder("") is None:
                continue
            out.append(item)
            continue
        nouveau = garder(valeur)
        if nouveau is not None:
            out.append({titre: nouveau} if titre else nouveau)
    return out


def _par_commune(chemin: str) -> bool:
    """Real docs pages that each commune has its own copy of."""
    return (
        chemin == "index.md"
        or chemin.startswith(("strategie/", "axes/"))
        or (chemin.startswith("comptes-rendus/") and chemin != "comptes-rendus/index.md")
    )


def generer(
    dest: Path,
    communes: int,
    graine: int = 2024,
    comptes_rendus_par_an: int = 4,
    annees: int = 5,
    annee_debut: int = 2019,
    source: Path = RACINE,
) -> Bilan:
    """Write a synthetic project for ``communes`` communes into ``dest`` (emptied first)."""
    preparer_dossier(dest)
    bilan = Bilan(communes=communes)
    phrases = banque_phrases(source)
    docs_src = source / "docs"

    # Shared parts: code, theme overrides, data other than actors/axes, shared docs pages.
    for nom in ("macros", "overrides"):
        if (source / nom).is_dir():
            shutil.copytree(source / nom, dest / nom, ignore=IGNORER)
    shutil.copy2(source / "mkdocs.intranet.yml", dest / "mkdocs.intranet.yml")
    for chemin in sorted((source / "data").rglob("*")):
        rel = chemin.relative_to(source / "data").as_posix()
        if chemin.is_file() and rel not in ("acteurs.yml", "axes.yml"):
            (dest / "data" / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(chemin, dest / "data" / rel)
    pages_reelles: list[str] = []
    for chemin in sorted(docs_src.rglob("*")):
        rel = chemin.relative_to(docs_src).as_posix()
        if not chemin.is_file():
            continue
        if chemin.suffix == ".md" and _par_commune(rel):
            pages_reelles.append(rel)
            continue
        (dest / "docs" / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(chemin, dest / "docs" / rel)

    acteurs_reels: dict = yaml.load((source / "data/acteurs.yml").read_text(encoding="utf-8"), Loader=_Lecteur)
    ids_commune = [i for i, a in acteurs_reels.items() if isinstance(a, dict) and a.get("categorie") == "commune"]
    axes_reels: list = yaml.load((source / "data/axes.yml").read_text(encoding="utf-8"), Loader=_Lecteur)
    fiches_reelles = sorted((source / "fiches").glob("*.md"))
    tableaux = (
        {p.stem for p in (source / "data/indicateurs").glob("*.yml")}
        if (source / "data/indicateurs").is_dir()
        else set()
    )
    metas_fiches = []
    for chemin in fiches_reelles:
        fm, corps = separer(chemin.read_text(encoding="utf-8"))
        metas_fiches.append((chemin.stem, yaml.load(fm or "", Loader=_Lecteur) or {}, corps))
    numeros_axes = [int(a["numero"]) for a in axes_reels]

    acteurs = dict(acteurs_reels)
    axes: list[dict] = []
    liste_communes: list[Commune] = []
    for k in range(1, communes + 1):
        nom = nom_commune(k)
        s = slug(nom)
        base = AXES_PAR_COMMUNE * (k - 1)
        carte_axes = {n: base + i + 1 for i, n in enumerate(numeros_axes)}
        ids: dict[str, str] = {}
        slugs: dict[str, str] = {}
        for stem, meta, _ in metas_fiches:
            a, b = str(meta["id"]).split(".")
            nouvel_axe = carte_axes.get(int(a), base + 1)
            ids[str(meta["id"])] = f"{nouvel_axe}.{int(b)}"
            slugs[stem] = f"{nouvel_axe}.{int(b):02d}-{stem.split('-', 1)[1]}-{s}"
        c = Commune(
            k,
            nom,
            s,
            carte_axes,
            ids,
            slugs,
            {i: f"{s}-{i}" for i in ids_commune},
            {p: f"communes/{s}/{p}" for p in pages_reelles if not p.startswith("comptes-rendus/")},
            tableaux,
        )
        for p in pages_reelles:
            if p.startswith("comptes-rendus/"):
                c.pages[p] = f"comptes-rendus/{posixpath.basename(p)[:-3]}-{s}.md"
        liste_communes.append(c)
        for i in ids_commune:
            a = dict(acteurs_reels[i])
            a["nom"] = NOM_REEL.sub(nom, a["nom"]) + ("" if NOM_REEL.search(a["nom"]) else f" ({nom})")
            acteurs[c.acteurs[i]] = a
        for reel in axes_reels:
            axes.append(
                {
                    **reel,
                    "numero": carte_axes[int(reel["numero"])],
                    "titre": f"{reel['titre']} ({nom})",
                    "titre_court": f"{nom} — {reel['titre_court']}",
                    "page": c.cible(reel["page"]),
                }
            )
    _ecrire(dest / "data/acteurs.yml", "# Généré par bench/corpus.py\n" + ecrire_yaml(acteurs))
    _ecrire(dest / "data/axes.yml", "# Généré par bench/corpus.py\n" + ecrire_yaml(axes))
    bilan.acteurs = len(acteurs)

    partages = [i for i in acteurs_reels if i not in ids_commune]
    for c in liste_communes:
        rng = random.Random(f"{graine}:{c.k}")
        # Strategy pages and real minutes, renumbered.
        for p in pages_reelles:
            fm, corps = separer((docs_src / p).read_text(encoding="utf-8"))
            meta = yaml.load(fm, Loader=_Lecteur) if fm else None
            if meta and p.startswith("comptes-rendus/"):
                meta["fiches"] = [c.ids.get(str(i), str(i)) for i in meta.get("fiches") or []]
                meta["participants"] = [c.acteurs.get(i, i) for i in meta.get("participants") or []]
            vers = c.cible(p)
            _ecrire(
                dest / "docs" / vers,
                ecrire_markdown(meta, c.texte(corps, p, vers)) if meta else c.texte(corps, p, vers),
            )
        # Fiches: real body and front matter, the commune's actors, a generated journal.
        for stem, meta_reel, corps in metas_fiches:
            meta = dict(meta_reel)
            meta["id"] = c.ids[str(meta_reel["id"])]
            meta["axe"] = int(meta["id"].split(".")[0])
            meta["pilote"] = [c.acteurs.get(i, i) for i in meta_reel.get("pilote") or []]
            meta["partenaires"] = [c.acteurs.get(i, i) for i in meta_reel.get("partenaires") or []]
            statut = rng.choices([s for s, _ in STATUTS], [w for _, w in STATUTS])[0]
            meta["statut"] = statut
            meta.pop("avancement", None)
            if statut == "en-cours" and rng.random() < 0.7:
                meta["avancement"] = rng.randrange(10, 95, 5)
            meta["suivi"] = _suivi(rng, phrases, annee_debut, annees)
            meta["indicateurs"] = _indicateurs(rng, annee_debut, annees)
            if meta["indicateurs"]:  # generated indicators replace « Indicateurs à définir » (fiche 1.1)
                meta.pop("indicateurs_a_definir", None)
            ordre = [
                "id",
                "titre",
                "titre_programme",
                "axe",
                "objectif",
                "pilote",
                "partenaires",
                "echeance",
                "statut",
                "avancement",
                "suivi",
                "indicateurs",
                "visibilite",
            ]
            meta = {k: meta[k] for k in ordre if k in meta} | {k: v for k, v in meta.items() if k not in ordre}
            _ecrire(
                dest / "fiches" / f"{c.slugs[stem]}.md",
                ecrire_markdown(meta, c.texte(corps, f"fiches/{stem}.md", f"fiches/{c.slugs[stem]}.md")),
            )
            bilan.fiches += 1
            bilan.entrees_suivi += len(meta["suivi"])
            bilan.indicateurs += len(meta["indicateurs"])
        # Minutes: comptes_rendus_par_an per year, plenary first.
        ids_fiches = list(c.ids.values())
        participants = [c.acteurs[i] for i in ids_commune] + partages
        for annee in range(annee_debut, annee_debut + annees):
            jours = sorted(rng.sample(range(1, 365), comptes_rendus_par_an))
            for n, j in enumerate(jours):
                d = _dt.date(annee, 1, 1) + _dt.timedelta(days=j - 1)
                instance = "assemblee-pleniere" if n == 0 else rng.choice(INSTANCES_SUIVANTES)
                _ecrire(
                    dest / "docs/comptes-rendus" / f"{d.isoformat()}-{instance}-{c.slug}.md",
                    _compte_rendu(rng, phrases, c, d, instance, ids_fiches, participants),
                )
                bilan.comptes_rendus += 1
        # Indicator tables: the real ones under the commune's name.
        for t in sorted(tableaux):
            texte = (source / "data/indicateurs" / f"{t}.yml").read_text(encoding="utf-8")
            texte = re.sub(
                r"^titre:(.*)$",
                lambda m, c=c: (
                    f"titre:{m[1].rstrip()} — {c.nom}" if not m[1].strip().startswith(("'", '"', ">", "|")) else m[0]
                ),
                texte,
                count=1,
                flags=re.M,
            )
            texte = NOM_REEL.sub(c.nom, texte)
            _ecrire(dest / "data/indicateurs" / f"{c.slug}-{t}.yml", texte)
            bilan.tableaux += 1
    bilan.comptes_rendus += sum(1 for p in pages_reelles if p.startswith("comptes-rendus/")) * communes

    # Shared pages (copied as they are) that link to a real fiche or page: to the first
    # commune's copy (docs/observatoire/index.md cites fiche 1.1), or --strict fails.
    premiere = liste_communes[0]
    for chemin in sorted((dest / "docs").rglob("*.md")):
        rel = chemin.relative_to(dest / "docs").as_posix()
        if rel.startswith("communes/") or _par_commune(rel):
            continue
        md = chemin.read_text(encoding="utf-8")

        def vers_commune(m: re.Match, rel: str = rel) -> str:
            cible = posixpath.normpath(posixpath.join(posixpath.dirname(rel), m["cible"]))
            nouvelle = premiere.cible(cible)
            if nouvelle == cible:
                return m.group(0)
            lien = posixpath.relpath(nouvelle, posixpath.dirname(rel) or ".")
            return f"[{m['texte']}]({lien}{m['suite'] or ''}{m['titre'] or ''})"

        nouveau = _LIEN.sub(vers_commune, md)
        if nouveau != md:
            chemin.write_text(nouveau, encoding="utf-8")

    # Home page of the metropolis and the configuration (nav: one section per commune).
    accueil = [
        "# Prévention de la délinquance dans la Métropole Européenne de Lille",
        "",
        f"Stratégies territoriales de sécurité et de prévention de la délinquance de {communes} communes "
        "de la métropole, leurs fiches-actions, leur suivi et les comptes rendus de leurs CLSPD.",
        "",
        "## Les communes",
        "",
    ]
    accueil += [f"- [{c.nom}]({c.dossier}/index.md)" for c in liste_communes]
    _ecrire(dest / "docs/index.md", "\n".join(accueil) + "\n")
    config_texte = (source / "mkdocs.yml").read_text(encoding="utf-8")
    config = lire_config(source / "mkdocs.yml")
    nav = config.get("nav") or []
    partagee = _nav_filtrer(nav, lambda p: p if p == "" or not _par_commune(p) or p == "index.md" else None)
    sections = []
    for c in liste_communes:
        sous = _nav_filtrer(nav, lambda p, c=c: c.cible(p) if p and _par_commune(p) and p != "index.md" else None)
        sections.append({c.nom: [{"Présentation": f"{c.dossier}/index.md"}, *sous]})
    accueil_nav = [i for i in partagee if i == "index.md" or (isinstance(i, dict) and "index.md" in i.values())]
    reste = [i for i in partagee if i not in accueil_nav]
    config_nav = ecrire_yaml({"nav": [*accueil_nav, {"Communes": sections}, *reste]})
    config_texte = _remplacer_cle(config_texte, "nav", config_nav)
    config_texte = _remplacer_cle(
        config_texte,
        "site_name",
        f"site_name: Prévention de la délinquance — Métropole Européenne de Lille ({communes} communes)\n",
    )
    _ecrire(dest / "mkdocs.yml", config_texte.rstrip("\n") + "\n")

    bilan.pages_docs = sum(1 for _ in (dest / "docs").rglob("*.md"))
    bilan.octets = _octets_sources(dest)
    bilan.details = {
        "graine": graine,
        "comptes_rendus_par_an": comptes_rendus_par_an,
        "annees": annees,
        "annee_debut": annee_debut,
    }
    (dest / MARQUE).write_text(json.dumps(bilan.__dict__, ensure_ascii=False, indent=1), encoding="utf-8")
    return bilan


def _remplacer_cle(texte: str, cle: str, nouveau: str) -> str:
    """Replace a top-level key of a YAML text (its line and indented continuation) by ``nouveau``."""
    lignes = texte.split("\n")
    out: list[str] = []
    i = 0
    trouve = False
    while i < len(lignes):
        if not trouve and re.match(rf"^{re.escape(cle)}\s*:", lignes[i]):
            trouve = True
            i += 1
            while i < len(lignes) and (
                lignes[i].startswith((" ", "\t", "-"))
                or not lignes[i].strip()
                or lignes[i].lstrip().startswith("#")
                and lignes[i].startswith(" ")
            ):
                i += 1
            out.append(nouveau.rstrip("\n"))
            continue
        out.append(lignes[i])
        i += 1
    if not trouve:
        out.append(nouveau.rstrip("\n"))
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(prog="python -m bench.corpus", description="Générer un corpus synthétique.")
    p.add_argument("dest", type=Path)
    p.add_argument("--communes", type=int, default=10)
    p.add_argument("--graine", type=int, default=2024)
    p.add_argument("--comptes-rendus-par-an", type=int, default=4)
    p.add_argument("--annees", type=int, default=5)
    a = p.parse_args(argv)
    b = generer(a.dest, a.communes, a.graine, a.comptes_rendus_par_an, a.annees)
    print(json.dumps(b.__dict__, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
