"""`make site` output: atomic replacement (a failed build never touches the last good
site) and reproducibility (two builds of the same sources give identical files, except a
listed and justified set)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from conftest import SiteReel, construire_reel, copier_projet, lancer, sans_trace

# Files allowed to differ between two builds of the same commit, and why.
EXCEPTIONS_REPRODUCTIBILITE: dict[str, str] = {
    # MkDocs stamps <lastmod> with the build date and gzips it with the current time.
    "sitemap.xml": "date de construction dans <lastmod>",
    "sitemap.xml.gz": "date de construction dans <lastmod> et horodatage gzip",
}


pytestmark = pytest.mark.lent  # Every test here builds whole sites (make site).


def empreintes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def construire(projet: Path, sortie: Path, **env: str):
    return lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(sortie), env=env)


# One good build of the real sources (the session's ``conftest.site_reel``, shared with
# test_moteur) is the first of the two compared builds, and the previous site a failed
# build must keep.


def test_failed_build_leaves_the_previous_site_untouched(tmp_path: Path, site_reel: SiteReel):
    projet = copier_projet(tmp_path / "projet")
    sortie = tmp_path / "site"
    shutil.copytree(site_reel.site, sortie)  # the last good site, built from the same sources
    avant = {ed: empreintes(sortie / ed) for ed in ("public", "intranet")}
    assert avant["public"] and avant["intranet"]

    # 1. A source error caught by validation.
    fiche = projet / "fiches/1.07-videosurveillance.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("pilote: [maire]", "pilote: []"), encoding="utf-8")
    proc = construire(projet, sortie)
    sans_trace(proc)
    assert proc.returncode != 0
    assert "le site existant est conservé" in proc.stderr
    assert {ed: empreintes(sortie / ed) for ed in ("public", "intranet")} == avant

    # 2. An error only MkDocs sees (a broken link, refused by --strict) in one edition.
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("pilote: []", "pilote: [maire]"), encoding="utf-8")
    page = projet / "docs/strategie/axes.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[lien cassé](nulle-part.md)\n", encoding="utf-8")
    proc = construire(projet, sortie)
    sans_trace(proc)
    assert proc.returncode != 0
    assert "nulle-part.md" in proc.stderr
    assert {ed: empreintes(sortie / ed) for ed in ("public", "intranet")} == avant
    assert not list(tmp_path.glob(".site-tmp-*")), "dossier temporaire laissé derrière"


def test_two_builds_are_identical_except_listed_files(tmp_path: Path, site_reel: SiteReel):
    a, b = site_reel.site, tmp_path / "b"
    proc = construire_reel(site_reel.projet, b, tmp_path / "chargements.txt")  # the same command again
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for edition in ("public", "intranet"):
        ea, eb = empreintes(a / edition), empreintes(b / edition)
        assert set(ea) == set(eb), edition
        differents = {p for p in ea if ea[p] != eb[p]}
        inattendus = {p for p in differents if p not in EXCEPTIONS_REPRODUCTIBILITE}
        assert not inattendus, f"{edition} : fichiers non reproductibles {sorted(inattendus)}"
