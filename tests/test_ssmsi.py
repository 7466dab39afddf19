"""``make import-ssmsi``: the SSMSI files (fake, real format) → data/ssmsi/*.yml.

In-process calls of ``python -m macros import-ssmsi`` (``cli.main``), on a project holding
only data/commune.yml: every error case must be French, without traceback, and leave the
data files as they were."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml
from ssmsi_fixtures import (
    COMMUNAL,
    DEPARTEMENTAL,
    NOM,
    NOM_DEP,
    SENTINELLES,
    departements,
    gz,
    projet_minimal,
    texte_communal,
)

from macros.lecture import ssmsi
from macros.lecture.erreurs import Collecteur
from macros.outils import cli
from macros.outils import import_ssmsi as ssmsi_import


def importer(racine: Path, fichier: Path, *options: str, capsys=None) -> tuple[int, str, str]:
    code = cli.main(["--racine", str(racine), "import-ssmsi", "--fichier", str(fichier), *options])
    sortie = capsys.readouterr() if capsys is not None else None
    return code, (sortie.out if sortie else ""), (sortie.err if sortie else "")


def lire(racine: Path, rel: str = ssmsi.COMMUNE) -> dict:
    return yaml.safe_load((racine / rel).read_text(encoding="utf-8"))


def empreinte(racine: Path) -> dict[str, str]:
    dossier = racine / "data"
    return {
        p.relative_to(racine).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(dossier.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def racine(tmp_path: Path) -> Path:
    return projet_minimal(tmp_path / "projet")


@pytest.fixture
def importe(tmp_path: Path, capsys) -> Path:
    """A project with the fake commune and département imported (gzip with a BOM)."""
    r = projet_minimal(tmp_path / "projet")
    fichier = gz(tmp_path / NOM, texte_communal(), bom=True)
    code, _out, err = importer(r, fichier, "--departement", str(DEPARTEMENTAL), capsys=capsys)
    assert code == 0, err
    return r


def cellule(data: dict, ident: str, annee: int) -> dict:
    ind = next(i for i in data["indicateurs"] if i["id"] == ident)
    return ind["annees"][annee]


# --- the real format -------------------------------------------------------------------------

# The publisher's format as the project's notes describe it, beside the project (as the
# source document): the engine's header is checked against it, not against itself.
FORMAT = Path(__file__).resolve().parents[2] / "shared" / "ssmsi" / "FORMAT.md"


def entete_de_format() -> tuple[str, ...]:
    if not FORMAT.exists():
        pytest.fail(f"description du format SSMSI absente : {FORMAT}")
    m = re.search(r"Header \(communal base\):\s*`([^`]+)`", FORMAT.read_text(encoding="utf-8"))
    assert m, f"{FORMAT} ne donne plus l'en-tête de la base communale"
    return tuple(m.group(1).split(";"))


def test_the_engines_header_is_the_one_format_md_gives():
    entete = entete_de_format()
    assert ssmsi.ENTETE_COMMUNES == entete
    # The importer reads named columns of that header, never complement_info_* (not the
    # commune's figures), and the territory's code by its prefix (CODGEO_<year>).
    assert set(ssmsi.COLONNES_COMMUNE) <= set(entete)
    assert not any(c.startswith("complement_info") for c in ssmsi.COLONNES_COMMUNE)
    assert entete[0].startswith("CODGEO_") and entete[0] not in ssmsi.COLONNES_COMMUNE


def test_the_fake_communal_file_has_the_header_format_md_gives():
    premiere = COMMUNAL.read_text(encoding="utf-8").split("\n", 1)[0]
    assert tuple(c.strip('"') for c in premiere.split(";")) == entete_de_format()


def test_real_format_with_bom_gives_the_commune_figures(importe: Path):
    data = lire(importe)
    assert data["source"]["edition"] == "2026-06-12" or str(data["source"]["edition"]) == "2026-06-12"
    assert data["source"]["geographie"] == 2026
    assert data["territoire"] == {"niveau": "commune", "code": "59410", "nom": "Mons-en-Barœul"}
    assert data["annees"] == list(range(2016, 2026))
    assert [i["libelle"] for i in data["indicateurs"]] == list(ssmsi.INDICATEURS_COMMUNAUX)
    # Values of the fake file's line for 2025 (see tests/fixtures/ssmsi/generer.py).
    c = cellule(data, "violences-physiques-intrafamiliales", 2025)
    assert c == {
        "nombre": 52,
        "taux_pour_mille": 2.4656235,
        "est_diffuse": "diff",
        "insee_pop": 21090,
        "insee_pop_millesime": 2025,
        "insee_log": 10545,
        "insee_log_millesime": 2025,
    }
    assert isinstance(c["nombre"], int)
    ind = next(i for i in data["indicateurs"] if i["id"] == "violences-physiques-intrafamiliales")
    assert ind["unite_de_compte"] == "Victime"


def test_the_rate_denominator_is_read_from_the_figures(importe: Path):
    taux = {i["id"]: i["taux_pour"] for i in lire(importe)["indicateurs"]}
    assert taux["cambriolages-de-logement"] == "logements"
    assert {v for k, v in taux.items() if k != "cambriolages-de-logement"} == {"habitants"}


def test_other_communes_are_left_out_even_when_their_numbers_hold_the_code(importe: Path):
    # 59350's population is 59410 in 2016 in the fake file: its lines hold the code.
    assert any(ligne.startswith('"59350"') and '"59410"' in ligne for ligne in texte_communal().splitlines())
    data = lire(importe)
    assert all(len(i["annees"]) == 10 for i in data["indicateurs"])
    assert cellule(data, "violences-sexuelles", 2016)["insee_pop"] == 21000


def test_withheld_cells_carry_no_figure_and_complement_info_is_never_stored(importe: Path):
    data = lire(importe)
    for annee in range(2016, 2026):
        c = cellule(data, "vols-avec-armes", annee)
        assert c["est_diffuse"] == "ndiff" and c["nombre"] is None and c["taux_pour_mille"] is None
    assert cellule(data, "trafic-de-stupefiants", 2018)["est_diffuse"] == "ndiff"
    assert cellule(data, "trafic-de-stupefiants", 2019)["nombre"] is not None
    for p in (importe / "data/ssmsi").iterdir():
        texte = p.read_text(encoding="utf-8")
        assert "complement" not in texte
        for s in SENTINELLES:
            assert s not in texte, (p, s)


def test_na_is_a_missing_figure_not_a_zero(importe: Path):
    c = cellule(lire(importe), "usage-de-stupefiants-afd", 2017)
    assert c["est_diffuse"] == "diff" and c["nombre"] is None and c["taux_pour_mille"] is None


def test_another_codgeo_suffix_is_the_geography_year(racine: Path, tmp_path: Path, capsys):
    texte = texte_communal().replace('"CODGEO_2026"', '"CODGEO_2024"', 1)
    code, _o, err = importer(racine, gz(tmp_path / NOM, texte), capsys=capsys)
    assert code == 0, err
    assert lire(racine)["source"]["geographie"] == 2024


def test_plain_csv_is_read_too(racine: Path, capsys):
    from ssmsi_fixtures import COMMUNAL

    code, _o, err = importer(racine, COMMUNAL, capsys=capsys)
    assert code == 0, err
    assert len(lire(racine)["indicateurs"]) == 15


# --- re-import -------------------------------------------------------------------------------


def test_same_edition_again_changes_nothing(importe: Path, tmp_path: Path, capsys):
    avant = empreinte(importe)
    fichier = gz(tmp_path / "bis" / NOM, texte_communal(), bom=True)
    code, out, _e = importer(importe, fichier, "--departement", str(DEPARTEMENTAL), capsys=capsys)
    assert code == 0
    assert empreinte(importe) == avant
    assert out.count("inchangé") == 2


def test_newer_edition_updates_and_older_is_refused(importe: Path, tmp_path: Path, capsys):
    plus_recente = texte_communal().replace(
        '"59410";"2025";"Violences physiques intrafamiliales";"Victime";"52"',
        '"59410";"2025";"Violences physiques intrafamiliales";"Victime";"61"',
    )
    assert plus_recente != texte_communal()
    nom = NOM.replace("produit-le2026-06-12", "produit-le2026-12-03")
    code, out, err = importer(importe, gz(tmp_path / nom, plus_recente), capsys=capsys)
    assert code == 0, err
    data = lire(importe)
    assert str(data["source"]["edition"]) == "2026-12-03" and data["source"]["fichier"] == nom
    assert cellule(data, "violences-physiques-intrafamiliales", 2025)["nombre"] == 61
    assert "les chiffres du département restent ceux de l'édition du 12 juin 2026" in out
    avant = empreinte(importe)
    code, _o, err = importer(importe, gz(tmp_path / "vieux" / NOM, texte_communal()), capsys=capsys)
    assert code == 1
    assert "plus ancienne que celle déjà importée" in err and "Aucun fichier n'a été modifié" in err
    assert empreinte(importe) == avant


# --- wrong files -------------------------------------------------------------------------------


def echoue(racine: Path, fichier: Path, capsys, *options: str) -> str:
    avant = empreinte(racine)
    code, _o, err = importer(racine, fichier, *options, capsys=capsys)
    assert code == 1
    assert "Traceback" not in err and "Aucun fichier n'a été modifié." in err
    assert empreinte(racine) == avant
    return err


def test_wrong_header_names_the_missing_columns(importe: Path, tmp_path: Path, capsys):
    texte = texte_communal().replace('"CODGEO_2026"', '"INSEE"', 1).replace('"est_diffuse";', "", 1)
    err = echoue(importe, gz(tmp_path / NOM, texte), capsys)
    assert "ce n'est pas l'en-tête de la base communale du SSMSI" in err
    assert "colonnes manquantes : CODGEO_<année>, est_diffuse" in err
    assert f"{NOM}:1:" in err


def test_the_departement_base_given_as_communal_is_refused(racine: Path, capsys):
    err = echoue(racine, DEPARTEMENTAL, capsys)
    assert "colonnes manquantes : CODGEO_<année>, est_diffuse" in err


def test_truncated_gzip(importe: Path, tmp_path: Path, capsys):
    complet = gz(tmp_path / "complet" / NOM, texte_communal()).read_bytes()
    tronque = tmp_path / NOM
    tronque.write_bytes(complet[: len(complet) * 2 // 3])
    err = echoue(importe, tronque, capsys)
    assert "fichier compressé incomplet" in err and "téléchargez le fichier à nouveau" in err


def test_unknown_indicator_is_listed_and_stops_unless_accepted(importe: Path, tmp_path: Path, capsys):
    texte = texte_communal().replace('"Vols de véhicule"', '"Vols de trottinettes"')
    lignes = [
        n for n, ligne in enumerate(texte.splitlines(), 1) if "Vols de trottinettes" in ligne and '"59410"' in ligne
    ]
    fichier = gz(tmp_path / NOM.replace("06-12", "12-03"), texte)
    err = echoue(importe, fichier, capsys)
    assert f"« Vols de trottinettes » (lignes {lignes[0]}, {lignes[1]}, {lignes[2]}…)" in err
    assert "NOUVEAUX=oui" in err
    code, out, err = importer(importe, fichier, "--nouveaux", capsys=capsys)
    assert code == 0, err
    data = lire(importe)
    assert data["nouveaux"] == ["Vols de trottinettes"]
    assert "vols-de-trottinettes" in [i["id"] for i in data["indicateurs"]]
    assert "Vols de trottinettes" in out


def test_unreadable_number_names_line_and_column(importe: Path, tmp_path: Path, capsys):
    texte = texte_communal().replace('"52";"2,4656235"', '"52";"2,46x"')
    n = next(i for i, ligne in enumerate(texte.splitlines(), 1) if "2,46x" in ligne)
    err = echoue(importe, gz(tmp_path / NOM, texte), capsys)
    assert f"{NOM}:{n}: colonne « taux_pour_mille » : nombre illisible « 2,46x »" in err


def test_a_cut_line_of_the_commune(importe: Path, tmp_path: Path, capsys):
    lignes = texte_communal().splitlines()
    n = next(i for i, ligne in enumerate(lignes) if ligne.startswith('"59410";"2020"'))
    lignes[n] = ";".join(lignes[n].split(";")[:6])
    err = echoue(importe, gz(tmp_path / NOM, "\n".join(lignes) + "\n"), capsys)
    assert f"{NOM}:{n + 1}: 6 champs au lieu de 13" in err


def test_no_file_given(racine: Path, capsys):
    assert cli.main(["--racine", str(racine), "import-ssmsi"]) == 2
    err = capsys.readouterr().err
    assert "Indiquez la base communale du SSMSI : make import-ssmsi FICHIER=" in err
    assert not (racine / "data/ssmsi").exists()


def test_commune_absent(racine: Path, tmp_path: Path, capsys):
    texte = "\n".join(ligne for ligne in texte_communal().splitlines() if not ligne.startswith('"59410"')) + "\n"
    err = echoue(racine, gz(tmp_path / NOM, texte), capsys)
    assert "la commune 59410 (Mons-en-Barœul" in err and "absente du fichier" in err


def test_missing_file(racine: Path, tmp_path: Path, capsys):
    err = echoue(racine, tmp_path / NOM, capsys)
    assert "fichier introuvable" in err


def test_edition_date_absent_from_the_name(racine: Path, tmp_path: Path, capsys):
    fichier = gz(tmp_path / "base-communale.csv.gz", texte_communal())
    err = echoue(racine, fichier, capsys)
    assert "date d'édition introuvable dans le nom du fichier" in err and "DATE_EDITION=AAAA-MM-JJ" in err
    code, _o, err = importer(racine, fichier, "--edition", "2026-06-12", capsys=capsys)
    assert code == 0, err
    source = lire(racine)["source"]
    assert str(source["edition"]) == "2026-06-12" and source["origine_edition"] == "indiquee"


# --- département and France ------------------------------------------------------------------------


def test_departement_figures_and_no_national_sum_from_three_departements(importe: Path):
    dep = lire(importe, ssmsi.DEPARTEMENT)
    assert dep["territoire"] == {"niveau": "departement", "code": "59", "nom": "Nord"}
    assert cellule(dep, "violences-physiques-intrafamiliales", 2016)["nombre"] == 1000
    assert dep["ignores"] == ["Autres coups et blessures volontaires", "Homicides", "Tentatives d'homicides"]
    assert dep["france"]["calcule"] is False and dep["france"]["indicateurs"] == []
    assert "3 départements sur 101" in dep["france"]["raison"]


def test_national_figures_when_every_departement_is_there(racine: Path, tmp_path: Path, capsys):
    codes = list(ssmsi_import.DEPARTEMENTS)
    fichier_dep = gz(tmp_path / NOM_DEP, departements(codes))
    code, _o, err = importer(
        racine, gz(tmp_path / NOM, texte_communal()), "--departement", str(fichier_dep), capsys=capsys
    )
    assert code == 0, err
    france = lire(racine, ssmsi.DEPARTEMENT)["france"]
    assert france["calcule"] is True and france["departements"] == 101
    # generer.departemental: nombre = 1000 + 250 i + 40 (année − 2016) + 10 k for the k-th département.
    attendu = sum(1000 + 40 * 9 + 10 * k for k in range(101))
    c = cellule(france, "violences-physiques-intrafamiliales", 2025)
    assert c["nombre"] == attendu
    pop = sum(1000000 + 100000 * k + 9000 for k in range(101))
    assert c["insee_pop"] == pop and c["taux_pour_mille"] == round(attendu / pop * 1000, 7)


def test_departement_absent(racine: Path, tmp_path: Path, capsys):
    fichier_dep = gz(tmp_path / NOM_DEP, departements(["62", "75"]))
    err = echoue(racine, gz(tmp_path / NOM, texte_communal()), capsys, "--departement", str(fichier_dep))
    assert "le département 59 (Nord) est absent du fichier" in err


# --- the data files, validated on load ----------------------------------------------------------------


def test_imported_files_validate(importe: Path):
    col = Collecteur()
    d = ssmsi.charger(importe, col)
    assert col.problemes == []
    assert d.importe and d.departement is not None
    assert d.commune.indicateur("cambriolages-de-logement").taux_pour == "logements"


def test_a_hand_edited_withheld_figure_is_refused(importe: Path):
    chemin = importe / ssmsi.COMMUNE
    texte = chemin.read_text(encoding="utf-8")
    nouveau, n = re.subn(
        r"(2019: \{nombre: )null(, taux_pour_mille: null, est_diffuse: \"ndiff\")", r"\g<1>12\2", texte, count=1
    )
    assert n == 1
    chemin.write_text(nouveau, encoding="utf-8")
    ligne = nouveau[: nouveau.index("2019: {nombre: 12")].count("\n") + 1
    col = Collecteur()
    ssmsi.charger(importe, col)
    assert [str(p) for p in col.problemes] == [
        f"data/ssmsi/commune.yml:{ligne}: « Vols avec armes », 2019 : chiffre non diffusé (ndiff) qui porte "
        "pourtant un nombre ou un taux — un chiffre couvert par le secret statistique ne s'écrit pas"
    ]


def test_a_wrong_field_in_a_data_file_is_a_french_error(importe: Path):
    chemin = importe / ssmsi.COMMUNE
    chemin.write_text(
        chemin.read_text(encoding="utf-8").replace('taux_pour: "logements"', 'taux_pour: "foyers"'), encoding="utf-8"
    )
    col = Collecteur()
    ssmsi.charger(importe, col)
    assert len(col.problemes) == 1
    p = col.problemes[0]
    assert p.fichier == "data/ssmsi/commune.yml" and p.ligne is not None
    assert "« foyers » n'est pas une valeur permise" in p.message


# --- rendering, in process ------------------------------------------------------------------------


def _etat(racine: Path):
    from types import SimpleNamespace

    from macros.lecture.sources import charger_commune

    col = Collecteur()
    corpus = SimpleNamespace(racine=racine, commune=charger_commune(racine, col), ssmsi=ssmsi.charger(racine, col))
    assert col.problemes == []
    return SimpleNamespace(corpus=corpus, ressources={})


def test_labels_from_the_file_are_escaped_once(racine: Path, tmp_path: Path, capsys):
    from macros.rendu import ssmsi as ssmsi_rendu

    lignes = texte_communal().splitlines()  # one indicator: drawing charts is the slow part
    texte = "\n".join([lignes[0]] + [ligne for ligne in lignes[1:] if '"Vols de véhicule"' in ligne]) + "\n"
    texte = texte.replace('"Vols de véhicule"', '"Vols <script>alert(1)</script> & co"')
    code, _o, err = importer(racine, gz(tmp_path / NOM, texte), "--nouveaux", capsys=capsys)
    assert code == 0, err
    md = ssmsi_rendu.chiffres_officiels(_etat(racine), "observatoire/index.md", "observatoire/")
    assert "<script>" not in md
    assert "Vols &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in md
    assert "&amp;lt;" not in md


def test_rendering_is_deterministic_and_charts_are_cached(racine: Path, tmp_path: Path, capsys, cache_du_projet):
    from macros.rendu import graphiques as charts
    from macros.rendu import ssmsi as ssmsi_rendu

    # Two indicators only: drawing charts is the slow part.
    lignes = texte_communal().splitlines()
    texte = (
        "\n".join(
            [lignes[0]]
            + [ligne for ligne in lignes[1:] if '"Cambriolages de logement"' in ligne or '"Vols avec armes"' in ligne]
        )
        + "\n"
    )
    code, _o, err = importer(racine, gz(tmp_path / NOM, texte), capsys=capsys)
    assert code == 0, err
    a, b = _etat(racine), _etat(racine)
    md_a = ssmsi_rendu.chiffres_officiels(a, "observatoire/index.md", "observatoire/")
    dessines = charts.STATS.dessines
    md_b = ssmsi_rendu.chiffres_officiels(b, "observatoire/index.md", "observatoire/")
    assert md_a == md_b and a.ressources == b.ressources
    assert charts.STATS.dessines == dessines  # the second time, the chart came from the cache
    # « Vols avec armes » has no published rate of the commune: nothing to draw.
    assert [k.rsplit("-", 1)[0] for k in a.ressources if k.endswith(".svg")] == [
        "assets/observatoire/ssmsi/cambriolages-de-logement"
    ]
    assert len(list((racine / ".cache/graphiques").glob("*.svg"))) == 1
