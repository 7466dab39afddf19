"""The accent-folding search worker (macros/recherche.py), without a browser: it is written
next to the Material worker it wraps, and a theme without that worker stops the build with a
French message. The browser tests are in test_navigateur.py (section 1b)."""

from __future__ import annotations

from pathlib import Path

import pytest

from macros.rendu import recherche


def _theme(tmp_path: Path, nom: str | None) -> str:
    dossier = tmp_path / "theme" / recherche.DOSSIER
    dossier.mkdir(parents=True)
    if nom:
        (dossier / nom).write_text("/* worker */", encoding="utf-8")
    return str(tmp_path / "theme")


def test_wrapper_is_named_after_and_loads_the_material_worker(tmp_path):
    theme = _theme(tmp_path, "search.0123abcd.min.js")
    fichiers = recherche.ressources([str(tmp_path / "vide"), theme])
    assert list(fichiers) == ["assets/javascripts/workers/plie-search.0123abcd.min.js"]
    texte = fichiers["assets/javascripts/workers/plie-search.0123abcd.min.js"].decode("utf-8")
    assert 'importScripts("search.0123abcd.min.js")' in texte
    assert "__MATERIAL_WORKER__" not in texte


def test_installed_material_has_the_worker_the_template_expects():
    from mkdocs.config import load_config

    config = load_config(str(Path(__file__).resolve().parent.parent / "mkdocs.yml"))
    nom = recherche.worker_material(config["theme"].dirs)
    assert nom.startswith("search.") and nom.endswith(".min.js"), nom
    gabarit = (Path(__file__).resolve().parent.parent / "overrides/main.html").read_text(encoding="utf-8")
    assert f'replace("workers/search.", "workers/{recherche.PREFIXE}search.")' in gabarit


def test_theme_without_search_worker_is_a_french_error(tmp_path):
    with pytest.raises(recherche.ErreurRecherche, match="introuvable dans le thème"):
        recherche.ressources([_theme(tmp_path, None)])
