"""Charts: matplotlib (Agg, no pyplot) → SVG, deterministic and cached by content hash.

- Deterministic: the same ``Spec`` gives a byte-identical file (``svg.hashsalt`` set per
  chart from its key, no date or creator in the metadata, text kept as text).
- Cached: ``<project>/.cache/graphiques/<sha256>.svg``; the key covers the data, the style,
  this module's source, ``fr.py`` (tick labels) and matplotlib's version. An unchanged chart
  is read back, never redrawn. ``STSPD_CACHE=<folder>`` puts the caches there instead of
  ``<project>/.cache`` (``dossier_cache``).
- Readable: an opaque white background (legible on Material's light and dark palettes),
  dark text, values written on the bars, and every series told apart by a hatch pattern or
  a marker and line style as well as by its colour. The title and source are in the
  page's ``<figcaption>``, not in the image.

No MkDocs here.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import math
import os
import textwrap
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TypedDict

from macros.domaine import fr

log = logging.getLogger("mkdocs.plugins.stspd.graphiques")

CACHE = Path(".cache") / "graphiques"
# The folder holding the caches instead of ``<project>/.cache``. The keys cover data, style
# and drawing code, so several copies of a project may share one cache: the test suite
# points its copies' builds at one warm cache instead of drawing every chart again.
VARIABLE_CACHE = "STSPD_CACHE"


def dossier_cache(racine: Path | str, quoi: Path = CACHE) -> Path:
    """The folder of one cache (``CACHE``, ``carte.CACHE``) for the project at ``racine``."""
    ailleurs = os.environ.get(VARIABLE_CACHE)
    return Path(ailleurs) / quoi.name if ailleurs else Path(racine) / quoi


# Style: part of the cache key. Okabe–Ito colours (distinct for colour-blind readers),
# each doubled by a hatch (bars) or a marker and line style (lines).
class Style(TypedDict):
    fond: str
    texte: str
    grille: str
    axe: str
    couleurs: list[str]
    hachures: list[str]
    marqueurs: list[str]
    traits: list[str]
    police: list[str]
    taille: int
    largeur: float


STYLE: Style = {
    "fond": "#ffffff",
    "texte": "#1a1a1a",
    "grille": "#d4d4d4",
    "axe": "#595959",
    "couleurs": ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"],
    "hachures": ["", "///", "---", "xx", "\\\\\\", "|||"],  # lines only: dots bloat the SVG
    "marqueurs": ["o", "s", "^", "D", "v", "P"],
    "traits": ["-", "--", ":", "-.", "-", "--"],
    "police": ["DejaVu Sans", "Arial", "Helvetica", "Liberation Sans", "sans-serif"],
    "taille": 11,
    "largeur": 7.5,  # inches; the SVG scales to the page width
}


def version_code(*modules: str) -> str:
    """A hash of the drawing code (this module, fr.py and ``modules``): part of every cache
    key, so that a change in how a figure is drawn redraws it."""
    h = hashlib.sha256()
    for module in (__file__, fr.__file__, *modules):
        h.update(Path(module).read_bytes())
    return h.hexdigest()[:16]


CODE = version_code()


@dataclass(frozen=True)
class Spec:
    """Everything a chart shows. Two equal specs give the same file."""

    type: str  # barres | courbes | empilees
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]  # (legend label, one value per category)
    unite: str  # "%" or what is counted ("faits", "habitants"…)
    decimales: int = 0
    titre: str = ""  # SVG metadata only: the visible title is the page's figcaption

    @property
    def pourcentage(self) -> bool:
        return self.unite.strip() == "%"

    @property
    def horizontale(self) -> bool:
        """Long category labels (indicators, territories) read better on a horizontal bar chart."""
        return self.type == "barres" and max((len(c) for c in self.categories), default=0) > 14

    def taille(self) -> tuple[float, float]:
        if self.horizontale:
            lignes = sum(max(1, len(_envelopper(c, 30).split("\n"))) for c in self.categories)
            barres = len(self.categories) * len(self.series)
            return STYLE["largeur"], round(min(9.0, max(3.0, 1.1 + 0.28 * barres + 0.12 * lignes)), 2)
        return STYLE["largeur"], 4.0


@dataclass
class Statistiques:
    dessines: int = 0
    en_cache: int = 0
    duree_dessin: float = 0.0  # seconds spent drawing
    fichiers: list[str] = field(default_factory=list)


STATS = Statistiques()


def _matplotlib():
    """matplotlib, imported when the first chart is drawn: a build whose charts all come from
    the cache never pays for its import (~0.4 s per process, measured by bench/)."""
    import matplotlib

    matplotlib.use("Agg")  # before anything else of matplotlib; no display, no pyplot
    return matplotlib


@functools.cache
def version_matplotlib() -> str:
    """matplotlib's version, read from the installed package's metadata (without importing it)."""
    try:
        return metadata.version("matplotlib")
    except metadata.PackageNotFoundError:
        return _matplotlib().__version__


def empreinte(spec: Any, style: Mapping[str, Any], code: str) -> str:
    """sha256 of a figure's data (a dataclass), style and code version: the cache key of a
    chart or a map (``carte.py``)."""
    contenu = json.dumps(
        {"spec": asdict(spec), "style": style, "code": code, "matplotlib": version_matplotlib()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(contenu.encode("utf-8")).hexdigest()


def cle(spec: Spec) -> str:
    """sha256 of the chart's data, style and code version."""
    return empreinte(spec, STYLE, CODE)


def lire_ou_dessiner(chemin: Path | None, dessiner_: Callable[[], bytes]) -> tuple[bytes, float | None]:
    """(SVG bytes, drawing time or None when read from the cache at ``chemin``). The file is
    written atomically: the two editions build at once and share the cache. Used by the
    charts and by the maps (``carte.py``)."""
    if chemin is not None and chemin.is_file():
        return chemin.read_bytes(), None
    debut = time.perf_counter()
    contenu = dessiner_()
    duree = time.perf_counter() - debut
    if chemin is not None:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        tmp = chemin.with_name(f".{chemin.name}.{os.getpid()}.tmp")
        tmp.write_bytes(contenu)
        os.replace(tmp, chemin)
    return contenu, duree


def svg_figure(
    k: str,
    cache: Path | None,
    dessiner_: Callable[[], bytes],
    stats: Statistiques,
    journal: logging.Logger,
    dessinee: str,
) -> bytes:
    """SVG bytes of the figure (chart or map) of key ``k``: read from ``cache`` when present,
    else drawn and stored there; counted in ``stats``; a drawing is logged as ``dessinee``
    (« Graphique dessiné : titre ») followed by its duration."""
    chemin = cache / f"{k}.svg" if cache is not None else None
    contenu, duree = lire_ou_dessiner(chemin, dessiner_)
    if duree is None:
        stats.en_cache += 1
        journal.debug("en cache : %s", k)
        return contenu
    stats.dessines += 1
    stats.duree_dessin += duree
    if chemin is not None:
        stats.fichiers.append(chemin.name)
    journal.info("%s (%.2f s)", dessinee, duree)
    return contenu


def svg(spec: Spec, cache: Path | None) -> tuple[bytes, str]:
    """(SVG bytes, key). Read from ``cache`` when present, else drawn and stored there."""
    k = cle(spec)
    dessinee = f"Graphique dessiné : {spec.titre or k[:12]}"
    return svg_figure(k, cache, lambda: dessiner(spec, k), STATS, log, dessinee), k


# --- drawing -----------------------------------------------------------------------------


def _envelopper(texte: str, largeur: int) -> str:
    return "\n".join(textwrap.wrap(texte, largeur, break_long_words=False)) or texte


def _fmt(spec: Spec, v: float, decimales: int | None = None) -> str:
    d = spec.decimales if decimales is None else decimales
    return fr.pourcentage(v, d) if spec.pourcentage else fr.nombre(v, d)


def _rc(k: str) -> dict:
    return {
        "svg.hashsalt": k,
        "svg.fonttype": "none",  # text stays text: smaller, selectable, sharp at any size
        "font.family": "sans-serif",
        "font.sans-serif": STYLE["police"],
        "font.size": STYLE["taille"],
        "text.color": STYLE["texte"],
        "axes.labelcolor": STYLE["texte"],
        "axes.edgecolor": STYLE["axe"],
        "xtick.color": STYLE["texte"],
        "ytick.color": STYLE["texte"],
        "hatch.color": "#ffffff",
        "hatch.linewidth": 1.0,
        "axes.unicode_minus": True,
        "path.simplify": False,
        # Text from the sources is text: a « $ » must never start matplotlib's mathtext
        # (« 5 $ et 10 $ » drawn as a formula; « $\\frac$ » crashed the build).
        "text.parse_math": False,
    }


def dessiner(spec: Spec, k: str | None = None) -> bytes:
    """Draw the chart; pure function of ``spec`` (and ``k``, the salt of SVG ids)."""
    k = k or cle(spec)
    matplotlib = _matplotlib()
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_rc(k)):
        fig = Figure(figsize=spec.taille(), layout="constrained")
        fig.patch.set_facecolor(STYLE["fond"])
        ax = fig.add_subplot()
        ax.set_facecolor(STYLE["fond"])
        if spec.type == "courbes":
            _courbes(ax, spec)
        elif spec.type == "empilees":
            _empilees(ax, spec)
        else:
            _barres(ax, spec)
        for cote in ("top", "right"):
            ax.spines[cote].set_visible(False)
        if len(spec.series) > 1:
            _legende(ax, spec)
        buf = io.BytesIO()
        metadata: dict[str, str | None] = {"Date": None, "Creator": None}  # no timestamp: same data, same bytes
        if spec.titre:
            metadata["Title"] = spec.titre
        fig.savefig(buf, format="svg", facecolor=STYLE["fond"], metadata=metadata)
    return buf.getvalue()


def _valeurs(vals: tuple[float | None, ...]) -> list[float]:
    return [math.nan if v is None else float(v) for v in vals]


def _maximum(spec: Spec, empile: bool = False) -> float:
    if empile:
        totaux = [sum(v or 0 for v in col) for col in zip(*(vals for _, vals in spec.series), strict=True)]
        return max(totaux, default=0) or 1
    return max((v for _, vals in spec.series for v in vals if v is not None), default=0) or 1


def _axe_valeurs(axis, spec: Spec, maximum: float) -> None:
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins=5, integer=not spec.pourcentage and spec.decimales == 0))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: _fmt(spec, v, 0 if float(v).is_integer() else 1)))


def _libelle_unite(spec: Spec) -> str:
    return "" if spec.pourcentage else spec.unite[:1].upper() + spec.unite[1:]


def _apparence(i: int, libelle: str, trait: float) -> dict:
    """Legend label, colour and hatch of the ``i``-th series' bars (grouped or stacked)."""
    return {
        "label": _envelopper(libelle, 45),
        "color": STYLE["couleurs"][i % 6],
        "hatch": STYLE["hachures"][i % 6],
        "edgecolor": STYLE["fond"],
        "linewidth": trait,
    }


def _barres(ax, spec: Spec) -> None:
    """Grouped bars, one per series in each category: vertical, or horizontal when the
    category labels are long (``spec.horizontale``)."""
    horizontale = spec.horizontale
    n = len(spec.series)
    epaisseur = 0.8 / n
    rangs = list(range(len(spec.categories)))
    maximum = _maximum(spec)
    tracer = ax.barh if horizontale else ax.bar
    for i, (libelle, vals) in enumerate(spec.series):
        pos = [r - 0.4 + epaisseur * (i + 0.5) for r in rangs]
        barres = tracer(pos, [0 if v is None else v for v in vals], epaisseur * 0.92, **_apparence(i, libelle, 0.6))
        ax.bar_label(
            barres,
            labels=[_etiquette(spec, v) for v in vals],
            padding=3 if horizontale else 2,
            fontsize=9.5 if horizontale or n < 4 else 8.5,
            color=STYLE["texte"],
        )
    if horizontale:
        ax.set_yticks(rangs, [_envelopper(c, 30) for c in spec.categories])
        ax.invert_yaxis()  # first category on top, as in the table
        ax.set_xlim(0, maximum * 1.18)
        _axe_valeurs(ax.xaxis, spec, maximum)
    else:
        ax.set_xticks(rangs, [_envelopper(c, 16) for c in spec.categories])
        ax.set_ylim(0, maximum * 1.14)
        _axe_valeurs(ax.yaxis, spec, maximum)
    _axe_des_valeurs(ax, spec, horizontale)


def _axe_des_valeurs(ax, spec: Spec, horizontale: bool = False) -> None:
    """Light grid across the bars, no spine on the values' side, the unit as the values'
    label; horizontal bars lose their category ticks too (the labels are enough)."""
    axe, cote = ("x", "bottom") if horizontale else ("y", "left")
    (ax.xaxis if horizontale else ax.yaxis).grid(True, color=STYLE["grille"], linewidth=0.8)
    ax.set_axisbelow(True)
    ax.spines[cote].set_visible(False)
    ax.tick_params(axis=axe, length=0)
    if horizontale:
        ax.tick_params(axis="y", length=0)
    (ax.set_xlabel if horizontale else ax.set_ylabel)(_libelle_unite(spec))


def _empilees(ax, spec: Spec) -> None:
    x = list(range(len(spec.categories)))
    bas = [0.0] * len(x)
    maximum = _maximum(spec, empile=True)
    for i, (libelle, vals) in enumerate(spec.series):
        hauteurs = [0.0 if v is None else float(v) for v in vals]
        barres = ax.bar(x, hauteurs, 0.6, bottom=bas, **_apparence(i, libelle, 0.8))
        # A segment's value is written inside it when it is tall enough to hold it.
        # Dark text on a white pad: legible whatever the colour and hatch behind it.
        ax.bar_label(
            barres,
            labels=[_fmt(spec, h) if h >= maximum * 0.07 else "" for h in hauteurs],
            label_type="center",
            fontsize=9,
            color=STYLE["texte"],
            bbox={"boxstyle": "round,pad=0.15", "facecolor": STYLE["fond"], "edgecolor": "none", "alpha": 0.9},
        )
        bas = [b + h for b, h in zip(bas, hauteurs, strict=True)]
    for xi, total in zip(x, bas, strict=True):
        ax.annotate(
            f"Total {_fmt(spec, total)}",
            (xi, total),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=9.5,
            fontweight="bold",
            color=STYLE["texte"],
        )
    ax.set_xticks(x, [_envelopper(c, 16) for c in spec.categories])
    ax.set_ylim(0, maximum * 1.12)
    _axe_valeurs(ax.yaxis, spec, maximum)
    _axe_des_valeurs(ax, spec)


def _courbes(ax, spec: Spec) -> None:
    x = list(range(len(spec.categories)))
    maximum = _maximum(spec)
    ecrire = len(spec.series) <= 3
    for i, (libelle, vals) in enumerate(spec.series):
        ax.plot(
            x,
            _valeurs(vals),
            label=_envelopper(libelle, 45),
            color=STYLE["couleurs"][i % 6],
            marker=STYLE["marqueurs"][i % 6],
            linestyle=STYLE["traits"][i % 6],
            linewidth=2,
            markersize=7,
            markeredgecolor=STYLE["fond"],
            markeredgewidth=0.8,
        )
    if ecrire:
        # Values written next to the points: above, except the lower of two close points,
        # whose label goes below so that the two never overlap.
        proche = maximum * 0.16  # about a label's height plus its offset, in data units
        for xi in x:
            points = sorted((v, i) for i, (_, vals) in enumerate(spec.series) if (v := vals[xi]) is not None)
            for rang, (v, _i) in enumerate(points):
                dessous = rang + 1 < len(points) and points[rang + 1][0] - v < proche and v > proche
                ax.annotate(
                    _fmt(spec, v),
                    (xi, v),
                    xytext=(0, -9 if dessous else 7),
                    textcoords="offset points",
                    ha="center",
                    va="top" if dessous else "bottom",
                    fontsize=9,
                    color=STYLE["texte"],
                )
    ax.set_xticks(x, spec.categories)
    ax.set_xlim(-0.3, len(x) - 0.7)
    ax.set_ylim(0, maximum * 1.15)  # from zero: the slope is not exaggerated
    _axe_valeurs(ax.yaxis, spec, maximum)
    _axe_des_valeurs(ax, spec)


def _etiquette(spec: Spec, v: float | None) -> str:
    return "nd" if v is None else _fmt(spec, v)


def _legende(ax, spec: Spec) -> None:
    longueur = max(len(lib) for lib, _ in spec.series)
    colonnes = 1 if longueur > 38 else 2 if longueur > 22 else min(3, len(spec.series))
    ax.legend(
        loc="lower left",
        bbox_to_anchor=(0, 1.02),
        ncols=colonnes,
        frameon=False,
        fontsize=9.5,
        handlelength=2.6,
        handleheight=1.3,
        borderaxespad=0.2,
    )
