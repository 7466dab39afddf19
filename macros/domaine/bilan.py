"""The annual evaluation report, computed: which years have one, and each year's figures.

Pure functions of the validated model, of the build date and of a visibility filter (the
caller passes the edition's ``visible`` and the fiches the edition publishes), so each rule
is tested without a site. No MkDocs, no rendering here. The progress rules themselves
(effective progress, deadlines, taux de réalisation) are those of ``suivi_calcul``, called,
never rewritten.

Rules:

- **years** — a year has a report when the edition shows at least one journal entry dated
  in it, or one known indicator value (the baseline ``initial`` included) whose period
  starts in it (a value ``null``, « non disponible », is not data). Only years from the one the strategy was prepared in
  (``strategie.debut − 1`` of ``data/commune.yml``: 2018 for the STSPD 2019–2021, the year
  its diagnostic describes and the CLSPD adopted it) to the build year count: earlier
  entries are the history the document recounts, not a year the CLSPD evaluates.
- **end of the year** — 31 December, or the build date for the year in progress.
- **status** — the sources keep no history of statuses: the report shows the current one
  (and says so); deadlines are judged at the end of the year with it.
- **value of the year** — an indicator's value for the whole year (``periode: 2019``) when
  it is known, else the latest known value dated in that year (a month, a day); the
  baseline ``initial`` counts as the value of its period.
- **taux de réalisation** — ``suivi_calcul.taux_realisation(initial, valeur de l'année,
  cible)``, ``initial`` being ``suivi_calcul.synthese``'s baseline computed on the series
  known at the end of the year (explicit baseline, else the earliest value up to then).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass

from macros.domaine import suivi as calc
from macros.domaine.modele import Commune, EntreeSuivi, Fiche, IndicateurFiche, Valeur

Visible = calc.Visible


def premiere_annee(debut_strategie: int) -> int:
    """The first year with a report: the year the strategy was prepared and adopted."""
    return debut_strategie - 1


def annees_avec_donnees(fiches: Iterable[Fiche], visible: Visible) -> set[int]:
    """Every year with a visible journal entry or a known, visible indicator value."""
    annees: set[int] = set()
    for f in fiches:
        annees |= {e.date.debut.year for e in f.suivi if visible(e.visibilite)}
        for ind in f.indicateurs:
            if visible(ind.visibilite):
                valeurs = [*ind.valeurs, *([ind.initial] if ind.initial else [])]
                annees |= {v.periode.debut.year for v in valeurs if v.valeur is not None}
    return annees


def annees_bilan(fiches: Iterable[Fiche], visible: Visible, premiere: int, aujourdhui: _dt.date) -> list[int]:
    """The years that get a report, oldest first (see the module's rules)."""
    return sorted(a for a in annees_avec_donnees(fiches, visible) if premiere <= a <= aujourdhui.year)


def annees_commune(
    commune: Commune | None, fiches: Iterable[Fiche], visible: Visible, aujourdhui: _dt.date
) -> list[int]:
    """``annees_bilan`` from the commune profile's strategy period (none without a profile)."""
    if commune is None:
        return []
    return annees_bilan(fiches, visible, premiere_annee(commune.strategie.debut), aujourdhui)


def src_bilan(annee: int) -> str:
    """Source path of the report page (the dashboard links to it, hence here)."""
    return f"suivi/bilan-{annee}/index.md"


def src_bilan_imprimable(annee: int) -> str:
    return f"suivi/bilan-{annee}/imprimer/index.md"


def fin_annee(annee: int, aujourdhui: _dt.date) -> _dt.date:
    """The day the report describes: 31 December, or the build date for the current year."""
    return min(_dt.date(annee, 12, 31), aujourdhui)


def entrees_annee(fiche: Fiche, annee: int, visible: Visible) -> list[EntreeSuivi]:
    """The visible journal entries dated in ``annee``, newest first (``suivi_calcul.journal``)."""
    return [e for e in calc.journal(fiche, visible) if e.date.debut.year == annee]


def valeur_annee(ind: IndicateurFiche, annee: int) -> Valeur | None:
    """The value of ``annee``: the whole year's if known, else the latest known one in it."""
    serie = calc.serie(ind)
    if ind.initial is not None and all(v.periode != ind.initial.periode for v in serie):
        serie = sorted([*serie, ind.initial], key=lambda v: v.periode)  # the baseline is a value of its year
    connues = [v for v in serie if v.valeur is not None and v.periode.debut.year == annee]
    annuelles = [v for v in connues if v.periode.precision == "annee"]
    if annuelles:
        return annuelles[-1]
    return connues[-1] if connues else None


def jusqu_a(ind: IndicateurFiche, annee: int) -> IndicateurFiche:
    """The indicator as known at the end of ``annee``: later values left out."""
    return ind.model_copy(update={"valeurs": [v for v in ind.valeurs if v.periode.debut.year <= annee]})


@dataclass(frozen=True)
class IndicateurAnnee:
    """One indicator in the report of one year."""

    fiche: Fiche
    ind: IndicateurFiche  # as known at the end of the year (``jusqu_a``)
    valeur: Valeur | None  # of the year
    precedente: Valeur | None  # of the year before
    synthese: calc.Synthese  # of the series known at the end of the year
    taux: float | None  # (valeur − initial) / (cible − initial), a ratio
    atteinte: bool | None  # target reached by the year's value (desired direction)


def indicateur_annee(fiche: Fiche, ind: IndicateurFiche, annee: int) -> IndicateurAnnee:
    tronque = jusqu_a(ind, annee)
    s = calc.synthese(tronque)
    v = valeur_annee(ind, annee)
    valeur = v.valeur if v else None
    initial = s.initial.valeur if s.initial else None
    return IndicateurAnnee(
        fiche=fiche,
        ind=tronque,
        valeur=v,
        precedente=valeur_annee(ind, annee - 1),
        synthese=s,
        taux=calc.taux_realisation(initial, valeur, s.cible),
        atteinte=calc.atteinte(valeur, s.cible, s.sens),
    )


def echeance_passee(fiche: Fiche, fin: _dt.date) -> bool:
    """Deadline passed at ``fin`` (dépassée, or passée without a status): ``situation_echeance``."""
    return calc.situation_echeance(fiche, fin) in ("depassee", "passee-non-renseignee")


@dataclass(frozen=True)
class Bilan:
    """Everything the report of one year shows, for one edition."""

    annee: int
    fin: _dt.date  # the day described (31 December, or the build date)
    en_cours: bool  # the year is not over at the build date
    fiches: tuple[Fiche, ...]  # the edition's fiches, in order
    cumul: calc.Cumul  # current statuses and progress (no history in the sources)
    par_axe: dict[int, calc.Cumul]
    entrees: dict[str, tuple[EntreeSuivi, ...]]  # fiche id → the year's entries
    indicateurs: dict[str, tuple[IndicateurAnnee, ...]]  # fiche id → its visible indicators
    echeances_passees: tuple[Fiche, ...]  # at ``fin``, by date
    sans_nouvelles: tuple[Fiche, ...]  # no entry dated in the year
    sans_valeur: tuple[IndicateurAnnee, ...]  # no known value for the year (quantitative ones)

    @property
    def nombre_entrees(self) -> int:
        return sum(len(e) for e in self.entrees.values())


def bilan(fiches: Iterable[Fiche], visible: Visible, annee: int, aujourdhui: _dt.date) -> Bilan:
    """The report of ``annee``; ``fiches`` are the edition's, ``visible`` its filter."""
    fiches = tuple(fiches)
    fin = fin_annee(annee, aujourdhui)
    entrees = {f.id: tuple(entrees_annee(f, annee, visible)) for f in fiches}
    inds = {f.id: tuple(indicateur_annee(f, i, annee) for i in f.indicateurs if visible(i.visibilite)) for f in fiches}
    passees = sorted((f for f in fiches if echeance_passee(f, fin)), key=lambda f: (f.echeance.limite, f.numero))
    return Bilan(
        annee=annee,
        fin=fin,
        en_cours=fin < _dt.date(annee, 12, 31),
        fiches=fiches,
        cumul=calc.cumul(fiches),
        par_axe=calc.cumul_par_axe(fiches),
        entrees=entrees,
        indicateurs=inds,
        echeances_passees=tuple(passees),
        sans_nouvelles=tuple(f for f in fiches if not entrees[f.id]),
        sans_valeur=tuple(x for f in fiches for x in inds[f.id] if x.valeur is None and x.ind.nature != "qualitatif"),
    )
