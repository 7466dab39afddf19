"""The printable strategy (macros/impression.py), without building a site: links moved to the
print page still point to the same pages, headings go one level down, and each edition's rules
decide what enters (the built page is checked in a browser by test_navigateur.py)."""

from __future__ import annotations

from conftest import RACINE

from macros.domaine.editions import Edition
from macros.lecture.sources import charger_corpus
from macros.rendu.impression import PAGE, _descendre, _reloger, page_imprimable


def test_relative_links_are_rewritten_for_the_print_page():
    md = (
        "[axe](../axes/axe-1.md) [bilan](bilan.md#chiffres) [ici](#section) "
        '[site](https://example.org/a.md) [titre](cadre.md "Le cadre") ![carte](../assets/carte.svg)'
    )
    out = _reloger(md, "strategie/introduction.md", PAGE)
    assert "[axe](../axes/axe-1.md)" in out
    assert "[bilan](../strategie/bilan.md#chiffres)" in out
    assert "[ici](#section)" in out
    assert "[site](https://example.org/a.md)" in out
    assert '[titre](../strategie/cadre.md "Le cadre")' in out
    assert "![carte](../assets/carte.svg)" in out
    assert (
        _reloger("[f](../fiches/1.07-videosurveillance.md)", "fiches/2.01-gsn.md", PAGE)
        == "[f](../fiches/1.07-videosurveillance.md)"
    )


def test_headings_go_one_level_down_outside_code():
    md = "# Titre\n\n## Section\n\n```\n# commentaire\n```\n\n###### déjà au plus bas\n"
    out = _descendre(md)
    assert "## Titre" in out and "### Section" in out
    assert "\n# commentaire\n" in out  # code is left alone
    assert "###### déjà au plus bas" in out  # h6 stays h6 (no h7 in HTML)


def test_public_print_markdown_has_every_public_fiche_and_no_intranet_block():
    corpus = charger_corpus(RACINE)
    publique = page_imprimable(corpus, Edition("public", corpus))
    intranet = page_imprimable(corpus, Edition("intranet", corpus))
    for f in corpus.fiches:
        ancre = "fiche-" + f.id.replace(".", "-")
        assert (ancre in publique) == (f.visibilite == "public"), f.id
        assert ancre in intranet
    assert "!!! intranet" not in publique and "??? intranet" not in publique
    assert publique.index("# Stratégie") < publique.index("## Sommaire")
    assert publique.count("stspd-saut-de-page") >= len([f for f in corpus.fiches if f.visibilite == "public"])
