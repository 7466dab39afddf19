"""Author macros for figures: ``graphique(...)`` and ``tableau(...)``."""

from __future__ import annotations

from typing import Any, Callable


def enregistrer(env: Any, contexte: Callable[[], Any]) -> None:
    """Register the indicator macros on the mkdocs-macros ``env``. Stub."""
