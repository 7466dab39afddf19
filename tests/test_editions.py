"""Two editions from one source, and the zero-leak guarantee: nothing marked intranet
(page, block, fiche, minute, journal entry, indicator, data) reaches the public build."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copier_projet, lancer  # noqa: F401

from macros.domaine.editions import retirer_blocs_intranet

# --- unit: block removal -----------------------------------------------------------------


def test_intranet_block_is_removed_with_its_body_only():
    md = 'Avant.\n\n!!! intranet "Titre secret"\n    Ligne secrète 1.\n\n    Ligne secrète 2.\n\nAprès.\n'
    out = retirer_blocs_intranet(md)
    assert "secret" not in out.lower()
    assert "Avant." in out and "Après." in out


def test_nested_and_collapsible_intranet_blocks_are_removed():
    md = (
        "- élément\n\n"
        "    ??? intranet\n"
        "        caché\n\n"
        "    visible dans la liste\n\n"
        '???+ intranet "x"\n'
        "    caché aussi\n"
        "fin\n"
    )
    out = retirer_blocs_intranet(md)
    assert "caché" not in out
    assert "visible dans la liste" in out and "fin" in out


def test_other_admonitions_are_kept():
    md = '!!! note "Note de la rédaction"\n    Texte public.\n'
    assert retirer_blocs_intranet(md) == md


# --- integration: both editions with sentinels -------------------------------------------
# The seeded build is shared with the escaping and browser tests (conftest.sites_semes).

from semis import PIECE_PUBLIQUE, PIECES, SENTINELLES, contenu_complet, semer  # noqa: E402,F401


@pytest.fixture(scope="module")
def sites(sites_semes) -> tuple[Path, Path]:
    return sites_semes.public, sites_semes.intranet


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_no_intranet_sentinel_in_any_public_file(sites, nom):
    public, _ = sites
    sentinelle = SENTINELLES[nom].encode()
    fuites = [p for p, data in contenu_complet(public).items() if sentinelle in data]
    assert not fuites, f"{SENTINELLES[nom]} trouvé dans l'édition publique : {fuites}"


@pytest.mark.lent
@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_each_sentinel_is_in_the_intranet_edition(sites, nom):
    _, intranet = sites
    sentinelle = SENTINELLES[nom].encode()
    assert any(sentinelle in data for data in contenu_complet(intranet).values()), nom


@pytest.mark.lent
def test_public_search_index_and_sitemap_exist_and_are_clean(sites):
    public, _ = sites
    index = json.loads((public / "search/search_index.json").read_text(encoding="utf-8"))
    textes = " ".join(d["title"] + " " + d["text"] for d in index["docs"]).lower()
    assert "vidéosurveillance" in textes  # the index is real, not empty
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "intranet/" not in sitemap and "3.09-reservee" not in sitemap


@pytest.mark.lent
def test_public_link_to_intranet_page_keeps_its_label_only(sites):
    public, intranet = sites
    html = (public / "strategie/introduction/index.html").read_text(encoding="utf-8")
    assert "la note interne" in html
    assert not re.search(r'href="[^"]*intranet/note-interne', html)
    html_i = (intranet / "strategie/introduction/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*intranet/note-interne', html_i)


@pytest.mark.lent
def test_intranet_edition_says_it_is_restricted(sites):
    _, intranet = sites
    for page in ["index.html", "fiches/1.07-videosurveillance/index.html"]:
        assert "<strong>Intranet du CLSPD</strong>" in (intranet / page).read_text(encoding="utf-8")


@pytest.mark.lent
def test_public_edition_has_no_restriction_banner(sites):
    public, _ = sites
    assert "Intranet du CLSPD</strong>" not in (public / "index.html").read_text(encoding="utf-8")


# --- attachments follow their folder -----------------------------------------------------


@pytest.mark.lent
@pytest.mark.parametrize("chemin", list(PIECES))
def test_attachment_of_an_intranet_folder_is_in_the_intranet_edition_only(sites, chemin):
    public, intranet = sites
    assert not (public / chemin).exists(), f"{chemin} copié dans l'édition publique"
    assert (intranet / chemin).read_bytes().startswith(SENTINELLES[PIECES[chemin]].encode())


@pytest.mark.lent
def test_sub_folder_that_says_public_is_published(sites):
    public, intranet = sites
    assert (public / PIECE_PUBLIQUE).is_file() and (intranet / PIECE_PUBLIQUE).is_file()


@pytest.mark.lent
def test_public_links_to_intranet_attachments_keep_their_text_only(sites):
    public, intranet = sites
    html = (public / "strategie/introduction/index.html").read_text(encoding="utf-8")
    for texte, cible in [
        ("les contacts", "guide/contacts.txt"),
        ("la liste", "annexes/liste.pdf"),
        ("le tableau", "intranet/tableau.csv"),
    ]:
        assert texte in html
        assert cible not in html, cible
    assert "partenaires/plan.png" not in html and "Plan des partenaires" in html  # alt text stays
    assert re.search(r'href="[^"]*diffusable/affiche\.txt"', html)  # a public file keeps its link
    html_i = (intranet / "strategie/introduction/index.html").read_text(encoding="utf-8")
    for cible in PIECES:
        assert cible.split("/")[-1] in html_i, cible


@pytest.mark.lent
def test_robots_txt_per_edition(sites):
    public, intranet = sites
    assert "Disallow: /" in (intranet / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow" not in (public / "robots.txt").read_text(encoding="utf-8")


@pytest.mark.lent
def test_intranet_pages_say_noindex_and_public_pages_do_not(sites):
    public, intranet = sites
    for page in ["index.html", "fiches/1.07-videosurveillance/index.html", "404.html"]:
        assert '<meta name="robots" content="noindex, nofollow">' in (intranet / page).read_text(encoding="utf-8")
        assert 'name="robots"' not in (public / page).read_text(encoding="utf-8")
