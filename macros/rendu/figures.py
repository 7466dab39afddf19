"""Figures from indicator data, for the author macros ``tableau``, ``graphique``, ``valeur`` and ``evolution``.

    {{ tableau("police-nationale") }}
    {{ graphique("police-nationale") }}                       every chart declared in the file
    {{ graphique("police-nationale", "elucidations") }}       one declared chart
    {{ graphique("insee-emploi", series=["taux-chomage"], titre="Chômage, 2015") }}
    {{ valeur("mediation", "interventions", 2017) }}          → 1 052
    {{ evolution("mediation", "interventions") }}             → −33,8 %

The work is done by the ``rendre_*`` functions, which take the build state, the page's
source path and its URL: tests call them without MkDocs. A file to publish (SVG, CSV) goes
into ``etat.ressources`` under its site path, linked relative to the page's URL; only data
visible in the edition is published. A wrong call raises ``ErreurSite`` with a French
message naming the page and the call.
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Any

from macros.domaine import indicateurs
from macros.domaine.donnees import Table
from macros.lecture.erreurs import ErreurSite
from macros.lecture.indicateurs import _cle_colonne
from macros.rendu import graphiques as charts
from macros.rendu import tableaux

DOSSIER_PUBLIC = "assets/indicateurs"


def _appel(nom: str, args: tuple, kwargs: dict) -> str:
    def rep(v: Any) -> str:
        if isinstance(v, str):
            return f"« {v} »"
        if isinstance(v, (list, tuple)):
            return "[" + ", ".join(rep(x) for x in v) + "]"
        return str(v)

    morceaux = [rep(a) for a in args] + [f"{k}={rep(v)}" for k, v in kwargs.items() if v is not None]
    return f"{nom}({', '.join(morceaux)})"


def _relatif(cible: str, url_page: str) -> str:
    """Link from the page at ``url_page`` (site-relative, e.g. ``strategie/bilan/`` with
    directory URLs, ``strategie/bilan.html`` without) to the site path ``cible``."""
    base = url_page if url_page.endswith("/") or url_page == "" else posixpath.dirname(url_page)
    base = base.strip("/") or "."
    return posixpath.relpath(cible, base)


class Appel:
    """One macro call on one page: finds the data, publishes files, words the errors."""

    def __init__(self, etat: Any, page: str, url: str, nom: str, args: tuple, kwargs: dict):
        self.etat, self.page, self.url = etat, page, url
        self.texte = _appel(nom, args, kwargs)

    def erreur(self, message: str) -> ErreurSite:
        return ErreurSite(f"{self.page} : {self.texte} : {message}")

    def visible(self, visibilite: str) -> bool:
        return self.etat.edition.visible(visibilite)

    def tableau(self, ident: Any) -> indicateurs.Tableau:
        tous: dict[str, indicateurs.Tableau] = self.etat.corpus.series
        if not isinstance(ident, str) or ident not in tous:
            proche = indicateurs._proche(str(ident), list(tous))
            raise self.erreur(
                f"série inconnue « {ident} »{proche} — séries disponibles (fichiers de "
                f"{indicateurs.DOSSIER}/) : {', '.join(sorted(tous)) or 'aucune'}"
            )
        return tous[ident]

    def serie(self, t: indicateurs.Tableau, ident: Any) -> indicateurs.Serie:
        s = t.serie(str(ident))
        if s is None:
            ids = [x.id for x in t.series]
            raise self.erreur(
                f"série « {ident} » inconnue dans « {t.id} »{indicateurs._proche(str(ident), ids)} — "
                f"séries du tableau : {', '.join(ids)}"
            )
        return s

    def colonne(self, t: indicateurs.Tableau, cle: Any) -> indicateurs.Cle:
        c = _cle_colonne(cle, t.dimension)
        if t.colonne(c) is None:  # type: ignore[arg-type]
            raise self.erreur(
                f"colonne « {cle} » inconnue dans « {t.id} » — colonnes : {', '.join(str(x.cle) for x in t.colonnes)}"
            )
        return c  # type: ignore[return-value]

    def publier(self, chemin: str, contenu: bytes | Table) -> str:
        """Put a file in the site; return its link from this page."""
        self.etat.ressources[chemin] = contenu
        return _relatif(chemin, self.url)

    def csv(self, t: indicateurs.Tableau) -> str:
        return self.publier(f"{DOSSIER_PUBLIC}/{t.id}.csv", tableaux.csv_tableau(t, self.visible))


def rendre_tableau(etat: Any, page: str, url: str, ident: Any, notes: bool = True) -> str:
    a = Appel(etat, page, url, "tableau", (ident,), {"notes": None if notes is True else notes})
    t = a.tableau(ident)
    if not t.lignes(a.visible):
        return ""
    return tableaux.tableau_html(t, a.visible, a.csv(t), notes=bool(notes))


# The options of ``{{ graphique(…) }}``, in the order a message quotes them.
OPTIONS_GRAPHIQUE = ("series", "type", "colonnes", "axe", "titre", "alt", "libelles")


def rendre_graphique(etat: Any, page: str, url: str, ident: Any, nom: str | None = None, **autres: Any) -> str:
    """``autres``: the ``OPTIONS_GRAPHIQUE`` given (None: not given); another name is refused."""
    options = {k: autres.pop(k, None) for k in OPTIONS_GRAPHIQUE}
    a = Appel(etat, page, url, "graphique", (ident,) + ((nom,) if nom is not None else ()), {**options, **autres})
    if autres:
        inconnue = next(iter(autres))
        raise a.erreur(
            f"option « {inconnue} » inconnue{indicateurs._proche(inconnue, list(OPTIONS_GRAPHIQUE))}"
            f" — options possibles : {', '.join(OPTIONS_GRAPHIQUE)}"
        )
    series, titre = options["series"], options["titre"]
    t = a.tableau(ident)
    if nom is not None and series is not None:
        raise a.erreur("donnez soit le nom d'un graphique déclaré, soit « series=[…] », pas les deux")
    if nom is not None:
        if nom not in t.graphiques:
            raise a.erreur(
                f"graphique « {nom} » inconnu dans « {t.id} »{indicateurs._proche(str(nom), list(t.graphiques))}"
                f" — graphiques déclarés dans {t.fichier} : {', '.join(t.graphiques) or 'aucun'}"
            )
        graphiques = [_surcharger(t.graphiques[nom], options)]
    elif series is not None:
        if isinstance(series, str):
            series = [series]
        if not isinstance(series, (list, tuple)) or not series:
            raise a.erreur('« series » : liste d\'identifiants de séries attendue, ex. series=["tags"]')
        g = indicateurs.Graphique(
            id="-".join(map(str, series)), titre=titre or t.titre, series=[str(s) for s in series]
        )
        graphiques = [_surcharger(g, options)]
    elif t.graphiques:
        graphiques = [_surcharger(g, options) for g in t.graphiques.values()]
    else:
        g = indicateurs.Graphique(id="tout", titre=titre or t.titre, series=[s.id for s in t.series])
        graphiques = [_surcharger(g, options)]
    return "".join(_une_figure(a, t, g) for g in graphiques)


def _surcharger(g: indicateurs.Graphique, options: dict) -> indicateurs.Graphique:
    g = dataclasses.replace(g)  # a copy: the declared chart stays as loaded
    for champ in ("type", "axe", "titre", "alt"):
        if options.get(champ) is not None:
            setattr(g, champ, options[champ])
    if options.get("colonnes") is not None:
        g.colonnes = list(options["colonnes"])
    if options.get("libelles") is not None:
        g.libelles = [str(x) for x in options["libelles"]]
    return g


def _une_figure(a: Appel, t: indicateurs.Tableau, g: indicateurs.Graphique) -> str:
    if g.type not in indicateurs.TYPES_GRAPHIQUE:
        raise a.erreur(f"type « {g.type} » inconnu — types possibles : {', '.join(indicateurs.TYPES_GRAPHIQUE)}")
    if g.axe not in (None, "colonnes", "series"):
        raise a.erreur(f"axe « {g.axe} » inconnu — axes possibles : colonnes, series")
    if g.colonnes is not None:
        g.colonnes = [a.colonne(t, c) for c in g.colonnes]
    probleme = indicateurs.verifier_graphique(t, g)
    if probleme:
        raise a.erreur(probleme[1])
    if not a.visible(t.visibilite) or not all(a.visible(t.serie_connue(s).visibilite) for s in g.series):
        return ""  # never publish intranet data in the public edition (not even its SVG)
    d = indicateurs.donnees_graphique(t, g)
    if not d.colonnes:
        raise a.erreur("aucune valeur à dessiner (toutes les valeurs choisies sont « null »)")
    spec = charts.Spec(
        type=g.type,
        categories=tuple(d.categories),
        series=tuple((lib, tuple(vals)) for lib, vals in d.groupes),
        unite=d.unite,
        decimales=d.decimales,
        titre=g.titre,
    )
    cache = charts.dossier_cache(a.etat.corpus.racine)
    contenu, cle = charts.svg(spec, cache)
    src = a.publier(f"{DOSSIER_PUBLIC}/{t.id}-{g.id}-{cle[:12]}.svg", contenu)
    return tableaux.figure_html(t, g, d, src, spec.taille(), a.csv(t))


def rendre_valeur(etat: Any, page: str, url: str, ident: Any, serie: Any, colonne: Any) -> str:
    a = Appel(etat, page, url, "valeur", (ident, serie, colonne), {})
    t = a.tableau(ident)
    s = a.serie(t, serie)
    c = a.colonne(t, colonne)
    if not (a.visible(t.visibilite) and a.visible(s.visibilite)):
        raise a.erreur("donnée réservée à l'intranet — placez cet appel dans un bloc « !!! intranet »")
    v = s.valeurs.get(c)
    if v is None:
        raise a.erreur(f"le chiffre n'est pas disponible (« null » dans {t.fichier})")
    return tableaux.valeur_texte(v, s.unite, s.decimales_affichage)


def rendre_evolution(etat: Any, page: str, url: str, ident: Any, serie: Any, de: Any = None, a_: Any = None) -> str:
    a = Appel(etat, page, url, "evolution", (ident, serie), {"de": de, "a": a_})
    t = a.tableau(ident)
    s = a.serie(t, serie)
    if not (a.visible(t.visibilite) and a.visible(s.visibilite)):
        raise a.erreur("donnée réservée à l'intranet — placez cet appel dans un bloc « !!! intranet »")
    if de is None and a_ is None:
        if t.evolution is None:
            raise a.erreur(f"le tableau « {t.id} » ne déclare pas d'« evolution » : précisez de=… et a=…")
        debut, fin = t.evolution
    else:
        if de is None or a_ is None:
            raise a.erreur("précisez les deux années : de=… et a=…")
        if t.dimension != "annee":
            raise a.erreur("une évolution se calcule entre deux années (tableau par année)")
        debut, fin = a.colonne(t, de), a.colonne(t, a_)
    ev = indicateurs.evolution(s.valeurs.get(debut), s.valeurs.get(fin), s.unite)
    return tableaux.evolution_texte(ev)


def rendre_catalogue(etat: Any) -> str:
    """Every data table with its series and charts, as the edition shows them."""
    return tableaux.catalogue_html(etat.corpus.series, etat.edition.visible)
