"""`make nouvelle-commune`, and engine updates (`make paquet-moteur`, `make mise-a-jour-moteur`).

What a coordinator meets: the real make commands in a temporary folder. One new commune is
made for the whole module; its make calls reuse this venv (`make VENV=…`: the project's own
first `make` would otherwise spend about a minute in pip, the same pinned requirements).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from macros.outils import nouvelle_commune, version_moteur

RACINE = Path(__file__).resolve().parent.parent
VENV = Path(sys.prefix)  # the venv running these tests (make's $(VENV))
NOM = "Sainte-Lucie-de-Tallano"  # a real commune of Corse-du-Sud (INSEE 2A308)
INSEE = "2A308"
INTERDITS = re.compile(rb"Bar(?:\xc5\x93|oe)ul|59410", re.IGNORECASE)


def make(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAKE", "PYTHONPATH"))}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        ["make", "--no-print-directory", f"VENV={VENV}", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def empreintes(racine: Path, exclure: tuple[str, ...] = ()) -> dict[str, str]:
    exclure += ("site/", ".pytest_cache/")
    return {
        p.relative_to(racine).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(racine.rglob("*"))
        if p.is_file() and not p.relative_to(racine).as_posix().startswith(exclure) and "__pycache__" not in p.parts
    }


# --- refusals: checked before anything is written (fast, in-process and through make) -----


@pytest.mark.parametrize(
    ("nom", "insee", "attendu"),
    [
        ("", "62041", "nom de la commune manquant"),
        ("   ", "62041", "nom de la commune manquant"),
        ("Ville", "6204", "code INSEE « 6204 » invalide"),
        ("Ville", "62O41", "code INSEE « 62O41 » invalide"),
        ("<b>Ville</b>", "62041", "refusé"),
        ("{{ config }}", "62041", "refusé"),
    ],
)
def test_bad_arguments_are_refused_before_writing(tmp_path, nom, insee, attendu):
    dest = tmp_path / "nouveau"
    with pytest.raises(nouvelle_commune.Refus, match=re.escape(attendu)):
        nouvelle_commune.creer(dest, nom, insee)
    assert not dest.exists()


def test_a_non_empty_destination_is_refused(tmp_path):
    (tmp_path / "a-garder.txt").write_text("ne pas toucher", encoding="utf-8")
    with pytest.raises(nouvelle_commune.Refus, match="pas un dossier vide"):
        nouvelle_commune.creer(tmp_path, "Ville", "62041")
    assert [p.name for p in tmp_path.iterdir()] == ["a-garder.txt"]


@pytest.mark.parametrize(("insee", "code"), [("62041", "62"), ("2A308", "2A"), ("2B033", "2B"), ("97411", "974")])
def test_departement_code_from_the_insee_code(insee, code):
    assert nouvelle_commune.departement(insee) == code


def test_a_lock_reads_back_and_a_damaged_one_is_refused():
    m = version_moteur.Manifeste("2.3.10", {"macros/a b.py": "0" * 64, "Makefile": "f" * 64})
    assert version_moteur.Manifeste.lire(m.texte(), "x") == m
    for abime in ("version: 2.x\n", m.texte().replace("  Makefile", " Makefile"), "rien\n"):
        with pytest.raises(version_moteur.ErreurMoteur, match="illisible"):
            version_moteur.Manifeste.lire(abime, "moteur.lock")
    assert version_moteur.cle_version("2.10.0") > version_moteur.cle_version("2.9.1")


def _mini_moteur(racine: Path, version: str, fichiers: dict[str, str]) -> Path:
    """A tiny engine checkout: a pyproject.toml with its version, and a few files."""
    for nom, texte in {"pyproject.toml": f'[project]\nversion = "{version}"\n', **fichiers}.items():
        (racine / nom).parent.mkdir(parents=True, exist_ok=True)
        (racine / nom).write_text(texte, encoding="utf-8")
    return racine


def test_a_project_file_where_the_new_engine_brings_one_is_never_overwritten(tmp_path):
    projet = _mini_moteur(tmp_path / "projet", "1.0.0", {"macros/a.py": "A = 1\n", "docs/assets/logo.svg": "<svg/>"})
    version_moteur.ecrire_verrou(
        projet,
        version_moteur.Manifeste(
            "1.0.0",
            {
                "macros/a.py": version_moteur.empreinte(projet / "macros/a.py"),
                "pyproject.toml": version_moteur.empreinte(projet / "pyproject.toml"),
            },
        ),
    )  # the logo is the commune's own file, not the engine's
    source = _mini_moteur(
        tmp_path / "source", "1.1.0", {"macros/a.py": "A = 2\n", "docs/assets/logo.svg": "<svg>moteur</svg>"}
    )
    with pytest.raises(version_moteur.ErreurMoteur, match=r"docs/assets/logo\.svg \(fichier du projet"):
        version_moteur.mettre_a_jour(projet, source, verifier=False)
    assert (projet / "docs/assets/logo.svg").read_text(encoding="utf-8") == "<svg/>"
    assert (projet / "macros/a.py").read_text(encoding="utf-8") == "A = 1\n"
    (projet / "docs/assets/logo.svg").unlink()
    assert "1.0.0 → 1.1.0" in version_moteur.mettre_a_jour(projet, source, verifier=False)
    assert (projet / "macros/a.py").read_text(encoding="utf-8") == "A = 2\n"
    assert version_moteur.lire_verrou(projet) == version_moteur.manifeste_de(source)


def test_our_own_site_records_its_engine_version():
    verrou = version_moteur.lire_verrou(RACINE)
    assert verrou.version == version_moteur.version_de(RACINE), "make paquet-moteur réécrit moteur.lock"
    assert "macros/outils/version_moteur.py" in verrou.fichiers
    assert not any(f.startswith(("data/", "fiches/")) or f == "mkdocs.yml" for f in verrou.fichiers)


@pytest.mark.lent
def test_make_refuses_with_exit_2_in_french(tmp_path):
    proc = make("nouvelle-commune", f"DEST={tmp_path / 'x'}", "NOM=Ville", "INSEE=123", cwd=RACINE)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "code INSEE « 123 » invalide" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "x").exists()


# --- one new commune for the rest of the module ------------------------------------------


@pytest.fixture(scope="module")
def commune(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("commune") / "stspd"
    proc = make("nouvelle-commune", f"DEST={dest}", f"NOM={NOM}", f"INSEE={INSEE}", cwd=RACINE)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dest


@pytest.mark.lent
def test_the_new_project_is_ready_for_git_init(commune):
    assert (commune / ".gitignore").is_file()
    assert not (commune / ".venv").exists() and not (commune / "site").exists()
    assert not list(commune.rglob("__pycache__"))
    assert not (commune / "tests/test_editions.py").exists()  # our content's tests stay here
    for f in ("Makefile", ".ci/run", "README.md", "moteur.lock", "tests/test_site.py", "docs/charte/index.md"):
        assert (commune / f).is_file(), f
    assert os.access(commune / ".ci/run", os.X_OK)


@pytest.mark.lent
def test_the_profile_is_filled_in(commune):
    import yaml

    profil = yaml.safe_load((commune / "data/commune.yml").read_text(encoding="utf-8"))
    assert profil["nom"] == NOM and profil["insee"] == INSEE
    assert profil["departement"] == {"code": "2A", "nom": "à compléter"}
    assert profil["strategie"]["fin"] - profil["strategie"]["debut"] == 2


@pytest.mark.lent
def test_examples_are_marked_and_axes_empty(commune):
    fiches = sorted((commune / "fiches").glob("*.md"))
    assert [f.name[:4] for f in fiches] == ["1.01", "2.01", "3.01"]
    for f in fiches:
        texte = f.read_text(encoding="utf-8")
        assert "titre: Exemple — " in texte and '!!! example "Fiche d\'exemple"' in texte
    assert (commune / "data/axes.yml").read_text(encoding="utf-8").count("— à rédiger") == 6
    assert "À rédiger" in (commune / "docs/strategie/introduction.md").read_text(encoding="utf-8")


@pytest.mark.lent
def test_make_check_site_and_test_pass_straight_away(commune):
    # mypy's cache of this checkout, warm after our own `make lint` (`make test` runs it first):
    # the new project's engine files are ours, and mypy revalidates every entry against the
    # file's content, so its `make lint` still checks all of macros/ but redoes only what
    # differs (measured: 10.6 s of CPU cold, 0.3 s so).
    if (RACINE / ".mypy_cache").is_dir():
        shutil.copytree(RACINE / ".mypy_cache", commune / ".mypy_cache")
    for cible in ("check", "site", "test"):
        proc = make(cible, cwd=commune)
        assert proc.returncode == 0, f"make {cible}\n{proc.stdout}\n{proc.stderr}"
    assert "8 passed" in proc.stdout
    assert (commune / "site/public/index.html").is_file() and (commune / "site/intranet/index.html").is_file()
    assert NOM in (commune / "site/public/index.html").read_text(encoding="utf-8")


@pytest.mark.lent
def test_nothing_of_mons_en_baroeul_in_sources_or_build(commune):
    assert (commune / "site/public").is_dir(), "built by the previous test"
    trouves = [
        p.relative_to(commune).as_posix()
        for p in sorted(commune.rglob("*"))
        if p.is_file() and ".pytest_cache" not in p.parts and INTERDITS.search(p.read_bytes())
    ]
    assert not trouves, f"« Barœul » ou « 59410 » dans : {trouves}"


# --- engine updates: version N, an archive of N+1, a locally edited file ------------------


def _moteur(commune: Path, dest: Path, version: str) -> Path:
    """An engine checkout at ``version``: the engine files of the new commune, renumbered."""
    for f in version_moteur.fichiers_moteur(commune):
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(commune / f, dest / f)
    pyproject = dest / "pyproject.toml"
    texte = re.sub(r'(?m)^version = "[^"]+"', f'version = "{version}"', pyproject.read_text(encoding="utf-8"))
    pyproject.write_text(texte, encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def mise_a_jour(commune, tmp_path_factory):
    """The update's story, in order; each step's output and the project's state after it."""
    n = version_moteur.lire_verrou(commune).version
    majeur, mineur, correctif = map(int, n.split("."))
    suivante, ancienne = f"{majeur}.{mineur}.{correctif + 1}", f"{majeur - 1}.9.0"
    base = tmp_path_factory.mktemp("moteurs")
    moteur = (*version_moteur.DOSSIERS, *version_moteur.FICHIERS, version_moteur.VERROU)
    contenu_avant = empreintes(commune, exclure=moteur)
    histoire: dict = {"n": n, "suivante": suivante}

    vieux = _moteur(commune, base / "ancien", ancienne)  # a folder as SOURCE: no archive needed
    histoire["retour"] = make("mise-a-jour-moteur", f"SOURCE={vieux}", cwd=commune)
    histoire["verrou_apres_retour"] = version_moteur.lire_verrou(commune).version

    neuf = _moteur(commune, base / "neuf", suivante)
    css = neuf / "docs/assets/stspd.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* version suivante */\n", encoding="utf-8")
    (neuf / "docs/assets/nouveau.js").write_text("// fichier ajouté par la version suivante\n", encoding="utf-8")
    (neuf / "deploy/nginx.conf.j2").unlink()
    paquet = make("paquet-moteur", cwd=neuf)
    assert paquet.returncode == 0, paquet.stdout + paquet.stderr
    histoire["archive"] = neuf / "dist" / f"stspd-moteur-{suivante}.tar.gz"
    histoire["maj"] = make("mise-a-jour-moteur", f"SOURCE={histoire['archive']}", cwd=commune)
    histoire["contenu_avant"] = contenu_avant
    histoire["contenu_apres"] = empreintes(commune, exclure=moteur)
    histoire["verrou_apres_maj"] = version_moteur.lire_verrou(commune)
    histoire["css_neuf"] = css.read_bytes()
    # Written today, not dated like the archive's entries (1970): make must see a changed
    # requirements.txt as newer than .venv/.installed.
    histoire["css_date"] = (commune / "docs/assets/stspd.css").stat().st_mtime

    histoire["verification_propre"] = make("verifier-moteur", cwd=commune)
    # A coordinator edits an engine file; the next version must not overwrite it.
    (commune / "overrides/main.html").write_text("<!-- retouche locale -->\n", encoding="utf-8")
    histoire["verification"] = make("verifier-moteur", cwd=commune)
    encore = _moteur(neuf, base / "encore", f"{majeur}.{mineur}.{correctif + 2}")  # a folder, this time
    avant_refus = empreintes(commune)
    histoire["refus"] = make("mise-a-jour-moteur", f"SOURCE={encore}", cwd=commune)
    histoire["inchange"] = empreintes(commune) == avant_refus
    return histoire


@pytest.mark.lent
def test_the_archive_holds_the_engine_and_its_manifest(mise_a_jour):
    with tarfile.open(mise_a_jour["archive"]) as tar:
        noms = tar.getnames()
    racine = f"stspd-moteur-{mise_a_jour['suivante']}"
    assert f"{racine}/moteur.lock" in noms and f"{racine}/macros/outils/version_moteur.py" in noms
    assert f"{racine}/docs/assets/nouveau.js" in noms and f"{racine}/deploy/nginx.conf.j2" not in noms
    assert not any(n.startswith(f"{racine}/{d}") for n in noms for d in ("data/", "fiches/", "mkdocs.yml"))


@pytest.mark.lent
def test_a_downgrade_is_refused(mise_a_jour):
    proc = mise_a_jour["retour"]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "plus ancienne que le moteur installé" in proc.stderr
    assert mise_a_jour["verrou_apres_retour"] == mise_a_jour["n"]


@pytest.mark.lent
def test_the_next_version_replaces_adds_and_removes_engine_files_only(mise_a_jour, commune):
    proc = mise_a_jour["maj"]
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert f"{mise_a_jour['n']} → {mise_a_jour['suivante']}" in proc.stdout
    assert "Sources valides" in proc.stdout  # make check ran with the new engine
    verrou = mise_a_jour["verrou_apres_maj"]
    assert verrou.version == mise_a_jour["suivante"]
    assert "docs/assets/nouveau.js" in verrou.fichiers and "deploy/nginx.conf.j2" not in verrou.fichiers
    assert (commune / "docs/assets/nouveau.js").is_file() and not (commune / "deploy/nginx.conf.j2").exists()
    assert (commune / "docs/assets/stspd.css").read_bytes() == mise_a_jour["css_neuf"]
    assert mise_a_jour["css_date"] > time.time() - 3600
    assert mise_a_jour["contenu_apres"] == mise_a_jour["contenu_avant"]  # content never touched


@pytest.mark.lent
def test_a_locally_edited_engine_file_stops_the_update(mise_a_jour):
    proc = mise_a_jour["refus"]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "mise à jour refusée" in proc.stderr and "overrides/main.html (modifié)" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert mise_a_jour["inchange"], "a refused update wrote something"


@pytest.mark.lent
def test_verifier_moteur_names_the_edited_file(mise_a_jour):
    propre = mise_a_jour["verification_propre"]
    assert propre.returncode == 0 and "aucun modifié" in propre.stdout, propre.stdout + propre.stderr
    proc = mise_a_jour["verification"]
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert f"fichiers du moteur {mise_a_jour['suivante']} modifiés" in proc.stderr
    assert "overrides/main.html (modifié)" in proc.stderr


def test_same_version_other_files_and_a_damaged_archive_are_refused(tmp_path):
    projet = _mini_moteur(tmp_path / "projet", "1.0.0", {"macros/a.py": "A = 1\n"})
    version_moteur.ecrire_verrou(projet, version_moteur.manifeste_de(projet))
    source = _mini_moteur(tmp_path / "source", "1.0.0", {"macros/a.py": "A = 2\n"})
    with pytest.raises(version_moteur.ErreurMoteur, match="même version"):
        version_moteur.mettre_a_jour(projet, source, verifier=False)
    faux = tmp_path / "stspd-moteur-9.0.0.tar.gz"
    faux.write_bytes(b"pas une archive")
    with pytest.raises(version_moteur.ErreurMoteur, match="archive du moteur illisible"):
        version_moteur.mettre_a_jour(projet, faux, verifier=False)
    archive = version_moteur.paquet(
        _mini_moteur(tmp_path / "v2", "2.0.0", {"macros/a.py": "A = 3\n"}), tmp_path / "dist"
    )
    assert (
        archive.read_bytes() == version_moteur.paquet(tmp_path / "v2", tmp_path / "dist2").read_bytes()
    )  # reproducible
    assert (projet / "macros/a.py").read_text(encoding="utf-8") == "A = 1\n"
    assert "1.0.0 → 2.0.0" in version_moteur.mettre_a_jour(projet, archive, verifier=False)
    assert (projet / "macros/a.py").read_text(encoding="utf-8") == "A = 3\n"
