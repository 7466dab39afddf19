"""Benchmark of the site build (issue #8): ``python -m bench`` (``make bench``).

- ``corpus``   copies the real content, or generates a synthetic metropolis: N communes,
               each with its strategy pages, 3 axes, 20 fiches (journal, indicators),
               minutes over several years and its own indicator tables; deterministic.
- ``plain``    the "plain Material" baseline: the same final Markdown, captured from our
               build, built by MkDocs + Material without our macros and hooks.
- ``mesure``   runs a command and measures wall time, peak memory and chart statistics.
- ``reprise``  the rebuild after a one-fiche edit, in one process, as ``mkdocs serve`` does.
- ``__main__`` runs everything and writes ``BENCHMARKS.md``.

Outputs (corpora, sites, profiles) go to ``bench/out/`` (git-ignored).
"""
