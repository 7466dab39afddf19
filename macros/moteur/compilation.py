"""The pages' Jinja templates compiled once, and kept between builds.

mkdocs-macros compiles every page that has Jinja (``{{ … }}``, ``{% … %}``) with
``Environment.from_string``, which never uses Jinja's bytecode cache (only templates read
through a loader do): each edition of each build compiled the same 13 pages again, about
0.06 s an edition. ``garder`` makes that environment keep what it compiles, as marshalled code
in ``.cache/jinja/`` (or ``$STSPD_CACHE/jinja/``), the way Jinja's own ``BytecodeCache`` does.

The key covers everything the compiled code depends on: the page's text, the template's name,
Jinja's and Python's versions, the environment's syntax, options and extensions, and the code
of its filters and tests (Jinja may call one at compile time, on constant arguments). An
environment configured in a way this does not know how to key (autoescaping decided per
template by a function, a ``finalize``) is left alone. Errors are never cached: a page that
does not compile is compiled again, and reports its error, at every build.
"""

from __future__ import annotations

import hashlib
import importlib.util
import marshal
import os
from pathlib import Path
from types import CodeType
from typing import Any

import jinja2

from macros.rendu import graphiques

CACHE = Path(".cache") / "jinja"
_REGLAGES = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "autoescape",
    "is_async",
)


def _empreinte(env: jinja2.Environment) -> bytes | None:
    """What of ``env`` the compiled code depends on, or None if it cannot be keyed."""
    if callable(env.autoescape) or env.finalize is not None:
        return None
    morceaux = [
        "stspd-jinja-1",
        jinja2.__version__,
        importlib.util.MAGIC_NUMBER.hex(),
        repr(tuple(getattr(env, r) for r in _REGLAGES)),
        repr(sorted(env.extensions)),
        repr(sorted(env.policies.items(), key=lambda kv: kv[0])),
    ]
    # Jinja folds a filter or test applied to constants at compile time, calling it: the
    # code of each one is part of the key, so that a changed filter is never served folded.
    for famille in (env.filters, env.tests):
        for nom in sorted(famille):
            morceaux.append(f"{nom}={_code(famille[nom])}")
    return "\0".join(morceaux).encode("utf-8")


def _code(fonction: Any) -> str:
    code = getattr(fonction, "__code__", None)
    if not isinstance(code, CodeType):
        return f"{getattr(fonction, '__module__', '')}.{getattr(fonction, '__qualname__', repr(fonction))}"
    return hashlib.sha256(marshal.dumps(code)).hexdigest()


class _Compiler:
    """Stands in for ``env.compile``: the same answer, read from the cache when it has it."""

    def __init__(self, env: jinja2.Environment, dossier: Path):
        self.compiler: Any = env.compile  # overloaded on ``raw``: called with the caller's own arguments
        self.env, self.dossier = env, dossier
        self.lus = self.compiles = 0

    def __call__(
        self,
        source: Any,
        name: str | None = None,
        filename: str | None = None,
        raw: bool = False,
        defer_init: bool = False,
    ) -> Any:
        empreinte = _empreinte(self.env) if isinstance(source, str) and not raw else None
        if empreinte is None:
            return self.compiler(source, name, filename, raw, defer_init)
        h = hashlib.sha256(empreinte)
        h.update(repr((name, filename, defer_init)).encode("utf-8") + b"\0" + source.encode("utf-8", "surrogatepass"))
        chemin = self.dossier / f"{h.hexdigest()}.code"
        try:
            code = marshal.loads(chemin.read_bytes())
            if isinstance(code, CodeType):
                self.lus += 1
                return code
        except (OSError, EOFError, ValueError, TypeError):
            pass
        code = self.compiler(source, name, filename, raw, defer_init)
        self.compiles += 1
        try:  # written atomically: both editions build at once and share the cache
            self.dossier.mkdir(parents=True, exist_ok=True)
            tmp = chemin.with_name(f".{chemin.name}.{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(code))
            os.replace(tmp, chemin)
        except OSError:  # a read-only project: compiled every time, as before
            pass
        return code


def garder(env: jinja2.Environment, racine: Path) -> None:
    """Make ``env`` keep the templates it compiles from strings (once per environment)."""
    if isinstance(env.compile, _Compiler):
        return
    env.compile = _Compiler(env, graphiques.dossier_cache(racine, CACHE))  # type: ignore[method-assign]
