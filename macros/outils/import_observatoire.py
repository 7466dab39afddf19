"""``make import-observatoire`` and ``contours-commune``: partners' records imported into
``data/observatoire/releves/`` (all files or none), the commune's outline vendored."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from macros.lecture import zones
from macros.lecture.erreurs import Collecteur, SourcesInvalides
from macros.lecture.releves import DonneesLocales, Releve, Vocabulaire, fusionner, lire_fichier_releves
from macros.outils.date_build import date_ou_message


def importer(racine: Path, fichiers: list[Path], aujourdhui: date) -> tuple[list[str], list[str]]:
    """(report lines, problems). Nothing is written when there is any problem."""
    from macros.lecture.sources import charger_corpus

    corpus = charger_corpus(racine)  # SourcesInvalides: the project must be valid first
    donnees: DonneesLocales = corpus.observatoire
    vocab = Vocabulaire.de(donnees, corpus.acteurs)
    col = Collecteur()
    nouveaux: list[Releve] = []
    lus: dict[str, int] = {}
    for f in fichiers:
        nom = str(f)
        r = lire_fichier_releves(f, nom, vocab, aujourdhui, col)
        if r is None:
            continue
        lus[nom] = len(r)
        nouveaux += r
    if col.problemes:
        return [], [str(p) for p in SourcesInvalides(col.problemes).problemes]
    if not nouveaux:
        return ["Aucun relevé dans ces fichiers : rien n'a été importé."], []
    contenus = fusionner(donnees.releves, nouveaux)
    rapport = [
        f"{nom} : {n} ligne{'s' if n > 1 else ''} de relevé lue{'s' if n > 1 else ''}." for nom, n in lus.items()
    ]
    a_ecrire = {}
    for rel, contenu in contenus.items():
        chemin = racine / rel
        ancien = chemin.read_bytes() if chemin.is_file() else None
        if contenu == (ancien or b""):
            rapport.append(f"  {rel} : inchangé.")
            continue
        a_ecrire[rel] = contenu
        etat = "créé" if ancien is None else ("supprimé (plus aucun fait)" if not contenu else "mis à jour")
        nb = contenu.count(b"\n") - 1 if contenu else 0
        rapport.append(f"  {rel} : {etat}" + (f", {nb} ligne{'s' if nb > 1 else ''}." if contenu else "."))
    # All or nothing: every file written beside its target first, then renamed into place.
    temporaires = []
    try:
        for rel, contenu in a_ecrire.items():
            if not contenu:
                continue
            cible = racine / rel
            cible.parent.mkdir(parents=True, exist_ok=True)
            tmp = cible.with_name(f".{cible.name}.{os.getpid()}.tmp")
            tmp.write_bytes(contenu)
            temporaires.append((tmp, cible))
    except OSError as exc:
        for tmp, _ in temporaires:
            tmp.unlink(missing_ok=True)
        return [], [f"écriture impossible ({exc.strerror}) : aucun relevé importé"]
    for tmp, cible in temporaires:
        os.replace(tmp, cible)
    for rel, contenu in a_ecrire.items():
        if not contenu:
            (racine / rel).unlink(missing_ok=True)
    if not a_ecrire:
        rapport.append("Rien n'a changé : ces relevés étaient déjà importés.")
    else:
        rapport.append(
            "Relevés importés. Vérifiez avec « make check », puis enregistrez dans git : "
            "ces données ne paraissent que sur l'intranet."
        )
    return rapport, []


MAX_PROBLEMES = 60


def cmd_import(args: argparse.Namespace) -> int:
    if not args.fichiers:
        print("Indiquez le fichier à importer : make import-observatoire FICHIER=releve.csv", file=sys.stderr)
        return 2
    aujourdhui = date_ou_message()
    if aujourdhui is None:
        return 2
    try:
        rapport, problemes = importer(args.racine, [Path(f) for f in args.fichiers], aujourdhui)
    except SourcesInvalides as exc:
        print(exc.rapport(), file=sys.stderr)
        print("Import impossible : corrigez d'abord les sources du projet (make check).", file=sys.stderr)
        return 1
    if problemes:
        n = len(problemes)
        print(f"{n} problème{'s' if n > 1 else ''} dans le relevé :", file=sys.stderr)
        for p in problemes[:MAX_PROBLEMES]:
            print(f"  {p}", file=sys.stderr)
        if n > MAX_PROBLEMES:
            print(f"  … et {n - MAX_PROBLEMES} autres.", file=sys.stderr)
        print("Aucun relevé importé : corrigez le fichier puis relancez l'import.", file=sys.stderr)
        return 1
    print("\n".join(rapport))
    return 0


def cmd_contours(args: argparse.Namespace) -> int:
    from macros.lecture.sources import charger_commune

    col = Collecteur()
    commune = charger_commune(args.racine, col)
    if commune is None:
        print("\n".join(str(p) for p in col.problemes) or "data/commune.yml invalide", file=sys.stderr)
        return 1
    try:
        contenu = zones.extraire_contours(Path(args.source), commune.insee)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(
            f"{args.source} : contours illisibles ou commune {commune.insee} absente ({type(exc).__name__})",
            file=sys.stderr,
        )
        return 1
    cible = args.racine / zones.CONTOURS
    cible.parent.mkdir(parents=True, exist_ok=True)
    cible.write_bytes(contenu)
    print(f"{zones.CONTOURS} : contour de {commune.nom} et de ses voisines écrit ({len(contenu)} octets).")
    return 0


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import-observatoire", help="importer les relevés d'un partenaire (CSV, ODS ou XLSX)")
    p.add_argument("fichiers", nargs="*", help="fichier(s) .csv, .ods ou .xlsx au format des relevés")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("contours-commune", help="extraire le contour de la commune et de ses voisines")
    p.add_argument("--source", required=True, help="fichier GeoJSON des communes du département")
    p.set_defaults(func=cmd_contours)
