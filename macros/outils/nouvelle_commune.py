"""``make nouvelle-commune DEST=… NOM=… INSEE=…``: a new commune's project, ready to build.

The new project gets the engine (the files of ``version_moteur.MOTEUR``, copied from this
project, and its ``moteur.lock``), and content written from ``modeles/commune/``: the
profile, three empty axes with one example fiche each, skeleton strategy pages, the charter
model, README and a generic test suite. Nothing of this commune's content is copied.

Every argument is checked before anything is written: a refusal leaves DEST untouched.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import io
import re
import shutil
import sys
from pathlib import Path

from ruamel.yaml import YAML

from macros.domaine.modele import INSEE, Commune
from macros.outils import version_moteur

MODELES = Path(__file__).resolve().parent / "modeles" / "commune"
MOTEUR = Path(__file__).resolve().parents[2]
AXES = (1, 2, 3)
NAV = "mkdocs.nav.yml"  # the menu, put into the engine's mkdocs.yml (not copied as such)
DUREE = 3  # years of a new strategy (debut … debut + 2), as most STSPD; the profile says
# Letters (accents included), digits, spaces, hyphens, apostrophes, parentheses, dots: every
# commune name of the Code officiel géographique, and nothing Markdown, HTML or Jinja reads.
NOM = re.compile(r"^[\w][\w .'’()-]*$")


class Refus(Exception):
    pass


def departement(insee: str) -> str:
    """The département's code from the commune's INSEE code (COG): overseas départements
    have three digits (971–976), Corsica 2A/2B, every other one the first two."""
    if insee.startswith("97"):
        return insee[:3]
    return insee[:2]


def verifier(dest: Path, nom: str, insee: str) -> None:
    nom, insee = nom.strip(), insee.strip()
    if not nom:
        raise Refus('nom de la commune manquant : make nouvelle-commune DEST=… NOM="Ma-Commune" INSEE=…')
    if not NOM.match(nom):
        raise Refus(
            f"nom de commune « {nom} » refusé : lettres, chiffres, espaces, traits d'union, apostrophes, "
            "points et parenthèses seulement"
        )
    if not INSEE.match(insee):
        raise Refus(f"code INSEE « {insee} » invalide : 5 caractères, ex. 62041 ou 2A004 (code officiel géographique)")
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise Refus(f"{dest} n'est pas un dossier vide : choisissez un dossier nouveau ou vide, rien n'a été écrit")


def _yaml(valeur: str) -> str:
    """Inside a double-quoted YAML scalar."""
    return valeur.replace("\\", "\\\\").replace('"', '\\"')


def noms_des_sites(nom: str, debut: int, fin: int) -> dict[str, str]:
    """The names built from the commune's: both sites', the description, the copyright."""
    return {
        "public": f"STSPD de {nom} {debut}–{fin}",
        "intranet": f"STSPD de {nom} — intranet des partenaires",
        "description": f"Stratégie Territoriale de Sécurité et de Prévention de la Délinquance de {nom} "
        f"{debut}–{fin} et Conseil Local de Sécurité et de Prévention de la Délinquance (CLSPD).",
        "droits": f"© Ville de {nom}",
    }


def _profil_suite(noms: dict[str, str]) -> str:
    """The profile's keys beyond nom/insee/departement/strategie. Written as data when the
    engine's model knows them (the profile work of issue 12), as comments otherwise, so
    the new project always passes `make check` with the engine it was made from."""
    n = {cle: _yaml(valeur) for cle, valeur in noms.items()}
    lignes = [
        "sites:",
        f'  public:   {{nom: "{n["public"]}", url: null}}   # url : adresse du site, ou null',
        f'  intranet: {{nom: "{n["intranet"]}", url: null}}',
        f'description: "{n["description"]}"',
        f'droits: "{n["droits"]}"',
        "mentions_legales:",
        "  directeur_publication: à compléter",
        "  hebergeur: à compléter",
        "  contact: à compléter",
        "forge:",
        "  modifier: null     # adresse de modification, ex. https://forge.example.fr/ville/stspd/-/edit/main/",
        "logo: null           # un fichier sous docs/ (ex. assets/logo.svg), ou null",
        "couleurs: {primaire: indigo, accent: indigo}   # noms de couleurs de Material for MkDocs",
    ]
    if _profil_complet():
        return "\n".join(lignes)
    return "# Clés lues par une version plus récente du moteur (profil complet) :\n" + "\n".join(
        f"# {ligne}" for ligne in lignes
    )


def _profil_complet() -> bool:
    return "sites" in Commune.model_fields


def _configuration(nom_fichier: str, valeurs: dict[str, str], nav: str | None) -> str:
    """The engine's own MkDocs configuration with the commune's names (and menu): made from
    it at each scaffold, so that the new project gets every setting the engine has today."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    config = yaml.load((MOTEUR / nom_fichier).read_text(encoding="utf-8"))
    if not _profil_complet():  # otherwise data/commune.yml names the sites (sites, description, droits)
        for cle, valeur in valeurs.items():
            config[cle] = valeur
    if nav is not None:
        del config["nav"]
    sortie = io.StringIO()
    yaml.dump(config, sortie)
    return sortie.getvalue().rstrip("\n") + "\n" + (f"\n{nav}" if nav else "")


def creer(dest: Path, nom: str, insee: str, aujourdhui: _dt.date | None = None) -> list[str]:
    """Write the project into ``dest`` (checked first); return the files written."""
    verifier(dest, nom, insee)
    nom, insee = nom.strip(), insee.strip()
    debut = (aujourdhui or _dt.date.today()).year
    fin = debut + DUREE - 1
    noms = noms_des_sites(nom, debut, fin)
    jetons = {
        "@@NOM@@": nom,
        "@@INSEE@@": insee,
        "@@DEP@@": departement(insee),
        "@@DEBUT@@": str(debut),
        "@@FIN@@": str(fin),
        "@@PERIODE@@": f"{debut}–{fin}",
        "@@PROFIL_SUITE@@": _profil_suite(noms),
        # The legal notice's fields: read from the profile when the engine can (its macro).
        **{
            f"@@ML_{champ.upper()}@@": f'{{{{ mention_legale("{champ}") }}}}'
            if _profil_complet()
            else "« à compléter »"
            for champ in ("contact", "directeur_publication", "hebergeur")
        },
    }
    ecrits: list[str] = []
    dest.mkdir(parents=True, exist_ok=True)
    nav = (MODELES / NAV).read_text(encoding="utf-8").split("\n", 1)[1]  # without its first comment
    configurations = {
        "mkdocs.yml": _configuration(
            "mkdocs.yml",
            {"site_name": noms["public"], "site_description": noms["description"], "copyright": noms["droits"]},
            nav,
        ),
        "mkdocs.intranet.yml": _configuration("mkdocs.intranet.yml", {"site_name": noms["intranet"]}, None),
    }
    for chemin, contenu in configurations.items():
        (dest / chemin).write_text(contenu, encoding="utf-8", newline="\n")
        ecrits.append(chemin)
    for f in version_moteur.fichiers_moteur(MOTEUR):
        cible = dest / f
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(MOTEUR / f, cible)
        ecrits.append(f)
    for modele in sorted(p for p in MODELES.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        rel = modele.relative_to(MODELES).as_posix()
        if rel == NAV:
            continue
        texte = modele.read_text(encoding="utf-8")
        # One template, one file per axis: fiches/exemple.md → fiches/1.01-exemple.md …
        cibles = {
            "fiches/exemple.md": {f"fiches/{a}.01-exemple.md": a for a in AXES},
            "docs/axes/axe.md": {f"docs/axes/axe-{a}.md": a for a in AXES},
        }.get(rel, {rel: None})
        for chemin, axe in cibles.items():
            contenu = texte.replace("@@AXE@@", str(axe)) if axe is not None else texte
            for jeton, valeur in jetons.items():
                contenu = contenu.replace(jeton, valeur)
            cible = dest / chemin
            cible.parent.mkdir(parents=True, exist_ok=True)
            cible.write_text(contenu, encoding="utf-8", newline="\n")
            ecrits.append(chemin)
    version_moteur.ecrire_verrou(dest, version_moteur.manifeste_de(dest))
    ecrits.append(version_moteur.VERROU)
    return ecrits


def cmd_nouvelle_commune(args: argparse.Namespace) -> int:
    if not args.dest:
        print('Indiquez le dossier : make nouvelle-commune DEST=<dossier> NOM="…" INSEE=<code>', file=sys.stderr)
        return 2
    dest = Path(args.dest).resolve()
    try:
        ecrits = creer(dest, args.nom or "", args.insee or "")
    except Refus as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    print(f"Projet de {args.nom.strip()} créé dans {dest} ({len(ecrits)} fichiers).")
    print(f"Ensuite : cd {dest} && git init && make site (le fichier README.md explique la suite).")
    return 0


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("nouvelle-commune", help="créer le projet du site d'une autre commune")
    p.add_argument("--dest", default=None, help="dossier du nouveau projet (vide ou inexistant)")
    p.add_argument("--nom", default=None, help="nom de la commune, ex. Villeneuve-d'Ascq")
    p.add_argument("--insee", default=None, help="code INSEE de la commune, ex. 59009")
    p.set_defaults(func=cmd_nouvelle_commune)
