"""The build date: one definition for the loader (the gate) and the MkDocs adapter.

No MkDocs here: ``make check`` must judge « a journal entry may not be later than the
build date » with exactly the date the build will use.
"""

from __future__ import annotations

import os
from datetime import date


class DateBuildInvalide(ValueError):
    """STSPD_DATE is set but is not a date; the message is French and shown as is."""


def date_du_build() -> date:
    """Today, or STSPD_DATE=AAAA-MM-JJ (tests, reproducible rebuilds of a past day)."""
    valeur = os.environ.get("STSPD_DATE")
    if not valeur:
        return date.today()
    try:
        return date.fromisoformat(valeur)
    except ValueError:
        raise DateBuildInvalide(f"STSPD_DATE=« {valeur} » : date AAAA-MM-JJ attendue") from None
