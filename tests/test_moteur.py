"""The engine layer (macros/moteur/construction.py, noyau.py): `make site` loads the sources
once and builds both editions from them; a source error is still reported in full and keeps
the old site; the build runs the same on ProperDocs, byte for byte."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import DATE_REEL, SiteReel, copier_projet, lancer, sans_trace

# Every test here builds whole sites (the ProperDocs one, two).
pytestmark = pytest.mark.lent


def empreintes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def construire(projet: Path, sortie: Path, *options: str, **env: str):
    return lancer(
        "-m",
        "macros",
        "--racine",
        str(projet),
        "site",
        "--sortie",
        str(sortie),
        *options,
        env={"STSPD_DATE": DATE_REEL, **env},
    )


@pytest.fixture(scope="module")
def projet(tmp_path_factory) -> Path:
    return copier_projet(tmp_path_factory.mktemp("moteur") / "projet")


@pytest.fixture(scope="module")
def site_mkdocs(site_reel: SiteReel) -> tuple[Path, list[str], str]:
    """Both editions built by MkDocs, as `make site`; with the loads of the sources it made
    (the session's ``conftest.site_reel``, shared with test_construction)."""
    return site_reel.site, site_reel.chargements, site_reel.sortie


def test_make_site_loads_the_sources_once(site_mkdocs):
    site, chargements, sortie = site_mkdocs
    assert len(chargements) == 1, chargements  # was 3: the parent, then each edition process
    for edition in ("public", "intranet"):
        assert (site / edition / "index.html").is_file()
        assert (site / edition / "robots.txt").is_file()  # our on_post_build ran in each child
    # Each edition's own engine log reached the parent (--verbeux shows the INFO lines).
    assert "[public] INFO    -  Moteur : mkdocs 1.6.1" in sortie, sortie
    assert "[intranet] INFO    -  Documentation built in" in sortie, sortie


def test_source_errors_all_reported_once_and_old_site_kept(projet: Path, site_mkdocs, tmp_path: Path):
    sortie = tmp_path / "site"
    shutil.copytree(site_mkdocs[0], sortie)  # the last good site, built from these sources
    avant = {ed: empreintes(sortie / ed) for ed in ("public", "intranet")}
    fiche = projet / "fiches/1.07-videosurveillance.md"
    acteurs = projet / "data/acteurs.yml"
    textes = {p: p.read_text(encoding="utf-8") for p in (fiche, acteurs)}
    try:
        assert "pilote: [maire]" in textes[fiche]
        fiche.write_text(textes[fiche].replace("pilote: [maire]", "pilote: []"), encoding="utf-8")
        acteurs.write_text(textes[acteurs] + "\nun-acteur-sans-nom:\n  categorie: commune\n", encoding="utf-8")
        journal = tmp_path / "chargements.txt"
        proc = construire(projet, sortie, STSPD_JOURNAL_CHARGEMENTS=str(journal))
    finally:
        for p, texte in textes.items():
            p.write_text(texte, encoding="utf-8")
    sans_trace(proc)
    assert proc.returncode == 1
    assert "1.07-videosurveillance.md" in proc.stderr and "acteurs.yml" in proc.stderr, proc.stderr
    assert "le site existant est conservé" in proc.stderr
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 1  # no edition started
    assert {ed: empreintes(sortie / ed) for ed in ("public", "intranet")} == avant
    assert not list(tmp_path.glob(".site-tmp-*")), "dossier temporaire laissé derrière"


def test_unknown_engine_is_a_french_error(projet: Path, tmp_path: Path):
    proc = construire(projet, tmp_path / "site", STSPD_MOTEUR="zensical")
    sans_trace(proc)
    assert proc.returncode == 1
    assert "STSPD_MOTEUR=« zensical » : moteur inconnu" in proc.stderr, proc.stderr
    assert not (tmp_path / "site" / "public").exists()


def test_properdocs_builds_the_same_site_byte_for_byte(site_reel: SiteReel, site_mkdocs, tmp_path: Path):
    site, _, _ = site_mkdocs
    proc = construire(site_reel.projet, tmp_path / "site", "--verbeux", STSPD_MOTEUR="properdocs")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "[public] INFO    -  Moteur : properdocs 1.6.7" in proc.stdout, proc.stdout
    for edition in ("public", "intranet"):
        a, b = empreintes(site / edition), empreintes(tmp_path / "site" / edition)
        assert a, edition
        assert set(a) == set(b), f"{edition} : {sorted(set(a) ^ set(b))[:10]}"
        differents = sorted(p for p in a if a[p] != b[p])
        assert not differents, f"{edition} : fichiers différents {differents[:10]}"


def test_what_make_site_prepares_aside_is_what_a_plain_build_computes(site_reel: SiteReel, site_mkdocs, tmp_path: Path):
    """`make site` loads the sources and prepares the intranet's generated pages and files in a
    process of its own while the engine is imported (outils/preparation.py); `mkdocs build`
    alone computes them in on_config. The same edition, byte for byte."""
    site, _, _ = site_mkdocs
    dest = tmp_path / "intranet"
    proc = lancer(
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-q",
        "-f",
        "mkdocs.intranet.yml",
        "-d",
        str(dest),
        cwd=site_reel.projet,
        env={"STSPD_DATE": DATE_REEL},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    a, b = empreintes(site / "intranet"), empreintes(dest)
    assert len(a) > 100
    assert set(a) == set(b), sorted(set(a) ^ set(b))[:10]
    assert not sorted(p for p in a if a[p] != b[p])[:10]
