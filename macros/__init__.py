"""The project's engine, and the mkdocs-macros module (``module_name: macros``).

Layers, each importing only the ones below it (tests/test_architecture.py checks it):

    outils   command line, scaffolding, spreadsheets and imports, web server configuration
    moteur   the only code that imports MkDocs: hooks, macros, per-build state
    export   published data files (feeds…)
    rendu    one module per kind of page or fragment, charts, escaping
    lecture  YAML and sources read and validated into the domain, French error texts
    domaine  schema, corpus, editions, pure computations, French formatting

Importing this package stays cheap (``python -m macros check``, the tests): the macro entry
points below import the engine on first call only.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from macros.moteur.enregistrement import define_env as _define_env

    _define_env(env)


def on_pre_page_macros(env: Any) -> None:
    from macros.moteur.enregistrement import on_pre_page_macros as _avant

    _avant(env)


def on_post_page_macros(env: Any) -> None:
    from macros.moteur.enregistrement import on_post_page_macros as _apres

    _apres(env)
