"""FAKE SSMSI files for the tests, in the real format (tests/fixtures/ssmsi/README.md).

Every number is invented. ``SENTINELLES`` are the complement_info_* values of the withheld
rows: they must never reach a data file or a built page."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from conftest import RACINE

DOSSIER = RACINE / "tests/fixtures/ssmsi"
COMMUNAL = DOSSIER / "donnee-data.gouv-2026-geographie2026-produit-le2026-06-12-FICTIF.csv"
DEPARTEMENTAL = DOSSIER / "donnee-dep-data.gouv-2026-geographie2026-produit-le2026-06-12-FICTIF.csv"
NOM = "donnee-data.gouv-2026-geographie2026-produit-le2026-06-12.csv.gz"
NOM_DEP = "donnee-dep-data.gouv-2026-geographie2026-produit-le2026-06-12.csv.gz"
SENTINELLES = ("97531", "9,7531864", "9.7531864")


def texte_communal() -> str:
    return COMMUNAL.read_text(encoding="utf-8")


def gz(chemin: Path, texte: str, bom: bool = False) -> Path:
    """Write ``texte`` gzip-compressed as the SSMSI does (UTF-8, optional BOM)."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(chemin, "wb", mtime=0) as f:
        f.write((("\ufeff" if bom else "") + texte).encode("utf-8"))
    return chemin


def projet_minimal(racine: Path) -> Path:
    """A project holding only what the import reads: data/commune.yml."""
    (racine / "data").mkdir(parents=True, exist_ok=True)
    shutil.copy2(RACINE / "data/commune.yml", racine / "data/commune.yml")
    return racine


def departements(codes: list[str]) -> str:
    """A fake département base covering ``codes``."""
    import sys

    sys.path.insert(0, str(DOSSIER))
    import generer  # the fixture generator (fake numbers)

    return generer.departemental(codes)
