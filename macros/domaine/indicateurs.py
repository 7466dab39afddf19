"""Indicator data (``data/indicateurs/*.yml``) in the domain: tables, series, pure computations.

Read and validated by ``lecture.indicateurs``.

One YAML file per table of the source document (or per theme of the bilan). A table has
columns (years, territories or periods) and series (rows). Each series carries its unit,
source, notes and visibility. What the site shows is computed here, once per build:

- evolutions between two years: in % for counts, in points for percentages, and never a
  percentage from a zero base (``Evolution.nature == "base-nulle"``);
- shares (``calcul: {part: a, de: b}``) and sums (``calcul: {somme: [...]}``);
- totals: ``somme: [...]`` must equal its sub-lines in every column (else the build stops),
  ``detail: [...]`` is a partial breakdown (« dont ») whose remainder can be shown;
- disagreements with the document: a printed evolution (``evolution_imprimee``) or a
  printed share that the computation does not give, at the precision the document used,
  become an editor's note (``Tableau.notes_calculees``); the computed figure is shown.

Every problem in a file is reported into the ``Collecteur`` as « fichier:ligne: message »
in French. No MkDocs here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from macros.domaine import fr

DOSSIER = "data/indicateurs"
ID_RX = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TYPES_GRAPHIQUE = ("barres", "courbes", "empilees")
Cle = int | str  # a column key: a year (int) or a territory / period id (str)


# --- pure computations -------------------------------------------------------------------


@dataclass(frozen=True)
class Evolution:
    """Change of one series between two columns.

    ``nature``: ``pourcentage`` (relative change, counts), ``points`` (difference of two
    percentages), ``base-nulle`` (from 0: no percentage, only ``ecart``), ``indisponible``
    (a value is missing).
    """

    nature: Literal["pourcentage", "points", "base-nulle", "indisponible"]
    valeur: float | None  # the % or the points; None for base-nulle / indisponible
    ecart: float | None  # v1 − v0, in the series' unit

    @property
    def sens(self) -> Literal["hausse", "baisse", "stable"] | None:
        if self.ecart is None:
            return None
        if self.ecart > 0:
            return "hausse"
        if self.ecart < 0:
            return "baisse"
        return "stable"


def est_pourcentage(unite: str) -> bool:
    return unite.strip() == "%"


def evolution(v0: float | None, v1: float | None, unite: str = "") -> Evolution:
    """Evolution from ``v0`` to ``v1``. A share evolves in points, a count in %.

    From a zero base the relative change is undefined: ``base-nulle`` keeps only the
    absolute change (0 → 6 is « +6 », never « +600 % »).
    """
    if v0 is None or v1 is None:
        return Evolution("indisponible", None, None)
    ecart = _net(v1 - v0)
    if est_pourcentage(unite):
        return Evolution("points", ecart, ecart)
    if v0 == 0:
        return Evolution("base-nulle", None, ecart)
    return Evolution("pourcentage", _net(ecart / abs(v0) * 100), ecart)


def part(numerateur: float | None, denominateur: float | None) -> float | None:
    """``numerateur`` as a percentage of ``denominateur``; None when undefined."""
    if numerateur is None or denominateur is None or denominateur == 0:
        return None
    return numerateur / denominateur * 100


def somme(valeurs: list[float | None]) -> float | None:
    """Sum, or None as soon as one term is missing (a partial sum would be a made-up figure)."""
    if any(v is None for v in valeurs):
        return None
    return _net(sum(valeurs))  # type: ignore[arg-type]


def _net(x: float) -> float:
    """Drop binary noise (0.1 + 0.2) so sums compare and print cleanly."""
    r = round(x, 9)
    return int(r) if r == int(r) and abs(r) < 1e15 else r


def arrondi(x: float, decimales: int) -> Decimal:
    """Rounded the way people round (half up), not banker's rounding."""
    return Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_UP)


def decimales_imprimees(x: float | int) -> int:
    """How many decimals a printed figure had: 81.81 → 2, 24 → 0, 7599.7 → 1."""
    if isinstance(x, int) or float(x).is_integer():
        return 0
    texte = repr(float(x))
    return len(texte.split(".")[1]) if "." in texte and "e" not in texte else 6


def concorde(calcule: float, imprime: float | int) -> bool:
    """Does the computation give the printed figure, at the printed precision?"""
    d = decimales_imprimees(imprime)
    return arrondi(calcule, d) == arrondi(float(imprime), d)


def egal(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# --- the model ---------------------------------------------------------------------------


@dataclass
class Colonne:
    cle: Cle
    libelle: str


@dataclass
class Serie:
    """One row of a table. ``valeurs`` are the values shown (computed where declared)."""

    id: str
    libelle: str
    unite: str
    valeurs: dict[Cle, float | None]
    imprimees: dict[Cle, float | None] = field(default_factory=dict)  # as printed (calcul)
    calculees: set[Cle] = field(default_factory=set)  # columns whose value is computed
    groupe: str | None = None
    niveau: int = 0
    decimales: int | None = None
    source: str | None = None
    periode: str | None = None
    notes: list[str] = field(default_factory=list)
    visibilite: str = "public"
    evolution_imprimee: float | None = None
    somme: list[str] = field(default_factory=list)
    detail: list[str] = field(default_factory=list)
    reste: str | None = None
    calcul: dict[str, Any] | None = None
    ligne: int | None = None

    @property
    def pourcentage(self) -> bool:
        return est_pourcentage(self.unite)

    @property
    def decimales_affichage(self) -> int:
        if self.decimales is not None:
            return self.decimales
        if self.pourcentage:
            return 1
        return max((decimales_imprimees(v) for v in self.valeurs.values() if v is not None), default=0)


@dataclass
class Graphique:
    """A chart declared in a data file (``graphiques:``), or asked for in a macro call."""

    id: str
    titre: str
    series: list[str]
    type: str = "barres"
    axe: str | None = None  # "colonnes" (years along the axis) or "series"
    colonnes: list[Cle] | None = None
    libelles: list[str] | None = None  # short labels for the legend / axis
    alt: str | None = None
    ligne: int | None = None


@dataclass
class Ligne:
    """A row as shown: a group header, a series, or a computed remainder."""

    nature: Literal["groupe", "serie", "reste"]
    libelle: str
    niveau: int = 0
    serie: Serie | None = None
    valeurs: dict[Cle, float | None] = field(default_factory=dict)
    evolution: Evolution | None = None


@dataclass
class Tableau:
    id: str
    fichier: str  # project-relative path of the data file
    titre: str
    source: str
    dimension: str  # annee | territoire | periode
    colonnes: list[Colonne]
    series: list[Serie]
    origine: str | None = None
    territoire: str | None = None
    periode: str | None = None
    evolution: tuple[Cle, Cle] | None = None
    visibilite: str = "public"
    notes: list[str] = field(default_factory=list)
    notes_calculees: list[str] = field(default_factory=list)  # disagreements with the document
    desaccords: set[tuple[str, Cle | str]] = field(default_factory=set)  # (series id, column key or "evolution")
    graphiques: dict[str, Graphique] = field(default_factory=dict)
    restes: dict[str, dict[Cle, float | None]] = field(default_factory=dict)

    def serie(self, ident: str) -> Serie | None:
        return next((s for s in self.series if s.id == ident), None)

    def colonne(self, cle: Cle) -> Colonne | None:
        return next((c for c in self.colonnes if c.cle == cle), None)

    def serie_connue(self, ident: str) -> Serie:
        """A series the validation already found (a chart's, a total's parts): KeyError otherwise."""
        serie = self.serie(ident)
        if serie is None:
            raise KeyError(ident)
        return serie

    def colonne_connue(self, cle: Cle) -> Colonne:
        colonne = self.colonne(cle)
        if colonne is None:
            raise KeyError(cle)
        return colonne

    def evolution_de(self, valeurs: dict[Cle, float | None], unite: str) -> Evolution | None:
        if self.evolution is None:
            return None
        de, a = self.evolution
        return evolution(valeurs.get(de), valeurs.get(a), unite)

    @property
    def libelle_evolution(self) -> str:
        if self.evolution is None:
            return ""
        return f"Évolution {self.evolution[0]} – {self.evolution[1]}"

    def lignes(self, visible: Callable[[str], bool] = lambda v: True) -> list[Ligne]:
        """The rows to show in this edition, with group headers and computed remainders."""
        if not visible(self.visibilite):
            return []
        out: list[Ligne] = []
        visibles = [s for s in self.series if visible(s.visibilite)]
        apres: dict[str, list[Ligne]] = {}  # series id → remainder row(s) to show after it
        for s in visibles:
            if s.reste and s.id in self.restes and all(visible(self.serie_connue(p).visibilite) for p in s.detail):
                r = self.restes[s.id]
                ligne = Ligne("reste", s.reste, s.niveau + 1, s, r, self.evolution_de(r, s.unite))
                # After the last of its parts when they follow the total, else right after it.
                rangs = [i for i, x in enumerate(visibles) if x.id in s.detail]
                cible = visibles[max(rangs)].id if rangs and min(rangs) > visibles.index(s) else s.id
                apres.setdefault(cible, []).append(ligne)
        for s in visibles:
            if s.groupe:
                out.append(Ligne("groupe", s.groupe))
            out.append(Ligne("serie", s.libelle, s.niveau, s, s.valeurs, self.evolution_de(s.valeurs, s.unite)))
            out += apres.get(s.id, [])
        return out


def _proche(nom: str, possibles: list[str]) -> str:
    p = difflib.get_close_matches(nom, possibles, n=1)
    return f" (vouliez-vous dire « {p[0]} » ?)" if p else ""


def _parent(t: Tableau, s: Serie) -> Serie | None:
    """The nearest series above ``s`` with a lower level (its « total »)."""
    i = t.series.index(s)
    for autre in reversed(t.series[:i]):
        if autre.niveau < s.niveau:
            return autre
    return None


def _groupe_de(t: Tableau, s: Serie) -> str | None:
    i = t.series.index(s)
    for autre in reversed(t.series[: i + 1]):
        if autre.groupe:
            return autre.groupe
    return None


def _signe(texte: str) -> str:
    return texte if texte.startswith(("−", "-")) or texte == "0" else "+" + texte


def _fmt_evol(v: float, unite: str, decimales: int | None = None) -> str:
    d = decimales_imprimees(v) if decimales is None else decimales
    if est_pourcentage(unite):
        return fr.points(v, d)
    return fr.pourcentage(v, d, signe=True)


def verifier_graphique(t: Tableau, g: Graphique) -> tuple[str, str] | None:
    """(field, French message) when the chart cannot be drawn from this table, else None."""
    ids = [s.id for s in t.series]
    for r in g.series:
        if t.serie(r) is None:
            return (
                "series",
                f"série « {r} » inconnue{_proche(r, ids)} — séries du tableau « {t.id} » : {', '.join(ids)}",
            )
    if len(set(g.series)) != len(g.series):
        return "series", "une série apparaît deux fois"
    unites = sorted({t.serie_connue(r).unite for r in g.series})
    if len(unites) > 1:
        detail = " ; ".join(f"{r} en « {t.serie_connue(r).unite} »" for r in g.series)
        return "series", (f"unités différentes dans un même graphique ({detail}) — faites un graphique par unité")
    if g.type == "courbes" and t.dimension != "annee":
        return "type", "des courbes demandent un tableau par année (dimension: annee) — utilisez type: barres"
    if g.type == "empilees" and len(g.series) < 2:
        return "type", "un graphique empilé demande au moins deux séries"
    if g.colonnes is not None:
        cles = [c.cle for c in t.colonnes]
        for c in g.colonnes:
            if c not in cles:
                return "colonnes", f"colonne « {c} » inconnue — colonnes du tableau : {', '.join(map(str, cles))}"
    if g.libelles is not None and len(g.libelles) != len(g.series):
        return "libelles", f"{len(g.libelles)} libellés pour {len(g.series)} séries : un libellé par série"
    return None


# --- what a chart shows ------------------------------------------------------------------


@dataclass
class DonneesGraphique:
    """A chart resolved against its table: categories along the axis, one group per legend entry."""

    categories: list[str]
    groupes: list[tuple[str, list[float | None]]]
    unite: str
    decimales: int
    axe: str
    series: list[Serie]
    colonnes: list[Colonne]


def donnees_graphique(t: Tableau, g: Graphique) -> DonneesGraphique:
    series = [t.serie_connue(r) for r in g.series]
    colonnes = (
        [t.colonne_connue(c) for c in g.colonnes]
        if g.colonnes
        else [c for c in t.colonnes if any(s.valeurs.get(c.cle) is not None for s in series)]
    )
    libelles = g.libelles or [libelle_complet(t, s) for s in series]
    axe = g.axe or ("colonnes" if t.dimension == "annee" or len(series) == 1 else "series")
    if g.type in ("courbes", "empilees"):
        axe = "colonnes"
    if axe == "colonnes":
        categories = [c.libelle for c in colonnes]
        groupes = [(lib, [s.valeurs.get(c.cle) for c in colonnes]) for lib, s in zip(libelles, series, strict=True)]
    else:
        categories = libelles
        groupes = [(c.libelle, [s.valeurs.get(c.cle) for s in series]) for c in colonnes]
    decimales = max(s.decimales_affichage for s in series)
    return DonneesGraphique(categories, groupes, series[0].unite, decimales, axe, series, colonnes)


def libelle_complet(t: Tableau, s: Serie) -> str:
    """A label that stands alone: « Taux de familles monoparentales – <commune> »."""
    parent = _parent(t, s) if s.niveau > 0 else None
    if parent is not None:
        return f"{parent.libelle} – {s.libelle}"
    groupe = _groupe_de(t, s)
    if groupe and _meme_libelle(t, s):
        return f"{groupe} – {s.libelle}"
    return s.libelle


def _meme_libelle(t: Tableau, s: Serie) -> bool:
    return sum(1 for autre in t.series if autre.libelle == s.libelle) > 1
