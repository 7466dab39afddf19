"""The progress of one fiche, on its page: the header card's progress items (progress,
deadline warning, last news) and the « Suivi » section (journal, indicator cards).

Every value from YAML is escaped: ``texte`` in Markdown, ``html`` in raw HTML.
"""

from __future__ import annotations

import datetime as _dt

from macros.domaine import suivi as calc
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche
from macros.rendu.avancement import (
    _alerte_echeance,
    _situation,
    avancement_html,
    date_partielle,
    indicateurs_visibles,
    reglages,
)
from macros.rendu.cartes_indicateurs import AUCUNE_VALEUR, carte_indicateur, sans_valeur
from macros.rendu.echappement import html
from macros.rendu.fragments import Contexte, texte

# --- fiche page ------------------------------------------------------------------------


def entete(ctx: Contexte, fiche: Fiche, edition: Edition, aujourdhui: _dt.date) -> str:
    """Extra items of the fiche header card (def_list): progress, deadline warning, last news."""
    r = reglages(ctx.corpus)
    a = avancement_html(fiche)
    if calc.origine_avancement(fiche) == "statut":
        a += f" (valeur par défaut du statut « {html(fiche.libelle_statut)} »)"
    lignes = ["Avancement", f":   {a}", ""]
    alerte_ = _alerte_echeance(fiche, _situation(fiche, aujourdhui, r))
    if alerte_:
        lignes += ["Point d'attention", f":   {alerte_}", ""]
    derniere = calc.derniere_entree(fiche, edition.visible)
    quand = texte(date_partielle(derniere.date)) if derniere else "aucune entrée de journal"
    lignes += ["Dernière nouvelle", f":   {quand} ([voir le suivi](#suivi-avancement))", ""]
    return "\n".join(lignes)


def section(ctx: Contexte, fiche: Fiche, edition: Edition, aujourdhui: _dt.date) -> str:
    """« Suivi »: "sans nouvelles" warning, journal (newest first), indicator cards."""
    r = reglages(ctx.corpus)
    lignes = ["## Suivi {#suivi-avancement}", ""]
    entrees = calc.journal(fiche, edition.visible)
    if calc.sans_nouvelles(fiche, aujourdhui, r.mois_sans_nouvelles, edition.visible):
        detail = (
            f"La dernière entrée du journal date de : {texte(date_partielle(entrees[0].date))}."
            if entrees
            else "Aucune entrée de journal n'a été publiée pour cette fiche."
        )
        lignes += [f'!!! warning "Sans nouvelles depuis plus de {r.mois_sans_nouvelles} mois"', f"    {detail}", ""]
    lignes += ["### Journal {#suivi-journal}", ""]
    if not entrees:
        lignes += ["Aucune entrée de journal n'a été publiée pour cette fiche.", ""]
    for e in entrees:
        marque = ' <span class="stspd-marque-intranet">Intranet</span>' if e.visibilite == "intranet" else ""
        note = f" *(Note de la rédaction : {texte(e.note)})*" if e.note else ""
        lignes.append(f"- **{texte(date_partielle(e.date))}**{marque} — {texte(e.texte)}{note}")
    lignes += ["", "### Indicateurs {#suivi-indicateurs}", ""]
    inds = indicateurs_visibles(fiche, edition)
    if not inds and fiche.indicateurs_a_definir:
        lignes += [
            f"Le document ne nomme pas encore d'indicateur pour cette fiche : « {texte(fiche.indicateurs_a_definir)} »",
            "",
        ]
    elif not inds:
        lignes += [
            "Aucun indicateur n'est déclaré pour cette fiche. Les critères prévus par le document "
            "figurent dans la section « Évaluation ».",
            "",
        ]
    elif all(sans_valeur(i) for i in inds):
        lignes += [
            "Les indicateurs ci-dessous reprennent les critères de la section « Évaluation » du document. "
            f"{AUCUNE_VALEUR} n'a encore été rapportée pour "
            f"{'ces indicateurs' if len(inds) > 1 else 'cet indicateur'}.",
            "",
        ]
    for ind in inds:
        lignes += [carte_indicateur(fiche, ind, ctx.page), ""]
    return "\n".join(lignes)
