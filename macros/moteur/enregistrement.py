"""mkdocs-macros entry point: the macros authors can call in any page.

Thin on purpose: each macro asks the domain modules for its fragment. No MkDocs import
here at module level, so ``python -m macros`` and the tests load the domain without it.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from macros.moteur import etat as adapter
    from macros.rendu import fragments as render

    _sans_trace()

    def _ctx() -> tuple[adapter.Etat, render.Contexte]:
        e = adapter.etat(env.conf)
        return e, adapter.contexte(e, env.page.file.src_uri)

    @env.macro
    def programme_actions(axe: int) -> str:
        """Programme table of one axis, from the fiches' front matter."""
        return render.programme_actions(_ctx()[1], int(axe))

    @env.macro
    def liste_fiches(axe: int) -> str:
        """The fiches of one axis with objective, pilot, deadline and status."""
        return render.liste_fiches(_ctx()[1], int(axe))

    @env.macro
    def glossaire() -> str:
        """The glossary table (data/glossaire.yml)."""
        return render.glossaire(_ctx()[1])

    @env.macro
    def index_comptes_rendus() -> str:
        """Minutes of the CLSPD, by year and instance (only those of the edition)."""
        return render.index_comptes_rendus(_ctx()[1])

    @env.macro
    def signataires_charte() -> str:
        """Signatories of the deontological charter (data/charte-signataires.yml)."""
        return render.signataires_charte(_ctx()[1])

    @env.macro
    def quoi_de_neuf(nombre: int = 5) -> str:
        """The latest dated items of the edition (home page block), with their links."""
        from macros.rendu import actualites

        e, ctx = _ctx()
        return actualites.bloc_accueil(ctx, actualites.lister(e.corpus, e.edition, e.aujourdhui), int(nombre))

    @env.macro
    def calendrier_clspd() -> str:
        """Upcoming CLSPD meetings of the edition and the « s'abonner » link (.ics)."""
        from macros.rendu import calendrier

        e, ctx = _ctx()
        return calendrier.bloc_a_venir(e.corpus, e.edition, e.aujourdhui, ctx.page)

    @env.macro
    def mention_legale(champ: str) -> str:
        """A field of the legal notice (data/commune.yml « mentions_legales »), escaped once;
        « à compléter » while unknown."""
        from macros.rendu import profil

        return profil.mention_legale(_ctx()[0].corpus.commune, str(champ))

    from macros.moteur import indicateurs as macros_indicateurs

    macros_indicateurs.enregistrer(env, _ctx)

    @env.macro
    def chiffres_officiels() -> str:
        """The official crime figures of the commune (data/ssmsi/), with charts and tables."""
        from macros.rendu import ssmsi as ssmsi_rendu

        return ssmsi_rendu.chiffres_officiels(_ctx()[0], env.page.file.src_uri, env.page.url)


def on_pre_page_macros(env: Any) -> None:
    from macros.moteur import compilation
    from macros.moteur import etat as adapter

    e = adapter.etat(env.conf)
    env.markdown = e.edition.preparer_markdown(env.markdown)
    _sans_gabarit(env)
    compilation.garder(env.env, adapter.racine(env.conf))  # the pages' templates kept between builds


def _sans_gabarit(env: Any) -> None:
    """Do not render as a Jinja template a page holding no Jinja syntax at all (no ``{{``,
    ``{%`` or ``{#``): mkdocs-macros would compile it for nothing, a few ms on every page
    (bench/, issue #8). The result is the same text. Marked on mkdocs-macros' copy of the
    page only; a page's own ``render_macros`` is left to decide."""
    copie = env.variables.get("page")
    j2 = getattr(env, "env", None)
    if copie is None or j2 is None or j2.line_statement_prefix or j2.line_comment_prefix:
        return
    meta = getattr(copie, "meta", None) or {}
    if "render_macros" in meta or env.has_j2(env.markdown):
        return
    copie.meta = {**meta, "render_macros": False}


def on_post_page_macros(env: Any) -> None:
    from macros.moteur import etat as adapter
    from macros.rendu import fragments as render
    from macros.rendu.fiche import page_fiche

    e = adapter.etat(env.conf)
    src = env.page.file.src_uri
    ctx = adapter.contexte(e, src)
    md = env.markdown
    fiche = e.fiche_de_page(src)
    if fiche is not None:
        md = page_fiche(ctx, fiche, md, e.edition, e.aujourdhui)
    cr = e.compte_rendu_de_page(src)
    if cr is not None:
        if not any(ligne.startswith("# ") for ligne in md.split("\n")):
            md = f"# {render.texte(render.titre_compte_rendu(cr))}\n\n" + md
        md = _apres_titre(md, render.entete_compte_rendu(ctx, cr))
    md = render.lier_fiches(md, ctx)
    md += "\n\n" + render.abreviations(e.corpus, md) + "\n"
    env.markdown = md


def _apres_titre(markdown: str, bloc: str) -> str:
    """Insert ``bloc`` after the page's first-level title (or at the top)."""
    lignes = markdown.split("\n")
    for i, ligne in enumerate(lignes):
        if ligne.startswith("# "):
            return "\n".join(lignes[: i + 1] + ["", bloc] + lignes[i + 1 :])
    return bloc + "\n" + markdown


def _sans_trace() -> None:
    """mkdocs-macros prints a Python traceback under any macro error. An ``ErreurSite`` is
    the author's mistake, already worded in French: show the message alone, for every macro."""
    import logging

    from macros.moteur import etat as adapter

    log = logging.getLogger("mkdocs.plugins.stspd")
    try:
        from mkdocs_macros.errors import format_error
    except ImportError:  # another engine: nothing to adapt
        return
    if adapter.ErreurSite in format_error.registry:
        return

    @format_error.register(adapter.ErreurSite)
    def _format(error: adapter.ErreurSite, markdown: str, page: Any) -> str:
        # Logged as an error (mkdocs-macros logs its own line as a warning, which
        # `mkdocs build -q` hides): the message shows even in quiet mode, once.
        log.error("%s", error)
        return "Erreur dans une macro : voir le message ci-dessus."
