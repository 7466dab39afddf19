"""MkDocs hooks file used by the bench only: capture what our build hands to Markdown.

Added (after ``macros/hooks.py``) by the capture configs that ``bench.plain`` writes. With
the lowest priority, each event runs after our plugin and hooks, so it sees:

- ``on_config``: the final nav (fiches expanded, pages outside the edition pruned) and
  ``extra`` (the CSP our hooks put there);
- ``on_files``: every static file of the site (docs assets and generated files), copied;
- ``on_page_markdown``: the final Markdown of every page (macros expanded, fiche header,
  journal, abbreviations…) with its front matter, written as a plain ``.md`` page, and its
  final title (the nav's titles are replaced by them);
- ``on_env``: the files our hooks write beside the pages (charts, CSV, JSON); then the
  process exits: templates, search index and HTML are not needed for the capture.

The result, in ``$BENCH_CAPTURE``, is a ``docs/`` folder that plain MkDocs + Material can
build into the same pages without our macros and hooks.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

DEST = Path(os.environ.get("BENCH_CAPTURE", "bench-capture"))


def _docs() -> Path:
    return DEST / "docs"


@event_priority(-100)
def on_config(config):
    if DEST.exists():
        shutil.rmtree(DEST)
    _docs().mkdir(parents=True)
    (DEST / "nav.json").write_text(json.dumps(config.get("nav"), ensure_ascii=False), encoding="utf-8")
    # `extra` as our on_config leaves it (the CSP of every page's <meta>, among others).
    (DEST / "extra.json").write_text(json.dumps(dict(config.get("extra") or {}), ensure_ascii=False), encoding="utf-8")
    # What the commune profile sets (macros/rendu/profil.py): names, addresses, colours, logo.
    theme = config["theme"]
    reglages = {cle: config.get(cle) for cle in ("site_name", "site_description", "copyright", "site_url")}
    reglages["palette"] = theme["palette"] if "palette" in theme else None
    reglages["logo"] = theme["logo"] if "logo" in theme else None
    (DEST / "reglages.json").write_text(json.dumps(reglages, ensure_ascii=False, default=str), encoding="utf-8")
    return config


_TITRES: dict[str, str] = {}


@event_priority(-100)
def on_files(files, config):
    docs_dir = os.path.normpath(config["docs_dir"])
    for f in files:
        if f.is_documentation_page() or f.inclusion.is_excluded():
            continue
        depuis_docs = f.src_dir is not None and os.path.normpath(f.src_dir) == docs_dir
        if not (depuis_docs or f.generated_by):
            continue  # theme files: the plain build copies them from the theme itself
        cible = _docs() / f.src_uri
        cible.parent.mkdir(parents=True, exist_ok=True)
        if f.abs_src_path:
            shutil.copyfile(f.abs_src_path, cible)
        else:
            cible.write_bytes(f.content_bytes)
    return files


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    cible = _docs() / page.file.src_uri
    cible.parent.mkdir(parents=True, exist_ok=True)
    texte = markdown
    if page.meta:
        texte = "---\n" + yaml.safe_dump(dict(page.meta), allow_unicode=True, sort_keys=False) + "---\n\n" + markdown
    cible.write_text(texte, encoding="utf-8")
    if isinstance(page.meta.get("title"), str):  # our hooks retitle such a page, even one the nav names
        _TITRES[page.file.src_uri] = str(page.title)
    return ""  # nothing to convert: the capture needs the Markdown, not the HTML


def _octets(contenu) -> bytes:
    """A generated file as our on_post_build writes it (tables become CSV, macros/export/csv.py)."""
    try:
        from macros.export import csv as donnees_csv
    except ImportError:  # an engine without it: files are bytes already
        return contenu
    return donnees_csv.octets(contenu)


@event_priority(-100)
def on_env(env, config, files):
    """Every page's Markdown is captured: write the generated files, then stop the build.

    MkDocs calls ``on_env`` after every page has gone through the Markdown events and before
    any template is rendered: the rest of the build (Markdown to HTML already skipped, see
    ``on_page_markdown``; templates, search index, sitemap) is not needed for the capture.
    """
    try:
        from macros.moteur import etat as adapter
    except ImportError:
        adapter = None
    e = adapter._ETATS.get(id(config)) if adapter is not None else None
    for chemin, contenu in (getattr(e, "ressources", None) or {}).items():
        cible = _docs() / chemin
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_bytes(_octets(contenu))
    if e is not None:  # written by our on_post_build; a static file of the plain build
        from macros.domaine import securite

        (_docs() / "robots.txt").write_text(securite.ROBOTS[e.edition.nom], encoding="utf-8")
    (DEST / "titres.json").write_text(json.dumps(_TITRES, ensure_ascii=False), encoding="utf-8")
    (DEST / "fini").write_text("ok", encoding="utf-8")
    ecrire_stats = getattr(sys.modules.get("sitecustomize"), "ecrire_stats", None)
    if ecrire_stats is not None:
        ecrire_stats()  # os._exit skips atexit: write the chart statistics now
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
