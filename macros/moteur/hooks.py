"""MkDocs events: fiches/ as pages, the edition applied, sources validated.

Loaded by ``hooks:`` in mkdocs.yml. Every user error becomes a ``PluginError`` with a
French message: MkDocs prints it and exits non-zero, without a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

# ruff: noqa: E402 (the imports follow the sys.path line below)
# MkDocs loads this file by path; make the project's `macros` package importable.
_RACINE = str(Path(__file__).resolve().parents[2])
if _RACINE not in sys.path:
    sys.path.insert(0, _RACINE)

from markupsafe import escape

from macros.domaine import editions, fr, securite
from macros.export import csv as donnees_csv
from macros.export import flux, generes
from macros.lecture import historique
from macros.moteur import etat as adapter
from macros.moteur.noyau import File, Files, PluginError  # MkDocs or ProperDocs
from macros.rendu import navigation, profil, recherche


def _etat(config):
    try:
        return adapter.etat(config)
    except adapter.ErreurSite as exc:
        raise PluginError(str(exc)) from None


def on_config(config):
    e = _etat(config)
    if e.corpus.commune is not None:  # the profile wins over mkdocs.yml's placeholders
        profil.appliquer(config, e.corpus.commune, e.edition.nom)
    config["extra"]["csp"] = securite.politique(meta=True)  # <meta http-equiv> of every page
    config["nav"] = navigation.construire(config.get("nav"), e.corpus, e.edition)
    # Computed with the corpus by `python -m macros site` (export/generes.py), else here.
    g = e.generes if e.generes is not None else generes.preparer(e.corpus, e.edition, e.aujourdhui)
    e.pages_generees = dict(g.pages)
    e.ressources.update(g.ressources)
    e.ressources.update(_recherche(config))
    e.dates_git = historique.dates(adapter.racine(config))  # one `git log` per build
    nom = profil.nom_site(e.corpus.commune, e.edition.nom) if e.corpus.commune else config["site_name"]
    flux.publier(e, nom, config.get("site_url"), config["use_directory_urls"])
    return config


def _recherche(config) -> dict[str, bytes]:
    try:
        return recherche.ressources(config["theme"].dirs)
    except recherche.ErreurRecherche as exc:
        raise PluginError(str(exc)) from None


def on_files(files: Files, config) -> Files:
    e = _etat(config)
    racine = adapter.racine(config)
    for f in e.corpus.fiches:
        src = f"fiches/{f.slug}.md"
        if e.edition.publie(src):
            files.append(File.generated(config, src, abs_src_path=str(racine / f.source)))
    for src, contenu in e.pages_generees.items():
        files.append(File.generated(config, src, content=contenu))
    if e.edition.est_publique:
        for fichier in list(files):
            if not e.edition.publie(fichier.src_uri):
                # Removed, not just excluded: never rendered, copied, indexed or in the sitemap.
                files.remove(fichier)
    return files


def on_page_markdown(markdown, page, config, files):
    # Runs after mkdocs-macros (hooks come after plugins): last pass on every page.
    e = _etat(config)
    titre = page.meta.get("title")
    if isinstance(titre, str):
        # MkDocs uses a front-matter title as the page's title, which Material prints raw
        # (navigation, header, footer): escaped once here, like every title (navigation.py).
        page.meta["title"] = str(escape(titre))
        page.title = page.meta["title"]
    # « Modifier cette page » (overrides/partials/actions.html): the page's own source file,
    # intranet only. MkDocs' edit_uri is left unset, so the public edition has no edit_url.
    page.edit_url = profil.lien_modifier(e.corpus.commune, e.edition.nom, e.source_de_page(page.file.src_uri))
    date = e.derniere_modification(page.file.src_uri)
    if date is not None:  # shown under the page by overrides/main.html
        page.meta["derniere_modification"] = fr.date(date)
    return adapter.delier_non_publie(markdown, e, page.file.src_uri)


def on_post_page(output, page, config):
    # A last look at every page as the browser will read it (macros/securite.py).
    probleme = securite.markup_executable(output)
    if probleme:
        raise PluginError(
            f"{page.file.src_uri} : la page contient {probleme}, interdit par la politique de "
            "sécurité du contenu (CSP). Placez le code JavaScript dans un fichier de docs/assets/ "
            "déclaré dans extra_javascript."
        )
    e = _etat(config)
    if e.edition.est_publique:
        classe = editions.classes_intranet(output)
        if classe:  # fail closed: an intranet block the Markdown pass did not recognise
            raise PluginError(
                f"{page.file.src_uri} : un bloc marqué intranet ({classe}) est resté dans l'édition "
                'publique. Écrivez-le « !!! intranet "Titre" » en début de ligne, corps indenté, '
                "hors d'une citation ou d'une liste."
            )
    return output


def on_post_build(config):
    e = _etat(config)
    robots = Path(config["site_dir"]) / "robots.txt"
    robots.write_text(securite.ROBOTS[e.edition.nom], encoding="utf-8")
    for chemin, contenu in e.ressources.items():
        cible = Path(config["site_dir"]) / chemin
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_bytes(donnees_csv.octets(contenu))
