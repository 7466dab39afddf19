"""The build date for the commands (``campagne``, ``import-campagne``,
``import-observatoire``): today, or STSPD_DATE; a wrong STSPD_DATE is reported in French on
stderr, and the command stops with exit code 2."""

from __future__ import annotations

import datetime as _dt
import sys


def date_ou_message() -> _dt.date | None:
    """The build date, or None once the error is printed."""
    from macros.moteur.etat import ErreurSite, date_du_build  # the engine's rule, imported when used

    try:
        return date_du_build()
    except ErreurSite as exc:
        print(str(exc), file=sys.stderr)
        return None
