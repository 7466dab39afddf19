"""The web server of both editions: the nginx configuration rendered from the one template
``deploy/nginx.conf.j2``, the partners' accounts, the loopback preview (``make serveur``) and
the publication of a version with a way back (``make publier``, ``make revenir``).

No mkdocs here. The security headers are those of :mod:`macros.securite`, never retyped.
"""

from __future__ import annotations

import getpass
import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import jinja2

from macros.domaine import securite

RACINE = Path(__file__).resolve().parents[2]
GABARIT = RACINE / "deploy" / "nginx.conf.j2"
NGINX = Path(os.environ.get("STSPD_NGINX", "/usr/sbin/nginx"))
EDITIONS = ("public", "intranet")
# Versions kept under DEST/versions/ (the one online included).
GARDER = 5
# bcrypt cost: nginx checks the password at every request (each page, each asset), in its
# single-threaded worker, so the cost is paid per request. 10 ≈ 50–80 ms here (see README).
COUT_BCRYPT = 10
LONGUEUR_MIN = 12


class ErreurServeur(Exception):
    """A misuse or a refusal, told to the user in French (no traceback)."""


# --- configuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Hote:
    """One edition as nginx serves it."""

    edition: str
    noms: tuple[str, ...]
    racine: Path
    ecoute: tuple[str, ...]  # listen addresses, e.g. ("443", "[::]:443")
    https: bool = False
    redirection: tuple[str, ...] = ()  # plain-HTTP addresses that answer 301 to HTTPS
    url_https: str = ""  # where they redirect (scheme, name, port)

    @property
    def entetes(self) -> dict[str, str]:
        return securite.entetes(self.edition, self.https)

    @property
    def entetes_http(self) -> dict[str, str]:
        # The plain-HTTP server block's headers (deploy/nginx.conf.j2: the redirect to HTTPS).
        return securite.entetes(self.edition, False)

    @property
    def cache_court(self) -> str:
        # Intranet responses are personal to an account: never kept by a shared cache.
        return "no-cache" if self.edition == "public" else "private, no-cache"

    @property
    def cache_long(self) -> str:
        portee = "public" if self.edition == "public" else "private"
        return f"{portee}, max-age=31536000, immutable"


@dataclass(frozen=True)
class Configuration:
    hotes: tuple[Hote, ...]
    comptes: Path
    certificat: Path | None = None
    cle: Path | None = None
    # Loopback: a whole nginx.conf whose pid, logs and temporary files live in ``prefixe``.
    # Production: a file included in Debian's http{} block.
    prefixe: Path | None = None
    utilisateur: str | None = None
    debit: str = "10r/m"
    rafale: int = 10
    # Plain-HTTP servers answer Let's Encrypt's challenges from this folder (certbot
    # --webroot) instead of redirecting them; None: no such location.
    acme: Path | None = None

    @property
    def local(self) -> bool:
        return self.prefixe is not None


# A value written into the configuration must not be able to end a directive or open a
# block: names and paths are checked before rendering.
_NOM_HOTE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$")
_INTERDITS_CHEMIN = re.compile(r"""[\s;{}"'$#\\]""")


def _verifier_nom(nom: str, quoi: str) -> str:
    if not _NOM_HOTE.match(nom or ""):
        raise ErreurServeur(
            f"{quoi} « {nom} » invalide : un nom de domaine est attendu, par exemple stspd.ville-exemple.fr."
        )
    return nom


def _verifier_chemin(chemin: Path, quoi: str) -> Path:
    texte = str(chemin)
    if not chemin.is_absolute() or _INTERDITS_CHEMIN.search(texte):
        raise ErreurServeur(
            f"{quoi} « {texte} » invalide : un chemin absolu sans espace ni caractère spécial est attendu."
        )
    return chemin


def rendre(conf: Configuration) -> str:
    """The nginx configuration text of ``conf``, from ``deploy/nginx.conf.j2``."""
    for h in conf.hotes:
        for n in h.noms:
            _verifier_nom(n, "Nom de serveur")
        _verifier_chemin(h.racine, "Dossier de l'édition")
        for valeur in [*h.entetes.values(), h.cache_court, h.cache_long]:
            # Header values are written between double quotes; `$` would be a variable.
            assert '"' not in valeur and "$" not in valeur, valeur
    _verifier_chemin(conf.comptes, "Fichier des comptes (COMPTES)")
    if any(h.https for h in conf.hotes):
        if conf.certificat is None or conf.cle is None:
            raise ErreurServeur("HTTPS demandé sans certificat : indiquez CERTIFICAT et CLE.")
        _verifier_chemin(conf.certificat, "Certificat (CERTIFICAT)")
        _verifier_chemin(conf.cle, "Clé privée (CLE)")
    if conf.acme is not None:
        _verifier_chemin(conf.acme, "Dossier des défis ACME")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(GABARIT.parent)),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    texte = env.get_template(GABARIT.name).render(
        hotes=conf.hotes,
        comptes=conf.comptes,
        certificat=conf.certificat,
        cle=conf.cle,
        local=conf.local,
        prefixe=conf.prefixe,
        utilisateur=conf.utilisateur,
        debit=conf.debit,
        rafale=conf.rafale,
        acme=conf.acme,
    )
    return re.sub(r"\n{3,}", "\n\n", texte)


def production(
    nom_public: str,
    nom_intranet: str,
    dest: Path,
    certificat: Path,
    cle: Path,
    comptes: Path,
    acme: Path = Path("/var/www/html"),
) -> Configuration:
    """What the town's server runs: both editions on HTTPS (443), HTTP answering 301."""
    dest = Path(dest)
    hotes = []
    for edition, nom in (("public", nom_public), ("intranet", nom_intranet)):
        _verifier_nom(nom, f"Nom du site {edition}")
        hotes.append(
            Hote(
                edition=edition,
                noms=(nom,),
                racine=dest / edition,
                ecoute=("443", "[::]:443"),
                https=True,
                redirection=("80", "[::]:80"),
                url_https=f"https://{nom}",
            )
        )
    return Configuration(
        hotes=tuple(hotes), comptes=Path(comptes), certificat=Path(certificat), cle=Path(cle), acme=Path(acme)
    )


def utilisateur_local(site: Path) -> str | None:
    """``user`` line of the loopback server: only when started as root (nginx ignores it
    otherwise), the owner of the site folder, so that the workers can read the files
    without running as a stranger to them (``nobody`` cannot enter a 0700 folder)."""
    if os.geteuid() != 0:
        return None
    st = site.stat()
    try:
        nom = pwd.getpwuid(st.st_uid).pw_name
        groupe = grp.getgrgid(pwd.getpwuid(st.st_uid).pw_gid).gr_name
    except KeyError:
        return None
    return f"{nom} {groupe}"


def locale(
    site: Path,
    port_public: int,
    port_intranet: int,
    comptes: Path,
    prefixe: Path,
    certificat: Path | None = None,
    cle: Path | None = None,
    ports_redirection: tuple[int, int] | None = None,
    noms: tuple[str, str] = ("localhost", "localhost"),
    debit: str = "10r/m",
    rafale: int = 10,
    acme: Path | None = None,
) -> Configuration:
    """The same configuration on 127.0.0.1: ``site/public`` and ``site/intranet`` on two
    ports; HTTPS (and the HTTP → HTTPS redirection) when a certificate is given."""
    https = certificat is not None
    hotes = []
    for i, (edition, port) in enumerate((("public", port_public), ("intranet", port_intranet))):
        redir = (f"127.0.0.1:{ports_redirection[i]}",) if https and ports_redirection else ()
        hotes.append(
            Hote(
                edition=edition,
                noms=(noms[i],),
                racine=Path(site) / edition,
                ecoute=(f"127.0.0.1:{port}",),
                https=https,
                redirection=redir,
                url_https=f"https://{noms[i]}:{port}",
            )
        )
    return Configuration(
        hotes=tuple(hotes),
        comptes=Path(comptes),
        certificat=certificat,
        cle=cle,
        prefixe=Path(prefixe),
        utilisateur=utilisateur_local(Path(site)),
        debit=debit,
        rafale=rafale,
        acme=acme,
    )


def enveloppe_verification(conf_production: Path, prefixe: Path) -> str:
    """A throwaway nginx.conf that includes a production file inside http{} as Debian's
    does, with pid and logs in ``prefixe``: what ``nginx -t`` checks."""
    return (
        f"pid {prefixe}/nginx.pid;\nerror_log {prefixe}/error.log;\n"
        "events {}\nhttp {\n    include /etc/nginx/mime.types;\n"
        f"    access_log off;\n    client_body_temp_path {prefixe}/client_body;\n"
        f"    proxy_temp_path {prefixe}/proxy;\n    fastcgi_temp_path {prefixe}/fastcgi;\n"
        f"    uwsgi_temp_path {prefixe}/uwsgi;\n    scgi_temp_path {prefixe}/scgi;\n"
        f"    include {conf_production};\n}}\n"
    )


# --- running nginx -----------------------------------------------------------------------


def nginx_present() -> bool:
    return NGINX.is_file() and os.access(NGINX, os.X_OK)


def _exiger_nginx() -> None:
    if not nginx_present():
        raise ErreurServeur(f"nginx est introuvable ({NGINX}) : installez-le (apt-get install nginx).")


def tester(texte: str, prefixe: Path) -> subprocess.CompletedProcess:
    """``nginx -t`` on a whole configuration text written in ``prefixe``."""
    _exiger_nginx()
    prefixe.mkdir(parents=True, exist_ok=True)
    chemin = prefixe / "nginx.conf"
    chemin.write_text(texte, encoding="utf-8")
    return subprocess.run(
        [str(NGINX), "-t", "-q", "-p", str(prefixe), "-c", str(chemin), "-e", str(prefixe / "error.log")],
        capture_output=True,
        text=True,
    )


def port_libre(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _ports(conf: Configuration) -> list[int]:
    ports = []
    for h in conf.hotes:
        for a in (*h.ecoute, *h.redirection):
            ports.append(int(a.rsplit(":", 1)[1]))
    return ports


def demarrer(conf: Configuration, attente: float = 15.0) -> subprocess.Popen:
    """Start nginx in the foreground on a loopback configuration; returns once every port
    accepts connections. The caller stops it (:func:`arreter`)."""
    _exiger_nginx()
    assert conf.prefixe is not None, "demarrer() ne sert que la configuration locale"
    texte = rendre(conf)
    conf.prefixe.mkdir(parents=True, exist_ok=True)
    chemin = conf.prefixe / "nginx.conf"
    chemin.write_text(texte, encoding="utf-8")
    proc = subprocess.Popen(
        [str(NGINX), "-p", str(conf.prefixe), "-c", str(chemin), "-e", str(conf.prefixe / "error.log")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # Its own session: Ctrl-C in the terminal reaches only us, and
        # we stop nginx ourselves (else nginx could exit first and look
        # like a crash).
        start_new_session=True,
    )
    fin = time.monotonic() + attente
    # Ready when the pid file exists (nginx writes it once every socket is bound: a port
    # held by another program never counts as ours) and every port answers.
    pid = conf.prefixe / "nginx.pid"
    restants = set(_ports(conf))
    while restants or not pid.is_file():
        if proc.poll() is not None:
            sortie = proc.stdout.read() if proc.stdout else ""
            journal = conf.prefixe / "error.log"
            if not sortie.strip() and journal.is_file():
                sortie = "\n".join(journal.read_text(errors="replace").splitlines()[-5:])
            raise ErreurServeur(f"nginx s'est arrêté au démarrage :\n{sortie.strip()}")
        for port in list(restants):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    restants.discard(port)
        if time.monotonic() > fin:
            arreter(proc)
            raise ErreurServeur(f"nginx n'est pas prêt après {attente:.0f} s (ports {sorted(restants)}).")
        time.sleep(0.05)
    return proc


def arreter(proc: subprocess.Popen, delai: float = 10.0) -> int:
    """Stop nginx (SIGTERM: fast shutdown, workers included); kill it if it hangs."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(delai)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    if proc.stdout is not None:
        proc.stdout.close()
    return proc.returncode


def servir(conf: Configuration) -> int:
    """``make serveur``: run until Ctrl-C or SIGTERM, then stop nginx and clean up."""
    for port in _ports(conf):
        if not port_libre(port):
            raise ErreurServeur(
                f"Le port {port} est déjà utilisé : choisissez-en un autre, "
                "par exemple make serveur PORT_PUBLIC=8090 PORT_INTRANET=8091."
            )

    def _terminer(signum, frame):
        raise KeyboardInterrupt

    anciens = {sig: signal.signal(sig, _terminer) for sig in (signal.SIGTERM, signal.SIGINT)}
    proc = None
    try:
        proc = demarrer(conf)
        for h in conf.hotes:
            schema = "https" if h.https else "http"
            print(f"Édition {h.edition} : {schema}://{h.ecoute[0]}/", flush=True)
        print("Ctrl-C pour arrêter.", flush=True)
        code = proc.wait()
        sortie = proc.stdout.read() if proc.stdout else ""
        raise ErreurServeur(f"nginx s'est arrêté (code {code}) :\n{sortie.strip()}")
    except KeyboardInterrupt:
        if proc is not None:
            arreter(proc)
        print("\nServeur arrêté.", flush=True)
        return 0
    finally:
        for sig, ancien in anciens.items():
            signal.signal(sig, ancien)
        if proc is not None and proc.poll() is None:
            arreter(proc)


# --- accounts ----------------------------------------------------------------------------


def ids_acteurs(racine: Path) -> list[str]:
    from macros.lecture.erreurs import Collecteur, SourcesInvalides
    from macros.lecture.sources import charger_acteurs

    col = Collecteur()
    acteurs = charger_acteurs(racine, col)
    if col.problemes:
        raise ErreurServeur(SourcesInvalides(col.problemes).rapport())
    return list(acteurs)


def verifier_nom_compte(racine: Path, nom: str) -> str:
    import difflib

    ids = ids_acteurs(racine)
    if nom not in ids:
        # Close spelling, or the first word of an id (« police » → police-municipale, …).
        proche = (
            difflib.get_close_matches(nom, ids, n=1)
            or [i for i in ids if difflib.get_close_matches(nom, [i.split("-")[0]], n=1, cutoff=0.7)][:1]
        )
        idee = f" (vouliez-vous dire « {proche[0]} » ?)" if proche else ""
        raise ErreurServeur(
            f"« {nom} » n'est pas un acteur de data/acteurs.yml{idee} — "
            "un compte par organisation partenaire, nommé par son identifiant."
        )
    return nom


def lire_mot_de_passe(entree=None) -> str:
    """From standard input when it is not a terminal (one line), otherwise asked twice."""
    entree = entree or sys.stdin
    if not entree.isatty():
        ligne = entree.readline()
        mdp = ligne[:-1] if ligne.endswith("\n") else ligne
        mdp = mdp.removesuffix("\r")
    else:
        mdp = getpass.getpass("Mot de passe : ")
        if getpass.getpass("Mot de passe (encore) : ") != mdp:
            raise ErreurServeur("Les deux mots de passe diffèrent : rien n'a changé.")
    if len(mdp) < LONGUEUR_MIN:
        raise ErreurServeur(f"Mot de passe trop court : au moins {LONGUEUR_MIN} caractères (rien n'a changé).")
    if len(mdp.encode("utf-8")) > 72:
        raise ErreurServeur("Mot de passe trop long : au plus 72 octets (bcrypt ignore la suite) ; rien n'a changé.")
    return mdp


def hacher(mdp: str, cout: int = COUT_BCRYPT) -> str:
    import bcrypt

    return bcrypt.hashpw(mdp.encode("utf-8"), bcrypt.gensalt(rounds=cout)).decode("ascii")


def lire_comptes(chemin: Path) -> list[str]:
    try:
        return chemin.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []


def _groupe_serveur() -> int | None:
    """Debian's nginx workers run as www-data: the file is given to that group (0640)."""
    if os.geteuid() != 0:
        return None
    try:
        return grp.getgrnam("www-data").gr_gid
    except KeyError:
        return None


def ecrire_comptes(chemin: Path, lignes: list[str]) -> None:
    """Replace the file atomically (temporary file + rename): nginx never reads half a file.
    Keeps the group and mode of an existing file; a new one is 0640 for www-data, else 0600."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    gid: int | None
    try:
        st = chemin.stat()
        mode, gid = st.st_mode & 0o777 & ~0o007, st.st_gid
    except FileNotFoundError:
        gid = _groupe_serveur()
        mode = 0o640 if gid is not None else 0o600
    fd, tmp = tempfile.mkstemp(prefix=f".{chemin.name}.", dir=chemin.parent)
    try:
        os.fchmod(fd, mode)
        if gid is not None and os.geteuid() == 0:
            os.fchown(fd, -1, gid)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write("".join(f"{ligne}\n" for ligne in lignes))
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, chemin)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def definir_compte(chemin: Path, nom: str, mdp: str, cout: int = COUT_BCRYPT) -> bool:
    """Create or replace ``nom``; True if it existed."""
    lignes = lire_comptes(chemin)
    garde = [ligne for ligne in lignes if ligne.split(":", 1)[0] != nom]
    ecrire_comptes(chemin, [*garde, f"{nom}:{hacher(mdp, cout)}"])
    return len(garde) != len(lignes)


def supprimer_compte(chemin: Path, nom: str) -> None:
    lignes = lire_comptes(chemin)
    garde = [ligne for ligne in lignes if ligne.split(":", 1)[0] != nom]
    if len(garde) == len(lignes):
        raise ErreurServeur(f"Aucun compte « {nom} » dans {chemin} : rien n'a changé.")
    ecrire_comptes(chemin, garde)


# --- publication -------------------------------------------------------------------------


def _git(racine: Path, *args: str) -> str:
    try:
        proc = subprocess.run(["git", "-C", str(racine), *args], capture_output=True, text=True)
    except FileNotFoundError:
        raise ErreurServeur("git est introuvable : installez-le (apt-get install git).") from None
    if proc.returncode != 0:
        raise ErreurServeur(f"{racine} n'est pas un dépôt git utilisable : {proc.stderr.strip() or 'git a échoué'}.")
    return proc.stdout


def verifier_propre(racine: Path) -> str:
    """The commit to publish; refuses uncommitted changes (a version must be reproducible)."""
    etat = _git(racine, "status", "--porcelain", "--untracked-files=normal")
    if etat.strip():
        fichiers = [ligne[3:] for ligne in etat.splitlines()][:10]
        raise ErreurServeur(
            "Publication refusée : le dossier de travail contient des modifications non "
            "enregistrées dans git :\n  "
            + "\n  ".join(fichiers)
            + "\nEnregistrez-les (git add puis git commit) ou annulez-les, puis recommencez."
        )
    return _git(racine, "rev-parse", "--short=12", "HEAD").strip()


def versions_gardees(dest: Path) -> list[str]:
    dossier = dest / "versions"
    if not dossier.is_dir():
        return []
    return sorted(p.name for p in dossier.iterdir() if p.is_dir() and not p.name.startswith("."))


def courante(dest: Path, lien: str = "public") -> str | None:
    """The version a link of DEST points at (default: the one online)."""
    chemin = dest / lien
    if not chemin.is_symlink():
        return None
    parties = Path(os.readlink(chemin)).parts
    return parties[1] if len(parties) == 3 and parties[0] == "versions" else None


def _verifier_dest(dest: Path) -> None:
    if not dest.is_absolute():
        raise ErreurServeur(f"DEST « {dest} » : un chemin absolu est attendu, par exemple DEST=/srv/stspd.")
    if dest.exists() and not dest.is_dir():
        raise ErreurServeur(f"DEST « {dest} » existe et n'est pas un dossier.")
    for edition in EDITIONS:
        p = dest / edition
        if (p.exists() or p.is_symlink()) and not p.is_symlink():
            raise ErreurServeur(
                f"{p} existe et n'est pas un lien symbolique : ce dossier n'a pas été créé par "
                "make publier. Déplacez-le ailleurs, puis recommencez."
            )


def _lier(dest: Path, nom: str, cible: str) -> None:
    """DEST/<nom> → cible, replaced by a rename: never missing, never half made."""
    tmp = dest / f".{nom}.{os.getpid()}.tmp"
    try:
        tmp.unlink()
    except FileNotFoundError:
        pass
    os.symlink(cible, tmp)
    os.replace(tmp, dest / nom)


def basculer(dest: Path, version: str) -> None:
    """Point DEST/public and DEST/intranet at ``version``: each link is replaced by a
    rename, so every request sees either the old version or the new one, never neither.
    DEST/<edition>-precedente keeps the version left, where nginx looks for the
    fingerprinted files named by pages loaded just before the switch."""
    for edition in EDITIONS:
        if not (dest / "versions" / version / edition).is_dir():
            raise ErreurServeur(f"Version incomplète : {dest / 'versions' / version / edition} manque.")
    actuelle = courante(dest)
    for edition in ("intranet", "public"):
        if actuelle and actuelle != version:
            _lier(dest, f"{edition}-precedente", f"versions/{actuelle}/{edition}")
        _lier(dest, edition, f"versions/{version}/{edition}")


def elaguer(dest: Path, garder: int = GARDER) -> list[str]:
    """Delete all but the ``garder`` newest versions; never the one online."""
    en_usage = {courante(dest), courante(dest, "public-precedente")}
    noms = versions_gardees(dest)
    supprimees = [n for n in noms[:-garder] if n not in en_usage] if len(noms) > garder else []
    for n in supprimees:
        shutil.rmtree(dest / "versions" / n)
    return supprimees


def _lisible(dossier: Path) -> None:
    """Readable by nginx's workers (www-data) whatever the umask of the one publishing:
    an unreadable file would be answered 404 (nginx's 403 is turned into a 404)."""
    os.chmod(dossier, 0o755)
    for parent, dossiers, fichiers in os.walk(dossier):
        for d in dossiers:
            os.chmod(os.path.join(parent, d), 0o755)
        for f in fichiers:
            os.chmod(os.path.join(parent, f), 0o644)


def installer(dest: Path, site: Path, version: str) -> None:
    """Copy both built editions into DEST/versions/<version>/, switch, prune."""
    _verifier_dest(dest)
    for edition in EDITIONS:
        if not (site / edition / "index.html").is_file():
            raise ErreurServeur(f"{site / edition} n'est pas une édition construite (lancez make site).")
    versions = dest / "versions"
    cible = versions / version
    if cible.exists():
        raise ErreurServeur(f"La version {version} est déjà publiée ({cible}).")
    versions.mkdir(parents=True, exist_ok=True)
    tmp = versions / f".{version}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for edition in EDITIONS:
            shutil.copytree(site / edition, tmp / edition, symlinks=False)
        _lisible(tmp)
        tmp.rename(cible)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise ErreurServeur(f"Copie impossible vers {versions} : {exc.strerror or exc}.") from None
    basculer(dest, version)
    elaguer(dest)


def nom_version(commit: str, quand: datetime | None = None) -> str:
    quand = quand or datetime.now(UTC)
    return f"{quand:%Y-%m-%d-%H%M%S}-{commit}"


def publier(racine: Path, dest: Path) -> str:
    _verifier_dest(dest)
    commit = verifier_propre(racine)
    # The project's own build (`make site`), output shown as is; site/ is replaced only if
    # both editions built.
    proc = subprocess.run([sys.executable, "-m", "macros", "--racine", str(racine), "site"], cwd=racine)
    if proc.returncode != 0:
        en_ligne = courante(dest)
        reste = f"la version {en_ligne} reste en ligne" if en_ligne else "rien n'est en ligne"
        raise ErreurServeur(f"Publication refusée : la construction a échoué ({reste}).")
    version = nom_version(commit)
    installer(dest, racine / "site", version)
    return version


def revenir(dest: Path) -> tuple[str, str]:
    """Back one version: the one published just before the version online."""
    _verifier_dest(dest)
    actuelle = courante(dest)
    if actuelle is None:
        raise ErreurServeur(f"Aucune version publiée dans {dest} (rien à annuler).")
    noms = versions_gardees(dest)
    avant = [n for n in noms if n < actuelle]
    if not avant:
        raise ErreurServeur(
            f"La version en ligne ({actuelle}) est la plus ancienne gardée : pas de version précédente."
        )
    basculer(dest, avant[-1])
    return actuelle, avant[-1]


__all__ = [
    "Configuration",
    "ErreurServeur",
    "Hote",
    "basculer",
    "courante",
    "definir_compte",
    "demarrer",
    "elaguer",
    "installer",
    "locale",
    "production",
    "publier",
    "rendre",
    "revenir",
    "servir",
    "supprimer_compte",
    "versions_gardees",
]
