"""HTML fragments of the indicators (tables, the accessible figure pattern) and their CSV.

Raw HTML, one element per line and every line starting with ``<``, so Python-Markdown keeps
it as is and the other Markdown passes (links to fiches…) leave it alone. Every text from
the data files is HTML-escaped (MarkupSafe). Figures are formatted in French by ``fr``.

The figure pattern (GUIDE §5, RGAA 1.1, 1.6, 1.9, 3.1): ``<figure>`` with a caption (title
and source), the SVG with a short ``alt``, the same data as a real ``<table>`` in a
``<details>``, and a CSV link. A trend is written with its sign and an arrow, never shown
by colour alone.

No MkDocs here.
"""

from __future__ import annotations

from collections.abc import Callable

from macros.domaine import fr
from macros.domaine.donnees import Table
from macros.domaine.indicateurs import DonneesGraphique, Evolution, Graphique, Ligne, Serie, Tableau, libelle_complet
from macros.rendu.echappement import html

FLECHES = {"hausse": "↗", "baisse": "↘", "stable": "→"}
SENS = {"hausse": "en hausse", "baisse": "en baisse", "stable": "stable"}
ND = '<abbr title="non disponible : chiffre absent du document">nd</abbr>'
DROITE = ' style="text-align:right;white-space:nowrap"'
EVOL = ' style="text-align:right"'
TYPES = {"barres": "Diagramme en barres", "courbes": "Graphique en courbes", "empilees": "Diagramme en barres empilées"}
Visible = Callable[[str], bool]


# --- figures -----------------------------------------------------------------------------


def valeur_texte(v: float | None, unite: str, decimales: int) -> str:
    """A value in French (``1 052``, ``66,67 %``), or ``nd``."""
    if v is None:
        return "nd"
    if unite.strip() == "%":
        return fr.pourcentage(v, decimales)
    return fr.nombre(v, decimales)


def _signe(texte: str) -> str:
    return texte if texte.startswith("−") or texte.strip("0,") == "" else "+" + texte


def evolution_texte(ev: Evolution, decimales: int = 1) -> str:
    """``−13,8 %``, ``+1,3 pt``, ``+6 (base nulle)``, ``non calculable``."""
    if ev.nature == "indisponible":
        return "non calculable"
    if ev.nature == "base-nulle":
        return f"{_signe(fr.nombre(ev.ecart))} (base nulle : évolution en % non calculable)"  # type: ignore[arg-type]
    if ev.nature == "points":
        return fr.points(ev.valeur, decimales)  # type: ignore[arg-type]
    return fr.pourcentage(ev.valeur, decimales, signe=True)  # type: ignore[arg-type]


def evolution_html(ev: Evolution | None, marque: bool = False) -> str:
    """The trend: an arrow (hidden from screen readers) plus the signed figure, in words."""
    if ev is None:
        return ""
    if ev.nature == "indisponible":
        return '<abbr title="non calculable : une des deux valeurs manque">nc</abbr>'
    fleche = f'<span aria-hidden="true">{FLECHES[ev.sens]}</span>&nbsp;'  # type: ignore[index]
    if ev.nature == "base-nulle":
        return (
            f'<span style="white-space:nowrap">{fleche}{html(_signe(fr.nombre(ev.ecart)))}</span> '  # type: ignore[arg-type]
            "<small>(base nulle : % non calculable)</small>" + ("*" if marque else "")
        )
    etoile = "*" if marque else ""  # « computed, differs from the document »: see the note
    return f'<span style="white-space:nowrap">{fleche}{html(evolution_texte(ev))}{etoile}</span>'


# --- tables ------------------------------------------------------------------------------


def _cellule(v: float | None, s: Serie, marque: bool = False) -> str:
    if v is None:
        return f"<td{DROITE}>{ND}</td>"
    texte = html(valeur_texte(v, s.unite, s.decimales_affichage))
    if marque:
        texte += "*"  # explained under the table and in the editor's note
    return f"<td{DROITE}>{texte}</td>"


def _en_tete_ligne(ligne: Ligne) -> str:
    retrait = f' style="padding-left:{0.6 + 1.2 * ligne.niveau:.1f}em;font-weight:normal"' if ligne.niveau else ""
    libelle = html(ligne.libelle)
    if ligne.nature == "reste":
        libelle = f"<em>{libelle}</em>"
    return f'<th scope="row"{retrait}>{libelle}</th>'


def tableau_html(t: Tableau, visible: Visible, lien_csv: str | None, notes: bool = True) -> str:
    """The table of ``t`` as shown in this edition: values, computed evolution, source, notes."""
    lignes = t.lignes(visible)
    if not lignes:
        return ""
    n = len(t.colonnes) + 1 + (1 if t.evolution else 0)
    out = [
        '<div class="stspd-indicateur">',
        "<table>",
        f"<caption>{html(t.titre)}</caption>",
        "<thead>",
        "<tr>",
        '<th scope="col" style="min-width:12em">Indicateur</th>',
    ]
    out += [f'<th scope="col"{EVOL}>{html(c.libelle)}</th>' for c in t.colonnes]
    if t.evolution:
        out.append(f'<th scope="col"{EVOL}>{html(t.libelle_evolution)}</th>')
    out += ["</tr>", "</thead>", "<tbody>"]
    marques = nd = nc = False
    for ligne in lignes:
        if ligne.nature == "groupe":
            out += ["</tbody>", "<tbody>", f'<tr><th scope="rowgroup" colspan="{n}">{html(ligne.libelle)}</th></tr>']
            continue
        s = ligne.serie
        cellules = []
        for c in t.colonnes:
            v = ligne.valeurs.get(c.cle)
            nd = nd or v is None
            marque = ligne.nature == "serie" and (s.id, c.cle) in t.desaccords  # type: ignore[union-attr]
            marques = marques or marque
            cellules.append(_cellule(v, s, marque))  # type: ignore[arg-type]
        if t.evolution:
            marque = ligne.nature == "serie" and (s.id, "evolution") in t.desaccords  # type: ignore[union-attr]
            marques = marques or marque
            nc = nc or (ligne.evolution is not None and ligne.evolution.nature == "indisponible")
            ev = evolution_html(ligne.evolution, marque)
            cellules.append(f"<td{EVOL}>{ev}</td>")
        out.append("<tr>" + _en_tete_ligne(ligne) + "".join(cellules) + "</tr>")
    out += ["</tbody>", "</table>"]
    pied = [f"Source : {html(t.source)}" + (f" — {html(t.origine)}" if t.origine else "") + "."]
    if t.territoire:
        pied.append(f"Territoire : {html(t.territoire)}.")
    if t.periode and t.dimension != "annee":
        pied.append(f"Période : {html(t.periode)}.")
    if t.evolution:
        pied.append("Évolutions calculées par le site : en % pour un nombre, en points pour un taux.")
    if marques:
        pied.append("* Valeur calculée, différente du chiffre imprimé dans le document (voir la note).")
    if nd:
        pied.append("nd : chiffre non donné par le document.")
    if nc:
        pied.append("nc : évolution non calculable (une des deux valeurs manque).")
    autres = _sources_propres(t, visible)
    if autres:
        pied.append(autres)
    out.append("<p><small>" + " ".join(pied) + "</small></p>")
    if lien_csv:
        out.append(
            f'<p><small><a href="{html(lien_csv)}" download>Télécharger les données de ce tableau (CSV)</a></small></p>'
        )
    if notes:
        out.append(notes_html(t, visible))
    out.append("</div>")
    return "\n".join(x for x in out if x) + "\n"


def _sources_propres(t: Tableau, visible: Visible) -> str:
    propres = [(s, s.source) for s in t.series if s.source and s.source != t.source and visible(s.visibilite)]
    return " ".join(f"« {html(libelle_complet(t, s))} » : source {html(src)}." for s, src in propres)


def notes_html(t: Tableau, visible: Visible) -> str:
    """The editor's notes: the data files' notes, then every disagreement found by computing."""
    items = list(t.notes)
    items += [f"« {libelle_complet(t, s)} » : {n}" for s in t.series if visible(s.visibilite) for n in s.notes]
    items += [n for n in t.notes_calculees if _note_visible(t, n, visible)]
    if not items:
        return ""
    titre = "Note de la rédaction" if len(items) == 1 else "Notes de la rédaction"
    return (
        '<div class="admonition note">\n'
        f'<p class="admonition-title">{titre}</p>\n'
        "<ul>\n" + "\n".join(f"<li>{html(n)}</li>" for n in items) + "\n</ul>\n</div>"
    )


def _note_visible(t: Tableau, note: str, visible: Visible) -> bool:
    # A computed note names its series by its label: hide it with an intranet series.
    cachees = [s for s in t.series if not visible(s.visibilite)]
    return not any(note.startswith(f"« {libelle_complet(t, s)} »") for s in cachees)


# --- the figure pattern ------------------------------------------------------------------


def alt_texte(g: Graphique, d: DonneesGraphique) -> str:
    """Short: the kind of chart and what it shows. The figures are in the table below it."""
    if g.alt:
        return g.alt
    return f"{TYPES.get(g.type, 'Graphique')} : {g.titre}. Valeurs détaillées dans le tableau de données."


def table_donnees(t: Tableau, g: Graphique, d: DonneesGraphique) -> str:
    """The chart's own data as a real table: one row per series, one column per column."""
    libelles = g.libelles or [libelle_complet(t, s) for s in d.series]
    out = [
        "<table>",
        f"<caption>Données du graphique : {html(g.titre)}</caption>",
        "<thead>",
        "<tr>",
        '<th scope="col">Série</th>',
    ]
    out += [f'<th scope="col"{DROITE}>{html(c.libelle)}</th>' for c in d.colonnes]
    out += ["</tr>", "</thead>", "<tbody>"]
    for lib, s in zip(libelles, d.series, strict=True):
        cellules = "".join(_cellule(s.valeurs.get(c.cle), s) for c in d.colonnes)
        out.append(f'<tr><th scope="row">{html(lib)}</th>{cellules}</tr>')
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def figure_html(
    t: Tableau, g: Graphique, d: DonneesGraphique, src_svg: str, taille: tuple[float, float], lien_csv: str | None
) -> str:
    largeur, hauteur = round(taille[0] * 96), round(taille[1] * 96)
    source = f"Source : {html(t.source)}" + (f" — {html(t.origine)}" if t.origine else "") + "."
    out = [
        '<figure class="stspd-graphique">',
        f"<figcaption><strong>{html(g.titre)}</strong><br><small>{source}</small></figcaption>",
        f'<img src="{html(src_svg)}" alt="{html(alt_texte(g, d))}" width="{largeur}" height="{hauteur}" '
        'loading="lazy" decoding="async">',
        '<details class="note">',
        "<summary>Données du graphique (tableau)</summary>",
        table_donnees(t, g, d),
        "</details>",
    ]
    if lien_csv:
        out.append(f'<p><small><a href="{html(lien_csv)}" download>Télécharger les données (CSV)</a></small></p>')
    out.append("</figure>")
    return "\n".join(out) + "\n"


# --- CSV ---------------------------------------------------------------------------------

COLONNES_CSV = ["tableau", "serie", "libelle", "colonne", "libelle_colonne", "valeur", "unite", "nature", "source"]


def _nombre_csv(v: float | None, calcule: bool) -> float | None:
    if v is None:
        return None
    return round(v, 4) if calcule else v


def csv_tableau(t: Tableau, visible: Visible) -> Table:
    """Long (tidy) data of the table, as shown in the edition, for its CSV file (written by
    ``export/csv.py`` in the site's one dialect)."""
    lignes: list[list[object]] = []
    for ligne in t.lignes(visible):
        s = ligne.serie
        if ligne.nature == "groupe" or s is None:  # every other row has its series
            continue
        ident = s.id if ligne.nature == "serie" else f"{s.id}-reste"
        for c in t.colonnes:
            v = ligne.valeurs.get(c.cle)
            calcule = ligne.nature == "reste" or c.cle in s.calculees
            lignes.append(
                [
                    t.id,
                    ident,
                    libelle_complet(t, s) if ligne.nature == "serie" else ligne.libelle,
                    c.cle,
                    str(c.libelle),
                    _nombre_csv(v, calcule),
                    s.unite,
                    "" if v is None else ("calculée" if calcule else "donnée"),
                    s.source or t.source,
                ]
            )
    return Table.de(COLONNES_CSV, lignes)


# --- catalogue (for the coordinator) ------------------------------------------------------


def catalogue_html(tous: dict[str, Tableau], visible: Visible) -> str:
    """Every table of data/indicateurs/: its id, columns, series (id and unit) and charts."""
    out = ["<ul>"]
    for ident in sorted(tous):
        t = tous[ident]
        if not visible(t.visibilite):
            continue
        series = ", ".join(
            f"<code>{html(s.id)}</code>&nbsp;({html(s.unite)})" for s in t.series if visible(s.visibilite)
        )
        graphiques = ", ".join(f"<code>{html(g)}</code>" for g in t.graphiques) or "aucun"
        colonnes = ", ".join(html(c.cle) for c in t.colonnes)
        out.append(
            f"<li><p><code>{html(ident)}</code> — {html(t.titre)} <small>({html(t.fichier)} ; source : "
            f"{html(t.source)})</small><br>Colonnes : {colonnes}<br>Séries : {series}<br>"
            f"Graphiques déclarés : {graphiques}</p></li>"
        )
    out.append("</ul>")
    return "\n".join(out) + "\n"
