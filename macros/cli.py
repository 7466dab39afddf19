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
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import campagne, import_campagne, rapport, releves, scaffold, ssmsi_import
from . import cli_serveur as commandes_serveur
from .errors import SourcesInvalides
from .load import charger_corpus

RACINE = Path(__file__).resolve().parent.parent
CONFIGS = {"public": "mkdocs.yml", "intranet": "mkdocs.intranet.yml"}


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
    return _avertir(corpus)


def _avertir(corpus) -> int:
    """Print what time made stale (a past meeting still « à venir »): warnings, exit 0."""
    from . import adapter, calendrier

    try:
        aujourdhui = adapter.date_du_build()
    except adapter.ErreurSite as exc:
        print(exc, file=sys.stderr)
        return 1
    avertissements = calendrier.avertissements(corpus.racine, corpus.reunions, corpus.comptes_rendus, aujourdhui)
    for a in avertissements:
        print(f"Attention : {a}", file=sys.stderr)
    return 0


def _commande_edition(racine: Path, edition: str, dest: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean",
            "-f", str(racine / CONFIGS[edition]), "-d", str(dest)]


def cmd_site(args: argparse.Namespace) -> int:
    """Build both editions in a temporary folder; replace site/ only if both succeed."""
    racine: Path = args.racine
    sortie: Path = args.sortie
    sortie.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-tmp-", dir=sortie.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    procs: dict[str, subprocess.Popen] = {}
    try:
        # Both editions start now; meanwhile the sources are checked here, once, so that a
        # problem is reported with every problem listed (and the editions are stopped).
        # Checking first, then starting them, cost every build ~0.25 s (bench/, issue #8).
        for edition in CONFIGS:
            procs[edition] = subprocess.Popen(
                _commande_edition(racine, edition, tmp / edition), cwd=racine, env=env,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            corpus = charger_corpus(racine)
        except SourcesInvalides as exc:
            print(exc.rapport(), file=sys.stderr)
            print("Site non construit : le site existant est conservé.", file=sys.stderr)
            return 1
        if _avertir(corpus):
            return 1
        sortie.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            sorties = dict(zip(procs, pool.map(lambda p: p.communicate()[0], procs.values())))
        resultats = {ed: (procs[ed].returncode, sorties[ed]) for ed in procs}
        echec = False
        for edition, (code, sortie_texte) in resultats.items():
            lignes = _messages_utiles(sortie_texte, tout=args.verbeux)
            if code != 0:
                echec = True
                print(f"Édition {edition} : échec de la construction.", file=sys.stderr)
                for l in lignes:
                    print(f"  {l}", file=sys.stderr)
            elif args.verbeux:
                for l in lignes:
                    print(f"  [{edition}] {l}")
        if echec:
            print("Site non construit : le site existant est conservé.", file=sys.stderr)
            return 1
        for edition in CONFIGS:
            _remplacer(tmp / edition, sortie / edition)
        print(f"Site construit : {sortie / 'public'} et {sortie / 'intranet'}.")
        return 0
    finally:
        for p in procs.values():  # stopped if still running (invalid sources, interruption)
            if p.poll() is None:
                p.kill()
                p.wait()
            if p.stdout is not None and not p.stdout.closed:
                p.stdout.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _messages_utiles(texte: str, tout: bool = False) -> list[str]:
    """MkDocs output without its INFO blocks (and their continuation lines)."""
    garder, lignes = True, []
    for ligne in texte.splitlines():
        if not ligne.strip():
            continue
        niveau = ligne.split(" ", 1)[0]
        if niveau in ("INFO", "DEBUG", "WARNING", "ERROR"):
            garder = tout or niveau in ("WARNING", "ERROR")
        elif ligne.startswith("Aborted"):
            garder = True
        if garder:
            lignes.append(ligne)
    return lignes


def _remplacer(nouveau: Path, cible: Path) -> None:
    """Swap a freshly built edition in place of the old one with renames."""
    ancien = cible.with_name(f".{cible.name}.ancien")
    shutil.rmtree(ancien, ignore_errors=True)
    if cible.exists():
        cible.rename(ancien)
    nouveau.rename(cible)
    shutil.rmtree(ancien, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros", description="Outils du site STSPD.")
    parser.add_argument("--racine", type=Path, default=Path.cwd(), help="dossier du projet")
    sub = parser.add_subparsers(dest="commande", required=True)
    sub.add_parser("check", help="valider les sources sans construire le site").set_defaults(func=cmd_check)
    p = sub.add_parser("site", help="construire les deux éditions")
    p.add_argument("--sortie", type=Path, default=None, help="dossier de sortie (défaut : site/)")
    p.add_argument("--verbeux", action="store_true", help="afficher les messages de MkDocs")
    p.set_defaults(func=cmd_site)
    scaffold.ajouter_commandes(sub)
    rapport.ajouter_commandes(sub)
    campagne.ajouter_commandes(sub)
    import_campagne.ajouter_commandes(sub)
    ssmsi_import.ajouter_commandes(sub)
    releves.ajouter_commandes(sub)
    commandes_serveur.ajouter_commandes(sub)
    args = parser.parse_args(argv)
    args.racine = args.racine.resolve()
    if getattr(args, "sortie", "absent") is None:
        args.sortie = args.racine / "site"
    return args.func(args)
