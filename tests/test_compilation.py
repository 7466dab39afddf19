"""The pages' Jinja templates kept compiled between builds (macros/moteur/compilation.py):
read back only for the same text, the same Jinja and the same filters; errors never kept."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from macros.moteur import compilation
from macros.rendu import graphiques


@pytest.fixture
def projet(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.delenv(graphiques.VARIABLE_CACHE, raising=False)  # the project's own .cache/
    return tmp_path


def environnement(projet: Path, **reglages) -> jinja2.Environment:
    env = jinja2.Environment(**reglages)
    compilation.garder(env, projet)
    return env


def fichiers(projet: Path) -> list[Path]:
    return sorted((projet / compilation.CACHE).glob("*.code"))


def test_a_page_compiled_once_is_read_back_by_the_next_build(projet: Path):
    page = "Bonjour {{ nom | upper }} : {% for i in range(3) %}{{ i }}{% endfor %}"
    premier = environnement(projet)
    assert premier.from_string(page).render(nom="Mons") == "Bonjour MONS : 012"
    assert (premier.compile.compiles, premier.compile.lus) == (1, 0)
    assert len(fichiers(projet)) == 1
    suivant = environnement(projet)  # the next edition, or the next build
    assert suivant.from_string(page).render(nom="Lille") == "Bonjour LILLE : 012"
    assert (suivant.compile.compiles, suivant.compile.lus) == (0, 1)
    suivant.from_string(page + " ")  # another text: compiled
    assert (suivant.compile.compiles, len(fichiers(projet))) == (1, 2)


def test_a_changed_filter_or_syntax_is_another_key(projet: Path):
    page = "{{ 'abc' | cri }}"  # Jinja folds a filter of a constant at compile time
    a = environnement(projet)
    a.filters["cri"] = lambda v: v.upper()
    assert a.from_string(page).render() == "ABC"
    b = environnement(projet)
    b.filters["cri"] = lambda v: v + "!"
    assert b.from_string(page).render() == "abc!"  # not the folded « ABC » of the cache
    assert b.compile.lus == 0
    c = environnement(projet, variable_start_string="[[", variable_end_string="]]")
    c.filters["cri"] = a.filters["cri"]
    assert c.from_string(page).render() == page  # other delimiters: not a variable at all
    assert c.compile.lus == 0


def test_errors_are_never_kept(projet: Path):
    env = environnement(projet)
    for _ in range(2):
        with pytest.raises(jinja2.TemplateSyntaxError):
            env.from_string("{% for %}")
    assert env.compile.compiles == 0 and fichiers(projet) == []


def test_an_environment_it_cannot_key_is_left_alone(projet: Path):
    env = environnement(projet, autoescape=jinja2.select_autoescape())  # decided per template name
    attendu = jinja2.Environment(autoescape=jinja2.select_autoescape()).from_string("{{ x }}").render(x="<b>")
    assert env.from_string("{{ x }}").render(x="<b>") == attendu
    assert fichiers(projet) == [] and env.compile.compiles == 0
    compilation.garder(env, projet)  # once per environment
    assert not isinstance(env.compile.compiler, compilation._Compiler)
