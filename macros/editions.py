"""What belongs to which edition: the public site for citizens, the intranet for CLSPD
partners. Decided here, once, from the validated corpus; applied by the MkDocs adapter.

Rules:
- a page with ``visibilite: intranet`` in its front matter, a fiche or a minute whose
  (effective) visibility is intranet, and every file under ``docs/intranet/`` exist only
  in the intranet edition;
- every other file (PDF, CSV, image, text…) follows its folder: under ``docs/intranet/``, or
  under a folder whose ``.meta.yml`` (or a parent's) says ``visibilite: intranet``, it exists
  only in the intranet edition (a page's own front matter still wins for that page);
- an admonition ``!!! intranet "…"`` (or ``??? intranet``) is removed from the Markdown
  before rendering in the public edition, and styled in the intranet one;
- journal entries, indicators and data series carry their own ``visibilite``.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from .load import Corpus
from .render import src_fiche

EDITIONS = ("public", "intranet")
DOSSIER_INTRANET = "intranet/"

# An admonition or collapsible block with the class ``intranet`` among its classes, written
# the way Python-Markdown accepts it: no space after the marker, other classes before,
# any case (« !!!intranet », « !!! note intranet », « ??? Intranet »). A block the
# public edition cannot strip this way still never ships: see ``classes_intranet``.
_DEBUT_BLOC = re.compile(r"^(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]*(?:[\w-]+[ \t]+)*?intranet(?![\w-])", re.I)
# Any element of a rendered page whose class list holds ``intranet``.
_CLASSE_INTRANET = re.compile(r"""\bclass\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)


def classes_intranet(html: str) -> str | None:
    """The first ``class`` attribute of ``html`` naming the class ``intranet``, if any: the
    public edition refuses such a page (an intranet block written in a form that
    ``retirer_blocs_intranet`` did not recognise, e.g. inside a quotation)."""
    for m in _CLASSE_INTRANET.finditer(html):
        valeur = m.group(0).split("=", 1)[1].strip().strip("\"'")
        if "intranet" in valeur.lower().split():
            return m.group(0)
    return None


def retirer_blocs_intranet(markdown: str) -> str:
    """Remove every ``!!! intranet`` admonition (header and indented body)."""
    lignes = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lignes):
        m = _DEBUT_BLOC.match(lignes[i])
        if not m:
            out.append(lignes[i])
            i += 1
            continue
        indent = len(m["indent"].expandtabs(4))
        i += 1
        # The body: blank lines, or lines indented deeper than the admonition marker.
        while i < len(lignes):
            ligne = lignes[i]
            if ligne.strip() == "":
                # A blank line belongs to the block only if the block continues after it.
                j = i
                while j < len(lignes) and lignes[j].strip() == "":
                    j += 1
                if j < len(lignes) and len(lignes[j].expandtabs(4)) - len(lignes[j].expandtabs(4).lstrip()) > indent:
                    i = j
                    continue
                break
            if len(ligne.expandtabs(4)) - len(ligne.expandtabs(4).lstrip()) > indent:
                i += 1
                continue
            break
    return "\n".join(out)


@dataclass
class Edition:
    """The set of source pages (docs-relative paths) that an edition publishes."""

    nom: str
    corpus: Corpus
    intranet: set[str] = field(default_factory=set)  # docs-relative paths, intranet-only
    _dossiers: dict[str, bool] = field(default_factory=dict, init=False, repr=False)  # folder → public?

    def __post_init__(self) -> None:
        if self.nom not in EDITIONS:
            raise ValueError(f"édition inconnue « {self.nom} » (public ou intranet)")
        c = self.corpus
        self.intranet |= {p for p, meta in c.pages.items() if meta.visibilite == "intranet"}
        self.intranet |= {p for p in c.pages if p.casefold().startswith(DOSSIER_INTRANET)}
        self.intranet |= {src_fiche(f) for f in c.fiches if f.visibilite == "intranet"}
        self.intranet |= {cr.source.removeprefix("docs/") for cr in c.comptes_rendus
                          if cr.visibilite_effective == "intranet"}

    @property
    def est_publique(self) -> bool:
        return self.nom == "public"

    def publie(self, chemin: str) -> bool:
        """Is this docs-relative path (page or asset) part of the edition?"""
        if not self.est_publique:
            return True
        if chemin in self.intranet or chemin.casefold().startswith(DOSSIER_INTRANET):
            return False
        if chemin in self.corpus.pages:  # a page: decided by its own (merged) front matter
            return True
        return self._dossier_public(posixpath.dirname(chemin))

    def _dossier_public(self, dossier: str) -> bool:
        """Does a file in this docs-relative folder belong to the public edition?"""
        if dossier not in self._dossiers:
            vis = self.corpus.visibilite_dossiers.get(dossier)
            if vis is not None:
                self._dossiers[dossier] = vis != "intranet"
            else:
                self._dossiers[dossier] = True if not dossier else self._dossier_public(posixpath.dirname(dossier))
        return self._dossiers[dossier]

    def visible(self, visibilite: str) -> bool:
        """Is an item (journal entry, indicator, series) with this visibility shown?"""
        return visibilite == "public" or not self.est_publique

    def preparer_markdown(self, markdown: str) -> str:
        return retirer_blocs_intranet(markdown) if self.est_publique else markdown
