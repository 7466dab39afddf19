"""A payload in every text field of every kind of source, and the checks of the built HTML.

Used by ``tests/test_echappement.py``. The walker visits every string of every YAML source
(the data files, the front matter of fiches, minutes and pages) and appends a payload to
each one that is free text. Identifiers, vocabulary codes, dates, paths and numbers are
skipped by key: a new text field added to the schema is covered without touching this file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

# Keys whose values are identifiers, codes, dates or paths, never free text.
CLES_NON_TEXTE = {
    "id",
    "axe",
    "pilote",
    "partenaires",
    "statut",
    "visibilite",
    "type",
    "date",
    "instance",
    "participants",
    "fiches",
    "acteur",
    "categorie",
    "recurrence",
    "page",
    "dimension",
    "colonnes",
    "somme",
    "series",
    "serie",
    "periode",
    "de",
    "a",
    "annee",
    "numero",
    "sens",
    "insee",
    "code",
    "debut",
    "fin",
    "calcul",
    "operation",
    "sur",
    "par",
    "format",
    "axe_y",
    "render_macros",
    "hide",
    "search",
    "tags",
    "template",
    "unite_base",
    "base",
    "empile",
    "evolution",
    "precision",
    "entre",
    "termes",
    "numerateur",
    "denominateur",
    "libelles",
    "ordre",
    "nature",
    "frequence",
    # data/commune.yml: palette names, addresses and a path (validated, never free text).
    "primaire",
    "accent",
    "url",
    "modifier",
    "logo",
}


def charge(n: int) -> str:
    """Payload number ``n``: live markup if unescaped, a marker to find it as text."""
    return f'<script>alerte({n})</script><img src=x onerror="alerte({n})"> "q{n}" & co'


def marqueur(n: int) -> str:
    return f"alerte({n})"


class Semeur:
    """Appends a numbered payload to every free-text string of a YAML document."""

    def __init__(self) -> None:
        self.champs: dict[int, str] = {}  # payload number → "file: path.of.key"

    def semer(self, data: Any, fichier: str, chemin: tuple = ()) -> Any:
        if isinstance(data, dict):
            return {
                k: (v if str(k) in CLES_NON_TEXTE else self.semer(v, fichier, chemin + (k,))) for k, v in data.items()
            }
        if isinstance(data, list):
            return [self.semer(v, fichier, chemin + (i,)) for i, v in enumerate(data)]
        if isinstance(data, str) and data.strip() and not re.fullmatch(r"[\w./-]+\.(md|yml|csv|svg)", data):
            n = len(self.champs) + 1
            self.champs[n] = f"{fichier}: {'.'.join(map(str, chemin))}"
            return data + " " + charge(n)
        return data


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


def semer_projet(projet: Path, semeur: Semeur, limite_par_fichier: int = 12) -> None:
    """Seed the copy ``projet``: YAML data files and the front matter of Markdown sources.

    Repeated records (journal entries, series) are seeded up to ``limite_par_fichier``
    strings per file: every field kind is covered, the pages stay readable."""
    # The real charter has no signatory yet: one FAKE signatory, so that its fields are seeded.
    (projet / "data/charte-signataires.yml").write_text(
        "signataires:\n  - acteur: maire\n    signataire: Signataire fictif (test)\n    date: 2019-03-01\n",
        encoding="utf-8",
    )
    for chemin in sorted((projet / "data").rglob("*.yml")):
        rel = chemin.relative_to(projet).as_posix()
        data = yaml.safe_load(chemin.read_text(encoding="utf-8"))
        chemin.write_text(_dump(_limiter(semeur, data, rel, limite_par_fichier)), encoding="utf-8")
    sources = list((projet / "fiches").glob("*.md")) + list((projet / "docs/comptes-rendus").glob("2*.md"))
    sources += [p for p in (projet / "docs").rglob("*.md") if p.read_text(encoding="utf-8").startswith("---\n")]
    for chemin in sorted(set(sources)):
        texte = chemin.read_text(encoding="utf-8")
        if not texte.startswith("---\n"):
            continue
        fin = texte.index("\n---", 4)
        meta = yaml.safe_load(texte[4:fin]) or {}
        rel = chemin.relative_to(projet).as_posix()
        seme = _limiter(semeur, meta, rel, limite_par_fichier)
        chemin.write_text("---\n" + _dump(seme) + texte[fin + 1 :], encoding="utf-8")


def _limiter(semeur: Semeur, data: Any, rel: str, limite: int) -> Any:
    avant = len(semeur.champs)
    sous = Semeur()
    sous.champs = dict(semeur.champs)
    resultat = sous.semer(data, rel)
    nouveaux = [n for n in sous.champs if n > avant]
    if len(nouveaux) <= limite:
        semeur.champs = sous.champs
        return resultat
    # Too many strings in this file (long series lists): keep the first ``limite`` only.
    garder = set(nouveaux[:limite])
    semeur.champs.update({n: sous.champs[n] for n in garder})
    return _retirer(resultat, {charge(n) for n in nouveaux if n not in garder})


def _retirer(data: Any, charges: set[str]) -> Any:
    if isinstance(data, dict):
        return {k: _retirer(v, charges) for k, v in data.items()}
    if isinstance(data, list):
        return [_retirer(v, charges) for v in data]
    if isinstance(data, str):
        for c in charges:
            if data.endswith(" " + c):
                return data[: -len(c) - 1]
    return data


class Inspecteur(HTMLParser):
    """Finds live markup in a page: scripts, event handlers, injected images."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problemes: list[str] = []
        self.texte: list[str] = []
        self._dans_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        noms = {k for k, _ in attrs}
        for k, v in attrs:
            if k.startswith("on"):
                self.problemes.append(f"attribut {k}={v!r} sur <{tag}>")
            if (
                v
                and "alerte(" in v
                and k not in ("title", "alt", "aria-label", "content", "value", "data-md-component", "placeholder")
            ):
                self.problemes.append(f"charge dans l'attribut {k} de <{tag}> : {v[:80]!r}")
        if tag == "script" and "src" not in noms:
            if dict(attrs).get("type") != "application/json":
                self.problemes.append("<script> en ligne")
        if tag == "img" and dict(attrs).get("src") == "x":
            self.problemes.append("<img src=x> injectée")
        self._dans_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._dans_script = False

    def handle_data(self, data: str) -> None:
        if self._dans_script and "alerte(" in data:
            self.problemes.append(f"charge dans un script : {data[:80]!r}")
        self.texte.append(data)

    def handle_comment(self, data: str) -> None:
        if "alerte(" in data:
            self.problemes.append("charge dans un commentaire HTML")


def inspecter(html: str) -> tuple[list[str], str]:
    p = Inspecteur()
    p.feed(html)
    p.close()
    return p.problemes, "".join(p.texte)
