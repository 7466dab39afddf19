"""Both editions built from one loaded corpus: one process per edition, forked.

``python -m macros site`` and ``make rapport`` load and validate the sources once, then call
``construire``. It imports the engine, the theme, the plugins and our own modules once, here,
then forks one child per edition: each child starts with all of it already in memory (shared,
copy on write), puts the corpus into the per-build state (``etat.fournir``) and runs the
engine's own build, as ``mkdocs build --strict --clean`` would. Before this, each edition was
a ``mkdocs build`` process of its own that imported everything and loaded the sources again:
three loads per ``make site`` (issue 12).

A child's messages (the engine's log, in its command line's format, anything printed, a
traceback) go to a temporary file the parent reads once the child has exited; the parent
gets each edition's exit status and messages, and decides (swap the site in, or keep the old).
"""

from __future__ import annotations

import copy
import gc
import importlib
import logging
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

from macros.domaine.corpus import Corpus
from macros.export.generes import Generes
from macros.moteur import etat, noyau

CONFIGS = {"public": "mkdocs.yml", "intranet": "mkdocs.intranet.yml"}

# Imported before the fork, so that neither child pays for it: the engine's build, the theme
# and its plugins, mkdocs-macros, the Markdown extensions of mkdocs.yml, our hooks and macros.
# A module missing here is only imported later, in each child: slower, never wrong. (The
# list: what a build of the real content imports that this process had not, sys.modules.)
_A_PRECHARGER = (
    "mkdocs.commands.build",
    "mkdocs.config.defaults",
    "mkdocs.contrib.search",
    "mkdocs.structure.pages",
    "mkdocs.structure.nav",
    "mkdocs.theme",
    "mkdocs.__main__",
    "material",
    "material.plugins.search.plugin",
    "material.templates",
    "mkdocs_macros.plugin",
    "markdown.extensions.abbr",
    "markdown.extensions.admonition",
    "markdown.extensions.attr_list",
    "markdown.extensions.def_list",
    "markdown.extensions.md_in_html",
    "markdown.extensions.tables",
    "markdown.extensions.toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "pymdownx.highlight",
    "pygments.formatters",
    "pygments.lexers",
    "colorama",
    "dateutil.rrule",
    "feedgen.feed",  # the Atom feed (macros/export/flux.py), imported on first use
    "icalendar",  # the meetings' calendar (macros/rendu/calendrier.py), likewise
    "lxml.etree",
    "macros.moteur.compilation",
    "macros.moteur.enregistrement",
    "macros.moteur.hooks",
    "macros.moteur.indicateurs",
)


@dataclass
class Resultat:
    """One edition's build: the child's exit status and everything it printed."""

    code: int
    sortie: str


def precharger(racine: Path | None = None) -> None:
    """Import ``_A_PRECHARGER``. With ``racine``, the project being built, also read
    mkdocs-macros' git facts meanwhile, on a thread (git works while this process imports):
    once for both editions instead of 12 ``git`` commands in each."""
    fil = None
    if racine is not None and Path.cwd().resolve() == racine.resolve():  # mkdocs-macros asks git in the cwd
        fil = threading.Thread(target=_git_macros, daemon=True)
        fil.start()
    for nom in _A_PRECHARGER:
        try:
            importlib.import_module(nom)
        except ImportError:  # a module another version of a package no longer has
            pass
    if fil is not None:
        fil.join()  # before any fork: a child never inherits a thread midway


def _git_macros() -> None:
    """mkdocs-macros' ``git`` page variable (``context.get_git_info``: commit, tag, author… of
    the working folder) read now, and each edition's build given a copy of it: the same facts,
    read once per ``make site`` (they cannot change in between)."""
    try:
        from mkdocs_macros import context
    except ImportError:
        return
    lire = getattr(context, "get_git_info", None)
    if lire is None or getattr(lire, "_stspd", False):
        return
    info = lire()

    def copie() -> Any:
        return copy.deepcopy(info)

    copie._stspd = True  # type: ignore[attr-defined]
    context.get_git_info = copie


def _build(fichier: Path, dest: Path) -> int:
    """What ``mkdocs build --strict --clean -f fichier -d dest`` does (mkdocs/__main__.py,
    ``build_command``), in this process."""
    from mkdocs.commands import build

    # The engine's log set up as its command line does, with its format when not on a terminal
    # (``LEVEL   -  message``, no colours): ProperDocs also routes the ``mkdocs`` logger that
    # Material and mkdocs-macros write to into its own.
    principal = importlib.import_module(f"{noyau.NOM}.__main__")
    journal = principal.State()
    journal.stream.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    principal._enable_warnings()  # Python warnings into the engine's log, as its command line does
    logging.getLogger("mkdocs.plugins.stspd").info("Moteur : %s", noyau.version())  # shown with --verbeux
    try:
        config = noyau.load_config(config_file=str(fichier), site_dir=str(dest), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build.build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
    except noyau.Abort as exc:  # printed as the command line does: a blank line, then the message
        print("\n" + exc.format_message(), file=sys.stderr)
        return 1
    except noyau.ErreurMoteur as exc:
        print(f"Error: {exc.format_message()}", file=sys.stderr)
        return 1
    return 0


def _enfant(
    racine: Path, edition: str, dest: Path, corpus: Corpus, aujourdhui: date, generes: Generes | None, sortie: IO[bytes]
) -> None:
    """The forked child: build one edition, then leave without returning into the parent's code."""
    code = 1
    try:
        os.dup2(sortie.fileno(), 1)
        os.dup2(sortie.fileno(), 2)
        os.chdir(racine)
        gc.enable()  # off in `python -m macros site` while it imports (macros/__main__.py)
        etat.fournir(corpus, aujourdhui, generes)
        code = _build(racine / CONFIGS[edition], dest)
    except BaseException:  # noqa: BLE001 - a crash is reported like the command line's traceback
        traceback.print_exc()
        code = 1
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)  # never unwind into the parent's stack (its finally blocks, its tests)


def construire(
    racine: Path,
    corpus: Corpus,
    aujourdhui: date,
    destinations: dict[str, Path],
    pendant: Callable[[], None] | None = None,
    generes: dict[str, Generes] | None = None,
) -> dict[str, Resultat]:
    """Build each edition of ``destinations`` (edition → output folder) from ``corpus``, all at
    once, one forked process each. Returns each edition's exit status and output.

    ``pendant`` runs in this process while the children build (it would only wait otherwise):
    slow disk work that needs no CPU, started after the fork so that no thread is ever forked.
    ``generes``: each edition's generated pages and files, already computed with the corpus
    (``export/generes.py``); an edition without them computes its own."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # Material's banner about MkDocs 2.0
    precharger()
    sys.stdout.flush()
    sys.stderr.flush()  # else what is still buffered here would be printed again by each child
    # Everything loaded so far is moved out of the collector's reach: the children's
    # collections then skip it instead of walking (and so copying) every shared page. Not
    # collected first (0.03 s): what is garbage here is a few objects, freed with the child.
    gc.freeze()
    enfants: dict[str, tuple[int, IO[bytes]]] = {}
    resultats: dict[str, Resultat] = {}
    try:
        for edition, dest in destinations.items():
            journal: IO[bytes] = tempfile.TemporaryFile(prefix=f"stspd-{edition}-")
            pid = os.fork()
            if pid == 0:
                _enfant(racine, edition, dest, corpus, aujourdhui, (generes or {}).get(edition), journal)
            enfants[edition] = (pid, journal)
        if pendant is not None:
            pendant()
        for edition, (pid, journal) in enfants.items():
            _, statut = os.waitpid(pid, 0)
            journal.seek(0)
            texte = journal.read().decode("utf-8", errors="replace")
            resultats[edition] = Resultat(os.waitstatus_to_exitcode(statut), texte)
    finally:
        for edition, (pid, journal) in enfants.items():
            if edition not in resultats:  # interrupted: stop the children still running
                try:
                    os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
                except (ProcessLookupError, ChildProcessError):
                    pass
            journal.close()
        gc.unfreeze()
    return resultats
