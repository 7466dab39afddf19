"""Run one command and measure it: wall time, CPU time, peak memory, chart statistics.

Memory, two figures:

- ``rss_max``: the largest peak resident set size of any single process of the command
  (the process itself or any descendant it waited for). Exact, from the kernel: the
  ``rusage`` returned by ``wait4`` for the child (``RUSAGE_BOTH`` of that child). This is
  what one build process needs.
- ``rss_somme``: the peaks of the Python processes alive at the same time, added up, at the
  moment that sum is largest (each writes its own ``ru_maxrss``, start and end at exit, see
  ``_site/sitecustomize.py``; a process's peak is counted for its whole life). ``python -m
  macros site`` runs its two editions at the same time, beside the parent, so this is an
  upper bound of the memory the whole command holds at once (reached when both peaks
  coincide, which for two builds of the same corpus they nearly do). The process that loads
  the sources ends before the editions start: it is not counted with them. No sampling:
  nothing runs beside the build.

``/usr/bin/time -v`` would give the first figure only, and ``getrusage(RUSAGE_CHILDREN)``
in this process keeps the maximum over every command run so far; ``wait4`` gives each
command its own figure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SITE = Path(__file__).resolve().parent / "_site"


@dataclass
class Mesure:
    duree: float  # wall-clock seconds
    cpu: float  # user + system seconds of the process and its descendants
    rss_max: int  # KiB, largest single process
    rss_somme: int  # KiB, sum of the peaks of the Python processes (upper bound at once)
    code: int
    sortie: str
    graphiques: dict = field(default_factory=dict)  # dessines, en_cache (summed over processes)
    processus: list = field(default_factory=list)


def environnement(extra: dict | None = None) -> dict:
    # As make runs the build (Makefile): Python keeps each module's compiled form, so a warm
    # build does not compile the engine again (a first build does, and is measured as such).
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SITE), env.get("PYTHONPATH", "")) if p)
    env.update(extra or {})
    return env


def lancer(cmd: list[str], cwd: Path, env: dict | None = None) -> Mesure:
    """Run ``cmd`` (a list, no shell) in ``cwd``; wait for it and measure it."""
    stats = Path(tempfile.mkdtemp(prefix="bench-stats-"))
    try:
        proc_env = environnement(env)
        proc_env["BENCH_STATS_DIR"] = str(stats)
        morceaux: list[str] = []
        debut = time.perf_counter()
        p = subprocess.Popen(
            cmd,
            cwd=cwd,
            env=proc_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        lecteur = threading.Thread(target=lambda: morceaux.append(p.stdout.read()), daemon=True)
        lecteur.start()
        _, statut, usage = os.wait4(p.pid, 0)
        duree = time.perf_counter() - debut
        p.returncode = os.waitstatus_to_exitcode(statut)
        lecteur.join()
        p.stdout.close()
        processus = []
        for f in sorted(stats.glob("*.json")):
            try:
                processus.append(json.loads(f.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                pass
        graphiques: dict = {}
        for d in processus:
            for cle, v in (d.get("graphiques") or {}).items():
                graphiques[cle] = graphiques.get(cle, 0) + v
        return Mesure(
            duree=duree,
            cpu=usage.ru_utime + usage.ru_stime,
            rss_max=usage.ru_maxrss,
            rss_somme=somme_simultanee(processus) or usage.ru_maxrss,
            code=p.returncode,
            sortie="".join(morceaux),
            graphiques=graphiques,
            processus=processus,
        )
    finally:
        shutil.rmtree(stats, ignore_errors=True)


def somme_simultanee(processus: list[dict]) -> int:
    """The largest sum of the peaks (KiB) of processes alive at one moment; a process without
    its start and end (an older record) is counted as alive throughout."""

    def vie(d: dict) -> tuple[float, float]:
        return d.get("debut", float("-inf")), d.get("fin", float("inf"))

    return max(
        (sum(d.get("rss_ko", 0) for d in processus if vie(d)[0] <= vie(p)[0] < vie(d)[1]) for p in processus),
        default=0,
    )


def python(*args: str, cwd: Path, env: dict | None = None) -> Mesure:
    return lancer([sys.executable, *args], cwd=cwd, env=env)
