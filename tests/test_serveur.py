"""The web server against the real nginx (Debian's /usr/sbin/nginx) on 127.0.0.1: the
configuration rendered from deploy/nginx.conf.j2, partner accounts, throttled logins,
HTTPS with a self-signed certificate made here, security and cache headers, 404 pages, and
publication with a way back (``make publier`` / ``make revenir``) under load.

One seeded build for the module: a temporary git copy of the project with the leak
sentinels of test_editions.py, published with the real ``publier`` command into a
temporary DEST; one nginx serves DEST/public and DEST/intranet (the production layout) over
HTTPS for the whole module. Each test that sends refused logins uses its own loopback client
address (127.0.x.y) so that the per-address throttle of one test never touches another.
"""

from __future__ import annotations

import base64
import dataclasses
import gzip
import http.client
import itertools
import os
import re
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import RACINE, copier_projet, lancer, sans_trace
from navigateur_util import en_ci
from semis import SENTINELLES, semer

from macros.domaine import securite
from macros.outils import serveur

pytest_plugins = ["navigateur_plugin"]
pytestmark = pytest.mark.lent  # nginx, a real build (publier); the Chromium test is also `navigateur`

NOM_PUBLIC = "stspd.test"
NOM_INTRANET = "intranet.stspd.test"
COMPTE = "police-nationale"
MOT_DE_PASSE = "essai-factice-Pas-un-vrai-4821"  # fake, test only
ENV_GIT = {
    "GIT_AUTHOR_NAME": "Essai",
    "GIT_AUTHOR_EMAIL": "essai@example.invalid",
    "GIT_COMMITTER_NAME": "Essai",
    "GIT_COMMITTER_EMAIL": "essai@example.invalid",
}


@pytest.fixture(scope="module", autouse=True)
def nginx_requis():
    if not serveur.nginx_present():
        if en_ci():
            pytest.fail(f"nginx absent ({serveur.NGINX}) : .ci/run doit l'installer")
        pytest.skip("nginx absent (apt-get install nginx)")
    if shutil.which("openssl") is None:
        if en_ci():
            pytest.fail("openssl absent : .ci/run doit l'installer")
        pytest.skip("openssl absent")


def port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_adresses = (f"127.0.{i // 250 + 1}.{i % 250 + 2}" for i in itertools.count())


def adresse() -> str:
    """A loopback client address of its own (the throttle counts per address)."""
    return next(_adresses)


def git(depot: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(depot), *args], check=True, capture_output=True, text=True, env=dict(os.environ, **ENV_GIT)
    ).stdout


# --- module fixtures ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificat(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for both names, made here (never a real one)."""
    d = tmp_path_factory.mktemp("tls")
    crt, cle = d / "stspd.crt", d / "stspd.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "2",
            "-subj",
            f"/CN={NOM_PUBLIC}",
            "-addext",
            f"subjectAltName=DNS:{NOM_PUBLIC},DNS:{NOM_INTRANET}",
            "-keyout",
            str(cle),
            "-out",
            str(crt),
        ],
        check=True,
        capture_output=True,
    )
    return crt, cle


@pytest.fixture(scope="module")
def depot(tmp_path_factory) -> Path:
    """A committed git copy of the project, seeded with the intranet sentinels."""
    depot = copier_projet(tmp_path_factory.mktemp("depot") / "projet")
    shutil.copy2(RACINE / ".gitignore", depot / ".gitignore")
    semer(depot)
    git(depot, "init", "-q", "-b", "main")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "essai")
    return depot


@pytest.fixture(scope="module")
def publication(depot, tmp_path_factory) -> Path:
    """DEST after one real ``publier`` (build included)."""
    dest = tmp_path_factory.mktemp("dest") / "stspd"
    proc = lancer("-m", "macros", "--racine", str(depot), "publier", "--dest", str(dest))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return dest


@pytest.fixture(scope="module")
def comptes(depot, tmp_path_factory) -> Path:
    """The account file, made by the real ``compte`` command (password on stdin)."""
    chemin = tmp_path_factory.mktemp("comptes") / "comptes"
    # Cost 4: nginx checks the hash at every request of the module (the default cost, 10,
    # is checked in test_account_create_replace_delete).
    proc = subprocess.run(
        [sys.executable, "-m", "macros", "--racine", str(depot), "compte", COMPTE, "--cout", "4"],
        input=MOT_DE_PASSE + "\n",
        capture_output=True,
        text=True,
        env=dict(os.environ, COMPTES=str(chemin), PYTHONPATH=str(RACINE)),
    )
    assert proc.returncode == 0, proc.stderr
    return chemin


class Serveur:
    def __init__(self, conf: serveur.Configuration, cafile: Path):
        self.conf = conf
        self.https = conf.hotes[0].ecoute[0].rsplit(":", 1)[1]
        self.http = {h.edition: int(h.redirection[0].rsplit(":", 1)[1]) for h in conf.hotes}
        self.contexte = ssl.create_default_context(cafile=str(cafile))

    def requete(
        self,
        edition: str,
        chemin: str,
        auth: tuple[str, str] | None = None,
        source: str | None = None,
        https: bool = True,
        entetes: dict | None = None,
        methode: str = "GET",
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        nom = NOM_PUBLIC if edition == "public" else NOM_INTRANET
        h = dict(entetes or {})
        if auth:
            h["Authorization"] = "Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()).decode()
        if https:
            cx = ConnexionTLS(nom, int(self.https), self.contexte, source)
        else:
            cx = http.client.HTTPConnection(
                "127.0.0.1", self.http[edition], timeout=10, source_address=(source, 0) if source else None
            )
            h["Host"] = nom
        try:
            cx.request(methode, chemin, headers=h)
            r = cx.getresponse()
            return r.status, r.headers, r.read()
        finally:
            cx.close()


class ConnexionTLS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 with the site's name for SNI, Host and certificate checks."""

    def __init__(self, nom: str, port: int, contexte: ssl.SSLContext, source: str | None):
        super().__init__(nom, port, context=contexte, timeout=10, source_address=(source, 0) if source else None)

    def connect(self) -> None:
        brut = socket.create_connection(("127.0.0.1", self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(brut, server_hostname=self.host)


@pytest.fixture(scope="module")
def nginx(publication, comptes, certificat, tmp_path_factory):
    """The production layout on loopback: both editions on one HTTPS port by name, each
    with its HTTP port that only redirects."""
    crt, cle = certificat
    prefixe = tmp_path_factory.mktemp("nginx")
    acme = tmp_path_factory.mktemp("acme")
    (acme / ".well-known/acme-challenge").mkdir(parents=True)
    (acme / ".well-known/acme-challenge/jeton-factice").write_text("reponse-factice\n")
    conf = serveur.locale(
        publication,
        port_libre(),
        0,
        comptes,
        prefixe,
        certificat=crt,
        cle=cle,
        ports_redirection=(port_libre(), port_libre()),
        noms=(NOM_PUBLIC, NOM_INTRANET),
        acme=acme,
    )
    # Both names on the same HTTPS port, as in production.
    port = conf.hotes[0].ecoute[0]
    hotes = tuple(
        dataclasses.replace(h, ecoute=(port,), url_https=f"https://{h.noms[0]}:{port.rsplit(':', 1)[1]}")
        for h in conf.hotes
    )
    conf = dataclasses.replace(conf, hotes=hotes)
    proc = serveur.demarrer(conf)
    try:
        yield Serveur(conf, crt)
    finally:
        serveur.arreter(proc)


OK = (COMPTE, MOT_DE_PASSE)


def fichier(publication: Path, edition: str, motif: str) -> str:
    """Site path of the first file of an edition matching a glob (hashed names vary)."""
    trouves = sorted((publication / edition).glob(motif))
    assert trouves, f"{motif} absent de l'édition {edition}"
    return "/" + trouves[0].relative_to(publication / edition).as_posix()


# --- configuration -----------------------------------------------------------------------


def test_nginx_accepts_the_production_configuration(depot, comptes, certificat, tmp_path):
    crt, cle = certificat
    sortie = tmp_path / "stspd.conf"
    proc = lancer(
        "-m",
        "macros",
        "--racine",
        str(depot),
        "serveur",
        "--production",
        "--verifier",
        "--sortie",
        str(sortie),
        env={
            "NOM_PUBLIC": "stspd.mons-en-baroeul.fr",
            "COMPTES": str(comptes),
            "NOM_INTRANET": "intranet.stspd.mons-en-baroeul.fr",
            "DEST": "/srv/stspd",
            "CERTIFICAT": str(crt),
            "CLE": str(cle),
        },
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    texte = sortie.read_text(encoding="utf-8")
    assert "listen 443 ssl http2;" in texte and "listen [::]:443 ssl http2;" in texte
    assert "return 301 https://intranet.stspd.mons-en-baroeul.fr$request_uri;" in texte
    assert "root /srv/stspd/public;" in texte and "root /srv/stspd/intranet;" in texte
    assert f"auth_basic_user_file {comptes};" in texte
    assert f"ssl_certificate {crt};" in texte
    assert "daemon" not in texte and "pid " not in texte  # included in Debian's nginx.conf
    # The independent check: nginx itself, on the file as written.
    enveloppe = serveur.enveloppe_verification(sortie, tmp_path / "t")
    verif = serveur.tester(enveloppe, tmp_path / "t")
    assert verif.returncode == 0, verif.stderr


def test_nginx_refuses_a_broken_production_configuration(depot, comptes, tmp_path):
    proc = lancer(
        "-m",
        "macros",
        "--racine",
        str(depot),
        "serveur",
        "--production",
        "--verifier",
        "--sortie",
        str(tmp_path / "x.conf"),
        env={
            "NOM_PUBLIC": "a.test",
            "NOM_INTRANET": "b.test",
            "COMPTES": str(comptes),
            "CERTIFICAT": str(tmp_path / "absent.pem"),
            "CLE": str(tmp_path / "absent.key"),
        },
    )
    assert proc.returncode == 1
    assert "nginx refuse la configuration" in proc.stderr
    assert not (tmp_path / "x.conf").exists()
    sans_trace(proc)


def test_nginx_accepts_the_loopback_configuration(publication, comptes, tmp_path):
    texte = serveur.rendre(serveur.locale(publication, 8080, 8081, comptes, tmp_path))
    assert "daemon off;" in texte and "listen 127.0.0.1:8080;" in texte
    assert "ssl" not in texte.replace("ssl_", "")  # no HTTPS on the plain preview
    verif = serveur.tester(texte, tmp_path)
    assert verif.returncode == 0, verif.stderr


@pytest.mark.parametrize("valeur", ["a.test; include /etc/shadow", "a b", "x{", ""])
def test_names_that_could_inject_directives_are_refused(valeur, tmp_path):
    with pytest.raises(serveur.ErreurServeur):
        serveur.rendre(
            serveur.production(valeur, "b.test", tmp_path, tmp_path / "c", tmp_path / "k", tmp_path / "comptes")
        )


# --- intranet access ---------------------------------------------------------------------

CHEMINS_INTRANET = {
    "accueil": "/",
    "fiche": "/fiches/1.07-videosurveillance/",
    "page intranet": "/intranet/note-interne/",
    "index de recherche": "/search/search_index.json",
    "feuille de style": "/assets/stspd.css",
    "CSV": "/suivi/fiches.csv",
}


@pytest.mark.parametrize("nom", list(CHEMINS_INTRANET) + ["bundle", "graphique"])
def test_intranet_asks_for_an_account(nginx, publication, nom):
    chemin = {
        "bundle": lambda: fichier(publication, "intranet", "assets/javascripts/bundle.*.min.js"),
        "graphique": lambda: fichier(publication, "intranet", "assets/indicateurs/*-*.svg"),
    }.get(nom, lambda: CHEMINS_INTRANET[nom])()
    source = adresse()
    statut, entetes, corps = nginx.requete("intranet", chemin, source=source)
    assert statut == 401, chemin
    assert entetes.get_all("WWW-Authenticate") == ['Basic realm="Intranet du CLSPD"']
    statut, _, corps_faux = nginx.requete("intranet", chemin, auth=(COMPTE, "mauvais-mot-de-passe"), source=source)
    assert statut == 401, chemin
    statut, _, _ = nginx.requete("intranet", chemin, auth=("inconnu", MOT_DE_PASSE), source=source)
    assert statut == 401, chemin
    for refus in (corps, corps_faux):
        assert b"SENTINELLE" not in refus
    statut, entetes, corps = nginx.requete("intranet", chemin, auth=OK, source=source)
    assert statut == 200, chemin
    attendu = (publication / "intranet" / chemin.lstrip("/")).resolve()
    if attendu.is_dir():
        attendu = attendu / "index.html"
    assert corps == attendu.read_bytes()


def test_csv_is_served_as_utf8_text(nginx):
    statut, entetes, corps = nginx.requete("public", "/suivi/fiches.csv")
    assert statut == 200
    assert entetes["Content-Type"] == "text/csv; charset=utf-8"
    assert "Vidéosurveillance".lower() in corps.decode("utf-8").lower()


def test_public_server_never_serves_an_intranet_path(nginx, publication):
    public, intranet = publication / "public", publication / "intranet"
    seulement = sorted(
        p.relative_to(intranet).as_posix()
        for p in intranet.rglob("*")
        if p.is_file() and not (public / p.relative_to(intranet)).exists()
    )
    assert "intranet/note-interne/index.html" in seulement  # the seeded pages are there
    assert len(seulement) >= 5
    chemins = [f"/{p}" for p in seulement] + [
        f"/{p.removesuffix('index.html')}" for p in seulement if p.endswith("/index.html")
    ]
    for chemin in chemins:
        statut, _, corps = nginx.requete("public", chemin)
        assert statut == 404, chemin
        assert not any(s.encode() in corps for s in SENTINELLES.values()), chemin
    # And the public edition's pages still exist (the check above is not vacuous).
    assert nginx.requete("public", "/fiches/1.07-videosurveillance/")[0] == 200


# --- throttling ---------------------------------------------------------------------------


def test_failed_logins_are_throttled_but_never_the_right_password(nginx):
    source = adresse()
    debut = time.monotonic()
    codes = [nginx.requete("intranet", "/", auth=(COMPTE, f"faux-{i}"), source=source)[0] for i in range(25)]
    duree = time.monotonic() - debut
    assert set(codes) == {401, 429}, codes
    # A burst of 10 refusals, then one more every 6 s (10r/m): the rest is 429.
    assert 10 <= codes.count(401) <= 11 + int(duree / 6) + 1, (codes, duree)
    assert codes[:10] == [401] * 10, codes
    # The right password from the very same address: never throttled.
    ok = [
        nginx.requete("intranet", p, auth=OK, source=source)[0]
        for p in ["/", "/assets/stspd.css", "/search/search_index.json"] * 10
    ]
    assert ok == [200] * 30
    # A request without credentials (a browser's first) still gets the login prompt.
    statut, entetes, _ = nginx.requete("intranet", "/", source=source)
    assert statut == 401 and "WWW-Authenticate" in entetes
    # Another address is not affected by this one's refusals.
    assert nginx.requete("intranet", "/", auth=(COMPTE, "faux"), source=adresse())[0] == 401


def test_requests_without_credentials_are_never_throttled(nginx):
    source = adresse()
    codes = [nginx.requete("intranet", "/", source=source)[0] for _ in range(30)]
    assert codes == [401] * 30


# --- headers ------------------------------------------------------------------------------


def _cas_de_reponse(publication):
    bundle = fichier(publication, "public", "assets/javascripts/bundle.*.min.js")
    return [
        # (edition, path, credentials, https, expected status)
        ("public", "/", None, True, 200),
        ("public", bundle, None, True, 200),
        ("public", "/n-existe-pas/", None, True, 404),
        ("public", "/fiches", None, True, 301),
        ("public", "/assets/", None, True, 404),
        ("public", "/", None, False, 301),
        ("intranet", "/", OK, True, 200),
        ("intranet", bundle, OK, True, 200),
        ("intranet", "/n-existe-pas/", OK, True, 404),
        ("intranet", "/fiches", OK, True, 301),
        ("intranet", "/", None, True, 401),
        ("intranet", "/", None, False, 301),
    ]


def test_security_headers_are_on_every_kind_of_response(nginx, publication):
    for edition, chemin, auth, https, attendu in _cas_de_reponse(publication):
        statut, entetes, _ = nginx.requete(edition, chemin, auth=auth, https=https, source=adresse())
        cas = f"{edition} {'https' if https else 'http'} {chemin} → {statut}"
        assert statut == attendu, cas
        for nom, valeur in securite.entetes(edition, https).items():
            assert entetes.get_all(nom) == [valeur], f"{cas} : {nom}"
        # Independent of securite.py: the promises of the issue, literally.
        csp = entetes["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp, cas
        assert "unsafe-eval" not in csp and "script-src 'self';" in csp, cas
        assert entetes["X-Content-Type-Options"] == "nosniff", cas
        assert ("Strict-Transport-Security" in entetes) == https, cas
        if https:
            assert entetes["Strict-Transport-Security"].startswith("max-age=31536000"), cas
        assert (entetes.get("X-Robots-Tag") == "noindex, nofollow") == (edition == "intranet"), cas
        assert entetes["Server"] == "nginx", cas  # no version number


def test_throttled_response_carries_the_headers_too(nginx):
    source = adresse()
    for _ in range(30):
        statut, entetes, _ = nginx.requete("intranet", "/", auth=(COMPTE, "faux"), source=source)
        if statut == 429:
            break
    assert statut == 429
    for nom, valeur in securite.entetes("intranet", True).items():
        assert entetes.get_all(nom) == [valeur], nom


def test_http_redirects_to_https_and_never_serves_content(nginx):
    for edition in ("public", "intranet"):
        statut, entetes, corps = nginx.requete(edition, "/fiches/?q=1", https=False)
        nom = NOM_PUBLIC if edition == "public" else NOM_INTRANET
        assert statut == 301
        assert entetes["Location"] == f"https://{nom}:{nginx.https}/fiches/?q=1"
        assert b"SENTINELLE" not in corps and b"Vid" not in corps
        # Only certificate renewal challenges are answered in plain HTTP.
        statut, entetes, corps = nginx.requete(edition, "/.well-known/acme-challenge/jeton-factice", https=False)
        assert (statut, corps) == (200, b"reponse-factice\n")
        assert "Strict-Transport-Security" not in entetes and "X-Content-Type-Options" in entetes
        assert nginx.requete(edition, "/.well-known/acme-challenge/absent", https=False)[0] == 404


# --- pages, listing, compression, caches --------------------------------------------------


def test_each_edition_has_its_own_404_page(nginx, publication):
    pages = {}
    for edition, auth in (("public", None), ("intranet", OK)):
        statut, entetes, corps = nginx.requete(edition, "/fiches/n-existe-pas/", auth=auth)
        assert statut == 404
        assert entetes["Content-Type"] == "text/html; charset=utf-8"
        assert corps == (publication / edition / "404.html").read_bytes()
        pages[edition] = corps
    assert pages["public"] != pages["intranet"]
    assert b"Intranet du CLSPD</strong>" in pages["intranet"]
    assert b"Intranet du CLSPD</strong>" not in pages["public"]


@pytest.mark.parametrize("chemin", ["/assets/", "/assets/javascripts/", "/assets/indicateurs/", "/search/"])
def test_no_directory_listing(nginx, chemin):
    for edition, auth in (("public", None), ("intranet", OK)):
        statut, _, corps = nginx.requete(edition, chemin, auth=auth)
        assert statut == 404, (edition, chemin)
        assert b"Index of" not in corps and b"<pre>" not in corps


@pytest.mark.parametrize(
    "chemin", ["/", "/assets/stspd.css", "/search/search_index.json", "/suivi/fiches.csv", "bundle", "graphique"]
)
def test_text_is_gzipped(nginx, publication, chemin):
    chemin = {
        "bundle": fichier(publication, "public", "assets/javascripts/bundle.*.min.js"),
        "graphique": fichier(publication, "public", "assets/indicateurs/*-*.svg"),
    }.get(chemin, chemin)
    statut, entetes, corps = nginx.requete("public", chemin, entetes={"Accept-Encoding": "gzip"})
    assert statut == 200
    assert entetes["Content-Encoding"] == "gzip", chemin
    assert "Accept-Encoding" in entetes["Vary"]
    local = publication / "public" / chemin.lstrip("/")
    local = local / "index.html" if local.is_dir() else local
    assert gzip.decompress(corps) == local.read_bytes()
    assert len(corps) < local.stat().st_size
    # Without Accept-Encoding: plain.
    statut, entetes, corps = nginx.requete("public", chemin)
    assert "Content-Encoding" not in entetes and corps == local.read_bytes()


ANNEE = "max-age=31536000, immutable"


@pytest.mark.parametrize(
    "motif,long",
    [
        ("assets/javascripts/bundle.*.min.js", True),
        ("assets/javascripts/workers/search.*.min.js", True),
        ("assets/stylesheets/main.*.min.css", True),
        ("assets/stylesheets/palette.*.min.css", True),
        ("assets/indicateurs/*-????????????.svg", True),
        ("index.html", False),
        ("fiches/1.07-videosurveillance/index.html", False),
        ("search/search_index.json", False),
        ("assets/stspd.css", False),
        ("assets/tableau.js", False),
        ("suivi/fiches.csv", False),
        ("sitemap.xml", False),
    ],
)
def test_cache_headers(nginx, publication, motif, long):
    chemin = fichier(publication, "public", motif)
    for edition, auth, portee in (("public", None, "public"), ("intranet", OK, "private")):
        statut, entetes, _ = nginx.requete(edition, chemin, auth=auth)
        assert statut == 200, chemin
        cc = entetes.get_all("Cache-Control")
        assert cc == (
            [f"{portee}, {ANNEE}"] if long else ["no-cache" if edition == "public" else "private, no-cache"]
        ), (edition, chemin, cc)
        assert "ETag" in entetes  # short cache: revalidated cheaply


# --- make serveur: foreground, signals ----------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_serveur_command_runs_in_foreground_and_stops_cleanly(publication, comptes, depot, sig):
    pp, pi = port_libre(), port_libre()
    proc = subprocess.Popen(
        [sys.executable, "-m", "macros", "--racine", str(depot), "serveur", "--site", str(publication)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(RACINE), COMPTES=str(comptes), PORT_PUBLIC=str(pp), PORT_INTRANET=str(pi)),
    )
    try:
        lignes = []
        for ligne in proc.stdout:
            lignes.append(ligne)
            if "Ctrl-C" in ligne:
                break
        assert any(f"http://127.0.0.1:{pp}/" in ligne_ for ligne_ in lignes), lignes
        cx = http.client.HTTPConnection("127.0.0.1", pp, timeout=10)
        cx.request("GET", "/")
        r = cx.getresponse()
        assert r.status == 200 and "Strict-Transport-Security" not in r.headers
        assert r.headers["Content-Security-Policy"] == securite.politique()
        r.read()
        cx.close()
        cx = http.client.HTTPConnection("127.0.0.1", pi, timeout=10)
        cx.request(
            "GET",
            "/",
            headers={"Authorization": "Basic " + base64.b64encode(f"{COMPTE}:{MOT_DE_PASSE}".encode()).decode()},
        )
        r = cx.getresponse()
        assert r.status == 200 and r.headers["X-Robots-Tag"] == "noindex, nofollow"
        r.read()
        cx.close()
        proc.send_signal(sig)
        reste = proc.communicate(timeout=15)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, reste
    assert "Serveur arrêté." in reste and "Traceback" not in reste
    assert serveur.port_libre(pp) and serveur.port_libre(pi)  # nginx and its worker are gone


def test_serveur_command_refuses_without_accounts_or_site(depot, tmp_path, publication):
    proc = lancer(
        "-m",
        "macros",
        "--racine",
        str(depot),
        "serveur",
        "--site",
        str(publication),
        env={"COMPTES": str(tmp_path / "aucun")},
    )
    assert proc.returncode == 1 and "make compte NOM=" in proc.stderr
    sans_trace(proc)
    proc = lancer("-m", "macros", "--racine", str(depot), "serveur", "--site", str(tmp_path / "vide"))
    assert proc.returncode == 1 and "make site" in proc.stderr
    sans_trace(proc)


def test_serveur_command_says_when_a_port_is_taken(depot, comptes, publication):
    with socket.socket() as occupe:
        occupe.bind(("127.0.0.1", 0))
        occupe.listen()
        port = occupe.getsockname()[1]
        proc = lancer(
            "-m",
            "macros",
            "--racine",
            str(depot),
            "serveur",
            "--site",
            str(publication),
            env={"COMPTES": str(comptes), "PORT_PUBLIC": str(port), "PORT_INTRANET": str(port_libre())},
        )
    assert proc.returncode == 1 and f"Le port {port} est déjà utilisé" in proc.stderr
    sans_trace(proc)


# --- accounts ------------------------------------------------------------------------------


def _compte(depot: Path, fichier_comptes: Path, *args: str, mdp: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "macros", "--racine", str(depot), "compte", *args],
        input=mdp,
        capture_output=True,
        text=True,
        env=dict(os.environ, COMPTES=str(fichier_comptes), PYTHONPATH=str(RACINE)),
    )


def test_account_file_holds_bcrypt_hashes_only(comptes):
    lignes = comptes.read_text(encoding="utf-8").splitlines()
    assert len(lignes) == 1
    nom, empreinte = lignes[0].split(":", 1)
    assert nom == COMPTE
    assert re.fullmatch(r"\$2b\$04\$[./A-Za-z0-9]{53}", empreinte)
    assert MOT_DE_PASSE not in comptes.read_text(encoding="utf-8")
    assert stat.S_IMODE(comptes.stat().st_mode) in (0o640, 0o600)


def test_account_create_replace_delete(depot, tmp_path):
    f = tmp_path / "sous-dossier" / "comptes"
    assert _compte(depot, f, "vilogia", "--cout", "4", mdp="premier-mot-de-passe\n").returncode == 0
    serveur.definir_compte(f, "police-municipale", "autre-mot-de-passe-x", cout=4)
    avant = f.read_text()
    proc = _compte(depot, f, "vilogia", mdp="second-mot-de-passe\n")
    assert proc.returncode == 0 and "remplacé" in proc.stdout
    lignes = f.read_text().splitlines()
    assert [ligne.split(":")[0] for ligne in lignes] == ["police-municipale", "vilogia"]
    assert lignes != avant.splitlines()
    import bcrypt

    assert bcrypt.checkpw(b"second-mot-de-passe", lignes[1].split(":", 1)[1].encode())
    assert lignes[1].split(":", 1)[1].startswith("$2b$10$")  # the default cost
    proc = _compte(depot, f, "vilogia", "--supprimer")
    assert proc.returncode == 0
    assert [ligne.split(":")[0] for ligne in f.read_text().splitlines()] == ["police-municipale"]
    assert not list(f.parent.glob(".comptes*")) and len(list(f.parent.iterdir())) == 1  # no temp left


@pytest.mark.parametrize(
    "args,mdp,message",
    [
        (["police-nationnale"], "un-mot-de-passe-long\n", "vouliez-vous dire « police-nationale »"),
        (["police-nationale"], "court\n", "trop court"),
        (["police-nationale"], "x" * 80 + "\n", "trop long"),
        (["police-nationale", "--supprimer"], None, "Aucun compte « police-nationale »"),
    ],
)
def test_account_misuse_is_refused_in_french(depot, tmp_path, args, mdp, message):
    f = tmp_path / "comptes"
    serveur.definir_compte(f, "police-municipale", "autre-mot-de-passe-x", cout=4)
    avant = f.read_bytes()
    proc = _compte(depot, f, *args, mdp=mdp)
    assert proc.returncode == 1 and message in proc.stderr, proc.stderr
    sans_trace(proc)
    assert f.read_bytes() == avant


def test_password_asked_twice_on_a_terminal(monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    reponses = iter(["premier-essai-long", "second-essai-long"])
    monkeypatch.setattr(serveur.getpass, "getpass", lambda invite: next(reponses))
    with pytest.raises(serveur.ErreurServeur, match="diffèrent"):
        serveur.lire_mot_de_passe(Terminal())
    reponses = iter(["meme-mot-de-passe", "meme-mot-de-passe"])
    assert serveur.lire_mot_de_passe(Terminal()) == "meme-mot-de-passe"


# --- publication ---------------------------------------------------------------------------


def test_publication_layout(publication, depot):
    commit = git(depot, "rev-parse", "--short=12", "HEAD").strip()
    versions = sorted(p.name for p in (publication / "versions").iterdir())
    assert len(versions) == 1 and re.fullmatch(rf"\d{{4}}-\d\d-\d\d-\d{{6}}-{commit}", versions[0])
    for edition in ("public", "intranet"):
        lien = publication / edition
        assert lien.is_symlink()
        assert os.readlink(lien) == f"versions/{versions[0]}/{edition}"
        assert (lien / "index.html").is_file() and (lien / "404.html").is_file()
    assert not list(publication.glob(".*"))  # no temporary link left


def test_publier_refuses_uncommitted_changes(depot, tmp_path):
    dest = tmp_path / "dest"
    (depot / "docs" / "brouillon.md").write_text("# Brouillon\n", encoding="utf-8")
    try:
        proc = lancer("-m", "macros", "--racine", str(depot), "publier", "--dest", str(dest))
    finally:
        (depot / "docs" / "brouillon.md").unlink()
    assert proc.returncode == 1
    assert "modifications non enregistrées" in proc.stderr and "docs/brouillon.md" in proc.stderr
    sans_trace(proc)
    assert not dest.exists() or not any(dest.iterdir())


def test_publier_refuses_a_failed_build(depot, tmp_path, publication):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(depot), str(clone)], check=True)
    fiche = clone / "fiches/1.07-videosurveillance.md"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("pilote:", "pilote: []\nx_pilote:", 1), encoding="utf-8")
    git(clone, "commit", "-q", "-am", "casse")
    avant = os.readlink(publication / "public")
    proc = lancer("-m", "macros", "--racine", str(clone), "publier", "--dest", str(publication))
    assert proc.returncode == 1
    assert "la construction a échoué" in proc.stderr and "reste en ligne" in proc.stderr
    sans_trace(proc)
    assert os.readlink(publication / "public") == avant
    assert len(list((publication / "versions").iterdir())) == 1


def _version(racine: Path, marque: str) -> Path:
    """A tiny hand-made pair of editions whose every file carries ``marque``."""
    for edition in ("public", "intranet"):
        d = racine / marque / edition
        (d / "assets").mkdir(parents=True)
        (d / "fiches").mkdir()
        # Big enough to be sent in many TCP segments.
        (d / "index.html").write_text(f"<p>{marque}</p>\n" * 4000, encoding="utf-8")
        (d / "fiches" / "index.html").write_text(f"<p>{marque}</p>\n" * 50, encoding="utf-8")
        (d / "assets" / "version.css").write_text(f"/* {marque} */\n" * 2000, encoding="utf-8")
        (d / "404.html").write_text(f"<p>{marque} 404</p>\n", encoding="utf-8")
    return racine / marque


def test_keep_five_versions_and_go_back(tmp_path):
    dest = tmp_path / "dest"
    noms = [f"2026-01-0{i}-120000-{i:012x}" for i in range(1, 8)]
    for nom in noms:
        serveur.installer(dest, _version(tmp_path / "src", nom), nom)
        assert serveur.courante(dest) == nom
    assert sorted(p.name for p in (dest / "versions").iterdir()) == noms[-5:]
    for i, attendu in enumerate(reversed(noms[-5:-1])):
        if i == 0:  # the command once, the function for the others (same code)
            proc = lancer("-m", "macros", "revenir", "--dest", str(dest))
            assert proc.returncode == 0 and attendu in proc.stdout, proc.stderr
        else:
            serveur.revenir(dest)
        assert serveur.courante(dest) == attendu
        assert attendu in (dest / "public" / "index.html").read_text()
        assert attendu in (dest / "intranet" / "index.html").read_text()
    proc = lancer("-m", "macros", "revenir", "--dest", str(dest))
    assert proc.returncode == 1 and "pas de version précédente" in proc.stderr
    sans_trace(proc)
    # A new publication while the oldest version is online: the 5 newest are kept, and the
    # one just left (older) too, for the pages loaded before the switch.
    serveur.installer(
        dest, _version(tmp_path / "src", "2026-02-01-120000-0000000000aa"), "2026-02-01-120000-0000000000aa"
    )
    restantes = sorted(p.name for p in (dest / "versions").iterdir())
    assert restantes == [*noms[2:], "2026-02-01-120000-0000000000aa"]
    assert serveur.courante(dest, "public-precedente") == noms[2]
    serveur.installer(
        dest, _version(tmp_path / "src", "2026-02-02-120000-0000000000bb"), "2026-02-02-120000-0000000000bb"
    )
    restantes = sorted(p.name for p in (dest / "versions").iterdir())
    assert restantes == [*noms[4:], "2026-02-01-120000-0000000000aa", "2026-02-02-120000-0000000000bb"]


@pytest.mark.parametrize("cas", ["sans DEST", "DEST relatif", "public est un dossier", "rien de publié"])
def test_publication_misuse_is_refused_in_french(tmp_path, cas):
    dest = tmp_path / "dest"
    dest.mkdir()
    args = ["revenir", "--dest", str(dest)]
    if cas == "sans DEST":
        args = ["revenir"]
    elif cas == "DEST relatif":
        args = ["revenir", "--dest", "relatif/dest"]
    elif cas == "public est un dossier":
        (dest / "public").mkdir()
    proc = lancer("-m", "macros", *args, env={"DEST": ""})
    assert proc.returncode == 1, proc.stdout
    assert {
        "sans DEST": "make publier DEST=",
        "DEST relatif": "chemin absolu",
        "public est un dossier": "n'est pas un lien symbolique",
        "rien de publié": "Aucune version publiée",
    }[cas] in proc.stderr
    sans_trace(proc)


def test_fingerprinted_files_of_the_version_left_are_still_served(tmp_path, comptes):
    """A page loaded just before a switch names the charts of its own version."""
    dest = tmp_path / "dest"
    ancienne, nouvelle = _version(tmp_path / "src", "v-ancienne"), _version(tmp_path / "src", "v-nouvelle")
    for racine, empreinte in ((ancienne, "aaaaaaaaaaaa"), (nouvelle, "bbbbbbbbbbbb")):
        for edition in ("public", "intranet"):
            (racine / edition / "assets/indicateurs").mkdir()
            (racine / edition / f"assets/indicateurs/graphique-{empreinte}.svg").write_text(f"<svg>{racine.name}</svg>")
            (racine / edition / f"seulement-{racine.name}.html").write_text(racine.name)
    serveur.installer(dest, ancienne, "2026-04-01-120000-000000000001")
    serveur.installer(dest, nouvelle, "2026-04-02-120000-000000000002")
    port = port_libre()
    proc = serveur.demarrer(serveur.locale(dest, port, port_libre(), comptes, tmp_path / "nginx"))
    try:

        def get(chemin):
            cx = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                cx.request("GET", chemin)
                r = cx.getresponse()
                return r.status, r.headers, r.read()
            finally:
                cx.close()

        statut, entetes, corps = get("/assets/indicateurs/graphique-aaaaaaaaaaaa.svg")
        assert (statut, corps) == (200, b"<svg>v-ancienne</svg>")
        assert entetes["Cache-Control"] == f"public, {ANNEE}"
        assert entetes["Content-Security-Policy"] == securite.politique()
        assert get("/assets/indicateurs/graphique-bbbbbbbbbbbb.svg")[2] == b"<svg>v-nouvelle</svg>"
        statut, _, corps = get("/assets/indicateurs/graphique-cccccccccccc.svg")
        assert statut == 404 and b"v-nouvelle 404" in corps  # the current 404 page
        # Only fingerprinted files: a page of the old version is gone.
        assert get("/seulement-v-ancienne.html")[0] == 404
    finally:
        serveur.arreter(proc)


def test_requests_during_publications_never_fail_nor_mix_versions(tmp_path, comptes):
    """A bounded load (≤ 2 000 requests, ≤ 20 s, loopback) while versions switch."""
    dest = tmp_path / "dest"
    sources = tmp_path / "src"
    marques = [f"2026-03-01-1200{i:02d}-{i:012x}" for i in range(12)]
    serveur.installer(dest, _version(sources, marques[0]), marques[0])
    for m in marques[1:]:
        _version(sources, m)
    port = port_libre()
    conf = serveur.locale(dest, port, port_libre(), comptes, tmp_path / "nginx")
    proc = serveur.demarrer(conf)
    resultats: list[tuple[str, int, set[str]]] = []
    verrou = threading.Lock()
    arret = threading.Event()
    fin = time.monotonic() + 20
    motif = re.compile(r"2026-03-01-\d{6}-[0-9a-f]{12}")

    def client():
        cx = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for i in itertools.count():
            if arret.is_set() or time.monotonic() > fin:
                break
            chemin = ("/", "/assets/version.css", "/fiches/")[i % 3]
            try:
                cx.request("GET", chemin)
                r = cx.getresponse()
                corps = r.read().decode()
                res = (chemin, r.status, set(motif.findall(corps)))
            except (OSError, http.client.HTTPException) as exc:
                res = (chemin, -1, {repr(exc)})
                cx.close()
                cx = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            with verrou:
                resultats.append(res)
                if len(resultats) >= 2000:
                    arret.set()
        cx.close()

    fils = [threading.Thread(target=client) for _ in range(4)]
    try:
        for f in fils:
            f.start()
        publiees = 1
        for m in marques[1:]:
            if arret.is_set():
                break
            serveur.installer(dest, sources / m, m)
            publiees += 1
            if publiees == 6:
                serveur.revenir(dest)  # going back is a switch too
            time.sleep(0.05)
        time.sleep(0.2)
        arret.set()
        for f in fils:
            f.join(30)
    finally:
        arret.set()
        serveur.arreter(proc)
    assert len(resultats) <= 2000 + 4
    erreurs = [r for r in resultats if r[1] != 200]
    assert not erreurs, erreurs[:5]
    melanges = [r for r in resultats if len(r[2]) != 1]
    assert not melanges, melanges[:5]
    vues = set().union(*(r[2] for r in resultats))
    print(f"{len(resultats)} requêtes, {publiees} publications, {len(vues)} versions vues")
    assert publiees >= 6 and len(vues) >= 3, (publiees, len(vues), len(resultats))


def test_search_works_in_chromium_through_nginx_with_an_account(chromium, publication, comptes, tmp_path):
    """The headers (CSP, COOP, CORP) and the account do not break the site: Material's
    search (a worker that fetches the index) answers on both editions, with no CSP
    violation and no request refused. The session's Chromium (navigateur_plugin)."""
    ports = (port_libre(), port_libre())
    proc = serveur.demarrer(serveur.locale(publication, *ports, comptes, tmp_path / "nginx"))
    try:
        for edition, port in zip(("public", "intranet"), ports, strict=True):
            identifiants = {"username": COMPTE, "password": MOT_DE_PASSE} if edition == "intranet" else None
            ctx = chromium.contexte(**({"http_credentials": identifiants} if identifiants else {}))
            page = ctx.new_page()
            erreurs, refus = [], []
            page.on("console", lambda m, erreurs=erreurs: erreurs.append(m.text) if m.type == "error" else None)
            page.on(
                "response",
                lambda r, refus=refus: (
                    refus.append((r.status, r.url)) if r.status in (401, 403, 429) or r.status >= 500 else None
                ),
            )
            try:
                statut = page.goto(f"http://127.0.0.1:{port}/fiches/1.07-videosurveillance/").status
                page.locator(".md-search__input").click()
                page.locator(".md-search__input").press_sequentially("vidéo", delay=30)
                page.wait_for_selector(".md-search-result__item", timeout=30_000)
                resultats = page.locator(".md-search-result__item").count()
            finally:
                ctx.close()
            assert statut == 200 and resultats > 0, (edition, statut, resultats)
            # What the server could break: a CSP violation, a refused or failed request.
            # (A 404 is the site's business, not the server's: the browser tests see it.)
            assert not [e for e in erreurs if "Content Security Policy" in e], (edition, erreurs)
            assert refus == [], (edition, refus)
    finally:
        serveur.arreter(proc)


# --- command-line numbers ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "option,texte,attendu",
    [
        ("_port", "8080", 8080),
        ("_port", "abc", "« abc » n'est pas un numéro de port"),
        ("_port", "0", "port 0 hors de 1–65535"),
        ("_port", "65536", "port 65536 hors de 1–65535"),
        ("_cout", "12", 12),
        ("_cout", "douze", "« douze » n'est pas un nombre"),
        ("_cout", "17", "coût bcrypt attendu entre 4 et 16"),
    ],
)
def test_port_and_bcrypt_cost_are_whole_numbers_in_range(option, texte, attendu):
    import argparse

    from macros.outils import commandes_serveur

    lire = getattr(commandes_serveur, option)
    if isinstance(attendu, int):
        assert lire(texte) == attendu
    else:
        with pytest.raises(argparse.ArgumentTypeError) as exc:
            lire(texte)
        assert str(exc.value) == attendu
