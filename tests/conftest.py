"""Shared fixtures: a throwaway copy of the project, so tests can break sources freely."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parent.parent
# What a copy of the project needs to validate and build (never site/, .venv, .git).
A_COPIER = ["data", "fiches", "docs", "macros", "overrides", "mkdocs.yml", "mkdocs.intranet.yml"]


def copier_projet(dest: Path) -> Path:
    for nom in A_COPIER:
        src = RACINE / nom
        if src.is_dir():
            shutil.copytree(src, dest / nom, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, dest / nom)
    return dest


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    """A full copy of the real sources in a temporary folder."""
    return copier_projet(tmp_path / "projet")


def lancer(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m …`` from the venv, as the coordinator would through make."""
    full_env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(RACINE))
    full_env.update(env or {})
    return subprocess.run([sys.executable, *args], cwd=cwd or RACINE, env=full_env, capture_output=True, text=True)


def check(racine: Path) -> subprocess.CompletedProcess:
    return lancer("-m", "macros", "--racine", str(racine), "check")


def sans_trace(proc: subprocess.CompletedProcess) -> None:
    sortie = proc.stdout + proc.stderr
    assert "Traceback" not in sortie, sortie
    assert 'File "' not in sortie, sortie


# The seeded build's forge (tests/test_profil.py): « & » and « ' » must be escaped once in
# every « Modifier cette page » link; the host must appear in no file of the public edition.
FORGE_SEMEE = "https://forge.exemple.test/l'equipe&co/stspd/-/edit/main/"


def activer_forge(projet: Path) -> None:
    """Set ``forge.modifier`` in the copy's profile (null in the real one)."""
    chemin = projet / "data/commune.yml"
    texte = chemin.read_text(encoding="utf-8")
    avant = "forge:\n  modifier: null\n"
    assert avant in texte, "data/commune.yml : bloc « forge: modifier: null » attendu"
    chemin.write_text(texte.replace(avant, f'forge:\n  modifier: "{FORGE_SEMEE}"\n'), encoding="utf-8")


@dataclass
class SitesSemes:
    """Both editions of the seeded project (sentinels + payloads, see tests/semis.py)."""

    projet: Path
    public: Path
    intranet: Path
    champs: dict[int, str]  # payload number → "file: key" of the field it was appended to


@pytest.fixture(scope="session")
def sites_semes(tmp_path_factory) -> SitesSemes:
    """One build shared by the leak, escaping and browser tests (a build costs ~45 s)."""
    from echappement_util import Semeur, semer_projet
    from semis import semer

    racine = tmp_path_factory.mktemp("semes")
    projet = copier_projet(racine / "projet")
    semer(projet)
    semeur = Semeur()
    semer_projet(projet, semeur)
    activer_forge(projet)
    proc = lancer(
        "-m",
        "macros",
        "--racine",
        str(projet),
        "site",
        "--sortie",
        str(racine / "site"),
        env={"STSPD_DATE": "2026-12-01"},
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return SitesSemes(projet, racine / "site/public", racine / "site/intranet", semeur.champs)
