"""What the engine guarantees to this commune's site, whatever its content.

One copy of the project, with sentinels added (an intranet page, an intranet block, an
intranet fiche, a title carrying HTML), is built once in both editions; every test reads
that build. Written by `make nouvelle-commune`: adapt it freely, it belongs to the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

RACINE = Path(__file__).resolve().parent.parent
A_COPIER = ["data", "fiches", "docs", "macros", "overrides", "mkdocs.yml", "mkdocs.intranet.yml"]
SECRET = "SENTINELLE-INTRANET-7f3a"  # must never reach the public edition
TITRE_PIEGE = '<script>alert("titre")</script> Fiche <b>piège</b>'


def _ecrire(chemin: Path, texte: str) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(texte, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> dict[str, Path]:
    racine = tmp_path_factory.mktemp("site")
    projet = racine / "projet"
    for nom in A_COPIER:
        src = RACINE / nom
        if src.is_dir():
            shutil.copytree(src, projet / nom, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, projet / nom)
    _ecrire(
        projet / "docs/sentinelle.md",
        f"---\nvisibilite: intranet\n---\n\n# Page réservée\n\n{SECRET} page\n",
    )
    accueil = projet / "docs/index.md"
    accueil.write_text(
        accueil.read_text(encoding="utf-8") + f'\n!!! intranet "Réservé"\n    {SECRET} bloc\n', encoding="utf-8"
    )
    exemple = sorted((projet / "fiches").glob("1.*.md"))[0].read_text(encoding="utf-8")
    _ecrire(
        projet / "fiches/1.90-sentinelle.md",
        exemple.replace('id: "1.1"', 'id: "1.90"')
        .replace("visibilite: public", "visibilite: intranet")
        .replace("## Éléments de contexte", f"{SECRET} fiche\n\n## Éléments de contexte", 1),
    )
    _ecrire(
        projet / "fiches/1.91-piege.md",
        exemple.replace('id: "1.1"', 'id: "1.91"').replace(
            "titre: Exemple", f"titre: '{TITRE_PIEGE}'\n# titre d'origine : Exemple", 1
        ),
    )
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(projet))
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "--racine", str(projet), "site", "--sortie", str(racine / "site")],
        cwd=projet,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"public": racine / "site/public", "intranet": racine / "site/intranet"}


def _fichiers(dossier: Path):
    for p in sorted(dossier.rglob("*")):
        if p.is_file():
            yield p, p.read_bytes().decode("utf-8", errors="replace")


def test_both_editions_have_their_pages(site):
    for edition in ("public", "intranet"):
        for page in ("index.html", "strategie/programme/index.html", "suivi/index.html", "charte/index.html"):
            assert (site[edition] / page).is_file(), f"{edition}: {page}"


def test_nothing_of_the_intranet_reaches_any_public_file(site):
    fuites = [str(p.relative_to(site["public"])) for p, texte in _fichiers(site["public"]) if SECRET in texte]
    assert not fuites, f"texte réservé à l'intranet dans l'édition publique : {fuites}"
    assert not (site["public"] / "sentinelle").exists()


def test_the_intranet_has_its_page_block_and_fiche(site):
    textes = "\n".join(t for _, t in _fichiers(site["intranet"]))
    for quoi in ("page", "bloc", "fiche"):
        assert f"{SECRET} {quoi}" in textes, quoi


def test_titles_are_escaped_everywhere(site):
    for edition in ("public", "intranet"):
        for p, texte in _fichiers(site[edition]):
            if p.suffix in (".html", ".xml", ".json", ".svg", ".csv"):
                assert '<script>alert("titre")' not in texte, f"{edition}: {p.relative_to(site[edition])}"
        programme = (site[edition] / "strategie/programme/index.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert" in programme, edition


def test_the_profile_names_the_site(site):
    commune = yaml.safe_load((RACINE / "data/commune.yml").read_text(encoding="utf-8"))
    accueil = (site["public"] / "index.html").read_text(encoding="utf-8")
    assert commune["nom"] in accueil
    intranet = (site["intranet"] / "index.html").read_text(encoding="utf-8")
    assert "intranet" in intranet.lower()


def test_no_inline_script_in_any_page(site):
    from macros.domaine import securite

    for edition in ("public", "intranet"):
        for p in site[edition].rglob("*.html"):
            probleme = securite.markup_executable(p.read_text(encoding="utf-8"))
            assert not probleme, f"{edition}: {p.relative_to(site[edition])}: {probleme}"


def test_the_sources_are_valid():
    env = dict(os.environ, PYTHONPATH=str(RACINE))
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "--racine", str(RACINE), "check"], env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


class _Chargements(HTMLParser):
    """What a browser fetches by itself from a page: scripts, images, frames, styles, icons
    (a canonical or feed link is an address, not a load)."""

    def __init__(self) -> None:
        super().__init__()
        self.adresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and a.get("src"):
            self.adresses.append(a["src"] or "")
        rel = (a.get("rel") or "").split()
        if tag == "link" and {"stylesheet", "preload", "modulepreload", "icon", "manifest"} & set(rel):
            self.adresses.append(a.get("href") or "")


def test_nothing_is_loaded_from_another_host(site):
    """No script, style, font or image from a third party: the legal notice promises it."""
    for edition in ("public", "intranet"):
        for p in site[edition].rglob("*.html"):
            lecteur = _Chargements()
            lecteur.feed(p.read_text(encoding="utf-8"))
            externes = [u for u in lecteur.adresses if urlsplit(u).netloc]
            assert not externes, f"{edition}: {p.relative_to(site[edition])}: {externes}"
