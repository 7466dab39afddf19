"""Source files read as text, YAML or Markdown with front matter; problems in French."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from macros.lecture import yamlio
from macros.lecture.erreurs import Collecteur


@dataclass
class SourceMarkdown:
    """A Markdown file split into its front matter and body."""

    chemin: str  # relative to the project root, with forward slashes
    meta: yamlio.Document | None
    corps: str
    decalage: int  # line number in the file of the first YAML line, minus one


# --- reading ---------------------------------------------------------------------------


def lire_texte(chemin: Path, rel: str, col: Collecteur) -> str | None:
    """UTF-8 text (BOM and CRLF accepted), or None after reporting a problem."""
    try:
        brut = chemin.read_bytes()
    except OSError as exc:
        col.ajouter(rel, None, f"fichier illisible ({exc.strerror})")
        return None
    try:
        texte = brut.decode("utf-8")
    except UnicodeDecodeError as exc:
        ligne = brut[: exc.start].count(b"\n") + 1
        col.ajouter(
            rel,
            ligne,
            "le fichier n'est pas encodé en UTF-8 — enregistrez-le en UTF-8 "
            "(dans votre éditeur : « Enregistrer sous… », encodage UTF-8)",
        )
        return None
    return yamlio.normaliser(texte)


def _lire_non_vide(chemin: Path, rel: str, col: Collecteur) -> str | None:
    """The file's text, or None once its problem (unreadable, empty) is collected."""
    texte = lire_texte(chemin, rel, col)
    if texte is not None and not texte.strip():
        col.ajouter(rel, None, "fichier vide")
        return None
    return texte


def lire_yaml(chemin: Path, rel: str, col: Collecteur) -> yamlio.Document | None:
    texte = _lire_non_vide(chemin, rel, col)
    if texte is None:
        return None
    try:
        return yamlio.charger(texte)
    except yamlio.ErreurYaml as exc:
        col.ajouter(rel, exc.ligne, exc.message)
        return None


def lire_yaml_de_type(chemin: Path, rel: str, col: Collecteur, attendu: type, message: str) -> yamlio.Document | None:
    """A YAML file whose top level must be a mapping or a list (``attendu``); otherwise
    ``message`` (what is expected, in French) is collected at line 1 and None returned."""
    doc = lire_yaml(chemin, rel, col)
    if doc is None:
        return None
    if not isinstance(doc.data, attendu):
        col.ajouter(rel, 1, message)
        return None
    return doc


def separer_front_matter(texte: str) -> tuple[str | None, str, int]:
    """(yaml text or None, body, offset). The front matter sits between two ``---`` lines."""
    lignes = texte.split("\n")
    if not lignes or lignes[0].rstrip() != "---":
        return None, texte, 0
    for i in range(1, len(lignes)):
        if lignes[i].rstrip() in ("---", "..."):
            return "\n".join(lignes[1:i]), "\n".join(lignes[i + 1 :]), 1
    return None, texte, 0


def lire_markdown(chemin: Path, rel: str, col: Collecteur, exige_meta: bool) -> SourceMarkdown | None:
    texte = _lire_non_vide(chemin, rel, col)
    if texte is None:
        return None
    yaml_texte, corps, decalage = separer_front_matter(texte)
    if yaml_texte is None:
        if exige_meta:
            col.ajouter(
                rel,
                1,
                "en-tête YAML manquant : le fichier doit commencer par une ligne « --- », "
                "puis les champs, puis une ligne « --- »",
            )
            return None
        return SourceMarkdown(rel, None, texte, 0)
    try:
        doc = yamlio.charger(yaml_texte)
    except yamlio.ErreurYaml as exc:
        col.ajouter(rel, (exc.ligne + decalage) if exc.ligne else None, exc.message)
        return None
    if doc.data is not None and not isinstance(doc.data, dict):
        col.ajouter(rel, 2, "l'en-tête YAML doit être une suite de champs « clé: valeur »")
        return None
    return SourceMarkdown(rel, doc, corps, decalage)
