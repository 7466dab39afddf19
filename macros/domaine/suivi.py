"""Progress tracking, computed: never typed by authors, never stored.

Pure functions of the validated model and of a date (the build date, injected), so each
rule is tested without a site. No MkDocs, no rendering here.

Rules (the dashboard's legend repeats them for readers):

- **avancement effectif** — ``avancement`` when the fiche gives one, else the default of
  its ``statut`` (``model.STATUTS``). ``None`` means "no figure" (non renseigné, suspendu
  or abandonné without an explicit figure).
- **cumul** (roll-up, per axis and overall) — the plain mean of the effective progress of
  the fiches that have one; every fiche weighs the same (the overall figure is *not* the
  mean of the axes). Abandoned fiches are left out. Fiches without a figure are counted
  apart (``sans_chiffre``) and shown next to the mean, never counted as 0 %: a mean over
  3 fiches out of 20 says so.
- **échéance** — a deadline (``Echeance.limite``: a date, or 31 December of a year) is
  *dépassée* when the build date is after it and the statut says the action is not
  finished (à lancer, en cours, suspendu). When the statut is *non renseigné* the
  deadline is only *passée* (we do not know whether the action was done): a distinct,
  visible state, never shown as "late". Recurrences have no deadline.
- **taux de réalisation** — (actuel − initial) / (cible − initial), not clipped (below 0:
  moving away from the target; above 1: target exceeded). ``initial`` is the explicit
  baseline or else the earliest available value; ``actuel`` the latest available value.
  When cible = initial the ratio is undefined (0/0 or x/0): ``taux`` is None and
  ``atteinte`` alone tells whether the level is held in the desired direction.
- **tendance** — sign of the last two available values; *favorable* when it goes the
  desired way (``cible.sens``, else the sign of cible − initial).
- **sans nouvelles** — no journal entry visible in the edition for ``mois`` months or
  more before the build date (an entry dated "2017" counts as 31 December 2017, clipped
  to the build date); finished fiches (réalisé, abandonné) are never flagged.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from macros.domaine.modele import STATUTS, DatePartielle, EntreeSuivi, Fiche, IndicateurFiche, Valeur

Visible = Callable[[str], bool]


def _tout_visible(_visibilite: str) -> bool:
    return True


# --- avancement ------------------------------------------------------------------------


def avancement(fiche: Fiche) -> int | None:
    """Effective progress 0–100: the explicit ``avancement``, else the status default."""
    if fiche.avancement is not None:
        return fiche.avancement
    return STATUTS[fiche.statut].avancement


def origine_avancement(fiche: Fiche) -> Literal["saisi", "statut", ""]:
    """Where the effective progress comes from (shown next to the figure and exported)."""
    if fiche.avancement is not None:
        return "saisi"
    return "statut" if STATUTS[fiche.statut].avancement is not None else ""


@dataclass(frozen=True)
class Cumul:
    """Roll-up of the progress of a group of fiches (an axis, or all of them)."""

    total: int  # fiches in the group
    avec_chiffre: int  # fiches counted in the mean
    sans_chiffre: int  # fiches without a figure (non renseigné, suspendu…), not abandoned
    abandonnees: int  # left out of the mean
    moyenne: float | None  # mean effective progress (0–100), None when no fiche has a figure
    par_statut: dict[str, int] = field(default_factory=dict)  # every status, in STATUTS order


def cumul(fiches: Iterable[Fiche]) -> Cumul:
    fiches = list(fiches)
    chiffres: list[int] = []
    sans = abandon = 0
    for f in fiches:
        if f.statut == "abandonne":
            abandon += 1
            continue
        a = avancement(f)
        if a is None:
            sans += 1
        else:
            chiffres.append(a)
    par_statut = {s: sum(1 for f in fiches if f.statut == s) for s in STATUTS}
    moyenne = sum(chiffres) / len(chiffres) if chiffres else None
    return Cumul(len(fiches), len(chiffres), sans, abandon, moyenne, par_statut)


def cumul_par_axe(fiches: Iterable[Fiche]) -> dict[int, Cumul]:
    fiches = list(fiches)
    return {axe: cumul(f for f in fiches if f.axe == axe) for axe in sorted({f.axe for f in fiches})}


# --- échéances -------------------------------------------------------------------------

SituationEcheance = Literal["depassee", "passee-non-renseignee", "proche", "a-venir", "sans-objet", "recurrente"]

SITUATIONS: dict[str, str] = {
    "depassee": "Échéance dépassée",
    "passee-non-renseignee": "Échéance passée, avancement non renseigné",
    "proche": "Échéance proche",
    "a-venir": "Échéance à venir",
    "sans-objet": "Sans objet (action réalisée, permanente ou abandonnée)",
    "recurrente": "Échéance récurrente",
}


def moins_mois(jour: _dt.date, mois: int) -> _dt.date:
    """``jour`` minus ``mois`` calendar months, clipped to the month's last day (31 août − 6 → 29 février)."""
    total = jour.year * 12 + (jour.month - 1) - mois
    annee, m = divmod(total, 12)
    dernier = calendar.monthrange(annee, m + 1)[1]
    return _dt.date(annee, m + 1, min(jour.day, dernier))


def plus_mois(jour: _dt.date, mois: int) -> _dt.date:
    return moins_mois(jour, -mois)


def situation_echeance(fiche: Fiche, aujourdhui: _dt.date, mois_proche: int = 6) -> SituationEcheance:
    """Where the fiche stands against its deadline on ``aujourdhui`` (the build date).

    The deadline day itself is not overdue: the action may still be completed that day.
    """
    limite = fiche.echeance.limite
    if STATUTS[fiche.statut].termine:
        return "sans-objet"
    if limite is None:
        return "recurrente"
    if aujourdhui > limite:
        return "passee-non-renseignee" if fiche.statut == "non-renseigne" else "depassee"
    if limite <= plus_mois(aujourdhui, mois_proche):
        return "proche"
    return "a-venir"


# --- journal ---------------------------------------------------------------------------


def journal(fiche: Fiche, visible: Visible = _tout_visible) -> list[EntreeSuivi]:
    """The entries shown in an edition, newest first (same date: the file's order)."""
    entrees = [e for e in fiche.suivi if visible(e.visibilite)]
    return sorted(entrees, key=lambda e: e.date.fin, reverse=True)  # sorted() is stable


def derniere_entree(fiche: Fiche, visible: Visible = _tout_visible) -> EntreeSuivi | None:
    entrees = journal(fiche, visible)
    return entrees[0] if entrees else None


def date_effective(d: DatePartielle, aujourdhui: _dt.date) -> _dt.date:
    """The day an entry is taken to be from: the end of its period, never after the build date."""
    return min(d.fin, aujourdhui)


def sans_nouvelles(fiche: Fiche, aujourdhui: _dt.date, mois: int, visible: Visible = _tout_visible) -> bool:
    """No visible journal entry for ``mois`` months: an entry dated exactly ``mois`` months
    before the build date still counts as news; one day earlier does not."""
    if fiche.statut in ("realise", "abandonne"):
        return False
    derniere = derniere_entree(fiche, visible)
    if derniere is None:
        return True
    return date_effective(derniere.date, aujourdhui) < moins_mois(aujourdhui, mois)


# --- indicateurs -----------------------------------------------------------------------

Tendance = Literal["hausse", "baisse", "stable"]


@dataclass(frozen=True)
class Synthese:
    """The indicator card's figures (Baromètre des résultats de l'action publique)."""

    initial: Valeur | None  # baseline (explicit, or earliest available value)
    initial_explicite: bool
    actuel: Valeur | None  # latest available value
    cible: float | None
    sens: Literal["hausse", "baisse", "maintien"] | None  # desired direction (given or deduced)
    taux: float | None  # (actuel − initial) / (cible − initial), a ratio (1.0 = 100 %)
    atteinte: bool | None  # is the target reached (in the desired direction)?
    tendance: Tendance | None  # last two available values
    appreciation: Literal["favorable", "defavorable"] | None  # tendance against sens
    mise_a_jour: DatePartielle | None  # period of the latest available value
    serie: tuple[Valeur, ...]  # every value, oldest first (missing ones included)


def serie(ind: IndicateurFiche) -> list[Valeur]:
    """Every value of the indicator, oldest period first."""
    return sorted(ind.valeurs, key=lambda v: v.periode)


def taux_realisation(initial: float | None, actuel: float | None, cible: float | None) -> float | None:
    """(actuel − initial) / (cible − initial); None when a value is missing or cible = initial."""
    if initial is None or actuel is None or cible is None or cible == initial:
        return None
    return (actuel - initial) / (cible - initial)


def sens_souhaite(initial: float | None, cible: float | None, sens: str | None) -> str | None:
    if sens:
        return sens
    if initial is None or cible is None:
        return None
    return "hausse" if cible > initial else "baisse" if cible < initial else "maintien"


def atteinte(actuel: float | None, cible: float | None, sens: str | None) -> bool | None:
    if actuel is None or cible is None or sens is None:
        return None
    if sens == "hausse":
        return actuel >= cible
    if sens == "baisse":
        return actuel <= cible
    return abs(actuel - cible) <= 1e-9 * max(1.0, abs(cible))


def tendance(valeurs: Sequence[Valeur]) -> Tendance | None:
    connues = [v.valeur for v in sorted(valeurs, key=lambda v: v.periode) if v.valeur is not None]
    if len(connues) < 2:
        return None
    ecart = connues[-1] - connues[-2]
    return "hausse" if ecart > 0 else "baisse" if ecart < 0 else "stable"


def appreciation(t: Tendance | None, sens: str | None) -> Literal["favorable", "defavorable"] | None:
    if t is None or sens is None:
        return None
    if sens == "maintien":
        return "favorable" if t == "stable" else "defavorable"
    if t == "stable":
        return None
    return "favorable" if t == sens else "defavorable"


def synthese(ind: IndicateurFiche) -> Synthese:
    valeurs = serie(ind)
    connues = [v for v in valeurs if v.valeur is not None]
    initial = ind.initial or (connues[0] if connues else None)
    actuel = connues[-1] if connues else None
    cible = ind.cible.valeur if ind.cible else None
    v_init = initial.valeur if initial else None
    v_act = actuel.valeur if actuel else None
    # The target's direction first, else the one the document states without a target.
    sens = sens_souhaite(v_init, cible, (ind.cible.sens if ind.cible else None) or ind.sens)
    t = tendance(valeurs)
    return Synthese(
        initial=initial,
        initial_explicite=ind.initial is not None,
        actuel=actuel,
        cible=cible,
        sens=sens,  # type: ignore[arg-type]
        taux=taux_realisation(v_init, v_act, cible),
        atteinte=atteinte(v_act, cible, sens),
        tendance=t,
        appreciation=appreciation(t, sens),
        mise_a_jour=actuel.periode if actuel else None,
        serie=tuple(valeurs),
    )
