"""The « Observatoire » page and fiche 1.1's card, with and without imported figures, and
the coordinator's guide for the import (its examples run through make, on fake files).

One build for the whole module: a copy of the project with the fake figures imported (both
editions, every built file searched for the complement_info sentinels). Without figures
(the repository as it is), the page's fragments are checked in process."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from conftest import RACINE, check, copier_projet, sans_trace
from csv_util import lignes_csv
from ssmsi_fixtures import DEPARTEMENTAL, SENTINELLES, gz, texte_communal

NBSP = "\u00a0"


def texte_html(chemin: Path) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", chemin.read_text(encoding="utf-8"))))


@pytest.fixture(scope="module")
def avec(site_grand) -> Path:
    """Both editions built from a project holding the fake figures (the shared
    ``conftest.site_grand``, which imports them with ``make import-ssmsi``)."""
    return site_grand.site


def test_repository_holds_no_real_figures_yet():
    # The machine that wrote this had no network: the real figures must come from an import.
    assert not (RACINE / "data/ssmsi").exists()


# --- with figures --------------------------------------------------------------------------------


@pytest.mark.lent
def test_page_shows_every_indicator_every_year_count_rate_and_evolution(avec: Path):
    html = (avec / "public/observatoire/index.html").read_text(encoding="utf-8")
    texte = texte_html(avec / "public/observatoire/index.html")
    from macros.lecture.ssmsi import INDICATEURS_COMMUNAUX

    for libelle in INDICATEURS_COMMUNAUX:
        ident = re.sub(r"[^a-z0-9]+", "-", libelle.lower().replace("é", "e")).strip("-")
        assert f'id="ssmsi-{ident}"' in html, libelle
    section = html[
        html.index('id="ssmsi-violences-physiques-intrafamiliales"') : html.index('id="ssmsi-violences-physiques-hors')
    ]
    for annee in range(2016, 2026):
        assert f">{annee}</th>" in section
    # Fake file: 20 victims in 2016, 52 in 2025; rate 2,4656235 ‰ in 2025 (2 decimals shown).
    assert ">52</td>" in section and ">2,47</td>" in section
    assert f"+{round((52 - 20) / 20 * 100, 1):.1f}".replace(".", ",") + NBSP + "%" in unescape(section)
    assert "Taux pour 1 000 habitants — Mons-en-Barœul" in unescape(section).replace(NBSP, " ")
    cambriolages = unescape(html[html.index('id="ssmsi-cambriolages-de-logement"') :]).replace(NBSP, " ")
    assert "Taux pour 1 000 logements — Mons-en-Barœul" in cambriolages[:4000]
    assert "édition du 12 juin 2026" in texte and "Licence Ouverte" in texte


@pytest.mark.lent
def test_withheld_cells_are_said_so_with_the_reason(avec: Path):
    html = unescape((avec / "public/observatoire/index.html").read_text(encoding="utf-8"))
    armes = html[html.index('id="ssmsi-vols-avec-armes"') : html.index('id="ssmsi-vols-violents-sans-arme"')]
    table = armes[: armes.index("</table>")]
    # The commune's count and rate, every year; the département's rate is published.
    assert table.count("non diffusé (secret statistique)") == 20
    nord = table[table.index("— Nord") :]
    assert "non diffusé" not in nord and re.search(r">\d+,\d+</td>", nord)
    assert "pour qu'un petit nombre de faits ne permette pas de reconnaître les personnes" in html
    assert "Aucun taux de Mons-en-Barœul n'est diffusé pour cet indicateur" in armes


@pytest.mark.lent
def test_evolution_from_the_first_published_year_when_the_first_is_withheld(avec: Path):
    html = unescape((avec / "public/observatoire/index.html").read_text(encoding="utf-8")).replace(NBSP, " ")
    trafic = html[html.index('id="ssmsi-trafic-de-stupefiants"') : html.index('id="ssmsi-usage-de-stupefiants"')]
    # Fake file: withheld 2016–2018, 118 in 2019, 136 in 2025.
    assert (
        f"+{(136 - 118) / 118 * 100:.1f} %".replace(".", ",") + "</span> <small>(depuis 2019 : 2016 non diffusé)"
        in trafic
    )
    afd = html[html.index('id="ssmsi-usage-de-stupefiants-afd"') :]
    assert "(depuis 2020 : 2016 non disponible)" in afd[: afd.index("</table>")]


@pytest.mark.lent
def test_complement_info_never_reaches_any_built_file(avec: Path):
    fichiers = [p for p in avec.rglob("*") if p.is_file()]
    assert len(fichiers) > 100
    for p in fichiers:
        contenu = p.read_bytes()
        for s in SENTINELLES:
            assert s.encode() not in contenu, (p, s)


@pytest.mark.lent
def test_chart_in_the_accessible_figure_pattern(avec: Path):
    html = (avec / "public/observatoire/index.html").read_text(encoding="utf-8")
    i = html.index('id="ssmsi-cambriolages-de-logement"')
    figure = html[html.index("<figure", i) : html.index("</figure>", i)]
    img = re.search(r'<img src="([^"]+\.svg)" alt="([^"]+)"', figure)
    assert img is not None
    assert unescape(img.group(2)).startswith("Graphique en courbes : Cambriolages de logement : taux pour")
    assert "Mons-en-Barœul et Nord" in unescape(img.group(2))
    assert "<figcaption>" in figure and "Source : SSMSI" in figure
    assert '<details class="note">' in figure and "<table>" in figure and '<th scope="row">Nord</th>' in figure
    svg = (avec / "public/observatoire" / img.group(1)).resolve()
    assert svg.is_file() and svg.read_bytes().startswith(b"<?xml")
    lien = re.search(r'<a href="([^"]+\.csv)" download>', figure).group(1)
    lignes = lignes_csv((avec / "public/observatoire" / lien).resolve().read_bytes())
    armes = [
        ligne
        for ligne in lignes
        if ligne["indicateur"] == "Vols avec armes" and ligne["territoire"] == "Mons-en-Barœul"
    ]
    assert len(armes) == 10 and all(ligne["est_diffuse"] == "ndiff" and ligne["nombre"] == "" for ligne in armes)
    assert {ligne["territoire"] for ligne in lignes} == {"Mons-en-Barœul", "Nord"}


@pytest.mark.lent
def test_fiche_1_1_card_links_the_observatoire_with_latest_figures(avec: Path):
    html = (avec / "public/fiches/1.01-observatoire/index.html").read_text(encoding="utf-8")
    carte = html[html.index("stspd-fiche-entete") :]
    carte = carte[: carte.index("</details>")]
    assert "<dt>Observatoire</dt>" in carte and 'href="../../observatoire/"' in carte
    assert "Derniers chiffres officiels (2025)" in carte
    assert "non diffusé (secret statistique)" in carte  # Vols avec armes, 2025
    assert ">52</td>" in carte


@pytest.mark.lent
def test_home_page_links_the_observatoire(avec: Path):
    html = (avec / "public/index.html").read_text(encoding="utf-8")
    assert 'href="observatoire/"' in html


@pytest.mark.lent
def test_guide_is_intranet_only(avec: Path):
    assert (avec / "intranet/guide/chiffres-officiels/index.html").is_file()
    assert not (avec / "public/guide/chiffres-officiels").exists()


# --- without figures (the repository today): in process, the built page is checked above -------


def _sans_donnees():
    from types import SimpleNamespace

    from macros.lecture import ssmsi
    from macros.lecture.erreurs import Collecteur
    from macros.lecture.sources import charger_commune

    col = Collecteur()
    corpus = SimpleNamespace(
        racine=RACINE, commune=charger_commune(RACINE, col), ssmsi=ssmsi.DonneesSsmsi(), fiche=lambda _i: None
    )
    return SimpleNamespace(corpus=corpus, ressources={})


def test_page_says_plainly_that_nothing_is_imported():
    from macros.rendu import ssmsi as ssmsi_rendu

    etat = _sans_donnees()
    md = ssmsi_rendu.chiffres_officiels(etat, "observatoire/index.md", "observatoire/")
    assert md.startswith('!!! warning "Chiffres officiels pas encore importés"')
    assert "ne sont pas encore sur ce site" in md and "Mons-en-Barœul" in md
    assert etat.ressources == {}


def test_fiche_card_without_figures():
    from macros.rendu import ssmsi as ssmsi_rendu
    from macros.rendu.fragments import Contexte

    etat = _sans_donnees()
    ctx = Contexte(etat.corpus, "fiches/1.01-observatoire.md", lambda _src: True)
    carte = ssmsi_rendu.entete_fiche(ctx, SimpleFiche("1.1"))
    assert (
        "[Observatoire local de la sécurité](../observatoire/index.md) — chiffres officiels de la "
        "délinquance (SSMSI) pas encore importés." in carte
    )
    assert ssmsi_rendu.entete_fiche(ctx, SimpleFiche("1.2")) == ""


class SimpleFiche:
    def __init__(self, ident: str):
        self.id = ident


# --- the coordinator's guide: its examples, run through make ---------------------------------------

GUIDE = RACINE / "docs/guide/chiffres-officiels.md"
_EXEMPLE = re.compile(r"<!-- exemple: commande -->\n```sh\n(.*?)\n```", re.S)


@pytest.mark.lent
def test_guide_examples_run_through_make(tmp_path: Path):
    exemples = _EXEMPLE.findall(GUIDE.read_text(encoding="utf-8"))
    assert len(exemples) == 2 and all(e.startswith("make import-ssmsi ") for e in exemples)
    projet = copier_projet(tmp_path / "projet")
    for nom in ("Makefile", "requirements.txt", "requirements-installeur.txt"):
        shutil.copy2(RACINE / nom, projet / nom)
    (projet / ".tampon").touch()  # stands for .venv/.installed: make must not install anything
    plus_recent = max(os.path.getmtime(projet / n) for n in ("requirements.txt", "requirements-installeur.txt"))
    os.utime(projet / ".tampon", (plus_recent + 10,) * 2)
    maison = tmp_path / "maison"
    # The fake files under the names the examples use, where « ~ » leads.
    for chemin in re.findall(r"=~/(\S+)", "\n".join(exemples)):
        dep = "donnee-dep-" in chemin
        gz(maison / chemin, (DEPARTEMENTAL.read_text(encoding="utf-8") if dep else texte_communal()))
    env = dict(os.environ, HOME=str(maison), NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(RACINE))
    for i, exemple in enumerate(exemples):
        commande = f"{exemple} PY={sys.executable} STAMP=.tampon"
        proc = subprocess.run(["bash", "-c", commande], cwd=projet, env=env, capture_output=True, text=True)
        sans_trace(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "data/ssmsi/commune.yml" in proc.stdout
        if i == 0:
            assert (projet / "data/ssmsi/departement.yml").is_file()
    proc = check(projet)
    assert proc.returncode == 0, proc.stderr
