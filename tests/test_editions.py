"""Two editions from one source, and the zero-leak guarantee: nothing marked intranet
(page, block, fiche, minute, journal entry, indicator, data) reaches the public build."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import copier_projet, lancer
from macros.editions import retirer_blocs_intranet

# --- unit: block removal -----------------------------------------------------------------


def test_intranet_block_is_removed_with_its_body_only():
    md = (
        "Avant.\n\n"
        '!!! intranet "Titre secret"\n'
        "    Ligne secrète 1.\n\n"
        "    Ligne secrète 2.\n\n"
        "Après.\n"
    )
    out = retirer_blocs_intranet(md)
    assert "secret" not in out.lower()
    assert "Avant." in out and "Après." in out


def test_nested_and_collapsible_intranet_blocks_are_removed():
    md = (
        "- élément\n\n"
        "    ??? intranet\n"
        "        caché\n\n"
        "    visible dans la liste\n\n"
        "???+ intranet \"x\"\n"
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

SENTINELLES = {
    "page": "SENTINELLE-PAGE-4f1c",
    "page_meta": "SENTINELLE-META-8d2e",
    "bloc": "SENTINELLE-BLOC-a91b",
    "bloc_titre": "SENTINELLE-TITREBLOC-c3d4",
    "fiche": "SENTINELLE-FICHE-77e0",
    "compte_rendu": "SENTINELLE-CR-5b6a",
    "suivi": "SENTINELLE-SUIVI-0c9f",
    "indicateur": "SENTINELLE-INDIC-e2a7",
    "titre_page": "SENTINELLE-TITRE-19af",
    "dossier": "SENTINELLE-DOSSIER-6b3e",
}


def _ajouter(chemin: Path, texte: str) -> None:
    chemin.write_text(chemin.read_text(encoding="utf-8") + texte, encoding="utf-8")


def _inserer_front_matter(chemin: Path, yaml_texte: str) -> None:
    texte = chemin.read_text(encoding="utf-8")
    assert texte.startswith("---\n")
    fin = texte.index("\n---", 4)
    chemin.write_text(texte[:fin] + "\n" + yaml_texte.rstrip("\n") + texte[fin:], encoding="utf-8")


def semer(projet: Path) -> None:
    s = SENTINELLES
    (projet / "docs/intranet").mkdir(parents=True, exist_ok=True)
    (projet / "docs/intranet/note-interne.md").write_text(
        f"# {s['titre_page']}\n\n{s['page']} : information réservée.\n", encoding="utf-8")
    (projet / "docs/partenaires").mkdir()
    (projet / "docs/partenaires/.meta.yml").write_text("visibilite: intranet\n", encoding="utf-8")
    (projet / "docs/partenaires/annuaire.md").write_text(
        f"# Annuaire\n\n{s['dossier']}\n", encoding="utf-8")
    (projet / "docs/strategie/reserve.md").write_text(
        f"---\nvisibilite: intranet\n---\n\n# Page réservée\n\n{s['page_meta']}\n", encoding="utf-8")
    _ajouter(projet / "docs/strategie/introduction.md",
             f'\n\n!!! intranet "{s["bloc_titre"]}"\n    {s["bloc"]}\n\n'
             "Voir aussi [la note interne](../intranet/note-interne.md).\n")
    (projet / "fiches/3.09-reservee.md").write_text(
        "---\n"
        'id: "3.9"\n'
        f"titre: {s['fiche']}\n"
        "axe: 3\n"
        "objectif: Objectif réservé.\n"
        "pilote: [coordonnateur-clspd]\n"
        "echeance: 2021\n"
        "visibilite: intranet\n"
        "---\n\n## Éléments de contexte et de diagnostic\n\nTexte.\n", encoding="utf-8")
    (projet / "docs/comptes-rendus").mkdir(parents=True, exist_ok=True)
    (projet / "docs/comptes-rendus/2019-01-15-cellule-de-veille.md").write_text(
        "---\n"
        "date: 2019-01-15\n"
        "instance: cellule-de-veille\n"
        f"titre: Réunion {s['compte_rendu']}\n"
        'fiches: ["1.7", "3.9"]\n'
        "---\n\n"
        f"# Cellule de veille du 15 janvier 2019\n\n{s['compte_rendu']} détail.\n", encoding="utf-8")
    _inserer_front_matter(projet / "fiches/1.07-videosurveillance.md",
        "indicateurs:\n"
        "  - id: indicateur-reserve\n"
        f"    libelle: {s['indicateur']}\n"
        "    type: activite\n"
        "    valeurs:\n"
        "      - {periode: 2019, valeur: 12}\n"
        "      - {periode: 2020, valeur: 15}\n"
        "    visibilite: intranet\n")
    texte = (projet / "fiches/1.07-videosurveillance.md").read_text(encoding="utf-8")
    texte = texte.replace("suivi:\n", "suivi:\n  - date: 2020-02-03\n"
                          f"    texte: {s['suivi']}\n    visibilite: intranet\n", 1)
    (projet / "fiches/1.07-videosurveillance.md").write_text(texte, encoding="utf-8")


def contenu_complet(site: Path) -> dict[str, bytes]:
    """Every file of a built site, gzip files decompressed (sitemap.xml.gz)."""
    out = {}
    for chemin in site.rglob("*"):
        if chemin.is_file():
            data = chemin.read_bytes()
            if chemin.suffix == ".gz":
                data = gzip.decompress(data)
            out[chemin.relative_to(site).as_posix()] = data
    return out


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> tuple[Path, Path]:
    racine = tmp_path_factory.mktemp("editions")
    projet = copier_projet(racine / "projet")
    semer(projet)
    proc = lancer("-m", "macros", "--racine", str(projet), "site", "--sortie", str(racine / "site"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return racine / "site/public", racine / "site/intranet"


@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_no_intranet_sentinel_in_any_public_file(sites, nom):
    public, _ = sites
    sentinelle = SENTINELLES[nom].encode()
    fuites = [p for p, data in contenu_complet(public).items() if sentinelle in data]
    assert not fuites, f"{SENTINELLES[nom]} trouvé dans l'édition publique : {fuites}"


@pytest.mark.parametrize("nom", list(SENTINELLES))
def test_each_sentinel_is_in_the_intranet_edition(sites, nom):
    _, intranet = sites
    sentinelle = SENTINELLES[nom].encode()
    assert any(sentinelle in data for data in contenu_complet(intranet).values()), nom


def test_public_search_index_and_sitemap_exist_and_are_clean(sites):
    public, _ = sites
    index = json.loads((public / "search/search_index.json").read_text(encoding="utf-8"))
    textes = " ".join(d["title"] + " " + d["text"] for d in index["docs"]).lower()
    assert "vidéosurveillance" in textes  # the index is real, not empty
    sitemap = (public / "sitemap.xml").read_text(encoding="utf-8")
    assert "intranet/" not in sitemap and "3.09-reservee" not in sitemap


def test_public_link_to_intranet_page_keeps_its_label_only(sites):
    public, intranet = sites
    html = (public / "strategie/introduction/index.html").read_text(encoding="utf-8")
    assert "la note interne" in html
    assert not re.search(r'href="[^"]*intranet/note-interne', html)
    html_i = (intranet / "strategie/introduction/index.html").read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*intranet/note-interne', html_i)


def test_intranet_edition_says_it_is_restricted(sites):
    _, intranet = sites
    for page in ["index.html", "fiches/1.07-videosurveillance/index.html"]:
        assert "<strong>Intranet du CLSPD</strong>" in (intranet / page).read_text(encoding="utf-8")


def test_public_edition_has_no_restriction_banner(sites):
    public, _ = sites
    assert "Intranet du CLSPD</strong>" not in (public / "index.html").read_text(encoding="utf-8")
