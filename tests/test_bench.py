"""The benchmark's corpus generator (bench/corpus.py): deterministic, valid, scaling with N.

Fast: no site is built here (``make bench`` does that); the generated corpus is checked with
``python -m macros check``, the same validation as the build's.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import sans_trace
from helpers import check

from bench import corpus as gen
from bench.plain import _fusion, _sans_macros


def empreintes(racine: Path) -> dict[str, str]:
    return {
        p.relative_to(racine).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(racine.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def deux_communes(tmp_path_factory) -> tuple[Path, gen.Bilan]:
    racine = tmp_path_factory.mktemp("bench") / "c2"
    return racine, gen.generer(racine, 2, graine=7)


def test_same_seed_same_files(deux_communes, tmp_path):
    racine, _ = deux_communes
    gen.generer(tmp_path / "bis", 2, graine=7)
    assert empreintes(tmp_path / "bis") == empreintes(racine)


def test_other_seed_other_journal(deux_communes, tmp_path):
    racine, _ = deux_communes
    gen.generer(tmp_path / "autre", 2, graine=8)
    a, b = empreintes(racine), empreintes(tmp_path / "autre")
    assert set(a) != set(b) or a != b
    # The copied parts (code, theme) do not depend on the seed.
    assert a["macros/lecture/sources.py"] == b["macros/lecture/sources.py"]


def test_generated_corpus_passes_check(deux_communes):
    racine, bilan = deux_communes
    proc = check(racine)
    sans_trace(proc)
    assert proc.returncode == 0, proc.stderr
    assert f"{bilan.fiches} fiches" in proc.stdout
    assert f"{bilan.comptes_rendus} comptes rendus" in proc.stdout


def test_corpus_content(deux_communes):
    racine, bilan = deux_communes
    fiches = sorted((racine / "fiches").glob("*.md"))
    assert len(fiches) == bilan.fiches == 2 * gen.FICHES_PAR_COMMUNE
    assert bilan.entrees_suivi > bilan.fiches and bilan.indicateurs > 0
    texte = (racine / "fiches" / "4.07-videosurveillance-roubaix.md").read_text(encoding="utf-8")
    assert 'id: "4.7"' in texte or "id: '4.7'" in texte
    assert "axe: 4" in texte and "suivi:" in texte and "roubaix-maire" in texte
    # Each commune has its own strategy pages, with its own programme.
    assert "programme_actions(4)" in (racine / "docs/communes/roubaix/strategie/programme.md").read_text(
        encoding="utf-8"
    )
    # Text sizes of the real fiches: a generated fiche is at least as long as its model.
    reelle = (gen.RACINE / "fiches" / "1.07-videosurveillance.md").stat().st_size
    assert (racine / "fiches" / "4.07-videosurveillance-roubaix.md").stat().st_size >= reelle * 0.9


def test_size_scales_with_communes(deux_communes, tmp_path):
    _, deux = deux_communes
    un = gen.generer(tmp_path / "c1", 1, graine=7)
    quatre = gen.generer(tmp_path / "c4", 4, graine=7)
    assert (un.fiches, deux.fiches, quatre.fiches) == (20, 40, 80)
    assert un.comptes_rendus * 4 == quatre.comptes_rendus
    assert un.octets < deux.octets < quatre.octets
    # Two more communes add about twice what one more does. (A ratio of the totals would also
    # count the copied code, macros/, which does not grow with the communes.)
    assert 1.6 < (quatre.octets - deux.octets) / (deux.octets - un.octets) < 2.4
    # A commune is the same whatever the size of the corpus.
    a = (tmp_path / "c1" / "fiches" / "1.07-videosurveillance-lille.md").read_bytes()
    b = (tmp_path / "c4" / "fiches" / "1.07-videosurveillance-lille.md").read_bytes()
    assert a == b


def test_refuses_to_delete_foreign_folder(tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "important.txt").write_text("à garder", encoding="utf-8")
    with pytest.raises(SystemExit):
        gen.generer(tmp_path / "x", 1)
    assert (tmp_path / "x" / "important.txt").exists()


def test_plain_config_helpers():
    assert _fusion({"a": {"b": 1, "c": 2}, "l": [1]}, {"a": {"c": 3}, "l": [2]}) == {"a": {"b": 1, "c": 3}, "l": [2]}
    assert _sans_macros({"search": {}, "macros": {"module_name": "macros"}}) == {"search": {}}
    assert _sans_macros(["search", {"macros": {}}]) == ["search"]


def test_memory_at_once_adds_up_only_the_processes_alive_together():
    from bench.mesure import somme_simultanee

    parent = {"rss_ko": 100, "debut": 0.0, "fin": 10.0}
    lecture = {"rss_ko": 300, "debut": 1.0, "fin": 3.0}  # the sources' loader, gone before the editions
    editions = [{"rss_ko": 500, "debut": 3.5, "fin": 9.0}, {"rss_ko": 600, "debut": 3.5, "fin": 9.5}]
    assert somme_simultanee([parent, lecture, *editions]) == 100 + 500 + 600
    lecture["fin"] = 4.0  # still alive when the editions start: counted with them
    assert somme_simultanee([parent, lecture, *editions]) == 100 + 300 + 500 + 600
    assert somme_simultanee([{"rss_ko": 7}, {"rss_ko": 8}]) == 15  # records without a life: all at once
    assert somme_simultanee([]) == 0
