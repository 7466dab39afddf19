"""``make rapport ANNEE=… [EDITION=intranet]``: the annual report as a PDF.

The PDF is the printable page of the report (``suivi/bilan-AAAA/imprimer/``) printed by
headless Chromium, the same browser the tests drive, so the PDF is exactly what a reader
gets with « Imprimer » in a browser: same print styles, same page breaks, same charts.

How:
1. the sources are checked and the year is looked up (a year without a report is refused
   with the list of those that have one);
2. the chosen edition is built from those sources into a temporary folder (as ``make site``
   does, macros/moteur/construction.py), unless ``--site`` names an edition already built;
3. that folder is served on the loopback interface (127.0.0.1, a free port, for the
   duration of the print only) and Chromium prints the page to PDF.

Why a loopback server rather than ``file://``: the pages are written for a web server
(directory URLs, a Content Security Policy whose ``'self'`` is an HTTP origin, a search
worker), and Chromium treats every ``file://`` page as an opaque origin; over HTTP the page
prints exactly as the site serves it. Nothing leaves the machine: the server listens on
127.0.0.1 only and Chromium runs with its network services disabled.

Which edition: the public one by default (a PDF is easily forwarded); ``--edition intranet``
prints the partners' edition, whose file name says so (``bilan-2018-intranet.pdf``) and
whose first page says it is not to be circulated.

Written to ``rapports/`` (ignored by git) unless ``--dossier`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from macros.domaine.editions import EDITIONS, Edition
from macros.lecture.erreurs import ErreurSite, SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.outils import http_local
from macros.rendu import bilan

DOSSIER = "rapports"
CHROMIUM = os.environ.get("STSPD_CHROMIUM", "/usr/bin/chromium")
ARGUMENTS_CHROMIUM = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-pdf-header-footer",
]
DELAI_CHROMIUM = 120  # seconds; a 30-page report prints in a few seconds


class ErreurRapport(Exception):
    """A user error: shown as is, in French, without traceback."""


def nom_fichier(annee: int, edition: str) -> str:
    return f"bilan-{annee}.pdf" if edition == "public" else f"bilan-{annee}-{edition}.pdf"


def nombre_de_pages(pdf: bytes) -> int:
    """Pages of a PDF, counted from its page objects (``/Type /Page``, not ``/Pages``).
    Enough for the PDF Chromium writes (uncompressed object dictionaries); no PDF library."""
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def imprimer(site: Path, chemin_page: str, cible: Path, chromium: str = CHROMIUM) -> bytes:
    """Print the page ``chemin_page`` (site-relative URL) of the built site ``site`` to
    ``cible`` with headless Chromium; returns the PDF's bytes."""
    if not (shutil.which(chromium) or Path(chromium).is_file()):
        raise ErreurRapport(
            f"Chromium introuvable ({chromium}) : installez le paquet « chromium » "
            "(apt-get install chromium) ou indiquez son chemin dans STSPD_CHROMIUM."
        )
    if not (site / chemin_page / "index.html").is_file():
        raise ErreurRapport(f"page introuvable dans le site construit : {site / chemin_page}")
    with tempfile.TemporaryDirectory(prefix="stspd-chromium-") as profil, http_local.servir(site) as base:
        tmp = Path(profil) / "rapport.pdf"
        commande = [
            chromium,
            *ARGUMENTS_CHROMIUM,
            f"--user-data-dir={profil}",
            f"--print-to-pdf={tmp}",
            base + chemin_page,
        ]
        try:
            proc = subprocess.run(commande, capture_output=True, text=True, timeout=DELAI_CHROMIUM)
        except subprocess.TimeoutExpired:
            raise ErreurRapport(f"Chromium n'a pas produit le PDF en {DELAI_CHROMIUM} s.") from None
        if not tmp.is_file() or not tmp.read_bytes().startswith(b"%PDF-"):
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
            raise ErreurRapport(
                "Chromium n'a pas produit de PDF (code "
                + str(proc.returncode)
                + ")"
                + ("".join("\n  " + ligne for ligne in detail))
            )
        contenu = tmp.read_bytes()
    cible.parent.mkdir(parents=True, exist_ok=True)
    partiel = cible.with_name(f".{cible.name}.{os.getpid()}.tmp")
    partiel.write_bytes(contenu)
    os.replace(partiel, cible)  # a reader never opens half a PDF
    return contenu


def _construire(racine: Path, corpus, aujourdhui, edition: str, dest: Path) -> None:
    """The edition built from the corpus already loaded (macros/moteur/construction.py)."""
    from macros.outils.construction import _messages_utiles, construire_editions

    try:
        r = construire_editions(racine, corpus, aujourdhui, {edition: dest})[edition]
    except ErreurSite as exc:  # the engine asked for (STSPD_MOTEUR) is unknown or missing
        raise ErreurRapport(str(exc)) from None
    if r.code != 0:
        lignes = _messages_utiles(r.sortie)
        raise ErreurRapport(
            f"Édition {edition} : échec de la construction.\n" + "\n".join(f"  {ligne}" for ligne in lignes)
        )


def _verifier_edition(html: Path, edition: str) -> None:
    """A site given with ``--site`` must be of the edition asked for: an intranet site printed
    under the public file name would pass partners' information off as public."""
    if not html.is_file():
        raise ErreurRapport(f"page introuvable dans le site construit : {html}")
    intranet = bilan.DEBUT_MENTION_INTRANET in html.read_text(encoding="utf-8")
    if intranet != (edition == "intranet"):
        autre = "intranet" if intranet else "public"
        raise ErreurRapport(
            f"le site {html.parents[3]} est l'édition {autre}, pas l'édition {edition} : "
            f"indiquez --edition {autre}, ou un site de l'édition {edition}."
        )


def cmd_rapport(args: argparse.Namespace) -> int:
    try:
        chemin = produire(args.racine, args.annee, args.edition, args.dossier, args.site)
    except ErreurRapport as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0 if chemin else 1


def produire(
    racine: Path, annee_texte: str | None, edition: str, sortie: Path | None, site: Path | None = None
) -> Path | None:
    if edition not in EDITIONS:
        raise ErreurRapport(f"EDITION=« {edition} » inconnue : public (par défaut) ou intranet.")
    if not annee_texte or not re.fullmatch(r"\d{4}", annee_texte.strip()):
        raise ErreurRapport(
            f"ANNEE=« {annee_texte or ''} » : indiquez l'année du bilan sur quatre chiffres, "
            "ex. make rapport ANNEE=2018"
        )
    annee = int(annee_texte)
    try:
        corpus = charger_corpus(racine)
    except SourcesInvalides as exc:
        print(exc.rapport(), file=sys.stderr)
        print("Rapport non produit : corrigez d'abord les sources.", file=sys.stderr)
        return None
    from macros.moteur.etat import date_du_build

    try:
        aujourdhui = date_du_build()
    except ErreurSite as exc:
        raise ErreurRapport(str(exc)) from None
    disponibles = bilan.annees(corpus, Edition(edition, corpus), aujourdhui)
    if annee not in disponibles:
        liste = ", ".join(map(str, disponibles)) or "aucune"
        raise ErreurRapport(
            f"aucun bilan pour {annee} dans l'édition {edition} : aucune entrée de journal ni "
            f"valeur d'indicateur de cette année n'y figure. Années disponibles : {liste}."
        )
    cible = (sortie or racine / DOSSIER) / nom_fichier(annee, edition)
    page = bilan.src_imprimable(annee).removesuffix("index.md")
    if site is not None:
        _verifier_edition(site / page / "index.html", edition)
        contenu = imprimer(site, page, cible)
    else:
        with tempfile.TemporaryDirectory(prefix="stspd-rapport-") as tmp:
            print(f"Construction de l'édition {edition}…", file=sys.stderr)
            _construire(racine, corpus, aujourdhui, edition, Path(tmp) / "site")
            contenu = imprimer(Path(tmp) / "site", page, cible)
    print(f"Rapport {annee} ({edition}) : {cible} — {nombre_de_pages(contenu)} pages, {len(contenu) // 1024} Kio.")
    return cible


def ajouter_commandes(sub) -> None:
    p = sub.add_parser("rapport", help="le bilan annuel en PDF (version imprimable, Chromium)")
    p.add_argument("--annee", default=None, help="année du bilan (AAAA)")
    p.add_argument("--edition", default="public", help="public (par défaut) ou intranet")
    p.add_argument("--dossier", type=Path, default=None, help=f"dossier du PDF (défaut : {DOSSIER}/)")
    p.add_argument(
        "--site",
        type=Path,
        default=None,
        help="édition déjà construite à utiliser (défaut : construite pour l'occasion)",
    )
    p.set_defaults(func=cmd_rapport)
