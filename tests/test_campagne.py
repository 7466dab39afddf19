"""make campagne / make import-campagne, in-process on copies of the project.

The files are the ones ``make campagne`` writes (odfpy), filled in as a partner would
(``campagne_util.remplir``). The real client (LibreOffice re-saving them as ODS and XLSX)
is in ``test_campagne_libreoffice.py``. Indicators with values are fake (labelled
FICTIF, ``fixtures/campagne/``): the real fiches carry no reported value.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import hashlib
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from campagne_util import colonne_de, ligne_de, lu, remplir
from conftest import RACINE, copier_projet, lancer, sans_trace
from helpers import macros

from macros.lecture.sources import charger_corpus
from macros.lecture.tableur import lire
from macros.outils import campagne as C
from macros.outils import import_campagne as I

AUJOURDHUI = _dt.date(2026, 6, 15)  # build date of these tests (STSPD_DATE)
ANNEE = 2026
FICTIFS = RACINE / "tests/fixtures/campagne/indicateurs-fictifs.yml"
FICHE_INDICATEURS = "fiches/1.11-protection-biens-habitants.md"  # piloted by police-municipale


def ajouter_indicateurs_fictifs(projet: Path) -> None:
    """Append the fake indicators to fiche 1.11 of a copy (test setup, not the code tested)."""
    from ruamel.yaml import YAML

    chemin = projet / FICHE_INDICATEURS
    texte = chemin.read_text(encoding="utf-8")
    fin = texte.index("\n---", 4)
    y = YAML()
    y.width = 4096
    y.indent(mapping=2, sequence=4, offset=2)
    data = y.load(texte[4 : fin + 1])
    data.pop("indicateurs_a_definir", None)
    inds = data.setdefault("indicateurs", [])
    inds.extend(y.load(FICTIFS.read_text(encoding="utf-8")))
    import io

    s = io.StringIO()
    y.dump(data, s)
    chemin.write_text("---\n" + s.getvalue() + texte[fin + 1 :], encoding="utf-8")


def empreinte(projet: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted((projet / "fiches").glob("*.md"))}


def exporter(projet: Path, dossier: Path, date: str = "2026-06-15", annee: str = "2026"):
    proc = macros(
        "-m",
        "macros",
        "--racine",
        str(projet),
        "campagne",
        "--annee",
        annee,
        "--dossier",
        str(dossier),
        env={"STSPD_DATE": date},
    )
    sans_trace(proc)
    assert proc.returncode == 0, proc.stderr
    return proc


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A copy of the project with the fake indicators, and its campaign files (once)."""
    racine = tmp_path_factory.mktemp("campagne")
    projet = copier_projet(racine / "projet")
    ajouter_indicateurs_fictifs(projet)
    exporter(projet, racine / "campagne")
    return racine


@pytest.fixture
def projet(base: Path, tmp_path: Path) -> Path:
    """A fresh copy of the base project, for a test that imports (writes)."""
    dest = tmp_path / "projet"
    shutil.copytree(base / "projet", dest)
    return dest


def fichier(base: Path, tmp_path: Path, acteur: str = "police-municipale") -> Path:
    dest = tmp_path / f"retour-{acteur}.ods"
    shutil.copy(base / "campagne" / C.nom_fichier(acteur, ANNEE), dest)
    return dest


def cellules_fiche(chemin: Path, fiche: str, **valeurs) -> dict[str, dict]:
    """{"Fiches": {"D7": …}} for the row of ``fiche``; keys are the column headers."""
    ligne = ligne_de(chemin, C.F_FICHES, C.C_FICHE, fiche)
    return {C.F_FICHES: {f"{colonne_de(chemin, C.F_FICHES, h)}{ligne}": v for h, v in valeurs.items()}}


def ligne_indicateur(chemin: Path, ind: str, periode: str) -> int:
    f = lu(chemin)[C.F_INDICATEURS]
    col_id = next(c for (ligne, c), x in f.cellules.items() if ligne == 1 and x.valeur == C.I_ID)
    col_p = next(c for (ligne, c), x in f.cellules.items() if ligne == 1 and x.valeur == C.I_PERIODE)
    return next(
        ligne
        for ligne in range(2, f.derniere_ligne + 1)
        if f.valeur(ligne, col_id) == ind and str(f.valeur(ligne, col_p)) == periode
    )


# --- export ------------------------------------------------------------------------------


def test_one_file_per_actor_who_pilots_or_partners(base: Path):
    corpus = charger_corpus(base / "projet")
    attendus = {
        C.nom_fichier(a, ANNEE)
        for a in corpus.acteurs
        if any(a in f.pilote or a in f.partenaires for f in corpus.fiches)
    }
    assert {p.name for p in (base / "campagne").glob("*.ods")} == attendus
    assert len(attendus) > 20
    inutile = next(a for a in corpus.acteurs if not C.fiches_de(corpus, a))
    assert not (base / "campagne" / C.nom_fichier(inutile, ANNEE)).exists()


def test_sheets_headers_and_rows(base: Path):
    corpus = charger_corpus(base / "projet")
    chemin = base / "campagne" / C.nom_fichier("police-municipale", ANNEE)
    classeur = lire(chemin)
    assert list(classeur) == ["Fiches", "Indicateurs", "Mode d'emploi", "Campagne"]
    fs = classeur["Fiches"]
    entetes = [fs.valeur(1, c) for c in range(1, 12)]
    for h in (
        "Fiche",
        "Titre",
        "Statut actuel",
        "Statut",
        "Avancement (%)",
        "Date de l'entrée",
        "Nouvelle entrée du journal",
        "Visibilité de l'entrée",
    ):
        assert h in entetes
    assert entetes.index("Statut") == 3  # column D, as in the example message
    ids = [fs.valeur(ligne, 1) for ligne in range(2, fs.derniere_ligne + 1)]
    assert ids == [f.id for f in corpus.fiches if "police-municipale" in (*f.pilote, *f.partenaires)]
    assert all(isinstance(i, str) for i in ids)  # « 1.10 » stays text, never the number 1.1
    col_vis = entetes.index("Visibilité de l'entrée") + 1
    assert {fs.valeur(ligne, col_vis) for ligne in range(2, fs.derniere_ligne + 1)} == {"intranet"}
    col_sa = entetes.index("Statut actuel") + 1
    assert fs.valeur(2, col_sa) == "Non renseigné"
    camp = classeur["Campagne"]
    assert camp.cachee and not fs.cachee
    assert (camp.valeur(1, 2), camp.valeur(2, 2), camp.valeur(3, 2)) == (C.MARQUEUR, "police-municipale", "2026")
    mode = " ".join(str(c.valeur) for c in classeur["Mode d'emploi"].cellules.values())
    assert "Visibilité de l'entrée" in mode and "intranet" in mode and "nombre entier de 0 à 100" in mode


def test_the_header_names_of_the_code_are_the_published_headers():
    """The columns are data (macros/outils/campagne.toml) and the code's names are bound to
    them by position: each name must stay its header (an interface), each editable column
    one the import reads."""
    fiches = {
        C.C_FICHE: "Fiche",
        C.C_TITRE: "Titre",
        C.C_STATUT_ACTUEL: "Statut actuel",
        C.C_STATUT: "Statut",
        C.C_AVANCEMENT: "Avancement (%)",
        C.C_DATE: "Date de l'entrée",
        C.C_ENTREE: "Nouvelle entrée du journal",
        C.C_VISIBILITE: "Visibilité de l'entrée",
        C.C_ROLE: "Rôle",
        C.C_AVANCEMENT_ACTUEL: "Avancement actuel (%)",
        C.C_DERNIERE: "Dernière entrée du journal",
    }
    assert list(fiches) == list(fiches.values()) == [t for t, _, _ in C.COLONNES_FICHES]
    indicateurs = {
        C.I_FICHE: "Fiche",
        C.I_ID: "Indicateur",
        C.I_LIBELLE: "Libellé",
        C.I_TYPE: "Type",
        C.I_UNITE: "Unité",
        C.I_PERIODE: "Période",
        C.I_DERNIERE: "Dernière valeur connue",
        C.I_PERIODE_DERNIERE: "Période de la dernière valeur",
        C.I_CIBLE: "Cible",
        C.I_ANNEE_CIBLE: "Année de la cible",
        C.I_VALEUR: "Valeur",
        C.I_SENS: "Évolution attendue",
        C.I_PERIODE_DOC: "Période selon la fiche",
    }
    assert list(indicateurs) == list(indicateurs.values()) == [t for t, _, _ in C.COLONNES_INDICATEURS]
    assert [t for t, m, _ in C.COLONNES_FICHES if m] == [
        C.C_STATUT,
        C.C_AVANCEMENT,
        C.C_DATE,
        C.C_ENTREE,
        C.C_VISIBILITE,
    ]
    assert [t for t, m, _ in C.COLONNES_INDICATEURS if m] == [C.I_VALEUR]


def test_validations_and_protection_in_content_xml(base: Path):
    import xml.etree.ElementTree as ET

    chemin = base / "campagne" / C.nom_fichier("police-municipale", ANNEE)
    xml = ET.fromstring(zipfile.ZipFile(chemin).read("content.xml"))
    ns = {
        "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
        "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    }
    t = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
    conditions = {v.get(t + "name"): v.get(t + "condition") for v in xml.iterfind(".//table:content-validation", ns)}
    assert conditions["val-avancement"] == "of:cell-content-is-whole-number() and cell-content-is-between(0,100)"
    for libelle in ("Non renseigné", "À lancer", "En cours", "Réalisé", "Permanent", "Suspendu", "Abandonné"):
        assert f'"{libelle}"' in conditions["val-statut"]
    assert conditions["val-visibilite"] == 'of:cell-content-is-in-list("intranet";"public")'
    fiches = next(x for x in xml.iterfind(".//table:table", ns) if x.get(t + "name") == "Fiches")
    assert fiches.get(t + "protected") == "true"
    ligne2 = fiches.findall("table:table-row", ns)[1]
    noms = [c.get(t + "content-validation-name") for c in ligne2.findall("table:table-cell", ns)]
    assert noms[3:8] == ["val-statut", "val-avancement", None, None, "val-visibilite"]


def test_indicators_sheet_rows_per_period_with_last_value_and_target(base: Path):
    chemin = base / "campagne" / C.nom_fichier("police-municipale", ANNEE)
    fi = lire(chemin)["Indicateurs"]
    entetes = {fi.valeur(1, c): c for c in range(1, 14)}
    lignes = [{h: fi.valeur(ligne, c) for h, c in entetes.items()} for ligne in range(2, fi.derniere_ligne + 1)]
    otv = [ligne for ligne in lignes if ligne["Indicateur"] == "faux-contacts-otv"]
    assert len(otv) == 1
    assert (
        otv[0]["Période"],
        otv[0]["Dernière valeur connue"],
        otv[0]["Période de la dernière valeur"],
        otv[0]["Cible"],
        otv[0]["Année de la cible"],
        otv[0]["Fiche"],
    ) == ("2026", 300, "2025", 350, 2027, "1.11")
    mensuel = [ligne["Période"] for ligne in lignes if ligne["Indicateur"] == "faux-interventions-mensuelles"]
    assert mensuel == [f"2026-{m:02d}" for m in range(1, 7)]  # up to the build month (June)
    assert not [ligne for ligne in lignes if ligne["Indicateur"] == "faux-appreciation"]  # qualitative: no figure
    assert all(ligne["Valeur"] is None for ligne in lignes)


def test_bad_year_is_refused(base: Path):
    proc = macros(
        "-m",
        "macros",
        "--racine",
        str(base / "projet"),
        "campagne",
        "--annee",
        "2031",
        "--dossier",
        str(base / "ailleurs"),
        env={"STSPD_DATE": "2026-06-15"},
    )
    sans_trace(proc)
    assert proc.returncode == 2 and "ANNEE=2031" in proc.stderr and "entre 2019" in proc.stderr
    assert not (base / "ailleurs").exists()


# --- import ------------------------------------------------------------------------------


def test_import_trial_then_write_then_idempotent(base: Path, projet: Path, tmp_path: Path):
    f = fichier(base, tmp_path)
    valeurs = cellules_fiche(
        f,
        "1.6",
        **{
            "Statut": "En cours",
            "Avancement (%)": 40,
            "Date de l'entrée": _dt.date(2026, 5, 20),
            "Nouvelle entrée du journal": "FICTIF : convention en cours de renouvellement.",
            "Visibilité de l'entrée": "public",
        },
    )
    ligne = ligne_indicateur(f, "faux-contacts-otv", "2026")
    valeurs["Indicateurs"] = {f"{colonne_de(f, 'Indicateurs', 'Valeur')}{ligne}": "312,5"}
    remplir(f, valeurs)
    avant = empreinte(projet)
    essai = macros(
        "-m", "macros", "--racine", str(projet), "import-campagne", str(f), "--essai", env={"STSPD_DATE": "2026-06-15"}
    )
    sans_trace(essai)
    assert essai.returncode == 0, essai.stderr
    assert empreinte(projet) == avant  # ESSAI writes nothing
    assert "+++ b/fiches/1.06-police-municipale.md" in essai.stdout
    assert "-statut: non-renseigne\n+statut: en-cours\n+avancement: 40\n" in essai.stdout
    assert "+    texte: 'FICTIF : convention en cours de renouvellement.'" in essai.stdout
    assert "+      - {periode: 2026, valeur: 312.5}" in essai.stdout

    r = I.importer(projet, f, AUJOURDHUI)
    assert {m.fiche.id for m in r.modifications} == {"1.6", "1.11"} and not r.conflits
    corpus = charger_corpus(projet)  # make check passes
    f16 = corpus.fiche("1.6")
    assert (f16.statut, f16.avancement) == ("en-cours", 40)
    assert str(f16.suivi[0].date) == "2026-05-20" and f16.suivi[0].visibilite == "public"
    ind = next(i for i in corpus.fiche("1.11").indicateurs if i.id == "faux-contacts-otv")
    assert [(str(v.periode), v.valeur) for v in ind.valeurs] == [("2025", 300), ("2026", 312.5)]

    apres = empreinte(projet)
    r2 = I.importer(projet, f, AUJOURDHUI)
    assert r2.modifications == [] and r2.conflits == [] and empreinte(projet) == apres


def test_default_visibility_is_intranet_and_a_status_change_drops_the_old_figure(base, projet, tmp_path):
    f = fichier(base, tmp_path)
    remplir(f, cellules_fiche(f, "1.6", **{"Statut": "en-cours", "Avancement (%)": 30}))
    I.importer(projet, f, AUJOURDHUI)
    g = fichier(base, tmp_path / "b") if (tmp_path / "b").mkdir() is None else None
    remplir(
        g,
        cellules_fiche(
            g,
            "1.6",
            **{
                "Statut": "Réalisé",
                "Date de l'entrée": "03/06/2026",
                "Nouvelle entrée du journal": "FICTIF : action achevée.",
                "Visibilité de l'entrée": None,
            },
        ),
    )
    I.importer(projet, g, AUJOURDHUI)
    f16 = charger_corpus(projet).fiche("1.6")
    assert (f16.statut, f16.avancement) == ("realise", None)  # 100 % from the status, not 30
    assert f16.suivi[0].visibilite == "intranet"
    assert "visibilite: intranet" in (projet / "fiches/1.06-police-municipale.md").read_text(encoding="utf-8")


def test_conflicts_are_listed_and_not_written(base: Path, projet: Path, tmp_path: Path):
    f = fichier(base, tmp_path)
    ligne = ligne_indicateur(f, "faux-contacts-otv", "2026")
    col = colonne_de(f, "Indicateurs", "Valeur")
    v = cellules_fiche(
        f,
        "1.6",
        **{"Date de l'entrée": _dt.date(2026, 5, 20), "Nouvelle entrée du journal": "FICTIF : première version."},
    )
    v["Indicateurs"] = {f"{col}{ligne}": 310}
    remplir(f, v)
    I.importer(projet, f, AUJOURDHUI)
    g = tmp_path / "autre.ods"
    shutil.copy(base / "campagne" / C.nom_fichier("police-municipale", ANNEE), g)
    v = cellules_fiche(
        g,
        "1.6",
        **{
            "Statut": "En cours",
            "Date de l'entrée": _dt.date(2026, 5, 20),
            "Nouvelle entrée du journal": "FICTIF : seconde version, différente.",
        },
    )
    v["Indicateurs"] = {f"{col}{ligne}": 299}
    remplir(g, v)
    r = I.importer(projet, g, AUJOURDHUI)
    assert len(r.conflits) == 2
    ligne16 = ligne_de(g, "Fiches", "Fiche", "1.6")
    assert r.conflits[0].startswith(f"Fiches!G{ligne16} : fiche 1.6 — une entrée du 20 mai 2026 existe déjà")
    assert r.conflits[1].startswith(
        f"Indicateurs!{col}{ligne} : fiche 1.11, indicateur « faux-contacts-otv », "
        "période 2026 — valeur déjà enregistrée : 310"
    )
    corpus = charger_corpus(projet)
    assert [e.texte for e in corpus.fiche("1.6").suivi].count("FICTIF : première version.") == 1
    assert not any("seconde version" in e.texte for e in corpus.fiche("1.6").suivi)
    assert corpus.fiche("1.6").statut == "en-cours"  # the rest of the file is written
    ind = next(i for i in corpus.fiche("1.11").indicateurs if i.id == "faux-contacts-otv")
    assert [v.valeur for v in ind.valeurs if str(v.periode) == "2026"] == [310]


# --- bad spreadsheets ----------------------------------------------------------------------


def _ligne(f: Path, fiche: str = "1.6") -> int:
    return ligne_de(f, "Fiches", "Fiche", fiche)


MAUVAIS = {
    # name: (cells to fill by header for fiche 1.6 | callable, expected message with its cell)
    "statut inconnu": (
        {"Statut": "fini"},
        "Fiches!D{l} : statut « fini » inconnu — valeurs possibles : Non renseigné, À lancer",
    ),
    "avancement 120": (
        {"Statut": "En cours", "Avancement (%)": 120},
        "Fiches!E{l} : avancement « 120 » hors limites — nombre entier de 0 à 100 attendu",
    ),
    "avancement négatif": (
        {"Statut": "En cours", "Avancement (%)": -5},
        "Fiches!E{l} : avancement « -5 » hors limites",
    ),
    "avancement décimal": (
        {"Statut": "En cours", "Avancement (%)": "55,5"},
        "Fiches!E{l} : avancement « 55,5 » : nombre entier attendu",
    ),
    "avancement en mots": (
        {"Statut": "En cours", "Avancement (%)": "beaucoup"},
        "Fiches!E{l} : avancement « beaucoup » : nombre entier de 0 à 100 attendu",
    ),
    "avancement sur non renseigné": (
        {"Avancement (%)": 40},
        "Fiches!E{l} : avancement indiqué (40 %) alors que le statut actuel est « Non renseigné »",
    ),
    "avancement sur non renseigné choisi": (
        {"Statut": "Non renseigné", "Avancement (%)": 10},
        "Fiches!E{l} : avancement indiqué (10 %) alors que le statut choisi est « Non renseigné »",
    ),
    "date future": (
        {"Date de l'entrée": _dt.date(2026, 7, 1), "Nouvelle entrée du journal": "x"},
        "Fiches!F{l} : date du 1er\u00a0juillet 2026 dans le futur (aujourd'hui : 15 juin 2026)",
    ),
    "date avant la stratégie": (
        {"Date de l'entrée": _dt.date(2018, 5, 2), "Nouvelle entrée du journal": "x"},
        "Fiches!F{l} : date du 2 mai 2018 antérieure au début de la stratégie (2019)",
    ),
    "date inexistante": (
        {"Date de l'entrée": "31/02/2026", "Nouvelle entrée du journal": "x"},
        "Fiches!F{l} : date « 31/02/2026 » illisible ou inexistante — écrivez JJ/MM/AAAA",
    ),
    "date en mots": (
        {"Date de l'entrée": "hier", "Nouvelle entrée du journal": "x"},
        "Fiches!F{l} : date « hier » illisible",
    ),
    "entrée sans date": (
        {"Nouvelle entrée du journal": "FICTIF : sans date."},
        "Fiches!F{l} : date de l'entrée manquante",
    ),
    "date sans entrée": (
        {"Date de l'entrée": _dt.date(2026, 5, 2)},
        "Fiches!G{l} : date indiquée en Fiches!F{l} mais entrée du journal vide",
    ),
    "visibilité inconnue": (
        {
            "Date de l'entrée": _dt.date(2026, 5, 2),
            "Nouvelle entrée du journal": "x",
            "Visibilité de l'entrée": "secret",
        },
        "Fiches!H{l} : visibilité « secret » inconnue — valeurs possibles : intranet, public",
    ),
    "entrée trop longue": (
        {"Date de l'entrée": _dt.date(2026, 5, 2), "Nouvelle entrée du journal": "mot " * 600},
        "Fiches!G{l} : entrée de 2399 caractères — 2000 au plus",
    ),
    "gabarit dans l'entrée": (
        {"Date de l'entrée": _dt.date(2026, 5, 2), "Nouvelle entrée du journal": "a {{ b }}"},
        "Fiches!G{l} : « {{{{ » et « {{% » sont interdits",
    ),
    "fiche d'un autre acteur": (
        {"Fiche": "2.3", "Statut": "En cours"},
        "Fiches!A{l} : la fiche 2.3 n'est pas une fiche de « Police Municipale » (ni pilote, ni partenaire)",
    ),
    "fiche inconnue": (
        {"Fiche": "9.9", "Statut": "En cours"},
        "Fiches!A{l} : fiche « 9.9 » inconnue — identifiants possibles : ",
    ),
    "fiche écrite en nombre": (
        {"Fiche": 1.6, "Statut": "En cours"},
        "Fiches!A{l} : identifiant de fiche « 1.6 » écrit comme un nombre",
    ),
    "ligne sans fiche": (
        {"Fiche": None, "Statut": "En cours"},
        "Fiches!A{l} : ligne remplie sans identifiant de fiche",
    ),
    "fiche en double": ("doublon", "Fiches!A{l2} : la fiche 1.6 a déjà une ligne (Fiches!A{l})"),
    "colonne renommée": (
        "colonne",
        "Fiches!1 : colonne « Statut » absente — ne renommez ni ne supprimez les titres de colonnes",
    ),
    "valeur en mots": (
        "valeur:douze",
        "Indicateurs!K{li} : valeur « douze » : nombre attendu (ex. 12 ou 12,5), ou « n.d. »",
    ),
    "indicateur inconnu": (
        "indicateur",
        "Indicateurs!B{li} : indicateur « faux-inexistant » inconnu dans la fiche 1.11",
    ),
    "période future": ("periode:2027", "Indicateurs!F{li} : période — date du 2027 dans le futur"),
    "valeur d'une fiche d'un autre acteur": (
        "autre-fiche",
        "Indicateurs!A{li} : la fiche 2.3 n'est pas une fiche de « Police Municipale »",
    ),
    "feuille supprimée": ("sans-feuille", "feuille « Indicateurs » absente — ne renommez ni ne supprimez les feuilles"),
    "acteur falsifié": ("acteur", "Campagne!B2 : acteur « police-secrete » inconnu dans data/acteurs.yml"),
    "pas un fichier de campagne": ("etranger", "n'est pas un fichier de campagne STSPD (feuille « Campagne » absente)"),
    "marqueur effacé": (
        "marqueur",
        "n'est pas un fichier de campagne STSPD (Campagne!B1 ne contient pas « campagne-stspd/1 »)",
    ),
    "faux ODS": ("texte", "n'est pas un tableur ODS lisible (fichier abîmé ou d'un autre format renommé)"),
    "mauvais format": (
        "csv",
        "format « .csv » non pris en charge — enregistrez le tableau au format ODS (.ods) ou Excel (.xlsx)",
    ),
    "faux XLSX": ("faux-xlsx", "fichier illisible comme tableur XLSX"),
}


def _fabriquer(cas, f: Path, tmp_path: Path) -> tuple[Path, dict]:
    """Make the bad file of ``cas``; returns it and the placeholders of the message."""
    ligne = _ligne(f)
    fmt = {"l": ligne}
    if isinstance(cas, dict):
        remplir(f, cellules_fiche(f, "1.6", **cas))
        return f, fmt
    li = ligne_indicateur(f, "faux-contacts-otv", "2026")
    fmt["li"] = li
    cv = colonne_de(f, "Indicateurs", "Valeur")
    if cas == "doublon":
        l2 = _ligne(f, "1.11")
        fmt["l2"] = l2
        remplir(f, {"Fiches": {f"A{l2}": "1.6", f"D{l2}": "En cours", f"D{ligne}": "En cours"}})
    elif cas == "colonne":
        remplir(f, {"Fiches": {"D1": "État", f"D{ligne}": "En cours"}})
    elif cas.startswith("valeur:"):
        remplir(f, {"Indicateurs": {f"{cv}{li}": cas.split(":")[1]}})
    elif cas == "indicateur":
        remplir(f, {"Indicateurs": {f"B{li}": "faux-inexistant", f"{cv}{li}": 3}})
    elif cas.startswith("periode:"):
        remplir(f, {"Indicateurs": {f"F{li}": cas.split(":")[1], f"{cv}{li}": 3}})
    elif cas == "autre-fiche":
        remplir(f, {"Indicateurs": {f"A{li}": "2.3", f"{cv}{li}": 3}})
    elif cas == "sans-feuille":
        from odf.namespaces import TABLENS
        from odf.opendocument import load
        from odf.table import Table

        doc = load(str(f))
        t = next(t for t in doc.spreadsheet.getElementsByType(Table) if t.getAttrNS(TABLENS, "name") == "Indicateurs")
        doc.spreadsheet.removeChild(t)
        doc.save(str(f))
    elif cas == "acteur":
        remplir(f, {"Campagne": {"B2": "police-secrete"}})
    elif cas == "marqueur":
        remplir(f, {"Campagne": {"B1": None}})
    elif cas == "etranger":
        from odf.opendocument import OpenDocumentSpreadsheet
        from odf.table import Table

        doc = OpenDocumentSpreadsheet()
        doc.spreadsheet.addElement(Table(name="Feuille1"))
        doc.save(str(f))
    elif cas == "texte":
        f.write_text("Statut;Avancement\nEn cours;40\n", encoding="utf-8")
    elif cas == "csv":
        g = f.with_suffix(".csv")
        g.write_text("Fiche;Statut\n1.6;En cours\n", encoding="utf-8")
        return g, fmt
    elif cas == "faux-xlsx":
        g = f.with_suffix(".xlsx")
        with zipfile.ZipFile(g, "w") as z:
            z.writestr("bonjour.txt", "pas un classeur")
        return g, fmt
    else:
        raise AssertionError(cas)
    return f, fmt


@pytest.fixture(scope="module")
def corpus_base(base: Path):
    return charger_corpus(base / "projet")


@pytest.mark.parametrize("nom", list(MAUVAIS))
def test_bad_spreadsheet_is_refused_with_the_cell(nom, base: Path, corpus_base, tmp_path: Path):
    projet = base / "projet"  # shared: a refused import must leave it untouched
    avant = empreinte(projet)
    cas, attendu = MAUVAIS[nom]
    f, fmt = _fabriquer(cas, fichier(base, tmp_path), tmp_path)
    with pytest.raises(I.ImportRefuse) as exc:
        I.importer(projet, f, AUJOURDHUI, corpus=corpus_base)
    attendu = attendu.format(**fmt)
    assert any(attendu in p for p in exc.value.problemes), exc.value.problemes
    assert empreinte(projet) == avant


def test_every_problem_is_reported_at_once_through_the_command(base: Path, tmp_path: Path):
    projet = base / "projet"
    avant = empreinte(projet)
    f = fichier(base, tmp_path)
    ligne, l11 = _ligne(f), _ligne(f, "1.11")
    li = ligne_indicateur(f, "faux-contacts-otv", "2026")
    remplir(
        f,
        {
            "Fiches": {f"D{ligne}": "fini", f"E{l11}": 140, f"G{l11}": "FICTIF", f"F{l11}": "2030-01-01"},
            "Indicateurs": {f"K{li}": "beaucoup"},
        },
    )
    proc = macros("-m", "macros", "--racine", str(projet), "import-campagne", str(f), env={"STSPD_DATE": "2026-06-15"})
    sans_trace(proc)
    assert proc.returncode == 1
    assert f"Import refusé : 4 problèmes dans {f.name} — rien n'a été écrit." in proc.stderr
    for cellule in (f"Fiches!D{ligne} :", f"Fiches!E{l11} :", f"Fiches!F{l11} :", f"Indicateurs!K{li} :"):
        assert cellule in proc.stderr
    assert empreinte(projet) == avant


@pytest.mark.lent
def test_missing_file(base: Path, tmp_path: Path):
    proc = lancer("-m", "macros", "--racine", str(base / "projet"), "import-campagne", str(tmp_path / "absent.ods"))
    sans_trace(proc)
    assert proc.returncode == 1 and "absent.ods : fichier introuvable" in proc.stderr


# --- byte for byte, on the 20 real fiches ----------------------------------------------------


def _blocs_simples(fm: str) -> dict[str, str]:
    """Top-level keys of a front matter by a plain line rule (independent of the code)."""
    blocs: dict[str, list[str]] = {"": []}
    cle = ""
    for ligne in fm.splitlines(keepends=True):
        m = re.match(r"^([A-Za-z_][A-Za-z0-9_]*):", ligne)
        if m:
            cle = m[1]
            blocs[cle] = []
        blocs[cle].append(ligne)
    return {k: "".join(v) for k, v in blocs.items()}


def _decoupe(texte: str) -> tuple[str, str]:
    fin = texte.index("\n---\n", 4)
    return texte[4 : fin + 1], texte[fin + 1 :]


@pytest.mark.lent
def test_byte_for_byte_on_all_fiches(tmp_path: Path):
    """Every real fiche: a no-op import leaves every byte; a change touches only its keys."""
    projet = copier_projet(tmp_path / "projet")
    exporter(projet, tmp_path / "campagne")
    corpus = charger_corpus(projet)
    assert len(corpus.fiches) >= 20
    pilotes: dict[str, list] = {}
    for fi in corpus.fiches:
        pilotes.setdefault(fi.pilote[0], []).append(fi)
    originaux = {p.name: p.read_bytes() for p in (projet / "fiches").glob("*.md")}
    fichiers = {}
    for acteur in pilotes:
        fichiers[acteur] = tmp_path / f"{acteur}.ods"
        shutil.copy(tmp_path / "campagne" / C.nom_fichier(acteur, ANNEE), fichiers[acteur])
        r = I.importer(projet, fichiers[acteur], AUJOURDHUI)  # untouched file: a no-op
        assert r.modifications == []
    assert {p.name: p.read_bytes() for p in (projet / "fiches").glob("*.md")} == originaux

    for acteur, fiches in pilotes.items():
        f = fichiers[acteur]
        valeurs: dict[str, dict] = {"Fiches": {}, "Indicateurs": {}}
        for fi in fiches:
            valeurs["Fiches"].update(
                cellules_fiche(
                    f,
                    fi.id,
                    **{
                        "Statut": "En cours",
                        "Avancement (%)": 35,
                        "Date de l'entrée": _dt.date(2026, 3, 2),
                        "Nouvelle entrée du journal": f"FICTIF (test) : point d'étape de la fiche {fi.id}, "
                        "avec une phrase assez longue pour être repliée sur plusieurs lignes "
                        "dans l'en-tête YAML, comme les entrées écrites à la main.",
                    },
                )["Fiches"]
            )
        lignes_ind = lu(f)["Indicateurs"]
        col_val = colonne_de(f, "Indicateurs", "Valeur")
        for ligne in range(2, lignes_ind.derniere_ligne + 1):
            ident = lignes_ind.valeur(ligne, 1)
            if any(fi.id == ident for fi in fiches):
                valeurs["Indicateurs"][f"{col_val}{ligne}"] = 7
        remplir(f, valeurs)
        I.importer(projet, f, AUJOURDHUI)
    charger_corpus(projet)  # make check passes
    changees = 0
    for nom, brut in originaux.items():
        avant, apres = brut.decode("utf-8"), (projet / "fiches" / nom).read_text(encoding="utf-8")
        fm_a, corps_a = _decoupe(avant)
        fm_b, corps_b = _decoupe(apres)
        assert corps_a == corps_b, nom  # the body, byte for byte
        ba, bb = _blocs_simples(fm_a), _blocs_simples(fm_b)
        changees += ba != bb
        for cle in ba:
            if cle not in ("statut", "avancement", "suivi", "indicateurs"):
                assert ba[cle] == bb[cle], (nom, cle)
        changeables = ("statut", "avancement", "suivi", "indicateurs")
        assert [k for k in ba if k not in changeables] == [k for k in bb if k not in changeables], nom
        # Inside the changed keys only the status line is replaced: the rest is added lines.
        retirees = [ligne for ligne in difflib.ndiff(fm_a.splitlines(), fm_b.splitlines()) if ligne.startswith("- ")]
        assert retirees == ["- statut: non-renseigne"], (nom, retirees)
    assert changees == len(originaux)


def test_crlf_bom_comments_and_quoting_are_kept(base: Path, projet: Path, tmp_path: Path):
    chemin = projet / "fiches/1.06-police-municipale.md"
    texte = chemin.read_text(encoding="utf-8")
    texte = texte.replace("statut: non-renseigne\n", "statut: non-renseigne  # à mettre à jour\n# fin du suivi\n", 1)
    brut = ("\ufeff" + texte.replace("\n", "\r\n")).encode("utf-8")
    chemin.write_bytes(brut)
    f = fichier(base, tmp_path)
    remplir(
        f,
        cellules_fiche(
            f,
            "1.6",
            **{
                "Date de l'entrée": _dt.date(2026, 5, 2),
                "Nouvelle entrée du journal": "FICTIF : « guillemets », deux-points : oui",
            },
        ),
    )
    I.importer(projet, f, AUJOURDHUI)
    apres = chemin.read_bytes()
    assert apres.startswith("\ufeff".encode("utf-8")) and b"\n" not in apres.replace(b"\r\n", b"")
    ajout = [
        ligne
        for ligne in difflib.ndiff(brut.decode("utf-8").splitlines(), apres.decode("utf-8").splitlines())
        if ligne[:2] in ("- ", "+ ")
    ]
    assert ajout == [
        "+   - date: 2026-05-02",
        "+     texte: 'FICTIF : « guillemets », deux-points : oui'",
        "+     visibilite: intranet",
    ], ajout
    assert charger_corpus(projet).fiche("1.6").suivi[0].texte == "FICTIF : « guillemets », deux-points : oui"


def test_a_layout_that_cannot_be_kept_is_refused_not_rewritten(base: Path, projet: Path, tmp_path: Path):
    chemin = projet / "fiches/1.06-police-municipale.md"
    texte = chemin.read_text(encoding="utf-8").replace("\ntitre: ", "\ntitre:    ", 1)
    chemin.write_text(texte, encoding="utf-8")
    avant = empreinte(projet)
    f = fichier(base, tmp_path)
    remplir(f, cellules_fiche(f, "1.6", Statut="En cours"))
    with pytest.raises(I.ImportRefuse) as exc:
        I.importer(projet, f, AUJOURDHUI)
    assert exc.value.problemes == [
        "fiches/1.06-police-municipale.md : écriture automatique impossible (la réécriture modifierait aussi "
        "« titre ») — la mise en forme de l'en-tête ne peut pas être conservée à l'identique ; reportez ce "
        "changement à la main"
    ]
    assert empreinte(projet) == avant
