"""The build gate: a fiche without a pilot or a deadline (or otherwise broken) stops
``make check`` and the build with a French message naming the file and the field.

The cases run in-process on a small project (``helpers.projet_minimal``); a few
end-to-end tests (marked ``lent``) check the command line and the MkDocs build themselves:
exit code, no traceback, the same message on stderr."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import check, lancer, sans_trace
from helpers import RACINE, modifier, projet_minimal, refus, verifier

FICHE = "fiches/1.07-videosurveillance.md"
# The fiches the cases break (1.08 for a duplicate id, 2.02 for a second broken fiche).
FICHES = (FICHE, "fiches/1.08-biens-publics.md", "fiches/2.02-citoyennete.md")


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    return projet_minimal(tmp_path / "projet", *FICHES)


def retirer_bloc(projet: Path, rel: str, cle: str) -> None:
    """Remove a top-level front-matter key and its indented continuation lines."""
    chemin = projet / rel
    lignes = chemin.read_text(encoding="utf-8").split("\n")
    out, saut = [], False
    for ligne in lignes:
        if ligne.startswith(f"{cle}:"):
            saut = True
            continue
        if saut and (ligne.startswith(" ") or ligne.startswith("-")):
            continue
        saut = False
        out.append(ligne)
    chemin.write_text("\n".join(out), encoding="utf-8")


def test_real_content_is_valid():
    v = verifier(RACINE)
    assert v.valide, v.rapport
    assert len(v.corpus.fiches) == 20


def test_the_small_project_is_valid(projet: Path):
    """Otherwise a case below could pass on a problem it did not cause."""
    v = verifier(projet)
    assert v.valide, v.rapport


CAS = {
    "pilote manquant": (
        lambda p: retirer_bloc(p, FICHE, "pilote"),
        f"{FICHE} : champ « pilote » manquant — indiquez au moins un service pilote "
        "(identifiants dans data/acteurs.yml)",
    ),
    "echeance manquante": (
        lambda p: retirer_bloc(p, FICHE, "echeance"),
        f"{FICHE} : champ « echeance » manquant",
    ),
    "pilote vide": (
        lambda p: modifier(p, FICHE, "pilote: [maire]", "pilote: []"),
        "champ « pilote » vide — indiquez au moins un service pilote",
    ),
    "date impossible": (
        lambda p: modifier(p, FICHE, "date: 2019-12-31", "date: 2021-13-45"),
        "« 2021-13-45 » n'est pas une date qui existe",
    ),
    "axe inconnu": (
        lambda p: modifier(p, FICHE, "axe: 1", "axe: 7"),
        "axe « 7 » inconnu",
    ),
    "id en double": (
        lambda p: modifier(p, "fiches/1.08-biens-publics.md", 'id: "1.8"', 'id: "1.7"'),
        "identifiant « 1.7 » déjà utilisé",
    ),
    "acteur inconnu": (
        lambda p: modifier(p, FICHE, "  - delegue-prefet\n", "  - prefet-imaginaire\n"),
        "acteur « prefet-imaginaire » inconnu dans « partenaires »",
    ),
    "syntaxe YAML": (
        lambda p: modifier(p, FICHE, "axe: 1\n", "axe: [1\n"),
        "syntaxe YAML invalide",
    ),
}


@pytest.mark.parametrize("nom", list(CAS))
def test_check_refuses_bad_fiche(projet: Path, nom: str):
    casser, fragment = CAS[nom]
    casser(projet)
    assert fragment in refus(projet)


def test_line_numbers_point_at_the_field(projet: Path):
    modifier(projet, FICHE, "date: 2019-12-31", "date: 2021-13-45")
    texte = (projet / FICHE).read_text(encoding="utf-8").split("\n")
    ligne = next(i for i, t in enumerate(texte, 1) if "2021-13-45" in t)
    rapport = refus(projet)
    assert f"{FICHE}:{ligne}:" in rapport, rapport


def test_yaml_error_names_its_line(projet: Path):
    modifier(projet, FICHE, "axe: 1\n", "axe: [1\n")
    rapport = refus(projet)
    assert re.search(re.escape(FICHE) + r":\d+: syntaxe YAML invalide", rapport), rapport


def test_every_problem_is_reported_not_only_the_first(projet: Path):
    retirer_bloc(projet, FICHE, "pilote")
    modifier(projet, "fiches/2.02-citoyennete.md", "axe: 2", "axe: 9")
    rapport = refus(projet)
    assert "1.07-videosurveillance.md" in rapport and "2.02-citoyennete.md" in rapport


# --- end to end: the command line and the MkDocs build ---------------------------------


@pytest.mark.lent
def test_check_command_accepts_the_real_content():
    proc = check(RACINE)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"\b20 fiches\b", proc.stdout), proc.stdout


@pytest.mark.lent
def test_check_command_refuses_with_the_report_on_stderr(projet: Path):
    retirer_bloc(projet, FICHE, "pilote")
    proc = check(projet)
    assert proc.returncode == 1
    sans_trace(proc)
    assert f"{FICHE} : champ « pilote » manquant" in proc.stderr, proc.stderr
    assert proc.stdout == ""


@pytest.mark.lent
def test_build_fails_with_the_same_message(tmp_path: Path):
    """The MkDocs build uses the same validation: non-zero, French message, no traceback."""
    from conftest import copier_projet

    projet = copier_projet(tmp_path / "projet")
    retirer_bloc(projet, FICHE, "pilote")
    proc = lancer("-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out"), cwd=projet)
    assert proc.returncode != 0
    sans_trace(proc)
    assert f"{FICHE} : champ « pilote » manquant" in proc.stdout + proc.stderr
    # Nothing in the sources was modified by the failed build.
    assert "pilote:" not in (projet / FICHE).read_text(encoding="utf-8")
