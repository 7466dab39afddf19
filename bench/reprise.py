"""Rebuild after a one-fiche edit, measured the way ``make serve`` rebuilds.

``mkdocs serve`` builds once, then on every change calls its ``builder()``: a fresh
``load_config`` and a full ``build(config, serve_url=…)`` *in the same process*, so Python
imports, matplotlib, Jinja's template cache and the chart cache on disk are warm. This
worker does exactly that (the code of ``mkdocs.commands.serve``, without the HTTP server and
the file watcher): a first build, then ``n`` times "edit one fiche, rebuild", and prints one
JSON line with each rebuild's duration and chart statistics.

    python -m bench.reprise <mkdocs.yml> <fiche> <n>

The fiche gets one more sentence each time (as a coordinator adding a line); it is put
back as it was at the end. Timing a second ``mkdocs build`` process instead would add the
interpreter start and every import (~1 s) that ``make serve`` never pays again.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    config_file, fiche, n = Path(argv[0]).resolve(), Path(argv[1]).resolve(), int(argv[2])
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = tempfile.mkdtemp(prefix="bench-serve-")
    serve_url = "http://127.0.0.1:8000/"

    def get_config():
        config = load_config(config_file=str(config_file), site_dir=site_dir)
        config.site_url = serve_url
        return config

    def stats() -> tuple[int, int]:
        s = getattr(sys.modules.get("macros.rendu.graphiques"), "STATS", None)
        return (getattr(s, "dessines", 0), getattr(s, "en_cache", 0)) if s is not None else (0, 0)

    original = fiche.read_bytes()
    config = get_config()
    config.plugins.on_startup(command="serve", dirty=False)
    resultats: dict = {"reconstructions": []}
    try:
        debut = time.perf_counter()
        build(config, serve_url=serve_url)
        resultats["premiere"] = time.perf_counter() - debut
        for i in range(n):
            fiche.write_bytes(original + f"\n\nPoint d'étape ajouté pendant le bench ({i + 1}).\n".encode())
            avant = stats()
            debut = time.perf_counter()
            build(get_config(), serve_url=serve_url)  # serve's builder(): fresh config, full build
            duree = time.perf_counter() - debut
            apres = stats()
            resultats["reconstructions"].append(
                {"duree": duree, "dessines": apres[0] - avant[0], "en_cache": apres[1] - avant[1]}
            )
    finally:
        fiche.write_bytes(original)
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    print("BENCH-REPRISE " + json.dumps(resultats))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
