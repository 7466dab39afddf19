"""The indicators of the fiches, transcribed from each « Évaluation » section (issue 13):
the schema fields, the honesty of the transcription, « Aucune valeur » on the fiche page,
the dashboard and the exports, and the fidelity of the actors' names.

In-process and on the real sources (read-only). The only invented figures are in the
in-memory fiches built below, labelled as fake.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path

import pytest
from csv_util import lignes_csv
from pydantic import ValidationError

from macros.domaine import suivi as calc
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche, IndicateurFiche, Valeur
from macros.export import suivi as donnees_suivi
from macros.lecture.sources import charger_corpus
from macros.rendu import cartes_indicateurs, tableau_de_bord
from macros.rendu import suivi as progres
from macros.rendu.fragments import Contexte, src_fiche

RACINE = Path(__file__).resolve().parent.parent
DOCUMENT = RACINE.parent / "shared" / "seed" / "STSPD-Mons-en-Baroeul-2019-2021.txt"
JOUR = dt.date(2026, 1, 15)

# Counted by hand in the document, criterion by criterion (see the closing note of issue 13).
ATTENDUS = {
    "1.1": 0,
    "1.2": 3,
    "1.3": 1,
    "1.4": 4,
    "1.5": 2,
    "1.6": 5,
    "1.7": 10,
    "1.8": 3,
    "1.9": 2,
    "1.10": 2,
    "1.11": 3,
    "1.12": 2,
    "2.1": 3,
    "2.2": 5,
    "2.3": 2,
    "2.4": 3,
    "3.1": 3,
    "3.2": 8,
    "3.3": 1,
    "3.4": 3,
}


@pytest.fixture(scope="module")
def corpus():
    return charger_corpus(RACINE, JOUR)


def normaliser(texte: str) -> str:
    texte = texte.replace("’", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", texte).casefold()


def evaluation(f: Fiche) -> str:
    """The body of the fiche's « Évaluation » section (up to the next ## heading)."""
    apres = f.corps.split("## Évaluation", 1)[1]
    return apres.split("\n## ", 1)[0]


def indicateur(**champs) -> IndicateurFiche:
    data = {"id": "ind", "libelle": "Indicateur (fictif, test)", "type": "resultat"}
    data.update(champs)
    return IndicateurFiche.model_validate(data)


# --- schema --------------------------------------------------------------------------------


def test_frequence_vocabulaire_et_message_francais():
    assert indicateur(frequence="Semestrielle").frequence == "semestrielle"
    assert indicateur().frequence is None
    with pytest.raises(ValidationError) as exc:
        indicateur(frequence="hebdo")
    assert "fréquence « hebdo » inconnue — valeurs possibles : mensuelle, trimestrielle" in str(exc.value)


def test_qualitatif_sans_chiffre():
    assert indicateur(nature="Qualitatif").nature == "qualitatif"
    for champ, valeur in (
        ("valeurs", [{"periode": 2019, "valeur": 1}]),
        ("cible", {"valeur": 3}),
        ("initial", {"periode": 2018, "valeur": 1}),
    ):
        with pytest.raises(ValidationError) as exc:
            indicateur(nature="qualitatif", **{champ: valeur})
        assert f"« {champ} » n'est pas permis" in str(exc.value) and "journal" in str(exc.value)


def test_sens_attendu_sans_cible_sert_a_la_tendance():
    # Fake values: 10 then 8, the document expects a fall: favourable, no target, no rate.
    s = calc.synthese(
        indicateur(sens="baisse", valeurs=[{"periode": 2019, "valeur": 10}, {"periode": 2020, "valeur": 8}])
    )
    assert (s.tendance, s.appreciation, s.taux, s.cible) == ("baisse", "favorable", None, None)
    with pytest.raises(ValidationError, match="contredit"):
        indicateur(sens="hausse", valeurs=[{"periode": 2019, "valeur": 1}], cible={"valeur": 0, "sens": "baisse"})


def test_a_definir_exclut_les_indicateurs():
    base = {"id": "1.1", "titre": "T", "axe": 1, "objectif": "O", "pilote": ["maire"], "echeance": 2021}
    assert Fiche.model_validate({**base, "indicateurs_a_definir": "Indicateurs à définir."}).indicateurs == []
    with pytest.raises(ValidationError, match="« indicateurs_a_definir » et « indicateurs » ensemble"):
        Fiche.model_validate(
            {
                **base,
                "indicateurs_a_definir": "Indicateurs à définir.",
                "indicateurs": [{"id": "x", "libelle": "X", "type": "activite"}],
            }
        )


# --- the transcription ---------------------------------------------------------------------


def test_chaque_critere_transcrit_sans_valeur_inventee(corpus):
    assert {f.id: len(f.indicateurs) for f in corpus.fiches} == ATTENDUS
    assert sum(ATTENDUS.values()) == 65
    for f in corpus.fiches:
        texte = normaliser(evaluation(f))
        ids = [i.id for i in f.indicateurs]
        assert len(ids) == len(set(ids)), f.id
        for i in f.indicateurs:
            assert not i.valeurs and i.initial is None and i.cible is None, (f.id, i.id)
            # The document's words: the label is in the section, or a note says how it was reworded.
            assert normaliser(i.libelle) in texte or i.note, (f.id, i.id, i.libelle)
            if i.nature == "qualitatif":
                assert i.unite in ("appréciation", "oui / non"), (f.id, i.id)


def test_indicateurs_a_definir_reste_les_mots_du_document(corpus):
    f = corpus.fiche("1.1")
    assert f.indicateurs == [] and f.indicateurs_a_definir == "Indicateurs à définir."
    assert evaluation(f).strip() == "Indicateurs à définir."
    if DOCUMENT.exists():  # the source document, beside the project
        assert "Evaluation\tIndicateurs à définir." in DOCUMENT.read_text(encoding="utf-8")
    assert all(g.indicateurs_a_definir is None for g in corpus.fiches if g.id != "1.1")


def test_libelles_dans_le_document_source(corpus):
    """Labels given without a note are the document's own words, in the source text too."""
    if not DOCUMENT.exists():
        pytest.fail(f"document source absent : {DOCUMENT}")
    source = normaliser(re.sub(r"<[^>]+>", " ", DOCUMENT.read_text(encoding="utf-8")))
    for f in corpus.fiches:
        for i in f.indicateurs:
            if not i.note:
                assert normaliser(i.libelle) in source, (f.id, i.libelle)


# --- « Aucune valeur » everywhere ---------------------------------------------------------


def section(corpus, ident: str, nom: str = "public") -> str:
    f = corpus.fiche(ident)
    ed = Edition(nom, corpus)
    return progres.section(Contexte(corpus, src_fiche(f), ed.publie), f, ed, JOUR)


def test_page_fiche_aucune_valeur(corpus):
    html = section(corpus, "1.2")
    bloc = html.split("### Indicateurs", 1)[1]
    assert bloc.count('<span class="stspd-nr">Aucune valeur</span> rapportée à ce jour.') == 3
    assert bloc.count("<article") == 3 and "Valeur initiale" not in bloc  # the short card, no empty figures
    assert "Variation du taux de délinquance de proximité" in bloc and "unité : non précisée" in bloc
    qualitatif = section(corpus, "1.5").split("### Indicateurs", 1)[1]
    assert "qualitatif (oui / non)" in qualitatif and "son appréciation se rapporte dans le journal" in qualitatif
    assert "<dt>Période</dt><dd>après plusieurs mois d&#39;exercice</dd>" in qualitatif
    attendue = section(corpus, "2.3")
    assert "<dt>Évolution attendue</dt><dd>À la baisse</dd>" in attendue
    assert "principaux des collèges et proviseurs des lycées" in attendue
    assert "Le document ne nomme pas encore d'indicateur pour cette fiche : « Indicateurs à définir. »" in section(
        corpus, "1.1"
    )


def test_carte_complete_garde_aucune_valeur_quand_toutes_manquent():
    # Fake indicator: two periods declared, both « n.d. »: the full card, no figure invented.
    f = Fiche.model_validate(
        {"id": "1.1", "titre": "T", "axe": 1, "objectif": "O", "pilote": ["maire"], "echeance": 2021}
    )
    ind = indicateur(valeurs=[{"periode": 2019, "valeur": None}, {"periode": 2020, "valeur": None}], note="N")
    html = cartes_indicateurs.carte_indicateur(f, ind)
    assert html.count("Aucune valeur") >= 3 and "n.d." in html and "Note de la rédaction :</strong> N" in html
    assert cartes_indicateurs.sans_valeur(ind)


def test_tableau_de_bord_aucune_valeur(corpus):
    page = tableau_de_bord.pages(corpus, Edition("public", corpus), JOUR)["suivi/index.md"]
    bloc = page.split("## Indicateurs {#indicateurs}", 1)[1].split("## Comment lire", 1)[0]
    assert "65 indicateurs, repris des sections « Évaluation » du document, dont 65 sans aucune valeur" in bloc
    assert bloc.count('<span class="stspd-nr">Aucune valeur</span>') == 65
    assert "le document ne nomme pas encore d'indicateur (« Indicateurs à définir. »)" in bloc
    assert bloc.count("Sans objet (qualitatif)") == sum(
        1 for f in corpus.fiches for i in f.indicateurs if i.nature == "qualitatif"
    )


def test_exports_aucune_valeur(corpus):
    ed = Edition("public", corpus)
    fichiers = donnees_suivi.exports(corpus, ed, JOUR)
    lignes = lignes_csv(fichiers["suivi/indicateurs.csv"])
    assert len(lignes) == 65  # one row per indicator: none has a value
    assert {(ligne["periode"], ligne["valeur"], ligne["aucune_valeur"]) for ligne in lignes} == {("", "", "true")}
    l14 = next(
        ligne for ligne in lignes if (ligne["fiche_id"], ligne["indicateur_id"]) == ("1.4", "couts-espace-public")
    )
    assert (l14["unite"], l14["frequence"], l14["sens_attendu"], l14["nature_indicateur"]) == (
        "euros",
        "annuelle",
        "baisse",
        "quantitatif",
    )
    assert l14["periode_document"].startswith("L'observation se fait selon un rythme mensuel")
    assert "deux indicateurs" in l14["note"]
    doc = json.loads(fichiers["suivi/indicateurs.json"])
    assert all(ligne["aucune_valeur"] is True and ligne["valeur"] is None for ligne in doc["lignes"])
    fiches = {ligne["id"]: ligne for ligne in lignes_csv(fichiers["suivi/fiches.csv"])}
    assert fiches["1.7"]["indicateurs"] == fiches["1.7"]["indicateurs_sans_valeur"] == "10"
    assert (fiches["1.1"]["indicateurs"], fiches["1.1"]["indicateurs_a_definir"]) == ("0", "Indicateurs à définir.")


def test_export_indicateur_avec_valeur_n_est_plus_sans_valeur(corpus):
    # Fake value on a copy of the real corpus (in memory only).
    import copy

    c = copy.copy(corpus)
    f = corpus.fiche("3.3")
    ind = f.indicateurs[0].model_copy(update={"valeurs": [Valeur.model_validate({"periode": 2019, "valeur": 12})]})
    c.fiches = [g if g.id != "3.3" else g.model_copy(update={"indicateurs": [ind]}) for g in corpus.fiches]
    lignes = donnees_suivi.lignes_indicateurs(c, Edition("public", c))
    l33 = [ligne for ligne in lignes if ligne["fiche_id"] == "3.3"]
    assert [(ligne["periode"], ligne["valeur"], ligne["aucune_valeur"]) for ligne in l33] == [("2019", 12.0, False)]


# --- fidelity of the journal and of the actors --------------------------------------------


def test_entrees_datees_du_clspd_disent_que_le_document_n_est_pas_date(corpus):
    for f in corpus.fiches:
        for e in f.suivi:
            if str(e.date) == "2018-11-29":
                assert e.note and "pas daté" in e.note and "2018" in e.note, (f.id, e.texte)
    assert "*(Note de la rédaction : Le document n" in section(corpus, "1.6")  # HTML: see test_progres build


def sans_accents(texte: str) -> str:
    texte = unicodedata.normalize("NFKD", texte.replace("œ", "oe").replace("Œ", "OE"))
    return normaliser("".join(c for c in texte if not unicodedata.combining(c)))


def test_noms_d_acteurs_du_document_ou_notes(corpus):
    """Each actor's full name is the document's wording, or its note says how the document
    names it (accents and case aside: « Education » / « Éducation »)."""
    if not DOCUMENT.exists():
        pytest.fail(f"document source absent : {DOCUMENT}")
    source = sans_accents(DOCUMENT.read_text(encoding="utf-8"))
    for a in corpus.acteurs.values():
        assert sans_accents(a.nom) in source or a.note, (a.id, a.nom)
    elu = corpus.acteurs["elu-delegue"]
    assert elu.nom == "Élu(e) délégué(e)" and "médiation" in elu.note
    assert "sécurité" not in elu.nom


def test_fiche_3_2_note_des_correspondances(corpus):
    corps = corpus.fiche("3.2").corps
    note = corps.split("## Pilote et partenaires", 1)[1].split("## Mise en œuvre", 1)[0]
    for terme in (
        "les structures de",
        "les personnels éducatifs",
        "club de prévention",
        "Éducation Nationale",
        "services municipaux",
    ):
        assert terme in note, terme
