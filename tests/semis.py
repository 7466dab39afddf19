"""The seeded project shared by the leak, escaping and browser tests: one build of both
editions (``conftest.sites_semes``) with

- sentinels: a unique string in every kind of intranet item (page, folder default, block,
  fiche, minute, journal entry, indicator, attachments…), which must never reach any public
  file and must reach the intranet edition;
- payloads: live markup appended to every free-text field of every YAML source
  (``echappement_util``), which must come out as text, escaped exactly once.
"""

from __future__ import annotations

import gzip
from pathlib import Path

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
    # Attachments (files that are not pages) follow their folder.
    "piece_dossier_meta": "SENTINELLE-PIECE-GUIDE-3a7c",
    "piece_sous_dossier": "SENTINELLE-PIECE-SOUSDOSSIER-91d0",
    "piece_intranet": "SENTINELLE-PIECE-INTRANET-5e2b",
    "piece_image": "SENTINELLE-PIECE-IMAGE-c4f8",
}

# Attachments: path in docs/ → sentinel key. Each must exist in the intranet edition only.
PIECES = {
    "guide/contacts.txt": "piece_dossier_meta",  # folder with .meta.yml (docs/guide/)
    "partenaires/annexes/liste.pdf": "piece_sous_dossier",  # below a parent's .meta.yml
    "intranet/tableau.csv": "piece_intranet",  # under docs/intranet/
    "partenaires/plan.png": "piece_image",  # an image, shown by a public page
}
# A sub-folder may say otherwise: its files are public again.
PIECE_PUBLIQUE = "partenaires/diffusable/affiche.txt"


def _ajouter(chemin: Path, texte: str) -> None:
    chemin.write_text(chemin.read_text(encoding="utf-8") + texte, encoding="utf-8")


def semer(projet: Path) -> None:
    s = SENTINELLES
    (projet / "docs/intranet").mkdir(parents=True, exist_ok=True)
    (projet / "docs/intranet/note-interne.md").write_text(
        f"# {s['titre_page']}\n\n{s['page']} : information réservée.\n", encoding="utf-8"
    )
    (projet / "docs/partenaires").mkdir()
    (projet / "docs/partenaires/.meta.yml").write_text("visibilite: intranet\n", encoding="utf-8")
    (projet / "docs/partenaires/annuaire.md").write_text(f"# Annuaire\n\n{s['dossier']}\n", encoding="utf-8")
    (projet / "docs/strategie/reserve.md").write_text(
        f"---\nvisibilite: intranet\n---\n\n# Page réservée\n\n{s['page_meta']}\n", encoding="utf-8"
    )
    _ajouter(
        projet / "docs/strategie/introduction.md",
        f'\n\n!!! intranet "{s["bloc_titre"]}"\n    {s["bloc"]}\n\n'
        "Voir aussi [la note interne](../intranet/note-interne.md).\n\n"
        'Pièces : [les contacts](../guide/contacts.txt), [la liste](../partenaires/annexes/liste.pdf "Liste"), '
        "[le tableau](../intranet/tableau.csv#l1) et [l'affiche](../partenaires/diffusable/affiche.txt).\n\n"
        "![Plan des partenaires](../partenaires/plan.png)\n",
    )
    for chemin, cle in PIECES.items():
        (projet / "docs" / chemin).parent.mkdir(parents=True, exist_ok=True)
        (projet / "docs" / chemin).write_bytes(f"{s[cle]} pièce jointe de test\n".encode())
    (projet / "docs" / PIECE_PUBLIQUE).parent.mkdir(parents=True, exist_ok=True)
    (projet / "docs/partenaires/diffusable/.meta.yml").write_text("visibilite: public\n", encoding="utf-8")
    (projet / "docs" / PIECE_PUBLIQUE).write_text("Affiche diffusable.\n", encoding="utf-8")
    (projet / "fiches/3.09-reservee.md").write_text(
        "---\n"
        'id: "3.9"\n'
        f"titre: {s['fiche']}\n"
        "axe: 3\n"
        "objectif: Objectif réservé.\n"
        "pilote: [coordonnateur-clspd]\n"
        "echeance: 2021\n"
        "visibilite: intranet\n"
        "---\n\n## Éléments de contexte et de diagnostic\n\nTexte.\n",
        encoding="utf-8",
    )
    (projet / "docs/comptes-rendus").mkdir(parents=True, exist_ok=True)
    (projet / "docs/comptes-rendus/2019-01-15-cellule-de-veille.md").write_text(
        "---\n"
        "date: 2019-01-15\n"
        "instance: cellule-de-veille\n"
        f"titre: Réunion {s['compte_rendu']}\n"
        'fiches: ["1.7", "3.9"]\n'
        "---\n\n"
        f"# Cellule de veille du 15 janvier 2019\n\n{s['compte_rendu']} détail.\n",
        encoding="utf-8",
    )
    # 1.7 already lists its transcribed indicators (issue 13): the intranet one joins the list.
    fiche17 = projet / "fiches/1.07-videosurveillance.md"
    fiche17.write_text(
        fiche17.read_text(encoding="utf-8").replace(
            "\nindicateurs:\n",
            "\nindicateurs:\n"
            "  - id: indicateur-reserve\n"
            f"    libelle: {s['indicateur']}\n"
            "    type: activite\n"
            "    valeurs:\n"
            "      - {periode: 2019, valeur: 12}\n"
            "      - {periode: 2020, valeur: 15}\n"
            "    visibilite: intranet\n",
            1,
        ),
        encoding="utf-8",
    )
    texte = (projet / "fiches/1.07-videosurveillance.md").read_text(encoding="utf-8")
    texte = texte.replace(
        "suivi:\n", f"suivi:\n  - date: 2020-02-03\n    texte: {s['suivi']}\n    visibilite: intranet\n", 1
    )
    (projet / "fiches/1.07-videosurveillance.md").write_text(texte, encoding="utf-8")
    semer_temoins(projet)


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


# The browser tests' searches (tests/test_navigateur.py): an invented word (fake, test only)
# in each kind of intranet-only content, so that a search for it finds that content or
# nothing. The sentinels above hold hyphens, which the search splits into common words.
TEMOINS = {
    "page": "zorglubine",  # a page under docs/intranet/
    "bloc": "bidulophone",  # an `!!! intranet` block inside a public page
    "fiche": "xylokarpe",  # a whole fiche marked visibilite: intranet
    "journal": "schtroumpfage",  # an intranet journal entry of a public fiche
}
PAGE_TEMOIN = "intranet/note-navigateur/"
# « réinsertion » is not in the real content: a public sentence that has it (fake text), for
# the search that ignores accents (issue 15).
PHRASE_ACCENTUEE = "Texte de test : la réinsertion des sortants de détention."


def semer_temoins(projet: Path) -> None:
    t = TEMOINS
    (projet / "docs/intranet/note-navigateur.md").write_text(
        f"# Note interne de test\n\nLe mot témoin {t['page']} n'existe que dans l'intranet.\n", encoding="utf-8"
    )
    _ajouter(
        projet / "docs/strategie/problematiques.md",
        f'\n\n{PHRASE_ACCENTUEE}\n\n!!! intranet "Pour les partenaires"\n    Le mot témoin {t["bloc"]}.\n',
    )
    _ajouter(projet / "fiches/3.09-reservee.md", f"\nTexte réservé, fiche témoin {t['fiche']}.\n")
    fiche = projet / "fiches/1.07-videosurveillance.md"
    texte = fiche.read_text(encoding="utf-8")
    assert "\nsuivi:\n" in texte, "la fiche 1.7 n'a plus de journal : adapter tests/semis.py"
    entree = f"  - date: 2020-02-04\n    texte: Le mot témoin {t['journal']}.\n    visibilite: intranet\n"
    fiche.write_text(texte.replace("\nsuivi:\n", "\nsuivi:\n" + entree, 1), encoding="utf-8")
