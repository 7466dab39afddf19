"""Shared fixtures: a throwaway copy of the project, so tests can break sources freely, and
the one seeded build of both editions (``sites_semes``).

Markers (pytest.ini): ``navigateur`` needs Chromium, ``lent`` builds a whole site or starts
a build, LibreOffice or nginx. ``make test-rapide`` runs ``-m "not navigateur and not
lent"``; ``lancer`` refuses to start a subprocess for a test not marked ``lent``, so a slow
test cannot slip into the fast run unnoticed. In-process helpers are in ``helpers.py``."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
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


def dossier_de_session(tmp_path_factory) -> Path:
    """The folder every process of this test session sees: under xdist each worker has its
    own basetemp (…/pytest-N/popen-gwK), so their common parent; else the basetemp."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def une_fois(tmp_path_factory, nom: str, construire: Callable[[Path], None]) -> Path:
    """The folder ``nom`` filled by ``construire(folder)`` once for the whole session, even
    with two xdist workers: the first one to ask builds under a lock, the other waits and
    reads the same files (session builds are read-only for the tests). A failed build
    leaves no « done » mark: a worker asking next builds again and fails with its own report."""
    commun = dossier_de_session(tmp_path_factory)
    dossier, fait = commun / nom, commun / f"{nom}.fait"
    with open(commun / f"{nom}.verrou", "w") as verrou:
        fcntl.flock(verrou, fcntl.LOCK_EX)  # released when the file is closed
        if not fait.exists():
            if dossier.exists():
                shutil.rmtree(dossier)
            dossier.mkdir()
            construire(dossier)
            fait.touch()
    return dossier


@pytest.fixture(scope="session", autouse=True)
def cache_figures_partage(tmp_path_factory) -> Path:
    """One chart and map cache for every build of the session (``STSPD_CACHE``), in-process
    or in a subprocess, shared by both xdist workers: each copy of the project would otherwise
    start empty and draw every chart again (~3 s of CPU a build). Safe because the keys cover
    data, style and drawing code, and because a figure is written to a temporary file then
    renamed. The tests of drawing and caching themselves take ``cache_du_projet``."""
    from macros.rendu.graphiques import VARIABLE_CACHE

    dossier = dossier_de_session(tmp_path_factory) / "cache-figures"
    dossier.mkdir(exist_ok=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(VARIABLE_CACHE, str(dossier))
        yield dossier


@contextlib.contextmanager
def caches_sous_la_racine() -> Iterator[None]:
    """The caches back under each project's root (``.cache/``), empty for a new project: for
    the tests that count drawings or cache files (fixture ``cache_du_projet``)."""
    from macros.rendu.graphiques import VARIABLE_CACHE

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(VARIABLE_CACHE, raising=False)
        yield


@pytest.fixture
def cache_du_projet() -> Iterator[None]:
    with caches_sous_la_racine():
        yield


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    """A full copy of the real sources in a temporary folder."""
    return copier_projet(tmp_path / "projet")


# Modules whose owners mark their own tests (browser, nginx, LibreOffice): until they do,
# every test there counts as slow, and test_navigateur's as needing the browser.
MARQUES_PAR_MODULE = {
    "test_navigateur.py": ("navigateur", "lent"),
    "test_serveur.py": ("lent",),
    "test_campagne_libreoffice.py": ("lent",),
}
_TEST_EN_COURS: list[pytest.Item] = []


# The files that take longest, longest first (measured: `pytest --junitxml`, issue 12). make
# test runs pytest-xdist with --dist loadfile --no-loadscope-reorder: each worker takes the
# next whole file in this order, so the long browser visits start at once instead of last,
# when they would finish alone on one core. Every other file follows, in its usual order.
LONGS_EN_PREMIER = (
    "test_navigateur.py",
    "test_navigateur_intranet.py",
    "test_navigateur_recherche.py",
    "test_navigateur_pages.py",
    "test_serveur.py",
    "test_campagne_libreoffice.py",
    "test_bilan.py",
    "test_observatoire_local.py",
    "test_nouvelle_commune.py",
    "test_guide.py",
    "test_campagne.py",
    "test_moteur.py",
    "test_actualites.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        for nom in MARQUES_PAR_MODULE.get(item.path.name, ()):
            if item.get_closest_marker(nom) is None:
                item.add_marker(nom)
    rang = {nom: i for i, nom in enumerate(LONGS_EN_PREMIER)}
    items.sort(key=lambda item: rang.get(item.path.name, len(rang)))  # stable: files keep their order


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    _TEST_EN_COURS[:] = [item]


def lancer(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m …`` from the venv, as the coordinator would through make.

    Only for tests marked ``lent`` (a subprocess costs seconds: in-process calls are in
    ``helpers.py``)."""
    if _TEST_EN_COURS and _TEST_EN_COURS[0].get_closest_marker("lent") is None:
        pytest.fail(
            f"{_TEST_EN_COURS[0].nodeid} lance un sous-processus : marquez-le « lent » ou appelez le code en processus"
        )
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
class SiteReel:
    """Both editions of the real sources as they are, built like ``make site --verbeux``."""

    projet: Path  # read-only: a test that edits sources makes its own copy
    site: Path  # holds public/ and intranet/
    chargements: list[str]  # the loads of the sources the build made (STSPD_JOURNAL_CHARGEMENTS)
    sortie: str  # what the command printed


DATE_REEL = "2025-06-30"


def construire_reel(projet: Path, sortie: Path, journal: Path) -> subprocess.CompletedProcess:
    """The build of ``site_reel``: `make site --verbeux` with MkDocs at ``DATE_REEL``, its
    loads of the sources journaled in ``journal``."""
    env = {"STSPD_DATE": DATE_REEL, "STSPD_JOURNAL_CHARGEMENTS": str(journal), "STSPD_MOTEUR": "mkdocs"}
    return lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(sortie), "--verbeux", env=env)


@pytest.fixture(scope="session")
def site_reel(tmp_path_factory) -> SiteReel:
    """One build of the untouched sources for the engine and reproducibility tests
    (test_moteur, test_construction), once for both xdist workers (``une_fois``)."""

    def construire(racine: Path) -> None:
        projet = copier_projet(racine / "projet")
        proc = construire_reel(projet, racine / "site", racine / "chargements.txt")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        (racine / "sortie.txt").write_text(proc.stdout, encoding="utf-8")

    racine = une_fois(tmp_path_factory, "site-reel", construire)
    journal = racine / "chargements.txt"
    chargements = journal.read_text(encoding="utf-8").splitlines() if journal.exists() else []
    return SiteReel(
        racine / "projet", racine / "site", chargements, (racine / "sortie.txt").read_text(encoding="utf-8")
    )


@dataclass
class SitesSemes:
    """Both editions of the seeded project (sentinels + payloads, see tests/semis.py)."""

    projet: Path
    public: Path
    intranet: Path
    champs: dict[int, str]  # payload number → "file: key" of the field it was appended to


@pytest.fixture(scope="session")
def sites_semes(tmp_path_factory) -> SitesSemes:
    """One build shared by the leak, escaping and browser tests (a build costs ~45 s), once
    for both xdist workers (``une_fois``)."""
    from echappement_util import Semeur, semer_projet
    from semis import semer

    def construire(racine: Path) -> None:
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
        (racine / "champs.json").write_text(json.dumps(semeur.champs), encoding="utf-8")

    racine = une_fois(tmp_path_factory, "sites-semes", construire)
    champs = {int(n): champ for n, champ in json.loads((racine / "champs.json").read_text(encoding="utf-8")).items()}
    return SitesSemes(racine / "projet", racine / "site/public", racine / "site/intranet", champs)


@dataclass
class SiteGrand:
    """Both editions of the real content with FAKE figures and records, in a git repository."""

    projet: Path
    site: Path  # holds public/ and intranet/
    public: Path
    intranet: Path


# The git history of the « grand » project: everything committed on the first day, fiche 1.7
# changed on the second (tests/test_derniere_modification.py reads both dates on the pages).
DATES_GIT = ("2024-03-05T10:00:00", "2025-01-01T10:00:00")
FICHE_MODIFIEE = "fiches/1.07-videosurveillance.md"


def _git(projet: Path, *args: str, date: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t.invalid",
        GIT_AUTHOR_DATE=date,
        GIT_COMMITTER_DATE=date,
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(projet.parent),
    )
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args], cwd=projet, env=env, check=True, capture_output=True
    )


@pytest.fixture(scope="session")
def site_grand(tmp_path_factory) -> SiteGrand:
    """One build shared by the official-figures, local-records and last-modified tests (it
    replaces three builds), once for both xdist workers (``une_fois``): a copy of the project with

    - the FAKE SSMSI files imported (``tests/ssmsi_fixtures.py``, tests/fixtures/ssmsi/);
    - the FAKE zones and partners' records imported (tests/fixtures/observatoire/);
    - a git history with fixed dates (``DATES_GIT``).

    The sources are not seeded with payloads: these tests read exact texts (the commune's
    name, the categories' labels), which ``sites_semes`` would have changed."""
    from helpers import commande
    from ssmsi_fixtures import DEPARTEMENTAL, NOM, gz, texte_communal

    def construire(racine: Path) -> None:
        projet = copier_projet(racine / "projet")
        env = {"STSPD_DATE": "2026-12-01"}
        fichier = gz(racine / NOM, texte_communal(), bom=True)
        sortie = commande(
            projet, "import-ssmsi", "--fichier", str(fichier), "--departement", str(DEPARTEMENTAL), env=env
        )
        assert sortie.returncode == 0, sortie.stderr
        observatoire = RACINE / "tests/fixtures/observatoire"
        shutil.copy(observatoire / "zones.geojson", projet / "data/observatoire/zones.geojson")
        releves = [str(observatoire / "releve-pm.csv"), str(observatoire / "releve-bailleur.ods")]
        sortie = commande(projet, "import-observatoire", *releves, env=env)
        assert sortie.returncode == 0, sortie.stderr
        _git(projet, "init", "-q", date=DATES_GIT[0])
        _git(projet, "add", "-A", date=DATES_GIT[0])
        _git(projet, "commit", "-qm", "un", date=DATES_GIT[0])
        fiche = projet / FICHE_MODIFIEE
        fiche.write_text(fiche.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
        _git(projet, "commit", "-qam", "deux", date=DATES_GIT[1])
        proc = lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(racine / "site"), env=env)
        sans_trace(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr

    racine = une_fois(tmp_path_factory, "site-grand", construire)
    return SiteGrand(racine / "projet", racine / "site", racine / "site/public", racine / "site/intranet")
