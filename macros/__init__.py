"""mkdocs-macros entry point: the macros authors can call in any page.

Thin on purpose: each macro asks the domain modules for its fragment. No MkDocs import
here at module level, so ``python -m macros`` and the tests load the domain without it.
"""

from __future__ import annotations

from typing import Any


def define_env(env: Any) -> None:
    from . import adapter, render

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
    def tableau_placeholder(ident: str) -> str:
        return (f'!!! info "Tableau statistique « {ident} »"\n'
                "    Les chiffres de ce tableau seront publiés ici à partir des données du dossier data/.\n")

    from . import macros_indicateurs

    macros_indicateurs.enregistrer(env, _ctx)


def on_pre_page_macros(env: Any) -> None:
    from . import adapter

    e = adapter.etat(env.conf)
    env.markdown = e.edition.preparer_markdown(env.markdown)


def on_post_page_macros(env: Any) -> None:
    from . import adapter, render

    e = adapter.etat(env.conf)
    src = env.page.file.src_uri
    ctx = adapter.contexte(e, src)
    md = env.markdown
    fiche = next((f for f in e.corpus.fiches if render.src_fiche(f) == src), None)
    if fiche is not None:
        md = (f"# Fiche {fiche.id} : {render.texte(fiche.titre)}\n\n"
              + render.entete_fiche(ctx, fiche) + "\n"
              + render.inserer_echeance(md, fiche))
    md = render.lier_fiches(md, ctx)
    md += "\n\n" + render.abreviations(e.corpus) + "\n"
    env.markdown = md
