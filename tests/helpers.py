"""Small projects for in-process tests, in the spirit of mkdocstrings' ``tests/helpers.py``.

A validation test needs a handful of source files, not a copy of the whole project, and it
needs no subprocess: ``projet_minimal`` writes the few files the gate cannot do without
(commune profile, actors, axes, the vendored outlines and categories) plus the real files a
test names, and ``verifier`` calls ``charger_corpus`` directly and hands back the French
report (``SourcesInvalides.rapport()``) that ``make check`` prints. Any other exception is
a bug the test reports (the CLI would have shown a traceback).

The end-to-end CLI tests (``conftest.check`` / ``lancer``) stay for a few cases, marked
``lent``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from macros.domaine.corpus import Corpus
from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus

RACINE = Path(__file__).resolve().parent.parent

# What charger_corpus refuses to do without (each missing one is a reported problem).
SOCLE = (
    "data/commune.yml",
    "data/acteurs.yml",
    "data/axes.yml",
    "data/geo/communes-voisines.geojson",
    "data/observatoire/categories.yml",
)


def projet_minimal(dest: Path, *motifs: str) -> Path:
    """``dest`` holding ``SOCLE`` and the real sources matching ``motifs`` (paths or globs
    relative to the project, e.g. ``"fiches/1.07-videosurveillance.md"``, ``"fiches/*"``)."""
    dest.mkdir(parents=True, exist_ok=True)
    rels: list[str] = list(SOCLE)
    for motif in motifs:
        trouves = sorted(p.relative_to(RACINE).as_posix() for p in RACINE.glob(motif) if p.is_file())
        assert trouves, f"aucun fichier du projet ne correspond à {motif!r}"
        rels.extend(trouves)
    for rel in rels:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(RACINE / rel, dest / rel)
    return dest


def modifier(projet: Path, rel: str, avant: str, apres: str, count: int = 1) -> None:
    """Replace ``avant`` (which must be there) by ``apres`` in one source."""
    chemin = projet / rel
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte, f"{avant!r} absent de {rel}"
    chemin.write_text(texte.replace(avant, apres, count), encoding="utf-8")


def ecrire(projet: Path, rel: str, contenu: str | bytes) -> Path:
    chemin = projet / rel
    chemin.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(contenu, bytes):
        chemin.write_bytes(contenu)
    else:
        chemin.write_text(contenu, encoding="utf-8")
    return chemin


@dataclass
class Verification:
    """What ``make check`` would say: the corpus when valid, else the French report."""

    corpus: Corpus | None
    rapport: str

    @property
    def valide(self) -> bool:
        return self.corpus is not None


def verifier(racine: Path, aujourdhui: dt.date | None = None) -> Verification:
    """``charger_corpus`` in-process; ``aujourdhui`` defaults to the build date (STSPD_DATE)."""
    try:
        return Verification(charger_corpus(racine, aujourdhui), "")
    except SourcesInvalides as exc:
        return Verification(None, exc.rapport())


def refus(racine: Path, aujourdhui: dt.date | None = None) -> str:
    """The report of sources that must be refused (fails the test if they validate)."""
    v = verifier(racine, aujourdhui)
    if v.valide:
        pytest.fail("les sources auraient dû être refusées")
    assert v.rapport.split("\n", 1)[0].endswith("dans les sources :"), v.rapport
    return v.rapport


@dataclass
class Sortie:
    """What a command printed, shaped like ``subprocess.CompletedProcess`` (``sans_trace``)."""

    returncode: int
    stdout: str
    stderr: str

    def __iter__(self):  # code, out, err = commande(…)
        return iter((self.returncode, self.stdout, self.stderr))


def commande(racine: Path, *args: str, env: dict[str, str] | None = None) -> Sortie:
    """``python -m macros --racine RACINE ARGS…`` in-process, ``env`` set for the call.

    An exception other than the CLI's own exits propagates: the test fails, where the real
    command would have printed a traceback."""
    from macros.outils import cli

    out, err = io.StringIO(), io.StringIO()
    avant = {k: os.environ.get(k) for k in env or {}}
    os.environ.update(env or {})
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(["--racine", str(racine), *args])
            except SystemExit as exc:  # argparse refusing an argument
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        for k, v in avant.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return Sortie(code, out.getvalue(), err.getvalue())


def macros(*args: str, env: dict[str, str] | None = None) -> Sortie:
    """``conftest.lancer("-m", "macros", "--racine", R, …)`` without the subprocess."""
    assert args[:3] == ("-m", "macros", "--racine"), args
    return commande(Path(args[3]), *args[4:], env=env)


def check(racine: Path, env: dict[str, str] | None = None) -> Sortie:
    """``make check`` in-process: exit code, the summary on stdout, the report on stderr."""
    return commande(racine, "check", env=env)


def empreinte(racine: Path) -> dict[str, str]:
    """Hash of every file under ``racine``: a failed check must leave the sources untouched."""
    return {
        p.relative_to(racine).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in racine.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
