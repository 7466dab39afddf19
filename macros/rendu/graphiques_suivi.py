"""The progress charts: one per indicator with a series, one of the fiches by axis and
status for the dashboard; drawn by ``graphiques`` (deterministic SVG, cached by content)
and registered as documentation files under ``suivi/graphiques/``.
"""

from __future__ import annotations

from typing import Any

from macros.domaine import fr
from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche, IndicateurFiche
from macros.rendu.avancement import date_partielle, fiches_edition, indicateurs_visibles, valeur_unite

# --- charts (matplotlib through charts.py: deterministic SVG, cached by content) ------

DOSSIER_GRAPHIQUES = "suivi/graphiques"


def chemin_graphique(spec: Any) -> str:
    """Docs-relative path of a chart: named by its content hash, so a page and the file
    always agree and an unchanged chart keeps its name from build to build."""
    from macros.rendu import graphiques as charts

    return f"{DOSSIER_GRAPHIQUES}/{charts.cle(spec)[:16]}.svg"


def spec_indicateur(fiche: Fiche, ind: IndicateurFiche) -> Any:
    """A line chart of the series (and the target as a point of its own), or None when there
    are fewer than two known values: one number needs no chart."""
    from macros.rendu import graphiques as charts

    s = calc.synthese(ind)
    points = [(date_partielle(v.periode), v.valeur) for v in s.serie]
    if s.initial is not None and s.initial_explicite and all(v.periode != s.initial.periode for v in s.serie):
        points.insert(0, (date_partielle(s.initial.periode), s.initial.valeur))
    if sum(1 for _, v in points if v is not None) < 2:
        return None
    categories = [c for c, _ in points]
    series = [(ind.libelle, tuple(v for _, v in points))]
    if ind.cible is not None:
        etiquette = str(ind.cible.annee) if ind.cible.annee else "Cible"
        if etiquette not in categories:
            categories.append(etiquette)
            series = [(series[0][0], series[0][1] + (None,))]
        cible = tuple(ind.cible.valeur if c == etiquette else None for c in categories)
        series.append((f"Cible ({fr.nombre(ind.cible.valeur)})", cible))
    return charts.Spec(
        type="courbes",
        categories=tuple(categories),
        series=tuple(series),
        unite=ind.unite if ind.unite != "nombre" else "",
        decimales=0 if all(v is None or float(v).is_integer() for _, vals in series for v in vals) else 1,
        titre=f"Fiche {fiche.id} : {ind.libelle}",
    )


def alt_indicateur(ind: IndicateurFiche, s: calc.Synthese) -> str:
    morceaux = [f"Courbe de l'indicateur « {ind.libelle} »"]
    if s.initial is not None and s.actuel is not None:
        morceaux.append(
            f"de {valeur_unite(s.initial.valeur, ind.unite)} ({date_partielle(s.initial.periode)}) "
            f"à {valeur_unite(s.actuel.valeur, ind.unite)} ({date_partielle(s.actuel.periode)})"
        )
    if ind.cible is not None:
        morceaux.append(
            f"cible {valeur_unite(ind.cible.valeur, ind.unite)}" + (f" en {ind.cible.annee}" if ind.cible.annee else "")
        )
    return ", ".join(morceaux) + ". Données détaillées dans le tableau qui suit."


def spec_axes(corpus: Corpus, fiches: list[Fiche]) -> Any:
    """Bar chart of the mean progress per axis, or None while no axis has a figure."""
    from macros.rendu import graphiques as charts

    cumuls = calc.cumul_par_axe(fiches)
    if all(c.moyenne is None for c in cumuls.values()):
        return None
    valeurs = tuple(round(c.moyenne, 1) if c.moyenne is not None else None for c in cumuls.values())
    return charts.Spec(
        type="barres",
        categories=tuple(f"Axe {a}" for a in cumuls),
        series=(("Avancement moyen", valeurs),),
        unite="%",
        decimales=0 if all(v is None or float(v).is_integer() for v in valeurs) else 1,
        titre="Avancement moyen par axe",
    )


def graphiques(corpus: Corpus, edition: Edition) -> dict[str, str]:
    """Every chart of the edition: docs-relative path → SVG text (drawn once, then cached)."""
    from macros.rendu import graphiques as charts

    fiches = fiches_edition(corpus, edition)
    specs = [spec_axes(corpus, fiches)]
    specs += [spec_indicateur(f, i) for f in fiches for i in indicateurs_visibles(f, edition)]
    cache = charts.dossier_cache(corpus.racine)
    specs = [spec for spec in specs if spec is not None]
    # `make site` builds both editions at once and they share the cache: the intranet edition
    # draws from the end of the list, so with an empty cache the two meet halfway instead of
    # both drawing the same charts (bench/, issue #8). The result keeps the list's order.
    ordre = range(len(specs)) if edition.est_publique else reversed(range(len(specs)))
    contenus = {i: charts.svg(specs[i], cache)[0] for i in ordre}
    out = {}
    for i, spec in enumerate(specs):
        out[chemin_graphique(spec)] = contenus[i].decode("utf-8")
    return out
