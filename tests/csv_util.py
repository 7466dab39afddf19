"""Reading back the CSV files the site publishes, checking their one dialect on the way
(macros/export/csv.py): UTF-8 with a byte-order mark, « ; », CRLF, one header row."""

from __future__ import annotations

import csv
import io


def lire_csv(contenu: bytes | str) -> tuple[list[str], list[dict]]:
    texte = contenu.decode("utf-8") if isinstance(contenu, bytes) else contenu
    assert texte.startswith("\ufeff"), "published CSV without its byte-order mark"
    texte = texte[1:]
    assert texte.endswith("\r\n") and "\n" not in texte.replace("\r\n", ""), "published CSV without CRLF line ends"
    lecteur = csv.DictReader(io.StringIO(texte, newline=""), delimiter=";")
    return list(lecteur.fieldnames or []), list(lecteur)


def lignes_csv(contenu: bytes | str) -> list[dict]:
    return lire_csv(contenu)[1]
