"""Published open data, before any file format: the ``Table`` a page hands over for a CSV
file, and the column contract of the dashboard's files (``suivi/fiches.*``,
``suivi/indicateurs.*``).

Rendering modules build a ``Table`` (header and rows of plain values); ``export/csv.py``
alone decides how it is written, so that every published CSV has the same dialect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from macros.domaine.modele import FREQUENCES, STATUTS


@dataclass(frozen=True)
class Table:
    """One published data file: a header row and rows of values (``None``, bool, numbers,
    texts, lists of texts), in the order of the header."""

    entetes: tuple[str, ...]
    lignes: tuple[tuple[object, ...], ...]

    @classmethod
    def de(cls, entetes: Sequence[str], lignes: Sequence[Sequence[object]]) -> Table:
        return cls(tuple(entetes), tuple(tuple(ligne) for ligne in lignes))


# (name, Table Schema type, description). The order and names are a published contract:
# add columns at the end, never rename or remove one.
COLONNES_FICHES: tuple[tuple[str, str, str], ...] = (
    ("id", "string", "Numéro de la fiche (ex. 1.7)"),
    ("titre", "string", "Titre de la fiche"),
    ("axe", "integer", "Numéro de l'axe de la stratégie"),
    ("pilotes", "string", "Identifiants des pilotes (data/acteurs.yml), séparés par « ; »"),
    ("pilotes_noms", "string", "Noms des pilotes, séparés par « ; »"),
    ("partenaires", "string", "Identifiants des partenaires, séparés par « ; »"),
    ("echeance", "string", "Échéance : AAAA-MM-JJ, AAAA ou récurrence (permanente, annuelle, semestrielle…)"),
    ("echeance_limite", "date", "Dernier jour de l'échéance (AAAA-MM-JJ), vide pour une récurrence"),
    ("statut", "string", "Code du statut : " + ", ".join(STATUTS)),
    ("statut_libelle", "string", "Libellé du statut"),
    ("avancement", "integer", "Avancement effectif en % (0 à 100), vide si non chiffré"),
    ("avancement_origine", "string", "« saisi » (pourcentage de la fiche), « statut » (valeur par défaut) ou vide"),
    ("situation_echeance", "string", "depassee, passee-non-renseignee, proche, a-venir, sans-objet ou recurrente"),
    ("echeance_depassee", "boolean", "true si l'échéance est dépassée (statut à lancer, en cours ou suspendu)"),
    (
        "derniere_mise_a_jour",
        "string",
        "Date de la plus récente entrée du journal (AAAA, AAAA-MM ou AAAA-MM-JJ), vide si aucune",
    ),
    ("sans_nouvelles", "boolean", "true si aucune entrée de journal depuis le nombre de mois réglé"),
    ("entrees_journal", "integer", "Nombre d'entrées du journal publiées"),
    ("indicateurs", "integer", "Nombre d'indicateurs publiés"),
    (
        "fichier_modifie_le",
        "date",
        "Date du dernier changement du fichier de la fiche (historique git), vide si inconnue",
    ),
    ("visibilite", "string", "public ou intranet"),
    ("indicateurs_sans_valeur", "integer", "Nombre d'indicateurs publiés qui n'ont encore aucune valeur"),
    (
        "indicateurs_a_definir",
        "string",
        "Mots du document quand il ne nomme encore aucun indicateur (« Indicateurs à définir. »), vide sinon",
    ),
)

COLONNES_INDICATEURS: tuple[tuple[str, str, str], ...] = (
    ("fiche_id", "string", "Numéro de la fiche"),
    ("indicateur_id", "string", "Identifiant de l'indicateur dans la fiche"),
    ("libelle", "string", "Libellé de l'indicateur"),
    ("type", "string", "contexte, activite ou resultat"),
    ("unite", "string", "Unité des valeurs"),
    ("periode", "string", "Période de la valeur (AAAA, AAAA-MM ou AAAA-MM-JJ), vide si l'indicateur n'a aucune valeur"),
    ("valeur", "number", "Valeur (virgule décimale dans le CSV), vide si non disponible"),
    ("nature", "string", "« mesure » ou « initiale » (valeur de référence déclarée), vide si aucune valeur"),
    ("valeur_initiale", "number", "Valeur initiale de l'indicateur (déclarée, sinon la plus ancienne connue)"),
    ("valeur_actuelle", "number", "Dernière valeur connue"),
    ("cible_valeur", "number", "Valeur cible, vide si aucune"),
    ("cible_annee", "integer", "Année de la cible"),
    ("cible_sens", "string", "hausse, baisse ou maintien (déclaré, sinon déduit de la cible)"),
    (
        "taux_realisation",
        "number",
        "(actuelle − initiale) ÷ (cible − initiale) × 100, en %, arrondi à 0,1 ; vide si non calculable",
    ),
    ("source", "string", "Source des données"),
    ("visibilite", "string", "public ou intranet"),
    (
        "aucune_valeur",
        "boolean",
        "true tant qu'aucune valeur n'est rapportée pour l'indicateur (ni initiale, ni mesure)",
    ),
    (
        "nature_indicateur",
        "string",
        "quantitatif, ou qualitatif (appréciation rapportée dans le journal, sans valeur chiffrée)",
    ),
    ("frequence", "string", "Rythme de mesure donné par le document (" + ", ".join(FREQUENCES) + "), vide sinon"),
    ("periode_document", "string", "Période couverte, dans les mots du document, vide s'il n'en donne pas"),
    ("sens_attendu", "string", "hausse ou baisse attendue par le document sans valeur cible, vide sinon"),
    ("note", "string", "Note de la rédaction (découpage d'une phrase du document, lecture retenue)"),
)
