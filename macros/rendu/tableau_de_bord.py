"""The dashboard page (``suivi/index.md``): progress by axis, deadlines, news, indicators,
annual reports, how to read it, and the list of its open-data files (written by
``export/suivi.py``).
"""

from __future__ import annotations

import datetime as _dt

from macros.domaine import bilan as bilan_calcul
from macros.domaine import fr
from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import COLONNES_FICHES, COLONNES_INDICATEURS
from macros.domaine.editions import Edition
from macros.domaine.modele import STATUTS, Fiche, ReglagesSuivi
from macros.rendu.avancement import (
    _situation,
    alerte,
    avancement_html,
    barre,
    date_partielle,
    fiches_edition,
    indicateurs_visibles,
    non_renseigne,
    reglages,
    valeur_unite,
)
from macros.rendu.cartes_indicateurs import AUCUNE_VALEUR, TYPES, _taux_html, sans_valeur
from macros.rendu.echappement import html
from macros.rendu.fragments import Contexte, badge_statut, lien, src_fiche, texte
from macros.rendu.graphiques_suivi import chemin_graphique, graphiques, spec_axes
from macros.rendu.pages import ENTETE  # generated text is never a template

PAGE = "suivi/index.md"

# --- dashboard -------------------------------------------------------------------------


def _tri(valeur: str, affiche: str) -> str:
    """A cell whose sort key differs from what is shown (read by assets/tableau.js)."""
    return f'<span data-tri="{html(valeur)}">{affiche}</span>'


def tableau_de_bord(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> str:
    r = reglages(corpus)
    ctx = Contexte(corpus, PAGE, edition.publie)
    fiches = fiches_edition(corpus, edition)
    total = calc.cumul(fiches)
    n = len(fiches)
    lignes = [ENTETE + "# Tableau de bord du suivi", ""]
    lignes += [
        f"Situation au {texte(fr.date(aujourdhui))} des {n} fiches-actions de la stratégie. Le statut et, "
        "le cas échéant, le pourcentage d'avancement de chaque fiche sont saisis par la coordination du "
        "CLSPD ; les moyennes, les échéances dépassées et les alertes sont calculées à chaque publication "
        "du site. Les règles de calcul sont expliquées [en bas de page](#comment-lire).",
        "",
    ]
    nr = total.par_statut.get("non-renseigne", 0)
    if nr:
        lignes += [
            f'!!! info "{nr} fiche{"s" if nr > 1 else ""} sur {n} sans statut renseigné"',
            "    Le document de la stratégie (novembre 2018) ne dit pas où en est chaque action. Tant "
            "qu'aucun point d'avancement n'a été publié, la fiche est affichée « Non renseigné » et "
            "n'entre pas dans les moyennes : aucun pourcentage n'est déduit ni estimé.",
            "",
        ]
    # Overall and per axis.
    lignes += ["## Avancement global {#avancement-global}", "", _phrase_cumul(total, "fiches"), ""]
    lignes += ["## Avancement par axe {#avancement-par-axe}", ""]
    lignes += ["| Axe | Fiches | Avancement moyen | Fiches chiffrées |", "| --- | ---: | --- | ---: |"]
    for axe, c in calc.cumul_par_axe(fiches).items():
        a = corpus.axes.get(axe)
        nom = ctx.lien_page(texte(f"Axe {axe} : {a.titre_court}"), a.page) if a else texte(f"Axe {axe}")
        moy = barre(c.moyenne, f"Avancement moyen de l'axe {axe}") if c.moyenne is not None else non_renseigne()
        lignes.append(f"| {nom} | {c.total} | {moy} | {c.avec_chiffre} sur {c.total - c.abandonnees} |")
    lignes.append(
        f"| **Ensemble** | **{total.total}** | "
        f"{barre(total.moyenne, 'Avancement moyen, ensemble') if total.moyenne is not None else non_renseigne()}"
        f" | **{total.avec_chiffre} sur {total.total - total.abandonnees}** |"
    )
    spec = spec_axes(corpus, fiches)
    if spec is not None:
        largeur, hauteur = (round(x * 96) for x in spec.taille())
        valeurs = ", ".join(
            f"{c} : {fr.pourcentage(v, 1, au_plus=True) if v is not None else 'non renseigné'}"
            for c, v in zip(spec.categories, spec.series[0][1], strict=True)
        )
        lignes += [
            "",
            '<figure class="stspd-graphique" markdown="span">',
            f"![Diagramme en barres de l'avancement moyen par axe. {texte(valeurs)}.]"
            f"({lien(PAGE, chemin_graphique(spec))})"
            f'{{ width="{largeur}" height="{hauteur}" loading="lazy" }}',
            "<figcaption>Avancement moyen des fiches chiffrées, par axe (données : tableau "
            "ci-dessus ; « nd » : aucune fiche chiffrée).</figcaption>",
            "</figure>",
        ]
    lignes += ["", "Répartition des fiches par statut :", ""]
    presents = [s for s in STATUTS if total.par_statut.get(s)] or ["non-renseigne"]
    lignes += [
        "| Axe | " + " | ".join(texte(STATUTS[s].libelle) for s in presents) + " |",
        "| --- |" + " ---: |" * len(presents),
    ]
    for axe, c in calc.cumul_par_axe(fiches).items():
        lignes.append(f"| Axe {axe} | " + " | ".join(str(c.par_statut.get(s, 0)) for s in presents) + " |")
    lignes.append("| **Ensemble** | " + " | ".join(f"**{total.par_statut.get(s, 0)}**" for s in presents) + " |")
    lignes.append("")
    # The table of every fiche.
    lignes += [
        "## Toutes les fiches {#toutes-les-fiches}",
        "",
        '<div class="stspd-tableau" data-stspd-tableau="fiches" markdown>',
        "",
        "| Fiche | Titre | Pilote | Échéance | Statut | Avancement | Dernière mise à jour |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for f in fiches:
        sit = _situation(f, aujourdhui, r)
        limite = f.echeance.limite
        ech = _tri(limite.isoformat() if limite else "", texte(f.echeance.courte))
        if sit in ("depassee", "passee-non-renseignee"):
            ech += "<br>" + alerte(calc.SITUATIONS[sit])
        taux = calc.avancement(f)
        derniere = calc.derniere_entree(f, edition.visible)
        maj = (
            _tri(calc.date_effective(derniere.date, aujourdhui).isoformat(), texte(date_partielle(derniere.date)))
            if derniere
            else _tri("", non_renseigne("Aucune"))
        )
        if calc.sans_nouvelles(f, aujourdhui, r.mois_sans_nouvelles, edition.visible):
            maj += "<br>" + alerte("Sans nouvelles")
        titre = ctx.lien_page(texte(f.titre), src_fiche(f))
        if f.visibilite == "intranet":
            titre += ' <span class="stspd-marque-intranet">Intranet</span>'
        lignes.append(
            # Sort key « 001.010 »: fiche 1.10 comes after 1.9, numerically and as text.
            f"| {_tri('{:03d}.{:03d}'.format(*f.numero), texte(f.id))} | {titre} | {ctx.acteurs(f.pilote)} | {ech} | "
            f"{_tri(str(list(STATUTS).index(f.statut)), badge_statut(f.statut))} | "
            f"{_tri(str(taux) if taux is not None else '', avancement_html(f))} | {maj} |"
        )
    lignes += ["", "</div>", ""]
    # Deadlines.
    lignes += ["## Échéances {#echeances}", ""]
    groupes = [
        (
            "Échéances dépassées",
            "depassee",
            "Échéance passée alors que le statut indique une action à lancer, en cours ou suspendue.",
        ),
        (
            "Échéances passées sans avancement renseigné",
            "passee-non-renseignee",
            "Échéance passée ; faute de statut renseigné, on ne sait pas si l'action a été menée.",
        ),
        (f"Échéances des {r.mois_echeance_proche} prochains mois", "proche", ""),
    ]
    for titre, code, explication in groupes:
        liste = sorted(
            (f for f in fiches if _situation(f, aujourdhui, r) == code), key=lambda f: (f.echeance.limite, f.numero)
        )
        lignes += [f"### {titre} ({len(liste)})", ""]
        if explication:
            lignes += [explication, ""]
        if not liste:
            lignes += ["Aucune fiche.", ""]
            continue
        for f in liste:
            limite = f.echeance.limite
            quand = texte(fr.date(limite)) if limite else texte(f.echeance.courte)
            lignes.append(f"- {quand} : {ctx.fiche(f)} — {badge_statut(f.statut)}")
        lignes.append("")
    recurrentes = [f for f in fiches if _situation(f, aujourdhui, r) == "recurrente"]
    if recurrentes:
        lignes += [
            f"{len(recurrentes)} fiche{'s ont' if len(recurrentes) > 1 else ' a'} une échéance récurrente "
            "ou permanente, sans date limite : " + ", ".join(ctx.fiche(f, avec_titre=False) for f in recurrentes) + ".",
            "",
        ]
    # No news.
    muettes = [f for f in fiches if calc.sans_nouvelles(f, aujourdhui, r.mois_sans_nouvelles, edition.visible)]
    lignes += [
        f"## Fiches sans nouvelles ({len(muettes)}) {{#sans-nouvelles}}",
        "",
        f"Fiches non terminées sans entrée de journal depuis au moins {r.mois_sans_nouvelles} mois.",
        "",
    ]
    for f in muettes:
        d = calc.derniere_entree(f, edition.visible)
        quand = f"dernière entrée : {texte(date_partielle(d.date))}" if d else "aucune entrée de journal"
        lignes.append(f"- {ctx.fiche(f)} ({quand})")
    lignes += ["" if muettes else "Aucune fiche.", ""]
    lignes += _section_indicateurs(ctx, fiches, edition)
    lignes += _section_bilans(corpus, fiches, edition, aujourdhui)
    lignes += _legende(r)
    lignes += _section_donnees()
    return "\n".join(lignes)


def _phrase_cumul(c: calc.Cumul, quoi: str) -> str:
    if c.moyenne is None:
        return (
            f"{non_renseigne('Non renseigné')} : aucune des {c.total} {quoi} n'a encore d'avancement chiffré. "
            "Aucune moyenne n'est calculée tant que ce n'est pas le cas."
        )
    comptees = c.total - c.abandonnees
    qui = "de la seule fiche chiffrée" if c.avec_chiffre == 1 else f"des {c.avec_chiffre} fiches chiffrées"
    txt = f"{barre(c.moyenne, 'Avancement moyen, ensemble des fiches')}\n\nMoyenne de l'avancement {qui} sur {comptees}"
    if c.sans_chiffre:
        s = "s" if c.sans_chiffre > 1 else ""
        txt += f" ; {c.sans_chiffre} fiche{s} sans chiffre, non comptée{s}"
    if c.abandonnees:
        s = "s" if c.abandonnees > 1 else ""
        txt += f" ; {c.abandonnees} fiche{s} abandonnée{s}, hors moyenne"
    return txt + "."


def _section_indicateurs(ctx: Contexte, fiches: list[Fiche], edition: Edition) -> list[str]:
    lignes = [
        "## Indicateurs {#indicateurs}",
        "",
        "Indicateurs de contexte, d'activité et de résultat des fiches : valeur initiale, dernière "
        "valeur connue, cible et taux de réalisation.",
        "",
    ]
    paires = [(f, i) for f in fiches for i in indicateurs_visibles(f, edition)]
    a_definir = [f for f in fiches if f.indicateurs_a_definir and not indicateurs_visibles(f, edition)]
    phrase_a_definir = [
        f"{ctx.fiche(f, avec_titre=False)} : le document ne nomme pas encore d'indicateur "
        f"(« {texte(f.indicateurs_a_definir)} »)."
        for f in a_definir
    ]
    if not paires:
        return lignes + [
            "Aucun indicateur n'est déclaré dans les fiches. Les critères prévus par chaque fiche "
            "sont décrits dans sa section « Évaluation ».",
            "",
            *phrase_a_definir,
            "",
        ]
    vides = sum(1 for _, i in paires if sans_valeur(i))
    qualitatifs = sum(1 for _, i in paires if i.nature == "qualitatif")
    lignes += [
        f"{len(paires)} indicateur{'s' if len(paires) > 1 else ''}, repris des sections « Évaluation » du "
        f"document, dont {vides} sans aucune valeur à ce jour"
        + (
            f" et {qualitatifs} qualitatif{'s' if qualitatifs > 1 else ''} (appréciation rapportée dans le "
            "journal de la fiche)"
            if qualitatifs
            else ""
        )
        + ".",
        "",
    ]
    if phrase_a_definir:
        lignes += [*phrase_a_definir, ""]
    for code in TYPES:
        du_type = [(f, i) for f, i in paires if i.type == code]
        if not du_type:
            continue
        lignes += [
            f"### {_pluriel_type(code)}",
            "",
            "| Fiche | Indicateur | Unité | Initiale | Actuelle | Cible | Taux de réalisation | Mise à jour |",
            "| --- | --- | --- | ---: | ---: | ---: | --- | --- |",
        ]
        for f, i in du_type:
            s = calc.synthese(i)
            init = texte(valeur_unite(s.initial.valeur, i.unite)) if s.initial else "—"
            act = texte(valeur_unite(s.actuel.valeur, i.unite)) if s.actuel else non_renseigne(AUCUNE_VALEUR)
            cib = texte(valeur_unite(s.cible, i.unite)) if s.cible is not None else "—"
            maj = texte(date_partielle(s.mise_a_jour)) if s.mise_a_jour else "—"
            taux = (
                non_renseigne("Sans objet (qualitatif)")
                if i.nature == "qualitatif"
                else _taux_html(s, f"Taux de réalisation : {i.libelle}")
            )
            lignes.append(
                f"| {ctx.fiche(f, avec_titre=False)} | {texte(i.libelle)} | {texte(i.unite)} | {init} | "
                f"{act} | {cib} | {taux} | {maj} |"
            )
        lignes.append("")
    return lignes


def _section_bilans(corpus: Corpus, fiches: list[Fiche], edition: Edition, aujourdhui: _dt.date) -> list[str]:
    """Links to the annual reports of the edition (``bilan.py`` writes them)."""
    annees = bilan_calcul.annees_commune(corpus.commune, fiches, edition.visible, aujourdhui)
    lignes = [
        "## Bilans annuels {#bilans-annuels}",
        "",
        "Le bilan de chaque année, pour l'assemblée plénière du CLSPD : synthèse, situation de chaque "
        "fiche, journal et indicateurs de l'année, avec une version imprimable.",
        "",
    ]
    if not annees:
        return lignes + [
            "Aucun bilan : aucune entrée de journal ni valeur d'indicateur n'est encore datée "
            "d'une année de la stratégie.",
            "",
        ]
    for a in reversed(annees):
        lignes.append(
            f"- [Bilan annuel {a}]({lien(PAGE, bilan_calcul.src_bilan(a))}) "
            f"([version imprimable]({lien(PAGE, bilan_calcul.src_bilan_imprimable(a))}))"
        )
    return lignes + [""]


def _pluriel_type(code: str) -> str:
    return {
        "contexte": "Indicateurs de contexte",
        "activite": "Indicateurs d'activité",
        "resultat": "Indicateurs de résultat",
    }[code]


def _legende(r: ReglagesSuivi) -> list[str]:
    lignes = [
        "## Comment lire ce tableau de bord {#comment-lire}",
        "",
        "| Statut | Avancement par défaut | Signification |",
        "| --- | ---: | --- |",
    ]
    for code, d in STATUTS.items():
        defaut = fr.pourcentage(d.avancement, 1, au_plus=True) if d.avancement is not None else "aucun"
        lignes.append(f"| {badge_statut(code)} | {defaut} | {texte(d.definition)} |")
    lignes += [
        "",
        "Avancement d'une fiche",
        ":   Le pourcentage saisi dans la fiche s'il existe, sinon celui de son statut (tableau ci-dessus).",
        "",
        "Avancement moyen (par axe et global)",
        ":   Moyenne simple des fiches qui ont un avancement chiffré ; chaque fiche compte autant. Les fiches "
        "sans chiffre (non renseignées, suspendues sans pourcentage) ne sont pas comptées comme 0 % : leur "
        "nombre est indiqué à côté. Les fiches abandonnées sont hors moyenne.",
        "",
        "Échéance dépassée",
        ":   La date limite (ou le 31 décembre de l'année d'échéance) est passée et le statut indique une "
        "action à lancer, en cours ou suspendue. Si le statut n'est pas renseigné, l'échéance est seulement "
        "dite « passée ». Les échéances récurrentes n'ont pas de date limite.",
        "",
        "Taux de réalisation d'un indicateur",
        ":   (valeur actuelle − valeur initiale) ÷ (cible − valeur initiale). 100 % : cible atteinte ; au-delà : "
        "cible dépassée ; négatif : éloignement de la cible. Quand la cible est égale à la valeur initiale "
        "(objectif de maintien), le taux est sans objet et seul le maintien du niveau est indiqué. La valeur "
        "initiale est celle indiquée par la fiche, sinon la plus ancienne valeur connue.",
        "",
        "Tendance",
        ":   Sens de variation entre les deux dernières valeurs connues, jugé favorable ou défavorable au regard "
        "du sens souhaité de la cible.",
        "",
        "Sans nouvelles",
        f":   Fiche non terminée sans entrée de journal depuis au moins {r.mois_sans_nouvelles} mois "
        "(réglage `mois_sans_nouvelles` de `data/suivi.yml`). Une entrée datée d'une année compte pour le "
        "31 décembre de cette année.",
        "",
        "Dernière mise à jour",
        ":   Date de la plus récente entrée du journal de la fiche.",
        "",
    ]
    return lignes


def _section_donnees() -> list[str]:
    lignes = [
        "## Données ouvertes {#donnees-ouvertes}",
        "",
        "Les données de ce tableau de bord sont téléchargeables, en CSV (UTF-8 avec BOM, point-virgule, "
        "virgule décimale : le fichier s'ouvre tel quel dans un tableur réglé en français) "
        "et en JSON (mêmes colonnes, sous « lignes », avec leur description sous « colonnes ») :",
        "",
        '- une ligne par fiche : <a href="fiches.csv">fiches.csv</a>, <a href="fiches.json">fiches.json</a> ;',
        '- une ligne par valeur d\'indicateur : <a href="indicateurs.csv">indicateurs.csv</a>, '
        '<a href="indicateurs.json">indicateurs.json</a> ;',
        '- la description des deux fichiers au format Data Package : <a href="datapackage.json">datapackage.json</a>.',
        "",
        "Les noms et l'ordre des colonnes sont stables : une colonne peut être ajoutée à la fin, aucune n'est "
        "renommée ni retirée. Dans les CSV, une liste est écrite avec « ; » comme séparateur, un booléen "
        "`true` ou `false`, une valeur inconnue est une cellule vide (`null` en JSON).",
        "",
    ]
    for titre, colonnes in (
        ("Colonnes de fiches.csv", COLONNES_FICHES),
        ("Colonnes de indicateurs.csv", COLONNES_INDICATEURS),
    ):
        lignes += [f'??? info "{titre}"', "", "    | Colonne | Type | Description |", "    | --- | --- | --- |"]
        lignes += [f"    | `{n}` | {t} | {texte(d)} |" for n, t, d in colonnes]
        lignes.append("")
    return lignes


# --- entry points called by the adapter -----------------------------------------------


def pages(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> dict[str, str]:
    """Generated files: the dashboard page, and the SVG charts that the dashboard and the
    fiche pages show (registered as documentation files, so MkDocs checks and rewrites the
    Markdown image links to them in every URL style)."""
    return {PAGE: tableau_de_bord(corpus, edition, aujourdhui), **graphiques(corpus, edition)}
