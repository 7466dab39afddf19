"""« Dernière modification » under each page comes from git history, and a build without
git works and simply shows no date."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copier_projet, lancer


def construire(projet: Path, sortie: Path) -> None:
    proc = lancer("-m", "mkdocs", "build", "-q", "-d", str(sortie), cwd=projet)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_date_of_last_commit_is_shown(tmp_path: Path):
    projet = copier_projet(tmp_path / "projet")
    env = dict(
        os.environ,
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@t.invalid",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@t.invalid",
        GIT_AUTHOR_DATE="2024-03-05T10:00:00",
        GIT_COMMITTER_DATE="2024-03-05T10:00:00",
    )
    for cmd in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-qm", "a"]):
        subprocess.run(cmd, cwd=projet, env=env, check=True, capture_output=True)
    fiche = projet / "fiches/1.07-videosurveillance.md"
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\nAjout.\n", encoding="utf-8")
    env.update(GIT_AUTHOR_DATE="2025-01-01T10:00:00", GIT_COMMITTER_DATE="2025-01-01T10:00:00")
    subprocess.run(["git", "commit", "-qam", "b"], cwd=projet, env=env, check=True, capture_output=True)
    construire(projet, tmp_path / "site")
    html_fiche = (tmp_path / "site/fiches/1.07-videosurveillance/index.html").read_text(encoding="utf-8")
    html_page = (tmp_path / "site/strategie/cadre/index.html").read_text(encoding="utf-8")
    assert "Dernière modification : 1er\u00a0janvier 2025" in html_fiche
    assert "Dernière modification : 5 mars 2024" in html_page


def test_without_git_no_date_and_no_error(tmp_path: Path):
    projet = copier_projet(tmp_path / "projet")
    construire(projet, tmp_path / "site")
    html = (tmp_path / "site/strategie/cadre/index.html").read_text(encoding="utf-8")
    assert "Dernière modification" not in html
