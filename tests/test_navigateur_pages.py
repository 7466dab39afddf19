"""The public site in a real browser, page by page: the dark theme checked by axe-core, a
keyboard-only reader, the scripts moved out of the pages (theme switch, sortable tables)
under the CSP, the request and CSP logs shown to be real, phone-sized pages, the printable
strategy, the footer, the accessibility statement and legal notice, sharing.

The seeded build of both editions (``conftest.sites_semes``), served on 127.0.0.1; one Debian
Chromium for the session (``navigateur_plugin``). Screenshots go to
$STSPD_SORTIE_NAVIGATEUR (a temporary folder otherwise; its path is printed).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import urljoin, urlsplit

import pytest
from navigateur_util import (
    UTILISER,
    JournalCsp,
    JournalReseau,
    chemin_site,
    existe,
    index_leger,
    pages_du_site,
    serveur,
)
from semis import TEMOINS

pytest_plugins = ["navigateur_plugin"]
pytestmark = pytest.mark.lent  # the seeded build; tests that start Chromium are also `navigateur`


PAGES_TELEPHONE = {"accueil": "", "fiche": "fiches/1.07-videosurveillance/", "tableau-de-bord": "suivi/"}
TELEPHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


# One page of each kind in the dark palette. Not the print page: it is made of the fiche and
# strategy pages' own content (checked here and in the light crawl), and axe takes longer on
# it than on all the others together.
PAGES_SOMBRES = ["", "fiches/1.07-videosurveillance/", "suivi/", "strategie/bilan/", "accessibilite/"]


def test_axe_dark_theme_sample(chromium, urls, sites):
    """Readers whose system asks for a dark theme get Material's « slate » palette: a sample
    of page kinds checked in it too (colours are where the two palettes differ)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    ctx = chromium.contexte(JournalReseau(), color_scheme="dark")
    index_leger(ctx, sites["public"])
    page = ctx.new_page()
    graves = []
    for chemin in PAGES_SOMBRES:
        assert existe(sites["public"], chemin), chemin
        page.goto(urls["public"] + chemin)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        graves += [
            f"{chemin or '/'} : {v['id']} ({v['impact']}) {v['help']}"
            for v in axe.run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
    ctx.close()
    assert not graves, "\n".join(graves)


def test_keyboard_only_reader(chromium, urls):
    """Tab from the top of a fiche: the skip link comes first, and every stop is visible;
    then a search done with the keyboard alone leads to the fiche."""
    ctx = chromium.contexte(JournalReseau())
    page = ctx.new_page()
    page.goto(urls["public"] + "fiches/1.07-videosurveillance/")
    ARRET = """() => { const e = document.activeElement; const r = e.getBoundingClientRect();
        // Material's theme switch: a hidden radio button whose next label shows the focus.
        const l = e.nextElementSibling && e.nextElementSibling.tagName === 'LABEL' ? e.nextElementSibling : null;
        const rl = l ? l.getBoundingClientRect() : null;
        return {quoi: e.tagName + '.' + e.className + ' ' + (e.textContent || '').trim().slice(0, 40),
                visible: r.width * r.height > 0 || (rl !== null && rl.width * rl.height > 0)}; }"""
    page.keyboard.press("Tab")
    premier = page.evaluate(ARRET)
    assert "md-skip" in premier["quoi"], f"premier arrêt de tabulation : {premier}"
    invisibles = []
    for _ in range(40):
        page.keyboard.press("Tab")
        arret = page.evaluate(ARRET)
        if not arret["visible"]:
            invisibles.append(arret["quoi"])
    assert not invisibles, f"arrêts de tabulation invisibles : {invisibles}"

    page.goto(urls["public"])
    page.keyboard.press("Tab")
    for _ in range(10):
        if page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("champ de recherche inaccessible au clavier")
    page.keyboard.type("cambriolages", delay=15)
    page.wait_for_selector(".md-search-result__item")
    for _ in range(10):
        page.keyboard.press("ArrowDown")
        if "1.11-protection-biens-habitants" in (page.evaluate("document.activeElement.href") or ""):
            break
    else:
        raise AssertionError("fiche 1.11 non atteinte avec les flèches")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/fiches/1.11-protection-biens-habitants/" in page.url
    ctx.close()


def test_csp_log_sees_a_violation(chromium, tmp_path):
    """The CSP log is real: a page with an inline script under the same policy is caught."""
    from macros.domaine import securite

    (tmp_path / "index.html").write_text(
        '<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="'
        + securite.politique(meta=True)
        + '"></head><body><script>document.title = "x"</script>'
        '<p style="color: red">Texte</p></body></html>',
        encoding="utf-8",
    )
    csp = JournalCsp()
    with serveur(tmp_path) as base:
        ctx = chromium.contexte(JournalReseau())
        page = ctx.new_page()
        csp.brancher(page)
        page.goto(base)
        page.wait_for_timeout(100)
        titre = page.title()
        ctx.close()
    assert titre == "" and csp.violations, csp.violations
    # Reported once per policy (the server's header and the page's meta), for the script
    # only: the style attribute is allowed (style-src-attr).
    assert all("inline script" in m for _, m in csp.violations), csp.violations


def test_theme_switch_persists_and_tables_sort_and_scroll_under_csp(chromium, urls, sites):
    """The scripts moved out of the pages still work: the theme chosen on one page is kept on
    the next (Material's storage scope, docs/assets/material-base.js), the dashboard sorts,
    and a wide table is a keyboard-reachable scroll region (defilement.js)."""
    csp = JournalCsp()
    ctx = chromium.contexte(JournalReseau(), color_scheme="light", viewport={"width": 390, "height": 844})
    index_leger(ctx, sites["public"])
    page = ctx.new_page()
    csp.brancher(page)
    page.goto(urls["public"])
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "default"
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    page.wait_for_timeout(100)
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    page.goto(urls["public"] + "suivi/")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    # Dashboard: the first column's sort button orders the rows, a second click reverses.
    th = page.locator("[data-stspd-tableau] table thead th").first
    th.locator("button").click()
    assert th.get_attribute("aria-sort") == "ascending"
    premiers = page.locator("[data-stspd-tableau] table tbody tr td:first-child").all_inner_texts()
    numeros = [tuple(int(x) for x in p.strip().split(".")) for p in premiers]
    assert numeros == sorted(numeros) and (1, 10) in numeros  # 1.10 after 1.9, not after 1.1
    th.locator("button").click()
    assert th.get_attribute("aria-sort") == "descending"
    inverses = page.locator("[data-stspd-tableau] table tbody tr td:first-child").all_inner_texts()
    assert inverses == list(reversed(premiers))
    # On a phone the dashboard table is wider than the screen: a named, focusable region.
    zone = page.locator(".md-typeset__scrollwrap[tabindex='0']").first
    assert zone.get_attribute("role") == "region" and zone.get_attribute("aria-label")
    ctx.close()
    assert not csp.violations, csp.violations


def test_network_log_sees_foreign_requests_of_pages_and_workers(chromium, urls):
    """The log above would see a leak: a page and a worker each asking another host. The
    site's CSP would block both requests before they are made, so this check of the log
    itself runs with the CSP bypassed."""
    journal = JournalReseau()
    ctx = chromium.contexte(journal, bypass_csp=True)
    page = ctx.new_page()
    page.goto(urls["public"])
    page.evaluate("""async () => {
        const img = new Image(); img.src = 'http://exemple.invalid/pixel.png';
        const code = "fetch('http://exemple-worker.invalid/x').catch(() => null).then(() => postMessage(1))";
        const w = new Worker(URL.createObjectURL(new Blob([code], {type: 'text/javascript'})));
        await new Promise(r => { w.onmessage = r; setTimeout(r, 3000); });
    }""")
    page.wait_for_timeout(200)
    ctx.close()
    hotes = {urlsplit(u).hostname for _, u in journal.exterieures}
    assert {"exemple.invalid", "exemple-worker.invalid"} <= hotes, journal.exterieures


_RESSOURCE_EXTERNE = re.compile(
    r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*?"
    r"\s(?:src|href|data|srcset|poster)=[\"']?(?:https?:)?//",
    re.I,
)
_CSS_EXTERNE = re.compile(r"(?:url\(\s*[\"']?|@import\s+[\"']?)(?:https?:)?//", re.I)


@pytest.mark.parametrize("edition", ["public", "intranet"])
def test_no_file_refers_to_a_resource_on_another_host(sites, edition):
    """The same promise read in the files: no tag or style loads anything from elsewhere,
    and no Mermaid block (Material would fetch Mermaid from a CDN)."""
    fautes = []
    for chemin in sorted(sites[edition].rglob("*")):
        if chemin.suffix not in (".html", ".css"):
            continue
        texte = chemin.read_text(encoding="utf-8", errors="replace")
        motif = _RESSOURCE_EXTERNE if chemin.suffix == ".html" else _CSS_EXTERNE
        for m in motif.finditer(texte):
            fautes.append(f"{chemin.relative_to(sites[edition])}: {texte[m.start() : m.end() + 60]}")
        if chemin.suffix == ".html" and 'class="mermaid"' in texte:
            fautes.append(f"{chemin.relative_to(sites[edition])}: bloc Mermaid (chargé depuis un CDN)")
    assert not fautes, "\n".join(fautes[:20])


# --- 4. phone-sized pages ------------------------------------------------------------------


@pytest.mark.parametrize("nom", list(PAGES_TELEPHONE))
def test_phone_screenshot(chromium, urls, sites, sortie, nom):
    chemin = PAGES_TELEPHONE[nom]
    assert existe(sites["public"], chemin), f"page {chemin or '/'} absente de l'édition publique"
    journal = JournalReseau()
    ctx = chromium.contexte(journal, **TELEPHONE)
    index_leger(ctx, sites["public"])
    page = ctx.new_page()
    page.goto(urls["public"] + chemin)
    page.wait_for_load_state("networkidle")
    # The seeded build appends an escaping payload to the profile's site name (conftest,
    # echappement_util): the header is measured with the real name, the text before it.
    nom_reel = page.evaluate("""() => {
      const titre = document.querySelector('.md-header__topic .md-ellipsis');
      const i = titre.textContent.indexOf('<script>');
      if (i >= 0) titre.textContent = titre.textContent.slice(0, i).trim();
      return titre.textContent.trim();
    }""")
    assert nom_reel and "alerte(" not in nom_reel, nom_reel
    page.screenshot(path=str(sortie / f"telephone-{nom}.png"))
    # The whole page, for a reader of the test output only (nothing asserts on it): JPEG,
    # which Chromium encodes in a third of the time of a PNG this tall (2.8 s → 1.1 s).
    page.screenshot(path=str(sortie / f"telephone-{nom}-complet.jpg"), full_page=True, type="jpeg", quality=85)
    mesures = page.evaluate("""() => {
      const titre = document.querySelector('.md-header__topic .md-ellipsis');
      const liens = [...document.querySelectorAll('.md-copyright a')].map(a => a.getBoundingClientRect().height);
      const entete = document.querySelector('.stspd-fiche-entete dd');
      const h1 = document.querySelector('article h1');
      const texte_h1 = document.createRange();
      texte_h1.selectNodeContents(h1.firstChild);
      return {
        blanc_sous_titre: h1.getBoundingClientRect().height - texte_h1.getBoundingClientRect().height,
        debordement: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        titre_coupe: titre.scrollHeight > titre.clientHeight + 1 || titre.scrollWidth > titre.clientWidth + 1,
        liens_pied: liens,
        retrait_entete: entete ? parseFloat(getComputedStyle(entete).marginLeft) : 0,
        taille_texte: parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize),
      };
    }""")
    # Wide tables scroll sideways on a phone: axe at this size, data tables opened.
    from axe_playwright_python.sync_playwright import Axe

    page.evaluate(UTILISER)
    graves = [
        f"{v['id']} ({v['impact']}) {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    ctx.close()
    print(f"\ncapture : {sortie / f'telephone-{nom}.png'}")
    assert mesures["debordement"] <= 0, f"la page déborde de {mesures['debordement']} px en largeur"
    assert not mesures["titre_coupe"], "le nom du site est coupé dans l'en-tête"
    assert len(mesures["liens_pied"]) >= 3 and min(mesures["liens_pied"]) >= 24, (
        f"liens du pied de page trop petits pour un doigt : {mesures['liens_pied']}"
    )
    assert mesures["retrait_entete"] == 0, "l'en-tête de fiche perd de la largeur en retrait"
    assert mesures["taille_texte"] >= 14, mesures
    assert mesures["blanc_sous_titre"] < 10, f"ligne vide de {mesures['blanc_sous_titre']} px dans le titre"
    assert not graves, "axe-core sur téléphone :\n" + "\n".join(graves)
    assert not journal.exterieures, journal.exterieures


# --- 5. the printable strategy --------------------------------------------------------------


_EN_LIGNE = r"</?(?:a|abbr|b|code|em|i|kbd|small|span|strong|sub|sup)\b[^>]*>"


def _texte_visible(fragment: str) -> str:
    """The text a reader sees: inline tags vanish, other tags separate words."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    fragment = re.sub(_EN_LIGNE, "", fragment)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def _article(page_html: str) -> str:
    debut = page_html.index("<article")
    return page_html[debut : page_html.index("</article>", debut)]


def _paragraphes(page_html: str, avant: str | None = None) -> list[str]:
    """Visible text of each paragraph of a page's article (up to the element ``avant``)."""
    article = _article(page_html)
    if avant and avant in article:
        article = article[: article.index(avant)]
    article = re.sub(r'<div class="stspd-fiche-entete".*?</div>', " ", article, flags=re.S)
    return [t for t in (_texte_visible(p) for p in re.findall(r"<p>(.*?)</p>", article, flags=re.S)) if len(t) > 30]


@pytest.fixture(scope="module")
def impression(sites) -> dict[str, str]:
    out = {}
    for edition, site in sites.items():
        chemin = site / "imprimer/index.html"
        assert chemin.is_file(), f"pas de version imprimable dans l'édition {edition}"
        out[edition] = chemin.read_text(encoding="utf-8")
    return out


def test_print_page_holds_every_public_fiche_in_full(impression, sites, fiches_publiques):
    texte = _texte_visible(_article(impression["public"]))
    manquants = []
    assert len(fiches_publiques) >= 20
    for f in fiches_publiques:
        assert f'id="fiche-{f.id.replace(".", "-")}"' in impression["public"], f"fiche {f.id} absente"
        page = (sites["public"] / f"fiches/{f.slug}/index.html").read_text(encoding="utf-8")
        # The fiche page goes on with monitoring (journal, indicators, minutes): not the strategy.
        paragraphes = _paragraphes(page, avant='id="suivi-avancement"')
        assert paragraphes, f"fiche {f.id} sans texte ?"
        manquants += [f"fiche {f.id} : {p[:80]}…" for p in paragraphes if p not in texte]
    assert not manquants, "paragraphes absents de la version imprimable :\n" + "\n".join(manquants[:20])


def test_print_page_holds_every_strategy_page_and_axis(impression, sites, corpus):
    texte = _texte_visible(_article(impression["public"]))
    pages = [
        p for p in corpus.pages if p.startswith(("strategie/", "axes/")) and corpus.pages[p].visibilite == "public"
    ]
    assert len(pages) >= 10, pages
    manquants = []
    for src in pages:
        page = (sites["public"] / src.removesuffix(".md") / "index.html").read_text(encoding="utf-8")
        titre = _texte_visible(re.search(r"<h1[^>]*>(.*?)</h1>", page, flags=re.S)[1]).rstrip("¶ ")
        if titre not in texte:
            manquants.append(f"{src} : titre « {titre} »")
        manquants += [f"{src} : {p[:80]}…" for p in _paragraphes(page) if p not in texte]
    assert not manquants, "absent de la version imprimable :\n" + "\n".join(manquants[:20])
    # In the document's order: introduction first, signatories before the programme, each
    # axis followed by its fiches.
    ids = [
        "strategie-introduction",
        "strategie-signataires",
        "strategie-programme",
        "axe-1",
        "fiche-1-1",
        "fiche-1-12",
        "axe-2",
        "fiche-2-1",
        "axe-3",
        "fiche-3-4",
    ]
    positions = [impression["public"].index(f'id="{i}"') for i in ids]
    assert positions == sorted(positions), dict(zip(ids, positions, strict=True))


@pytest.mark.parametrize("nom", list(TEMOINS))
def test_print_page_has_no_intranet_text(impression, nom):
    mot = TEMOINS[nom]
    if nom in ("bloc", "fiche"):  # strategy text: the intranet's print page has it
        assert mot in impression["intranet"], f"témoin {nom} absent même de l'intranet : test sans objet"
    assert mot not in impression["public"], f"texte intranet ({nom}) dans la version imprimable publique"


def test_print_page_has_no_link_to_intranet_pages(impression, sites):
    liens = re.findall(r'href="([^"#]+)', _article(impression["public"]))
    casses = [
        ligne
        for ligne in liens
        if "://" not in ligne and not ligne.startswith("mailto:") and not existe(sites["public"] / "imprimer", ligne)
    ]
    assert not casses, f"liens vers des pages absentes de l'édition publique : {casses[:10]}"


def test_print_layout_one_page_per_fiche_with_table_of_contents(chromium, urls, sites, fiches_publiques, sortie):
    journal = JournalReseau()
    ctx = chromium.contexte(journal)
    index_leger(ctx, sites["public"])
    page = ctx.new_page()
    page.goto(urls["public"] + "imprimer/")
    page.wait_for_load_state("networkidle")
    # Table of contents: one working link per fiche.
    sommaire = page.evaluate("""() => [...document.querySelectorAll('#sommaire + ul a')]
        .map(a => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))])""")
    for f in fiches_publiques:
        assert [f"#fiche-{f.id.replace('.', '-')}", True] in sommaire, f"fiche {f.id} absente du sommaire"
    page.emulate_media(media="print")
    sauts = page.evaluate("""() => [...document.querySelectorAll('.stspd-impression-fiche')]
        .map(h => [h.id, getComputedStyle(h).breakBefore])""")
    assert len(sauts) == len(fiches_publiques), sauts
    assert all(b == "page" for _, b in sauts), sauts
    cache = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.stspd-ecran-seulement']
        .filter(s => document.querySelector(s) && getComputedStyle(document.querySelector(s)).display !== 'none')""")
    assert not cache, f"visible à l'impression : {cache}"
    images = page.evaluate("""async () => {
        const imgs = [...document.querySelectorAll('article img')];
        await Promise.all(imgs.map(i => i.decode().catch(() => null)));
        return imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src); }""")
    assert not images, f"images non chargées (imprimées vides) : {images}"
    pdf = page.pdf(format="A4")
    (sortie / "strategie.pdf").write_bytes(pdf)
    ctx.close()
    nb_pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert nb_pages > len(fiches_publiques) + 8, nb_pages
    assert not journal.exterieures, journal.exterieures


# --- 6. footer, accessibility statement, legal notice, sharing -----------------------------


def test_every_page_footer_links_to_statement_and_legal_notice(sites):
    for edition, site in sites.items():
        for chemin in pages_du_site(site):
            if chemin == "404.html":
                continue  # served at any depth: Material writes absolute links there
            texte = (site / (chemin + "index.html" if chemin.endswith("/") or not chemin else chemin)).read_text(
                encoding="utf-8"
            )
            pied = texte[texte.index('<div class="md-copyright">') :]
            for cible, libelle in (("accessibilite/", "Accessibilité : "), ("mentions-legales/", "Mentions légales")):
                m = re.search(rf'<a href="([^"]*)">{libelle}', pied)
                assert m, f"{edition} {chemin or '/'} : pas de lien « {libelle} » dans le pied de page"
                vers = chemin_site(urljoin("http://h/" + chemin, m[1]), "http://h/")
                assert vers == cible and existe(site, vers), (edition, chemin, m[1])


def test_accessibility_statement_and_legal_notice(sites):
    decl = _texte_visible(_article((sites["public"] / "accessibilite/index.html").read_text(encoding="utf-8")))
    for attendu in (
        "Déclaration d'accessibilité",
        "État de conformité",
        "RGAA",
        "Résultats des tests",
        "axe-core",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
        "Défenseur des droits",
        "Libre réponse 71120",
        "à compléter",
    ):
        assert attendu in decl, f"déclaration d'accessibilité : « {attendu} » manquant"
    assert re.search(r"\b(non|partiellement|totalement) conforme\b", decl)
    statut = re.search(r"\b(non|partiellement|totalement) conforme\b", decl)[0]
    pied = (sites["public"] / "index.html").read_text(encoding="utf-8")
    assert f"Accessibilité : {statut}" in pied, "le pied de page et la déclaration disent des statuts différents"
    mentions = _texte_visible(_article((sites["public"] / "mentions-legales/index.html").read_text(encoding="utf-8")))
    for attendu in (
        "Ville de Mons-en-Barœul",
        "Directeur de la publication",
        "Hébergement",
        "à compléter",
        "aucun cookie",
    ):
        assert attendu in mentions, f"mentions légales : « {attendu} » manquant"


def _meta(page_html: str, attribut: str, nom: str) -> str | None:
    m = re.search(rf'<meta {attribut}="{re.escape(nom)}" content="([^"]*)"', page_html)
    return html.unescape(m[1]) if m else None


def test_every_page_has_a_title_and_a_description(sites):
    titres = Counter()
    for chemin in pages_du_site(sites["public"]):
        if chemin == "404.html":
            continue
        fichier = sites["public"] / (chemin + "index.html" if chemin.endswith("/") or not chemin else chemin)
        texte = fichier.read_text(encoding="utf-8")
        titre = re.search(r"<title>(.*?)</title>", texte, flags=re.S)
        assert titre and titre[1].strip(), f"{chemin} sans <title>"
        titres[titre[1]] += 1
        for attribut, nom in (("name", "description"), ("property", "og:title"), ("property", "og:description")):
            valeur = _meta(texte, attribut, nom)
            assert valeur and len(valeur) >= 20 or nom == "og:title" and valeur, f"{chemin} : {nom} = {valeur!r}"
    doublons = [t for t, n in titres.items() if n > 1]
    assert not doublons, f"titres de page en double : {doublons}"


def test_shared_fiche_shows_its_title_and_objective(sites, fiches_publiques):
    for f in fiches_publiques:
        texte = (sites["public"] / f"fiches/{f.slug}/index.html").read_text(encoding="utf-8")
        titre = html.unescape(re.search(r"<title>(.*?)</title>", texte)[1])
        assert titre.startswith(f"Fiche {f.id} : {f.titre}"), titre
        assert _meta(texte, "property", "og:title") == f"Fiche {f.id} : {f.titre}"
        objectif = " ".join(f.objectif.split())
        for attribut, nom in (("name", "description"), ("property", "og:description")):
            valeur = _meta(texte, attribut, nom)
            assert valeur and (
                valeur == objectif or valeur.endswith("…") and objectif.startswith(valeur[:-1].rstrip())
            ), f"fiche {f.id} : {nom} = {valeur!r}, objectif = {objectif!r}"
