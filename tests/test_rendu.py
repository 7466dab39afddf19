"""Domain rendering without MkDocs: French formatting, escaping, fiche cross-references,
programme tables generated from the front matter."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from macros.domaine import fr
from macros.domaine.editions import Edition
from macros.lecture.sources import charger_corpus
from macros.rendu import fragments as render

RACINE = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus():
    return charger_corpus(RACINE)


def ctx(corpus, page="strategie/programme.md", edition="public"):
    return render.Contexte(corpus, page, Edition(edition, corpus).publie)


def test_french_numbers_and_dates():
    assert fr.nombre(1052) == "1\u202f052"
    assert fr.pourcentage(21.5) == "21,5\u00a0%"
    assert fr.pourcentage(-13.756) == "\u221213,8\u00a0%"
    assert fr.pourcentage(28.13, signe=True) == "+28,1\u00a0%"
    assert fr.date(dt.date(2018, 11, 29)) == "29 novembre 2018"
    assert fr.date(dt.date(2017, 3, 1)) == "1er\u00a0mars 2017"
    assert fr.liste(["a", "b", "c"]) == "a, b et c"


def test_yaml_values_are_escaped():
    sortie = render.texte("<script>alert('x')</script> **gras** {{ config }}")
    assert "<script>" not in sortie
    assert "&lt;script&gt;" in sortie
    assert "{{" not in sortie and "**" not in sortie


def test_single_and_multiple_fiche_references_are_linked(corpus):
    c = ctx(corpus, page="strategie/gouvernance.md")
    md = render.lier_fiches("voir fiche 2.1 ; fiches 2.2 et 2.3 ; fiche 3.3 – 3.4.", c)
    assert "[fiche 2.1](../fiches/2.01-" in md
    assert "[2.2](../fiches/2.02-" in md and "[2.3](../fiches/2.03-" in md
    assert "[3.3](../fiches/3.03-" in md and "[3.4](../fiches/3.04-" in md


def test_references_in_headings_links_and_unknown_ids_are_left_alone(corpus):
    c = ctx(corpus)
    texte = "# La fiche 2.1\n\n[fiche 2.1](ailleurs.md) et fiche 9.9."
    assert render.lier_fiches(texte, c) == texte


def test_reference_to_an_unpublished_fiche_stays_plain_text(corpus):
    c = render.Contexte(corpus, "index.md", lambda chemin: not chemin.startswith("fiches/2.01"))
    assert render.lier_fiches("fiche 2.1", c) == "fiche 2.1"


def test_programme_table_is_generated_from_every_fiche_of_the_axis(corpus):
    table = render.programme_actions(ctx(corpus), 1)
    lignes = [ligne for ligne in table.splitlines() if ligne.startswith("| [Fiche")]
    assert len(lignes) == 12
    f = corpus.fiche("1.7")
    assert render.texte(f.objectif) in table
    assert "31 décembre 2019" in table  # the deadline of 1.7, formatted in French


def test_programme_table_uses_the_programme_title_when_it_differs(corpus):
    f = next(f for f in corpus.fiches if f.titre_programme)
    table = render.programme_actions(ctx(corpus), f.axe)
    assert render.texte(f.titre_programme) in table


def test_deadline_section_goes_before_evaluation(corpus):
    f = corpus.fiche("1.7")
    corps = render.inserer_echeance(f.corps, f)
    assert corps.index("## Échéance") < corps.index("## Évaluation")
    assert "second semestre 2019" in corps


def test_abbreviations_of_a_page_are_those_it_contains():
    """The one-scan search gives exactly ``sigle in page``, overlapping acronyms included:
    random pages over an alphabet of acronyms that contain, prefix and straddle each other."""
    import random

    from macros.domaine.corpus import Corpus

    sigles = ["AB", "BC", "ABC", "C", "S.A", "A-B", "’S", "CLS", "CLSPD", "SPD"]
    corpus = Corpus(racine=RACINE, glossaire={s: f"définition de {s} <b>" for s in sigles} | {"deux mots": "x"})
    tout = render.abreviations(corpus).splitlines()
    assert tout == [f"*[{s}]: définition de {s} &lt;b&gt;" for s in sigles]  # not « deux mots »: not an acronym
    hasard = random.Random(12)
    for _ in range(3000):
        page = "".join(hasard.choice("ABCDLPS.-’ x") for _ in range(hasard.randint(0, 14)))
        attendu = [ligne for s, ligne in zip(sigles, tout, strict=True) if s in page]
        assert render.abreviations(corpus, page).splitlines() == attendu, page
    assert render.abreviations(Corpus(racine=RACINE), "ABC") == ""
