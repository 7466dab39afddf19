"""``make site``: both editions built into a temporary folder, swapped in only if both succeed."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from macros.lecture.erreurs import ErreurSite
from macros.outils import preparation as preparation_

EDITIONS = ("public", "intranet")


def cmd_site(args: argparse.Namespace) -> int:
    """Build both editions in a temporary folder; replace site/ only if both succeed."""
    racine: Path = args.racine
    sortie: Path = args.sortie
    # The sources are loaded in a child process while this one imports the engine, on the
    # other core (outils/preparation.py). That child also prepares the intranet edition (its
    # generated pages and files), the longer build of the two (it holds every page of the
    # public one): the public edition's build computes its own, while the intranet's runs.
    preparation = preparation_.lancer(racine, ("intranet",))
    moteur_absent: ErreurSite | None = None
    try:
        try:
            charger_moteur(racine)
        except ErreurSite as exc:  # the engine asked for (STSPD_MOTEUR) is unknown or missing
            moteur_absent = exc
        prepare = preparation.resultat()  # the sources' problems are printed first, as before
    finally:
        preparation.arreter()
    if prepare is None or moteur_absent is not None:
        if moteur_absent is not None and prepare is not None:
            print(moteur_absent, file=sys.stderr)
        print("Site non construit : le site existant est conservé.", file=sys.stderr)
        return 1
    sortie.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-tmp-", dir=sortie.parent))
    try:
        try:
            # The editions the previous build replaced are deleted while the new ones build
            # (the parent only waits then): deleting an edition's 200 files can take 0.2 to
            # 1 s of disk waits here, no longer spent at the end of the build (issue 12).
            resultats = construire_editions(
                racine,
                prepare.corpus,
                prepare.aujourdhui,
                {ed: tmp / ed for ed in EDITIONS},
                pendant=lambda: _effacer([_ancienne(sortie / ed) for ed in EDITIONS]),
                generes=prepare.generes,
            )
        except ErreurSite as exc:  # the engine asked for (STSPD_MOTEUR) is unknown or missing
            print(exc, file=sys.stderr)
            print("Site non construit : le site existant est conservé.", file=sys.stderr)
            return 1
        echec = False
        for edition, r in resultats.items():
            lignes = _messages_utiles(r.sortie, tout=args.verbeux)
            if r.code != 0:
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
        for edition in EDITIONS:
            _remplacer(tmp / edition, sortie / edition)
        print(f"Site construit : {sortie / 'public'} et {sortie / 'intranet'}.")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def charger_moteur(racine: Path) -> None:
    """Import the engine, the theme, the plugins and our modules (macros/moteur/construction.py),
    which is imported here only: ``python -m macros check`` never loads MkDocs."""
    from macros.moteur.construction import precharger

    precharger(racine)


def construire_editions(racine: Path, corpus, aujourdhui, destinations: dict[str, Path], pendant=None, generes=None):
    """The editions built from ``corpus`` by the engine (macros/moteur/construction.py)."""
    from macros.moteur.construction import construire

    return construire(racine, corpus, aujourdhui, destinations, pendant=pendant, generes=generes)


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


def _ancienne(cible: Path) -> Path:
    """Where an edition goes once replaced (``site/.public.ancien``), until the next build."""
    return cible.with_name(f".{cible.name}.ancien")


def _effacer(dossiers: list[Path]) -> None:
    for dossier in dossiers:
        shutil.rmtree(dossier, ignore_errors=True)


def _remplacer(nouveau: Path, cible: Path) -> None:
    """Swap a freshly built edition in place of the old one with renames; the old one is
    deleted by the next build while it runs, and is never served (the server and ``make publier``
    read ``site/public`` and ``site/intranet`` only)."""
    ancien = _ancienne(cible)
    _effacer([ancien])  # left by a build interrupted before its clean-up: gone before the swap
    if cible.exists():
        cible.rename(ancien)
    nouveau.rename(cible)
