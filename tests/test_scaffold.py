"""Scaffolding: a new fiche or minute from the template, next free id, today's date,
never overwriting an existing file.

The commands run in-process (``helpers.commande``: ``cli.main``, output captured) on
the commune's data and fiches; one end-to-end test (``lent``) runs the real command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import lancer, sans_trace
from helpers import commande, projet_minimal, verifier


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    # All the fiches: the next free id depends on every fiche of the axis.
    return projet_minimal(tmp_path / "projet", "fiches/*", "docs/comptes-rendus/*.md")


def nouvelle_fiche(projet: Path, *args: str) -> tuple[int, str, str]:
    return commande(projet, "nouvelle-fiche", *args)


def test_new_fiche_gets_the_next_free_id_of_its_axis(projet: Path):
    code, out, err = nouvelle_fiche(projet, "--axe", "2", "--slug", "Prévention routière")
    assert code == 0, err
    # Axis 2 has fiches 2.1 to 2.4 in the document: the next one is 2.5.
    chemin = projet / "fiches/2.05-prevention-routiere.md"
    assert f"Créé : {chemin}" in out
    texte = chemin.read_text(encoding="utf-8")
    assert 'id: "2.5"' in texte and "axe: 2" in texte
    for champ in ("titre:", "objectif:", "pilote:", "partenaires:", "echeance:", "statut:", "visibilite:"):
        assert champ in texte, champ


def test_new_fiche_is_refused_by_the_gate_until_pilot_and_deadline_are_filled(projet: Path):
    assert nouvelle_fiche(projet, "--axe", "3").returncode == 0
    v = verifier(projet)
    assert not v.valide
    assert "fiches/3.05-nouvelle-fiche.md" in v.rapport
    assert "champ « pilote » vide" in v.rapport and "echeance" in v.rapport


def test_new_fiche_never_overwrites(projet: Path):
    cible = projet / "fiches/1.13-nouvelle-fiche.md"
    assert nouvelle_fiche(projet).returncode == 0
    cible.write_text(cible.read_text(encoding="utf-8") + "\nTexte précieux.\n", encoding="utf-8")
    # The next call picks 1.14, it does not touch 1.13.
    assert nouvelle_fiche(projet).returncode == 0
    assert "Texte précieux." in cible.read_text(encoding="utf-8")
    assert (projet / "fiches/1.14-nouvelle-fiche.md").exists()


def test_new_minute_has_todays_date_and_validates(projet: Path):
    code, _, err = commande(projet, "nouveau-compte-rendu", "--instance", "Cellule de veille")
    assert code == 0, err
    aujourdhui = dt.date.today().isoformat()
    chemin = projet / f"docs/comptes-rendus/{aujourdhui}-cellule-de-veille.md"
    assert f"date: {aujourdhui}" in chemin.read_text(encoding="utf-8")
    v = verifier(projet)
    assert v.valide, v.rapport
    assert any(cr.date.isoformat() == aujourdhui for cr in v.corpus.comptes_rendus)


def test_new_minute_refuses_to_overwrite(projet: Path):
    cible = projet / "docs/comptes-rendus/2018-11-29-assemblee-pleniere.md"
    avant = cible.read_bytes()
    code, _, err = commande(projet, "nouveau-compte-rendu", "--instance", "assemblee-pleniere", "--date", "2018-11-29")
    assert code != 0
    assert "existe déjà" in err
    assert cible.read_bytes() == avant


def test_unknown_instance_is_refused(projet: Path):
    code, _, err = commande(projet, "nouveau-compte-rendu", "--instance", "apéro")
    assert code != 0 and "instance « apéro » inconnue" in err


@pytest.mark.lent
def test_command_line_refuses_an_unknown_instance_without_traceback(projet: Path):
    proc = lancer("-m", "macros", "--racine", str(projet), "nouveau-compte-rendu", "--instance", "apéro")
    sans_trace(proc)
    assert proc.returncode != 0 and "instance « apéro » inconnue" in proc.stderr
