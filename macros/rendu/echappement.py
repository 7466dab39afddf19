"""The one escaping module: every text from a source reaches a page through exactly one of
these, once.

- ``html``: raw HTML element text and attribute values (MarkupSafe: ``& < > " '``);
- ``texte``: a plain-text value inside Markdown (with inline HTML): HTML-escaped, then the
  Markdown specials backslashed, on one line.

French number and date formatting lives in ``domaine/fr.py``; the CSV cells' guard in
``domaine/securite.cellule_tableur`` (through ``export/csv.py``).
"""

from __future__ import annotations

import re

from markupsafe import escape

MD_SPECIAL = re.compile(r"([\\`*_\[\]{}#|!~])")


def html(valeur: object) -> str:
    """HTML-escaped text, as a plain ``str`` (``Markup + str`` would escape the right-hand
    side: concatenated fragments must stay plain strings)."""
    return str(escape(str(valeur)))


def texte(valeur: object) -> str:
    """A plain-text value made safe for Markdown with inline HTML.

    ``&``, ``<`` and ``>`` become entities; quotes stay as typed: they are harmless in text,
    and a numeric entity (``&#39;``) would be escaped a second time where MkDocs and Material
    derive titles and accessible names from a heading (``d&amp;#39;Action``)."""
    sur = html(valeur).replace("&#39;", "'").replace("&#34;", '"')
    return MD_SPECIAL.sub(r"\\\1", sur).replace("\n", " ")
