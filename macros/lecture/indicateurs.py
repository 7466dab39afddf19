"""Indicator data files (``data/indicateurs/*.yml``) read and validated into ``Tableau``.

Every problem in a file is reported into the ``Collecteur`` as « fichier:ligne: message »
in French; the tables, their series and the computations are in ``domaine.indicateurs``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from macros.domaine import fr
from macros.domaine.indicateurs import (
    DOSSIER,
    ID_RX,
    Cle,
    Colonne,
    Graphique,
    Serie,
    Tableau,
    _fmt_evol,
    _net,
    _proche,
    _signe,
    concorde,
    decimales_imprimees,
    egal,
    est_pourcentage,
    evolution,
    libelle_complet,
    part,
    somme,
    verifier_graphique,
)
from macros.lecture import yamlio
from macros.lecture.erreurs import Collecteur

_M = TypeVar("_M", bound=BaseModel)

# --- raw schema (what a data file may contain) -------------------------------------------


class _Brut(BaseModel):
    # Unknown keys are typos until proven otherwise.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, defer_build=True)


class _EvolutionBrute(_Brut):
    de: Any
    a: Any


class _CalculBrut(_Brut):
    part: str | None = None
    de: str | None = None
    somme: list[str] | None = None

    @model_validator(mode="after")
    def _forme(self) -> _CalculBrut:
        if self.somme is None and (self.part is None or self.de is None):
            raise ValueError("écrivez « {part: série, de: série} » ou « {somme: [série, série]} »")
        if self.somme is not None and (self.part is not None or self.de is not None):
            raise ValueError("une seule forme de calcul : « part/de » ou « somme »")
        return self


class _SerieBrute(_Brut):
    id: str = Field(min_length=1)
    libelle: str = Field(min_length=1)
    unite: str = Field(min_length=1)
    valeurs: dict[Any, Any] | None = None
    groupe: str | None = None
    niveau: int = Field(default=0, ge=0, le=2)
    decimales: int | None = Field(default=None, ge=0, le=4)
    evolution_imprimee: Any = None
    somme: list[str] = []
    detail: list[str] = []
    reste: str | None = None
    calcul: _CalculBrut | None = None
    source: str | None = None
    periode: str | None = None
    notes: list[str] = []
    visibilite: Literal["public", "intranet"] = "public"


class _GraphiqueBrut(_Brut):
    titre: str = Field(min_length=1)
    series: list[str] = Field(min_length=1)
    type: Literal["barres", "courbes", "empilees"] = "barres"
    axe: Literal["colonnes", "series"] | None = None
    colonnes: list[Any] | None = None
    libelles: list[str] | None = None
    alt: str | None = None


class _TableauBrut(_Brut):
    titre: str = Field(min_length=1)
    source: str = Field(min_length=1)
    origine: str | None = None
    territoire: str | None = None
    dimension: Literal["annee", "territoire", "periode"]
    colonnes: list[Any] | dict[Any, Any]
    periode: str | None = None
    evolution: _EvolutionBrute | None = None
    visibilite: Literal["public", "intranet"] = "public"
    notes: list[str] = []
    series: list[Any] = Field(min_length=1)
    graphiques: dict[str, Any] = {}


# --- loading -----------------------------------------------------------------------------


class _Fichier:
    """A data file being read: its path, its YAML document, and the problem collector."""

    def __init__(self, rel: str, doc: yamlio.Document, col: Collecteur):
        self.rel, self.doc, self.col = rel, doc, col
        self.n_erreurs = 0

    def ligne(self, *chemin: Any) -> int | None:
        """Line of a path in the file. yamlio indexes mapping keys by their text (a year key
        2016 is recorded as "2016") and list items by their index: walk the data to know which."""
        courant: Any = self.doc.data
        cles: list[Any] = []
        for k in chemin:
            if isinstance(courant, dict):
                cles.append(k if isinstance(k, str) else str(k))
                courant = courant.get(k)
            elif isinstance(courant, list) and isinstance(k, int):
                cles.append(k)
                courant = courant[k] if 0 <= k < len(courant) else None
            else:
                cles.append(k)
                courant = None
        return self.doc.ligne(tuple(cles))

    def erreur(self, ligne: int | None, message: str) -> None:
        self.n_erreurs += 1
        self.col.ajouter(self.rel, ligne, message)

    def entree(self, modele: type[_M], data: Any, chemin: tuple[int | str, ...], refus: str | None) -> _M | None:
        """The entry at ``chemin`` validated against ``modele``, or None once its problems are
        reported. ``refus``: the French reason it is refused before any validation (None: none)."""
        if refus is not None:
            self.erreur(self.ligne(*chemin), refus)
            return None
        return self.valider(modele, data, chemin)

    def valider(self, modele: type[_M], data: Any, prefixe: tuple[int | str, ...]) -> _M | None:
        from macros.lecture.validation import traduire_erreur

        try:
            return modele.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors(include_url=False):
                loc = tuple(
                    p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
                )
                ligne = self.ligne(*prefixe, *loc)
                message = traduire_erreur(err, modele)
                if prefixe:
                    message = f"{_lieu(prefixe, data)}{message}"
                self.erreur(ligne, message)
            return None


def _lieu(prefixe: tuple[int | str, ...], data: Any) -> str:
    if prefixe[:1] == ("series",) and len(prefixe) == 2:
        ident = data.get("id") if isinstance(data, dict) else None
        return f"série {int(prefixe[1]) + 1}" + (f" « {ident} »" if ident else "") + " : "
    if prefixe[:1] == ("graphiques",) and len(prefixe) == 2:
        return f"graphique « {prefixe[1]} » : "
    return ""


def _nombre(valeur: Any) -> tuple[float | None, str | None]:
    """(number, None) or (None, French reason). ``None`` (YAML null) is a missing figure."""
    if valeur is None:
        return None, None
    if isinstance(valeur, bool):
        return None, f"valeur non numérique « {'true' if valeur else 'false'} »"
    if isinstance(valeur, (int, float)):
        if isinstance(valeur, float) and not math.isfinite(valeur):
            return None, f"valeur non numérique « {valeur} »"
        return valeur, None
    texte = str(valeur).strip()
    if re.fullmatch(r"[−-]?\d[\d\s\u202f\u00a0]*,\d+\s*%?", texte):
        conseil = texte.replace(",", ".").replace(" ", "").replace("%", "").replace("\u202f", "").replace("\u00a0", "")
        return None, f"valeur non numérique « {texte} » — écrivez le nombre avec un point décimal : {conseil}"
    if re.fullmatch(r"[−-]?\d{1,3}(?:[\s\u202f\u00a0]\d{3})+", texte):
        conseil = re.sub(r"[\s\u202f\u00a0]", "", texte)
        return None, f"valeur non numérique « {texte} » — écrivez le nombre sans espace : {conseil}"
    if re.fullmatch(r"[−-]?\d+(?:\.\d+)?\s*%", texte):
        return (
            None,
            f"valeur non numérique « {texte} » — écrivez le nombre sans le signe % (l'unité est dans « unite »)",
        )
    return None, (
        f"valeur non numérique « {texte} » — écrivez un nombre (ex. 12.5), "
        "ou null si le document ne donne pas ce chiffre"
    )


def _cle_colonne(cle: Any, dimension: str) -> Cle | None:
    if dimension == "annee":
        if isinstance(cle, bool):
            return None
        if isinstance(cle, int):
            return cle
        if isinstance(cle, str) and cle.strip().isdigit():
            return int(cle.strip())
        return None
    return str(cle)


def charger(racine: Path, col: Collecteur, corpus: Any) -> dict[str, Tableau]:
    """Load every table of ``data/indicateurs/``; report each problem into ``col``."""
    from macros.lecture.fichiers import lire_yaml

    dossier = Path(racine) / DOSSIER
    tableaux: dict[str, Tableau] = {}
    if not dossier.is_dir():
        return tableaux
    chemins = sorted(dossier.glob("*.yml")) + sorted(dossier.glob("*.yaml"))
    for chemin in chemins:
        rel = f"{DOSSIER}/{chemin.name}"
        ident = chemin.stem
        if not ID_RX.match(ident):
            col.ajouter(
                rel,
                None,
                f"nom de fichier « {chemin.name} » invalide : minuscules, chiffres et tirets "
                "(le nom du fichier est l'identifiant du tableau, ex. police-nationale.yml)",
            )
            continue
        if ident in tableaux:
            col.ajouter(rel, None, f"tableau « {ident} » déjà défini par {tableaux[ident].fichier}")
            continue
        doc = lire_yaml(chemin, rel, col)
        if doc is None:
            continue
        tableau = lire_tableau(ident, _Fichier(rel, doc, col))
        if tableau is not None:
            tableaux[ident] = tableau
    return tableaux


def charger_texte(ident: str, texte: str, rel: str, col: Collecteur) -> Tableau | None:
    """Read one table from YAML text (tests, tools). Problems go into ``col``."""
    try:
        doc = yamlio.charger(texte)
    except yamlio.ErreurYaml as exc:
        col.ajouter(rel, exc.ligne, exc.message)
        return None
    return lire_tableau(ident, _Fichier(rel, doc, col))


def lire_tableau(ident: str, f: _Fichier) -> Tableau | None:
    data = f.doc.data
    if not isinstance(data, dict):
        f.erreur(1, "le fichier doit décrire un tableau : champs titre, source, dimension, colonnes, series")
        return None
    brut = f.valider(_TableauBrut, data, ())
    if brut is None:
        return None
    colonnes = _lire_colonnes(brut, f)
    if colonnes is None:
        return None
    cles = [c.cle for c in colonnes]
    t = Tableau(
        id=ident,
        fichier=f.rel,
        titre=brut.titre,
        source=brut.source,
        dimension=brut.dimension,
        colonnes=colonnes,
        series=[],
        origine=brut.origine,
        territoire=brut.territoire,
        periode=brut.periode,
        visibilite=brut.visibilite,
        notes=list(brut.notes),
    )
    if brut.evolution is not None:
        de = _cle_colonne(brut.evolution.de, brut.dimension)
        a = _cle_colonne(brut.evolution.a, brut.dimension)
        if brut.dimension != "annee":
            f.erreur(f.ligne("evolution"), "« evolution » n'a de sens que pour un tableau par année (dimension: annee)")
        elif de not in cles or a not in cles:
            f.erreur(
                f.ligne("evolution"),
                f"« evolution » : les années doivent être des colonnes du tableau ({', '.join(map(str, cles))})",
            )
        elif cles.index(de) >= cles.index(a):
            f.erreur(f.ligne("evolution"), "« evolution » : l'année « de » doit précéder l'année « a »")
        else:
            t.evolution = (de, a)

    vus: dict[str, int] = {}
    echecs: set[str] = set()  # series with an error: not reported again where they are cited
    for i, item in enumerate(brut.series):
        s = _lire_serie(i, item, t, f)
        if s is None:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                echecs.add(item["id"])
            continue
        if s.id in vus:
            f.erreur(
                f.ligne("series", i, "id"),
                f"série « {s.id} » déjà définie ligne {vus[s.id]} — chaque série a un id unique",
            )
            continue
        vus[s.id] = s.ligne or 0
        t.series.append(s)

    _verifier_references(t, f, echecs)
    if f.n_erreurs == 0:  # computations need every series, valid
        _calculer(t, f)
    if f.n_erreurs == 0:
        _verifier_totaux(t, f)
        _comparer_imprime(t)
    for nom, item in brut.graphiques.items():
        if isinstance(item, dict) and any(r in echecs for r in (item.get("series") or []) if isinstance(r, str)):
            continue
        g = _lire_graphique(str(nom), item, t, f)
        if g is not None:
            t.graphiques[g.id] = g
    return t if f.n_erreurs == 0 else None


def _lire_colonnes(brut: _TableauBrut, f: _Fichier) -> list[Colonne] | None:
    colonnes: list[Colonne] = []
    if brut.dimension == "annee":
        if not isinstance(brut.colonnes, list):
            f.erreur(f.ligne("colonnes"), "« colonnes » : liste d'années attendue, ex. [2016, 2017, 2018]")
            return None
        for i, v in enumerate(brut.colonnes):
            cle = _cle_colonne(v, "annee")
            if not isinstance(cle, int) or not 1900 <= cle <= 2200:
                f.erreur(f.ligne("colonnes", i), f"« colonnes » : « {v} » n'est pas une année (ex. 2018)")
                return None
            if any(c.cle == cle for c in colonnes):
                f.erreur(f.ligne("colonnes", i), f"« colonnes » : année {cle} en double")
                return None
            if colonnes and cle < colonnes[-1].cle:  # type: ignore[operator]
                f.erreur(f.ligne("colonnes", i), "« colonnes » : écrivez les années dans l'ordre croissant")
                return None
            colonnes.append(Colonne(cle, str(cle)))
    else:
        if not isinstance(brut.colonnes, dict) or not brut.colonnes:
            f.erreur(
                f.ligne("colonnes"),
                "« colonnes » : une ligne « identifiant: libellé » par colonne attendue (ex. « ville: Nom »)",
            )
            return None
        for cle, libelle in brut.colonnes.items():
            if not isinstance(libelle, str) or not libelle.strip():
                f.erreur(f.ligne("colonnes", str(cle)), f"« colonnes » : libellé manquant pour « {cle} »")
                return None
            colonnes.append(Colonne(str(cle), libelle.strip()))
    if not colonnes:
        f.erreur(f.ligne("colonnes"), "« colonnes » vide")
        return None
    return colonnes


def _lire_serie(i: int, item: Any, t: Tableau, f: _Fichier) -> Serie | None:
    champs = f"série {i + 1} : champs « id: », « libelle: », « unite: », « valeurs: » attendus"
    brut = f.entree(_SerieBrute, item, ("series", i), None if isinstance(item, dict) else champs)
    if brut is None:
        return None
    lieu = f"série « {brut.id} »"
    if not ID_RX.match(brut.id):
        f.erreur(f.ligne("series", i, "id"), f"{lieu} : identifiant invalide (minuscules, chiffres et tirets)")
        return None
    cles = [c.cle for c in t.colonnes]
    valeurs: dict[Cle, float | None] = {}
    if brut.valeurs is None and brut.calcul is None:
        f.erreur(
            f.ligne("series", i), f"{lieu} : champ « valeurs » manquant — une ligne « {cles[0]}: nombre » par colonne"
        )
        return None
    ok = True
    for cle_brute, v in (brut.valeurs or {}).items():
        ligne = f.ligne("series", i, "valeurs", cle_brute)
        cle = _cle_colonne(cle_brute, t.dimension)
        if cle not in cles:
            idee = ""
            if isinstance(cle_brute, int) and cle_brute < 1000 and v is None:
                idee = " — une virgule décimale dans « {…} » ? écrivez le nombre avec un point (12.5)"
            f.erreur(
                ligne, f"{lieu} : « {cle_brute} » n'est pas une colonne du tableau ({', '.join(map(str, cles))}){idee}"
            )
            ok = False
            continue
        nombre, probleme = _nombre(v)
        if probleme:
            f.erreur(ligne, f"{lieu}, {cle} : {probleme}")
            ok = False
            continue
        if nombre is not None and est_pourcentage(brut.unite) and not 0 <= nombre <= 100:
            f.erreur(
                ligne,
                f"{lieu}, {cle} : {nombre} n'est pas un pourcentage entre 0 et 100 "
                "(une évolution ne se saisit pas : le site la calcule)",
            )
            ok = False
            continue
        valeurs[cle] = nombre
    if brut.calcul is None:
        for cle in cles:
            if cle not in valeurs and ok:
                nom = "année" if t.dimension == "annee" else "colonne"
                f.erreur(
                    f.ligne("series", i, "valeurs"),
                    f"{lieu} : {nom} {cle} manquante — ajoutez la ligne « {cle}: nombre » "
                    f"(ou « {cle}: null » si le document ne donne pas ce chiffre)",
                )
                ok = False
    imprime, probleme = _nombre(brut.evolution_imprimee)
    if probleme:
        f.erreur(f.ligne("series", i, "evolution_imprimee"), f"{lieu}, evolution_imprimee : {probleme}")
        ok = False
    elif imprime is not None and t.evolution is None:
        f.erreur(
            f.ligne("series", i, "evolution_imprimee"),
            f"{lieu} : « evolution_imprimee » demande une « evolution: {{de: …, a: …}} » au niveau du tableau",
        )
        ok = False
    if brut.reste and not brut.detail:
        f.erreur(f.ligne("series", i, "reste"), f"{lieu} : « reste » n'a de sens qu'avec « detail »")
        ok = False
    if not ok:
        return None
    s = Serie(
        id=brut.id,
        libelle=brut.libelle,
        unite=brut.unite,
        valeurs=valeurs,
        groupe=brut.groupe,
        niveau=brut.niveau,
        decimales=brut.decimales,
        source=brut.source,
        periode=brut.periode,
        notes=list(brut.notes),
        visibilite=brut.visibilite,
        evolution_imprimee=imprime,
        somme=list(brut.somme),
        detail=list(brut.detail),
        reste=brut.reste,
        calcul=brut.calcul.model_dump(exclude_none=True) if brut.calcul else None,
        ligne=f.ligne("series", i),
    )
    if s.calcul is not None:
        s.imprimees = dict(valeurs)
        s.valeurs = {c: valeurs.get(c) for c in cles}
    return s


def _verifier_references(t: Tableau, f: _Fichier, echecs: set[str] = frozenset()) -> None:  # type: ignore[assignment]
    ids = [s.id for s in t.series]
    index = {s.id: i for i, s in enumerate(t.series)}
    for s in t.series:
        i = index[s.id]
        refs: list[tuple[str, str]] = [("somme", r) for r in s.somme] + [("detail", r) for r in s.detail]
        if s.calcul:
            refs += [
                ("calcul", r) for r in ([s.calcul["part"], s.calcul["de"]] if "part" in s.calcul else s.calcul["somme"])
            ]
        for champ, r in refs:
            autre = t.serie(r)
            if r in echecs:
                continue  # already reported where it is defined
            if autre is None:
                f.erreur(
                    f.ligne("series", i, champ), f"série « {s.id} », {champ} : série « {r} » inconnue{_proche(r, ids)}"
                )
            elif r == s.id:
                f.erreur(
                    f.ligne("series", i, champ), f"série « {s.id} », {champ} : une série ne peut pas se citer elle-même"
                )
            elif champ in ("somme", "detail") and autre.unite != s.unite:
                f.erreur(
                    f.ligne("series", i, champ),
                    f"série « {s.id} », {champ} : « {r} » est en « {autre.unite} », "
                    f"le total en « {s.unite} » — un total et ses parties ont la même unité",
                )
        if s.calcul and "part" in s.calcul and not s.pourcentage:
            f.erreur(
                f.ligne("series", i, "unite"),
                f'série « {s.id} » : une part se calcule en pourcentage — écrivez unite: "%"',
            )
        if s.calcul and "somme" in s.calcul:
            for r in s.calcul["somme"]:
                autre = t.serie(r) if r not in echecs else None
                if autre is not None and autre.unite != s.unite:
                    f.erreur(
                        f.ligne("series", i, "calcul"),
                        f"série « {s.id} », calcul : « {r} » est en « {autre.unite} », la somme en « {s.unite} »",
                    )


def _calculer(t: Tableau, f: _Fichier) -> None:
    """Compute the ``calcul`` series in dependency order; a cycle is an error."""
    restants = [s for s in t.series if s.calcul]
    faits = {s.id for s in t.series if not s.calcul}
    while restants:
        avance = False
        for s in list(restants):
            calcul = s.calcul or {}  # every one left has a calcul
            deps = [calcul["part"], calcul["de"]] if "part" in calcul else calcul["somme"]
            if not all(d in faits for d in deps):
                continue
            for c in t.colonnes:
                if "part" in calcul:
                    v = part(t.serie_connue(deps[0]).valeurs.get(c.cle), t.serie_connue(deps[1]).valeurs.get(c.cle))
                else:
                    v = somme([t.serie_connue(d).valeurs.get(c.cle) for d in deps])
                if v is not None:
                    s.valeurs[c.cle] = v
                    s.calculees.add(c.cle)
            faits.add(s.id)
            restants.remove(s)
            avance = True
        if not avance:
            for s in restants:
                f.erreur(s.ligne, f"série « {s.id} » : calcul circulaire (les séries se calculent l'une par l'autre)")
            return


def _verifier_totaux(t: Tableau, f: _Fichier) -> None:
    index = {s.id: i for i, s in enumerate(t.series)}
    for s in t.series:
        if s.somme:
            parts = [t.serie_connue(p) for p in s.somme]
            for c in t.colonnes:
                total = s.valeurs.get(c.cle)
                termes = [p.valeurs.get(c.cle) for p in parts]
                if total is None or any(v is None for v in termes):
                    if total is not None or any(v is not None for v in termes):
                        f.erreur(
                            f.ligne("series", index[s.id], "valeurs", c.cle),
                            f"série « {s.id} », {c.cle} : le total et ses sous-lignes ({', '.join(s.somme)}) "
                            "doivent être tous renseignés ou tous « null »",
                        )
                    continue
                presents = [v for v in termes if v is not None]  # all of them, checked above
                calcule = _net(sum(presents))
                if not egal(total, calcule):
                    detail = " + ".join(fr.nombre(v) for v in presents)
                    f.erreur(
                        f.ligne("series", index[s.id], "valeurs", c.cle),
                        f"série « {s.id} », {c.cle} : le total {fr.nombre(total)} n'est pas la somme de ses "
                        f"sous-lignes ({detail} = {fr.nombre(calcule)}) — corrigez le total ou une sous-ligne",
                    )
        if s.detail:
            parts = [t.serie_connue(p) for p in s.detail]
            reste: dict[Cle, float | None] = {}
            for c in t.colonnes:
                total = s.valeurs.get(c.cle)
                termes = [p.valeurs.get(c.cle) for p in parts]
                cumul = somme(termes)
                if total is None or cumul is None:
                    reste[c.cle] = None
                    continue
                if cumul > total and not egal(cumul, total):
                    f.erreur(
                        f.ligne("series", index[s.id], "valeurs", c.cle),
                        f"série « {s.id} », {c.cle} : le détail "
                        f"({' + '.join(fr.nombre(v) for v in termes if v is not None)} = "
                        f"{fr.nombre(cumul)}) dépasse le total {fr.nombre(total)}",
                    )
                reste[c.cle] = _net(total - cumul)
            t.restes[s.id] = reste


def _comparer_imprime(t: Tableau) -> None:
    """Editor's notes: every printed figure that the computation does not give."""
    for s in t.series:
        nom = f"« {libelle_complet(t, s)} »"
        if s.evolution_imprimee is not None and t.evolution is not None:
            de, a = t.evolution
            v0, v1 = s.valeurs.get(de), s.valeurs.get(a)
            ev = evolution(v0, v1, s.unite)
            imprime = s.evolution_imprimee
            if ev.nature == "base-nulle":
                assert ev.ecart is not None  # both values known, the first one 0
                t.notes_calculees.append(
                    f"{nom} : le document indique une évolution {de} – {a} de {_fmt_evol(imprime, s.unite)}, "
                    f"mais la valeur de {de} est 0 : une évolution en pourcentage ne se calcule pas à partir "
                    f"de zéro. Le tableau indique l'écart en nombre ({_signe(fr.nombre(ev.ecart))})."
                )
                t.desaccords.add((s.id, "evolution"))
            elif ev.valeur is not None and v0 is not None and v1 is not None and not concorde(ev.valeur, imprime):
                t.desaccords.add((s.id, "evolution"))
                d = decimales_imprimees(imprime)
                if ev.nature == "points":
                    calcul = f"{fr.nombre(v1, 1)} − {fr.nombre(v0, 1)}"
                else:
                    calcul = f"({fr.nombre(v1)} − {fr.nombre(v0)}) / {fr.nombre(v0)}"
                t.notes_calculees.append(
                    f"{nom} : le document indique une évolution {de} – {a} de {_fmt_evol(imprime, s.unite, d)} ; "
                    f"le calcul {calcul} donne {_fmt_evol(ev.valeur, s.unite, d)}. "
                    "Le tableau affiche la valeur calculée."
                )
        if s.calcul and "part" in s.calcul:
            for c in t.colonnes:
                imprimee = s.imprimees.get(c.cle)
                if imprimee is None or c.cle not in s.calculees:
                    continue
                v = s.valeurs[c.cle]
                if v is not None and not concorde(v, imprimee):
                    t.desaccords.add((s.id, c.cle))
                    d = max(decimales_imprimees(imprimee), 1)
                    num = t.serie_connue(s.calcul["part"]).valeurs.get(c.cle)
                    den = t.serie_connue(s.calcul["de"]).valeurs.get(c.cle)
                    t.notes_calculees.append(
                        f"{nom}, {c.libelle} : le document indique "
                        f"{fr.pourcentage(imprimee, decimales_imprimees(imprimee))} ; "
                        f"le calcul {fr.nombre(num)} / {fr.nombre(den)} donne {fr.pourcentage(v, d)}. "  # type: ignore[arg-type]
                        "Le tableau affiche la valeur calculée."
                    )


def _lire_graphique(nom: str, item: Any, t: Tableau, f: _Fichier) -> Graphique | None:
    invalide = f"graphique « {nom} » : identifiant invalide (minuscules, chiffres et tirets)"
    brut = f.entree(_GraphiqueBrut, item, ("graphiques", nom), None if ID_RX.match(nom) else invalide)
    if brut is None:
        return None
    g = Graphique(
        id=nom,
        titre=brut.titre,
        series=list(brut.series),
        type=brut.type,
        axe=brut.axe,
        colonnes=None,
        libelles=brut.libelles,
        alt=brut.alt,
        ligne=f.ligne("graphiques", nom),
    )
    if brut.colonnes is not None:
        g.colonnes = [_cle_colonne(c, t.dimension) for c in brut.colonnes]  # type: ignore[misc]
    probleme = verifier_graphique(t, g)
    if probleme:
        champ = {"series": "series", "colonnes": "colonnes", "libelles": "libelles", "type": "type"}.get(
            probleme[0], "series"
        )
        f.erreur(f.ligne("graphiques", nom, champ), f"graphique « {nom} » : {probleme[1]}")
        return None
    return g
