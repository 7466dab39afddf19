"""Progress, in small fragments every view shares: the settings of data/suivi.yml, the
progress bar with its number in words, « Non renseigné », the deadline warnings, and the
fiches and indicators an edition shows.

The figures come from ``domaine/suivi`` (pure); this module only lays them out. Data
honesty: nothing here invents a figure. A fiche without a status shows « Non renseigné » in
words, is counted apart from the averages, and its past deadline is « passée », never
« dépassée ».
"""

from __future__ import annotations

import datetime as _dt

from macros.domaine import fr
from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.domaine.modele import DatePartielle, Fiche, IndicateurFiche, ReglagesSuivi
from macros.rendu.echappement import html
from macros.rendu.fragments import src_fiche

NBSP = "\u00a0"

# --- settings --------------------------------------------------------------------------


def reglages(corpus: Corpus) -> ReglagesSuivi:
    """The settings of this corpus, loaded and validated by ``load.charger_corpus``."""
    return corpus.reglages_suivi or ReglagesSuivi()


# --- small fragments -------------------------------------------------------------------


def date_partielle(d: DatePartielle) -> str:
    return fr.date_partielle(d.debut, d.precision)


def barre(valeur: float, libelle: str) -> str:
    """A progress bar with its number written as text (the bar is only a reminder).

    ``<progress>`` is clipped to 0–100; the text keeps the real value (−20 %, 130 %).
    """
    borne = max(0.0, min(100.0, float(valeur)))
    txt = fr.pourcentage(valeur, 1, au_plus=True)
    return (
        f'<span class="stspd-barre"><progress max="100" value="{borne:g}" aria-label="{html(libelle)}">'
        f'{txt}</progress> <span class="stspd-barre__valeur">{txt}</span></span>'
    )


def non_renseigne(texte_: str = "Non renseigné") -> str:
    return f'<span class="stspd-nr">{html(texte_)}</span>'


def avancement_html(f: Fiche, libelle: str | None = None) -> str:
    """The fiche's progress: a bar and its %, or the reason there is no figure, in words."""
    a = calc.avancement(f)
    if a is None:
        if f.statut == "abandonne":
            return non_renseigne("Sans objet (abandonnée)")
        if f.statut == "suspendu":
            return non_renseigne("Non chiffré (suspendue)")
        return non_renseigne()
    return barre(a, libelle or f"Avancement de la fiche {f.id}")


def alerte(texte_: str) -> str:
    """A warning label: a sign and words, never colour alone."""
    return f'<span class="stspd-alerte"><span aria-hidden="true">⚠</span> {html(texte_)}</span>'


def _situation(f: Fiche, aujourdhui: _dt.date, r: ReglagesSuivi) -> str:
    return calc.situation_echeance(f, aujourdhui, r.mois_echeance_proche)


def _alerte_echeance(f: Fiche, situation: str) -> str:
    limite = f.echeance.limite
    quand = fr.date(limite) if limite else ""
    if situation == "depassee":
        return alerte(f"Échéance du {quand} dépassée")
    if situation == "passee-non-renseignee":
        return alerte(f"Échéance du {quand} passée, sans avancement renseigné")
    if situation == "proche":
        return alerte(f"Échéance proche : {quand}")
    return ""


def fiches_edition(corpus: Corpus, edition: Edition) -> list[Fiche]:
    return [f for f in corpus.fiches if edition.publie(src_fiche(f))]


def indicateurs_visibles(f: Fiche, edition: Edition) -> list[IndicateurFiche]:
    return [i for i in f.indicateurs if edition.visible(i.visibilite)]


def valeur_unite(v: float | None, unite: str | None = None) -> str:
    """A figure with its unit (``1 052``, ``62,5 %``), « n.d. » when not available."""
    if v is None:
        return "n.d."
    return fr.nombre(v) + (f"{NBSP}{unite}" if unite and unite != "nombre" else "")
