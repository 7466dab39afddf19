"""Progress tracking: statuses, overdue deadlines, roll-ups, indicator ratings (pure),
and the fragments and pages that show them. Stub until the progress work lands."""

from __future__ import annotations

import datetime as _dt
from typing import Any


def entete(ctx: Any, fiche: Any, edition: Any, aujourdhui: _dt.date) -> str:
    """Extra lines of the fiche header card (progress bar, overdue flag…)."""
    return ""


def section(ctx: Any, fiche: Any, edition: Any, aujourdhui: _dt.date) -> str:
    """The « Suivi » section at the end of a fiche page (journal, indicator cards)."""
    return ""


def pages(corpus: Any, edition: Any, aujourdhui: _dt.date) -> dict[str, str]:
    """Generated pages (dashboard…): source path → Markdown."""
    return {}


def exports(corpus: Any, edition: Any, aujourdhui: _dt.date) -> dict[str, bytes]:
    """Open-data files (CSV, JSON): site path → bytes."""
    return {}
