"""The sources loaded, and an edition prepared, in a process of their own while this one
imports the engine.

``python -m macros site`` needs two things before it can fork its editions: the engine in
memory (MkDocs, the theme, the plugins, our modules: about 0.2 s of imports) and the corpus
(the sources read and validated, the stale-meeting warnings). Neither needs the other, so
``lancer`` forks a child that does the second while the parent does the first, on the other
core; ``Preparation.resultat`` then receives the child's work (pickled, through a pipe) or
learns that it failed. The child also computes the generated pages and open-data files of
the editions it is asked for (``export/generes.py``): ``make site`` asks for the intranet's,
the longer build of the two, which then starts with them done.

The child prints what the user must read (every problem in the sources, the warnings) itself,
in the order it used to be printed; it loads the sources once, as before: this is still the
only load of a ``make site``. It also reads the pages' git dates, which it needs for the open
data, and hands them over, so that ``git log`` runs once.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import sys
import threading
import traceback
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.export import generes
from macros.lecture import historique
from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus


@dataclass
class Prepare:
    """What the child hands over: the corpus, the date it was judged with, each edition's
    generated content (an edition the child could not prepare is missing: its build computes
    it, and reports the error there), and the pages' git dates."""

    corpus: Corpus
    aujourdhui: date
    generes: dict[str, generes.Generes]
    git: tuple | None


def avertir(corpus: Corpus) -> int:
    """Print what time made stale (a past meeting still « à venir »): warnings, exit 0."""
    from macros.lecture import reunions
    from macros.moteur import etat as adapter

    try:
        aujourdhui = adapter.date_du_build()
    except adapter.ErreurSite as exc:
        print(exc, file=sys.stderr)
        return 1
    avertissements = reunions.avertissements(corpus.racine, corpus.reunions, corpus.comptes_rendus, aujourdhui)
    for a in avertissements:
        print(f"Attention : {a}", file=sys.stderr)
    return 0


def preparer(racine: Path, editions: tuple[str, ...]) -> Prepare | None:
    """Load, validate, warn, prepare each edition (None: the sources are refused, and why has
    been printed)."""
    # The git dates are read while the sources load: git works while this process parses.
    git = threading.Thread(target=historique.dates, args=(racine,), daemon=True)
    git.start()
    try:
        corpus = charger_corpus(racine)  # the only load: both editions are built from it
    except SourcesInvalides as exc:  # every problem listed (a wrong STSPD_DATE among them)
        print(exc.rapport(), file=sys.stderr)
        return None
    if avertir(corpus):
        return None
    from macros.moteur import etat as adapter

    aujourdhui = adapter.date_du_build()  # valid: avertir() checked it; the date the gate used
    git.join()
    prepares: dict[str, generes.Generes] = {}
    for nom in editions:
        try:
            prepares[nom] = generes.preparer(corpus, Edition(nom, corpus), aujourdhui)
        except Exception:  # noqa: BLE001 - the edition's own build meets it again and says it in French
            continue
    return Prepare(corpus, aujourdhui, prepares, historique.memoire(racine))


class Preparation:
    """The child started by ``lancer``; ``resultat()`` waits for it."""

    def __init__(self, pid: int, lecture: int):
        self.pid, self._lecture = pid, lecture
        self._fini = False

    def resultat(self) -> Prepare | None:
        """The child's work, or None if it failed (it has printed why)."""
        prepare: Prepare | None = None
        with os.fdopen(self._lecture, "rb") as flux:
            try:
                prepare = pickle.load(flux)  # read as it comes: never the whole pickle in memory twice
            except (EOFError, pickle.UnpicklingError):  # nothing sent (refused sources), or cut short
                prepare = None
        _, statut = os.waitpid(self.pid, 0)
        self._fini = True
        code = os.waitstatus_to_exitcode(statut)
        if code < 0:  # killed (out of memory, …): nobody else would say it
            print(
                f"La lecture des sources a été interrompue (signal {-code}) : rien n'a été construit.", file=sys.stderr
            )
        if code != 0 or prepare is None:
            return None
        if prepare.git is not None:
            historique.retenir(prepare.corpus.racine, prepare.git)
        return prepare

    def arreter(self) -> None:
        """Stop the child if it is still running (this process was interrupted)."""
        if self._fini:
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        self._fini = True


def lancer(racine: Path, editions: tuple[str, ...]) -> Preparation:
    """Fork the child that prepares ``editions`` from the sources of ``racine``; returns at once."""
    sys.stdout.flush()
    sys.stderr.flush()  # else what is still buffered here would be printed again by the child
    lecture, ecriture = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        os.close(lecture)
        gc.enable()  # off in `python -m macros site` while it imports (macros/__main__.py)
        code = 1
        try:
            prepare = preparer(racine, editions)
            if prepare is not None:
                with os.fdopen(ecriture, "wb") as flux:
                    pickle.dump(prepare, flux, protocol=pickle.HIGHEST_PROTOCOL)
                code = 0
        except KeyboardInterrupt:
            code = 130
        except BrokenPipeError:  # the parent stopped waiting (interrupted)
            code = 1
        except BaseException:  # noqa: BLE001 - a crash is reported like a traceback, exit 1
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    os.close(ecriture)
    return Preparation(pid, lecture)
