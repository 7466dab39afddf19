"""HTML and Markdown fragments shown on the pages: fiche header card, programme tables,
lists of fiches, glossary, fiche cross-references. No MkDocs here: paths are the source
paths of pages (``fiches/1.07-videosurveillance.md``) and links are relative Markdown
links that MkDocs resolves and checks (``--strict``).

Every value that comes from YAML goes through ``texte`` (HTML-escaped with MarkupSafe and
Markdown-escaped), so a field holding ``<script>`` shows as text and never runs.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from macros.domaine import fr
from macros.domaine.corpus import Corpus, src_fiche  # src_fiche: fragments.src_fiche for the pages
from macros.domaine.modele import STATUTS, Acteur, CompteRendu, Echeance, Fiche
from macros.rendu.echappement import html
from macros.rendu.echappement import texte as texte  # re-exported: the pages' Markdown escaping


def lien(depuis: str, vers: str) -> str:
    """Relative path from the page ``depuis`` to the page ``vers`` (both source paths)."""
    return posixpath.relpath(vers, posixpath.dirname(depuis) or ".")


def url_site(src: str, dossiers: bool = True) -> str:
    """Site path of a page: ``fiches/x.md`` → ``fiches/x/``, ``index.md`` → ``""``."""
    base = src.removesuffix(".md")
    if base == "index" or base.endswith("/index"):
        return base.removesuffix("index")
    return base + "/" if dossiers else base + ".html"


def relatif(depuis: str, cible: str) -> str:
    """Link from the site folder ``depuis`` (``quoi-de-neuf/``) to the site path ``cible``,
    keeping a folder's trailing slash (``posixpath.relpath`` drops it)."""
    chemin = posixpath.relpath(cible or ".", depuis.rstrip("/") or ".")
    if cible.endswith("/") or not cible:
        chemin = chemin.rstrip("/") + "/"
    return "./" if chemin == "./" else chemin.removeprefix("./")


def lien_fichier(page: str, fichier: str) -> str:
    """Raw-HTML link from the page ``page`` (source path) to a site file (feed, calendar):
    MkDocs rewrites Markdown links, not ``<a href>``, so the page's URL folder counts."""
    return relatif(url_site(page), fichier)


# --- on the site ---------------------------------------------------------------------------


def src_acteur(ident: str) -> str:
    return f"acteurs/{ident}.md"


def nom_acteur(acteur: Acteur) -> str:
    return f"{acteur.nom} ({acteur.sigle})" if acteur.sigle and acteur.sigle not in acteur.nom else acteur.nom


# --- échéance --------------------------------------------------------------------------


def echeance_section(e: Echeance) -> str:
    """The « Échéance » section of a fiche: the document's wording, or the short form."""
    if e.libelle:  # paragraphs of the document's wording, each escaped
        return "\n\n".join(texte(p.strip()) for p in re.split(r"\n\s*\n", e.libelle.strip()) if p.strip())
    return texte(e.courte)


# --- fiche header ----------------------------------------------------------------------


class Contexte:
    """What a renderer needs to know about the page and the edition it renders for."""

    def __init__(self, corpus: Corpus, page: str, publie: Callable[[str], bool]):
        self.corpus = corpus
        self.page = page  # source path of the page being rendered
        self.publie = publie  # is this source path part of the edition?

    def lien_page(self, libelle: str, vers: str, titre: str | None = None) -> str:
        """A Markdown link, or the plain (escaped) label when the target is not published."""
        if not self.publie(vers):
            return libelle
        t = f' "{texte(titre).replace(chr(34), "&quot;")}"' if titre else ""  # inside "…"
        return f"[{libelle}]({lien(self.page, vers)}{t})"

    def acteurs(self, ids: Iterable[str]) -> str:
        return fr.liste([self.lien_page(texte(nom_acteur(self.corpus.acteurs[i])), src_acteur(i)) for i in ids])

    def fiche(self, f: Fiche, avec_titre: bool = True) -> str:
        libelle = texte(f"Fiche {f.id} : {f.titre}" if avec_titre else f"Fiche {f.id}")
        return self.lien_page(libelle, src_fiche(f))


def badge_statut(statut: str) -> str:
    return f'<span class="stspd-statut stspd-statut--{statut}">{html(STATUTS[statut].libelle)}</span>'


def entete_fiche(ctx: Contexte, f: Fiche, extra: str = "") -> str:
    """The header card at the top of a fiche page (Markdown with def_list, inside a div)."""
    axe = ctx.corpus.axes[f.axe]
    lignes = [
        '<div class="stspd-fiche-entete" markdown>',
        "",
        "Axe",
        f":   {ctx.lien_page(texte(f'Axe {axe.numero} : {axe.titre}'), axe.page)}",
        "",
        "Pilote" + ("s" if len(f.pilote) > 1 else ""),
        f":   {ctx.acteurs(f.pilote)}",
        "",
        "Partenaires",
        f":   {ctx.acteurs(f.partenaires) if f.partenaires else 'Aucun partenaire désigné'}",
        "",
        "Échéance",
        f":   {texte(f.echeance.courte)}",
        "",
        "Statut",
        f":   {badge_statut(f.statut)}",
        "",
    ]
    if extra:
        lignes += [extra, ""]
    lignes += ["</div>", ""]
    if f.titre_programme:
        lignes += [
            '!!! note "Note de la rédaction"',
            f"    Dans le tableau du programme d'actions, cette fiche s'intitule « {texte(f.titre_programme)} ».",
            "",
        ]
    return "\n".join(lignes)


def inserer_echeance(corps: str, f: Fiche) -> str:
    """Insert the « Échéance » section where the document has it: before « Évaluation »."""
    section = f"## Échéance\n\n{echeance_section(f.echeance)}\n\n"
    m = re.search(r"^## +[ÉE]valuation\b", corps, flags=re.M)
    if m:
        return corps[: m.start()] + section + corps[m.start() :]
    return corps.rstrip() + "\n\n" + section


# --- cross-references ------------------------------------------------------------------

_ID = r"\d{1,2}\.\d{1,2}"
_REF = re.compile(
    rf"\b(?P<mot>[Ff]iches?)(?P<sp>\s+|\s*:\s*)(?P<ids>{_ID}(?:\s*(?:,|et|à|–|-|ou)\s*{_ID})*)(?![\d.]*\d)"
)
_LIEN_MD = re.compile(r"\[[^\]]*\]\([^)]*\)")


def lier_fiches(markdown: str, ctx: Contexte) -> str:
    """Link « fiche 2.1 », « fiches 2.2 et 2.3 », « fiche 3.3 – 3.4 » to the fiche pages.

    Headings, code blocks, existing links and HTML lines are left alone; a reference to a
    fiche outside the edition stays plain text.
    """
    if "iche" not in markdown:  # no « fiche » nor « Fiche »: nothing to link (most pages)
        return markdown
    out: list[str] = []
    en_code = False
    for ligne in markdown.split("\n"):
        brut = ligne.lstrip()
        if brut.startswith(("```", "~~~")):
            en_code = not en_code
        if en_code or "iche" not in ligne or brut.startswith(("#", "<", "    <")):
            out.append(ligne)
            continue
        out.append(_lier_ligne(ligne, ctx))
    return "\n".join(out)


def _lier_ligne(ligne: str, ctx: Contexte) -> str:
    # Keep existing links untouched: split around them.
    morceaux, pos = [], 0
    for m in _LIEN_MD.finditer(ligne):
        morceaux.append(_REF.sub(lambda r: _remplacer(r, ctx), ligne[pos : m.start()]))
        morceaux.append(m.group(0))
        pos = m.end()
    morceaux.append(_REF.sub(lambda r: _remplacer(r, ctx), ligne[pos:]))
    return "".join(morceaux)


def _remplacer(m: re.Match, ctx: Contexte) -> str:
    ids = re.findall(_ID, m["ids"])
    fiches = [ctx.corpus.fiche(i) for i in ids]
    if len(ids) == 1:
        f = fiches[0]
        if f is None or src_fiche(f) == ctx.page:
            return m.group(0)
        return ctx.lien_page(m.group(0), src_fiche(f), f"Fiche {f.id} : {f.titre}")

    def un(mm: re.Match) -> str:
        f = ctx.corpus.fiche(mm.group(0))
        if f is None or src_fiche(f) == ctx.page:
            return mm.group(0)
        return ctx.lien_page(mm.group(0), src_fiche(f), f"Fiche {f.id} : {f.titre}")

    return m["mot"] + m["sp"] + re.sub(_ID, un, m["ids"])


# --- tables and lists ------------------------------------------------------------------


def programme_actions(ctx: Contexte, axe: int) -> str:
    """The programme table of one axis, generated from the fiches' front matter."""
    lignes = [
        "| Action | Objectif | Pilote | Échéance |",
        "| --- | --- | --- | --- |",
    ]
    for f in ctx.corpus.fiches_axe(axe):
        if not ctx.publie(src_fiche(f)):
            continue
        titre = f.titre_programme or f.titre
        action = ctx.lien_page(texte(f"Fiche {f.id} : {titre}"), src_fiche(f))
        lignes.append(f"| {action} | {texte(f.objectif)} | {ctx.acteurs(f.pilote)} | {texte(f.echeance.courte)} |")
    return "\n".join(lignes) + "\n"


def liste_fiches(ctx: Contexte, axe: int) -> str:
    """The fiches of one axis, each with its objective, pilot and deadline."""
    blocs = []
    for f in ctx.corpus.fiches_axe(axe):
        if not ctx.publie(src_fiche(f)):
            continue
        blocs.append(
            f"### {ctx.fiche(f)}\n\n{texte(f.objectif)}\n\n"
            f"Pilote : {ctx.acteurs(f.pilote)} · Échéance : {texte(f.echeance.courte)} · "
            f"Statut : {badge_statut(f.statut)}\n"
        )
    return "\n".join(blocs)


def glossaire(ctx: Contexte) -> str:
    lignes = ["| Sigle | Signification |", "| --- | --- |"]
    for sigle in sorted(ctx.corpus.glossaire, key=str.casefold):
        lignes.append(f"| **{texte(sigle)}** | {texte(ctx.corpus.glossaire[sigle])} |")
    return "\n".join(lignes) + "\n"


def abreviations(corpus: Corpus, page: str | None = None) -> str:
    """Definitions for the ``abbr`` extension, appended to every page: tooltips everywhere.

    With ``page`` (the page's Markdown), only the acronyms that occur in it. The HTML is the
    same (a definition whose acronym is absent from the page changes nothing), but the build
    is much faster: Python-Markdown re-tests the rest of the definition block for every
    definition line, quadratic in its length — 88 definitions cost ~30 ms on every page
    (bench/, issue #8).
    """
    glossaire = _Glossaire.de(tuple(corpus.glossaire.items()))
    presents = None if page is None else glossaire.presents(page)
    return "\n".join(ligne for sigle, ligne in glossaire.definitions if presents is None or sigle in presents)


@dataclass(frozen=True)
class _Glossaire:
    """Each acronym the ``abbr`` extension can take, with its definition line, and how to find
    which occur in a page: made once per glossary, not on every page."""

    definitions: tuple[tuple[str, str], ...]
    motif: re.Pattern[str] | None  # every acronym, the longest first
    contenus: dict[str, frozenset[str]]  # acronym → the acronyms it contains (itself included)

    @staticmethod
    @functools.lru_cache(maxsize=8)
    def de(glossaire: tuple[tuple[str, str], ...]) -> _Glossaire:
        definitions = tuple(
            (sigle, f"*[{sigle}]: {html(definition)}")
            for sigle, definition in glossaire
            if re.fullmatch(r"[\w'’.-]+", sigle)
        )
        sigles = sorted({s for s, _ in definitions}, key=len, reverse=True)
        motif = re.compile("|".join(map(re.escape, sigles))) if sigles else None
        return _Glossaire(definitions, motif, {g: frozenset(s for s in sigles if s in g) for g in sigles})

    def presents(self, page: str) -> frozenset[str]:
        """The acronyms that occur in ``page`` (as ``sigle in page`` says, overlaps included),
        in one scan: at each position where one starts, the longest one that starts there,
        and every acronym it contains; then on from the next position."""
        trouves: set[str] = set()
        pos = 0
        while self.motif is not None and (m := self.motif.search(page, pos)) is not None:
            trouves |= self.contenus[m.group()]
            pos = m.start() + 1
        return frozenset(trouves)


def comptes_rendus_fiche(ctx: Contexte, f: Fiche) -> str:
    """« Comptes rendus » section of a fiche: the minutes of the edition that concern it."""
    lies = [cr for cr in ctx.corpus.comptes_rendus_de(f.id) if ctx.publie(cr.source.removeprefix("docs/"))]
    if not lies:
        return ""
    lignes = ["## Comptes rendus du CLSPD", ""]
    for cr in lies:
        libelle = texte(f"{fr.date(cr.date)} – {cr.libelle_instance}" + (f" : {cr.titre}" if cr.titre else ""))
        lignes.append(f"- {ctx.lien_page(libelle, cr.source.removeprefix('docs/'))}")
    return "\n".join(lignes) + "\n"


def index_comptes_rendus(ctx: Contexte) -> str:
    """Minutes of the edition, by year (newest first) then instance."""
    from macros.domaine.modele import INSTANCES

    publies = [cr for cr in ctx.corpus.comptes_rendus if ctx.publie(cr.source.removeprefix("docs/"))]
    if not publies:
        return "Aucun compte rendu publié pour le moment.\n"
    lignes: list[str] = []
    for annee in sorted({cr.date.year for cr in publies}, reverse=True):
        lignes += [f"## {annee}", ""]
        for instance in INSTANCES:
            du_groupe = [cr for cr in publies if cr.date.year == annee and cr.instance == instance]
            if not du_groupe:
                continue
            lignes += [f"### {texte(INSTANCES[instance][0])}", ""]
            for cr in du_groupe:
                libelle = texte(fr.date(cr.date) + (f" – {cr.titre}" if cr.titre else ""))
                fiches = [ctx.corpus.fiche(i) for i in cr.fiches]
                liens = ", ".join(ctx.fiche(f, avec_titre=False) for f in fiches if f and ctx.publie(src_fiche(f)))
                suite = f" (fiches concernées : {liens})" if liens else ""
                lignes.append(f"- {ctx.lien_page(libelle, cr.source.removeprefix('docs/'))}{suite}")
            lignes.append("")
    return "\n".join(lignes)


def titre_compte_rendu(cr: CompteRendu) -> str:
    """« Cellule de veille du 15 janvier 2019 » (used when the minute has no title line)."""
    return f"{cr.libelle_instance} du {fr.date(cr.date)}"


def entete_compte_rendu(ctx: Contexte, cr: CompteRendu) -> str:
    """Header card of a minute: date, instance, participants, agenda, decisions, fiches."""
    lignes = [
        '<div class="stspd-fiche-entete" markdown>',
        "",
        "Date",
        f":   {texte(fr.date(cr.date))}",
        "",
        "Instance",
        f":   {texte(cr.libelle_instance)}",
        "",
    ]
    if cr.participants:
        lignes += ["Participants", f":   {ctx.acteurs(cr.participants)}", ""]
    trouvees = [ctx.corpus.fiche(i) for i in cr.fiches]
    fiches = [f for f in trouvees if f is not None and ctx.publie(src_fiche(f))]
    if fiches:
        lignes += ["Fiches concernées", ":   " + ", ".join(ctx.fiche(f) for f in fiches), ""]
    lignes += ["</div>", ""]
    for titre, items in (("Ordre du jour", cr.ordre_du_jour), ("Décisions", cr.decisions)):
        if items:
            lignes += [f"## {titre}", ""] + [f"- {texte(i)}" for i in items] + [""]
    return "\n".join(lignes)


def signataires_charte(ctx: Contexte) -> str:
    if not ctx.corpus.charte:
        return (
            "La charte n'a pas encore de signataire enregistré. Les organisations signataires et les "
            "dates de signature seront publiées ici dès leur saisie dans `data/charte-signataires.yml`.\n"
        )
    lignes = ["| Organisation | Signataire | Date de signature |", "| --- | --- | --- |"]
    for s in ctx.corpus.charte:
        lignes.append(f"| {ctx.acteurs([s.acteur])} | {texte(s.signataire)} | {texte(fr.date(s.date))} |")
    return "\n".join(lignes) + "\n"
