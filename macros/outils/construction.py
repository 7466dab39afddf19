"""``make site``: both editions built into a temporary folder, swapped in only if both succeed."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus

CONFIGS = {"public": "mkdocs.yml", "intranet": "mkdocs.intranet.yml"}


def avertir(corpus) -> int:
    """Print what time made stale (a past meeting still « à venir »): warnings, exit 0."""
    from macros.lecture import reunions
    from macros.moteur import etat as adapter

    try:
        aujourdhui = adapter.date_du_build()
    except adapter.ErreurSite as exc:
        print(exc, file=sys.stderr)
        return 1
    avertissements = reunions.avertissements(corpus.racine, corpus.reunions, corpus.comptes_rendus, aujourdhui)
    for a in avertissements:
        print(f"Attention : {a}", file=sys.stderr)
    return 0


def _commande_edition(racine: Path, edition: str, dest: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--clean",
        "-f",
        str(racine / CONFIGS[edition]),
        "-d",
        str(dest),
    ]


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
                _commande_edition(racine, edition, tmp / edition),
                cwd=racine,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            corpus = charger_corpus(racine)
        except SourcesInvalides as exc:
            print(exc.rapport(), file=sys.stderr)
            print("Site non construit : le site existant est conservé.", file=sys.stderr)
            return 1
        if avertir(corpus):
            return 1
        sortie.mkdir(parents=True, exist_ok=True)
        with ThreadPoolExecutor(max_workers=2) as pool:
            sorties = dict(zip(procs, pool.map(lambda p: p.communicate()[0], procs.values()), strict=True))
        resultats = {ed: (procs[ed].returncode, sorties[ed]) for ed in procs}
        echec = False
        for edition, (code, sortie_texte) in resultats.items():
            lignes = _messages_utiles(sortie_texte, tout=args.verbeux)
            if code != 0:
                echec = True
                print(f"Édition {edition} : échec de la construction.", file=sys.stderr)
                for ligne in lignes:
                    print(f"  {ligne}", file=sys.stderr)
            elif args.verbeux:
                for ligne in lignes:
                    print(f"  [{edition}] {ligne}")
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
