"""The sources loaded and an edition prepared in a forked child (macros/outils/preparation.py),
handed back through a pipe: the same corpus and pages as computed here; a child that fails or
is killed is reported, never taken for a success."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from conftest import DATE_REEL

from macros.domaine.editions import Edition
from macros.export import generes
from macros.lecture.sources import charger_corpus
from macros.outils import preparation

RACINE = Path(__file__).resolve().parent.parent


def test_what_the_child_hands_over_is_what_this_process_computes(monkeypatch):
    monkeypatch.setenv("STSPD_DATE", DATE_REEL)
    recu = preparation.lancer(RACINE, ("intranet",)).resultat()
    assert recu is not None
    corpus = charger_corpus(RACINE)
    assert [f.id for f in recu.corpus.fiches] == [f.id for f in corpus.fiches]
    assert recu.corpus.fiches == corpus.fiches and recu.corpus.commune == corpus.commune
    assert str(recu.aujourdhui) == DATE_REEL
    assert set(recu.generes) == {"intranet"}  # the public edition prepares its own
    attendu = generes.preparer(corpus, Edition("intranet", corpus), recu.aujourdhui)
    assert recu.generes["intranet"] == attendu
    assert len(attendu.pages) > 10 and attendu.ressources


def test_refused_sources_are_no_result(tmp_path: Path, capfd):
    recu = preparation.lancer(tmp_path, ("intranet",)).resultat()  # an empty folder: no profile
    assert recu is None
    assert "commune.yml" in capfd.readouterr().err  # the child said why, in French


def test_a_child_killed_is_said(capsys):
    lecture, ecriture = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.kill(os.getpid(), signal.SIGKILL)
    os.close(ecriture)
    assert preparation.Preparation(pid, lecture).resultat() is None
    assert "interrompue (signal 9)" in capsys.readouterr().err


def test_an_edition_is_never_given_another_editions_pages(monkeypatch, tmp_path: Path):
    """The public build handed the intranet's prepared pages (a wiring mistake) ignores them
    and makes its own: intranet pages and files never reach it that way."""
    from macros.moteur import etat

    monkeypatch.setenv("STSPD_DATE", DATE_REEL)
    corpus = charger_corpus(RACINE)
    aujourdhui = etat.date_du_build()
    intranet = generes.preparer(corpus, Edition("intranet", corpus), aujourdhui)
    monkeypatch.setattr(etat, "_ETATS", {})
    etat.fournir(corpus, aujourdhui, intranet)
    try:
        config = {
            "extra": {"edition": "public"},
            "config_file_path": str(RACINE / "mkdocs.yml"),
            "site_dir": str(tmp_path),
        }
        assert etat.etat(config).generes is None
        etat._ETATS.clear()
        config["extra"]["edition"] = "intranet"
        assert etat.etat(config).generes is intranet
    finally:
        etat.fournir(None)
