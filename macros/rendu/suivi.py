"""Progress tracking, shown: the fiche header's progress line, the « Suivi » section of a
fiche, the dashboard page (``suivi/index.md``) and its open-data files.

The figures come from ``suivi_calcul`` (pure); this module only lays them out. No MkDocs
here. Every value from YAML is escaped: ``render.texte`` in Markdown, ``escape`` in raw
HTML (where Markdown backslashes would show).

Data honesty: nothing here invents a figure. A fiche without a status shows « Non
renseigné » in words, is counted apart from the averages, and its past deadline is
« passée », never « dépassée ».
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from macros.domaine import bilan as bilan_calcul
from macros.domaine import fr
from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import COLONNES_FICHES, COLONNES_INDICATEURS
from macros.domaine.editions import Edition
from macros.domaine.modele import FREQUENCES, STATUTS, DatePartielle, Fiche, IndicateurFiche, ReglagesSuivi
from macros.rendu.echappement import html
from macros.rendu.fragments import Contexte, badge_statut, lien, src_fiche, texte

ENTETE = "---\nrender_macros: false\n---\n\n"  # same as pages.ENTETE: generated text is never a template
PAGE = "suivi/index.md"
NBSP = "\u00a0"


TYPES = {
    "contexte": "Indicateur de contexte",
    "activite": "Indicateur d'activité",
    "resultat": "Indicateur de résultat",
}
TENDANCES = {"hausse": ("↗", "En hausse"), "baisse": ("↘", "En baisse"), "stable": ("→", "Stable")}
SENS = {"hausse": "à la hausse", "baisse": "à la baisse", "maintien": "à maintenir"}
AUCUNE_VALEUR = "Aucune valeur"  # the words every view shows until someone reports a value


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
            f"{AUCUNE_VALEUR} n'a encore été rapportée pour {'ces indicateurs' if len(inds) > 1 else 'cet indicateur'}.",
            "",
        ]
    for ind in inds:
        lignes += [carte_indicateur(fiche, ind, ctx.page), ""]
    return "\n".join(lignes)


def sans_valeur(ind: IndicateurFiche) -> bool:
    """True while no value is known for the indicator (no baseline, no available value):
    every view then says « Aucune valeur », never 0."""
    s = calc.synthese(ind)
    return s.initial is None and s.actuel is None


def _descriptif(ind: IndicateurFiche, avec_source: bool) -> list[str]:
    """What the document says of the indicator besides its figures: period, rhythm, the
    expected direction (without target), the data source; as ``<div><dt>…<dd>`` items."""
    items = []
    if ind.periode:
        items.append(("Période", html(ind.periode)))
    if ind.frequence:
        items.append(("Fréquence", html(FREQUENCES[ind.frequence])))
    if ind.sens and ind.cible is None:
        items.append(("Évolution attendue", html(SENS[ind.sens].capitalize())))
    if avec_source and ind.source:
        items.append(("Source", html(ind.source)))
    return [f"<div><dt>{html(t)}</dt><dd>{v}</dd></div>" for t, v in items]


def _note(ind: IndicateurFiche) -> str:
    return (
        f'<p class="stspd-indicateur__note"><strong>Note de la rédaction :</strong> {html(ind.note)}</p>'
        if ind.note
        else ""
    )


def _carte_sans_valeur(ind: IndicateurFiche, ident: str, marque: str) -> str:
    """The card of an indicator nobody has reported yet: what it measures, and « Aucune valeur »."""
    if ind.nature == "qualitatif":
        nature = f"{TYPES[ind.type]} · qualitatif ({ind.unite})"
        explication = (
            " rapportée à ce jour : indicateur qualitatif, son appréciation se rapporte dans le journal de la fiche."
        )
    else:
        nature = f"{TYPES[ind.type]} · unité : {ind.unite}"
        explication = " rapportée à ce jour."
    descriptif = _descriptif(ind, avec_source=True)
    out = [
        f'<article class="stspd-indicateur stspd-indicateur--vide" aria-labelledby="{ident}">',
        f'<h4 id="{ident}">{html(ind.libelle)}{marque}</h4>',
        f'<p class="stspd-indicateur__type">{html(nature)}</p>',
        f'<p class="stspd-indicateur__valeur">{non_renseigne(AUCUNE_VALEUR)}{html(explication)}</p>',
    ]
    if descriptif:
        out += ['<dl class="stspd-indicateur__chiffres">', *descriptif, "</dl>"]
    out += [_note(ind), "</article>"]
    return "\n".join(x for x in out if x)


def _valeur(v: float | None, unite: str | None = None) -> str:
    if v is None:
        return "n.d."
    return fr.nombre(v) + (f"{NBSP}{unite}" if unite and unite != "nombre" else "")


def _ident_html(fiche: Fiche, ind: IndicateurFiche) -> str:
    return f"ind-{fiche.id.replace('.', '-')}-{ind.id}"


def carte_indicateur(fiche: Fiche, ind: IndicateurFiche, depuis: str | None = None) -> str:
    """An indicator card: initial, current, target, taux de réalisation, trend, last update;
    then the SVG chart (when there are two known values or more) with the same data as an
    HTML bar-chart table in a ``<details>``, or that table alone. ``depuis``: the page's
    source path, for the image link (MkDocs checks and rewrites it)."""
    s = calc.synthese(ind)
    u = ind.unite
    ident = _ident_html(fiche, ind)
    marque = ' <span class="stspd-marque-intranet">Intranet</span>' if ind.visibilite == "intranet" else ""
    if ind.initial is None and not ind.valeurs:  # nothing reported yet: the short card
        return _carte_sans_valeur(ind, ident, marque)

    def ligne(terme: str, valeur: str) -> str:
        return f"<div><dt>{html(terme)}</dt><dd>{valeur}</dd></div>"

    def periode(v: Any) -> str:
        return f' <span class="stspd-periode">({html(date_partielle(v.periode))})</span>' if v else ""

    chiffres = [
        ligne(
            "Valeur initiale",
            (html(_valeur(s.initial.valeur, u)) + periode(s.initial)) if s.initial else non_renseigne(AUCUNE_VALEUR),
        ),
        ligne(
            "Valeur actuelle",
            (html(_valeur(s.actuel.valeur, u)) + periode(s.actuel)) if s.actuel else non_renseigne(AUCUNE_VALEUR),
        ),
    ]
    if ind.cible is not None:
        details = [str(ind.cible.annee)] if ind.cible.annee else []
        if s.sens:
            details.append(SENS[s.sens])
        suite = f' <span class="stspd-periode">({html(", ".join(details))})</span>' if details else ""
        chiffres.append(ligne("Cible", html(_valeur(ind.cible.valeur, u)) + suite))
    else:
        chiffres.append(ligne("Cible", non_renseigne("Aucune cible fixée")))
    chiffres.append(ligne("Taux de réalisation", _taux_html(s, f"Taux de réalisation : {ind.libelle}")))
    if s.tendance:
        fleche, mot = TENDANCES[s.tendance]
        app = {"favorable": " (favorable)", "defavorable": " (défavorable)"}.get(s.appreciation or "", "")
        chiffres.append(ligne("Tendance", f'<span aria-hidden="true">{fleche}</span> {html(mot + app)}'))
    else:
        chiffres.append(ligne("Tendance", non_renseigne("Moins de deux valeurs")))
    chiffres.append(
        ligne(
            "Dernière mise à jour",
            html(date_partielle(s.mise_a_jour)) if s.mise_a_jour else non_renseigne(AUCUNE_VALEUR),
        )
    )
    chiffres += _descriptif(ind, avec_source=False)
    out = [
        f'<article class="stspd-indicateur" aria-labelledby="{ident}" markdown="block">',
        f'<h4 id="{ident}">{html(ind.libelle)}{marque}</h4>',
        f'<p class="stspd-indicateur__type">{html(TYPES[ind.type])} · unité : {html(u)}</p>',
        '<dl class="stspd-indicateur__chiffres">',
        *chiffres,
        "</dl>",
        _note(ind) or None,
    ]
    spec = spec_indicateur(fiche, ind)
    table = graphique_serie(ind, s, ident)
    if spec is not None and depuis is not None:
        largeur, hauteur = (round(x * 96) for x in spec.taille())
        source = f"Source : {ind.source}." if ind.source else "Source non précisée."
        out += [
            "",
            '<figure class="stspd-graphique" markdown="span">',
            f"![{texte(alt_indicateur(ind, s))}]({lien(depuis, chemin_graphique(spec))})"
            f'{{ width="{largeur}" height="{hauteur}" loading="lazy" }}',
            f"<figcaption>{html(ind.libelle)} ({html(u)}). {html(source)}</figcaption>",
            "</figure>",
            "",
            '<details class="note">',
            "<summary>Données du graphique (tableau)</summary>",
            table,
            "</details>",
        ]
    elif table:
        out.append(table)
    elif ind.source:  # no chart nor table to carry it
        out.append(f'<p class="stspd-source">Source : {html(ind.source)}</p>')
    out.append("</article>")
    return "\n".join(x for x in out if x is not None)


def _taux_html(s: calc.Synthese, libelle: str) -> str:
    if s.taux is not None:
        txt = barre(s.taux * 100, libelle)
        if s.atteinte:
            txt += " — cible atteinte"
        return txt
    if s.cible is not None and s.initial is not None and s.cible == s.initial.valeur and s.actuel is not None:
        etat = "niveau tenu" if s.atteinte else "niveau non tenu"
        return html(f"Sans objet (cible égale à la valeur initiale) — {etat}")
    if s.cible is None:
        return non_renseigne("Non calculable (pas de cible)")
    return non_renseigne("Non calculable (valeur manquante)")


def graphique_serie(ind: IndicateurFiche, s: calc.Synthese, ident: str) -> str:
    """The series as a bar chart drawn with HTML: a real table (caption, headers), one row
    per period, the bar's length proportional to the value and the value written out.
    Accessible without an image; the target is a row of its own, labelled."""
    lignes = [(date_partielle(v.periode), v.valeur, "") for v in s.serie]
    if s.initial is not None and s.initial_explicite and all(v.periode != s.initial.periode for v in s.serie):
        lignes.insert(0, (date_partielle(s.initial.periode), s.initial.valeur, "valeur initiale"))
    if ind.cible is not None:
        lignes.append((f"Cible {ind.cible.annee}" if ind.cible.annee else "Cible", ind.cible.valeur, "cible"))
    if not lignes:
        return ""
    maxi = max((abs(v) for _, v, _ in lignes if v is not None), default=0.0) or 1.0
    corps = []
    for etiquette, v, nature in lignes:
        classe = f" stspd-histo__barre--{'cible' if nature == 'cible' else 'mesure'}"
        if v is None:
            cellule = '<span class="stspd-nr">n.d. (non disponible)</span>'
        else:
            largeur = round(abs(v) / maxi * 100, 1)
            cellule = (
                f'<span class="stspd-histo__piste"><span class="stspd-histo__barre{classe}" '
                f'style="width:{largeur:g}%"></span></span> '
                f'<span class="stspd-histo__valeur">{html(_valeur(v, ind.unite))}</span>'
            )
        suite = f' <span class="stspd-periode">({html(nature)})</span>' if nature == "valeur initiale" else ""
        corps.append(f'<tr><th scope="row">{html(etiquette)}{suite}</th><td>{cellule}</td></tr>')
    return "\n".join(
        [
            '<figure class="stspd-graphique">',
            f'<table class="stspd-histo" aria-describedby="{ident}-legende">',
            f"<caption>{html(ind.libelle)} ({html(ind.unite)}), par période</caption>",
            '<thead><tr><th scope="col">Période</th><th scope="col">Valeur</th></tr></thead>',
            "<tbody>",
            *corps,
            "</tbody>",
            "</table>",
            f'<figcaption id="{ident}-legende">Source : {html(ind.source or "non précisée")}. '
            "Barres proportionnelles à la valeur ; la dernière ligne est la cible.</figcaption>"
            if ind.cible is not None
            else f'<figcaption id="{ident}-legende">Source : {html(ind.source or "non précisée")}. '
            "Barres proportionnelles à la valeur.</figcaption>",
            "</figure>",
        ]
    )


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
            f"de {_valeur(s.initial.valeur, ind.unite)} ({date_partielle(s.initial.periode)}) "
            f"à {_valeur(s.actuel.valeur, ind.unite)} ({date_partielle(s.actuel.periode)})"
        )
    if ind.cible is not None:
        morceaux.append(
            f"cible {_valeur(ind.cible.valeur, ind.unite)}" + (f" en {ind.cible.annee}" if ind.cible.annee else "")
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
    cache = Path(corpus.racine) / charts.CACHE
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
            for c, v in zip(spec.categories, spec.series[0][1])
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
        a = calc.avancement(f)
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
            f"{_tri(str(a) if a is not None else '', avancement_html(f))} | {maj} |"
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
            lignes.append(f"- {texte(fr.date(f.echeance.limite))} : {ctx.fiche(f)} — {badge_statut(f.statut)}")
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
        txt += f" ; {c.sans_chiffre} fiche{'s' if c.sans_chiffre > 1 else ''} sans chiffre, non comptée{'s' if c.sans_chiffre > 1 else ''}"
    if c.abandonnees:
        txt += f" ; {c.abandonnees} fiche{'s' if c.abandonnees > 1 else ''} abandonnée{'s' if c.abandonnees > 1 else ''}, hors moyenne"
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
            init = texte(_valeur(s.initial.valeur, i.unite)) if s.initial else "—"
            act = texte(_valeur(s.actuel.valeur, i.unite)) if s.actuel else non_renseigne(AUCUNE_VALEUR)
            cib = texte(_valeur(s.cible, i.unite)) if s.cible is not None else "—"
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
