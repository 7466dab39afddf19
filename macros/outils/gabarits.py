"""Scaffolding for the coordinator: a new fiche or a new minute from a template.

The new file gets the required fields, the next free id (fiche) or today's date (minute),
and is never written over an existing file.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import sys
import unicodedata
from pathlib import Path

from macros.domaine.modele import INSTANCES, _vocabulaire
from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import COMPTES_RENDUS_DIR, FICHES_DIR, charger_corpus

MODELES = Path(__file__).resolve().parent / "modeles"


def slugifier(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.lower())
    texte = "".join(c for c in texte if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", texte).strip("-") or "nouvelle-fiche"


def prochain_id(racine: Path, axe: int) -> str:
    """Next free number in the axis, from the files themselves (even invalid ones)."""
    numeros = [0]
    for chemin in (racine / FICHES_DIR).glob(f"{axe}.*.md"):
        m = re.match(rf"^{axe}\.(\d+)", chemin.name)
        if m:
            numeros.append(int(m[1]))
    try:
        corpus = charger_corpus(racine)
        numeros += [f.numero[1] for f in corpus.fiches if f.axe == axe]
    except SourcesInvalides:
        pass  # a broken fiche elsewhere must not prevent creating a new one
    return f"{axe}.{max(numeros) + 1}"


def creer(chemin: Path, contenu: str) -> int:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    try:
        with chemin.open("x", encoding="utf-8", newline="\n") as fichier:
            fichier.write(contenu)
    except FileExistsError:
        print(f"{chemin} existe déjà : rien n'a été écrit (choisissez un autre nom).", file=sys.stderr)
        return 1
    print(f"Créé : {chemin}")
    return 0


def cmd_fiche(args: argparse.Namespace) -> int:
    racine: Path = args.racine
    ident = prochain_id(racine, args.axe)
    numero = int(ident.split(".")[1])
    nom = f"{args.axe}.{numero:02d}-{slugifier(args.slug)}.md"
    contenu = (MODELES / "fiche.md").read_text(encoding="utf-8").format(id=ident, axe=args.axe)
    code = creer(racine / FICHES_DIR / nom, contenu)
    if code == 0:
        print(f"Fiche {ident} : complétez le titre, l'objectif, le pilote et l'échéance, puis lancez « make check ».")
    return code


def cmd_compte_rendu(args: argparse.Namespace) -> int:
    racine: Path = args.racine
    instance = _vocabulaire(args.instance)
    if instance not in INSTANCES:
        print(f"instance « {args.instance} » inconnue — valeurs possibles : {', '.join(INSTANCES)}", file=sys.stderr)
        return 2
    jour = args.date or _dt.date.today().isoformat()
    try:
        _dt.date.fromisoformat(jour)
    except ValueError:
        print(f"date « {jour} » invalide — format AAAA-MM-JJ attendu", file=sys.stderr)
        return 2
    contenu = (MODELES / "compte-rendu.md").read_text(encoding="utf-8").format(date=jour, instance=instance)
    return creer(racine / COMPTES_RENDUS_DIR / f"{jour}-{instance}.md", contenu)


def _axe(valeur: str) -> int:
    if not valeur.isdigit() or int(valeur) < 1:
        raise argparse.ArgumentTypeError(f"« {valeur} » : numéro d'axe attendu (1, 2 ou 3)")
    return int(valeur)


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("nouvelle-fiche", help="créer une fiche à partir du modèle")
    p.add_argument("--axe", type=_axe, default=1, help="numéro de l'axe (défaut : 1)")
    p.add_argument("--slug", default="nouvelle-fiche", help="fin du nom de fichier, ex. videoprotection")
    p.set_defaults(func=cmd_fiche)
    p = sub.add_parser("nouveau-compte-rendu", help="créer un compte rendu à partir du modèle")
    p.add_argument("--instance", default="cellule-de-veille", help="instance (défaut : cellule-de-veille)")
    p.add_argument("--date", default=None, help="date de la réunion AAAA-MM-JJ (défaut : aujourd'hui)")
    p.set_defaults(func=cmd_compte_rendu)
