"""The annual evaluation report (« bilan annuel »), shown: ``suivi/bilan-AAAA/`` for every
year with data (``bilan_calcul.annees_bilan``), its printable version
``suivi/bilan-AAAA/imprimer/`` (one page per part and per fiche, as ``imprimer/``; ``make
rapport`` prints it to PDF) and the CSV files of its charts.

One function writes both pages (``page(…, imprimable=…)``): the printable one differs only
by its cover, its table of contents, its page breaks, and charts that load at once with
their data tables open (a browser prints a closed ``<details>`` closed and a lazy image
that was never scrolled to as a blank box).

Built from the edition's data only: the fiches it publishes, the journal entries and the
indicators it shows (``Edition.publie`` / ``Edition.visible``). Every text from a source is
escaped once: ``render.texte`` in Markdown, ``echappement.html`` in HTML.
No MkDocs here.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from macros.domaine import bilan as bc
from macros.domaine import fr
from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import Table
from macros.domaine.editions import Edition
from macros.domaine.modele import STATUTS
from macros.rendu import avancement, cartes_indicateurs, graphiques_suivi, tableau_de_bord
from macros.rendu import graphiques as charts
from macros.rendu.avancement import alerte, avancement_html, barre, date_partielle, non_renseigne
from macros.rendu.echappement import html
from macros.rendu.fragments import Contexte, badge_statut, lien, texte
from macros.rendu.impression import CLASSE_SAUT, _titre

ENTETE_MACROS = "render_macros: false\n"  # generated text is never a Jinja template
# Printed on the first page of the intranet report; its start (no acronym: the glossary
# wraps those in <abbr>) is what ``rapport --site`` looks for.
DEBUT_MENTION_INTRANET = "Édition intranet, réservée aux partenaires"
MENTION_INTRANET = (
    DEBUT_MENTION_INTRANET + " du CLSPD : elle contient des informations qui ne sont pas publiques. Ne pas diffuser."
)
MARQUE_INTRANET = ' <span class="stspd-marque-intranet">Intranet</span>'


src = bc.src_bilan
src_imprimable = bc.src_bilan_imprimable


def src_csv(annee: int, nom: str) -> str:
    return f"suivi/bilan-{annee}/{nom}.csv"


def annees(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> list[int]:
    """The years that have a report in this edition."""
    return bc.annees_commune(corpus.commune, avancement.fiches_edition(corpus, edition), edition.visible, aujourdhui)


def calculer(corpus: Corpus, edition: Edition, annee: int, aujourdhui: _dt.date) -> bc.Bilan:
    return bc.bilan(avancement.fiches_edition(corpus, edition), edition.visible, annee, aujourdhui)


# --- entry point called by the adapter -------------------------------------------------


def pages(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> dict[str, str | Table]:
    """Every generated file of the reports: src path → Markdown or SVG text, or the ``Table``
    of a chart's CSV file (written by ``export/csv.py``)."""
    out: dict[str, str | Table] = {}
    cache = charts.dossier_cache(corpus.racine)
    for annee in annees(corpus, edition, aujourdhui):
        b = calculer(corpus, edition, annee, aujourdhui)
        figures = Figures(corpus, b, cache)
        out[src(annee)] = page(corpus, edition, b, aujourdhui, figures, imprimable=False)
        out[src_imprimable(annee)] = page(corpus, edition, b, aujourdhui, figures, imprimable=True)
        out.update(figures.fichiers)
    return out


# --- charts ----------------------------------------------------------------------------


class Figures:
    """The charts of one report: drawn once (``charts.svg``, cached by content), shared by
    the screen and the print page, with the CSV file of each chart's data."""

    def __init__(self, corpus: Corpus, b: bc.Bilan, cache: Path):
        self.corpus, self.b, self.cache = corpus, b, cache
        self.fichiers: dict[str, str | Table] = {}  # src path → SVG text / CSV table

    def _svg(self, spec: charts.Spec) -> str:
        chemin = graphiques_suivi.chemin_graphique(spec)
        if chemin not in self.fichiers:
            self.fichiers[chemin] = charts.svg(spec, self.cache)[0].decode("utf-8")
        return chemin

    def _csv(self, nom: str, colonnes: tuple[tuple[str, str, str], ...], lignes: list[dict]) -> str:
        chemin = src_csv(self.b.annee, nom)
        self.fichiers[chemin] = Table.de(
            [c[0] for c in colonnes], [[ligne[c[0]] for c in colonnes] for ligne in lignes]
        )
        return chemin

    def figure(
        self, depuis: str, spec: charts.Spec, alt: str, legende: str, tableau: str, csv_chemin: str, imprimable: bool
    ) -> str:
        """The accessible figure pattern (GUIDE §6): image with a short alt, caption (title
        and source), the same data as a table in a ``<details>``, the CSV link."""
        largeur, hauteur = (round(x * 96) for x in spec.taille())
        chargement = "" if imprimable else ' loading="lazy"'
        return "\n".join(
            [
                '<figure class="stspd-graphique" markdown="span">',
                f'![{alt}]({lien(depuis, self._svg(spec))}){{ width="{largeur}" height="{hauteur}"{chargement} }}',
                f"<figcaption>{legende}</figcaption>",
                "</figure>",
                "",
                f'<details class="note"{" open" if imprimable else ""}>',
                "<summary>Données du graphique (tableau)</summary>",
                tableau,
                "</details>",
                "",
                f"[Télécharger les données du graphique (CSV)]({lien(depuis, csv_chemin)})",
                "",
            ]
        )

    # Fiches by status and by axis: one stacked bar per axis.
    COLONNES_STATUTS = (
        ("axe", "integer", "Numéro de l'axe"),
        ("statut", "string", "Code du statut : " + ", ".join(STATUTS)),
        ("statut_libelle", "string", "Libellé du statut"),
        ("fiches", "integer", "Nombre de fiches de l'axe ayant ce statut"),
    )

    def statuts(self, depuis: str, imprimable: bool) -> str:
        b = self.b
        presents = [s for s in STATUTS if b.cumul.par_statut.get(s)] or ["non-renseigne"]
        axes = list(b.par_axe)
        spec = charts.Spec(
            type="empilees",
            categories=tuple(f"Axe {a}" for a in axes),
            series=tuple(
                (STATUTS[s].libelle, tuple(b.par_axe[a].par_statut.get(s, 0) for a in axes)) for s in presents
            ),
            unite="fiches",
            titre=f"Bilan {b.annee} : fiches par statut et par axe",
        )
        alt = (
            f"Barres empilées du nombre de fiches par statut pour chacun des {len(axes)} axes. "
            "Données détaillées dans le tableau qui suit."
        )
        entetes = "".join(f'<th scope="col">{html(STATUTS[s].libelle)}</th>' for s in presents)
        corps = [
            f'<tr><th scope="row">Axe {a}</th>'
            + "".join(f"<td>{b.par_axe[a].par_statut.get(s, 0)}</td>" for s in presents)
            + f"<td>{b.par_axe[a].total}</td></tr>"
            for a in axes
        ]
        corps.append(
            '<tr><th scope="row">Ensemble</th>'
            + "".join(f"<td>{b.cumul.par_statut.get(s, 0)}</td>" for s in presents)
            + f"<td>{b.cumul.total}</td></tr>"
        )
        tableau = "\n".join(
            [
                "<table>",
                "<caption>Fiches par statut (statut actuel) et par axe</caption>",
                f'<thead><tr><th scope="col">Axe</th>{entetes}<th scope="col">Total</th></tr></thead>',
                "<tbody>",
                *corps,
                "</tbody>",
                "</table>",
            ]
        )
        lignes = [
            {"axe": a, "statut": s, "statut_libelle": STATUTS[s].libelle, "fiches": b.par_axe[a].par_statut.get(s, 0)}
            for a in axes
            for s in STATUTS
        ]
        csv_chemin = self._csv("fiches-par-statut", self.COLONNES_STATUTS, lignes)
        legende = (
            "Fiches-actions par statut et par axe. Source : fiches-actions de la STSPD "
            "(statut actuel, voir l'avertissement en tête du bilan)."
        )
        return self.figure(depuis, spec, alt, legende, tableau, csv_chemin, imprimable)

    COLONNES_SERIE = (
        ("periode", "string", "Période (AAAA, AAAA-MM ou AAAA-MM-JJ), ou « cible »"),
        ("valeur", "number", "Valeur (virgule décimale), vide si non disponible"),
        ("nature", "string", "« mesure », « initiale » (valeur de référence déclarée) ou « cible »"),
    )

    def indicateur(self, depuis: str, x: bc.IndicateurAnnee, imprimable: bool) -> str:
        """The indicator's series known at the end of the year, or "" when it has fewer than
        two known values (one number needs no chart: the table above gives it)."""
        spec = graphiques_suivi.spec_indicateur(x.fiche, x.ind)
        if spec is None:
            return ""
        s, ind = x.synthese, x.ind
        ident = f"bilan-{cartes_indicateurs._ident_html(x.fiche, ind)}"
        lignes = [{"periode": str(v.periode), "valeur": v.valeur, "nature": "mesure"} for v in s.serie]
        if s.initial is not None and s.initial_explicite and all(v.periode != s.initial.periode for v in s.serie):
            lignes.insert(0, {"periode": str(s.initial.periode), "valeur": s.initial.valeur, "nature": "initiale"})
        if ind.cible is not None:
            lignes.append({"periode": "cible", "valeur": ind.cible.valeur, "nature": "cible"})
        csv_chemin = self._csv(f"indicateur-{x.fiche.id.replace('.', '-')}-{ind.id}", self.COLONNES_SERIE, lignes)
        source = f"Source : {ind.source}." if ind.source else "Source non précisée."
        legende = f"{html(ind.libelle)} ({html(ind.unite)}), valeurs connues fin {self.b.annee}. {html(source)}"
        return self.figure(
            depuis,
            spec,
            texte(graphiques_suivi.alt_indicateur(ind, s)),
            legende,
            cartes_indicateurs.graphique_serie(ind, s, ident),
            csv_chemin,
            imprimable,
        )


# --- the page ----------------------------------------------------------------------------


def titre_page(annee: int) -> str:
    return f"Bilan annuel {annee}"


def _au(b: bc.Bilan) -> str:
    return fr.date(b.fin)


def page(
    corpus: Corpus, edition: Edition, b: bc.Bilan, aujourdhui: _dt.date, figures: Figures, imprimable: bool
) -> str:
    depuis = src_imprimable(b.annee) if imprimable else src(b.annee)
    ctx = Contexte(corpus, depuis, edition.publie)
    commune = corpus.commune.nom if corpus.commune else ""
    strategie = corpus.commune.strategie if corpus.commune else None
    periode = f" {strategie.debut}–{strategie.fin}" if strategie else ""
    saut = f" .{CLASSE_SAUT}" if imprimable else ""
    sommaire: list[str] = []
    corps: list[str] = []

    def titre2(libelle: str, ancre: str, classes: str = "") -> None:
        sommaire.append(f"- [{libelle}](#{ancre})")
        corps.append(f"## {libelle} {{: #{ancre}{classes} }}\n")

    # Synthesis.
    titre2(f"Synthèse de l'année {b.annee}", "synthese", saut)
    corps.append(_synthese(ctx, b, figures, depuis, imprimable))

    # Per axis, per fiche.
    for axe_num in b.par_axe:
        axe = corpus.axes.get(axe_num)
        libelle = _titre(f"Axe {axe_num} : {axe.titre}") if axe else f"Axe {axe_num}"
        titre2(libelle, f"axe-{axe_num}", saut)
        corps.append(_phrase_axe(b, axe_num))
        for f in (f for f in b.fiches if f.axe == axe_num):
            ancre = "fiche-" + f.id.replace(".", "-")
            titre_fiche = _titre(f"Fiche {f.id} : {f.titre}")
            sommaire.append(f"    - [{titre_fiche}](#{ancre})")
            classes = f"{saut} .stspd-impression-fiche" if imprimable else ""
            corps.append(f"### {titre_fiche} {{: #{ancre}{classes} }}\n")
            corps.append(_fiche(ctx, edition, b, f, figures, depuis, imprimable))

    titre = titre_page(b.annee) + (" — version imprimable" if imprimable else "")
    description = (
        f"Bilan de l'année {b.annee} des fiches-actions de la Stratégie Territoriale de Sécurité et "
        f"de Prévention de la Délinquance de {commune}{periode} : statuts, journal, indicateurs."
    )
    entete = "---\n" + ENTETE_MACROS + f"title: {titre}\n" + f"description: {_yaml(description)}\n"
    if imprimable:
        entete += "hide: [toc]\nsearch:\n  exclude: true\n"  # its text is found on the report page
    entete += "---\n\n"
    intro = [f"# Bilan annuel {b.annee} de la STSPD{texte(periode)}", ""]
    edition_txt = MENTION_INTRANET if not edition.est_publique else "Édition publique."
    intro += [
        f"Ville de {texte(commune)} — Conseil Local de Sécurité et de Prévention de la Délinquance (CLSPD). "
        f"Bilan de l'année {b.annee} du programme d'actions, établi à partir des données du site pour "
        "l'assemblée plénière du CLSPD : "
        + (f"situation au {texte(_au(b))} (année en cours). " if b.en_cours else f"situation au {texte(_au(b))}. ")
        + f"Document produit le {texte(fr.date(aujourdhui))}. {edition_txt}",
        "",
        "!!! warning \"Statuts et avancement : la situation d'aujourd'hui, pas celle de fin " + str(b.annee) + '"',
        "    Les sources du site ne conservent pas l'historique des statuts : le statut et l'avancement indiqués "
        f"pour chaque fiche sont ceux connus le {texte(fr.date(aujourdhui))}, et les échéances sont jugées au "
        f"{texte(_au(b))} avec ces statuts. Le journal et les indicateurs, eux, sont ceux de l'année {b.annee}.",
        "",
    ]
    if imprimable:
        intro += [
            '<p class="stspd-ecran-seulement">Version du <a '
            f'href="{html(lien(depuis, src(b.annee)).removesuffix("index.md"))}">'
            f"bilan {b.annee}</a> à imprimer : utilisez la commande « Imprimer » de votre navigateur (Ctrl+P, ou ⌘+P "
            "sur Mac) ; chaque partie et chaque fiche commence sur une nouvelle page. La commande "
            f"<code>make rapport ANNEE={b.annee}</code> en fait un PDF.</p>",
            "",
            "## Sommaire {: #sommaire }",
            "",
            *sommaire,
            "",
        ]
    else:
        intro += [
            f"[Version imprimable de ce bilan]({lien(depuis, src_imprimable(b.annee))}) (une page par partie et "
            "par fiche, à imprimer ou à enregistrer en PDF) · [Tableau de bord du "
            f"suivi]({lien(depuis, tableau_de_bord.PAGE)})",
            "",
        ]
    return entete + "\n".join(intro) + "\n" + "\n".join(corps)


def _yaml(valeur: str) -> str:
    """A one-line YAML string (double-quoted; the description holds no source text but the
    commune's name)."""
    return '"' + valeur.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _synthese(ctx: Contexte, b: bc.Bilan, figures: Figures, depuis: str, imprimable: bool) -> str:
    n = len(b.fiches)
    avec_entrees = n - len(b.sans_nouvelles)
    nb_ind = sum(len(v) for v in b.indicateurs.values())
    nb_qual = sum(1 for v in b.indicateurs.values() for x in v if x.ind.nature == "qualitatif")
    qualitatifs = (
        (
            f" ({nb_qual} indicateur{'s' if nb_qual > 1 else ''} qualitatif{'s' if nb_qual > 1 else ''} en plus, "
            f"suivi{'s' if nb_qual > 1 else ''} au journal)"
        )
        if nb_qual
        else ""
    )
    au = texte(_au(b))
    lignes = [
        f"- **{n}** fiches-actions ;",
        f"- **{b.nombre_entrees}** entrée{'s' if b.nombre_entrees > 1 else ''} de journal "
        f"datée{'s' if b.nombre_entrees > 1 else ''} "
        f"de {b.annee}, pour **{avec_entrees}** fiche{'s' if avec_entrees > 1 else ''} ;",
        f"- **{len(b.echeances_passees)}** échéance{'s' if len(b.echeances_passees) > 1 else ''} "
        f"passée{'s' if len(b.echeances_passees) > 1 else ''} au {au} ;",
        f"- **{len(b.sans_nouvelles)}** fiche{'s' if len(b.sans_nouvelles) > 1 else ''} sans nouvelles en {b.annee} ;",
        f"- **{len(b.sans_valeur)}** indicateur{'s' if len(b.sans_valeur) > 1 else ''} "
        f"chiffré{'s' if len(b.sans_valeur) > 1 else ''} "
        f"sur {nb_ind - nb_qual} sans valeur pour {b.annee}{qualitatifs}.",
        "",
        "### Fiches par statut et par axe {: #synthese-statuts }",
        "",
        "Avancement moyen actuel (statuts connus à ce jour, voir l'avertissement ci-dessus) :",
        "",
        tableau_de_bord._phrase_cumul(b.cumul, "fiches"),
        "",
        figures.statuts(depuis, imprimable),
    ]
    lignes += [
        f"### Échéances passées au {au} ({len(b.echeances_passees)}) {{: #synthese-echeances }}",
        "",
        "Échéance (date limite, ou 31 décembre de l'année d'échéance) antérieure à cette date, pour une action "
        "non terminée selon son statut actuel. Sans statut renseigné, on ne sait pas si l'action a été menée.",
        "",
    ]
    for f in b.echeances_passees:
        situation = calc.SITUATIONS[calc.situation_echeance(f, b.fin)]
        limite = f.echeance.limite
        if limite is None:  # a past deadline has a date
            continue
        lignes.append(
            f"- {texte(fr.date(limite))} : {ctx.fiche(f)} — {badge_statut(f.statut)} ({texte(situation.lower())})"
        )
    lignes += ["" if b.echeances_passees else "Aucune fiche.", ""]
    lignes += [
        f"### Fiches sans nouvelles en {b.annee} ({len(b.sans_nouvelles)}) {{: #synthese-sans-nouvelles }}",
        "",
        f"Fiches sans aucune entrée de journal datée de {b.annee}.",
        "",
    ]
    lignes += [f"- {ctx.fiche(f)}" for f in b.sans_nouvelles]
    lignes += ["" if b.sans_nouvelles else "Aucune fiche.", ""]
    lignes += [f"### Indicateurs sans valeur pour {b.annee} ({len(b.sans_valeur)}) {{: #synthese-sans-valeur }}", ""]
    if not nb_ind:
        lignes += ["Aucune fiche n'a encore d'indicateur renseigné dans ses données de suivi.", ""]
    else:
        lignes += [
            f"- {ctx.fiche(x.fiche, avec_titre=False)} : {texte(x.ind.libelle)}"
            + (MARQUE_INTRANET if x.ind.visibilite == "intranet" else "")
            for x in b.sans_valeur
        ]
        lignes += ["" if b.sans_valeur else "Aucun : chaque indicateur a une valeur pour l'année.", ""]
    return "\n".join(lignes)


def _phrase_axe(b: bc.Bilan, axe: int) -> str:
    c = b.par_axe[axe]
    entrees = sum(len(b.entrees[f.id]) for f in b.fiches if f.axe == axe)
    moyenne = (
        barre(c.moyenne, f"Avancement moyen de l'axe {axe}")
        if c.moyenne is not None
        else non_renseigne("Avancement moyen non renseigné")
    )
    return (
        f"{c.total} fiche{'s' if c.total > 1 else ''} ; {entrees} entrée{'s' if entrees > 1 else ''} de journal "
        f"en {b.annee} ; avancement moyen actuel : {moyenne}.\n"
    )


def _fiche(ctx: Contexte, edition: Edition, b: bc.Bilan, f, figures: Figures, depuis: str, imprimable: bool) -> str:
    situation = calc.situation_echeance(f, b.fin)
    ech = texte(f.echeance.courte)
    if situation in ("depassee", "passee-non-renseignee"):
        ech += " — " + alerte(f"{calc.SITUATIONS[situation]} au {_au(b)}")
    marque = MARQUE_INTRANET if f.visibilite == "intranet" else ""
    lignes = [
        '<div class="stspd-fiche-entete" markdown>',
        "",
        "Fiche",
        f":   {ctx.fiche(f)}{marque}",
        "",
        "Pilote" + ("s" if len(f.pilote) > 1 else ""),
        f":   {ctx.acteurs(f.pilote)}",
        "",
        "Échéance",
        f":   {ech}",
        "",
        "Statut actuel",
        f":   {badge_statut(f.statut)}",
        "",
        "Avancement actuel",
        f":   {avancement_html(f)}",
        "",
        "</div>",
        "",
        # Raw headings: in the document's outline, not in the page's table of contents
        # (20 fiches × 2 sub-headings buried the fiches there).
        f'<h4 id="{_id(f)}-journal">Journal {b.annee}</h4>',
        "",
    ]
    entrees = b.entrees[f.id]
    if not entrees:
        lignes += [f"Aucune entrée de journal datée de {b.annee}.", ""]
    for e in entrees:
        m = MARQUE_INTRANET if e.visibilite == "intranet" else ""
        note = f" *(Note de la rédaction : {texte(e.note)})*" if e.note else ""  # as on the fiche page
        lignes.append(f"- **{texte(date_partielle(e.date))}**{m} — {texte(e.texte)}{note}")
    lignes += ["", f'<h4 id="{_id(f)}-indicateurs">Indicateurs {b.annee}</h4>', ""]
    inds = b.indicateurs[f.id]
    if not inds and f.indicateurs_a_definir:
        lignes += [f"Le document ne nomme pas encore d'indicateur : « {texte(f.indicateurs_a_definir)} »", ""]
        return "\n".join(lignes)
    if not inds:
        lignes += ["Aucun indicateur n'est renseigné dans les données de suivi de cette fiche.", ""]
        return "\n".join(lignes)
    lignes += [
        f"| Indicateur | Valeur {b.annee} | Valeur {b.annee - 1} | Cible | Taux de réalisation {b.annee} |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for x in inds:
        u = x.ind.unite
        m = MARQUE_INTRANET if x.ind.visibilite == "intranet" else ""
        if x.ind.nature == "qualitatif":  # an appreciation: no figure, it is in the journal
            sans = non_renseigne("Sans objet (indicateur qualitatif, voir le journal)")
            lignes.append(f"| {texte(x.ind.libelle)}{m} | {sans} | {sans} | {sans} | {sans} |")
            continue
        cible = x.ind.cible
        cib = (
            texte(avancement.valeur_unite(cible.valeur, u)) + (f" ({cible.annee})" if cible.annee else "")
            if cible is not None
            else non_renseigne("Aucune cible")
        )
        lignes.append(
            f"| {texte(x.ind.libelle)}{m} | {_valeur_periode(x.valeur, u)} | "
            f"{_valeur_periode(x.precedente, u)} | {cib} | {_taux(x, b.annee)} |"
        )
    lignes.append("")
    for x in inds:
        fig = figures.indicateur(depuis, x, imprimable)
        if fig:
            lignes += [fig]
    return "\n".join(lignes)


def _id(f) -> str:
    return "fiche-" + f.id.replace(".", "-")


def _valeur_periode(v, unite: str) -> str:
    if v is None:
        return non_renseigne("Aucune valeur")
    txt = texte(avancement.valeur_unite(v.valeur, unite))
    if v.periode.precision != "annee":  # a month or a day stands for the year: say which
        txt += f' <span class="stspd-periode">({html(date_partielle(v.periode))})</span>'
    return txt


def _taux(x: bc.IndicateurAnnee, annee: int) -> str:
    """Like the indicator card's (``cartes_indicateurs._taux_html``), for the year's value."""
    libelle = f"Taux de réalisation {annee} : {x.ind.libelle}"
    s = x.synthese
    if x.taux is not None:
        return barre(x.taux * 100, libelle) + (" — cible atteinte" if x.atteinte else "")
    if s.cible is None:
        return non_renseigne("Non calculable (pas de cible)")
    if x.valeur is None:
        return non_renseigne(f"Non calculable (aucune valeur en {annee})")
    if s.initial is not None and s.cible == s.initial.valeur:
        return html(
            "Sans objet (cible égale à la valeur initiale) — " + ("niveau tenu" if x.atteinte else "niveau non tenu")
        )
    return non_renseigne("Non calculable (valeur manquante)")
