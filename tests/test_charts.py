"""Charts: deterministic SVG, content-hash cache, legible without colour."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from macros.rendu import graphiques as charts

RACINE = Path(__file__).resolve().parent.parent

SPEC = charts.Spec(
    type="barres",
    categories=("2015", "2016", "2017"),
    series=(("Enlèvements de tags", (165, 123, 28)), ("Dépôts sauvages", (296, 342, 221))),
    unite="interventions",
    titre="Tags et dépôts sauvages",
)


def test_same_data_same_bytes():
    assert charts.dessiner(SPEC) == charts.dessiner(SPEC)


def test_same_bytes_in_another_process():
    # Another interpreter, another hash seed: what two builds of the same commit do.
    code = (
        "import sys; from macros.rendu import graphiques as charts; from test_charts import SPEC; "
        "sys.stdout.buffer.write(charts.dessiner(SPEC))"
    )
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=os.pathsep.join([str(RACINE), str(RACINE / "tests")]))
    proc = subprocess.run([sys.executable, "-c", code], cwd=RACINE, env=env, capture_output=True)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout == charts.dessiner(SPEC)


def test_no_date_nor_creator_in_the_file():
    svg = charts.dessiner(SPEC).decode("utf-8")
    assert "<dc:date>" not in svg and "Matplotlib" not in svg
    assert "<dc:title>Tags et dépôts sauvages</dc:title>" in svg


def test_cache_draws_once(tmp_path):
    cache = tmp_path / "graphiques"
    avant = charts.STATS.dessines
    premier, cle = charts.svg(SPEC, cache)
    assert charts.STATS.dessines == avant + 1
    fichier = cache / f"{cle}.svg"
    assert fichier.read_bytes() == premier
    mtime = fichier.stat().st_mtime_ns
    second, cle2 = charts.svg(SPEC, cache)
    assert (second, cle2) == (premier, cle)
    assert charts.STATS.dessines == avant + 1  # read back, not redrawn
    assert fichier.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in cache.iterdir()) == [f"{cle}.svg"]  # no temporary file left


def test_key_follows_data_style_and_code():
    autre = charts.Spec(
        SPEC.type,
        SPEC.categories,
        (("Enlèvements de tags", (165, 123, 29)),) + SPEC.series[1:],
        SPEC.unite,
        titre=SPEC.titre,
    )
    assert charts.cle(autre) != charts.cle(SPEC)
    assert charts.cle(charts.Spec(**{**SPEC.__dict__, "type": "courbes"})) != charts.cle(SPEC)
    assert len(charts.cle(SPEC)) == 64 and re.fullmatch(r"[0-9a-f]{64}", charts.cle(SPEC))
    assert charts.CODE  # the module's own source is part of the key


def test_legible_on_light_and_dark_pages_and_without_colour():
    svg = charts.dessiner(SPEC).decode("utf-8")
    # An opaque white background: the chart reads the same on Material's dark palette.
    assert re.search(
        r'<g id="patch_1">\s*<path d="M 0 [\d.]+ \s*L [\d.]+ [\d.]+ \s*L [\d.]+ 0 \s*L 0 0 \s*z\s*" '
        r'style="fill: #ffffff"/>',
        svg,
    )
    # Text stays text, in French: narrow no-break space as thousands separator, values on the bars.
    assert "<text" in svg and ">165<" in svg and ">342<" in svg
    # The second series carries a hatch pattern: not told apart by colour alone.
    assert "<pattern" in svg


def test_missing_value_is_labelled_nd():
    spec = charts.Spec(
        "barres",
        ("Mons-en-Barœul", "Département du Nord", "QPV Nouveau Mons"),
        (("Diplôme du supérieur", (29.8, 26.4, None)),),
        "%",
        1,
    )
    svg = charts.dessiner(spec).decode("utf-8")
    assert ">nd<" in svg and "29,8" in svg


def test_every_kind_draws():
    for type_ in ("barres", "courbes", "empilees"):
        spec = charts.Spec(**{**SPEC.__dict__, "type": type_})
        assert charts.dessiner(spec).startswith(b"<?xml")


def test_dollar_signs_in_labels_are_text_not_formulas():
    """A « $ » from a source never starts matplotlib's mathtext: « $\\frac$ » used to crash the
    build with a traceback, « 5 $ et 10 $ » to be drawn as a formula."""
    spec = charts.Spec(
        type="barres",
        categories=("5 $ et 10 $", "$\\frac$"),
        series=(("Série", (1, 2)),),
        unite="caméras $x^2$",
        titre="Titre",
    )
    svg = charts.dessiner(spec).decode("utf-8")
    assert ">5 $ et 10 $<" in svg and ">$\\frac$<" in svg and "$x^2$" in svg
