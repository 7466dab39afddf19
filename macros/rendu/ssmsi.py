"""The official figures (SSMSI) on the site: the « Observatoire » page and fiche 1.1's card.

- ``chiffres_officiels``: every indicator of ``data/ssmsi/commune.yml`` from the first to
  the latest year, as a count and a rate (its denominator read from the data), the
  evolution computed by ``indicateurs.evolution``, and a chart of the commune's rate against
  the département's (and France's, when it could be computed honestly) in the accessible
  figure pattern: ``<figure>``, caption with the source, short ``alt``, the same data as a
  table in a ``<details>``, a CSV link. Before any import: says so, plainly.
- ``entete_fiche``: the « Observatoire » item of fiche 1.1's header card.

A withheld figure reads « non diffusé (secret statistique) », with the sentence that says
why; nothing is put in its place (the data files hold no substitute to put).

Raw HTML, one element per line starting with ``<`` (as ``tableaux``), every text escaped
once with MarkupSafe; links between pages are Markdown links MkDocs checks. No MkDocs here.
"""

from __future__ import annotations

from typing import Any

from macros.domaine import fr, indicateurs
from macros.domaine.donnees import Table
from macros.lecture import ssmsi
from macros.rendu import graphiques as charts
from macros.rendu.echappement import html
from macros.rendu.fragments import Contexte, texte
from macros.rendu.tableaux import FLECHES, evolution_texte

PAGE = "observatoire/index.md"
FICHE = "1.1"  # « Alimenter un Observatoire Local de la Sécurité »: the action this page serves
DOSSIER_PUBLIC = "assets/observatoire/ssmsi"
CSV = f"{DOSSIER_PUBLIC}/chiffres-officiels.csv"
DROITE = ' style="text-align:right;white-space:nowrap"'
SECRET_HTML = '<span class="stspd-secret">non diffusé (secret statistique)</span>'
ABSENT_HTML = '<abbr title="non disponible : chiffre absent du fichier du SSMSI">nd</abbr>'


def _relatif(cible: str, url_page: str) -> str:
    from macros.rendu.figures import _relatif as rel

    return rel(cible, url_page)


# --- what is shown -------------------------------------------------------------------------


def _decimales(valeurs: list[float | None]) -> int:
    m = max((v for v in valeurs if v is not None), default=0)
    return 2 if m < 10 else 1


def _cellule(c: ssmsi.Cellule | None, champ: str, decimales: int) -> str:
    if c is not None and not c.diffuse:
        return f"<td{DROITE}>{SECRET_HTML}</td>"
    v = getattr(c, champ) if c is not None else None
    if v is None:
        return f"<td{DROITE}>{ABSENT_HTML}</td>"
    return f"<td{DROITE}>{html(fr.nombre(v, 0 if champ == 'nombre' else decimales))}</td>"


def _evolution(c0: ssmsi.Cellule | None, c1: ssmsi.Cellule | None, champ: str) -> str:
    if (c0 is not None and not c0.diffuse) or (c1 is not None and not c1.diffuse):
        return '<abbr title="non calculable : un des deux chiffres n\'est pas diffusé (secret statistique)">nc</abbr>'
    v0 = getattr(c0, champ) if c0 is not None else None
    v1 = getattr(c1, champ) if c1 is not None else None
    ev = indicateurs.evolution(v0, v1, "")
    if ev.nature == "indisponible":
        return '<abbr title="non calculable : un des deux chiffres manque">nc</abbr>'
    fleche = f'<span aria-hidden="true">{FLECHES[ev.sens]}</span>&nbsp;'  # type: ignore[index]
    return f'<span style="white-space:nowrap">{fleche}{html(evolution_texte(ev))}</span>'


def _evolution_periode(ind: ssmsi.Indicateur | None, annees: list[int], champ: str) -> str:
    """From the first to the latest year; when the first is withheld or missing, from the
    first year with a published figure, and the cell says which years."""
    if ind is None:
        return _evolution(None, None, champ)
    de, a = annees[0], annees[-1]
    c1 = ind.annees.get(a)
    premiere = next(
        (x for x in annees if (c := ind.annees.get(x)) is not None and c.diffuse and getattr(c, champ) is not None),
        None,
    )
    if premiere in (None, de) or premiere >= a or c1 is None or not c1.diffuse:
        return _evolution(ind.annees.get(de), c1, champ)
    motif = "non diffusé" if de in ind.annees and not ind.annees[de].diffuse else "non disponible"
    return _evolution(ind.annees.get(premiere), c1, champ) + f" <small>(depuis {premiere} : {de} {motif})</small>"


def _territoires(d: ssmsi.DonneesSsmsi, ind: ssmsi.Indicateur) -> list[tuple[str, ssmsi.Indicateur | None]]:
    """(name, the same indicator in that territory): commune, département, France."""
    out: list[tuple[str, ssmsi.Indicateur | None]] = [(d.commune.territoire.nom or "Commune", ind)]  # type: ignore[union-attr]
    if d.departement is not None:
        out.append((d.departement.territoire.nom or "Département", d.departement.indicateur(ind.id)))
        france = d.departement.france
        if france is not None and france.calcule:
            out.append(("France", next((i for i in france.indicateurs if i.id == ind.id), None)))
    return out


def _source_courte(d: ssmsi.DonneesSsmsi) -> str:
    s = d.commune.source  # type: ignore[union-attr]
    return f"SSMSI, bases statistiques de la délinquance enregistrée, édition du {fr.date(s.edition)}"


def tableau_indicateur(d: ssmsi.DonneesSsmsi, ind: ssmsi.Indicateur) -> str:
    annees = d.commune.annees  # type: ignore[union-attr]
    de, a = annees[0], annees[-1]
    taux = [v for _n, i in _territoires(d, ind) for v in ssmsi.valeurs(i, annees, "taux_pour_mille")]
    dec = _decimales(taux)
    out = [
        '<div class="stspd-indicateur">',
        "<table>",
        f"<caption>{html(ind.libelle)} — {html(d.commune.territoire.nom)}, {de} – {a}</caption>",  # type: ignore[union-attr]
        "<thead>",
        "<tr>",
        '<th scope="col" style="min-width:12em">Chiffre</th>',
    ]
    out += [f'<th scope="col"{DROITE}>{x}</th>' for x in annees]
    out += [f'<th scope="col" style="text-align:right">Évolution {de} – {a}</th>', "</tr>", "</thead>", "<tbody>"]
    unite = ind.unite_de_compte or "faits"
    lignes: list[tuple[str, ssmsi.Indicateur | None, str]] = [
        (f"Nombre — {d.commune.territoire.nom} (unité de compte : {unite.lower()})", ind, "nombre")  # type: ignore[union-attr]
    ]
    for nom, i in _territoires(d, ind):
        lignes.append((f"Taux {ssmsi.libelle_taux(ind.taux_pour)} — {nom}", i, "taux_pour_mille"))
    for libelle, i, champ in lignes:
        cellules = [_cellule(i.annees.get(x) if i else None, champ, dec) for x in annees]
        ev = _evolution_periode(i, annees, champ)
        out.append(
            f'<tr><th scope="row">{html(libelle)}</th>{"".join(cellules)}<td style="text-align:right">{ev}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    autres = sorted({(x, i.unite(x)) for x in annees if (i := ind) and i.unite(x) != ind.unite_de_compte})
    pied = [f"Source : {html(_source_courte(d))}."]
    if autres:
        pied.append("Unité de compte différente : " + ", ".join(f"{x} : {html(u)}" for x, u in autres) + ".")
    pied.append("Évolutions calculées par le site, en %.")
    out += ["<p><small>" + " ".join(pied) + "</small></p>", "</div>"]
    return "\n".join(out)


def _spec(d: ssmsi.DonneesSsmsi, ind: ssmsi.Indicateur) -> charts.Spec | None:
    annees = d.commune.annees  # type: ignore[union-attr]
    series = [(nom, tuple(ssmsi.valeurs(i, annees, "taux_pour_mille"))) for nom, i in _territoires(d, ind)]
    if all(v is None for v in series[0][1]):
        return None  # nothing of the commune to compare
    toutes = [v for _n, vals in series for v in vals]
    return charts.Spec(
        type="courbes",
        categories=tuple(str(x) for x in annees),
        series=tuple(series),
        unite=ssmsi.libelle_taux(ind.taux_pour),
        decimales=_decimales(toutes),
        titre=f"{ind.libelle} : taux {ssmsi.libelle_taux(ind.taux_pour)}",
    )


def figure_indicateur(etat: Any, url: str, d: ssmsi.DonneesSsmsi, ind: ssmsi.Indicateur) -> str:
    spec = _spec(d, ind)
    nom = d.commune.territoire.nom  # type: ignore[union-attr]
    if spec is None:
        return (
            f"<p><em>Aucun taux de {html(nom)} n'est diffusé pour cet indicateur : pas de graphique de "
            "comparaison.</em></p>"
        )
    contenu, cle = charts.svg(spec, charts.dossier_cache(etat.corpus.racine))
    chemin = f"{DOSSIER_PUBLIC}/{ind.id}-{cle[:12]}.svg"
    etat.ressources[chemin] = contenu
    noms = [n for n, _i in _territoires(d, ind)]
    annees = d.commune.annees  # type: ignore[union-attr]
    titre = f"{ind.libelle} : taux {ssmsi.libelle_taux(ind.taux_pour)}, {fr.liste(noms)}"
    alt = f"Graphique en courbes : {titre}, {annees[0]} – {annees[-1]}. Valeurs détaillées dans le tableau de données."
    largeur, hauteur = (round(x * 96) for x in spec.taille())
    table = [
        "<table>",
        f"<caption>Données du graphique : {html(titre)}</caption>",
        "<thead>",
        "<tr>",
        '<th scope="col">Territoire</th>',
        *[f'<th scope="col"{DROITE}>{x}</th>' for x in annees],
        "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for n, i in _territoires(d, ind):
        cellules = "".join(_cellule(i.annees.get(x) if i else None, "taux_pour_mille", spec.decimales) for x in annees)
        table.append(f'<tr><th scope="row">{html(n)}</th>{cellules}</tr>')
    table += ["</tbody>", "</table>"]
    out = [
        '<figure class="stspd-graphique">',
        f"<figcaption><strong>{html(titre)}</strong><br>"
        f"<small>Source : {html(_source_courte(d))}.</small></figcaption>",
        f'<img src="{html(_relatif(chemin, url))}" alt="{html(alt)}" width="{largeur}" height="{hauteur}" '
        'loading="lazy" decoding="async">',
        '<details class="note">',
        "<summary>Données du graphique (tableau)</summary>",
        *table,
        "</details>",
        f'<p><small><a href="{html(_relatif(CSV, url))}" download>Télécharger les chiffres officiels (CSV)</a>'
        "</small></p>",
        "</figure>",
    ]
    return "\n".join(out)


def _synthese(d: ssmsi.DonneesSsmsi) -> str:
    """Latest year at a glance: count, rate, the département's rate, evolution since the first year."""
    annees = d.commune.annees  # type: ignore[union-attr]
    de, a = annees[0], annees[-1]
    nom = d.commune.territoire.nom  # type: ignore[union-attr]
    dep = d.departement.territoire.nom if d.departement else None
    out = [
        "<table>",
        f"<caption>Les chiffres de {a} à {html(nom)}, et leur évolution depuis {de}</caption>",
        "<thead>",
        "<tr>",
        '<th scope="col" style="min-width:14em">Indicateur</th>',
        f'<th scope="col"{DROITE}>Nombre {a}</th>',
        f'<th scope="col"{DROITE}>Taux {a}</th>',
    ]
    if dep:
        out.append(f'<th scope="col"{DROITE}>Taux {a} — {html(dep)}</th>')
    out += [
        f'<th scope="col" style="text-align:right">Nombre : évolution {de} – {a}</th>',
        "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for ind in d.commune.indicateurs:  # type: ignore[union-attr]
        c = ind.annees.get(a)
        dec = _decimales(ssmsi.valeurs(ind, annees, "taux_pour_mille"))
        lien = f'<a href="#{html(ancre(ind))}">{html(ind.libelle)}</a>'
        ligne = [
            f'<th scope="row">{lien}<br><small>{html(ind.unite_de_compte or "")} · taux '
            f"{html(ssmsi.libelle_taux(ind.taux_pour))}</small></th>",
            _cellule(c, "nombre", 0),
            _cellule(c, "taux_pour_mille", dec),
        ]
        if d.departement:
            di = d.departement.indicateur(ind.id)
            ligne.append(_cellule(di.annees.get(a) if di else None, "taux_pour_mille", dec))
        ligne.append(f'<td style="text-align:right">{_evolution_periode(ind, annees, "nombre")}</td>')
        out.append("<tr>" + "".join(ligne) + "</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def ancre(ind: ssmsi.Indicateur) -> str:
    return f"ssmsi-{ind.id}"


def chiffres_officiels(etat: Any, page: str, url: str) -> str:
    """The official figures section of the Observatoire page (Markdown with raw HTML)."""
    d: ssmsi.DonneesSsmsi | None = etat.corpus.ssmsi
    commune = etat.corpus.commune
    nom = commune.nom if commune else "la commune"
    if d is None or not d.importe:
        return "\n".join(
            [
                '!!! warning "Chiffres officiels pas encore importés"',
                f"    Les chiffres officiels de la délinquance enregistrée à {texte(nom)} ne sont pas encore "
                "sur ce site. Le service statistique du ministère de l'Intérieur (SSMSI) les publie chaque "
                "année pour chaque commune, sur data.gouv.fr ; dès que le coordonnateur aura importé la dernière "
                "édition, cette page montrera pour chaque indicateur, de 2016 à la dernière année publiée, le "
                "nombre de faits, le taux pour 1 000 habitants (pour 1 000 logements pour les cambriolages), son "
                "évolution et la comparaison avec le département.",
                "",
            ]
        )
    s = d.commune.source  # type: ignore[union-attr]
    annees = d.commune.annees  # type: ignore[union-attr]
    lignes = [
        f"Faits de délinquance enregistrés par la police et la gendarmerie nationales à {texte(nom)}, "
        f"de {annees[0]} à {annees[-1]}, tels que les publie le {texte(s.producteur)}.",
        "",
        f"Source : {texte(s.jeu_de_donnees)}, édition du {texte(fr.date(s.edition))} (fichier "
        f"{texte(s.fichier)}), géographie au 1er{fr.NBSP}janvier {s.geographie}, {texte(s.licence)}.",
        "",
    ]
    if d.departement is not None and d.departement.source.edition != s.edition:
        lignes += [
            f"Les chiffres du département viennent de l'édition du {texte(fr.date(d.departement.source.edition))}.",
            "",
        ]
    secrets = any(not c.diffuse for i in d.commune.indicateurs for c in i.annees.values())  # type: ignore[union-attr]
    if secrets:
        lignes += ['!!! info "« non diffusé (secret statistique) »"', f"    {texte(ssmsi.EXPLICATION_SECRET)}", ""]
    if d.departement is None:
        lignes += ["La comparaison avec le département n'est pas encore importée (base départementale du SSMSI).", ""]
    elif d.departement.france is not None and not d.departement.france.calcule:
        lignes += [f"Chiffres de la France {texte(d.departement.france.raison)}.", ""]
    elif d.departement.france is not None:
        lignes += [f"Chiffres de la France : {texte(d.departement.france.raison)}.", ""]
    nouveaux = d.commune.nouveaux  # type: ignore[union-attr]
    if nouveaux:
        lignes += [
            f"Indicateurs apparus dans cette édition, repris sous le libellé du SSMSI : {texte(fr.liste(nouveaux))}.",
            "",
        ]
    etat.ressources[CSV] = csv_chiffres(d)  # public open data: SSMSI figures are public
    # Raw HTML: the CSV is written after the build (on_post_build), MkDocs cannot check a link to it.
    lignes += [
        _synthese(d),
        "",
        f'<p><a href="{html(_relatif(CSV, url))}" download>Télécharger tous les chiffres officiels (CSV)</a></p>',
        "",
    ]
    for ind in d.commune.indicateurs:  # type: ignore[union-attr]
        lignes += [
            f"### {texte(ind.libelle)} {{#{ancre(ind)}}}",
            "",
            tableau_indicateur(d, ind),
            "",
            figure_indicateur(etat, url, d, ind),
            "",
        ]
    return "\n".join(lignes)


# --- open data ---------------------------------------------------------------------------------

COLONNES_CSV = [
    "territoire",
    "code",
    "indicateur",
    "annee",
    "nombre",
    "taux_pour_mille",
    "taux_pour",
    "unite_de_compte",
    "est_diffuse",
    "insee_pop",
    "insee_pop_millesime",
    "insee_log",
    "insee_log_millesime",
    "edition",
    "source",
]


def csv_chiffres(d: ssmsi.DonneesSsmsi) -> Table:
    """Every figure shown, long format, for the CSV file (written by ``export/csv.py`` in the
    site's one dialect). A withheld figure is an empty cell with ``est_diffuse`` = ``ndiff``."""
    lignes: list[list[object]] = []
    if d.commune is None:  # nothing imported: the header only
        return Table.de(COLONNES_CSV, lignes)
    fichiers = [(d.commune, d.commune.indicateurs)]
    if d.departement is not None:
        fichiers.append((d.departement, d.departement.indicateurs))
    for f, inds in fichiers:
        territoires = [(f.territoire.nom, f.territoire.code, inds)]
        if f.france is not None and f.france.calcule:
            territoires.append(("France (calcul du site)", "", f.france.indicateurs))
        for nom, code, liste in territoires:
            for ind in liste:
                for annee in sorted(ind.annees):
                    c = ind.annees[annee]
                    lignes.append(
                        [
                            nom,
                            code,
                            ind.libelle,
                            annee,
                            c.nombre,
                            c.taux_pour_mille,
                            ind.taux_pour,
                            ind.unite(annee) or "",
                            c.est_diffuse or "",
                            c.insee_pop,
                            c.insee_pop_millesime or "",
                            c.insee_log,
                            c.insee_log_millesime or "",
                            f.source.edition.isoformat(),
                            f"SSMSI, {f.source.fichier}",
                        ]
                    )
    return Table.de(COLONNES_CSV, lignes)


# --- fiche 1.1 ---------------------------------------------------------------------------------


def entete_fiche(ctx: Contexte, fiche: Any) -> str:
    """The « Observatoire » item of fiche 1.1's header card: a link, and the latest figures."""
    if fiche.id != FICHE:
        return ""
    lien = ctx.lien_page("Observatoire local de la sécurité", PAGE)
    d: ssmsi.DonneesSsmsi | None = ctx.corpus.ssmsi
    if d is None or d.commune is None:  # (not d.importe)
        return "\n".join(
            ["", "Observatoire", f":   {lien} — chiffres officiels de la délinquance (SSMSI) pas encore importés.", ""]
        )
    f = d.commune
    a = f.annees[-1]
    diffuses = sum(1 for i in f.indicateurs if (c := i.annees.get(a)) is not None and c.diffuse)
    n = len(f.indicateurs)
    resume = (
        f"chiffres officiels {f.annees[0]}–{a} (SSMSI, édition du {fr.date(f.source.edition)}) : "
        f"{n} indicateurs ; en {a}, {diffuses} diffusé{'s' if diffuses > 1 else ''}, {n - diffuses} non "
        f"diffusé{'s' if n - diffuses > 1 else ''} (secret statistique)."
    )
    lignes = ["", "Observatoire", f":   {lien} — {texte(resume)}", ""]
    table = [
        '<details class="note">',
        f"<summary>Derniers chiffres officiels ({a})</summary>",
        "<table>",
        "<thead>",
        "<tr>",
        '<th scope="col">Indicateur</th>',
        f'<th scope="col"{DROITE}>Nombre</th>',
        f'<th scope="col"{DROITE}>Taux</th>',
        f'<th scope="col" style="text-align:right">Évolution depuis {a - 1}</th>',
        "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for ind in f.indicateurs:
        c = ind.annees.get(a)
        dec = _decimales(ssmsi.valeurs(ind, f.annees, "taux_pour_mille"))
        table.append(
            f'<tr><th scope="row">{html(ind.libelle)}<br><small>taux {html(ssmsi.libelle_taux(ind.taux_pour))}'
            f"</small></th>{_cellule(c, 'nombre', 0)}{_cellule(c, 'taux_pour_mille', dec)}"
            f'<td style="text-align:right">{_evolution(ind.annees.get(a - 1), c, "nombre")}</td></tr>'
        )
    table += ["</tbody>", "</table>", "</details>", ""]
    return "\n".join(lignes + table)
