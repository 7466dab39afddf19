"""``python -m bench`` (``make bench``): measure the build, write BENCHMARKS.md.

For the real content (a copy of the sources) and for synthetic corpora of increasing size
(``--tailles``, in communes; one commune ≈ the real content, see ``bench/corpus.py``):

1. first build: ``python -m macros site`` (both editions, as ``make site``) — time, peak
   memory, charts drawn vs read from the cache. The real content starts with an empty
   chart cache; the synthetic corpora share one cache, emptied at the start of the run, so
   each draws only the charts of the communes the sizes before it did not have. Above 10
   communes, the capture of step 2 stands for the first build (it draws the charts);
2. the plain baseline is captured (``bench/plain.py``);
3. side by side, ``--repetitions`` times on the real content, once on the synthetic
   corpora: our site build and the plain Material build of the same Markdown (warm
   chart cache), every other pair in the other order; medians;
4. the rebuild after a one-fiche edit, in one process as ``make serve`` does
   (``bench/reprise.py``), on the real content and the corpora up to 10 communes.

A time budget (``--budget``, 9 min by default) keeps the run under 10 minutes on 2 cores:
optional measurements (further repetitions, rebuilds, the plain build of the largest
corpus, the third synthetic size) are left out, and the report says so, when the builds
already measured show they would overrun it. Every command runs with ``STSPD_DATE`` fixed,
so the pages are the same from run to run. ``--rapport-seul`` writes the report again from
``bench/out/resultats.json`` without building anything.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import json
import math
import os
import platform
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Literal

from . import corpus as gen
from . import mesure, plain, ssmsi

RACINE = Path(__file__).resolve().parent.parent
SORTIE = RACINE / "bench" / "out"
DATE_BUILD = "2025-06-30"
ENV = {"STSPD_DATE": DATE_BUILD}

CIBLE_RATIO = 1.15  # issue 12 (was 1.25, issue 8)
CIBLE_REPRISE = 1.5  # s
CIBLE_MEMOIRE = 2 * 1024 * 1024  # KiB
CIBLE_DOUBLEMENT = 2.1


@dataclass
class Plan:
    """What is measured on one corpus (the largest corpora get less, to fit the time budget)."""

    premier: str  # "site": `python -m macros site`; "capture": the plain capture draws the charts
    repetitions: int  # side-by-side runs (ours and plain, every other pair plain first)
    plain: bool  # plain Material baseline
    reconstructions: int  # one-fiche rebuilds (make serve)
    plain_reconstructions: bool  # the same rebuilds on the plain build, for comparison


Grandeur = Literal["duree", "cpu"]  # wall-clock or CPU seconds of a Mesure


def mediane(mesures: list[mesure.Mesure], grandeur: Grandeur = "duree") -> float:
    """Median of one quantity over the builds ``mesures`` (NaN when there are none)."""
    return statistics.median(getattr(m, grandeur) for m in mesures) if mesures else float("nan")


@dataclass
class Resultat:
    nom: str
    communes: int | None  # None: the real content
    bilan: dict
    plan: Plan | None = None
    pages: dict = field(default_factory=dict)  # edition → HTML pages
    premiere: mesure.Mesure | None = None
    nous: list[mesure.Mesure] = field(default_factory=list)
    plain: list[mesure.Mesure] = field(default_factory=list)
    reprise: dict | None = None
    reprise_plain: dict | None = None
    capture: float = 0.0
    identique: str = ""
    erreur: str = ""
    sautes: list[str] = field(default_factory=list)  # what the time budget left out

    def ratio(self, grandeur: Grandeur = "duree") -> float:
        """Our build's median over plain Material's (``grandeur``: wall clock or CPU)."""
        return mediane(self.nous, grandeur) / mediane(self.plain, grandeur) if self.plain else float("nan")

    @staticmethod
    def _med_reprise(r: dict | None) -> float | None:
        if not r or not r.get("reconstructions"):
            return None
        return statistics.median(x["duree"] for x in r["reconstructions"])

    @property
    def reprise_mediane(self) -> float | None:
        return self._med_reprise(self.reprise)

    @property
    def reprise_plain_mediane(self) -> float | None:
        return self._med_reprise(self.reprise_plain)

    @property
    def rss_max(self) -> int:
        return max((m.rss_max for m in [self.premiere, *self.nous] if m), default=0)

    @property
    def rss_somme(self) -> int:
        return max((m.rss_somme for m in [self.premiere, *self.nous] if m), default=0)

    def brut(self) -> dict:
        def m(x: mesure.Mesure | None) -> dict | None:
            return (
                None
                if x is None
                else {
                    "duree": x.duree,
                    "cpu": x.cpu,
                    "rss_max_ko": x.rss_max,
                    "rss_somme_ko": x.rss_somme,
                    "graphiques": x.graphiques,
                }
            )

        return {
            "nom": self.nom,
            "communes": self.communes,
            "bilan": self.bilan,
            "plan": self.plan.__dict__,
            "pages": self.pages,
            "premiere": m(self.premiere),
            "nous": [m(x) for x in self.nous],
            "plain": [m(x) for x in self.plain],
            "reprise": self.reprise,
            "reprise_plain": self.reprise_plain,
            "capture": self.capture,
            "identique": self.identique,
            "erreur": self.erreur,
            "sautes": self.sautes,
        }


class Budget:
    """Wall-clock budget of the whole run: optional measurements are skipped when the time
    they are expected to take (from the builds already measured) would overrun it."""

    def __init__(self, secondes: float):
        self.debut = time.perf_counter()
        self.secondes = secondes

    def reste(self) -> float:
        return self.secondes - (time.perf_counter() - self.debut)

    def permet(self, estimation: float) -> bool:
        return estimation <= self.reste()


# --- machine ----------------------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor() or platform.machine()
    try:
        for ligne in Path("/proc/cpuinfo").read_text().splitlines():
            if ligne.startswith("model name"):
                cpu = ligne.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = ""
    try:
        for ligne in Path("/proc/meminfo").read_text().splitlines():
            if ligne.startswith("MemTotal"):
                ram = f"{int(ligne.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    paquets = {}
    for nom in (
        "mkdocs",
        "mkdocs-material",
        "mkdocs-macros-plugin",
        "Markdown",
        "pymdown-extensions",
        "Jinja2",
        "matplotlib",
        "pydantic",
        "PyYAML",
        "Babel",
    ):
        try:
            paquets[nom] = metadata.version(nom)
        except metadata.PackageNotFoundError:
            paquets[nom] = "absent"
    try:
        import yaml

        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
    except ImportError:
        libyaml = False
    return {
        "cpu": cpu,
        "coeurs": os.cpu_count(),
        "ram": ram,
        "python": platform.python_version(),
        "systeme": f"{platform.system()} {platform.release()}",
        "paquets": paquets,
        "libyaml": libyaml,
    }


# --- one corpus -------------------------------------------------------------------------


def _log(texte: str) -> None:
    print(texte, flush=True)


def _pages_html(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


def _publie(p: Path, site: Path) -> bool:
    """A file of the editions: not the search index, not the editions the previous build
    replaced (``site/.public.ancien``, deleted by the next build, never served)."""
    return p.is_file() and p.name != "search_index.json" and not p.relative_to(site).parts[0].startswith(".")


def _comparer(a: Path, b: Path) -> str:
    """Are our pages and the plain pages the same bytes? (The search index is left out: it
    holds the same entries, in another order.)"""
    fichiers = [p.relative_to(a) for p in a.rglob("*") if _publie(p, a)]
    autres = {p.relative_to(b) for p in b.rglob("*") if _publie(p, b)}
    differents = [f for f in fichiers if f not in autres or (a / f).read_bytes() != (b / f).read_bytes()]
    manquants = len(autres - set(fichiers))
    if not differents and not manquants:
        return f"identical ({len(fichiers)} files)"
    return f"{len(differents)} differing, {manquants} extra, of {len(fichiers)} files"


def fiche_a_modifier(racine: Path) -> Path:
    fiches = sorted((racine / "fiches").glob("*.md"))
    cible = [f for f in fiches if "videosurveillance" in f.name] or fiches
    return cible[len(cible) // 2]


def _reprise(config: Path, fiche: Path, n: int, cwd: Path) -> dict:
    r = mesure.lancer(
        [sys.executable, str(RACINE / "bench" / "reprise.py"), str(config), str(fiche), str(n)], cwd=cwd, env=ENV
    )
    ligne = next((ligne_ for ligne_ in r.sortie.splitlines() if ligne_.startswith("BENCH-REPRISE ")), None)
    if r.code != 0 or ligne is None:
        raise RuntimeError("rebuild failed:\n" + r.sortie[-4000:])
    out = json.loads(ligne.split(" ", 1)[1])
    out["fiche"] = fiche.name
    out["rss_ko"] = r.rss_max
    return out


def _site(racine: Path) -> mesure.Mesure:
    return mesure.python(
        "-m", "macros", "--racine", str(racine), "site", "--sortie", str(racine / "site"), cwd=racine, env=ENV
    )


def _plain(racine: Path) -> mesure.Mesure:
    p = mesure.python("-m", "bench.plain", "site", str(racine), cwd=RACINE, env=ENV)
    if p.code != 0:
        raise RuntimeError("plain build failed:\n" + p.sortie[-4000:])
    return p


def _capture(res: Resultat, racine: Path) -> mesure.Mesure:
    """Capture both editions for the plain baseline; returns one measure for the pair."""
    debut = time.perf_counter()
    captures = plain.preparer(racine, ENV)
    duree = time.perf_counter() - debut
    res.capture = duree
    graphiques: dict = {}
    for m in captures.values():
        for cle, v in m.graphiques.items():
            graphiques[cle] = graphiques.get(cle, 0) + v
    return mesure.Mesure(
        duree=duree,
        cpu=sum(m.cpu for m in captures.values()),
        rss_max=max(m.rss_max for m in captures.values()),
        rss_somme=sum(m.rss_somme for m in captures.values()),
        code=0,
        sortie="",
        graphiques=graphiques,
    )


def mesurer_corpus(res: Resultat, racine: Path, plan: Plan, budget: Budget) -> None:
    res.plan = plan
    try:
        _mesurer(res, racine, plan, budget)
    except RuntimeError as exc:
        res.erreur = str(exc)
        _log(f"[{res.nom}] ÉCHEC : {res.erreur[:2000]}")


def _mesurer(res: Resultat, racine: Path, plan: Plan, budget: Budget) -> None:
    site = racine / "site"
    if plan.premier == "site":
        _log(f"[{res.nom}] premier build (python -m macros site)…")
        m = _site(racine)
        if m.code != 0:
            raise RuntimeError("build failed:\n" + m.sortie[-4000:])
        res.premiere = m
        _log(f"[{res.nom}]   {m.duree:.1f} s, {m.rss_max / 1024:.0f} Mio, graphiques {m.graphiques}")
        if plan.plain:
            _log(f"[{res.nom}] capture pour la référence Material…")
            _capture(res, racine)
    else:
        _log(f"[{res.nom}] capture (graphiques dessinés ici, sans HTML)…")
        res.premiere = _capture(res, racine)
        _log(f"[{res.nom}]   {res.premiere.duree:.1f} s, graphiques {res.premiere.graphiques}")

    for i in range(plan.repetitions):
        if i > 0 and not budget.permet(1.2 * (mediane(res.nous) + (mediane(res.plain) if res.plain else 0))):
            res.sautes.append(f"repetitions {i + 1}–{plan.repetitions}")
            break
        # Every other pair starts with the plain build: what a build leaves behind (dirty
        # pages still being written to disk, a warm or cold CPU cache) then weighs on each
        # side alike.
        avant = plan.plain and i % 2 == 1
        p = _plain(racine) if avant else None
        n = _site(racine)
        if n.code != 0:
            raise RuntimeError("build failed:\n" + n.sortie[-4000:])
        res.nous.append(n)
        res.pages = {ed: _pages_html(site / ed) for ed in plain.EDITIONS}
        if plan.plain and (avant or i > 0 or budget.permet(1.2 * n.duree)):
            p = p or _plain(racine)
            res.plain.append(p)
            _log(
                f"[{res.nom}]   répétition {i + 1} : nous {n.duree:.1f} s ({n.cpu:.1f} s CPU), "
                f"Material seul {p.duree:.1f} s ({p.cpu:.1f} s CPU)"
            )
        else:
            if plan.plain:
                res.sautes.append("plain Material build")
            _log(f"[{res.nom}]   répétition {i + 1} : nous {n.duree:.1f} s ({n.cpu:.1f} s CPU)")
    if res.plain:
        res.identique = _comparer(site, racine / "site-plain")

    if plan.reconstructions:
        # The worker builds once, then once per edit: (1 + n) builds of the public edition.
        estimation = (1 + plan.reconstructions) * mediane(res.nous) * 0.6
        if not budget.permet(estimation):
            res.sautes.append("rebuild after a one-fiche edit")
            return
        fiche = fiche_a_modifier(racine)
        _log(f"[{res.nom}] reconstruction après modification de {fiche.name} (×{plan.reconstructions})…")
        res.reprise = _reprise(racine / "mkdocs.yml", fiche, plan.reconstructions, racine)
        _log(f"[{res.nom}]   {[round(x['duree'], 2) for x in res.reprise['reconstructions']]} s")
        if plan.plain_reconstructions and res.plain:
            copie = racine / "capture-public" / "docs" / "fiches" / fiche.name
            res.reprise_plain = _reprise(racine / "plain-public" / "mkdocs.yml", copie, plan.reconstructions, racine)
            _log(
                f"[{res.nom}]   Material seul : "
                f"{[round(x['duree'], 2) for x in res.reprise_plain['reconstructions']]} s"
            )


# --- report -------------------------------------------------------------------------------


def _s(x: float | None) -> str:
    return "—" if x is None or x != x else f"{x:.1f} s" if x >= 10 else f"{x:.2f} s"


def _x(x: float | None) -> str:
    return "—" if x is None or x != x else f"{x:.2f}×"


def _mo(ko: int) -> str:
    return f"{ko / 1024:.0f} MiB" if ko < 1024 * 1024 else f"{ko / 1024 / 1024:.2f} GiB"


def _par_page(r: Resultat) -> str:
    pages = sum(r.pages.values())
    if not pages or not r.nous:
        return "—"
    plain_ = f"{mediane(r.plain, 'cpu') / pages * 1000:.1f}" if r.plain else "—"
    return f"{mediane(r.nous, 'cpu') / pages * 1000:.1f} / {plain_} ms"


def _graph(m: mesure.Mesure | None) -> str:
    if m is None or not m.graphiques:
        return "—"
    return f"{m.graphiques.get('dessines', 0)} / {m.graphiques.get('en_cache', 0)}"


def doublements(resultats: list[Resultat], cle) -> list[tuple[str, float]]:
    """Time factor for doubling the corpus, between successive synthetic sizes (t ∝ N^b → 2^b)."""
    synth = [r for r in resultats if r.communes and r.nous and not r.erreur]
    out = []
    for a, b in itertools.pairwise(synth):
        exposant = math.log(cle(b) / cle(a)) / math.log(b.communes / a.communes)
        out.append((f"{a.communes} → {b.communes} communes", 2**exposant))
    return out


def rapport(
    resultats: list[Resultat],
    mach: dict,
    duree: float,
    charge: tuple,
    args,
    date: str | None = None,
    sautes: list[str] | None = None,
) -> str:
    date = date or _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    L = [
        "# Benchmarks",
        "",
        f"Written by `make bench` (`python -m bench`, see bench/) on {date}; the whole run took "
        f"{duree / 60:.1f} min. Do not edit by hand: run `make bench` again. Raw figures: "
        "bench/out/resultats.json.",
        "",
        "## Machine",
        "",
        f"- CPU: {mach['cpu']}, {mach['coeurs']} cores; RAM {mach['ram']}; {mach['systeme']}",
        f"- Python {mach['python']}; "
        + ", ".join(f"{k} {v}" for k, v in mach["paquets"].items())
        + f"; PyYAML with libyaml: {'yes' if mach['libyaml'] else 'no'}",
        f"- Load average (1 min) at start / end of the run: {charge[0]:.2f} / {charge[1]:.2f}. Anything else "
        "running on the machine slows the wall-clock figures; CPU times and the side-by-side ratios suffer less.",
        "",
        "## Full build of both editions (`python -m macros site`)",
        "",
        "| Corpus | Pages (public + intranet) | First build | Charts drawn / from cache, first build "
        "| Build, warm cache (median) | CPU time | Plain Material (median) | CPU time | Ratio | CPU ratio "
        "| CPU per page, ours / plain | Peak memory, one process | Peak memory, both editions |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in resultats:
        if r.erreur:
            L.append(f"| {r.nom} | failed, see below | | | | | | | | | | | |")
            continue
        premier = _s(r.premiere.duree) + (" (capture)" if r.plan.premier == "capture" else "")
        L.append(
            f"| {r.nom} | {r.pages.get('public', 0)} + {r.pages.get('intranet', 0)} | {premier} | {_graph(r.premiere)} "
            f"| {_s(mediane(r.nous))} (n={len(r.nous)}) | {_s(mediane(r.nous, 'cpu'))} "
            f"| {_s(mediane(r.plain)) + f' (n={len(r.plain)})' if r.plain else '—'} | "
            f"{_s(mediane(r.plain, 'cpu')) if r.plain else '—'} "
            f"| {_x(r.ratio())} | {_x(r.ratio('cpu'))} | {_par_page(r)} | {_mo(r.rss_max)} | {_mo(r.rss_somme)} |"
        )
    L += [
        "",
        "## Rebuild after a one-fiche edit (`make serve`, public edition)",
        "",
        "| Corpus | Rebuild (median) | Plain Material rebuild of the same pages (median) | Charts drawn / from "
        "cache, per rebuild | Edited fiche |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for r in resultats:
        if r.erreur or not r.reprise:
            continue
        reps = r.reprise["reconstructions"]
        g = f"{sum(x['dessines'] for x in reps) / len(reps):g} / {sum(x['en_cache'] for x in reps) / len(reps):g}"
        rp = r.reprise_plain_mediane
        L.append(
            f"| {r.nom} | {_s(r.reprise_mediane)} (n={len(reps)}) | "
            f"{_s(rp) + ' (n=' + str(len(r.reprise_plain['reconstructions'])) + ')' if rp is not None else '—'} "
            f"| {g} | {r.reprise['fiche']} |"
        )
    L += ["", "## Corpora", ""]
    for r in resultats:
        b = r.bilan
        plan = r.plan
        detail = (
            (
                f"measured: first build, {len(r.nous)} warm build(s)"
                + (f", {len(r.plain)} plain build(s)" if r.plain else "")
                + (f", {len(r.reprise['reconstructions'])} rebuild(s)" if r.reprise else "")
                + (f"; left out to fit the time budget: {', '.join(r.sautes)}" if r.sautes else "")
            )
            if plan
            else ""
        )
        if r.communes is None:
            L.append(
                f"- **{r.nom}**: a copy of the project's sources ({b.get('fiches')} fiches, "
                f"{b.get('pages_docs')} pages under docs/, {b.get('octets', 0) / 1e6:.1f} MB); {detail}."
            )
        else:
            L.append(
                f"- **{r.nom}**: {b.get('fiches')} fiches ({b.get('entrees_suivi')} journal "
                f"entries, {b.get('indicateurs')} indicators), {b.get('comptes_rendus')} minutes, "
                f"{b.get('pages_docs')} pages under docs/, {b.get('acteurs')} actors, {b.get('tableaux')} "
                f"indicator tables, {b.get('octets', 0) / 1e6:.1f} MB; {detail}."
            )
    if sautes:
        L.append(f"- Left out to fit the time budget: {'; '.join(sautes)}.")
    identiques = [f"{r.nom}: {r.identique}" for r in resultats if r.identique]
    if identiques:
        L += [
            "",
            "Plain Material output compared with ours, byte for byte (search index aside: same entries, "
            "another order): " + "; ".join(identiques) + ".",
        ]

    reel = next((r for r in resultats if r.communes is None and not r.erreur), None)
    grand = max((r for r in resultats if r.communes and not r.erreur), key=lambda r: r.communes, default=None)
    dbl_cpu = doublements(resultats, lambda r: mediane(r.nous, "cpu"))
    dbl_mur = doublements(resultats, lambda r: mediane(r.nous))
    dbl_plain = doublements([r for r in resultats if r.plain], lambda r: mediane(r.plain, "cpu"))
    L += ["", "## Targets", "", "| Target | Measured | Met? |", "| --- | --- | --- |"]
    if reel and reel.plain:
        L.append(
            f"| Our build ≤ {CIBLE_RATIO:.2f}× plain Material, real content | {_x(reel.ratio())} wall-clock "
            f"({_x(reel.ratio('cpu'))} CPU) | {'yes' if reel.ratio() <= CIBLE_RATIO else 'no'} |"
        )
    if reel and reel.reprise:
        rm, rp = reel.reprise_mediane, reel.reprise_plain_mediane
        L.append(
            f"| Rebuild after a one-fiche edit ≤ {CIBLE_REPRISE} s, warm cache, real content | {_s(rm)}"
            + (f" (plain Material: {_s(rp)})" if rp is not None else "")
            + f" | {'yes' if rm is not None and rm <= CIBLE_REPRISE else 'no'} |"
        )
    if grand:
        L.append(
            f"| Peak memory ≤ 2 GB, {grand.nom} | {_mo(grand.rss_max)} for one process, "
            f"{_mo(grand.rss_somme)} for both editions at once | "
            f"{'yes' if grand.rss_somme <= CIBLE_MEMOIRE else 'no'} |"
        )
    if dbl_cpu:
        L.append(
            "| Time linear in size: doubling the corpus ≤ 2.1× time | CPU time: "
            + ", ".join(f"{n}: {_x(v)}" for n, v in dbl_cpu)
            + "; wall-clock: "
            + ", ".join(f"{n}: {_x(v)}" for n, v in dbl_mur)
            + " (per doubling)"
            + ("; plain Material, CPU time: " + ", ".join(f"{n}: {_x(v)}" for n, v in dbl_plain) if dbl_plain else "")
            + " | "
            + ("yes" if all(v <= CIBLE_DOUBLEMENT for _, v in dbl_cpu) else "no")
            + (" (CPU time; wall-clock: " + ("yes" if all(v <= CIBLE_DOUBLEMENT for _, v in dbl_mur) else "no") + ")")
            + " |"
        )
    if reel and len(reel.plain) > 1:
        paires = sorted(n.duree / p.duree for n, p in zip(reel.nous, reel.plain, strict=False))
        L += [
            "",
            f"The {len(paires)} side-by-side pairs of the real content one by one (our build / the plain one, "
            f"wall-clock): {_x(paires[0])} to {_x(paires[-1])}, median {_x(statistics.median(paires))}. The "
            "target reads the ratio of the two medians.",
        ]
    for r in resultats:
        if r.erreur:
            L += ["", f"### {r.nom}: failure", "", "```", r.erreur[-3000:], "```"]
    L += [
        "",
        METHODE.format(
            repetitions=args.repetitions,
            reconstructions=args.reconstructions,
            tailles=args.tailles,
            date=DATE_BUILD,
            budget=args.budget / 60,
        ).rstrip(),
        "",
        NOTES.rstrip(),
        "",
    ]
    return "\n".join(L)


METHODE = """## Method

- **Build**: `python -m macros site`, exactly what `make site` and CI run: the sources are
  loaded and validated once, the engine, theme, plugins and our modules imported once, then
  both editions are built at once, each in a process forked from that one
  (macros/moteur/construction.py) running the engine's `build --strict`. Wall-clock time of the whole command,
  and its CPU time (user + system, all processes). `STSPD_DATE={date}` makes every run
  build the same pages. As under make, Python keeps the compiled form of each module
  (`__pycache__`): the first build compiles the engine, the others reuse it.
- **First build**: the real content starts from an empty chart cache, as a CI build without
  a saved cache. The synthetic corpora share one chart cache, emptied at the start of the
  run: a commune's data, and so its charts, are the same in every size, and each corpus
  draws only the charts of the communes the sizes before it did not have. For the
  corpora above 10 communes the first build is the capture of the plain baseline (our
  plugin, hooks and macros run and draw the charts; no HTML is written), to save time.
- **Plain Material**: the same pages without our code. Each edition is built once with a
  capture hook (bench/capture_hook.py) that runs after ours and saves the final Markdown
  of every page (macros expanded, fiche header and journal inserted, abbreviations
  appended), the static and generated files (charts, CSV) and the final nav; a `mkdocs.yml`
  with our theme, overrides, Markdown extensions and search plugin, but without the
  `macros` plugin and without `hooks:`, builds them, both editions at once as `make site`
  does. The two builds produce the same site (compared byte for byte, above), so the
  ratio is the cost of our code alone: loading and validating the sources (once, before
  the editions), macros, hooks, generated pages, charts read from the cache. The capture
  also keeps what our hooks put in the configuration (`extra`: the CSP), the pages' final
  titles and `robots.txt`.
- **Side by side**: each repetition runs our build and the plain build, so both see the same
  machine; every other repetition starts with the plain one, so that what a build leaves
  behind (its files still being written to disk) weighs on both sides alike. On this
  machine one build can take 30 % longer than the same build a minute earlier: hence
  {repetitions} repetitions on the real content, and the spread of the pairs' ratios
  under the table. Medians: {repetitions} repetitions on the real content, 1 on the synthetic
  corpora (n in the tables), to keep `make bench` within its time budget ({budget:.0f} min
  by default, `--budget`): optional measurements are left out, and said so, when the builds
  already measured show they would overrun it.
- **Peak memory**: "one process" is the largest peak RSS of any process of the command
  (kernel figure from `wait4`, which covers the command and all its descendants); "both
  editions" adds up the peaks of the Python processes alive at the same moment, at the
  moment that sum is largest (each writes its own `ru_maxrss`, start and end at exit,
  bench/_site/sitecustomize.py; a peak counts for the process's whole life): the editions
  run at the same time, beside the parent, so this is an upper bound of what the build
  holds at once. The process that loads the sources has ended when the editions start.
- **Charts drawn / from cache**: the statistics of `macros/rendu/graphiques.py`, added up over the
  processes of the command (both editions: a chart shown in both counts twice).
- **Rebuild after a one-fiche edit**: what the coordinator waits for in `make serve`. MkDocs'
  `serve` rebuilds in the same process with a freshly loaded config (imports, Jinja
  templates and the chart cache are warm); bench/reprise.py does exactly that (the code of
  `mkdocs.commands.serve` without the HTTP server and the watcher): a first build, then
  "append a sentence to one fiche, rebuild", {reconstructions} times on the real content.
  The same worker on the plain build (editing the captured page) gives the floor set by
  MkDocs and Material. Timing a new `mkdocs build` process instead would add the interpreter
  start and every import, which `make serve` does not pay again.
- **Linearity**: for two sizes N1 < N2 with median times t1, t2, the factor for doubling
  the corpus is (t2/t1)^(log 2 / log(N2/N1)), i.e. 2^b for t ∝ N^b. Judged on CPU time,
  which other load on the machine does not inflate; the fixed costs (interpreter start,
  imports, theme) make the smaller corpora look sublinear. The same factor for the plain
  build, and the CPU time per page, show how much of a departure from linear is MkDocs'
  and Material's own: every page renders the navigation and the list of communes in it
  grows with the corpus.
- **Corpora** (`--tailles {tailles}`, in communes): bench/corpus.py. A commune is built from
  the real content: its strategy pages, 3 axes, 20 fiches with their real bodies, its own
  actors and indicator tables, plus a generated journal (2–14 entries per fiche), status,
  progress, 0–2 indicators per fiche and 4 minutes a year over 5 years. Deterministic from
  the seed (`random.Random(f"{{seed}}:{{commune}}")`); `python -m bench.corpus DIR
  --communes N` writes one.
"""

NOTES = """## Hot spots found, and what was done

Found with cProfile on one edition (`mkdocs build`, public) of the synthetic corpora. The
figures are cProfile times (profiling roughly doubles them) from the development of the
benchmark (10 communes, same corpus and machine, before → after all the changes below):
whole edition 43.4 s → 26.4 s; Markdown to HTML 22.9 s → 12.7 s; loading the sources
6.4 s → 0.8 s; our on_config 7.0 s → 1.3 s. `python -m macros site` on that corpus, warm
chart cache, without profiler: 29.9 s → 13.9 s wall-clock, 51.7 s → 23.9 s CPU; with an
empty chart cache 43.7 s → 24.5 s. Every change keeps the output identical: both editions
of the real content and of a 3-commune corpus were built before and after and compared
byte for byte (charts.py aside: changing its source changes, by design, the chart cache
keys, so each chart was compared by drawing it with both versions).

1. **Abbreviations appended to every page** (render.abreviations, macros/__init__.py): the
   88 glossary definitions went at the end of every page, and Python-Markdown's `abbr`
   re-tests the rest of the definition block for every definition line (quadratic): about
   30 ms per page, the largest cost of our code (re.search in the block parser: 8.8 s →
   0.8 s). Fixed: only the acronyms that occur in the page are appended.
2. **Sources parsed by the pure-Python YAML parser** (macros/yamlio.py): 6.0 s → 0.5 s.
   Fixed: libyaml's C parser when PyYAML has it; on any error the text is parsed again by
   the pure-Python parser, so messages and line numbers do not change (parsed data and
   line numbers checked identical on every source of the corpora). Also
   `Document.sous`, which scanned every line of acteurs.yml for every actor (quadratic).
   Loading 50 communes: 10.3 s → 1.9 s per process.
3. **Sources loaded more than once**: three times per `make site`, in the parent (a problem
   is reported once, with every problem listed) and in each edition process. Kept: the
   editions run in separate processes to build in parallel, and loading is now a small
   share. But the parent no longer makes the editions wait: they start at once and the
   parent checks the sources meanwhile, stopping them if a source is invalid (cli.py;
   real content, median of 7 alternated runs: 2.57 s → 2.44 s).
4. **Per-page work that belongs once per build**: the fiche and the minute of each page
   were found by scanning all of them (`next(f for f in fiches …)`, on every page), the
   minutes of a fiche likewise (render.comptes_rendus_fiche), `Corpus.fiche(id)`, and the
   fiches of each actor (pages._fiches_de, once per actor, then again for the index).
   Quadratic; fixed with tables built once per build (adapter.Etat, Corpus._table,
   pages._index): at 50 communes, pages.generer 1.15 s → 0.22 s. And mkdocs-macros
   compiled every page as a Jinja template, although most hold no Jinja syntax at all
   (fiches, minutes): such a page is now passed through (macros/__init__.py,
   `_sans_gabarit`; same text).
5. **Slow import**: matplotlib (~0.4 s per process) was imported by every build, also when
   every chart comes from the cache. Fixed: imported when the first chart is drawn; its
   version, part of the cache key, is read from the package metadata (charts.py).
6. **Charts redrawn**: a warm build draws no chart and a one-fiche edit redraws none (see
   the tables), so drawing only weighs on first builds (~0.1–0.2 s a chart with
   matplotlib, mostly constrained layout and SVG output: not changed, it is the charts'
   look). With an empty cache the two editions, built at the same time, drew the same
   charts twice: for the progress charts the intranet edition now draws from the end of
   the list (graphiques_suivi.graphiques), so the two meet halfway. The indicator charts of the
   pages are drawn while the pages render, in the same order in both editions, so a first
   build still draws those twice: keep `.cache/` between CI runs (e.g. `actions/cache` on
   `.cache/graphiques`) and a first build is paid once.
7. **What remains** on the real content is mostly fixed cost, now paid once instead of
   once per process: Python, importing our package and its pydantic models, MkDocs,
   Material and mkdocs-macros, loading the sources; then, in each edition, generated
   pages, exports, feeds and per-page work (macros; the checks of every page's HTML, the CSP
   scan and the intranet-class scan, the latter now skipped on pages without the word
   « intranet »: 10 ms a page under cProfile). The parent's part runs on one core before
   the editions start. On two idle cores that costs about what the plain build's two
   imports cost side by side; on a busy machine a lone process gets a single share, so the
   wall-clock ratio suffers more than the CPU ratio (see the load average above).
   Python-Markdown and Material's templates and search index are the rest (the plain
   columns), and set the floor of a `make serve` rebuild: MkDocs has no incremental build,
   every page is rendered again.
8. **Not a hot spot, a limit found on the way**: `render.lier_fiches` links « fiche 2.1 »
   with a one-digit axis only (`\\d\\.\\d{1,2}`); at the scale of a metropolis (axes 10
   and more) such references stay plain text. The schema accepts such ids; the link pattern
   should follow it.
"""


# --- main ---------------------------------------------------------------------------------


def rapport_seul(args) -> int:
    """BENCHMARKS.md written again from the raw figures of the last run (no build)."""
    brut = json.loads((SORTIE / "resultats.json").read_text(encoding="utf-8"))

    def m(d: dict | None) -> mesure.Mesure | None:
        return (
            None
            if d is None
            else mesure.Mesure(
                duree=d["duree"],
                cpu=d["cpu"],
                rss_max=d["rss_max_ko"],
                rss_somme=d["rss_somme_ko"],
                code=0,
                sortie="",
                graphiques=d.get("graphiques") or {},
            )
        )

    resultats = []
    for d in brut["resultats"]:
        r = Resultat(
            d["nom"],
            d["communes"],
            d["bilan"],
            Plan(**d["plan"]),
            d["pages"],
            m(d["premiere"]),
            [m(x) for x in d["nous"]],
            [m(x) for x in d["plain"]],
            d["reprise"],
            d["reprise_plain"],
            d["capture"],
            d["identique"],
            d["erreur"],
            d["sautes"],
        )
        resultats.append(r)
    charge = tuple(brut.get("charge", (float("nan"), float("nan"))))
    for cle in ("repetitions", "reconstructions", "tailles", "budget"):  # as in the measured run
        if cle in brut.get("args", {}):
            setattr(args, cle, brut["args"][cle])
    texte = rapport(resultats, brut["machine"], brut["duree"], charge, args, brut.get("date"), brut.get("sautes"))
    args.sortie.write_text(ssmsi.conserver(args.sortie, texte), encoding="utf-8")  # keeps the import's part
    print(f"Écrit : {args.sortie}")
    return 0


def nettoyer(racine: Path) -> None:
    """Remove what a synthetic corpus' builds wrote (the sources stay, for another look)."""
    for chemin in [racine / "site", racine / "site-plain", *racine.glob("capture-*"), *racine.glob("plain-*")]:
        if chemin.is_dir():
            shutil.rmtree(chemin, ignore_errors=True)
        elif chemin.exists():
            chemin.unlink()


def plan_pour(n: int | None, args) -> Plan:
    if n is None:
        return Plan("site", args.repetitions, True, args.reconstructions, True)
    if n <= 10:
        return Plan("site", 1, True, 1, False)
    return Plan("capture", 1, True, 0, False)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="Benchmark of the site build (issue #8).")
    p.add_argument(
        "--tailles",
        default="10,50,20",
        help="synthetic corpus sizes in communes, in the order they are measured (default 10,50,20: "
        "the largest before the middle one, which the time budget may leave out)",
    )
    p.add_argument("--repetitions", type=int, default=15, help="side-by-side runs on the real content (default 15)")
    p.add_argument("--reconstructions", type=int, default=5, help="one-fiche rebuilds on the real content (default 5)")
    p.add_argument("--budget", type=float, default=540, help="time budget in seconds (default 540)")
    p.add_argument("--graine", type=int, default=2024)
    p.add_argument("--sortie", type=Path, default=RACINE / "BENCHMARKS.md")
    p.add_argument("--sans-reel", action="store_true", help="leave the real content out")
    p.add_argument(
        "--garder", action="store_true", help="keep the built sites of the synthetic corpora in bench/out (about 2 GB)"
    )
    p.add_argument(
        "--rapport-seul", action="store_true", help="only write the report again, from bench/out/resultats.json"
    )
    args = p.parse_args(argv)
    if args.rapport_seul:
        return rapport_seul(args)
    tailles = [int(t) for t in args.tailles.split(",") if t.strip()]
    # First and warm builds are measured against each corpus' own .cache/: a shared cache
    # (STSPD_CACHE, the test suite's) would make every first build a warm one.
    os.environ.pop("STSPD_CACHE", None)

    budget = Budget(args.budget)
    charge0 = os.getloadavg()[0]
    mach = machine()
    _log(f"Machine : {mach['cpu']}, {mach['coeurs']} cœurs, {mach['ram']}, Python {mach['python']}")
    SORTIE.mkdir(parents=True, exist_ok=True)
    resultats: list[Resultat] = []
    sautes: list[str] = []

    if not args.sans_reel:
        racine = SORTIE / "reel"
        bilan = gen.copier_reel(racine)
        res = Resultat("real content", None, bilan.__dict__)
        mesurer_corpus(res, racine, plan_pour(None, args), budget)
        resultats.append(res)

    cache = SORTIE / "cache-synthetique"
    shutil.rmtree(cache, ignore_errors=True)
    (cache / "graphiques").mkdir(parents=True)
    for i, n in enumerate(tailles):
        # A corpus after the first two is optional: estimated from the largest measured so far.
        faits = [r for r in resultats if r.communes and r.nous]
        if i >= 2 and faits:
            ref = max(faits, key=lambda r: r.communes)
            estimation = (
                1.5
                * n
                / ref.communes
                * (mediane(ref.nous) + ref.premiere.duree + (mediane(ref.plain) if ref.plain else mediane(ref.nous)))
            )
            if not budget.permet(estimation):
                _log(f"[{n} communes] laissé de côté : {estimation:.0f} s estimées, {budget.reste():.0f} s restantes")
                sautes.append(f"{n} communes (estimated {estimation:.0f} s, {max(0, budget.reste()):.0f} s left)")
                continue
        racine = SORTIE / f"communes-{n}"
        _log(f"[{n} communes] génération…")
        bilan = gen.generer(racine, n, graine=args.graine)
        (racine / ".cache").symlink_to(cache, target_is_directory=True)
        res = Resultat(f"{n} commune{'s' if n > 1 else ''}", n, bilan.__dict__)
        mesurer_corpus(res, racine, plan_pour(n, args), budget)
        resultats.append(res)
        if not args.garder:
            nettoyer(racine)
    resultats.sort(key=lambda r: r.communes or 0)

    duree = time.perf_counter() - budget.debut
    charge = (charge0, os.getloadavg()[0])
    date = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    (SORTIE / "resultats.json").write_text(
        json.dumps(
            {
                "machine": mach,
                "duree": duree,
                "charge": charge,
                "date": date,
                "args": vars(args) | {"sortie": str(args.sortie)},
                "sautes": sautes,
                "resultats": [r.brut() for r in resultats],
            },
            ensure_ascii=False,
            indent=1,
            default=str,
        ),
        encoding="utf-8",
    )
    texte = rapport(resultats, mach, duree, charge, args, date, sautes)
    args.sortie.write_text(ssmsi.conserver(args.sortie, texte), encoding="utf-8")  # keeps the import's part
    print()
    print(texte.split("## Method")[0])
    print(f"Écrit : {args.sortie} ({duree / 60:.1f} min)")
    return 1 if any(r.erreur for r in resultats) else 0


if __name__ == "__main__":
    raise SystemExit(main())
