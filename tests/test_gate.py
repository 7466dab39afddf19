"""The build gate: a fiche without a pilot or a deadline (or otherwise broken) stops
``make check`` and the build with a French message naming the file and the field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import check, lancer, sans_trace

FICHE = "fiches/1.07-videosurveillance.md"


def modifier(projet: Path, rel: str, avant: str, apres: str, count: int = 1) -> None:
    chemin = projet / rel
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte, f"{avant!r} absent de {rel}"
    chemin.write_text(texte.replace(avant, apres, count), encoding="utf-8")


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
    proc = check(Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"\b20 fiches\b", proc.stdout), proc.stdout


CAS = {
    "pilote manquant": (
        lambda p: retirer_bloc(p, FICHE, "pilote"),
        f"{FICHE} : champ « pilote » manquant — indiquez au moins un service pilote (identifiants dans "
        "data/acteurs.yml)",
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
    proc = check(projet)
    assert proc.returncode != 0
    sans_trace(proc)
    assert fragment in proc.stderr, proc.stderr


def test_line_numbers_point_at_the_field(projet: Path):
    modifier(projet, FICHE, "date: 2019-12-31", "date: 2021-13-45")
    proc = check(projet)
    texte = (projet / FICHE).read_text(encoding="utf-8").split("\n")
    ligne = next(i for i, ligne_ in enumerate(texte, 1) if "2021-13-45" in ligne_)
    assert f"{FICHE}:{ligne}:" in proc.stderr, proc.stderr


def test_yaml_error_names_its_line(projet: Path):
    modifier(projet, FICHE, "axe: 1\n", "axe: [1\n")
    proc = check(projet)
    assert re.search(re.escape(FICHE) + r":\d+: syntaxe YAML invalide", proc.stderr), proc.stderr


def test_every_problem_is_reported_not_only_the_first(projet: Path):
    retirer_bloc(projet, FICHE, "pilote")
    modifier(projet, "fiches/2.02-citoyennete.md", "axe: 2", "axe: 9")
    proc = check(projet)
    assert "1.07-videosurveillance.md" in proc.stderr and "2.02-citoyennete.md" in proc.stderr


def test_build_fails_with_the_same_message(projet: Path, tmp_path: Path):
    """The MkDocs build uses the same validation: non-zero, French message, no traceback."""
    retirer_bloc(projet, FICHE, "pilote")
    proc = lancer("-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "out"), cwd=projet)
    assert proc.returncode != 0
    sans_trace(proc)
    assert f"{FICHE} : champ « pilote » manquant" in proc.stdout + proc.stderr
    # Nothing in the sources was modified by the failed build.
    assert "pilote:" not in (projet / FICHE).read_text(encoding="utf-8")
