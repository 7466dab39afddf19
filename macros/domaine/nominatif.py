"""Does a text look nominative? The charter forbids nominative written records (names of
people, phone numbers, number plates, e-mail addresses): the local observatory's files must
never hold one.

The record format keeps free text out (every cell is a date, a vocabulary word or a count),
which is the real guarantee; these detectors only name *why* a cell or a column is refused,
so that the partner understands what to remove. They err on the side of refusing: a false
alarm costs a correction, a missed name costs a breach of the charter.
"""

from __future__ import annotations

import re

# French phone numbers: 01 23 45 67 89, 01.23.45.67.89, 0123456789, +33 1 23 45 67 89, 0033…
_TELEPHONE = re.compile(r"(?<![\d])(?:(?:\+|00)33[\s.\-]?(?:\(0\)[\s.\-]?)?|0)[1-9](?:[\s.\-]?\d{2}){4}(?![\d])")
# Number plates: SIV since 2009 (AB-123-CD, AB 123 CD, AB123CD) and the old FNI format
# (123 ABC 59, 1234 AB 59, 12 ABC 2A, 123 AB 975).
_PLAQUE_SIV = re.compile(
    r"(?<![A-Za-z0-9])[A-HJ-NP-TV-Z]{2}[\s\-]?\d{3}[\s\-]?[A-HJ-NP-TV-Z]{2}(?![A-Za-z0-9])", re.IGNORECASE
)
_PLAQUE_FNI = re.compile(r"(?<![A-Za-z0-9])\d{1,4}[\s\-]?[A-Z]{1,3}[\s\-]?(?:\d{2}|2[AB]|97[1-6])(?![A-Za-z0-9])")
_COURRIEL = re.compile(r"[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+")
# A civility followed by a capitalised word: « M. Dupont », « Mme Martin », « Monsieur X ».
_CIVILITE = re.compile(
    r"(?<![\w])(?:M\.|MM\.|Mr\.?|Mrs\.?|Mme|Mmes|Mlle|Mlles|Monsieur|Madame|Mademoiselle|"
    r"Messieurs|Mesdames|Dr\.?|Docteur|Me|Maître)\s+[A-ZÀ-ÖØ-Þ][\w'\-]*"
)
# A first name and a surname: « Jean Dupont », « Jean-Pierre DURAND », « DUPONT Jean ».
_MAJ = r"[A-ZÀ-ÖØ-Þ]"
_MIN = r"[a-zß-öø-ÿ]"
_PRENOM = rf"{_MAJ}{_MIN}+(?:-{_MAJ}{_MIN}+)?"
_NOM = rf"(?:{_MAJ}{_MIN}+|{_MAJ}{{2,}})(?:[\-']{_MAJ}{_MIN}*)*"
_PRENOM_NOM = re.compile(rf"(?<![\w]){_PRENOM}\s+{_NOM}(?![\w])|(?<![\w]){_MAJ}{{2,}}\s+{_PRENOM}(?![\w])")

# Column headers that announce nominative content.
_ENTETES = re.compile(
    r"\b(nom|noms|prenom|prenoms|identite|telephone|tel|portable|mobile|plaque|immatriculation|"
    r"mail|e-mail|email|courriel|adresse|auteur|auteurs|victime|victimes|temoin|temoins|"
    r"plaignant|plaignante|mis en cause|requerant|date de naissance|naissance)\b"
)

TYPES = {
    "telephone": "un numéro de téléphone",
    "plaque": "une plaque d'immatriculation",
    "courriel": "une adresse électronique",
    "civilite": "un nom de personne (civilité suivie d'un nom)",
    "nom": "un nom de personne (prénom et nom)",
}

RAPPEL = (
    "la charte déontologique du CLSPD interdit tout écrit nominatif (noms, téléphones, plaques "
    "d'immatriculation, adresses électroniques)"
)


def detecter(texte: str, noms_propres: bool = True) -> str | None:
    """The kind of nominative content found (a key of TYPES), or None.

    ``noms_propres=False`` skips the first-name + surname pattern, for texts that are
    legitimately place names (« Place Jean Jaurès », « Résidence Albert Camus »)."""
    if not texte:
        return None
    if _COURRIEL.search(texte):
        return "courriel"
    if _TELEPHONE.search(texte):
        return "telephone"
    if _PLAQUE_SIV.search(texte) or _PLAQUE_FNI.search(texte):
        return "plaque"
    if _CIVILITE.search(texte):
        return "civilite"
    if noms_propres and _PRENOM_NOM.search(texte):
        return "nom"
    return None


def entete_nominative(normalise: str) -> bool:
    """Is this (accent-free, lower-case) column header one that announces personal data?"""
    return bool(_ENTETES.search(normalise))


def message(type_: str) -> str:
    """« ce texte ressemble à un numéro de téléphone ; … » — the value itself is never repeated."""
    return f"ce texte ressemble à {TYPES[type_]} (il n'est pas recopié ici) ; {RAPPEL}"
