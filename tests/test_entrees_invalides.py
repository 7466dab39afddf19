"""A corpus of bad inputs: each case says what the coordinator did wrong, the expected
outcome (refused, or accepted for harmless variations such as a BOM or CRLF), and a
fragment of the French message. No case may ever produce a Python traceback, and a
failed check never modifies a source file.

The cases run in-process (``charger_corpus``) on a small project: the commune's data and
fiche 1.7 (``helpers.projet_minimal``). ``test_gate`` keeps the end-to-end CLI tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import empreinte, projet_minimal, refus, verifier

FICHE = "fiches/1.07-videosurveillance.md"
ACTEURS = "data/acteurs.yml"
CR = "docs/comptes-rendus/2099-01-15-cellule-de-veille.md"

CR_VALIDE = (
    "---\n"
    "date: 2099-01-15\n"
    "instance: cellule-de-veille\n"
    "titre: Réunion de test\n"
    "participants: [police-municipale, police-nationale]\n"
    'fiches: ["1.7"]\n'
    "---\n\n# Cellule de veille\n\nTexte.\n"
)


@dataclass
class Cas:
    description: str
    appliquer: Callable[[Path], None]
    accepte: bool
    fragment: str = ""
    fichier: str = ""  # the file the message must name (defaults to none checked)


def remplacer(rel: str, avant: str, apres: str) -> Callable[[Path], None]:
    def f(p: Path) -> None:
        chemin = p / rel
        texte = chemin.read_text(encoding="utf-8")
        assert avant in texte, f"{avant!r} absent de {rel}"
        chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")

    return f


def ecrire(rel: str, contenu: str | bytes) -> Callable[[Path], None]:
    def f(p: Path) -> None:
        chemin = p / rel
        chemin.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(contenu, bytes):
            chemin.write_bytes(contenu)
        else:
            chemin.write_text(contenu, encoding="utf-8")

    return f


def transformer_octets(rel: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def f(p: Path) -> None:
        chemin = p / rel
        chemin.write_bytes(fn(chemin.read_bytes()))

    return f


def suite(*etapes: Callable[[Path], None]) -> Callable[[Path], None]:
    def f(p: Path) -> None:
        for e in etapes:
            e(p)

    return f


CAS = [
    # --- fiches ---------------------------------------------------------------------
    Cas(
        "YAML : crochet non fermé",
        remplacer(FICHE, "pilote: [maire]", "pilote: [maire"),
        False,
        "syntaxe YAML invalide",
        FICHE,
    ),
    Cas(
        "YAML : indentation par tabulation",
        remplacer(FICHE, "  - coordonnateur-clspd", "\t- coordonnateur-clspd"),
        False,
        "tabulation",
        FICHE,
    ),
    Cas(
        "YAML : deux-points dans une valeur non citée",
        remplacer(FICHE, "axe: 1\n", "axe: 1\nobjectif_bis: a: b\n"),
        False,
        "syntaxe YAML invalide",
        FICHE,
    ),
    Cas(
        "clé en double",
        remplacer(FICHE, "axe: 1\n", "axe: 1\naxe: 2\n"),
        False,
        "la clé « axe » apparaît deux fois",
        FICHE,
    ),
    Cas(
        "axe écrit en lettres",
        remplacer(FICHE, "axe: 1\n", "axe: un\n"),
        False,
        "champ « axe » : nombre entier attendu",
        FICHE,
    ),
    Cas(
        "pilote donné comme texte au lieu d'une liste",
        remplacer(FICHE, "pilote: [maire]", "pilote: maire"),
        False,
        "champ « pilote » : liste attendue",
        FICHE,
    ),
    Cas("id non cité (nombre décimal)", remplacer(FICHE, 'id: "1.7"', "id: 1.7"), False, "entre guillemets", FICHE),
    Cas(
        "id mal formé",
        remplacer(FICHE, 'id: "1.7"', 'id: "un-sept"'),
        False,
        "n'est pas un identifiant de fiche valide",
        FICHE,
    ),
    Cas(
        "champ inconnu (faute de frappe)",
        remplacer(FICHE, "axe: 1\n", "axe: 1\npilotes: [maire]\n"),
        False,
        "champ « pilotes » inconnu (vouliez-vous dire « pilote » ?)",
        FICHE,
    ),
    Cas(
        "date au format français",
        remplacer(FICHE, "date: 2019-12-31", "date: 31/12/2019"),
        False,
        "n'est pas une date valide",
        FICHE,
    ),
    Cas(
        "29 février d'une année non bissextile",
        remplacer(FICHE, "date: 2019-12-31", "date: 2019-02-29"),
        False,
        "n'est pas une date qui existe",
        FICHE,
    ),
    Cas(
        "échéance avec deux formes",
        remplacer(FICHE, "  date: 2019-12-31\n", "  date: 2019-12-31\n  annee: 2019\n"),
        False,
        "exactement une forme d'échéance",
        FICHE,
    ),
    Cas(
        "récurrence inconnue",
        remplacer(FICHE, "  date: 2019-12-31\n", "  recurrence: parfois\n"),
        False,
        "« parfois » n'est pas une valeur permise",
        FICHE,
    ),
    Cas(
        "année d'échéance absurde",
        remplacer(FICHE, "  date: 2019-12-31\n", "  annee: 99999999999999999999\n"),
        False,
        "hors limites",
        FICHE,
    ),
    Cas(
        "statut inconnu",
        remplacer(FICHE, "statut: non-renseigne", "statut: presque-fini"),
        False,
        "« presque-fini » n'est pas une valeur permise",
        FICHE,
    ),
    Cas(
        "statut écrit en français courant (accepté)",
        remplacer(FICHE, "statut: non-renseigne", "statut: En cours"),
        True,
    ),
    Cas(
        "avancement supérieur à 100",
        remplacer(FICHE, "statut: non-renseigne", "statut: en-cours\navancement: 140"),
        False,
        "champ « avancement » : valeur hors limites (reçu 140) — attendu entre 0 et 100",
        FICHE,
    ),
    Cas(
        "entrée de journal sans texte",
        remplacer(FICHE, "  - date: 2018-11-29\n    texte: >-", "  - date: 2018-11-29\n    commentaire: >-"),
        False,
        "champ « suivi[1].texte » manquant",
        FICHE,
    ),
    Cas(
        "visibilité inconnue",
        remplacer(FICHE, "visibilite: public", "visibilite: secret"),
        False,
        "« secret » n'est pas une valeur permise",
        FICHE,
    ),
    Cas("fichier vide", ecrire("fiches/1.13-vide.md", ""), False, "fichier vide", "fiches/1.13-vide.md"),
    Cas(
        "fichier sans en-tête",
        ecrire("fiches/1.13-sans-entete.md", "# Une fiche\n\nTexte.\n"),
        False,
        "en-tête YAML manquant",
        "fiches/1.13-sans-entete.md",
    ),
    Cas(
        "fichier non UTF-8 (Latin-1)",
        ecrire("fiches/1.13-latin1.md", '---\nid: "1.13"\ntitre: Sécurité\n---\n'.encode("latin-1")),
        False,
        "n'est pas encodé en UTF-8",
        "fiches/1.13-latin1.md",
    ),
    Cas(
        "accolades doubles dans le texte",
        remplacer(FICHE, "## Évaluation", "Voir {{ config }}.\n\n## Évaluation"),
        False,
        "« {{ » interdit dans le texte d'une fiche",
        FICHE,
    ),
    Cas("BOM en tête de fichier (accepté)", transformer_octets(FICHE, lambda b: b"\xef\xbb\xbf" + b), True),
    Cas("fins de ligne CRLF (acceptées)", transformer_octets(FICHE, lambda b: b.replace(b"\n", b"\r\n")), True),
    Cas(
        "HTML dans un titre (accepté, échappé à l'affichage)",
        remplacer(FICHE, "titre: Développer", "titre: <script>alert(1)</script> Développer"),
        True,
    ),
    Cas(
        "nombre immense dans un avancement",
        remplacer(FICHE, "statut: non-renseigne", "avancement: 1e309"),
        False,
        "champ « avancement »",
        FICHE,
    ),
    # --- gate holes of issue 13: future journal entries, actors listed twice ---------
    Cas(
        "entrée de journal datée de 2099",
        remplacer(FICHE, "  - date: 2018-11-29\n", "  - date: 2099-11-29\n"),
        False,
        "champ « suivi[1].date » : la date « 2099-11-29 » est postérieure à la date de construction du site",
        FICHE,
    ),
    Cas(
        "entrée de journal datée d'une année à venir",
        remplacer(FICHE, "  - date: 2018-11-29\n", "  - date: 2099\n"),
        False,
        "la date « 2099 » est postérieure",
        FICHE,
    ),
    Cas(
        "partenaire listé deux fois",
        remplacer(FICHE, "  - services-techniques\n", "  - services-techniques\n  - police-nationale\n"),
        False,
        "champ « partenaires[7] » : acteur « police-nationale » déjà listé dans « partenaires » (ligne 14)",
        FICHE,
    ),
    Cas(
        "pilote listé deux fois",
        remplacer(FICHE, "pilote: [maire]", "pilote: [maire, maire]"),
        False,
        "champ « pilote[2] » : acteur « maire » déjà listé dans « pilote » (ligne 9)",
        FICHE,
    ),
    Cas(
        "acteur à la fois pilote et partenaire",
        remplacer(FICHE, "pilote: [maire]", "pilote: [maire, police-municipale]"),
        False,
        "champ « partenaires[5] » : acteur « police-municipale » déjà listé dans « pilote » (ligne 9) — chaque "
        "acteur figure une seule fois",
        FICHE,
    ),
    # --- indicators of a fiche (issue 13) -------------------------------------------
    Cas(
        "fréquence d'indicateur inconnue",
        remplacer(FICHE, "    unite: heures\n", "    unite: heures\n    frequence: hebdo\n"),
        False,
        "fréquence « hebdo » inconnue — valeurs possibles : mensuelle, trimestrielle, semestrielle, annuelle, "
        "ponctuelle",
        FICHE,
    ),
    Cas(
        "fréquence écrite en clair (acceptée)",
        remplacer(FICHE, "    unite: heures\n", "    unite: heures\n    frequence: Annuelle\n"),
        True,
    ),
    Cas(
        "indicateur qualitatif avec une valeur chiffrée",
        remplacer(
            FICHE,
            "    unite: heures\n",
            "    unite: heures\n    nature: qualitatif\n    valeurs: [{periode: 2019, valeur: 3}]\n",
        ),
        False,
        "indicateur qualitatif « heures-travail-agents-csu » : « valeurs » n'est pas permis",
        FICHE,
    ),
    Cas(
        "identifiant d'indicateur en double",
        remplacer(FICHE, "  - id: heures-visualisation\n", "  - id: heures-travail-agents-csu\n"),
        False,
        "identifiant « heures-travail-agents-csu » déjà utilisé",
        FICHE,
    ),
    Cas(
        "« indicateurs_a_definir » à côté d'indicateurs",
        remplacer(FICHE, "\nindicateurs:\n", "\nindicateurs_a_definir: Indicateurs à définir.\nindicateurs:\n"),
        False,
        "« indicateurs_a_definir » et « indicateurs » ensemble",
        FICHE,
    ),
    Cas(
        "sens d'indicateur inconnu",
        remplacer(FICHE, "    unite: heures\n", "    unite: heures\n    sens: mieux\n"),
        False,
        "« mieux » n'est pas une valeur permise",
        FICHE,
    ),
    # --- acteurs --------------------------------------------------------------------
    Cas(
        "acteur sans nom",
        remplacer(ACTEURS, "maire:\n  nom: Maire de Mons-en-Barœul\n", "maire:\n  sigle: M\n"),
        False,
        "champ « nom » manquant",
        ACTEURS,
    ),
    Cas(
        "identifiant d'acteur avec majuscules",
        remplacer(ACTEURS, "maire:\n", "Maire:\n"),
        False,
        "identifiant d'acteur « Maire » invalide",
        ACTEURS,
    ),
    Cas(
        "catégorie d'acteur inconnue",
        remplacer(
            ACTEURS,
            "  nom: Maire de Mons-en-Barœul\n  categorie: commune",
            "  nom: Maire de Mons-en-Barœul\n  categorie: mairie",
        ),
        False,
        "« mairie » n'est pas une valeur permise",
        ACTEURS,
    ),
    Cas(
        "acteur déclaré deux fois",
        remplacer(ACTEURS, "maire:\n", "maire:\n  nom: X\nmaire:\n"),
        False,
        "apparaît deux fois",
        ACTEURS,
    ),
    Cas(
        "acteur supprimé mais encore cité",
        remplacer(
            ACTEURS,
            "maire:\n  nom: Maire de Mons-en-Barœul\n  categorie: commune\n"
            "  note: >-\n    Le document écrit « Maire de Mons en Barœul », sans traits d'union ; le site suit\n"
            "    l'orthographe officielle du nom de la commune.\n",
            "",
        ),
        False,
        "acteur « maire » inconnu dans « pilote »",
        FICHE,
    ),
    # --- comptes rendus -------------------------------------------------------------
    Cas("compte rendu valide (accepté)", ecrire(CR, CR_VALIDE), True),
    Cas(
        "compte rendu : instance inconnue",
        ecrire(CR, CR_VALIDE.replace("cellule-de-veille\n", "apero\n")),
        False,
        "« apero » n'est pas une valeur permise",
        CR,
    ),
    Cas(
        "compte rendu : date manquante",
        ecrire(CR, CR_VALIDE.replace("date: 2099-01-15\n", "")),
        False,
        "champ « date » manquant",
        CR,
    ),
    Cas(
        "compte rendu : participant inconnu",
        ecrire(CR, CR_VALIDE.replace("police-nationale]", "gendarmerie]")),
        False,
        "acteur « gendarmerie » inconnu dans « participants »",
        CR,
    ),
    Cas(
        "compte rendu : fiche inconnue",
        ecrire(CR, CR_VALIDE.replace('["1.7"]', '["9.9"]')),
        False,
        "fiche « 9.9 » inconnue",
        CR,
    ),
    Cas(
        "compte rendu du GSN déclaré public",
        ecrire(CR, CR_VALIDE.replace("cellule-de-veille\n", "groupe-de-suivi-nominatif\nvisibilite: public\n")),
        False,
        "ne peut jamais être public",
        CR,
    ),
    Cas(
        "compte rendu du GSN sans visibilité (accepté, intranet par défaut)",
        ecrire(CR, CR_VALIDE.replace("cellule-de-veille\n", "groupe de suivi nominatif\n")),
        True,
    ),
    # --- data -----------------------------------------------------------------------
    Cas(
        "axes : numéro en double",
        remplacer("data/axes.yml", "- numero: 2", "- numero: 1"),
        False,
        "axe 1 déclaré deux fois",
        "data/axes.yml",
    ),
    Cas(
        "glossaire : définition vide",
        ecrire("data/glossaire.yml", "CLSPD:\n  definition: ''\n"),
        False,
        "sigle « CLSPD » : champ « definition » manquant ou vide",
        "data/glossaire.yml",
    ),
    Cas(
        "charte : signataire inconnu",
        ecrire(
            "data/charte-signataires.yml",
            "signataires:\n  - acteur: inconnu-total\n    signataire: X\n    date: 2020-01-01\n",
        ),
        False,
        "acteur « inconnu-total » inconnu",
        "data/charte-signataires.yml",
    ),
    Cas(
        "charte : date impossible",
        ecrire(
            "data/charte-signataires.yml", "signataires:\n  - acteur: maire\n    signataire: X\n    date: 2020-02-30\n"
        ),
        False,
        "n'est pas une date qui existe",
        "data/charte-signataires.yml",
    ),
]


@pytest.fixture
def projet(tmp_path: Path) -> Path:
    return projet_minimal(tmp_path / "projet", FICHE)


def test_corpus_has_at_least_30_cases():
    assert len(CAS) >= 30


def test_the_small_project_is_valid(projet: Path):
    """Otherwise a refused case could pass on a problem it did not cause."""
    v = verifier(projet)
    assert v.valide, v.rapport


@pytest.mark.parametrize("cas", CAS, ids=[c.description for c in CAS])
def test_bad_input(projet: Path, cas: Cas):
    cas.appliquer(projet)
    avant = empreinte(projet)
    v = verifier(projet)
    assert empreinte(projet) == avant, "la vérification a modifié des fichiers sources"
    if cas.accepte:
        assert v.valide, v.rapport
        return
    assert not v.valide, "les sources auraient dû être refusées"
    assert cas.fragment in v.rapport, v.rapport
    if cas.fichier:
        assert cas.fichier in v.rapport, v.rapport


# --- the build date: the gate uses the date the build will use -------------------------


def test_journal_jusqu_a_la_date_du_build_comprise(projet: Path, monkeypatch):
    """STSPD_DATE is the build date for ``make check`` too: an entry of that very day is
    accepted, one of the next day is refused with its file, line and field."""
    chemin = projet / FICHE
    texte = chemin.read_text(encoding="utf-8").replace("  - date: 2018-11-29\n", "  - date: 2024-03-10\n", 1)
    chemin.write_text(texte, encoding="utf-8")
    ligne = texte.split("\n").index("  - date: 2024-03-10") + 1
    monkeypatch.setenv("STSPD_DATE", "2024-03-10")
    ok = verifier(projet)
    assert ok.valide, ok.rapport
    monkeypatch.setenv("STSPD_DATE", "2024-03-09")
    assert (
        f"{FICHE}:{ligne}: champ « suivi[1].date » : la date « 2024-03-10 » est postérieure à la date de "
        "construction du site (9 mars 2024)"
    ) in refus(projet)
    monkeypatch.setenv("STSPD_DATE", "demain")
    assert "STSPD_DATE=« demain » : date AAAA-MM-JJ attendue" in refus(projet)


def test_doublon_d_acteur_nomme_ligne_et_champ(projet: Path):
    chemin = projet / FICHE
    texte = chemin.read_text(encoding="utf-8").replace(
        "  - services-techniques\n", "  - services-techniques\n  - maire\n", 1
    )
    chemin.write_text(texte, encoding="utf-8")
    lignes = texte.split("\n")
    ligne = lignes.index("  - maire") + 1
    assert (
        f"{FICHE}:{ligne}: champ « partenaires[7] » : acteur « maire » déjà listé dans « pilote » "
        f"(ligne {lignes.index('pilote: [maire]') + 1})"
    ) in refus(projet)
