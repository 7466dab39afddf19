"""The commune profile (``data/commune.yml``) as the site shows it.

- ``reglages``: the configuration values the profile decides for one edition (site name,
  description, copyright, address, palette, logo); ``moteur/hooks.on_config`` writes them
  over mkdocs.yml, whose values are neutral placeholders.
- ``lien_modifier``: the forge's « Modifier cette page » address of a page's source file,
  intranet edition only.
- ``mention_legale``: one field of the legal notice, « à compléter » while unknown.

Escaping, exactly once: Material prints ``config.site_name`` raw in the header and the
navigation, but through ``| e`` in some attributes (and so does overrides/main.html). A
``Markup`` value is escaped once here and left alone by ``| e``, so every route shows it
escaped once. ``site_description`` stays plain text: only overrides/main.html prints it,
through ``| e``. ``copyright`` is ``Markup`` too (overrides/partials/copyright.html).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from macros.domaine.modele import A_COMPLETER, Commune, MentionsLegales
from macros.lecture.erreurs import ErreurSite
from macros.rendu.fragments import texte


def nom_site(commune: Commune, edition: str) -> str:
    """The edition's name as plain text (feeds, files: each escapes in its own format)."""
    return commune.site(edition).nom


def reglages(commune: Commune, edition: str) -> dict[str, Any]:
    """Configuration keys the profile sets for the edition ``edition`` (top-level keys, plus
    ``theme.*`` for the palette and the logo). ``site_url`` only when the address is known."""
    site = commune.site(edition)
    valeurs: dict[str, Any] = {
        "site_name": Markup(escape(site.nom)),
        "site_description": commune.description,
        "copyright": Markup(escape(commune.droits)),
    }
    if site.url:
        # MkDocs validates site_url into a folder address (trailing slash) before on_config.
        valeurs["site_url"] = site.url if site.url.endswith("/") else site.url + "/"
    return valeurs


def appliquer(config: Any, commune: Commune, edition: str) -> None:
    """Write the profile over the configuration ``config`` (MkDocs' config, or a dict)."""
    for cle, valeur in reglages(commune, edition).items():
        config[cle] = valeur
    theme = config["theme"]
    # The colours go into the palette options mkdocs.yml declares (light and dark); a site
    # declaring none keeps Material's default look.
    palette = theme["palette"] if "palette" in theme else None
    for option in [palette] if isinstance(palette, dict) else palette or []:
        option["primary"] = commune.couleurs.primaire
        option["accent"] = commune.couleurs.accent
    if commune.logo is not None:
        theme["logo"] = commune.logo


def lien_modifier(commune: Commune | None, edition: str, source: str | None) -> str | None:
    """Edit address of the project file ``source`` (``fiches/x.md``, ``docs/y.md``) on the
    forge: None in the public edition, without a forge, or for a page with no source file.

    Never called with anything of the public edition's pages: the forge's address (it may
    name an internal host) is not published."""
    if commune is None or edition != "intranet" or commune.forge.modifier is None or not source:
        return None
    return commune.forge.modifier.rstrip("/") + "/" + quote(source, safe="/")


def mention_legale(commune: Commune | None, champ: str) -> str:
    """One field of ``mentions_legales`` for a Markdown page, escaped once; « à compléter »
    while unknown (null, or the words themselves)."""
    if champ not in MentionsLegales.model_fields:
        raise ErreurSite(
            f"mention_legale(« {champ} ») : champ inconnu, un de {', '.join(MentionsLegales.model_fields)}"
        )
    valeur = getattr(commune.mentions_legales, champ) if commune is not None else None
    if valeur is None or valeur.strip().lower() == A_COMPLETER:
        return f"« {A_COMPLETER} »"
    return texte(valeur)
