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
    """Type a query into Material's search (key by key, as a person does) and return the
    result counter text and the result pages, in order, without duplicates.

    The page stays where it is between queries (the previous query is erased with the
    keyboard): loading a page makes the worker rebuild the whole index. The results are read
    once the worker has answered the full query (``ecouter_recherche``, the page's context
    must have it), not after a guessed delay."""
    if not page.url.startswith(base) or not page.evaluate("!!window.__stspdRecherche"):
        page.goto(base)
    champ = page.locator("input.md-search__input")
    champ.click()
    champ.press("Control+a")
    champ.press("Backspace")
    champ.press_sequentially(requete, delay=15)
    # Playwright types a letter that a US keyboard lacks (é, É) as inserted text, without the
    # keyup that Material listens to: a last key (End, the caret stays put) makes Material
    # read the whole query, as the é key of a French keyboard would.
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
