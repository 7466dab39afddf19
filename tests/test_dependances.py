"""Every requirements line is pinned with ``==``: a build or a test run is the same on every machine.

The site's needs (requirements.txt) and the development tools (requirements-dev.txt, which
includes the first with ``-r``) are locked apart; the ``.in`` files are what ``make lock``
resolves, pinned too so that a re-lock changes nothing by surprise.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

RACINE = Path(__file__).resolve().parents[1]
FICHIERS = sorted(
    [
        *RACINE.glob("requirements*.txt"),
        *RACINE.glob("requirements*.in"),
        *RACINE.glob("bench/requirements*.txt"),
    ]
)
# name==version, an optional comment; extras allowed (name[extra]==version).
EPINGLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(\[[A-Za-z0-9._,-]+\])?==[A-Za-z0-9.+!_-]+(\s+#.*)?$")
INCLUSION = re.compile(r"^-r\s+(\S+)$")


def lignes_non_epinglees(texte: str) -> list[str]:
    """The requirement lines of a file that are not ``name==version`` (comments, blanks, -r aside)."""
    fautives = []
    for brute in texte.splitlines():
        ligne = brute.strip()
        if not ligne or ligne.startswith("#") or INCLUSION.match(ligne):
            continue
        if not EPINGLE.match(ligne):
            fautives.append(ligne)
    return fautives


def test_les_fichiers_existent():
    noms = {p.relative_to(RACINE).as_posix() for p in FICHIERS}
    assert {"requirements.txt", "requirements-dev.txt", "requirements.in", "requirements-dev.in"} <= noms


@pytest.mark.parametrize("chemin", FICHIERS, ids=lambda p: p.relative_to(RACINE).as_posix())
def test_chaque_ligne_est_epinglee(chemin: Path):
    assert lignes_non_epinglees(chemin.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "ligne",
    ["mkdocs>=1.6,<2", "pytest", "ruff~=0.17", "mypy==2.4.*", "-e .", "git+https://example.org/x.git", "numpy<3"],
)
def test_une_ligne_sans_version_exacte_est_refusee(ligne: str):
    assert lignes_non_epinglees(f"# commentaire\n{ligne}\n") == [ligne]


def test_le_fichier_de_developpement_inclut_celui_du_site():
    """Dev pins add to the site's, never contradict them: one ``-r requirements.txt``, no name twice."""
    site = _noms(RACINE / "requirements.txt")
    dev = (RACINE / "requirements-dev.txt").read_text(encoding="utf-8")
    assert "-r requirements.txt" in dev.splitlines()
    assert not site & _noms(RACINE / "requirements-dev.txt")
    assert {"pytest", "ruff", "mypy", "playwright"} <= _noms(RACINE / "requirements-dev.txt")
    assert not {"pytest", "ruff", "mypy", "playwright"} & site


def _noms(chemin: Path) -> set[str]:
    noms = set()
    for ligne in chemin.read_text(encoding="utf-8").splitlines():
        if "==" in ligne and not ligne.startswith("#"):
            noms.add(re.sub(r"[-_.]+", "-", ligne.split("==")[0].split("[")[0]).lower())
    return noms
