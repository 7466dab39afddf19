"""Loaded by every Python process of a measured build (``PYTHONPATH`` set by bench.mesure).

When ``BENCH_STATS_DIR`` is set, each process writes at exit, into that folder, one JSON
file: its own peak RSS, CPU time, start and end (wall clock), and the chart statistics of ``macros.rendu.graphiques`` if the
build imported it (charts drawn vs read from the cache). A forked child writes its own file
when it leaves with ``os._exit``. Nothing else is changed.
"""

import atexit
import json
import os
import resource
import sys
import time

_DOSSIER = os.environ.get("BENCH_STATS_DIR")

if _DOSSIER:
    _DEBUT = time.perf_counter()
    _NE = time.time()  # when this process started (reset in a forked child), for the overlap of lives

    def ecrire_stats() -> None:
        r = resource.getrusage(resource.RUSAGE_SELF)
        donnees = {
            "pid": os.getpid(),
            "argv": sys.argv[:4],
            "rss_ko": r.ru_maxrss,
            "cpu": r.ru_utime + r.ru_stime,
            "duree": time.perf_counter() - _DEBUT,
            "debut": _NE,
            "fin": time.time(),
        }
        graphiques = sys.modules.get("macros.rendu.graphiques") or sys.modules.get("macros.charts")
        stats = getattr(graphiques, "STATS", None)
        if stats is not None:
            donnees["graphiques"] = {
                "dessines": getattr(stats, "dessines", 0),
                "en_cache": getattr(stats, "en_cache", 0),
                "duree_dessin": getattr(stats, "duree_dessin", 0.0),
            }
        try:
            with open(os.path.join(_DOSSIER, f"{os.getpid()}.json"), "w", encoding="utf-8") as f:
                json.dump(donnees, f)
        except OSError:
            pass

    atexit.register(ecrire_stats)

    def _apres_fork() -> None:
        # `python -m macros site` forks one child per edition, which leaves with os._exit()
        # (no atexit): the child writes its own figures just before.
        global _DEBUT, _NE
        _DEBUT = time.perf_counter()
        _NE = time.time()
        sortir = os._exit

        def _exit(code: int) -> None:
            ecrire_stats()
            sortir(code)

        os._exit = _exit

    os.register_at_fork(after_in_child=_apres_fork)
