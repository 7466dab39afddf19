"""Security rules checked in process (no build): the build's last look at a page, intranet
blocks in every spelling, what the source tree may not hold, CSV cells for spreadsheets.
Cases found by a review of the first version (tests/… payloads); each can fail."""

from __future__ import annotations

import os

import pytest
from conftest import copier_projet, sans_trace
from helpers import check

from macros.domaine import securite
from macros.domaine.editions import classes_intranet, retirer_blocs_intranet

INERTES = [
    "<p>onclick= écrit dans du texte</p>",
    '<meta name="description" content="a onclick=x javascript:y">',
    '<script type=\'application/json\'>{"a": "<script>x</script>"}</script>',
    '<script src="a.js"></script>',
    '<a href="https://exemple.fr/">x</a>',
    "<!-- <script>x</script> -->",
    '<div data-onglet="1" data-src="y"></div>',
    "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></pre>",
]
EXECUTABLES = [
    "<svg/onload=alert(1)>",
    "<img/onerror=alert(1) src=x>",
    '<img src="x"onerror=a()>',
    "<script data-src=x>alert(1)</script>",
    '<a href="&#106;avascript:x">',
    '<a href="java&#9;script:x">',
    '<a href="&#x6a;avascript:x">',
    '<a xlink:href="javascript:x">',
    '<object data="x"></object>',
    '<iframe srcdoc="x"></iframe>',
    '<meta http-equiv="refresh" content="0;url=javascript:x">',
    "<style>a{}</style>",
    '<base href="/">',
    "<SCRIPT>x</SCRIPT>",
    '<script type="module">x</script>',
    '<a href=" javascript:x">',
    '<form action="javascript:x"></form>',
    '<embed src="x.swf">',
]


@pytest.mark.parametrize("html", INERTES)
def test_inert_markup_passes(html):
    assert securite.markup_executable(html) is None


@pytest.mark.parametrize("html", EXECUTABLES)
def test_executable_markup_is_refused(html):
    assert securite.markup_executable(html)


@pytest.mark.parametrize(
    "entete",
    [
        '!!! intranet "X"',
        '!!!intranet "X"',
        '!!! note intranet "X"',
        '!!! Intranet "X"',
        '???intranet "X"',
        "???+ intranet",
        "  !!! intranet",
    ],
)
def test_every_spelling_of_an_intranet_block_is_removed(entete):
    indent = entete[: len(entete) - len(entete.lstrip())]
    md = f"Avant.\n\n{entete}\n{indent}    SECRET\n\nAprès.\n"
    out = retirer_blocs_intranet(md)
    assert "SECRET" not in out and "Avant." in out and "Après." in out


@pytest.mark.parametrize("entete", ['!!! note "intranet"', "!!! intranets", "!!! note"])
def test_other_blocks_are_kept(entete):
    md = f"{entete}\n    GARDE\n"
    assert "GARDE" in retirer_blocs_intranet(md)


def test_a_rendered_intranet_class_is_found_whatever_the_quotes():
    assert classes_intranet('<div class="admonition intranet"><p>x</p></div>')
    assert classes_intranet("<details class='Intranet'>")
    assert classes_intranet("<div class=intranet>")
    # A character reference is the same class to a browser.
    assert classes_intranet('<div class="note &#105;ntranet">')
    assert classes_intranet("<div class=&#x69;ntranet>")
    assert classes_intranet('<div class="stspd-intranet x">') is None  # another class, not « intranet »


@pytest.mark.parametrize(
    "texte, attendu",
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+33 1", "'+33 1"),
        ("-8 %", "'-8 %"),
        ("@x", "'@x"),
        ("Vidéoprotection", "Vidéoprotection"),
        ("", ""),
    ],
)
def test_csv_text_cells_never_start_a_formula(texte, attendu):
    assert securite.cellule_tableur(texte) == attendu


def test_headers_of_each_edition():
    public, intranet = securite.entetes("public", https=True), securite.entetes("intranet", https=False)
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    assert "unsafe-inline" not in public["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "unsafe-eval" not in public["Content-Security-Policy"]
    assert "Strict-Transport-Security" in public and "Strict-Transport-Security" not in intranet
    assert intranet["X-Robots-Tag"] == "noindex, nofollow" and "X-Robots-Tag" not in public
    assert "frame-ancestors" not in securite.politique(meta=True)


# --- what the source tree may not hold (make check) -----------------------------------------


def test_symlink_under_docs_is_refused(projet):
    os.symlink("guide", projet / "docs/lien-guide")
    proc = check(projet)
    sans_trace(proc)
    assert proc.returncode == 1 and "docs/lien-guide" in proc.stderr and "lien symbolique" in proc.stderr


@pytest.mark.parametrize("nom", ["secret.markdown", "Secret.MD", "note.mkd"])
def test_page_with_another_markdown_extension_is_refused(projet, nom):
    (projet / "docs/strategie" / nom).write_text("---\nvisibilite: intranet\n---\n\n# Secret\n", encoding="utf-8")
    proc = check(projet)
    sans_trace(proc)
    assert proc.returncode == 1 and f"docs/strategie/{nom}" in proc.stderr and ".md" in proc.stderr


def test_page_title_with_template_syntax_is_refused(projet):
    page = projet / "docs/strategie/cadre.md"
    texte = page.read_text(encoding="utf-8")
    page.write_text("---\ntitle: Cadre {{ 6*7 }}\n---\n\n" + texte, encoding="utf-8")
    proc = check(projet)
    sans_trace(proc)
    assert proc.returncode == 1 and "docs/strategie/cadre.md" in proc.stderr and "title" in proc.stderr


def test_capitalised_intranet_folder_is_intranet(tmp_path):
    from macros.domaine.editions import Edition
    from macros.lecture.sources import charger_corpus

    projet = copier_projet(tmp_path / "projet")
    (projet / "docs/Intranet").mkdir()
    (projet / "docs/Intranet/note.md").write_text("# Note\n\nRéservé.\n", encoding="utf-8")
    edition = Edition("public", charger_corpus(projet))
    assert not edition.publie("Intranet/note.md") and not edition.publie("Intranet/pièce.txt")
