"""Helpers of the browser tests: a local HTTP server per edition, Debian's Chromium driven by
Playwright, and a network log that records every request a page makes.

No browser is ever downloaded: Playwright drives ``/usr/bin/chromium`` (``.ci/run`` installs
the Debian package). Chromium runs offline and as root in CI, hence the flags.
"""

from __future__ import annotations

import json
import os
import re
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from macros.outils import http_local
from macros.outils.rapport import ARGUMENTS_CHROMIUM  # the flags `make rapport` runs Chromium with

CHROMIUM = Path(os.environ.get("STSPD_CHROMIUM", "/usr/bin/chromium"))
HOTE = http_local.HOTE
# Schemes that never leave the browser (inline images, workers built from blobs, …).
SCHEMAS_LOCAUX = {"data", "blob", "about", "chrome-error"}


def en_ci() -> bool:
    """CI runs set CI=true (GitHub Actions, GitLab CI, .ci/run): there, never skip."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


class _Gestionnaire(http_local.Gestionnaire):
    def end_headers(self) -> None:
        # The headers the production server sends (macros/securite.py, deploy/): the CSP
        # header adds frame-ancestors to the pages' own <meta> policy.
        from macros.domaine import securite

        for nom, valeur in securite.entetes("public", https=False).items():
            self.send_header(nom, valeur)
        super().end_headers()


def serveur(dossier: Path) -> AbstractContextManager[str]:
    """Serve ``dossier`` on 127.0.0.1 (free port) with the production headers; a ``with``
    block gets the base URL."""
    return http_local.servir(dossier, _Gestionnaire)


def pages_du_site(site: Path) -> list[str]:
    """Site-relative URL of every HTML page (``fiches/1.07-…/`` for ``…/index.html``)."""
    urls = []
    for chemin in sorted(site.rglob("*.html")):
        rel = chemin.relative_to(site).as_posix()
        urls.append(rel.removesuffix("index.html"))
    return urls


def est_local(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in SCHEMAS_LOCAUX:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == HOTE


@dataclass
class JournalReseau:
    """Every request the browser context makes (pages, workers), and the foreign ones."""

    requetes: list[str] = field(default_factory=list)
    exterieures: list[tuple[str, str]] = field(default_factory=list)  # (page, url)
    page_courante: str = ""

    def brancher(self, contexte) -> None:
        contexte.on("request", self._noter)
        # Belt and braces: a foreign request is logged, then aborted, so a test run never
        # depends on (or leaks to) the outside world.
        contexte.route("**/*", self._router)

    def _noter(self, requete) -> None:
        self.requetes.append(requete.url)
        if not est_local(requete.url):
            self.exterieures.append((self.page_courante, requete.url))

    @staticmethod
    def _router(route) -> None:
        if est_local(route.request.url):
            route.continue_()
        else:
            route.abort()


@dataclass
class JournalCsp:
    """Every Content Security Policy violation a page reports (console and DOM event)."""

    violations: list[tuple[str, str]] = field(default_factory=list)  # (page, message)
    page_courante: str = ""

    def brancher(self, page) -> None:
        page.on("console", self._console)
        page.on("pageerror", lambda err: self.violations.append((self.page_courante, f"erreur JS : {err}")))

    def _console(self, message) -> None:
        texte = message.text
        if "Content Security Policy" in texte or "Content-Security-Policy" in texte:
            self.violations.append((self.page_courante, texte[:300]))


@dataclass
class Navigateur:
    """One Chromium for the whole session; a context (and a network log) per edition."""

    playwright: object
    navigateur: object

    def contexte(self, journal: JournalReseau | None = None, **options):
        options.setdefault("locale", "fr-FR")
        options.setdefault("service_workers", "block")
        ctx = self.navigateur.new_context(**options)
        if journal is not None:
            journal.brancher(ctx)
        return ctx


def lancer_chromium():
    """Start Playwright and Debian's Chromium; the caller stops both (``arreter``)."""
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        nav = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS_CHROMIUM, headless=True)
    except Exception:
        pw.stop()
        raise
    return Navigateur(pw, nav)


def arreter(n: Navigateur) -> None:
    try:
        n.navigateur.close()
    finally:
        n.playwright.stop()


# Counts the queries the page sends to the search worker and the answers it gets (Material's
# messages: QUERY = 2, RESULT = 3), so that a test reads the results of its full query as
# soon as Material shows them (it renders them in the same message event), instead of
# waiting a guessed delay. It only observes: every message passes unchanged.
_ECOUTE_RECHERCHE = """(() => {
  const Origine = window.Worker;
  const etat = window.__stspdRecherche = {envoyees: [], recues: 0};
  window.Worker = class extends Origine {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", e => { if (e.data && e.data.type === 3) etat.recues += 1; });
    }
    postMessage(message, ...reste) {
      if (message && message.type === 2) etat.envoyees.push(message.data);
      return super.postMessage(message, ...reste);
    }
  };
})();"""


def ecouter_recherche(contexte) -> None:
    """Every page of ``contexte`` records its search queries and answers (see above)."""
    contexte.add_init_script(_ECOUTE_RECHERCHE)


def index_vide(site: Path) -> str:
    """The edition's search index with its configuration (language, separator, pipeline)
    and no document: what the pages of a crawl receive instead of the real index (below)."""
    config = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]
    return json.dumps({"config": config, "docs": []})


def index_leger(contexte, site: Path) -> None:
    """Serve the empty index to every page of ``contexte``. Each page load makes Material's
    worker rebuild the whole index (0.5 s of CPU per page, here): a crawl of every page
    would spend most of its time there. The request is still made (and logged: the request
    event comes before routing), the worker still starts and loads its scripts under the
    CSP; only the documents are left out. The search itself is tested with the real index."""
    corps = index_vide(site)
    contexte.route(
        "**/search/search_index.json",
        lambda route: route.fulfill(status=200, body=corps, content_type="application/json"),
    )


# --- shared by the browser test modules (test_navigateur, test_navigateur_recherche) -----------


def chemin_site(url: str, base: str) -> str:
    """``http://127.0.0.1:p/fiches/x/?h=a#b`` → ``fiches/x/``."""
    return unquote(urlsplit(url).path).removeprefix(urlsplit(base).path)


def existe(site: Path, chemin: str) -> bool:
    cible = site / chemin
    return (cible / "index.html").is_file() if chemin.endswith("/") or not chemin else cible.is_file()


def rechercher(page, base: str, requete: str) -> tuple[str, list[str]]:
    """Put a query in Material's search field and return the result counter text and the
    result pages, in order, without duplicates.

    The query goes in at once, as a paste would (``fill``), then one key is pressed:
    Material searches once, for the whole query. Typed key by key, every prefix was searched
    too (a whole-index search in the worker for each letter: 36 s of the 62 s of CPU of the
    search tests, issue 12); typing itself is tested by test_navigateur_pages'
    keyboard-only reader. The page stays where it is between queries: loading a page makes
    the worker rebuild the whole index. The results are read once the worker has answered
    the full query (``ecouter_recherche``, the page's context must have it), not after a
    guessed delay."""
    if not page.url.startswith(base) or not page.evaluate("!!window.__stspdRecherche"):
        page.goto(base)
    champ = page.locator("input.md-search__input")
    champ.click()
    champ.fill(requete)
    # Material reads the field on keyup: a last key (End, the caret stays put) makes it read
    # the whole query, as the last key of a typed query would.
    champ.press("End")
    page.wait_for_function(
        """q => { const e = window.__stspdRecherche;
                  return e.envoyees.length > 0 && e.envoyees[e.envoyees.length - 1] === q
                         && e.recues === e.envoyees.length; }""",
        arg=requete,
        timeout=60_000,
    )
    texte = page.locator(".md-search-result__meta").inner_text()
    liens = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all("l => l.map(a => a.href)")
    assert re.search(r"\d|Aucun", texte), f"« {requete} » : compteur de résultats inattendu « {texte} »"
    pages: list[str] = []
    for lien in liens:
        chemin = chemin_site(lien, base)
        if chemin not in pages:
            pages.append(chemin)
    return texte, pages


# --- the visit: every page used, then checked by axe-core; every request logged -------------
# (test_navigateur.py visits the public edition, test_navigateur_intranet.py the intranet: two
# files, so that pytest-xdist runs the two visits on two workers at once.)

# What a reader does on a page: open every <details> (data tables of the charts), scroll to
# the end (lazy images).
UTILISER = """async () => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  window.scrollTo(0, document.body.scrollHeight);
  await new Promise(r => setTimeout(r, 20));
}"""
# Switch the theme and back (once per edition: it loads nothing new, but it could).
BASCULER_THEME = """async () => {
  for (let i = 0; i < 2; i++) {
    const bascule = document.querySelector('form[data-md-component=palette] label:not([hidden])');
    bascule.click();
    await new Promise(r => setTimeout(r, 50));
  }
}"""


# Families of pages made from one template: one page per actor of data/acteurs.yml (54 in
# each edition, half the site), one per fiche (20: the fiche template, its header card and
# journal, the same Markdown extensions), one per minute. The browser visits three of each
# family (the smallest, the median and the largest file: the shortest and the richest
# content); every other page (home, strategy pages, axes, dashboard, bilans, observatory,
# guide, legal pages…) has its own layout and is visited. Issue 12 set the CI budget (≤ 4 min
# for the whole suite) that this sampling buys: axe costs ~1.6 s of CPU per page. The files
# of all pages are still read by the checks without a browser below (resources on other
# hosts, footer, titles) and by tests/test_editions.py and test_echappement.py.
FAMILLES = ("acteurs/", "fiches/", "comptes-rendus/")
PAR_FAMILLE = 3


def echantillon(site: Path) -> list[str]:
    pages = pages_du_site(site)
    gardees = []
    for chemin in pages:
        famille = next((f for f in FAMILLES if chemin.startswith(f) and chemin != f), None)
        if famille is None:
            gardees.append(chemin)
    for famille in FAMILLES:
        membres = sorted(
            (p for p in pages if p.startswith(famille) and p != famille),
            key=lambda p: ((site / p / "index.html").stat().st_size, p),
        )
        assert membres, f"famille {famille} vide : le tri par famille n'a plus d'objet"
        gardees += sorted({membres[0], membres[len(membres) // 2], membres[-1]})
    return gardees


def parcourir(
    chromium, site: Path, base: str, pages: list[str], axe=None
) -> tuple[JournalReseau, dict, list, JournalCsp]:
    """Load and use every page; with ``axe``, check each one afterwards (details open, so
    the charts' data tables are checked too). Returns the log, the axe report, the cookies
    and the CSP violations (pages and workers, under the policy of macros/securite.py).
    The pages get an empty search index (``index_leger``), the search step the real one."""
    journal = JournalReseau()
    csp = JournalCsp()
    ctx = chromium.contexte(journal)
    ecouter_recherche(ctx)
    index_leger(ctx, site)
    page = ctx.new_page()
    csp.brancher(page)
    rapport: dict[str, list[dict]] = {}
    for chemin in pages:
        journal.page_courante = csp.page_courante = chemin
        page.goto(base + chemin, wait_until="load")
        page.evaluate(UTILISER)
        if axe is not None:
            rapport[chemin] = axe.run(page).response["violations"]
    ctx.unroute("**/search/search_index.json")
    journal.page_courante = csp.page_courante = "thème"
    page.goto(base)
    page.evaluate(BASCULER_THEME)
    journal.page_courante = csp.page_courante = "recherche"
    _, resultats = rechercher(page, base, "vidéoprotection")
    assert resultats, "la recherche ne trouve rien pendant la visite"
    page.locator(".md-search-result__item > .md-search-result__link").first.click()
    page.wait_for_load_state("load")
    journal.page_courante = csp.page_courante = "impression"
    page.goto(base + "imprimer/")
    page.emulate_media(media="print")
    page.pdf(format="A4")
    cookies = ctx.cookies()
    ctx.close()
    return journal, rapport, cookies, csp


def verifier_reseau(visite, base: str) -> None:
    """Every page loaded and used (details opened, scrolled to the end), the theme switched,
    a search typed and its first result followed, the print page printed: every request of
    the pages and of their workers goes to 127.0.0.1, and no cookie is set."""
    pages, journal, _, cookies, _ = visite
    assert not journal.exterieures, "requêtes vers d'autres hôtes :\n" + "\n".join(
        f"{p or '/'} → {u}" for p, u in journal.exterieures
    )
    # The log is real: it saw every page, and the search worker's own requests.
    vus = {chemin_site(u, base) for u in journal.requetes}
    assert set(pages) <= vus, sorted(set(pages) - vus)[:10]
    assert "search/search_index.json" in vus, "requêtes du worker de recherche non journalisées"
    assert not cookies, f"cookies déposés : {cookies}"


def verifier_csp(visite) -> None:
    """Every page of the edition, used as above, under the site's Content Security Policy
    (the pages' <meta> and the server's header, macros/securite.py): no violation reported,
    no JavaScript error. Search, the theme switch and printing ran in the same visit."""
    pages, _, _, _, csp = visite
    assert len(pages) > 25  # the sample of echantillon(): every hand-written page, 3 per family
    assert not csp.violations, "\n".join(f"{p or '/'} : {m}" for p, m in csp.violations[:20])
