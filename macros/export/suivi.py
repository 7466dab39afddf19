"""Open-data files of the dashboard: ``suivi/fiches.csv|json``, ``suivi/indicateurs.csv|json``
and ``suivi/datapackage.json``, for one edition (only what that edition shows).

The rows are plain values; ``export/csv.py`` writes the CSV files in the site's one dialect,
the JSON files carry the same rows (numbers as numbers, unknown as ``null``).
"""

from __future__ import annotations

import datetime as _dt
import json

from macros.domaine import suivi as calc
from macros.domaine.corpus import Corpus
from macros.domaine.donnees import COLONNES_FICHES, COLONNES_INDICATEURS
from macros.domaine.editions import Edition
from macros.export import csv
from macros.lecture import historique
from macros.rendu.avancement import _situation, fiches_edition, indicateurs_visibles, reglages
from macros.rendu.cartes_indicateurs import sans_valeur
from macros.rendu.fragments import nom_acteur


def _csv(colonnes: tuple[tuple[str, str, str], ...], lignes: list[dict]) -> bytes:
    return csv.ecrire([c[0] for c in colonnes], [[ligne[c[0]] for c in colonnes] for ligne in lignes])


def _json(
    titre: str, colonnes: tuple[tuple[str, str, str], ...], lignes: list[dict], edition: Edition, aujourdhui: _dt.date
) -> bytes:
    doc = {
        "titre": titre,
        "edition": edition.nom,
        "date": aujourdhui.isoformat(),
        "colonnes": [{"nom": n, "type": t, "description": d} for n, t, d in colonnes],
        "lignes": lignes,
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def lignes_fiches(
    corpus: Corpus, edition: Edition, aujourdhui: _dt.date, modifs: dict[str, _dt.date] | None = None
) -> list[dict]:
    r = reglages(corpus)
    modifs = modifs or {}
    out = []
    for f in fiches_edition(corpus, edition):
        e = f.echeance
        derniere = calc.derniere_entree(f, edition.visible)
        sit = _situation(f, aujourdhui, r)
        out.append(
            {
                "id": f.id,
                "titre": f.titre,
                "axe": f.axe,
                "pilotes": list(f.pilote),
                "pilotes_noms": [nom_acteur(corpus.acteurs[i]) if i in corpus.acteurs else i for i in f.pilote],
                "partenaires": list(f.partenaires),
                "echeance": e.code,
                "echeance_limite": e.limite.isoformat() if e.limite else None,
                "statut": f.statut,
                "statut_libelle": f.libelle_statut,
                "avancement": calc.avancement(f),
                "avancement_origine": calc.origine_avancement(f) or None,
                "situation_echeance": sit,
                "echeance_depassee": sit == "depassee",
                "derniere_mise_a_jour": str(derniere.date) if derniere else None,
                "sans_nouvelles": calc.sans_nouvelles(f, aujourdhui, r.mois_sans_nouvelles, edition.visible),
                "entrees_journal": len(calc.journal(f, edition.visible)),
                "indicateurs": len(indicateurs_visibles(f, edition)),
                "fichier_modifie_le": modifs[f.source].isoformat() if f.source in modifs else None,
                "visibilite": f.visibilite,
                "indicateurs_sans_valeur": sum(1 for i in indicateurs_visibles(f, edition) if sans_valeur(i)),
                "indicateurs_a_definir": f.indicateurs_a_definir,
            }
        )
    return out


def lignes_indicateurs(corpus: Corpus, edition: Edition) -> list[dict]:
    out = []
    for f in fiches_edition(corpus, edition):
        for ind in indicateurs_visibles(f, edition):
            s = calc.synthese(ind)
            commun = {
                "fiche_id": f.id,
                "indicateur_id": ind.id,
                "libelle": ind.libelle,
                "type": ind.type,
                "unite": ind.unite,
                "valeur_initiale": s.initial.valeur if s.initial else None,
                "valeur_actuelle": s.actuel.valeur if s.actuel else None,
                "cible_valeur": ind.cible.valeur if ind.cible else None,
                "cible_annee": ind.cible.annee if ind.cible else None,
                "cible_sens": s.sens if ind.cible else None,
                "taux_realisation": round(s.taux * 100, 1) if s.taux is not None else None,
                "source": ind.source,
                "visibilite": ind.visibilite,
                "aucune_valeur": s.initial is None and s.actuel is None,
                "nature_indicateur": ind.nature,
                "frequence": ind.frequence,
                "periode_document": ind.periode,
                "sens_attendu": ind.sens,
                "note": ind.note,
            }
            valeurs = [(v, "mesure") for v in s.serie]
            if ind.initial is not None and all(v.periode != ind.initial.periode for v in s.serie):
                valeurs.insert(0, (ind.initial, "initiale"))
            if not valeurs:
                out.append({**commun, "periode": None, "valeur": None, "nature": None})
            for v, nature in valeurs:
                out.append({**commun, "periode": str(v.periode), "valeur": v.valeur, "nature": nature})
    return [{c[0]: ligne[c[0]] for c in COLONNES_INDICATEURS} for ligne in out]


def titre_donnees(corpus: Corpus) -> str:
    """Title of the dashboard's open data (JSON: plain text, the format escapes)."""
    nom = corpus.commune.nom if corpus.commune is not None else "la commune"
    return f"Suivi des fiches-actions de la STSPD de {nom}"


def _datapackage(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> bytes:
    """A Frictionless Data Package describing both CSV files (dialect, types, descriptions)."""

    def champ(nom: str, type_: str, description: str) -> dict:
        f = {"name": nom, "type": type_, "description": description}
        if type_ == "number":
            f["decimalChar"] = csv.VIRGULE
        return f

    def ressource(nom: str, titre: str, colonnes: tuple[tuple[str, str, str], ...]) -> dict:
        return {
            "name": nom,
            "path": f"{nom}.csv",
            "title": titre,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",  # with a byte-order mark, which Frictionless readers skip
            "dialect": csv.DIALECTE,
            "schema": {"fields": [champ(n, t, d) for n, t, d in colonnes]},
        }

    doc = {
        "name": f"stspd-suivi-{edition.nom}",
        "title": titre_donnees(corpus),
        "created": aujourdhui.isoformat(),
        "resources": [
            ressource("fiches", "Une ligne par fiche-action", COLONNES_FICHES),
            ressource("indicateurs", "Une ligne par valeur d'indicateur", COLONNES_INDICATEURS),
        ],
    }
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def exports(corpus: Corpus, edition: Edition, aujourdhui: _dt.date) -> dict[str, bytes]:
    """Open-data files of the dashboard (site path → bytes). Only what the edition shows."""
    modifs = historique.dates(corpus.racine)
    fiches = lignes_fiches(corpus, edition, aujourdhui, modifs)
    inds = lignes_indicateurs(corpus, edition)
    titre = titre_donnees(corpus)
    return {
        "suivi/fiches.csv": _csv(COLONNES_FICHES, fiches),
        "suivi/fiches.json": _json(titre + " — une ligne par fiche", COLONNES_FICHES, fiches, edition, aujourdhui),
        "suivi/indicateurs.csv": _csv(COLONNES_INDICATEURS, inds),
        "suivi/indicateurs.json": _json(
            titre + " — une ligne par valeur d'indicateur", COLONNES_INDICATEURS, inds, edition, aujourdhui
        ),
        "suivi/datapackage.json": _datapackage(corpus, edition, aujourdhui),
    }
