"""``python -m bench.recherche``: compare the two ways of searching the site, on our content.

(a) **Material** (lunr), with the accent-folding worker of ``macros/recherche.js``: the
    site as built by ``python -m macros site``;
(b) **Pagefind** 1.5 (``pagefind[bin]``), run on the same built public edition, queried
    through its JavaScript API (``/pagefind/pagefind.js``, WebAssembly).

For each query of ``REQUETES`` (with and without accents, capitals, typos, several words):
the first three result pages, and whether the page a citizen expects is among them. Then,
in a fresh browser context per engine (empty cache), as a phone on a slow 4G link
(Chromium's throttling: 1.6 Mbit/s down, 150 ms latency, CPU slowed 4×): the bytes
transferred for the first search (gzip, as nginx sends them: the server here compresses
like ``gzip_comp_level 6``; Pagefind's index files are compressed already), and the time
from the first key pressed to the first result shown. The CSP of ``macros/securite.py`` is
sent with every response; the violations the browser reports are counted, and Pagefind is
measured a second time with ``'wasm-unsafe-eval'`` added, to show what it needs.

Not a test: figures for the note of issue 15 and for BENCHMARKS.md. Writes
``bench/out/recherche.json`` and prints a Markdown table. Needs Chromium (Debian package).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE))

from macros.domaine import securite  # noqa: E402
from macros.outils.rapport import ARGUMENTS_CHROMIUM, CHROMIUM  # noqa: E402

# Query as typed → the page expected among the first three results (site-relative path).
REQUETES: dict[str, str | None] = {
    # None: a broad word, no single page expected; the count is reported, and the three
    # spellings of « sécurité » must list the same pages.
    "securite": None,
    "sécurité": None,
    "SÉCURITÉ": None,
    "videoprotection": "fiches/1.07-videosurveillance/",
    "vidéoprotection": "fiches/1.07-videosurveillance/",
    "videosurveillance": "fiches/1.07-videosurveillance/",
    "videoprotecion": "fiches/1.07-videosurveillance/",  # typo
    "decrochage scolaire": "fiches/2.03-decrochage-parentalite/",
    "décrochage scolaire": "fiches/2.03-decrochage-parentalite/",
    # « réinsertion » is not in the content: the fiche on insertion is what a citizen wants.
    "reinsertion": "fiches/3.01-insertion-jeunes/",
    "réinsertion": "fiches/3.01-insertion-jeunes/",
    "cambriolages": "fiches/1.11-protection-biens-habitants/",
    "cambrilages": "fiches/1.11-protection-biens-habitants/",  # typo
    "violences conjugales": "fiches/3.03-violences-intrafamiliales/",
    "violence conjugale": "fiches/3.03-violences-intrafamiliales/",
    "rappel a l'ordre": "fiches/3.02-rappel-ordre-tig/",
    "rappel à l'ordre": "fiches/3.02-rappel-ordre-tig/",
    "mediation": "fiches/1.04-mediation/",
    "prevention specialisee": "fiches/1.04-mediation/",
    "stupefiants": "fiches/2.04-addictions/",
    "tranquillite vacances": "fiches/1.11-protection-biens-habitants/",
    "radicalisation": "fiches/2.02-citoyennete/",
    "radicalistion": "fiches/2.02-citoyennete/",  # typo
    "harcelement": "fiches/3.04-aide-victimes/",
    "bailleurs": None,
    # Not in the content under this name (no CDDF in the document): count only.
    "conseil des droits et devoirs des familles": None,
    "TIG": "fiches/3.02-rappel-ordre-tig/",
    "travaux d'interet general": "fiches/3.02-rappel-ordre-tig/",
    "jeunes": "fiches/3.01-insertion-jeunes/",
    "aide aux victimes": "fiches/3.04-aide-victimes/",
    "surete des commerces": "fiches/1.10-surete-commerces/",
    "plan communal de sauvegarde": "fiches/1.09-plan-communal-sauvegarde/",
    "police municipale": "fiches/1.06-police-municipale/",
}
PREMIERS = 3
TELEPHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
    "locale": "fr-FR",
    "service_workers": "block",
}
RESEAU_4G_LENT = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_RALENTI = 4
REPETITIONS = 3
SORTIE = RACINE / "bench" / "out" / "recherche.json"

# Pagefind's JS API driven from the page (a module import from the site itself).
PAGEFIND_CHERCHER = """async (q) => {
  window.__pf = window.__pf || await import('/pagefind/pagefind.js');
  const r = await window.__pf.search(q);
  const premiers = await Promise.all(r.results.slice(0, 5).map(x => x.data()));
  return {n: r.results.length, pages: premiers.map(d => d.url)};
}"""


# --- a static server that compresses like nginx and sends the CSP ------------------------

_COMPRESSER = {".html", ".js", ".css", ".json", ".svg", ".wasm", ".txt", ".xml", ".map"}


class _Gestionnaire(SimpleHTTPRequestHandler):
    csp_extra = ""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: C901 - stdlib override
        chemin = Path(self.translate_path(self.path))
        if chemin.is_dir():
            chemin = chemin / "index.html"
        if not chemin.is_file():
            return super().send_head()
        corps = chemin.read_bytes()
        csp = securite.politique()  # the pages carry the same policy in a <meta> too
        if self.csp_extra:
            csp = csp.replace("script-src 'self'", f"script-src 'self' {self.csp_extra}", 1)
        compresse = chemin.suffix in _COMPRESSER and "gzip" in self.headers.get("Accept-Encoding", "")
        if compresse:
            corps = gzip.compress(corps, compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(chemin)))
        self.send_header("Content-Length", str(len(corps)))
        self.send_header("Content-Security-Policy", csp)
        self.send_header("Cache-Control", "no-cache")
        if compresse:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        return io.BytesIO(corps)


class _Serveur:
    def __init__(self, dossier: Path, csp_extra: str = ""):
        classe = type("G", (_Gestionnaire,), {"csp_extra": csp_extra})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(classe, directory=str(dossier)))
        self.httpd.daemon_threads = True
        self.fil = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> str:
        self.fil.start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


# --- the two engines in the browser ---------------------------------------------------------


def _chemin(url: str, base: str) -> str:
    return unquote(urlsplit(url).path).removeprefix(urlsplit(base).path).removesuffix("index.html")


def _sans_doublons(liste):
    out = []
    for x in liste:
        if x not in out:
            out.append(x)
    return out


def material_chercher(page, base: str, requete: str, recharger: bool = True) -> tuple[list[str], float]:
    """Type the query into Material's search field; (result pages, seconds from the first key
    to stable results for the whole query)."""
    if recharger:
        page.goto(base)
    champ = page.locator("input.md-search__input")
    champ.click()
    page.evaluate("() => { window.__premier = null; window.__obs && window.__obs.disconnect(); }")
    debut = time.perf_counter()
    champ.press_sequentially(requete, delay=10)
    precedent, stable = None, 0
    for _ in range(200):
        page.wait_for_timeout(50)
        texte = page.locator(".md-search-result__meta").inner_text()
        liens = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
            "l => l.map(a => a.href)"
        )
        etat = (texte, tuple(liens))
        if re.search(r"\d|Aucun", texte) and etat == precedent:
            stable += 1
            if stable >= 3:
                break
        else:
            stable, fin = 0, time.perf_counter()
        precedent = etat
    n = re.search(r"\d[\d\s\u202f]*", precedent[0])
    return (
        _sans_doublons([_chemin(ligne, base) for ligne in precedent[1]]),
        int(re.sub(r"\D", "", n[0])) if n else 0,
        fin - debut,
    )


def material_premier_resultat(page, base: str, requete: str) -> float:
    """Seconds from the first key to the first result listed (page just loaded, cold cache)."""
    page.goto(base, wait_until="load")
    page.locator("label.md-header__button[for=__search]").click()  # the phone's search icon
    champ = page.locator("input.md-search__input")
    debut = time.perf_counter()
    champ.press_sequentially(requete, delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    return time.perf_counter() - debut


def pagefind_chercher(page, base: str, requete: str) -> tuple[list[str], float]:
    debut = time.perf_counter()
    r = page.evaluate(PAGEFIND_CHERCHER, requete)
    pages = _sans_doublons([_chemin(base.rstrip("/") + u, base) for u in r["pages"]])
    return pages, r["n"], time.perf_counter() - debut


def _journal_requetes(ctx) -> list:
    """Every finished request of the context, the page's and its workers' alike."""
    requetes: list = []
    ctx.on("requestfinished", lambda r: requetes.append(r))
    return requetes


def _premiere_recherche(page, base: str, moteur: str) -> tuple[float | None, str]:
    """(seconds to the first result or None if the search fails, URL pattern of its files)."""
    if moteur == "material":
        return material_premier_resultat(page, base, "securite"), r"/search/search_index\.json|/workers/|/lunr/"
    page.goto(base, wait_until="load")
    debut = time.perf_counter()
    try:
        r = page.evaluate(PAGEFIND_CHERCHER, "securite")
    except Exception:  # noqa: BLE001 - a failing search is a figure (the CSP blocks the wasm)
        return None, r"/pagefind/"
    return (time.perf_counter() - debut if r["n"] else None), r"/pagefind/"


def _telephone(navigateur, violations: list):
    ctx = navigateur.new_context(**TELEPHONE)
    page = ctx.new_page()
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    octets = _journal_requetes(ctx)
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.emulateNetworkConditions", RESEAU_4G_LENT)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_RALENTI})
    return ctx, page, octets


def _octets_recherche(requetes: list, motif: str) -> int:
    """Bytes received (headers + body as sent, i.e. compressed) for the search's files."""
    total = 0
    for r in requetes:
        if re.search(motif, r.url):
            tailles = r.sizes()
            total += tailles["responseBodySize"] + tailles["responseHeadersSize"]
    return total


# --- the run -----------------------------------------------------------------------------


def construire(dossier: Path) -> Path:
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "site", "--sortie", str(dossier)], cwd=RACINE, capture_output=True, text=True
    )
    if proc.returncode:
        sys.exit(proc.stdout + proc.stderr)
    return dossier


def pagefind(site: Path, copie: Path) -> tuple[Path, float, int]:
    shutil.copytree(site, copie)
    # The printable strategy holds every page at once: Material's index leaves it out
    # (`search: exclude`), so Pagefind must too, for a fair comparison.
    for page in ("imprimer/index.html",):
        (copie / page).unlink(missing_ok=True)
    debut = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(copie), "--root-selector", "article", "--quiet"],
        capture_output=True,
        text=True,
    )
    duree = time.perf_counter() - debut
    if proc.returncode:
        sys.exit("pagefind : " + proc.stdout + proc.stderr)
    taille = sum(p.stat().st_size for p in (copie / "pagefind").rglob("*") if p.is_file())
    return copie, duree, taille


def _gzip(chemin: Path) -> int:
    return len(gzip.compress(chemin.read_bytes(), compresslevel=6, mtime=0))


def mesurer(site: Path, travail: Path) -> dict:
    from playwright.sync_api import sync_playwright

    copie, duree_pf, taille_pf = pagefind(site, travail / "pagefind-public")
    index_material = (site / "search/search_index.json").stat().st_size
    res: dict = {
        "requetes": {},
        "material": {},
        "pagefind": {
            "indexation_s": duree_pf,
            "octets_index_disque": taille_pf,
            "octets_ui_gzip": _gzip(copie / "pagefind/pagefind-ui.js") + _gzip(copie / "pagefind/pagefind-ui.css"),
        },
    }
    res["material"]["octets_index_disque"] = index_material
    with sync_playwright() as pw:
        nav = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGUMENTS_CHROMIUM, headless=True)
        try:
            # 1. Results, desktop, no throttling.
            with _Serveur(site) as base_m, _Serveur(copie, "'wasm-unsafe-eval'") as base_p:
                ctx = nav.new_context(locale="fr-FR", service_workers="block")
                page_m, page_p = ctx.new_page(), ctx.new_page()
                page_p.goto(base_p)
                page_m.goto(base_m)
                for q, attendu in REQUETES.items():
                    pages_m, n_m, t_m = material_chercher(page_m, base_m, q)
                    pages_p, n_p, t_p = pagefind_chercher(page_p, base_p, q)
                    res["requetes"][q] = {
                        "attendu": attendu,
                        "material": {
                            "pages": pages_m[:5],
                            "n": n_m,
                            "top3": attendu in pages_m[:PREMIERS] if attendu else None,
                            "s": t_m,
                        },
                        "pagefind": {
                            "pages": pages_p[:5],
                            "n": n_p,
                            "top3": attendu in pages_p[:PREMIERS] if attendu else None,
                            "s": t_p,
                        },
                    }
                    print(
                        f"{q!r:45} M {'ok' if attendu in pages_m[:3] else '--'} {pages_m[:3]}\n{'':45} P "
                        f"{'ok' if attendu in pages_p[:3] else '--'} {pages_p[:3]}",
                        flush=True,
                    )
                ctx.close()
            # 2. First search on a phone, cold cache: bytes and time (median of REPETITIONS).
            for moteur, extra, cle in (
                ("material", "", "material"),
                ("pagefind", "'wasm-unsafe-eval'", "pagefind"),
                ("pagefind", "", "pagefind_csp_stricte"),
            ):
                temps, octets_lus, violations = [], [], []
                with _Serveur(site if moteur == "material" else copie, extra) as base:
                    for _ in range(REPETITIONS):
                        ctx, page, requetes = _telephone(nav, violations)
                        try:
                            t, motif = _premiere_recherche(page, base, moteur)
                            page.wait_for_timeout(300)
                            temps.append(t)
                            octets_lus.append(_octets_recherche(requetes, motif))
                        finally:
                            ctx.close()
                mesures = [t for t in temps if t is not None]
                res[cle] = {
                    **res.get(cle, {}),
                    "premier_resultat_s": statistics.median(mesures) if len(mesures) == len(temps) else None,
                    "premier_resultat_tous_s": temps,
                    "octets_premiere_recherche": max(octets_lus),
                    "violations_csp": sorted(set(v.splitlines()[0][:160] for v in violations)),
                }
        finally:
            nav.close()
    return res


def tableau(res: dict) -> str:
    lignes = [
        "| Query | Expected page | Material + folding: top 3 | Pagefind: top 3 |",
        "| --- | --- | :---: | :---: |",
    ]
    score = {"material": 0, "pagefind": 0}
    total = 0
    for q, r in res["requetes"].items():
        if not r["attendu"]:
            lignes.append(f"| {q} | (broad: pages found) | {r['material']['n']} | {r['pagefind']['n']} |")
            continue
        total += 1
        cases = []
        for m in ("material", "pagefind"):
            ok = r[m]["top3"]
            score[m] += bool(ok)
            cases.append("yes" if ok else "no: " + ", ".join(p or "/" for p in r[m]["pages"][:3]))
        lignes.append(f"| {q} | `{r['attendu']}` | {cases[0]} | {cases[1]} |")
    for m in ("material", "pagefind"):
        listes = {tuple(res["requetes"][q][m]["pages"]) for q in ("securite", "sécurité", "SÉCURITÉ")}
        lignes.append(
            f"| {m}: « securite », « sécurité », « SÉCURITÉ » give the same pages | | "
            f"{'yes' if len(listes) == 1 else 'no'} | |"
        )
    lignes.append(f"| **in the top 3** | | **{score['material']}/{total}** | **{score['pagefind']}/{total}** |")
    m, p = res["material"], res["pagefind"]

    def ko(n):
        return f"{n / 1024:.0f} KiB" if n is not None else "—"

    def s(x):
        return f"{x:.2f} s" if x is not None else "no result"

    lignes += [
        "",
        "| | Material + folding | Pagefind |",
        "| --- | ---: | ---: |",
        f"| index on disk (public edition) | {ko(m['octets_index_disque'])} | {ko(p['octets_index_disque'])} |",
        f"| bytes for a first search on a phone (compressed) | {ko(m['octets_premiere_recherche'])} | "
        f"{ko(p['octets_premiere_recherche'])} |",
        f"| first key → first result, phone, slow 4G, CPU ÷{CPU_RALENTI} (median of {REPETITIONS}) | "
        f"{s(m['premier_resultat_s'])} | {s(p['premier_resultat_s'])} |",
        f"| CSP violations with `script-src 'self'` | {len(m['violations_csp'])} | "
        f"{len(res['pagefind_csp_stricte']['violations_csp'])} "
        f"(search {'works' if res['pagefind_csp_stricte']['premier_resultat_s'] else 'fails'}) |",
        f"| Pagefind's own UI on top (pagefind-ui.js + .css, gzip) | — | {ko(p['octets_ui_gzip'])} |",
        "| needs | nothing | `'wasm-unsafe-eval'` in `script-src` |",
        f"| extra build time | 0 | {p['indexation_s']:.1f} s (pagefind, one edition) |",
    ]
    return "\n".join(lignes)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.recherche", description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="already built sites (folder holding public/); built otherwise")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-recherche-") as tmp:
        travail = Path(tmp)
        sites = args.site or construire(travail / "site")
        res = mesurer(sites / "public", travail)
    SORTIE.parent.mkdir(parents=True, exist_ok=True)
    SORTIE.write_text(json.dumps(res, ensure_ascii=False, indent=1), encoding="utf-8")
    print(tableau(res))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
