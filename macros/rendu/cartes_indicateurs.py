"""The indicator cards of a fiche's « Suivi » section (and of the dashboard): figures,
target, rate, trend, the series as a table, or « Aucune valeur » in words until someone
reports one. Every value from YAML is HTML-escaped once (``echappement.html``).
"""

from __future__ import annotations

from typing import Any

from macros.domaine import suivi as calc
from macros.domaine.modele import FREQUENCES, Fiche, IndicateurFiche
from macros.rendu.avancement import barre, date_partielle, non_renseigne, valeur_unite
from macros.rendu.echappement import html
from macros.rendu.fragments import lien, texte
from macros.rendu.graphiques_suivi import alt_indicateur, chemin_graphique, spec_indicateur

TYPES = {
    "contexte": "Indicateur de contexte",
    "activite": "Indicateur d'activité",
    "resultat": "Indicateur de résultat",
}
TENDANCES = {"hausse": ("↗", "En hausse"), "baisse": ("↘", "En baisse"), "stable": ("→", "Stable")}
SENS = {"hausse": "à la hausse", "baisse": "à la baisse", "maintien": "à maintenir"}
AUCUNE_VALEUR = "Aucune valeur"  # the words every view shows until someone reports a value


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
            (html(valeur_unite(s.initial.valeur, u)) + periode(s.initial))
            if s.initial
            else non_renseigne(AUCUNE_VALEUR),
        ),
        ligne(
            "Valeur actuelle",
            (html(valeur_unite(s.actuel.valeur, u)) + periode(s.actuel)) if s.actuel else non_renseigne(AUCUNE_VALEUR),
        ),
    ]
    if ind.cible is not None:
        details = [str(ind.cible.annee)] if ind.cible.annee else []
        if s.sens:
            details.append(SENS[s.sens])
        suite = f' <span class="stspd-periode">({html(", ".join(details))})</span>' if details else ""
        chiffres.append(ligne("Cible", html(valeur_unite(ind.cible.valeur, u)) + suite))
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
                f'<span class="stspd-histo__valeur">{html(valeur_unite(v, ind.unite))}</span>'
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
