"""The annual evaluation report (macros/bilan_calcul.py, bilan.py, rapport.py).

Expected figures are worked out by hand from tests/fixtures/bilan-invente.yml (fake data,
labelled as such, injected into a throwaway copy of the project) and from the real fiches'
journal. One build of both editions of the fixture project serves the whole module; the
PDF is printed by the real Chromium.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import RACINE, copier_projet, lancer, sans_trace
from csv_util import lignes_csv
from navigateur_util import CHROMIUM, en_ci
from test_editions import contenu_complet

from macros.domaine import bilan as bc
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche
from macros.lecture.fichiers import separer_front_matter
from macros.lecture.sources import charger_corpus
from macros.outils import cli, rapport
from macros.rendu import bilan

D = dt.date
FIXTURE = Path(__file__).parent / "fixtures" / "bilan-invente.yml"
DATE_BUILD = "2022-06-30"
SENTINELLES = ["SENTINELLE-BILAN-JOURNAL-5e1d", "SENTINELLE-BILAN-INDIC-9a4c", "SENTINELLE-BILAN-2021-b7c2"]


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


def public(v: str) -> bool:
    return v == "public"


def tout(_v: str) -> bool:
    return True


# The fixture replaces the indicators of these fiches; the others keep the indicators
# transcribed from their « Évaluation » section (issue 13), none of which has a value.
REMPLACEES = {"1.1", "1.7", "1.8", "1.9"}


def transcrits(nature: str | None = None) -> list[tuple[str, str]]:
    """(fiche, indicator) of the real public fiches outside the fixture, in fiche order."""
    reel = charger_corpus(RACINE)
    return [
        (f.id, i.id)
        for f in reel.fiches
        if f.id not in REMPLACEES and f.visibilite == "public"
        for i in f.indicateurs
        if i.visibilite == "public" and (nature is None or i.nature == nature)
    ]


def injecter(projet: Path) -> None:
    """Merge the fixture into the copy: ``suivi`` entries are added, other fields replaced."""
    for rel, champs in yaml.safe_load(FIXTURE.read_text(encoding="utf-8")).items():
        chemin = projet / rel
        meta, corps, _ = separer_front_matter(chemin.read_text(encoding="utf-8"))
        data = yaml.safe_load(meta)
        suivi = champs.pop("suivi", [])
        data.update(champs)
        data["suivi"] = suivi + list(data.get("suivi") or [])
        entete = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        chemin.write_text(f"---\n{entete}---\n{corps}", encoding="utf-8")


@pytest.fixture(scope="module")
def projet(tmp_path_factory) -> Path:
    p = copier_projet(tmp_path_factory.mktemp("bilan") / "projet")
    injecter(p)
    return p


@pytest.fixture(scope="module")
def corpus(projet):
    return charger_corpus(projet)


@pytest.fixture(scope="module")
def sites(projet) -> tuple[Path, Path]:
    sortie = projet.parent / "site"
    proc = lancer(
        "-m", "macros", "--racine", str(projet), "site", "--sortie", str(sortie), env={"STSPD_DATE": DATE_BUILD}
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return sortie / "public", sortie / "intranet"


# --- which years -------------------------------------------------------------------------


def test_years_need_visible_data_within_the_strategy_and_not_after_the_build_year():
    fiches = [
        fiche(
            "1.1",
            suivi=[
                {"date": "2017-05", "texte": "avant la stratégie"},
                {"date": "2019-02-01", "texte": "public"},
                {"date": "2021", "texte": "réservé", "visibilite": "intranet"},
            ],
        ),
        fiche(
            "1.2",
            indicateurs=[
                {
                    "id": "a",
                    "libelle": "A",
                    "type": "resultat",
                    "valeurs": [
                        {"periode": 2020, "valeur": None},  # n.d.: not data
                        {"periode": "2022-03", "valeur": 4},
                    ],
                }
            ],
        ),
    ]
    premiere = bc.premiere_annee(2019)
    assert premiere == 2018
    assert bc.annees_bilan(fiches, public, premiere, D(2026, 1, 1)) == [2019, 2022]
    assert bc.annees_bilan(fiches, tout, premiere, D(2026, 1, 1)) == [2019, 2021, 2022]
    assert bc.annees_bilan(fiches, tout, premiere, D(2021, 6, 1)) == [2019, 2021]  # 2022 is the future


def test_real_content_gives_the_2018_report_only():
    c = charger_corpus(RACINE)
    # Counted here from the YAML: the years of the real journal, and 2018's entries.
    annees_journal = {str(e.date)[:4] for f in c.fiches for e in f.suivi}
    assert {"2013", "2017", "2018"} <= annees_journal  # history before the strategy: no report
    for nom in ("public", "intranet"):
        assert bilan.annees(c, Edition(nom, c), D(2026, 12, 1)) == [2018]
    b = bilan.calculer(c, Edition("public", c), 2018, D(2026, 12, 1))
    de_2018 = [(f.id, e.texte) for f in c.fiches for e in f.suivi if str(e.date).startswith("2018")]
    assert b.nombre_entrees == len(de_2018) > 0
    assert {f.id for f in b.sans_nouvelles} == {f.id for f in c.fiches} - {i for i, _ in de_2018}
    assert b.fin == D(2018, 12, 31) and not b.en_cours


def test_current_year_is_described_at_the_build_date():
    assert bc.fin_annee(2022, D(2022, 6, 30)) == D(2022, 6, 30)
    assert bc.fin_annee(2021, D(2022, 6, 30)) == D(2021, 12, 31)


# --- the figures of a year ---------------------------------------------------------------


def test_value_of_the_year_prefers_the_whole_year_then_the_latest_month():
    f = fiche(
        indicateurs=[
            {
                "id": "s",
                "libelle": "S",
                "type": "activite",
                "valeurs": [
                    {"periode": "2019-03", "valeur": 1},
                    {"periode": "2019-10", "valeur": 4},
                    {"periode": "2019-12", "valeur": None},
                    {"periode": "2020-01", "valeur": 2},
                    {"periode": "2020", "valeur": 6},
                ],
            }
        ]
    )
    ind = f.indicateurs[0]
    assert bc.valeur_annee(ind, 2019).valeur == 4  # the n.d. of December is no value
    assert bc.valeur_annee(ind, 2020).valeur == 6
    assert bc.valeur_annee(ind, 2018) is None


def test_taux_de_realisation_of_the_year_uses_the_baseline_known_then(corpus):
    f = corpus.fiche("1.7")
    cam = next(i for i in f.indicateurs if i.id == "cameras")
    x19 = bc.indicateur_annee(f, cam, 2019)
    assert x19.valeur.valeur == 40 and x19.precedente.valeur == 28  # the baseline is 2018's value
    assert x19.taux == pytest.approx((40 - 28) / (51 - 28))  # initial 28 (2018), cible 51
    assert x19.atteinte is False
    x20 = bc.indicateur_annee(f, cam, 2020)
    assert x20.valeur is None and x20.taux is None and x20.precedente.valeur == 40
    sens = corpus.fiche("1.8").indicateurs[0]
    s19 = bc.indicateur_annee(corpus.fiche("1.8"), sens, 2019)
    assert s19.taux == pytest.approx((4 - 1) / (6 - 1))  # 2019-10 is the year's latest; baseline 2019-03
    s20 = bc.indicateur_annee(corpus.fiche("1.8"), sens, 2020)
    assert s20.taux == pytest.approx(1.0) and s20.atteinte is True and s20.precedente.valeur == 4


def test_summary_of_2020_by_hand(corpus):
    ed = Edition("public", corpus)
    b = bilan.calculer(corpus, ed, 2020, D(2022, 6, 30))
    # 31 Dec 2019 deadlines (1.5, 1.7, 1.12) and 1.9's « 2019 » are past at the end of 2020.
    assert [f.id for f in b.echeances_passees] == ["1.5", "1.7", "1.9", "1.12"]
    assert len(b.sans_nouvelles) == 19  # only 1.9 has a public entry of 2020
    fixture = [x.ind.id for x in b.sans_valeur if x.fiche.id in REMPLACEES]
    assert fixture == ["cameras"]  # n.d. in 2020; a qualitative one has none
    assert [(x.fiche.id, x.ind.id) for x in b.sans_valeur if x.fiche.id not in REMPLACEES] == transcrits("quantitatif")
    assert sum(len(v) for k, v in b.indicateurs.items() if k in REMPLACEES) == 3  # the intranet one is not shown
    assert sum(len(v) for k, v in b.indicateurs.items() if k not in REMPLACEES) == len(transcrits())
    bi = bilan.calculer(corpus, Edition("intranet", corpus), 2020, D(2022, 6, 30))
    assert len(bi.sans_nouvelles) == 18 and bi.nombre_entrees == 2
    b19 = bilan.calculer(corpus, ed, 2019, D(2022, 6, 30))
    assert b19.echeances_passees == ()  # the deadline day itself is not past
    assert b19.cumul.par_statut["en-cours"] == 1 and b19.cumul.par_statut["realise"] == 1


# --- both editions, built ----------------------------------------------------------------


def _pages_bilans(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "suivi").glob("bilan-*/index.html")}


@pytest.mark.lent
def test_one_report_per_year_with_data_in_each_edition(sites):
    pub, intra = sites
    assert _pages_bilans(pub) == {"bilan-2018", "bilan-2019", "bilan-2020"}
    # 2021 has an intranet entry only; 2022 (the build year) and 2017 (before the strategy) none.
    assert _pages_bilans(intra) == {"bilan-2018", "bilan-2019", "bilan-2020", "bilan-2021"}
    for site in sites:
        for annee in ("2018", "2019", "2020"):
            assert (site / f"suivi/bilan-{annee}/imprimer/index.html").is_file()


@pytest.mark.lent
@pytest.mark.parametrize("sentinelle", SENTINELLES)
def test_intranet_entries_and_indicators_never_reach_a_public_file(sites, sentinelle):
    pub, intra = sites
    fuites = [p for p, data in contenu_complet(pub).items() if sentinelle.encode() in data]
    assert not fuites, fuites
    dans_intranet = [p for p, data in contenu_complet(intra).items() if sentinelle.encode() in data]
    assert any(p.startswith("suivi/bilan-20") for p in dans_intranet), dans_intranet


@pytest.mark.lent
def test_intranet_report_shows_its_entry_and_indicator_value(sites):
    _, intra = sites
    html = (intra / "suivi/bilan-2020/index.html").read_text(encoding="utf-8")
    assert "SENTINELLE-BILAN-JOURNAL-5e1d" in html and "SENTINELLE-BILAN-INDIC-9a4c" in html
    assert "stspd-marque-intranet" in html
    ligne = re.search(r"<tr>\s*<td[^>]*>SENTINELLE-BILAN-INDIC-9a4c.*?</tr>", html, re.S).group(0)
    cellules = re.findall(r"<td[^>]*>(.*?)</td>", ligne, re.S)
    assert cellules[1].strip() == "3" and cellules[2].strip() == "2"  # 2020, then 2019
    csv_intranet = intra / "suivi/bilan-2020/indicateur-1-7-reunions-comite.csv"
    assert [tuple(r.values()) for r in lignes_csv(csv_intranet.read_bytes())] == [
        ("2019", "2", "mesure"),
        ("2020", "3", "mesure"),
    ]
    assert not (sites[0] / "suivi/bilan-2020/indicateur-1-7-reunions-comite.csv").exists()


@pytest.mark.lent
def test_dashboard_links_to_the_reports_of_its_edition(sites):
    pub, intra = sites
    h_pub = (pub / "suivi/index.html").read_text(encoding="utf-8")
    h_int = (intra / "suivi/index.html").read_text(encoding="utf-8")
    for annee in (2018, 2019, 2020):
        assert f'href="bilan-{annee}/"' in h_pub and f'href="bilan-{annee}/imprimer/"' in h_pub
    assert "bilan-2021" not in h_pub and 'href="bilan-2021/"' in h_int


@pytest.mark.lent
def test_year_table_gives_value_previous_year_target_and_taux(sites):
    pub, _ = sites
    html = (pub / "suivi/bilan-2020/index.html").read_text(encoding="utf-8")
    ligne = re.search(r"<tr>\s*<td[^>]*>Séances de sensibilisation \(fixture\).*?</tr>", html, re.S).group(0)
    cellules = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", ligne, re.S)]
    assert cellules[1] == "6\u00a0séances"
    assert cellules[2] == "4\u00a0séances (octobre 2019)"  # a month standing for the year says so
    assert cellules[3] == "6\u00a0séances (2020)"
    assert cellules[4].startswith("100\u00a0%") and "cible atteinte" in cellules[4]
    ligne = re.search(r"<tr>\s*<td[^>]*>Caméras en service \(fixture\).*?</tr>", html, re.S).group(0)
    assert "Non calculable (aucune valeur en 2020)" in ligne
    h19 = (pub / "suivi/bilan-2019/index.html").read_text(encoding="utf-8")
    ligne = re.search(r"<tr>\s*<td[^>]*>Caméras en service \(fixture\).*?</tr>", h19, re.S).group(0)
    assert "52,2\u00a0%" in ligne  # (40 − 28) / (51 − 28)


@pytest.mark.lent
def test_charts_follow_the_accessible_figure_pattern(sites):
    pub, _ = sites
    dossier = pub / "suivi/bilan-2019"
    html = (dossier / "index.html").read_text(encoding="utf-8")
    figures = re.findall(
        r'<figure class="stspd-graphique">(.*?)</figure>\s*<details class="note">(.*?)</details>'
        r'\s*<p><a href="([^"]+\.csv)">',
        html,
        re.S,
    )
    assert len(figures) == 3, len(figures)  # statuses; cameras (28, 40); sensibilisations (1, 4)
    for image, details, lien_csv in figures:
        src = re.search(r'<img alt="([^"]+)"[^>]* src="([^"]+\.svg)"', image)
        assert src and len(src.group(1)) > 20
        assert (dossier / src.group(2)).resolve().is_file()
        assert "<figcaption>" in image and "Source" in image
        assert "<table" in details and "<th" in details
        assert (dossier / lien_csv).is_file()
    lignes = lignes_csv((dossier / "indicateur-1-7-cameras.csv").read_bytes())
    assert [(r["periode"], r["valeur"], r["nature"]) for r in lignes] == [
        ("2018", "28", "initiale"),
        ("2019", "40", "mesure"),
        ("cible", "51", "cible"),
    ]
    statuts = lignes_csv((dossier / "fiches-par-statut.csv").read_bytes())
    axe1 = {r["statut"]: int(r["fiches"]) for r in statuts if r["axe"] == "1"}
    assert axe1["en-cours"] == 1 and axe1["realise"] == 1 and axe1["a-lancer"] == 1 and axe1["non-renseigne"] == 9


@pytest.mark.lent
def test_entry_note_qualitative_indicator_and_indicators_to_define(sites):
    pub, _ = sites
    html = (pub / "suivi/bilan-2019/index.html").read_text(encoding="utf-8")
    assert "<em>(Note de la rédaction : Fixture : note de la rédaction sur l'entrée.)</em>" in html
    assert "Indicateurs à définir (fixture)." in html
    ligne = re.search(r"<tr>\s*<td[^>]*>Bon déroulement des exercices \(fixture\).*?</tr>", html, re.S).group(0)
    assert ligne.count("Sans objet (indicateur qualitatif") == 4
    # Fixture: 2 quantitative ones, both with a 2019 value, 1 qualitative; plus the transcribed
    # ones of the other fiches, all without value.
    n_q, n_qual = len(transcrits("quantitatif")), len(transcrits("qualitatif"))
    assert (
        f"<strong>{n_q}</strong> indicateurs chiffrés sur {n_q + 2} sans valeur pour 2019 "
        f"({n_qual + 1} indicateurs qualitatifs"
    ) in html


@pytest.mark.lent
def test_source_text_is_escaped_exactly_once(sites):
    pub, _ = sites
    html = (pub / "suivi/bilan-2019/index.html").read_text(encoding="utf-8")
    assert "Fixture &lt;b&gt;gras&lt;/b&gt; &amp; *étoile* [lien](http://exemple.invalid)" in html
    assert "<b>gras" not in html and "&amp;lt;" not in html and "&amp;amp;" not in html
    assert "l&amp;#39;" not in html  # an apostrophe in a fiche title, escaped once in the toc


@pytest.mark.lent
def test_printable_version_breaks_pages_and_loads_everything(sites):
    pub, _ = sites
    html = (pub / "suivi/bilan-2019/imprimer/index.html").read_text(encoding="utf-8")
    assert html.count("stspd-saut-de-page") >= 1 + 3 + 20  # synthesis, axes, fiches
    contenu = html[html.index("<article") : html.index("</article>")]
    assert 'loading="lazy"' not in contenu and '<details class="note" open' in contenu
    assert "onclick" not in html and "window.print" not in html and "<script" not in contenu
    assert 'href="#fiche-1-7"' in contenu  # table of contents


# --- make rapport: the PDF ---------------------------------------------------------------


def _chromium_ou_passer() -> None:
    if not Path(CHROMIUM).exists():
        if en_ci():
            pytest.fail(f"Chromium absent ({CHROMIUM}) en CI")
        pytest.skip("Chromium absent")


def _verifier_pdf(pdf: Path, pages_min: int) -> int:
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    pages = rapport.nombre_de_pages(data)
    assert pages == max(int(n) for n in re.findall(rb"/Count (\d+)", data))  # the page tree agrees
    assert pages >= pages_min
    return pages


@pytest.mark.navigateur
@pytest.mark.lent
def test_make_rapport_builds_the_edition_and_prints_a_pdf(projet, tmp_path):
    """The whole route of `make rapport ANNEE=2021 EDITION=intranet`: sources checked, the
    edition built, served on 127.0.0.1, printed by Chromium (one run: ~10 s unloaded)."""
    _chromium_ou_passer()
    proc = lancer(
        "-m",
        "macros",
        "--racine",
        str(projet),
        "rapport",
        "--annee",
        "2021",
        "--edition",
        "intranet",
        "--dossier",
        str(tmp_path),
        env={"STSPD_DATE": DATE_BUILD},
    )
    sans_trace(proc)
    assert proc.returncode == 0, proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["bilan-2021-intranet.pdf"]
    pages = _verifier_pdf(tmp_path / "bilan-2021-intranet.pdf", 1 + 1 + 3 + 20)  # cover, synthesis, axes, fiches
    assert f"{pages} pages" in proc.stdout


@pytest.mark.parametrize(
    "args, attendu",
    [
        (["--annee", "2017"], "aucun bilan pour 2017 dans l'édition public"),
        (["--annee", "2021"], "Années disponibles : 2018, 2019, 2020."),  # intranet-only year
        (["--annee", "2022"], "aucun bilan pour 2022"),
        (["--annee", ""], "indiquez l'année du bilan"),
        (["--annee", "deux-mille"], "indiquez l'année du bilan"),
        (["--annee", "2019", "--edition", "partenaires"], "EDITION=« partenaires » inconnue"),
    ],
)
def test_rapport_refuses_bad_requests_in_french(projet, tmp_path, capsys, monkeypatch, args, attendu):
    monkeypatch.setenv("STSPD_DATE", DATE_BUILD)
    code = cli.main(["--racine", str(projet), "rapport", "--dossier", str(tmp_path), *args])
    err = capsys.readouterr().err
    assert code == 1 and attendu in err, err
    assert "Traceback" not in err and not list(tmp_path.iterdir())


@pytest.mark.lent
def test_rapport_refuses_a_site_of_the_other_edition(sites, projet, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STSPD_DATE", DATE_BUILD)
    _, intra = sites
    code = cli.main(
        ["--racine", str(projet), "rapport", "--annee", "2019", "--dossier", str(tmp_path), "--site", str(intra)]
    )  # public asked, intranet given
    err = capsys.readouterr().err
    assert code == 1 and "est l'édition intranet, pas l'édition public" in err, err
    assert not list(tmp_path.iterdir())


def test_rapport_refuses_invalid_sources(projet, tmp_path, capsys):
    casse = copier_projet(tmp_path / "casse")
    chemin = casse / "fiches/1.07-videosurveillance.md"
    chemin.write_text(chemin.read_text(encoding="utf-8").replace("axe: 1", "axe: [", 1), encoding="utf-8")
    code = cli.main(["--racine", str(casse), "rapport", "--annee", "2018", "--dossier", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1 and "1.07-videosurveillance.md" in err and "Rapport non produit" in err
    assert not (tmp_path / "out").exists()
    shutil.rmtree(casse)
