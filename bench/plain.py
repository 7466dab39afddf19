"""The "plain Material" baseline: the same Markdown, built without our macros and hooks.

``preparer(corpus)`` builds each edition once with ``bench/capture_hook.py`` added after our
hooks; the hook writes the final Markdown of every page (macros expanded, fiche headers,
journals, abbreviations), the static files, the generated files (charts, CSV) and the nav.
Then ``plain-<edition>/mkdocs.yml`` is our configuration (``INHERIT`` resolved) without the
``macros`` plugin, without ``hooks:``, not strict, with the captured nav: same theme, same
overrides, same Markdown extensions, same search plugin, same pages.

So the ratio "our build / plain build" is the cost of our code (loading and validating the
sources, macros, hooks, generated pages, charts), not the cost of rendering more Markdown.

``python -m bench.plain site <corpus>`` builds both plain editions at once, in two
``mkdocs build`` processes, as ``python -m macros site`` does for ours.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import mesure
from .corpus import ecrire_yaml, lire_config

EDITIONS = {"public": "mkdocs.yml", "intranet": "mkdocs.intranet.yml"}
HOOK = Path(__file__).resolve().parent / "capture_hook.py"


def _fusion(base: dict, extra: dict) -> dict:
    """MkDocs' INHERIT merge: mappings merged recursively, anything else replaced."""
    out = dict(base)
    for k, v in extra.items():
        out[k] = _fusion(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def config_effective(racine: Path, fichier: str) -> dict:
    config = lire_config(racine / fichier)
    parent = config.pop("INHERIT", None)
    if parent:
        config = _fusion(config_effective(racine, parent), config)
    return config


def _sans_macros(plugins):
    if isinstance(plugins, dict):
        return {k: v for k, v in plugins.items() if k != "macros"}
    if isinstance(plugins, list):
        return [p for p in plugins if not (p == "macros" or isinstance(p, dict) and "macros" in p)]
    return plugins


def capturer(racine: Path, env: dict | None = None) -> dict[str, mesure.Mesure]:
    """Build each edition with the capture hook (both at once); raises if a build fails."""

    def une(edition: str) -> mesure.Mesure:
        base = config_effective(racine, EDITIONS[edition])
        hooks = list(base.get("hooks") or []) + [str(HOOK)]
        fichier = racine / f"mkdocs.capture-{edition}.yml"
        fichier.write_text(ecrire_yaml({"INHERIT": EDITIONS[edition], "hooks": hooks}), encoding="utf-8")
        m = mesure.python(
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(fichier),
            "-d",
            str(racine / f"capture-site-{edition}"),
            cwd=racine,
            env={**(env or {}), "BENCH_CAPTURE": str(racine / f"capture-{edition}")},
        )
        if m.code != 0 or not (racine / f"capture-{edition}" / "fini").exists():
            raise RuntimeError(f"capture de l'édition {edition} ({racine}) : échec\n{m.sortie[-3000:]}")
        return m

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(EDITIONS, pool.map(une, EDITIONS), strict=True))


def _retitrer(nav, titres: dict[str, str]):
    """The nav with each page's final title: our hooks set a page's title from its front
    matter even where the nav names the page (plain MkDocs keeps the nav's title)."""
    if isinstance(nav, list):
        return [_retitrer(x, titres) for x in nav]
    if isinstance(nav, dict):
        return {
            (titres.get(v, k) if isinstance(v, str) else k): (v if isinstance(v, str) else _retitrer(v, titres))
            for k, v in nav.items()
        }
    return nav


def preparer(racine: Path, env: dict | None = None) -> dict[str, mesure.Mesure]:
    """Capture, then write ``plain-<edition>/mkdocs.yml``. Returns the capture of each edition."""
    captures = capturer(racine, env)
    for edition, fichier in EDITIONS.items():
        capture = racine / f"capture-{edition}"
        config = config_effective(racine, fichier)
        config.pop("hooks", None)
        config.pop("watch", None)
        if "plugins" in config:
            config["plugins"] = _sans_macros(config["plugins"])
        theme = config.get("theme")
        if isinstance(theme, dict) and isinstance(theme.get("custom_dir"), str):
            theme["custom_dir"] = str((racine / theme["custom_dir"]).resolve())
        config["strict"] = False
        config["docs_dir"] = str(capture / "docs")
        config["site_dir"] = str(racine / f"site-plain/{edition}")
        titres = json.loads((capture / "titres.json").read_text(encoding="utf-8"))
        config["nav"] = _retitrer(json.loads((capture / "nav.json").read_text(encoding="utf-8")), titres)
        config["extra"] = json.loads((capture / "extra.json").read_text(encoding="utf-8"))
        reglages = json.loads((capture / "reglages.json").read_text(encoding="utf-8"))
        for cle in ("site_name", "site_description", "copyright", "site_url"):
            if reglages.get(cle) is not None:
                config[cle] = str(reglages[cle])
        if isinstance(theme, dict):
            for cle in ("palette", "logo"):
                if reglages.get(cle) is not None:
                    theme[cle] = reglages[cle]
        dossier = racine / f"plain-{edition}"
        dossier.mkdir(exist_ok=True)
        (dossier / "mkdocs.yml").write_text(ecrire_yaml(config), encoding="utf-8")
    return captures


def construire_site(racine: Path) -> int:
    """Both plain editions at once (as ``python -m macros site`` does for ours)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")

    def une(edition: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "--clean",
                "-f",
                str(racine / f"plain-{edition}" / "mkdocs.yml"),
            ],
            cwd=racine,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        resultats = list(pool.map(une, EDITIONS))
    code = 0
    for edition, r in zip(EDITIONS, resultats, strict=True):
        if r.returncode != 0:
            print(f"plain {edition} : échec\n{r.stdout[-3000:]}", file=sys.stderr)
            code = 1
    return code


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "site":
        raise SystemExit(construire_site(Path(sys.argv[2]).resolve()))
    if len(sys.argv) == 3 and sys.argv[1] == "preparer":
        preparer(Path(sys.argv[2]).resolve())
        raise SystemExit(0)
    print("usage: python -m bench.plain site|preparer <corpus>", file=sys.stderr)
    raise SystemExit(2)
