"""« Dernière mise à jour » from git: one `git log`, robust in a shallow clone and without git."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.lecture import historique

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git absent")


def git(depot: Path, *args: str, date: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.org",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.org",
        GIT_CONFIG_NOSYSTEM="1",
        HOME=str(depot.parent),
    )
    if date:
        env.update(GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "protocol.file.allow=always", *args],
        cwd=depot,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def ecrire(depot: Path, rel: str, texte: str) -> None:
    (depot / rel).parent.mkdir(parents=True, exist_ok=True)
    (depot / rel).write_text(texte, encoding="utf-8")


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """Three commits: 2019-03-01 adds everything, 2020-05-02 changes the fiche, 2021-07-03 a page."""
    d = tmp_path / "depot"
    d.mkdir()
    git(d, "init", "-q")
    ecrire(d, "fiches/1.07-videosurveillance.md", "v1")
    ecrire(d, "docs/stratégie/cadre.md", "v1")  # non-ASCII path: no quoting
    ecrire(d, "data/axes.yml", "v1")
    git(d, "add", ".")
    git(d, "commit", "-q", "-m", "un", date="2019-03-01T12:00:00+01:00")
    ecrire(d, "fiches/1.07-videosurveillance.md", "v2")
    git(d, "commit", "-q", "-am", "deux", date="2020-05-02T12:00:00+02:00")
    ecrire(d, "docs/stratégie/cadre.md", "v2")
    git(d, "commit", "-q", "-am", "trois", date="2021-07-03T23:30:00+02:00")
    historique._CACHE.clear()
    return d


def test_date_du_dernier_commit_de_chaque_fichier(depot: Path):
    ecrire(depot, "fiches/nouvelle.md", "jamais commitée")
    assert historique.dates(depot) == {
        "fiches/1.07-videosurveillance.md": dt.date(2020, 5, 2),
        "docs/stratégie/cadre.md": dt.date(2021, 7, 3),  # the committer's day, not UTC's
        "data/axes.yml": dt.date(2019, 3, 1),
    }


def test_racine_dans_un_sous_dossier_du_depot(depot: Path):
    assert historique.dates(depot / "fiches") == {"1.07-videosurveillance.md": dt.date(2020, 5, 2)}


def test_clone_superficiel_ne_date_pas_le_commit_greffe(depot: Path, tmp_path: Path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", depot.as_uri(), str(clone))
    assert (clone / ".git" / "shallow").exists()
    # Boundary = "deux" (grafted: looks like it adds every file). Only "trois" is trustworthy.
    assert historique.dates(clone) == {"docs/stratégie/cadre.md": dt.date(2021, 7, 3)}
    clone1 = tmp_path / "clone1"
    git(tmp_path, "clone", "-q", "--depth", "1", depot.as_uri(), str(clone1))
    assert historique.dates(clone1) == {}


def test_sans_dossier_git(tmp_path: Path):
    (tmp_path / "fiches").mkdir()
    assert historique.dates(tmp_path / "fiches") == {}


def test_sans_programme_git(depot: Path, monkeypatch, tmp_path: Path):
    vide = tmp_path / "bin-vide"
    vide.mkdir()
    monkeypatch.setenv("PATH", str(vide))
    assert historique.dates(depot) == {}


def test_depot_casse(depot: Path):
    (depot / ".git" / "HEAD").write_text("n'importe quoi\n", encoding="utf-8")
    assert historique.dates(depot) == {}


def test_un_seul_git_log_tant_que_head_ne_bouge_pas(depot: Path, monkeypatch):
    appels = []
    vrai = historique._git_log
    monkeypatch.setattr(historique, "_git_log", lambda r: appels.append(r) or vrai(r))
    premier = historique.dates(depot)
    assert historique.dates(depot) == premier and len(appels) == 1
    ecrire(depot, "data/axes.yml", "v2")
    git(depot, "commit", "-q", "-am", "quatre", date="2022-01-10T09:00:00+01:00")
    assert historique.dates(depot)["data/axes.yml"] == dt.date(2022, 1, 10)
    assert len(appels) == 2


def test_analyser_sortie_brute():
    sortie = (
        b"\x1eaaa\x1f2021-07-03\x00\nb.md\x00"
        b"\x1ebbb\x1f2020-05-02\x00\na.md\x00b.md\x00"
        b"\x1eccc\x1fpas-une-date\x00\nc.md\x00"
    )
    assert historique.analyser(sortie) == {"b.md": dt.date(2021, 7, 3), "a.md": dt.date(2020, 5, 2)}
    assert historique.analyser(sortie, {"bbb"}) == {"b.md": dt.date(2021, 7, 3)}
    assert historique.analyser(b"") == {}
