"""Scaffolding: a new fiche or minute from the template, next free id, today's date,
never overwriting an existing file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import check, lancer, sans_trace


def nouvelle_fiche(projet: Path, *args: str):
    return lancer("-m", "macros", "--racine", str(projet), "nouvelle-fiche", *args)


def test_new_fiche_gets_the_next_free_id_of_its_axis(projet: Path):
    proc = nouvelle_fiche(projet, "--axe", "2", "--slug", "Prévention routière")
    assert proc.returncode == 0, proc.stderr
    # Axis 2 has fiches 2.1 to 2.4 in the document: the next one is 2.5.
    chemin = projet / "fiches/2.05-prevention-routiere.md"
    texte = chemin.read_text(encoding="utf-8")
    assert 'id: "2.5"' in texte and "axe: 2" in texte
    for champ in ("titre:", "objectif:", "pilote:", "partenaires:", "echeance:", "statut:", "visibilite:"):
        assert champ in texte, champ


def test_new_fiche_is_refused_by_the_gate_until_pilot_and_deadline_are_filled(projet: Path):
    nouvelle_fiche(projet, "--axe", "3")
    proc = check(projet)
    sans_trace(proc)
    assert proc.returncode != 0
    assert "fiches/3.05-nouvelle-fiche.md" in proc.stderr
    assert "champ « pilote » vide" in proc.stderr and "echeance" in proc.stderr


def test_new_fiche_never_overwrites(projet: Path):
    cible = projet / "fiches/1.13-nouvelle-fiche.md"
    assert nouvelle_fiche(projet).returncode == 0
    cible.write_text(cible.read_text(encoding="utf-8") + "\nTexte précieux.\n", encoding="utf-8")
    # The next call picks 1.14, it does not touch 1.13.
    assert nouvelle_fiche(projet).returncode == 0
    assert "Texte précieux." in cible.read_text(encoding="utf-8")
    assert (projet / "fiches/1.14-nouvelle-fiche.md").exists()


def test_new_minute_has_todays_date_and_validates(projet: Path):
    proc = lancer("-m", "macros", "--racine", str(projet), "nouveau-compte-rendu", "--instance", "Cellule de veille")
    assert proc.returncode == 0, proc.stderr
    aujourdhui = dt.date.today().isoformat()
    chemin = projet / f"docs/comptes-rendus/{aujourdhui}-cellule-de-veille.md"
    assert f"date: {aujourdhui}" in chemin.read_text(encoding="utf-8")
    proc = check(projet)
    assert proc.returncode == 0, proc.stderr


def test_new_minute_refuses_to_overwrite(projet: Path):
    args = (
        "-m",
        "macros",
        "--racine",
        str(projet),
        "nouveau-compte-rendu",
        "--instance",
        "assemblee-pleniere",
        "--date",
        "2018-11-29",
    )
    avant = (projet / "docs/comptes-rendus/2018-11-29-assemblee-pleniere.md").read_bytes()
    proc = lancer(*args)
    sans_trace(proc)
    assert proc.returncode != 0
    assert "existe déjà" in proc.stderr
    assert (projet / "docs/comptes-rendus/2018-11-29-assemblee-pleniere.md").read_bytes() == avant


def test_unknown_instance_is_refused(projet: Path):
    proc = lancer("-m", "macros", "--racine", str(projet), "nouveau-compte-rendu", "--instance", "apéro")
    sans_trace(proc)
    assert proc.returncode != 0 and "instance « apéro » inconnue" in proc.stderr
