"""The engine's layers (macros/__init__.py): imports point downward only, and no cycle.

Read from the source with ``ast``, every import statement counted, those inside functions
too (a lazy import is still a dependency). Only code under ``macros/`` is judged.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

MACROS = Path(__file__).resolve().parent.parent / "macros"
# Bottom first: a module may import its own layer and the layers before it.
COUCHES = ("domaine", "lecture", "rendu", "export", "moteur", "outils")
# The top-level modules: the mkdocs-macros entry points and `python -m macros`.
RACINES = {"macros": "moteur", "macros.__main__": "outils"}


def _nom(chemin: Path) -> str:
    parties = chemin.relative_to(MACROS.parent).with_suffix("").parts
    return ".".join(parties[:-1] if parties[-1] == "__init__" else parties)


def _modules() -> dict[str, Path]:
    return {_nom(p): p for p in sorted(MACROS.rglob("*.py"))}


def _imports(nom: str, chemin: Path, connus: set[str]) -> set[str]:
    """The macros modules ``nom`` imports (``from macros.x import y``: y if it is a module)."""
    paquet = nom if chemin.name == "__init__.py" else nom.rpartition(".")[0]
    trouves: set[str] = set()
    for noeud in ast.walk(ast.parse(chemin.read_text(encoding="utf-8"), str(chemin))):
        if isinstance(noeud, ast.Import):
            cibles = [a.name for a in noeud.names]
        elif isinstance(noeud, ast.ImportFrom):
            base = noeud.module or ""
            if noeud.level:
                haut = paquet.split(".")[: len(paquet.split(".")) - noeud.level + 1]
                base = ".".join(haut + ([base] if base else []))
            # `from macros.rendu import fragments` depends on the module fragments, not on
            # the package; `from macros.rendu.fragments import texte` on fragments.
            cibles = [f"{base}.{a.name}" if f"{base}.{a.name}" in connus else base for a in noeud.names]
        else:
            continue
        for c in cibles:
            while c and c not in connus:
                c = c.rpartition(".")[0]
            if c and c != nom and c.startswith("macros"):
                trouves.add(c)
    return trouves


def _couche(nom: str) -> str:
    if nom in RACINES:
        return RACINES[nom]
    return nom.split(".")[1]


GRAPHE = {nom: _imports(nom, p, set(_modules())) for nom, p in _modules().items()}


def test_every_module_is_in_a_layer():
    hors = [n for n in GRAPHE if n not in RACINES and (n.count(".") < 1 or _couche(n) not in COUCHES)]
    assert not hors, f"modules outside the layers {COUCHES}: {hors}"


@pytest.mark.parametrize("nom", sorted(GRAPHE))
def test_imports_point_downward(nom):
    rang = COUCHES.index(_couche(nom))
    vers_le_haut = sorted(c for c in GRAPHE[nom] if c not in ("macros",) and COUCHES.index(_couche(c)) > rang)
    assert not vers_le_haut, f"{nom} ({_couche(nom)}) imports upward: {vers_le_haut}"


def test_no_import_cycle():
    """Tarjan's strongly connected components: a component of two or more modules is a cycle."""
    index: dict[str, int] = {}
    bas: dict[str, int] = {}
    pile: list[str] = []
    cycles: list[list[str]] = []

    def visiter(n: str) -> None:
        index[n] = bas[n] = len(index)
        pile.append(n)
        for m in GRAPHE[n]:
            if m not in index:
                visiter(m)
                bas[n] = min(bas[n], bas[m])
            elif m in pile:
                bas[n] = min(bas[n], index[m])
        if bas[n] == index[n]:
            composante = []
            while True:
                m = pile.pop()
                composante.append(m)
                if m == n:
                    break
            if len(composante) > 1:
                cycles.append(sorted(composante))

    for n in sorted(GRAPHE):
        if n not in index:
            visiter(n)
    assert not cycles, f"import cycles: {cycles}"


def test_only_the_engine_layer_imports_mkdocs():
    fautifs = []
    for nom, p in _modules().items():
        if _couche(nom) == "moteur":
            continue
        for noeud in ast.walk(ast.parse(p.read_text(encoding="utf-8"))):
            noms = (
                [a.name for a in noeud.names]
                if isinstance(noeud, ast.Import)
                else [noeud.module or ""]
                if isinstance(noeud, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("mkdocs", "mkdocs_macros", "material", "properdocs") for n in noms):
                fautifs.append(nom)
    assert not fautifs, f"MkDocs imported outside macros/moteur/: {sorted(set(fautifs))}"


def test_the_checker_sees_a_planted_violation(tmp_path):
    """The graph reader is not blind: an upward import written in a domain module is found."""
    faux = tmp_path / "macros" / "domaine"
    faux.mkdir(parents=True)
    (faux / "x.py").write_text("def f():\n    from macros.rendu import fragments\n", encoding="utf-8")
    connus = {"macros.domaine.x", "macros.rendu.fragments", "macros.rendu", "macros"}
    assert _imports("macros.domaine.x", faux / "x.py", connus) == {"macros.rendu.fragments"}
