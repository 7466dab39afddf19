"""Indicator data (data/indicateurs/): loading, validation and pure computations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Collecteur


def charger(racine: Path, col: Collecteur, corpus: Any) -> dict[str, Any]:
    """Load every series; report problems into ``col``. Stub until the indicators work lands."""
    return {}
