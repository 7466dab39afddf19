"""Progress tracking: roll-up, deadlines, taux de réalisation, trend, « sans nouvelles »,
the build gate on statut/avancement, the editions and the open-data exports.

Every expected figure is computed by hand in the test. Invented progress lives only in
tests/fixtures/suivi-invente.yml and in the in-memory fiches below, never in fiches/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from pathlib import Path

import pytest
import yaml
from conftest import copier_projet, lancer, sans_trace
from csv_util import lire_csv
from helpers import check

from macros.domaine import donnees
from macros.domaine import suivi as calc
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche, IndicateurFiche
from macros.export import csv as export_csv
from macros.export import suivi as donnees_suivi
from macros.lecture import reglages
from macros.lecture.erreurs import Collecteur
from macros.lecture.fichiers import separer_front_matter
from macros.lecture.sources import charger_corpus
from macros.rendu import suivi as progres
from macros.rendu import tableau_de_bord
from macros.rendu.fragments import Contexte, src_fiche

D = dt.date
FIXTURE = Path(__file__).parent / "fixtures" / "suivi-invente.yml"


def fiche(ident: str = "1.1", **champs) -> Fiche:
    data = {
        "id": ident,
        "titre": f"Fiche {ident}",
        "axe": int(ident.split(".")[0]),
        "objectif": "Objectif",
        "pilote": ["maire"],
        "echeance": 2021,
    }
    data.update(champs)
    return Fiche.model_validate(data)


def indicateur(**champs) -> IndicateurFiche:
    data = {"id": "ind", "libelle": "Indicateur", "type": "resultat"}
    data.update(champs)
    return IndicateurFiche.model_validate(data)


# --- avancement and roll-up ------------------------------------------------------------


def test_avancement_vient_du_statut_sauf_s_il_est_saisi():
    assert calc.avancement(fiche(statut="en-cours")) == 50
    assert calc.avancement(fiche(statut="en-cours", avancement=30)) == 30
    assert calc.avancement(fiche(statut="a-lancer")) == 0
    assert calc.avancement(fiche(statut="realise")) == 100
    assert calc.avancement(fiche()) is None  # non renseigné: no figure, not 0
    assert calc.avancement(fiche(statut="suspendu")) is None
    assert calc.origine_avancement(fiche(statut="en-cours")) == "statut"
    assert calc.origine_avancement(fiche(statut="en-cours", avancement=30)) == "saisi"
    assert calc.origine_avancement(fiche()) == ""


def test_statut_ecrit_en_clair_est_accepte():
    assert fiche(statut="En cours").statut == "en-cours"
    assert fiche(statut="réalisé").statut == "realise"


FICHES_CUMUL = [
    fiche("1.1", statut="en-cours"),  # 50
    fiche("1.2", statut="realise"),  # 100
    fiche("1.3", statut="a-lancer"),  # 0
    fiche("1.4", statut="en-cours", avancement=30),  # 30
    fiche("1.5"),  # non renseigné: apart
    fiche("2.1", statut="abandonne"),  # out of the mean
    fiche("2.2", statut="suspendu"),  # no figure: apart
    fiche("2.3", statut="suspendu", avancement=20),  # 20
    fiche("2.4", statut="permanent"),  # 100
]


def test_cumul_par_axe():
    axes = calc.cumul_par_axe(FICHES_CUMUL)
    a1, a2 = axes[1], axes[2]
    assert (a1.total, a1.avec_chiffre, a1.sans_chiffre, a1.abandonnees) == (5, 4, 1, 0)
    assert a1.moyenne == pytest.approx((50 + 100 + 0 + 30) / 4)  # 45
    assert (a2.total, a2.avec_chiffre, a2.sans_chiffre, a2.abandonnees) == (4, 2, 1, 1)
    assert a2.moyenne == pytest.approx((20 + 100) / 2)  # 60
    assert a1.par_statut["en-cours"] == 2 and a1.par_statut["non-renseigne"] == 1


def test_cumul_global_pese_chaque_fiche_pas_chaque_axe():
    c = calc.cumul(FICHES_CUMUL)
    assert c.moyenne == pytest.approx((50 + 100 + 0 + 30 + 20 + 100) / 6)  # 50
    assert c.moyenne != pytest.approx((45 + 60) / 2)  # not the mean of the axes (52.5)
    assert (c.total, c.avec_chiffre, c.sans_chiffre, c.abandonnees) == (9, 6, 2, 1)


def test_cumul_sans_aucun_chiffre_reste_non_renseigne():
    c = calc.cumul([fiche("1.1"), fiche("1.2"), fiche("1.3", statut="abandonne")])
    assert c.moyenne is None
    assert (c.avec_chiffre, c.sans_chiffre, c.abandonnees) == (0, 2, 1)
    assert calc.cumul([]).moyenne is None


# --- deadlines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "statut, echeance, jour, attendu",
    [
        ("en-cours", {"date": "2019-12-31"}, D(2020, 1, 1), "depassee"),
        ("en-cours", {"date": "2019-12-31"}, D(2019, 12, 31), "proche"),  # the day itself is not late
        ("a-lancer", 2019, D(2020, 1, 1), "depassee"),  # a year runs until 31 December
        ("a-lancer", 2019, D(2019, 12, 31), "proche"),
        ("suspendu", 2019, D(2020, 1, 1), "depassee"),
        ("non-renseigne", 2019, D(2020, 1, 1), "passee-non-renseignee"),  # not known to be late
        ("realise", 2019, D(2025, 1, 1), "sans-objet"),
        ("permanent", 2019, D(2025, 1, 1), "sans-objet"),
        ("abandonne", 2019, D(2025, 1, 1), "sans-objet"),
        ("en-cours", "annuelle", D(2025, 1, 1), "recurrente"),
        ("en-cours", 2021, D(2021, 7, 1), "proche"),  # 31/12 ≤ 1 July + 6 months (1/1/2022)
        ("en-cours", 2021, D(2021, 6, 30), "a-venir"),  # 31/12 > 30 June + 6 months (30/12)
    ],
)
def test_situation_echeance(statut, echeance, jour, attendu):
    f = fiche(statut=statut, echeance=echeance)
    assert calc.situation_echeance(f, jour, mois_proche=6) == attendu


@pytest.mark.parametrize(
    "jour, mois, attendu",
    [
        (D(2020, 6, 30), 6, D(2019, 12, 30)),
        (D(2020, 8, 31), 6, D(2020, 2, 29)),  # clipped to the month's last day (leap year)
        (D(2021, 8, 31), 6, D(2021, 2, 28)),
        (D(2020, 1, 15), 13, D(2018, 12, 15)),
    ],
)
def test_moins_mois(jour, mois, attendu):
    assert calc.moins_mois(jour, mois) == attendu


# --- taux de réalisation, trend --------------------------------------------------------


@pytest.mark.parametrize(
    "initial, actuel, cible, attendu",
    [
        (100, 80, 60, 0.5),  # (80 − 100) / (60 − 100): a decrease half-way to the target
        (28, 45, 51, 17 / 23),  # 73.9 %
        (10, 12, 20, 0.2),
        (10, 25, 20, 1.5),  # target exceeded: not clipped
        (10, 5, 20, -0.5),  # moving away from the target: negative
        (10, 10, 20, 0.0),
        (10, 10, 10, None),  # cible = initial: undefined (0/0)
        (10, 12, 10, None),  # cible = initial: undefined (x/0)
        (None, 12, 20, None),  # missing values
        (10, None, 20, None),
        (10, 12, None, None),
    ],
)
def test_taux_realisation(initial, actuel, cible, attendu):
    taux = calc.taux_realisation(initial, actuel, cible)
    if attendu is None:
        assert taux is None
    else:
        assert taux == pytest.approx(attendu)


def test_synthese_valeur_initiale_declaree_et_valeurs_manquantes():
    ind = indicateur(
        initial={"periode": "2018", "valeur": 28},
        valeurs=[
            {"periode": "2021", "valeur": 45},
            {"periode": "2019", "valeur": 40},
            {"periode": "2020", "valeur": None},
        ],  # out of order, one missing
        cible={"valeur": 51, "annee": 2021},
    )
    s = calc.synthese(ind)
    assert s.initial.valeur == 28 and s.initial_explicite
    assert s.actuel.valeur == 45 and str(s.actuel.periode) == "2021"
    assert s.taux == pytest.approx((45 - 28) / (51 - 28))
    assert s.sens == "hausse"  # deduced: cible > initial
    assert s.tendance == "hausse"  # 40 → 45, the missing 2020 is skipped
    assert s.appreciation == "favorable"
    assert s.atteinte is False
    assert str(s.mise_a_jour) == "2021"
    assert [str(v.periode) for v in s.serie] == ["2019", "2020", "2021"]


def test_synthese_valeur_initiale_implicite_et_valeur_actuelle_manquante():
    ind = indicateur(
        valeurs=[
            {"periode": "2019", "valeur": 12},
            {"periode": "2020", "valeur": 9},
            {"periode": "2021", "valeur": None},
        ],
        cible={"valeur": 6, "sens": "baisse"},
    )
    s = calc.synthese(ind)
    assert s.initial.valeur == 12 and not s.initial_explicite  # earliest known value
    assert s.actuel.valeur == 9 and str(s.mise_a_jour) == "2020"  # latest *known* value
    assert s.taux == pytest.approx((9 - 12) / (6 - 12))  # 0.5
    assert (s.tendance, s.appreciation) == ("baisse", "favorable")


def test_synthese_cible_egale_a_la_valeur_initiale():
    tenu = calc.synthese(
        indicateur(valeurs=[{"periode": "2019", "valeur": 4}, {"periode": "2020", "valeur": 4}], cible={"valeur": 4})
    )
    assert tenu.taux is None and tenu.sens == "maintien" and tenu.atteinte is True
    assert (tenu.tendance, tenu.appreciation) == ("stable", "favorable")
    perdu = calc.synthese(
        indicateur(valeurs=[{"periode": "2019", "valeur": 4}, {"periode": "2020", "valeur": 6}], cible={"valeur": 4})
    )
    assert perdu.taux is None and perdu.atteinte is False and perdu.appreciation == "defavorable"
    # A floor: "at least the initial level" is held when above it.
    plancher = calc.synthese(
        indicateur(
            valeurs=[{"periode": "2019", "valeur": 4}, {"periode": "2020", "valeur": 6}],
            cible={"valeur": 4, "sens": "hausse"},
        )
    )
    assert plancher.taux is None and plancher.atteinte is True


def test_synthese_sans_valeur_ni_cible():
    s = calc.synthese(indicateur())
    assert (s.initial, s.actuel, s.taux, s.tendance, s.atteinte, s.mise_a_jour) == (None,) * 6
    s = calc.synthese(indicateur(valeurs=[{"periode": "2020", "valeur": None}]))
    assert s.actuel is None and s.taux is None
    s = calc.synthese(indicateur(valeurs=[{"periode": "2020", "valeur": 3}]))  # no target
    assert s.actuel.valeur == 3 and s.taux is None and s.tendance is None


@pytest.mark.parametrize(
    "valeurs, attendu",
    [
        ([1, 2], "hausse"),
        ([2, 1], "baisse"),
        ([3, 3], "stable"),
        ([5], None),
        ([], None),
        ([1, 7, None], "hausse"),
    ],
)
def test_tendance(valeurs, attendu):
    vals = [{"periode": str(2015 + i), "valeur": v} for i, v in enumerate(valeurs)]
    assert calc.tendance(indicateur(valeurs=vals).valeurs) == attendu


@pytest.mark.parametrize(
    "champs, fragment",
    [
        ({"valeurs": [{"periode": "2019", "valeur": 1}, {"periode": "2019", "valeur": 2}]}, "donnée deux fois"),
        (
            {"valeurs": [{"periode": "2019", "valeur": 10}], "cible": {"valeur": 20, "sens": "baisse"}},
            "cible incohérente",
        ),
        ({"initial": {"periode": "2018", "valeur": None}}, "« initial » sans valeur"),
        ({"valeurs": [{"periode": "2019", "valeur": float("nan")}]}, "finite"),
    ],
)
def test_indicateur_incoherent_refuse(champs, fragment):
    with pytest.raises(Exception) as exc:
        indicateur(**champs)
    assert fragment in str(exc.value)


# --- journal, « sans nouvelles » -------------------------------------------------------

JOURNAL = [
    {"date": "2017", "texte": "année"},
    {"date": "2019-12-30", "texte": "publique"},
    {"date": "2020-03-02", "texte": "interne", "visibilite": "intranet"},
    {"date": "2017-03", "texte": "mois"},
]


def test_journal_du_plus_recent_au_plus_ancien_et_filtre():
    f = fiche(suivi=JOURNAL)
    assert [e.texte for e in calc.journal(f)] == ["interne", "publique", "année", "mois"]
    public = Edition("public", charger_corpus(Path(__file__).resolve().parent.parent)).visible
    assert [e.texte for e in calc.journal(f, public)] == ["publique", "année", "mois"]


def test_meme_date_garde_l_ordre_du_fichier():
    f = fiche(
        suivi=[
            {"date": "2018-11-29", "texte": "a"},
            {"date": "2018-11-29", "texte": "b"},
            {"date": "2019-01-01", "texte": "c"},
        ]
    )
    assert [e.texte for e in calc.journal(f)] == ["c", "a", "b"]


def test_sans_nouvelles_limite_exacte_et_mois_reglables():
    f = fiche(statut="en-cours", suivi=[{"date": "2019-12-30", "texte": "x"}])
    # 30 June 2020 − 6 months = 30 December 2019: an entry that day still counts.
    assert not calc.sans_nouvelles(f, D(2020, 6, 30), 6)
    assert calc.sans_nouvelles(f, D(2020, 7, 1), 6)
    assert not calc.sans_nouvelles(f, D(2020, 7, 1), 7)  # N is a setting
    assert calc.sans_nouvelles(f, D(2020, 3, 31), 3)


def test_sans_nouvelles_par_edition_et_par_statut():
    f = fiche(statut="en-cours", suivi=JOURNAL)
    jour = D(2020, 6, 30)
    assert not calc.sans_nouvelles(f, jour, 6)  # the intranet entry (2 March 2020) is news…
    assert calc.sans_nouvelles(f, jour, 6, lambda v: v == "public") is False  # 30/12/2019 counts
    assert calc.sans_nouvelles(f, D(2020, 7, 1), 6, lambda v: v == "public")  # …not in public
    assert calc.sans_nouvelles(fiche(statut="en-cours"), jour, 6)  # no entry at all
    assert not calc.sans_nouvelles(fiche(statut="realise"), jour, 6)  # finished: no news expected
    # A year-only entry counts as 31 December of that year.
    an = fiche(suivi=[{"date": "2019", "texte": "bilan"}])
    assert not calc.sans_nouvelles(an, D(2020, 6, 30), 6)
    assert calc.sans_nouvelles(an, D(2020, 7, 1), 6)


# --- the build gate --------------------------------------------------------------------

FICHE = "fiches/1.07-videosurveillance.md"


def remplacer(projet: Path, rel: str, avant: str, apres: str) -> None:
    chemin = projet / rel
    texte = chemin.read_text(encoding="utf-8")
    assert avant in texte
    chemin.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def test_statut_inconnu_arrete_check(projet: Path):
    remplacer(projet, FICHE, "statut: non-renseigne", "statut: presque fini")
    proc = check(projet)
    assert proc.returncode == 1
    sans_trace(proc)
    assert (
        "champ « statut » : « presque-fini » n'est pas une valeur permise — valeurs possibles : "
        "non-renseigne, a-lancer, en-cours, realise, permanent, suspendu, abandonne"
    ) in proc.stderr, proc.stderr
    assert f"{FICHE}:" in proc.stderr


@pytest.mark.lent
def test_avancement_140_arrete_check_et_la_construction(projet: Path, tmp_path: Path):
    remplacer(projet, FICHE, "statut: non-renseigne", "statut: en-cours\navancement: 140")
    texte = (projet / FICHE).read_text(encoding="utf-8").split("\n")
    ligne = next(i for i, ligne_ in enumerate(texte, 1) if ligne_ == "avancement: 140")
    attendu = f"{FICHE}:{ligne}: champ « avancement » : valeur hors limites (reçu 140) — attendu entre 0 et 100"
    proc = check(projet)
    assert proc.returncode == 1 and attendu in proc.stderr, proc.stderr
    build = lancer("-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site"), cwd=projet)
    assert build.returncode != 0
    sans_trace(build)
    assert attendu in build.stdout + build.stderr


def test_indicateur_incoherent_arrete_check(projet: Path):
    # The fiche already lists its transcribed indicators: this one is added to the list.
    remplacer(
        projet,
        FICHE,
        "\nindicateurs:\n",
        "\nindicateurs:\n  - id: x\n    libelle: X\n    type: résultat\n"
        "    valeurs: [{periode: 2019, valeur: 10}]\n    cible: {valeur: 20, sens: baisse}\n",
    )
    proc = check(projet)
    assert proc.returncode == 1
    sans_trace(proc)
    assert (
        "cible incohérente : sens « baisse » mais la cible (20) est supérieure à la valeur initiale (10)" in proc.stderr
    )


def test_reglages_invalides_nomment_le_fichier_et_la_ligne(tmp_path: Path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "suivi.yml").write_text("# réglages\nmois_sans_nouvelles: 0\n", encoding="utf-8")
    col = Collecteur()
    reglages.charger_reglages(tmp_path, col)
    assert [str(p) for p in col.problemes] == [
        "data/suivi.yml:2: champ « mois_sans_nouvelles » : valeur hors limites (reçu 0) — attendu entre 1 et 120"
    ]
    (tmp_path / "data" / "suivi.yml").write_text("mois_sans_nouvell: 3\n", encoding="utf-8")
    col = Collecteur()
    reglages.charger_reglages(tmp_path, col)
    assert "vouliez-vous dire « mois_sans_nouvelles »" in str(col.problemes[0])
    assert reglages.charger_reglages(tmp_path / "absent", Collecteur()).mois_sans_nouvelles == 6


# --- pages and exports, per edition (fixture with invented progress) -------------------

JOUR = D(2020, 6, 30)
INTERNE = "réunion interne du comité vidéo"


def injecter(projet: Path) -> None:
    """Merge the invented progress of the fixture into the copy's fiches."""
    for rel, champs in yaml.safe_load(FIXTURE.read_text(encoding="utf-8")).items():
        chemin = projet / rel
        meta, corps, _ = separer_front_matter(chemin.read_text(encoding="utf-8"))
        data = yaml.safe_load(meta)
        data.update(champs)
        entete = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        chemin.write_text(f"---\n{entete}---\n{corps}", encoding="utf-8")


@pytest.fixture(scope="module")
def suivi_invente(tmp_path_factory) -> Path:
    projet = copier_projet(tmp_path_factory.mktemp("suivi") / "projet")
    injecter(projet)
    return projet


@pytest.fixture(scope="module")
def corpus(suivi_invente: Path):
    return charger_corpus(suivi_invente)


def test_fiche_reelles_sans_avancement_invente():
    """Data honesty: the real fiches carry no invented figure or indicator."""
    c = charger_corpus(Path(__file__).resolve().parent.parent)
    assert len(c.fiches) == 20
    for f in c.fiches:
        assert f.avancement is None, f.id
        # The transcribed indicators (issue 13) carry no value, baseline or target.
        assert all(not i.valeurs and i.initial is None and i.cible is None for i in f.indicateurs), f.id
        assert "Fixture" not in " ".join(e.texte for e in f.suivi)


def test_section_fiche_filtre_le_journal_par_edition(corpus):
    f = corpus.fiche("1.7")
    out = {}
    for nom in ("public", "intranet"):
        ed = Edition(nom, corpus)
        ctx = Contexte(corpus, src_fiche(f), ed.publie)
        out[nom] = progres.section(ctx, f, ed, JOUR) + progres.entete(ctx, f, ed, JOUR)
    assert INTERNE not in out["public"] and INTERNE in out["intranet"]
    assert "Réunions du comité vidéo" not in out["public"] and "Réunions du comité vidéo" in out["intranet"]
    assert out["public"].index("mise en service de 12 caméras") > out["public"].index("### Journal")
    # Newest first: the intranet entry (2 March 2020) comes before the public one (15 Nov 2019).
    assert out["intranet"].index(INTERNE) < out["intranet"].index("mise en service de 12 caméras")
    # Sans nouvelles in public only: the public news is older than 30 December 2019.
    assert "Sans nouvelles depuis plus de 6 mois" in out["public"]
    assert "Sans nouvelles" not in out["intranet"]
    assert 'value="60"' in out["public"] and "Échéance du 31 décembre 2019 dépassée" in out["public"]
    # Card: 28 → 45, target 51: (45 − 28) / (51 − 28) = 73,9 %.
    assert "73,9\u00a0%" in out["public"] and "n.d." in out["public"]


def test_tableau_de_bord_par_edition(corpus):
    pub = tableau_de_bord.pages(corpus, Edition("public", corpus), JOUR)["suivi/index.md"]
    intra = tableau_de_bord.pages(corpus, Edition("intranet", corpus), JOUR)["suivi/index.md"]
    assert pub.startswith("---\nrender_macros: false\n---\n")
    # Public: 19 fiches (2.4 is intranet), figures for 1.7 (60), 1.8 (100), 1.9 (0): 160 / 3.
    assert "des 19 fiches-actions" in pub and "53,3\u00a0%" in pub
    assert "Moyenne de l'avancement des 3 fiches chiffrées sur 19 ; 16 fiches sans chiffre" in pub
    assert "2.04-addictions" not in pub
    # Intranet: + 2.4 permanent (100): 260 / 4 = 65 %.
    assert "des 20 fiches-actions" in intra and "65\u00a0%" in intra and "2.04-addictions" in intra
    assert "### Échéances dépassées (1)" in pub  # 1.7 only: 1.9 (a-lancer, 2020) is not due yet
    assert "Réunions du comité vidéo" not in pub and "Réunions du comité vidéo" in intra
    # One row per fiche, each opening with its sort key (« 001.010 » for 1.10).
    assert len(re.findall(r'^\| <span data-tri="00\d\.0\d\d">\d\.\d+</span> \|', pub, re.M)) == 19


def test_exports_relus(corpus):
    pub = donnees_suivi.exports(corpus, Edition("public", corpus), JOUR)
    intra = donnees_suivi.exports(corpus, Edition("intranet", corpus), JOUR)
    assert set(pub) == {
        "suivi/fiches.csv",
        "suivi/fiches.json",
        "suivi/indicateurs.csv",
        "suivi/indicateurs.json",
        "suivi/datapackage.json",
    }
    entetes, lignes = lire_csv(pub["suivi/fiches.csv"])
    assert entetes == [c[0] for c in donnees.COLONNES_FICHES]
    assert len(lignes) == 19 and "2.4" not in {ligne["id"] for ligne in lignes}
    l17 = next(ligne for ligne in lignes if ligne["id"] == "1.7")
    assert (l17["statut"], l17["avancement"], l17["avancement_origine"]) == ("en-cours", "60", "saisi")
    assert (l17["echeance_limite"], l17["echeance_depassee"], l17["situation_echeance"]) == (
        "2019-12-31",
        "true",
        "depassee",
    )
    assert (l17["entrees_journal"], l17["derniere_mise_a_jour"], l17["sans_nouvelles"]) == ("1", "2019-11-15", "true")
    assert l17["indicateurs"] == "1" and l17["pilotes"] == "maire"
    l11 = next(ligne for ligne in lignes if ligne["id"] == "1.1")
    assert (l11["avancement"], l11["avancement_origine"], l11["situation_echeance"]) == (
        "",
        "",
        "a-venir",
    )  # 31/12/2021, not within 6 months of 30/06/2020
    # JSON: same rows, typed.
    doc = json.loads(pub["suivi/fiches.json"])
    assert [c["nom"] for c in doc["colonnes"]] == entetes and doc["date"] == "2020-06-30"
    j17 = next(ligne for ligne in doc["lignes"] if ligne["id"] == "1.7")
    assert j17["avancement"] == 60 and j17["echeance_depassee"] is True and j17["pilotes"] == ["maire"]
    assert next(ligne for ligne in doc["lignes"] if ligne["id"] == "1.1")["avancement"] is None
    # Intranet: 20 fiches, two journal entries for 1.7, its newest is news.
    _, li = lire_csv(intra["suivi/fiches.csv"])
    i17 = next(ligne for ligne in li if ligne["id"] == "1.7")
    assert len(li) == 20 and i17["entrees_journal"] == "2" and i17["sans_nouvelles"] == "false"
    assert INTERNE not in b"".join(pub.values()).decode("utf-8")
    assert INTERNE not in b"".join(intra.values()).decode("utf-8")  # exports carry no journal text


def test_export_indicateurs_relu(corpus):
    pub = donnees_suivi.exports(corpus, Edition("public", corpus), JOUR)
    entetes, lignes = lire_csv(pub["suivi/indicateurs.csv"])
    assert entetes == [c[0] for c in donnees.COLONNES_INDICATEURS]
    # Every other fiche has only its transcribed indicators, one row each with no value.
    autres = [ligne for ligne in lignes if ligne["fiche_id"] != "1.7"]
    assert autres and all(
        (ligne["periode"], ligne["valeur"], ligne["aucune_valeur"]) == ("", "", "true") for ligne in autres
    )
    lignes = [ligne for ligne in lignes if ligne["fiche_id"] == "1.7"]
    # One row per value: the declared baseline (2018) then 2019, 2020 (n.d.), 2021.
    assert [(ligne["periode"], ligne["valeur"], ligne["nature"]) for ligne in lignes] == [
        ("2018", "28", "initiale"),
        ("2019", "40", "mesure"),
        ("2020", "", "mesure"),
        ("2021", "45", "mesure"),
    ]
    assert {ligne["taux_realisation"] for ligne in lignes} == {"73,9"}  # 100 × 17 / 23, rounded
    assert {
        (ligne["valeur_initiale"], ligne["valeur_actuelle"], ligne["cible_valeur"], ligne["cible_sens"])
        for ligne in lignes
    } == {("28", "45", "51", "hausse")}
    doc = json.loads(pub["suivi/indicateurs.json"])
    assert [ligne["valeur"] for ligne in doc["lignes"] if ligne["fiche_id"] == "1.7"] == [28, 40, None, 45]
    intra = donnees_suivi.exports(corpus, Edition("intranet", corpus), JOUR)
    _, li = lire_csv(intra["suivi/indicateurs.csv"])
    assert [
        (ligne["indicateur_id"], ligne["periode"], ligne["valeur"])
        for ligne in li
        if ligne["indicateur_id"] == "reunions-comite"
    ] == [("reunions-comite", "2020", "3")]
    paquet = json.loads(pub["suivi/datapackage.json"])
    assert [r["path"] for r in paquet["resources"]] == ["fiches.csv", "indicateurs.csv"]
    assert all(r["dialect"] == {**export_csv.DIALECTE} for r in paquet["resources"])
    champs = {c["name"]: c for c in paquet["resources"][1]["schema"]["fields"]}
    assert champs["valeur"]["decimalChar"] == "," and "decimalChar" not in champs["periode"]


def test_texte_hostile_echappe(corpus):
    f = fiche(
        "1.1",
        statut="en-cours",
        suivi=[{"date": "2020-01-01", "texte": "<script>alert(1)</script>"}],
        indicateurs=[
            {
                "id": "x",
                "libelle": "<img src=x onerror=alert(1)>",
                "type": "contexte",
                "valeurs": [{"periode": "2020", "valeur": 1}],
                "source": "<b>s</b>",
            }
        ],
    )
    ed = Edition("intranet", corpus)
    html = progres.section(Contexte(corpus, "fiches/x.md", ed.publie), f, ed, JOUR)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html


@pytest.mark.lent
def test_construction_des_deux_editions(suivi_invente: Path, tmp_path: Path):
    """The real MkDocs build: dashboard, fiche pages and exports in both editions; the
    intranet journal entry only in the intranet one."""
    env = {"STSPD_DATE": "2020-06-30"}
    configs = {"public": "mkdocs.yml", "intranet": "mkdocs.intranet.yml"}
    with ThreadPoolExecutor(max_workers=2) as pool:  # two processes: half the wait
        procs = dict(
            zip(
                configs,
                pool.map(
                    lambda nom: lancer(
                        "-m",
                        "mkdocs",
                        "build",
                        "-q",
                        "-f",
                        configs[nom],
                        "-d",
                        str(tmp_path / nom),
                        cwd=suivi_invente,
                        env=env,
                    ),
                    configs,
                ),
                strict=True,
            )
        )
    for proc in procs.values():
        assert proc.returncode == 0, proc.stdout + proc.stderr
    sites = {nom: tmp_path / nom for nom in configs}
    for nom, site in sites.items():
        tableau = (site / "suivi" / "index.html").read_text(encoding="utf-8")
        assert "Tableau de bord du suivi" in tableau and 'data-stspd-tableau="fiches"' in tableau
        assert "aria-sort" not in tableau  # added by the script only: the HTML table is plain
        page = (site / "fiches" / "1.07-videosurveillance" / "index.html").read_text(encoding="utf-8")
        assert ('<progress max="100" value="60"' in page) and "73,9" in page
        assert (INTERNE in page) is (nom == "intranet")
        assert "&lt;span" not in page + tableau  # fragments are HTML, not escaped text
        # Charts (axis progress on the dashboard, the indicator on the fiche) are published
        # with the pages and their links resolve to the files.
        for html, dossier in ((tableau, site / "suivi"), (page, site / "fiches" / "1.07-videosurveillance")):
            images = re.findall(
                r'<img[^>]* src="([^"]*suivi/graphiques/[0-9a-f]{16}\.svg|graphiques/[0-9a-f]{16}\.svg)"', html
            )
            assert len(images) == 1, images
            assert (dossier / images[0]).resolve().is_file()
        # Transcribed indicators (issue 13): each card says « Aucune valeur »; 1.1 keeps the
        # document's words; the journal's editor's note is shown after the entry.
        p12 = (site / "fiches" / "1.02-schema-tranquillite" / "index.html").read_text(encoding="utf-8")
        assert p12.count('<span class="stspd-nr">Aucune valeur</span> rapportée à ce jour.') == 3
        p11 = unescape((site / "fiches" / "1.01-observatoire" / "index.html").read_text(encoding="utf-8"))
        assert "Le document ne nomme pas encore d'indicateur pour cette fiche : « Indicateurs à définir. »" in p11
        p16 = unescape((site / "fiches" / "1.06-police-municipale" / "index.html").read_text(encoding="utf-8"))
        assert "<em>(Note de la rédaction : Le document n'est pas daté." in p16
        acteur = (site / "acteurs" / "maire" / "index.html").read_text(encoding="utf-8")
        assert '<progress max="100" value="60"' in acteur  # the pilot's page shows the progress
        _, lignes = lire_csv((site / "suivi" / "fiches.csv").read_bytes())
        assert len(lignes) == (19 if nom == "public" else 20)
    assert not (sites["public"] / "fiches" / "2.04-addictions").exists()
    public = "".join(
        p.read_text(encoding="utf-8", errors="replace")
        for p in sites["public"].rglob("*")
        if p.suffix in (".html", ".csv", ".json", ".svg", ".xml")
    )
    for secret in (INTERNE, "Réunions du comité vidéo"):  # intranet entry, intranet indicator
        assert secret not in public


def test_nombres_des_csv_en_notation_decimale():
    assert [export_csv.cellule(v) for v in (28.0, 0.1, 1234567.5, 1e16, 1e-05, -3.0, None, True, ["a", "b"])] == [
        "28",
        "0,1",
        "1234567,5",
        "10000000000000000",
        "0,00001",
        "-3",
        "",
        "true",
        "a;b",
    ]
