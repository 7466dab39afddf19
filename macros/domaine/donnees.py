"""Published open data, before any file format: the ``Table`` a page hands over for a CSV
file, and the column contract of the dashboard's files (``suivi/fiches.*``,
``suivi/indicateurs.*``), a table of data kept in ``colonnes_suivi.toml`` beside this module.

Rendering modules build a ``Table`` (header and rows of plain values); ``export/csv.py``
alone decides how it is written, so that every published CSV has the same dialect.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from macros.domaine.modele import FREQUENCES, STATUTS


@dataclass(frozen=True)
class Table:
    """One published data file: a header row and rows of values (``None``, bool, numbers,
    texts, lists of texts), in the order of the header."""

    entetes: tuple[str, ...]
    lignes: tuple[tuple[object, ...], ...]

    @classmethod
    def de(cls, entetes: Sequence[str], lignes: Sequence[Sequence[object]]) -> Table:
        return cls(tuple(entetes), tuple(tuple(ligne) for ligne in lignes))


Colonne = tuple[str, str, str]  # (name, Table Schema type, description)


def _contrat() -> dict[str, tuple[Colonne, ...]]:
    """The column contract, a data file beside this module (``colonnes_suivi.toml``: read once,
    at import, like code), its descriptions completed with the vocabularies of the schema."""
    brut = tomllib.loads(Path(__file__).with_name("colonnes_suivi.toml").read_text(encoding="utf-8"))
    vocabulaires = {"statuts": ", ".join(STATUTS), "frequences": ", ".join(FREQUENCES)}
    return {
        fichier: tuple((nom, genre, description.format(**vocabulaires)) for nom, genre, description in colonnes)
        for fichier, colonnes in brut.items()
    }


_CONTRAT = _contrat()
COLONNES_FICHES: tuple[Colonne, ...] = _CONTRAT["fiches"]
COLONNES_INDICATEURS: tuple[Colonne, ...] = _CONTRAT["indicateurs"]
