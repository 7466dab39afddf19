"""What `make site` does once before forking its editions (macros/moteur/construction.py):
mkdocs-macros' git facts read once, each edition given its own copy of the same facts."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import _git
from mkdocs_macros import context

from macros.moteur import construction


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    depot = tmp_path / "projet"
    depot.mkdir()
    (depot / "a.md").write_text("a\n", encoding="utf-8")
    _git(depot, "init", "-q", date="2025-01-01T10:00:00")
    _git(depot, "add", "a.md", date="2025-01-01T10:00:00")
    _git(depot, "commit", "-q", "-m", "premier", date="2025-01-01T10:00:00")
    _git(depot, "tag", "v1", date="2025-01-01T10:00:00")
    return depot


def test_mkdocs_macros_git_facts_are_read_once_and_copied(depot: Path, monkeypatch):
    lire = context.get_git_info
    monkeypatch.setattr(context, "get_git_info", lire)  # put back after the test
    monkeypatch.chdir(depot)  # mkdocs-macros asks git in the working folder
    attendu = lire()
    assert attendu["status"] is True and attendu["tag"] == "v1" and attendu["message"] == "premier"
    construction.precharger(depot)
    assert context.get_git_info is not lire
    vu = context.get_git_info()
    assert vu == attendu
    vu["tag"] = "modifié par une page"
    assert context.get_git_info() == attendu  # each edition its own copy
    monkeypatch.setenv("PATH", "")  # no git any more: the facts were read before
    assert context.get_git_info() == attendu
    construction.precharger(depot)  # a second call does not wrap the copy again
    assert context.get_git_info() == attendu


def test_not_read_ahead_for_another_folder(depot: Path, tmp_path: Path, monkeypatch):
    lire = context.get_git_info
    monkeypatch.setattr(context, "get_git_info", lire)
    monkeypatch.chdir(tmp_path)  # not the project: mkdocs-macros would ask git about another folder
    construction.precharger(depot)
    assert context.get_git_info is lire
