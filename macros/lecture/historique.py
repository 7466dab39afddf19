"""« Dernière mise à jour » of every source file, from git history.

One ``git log`` subprocess per build (results are cached until HEAD moves), mapping each
path (relative to the project root, forward slashes: ``fiches/1.07-videosurveillance.md``,
``docs/strategie/cadre.md``) to the date of the last commit that changed it.

What a date means:

- **Full clone**: the committer date (in the committer's time zone) of the newest commit
  that changed the file. Merge commits are not diffed: a change merged from a branch
  carries the date it was committed on that branch.
- **Shallow clone** (``git clone --depth N``, the default of many CI systems): the oldest
  fetched commit is *grafted* — git shows it as adding every file, whatever its real
  age. Files whose newest change is that commit get **no date** rather than a wrong one;
  files changed by later fetched commits keep their true date. Fetch the whole history
  (``fetch-depth: 0`` in CI) to date every page.
- **No git**, no ``.git`` folder, a folder git refuses (ownership), a timeout: an empty
  mapping. Nothing is printed, nothing fails; pages simply show no date.
- Files never committed (new, untracked or only staged) have no date.

No MkDocs here: the adapter decides where the date is shown.
"""

from __future__ import annotations

import datetime as _dt
import os
import subprocess
from pathlib import Path

DELAI = 30  # seconds; a history that takes longer to read is not worth blocking a build

_CACHE: dict[Path, tuple[tuple[object, ...], dict[str, _dt.date]]] = {}


def dossier_git(racine: Path) -> Path | None:
    """The ``.git`` directory serving ``racine`` (worktrees: the file ``.git`` points to it)."""
    for dossier in (racine, *racine.parents):
        point_git = dossier / ".git"
        if point_git.is_dir():
            return point_git
        if point_git.is_file():
            try:
                contenu = point_git.read_text(encoding="utf-8").strip()
            except OSError:
                return None
            if contenu.startswith("gitdir:"):
                cible = Path(contenu[len("gitdir:") :].strip())
                return cible if cible.is_absolute() else (dossier / cible).resolve()
            return None
    return None


def _dossier_commun(git: Path) -> Path:
    """A linked worktree keeps refs and ``shallow`` in the main repository's git dir."""
    try:
        commun = (git / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return git
    chemin = Path(commun)
    return chemin if chemin.is_absolute() else (git / chemin).resolve()


def _lire(chemin: Path) -> str:
    try:
        return chemin.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _stat(chemin: Path) -> tuple[int, int] | None:
    try:
        s = chemin.stat()
    except OSError:
        return None
    return (s.st_mtime_ns, s.st_size)


def _jeton(git: Path) -> tuple[object, ...]:
    """Changes whenever a commit, checkout, reset or fetch moves what ``git log`` would show."""
    commun = _dossier_commun(git)
    tete = _lire(git / "HEAD").strip()
    ref = tete[len("ref:") :].strip() if tete.startswith("ref:") else ""
    return (
        tete,
        _stat(commun / ref) if ref else None,
        _stat(commun / "packed-refs"),
        _stat(git / "logs" / "HEAD"),
        _lire(commun / "shallow"),
    )


def _commits_greffes(git: Path) -> set[str]:
    """Hashes of the shallow boundary (``$GIT_DIR/shallow``), empty for a full clone."""
    return set(_lire(_dossier_commun(git) / "shallow").split())


def analyser(sortie: bytes, greffes: set[str] = frozenset()) -> dict[str, _dt.date]:  # type: ignore[assignment]
    """Parse ``git log -z --format=%x1e%H%x1f%cs --name-only`` (newest commit first)."""
    dates: dict[str, _dt.date] = {}
    for bloc in sortie.split(b"\x1e"):
        if not bloc:
            continue
        entete, _, fichiers = bloc.partition(b"\0")
        ident, _, jour = entete.decode("ascii", "replace").partition("\x1f")
        if ident in greffes:
            continue  # a grafted commit "adds" the whole tree: its date says nothing
        try:
            date = _dt.date.fromisoformat(jour.strip())
        except ValueError:
            continue
        for nom in fichiers.lstrip(b"\n").split(b"\0"):
            if nom:
                dates.setdefault(nom.decode("utf-8", "surrogateescape"), date)
    return dates


def _git_log(racine: Path) -> bytes | None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(LC_ALL="C", GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
    try:
        proc = subprocess.run(
            [
                "git",
                "-c",
                "log.showSignature=false",
                "-c",
                "core.quotePath=off",
                "log",
                "--relative",
                "--no-renames",
                "--no-color",
                "-z",
                "--format=%x1e%H%x1f%cs",
                "--name-only",
            ],
            cwd=racine,
            env=env,
            capture_output=True,
            timeout=DELAI,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def dates(racine: Path | str) -> dict[str, _dt.date]:
    """Path relative to ``racine`` → date of its last commit; ``{}`` without usable git."""
    racine = Path(racine).resolve()
    git = dossier_git(racine)
    if git is None:
        return {}
    jeton = _jeton(git)
    if racine in _CACHE and _CACHE[racine][0] == jeton:
        return dict(_CACHE[racine][1])
    sortie = _git_log(racine)
    resultat = analyser(sortie, _commits_greffes(git)) if sortie is not None else {}
    _CACHE[racine] = (jeton, resultat)
    return dict(resultat)


def memoire(racine: Path | str) -> tuple[tuple[object, ...], dict[str, _dt.date]] | None:
    """What ``dates`` read for ``racine`` in this process (None: nothing yet), to hand over to
    another process of the same build (``retenir``): one ``git log`` per ``make site``."""
    return _CACHE.get(Path(racine).resolve())


def retenir(racine: Path | str, entree: tuple[tuple[object, ...], dict[str, _dt.date]]) -> None:
    """Take over what another process's ``dates`` read; used only while git's state is the
    same (``dates`` compares the state it was read at with the current one)."""
    _CACHE[Path(racine).resolve()] = entree
