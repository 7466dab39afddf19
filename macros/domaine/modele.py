"""The schema: every field of every source, declared once.

Plain pydantic models, no MkDocs. Error messages raised here are French and are shown to
the coordinator as they are (see ``load.traduire_erreur`` for pydantic's own errors).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from macros.domaine import fr

ID_ACTEUR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_FICHE = re.compile(r"^[0-9]+\.[0-9]+$")

Visibilite = Literal["public", "intranet"]


class _Modele(BaseModel):
    # Unknown keys are typos until proven otherwise: refuse them. Each model's validator is
    # built on its first validation (defer_build), not at import: the process that builds the
    # editions imports these classes but never validates (outils/preparation.py loads the
    # sources), and building them all costs 0.09 s.
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, defer_build=True)


# --- dates -----------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class DatePartielle:
    """A date known to the year (``2019``), the month (``2013-07``) or the day."""

    debut: _dt.date
    precision: Literal["annee", "mois", "jour"]

    @property
    def fin(self) -> _dt.date:
        """Last day of the period: a deadline ``2021`` runs until 31 December 2021."""
        if self.precision == "annee":
            return _dt.date(self.debut.year, 12, 31)
        if self.precision == "mois":
            nxt = _dt.date(self.debut.year + self.debut.month // 12, self.debut.month % 12 + 1, 1)
            return nxt - _dt.timedelta(days=1)
        return self.debut

    def __str__(self) -> str:
        if self.precision == "annee":
            return f"{self.debut.year:04d}"
        if self.precision == "mois":
            return f"{self.debut.year:04d}-{self.debut.month:02d}"
        return self.debut.isoformat()


_DATE_RX = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_reelle(value: Any, *, partielle: bool) -> Any:
    attendu = "une date AAAA-MM-JJ" + (", AAAA-MM ou AAAA" if partielle else "")
    if isinstance(value, DatePartielle):
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return DatePartielle(value, "jour") if partielle else value
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"date attendue ({attendu})")
    text = str(value).strip()
    m = _DATE_RX.match(text)
    if not m:
        raise ValueError(f"« {text} » n'est pas une date valide : écrivez {attendu}")
    year, month, day = int(m[1]), m[2], m[3]
    if not partielle and day is None:
        raise ValueError(f"« {text} » : date complète attendue (AAAA-MM-JJ)")
    try:
        d = _dt.date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise ValueError(f"« {text} » n'est pas une date qui existe (mois 1 à 12, jour valide pour le mois)") from None
    if not 1900 <= year <= 2200:
        raise ValueError(f"« {text} » : année hors limites (1900 à 2200)")
    if not partielle:
        return d
    return DatePartielle(d, "jour" if day else "mois" if month else "annee")


Date = Annotated[_dt.date, BeforeValidator(lambda v: _date_reelle(v, partielle=False))]
DateSouple = Annotated[Any, BeforeValidator(lambda v: _date_reelle(v, partielle=True))]


def _id_acteur(value: Any) -> str:
    if not isinstance(value, str) or not ID_ACTEUR.match(value):
        raise ValueError(
            f"« {value} » n'est pas un identifiant d'acteur valide "
            "(minuscules, chiffres et tirets, ex. police-municipale)"
        )
    return value


IdActeur = Annotated[str, BeforeValidator(_id_acteur)]


def _id_fiche(value: Any) -> str:
    if isinstance(value, float):  # `id: 1.7` unquoted in YAML; `1.10` would become 1.1
        raise ValueError(f'écrivez l\'identifiant entre guillemets : id: "{value}" (sinon 1.10 devient 1.1)')
    if not isinstance(value, str) or not ID_FICHE.match(value):
        raise ValueError(f'« {value} » n\'est pas un identifiant de fiche valide (ex. "1.7")')
    return value


IdFiche = Annotated[str, BeforeValidator(_id_fiche)]

Texte = Annotated[str, Field(min_length=1)]


def _vocabulaire(value: Any) -> Any:
    """Accept the human spelling of a code: « En cours » → en-cours, « réalisé » → realise."""
    if not isinstance(value, str):
        return value
    text = unicodedata.normalize("NFKD", value.strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s_']+", "-", text)


_V = TypeVar("_V")
# A vocabulary field (`Code[Statut]`): the human spelling is accepted, then checked against the Literal.
Code = Annotated[_V, BeforeValidator(_vocabulaire)]


# --- acteurs ---------------------------------------------------------------------------

Categorie = Literal[
    "commune",
    "etat",
    "justice",
    "departement",
    "metropole",
    "bailleur",
    "education",
    "transport",
    "association",
    "sante",
    "habitants",
    "autre",
]


class Acteur(_Modele):
    """A service, partner or institution (``data/acteurs.yml``)."""

    id: str = ""
    nom: Texte
    sigle: str | None = None
    categorie: Categorie = "autre"
    note: str | None = None


# --- échéance --------------------------------------------------------------------------

Recurrence = Literal["permanente", "annuelle", "semestrielle", "trimestrielle", "mensuelle"]
RECURRENCES = {
    "permanente": "Permanente",
    "annuelle": "Chaque année",
    "semestrielle": "Deux fois par an",
    "trimestrielle": "Chaque trimestre",
    "mensuelle": "Chaque mois",
}


class Echeance(_Modele):
    """A deadline: a year, a date or a recurrence, plus the document's own wording."""

    annee: int | None = Field(default=None, ge=1900, le=2200)
    date: Date | None = None
    recurrence: Code[Recurrence] | None = None
    libelle: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _raccourcis(cls, value: Any) -> Any:
        # `echeance: 2021` or `echeance: 2021-06-30` or `echeance: annuelle` are accepted.
        if value is None or value == {}:
            raise ValueError(
                "échéance vide — indiquez une année (ex. 2021), une date (ex. 2019-12-31) "
                "ou une récurrence (ex. annuelle)"
            )
        if isinstance(value, bool):
            raise ValueError("échéance attendue : une année, une date ou une récurrence")
        if isinstance(value, int):
            return {"annee": value}
        if isinstance(value, str):
            if value in RECURRENCES:
                return {"recurrence": value}
            if re.fullmatch(r"\d{4}", value.strip()):
                return {"annee": int(value)}
            return {"date": value}
        return value

    @model_validator(mode="after")
    def _une_seule_forme(self) -> Echeance:
        formes = [f for f in ("annee", "date", "recurrence") if getattr(self, f) is not None]
        if len(formes) != 1:
            raise ValueError(
                "indiquez exactement une forme d'échéance : « annee » (ex. 2021), "
                "« date » (ex. 2019-12-31) ou « recurrence » (" + ", ".join(RECURRENCES) + ")"
            )
        return self

    @property
    def forme(self) -> tuple[Literal["date", "annee", "recurrence"], _dt.date | int | str]:
        """The one place that decides the form of a deadline: a date, else a year, else a
        recurrence (the validator leaves exactly one); ``limite``, ``code`` and ``courte``
        derive from it."""
        if self.date is not None:
            return "date", self.date
        if self.annee is not None:
            return "annee", self.annee
        return "recurrence", self.recurrence or "permanente"

    @property
    def limite(self) -> _dt.date | None:
        """The last day the action may be completed, or None for a recurrence."""
        forme, valeur = self.forme
        if forme == "date":
            return valeur  # type: ignore[return-value]
        return _dt.date(valeur, 12, 31) if forme == "annee" else None  # type: ignore[arg-type]

    @property
    def code(self) -> str:
        """As written in YAML and in the open data: ``2019-12-31``, ``2021``, ``annuelle``."""
        forme, valeur = self.forme
        return valeur.isoformat() if isinstance(valeur, _dt.date) else str(valeur)

    @property
    def courte(self) -> str:
        """As shown: ``31 décembre 2019``, ``2021``, ``Deux fois par an`` (not escaped)."""
        forme, valeur = self.forme
        if forme == "recurrence":
            return RECURRENCES[valeur]  # type: ignore[index]
        return fr.date(valeur) if isinstance(valeur, _dt.date) else str(valeur)


# --- suivi (progress) ------------------------------------------------------------------

Statut = Literal["non-renseigne", "a-lancer", "en-cours", "realise", "permanent", "suspendu", "abandonne"]


@dataclass(frozen=True)
class DefStatut:
    libelle: str
    avancement: int | None  # default progress; None = unknown / not applicable
    termine: bool  # a finished or stopped action is never overdue
    definition: str = ""  # one sentence, shown in the dashboard's legend


# The vocabulary and its default progress (Decidim accountability: a status carries a
# default %, ``avancement`` overrides it). None means "no figure": such a fiche is left out
# of the averages and counted apart, never as 0 % (see suivi_calcul.cumul).
STATUTS: dict[str, DefStatut] = {
    "non-renseigne": DefStatut("Non renseigné", None, False, "Aucune information sur l'avancement n'a été publiée."),
    "a-lancer": DefStatut("À lancer", 0, False, "L'action n'a pas encore commencé."),
    "en-cours": DefStatut("En cours", 50, False, "L'action a commencé ; 50 % par défaut, sauf avancement indiqué."),
    "realise": DefStatut("Réalisé", 100, True, "L'action est achevée."),
    "permanent": DefStatut("Permanent", 100, True, "Le dispositif est en place et fonctionne de façon continue."),
    "suspendu": DefStatut(
        "Suspendu", None, False, "L'action est interrompue ; son avancement n'est compté que s'il est indiqué."
    ),
    "abandonne": DefStatut("Abandonné", None, True, "L'action ne sera pas menée ; elle n'entre pas dans les moyennes."),
}


class EntreeSuivi(_Modele):
    """One dated journal entry of a fiche.

    ``note``: an editor's note on the entry (e.g. why this date was chosen when the source
    does not give one), shown after the text wherever the entry is shown.
    """

    date: DateSouple
    texte: Texte
    note: Texte | None = None
    visibilite: Visibilite = "public"


Nombre = Annotated[float, Field(allow_inf_nan=False)]
Sens = Literal["hausse", "baisse", "maintien"]


class Valeur(_Modele):
    """The value of an indicator for one period; ``valeur: null`` = not available (n.d.)."""

    periode: DateSouple
    valeur: Nombre | None


class Cible(_Modele):
    """The target of an indicator: a value, the year it should be reached, the direction."""

    valeur: Nombre
    annee: int | None = Field(default=None, ge=1900, le=2200)
    sens: Code[Sens] | None = None  # default: from the sign of (cible - initial)


Frequence = Literal["mensuelle", "trimestrielle", "semestrielle", "annuelle", "ponctuelle"]
FREQUENCES: dict[str, str] = {
    # code: label of the measuring rhythm ("ponctuelle": measured once, e.g. a signature)
    "mensuelle": "Chaque mois",
    "trimestrielle": "Chaque trimestre",
    "semestrielle": "Deux fois par an",
    "annuelle": "Chaque année",
    "ponctuelle": "Une fois",
}
Nature = Literal["quantitatif", "qualitatif"]


def _frequence(value: Any) -> Any:
    # A French message naming the vocabulary (pydantic's own literal error is translated
    # too, but this one also explains what the field means).
    code = _vocabulaire(value)
    if value is not None and code not in FREQUENCES:
        raise ValueError(
            f"fréquence « {value} » inconnue — valeurs possibles : {', '.join(FREQUENCES)} "
            "(rythme de mesure donné par le document ; retirez le champ s'il n'en donne pas)"
        )
    return code


class IndicateurFiche(_Modele):
    """An indicator of a fiche (contexte | activité | résultat), as its « Évaluation » names it.

    ``libelle`` is the document's wording. ``initial`` is the baseline; when absent, the
    earliest available value is the baseline. No value, target or direction is written
    unless the document (or a partner's report) gives it.

    ``nature``: « qualitatif » for a criterion that is an appreciation or a yes/no fact
    (« bon déroulement des accueils », « signature effective »): it takes no numeric value,
    target or baseline; its appreciation is reported in the fiche's journal.
    ``frequence``: the measuring rhythm, where the document gives one; ``periode``: the
    document's own words on the period covered (« à long terme », « après plusieurs mois
    d'exercice »), where it gives them. ``sens``: the direction the document expects
    (« une tendance à la baisse »), without any target value. ``note``: an editor's note
    (how a sentence naming several measures was split, a reading that needed a choice).
    """

    id: Annotated[str, BeforeValidator(_id_acteur)]
    libelle: Texte
    type: Code[Literal["contexte", "activite", "resultat"]]
    unite: Texte = "nombre"
    nature: Code[Nature] = "quantitatif"
    frequence: Annotated[Frequence | None, BeforeValidator(_frequence)] = None
    periode: Texte | None = None
    sens: Code[Literal["hausse", "baisse"]] | None = None
    valeurs: list[Valeur] = []
    initial: Valeur | None = None
    cible: Cible | None = None
    source: str | None = None
    note: Texte | None = None
    visibilite: Visibilite = "public"

    @model_validator(mode="after")
    def _coherence(self) -> IndicateurFiche:
        if self.nature == "qualitatif":
            chiffres = [c for c in ("valeurs", "initial", "cible") if getattr(self, c)]
            if chiffres:
                raise ValueError(
                    f"indicateur qualitatif « {self.id} » : « {chiffres[0]} » n'est pas permis (pas de chiffre "
                    "pour une appréciation) — rapportez l'appréciation dans le journal de la fiche (« suivi »), "
                    "ou écrivez « nature: quantitatif » si c'est une mesure chiffrée"
                )
        if self.sens and self.cible is not None and self.cible.sens and self.cible.sens != self.sens:
            raise ValueError(f"« sens: {self.sens} » contredit « cible.sens: {self.cible.sens} » — gardez un seul sens")
        vues: set[str] = set()
        for v in self.valeurs:
            if str(v.periode) in vues:
                raise ValueError(f"période « {v.periode} » donnée deux fois dans « valeurs » — une valeur par période")
            vues.add(str(v.periode))
        if self.initial is not None and self.initial.valeur is None:
            raise ValueError("« initial » sans valeur : indiquez la valeur de référence, ou retirez « initial »")
        connues = sorted((v for v in self.valeurs if v.valeur is not None), key=lambda v: v.periode)
        base = self.initial or (connues[0] if connues else None)
        if self.cible is not None and self.cible.sens and base is not None and base.valeur is not None:
            ecart = self.cible.valeur - base.valeur
            if (self.cible.sens == "hausse" and ecart < 0) or (self.cible.sens == "baisse" and ecart > 0):
                raise ValueError(
                    f"cible incohérente : sens « {self.cible.sens} » mais la cible ({self.cible.valeur:g}) est "
                    f"{'inférieure' if ecart < 0 else 'supérieure'} à la valeur initiale ({base.valeur:g})"
                )
        return self


class ReglagesSuivi(_Modele):
    """Settings of progress tracking (``data/suivi.yml``, optional: defaults below)."""

    mois_sans_nouvelles: int = Field(default=6, ge=1, le=120)  # « sans nouvelles » after N months
    mois_echeance_proche: int = Field(default=6, ge=0, le=60)  # « échéances à venir » window


class Fiche(_Modele):
    """An action sheet: front matter of ``fiches/*.md``."""

    id: IdFiche
    titre: Texte
    titre_programme: str | None = None
    axe: int
    objectif: Texte
    pilote: Annotated[list[IdActeur], Field(min_length=1)]
    partenaires: list[IdActeur] = []
    echeance: Echeance
    statut: Code[Statut] = "non-renseigne"
    avancement: int | None = Field(default=None, ge=0, le=100)
    suivi: list[EntreeSuivi] = []
    indicateurs: list[IndicateurFiche] = []
    # The document's words when its « Évaluation » names no criterion yet (fiche 1.1:
    # « Indicateurs à définir. »): shown in place of the indicator cards, never turned
    # into an invented indicator. Exclusive with ``indicateurs``.
    indicateurs_a_definir: Texte | None = None
    visibilite: Visibilite = "public"

    # Filled by the loader, not by authors.
    source: str = Field(default="", exclude=True)
    corps: str = Field(default="", exclude=True)
    slug: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _indicateurs_ou_a_definir(self) -> Fiche:
        if self.indicateurs_a_definir and self.indicateurs:
            raise ValueError(
                "« indicateurs_a_definir » et « indicateurs » ensemble : le premier dit que le document ne nomme "
                "encore aucun indicateur — retirez-le si des indicateurs sont déclarés"
            )
        return self

    @property
    def numero(self) -> tuple[int, int]:
        a, b = self.id.split(".")
        return int(a), int(b)

    @property
    def libelle_statut(self) -> str:
        return STATUTS[self.statut].libelle


# --- axes ------------------------------------------------------------------------------


class Axe(_Modele):
    numero: int = Field(ge=1)
    titre: Texte
    titre_court: Texte
    page: Texte  # docs page of the axis, e.g. axes/axe-1.md


# --- pages -----------------------------------------------------------------------------


class MetaPage(BaseModel):
    """The part of a docs page's front matter that we read (other keys belong to MkDocs)."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    visibilite: Visibilite = "public"
    title: str | None = None

    @model_validator(mode="after")
    def _titre_sans_gabarit(self) -> MetaPage:
        # mkdocs-macros would read a title holding « {{ » as a template and hand MkDocs the
        # result raw, past the escaping of titles: refused, like « {{ » in a fiche.
        if self.title and any(m in self.title for m in ("{{", "{%", "{#")):
            raise ValueError(
                "« title » ne peut pas contenir « {{ », « {% » ni « {# » "
                "(syntaxe des gabarits) : écrivez le titre en texte simple"
            )
        return self


# --- comptes rendus --------------------------------------------------------------------

Instance = Literal[
    "assemblee-pleniere",
    "conseil-restreint",
    "cellule-de-veille",
    "groupe-thematique",
    "groupe-de-suivi-nominatif",
    "comite-technique",
]
INSTANCES: dict[str, tuple[str, Visibilite]] = {
    # instance: (label, default visibility)
    "assemblee-pleniere": ("Assemblée plénière", "public"),
    "conseil-restreint": ("Conseil restreint", "intranet"),
    "cellule-de-veille": ("Cellule de veille", "intranet"),
    "groupe-thematique": ("Groupe de travail thématique", "intranet"),
    "groupe-de-suivi-nominatif": ("Groupe de suivi nominatif", "intranet"),
    "comite-technique": ("Comité technique STSPD", "public"),
}


class _DeLInstance:
    """What a minute and a meeting derive from their CLSPD instance."""

    instance: str
    visibilite: Visibilite | None

    @property
    def visibilite_effective(self) -> Visibilite:
        return self.visibilite or INSTANCES[self.instance][1]

    @property
    def libelle_instance(self) -> str:
        return INSTANCES[self.instance][0]

    def _jamais_public_si_nominatif(self, refus: str) -> None:
        """The nominative follow-up group's records never go public (deontological charter):
        ``refus`` says so in the words of the kind of record."""
        if self.instance == "groupe-de-suivi-nominatif" and self.visibilite == "public":
            raise ValueError(f"{refus} : retirez « visibilite: public »")


class CompteRendu(_DeLInstance, _Modele):
    """Minutes of a CLSPD meeting: front matter of ``docs/comptes-rendus/*.md``."""

    date: Date
    instance: Code[Instance]
    titre: str | None = None
    participants: list[IdActeur] = []
    ordre_du_jour: list[Texte] = []
    decisions: list[Texte] = []
    fiches: list[IdFiche] = []
    visibilite: Visibilite | None = None

    source: str = Field(default="", exclude=True)

    @model_validator(mode="after")
    def _gsn_jamais_public(self) -> CompteRendu:
        self._jamais_public_si_nominatif(
            "un compte rendu du groupe de suivi nominatif ne peut jamais être public "
            "(informations nominatives, charte déontologique)"
        )
        return self


# --- réunions prévues (calendrier du CLSPD) -------------------------------------------

StatutReunion = Literal["a-venir", "tenue", "annulee"]
_HEURE_RX = re.compile(r"^(\d{1,2})\s*[:hH]\s*(\d{2})?$")


def _heure(value: Any) -> Any:
    """``"18:30"``, ``"18h30"``, ``"18h"``. Unquoted ``18:30`` reaches us as 1110: YAML 1.1
    reads it as a base-60 number (18 × 60 + 30), so such a number is turned back."""
    if value is None or isinstance(value, _dt.time):
        return value
    if isinstance(value, bool):
        raise ValueError('heure attendue, ex. "18:30"')
    if isinstance(value, int):
        if not 60 <= value < 24 * 60:
            raise ValueError(f'« {value} » : écrivez l\'heure entre guillemets, ex. "18:30"')
        return _dt.time(value // 60, value % 60)
    m = _HEURE_RX.match(str(value).strip())
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise ValueError(f'« {value} » n\'est pas une heure valide : écrivez HH:MM, ex. "18:30" (de 00:00 à 23:59)')
    return _dt.time(int(m[1]), int(m[2] or 0))


Heure = Annotated[_dt.time | None, BeforeValidator(_heure)]


class Reunion(_DeLInstance, _Modele):
    """A planned CLSPD meeting (``data/reunions.yml``). Times are Paris wall-clock times."""

    date: Date
    instance: Code[Instance]
    heure: Heure = None  # start; without it the meeting is a whole-day event
    fin: Heure = None
    titre: str | None = None
    lieu: str | None = None
    statut: Code[StatutReunion] = "a-venir"
    visibilite: Visibilite | None = None

    ligne: int = Field(default=0, exclude=True)  # line of the entry in the file (loader)

    @model_validator(mode="after")
    def _coherence(self) -> Reunion:
        self._jamais_public_si_nominatif(
            "une réunion du groupe de suivi nominatif ne peut jamais être publique (charte déontologique)"
        )
        if self.fin is not None and self.heure is None:
            raise ValueError("« fin » sans « heure » : indiquez aussi l'heure de début")
        if self.fin is not None and self.heure is not None and self.fin <= self.heure:
            raise ValueError(f"l'heure de fin ({self.fin:%H:%M}) doit suivre l'heure de début ({self.heure:%H:%M})")
        return self


# --- charte déontologique --------------------------------------------------------------


class SignataireCharte(_Modele):
    """One signature of the deontological charter (``data/charte-signataires.yml``)."""

    acteur: IdActeur
    signataire: Texte
    date: Date


# --- commune profile -------------------------------------------------------------------

INSEE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")  # 59350, 2A004: text, never a number


def _code_insee(value: Any) -> str:
    if not isinstance(value, str) or not INSEE.match(value.strip()):
        raise ValueError(f'code INSEE « {value} » invalide : 5 caractères entre guillemets, ex. "59350"')
    return value.strip()


def _url_web(value: Any) -> Any:
    """An absolute http(s) address: anything else (``javascript:``, a bare host, a path)
    would become a dead or dangerous link in every page."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError("adresse web attendue (https://…)")
    texte = value.strip()
    parties = urlsplit(texte)
    if parties.scheme not in ("http", "https") or not parties.netloc or any(c.isspace() for c in texte):
        raise ValueError(f"« {texte} » : adresse web complète attendue, commençant par https:// (ou http://)")
    return texte


UrlWeb = Annotated[str | None, BeforeValidator(_url_web)]

# Material for MkDocs' palette names (its documentation, « Changing the colors »): a name it
# does not know silently falls back to indigo, so a typo is refused here instead.
COULEURS_PRIMAIRES = (
    "red",
    "pink",
    "purple",
    "deep-purple",
    "indigo",
    "blue",
    "light-blue",
    "cyan",
    "teal",
    "green",
    "light-green",
    "lime",
    "yellow",
    "amber",
    "orange",
    "deep-orange",
    "brown",
    "grey",
    "blue-grey",
    "black",
    "white",
)
COULEURS_ACCENT = COULEURS_PRIMAIRES[:16]  # no brown, grey, blue-grey, black, white accents


def _couleur(noms: tuple[str, ...]) -> Any:
    def verifier(value: Any) -> Any:
        nom = value.strip().lower().replace(" ", "-") if isinstance(value, str) else value
        if nom not in noms:
            raise ValueError(f"couleur « {value} » inconnue : une de {', '.join(noms)}")
        return nom

    return BeforeValidator(verifier)


class Departement(_Modele):
    code: Annotated[str, Field(pattern=r"^(?:\d{2,3}|2[AB])$")]
    nom: Texte
    # How the site names it, article included (« Département du Nord », « de la Somme »,
    # « de l'Aisne »): French gives no rule from the name alone. Without it: « Département : Nord ».
    libelle: Texte | None = None


class PeriodeStrategie(_Modele):
    debut: Annotated[int, Field(ge=2000, le=2100)]
    fin: Annotated[int, Field(ge=2000, le=2100)]

    @model_validator(mode="after")
    def _ordre(self) -> PeriodeStrategie:
        if self.fin < self.debut:
            raise ValueError(f"la fin de la stratégie ({self.fin}) précède son début ({self.debut})")
        return self


class Site(_Modele):
    """One edition of the site: its name (``site_name``) and address (``site_url``)."""

    nom: Texte
    url: UrlWeb = None  # null while the address is not known: links stay relative


class Sites(_Modele):
    public: Site
    intranet: Site


A_COMPLETER = "à compléter"


class MentionsLegales(_Modele):
    """The legal notice's fields (``docs/mentions-legales.md``): « à compléter » (or null)
    while unknown. Every key must be written, so that none is forgotten."""

    directeur_publication: str | None
    hebergeur: str | None
    contact: str | None


class Forge(_Modele):
    # Prefix of the forge's edit links (« Modifier cette page », intranet edition only);
    # the source file's path in the project is appended to it.
    modifier: UrlWeb = None


class Couleurs(_Modele):
    primaire: Annotated[str, _couleur(COULEURS_PRIMAIRES)] = "indigo"
    accent: Annotated[str, _couleur(COULEURS_ACCENT)] = "indigo"


def _chemin_logo(value: Any) -> Any:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError("chemin d'un fichier sous docs/ attendu (ex. assets/logo.svg), ou null")
    texte = value.strip()
    parties = texte.split("/")
    if texte.startswith("/") or "\\" in texte or ":" in texte or any(p in ("", ".", "..") for p in parties):
        raise ValueError(f"« {texte} » : chemin relatif à docs/ attendu, sans « .. » (ex. assets/logo.svg)")
    return texte


class Commune(_Modele):
    """The commune profile (``data/commune.yml``): everything that names the commune, read
    by the configuration (``rendu/profil.py``), the templates and the generated pages."""

    nom: Texte
    insee: Annotated[str, BeforeValidator(_code_insee)]
    departement: Departement
    epci: str | None = None
    strategie: PeriodeStrategie
    sites: Sites
    description: Texte  # site_description
    droits: Texte  # copyright, in every page's footer
    mentions_legales: MentionsLegales
    forge: Forge = Field(default_factory=Forge)  # a factory: a default instance would build the model now
    logo: Annotated[str | None, BeforeValidator(_chemin_logo)] = None  # a file under docs/
    couleurs: Couleurs = Field(default_factory=Couleurs)

    def site(self, edition: str) -> Site:
        """The profile of the edition ``edition`` (« public » or « intranet »)."""
        return self.sites.intranet if edition == "intranet" else self.sites.public
