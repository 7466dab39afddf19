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
import sys
import time
from pathlib import Path

from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.outils import (
    campagne,
    commandes_serveur,
    construction,
    import_campagne,
    import_observatoire,
    nouvelle_commune,
    rapport,
    version_moteur,
)
from macros.outils import gabarits as scaffold
from macros.outils import import_ssmsi as ssmsi_import

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
    return construction.avertir(corpus)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Outils du site STSPD.")
    parser.add_argument("--racine", type=Path, default=Path.cwd(), help="dossier du projet")
    sub = parser.add_subparsers(dest="commande", required=True)
    sub.add_parser("check", help="valider les sources sans construire le site").set_defaults(func=cmd_check)
    p = sub.add_parser("site", help="construire les deux éditions")
    p.add_argument("--sortie", type=Path, default=None, help="dossier de sortie (défaut : site/)")
    p.add_argument("--verbeux", action="store_true", help="afficher les messages de MkDocs")
    p.set_defaults(func=construction.cmd_site)
    scaffold.ajouter_commandes(sub)
    rapport.ajouter_commandes(sub)
    campagne.ajouter_commandes(sub)
    import_campagne.ajouter_commandes(sub)
    ssmsi_import.ajouter_commandes(sub)
    import_observatoire.ajouter_commandes(sub)
    commandes_serveur.ajouter_commandes(sub)
    nouvelle_commune.ajouter_commandes(sub)
    version_moteur.ajouter_commandes(sub)
    args = parser.parse_args(argv)
    args.racine = args.racine.resolve()
    if getattr(args, "sortie", "absent") is None:
        args.sortie = args.racine / "site"
    return args.func(args)
