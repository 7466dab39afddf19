"""YAML reading that keeps line numbers and refuses silent surprises.

- Dates stay strings: the schema parses them, so ``2021-13-45`` gets a French message
  instead of a Python exception from inside PyYAML.
- A key given twice in one mapping is an error (PyYAML would keep the last one silently).
- Every value's line is recorded, so a schema error can name the line.
- A byte-order mark and CRLF line endings are accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    pass


# Drop the implicit timestamp resolver: dates are parsed (and checked) by the schema.
_Loader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# The same loader on libyaml's C parser (when PyYAML has it): ~10x faster on the corpus.
# Only valid YAML goes through it; on any error the text is parsed again by the pure-Python
# parser above, whose messages the French translations below are written for.
_CLoader: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _CSafeLoader(yaml.CSafeLoader):
        pass

    _CSafeLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _CLoader = _CSafeLoader


# A place in a YAML document: mapping keys and list indexes, outermost first.
Chemin = tuple[str | int, ...]


class ErreurYaml(Exception):
    """A YAML problem, with its 1-based line relative to the parsed text."""

    def __init__(self, ligne: int | None, message: str):
        self.ligne = ligne
        self.message = message
        super().__init__(message)


@dataclass
class Document:
    """Parsed YAML plus the line of every path (tuple of keys/indexes) in it."""

    data: Any
    lignes: dict[Chemin, int]
    _par_cle: dict[str | int, dict[Chemin, int]] | None = field(default=None, init=False, repr=False, compare=False)

    def ligne(self, chemin: Chemin) -> int | None:
        """Line of the deepest known prefix of ``chemin`` (1-based, relative to the text)."""
        chemin = tuple(chemin)
        while chemin:
            if chemin in self.lignes:
                return self.lignes[chemin]
            chemin = chemin[:-1]
        return self.lignes.get((), None)

    def sous(self, *chemin: Any) -> Document:
        """The sub-document at ``chemin`` (its lines keep their numbers in the file)."""
        data = self.data
        for cle in chemin:
            data = data[cle]
        n = len(chemin)
        if n == 1:
            # One key (an actor of acteurs.yml, an axis…): group the lines by first key once,
            # instead of scanning every line for every key (quadratic on a big file).
            if self._par_cle is None:
                self._par_cle = {}
                for k, v in self.lignes.items():
                    if k:
                        self._par_cle.setdefault(k[0], {})[k[1:]] = v
            return Document(data, dict(self._par_cle.get(chemin[0], {})))
        return Document(data, {k[n:]: v for k, v in self.lignes.items() if k[:n] == tuple(chemin)})


def normaliser(texte: str) -> str:
    """Strip a BOM and turn CRLF/CR into LF."""
    if texte.startswith("\ufeff"):
        texte = texte[1:]
    return texte.replace("\r\n", "\n").replace("\r", "\n")


def _index_lines(node: yaml.Node, path: Chemin, out: dict[Chemin, int]) -> None:
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                raise ErreurYaml(
                    key_node.start_mark.line + 1,
                    f"la clé « {key} » apparaît deux fois (déjà ligne {seen[key]})",
                )
            seen[key] = key_node.start_mark.line + 1
            _index_lines(value_node, path + (key,), out)
            # The key's own line is more useful than the value's for a block value.
            out[path + (key,)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, path + (i,), out)


def _message_yaml(exc: yaml.YAMLError) -> tuple[int | None, str]:
    mark = getattr(exc, "problem_mark", None)
    ligne = mark.line + 1 if mark is not None else None
    probleme = getattr(exc, "problem", None) or str(exc)
    if "found character '\\t'" in probleme or "\t" in (getattr(exc, "context", "") or ""):
        return ligne, "tabulation interdite en YAML : indentez avec des espaces"
    traductions = {
        "mapping values are not allowed here": "deux-points inattendu (une valeur contenant « : » doit être "
        "entre guillemets)",
        "could not find expected ':'": "deux-points « : » attendu après la clé",
        "found undefined alias": "alias YAML non défini",
        "expected <block end>, but found": "indentation incohérente",
        "did not find expected key": "indentation incohérente ou clé manquante",
        "found unexpected end of stream": "fin de fichier inattendue (guillemet ou crochet non fermé ?)",
        "did not find expected ',' or ']'": "liste entre crochets mal fermée : « ] » attendu",
        "did not find expected ',' or '}'": "dictionnaire entre accolades mal fermé : « } » attendu",
        "found character that cannot start any token": "caractère interdit en début de valeur (mettez la valeur "
        "entre guillemets)",
    }
    for en, fr in traductions.items():
        if en in probleme:
            return ligne, f"syntaxe YAML invalide : {fr}"
    return ligne, f"syntaxe YAML invalide ({probleme})"


def charger(texte: str) -> Document:
    """Parse one YAML document. Raises ErreurYaml with a French message and a line."""
    texte = normaliser(texte)
    if _CLoader is not None:
        try:
            return _charger(_CLoader, texte)
        except Exception:  # noqa: BLE001 - any problem: the reference parser below decides
            pass  # parsed again below: same message and line as without libyaml
    return _charger(_Loader, texte)


def _charger(classe: type, texte: str) -> Document:
    loader = classe(texte)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {})
        lignes: dict[Chemin, int] = {}
        _index_lines(node, (), lignes)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise ErreurYaml(*_message_yaml(exc)) from None
    finally:
        loader.dispose()
    return Document(data, lignes)
