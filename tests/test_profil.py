"""The commune profile (data/commune.yml): validated like a fiche, read by the configuration,
the templates and the generated pages; « Modifier cette page » in the intranet only.

Validation and rendering are called in-process on small temporary projects; the built
editions are the session's seeded build (conftest.sites_semes, whose profile has a forge).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import FORGE_SEMEE, RACINE, copier_projet
from echappement_util import marqueur
from markupsafe import Markup

from macros.domaine.modele import Commune
from macros.lecture.erreurs import Collecteur, SourcesInvalides
from macros.lecture.sources import charger_commune, charger_corpus
from macros.rendu import profil

PROFIL = (RACINE / "data/commune.yml").read_text(encoding="utf-8")


def _charger(tmp_path: Path, texte: str, fichiers: tuple[str, ...] = ()) -> tuple[Commune | None, list[str]]:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data/commune.yml").write_text(texte, encoding="utf-8")
    for f in fichiers:
        (tmp_path / "docs" / f).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / f).write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    col = Collecteur()
    commune = charger_commune(tmp_path, col)
    return commune, [str(p) for p in col.problemes]


def _remplacer(avant: str, apres: str) -> str:
    assert avant in PROFIL, avant
    return PROFIL.replace(avant, apres, 1)


def _ligne(cle: str) -> int:
    """1-based line of the first line of the real profile starting with ``cle``."""
    return next(n for n, ligne in enumerate(PROFIL.splitlines(), 1) if ligne.lstrip().startswith(cle))


# --- validation -------------------------------------------------------------------------


def test_real_profile_is_valid_and_holds_todays_names():
    commune, problemes = _charger_reel()
    assert problemes == []
    assert commune.insee == "59410" and commune.departement.code == "59"
    assert commune.sites.public.nom == "STSPD de Mons-en-Barœul 2019–2021"
    assert commune.sites.intranet.nom == "STSPD de Mons-en-Barœul — Intranet des partenaires du CLSPD"
    assert commune.droits == "© Ville de Mons-en-Barœul"
    assert commune.forge.modifier is None and commune.logo is None
    assert (commune.couleurs.primaire, commune.couleurs.accent) == ("indigo", "indigo")


def _charger_reel():
    col = Collecteur()
    return charger_commune(RACINE, col), [str(p) for p in col.problemes]


@pytest.mark.parametrize(
    ("avant", "apres", "cle", "attendu"),
    [
        ('insee: "59410"', 'insee: "5941"', "insee", "code INSEE « 5941 » invalide"),
        ('insee: "59410"', "insee: 59410", "insee", "code INSEE « 59410 » invalide"),
        ("    url: null\n", "    url: javascript:alert(1)\n", "url", "adresse web complète attendue"),
        ("  modifier: null", "  modifier: ftp://forge.example.fr/edit/", "modifier", "commençant par https://"),
        ("  modifier: null", "  modifier: forge.example.fr/edit/", "modifier", "adresse web complète attendue"),
        ("  primaire: indigo", "  primaire: indigoo", "primaire", "couleur « indigoo » inconnue"),
        ("  accent: indigo", "  accent: grey", "accent", "couleur « grey » inconnue"),
        ("logo: null", "logo: ../secret.svg", "logo", "sans « .. »"),
        ("droits:", "droit:", "droit", "champ « droit » inconnu"),
    ],
)
def test_wrong_profile_gets_file_line_and_french_message(tmp_path, avant, apres, cle, attendu):
    texte = _remplacer(avant, apres)
    commune, problemes = _charger(tmp_path, texte)
    assert commune is None
    ligne = next(n for n, t in enumerate(texte.splitlines(), 1) if t.strip().startswith(apres.strip()))
    assert texte.splitlines()[ligne - 1].lstrip().startswith(cle + ":")
    assert any(p.startswith(f"data/commune.yml:{ligne}: ") and attendu in p for p in problemes), problemes


@pytest.mark.parametrize(
    ("retirer", "champ"),
    [
        ("description:", "description"),
        ("sites:", "sites"),
        ("mentions_legales:", "mentions_legales"),
    ],
)
def test_missing_field_is_named(tmp_path, retirer, champ):
    # Drop the key and its indented block.
    lignes, garder, dans = PROFIL.splitlines(keepends=True), [], False
    for ligne in lignes:
        if ligne.startswith(retirer):
            dans = True
            continue
        if dans and (ligne.startswith((" ", "\t")) or not ligne.strip()):
            continue
        dans = False
        garder.append(ligne)
    commune, problemes = _charger(tmp_path, "".join(garder))
    assert commune is None
    assert any(p.startswith("data/commune.yml") and champ in p for p in problemes), problemes


def test_missing_legal_notice_field_is_named(tmp_path):
    commune, problemes = _charger(tmp_path, _remplacer("  contact: à compléter", "  contakt: à compléter"))
    assert commune is None
    assert any("contact" in p for p in problemes) and any("contakt" in p for p in problemes), problemes


def test_logo_must_exist_under_docs(tmp_path):
    texte = _remplacer("logo: null", "logo: assets/logo-ville.svg")
    commune, problemes = _charger(tmp_path, texte)
    assert commune is None
    assert problemes == [
        f"data/commune.yml:{_ligne('logo:')}: logo : fichier « docs/assets/logo-ville.svg » introuvable "
        "(chemin relatif à docs/, ex. assets/logo.svg)"
    ]
    commune, problemes = _charger(tmp_path, texte, ("assets/logo-ville.svg",))
    assert problemes == [] and commune.logo == "assets/logo-ville.svg"


def test_whole_corpus_reports_the_profile_error_like_a_fiche_error(tmp_path):
    projet = copier_projet(tmp_path / "projet")
    (projet / "data/commune.yml").write_text(_remplacer('insee: "59410"', 'insee: "594100"'), encoding="utf-8")
    with pytest.raises(SourcesInvalides) as exc:
        charger_corpus(projet)
    rapport = exc.value.rapport()
    assert f"  data/commune.yml:{_ligne('insee:')}: " in rapport and "594100" in rapport, rapport
    assert "Traceback" not in rapport


# --- configuration and fragments ----------------------------------------------------------


def _commune(**remplacements) -> Commune:
    data = yaml.safe_load(PROFIL)
    for chemin, valeur in remplacements.items():
        cible = data
        *parents, feuille = chemin.split("__")
        for p in parents:
            cible = cible[p]
        cible[feuille] = valeur
    return Commune.model_validate(data)


def _config() -> dict:
    return {
        "site_name": "x",
        "site_description": "x",
        "copyright": "x",
        "site_url": None,
        "theme": {"palette": [{"scheme": "default", "primary": "red"}, {"scheme": "slate"}]},
    }


def test_configuration_comes_from_the_profile_for_each_edition():
    c = _commune(sites__intranet__url="https://intranet.example.fr", couleurs__primaire="teal", logo=None)
    public, intranet = _config(), _config()
    profil.appliquer(public, c, "public")
    profil.appliquer(intranet, c, "intranet")
    assert public["site_name"] == "STSPD de Mons-en-Barœul 2019–2021"
    assert intranet["site_name"] == "STSPD de Mons-en-Barœul — Intranet des partenaires du CLSPD"
    assert public["site_url"] is None and intranet["site_url"] == "https://intranet.example.fr/"
    assert public["copyright"] == "© Ville de Mons-en-Barœul"
    assert public["site_description"].startswith("Stratégie Territoriale de Sécurité")
    assert [o["primary"] for o in intranet["theme"]["palette"]] == ["teal", "teal"]
    assert [o["accent"] for o in intranet["theme"]["palette"]] == ["indigo", "indigo"]
    assert "logo" not in public["theme"]
    avec_logo = _config()
    profil.appliquer(avec_logo, _commune(logo="assets/logo.svg"), "public")
    assert avec_logo["theme"]["logo"] == "assets/logo.svg"


def test_site_name_is_escaped_once_whatever_the_template_does():
    c = _commune(sites__public__nom="Ville <b> & Cie", droits="© <i>Ville</i>")
    config = _config()
    profil.appliquer(config, c, "public")
    # Material prints site_name raw in places and through `| e` in others: both give one escape.
    assert str(config["site_name"]) == "Ville &lt;b&gt; &amp; Cie"
    assert isinstance(config["site_name"], Markup)
    from markupsafe import escape

    assert str(escape(config["site_name"])) == "Ville &lt;b&gt; &amp; Cie"
    assert str(config["copyright"]) == "© &lt;i&gt;Ville&lt;/i&gt;"
    assert profil.nom_site(c, "public") == "Ville <b> & Cie"  # feeds escape in their own format


def test_edit_link_only_in_the_intranet_with_a_forge():
    sans = _commune()
    avec = _commune(forge__modifier="https://forge.example.fr/ville/stspd/-/edit/main")
    assert profil.lien_modifier(sans, "intranet", "docs/index.md") is None
    assert profil.lien_modifier(avec, "public", "fiches/1.07-videosurveillance.md") is None
    assert profil.lien_modifier(avec, "intranet", None) is None
    assert (
        profil.lien_modifier(avec, "intranet", "fiches/1.07-videosurveillance.md")
        == "https://forge.example.fr/ville/stspd/-/edit/main/fiches/1.07-videosurveillance.md"
    )
    assert (
        profil.lien_modifier(avec, "intranet", "docs/stratégie/a b.md")
        == "https://forge.example.fr/ville/stspd/-/edit/main/docs/strat%C3%A9gie/a%20b.md"
    )


def test_legal_notice_field_is_escaped_once_or_to_be_completed():
    assert profil.mention_legale(_commune(), "hebergeur") == "« à compléter »"
    assert profil.mention_legale(_commune(mentions_legales__contact=None), "contact") == "« à compléter »"
    c = _commune(mentions_legales__hebergeur="Hébergeur <b>&</b> *fils*")
    assert profil.mention_legale(c, "hebergeur") == "Hébergeur &lt;b&gt;&amp;&lt;/b&gt; \\*fils\\*"


# --- nothing of the commune in code, configuration or templates ----------------------------

CODE = ["macros", "overrides", "deploy", "Makefile", "mkdocs.yml", "mkdocs.intranet.yml"]


def test_code_configuration_and_templates_do_not_name_the_commune():
    trouves = []
    for nom in CODE:
        chemin = RACINE / nom
        for f in [chemin] if chemin.is_file() else sorted(p for p in chemin.rglob("*") if p.is_file()):
            if "__pycache__" in f.parts:
                continue
            texte = f.read_bytes().decode("utf-8", errors="replace")
            for n, ligne in enumerate(texte.splitlines(), 1):
                if re.search(r"Barœul|Baroeul|59410", ligne, re.I):
                    trouves.append(f"{f.relative_to(RACINE)}:{n}: {ligne.strip()}")
    assert not trouves, "\n".join(trouves)


def test_the_grep_would_see_a_name_in_code(tmp_path):
    # The check above can fail: the same pattern finds the name in the profile it reads.
    assert re.search(r"Barœul|Baroeul|59410", PROFIL)


# --- built editions (session build, forge set) ----------------------------------------------


class _Liens(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.modifier: list[str] = []
        self._dans: str | None = None
        self.texte = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("rel") == "edit":
            self._dans = a.get("href") or ""

    def handle_data(self, data):
        if self._dans is not None:
            self.texte += data

    def handle_endtag(self, tag):
        if tag == "a" and self._dans is not None:
            assert self.texte.strip() == "Modifier cette page", self.texte
            self.modifier.append(self._dans)
            self._dans, self.texte = None, ""


def _liens(page: Path) -> list[str]:
    p = _Liens()
    p.feed(page.read_text(encoding="utf-8"))
    return p.modifier


def _page(site: Path, src: str) -> Path:
    base = src.removesuffix(".md")
    if base == "index" or base.endswith("/index"):
        return site / base.removesuffix("index") / "index.html"
    return site / base / "index.html"


@pytest.mark.lent
def test_every_intranet_page_links_to_its_own_source_file(sites_semes):
    projet, site = sites_semes.projet, sites_semes.intranet
    vus = 0
    for fiche in sorted((projet / "fiches").glob("*.md")):
        page = _page(site / "fiches", fiche.name)
        assert page.exists(), page
        assert _liens(page) == [FORGE_SEMEE + f"fiches/{fiche.name}"], page
        vus += 1
    for source in sorted((projet / "docs").rglob("*.md")):
        rel = source.relative_to(projet / "docs").as_posix()
        page = _page(site, rel)
        if not page.exists():  # a draft or a page the edition leaves out
            continue
        assert _liens(page) == [FORGE_SEMEE + "docs/" + rel], page
        vus += 1
    assert vus > 40, vus


@pytest.mark.lent
def test_generated_intranet_pages_have_no_edit_link(sites_semes):
    site = sites_semes.intranet
    for src in ("suivi/index.md", "acteurs/index.md", "acteurs/maire.md", "imprimer/index.md"):
        page = _page(site, src)
        assert page.exists(), page
        assert _liens(page) == [], page


@pytest.mark.lent
def test_edit_link_is_escaped_once(sites_semes):
    html = (sites_semes.intranet / "fiches/1.07-videosurveillance/index.html").read_text(encoding="utf-8")
    assert 'href="https://forge.exemple.test/l&#39;equipe&amp;co/stspd/-/edit/main/fiches/' in html
    assert "&amp;amp;" not in html and "&amp;#39;" not in html


@pytest.mark.lent
def test_public_edition_has_no_edit_link_and_no_trace_of_the_forge(sites_semes):
    hote = b"forge.exemple.test"
    for f in sorted(p for p in sites_semes.public.rglob("*") if p.is_file()):
        contenu = f.read_bytes()
        assert hote not in contenu, f
        if f.suffix == ".html":
            assert b"Modifier cette page" not in contenu and b'rel="edit"' not in contenu, f
    # The check can fail: the intranet does carry the forge.
    assert hote in (sites_semes.intranet / "index.html").read_bytes()


@pytest.mark.lent
def test_no_repository_widget_fetches_facts_from_a_third_party(sites_semes):
    # Material's repo_url adds a « source » component whose JavaScript asks GitHub's or
    # GitLab's API for stars and forks: the profile never sets repo_url.
    for edition in (sites_semes.public, sites_semes.intranet):
        for f in sorted(edition.rglob("*.html")):
            html = f.read_text(encoding="utf-8")
            assert 'data-md-component="source"' not in html and "md-source" not in html, f


@pytest.mark.lent
def test_seeded_profile_fields_are_shown_escaped_once(sites_semes):
    """The profile's displayed texts carry a payload in the seeded build: each reaches the
    pages as text (site names in every page, copyright in the footer, legal notice)."""
    champs = {v: n for n, v in sites_semes.champs.items()}
    intranet = (sites_semes.intranet / "index.html").read_text(encoding="utf-8")
    public = (sites_semes.public / "index.html").read_text(encoding="utf-8")
    mentions = (sites_semes.public / "mentions-legales/index.html").read_text(encoding="utf-8")
    for cle, html in (
        ("sites.intranet.nom", intranet),
        ("sites.public.nom", public),
        ("droits", public),
        ("mentions_legales.hebergeur", mentions),
        ("mentions_legales.directeur_publication", mentions),
        ("mentions_legales.contact", mentions),
    ):
        n = champs[f"data/commune.yml: {cle}"]
        assert f"&lt;script&gt;{marqueur(n)}&lt;/script&gt;" in html, cle
        assert f"<script>{marqueur(n)}" not in html, cle


def test_actor_categories_are_named_from_the_profile():
    from dataclasses import replace

    from macros.rendu.pages import libelle_categorie

    corpus = charger_corpus(RACINE)
    assert libelle_categorie(corpus, "commune") == "Commune de Mons-en-Barœul"
    assert libelle_categorie(corpus, "metropole") == "Métropole Européenne de Lille"
    autre = replace(corpus, commune=_commune(nom="Ville-Test (faux)", epci=None))
    assert libelle_categorie(autre, "commune") == "Commune de Ville-Test (faux)"
    assert libelle_categorie(autre, "metropole") == "Intercommunalité"
    # The département: the profile's own wording (article included), else its bare name.
    assert libelle_categorie(corpus, "departement") == "Département du Nord"
    somme = replace(corpus, commune=_commune(departement={"code": "80", "nom": "Somme (faux)"}))
    assert libelle_categorie(somme, "departement") == "Département : Somme (faux)"
    aisne = {"code": "02", "nom": "Aisne", "libelle": "Département de l'Aisne (faux)"}
    assert libelle_categorie(replace(corpus, commune=_commune(departement=aisne)), "departement") == (
        "Département de l'Aisne (faux)"
    )
