"""The coordinator's guide: every example marked `<!-- exemple: … -->` is applied to a
copy of the project exactly as written, and the result must validate and build.

Each example is checked in-process on a small project (the commune's data, the fiches and
the file the example edits); all of them together build both editions once (``lent``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import RACINE, copier_projet, lancer, sans_trace
from helpers import commande, projet_minimal, verifier

GUIDE = RACINE / "docs/guide/index.md"
_EXEMPLE = re.compile(r"<!-- exemple: (\S+) (\S+) -->\n```[a-z]*\n(.*?)\n```", re.S)
_ESSAI = re.compile(r"<!-- essai: (\S+) -->\n```diff\n(.*?)\n```", re.S)


def exemples() -> list[tuple[str, str, str]]:
    return _EXEMPLE.findall(GUIDE.read_text(encoding="utf-8"))


def appliquer(projet: Path, action: str, cible: str, bloc: str) -> None:
    chemin = projet / cible
    if action == "fichier":
        assert not chemin.exists()
        chemin.write_text(bloc + "\n", encoding="utf-8")
        return
    if action == "campagne":
        campagne_aller_retour(projet, cible, bloc)
        return
    texte = chemin.read_text(encoding="utf-8")
    if action == "ajout":
        chemin.write_text(texte.rstrip("\n") + "\n\n" + bloc + "\n", encoding="utf-8")
    elif action == "entete":
        # Replace the keys the example sets, add the others, at the end of the front matter.
        fin = texte.index("\n---", 4)
        entete, corps = texte[:fin], texte[fin:]
        for cle in re.findall(r"^([a-z_]+):", bloc, flags=re.M):
            entete = re.sub(rf"^{cle}:.*\n(?:[ -].*\n?)*", "", entete + "\n", flags=re.M).rstrip("\n")
        chemin.write_text(entete + "\n" + bloc + corps, encoding="utf-8")
    elif action == "suivi":
        assert "\nsuivi:\n" in texte, "la fiche d'exemple doit avoir un journal"
        chemin.write_text(texte.replace("\nsuivi:\n", "\nsuivi:\n" + bloc + "\n", 1), encoding="utf-8")
    else:
        raise AssertionError(f"action d'exemple inconnue : {action}")


def campagne_aller_retour(projet: Path, acteur: str, bloc: str) -> None:
    """The guide's campaign: make campagne, the row filled as shown, ESSAI=1 shows the
    guide's diff lines and writes nothing, then the import writes (commands in-process)."""
    from campagne_util import colonne_de, ligne_de, remplir
    from test_campagne import empreinte

    champs = dict(ligne.split(" : ", 1) for ligne in bloc.splitlines())
    dossier = projet.parent / "campagne"
    code, _, err = commande(projet, "campagne", "--annee", "2026", "--dossier", str(dossier))
    assert code == 0, err
    fichier = dossier / f"2026-{acteur}.ods"
    rang = ligne_de(fichier, "Fiches", "Fiche", champs.pop("Fiche"))
    remplir(fichier, {"Fiches": {f"{colonne_de(fichier, 'Fiches', h)}{rang}": v for h, v in champs.items()}})
    avant = empreinte(projet)
    code, out, err = commande(projet, "import-campagne", str(fichier), "--essai")
    assert code == 0 and empreinte(projet) == avant, err
    diff = dict(_ESSAI.findall(GUIDE.read_text(encoding="utf-8")))[acteur]
    for ligne in diff.splitlines():
        assert "\n" + ligne + "\n" in out, (ligne, out)
    code, out, err = commande(projet, "import-campagne", str(fichier))
    assert code == 0 and "1 fiche modifiée" in out, out + err


def test_the_guide_has_the_examples_the_issue_asks_for():
    actions = {(a, c.split("/")[0]) for a, c, _ in exemples()}
    assert ("entete", "fiches") in actions  # status and indicators
    assert ("suivi", "fiches") in actions  # journal entry
    assert ("fichier", "docs") in actions  # minutes
    assert ("ajout", "docs") in actions  # intranet-only block
    assert ("ajout", "data") in actions  # new partner
    assert ("campagne", "police-municipale") in actions  # spreadsheet round trip


def projet_d_exemple(dest: Path, action: str, cible: str) -> Path:
    """The commune's data, every fiche (examples and the campaign edit them), and the file
    the example edits when it exists already."""
    motifs = ["fiches/*", "docs/comptes-rendus/*.md"]
    if action in {"ajout", "entete", "suivi"} and not cible.startswith("fiches/"):
        motifs.append(cible)
    return projet_minimal(dest, *motifs)


@pytest.mark.parametrize("exemple", exemples(), ids=lambda e: f"{e[0]} {e[1]}")
def test_each_example_validates(tmp_path: Path, exemple):
    projet = projet_d_exemple(tmp_path / "projet", exemple[0], exemple[1])
    assert verifier(projet).valide  # the example, not the small project, is what is checked
    appliquer(projet, *exemple)
    v = verifier(projet)
    assert v.valide, v.rapport


@pytest.mark.lent
def test_all_examples_together_build_both_editions(tmp_path: Path):
    projet = copier_projet(tmp_path / "projet")
    for exemple in exemples():
        appliquer(projet, *exemple)
    proc = lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(tmp_path / "site"))
    sans_trace(proc)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    public = (tmp_path / "site/public/strategie/gouvernance/index.html").read_text(encoding="utf-8")
    intranet = (tmp_path / "site/intranet/strategie/gouvernance/index.html").read_text(encoding="utf-8")
    assert "Le prochain conseil restreint se tiendra en mairie" in intranet
    assert "Le prochain conseil restreint se tiendra en mairie" not in public
    assert (tmp_path / "site/intranet/comptes-rendus/2026-12-01-cellule-de-veille/index.html").exists()
    assert not (tmp_path / "site/public/comptes-rendus/2026-12-01-cellule-de-veille").exists()
    assert (tmp_path / "site/public/acteurs/france-victimes-59/index.html").exists()
    f16 = (tmp_path / "site/public/fiches/1.06-police-municipale/index.html").read_text(encoding="utf-8")
    assert "Le renouvellement de la convention de coordination avec la Police Nationale est engagé." in f16
