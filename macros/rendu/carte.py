"""The map of the zones de vigilance: matplotlib (Agg, no pyplot) → static SVG, drawn at
build time, deterministic and cached by content like the charts (``charts.py``).

- No tile server, no request: the background is the vendored outline of the commune and
  of its neighbours (``data/geo/``), projected in metres (``zones.Projection``).
- Zones are shaded by their count for the period, in 5 classes of one sequential palette,
  and **labelled with their name and count**: the colour is never the only carrier.
- The source and the licence of the outlines are written on the image (the citation the
  Licence Ouverte asks for) and in the page's caption.
- Deterministic: ``svg.hashsalt`` from the key, no date nor creator in the metadata.
- Cached: ``<project>/.cache/cartes/<sha256>.svg``; the key covers the spec, the style, this
  module's source and matplotlib's version.

No MkDocs here.
"""

from __future__ import annotations

import io
import logging
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from macros.domaine import fr
from macros.rendu import graphiques as charts

log = logging.getLogger("mkdocs.plugins.stspd.cartes")

CACHE = Path(".cache") / "cartes"
CITATION = "Contours : IGN ADMIN EXPRESS COG 2018, simplifiés (france-geojson), Licence Ouverte"


class StyleCarte(TypedDict):
    fond: str
    texte: str
    voisines: str
    bord_voisines: str
    texte_voisines: str
    commune: str
    bord_commune: str
    classes: list[str]
    police: list[str]
    largeur: float


STYLE: StyleCarte = {
    "fond": "#ffffff",
    "texte": "#1a1a1a",
    "voisines": "#eeeeee",
    "bord_voisines": "#9a9a9a",
    "texte_voisines": "#595959",
    "commune": "#ffffff",
    "bord_commune": "#1a1a1a",
    # ColorBrewer « Oranges », 5 classes: readable in greyscale too (lightness increases).
    "classes": ["#feedde", "#fdbe85", "#fd8d3c", "#e6550d", "#a63603"],
    "police": charts.STYLE["police"],
    "largeur": 7.5,
}

Anneau = tuple[tuple[float, float], ...]
Polys = tuple[tuple[Anneau, ...], ...]


@dataclass(frozen=True)
class ZoneCarte:
    nom: str
    polygones: Polys  # metres
    etiquette: tuple[float, float]  # a point inside the zone, where its label goes
    nombre: int


@dataclass(frozen=True)
class SpecCarte:
    """Everything the map shows. Two equal specs give the same file."""

    commune: str
    contour: Polys
    voisines: tuple[tuple[str, Polys, tuple[float, float]], ...]
    zones: tuple[ZoneCarte, ...]
    legende: str  # what is counted, e.g. « Faits signalés, novembre 2026 »
    source: str = ""  # the data's source, written under the citation
    titre: str = ""  # SVG metadata only

    def emprise(self) -> tuple[float, float, float, float]:
        xs = [x for poly in self.contour for x, _ in poly[0]]
        ys = [y for poly in self.contour for _, y in poly[0]]
        mx, my = (max(xs) - min(xs)) * 0.08, (max(ys) - min(ys)) * 0.08
        return min(xs) - mx, max(xs) + mx, min(ys) - my, max(ys) + my

    def taille(self) -> tuple[float, float]:
        x0, x1, y0, y1 = self.emprise()
        hauteur = STYLE["largeur"] * (y1 - y0) / (x1 - x0) + 0.7  # + the legend
        return STYLE["largeur"], round(min(10.0, max(4.0, hauteur)), 2)


def classes(maximum: int) -> list[tuple[int, int]]:
    """Up to 5 classes [low, high] of whole numbers covering 0..maximum; 0 is a class of its own."""
    if maximum <= 0:
        return [(0, 0)]
    if maximum <= 4:
        return [(0, 0)] + [(k, k) for k in range(1, maximum + 1)]
    pas = -(-maximum // 4)  # ceil: 4 classes above zero
    bornes = [(0, 0)]
    bas = 1
    while bas <= maximum:
        haut = min(maximum, bas + pas - 1 if bas > 1 else pas)
        bornes.append((bas, haut))
        bas = haut + 1
    return bornes


def libelle_classe(c: tuple[int, int]) -> str:
    return fr.nombre(c[0]) if c[0] == c[1] else f"{fr.nombre(c[0])} à {fr.nombre(c[1])}"


STATS = charts.Statistiques()  # the maps' own counts, kept apart from the charts'


# The map is drawn with the charts' settings (charts._rc) and cache helper: charts.py is part
# of its code, and a change there (e.g. mathtext turned off) must redraw the maps too.
CODE = charts.version_code(__file__)


def cle(spec: SpecCarte) -> str:
    return charts.empreinte(spec, STYLE, CODE)


def svg(spec: SpecCarte, cache: Path | None) -> tuple[bytes, str]:
    """(SVG bytes, key). Read from ``cache`` when present, else drawn and stored there."""
    k = cle(spec)
    dessinee = f"Carte dessinée : {spec.titre or k[:12]}"
    return charts.svg_figure(k, cache, lambda: dessiner(spec, k), STATS, log, dessinee), k


# --- drawing -----------------------------------------------------------------------------


def _chemin(polys: Polys):
    from matplotlib.path import Path as MPath

    sommets, codes = [], []
    for poly in polys:
        for anneau in poly:
            pts = list(anneau)
            sommets += pts
            codes += [MPath.MOVETO] + [MPath.LINETO] * (len(pts) - 2) + [MPath.CLOSEPOLY]
    return MPath(sommets, codes)


def _palette(n: int) -> list[str]:
    """n colours of the 5-class palette, spread from the lightest to the darkest."""
    toutes = STYLE["classes"]
    if n <= 1:
        return toutes[:1]
    return [toutes[round(i * (len(toutes) - 1) / (n - 1))] for i in range(n)]


def _classe(n: int, bornes: list[tuple[int, int]]) -> int:
    return next(i for i, (bas, haut) in enumerate(bornes) if bas <= n <= haut)


def dessiner(spec: SpecCarte, k: str | None = None) -> bytes:
    """Draw the map; a pure function of ``spec`` (and ``k``, the salt of the SVG ids)."""
    k = k or cle(spec)
    matplotlib = charts._matplotlib()
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch, PathPatch

    rc = charts._rc(k)
    rc["hatch.color"] = STYLE["texte"]
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=spec.taille(), layout="constrained")
        fig.patch.set_facecolor(STYLE["fond"])
        ax = fig.add_subplot()
        ax.set_facecolor(STYLE["voisines"])
        x0, x1, y0, y1 = spec.emprise()
        for nom, polys, (lx, ly) in spec.voisines:
            ax.add_patch(
                PathPatch(_chemin(polys), facecolor=STYLE["voisines"], edgecolor=STYLE["bord_voisines"], linewidth=0.8)
            )
            ax.text(
                lx, ly, nom, ha="center", va="center", fontsize=9, fontstyle="italic", color=STYLE["texte_voisines"]
            )
        ax.add_patch(
            PathPatch(
                _chemin(spec.contour),
                facecolor=STYLE["commune"],
                edgecolor=STYLE["bord_commune"],
                linewidth=1.8,
                zorder=2,
            )
        )
        bornes = classes(max((z.nombre for z in spec.zones), default=0))
        palette = _palette(len(bornes))
        for z in spec.zones:
            couleur = palette[_classe(z.nombre, bornes)]
            ax.add_patch(
                PathPatch(_chemin(z.polygones), facecolor=couleur, edgecolor=STYLE["texte"], linewidth=1.0, zorder=3)
            )
        for z in spec.zones:
            nom = "\n".join(textwrap.wrap(z.nom, 22, break_long_words=False)) or z.nom
            ax.text(
                z.etiquette[0],
                z.etiquette[1],
                f"{nom}\n{fr.nombre(z.nombre)}",
                ha="center",
                va="center",
                fontsize=8.5,
                color=STYLE["texte"],
                zorder=5,
                linespacing=1.1,
                bbox={
                    "boxstyle": "round,pad=0.25",
                    "facecolor": STYLE["fond"],
                    "edgecolor": STYLE["texte"],
                    "linewidth": 0.5,
                    "alpha": 0.9,
                },
            )
        # Scale bar: 500 m, top left (the credits take the bottom).
        longueur = 500.0
        bx, by = x0 + (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.06
        ax.plot([bx, bx + longueur], [by, by], color=STYLE["texte"], linewidth=3, solid_capstyle="butt", zorder=6)
        ax.text(
            bx + longueur / 2, by + (y1 - y0) * 0.015, "500\u00a0m", ha="center", va="bottom", fontsize=8.5, zorder=6
        )
        ax.annotate(
            "N",
            xy=(x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.04),
            xytext=(x1 - (x1 - x0) * 0.04, y1 - (y1 - y0) * 0.13),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            arrowprops={"arrowstyle": "-|>", "color": STYLE["texte"]},
            zorder=6,
        )
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_aspect("equal")
        ax.set_xticks([])
        ax.set_yticks([])
        for cote in ax.spines.values():
            cote.set_color(STYLE["bord_voisines"])
        if spec.zones:
            poignees = [
                Patch(facecolor=palette[i], edgecolor=STYLE["texte"], linewidth=0.6, label=libelle_classe(b))
                for i, b in enumerate(bornes)
            ]
            fig.legend(
                handles=poignees,
                loc="outside lower center",
                ncols=len(poignees),
                frameon=False,
                title=spec.legende,
                fontsize=9,
                title_fontsize=9.5,
            )
        # Credits inside the frame, bottom right, as maps usually carry them.
        lignes = [CITATION + "."] + ([spec.source] if spec.source else [])
        ax.text(
            x1 - (x1 - x0) * 0.01,
            y0 + (y1 - y0) * 0.01,
            "\n".join(lignes),
            ha="right",
            va="bottom",
            fontsize=7,
            color=STYLE["texte"],
            zorder=7,
            bbox={"boxstyle": "square,pad=0.3", "facecolor": STYLE["fond"], "edgecolor": "none", "alpha": 0.85},
        )
        buf = io.BytesIO()
        metadata: dict[str, str | None] = {"Date": None, "Creator": None}
        if spec.titre:
            metadata["Title"] = spec.titre
        fig.savefig(buf, format="svg", facecolor=STYLE["fond"], metadata=metadata)
    return buf.getvalue()
