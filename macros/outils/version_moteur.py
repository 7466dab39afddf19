"""The engine as a versioned set of files: ``moteur.lock``, release archives, updates.

A commune's project holds two kinds of files: its content (data/, fiches/, docs/ pages,
mkdocs.yml, README, tests/) and the engine (the files listed by ``MOTEUR``). The engine's
version is ``[project] version`` in pyproject.toml; ``moteur.lock`` records it with one
sha256 per engine file, so that an update can tell an untouched engine file (replaced
silently) from one a commune edited (the update refuses, and lists it).

Why files and not a pip package: the engine is not only Python (templates in overrides/,
JavaScript and CSS in docs/assets/, the Makefile, CI, nginx template) and MkDocs loads the
hooks and the mkdocs-macros module by path from the project; a package would still need
these files copied into each project, and a copy needs exactly this bookkeeping.

Commands: ``paquet-moteur`` (dist/stspd-moteur-<version>.tar.gz with its manifest),
``mise-a-jour-moteur SOURCE`` (an archive or an engine checkout), ``verifier-moteur``.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

VERROU = "moteur.lock"
# What the engine owns: whole folders, then single files (paths relative to the project).
DOSSIERS = ("macros", "overrides", "docs/assets", "deploy")
FICHIERS = (
    "Makefile",
    "requirements.in",
    "requirements.txt",
    "requirements-dev.in",
    "requirements-dev.txt",
    "requirements-installeur.txt",
    "pyproject.toml",
    ".ci/run",
    ".gitignore",
    "pytest.ini",
    # The observatoire guide documents the engine (the local observatory pages link to it).
    "docs/guide/observatoire-local.md",
)
# Never part of the engine even inside its folders: caches, and what `make config-serveur` writes.
IGNORES = re.compile(r"(^|/)(__pycache__|\.mypy_cache|\.ruff_cache)(/|$)|\.pyc$|^deploy/stspd\.conf$")
VERSION = re.compile(r"^\d+(\.\d+)*$")


class ErreurMoteur(Exception):
    """A refusal, in French, for the person running the command (no traceback)."""


@dataclass(frozen=True)
class Manifeste:
    version: str
    fichiers: dict[str, str]  # path → sha256

    def texte(self) -> str:
        # The lines after the version are those of `sha256sum`: `grep -v '^[#v]' moteur.lock |
        # sha256sum -c` checks a project by hand.
        lignes = [
            "# Moteur du site STSPD : sa version et l'empreinte (sha256) de chacun de ses fichiers.",
            "# Écrit par make paquet-moteur / make mise-a-jour-moteur : ne pas modifier à la main.",
            f"version: {self.version}",
            *(f"{sha}  {f}" for f, sha in sorted(self.fichiers.items())),
        ]
        return "\n".join(lignes) + "\n"

    @classmethod
    def lire(cls, texte: str, origine: str) -> Manifeste:
        version, fichiers = None, {}
        for ligne in texte.splitlines():
            if not ligne.strip() or ligne.startswith("#"):
                continue
            if ligne.startswith("version:") and version is None:
                version = ligne.removeprefix("version:").strip()
                continue
            sha, sep, chemin = ligne.partition("  ")
            if not sep or not re.fullmatch(r"[0-9a-f]{64}", sha) or not chemin:
                version = None
                break
            fichiers[chemin] = sha
        if version is None or not VERSION.match(version):
            raise ErreurMoteur(
                f"{origine} : fichier illisible (une ligne « version: X.Y.Z » puis « empreinte  chemin » attendues) ; "
                "il est écrit par make paquet-moteur ou make mise-a-jour-moteur, ne le modifiez pas à la main."
            )
        return cls(version, fichiers)


def cle_version(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def empreinte(chemin: Path) -> str:
    return hashlib.sha256(chemin.read_bytes()).hexdigest()


def fichiers_moteur(racine: Path) -> Iterator[str]:
    """Every engine file present under ``racine`` (an engine checkout or a project), sorted."""
    trouves = [f for f in FICHIERS if (racine / f).is_file()]
    for dossier in DOSSIERS:
        if (racine / dossier).is_dir():
            trouves += [p.relative_to(racine).as_posix() for p in (racine / dossier).rglob("*") if p.is_file()]
    yield from sorted(f for f in trouves if not IGNORES.search(f))


def version_de(racine: Path) -> str:
    chemin = racine / "pyproject.toml"
    try:
        version = tomllib.loads(chemin.read_text(encoding="utf-8"))["project"]["version"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        raise ErreurMoteur(f'{chemin} : version du moteur introuvable ([project] version = "X.Y.Z")') from None
    if not isinstance(version, str) or not VERSION.match(version):
        raise ErreurMoteur(f"{chemin} : version du moteur « {version} » invalide (X.Y.Z attendu, ex. 2.1.0)")
    return version


def manifeste_de(racine: Path) -> Manifeste:
    """The manifest of the engine files as they are now in ``racine``."""
    return Manifeste(version_de(racine), {f: empreinte(racine / f) for f in fichiers_moteur(racine)})


def ecrire_verrou(racine: Path, manifeste: Manifeste) -> None:
    (racine / VERROU).write_text(manifeste.texte(), encoding="utf-8", newline="\n")


def lire_verrou(racine: Path) -> Manifeste:
    chemin = racine / VERROU
    if not chemin.is_file():
        raise ErreurMoteur(
            f"{VERROU} absent : ce projet ne dit pas quelle version du moteur il utilise "
            "(un projet créé par make nouvelle-commune en a un)."
        )
    return Manifeste.lire(chemin.read_text(encoding="utf-8"), VERROU)


def modifies(racine: Path, verrou: Manifeste) -> list[str]:
    """Engine files that differ from what the lock recorded (edited or deleted)."""
    out = []
    for f, sha in sorted(verrou.fichiers.items()):
        chemin = racine / f
        if not chemin.is_file():
            out.append(f"{f} (supprimé)")
        elif empreinte(chemin) != sha:
            out.append(f"{f} (modifié)")
    return out


# --- release archive -------------------------------------------------------------------


def paquet(racine: Path, dist: Path) -> Path:
    """dist/stspd-moteur-<version>.tar.gz: the engine files and their manifest, reproducible
    (sorted entries, fixed dates and owners), so the same engine gives the same archive."""
    manifeste = manifeste_de(racine)
    base = f"stspd-moteur-{manifeste.version}"
    dist.mkdir(parents=True, exist_ok=True)
    sortie = dist / f"{base}.tar.gz"

    def ajouter(tar: tarfile.TarFile, nom: str, contenu: bytes, executable: bool) -> None:
        info = tarfile.TarInfo(f"{base}/{nom}")
        info.size, info.mtime, info.mode = len(contenu), 0, 0o755 if executable else 0o644
        tar.addfile(info, io.BytesIO(contenu))

    tampon = io.BytesIO()
    with tarfile.open(fileobj=tampon, mode="w", format=tarfile.PAX_FORMAT) as tar:
        ajouter(tar, VERROU, manifeste.texte().encode("utf-8"), False)
        for f in manifeste.fichiers:
            chemin = racine / f
            ajouter(tar, f, chemin.read_bytes(), bool(chemin.stat().st_mode & 0o111))
    with gzip.GzipFile(sortie, "wb", mtime=0) as gz:
        gz.write(tampon.getvalue())
    return sortie


def _extraire(archive: Path, dest: Path) -> Path:
    """The engine root inside an archive (one top folder holding moteur.lock)."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(dest, filter="data")  # refuses absolute paths, .., links outside
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise ErreurMoteur(f"{archive} : archive du moteur illisible (fichier abîmé ou d'un autre format)") from exc
    racines = [p for p in dest.iterdir() if (p / VERROU).is_file()]
    if len(racines) != 1:
        raise ErreurMoteur(f"{archive} : ce n'est pas une archive du moteur (make paquet-moteur en écrit une)")
    return racines[0]


def _source(source: Path, tmp: Path) -> tuple[Path, Manifeste]:
    """The new engine's root and manifest, from an archive or from an engine checkout."""
    if source.is_file():
        racine = _extraire(source, tmp)
        manifeste = Manifeste.lire((racine / VERROU).read_text(encoding="utf-8"), f"{source}:{VERROU}")
        faux = [
            f for f, sha in manifeste.fichiers.items() if not (racine / f).is_file() or empreinte(racine / f) != sha
        ]
        if faux:
            raise ErreurMoteur(f"{source} : archive abîmée, fichiers qui ne correspondent pas au manifeste : {faux}")
        return racine, manifeste
    if source.is_dir():
        return source, manifeste_de(source)
    raise ErreurMoteur(f"{source} : introuvable (une archive stspd-moteur-X.Y.Z.tar.gz ou le dossier d'un moteur)")


# --- update ----------------------------------------------------------------------------


def mettre_a_jour(racine: Path, source: Path, verifier: bool = True) -> str:
    """Replace the engine files of ``racine`` by those of ``source``; content is never
    touched. Everything is checked before the first file is written."""
    actuel = lire_verrou(racine)
    with tempfile.TemporaryDirectory(prefix="stspd-moteur-") as tmp:
        depot, nouveau = _source(source.resolve(), Path(tmp))
        if depot.resolve() == racine.resolve():
            raise ErreurMoteur("la source est ce projet lui-même : indiquez une archive ou un autre dossier")
        if cle_version(nouveau.version) < cle_version(actuel.version):
            raise ErreurMoteur(
                f"version {nouveau.version} plus ancienne que le moteur installé ({actuel.version}) : "
                "mise à jour refusée (un retour en arrière se fait avec git)."
            )
        if nouveau.version == actuel.version and nouveau.fichiers == actuel.fichiers:
            return f"Le moteur est déjà à jour (version {actuel.version}) : rien n'a changé."
        if nouveau.version == actuel.version:
            # Two different engines under one number: nobody could tell later which one a
            # commune runs. A release always carries a new version.
            raise ErreurMoteur(
                f"la source porte la même version que le moteur installé ({actuel.version}) avec d'autres fichiers : "
                "mise à jour refusée (une nouvelle version du moteur porte un nouveau numéro, pyproject.toml)."
            )
        touches = modifies(racine, actuel)
        # A file the new engine brings that the project already has, but not as an engine
        # file (e.g. its own docs/assets/logo.svg): never overwritten.
        occupes = [
            f"{f} (fichier du projet, que la version {nouveau.version} du moteur apporterait)"
            for f in sorted(nouveau.fichiers)
            if f not in actuel.fichiers and (racine / f).exists() and empreinte(racine / f) != nouveau.fichiers[f]
        ]
        if touches or occupes:
            lignes = "\n".join(f"  - {f}" for f in touches + occupes)
            raise ErreurMoteur(
                "mise à jour refusée : des fichiers du moteur ont été modifiés dans ce projet, "
                f"ils seraient écrasés :\n{lignes}\n"
                "Annulez ces modifications (git checkout -- <fichier>) ou proposez-les aux mainteneurs "
                "du moteur, puis relancez la mise à jour. Rien n'a été modifié."
            )
        for f, sha in sorted(nouveau.fichiers.items()):
            cible = racine / f
            if cible.is_file() and empreinte(cible) == sha:
                continue  # unchanged: left as is
            # Written now, with today's date (not the archive's): make sees a changed
            # requirements.txt as newer than .venv/.installed and installs what it lists.
            cible.parent.mkdir(parents=True, exist_ok=True)
            cible.unlink(missing_ok=True)
            shutil.copyfile(depot / f, cible)
            shutil.copymode(depot / f, cible)
        retires = sorted(set(actuel.fichiers) - set(nouveau.fichiers))
        for f in retires:
            (racine / f).unlink(missing_ok=True)
            _retirer_dossiers_vides(racine, (racine / f).parent)
        ecrire_verrou(racine, nouveau)
    message = (
        f"Moteur mis à jour : {actuel.version} → {nouveau.version} "
        f"({len(nouveau.fichiers)} fichiers, dont {len(retires)} retirés)."
    )
    if verifier:
        print(message)
        proc = subprocess.run(["make", "--no-print-directory", "check"], cwd=racine)
        if proc.returncode != 0:
            raise ErreurMoteur(
                "le moteur est installé, mais make check signale des problèmes dans les sources (ci-dessus) : "
                "la nouvelle version demande peut-être une adaptation (voir ses notes de version)."
            )
        return "Vérification des sources réussie avec le nouveau moteur."
    return message


def _retirer_dossiers_vides(racine: Path, dossier: Path) -> None:
    while dossier != racine and dossier.is_dir() and not any(dossier.iterdir()):
        dossier.rmdir()
        dossier = dossier.parent


# --- command line ----------------------------------------------------------------------


def _executer(action) -> int:
    try:
        print(action())
    except ErreurMoteur as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return 2
    return 0


def cmd_paquet(args: argparse.Namespace) -> int:
    def action() -> str:
        sortie = paquet(args.racine, args.racine / "dist")
        ecrire_verrou(args.racine, manifeste_de(args.racine))
        return f"Archive du moteur : {sortie} ; {VERROU} mis à jour."

    return _executer(action)


def cmd_mise_a_jour(args: argparse.Namespace) -> int:
    if not args.source:
        print(
            "Indiquez la nouvelle version : make mise-a-jour-moteur SOURCE=stspd-moteur-X.Y.Z.tar.gz "
            "(ou le dossier d'un moteur)",
            file=sys.stderr,
        )
        return 2
    return _executer(lambda: mettre_a_jour(args.racine, Path(args.source), verifier=not args.sans_verification))


def cmd_verifier(args: argparse.Namespace) -> int:
    def action() -> str:
        verrou = lire_verrou(args.racine)
        touches = modifies(args.racine, verrou)
        if touches:
            lignes = "\n".join(f"  - {f}" for f in touches)
            raise ErreurMoteur(f"fichiers du moteur {verrou.version} modifiés dans ce projet :\n{lignes}")
        return f"Moteur {verrou.version} : {len(verrou.fichiers)} fichiers, aucun modifié."

    return _executer(action)


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("paquet-moteur", help="écrire l'archive versionnée du moteur dans dist/").set_defaults(
        func=cmd_paquet
    )
    p = sub.add_parser("mise-a-jour-moteur", help="installer une nouvelle version du moteur")
    p.add_argument("source", nargs="?", default=None, help="archive stspd-moteur-X.Y.Z.tar.gz ou dossier d'un moteur")
    p.add_argument("--sans-verification", action="store_true", help="ne pas lancer make check ensuite")
    p.set_defaults(func=cmd_mise_a_jour)
    sub.add_parser("verifier-moteur", help="lister les fichiers du moteur modifiés localement").set_defaults(
        func=cmd_verifier
    )
