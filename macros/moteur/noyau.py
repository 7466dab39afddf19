"""The one place that picks the engine: MkDocs 1.6 or ProperDocs, its maintained fork.

ProperDocs is a drop-in replacement: importing ``properdocs.replacement`` makes every
``mkdocs.*`` import (Material, mkdocs-macros, our hooks) resolve to ``properdocs.*``, so the
theme and plugins, which import ``mkdocs`` by name, run on ProperDocs unchanged. ProperDocs
finds plugins and themes through the ``mkdocs.plugins`` / ``mkdocs.themes`` entry points as
well as its own, so Material and mkdocs-macros need nothing more.

Which one:
- when an engine is already running (``mkdocs serve``, ``properdocs build -f mkdocs.yml``),
  that one: mixing both would give the theme and our hooks two different ``PluginError``;
- otherwise ``STSPD_MOTEUR=properdocs`` (``python -m macros site``, ``make site``), MkDocs by
  default.

Every other module of ``macros/moteur/`` imports the engine's names from here.
"""

from __future__ import annotations

import os
import sys

from macros.lecture.erreurs import ErreurSite

MOTEURS = ("mkdocs", "properdocs")
VARIABLE = "STSPD_MOTEUR"


def _choisir() -> str:
    deja = sys.modules.get("mkdocs")
    if deja is not None:  # started by an engine's own command line, or already chosen
        return "properdocs" if deja.__name__ == "properdocs" else "mkdocs"
    choix = os.environ.get(VARIABLE, "").strip().lower() or "mkdocs"
    if choix not in MOTEURS:
        raise ErreurSite(
            f"variable d'environnement {VARIABLE}=« {choix} » : moteur inconnu. "
            f"Valeurs possibles : {', '.join(MOTEURS)} (par défaut : mkdocs)."
        )
    if choix == "properdocs":
        try:
            import properdocs.replacement  # noqa: F401 (from now on, `mkdocs.*` is ProperDocs)
        except ImportError:
            raise ErreurSite(
                f"{VARIABLE}=properdocs, mais ProperDocs n'est pas installé : installez les "
                "dépendances de développement (.venv/bin/python -m pip install properdocs==1.6.7)."
            ) from None
    return choix


NOM = _choisir()

# After the choice: with ProperDocs these are its classes, under their MkDocs names.
from mkdocs import exceptions  # noqa: E402
from mkdocs.config import load_config  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

PluginError = exceptions.PluginError
Abort = exceptions.Abort
ErreurMoteur = exceptions.MkDocsException

__all__ = ["NOM", "Abort", "ErreurMoteur", "File", "Files", "PluginError", "load_config", "version"]


def version() -> str:
    """The running engine and its version, e.g. « properdocs 1.6.7 »."""
    from importlib import metadata

    return f"{NOM} {metadata.version(NOM)}"
