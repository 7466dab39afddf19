"""The zones de vigilance (``data/observatoire/zones.geojson``) and the vendored outlines of
the commune and its neighbours (``data/geo/communes-voisines.geojson``).

The zones are drawn by the coordinator (e.g. in uMap) and exported as GeoJSON: one
Polygon or MultiPolygon feature per zone, with an ``id`` (lower case, digits, dashes) and
a ``nom`` (uMap writes ``name``: accepted). Nothing else: a description is free text, and
free text is where names of people creep in (the charter forbids nominative records).

Checked, with French messages: valid JSON, polygons only, closed rings with enough points,
no self-intersection (GEOS, through shapely: it also catches holes outside their shell and
other invalid shapes that a hand-written test would miss), and every zone inside the
commune (with a tolerance, because the vendored outline is simplified). Geometry is done
in a local metric projection, so that distances are in metres.

No MkDocs, no drawing here (see ``carte``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # shapely is imported where it is used: reading the zones does not always need it
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.base import BaseGeometry

from macros.domaine import fr, nominatif
from macros.lecture.erreurs import Collecteur

ZONES = "data/observatoire/zones.geojson"
CONTOURS = "data/geo/communes-voisines.geojson"
# The outline is simplified (Visvalingam, 25 %): a zone drawn along the real boundary may
# cross the simplified one by some tens of metres. Beyond this, it is a drawing mistake.
TOLERANCE_M = 100.0
ID_ZONE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Properties uMap adds for styling; they hold no text of the coordinator's.
_PROPRIETES_UMAP = ("_umap_options", "_storage_options", "_storage")

Anneau = tuple[tuple[float, float], ...]  # (longitude, latitude), closed
Polygone = tuple[Anneau, ...]  # exterior ring, then holes


@dataclass(frozen=True)
class Zone:
    id: str
    nom: str
    polygones: tuple[Polygone, ...]


@dataclass(frozen=True)
class Contour:
    code: str
    nom: str
    polygones: tuple[Polygone, ...]


@dataclass
class Geographie:
    commune: Contour | None = None
    voisines: list[Contour] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)

    def zone(self, ident: str) -> Zone | None:
        return next((z for z in self.zones if z.id == ident), None)


# --- projection ------------------------------------------------------------------------


@dataclass(frozen=True)
class Projection:
    """Equirectangular projection around a point: metres, accurate to a fraction of a percent
    over a commune (a few km). Enough to measure tolerances and to draw a town map."""

    lon0: float
    lat0: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        kx = 111_320.0 * math.cos(math.radians(self.lat0))
        return (lon - self.lon0) * kx, (lat - self.lat0) * 110_574.0

    @classmethod
    def pour(cls, contour: Contour) -> Projection:
        points = [p for poly in contour.polygones for p in poly[0]]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        return cls((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)


def en_metres(polygones: tuple[Polygone, ...], proj: Projection) -> Polygon | MultiPolygon:
    """A shapely (Multi)Polygon in metres."""
    from shapely.geometry import MultiPolygon, Polygon

    polys = [
        Polygon([proj(*p) for p in poly[0]], [[proj(*p) for p in trou] for trou in poly[1:]]) for poly in polygones
    ]
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


# --- reading ---------------------------------------------------------------------------


def _lire_json(chemin: Path, rel: str, col: Collecteur) -> Any:
    try:
        texte = chemin.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        col.ajouter(rel, None, "le fichier n'est pas encodé en UTF-8 (réexportez-le depuis uMap)")
        return None
    try:
        return json.loads(texte)
    except json.JSONDecodeError as exc:
        col.ajouter(
            rel,
            exc.lineno,
            f"GeoJSON mal formé (colonne {exc.colno} : {exc.msg}) — "
            "réexportez le fichier depuis uMap (« Exporter les données », format GeoJSON)",
        )
        return None


def _anneaux(rel: str, quoi: str, coords: object, col: Collecteur) -> Polygone | None:
    """One polygon's rings, checked: lists of [lon, lat], at least 3 distinct points, closed."""
    if not isinstance(coords, list) or not coords:
        col.ajouter(rel, None, f"{quoi} : coordonnées du polygone manquantes ou mal formées")
        return None
    anneaux = []
    for i, anneau in enumerate(coords):
        nom_anneau = "contour extérieur" if i == 0 else f"trou n° {i}"
        if not isinstance(anneau, list) or not all(
            isinstance(p, list)
            and len(p) >= 2
            and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in p[:2])
            for p in anneau
        ):
            col.ajouter(rel, None, f"{quoi}, {nom_anneau} : liste de points [longitude, latitude] attendue")
            return None
        points = tuple((float(p[0]), float(p[1])) for p in anneau)
        if any(not (-180 <= lon <= 180 and -90 <= lat <= 90) for lon, lat in points):
            col.ajouter(
                rel,
                None,
                f"{quoi}, {nom_anneau} : coordonnées hors limites — longitude et latitude "
                "en degrés (WGS 84) attendues, comme les exporte uMap",
            )
            return None
        distincts = len(set(points))
        if distincts < 3:
            col.ajouter(
                rel,
                None,
                f"{quoi}, {nom_anneau} : trop peu de points ({distincts} distinct"
                f"{'s' if distincts > 1 else ''}) — un polygone en demande au moins 3",
            )
            return None
        if points[0] != points[-1]:
            col.ajouter(
                rel,
                None,
                f"{quoi}, {nom_anneau} : polygone non fermé — son dernier point doit "
                "répéter le premier (réexportez la zone depuis uMap)",
            )
            return None
        if len(points) < 4:
            col.ajouter(
                rel,
                None,
                f"{quoi}, {nom_anneau} : trop peu de points — un polygone fermé en demande au "
                "moins 4 (3 sommets et le retour au premier)",
            )
            return None
        anneaux.append(points)
    return tuple(anneaux)


def _polygones(rel: str, quoi: str, geometrie: object, col: Collecteur) -> tuple[Polygone, ...] | None:
    if not isinstance(geometrie, dict):
        col.ajouter(rel, None, f"{quoi} : géométrie manquante — dessinez la zone comme un polygone")
        return None
    type_ = geometrie.get("type")
    if type_ == "Polygon":
        p = _anneaux(rel, quoi, geometrie.get("coordinates"), col)
        return None if p is None else (p,)
    if type_ == "MultiPolygon":
        coords = geometrie.get("coordinates")
        if not isinstance(coords, list) or not coords:
            col.ajouter(rel, None, f"{quoi} : coordonnées du multipolygone manquantes")
            return None
        polys = [_anneaux(rel, f"{quoi}, partie n° {i + 1}", c, col) for i, c in enumerate(coords)]
        lus = [p for p in polys if p is not None]
        return tuple(lus) if len(lus) == len(polys) else None
    col.ajouter(
        rel,
        None,
        f"{quoi} : géométrie « {type_} » — une zone se dessine comme un polygone "
        "(dans uMap : « Dessiner un polygone »), pas comme un point ou une ligne",
    )
    return None


_GEOS_FR = {
    "Self-intersection": "le contour se recoupe lui-même",
    "Ring Self-intersection": "le contour se recoupe lui-même",
    "Hole lies outside shell": "un trou est dessiné hors du contour",
    "Nested holes": "des trous sont imbriqués",
    "Interior is disconnected": "l'intérieur est coupé en morceaux",
    "Nested shells": "des parties sont imbriquées",
    "Duplicate Rings": "un contour est répété",
    "Too few points": "trop peu de points",
    "Invalid Coordinate": "une coordonnée est invalide",
    "Ring is not closed": "le contour n'est pas fermé",
}


def _invalidite(polygones: tuple[Polygone, ...]) -> str | None:
    """Why the shape is invalid (in French, with the place), or None. GEOS checks on lon/lat."""
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.validation import explain_validity

    polys = [Polygon(poly[0], list(poly[1:])) for poly in polygones]
    forme = polys[0] if len(polys) == 1 else MultiPolygon(polys)
    if forme.is_valid:
        return None
    raison = explain_validity(forme)
    m = re.match(r"([A-Za-z \-]+?)\s*\[\s*(-?[\d.e+-]+)\s+(-?[\d.e+-]+)\s*\]", raison)
    if not m:
        return f"polygone invalide ({raison})"
    libelle = _GEOS_FR.get(m[1].strip(), f"polygone invalide ({m[1].strip()})")
    return (
        f"{libelle} près du point longitude {fr.nombre(float(m[2]), 5)}, latitude {fr.nombre(float(m[3]), 5)} "
        "— corrigez le tracé dans uMap puis réexportez"
    )


def charger_contours(racine: Path, insee: str | None, col: Collecteur) -> tuple[Contour | None, list[Contour]]:
    chemin = racine / CONTOURS
    if not chemin.is_file():
        col.ajouter(
            CONTOURS,
            None,
            "contours des communes absents : ce fichier est fourni avec le projet (voir data/geo/SOURCE.md)",
        )
        return None, []
    doc = _lire_json(chemin, CONTOURS, col)
    if doc is None:
        return None, []
    contours = []
    for i, f in enumerate(doc.get("features", []) if isinstance(doc, dict) else []):
        props = f.get("properties") or {}
        polys = _polygones(CONTOURS, f"commune n° {i + 1}", f.get("geometry"), col)
        if polys is not None:
            contours.append(Contour(str(props.get("code", "")), str(props.get("nom", "")), polys))
    commune = next((c for c in contours if c.code == insee), None)
    if commune is None and insee:
        col.ajouter(
            CONTOURS,
            None,
            f"le contour de la commune (code INSEE {insee}, data/commune.yml) manque — "
            "voir data/geo/SOURCE.md pour l'extraire",
        )
    return commune, [c for c in contours if c is not commune]


def charger(racine: Path, insee: str | None, col: Collecteur) -> Geographie:
    """The outlines and the zones; every problem reported. No zones file: no zones (yet)."""
    chemin = racine / ZONES
    if not chemin.is_file() and not (racine / CONTOURS).is_file():
        # A new commune's project (make nouvelle-commune) has no outline until its coordinator
        # extracts one (contours-commune): without zones there is nothing to draw or check.
        return Geographie(None, [])
    commune, voisines = charger_contours(racine, insee, col)
    geo = Geographie(commune, voisines)
    if not chemin.is_file():
        return geo
    doc = _lire_json(chemin, ZONES, col)
    if doc is None:
        return geo
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list):
        col.ajouter(ZONES, 1, "collection d'objets GeoJSON attendue (« FeatureCollection »), telle qu'uMap l'exporte")
        return geo
    vus_id: dict[str, int] = {}
    vus_nom: dict[str, int] = {}
    proj = Projection.pour(commune) if commune else None
    commune_m = en_metres(commune.polygones, proj) if commune and proj else None
    for i, f in enumerate(doc["features"]):
        n = i + 1
        if not isinstance(f, dict) or f.get("type") != "Feature":
            col.ajouter(ZONES, None, f"zone n° {n} : objet GeoJSON « Feature » attendu")
            continue
        brutes = f.get("properties")
        props: dict[str, Any] = brutes if isinstance(brutes, dict) else {}
        nom = props.get("nom", props.get("name"))
        ident = props.get("id", f.get("id"))
        quoi = f"zone n° {n}" + (f" (« {nom} »)" if isinstance(nom, str) and nom.strip() else "")
        ok = True
        for cle, valeur in props.items():
            if valeur in (None, "") or (isinstance(valeur, str) and not valeur.strip()):
                continue  # uMap writes empty fields (« description »: ""): they hold nothing
            if cle not in ("id", "nom", "name") and cle not in _PROPRIETES_UMAP:
                col.ajouter(
                    ZONES,
                    None,
                    f"{quoi} : propriété « {cle} » non prévue — une zone ne porte qu'un "
                    f"identifiant (« id ») et un nom (« nom ») ; supprimez-la dans uMap avant l'export "
                    f"({nominatif.RAPPEL})",
                )
                ok = False
        if not isinstance(nom, str) or not nom.strip():
            col.ajouter(
                ZONES,
                None,
                f"{quoi} : nom manquant — ajoutez une propriété « nom » (dans uMap : le nom de "
                "l'élément), ex. « Abords de la gare »",
            )
            ok = False
        else:
            nom = " ".join(nom.split())
            type_ = nominatif.detecter(nom, noms_propres=False)
            if type_:
                col.ajouter(ZONES, None, f"zone n° {n} : nom refusé — {nominatif.message(type_)}")
                ok = False
            elif nom.casefold() in vus_nom:
                col.ajouter(ZONES, None, f"{quoi} : nom déjà pris par la zone n° {vus_nom[nom.casefold()]}")
                ok = False
            else:
                vus_nom[nom.casefold()] = n
        if not isinstance(ident, str) or not ID_ZONE.match(ident):
            quel = "manquant" if ident is None or ident == "" else f"« {ident} » invalide"
            col.ajouter(
                ZONES,
                None,
                f"{quoi} : identifiant {quel} — ajoutez une propriété « id » en minuscules, "
                "chiffres et tirets, ex. « abords-gare »",
            )
            ok = False
        elif ident in vus_id:
            col.ajouter(ZONES, None, f"{quoi} : identifiant « {ident} » déjà pris par la zone n° {vus_id[ident]}")
            ok = False
        else:
            vus_id[ident] = n
        polys = _polygones(ZONES, quoi, f.get("geometry"), col)
        if polys is None:
            continue
        probleme = _invalidite(polys)
        if probleme:
            col.ajouter(ZONES, None, f"{quoi} : {probleme}")
            continue
        if commune_m is not None and proj is not None:
            probleme = _hors_commune(en_metres(polys, proj), commune_m, commune.nom)  # type: ignore[union-attr]
            if probleme:
                col.ajouter(ZONES, None, f"{quoi} : {probleme}")
                continue
        if ok:
            geo.zones.append(Zone(ident, nom, polys))  # type: ignore[arg-type]
    return geo


def _hors_commune(zone_m: BaseGeometry, commune_m: BaseGeometry, nom_commune: str) -> str | None:
    if commune_m.buffer(TOLERANCE_M).covers(zone_m):
        return None
    from shapely.geometry import Point

    sommets = [Point(p) for poly in getattr(zone_m, "geoms", [zone_m]) for p in poly.exterior.coords]
    ecart = max(commune_m.distance(p) for p in sommets)
    if not zone_m.intersects(commune_m):
        return (
            f"zone entièrement hors de {nom_commune} (à {_distance(commune_m.distance(zone_m))} de la commune) — "
            "vérifiez qu'elle a été dessinée au bon endroit"
        )
    return (
        f"la zone sort de {nom_commune} : un sommet est à {_distance(ecart)} du contour de la commune "
        f"(tolérance : {_distance(TOLERANCE_M)}) — redessinez-la à l'intérieur"
    )


def _distance(metres: float) -> str:
    if metres >= 1000:
        return f"{fr.nombre(metres / 1000, 1)}\u00a0km"
    return f"{fr.nombre(round(metres))}\u00a0m"


# --- vendoring the outlines ------------------------------------------------------------


def extraire_contours(source: Path, insee: str) -> bytes:
    """The commune's feature and its neighbours' (those whose outline touches it), copied
    unmodified from the published file (`../shared/geo/communes-59-nord.geojson`)."""
    from shapely.geometry import shape

    doc = json.loads(source.read_text(encoding="utf-8"))
    par_code = {f["properties"]["code"]: f for f in doc["features"]}
    if insee not in par_code:
        raise KeyError(insee)
    centre = shape(par_code[insee]["geometry"])
    garder = [f for code, f in sorted(par_code.items()) if code == insee or shape(f["geometry"]).intersects(centre)]
    sortie = {"type": "FeatureCollection", "features": garder}
    return (json.dumps(sortie, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
