"""Validation against the schema: pydantic's errors translated into French, with the line."""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from macros.lecture import yamlio
from macros.lecture.erreurs import Collecteur

_M = TypeVar("_M", bound=BaseModel)

# What to tell the author when a field is missing or empty.
CONSEILS = {
    "pilote": "indiquez au moins un service pilote (identifiants dans data/acteurs.yml)",
    "partenaires": "liste d'identifiants d'acteurs (data/acteurs.yml), ou [] si aucun",
    "echeance": "indiquez une année (ex. 2021), une date (ex. 2019-12-31) ou une récurrence (ex. annuelle)",
    "id": 'identifiant de la fiche entre guillemets, ex. "1.7"',
    "titre": "titre de la fiche",
    "axe": "numéro de l'axe (1, 2 ou 3, voir data/axes.yml)",
    "objectif": "objectif de la fiche (tableau du programme d'actions)",
    "date": "date au format AAAA-MM-JJ",
    "instance": "instance du CLSPD (ex. assemblee-pleniere)",
    "nom": "nom complet de l'acteur",
    "texte": "texte de l'entrée",
}


# --- validation ------------------------------------------------------------------------


def _nom_champ(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        elif not text:
            text = str(part)
        else:
            text += f".{part}"
    return text


def _champs_connus(modele: type[BaseModel], loc: tuple[int | str, ...]) -> list[str]:
    champs = modele.model_fields
    return [n for n, f in champs.items() if not f.exclude]


def traduire_erreur(err: ErrorDetails, modele: type[BaseModel]) -> str:
    """One pydantic error → one French sentence naming the field and what is expected."""
    loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and ("[" in p or p.startswith("function-"))))
    champ = _nom_champ(loc)
    dernier = next((p for p in reversed(loc) if isinstance(p, str)), champ)
    typ = err["type"]
    ctx = err.get("ctx") or {}
    recu = err.get("input")
    conseil = CONSEILS.get(dernier)
    suite = f" — {conseil}" if conseil else ""
    if typ == "missing":
        return f"champ « {champ} » manquant{suite}"
    if typ == "extra_forbidden":
        connus = _champs_connus(modele, loc)
        proche = difflib.get_close_matches(str(dernier), connus, n=1)
        idee = f" (vouliez-vous dire « {proche[0]} » ?)" if proche else f" — champs possibles : {', '.join(connus)}"
        return f"champ « {champ} » inconnu{idee}"
    if typ == "too_short" or (recu is None and typ.endswith("_type")):
        return f"champ « {champ} » vide{suite}"
    if typ in ("value_error", "assertion_error"):
        msg = str(ctx.get("error", err["msg"]))
        return f"champ « {champ} » : {msg}"
    if typ == "literal_error":
        attendu = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"champ « {champ} » : « {recu} » n'est pas une valeur permise — valeurs possibles : {attendu}"
    if typ in ("int_parsing", "int_type", "int_from_float"):
        return f"champ « {champ} » : nombre entier attendu (reçu « {recu} »)"
    if typ in ("float_parsing", "float_type"):
        return f"champ « {champ} » : nombre attendu (reçu « {recu} »)"
    if typ in ("finite_number",):
        return f"champ « {champ} » : nombre fini attendu (reçu « {recu} »)"
    if typ in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"champ « {champ} » : valeur hors limites (reçu {recu}){_limites(modele, loc, ctx)}"
    if typ in ("string_type", "string_too_short"):
        if typ == "string_too_short":
            return f"champ « {champ} » vide{suite}"
        return f"champ « {champ} » : texte attendu (reçu « {recu} »)"
    if typ == "list_type":
        return f"champ « {champ} » : liste attendue, ex. [a, b] ou une ligne « - a » par élément"
    if typ in ("model_type", "dict_type", "model_attributes_type"):
        return f"champ « {champ} » : ensemble de champs « clé: valeur » attendu"
    if typ == "bool_type" or typ == "bool_parsing":
        return f"champ « {champ} » : oui/non attendu"
    return f"champ « {champ} » : valeur invalide ({err['msg']})"


def _bornes_du_champ(modele: type[BaseModel], loc: tuple[int | str, ...]) -> dict[str, Any]:
    """The ge/le/gt/lt constraints declared on the field at ``loc`` (nested models followed)."""
    courant: Any = modele
    bornes: dict[str, Any] = {}
    for part in loc:
        if isinstance(part, int) or not (isinstance(courant, type) and issubclass(courant, BaseModel)):
            continue
        champ = courant.model_fields.get(part)
        if champ is None:
            return {}
        bornes = {
            k: getattr(m, k)
            for m in champ.metadata
            for k in ("ge", "le", "gt", "lt")
            if getattr(m, k, None) is not None
        }
        sous = [a for a in getattr(champ.annotation, "__args__", (champ.annotation,)) if isinstance(a, type)]
        courant = next((a for a in sous if issubclass(a, BaseModel)), None)
    return bornes


def _limites(modele: type[BaseModel], loc: tuple[int | str, ...], ctx: dict[str, Any]) -> str:
    bornes = _bornes_du_champ(modele, loc) or dict(ctx)
    if "ge" in bornes and "le" in bornes:
        return f" — attendu entre {bornes['ge']} et {bornes['le']}"
    mots = {"ge": "au moins", "le": "au plus", "gt": "plus de", "lt": "moins de"}
    return (" — attendu " + ", ".join(f"{mots[k]} {v}" for k, v in bornes.items() if k in mots)) if bornes else ""


def valider(
    modele: type[_M],
    data: Any,
    doc: yamlio.Document | None,
    rel: str,
    decalage: int,
    col: Collecteur,
    **extra: Any,
) -> _M | None:
    """Validate ``data`` against ``modele``; report every error with its line."""
    try:
        return modele.model_validate({**data, **extra} if isinstance(data, dict) else data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            ligne = None
            if doc is not None and err["type"] != "missing":
                chemin = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
                ligne = doc.ligne(chemin)
                if ligne is not None:
                    ligne += decalage
            col.ajouter(rel, ligne, traduire_erreur(err, modele))
        return None


def _ligne(doc: yamlio.Document | None, chemin: tuple[int | str, ...], decalage: int) -> int | None:
    if doc is None:
        return None
    ligne = doc.ligne(chemin)
    return ligne + decalage if ligne is not None else None
