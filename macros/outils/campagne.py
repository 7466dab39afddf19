"""``make campagne``: one ODS spreadsheet per actor, for the yearly progress report.

Each actor who pilots or partners at least one fiche gets ``campagne/AAAA-<acteur>.ods``
with three sheets a partner reads (« Fiches », « Indicateurs », « Mode d'emploi ») and a
hidden one (« Campagne ») that identifies the file, so ``make import-campagne`` refuses
anything else. ODS is the format the Référentiel Général d'Interopérabilité prescribes;
LibreOffice and Excel both open it (tested with LibreOffice headless).

The column headers are an interface (other tools read them): never rename one. The import
(``import_campagne``) reads columns by header, not by position.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from macros.domaine.corpus import Corpus
from macros.domaine.modele import STATUTS, Fiche, IndicateurFiche
from macros.lecture.erreurs import SourcesInvalides
from macros.lecture.sources import charger_corpus
from macros.outils.date_build import date_ou_message

MARQUEUR = "campagne-stspd/1"  # B1 of the hidden sheet: what makes a file a campaign file
DOSSIER = "campagne"

F_FICHES = "Fiches"
F_INDICATEURS = "Indicateurs"
F_MODE = "Mode d'emploi"
F_CAMPAGNE = "Campagne"

Colonne = tuple[str, bool, float]  # (header, editable, width in cm)


def _disposition() -> dict[str, list[Colonne]]:
    """The columns of the two data sheets, a table of data beside this module
    (``campagne.toml``, read once at import)."""
    brut = tomllib.loads(Path(__file__).with_name("campagne.toml").read_text(encoding="utf-8"))
    return {feuille: [(str(t), bool(m), float(lg)) for t, m, lg in colonnes] for feuille, colonnes in brut.items()}


_DISPOSITION = _disposition()
COLONNES_FICHES: list[Colonne] = _DISPOSITION["fiches"]
COLONNES_INDICATEURS: list[Colonne] = _DISPOSITION["indicateurs"]
# The headers the code writes and reads by name (the validations here, make import-campagne).
(
    C_FICHE,
    C_TITRE,
    C_STATUT_ACTUEL,
    C_STATUT,
    C_AVANCEMENT,
    C_DATE,
    C_ENTREE,
    C_VISIBILITE,
    C_ROLE,
    C_AVANCEMENT_ACTUEL,
    C_DERNIERE,
) = (t for t, _, _ in COLONNES_FICHES)
(
    I_FICHE,
    I_ID,
    I_LIBELLE,
    I_TYPE,
    I_UNITE,
    I_PERIODE,
    I_DERNIERE,
    I_PERIODE_DERNIERE,
    I_CIBLE,
    I_ANNEE_CIBLE,
    I_VALEUR,
    I_SENS,
    I_PERIODE_DOC,
) = (t for t, _, _ in COLONNES_INDICATEURS)
SENS = {"hausse": "à la hausse", "baisse": "à la baisse", "maintien": "maintien"}
TYPES = {"contexte": "contexte", "activite": "activité", "resultat": "résultat"}
VISIBILITES = ("intranet", "public")  # the first one is the default: publishing is a choice
ND = "n.d."  # « not available »: written as ``valeur: null``


@dataclass(frozen=True)
class Ligne:
    """One indicator × period row of the « Indicateurs » sheet."""

    fiche: Fiche
    indicateur: IndicateurFiche
    periode: str


def acteurs_concernes(corpus: Corpus) -> list[str]:
    """Actors who pilot or partner at least one fiche, in the order of data/acteurs.yml."""
    concernes = {a for f in corpus.fiches for a in (*f.pilote, *f.partenaires)}
    return [a for a in corpus.acteurs if a in concernes]


def fiches_de(corpus: Corpus, acteur: str) -> list[Fiche]:
    return [f for f in corpus.fiches if acteur in f.pilote or acteur in f.partenaires]


def periodes(ind: IndicateurFiche, annee: int, aujourdhui: _dt.date) -> list[str]:
    """The periods to fill in for this campaign.

    A monthly indicator gets one row per month of the year (up to the current month); any
    other one gets the year: the schema's periods are a year, a month or a day, so a
    quarter or a semester cannot be told apart and is reported for the year. A one-off
    measure (« ponctuelle ») already measured has nothing left to fill in.
    """
    frequence = getattr(ind, "frequence", None)
    if frequence == "ponctuelle" and any(v.valeur is not None for v in ind.valeurs):
        return []
    if frequence == "mensuelle":
        dernier = aujourdhui.month if annee == aujourdhui.year else 12
        return [f"{annee:04d}-{m:02d}" for m in range(1, dernier + 1)]
    return [str(annee)]


def chiffre(ind: IndicateurFiche) -> bool:
    """A qualitative criterion takes no figure: its appreciation goes in the journal."""
    return getattr(ind, "nature", "quantitatif") != "qualitatif"


def lignes_indicateurs(corpus: Corpus, acteur: str, annee: int, aujourdhui: _dt.date) -> list[Ligne]:
    return [
        Ligne(f, ind, p)
        for f in fiches_de(corpus, acteur)
        for ind in f.indicateurs
        if chiffre(ind)
        for p in periodes(ind, annee, aujourdhui)
    ]


def nom_fichier(acteur: str, annee: int) -> str:
    return f"{annee}-{acteur}.ods"


def libelles_statuts() -> list[str]:
    return [d.libelle for d in STATUTS.values()]


# --- writing ---------------------------------------------------------------------------


def _nombre_affiche(v: float) -> str:
    from macros.domaine import fr

    return fr.nombre(v)


class _Styles:
    """The few cell styles of a campaign file (automatic styles of content.xml)."""

    def __init__(self, doc) -> None:
        from odf.number import DateStyle, Day, Month, Year
        from odf.number import Text as NText
        from odf.style import Style, TableCellProperties, TableColumnProperties, TableProperties, TextProperties

        self.doc = doc
        date = DateStyle(name="N-date")
        date.addElement(Day(style="long"))
        date.addElement(NText(text="/"))
        date.addElement(Month(style="long"))
        date.addElement(NText(text="/"))
        date.addElement(Year(style="long"))
        doc.automaticstyles.addElement(date)

        def cellule(nom: str, modifiable: bool, fond: str, gras: bool = False, **extra) -> Style:
            st = Style(name=nom, family="table-cell", **extra)
            st.addElement(
                TableCellProperties(
                    cellprotect="none" if modifiable else "protected",
                    backgroundcolor=fond,
                    wrapoption="wrap",
                    verticalalign="top",
                    border="0.5pt solid #b0b0b0",
                )
            )
            if gras:
                st.addElement(TextProperties(fontweight="bold"))
            doc.automaticstyles.addElement(st)
            return st

        self.entete = cellule("ce-entete", False, "#dde4ee", gras=True)
        self.lecture = cellule("ce-lecture", False, "#f2f2f2")
        self.saisie = cellule("ce-saisie", True, "#ffffff")
        self.saisie_date = cellule("ce-saisie-date", True, "#ffffff", datastylename="N-date")
        self.texte = Style(name="ce-texte", family="table-cell")
        self.texte.addElement(TableCellProperties(wrapoption="wrap", verticalalign="top"))
        doc.automaticstyles.addElement(self.texte)
        self.titre = Style(name="ce-titre", family="table-cell")
        self.titre.addElement(TextProperties(fontweight="bold", fontsize="14pt"))
        doc.automaticstyles.addElement(self.titre)
        self.table = Style(name="ta-visible", family="table")
        self.table.addElement(TableProperties(display="true"))
        doc.automaticstyles.addElement(self.table)
        self.cachee = Style(name="ta-cachee", family="table")
        self.cachee.addElement(TableProperties(display="false"))
        doc.automaticstyles.addElement(self.cachee)
        self._colonnes: dict[float, Style] = {}
        self._TableColumnProperties = TableColumnProperties
        self._Style = Style

    def colonne(self, largeur: float):
        if largeur not in self._colonnes:
            st = self._Style(name=f"co-{len(self._colonnes) + 1}", family="table-column")
            st.addElement(self._TableColumnProperties(columnwidth=f"{largeur}cm"))
            self.doc.automaticstyles.addElement(st)
            self._colonnes[largeur] = st
        return self._colonnes[largeur]


def _cellule(valeur, style, validation: str | None = None):
    from odf import teletype
    from odf.table import TableCell
    from odf.text import P

    attrs = {"stylename": style}
    if validation:
        attrs["contentvalidationname"] = validation
    if valeur is None or valeur == "":
        return TableCell(**attrs)
    if isinstance(valeur, bool):
        raise TypeError("booléen inattendu dans un fichier de campagne")
    if isinstance(valeur, (int, float)):
        c = TableCell(valuetype="float", value=valeur, **attrs)
        c.addElement(P(text=_nombre_affiche(valeur)))
        return c
    c = TableCell(valuetype="string", **attrs)
    p = P()
    teletype.addTextToElement(p, str(valeur))
    c.addElement(p)
    return c


def _validations(doc, sheet: str) -> None:
    """Drop-down lists and the 0–100 range (table:content-validations of content.xml)."""
    from odf.table import ContentValidation, ContentValidations, ErrorMessage, HelpMessage
    from odf.text import P

    def liste(valeurs: list[str]) -> str:
        return "of:cell-content-is-in-list(" + ";".join('"' + v.replace('"', '""') + '"' for v in valeurs) + ")"

    cvs = ContentValidations()
    for nom, condition, titre, aide, erreur in (
        (
            "val-statut",
            liste(libelles_statuts()),
            "Statut",
            "Choisissez le statut de l'action dans la liste (laissez vide s'il ne change pas).",
            "Statut inconnu : choisissez une valeur de la liste.",
        ),
        (
            "val-avancement",
            "of:cell-content-is-whole-number() and cell-content-is-between(0,100)",
            "Avancement (%)",
            "Nombre entier de 0 à 100 (laissez vide pour garder l'avancement du statut).",
            "L'avancement est un nombre entier de 0 à 100.",
        ),
        (
            "val-visibilite",
            liste(list(VISIBILITES)),
            "Visibilité de l'entrée",
            "intranet : visible des seuls partenaires ; public : publié sur le site de la ville.",
            "Choisissez intranet ou public.",
        ),
    ):
        cv = ContentValidation(
            name=nom,
            condition=condition,
            allowemptycell="true",
            basecelladdress=f"'{sheet}'.A1",
            displaylist="unsorted",
        )
        hm = HelpMessage(title=titre, display="true")
        hm.addElement(P(text=aide))
        cv.addElement(hm)
        em = ErrorMessage(title=titre, messagetype="stop", display="true")
        em.addElement(P(text=erreur))
        cv.addElement(em)
        cvs.addElement(cv)
    doc.spreadsheet.addElement(cvs)


def _feuille(
    doc,
    styles: _Styles,
    nom: str,
    colonnes,
    lignes: list[list],
    validations: dict[str, str],
    cachee: bool = False,
    protegee: bool = True,
):
    from odf.table import Table, TableColumn, TableRow

    t = Table(name=nom, stylename=styles.cachee if cachee else styles.table)
    if protegee:
        t.setAttribute("protected", "true")
    for _titre, _modifiable, largeur in colonnes:
        t.addElement(TableColumn(stylename=styles.colonne(largeur)))
    entete = TableRow()
    for titre, _m, _l in colonnes:
        entete.addElement(_cellule(titre, styles.entete))
    t.addElement(entete)
    for ligne in lignes:
        tr = TableRow()
        for (titre, modifiable, _l), valeur in zip(colonnes, ligne, strict=True):
            if modifiable:
                style = styles.saisie_date if titre == C_DATE else styles.saisie
            else:
                style = styles.lecture
            tr.addElement(_cellule(valeur, style, validations.get(titre) if modifiable else None))
        t.addElement(tr)
    doc.spreadsheet.addElement(t)
    return t


def _derniere_entree(f: Fiche) -> str:
    if not f.suivi:
        return ""
    e = max(f.suivi, key=lambda e: e.date)
    return f"{e.date} — {e.texte}" + (" (intranet)" if e.visibilite == "intranet" else "")


def _derniere_valeur(ind: IndicateurFiche):
    connues = sorted((v for v in ind.valeurs), key=lambda v: v.periode)
    return connues[-1] if connues else None


def mode_d_emploi(corpus: Corpus, acteur: str, annee: int) -> list[str]:
    nom = corpus.acteurs[acteur].nom
    debut = corpus.commune.strategie.debut if corpus.commune else annee
    statuts = ", ".join(f"« {d.libelle} »" for d in STATUTS.values())
    return [
        f"Suivi {annee} de la stratégie territoriale de sécurité et de prévention de la délinquance",
        f"Fichier de : {nom}",
        "",
        "À quoi sert ce fichier",
        "Il recueille, pour chaque fiche-action dont vous êtes pilote ou partenaire, où en est l'action et "
        "les chiffres des indicateurs. Le coordonnateur du CLSPD l'importe tel quel dans le site : "
        "ne changez ni le nom des feuilles, ni les titres des colonnes, ni la colonne « Fiche ».",
        "",
        "Feuille « Fiches » : une ligne par fiche-action",
        "Les colonnes grisées rappellent l'état actuel et ne se modifient pas. Remplissez les colonnes blanches, "
        "et laissez vide ce qui ne change pas.",
        f"• Statut : choisissez dans la liste ({statuts}).",
        "• Avancement (%) : un nombre entier de 0 à 100, si vous connaissez un avancement plus précis que celui "
        "du statut. Pas d'avancement pour « Non renseigné ». Si vous changez le statut sans indiquer "
        "d'avancement, c'est l'avancement par défaut du nouveau statut qui s'applique.",
        f"• Date de l'entrée : la date des faits que vous rapportez (JJ/MM/AAAA), ni dans le futur, ni avant {debut}.",
        "• Nouvelle entrée du journal : une ou deux phrases sur l'avancement de l'action. "
        "Aucun nom de personne, numéro de téléphone, adresse ou immatriculation (charte déontologique).",
        "• Visibilité de l'entrée : « intranet » (par défaut) la réserve aux partenaires du CLSPD ; "
        "choisissez « public » pour qu'elle soit publiée sur le site de la ville.",
        "",
        "Feuille « Indicateurs » : une ligne par indicateur et par période",
        "La dernière valeur connue et la cible sont rappelées. Écrivez la valeur de la période dans la "
        f"colonne « Valeur » (un nombre, ex. 12 ou 12,5), ou « {ND} » si la donnée n'est pas disponible. "
        "Laissez vide si vous ne savez pas. Les critères qui ne se chiffrent pas (une appréciation, une "
        "signature…) n'ont pas de ligne : rapportez-les dans le journal, feuille « Fiches ».",
        "",
        "Et ensuite",
        "Enregistrez le fichier (au format ODS ou Excel, les deux sont acceptés) et renvoyez-le au "
        "coordonnateur du CLSPD. S'il contient une erreur, il vous sera retourné avec la liste des cellules "
        "à corriger ; rien n'est publié tant que le fichier n'est pas entièrement valide. Une valeur ou une "
        "entrée différente de celle déjà enregistrée n'écrase jamais l'existante : le coordonnateur vous "
        "recontactera.",
    ]


def ecrire(corpus: Corpus, acteur: str, annee: int, chemin: Path, cree_le: _dt.date) -> None:
    """Write the campaign file of one actor."""
    from odf.dc import Title
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableColumn, TableRow

    doc = OpenDocumentSpreadsheet()
    doc.meta.addElement(Title(text=f"Suivi {annee} de la STSPD — {corpus.acteurs[acteur].nom}"))
    styles = _Styles(doc)
    _validations(doc, F_FICHES)
    validations = {C_STATUT: "val-statut", C_AVANCEMENT: "val-avancement", C_VISIBILITE: "val-visibilite"}

    lignes: list[list[object]] = []
    for f in fiches_de(corpus, acteur):
        role = "pilote" if acteur in f.pilote else "partenaire"
        lignes.append(
            [
                f.id,
                f.titre,
                f.libelle_statut,
                None,
                None,
                None,
                None,
                VISIBILITES[0],
                role,
                f.avancement,
                _derniere_entree(f),
            ]
        )
    _feuille(doc, styles, F_FICHES, COLONNES_FICHES, lignes, validations)

    lignes = []
    for ligne in lignes_indicateurs(corpus, acteur, annee, cree_le):
        ind, der = ligne.indicateur, _derniere_valeur(ligne.indicateur)
        sens = (ind.cible.sens if ind.cible and ind.cible.sens else None) or getattr(ind, "sens", None)
        lignes.append(
            [
                ligne.fiche.id,
                ind.id,
                ind.libelle,
                TYPES.get(ind.type, ind.type),
                ind.unite,
                ligne.periode,
                (ND if der.valeur is None else der.valeur) if der else None,
                str(der.periode) if der else None,
                ind.cible.valeur if ind.cible else None,
                ind.cible.annee if ind.cible else None,
                None,
                SENS.get(sens, "") if sens else None,
                getattr(ind, "periode", None),
            ]
        )
    _feuille(doc, styles, F_INDICATEURS, COLONNES_INDICATEURS, lignes, {})

    mode = Table(name=F_MODE, stylename=styles.table)
    mode.addElement(TableColumn(stylename=styles.colonne(24.0)))
    for i, texte in enumerate(mode_d_emploi(corpus, acteur, annee)):
        tr = TableRow()
        tr.addElement(_cellule(texte, styles.titre if i == 0 else styles.texte))
        mode.addElement(tr)
    doc.spreadsheet.addElement(mode)

    insee = corpus.commune.insee if corpus.commune else ""
    ident = [
        ["Fichier de campagne", MARQUEUR],
        ["Acteur", acteur],
        ["Année", str(annee)],
        ["Commune", insee],
        ["Créé le", cree_le.isoformat()],
    ]
    # The hidden sheet's first row is the marker itself, where the import looks first.
    _feuille(
        doc, styles, F_CAMPAGNE, [(ident[0][0], False, 4.0), (ident[0][1], False, 6.0)], ident[1:], {}, cachee=True
    )

    chemin.parent.mkdir(parents=True, exist_ok=True)
    tmp = chemin.with_name(f".{chemin.name}.tmp")
    doc.save(str(tmp))
    tmp.replace(chemin)


# --- command line ------------------------------------------------------------------------


def cmd_campagne(args: argparse.Namespace) -> int:
    aujourdhui = date_ou_message()
    if aujourdhui is None:
        return 2
    try:
        corpus = charger_corpus(args.racine)
    except SourcesInvalides as exc:
        print(exc.rapport(), file=sys.stderr)
        print("Aucun fichier de campagne écrit : corrigez d'abord les sources.", file=sys.stderr)
        return 1
    annee = aujourdhui.year if args.annee is None else args.annee
    debut = corpus.commune.strategie.debut if corpus.commune else 1900
    if not debut <= annee <= aujourdhui.year:
        print(
            f"ANNEE={annee} : année de campagne attendue entre {debut} (début de la stratégie) "
            f"et {aujourdhui.year} (année en cours)",
            file=sys.stderr,
        )
        return 2
    sortie: Path = args.dossier or (args.racine / DOSSIER)
    ecrits = []
    for acteur in acteurs_concernes(corpus):
        chemin = sortie / nom_fichier(acteur, annee)
        ecrire(corpus, acteur, annee, chemin, aujourdhui)
        ecrits.append(chemin)
    print(f"Campagne {annee} : {len(ecrits)} fichiers écrits dans {sortie}/ (un par pilote ou partenaire).")
    return 0


def _annee(valeur: str) -> int:
    if not valeur.strip().isdigit() or len(valeur.strip()) != 4:
        raise argparse.ArgumentTypeError(f"« {valeur} » : année sur quatre chiffres attendue (ex. 2026)")
    return int(valeur)


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("campagne", help="écrire un tableur de suivi par pilote ou partenaire")
    p.add_argument("--annee", type=_annee, default=None, help="année de la campagne (défaut : année en cours)")
    p.add_argument("--dossier", type=Path, default=None, help="dossier de sortie (défaut : campagne/)")
    p.set_defaults(func=cmd_campagne)
