"""Problems found in the sources, reported in French as ``file:line: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Probleme:
    """One problem in one source file. ``ligne`` is 1-based, or None when unknown."""

    fichier: str
    ligne: int | None
    message: str

    def __str__(self) -> str:
        if self.ligne:
            return f"{self.fichier}:{self.ligne}: {self.message}"
        return f"{self.fichier} : {self.message}"


class SourcesInvalides(Exception):
    """Raised when validation found problems; carries all of them, not only the first."""

    def __init__(self, problemes: list[Probleme]):
        self.problemes = sorted(set(problemes), key=lambda p: (p.fichier, p.ligne or 0, p.message))
        super().__init__(self.rapport())

    def rapport(self) -> str:
        n = len(self.problemes)
        head = f"{n} problème{'s' if n > 1 else ''} dans les sources :"
        return "\n".join([head, *(f"  {p}" for p in self.problemes)])


class Collecteur:
    """Accumulates problems while loading, so one run reports every problem."""

    def __init__(self) -> None:
        self.problemes: list[Probleme] = []

    def ajouter(self, fichier: str, ligne: int | None, message: str) -> None:
        self.problemes.append(Probleme(fichier, ligne, message))

    def verifier(self) -> None:
        if self.problemes:
            raise SourcesInvalides(self.problemes)


class ErreurSite(Exception):
    """A user error found while building: shown as is, in French, without traceback."""
