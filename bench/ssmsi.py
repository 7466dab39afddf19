"""``python -m bench.ssmsi`` (run by ``make bench``): the SSMSI import on a full-size file.

The real communal base is ~5.2 million rows, ~40 MB compressed (34 920 communes × 15
indicators × 10 years, ../shared/ssmsi/FORMAT.md); this machine has no network, so a
synthetic file of the same size and shape is generated (deterministic: fixed seed, gzip
without timestamp), once, in ``bench/out/ssmsi/`` (outside git), with a département base
of the 101 départements. Then ``python -m macros import-ssmsi`` runs on it ``--repetitions``
times in a throwaway project (only ``data/commune.yml``), measured by ``bench/mesure.py``
(wall time, CPU, peak memory of the process, from ``wait4``). Targets: ≤ 30 s, ≤ 300 MB.

The figures go into BENCHMARKS.md between two markers, so that the site benchmark
(``python -m bench``) and this one each rewrite their own part only.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gzip
import math
import os
import random
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

from . import mesure

RACINE = Path(__file__).resolve().parent.parent
SORTIE = RACINE / "bench" / "out" / "ssmsi"
NOM = "donnee-data.gouv-2026-geographie2026-produit-le2026-06-12.csv.gz"
NOM_DEP = "donnee-dep-data.gouv-2026-geographie2026-produit-le2026-06-12.csv.gz"
VERSION = "1"  # of the generator: a new version makes a new file
CIBLE_DUREE = 30.0  # s
CIBLE_MEMOIRE = 300 * 1024  # KiB
DEBUT, FIN = "<!-- ssmsi:debut -->", "<!-- ssmsi:fin -->"

sys.path.insert(0, str(RACINE))
from macros.lecture.ssmsi import ENTETE_COMMUNES, ENTETE_DEPARTEMENTS, INDICATEURS_COMMUNAUX  # noqa: E402
from macros.outils.import_ssmsi import DEPARTEMENTS  # noqa: E402

UNITES = (
    "Victime",
    "Victime",
    "Victime",
    "Infraction",
    "Infraction",
    "Victime entendue",
    "Infraction",
    "Véhicule",
    "Véhicule",
    "Véhicule",
    "Infraction",
    "Victime",
    "Mis en cause",
    "Mis en cause",
    "Mis en cause",
)


def communes() -> list[str]:
    """34 920 codes: 360 per metropolitan département, 72 per overseas one; 59410 among them."""
    out = []
    for dep in DEPARTEMENTS:
        if len(dep) == 3:
            out += [f"{dep}{n:02d}" for n in range(1, 73)]
        else:
            codes = [f"{dep}{n:03d}" for n in range(1, 361)]
            if dep == "59":
                codes[-1] = "59410"
            out += codes
    return out


def _q(x: str) -> str:
    return f'"{x}"'


def generer(chemin: Path, graine: int = 2026) -> dict:
    """The communal base, ~5.2 million rows. Returns its facts."""
    rnd = random.Random(graine)
    chemin.parent.mkdir(parents=True, exist_ok=True)
    tmp = chemin.with_suffix(".tmp")
    lignes_total = secrets = 0
    indicateurs = [(_q(i), _q(u)) for i, u in zip(INDICATEURS_COMMUNAUX, UNITES, strict=True)]
    with open(tmp, "wb") as brut, gzip.GzipFile(filename="", mode="wb", fileobj=brut, mtime=0, compresslevel=6) as gz:
        gz.write(("\ufeff" + ";".join(_q(c) for c in ENTETE_COMMUNES) + "\n").encode("utf-8"))
        for code in communes():
            pop = int(math.exp(rnd.uniform(math.log(50), math.log(250000))))  # most communes are small
            log = max(20, pop // 2 + rnd.randint(-pop // 10 - 1, pop // 10 + 1))
            qc = _q(code)
            bloc = []
            for k, (ind, unite) in enumerate(indicateurs):
                base = pop * rnd.random() * 0.006
                for annee in range(2016, 2026):
                    p, lg = pop + (annee - 2016) * 3, log + (annee - 2016)
                    a = _q(str(annee))
                    nombre = int(base * (0.8 + 0.4 * rnd.random()))
                    den = lg if k == 6 else p
                    if nombre <= 5 or rnd.random() < 0.15:
                        secrets += 1
                        moy = rnd.randint(1, 40)
                        champs = f'"NA";"NA";"ndiff";"{p}";{a};"{lg}";{a};"{moy}";"{moy / den * 1000:.7f}"'.replace(
                            ".", ","
                        )
                    else:
                        champs = (
                            f'"{nombre}";"{nombre / den * 1000:.7f}";"diff";"{p}";{a};"{lg}";{a};"NA";"NA"'.replace(
                                ".", ","
                            )
                        )
                    bloc.append(f"{qc};{a};{ind};{unite};{champs}\n")
            gz.write("".join(bloc).encode("utf-8"))
            lignes_total += len(bloc)
    os.replace(tmp, chemin)
    return {"lignes": lignes_total, "communes": len(communes()), "secrets": secrets, "octets": chemin.stat().st_size}


def generer_dep(chemin: Path) -> None:
    rnd = random.Random(59)
    extra = ("Homicides", "Tentatives d'homicides", "Autres coups et blessures volontaires")
    lignes = [";".join(_q(c) for c in ENTETE_DEPARTEMENTS)]
    for dep in DEPARTEMENTS:
        pop = rnd.randint(80000, 2600000)
        log = pop // 2
        for k, ind in enumerate(list(INDICATEURS_COMMUNAUX) + list(extra)):
            for annee in range(2016, 2026):
                n = int(pop * rnd.random() * 0.005)
                den = log if k == 6 else pop
                lignes.append(
                    ";".join(
                        _q(x)
                        for x in (
                            dep,
                            "00",
                            str(annee),
                            ind,
                            "Victime",
                            str(n),
                            f"{n / den * 1000:.7f}".replace(".", ","),
                            str(pop),
                            str(annee),
                            str(log),
                            str(annee),
                        )
                    )
                )
    with open(chemin, "wb") as brut, gzip.GzipFile(filename="", mode="wb", fileobj=brut, mtime=0) as gz:
        gz.write(("\n".join(lignes) + "\n").encode("utf-8"))


def fichiers() -> tuple[Path, Path, dict, float]:
    """The synthetic files, generated when missing or from another generator version."""
    chemin, dep = SORTIE / NOM, SORTIE / NOM_DEP
    marque = SORTIE / f"version-{VERSION}.txt"
    duree = 0.0
    if not (chemin.is_file() and dep.is_file() and marque.is_file()):
        shutil.rmtree(SORTIE, ignore_errors=True)
        debut = time.perf_counter()
        print(f"Génération du fichier synthétique ({chemin})…", flush=True)
        faits = generer(chemin)
        generer_dep(dep)
        duree = time.perf_counter() - debut
        marque.write_text(f"{faits['lignes']} {faits['communes']} {faits['secrets']}\n", encoding="utf-8")
    lignes, n_communes, secrets = (int(x) for x in marque.read_text(encoding="utf-8").split())
    return (
        chemin,
        dep,
        {"lignes": lignes, "communes": n_communes, "secrets": secrets, "octets": chemin.stat().st_size},
        duree,
    )


def _n(x: int) -> str:
    return f"{x:,}".replace(",", " ")


def _mo(ko: int) -> str:
    return f"{ko / 1024:.0f} MiB"


def section(
    faits: dict,
    mesures: list[mesure.Mesure],
    generation: float,
    date: str,
    charge: tuple[float, float] = (math.nan, math.nan),
) -> str:
    med = statistics.median(m.duree for m in mesures)
    cpu = statistics.median(m.cpu for m in mesures)
    rss = max(m.rss_max for m in mesures)
    ok = med <= CIBLE_DUREE and rss <= CIBLE_MEMOIRE
    lignes = [
        DEBUT,
        "## SSMSI import (`make import-ssmsi`, full-size synthetic file)",
        "",
        f"Written by `python -m bench.ssmsi` (part of `make bench`) on {date}.",
        "",
        f"- File: {_n(faits['lignes'])} rows ({_n(faits['communes'])} communes × 15 indicators × 10 years), "
        f"{faits['octets'] / 1e6:.1f} MB gzip-compressed, synthetic (`bench/ssmsi.py`, fixed seed; "
        f"{faits['secrets'] / faits['lignes']:.0%} of the cells withheld, about half in the real base), "
        "plus a département base of the 101 départements. Larger than the real file (~40 MB): random decimals "
        "compress worse, so the decompression measured here is the heavier one.",
        f"- Import of the commune and its département (`python -m macros import-ssmsi`), {len(mesures)} runs: "
        + ", ".join(f"{m.duree:.1f} s" for m in mesures)
        + f"; median **{med:.1f} s** (CPU {cpu:.1f} s).",
        f"- Peak memory of the process: **{_mo(rss)}** (largest of the runs).",
        f"- Load average (1 min) at start / end: {charge[0]:.2f} / {charge[1]:.2f} on {os.cpu_count()} cores: the "
        "wall time includes waiting for the CPU; the CPU time is the import's own cost.",
        f"- Targets: ≤ {CIBLE_DUREE:.0f} s and ≤ {CIBLE_MEMOIRE // 1024} MB: **{'met' if ok else 'NOT MET'}**.",
        "- How: the base is streamed as bytes; a line is parsed as CSV only when it holds the commune's code "
        "(substring test, then an exact test on the parsed field). The time is mostly decompression.",
    ]
    if generation:
        lignes.append(f"- Generating the synthetic file took {generation:.0f} s (once; kept in bench/out/ssmsi/).")
    lignes.append(FIN)
    return "\n".join(lignes) + "\n"


def remplacer_section(texte: str, nouvelle: str) -> str:
    """BENCHMARKS.md with this benchmark's section replaced (or added at the end)."""
    motif = re.compile(re.escape(DEBUT) + r".*?" + re.escape(FIN) + r"\n?", re.S)
    if motif.search(texte):
        return motif.sub(lambda _m: nouvelle, texte)
    return texte.rstrip("\n") + "\n\n" + nouvelle


def conserver(ancien: Path, texte: str) -> str:
    """The site benchmark's new report, keeping this benchmark's section of the old file."""
    if not ancien.is_file():
        return texte
    m = re.search(re.escape(DEBUT) + r".*?" + re.escape(FIN) + r"\n?", ancien.read_text(encoding="utf-8"), re.S)
    return remplacer_section(texte, m.group(0)) if m else texte


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.ssmsi", description="Benchmark of the SSMSI import.")
    p.add_argument("--repetitions", type=int, default=3)
    p.add_argument("--sortie", type=Path, default=RACINE / "BENCHMARKS.md")
    args = p.parse_args(argv)
    charge0 = os.getloadavg()[0]
    chemin, dep, faits, generation = fichiers()
    projet = SORTIE / "projet"
    mesures = []
    for i in range(args.repetitions):
        shutil.rmtree(projet, ignore_errors=True)
        (projet / "data").mkdir(parents=True)
        shutil.copy2(RACINE / "data" / "commune.yml", projet / "data" / "commune.yml")
        m = mesure.python(
            "-m",
            "macros",
            "--racine",
            str(projet),
            "import-ssmsi",
            "--fichier",
            str(chemin),
            "--departement",
            str(dep),
            cwd=RACINE,
        )
        print(f"  import {i + 1} : {m.duree:.1f} s, {_mo(m.rss_max)}", flush=True)
        if m.code != 0:
            print(m.sortie, file=sys.stderr)
            return 1
        mesures.append(m)
    date = _dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    nouvelle = section(faits, mesures, generation, date, (charge0, os.getloadavg()[0]))
    ancien = args.sortie.read_text(encoding="utf-8") if args.sortie.is_file() else "# Benchmarks\n"
    args.sortie.write_text(remplacer_section(ancien, nouvelle), encoding="utf-8")
    print(nouvelle)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
