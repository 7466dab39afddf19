"""Pages of the partners' local data (fiche 1.1, Observatoire Local de la Sécurité).

Intranet edition only, everything under ``observatoire/local/`` (an intranet folder for
``editions``):
- ``index.md``: what has been imported, the latest recap and report, an index of the past
  periods (bounded: the last 13 weeks and 12 months with data);
- ``recap-hebdomadaire/<AAAA-Sss>.md``: the weekly recap for the mayor (ISO week);
- ``cellule-de-veille/<AAAA-MM>.md``: the monthly report for the cellule de veille;
- ``carte.md``: the map of the zones de vigilance for the latest half-year with data.
Each recap and report: by category and by zone, against the previous period, with charts in
the accessible figure pattern (SVG with alt text, caption with the source, the same data as
a table, a CSV file).

Public edition: ``observatoire/faits-signales.md`` only, the yearly totals per category at
the commune level, closed years only (a running total rebuilt every week would give the
weekly counts by difference), every count under 5 shown « moins de 5 » and no total (it
would give a suppressed count back by difference). It is computed from the records, never
from the intranet pages, and names no zone, month or source count.

No MkDocs here: this module returns {docs path → Markdown or SVG/CSV text}.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from macros.domaine import fr
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import Table
from macros.domaine.editions import Edition
from macros.lecture import releves, zones
from macros.lecture.releves import DonneesLocales, Releve
from macros.rendu import carte
from macros.rendu import graphiques as charts
from macros.rendu.echappement import html
from macros.rendu.fragments import lien, texte

DOSSIER = "observatoire/local"
PAGE_INDEX = f"{DOSSIER}/index.md"
PAGE_CARTE = f"{DOSSIER}/carte.md"
DOSSIER_HEBDO = f"{DOSSIER}/recap-hebdomadaire"
DOSSIER_MENSUEL = f"{DOSSIER}/cellule-de-veille"
DOSSIER_FIGURES = f"{DOSSIER}/figures"
PAGE_PUBLIQUE = "observatoire/faits-signales.md"
CSV_PUBLIC = "observatoire/faits-signales.csv"
MODELE = f"{DOSSIER}/modele-releve.csv"  # an empty record file to hand to the partners
GUIDE = "guide/observatoire-local.md"
NB_SEMAINES = 13
NB_MOIS = 12
SEUIL = 5  # counts under this are shown « moins de 5 » in public
MOINS_DE = f"moins de {SEUIL}"
AVERTISSEMENT = (
    "Document interne au CLSPD : données transmises par les partenaires, réservées à l'intranet. "
    "Ne pas diffuser ni recopier hors de l'intranet."
)


# --- periods (pure) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Periode:
    nature: str  # semaine | mois | semestre
    debut: _dt.date
    fin: _dt.date  # inclusive

    def _noms(self) -> tuple[str, str]:
        """(slug, label): the kind of period is looked at in one place for both."""
        if self.nature == "semaine":
            a, s, _ = self.debut.isocalendar()
            return f"{a}-S{s:02d}", f"semaine {s} de {a}"
        if self.nature == "mois":
            return f"{self.debut:%Y-%m}", fr.mois(self.debut)
        premier = self.debut.month == 1
        return (
            f"{self.debut.year}-S{1 if premier else 2}",
            f"{'premier' if premier else 'second'} semestre {self.debut.year}",
        )

    @property
    def slug(self) -> str:
        return self._noms()[0]

    @property
    def libelle(self) -> str:
        return self._noms()[1]

    @property
    def dates(self) -> str:
        debut = "1er" if self.debut.day == 1 else str(self.debut.day)
        if self.debut.year == self.fin.year and self.debut.month == self.fin.month:
            return f"du {debut} au {fr.date(self.fin)}"
        if self.debut.year == self.fin.year:
            return f"du {fr.date(self.debut).rsplit(' ', 1)[0]} au {fr.date(self.fin)}"  # the year once
        return f"du {fr.date(self.debut)} au {fr.date(self.fin)}"

    def contient(self, d: _dt.date) -> bool:
        return self.debut <= d <= self.fin

    def precedente(self) -> Periode:
        return periode(self.nature, self.debut - _dt.timedelta(days=1))


def periode(nature: str, d: _dt.date) -> Periode:
    if nature == "semaine":
        debut = d - _dt.timedelta(days=d.weekday())
        return Periode(nature, debut, debut + _dt.timedelta(days=6))
    if nature == "mois":
        debut = d.replace(day=1)
        suivant = (debut + _dt.timedelta(days=32)).replace(day=1)
        return Periode(nature, debut, suivant - _dt.timedelta(days=1))
    debut = _dt.date(d.year, 1 if d.month <= 6 else 7, 1)
    fin = _dt.date(d.year, 6, 30) if d.month <= 6 else _dt.date(d.year, 12, 31)
    return Periode("semestre", debut, fin)


def periodes_avec_donnees(releves: list[Releve], nature: str, nombre: int) -> list[Periode]:
    """The latest ``nombre`` periods that hold at least one record, newest first."""
    vues = sorted({periode(nature, r.date) for r in releves}, key=lambda p: p.debut, reverse=True)
    return vues[:nombre]


def comptes(releves: Iterable[Releve], p: Periode) -> Counter:
    """(zone, catégorie) → count over the period."""
    c: Counter = Counter()
    for r in releves:
        if p.contient(r.date):
            c[(r.zone, r.categorie)] += r.nombre
    return c


def par(c: Counter, rang: int) -> Counter:
    """Totals by zone (rang 0) or by category (rang 1)."""
    out: Counter = Counter()
    for k, n in c.items():
        out[k[rang]] += n
    return out


def totaux_annuels(releves: Iterable[Releve], avant: int) -> dict[int, Counter]:
    """Year → category → count, for the closed years (< ``avant``) only."""
    out: dict[int, Counter] = {}
    for r in releves:
        if r.date.year < avant:
            out.setdefault(r.date.year, Counter())[r.categorie] += r.nombre
    return dict(sorted(out.items()))


def public(n: int) -> str:
    """A count as published: « moins de 5 » under the threshold, as official statistics do."""
    return MOINS_DE if n < SEUIL else fr.nombre(n)


def evolution(avant: int, apres: int) -> str:
    if avant == apres:
        return "stable"
    ecart = apres - avant
    signe = "+" if ecart > 0 else fr.MINUS
    texte_ = f"{signe}{fr.nombre(abs(ecart))}"
    if avant > 0:
        texte_ += f" ({fr.pourcentage(ecart / avant * 100, 0, signe=True)})"
    return texte_


# --- figures ---------------------------------------------------------------------------


def _csv(entetes: list[str], lignes: list[list[object]]) -> Table:
    """A figure's data file, written by ``export/csv.py`` in the site's one CSV dialect."""
    return Table.de(entetes, lignes)


@dataclass
class Rendu:
    """What the pages produce: docs path → content (Markdown, SVG text, CSV text)."""

    fichiers: dict[str, str | Table]
    cache_graphiques: Path
    cache_cartes: Path

    def graphique(self, spec: charts.Spec) -> str:
        contenu, k = charts.svg(spec, self.cache_graphiques)
        chemin = f"{DOSSIER_FIGURES}/graphique-{k[:16]}.svg"
        self.fichiers[chemin] = contenu.decode("utf-8")
        return chemin

    def carte(self, spec: carte.SpecCarte) -> str:
        contenu, k = carte.svg(spec, self.cache_cartes)
        chemin = f"{DOSSIER_FIGURES}/carte-{k[:16]}.svg"
        self.fichiers[chemin] = contenu.decode("utf-8")
        return chemin


def _figure(
    page: str, svg: str, taille: tuple[float, float], alt: str, titre: str, source: str, table: str, csv_chemin: str
) -> list[str]:
    largeur, hauteur = (round(x * 96) for x in taille)
    return [
        "",
        '<figure class="stspd-graphique" markdown="span">',
        f"<figcaption><strong>{html(titre)}</strong><br><small>{html(source)}</small></figcaption>",
        f'![{texte(alt)}]({lien(page, svg)}){{ width="{largeur}" height="{hauteur}" loading="lazy" }}',
        "</figure>",
        "",
        table,
        "",
        f"[Télécharger les données (CSV)]({lien(page, csv_chemin)}){{ download }}",
        "",
    ]


def _table(
    legende: str, entetes: list[str], lignes: list[list[str]], pied: list[str] | None = None, aligner: bool = True
) -> str:
    droite = ' style="text-align:right"' if aligner else ""
    out = ["<table>", f"<caption>{html(legende)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col"{droite if i else ""}>{html(h)}</th>' for i, h in enumerate(entetes)]
    out += ["</tr></thead>", "<tbody>"]
    for ligne in lignes:
        out.append(
            f'<tr><th scope="row">{html(ligne[0])}</th>'
            + "".join(f"<td{droite}>{html(v)}</td>" for v in ligne[1:])
            + "</tr>"
        )
    out.append("</tbody>")
    if pied:
        out.append(
            f'<tfoot><tr><th scope="row">{html(pied[0])}</th>'
            + "".join(f"<td{droite}><strong>{html(v)}</strong></td>" for v in pied[1:])
            + "</tr></tfoot>"
        )
    out.append("</table>")
    return "\n".join(out)


# --- the map ---------------------------------------------------------------------------


def _arrondir(polys, proj: zones.Projection) -> carte.Polys:
    return tuple(
        tuple(tuple((round(x, 1), round(y, 1)) for x, y in (proj(*p) for p in anneau)) for anneau in poly)
        for poly in polys
    )


def spec_carte(d: DonneesLocales, p: Periode | None, releves: list[Releve]) -> carte.SpecCarte | None:
    geo = d.geo
    if geo.commune is None or not geo.zones:
        return None
    from shapely.geometry import box

    proj = zones.Projection.pour(geo.commune)
    contour = _arrondir(geo.commune.polygones, proj)
    base = carte.SpecCarte(geo.commune.nom, contour, (), (), "")
    x0, x1, y0, y1 = base.emprise()
    vue = box(x0, y0, x1, y1)
    voisines = []
    for v in sorted(geo.voisines, key=lambda c: c.code):
        visible = zones.en_metres(v.polygones, proj).intersection(vue)
        if visible.is_empty or visible.area < 0.04 * vue.area:
            continue  # a sliver at the edge: no room for its name
        pt = visible.representative_point()
        voisines.append((v.nom, _arrondir(v.polygones, proj), (round(pt.x, 1), round(pt.y, 1))))
    c = par(comptes(releves, p), 0) if p is not None else Counter()
    zs = []
    for z in geo.zones:
        pt = zones.en_metres(z.polygones, proj).representative_point()
        zs.append(carte.ZoneCarte(z.nom, _arrondir(z.polygones, proj), (round(pt.x, 1), round(pt.y, 1)), c[z.id]))
    legende = f"Faits signalés, {p.libelle}" if p is not None else "Faits signalés (aucun relevé)"
    return carte.SpecCarte(
        geo.commune.nom,
        contour,
        tuple(voisines),
        tuple(zs),
        legende,
        "Zones : coordonnateur CLSPD. Données : relevés des partenaires (intranet).",
        f"Zones de vigilance de {geo.commune.nom}, {p.libelle if p else 'sans relevé'}",
    )


def _section_carte(
    r: Rendu, page: str, d: DonneesLocales, p: Periode | None, releves: list[Releve], niveau: str = "##"
) -> list[str]:
    spec = spec_carte(d, p, releves)
    if spec is None:
        return []
    c = par(comptes(releves, p), 0) if p is not None else Counter()
    quand = p.libelle if p is not None else "aucune période (aucun relevé importé)"
    lignes = [[z.nom, fr.nombre(c[z.id])] for z in d.zones]
    csv_chemin = f"{DOSSIER_FIGURES}/carte-{p.slug if p else 'zones'}.csv"
    r.fichiers[csv_chemin] = _csv(
        ["periode", "zone", "nom", "nombre"], [[p.slug if p else "", z.id, z.nom, c[z.id]] for z in d.zones]
    )
    svg = r.carte(spec)
    alt = (
        f"Carte de {spec.commune} et de ses {len(d.zones)} zones de vigilance, ombrées selon le nombre de faits "
        f"signalés ({quand}). Chaque zone porte son nom et son nombre ; le tableau qui suit donne les mêmes valeurs."
    )
    return [
        f"{niveau} Carte des zones de vigilance",
        "",
        *_figure(
            page,
            svg,
            spec.taille(),
            alt,
            f"Zones de vigilance : faits signalés, {quand}",
            f"{carte.CITATION}. Zones : coordonnateur CLSPD. Données : relevés des partenaires.",
            _table(f"Faits signalés par zone, {quand}", ["Zone", "Faits signalés"], lignes),
            csv_chemin,
        ),
    ]


# --- a recap / report ------------------------------------------------------------------


def _noms_sources(corpus: Corpus, releves: Iterable[Releve], p: Periode) -> list[str]:
    ids = sorted({r.source for r in releves if p.contient(r.date)})
    return [corpus.acteurs[i].nom if i in corpus.acteurs else i for i in ids]


def _comparaison(
    r: Rendu,
    page: str,
    titre: str,
    quoi: str,
    ids: list[str],
    noms: dict[str, str],
    avant: Counter,
    apres: Counter,
    p: Periode,
    q: Periode,
    slug: str,
) -> list[str]:
    """One figure: a bar chart (previous vs this period) with its table and CSV."""
    lignes = [[noms[i], fr.nombre(avant[i]), fr.nombre(apres[i]), evolution(avant[i], apres[i])] for i in ids]
    ta, tp = sum(avant[i] for i in ids), sum(apres[i] for i in ids)
    table = _table(
        f"{titre} : {q.libelle} et {p.libelle}",
        [quoi, q.libelle.capitalize(), p.libelle.capitalize(), "Évolution"],
        lignes,
        ["Total", fr.nombre(ta), fr.nombre(tp), evolution(ta, tp)],
    )
    csv_chemin = f"{DOSSIER_FIGURES}/{p.nature}-{p.slug}-{slug}.csv"
    r.fichiers[csv_chemin] = _csv(
        ["periode", "periode_precedente", slug, "libelle", "nombre_precedent", "nombre"],
        [[p.slug, q.slug, i, noms[i], avant[i], apres[i]] for i in ids],
    )
    if not ids:
        return ["", table, ""]
    # (« $ » is plain text in every chart: charts._rc turns matplotlib's mathtext off.)
    spec = charts.Spec(
        type="barres",
        categories=tuple(noms[i] for i in ids),
        series=(
            (q.libelle.capitalize(), tuple(float(avant[i]) for i in ids)),
            (p.libelle.capitalize(), tuple(float(apres[i]) for i in ids)),
        ),
        unite="faits signalés",
        titre=f"{titre}, {p.libelle}",
    )
    svg = r.graphique(spec)
    alt = (
        f"Diagramme en barres : {titre.lower()}, {q.libelle} puis {p.libelle}. "
        "Les valeurs sont dans le tableau qui suit."
    )
    return _figure(
        page,
        svg,
        spec.taille(),
        alt,
        f"{titre} : {p.libelle} comparée à {q.libelle}"
        if p.nature == "semaine"
        else f"{titre} : {p.libelle} comparé à {q.libelle}",
        "Source : relevés des partenaires du CLSPD (observatoire local).",
        table,
        csv_chemin,
    )


def page_periode(r: Rendu, corpus: Corpus, d: DonneesLocales, p: Periode, aujourdhui: _dt.date) -> tuple[str, str]:
    """(docs path, Markdown) of the weekly recap or the monthly report of period ``p``."""
    hebdo = p.nature == "semaine"
    chemin = f"{DOSSIER_HEBDO if hebdo else DOSSIER_MENSUEL}/{p.slug}.md"
    q = p.precedente()
    rel = d.releves
    cp, cq = comptes(rel, p), comptes(rel, q)
    titre = f"Récapitulatif hebdomadaire : {p.libelle}" if hebdo else f"Rapport mensuel : {p.libelle}"
    tp, tq = sum(cp.values()), sum(cq.values())
    out = [
        "---",
        "visibilite: intranet",
        "---",
        "",
        f"# {texte(titre.replace(' : ', ' — ', 1))}",
        "",
        '!!! warning "Document interne"',
        f"    {texte(AVERTISSEMENT)}",
        "",
    ]
    destinataire = "Récapitulatif pour le maire" if hebdo else "Bilan présenté à la cellule de veille"
    out.append(
        f"{destinataire} (fiche 1.1). Période : {texte(p.dates)} ; comparée à la "
        f"{'semaine' if hebdo else 'période'} précédente, {texte(q.libelle)} ({texte(q.dates)})."
    )
    if p.fin > aujourdhui:
        out += [
            "",
            f"**Période en cours** : les relevés s'arrêtent au {texte(fr.date(aujourdhui))} au plus tard ; "
            "la comparaison avec la période précédente, complète, est donc provisoire.",
        ]
    out += [
        "",
        f"**{texte(fr.nombre(tp))} fait{'s' if tp > 1 else ''} signalé{'s' if tp > 1 else ''}** ; "
        f"{texte(q.libelle)} : {texte(fr.nombre(tq))} ; évolution : {texte(evolution(tq, tp))}.",
        "",
    ]
    sp, sq = _noms_sources(corpus, rel, p), _noms_sources(corpus, rel, q)
    out.append(
        f"Partenaires ayant transmis des relevés pour cette période : {texte(fr.liste(sp)) or 'aucun'} ; "
        f"pour la période précédente : {texte(fr.liste(sq)) or 'aucun'}. Une zone ou une catégorie sans "
        "relevé compte pour zéro : si un partenaire manque, son absence ne signifie pas qu'il ne s'est rien passé."
    )
    noms_cat = {c.id: c.libelle for c in d.categories.values()}
    noms_zone = {z.id: z.nom for z in d.zones}
    cats = [c for c in d.categories if par(cp, 1)[c] or par(cq, 1)[c]]
    zs = [z.id for z in d.zones if par(cp, 0)[z.id] or par(cq, 0)[z.id]]
    out += ["", "## Par catégorie"]
    out += _comparaison(
        r,
        chemin,
        "Faits signalés par catégorie",
        "Catégorie",
        cats,
        noms_cat,
        par(cq, 1),
        par(cp, 1),
        p,
        q,
        "categorie",
    )
    out += ["## Par zone"]
    out += _comparaison(
        r, chemin, "Faits signalés par zone", "Zone", zs, noms_zone, par(cq, 0), par(cp, 0), p, q, "zone"
    )
    if cp:
        cats_p = [c for c in d.categories if par(cp, 1)[c]]
        lignes = [
            [noms_zone[z]] + [fr.nombre(cp[(z, c)]) if cp[(z, c)] else "–" for c in cats_p] + [fr.nombre(par(cp, 0)[z])]
            for z in zs
            if par(cp, 0)[z]
        ]
        out += [
            "## Par zone et catégorie",
            "",
            _table(
                f"Faits signalés par zone et par catégorie, {p.libelle} (« – » : aucun)",
                ["Zone"] + [noms_cat[c] for c in cats_p] + ["Total"],
                lignes,
                ["Total"] + [fr.nombre(par(cp, 1)[c]) for c in cats_p] + [fr.nombre(tp)],
            ),
            "",
        ]
    if not hebdo:
        out += _section_carte(r, chemin, d, p, rel)
    out += [
        "",
        f"[Toutes les périodes]({lien(chemin, PAGE_INDEX)}) · [Format des relevés et import]({lien(chemin, GUIDE)})",
        "",
    ]
    return chemin, "\n".join(out)


# --- index and map pages ---------------------------------------------------------------


def page_index(corpus: Corpus, d: DonneesLocales, semaines: list[Periode], mois: list[Periode]) -> str:
    out = [
        "---",
        "visibilite: intranet",
        "---",
        "",
        "# Observatoire local : données des partenaires",
        "",
        '!!! warning "Document interne"',
        f"    {texte(AVERTISSEMENT)}",
        "",
        "L'Observatoire Local de la Sécurité (fiche 1.1) rassemble les faits que signalent les partenaires du "
        "CLSPD : Police Municipale, bailleurs, médiation sociale, services techniques. Les relevés sont "
        "comptés par date, catégorie et zone de vigilance ; ils ne contiennent **aucune donnée nominative** "
        "(la charte déontologique l'interdit).",
        "",
        f"[Modèle de fichier de relevé (CSV)]({lien(PAGE_INDEX, MODELE)}){{ download }} à transmettre aux "
        f"partenaires ; le format est décrit dans le [guide]({lien(PAGE_INDEX, GUIDE)}).",
        "",
    ]
    if d.categories:
        out += [
            "## Catégories des relevés",
            "",
            _table(
                f"Catégories des relevés ({releves.CATEGORIES})",
                ["Identifiant", "Libellé", "Définition"],
                [[c.id, c.libelle, c.definition] for c in d.categories.values()],
                aligner=False,
            ),
            "",
        ]
    if not d.zones:
        out += [
            "**Aucune zone de vigilance n'est encore définie.** Le coordonnateur les dessine (par exemple dans "
            f"uMap) et dépose l'export dans `{zones.ZONES}` : voir le [guide]({lien(PAGE_INDEX, GUIDE)}).",
            "",
        ]
    else:
        out += [
            f"{len(d.zones)} zone{'s' if len(d.zones) > 1 else ''} de vigilance : "
            f"[voir la carte]({lien(PAGE_INDEX, PAGE_CARTE)}).",
            "",
        ]
    if not d.releves:
        out += [
            "**Aucun relevé n'a encore été importé** : il n'y a donc ni récapitulatif hebdomadaire ni rapport "
            f"mensuel. Le [guide de l'observatoire]({lien(PAGE_INDEX, GUIDE)}) décrit le format des fichiers "
            "que les partenaires "
            "transmettent et la commande d'import.",
            "",
        ]
        return "\n".join(out)
    out += [
        "## Relevés importés",
        "",
        "| Partenaire | Relevés | Faits | Du | Au |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    for source in sorted({r.source for r in d.releves}):
        rs = [r for r in d.releves if r.source == source]
        nom = corpus.acteurs[source].nom if source in corpus.acteurs else source
        out.append(
            f"| {texte(nom)} | {fr.nombre(len(rs))} | {fr.nombre(sum(r.nombre for r in rs))} | "
            f"{texte(fr.date(min(r.date for r in rs)))} | {texte(fr.date(max(r.date for r in rs)))} |"
        )
    out += ["", "## Récapitulatifs hebdomadaires (pour le maire)", ""]
    out += [
        f"- [{texte(s.libelle.capitalize())}, {texte(s.dates)}]({lien(PAGE_INDEX, f'{DOSSIER_HEBDO}/{s.slug}.md')})"
        for s in semaines
    ]
    out += ["", "## Rapports mensuels (cellule de veille)", ""]
    out += [f"- [{texte(m.libelle.capitalize())}]({lien(PAGE_INDEX, f'{DOSSIER_MENSUEL}/{m.slug}.md')})" for m in mois]
    out += [
        "",
        f"Seules les {NB_SEMAINES} dernières semaines et les {NB_MOIS} derniers mois ayant des relevés ont une "
        f"page ; les relevés plus anciens restent dans `releves/` et comptent dans les totaux annuels publiés "
        f"([faits signalés]({lien(PAGE_INDEX, PAGE_PUBLIQUE)})).",
        "",
    ]
    return "\n".join(out)


def page_carte(r: Rendu, d: DonneesLocales) -> str:
    out = [
        "---",
        "visibilite: intranet",
        "---",
        "",
        "# Carte des zones de vigilance",
        "",
        '!!! warning "Document interne"',
        f"    {texte(AVERTISSEMENT)}",
        "",
    ]
    if not d.zones:
        out += [
            "**Aucune zone de vigilance n'est encore définie** : la carte paraîtra ici dès que le fichier "
            f"`{zones.ZONES}` aura été déposé (voir le [guide]({lien(PAGE_CARTE, GUIDE)})).",
            "",
        ]
        return "\n".join(out)
    semestres = periodes_avec_donnees(d.releves, "semestre", 1)
    p = semestres[0] if semestres else None
    out += [
        "La fiche 1.1 prévoit une cartographie mise à jour en cellule de veille chaque semestre : la carte "
        "montre le dernier semestre ayant des relevés"
        + (f", le {texte(p.libelle)} ({texte(p.dates)})." if p else " ; aucun relevé n'a encore été importé.")
        + " Chaque rapport mensuel donne aussi la carte de son mois.",
        "",
    ]
    out += _section_carte(r, PAGE_CARTE, d, p, d.releves, niveau="##")
    return "\n".join(out)


# --- the public page -------------------------------------------------------------------


def page_publique(corpus: Corpus, d: DonneesLocales, aujourdhui: _dt.date) -> dict[str, str | Table]:
    """Yearly commune-level totals per category, closed years, small counts suppressed."""
    annees = totaux_annuels(d.releves, aujourdhui.year)
    out = [
        "# Faits signalés par les partenaires",
        "",
        "L'Observatoire Local de la Sécurité (fiche 1.1) recueille les faits que signalent les partenaires du "
        "CLSPD (Police Municipale, bailleurs, médiation sociale, services techniques). Ces relevés servent au "
        "travail de la cellule de veille ; le site public n'en donne que les **totaux annuels pour l'ensemble de "
        "la commune**, par catégorie.",
        "",
        f"Tout nombre inférieur à {SEUIL} est affiché « {MOINS_DE} », comme le font les statistiques officielles, "
        "pour qu'aucun fait ne puisse être rapproché d'une personne ou d'un lieu. Seules les années closes sont "
        "publiées, et aucun total toutes catégories confondues n'est donné : il permettrait de retrouver un "
        "nombre masqué.",
        "",
    ]
    fichiers: dict[str, str | Table] = {}
    if not annees:
        out += [
            "**Aucun total n'est encore publié** : les totaux d'une année paraissent ici lorsqu'elle est close "
            "et que des relevés de cette année ont été importés.",
            "",
        ]
    else:
        ans = list(annees)
        lignes = [[c.libelle] + [public(annees[a][c.id]) for a in ans] for c in d.categories.values()]
        commune = corpus.commune.nom if corpus.commune is not None else "commune"
        out += [
            _table(
                f"Faits signalés par les partenaires, par catégorie et par année ({commune})",
                ["Catégorie"] + [str(a) for a in ans],
                lignes,
            ),
            "",
        ]
        fichiers[CSV_PUBLIC] = _csv(
            ["annee", "categorie", "libelle", "nombre"],
            [
                [a, c.id, c.libelle, annees[a][c.id] if annees[a][c.id] >= SEUIL else MOINS_DE]
                for a in ans
                for c in d.categories.values()
            ],
        )
        sources = sorted({r.source for r in d.releves if r.date.year < aujourdhui.year})
        noms = [corpus.acteurs[s].nom if s in corpus.acteurs else s for s in sources]
        out += [
            f"[Télécharger ce tableau (CSV)]({lien(PAGE_PUBLIQUE, CSV_PUBLIC)}){{ download }}",
            "",
            f"Source : relevés transmis par les partenaires du CLSPD ({texte(fr.liste(noms))}), "
            "comptés par l'observatoire local. Ces faits signalés ne sont pas la délinquance enregistrée par "
            "la police et la gendarmerie : ils ne se comparent pas aux statistiques officielles.",
            "",
        ]
    fichiers[PAGE_PUBLIQUE] = "\n".join(out)
    return fichiers


# --- entry point -----------------------------------------------------------------------


def pages(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> dict[str, str | Table]:
    """Generated files of the edition (docs path → text). The public edition gets the public
    page only: the intranet pages are not even computed for it."""
    d: DonneesLocales | None = corpus.observatoire
    if d is None:
        return {}
    out = page_publique(corpus, d, aujourdhui)
    if edition.est_publique:
        return {k: v for k, v in out.items() if edition.publie(k)}
    racine = Path(corpus.racine)
    r = Rendu(out, charts.dossier_cache(racine), charts.dossier_cache(racine, carte.CACHE))
    semaines = periodes_avec_donnees(d.releves, "semaine", NB_SEMAINES)
    mois = periodes_avec_donnees(d.releves, "mois", NB_MOIS)
    for p in semaines + mois:
        chemin, contenu = page_periode(r, corpus, d, p, aujourdhui)
        out[chemin] = contenu
    out[PAGE_INDEX] = page_index(corpus, d, semaines, mois)
    # The site's CSV dialect (byte-order mark: Excel then reads the accents of « Catégorie »
    # right); ``lecture/grille.py`` reads it back, « ; » or « , » alike.
    out[MODELE] = _csv(list(releves.COLONNES), [])
    out[PAGE_CARTE] = page_carte(r, d)
    return out
