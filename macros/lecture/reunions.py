"""Planned CLSPD meetings, ``data/reunions.yml``, read and validated; the warnings that time
makes stale (a past meeting still « à venir », a minute dated in the future)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from zoneinfo import ZoneInfo

from macros.domaine import fr
from macros.domaine.modele import CompteRendu, Reunion
from macros.lecture.erreurs import Collecteur, Probleme
from macros.lecture.fichiers import lire_yaml
from macros.lecture.validation import _ligne, valider

FICHIER = "data/reunions.yml"
FUSEAU = ZoneInfo("Europe/Paris")
UTC = _dt.UTC


def charger(racine: Path, col: Collecteur) -> list[Reunion]:
    """``data/reunions.yml`` (optional): ``reunions:`` followed by one entry per meeting."""
    if not (racine / FICHIER).exists():
        return []
    doc = lire_yaml(racine / FICHIER, FICHIER, col)
    if doc is None:
        return []
    if not isinstance(doc.data, dict) or "reunions" not in doc.data:
        col.ajouter(
            FICHIER,
            1,
            "champ « reunions » attendu, suivi d'une ligne « - date: … » par réunion "
            "(« reunions: » seul tant qu'aucune réunion n'est annoncée)",
        )
        return []
    liste = doc.data["reunions"] or []  # « reunions: » alone: nothing announced yet
    if not isinstance(liste, list):
        col.ajouter(
            FICHIER,
            doc.ligne(("reunions",)),
            "champ « reunions » : liste attendue, une entrée « - date: … » par réunion",
        )
        return []
    out: list[Reunion] = []
    vues: dict[tuple[object, ...], int] = {}
    for i, item in enumerate(liste):
        sous = doc.sous("reunions", i)
        ligne = _ligne(sous, ("date",), 0) or doc.ligne(("reunions", i))
        # Where a stale « à venir » is reported: the statut line if written, else the date's.
        ligne_statut = _ligne(sous, ("statut",), 0) or ligne
        r = valider(Reunion, item, sous, FICHIER, 0, col, ligne=ligne_statut or 0)
        if r is None:
            continue
        cle = (r.date, r.instance)
        if cle in vues:
            col.ajouter(
                FICHIER,
                ligne,
                f"réunion « {r.libelle_instance} » du {fr.date(r.date)} déjà déclarée "
                f"ligne {vues[cle]} — une entrée par réunion",
            )
            continue
        vues[cle] = ligne or 0
        for champ in ("heure", "fin"):
            h = getattr(r, champ)
            if h is not None and not heure_existe(r.date, h):
                col.ajouter(
                    FICHIER,
                    _ligne(sous, (champ,), 0),
                    f"champ « {champ} » : {h:%H:%M} n'existe pas le {fr.date(r.date)} à Paris "
                    "(passage à l'heure d'été) — choisissez une autre heure",
                )
        out.append(r)
    return sorted(out, key=lambda r: (r.date, r.heure or _dt.time(0), r.instance))


def heure_existe(jour: _dt.date, heure: _dt.time) -> bool:
    """False for the hour skipped when Paris moves to summer time (02:00–02:59 in March)."""
    local = _dt.datetime.combine(jour, heure, tzinfo=FUSEAU)
    return local.astimezone(UTC).astimezone(FUSEAU).replace(tzinfo=None) == local.replace(tzinfo=None)


def _ligne_date(chemin: Path) -> int | None:
    try:
        lignes = chemin.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((i for i, ligne in enumerate(lignes, 1) if ligne.startswith("date:")), None)


def avertissements(
    racine: Path, reunions: list[Reunion], comptes_rendus: list[CompteRendu], aujourdhui: _dt.date
) -> list[Probleme]:
    """Bookkeeping that time makes stale: warnings, never errors (see README).

    A build must not start failing the morning after a meeting merely because the date
    passed: the site would stop updating until someone edits a file. ``make check`` and
    ``make site`` print these; the calendar already treats a past meeting as past.
    """
    out: list[Probleme] = []
    for r in reunions:
        if r.statut == "a-venir" and r.date < aujourdhui:
            out.append(
                Probleme(
                    FICHIER,
                    r.ligne or None,
                    f"la réunion « {r.libelle_instance} » du {fr.date(r.date)} est passée mais reste "
                    "« à venir » — indiquez « statut: tenue » (ou « annulee »), ou retirez-la "
                    "une fois son compte rendu publié",
                )
            )
    for cr in comptes_rendus:
        if cr.date > aujourdhui:
            out.append(
                Probleme(
                    cr.source,
                    _ligne_date(racine / cr.source),
                    f"compte rendu daté du {fr.date(cr.date)}, dans le futur — "
                    f"une réunion prévue s'inscrit dans {FICHIER}",
                )
            )
    return out
