"""Command line for the coordinator: ``python -m macros <commande>``.

check                    validate every source, report every problem (file:line: message)
site                     build both editions atomically into site/public and site/intranet
nouvelle-fiche           create a fiche from the template (next free id)
nouveau-compte-rendu     create a CLSPD minute from the template (today's date)
rapport                  the annual report of a year as a PDF (headless Chromium)
campagne                 write one progress-report spreadsheet per actor (campagne/)
import-campagne          read a returned spreadsheet into the fiches' front matter
import-ssmsi             import the official crime figures (SSMSI) into data/ssmsi/
import-observatoire      import a partner's records (CSV/ODS/XLSX) into data/observatoire/releves/
contours-commune         vendor the commune's outline and its neighbours' into data/geo/
serveur                  loopback preview with nginx (or --production: the config file)
compte NOM               create, replace (or --supprimer) a partner's intranet account
publier --dest DIR       build, copy into DIR/versions/, switch DIR/public, DIR/intranet
revenir --dest DIR       switch back to the version published before the one online
nouvelle-commune         a new commune's project (engine + skeleton content), ready to build
paquet-moteur            the engine's versioned release archive, into dist/
mise-a-jour-moteur SRC   install a newer engine (archive or checkout); refuses edited engine files
verifier-moteur          list the engine files edited since moteur.lock
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import time
from pathlib import Path

from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.outils import construction, preparation

# The other commands' modules, imported only when one of them runs or is listed (--help):
# `python -m macros site`, which `make site` and CI run, and `check` need none of them (their
# imports, spreadsheet, web server and archive libraries among them, cost 0.05 s).
OUTILS = (
    "gabarits",
    "rapport",
    "campagne",
    "import_campagne",
    "import_ssmsi",
    "import_observatoire",
    "commandes_serveur",
    "nouvelle_commune",
    "version_moteur",
)
LEGERES = ("check", "site")

RACINE = Path(__file__).resolve().parents[2]


def cmd_check(args: argparse.Namespace) -> int:
    debut = time.perf_counter()
    try:
        corpus = charger_corpus(args.racine)
    except SourcesInvalides as exc:
        print(exc.rapport(), file=sys.stderr)
        return 1
    duree = time.perf_counter() - debut
    print(
        f"Sources valides : {len(corpus.fiches)} fiches, {len(corpus.acteurs)} acteurs, "
        f"{len(corpus.comptes_rendus)} comptes rendus, {len(corpus.pages)} pages "
        f"({duree:.2f} s)."
    )
    return preparation.avertir(corpus)


def _commande(argv: list[str]) -> str | None:
    """The command named in ``argv`` (None: none, or only options such as --help)."""
    premier = argparse.ArgumentParser(add_help=False)
    premier.add_argument("--racine")
    premier.add_argument("commande", nargs="?")
    try:
        connus, _ = premier.parse_known_args(argv)
    except SystemExit:  # a malformed line: the full parser words the error
        return None
    return connus.commande


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = argparse.ArgumentParser(prog="python -m macros", description="Outils du site STSPD.")
    parser.add_argument("--racine", type=Path, default=Path.cwd(), help="dossier du projet")
    sub = parser.add_subparsers(dest="commande", required=True)
    sub.add_parser("check", help="valider les sources sans construire le site").set_defaults(func=cmd_check)
    p = sub.add_parser("site", help="construire les deux éditions")
    p.add_argument("--sortie", type=Path, default=None, help="dossier de sortie (défaut : site/)")
    p.add_argument("--verbeux", action="store_true", help="afficher les messages de MkDocs")
    p.set_defaults(func=construction.cmd_site)
    if _commande(argv) not in LEGERES:
        for nom in OUTILS:
            importlib.import_module(f"macros.outils.{nom}").ajouter_commandes(sub)
    args = parser.parse_args(argv)
    if args.func is not construction.cmd_site:
        gc.enable()  # off while imported (macros/__main__.py); `site` turns it on in its children
    args.racine = args.racine.resolve()
    if getattr(args, "sortie", "absent") is None:
        args.sortie = args.racine / "site"
    return args.func(args)
