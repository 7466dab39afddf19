"""Pages generated from the data: one page per actor (the partners' entry point) and the
actors' index. Markdown only; the adapter registers them as MkDocs files."""

from __future__ import annotations

from .editions import Edition
from .load import Corpus
from .model import Fiche
from .render import Contexte, badge_statut, echeance_courte, nom_acteur, src_acteur, src_fiche, texte

ENTETE = "---\nrender_macros: false\n---\n\n"  # generated text is never a template

CATEGORIES = {
    "commune": "Commune de Mons-en-Barœul",
    "etat": "État",
    "justice": "Justice",
    "departement": "Département du Nord",
    "metropole": "Métropole Européenne de Lille",
    "bailleur": "Bailleurs et copropriétés",
    "education": "Éducation",
    "transport": "Transport",
    "association": "Associations et prévention",
    "sante": "Santé",
    "habitants": "Habitants",
    "autre": "Autres partenaires",
}


def _fiches_de(corpus: Corpus, edition: Edition, ident: str) -> tuple[list[Fiche], list[Fiche]]:
    publiees = [f for f in corpus.fiches if edition.publie(src_fiche(f))]
    return ([f for f in publiees if ident in f.pilote], [f for f in publiees if ident in f.partenaires])


def page_acteur(corpus: Corpus, edition: Edition, ident: str) -> str:
    from .progres import avancement_html  # progres imports this module: import when used
    a = corpus.acteurs[ident]
    ctx = Contexte(corpus, src_acteur(ident), edition.publie)
    pilote, partenaire = _fiches_de(corpus, edition, ident)
    lignes = [ENTETE + f"# {texte(nom_acteur(a))}", ""]
    if a.note:
        lignes += [texte(a.note), ""]
    lignes += [f"Catégorie : {texte(CATEGORIES[a.categorie])}", ""]
    for titre, liste in (("Pilote des fiches", pilote), ("Partenaire des fiches", partenaire)):
        lignes += [f"## {titre}", ""]
        if not liste:
            lignes += ["Aucune fiche.", ""]
            continue
        lignes += ["| Fiche | Échéance | Statut | Avancement |", "| --- | --- | --- | --- |"]
        for f in liste:
            lignes.append(f"| {ctx.fiche(f)} | {texte(echeance_courte(f.echeance))} | {badge_statut(f.statut)} | "
                          f"{avancement_html(f)} |")
        lignes.append("")
    lignes += [f"[Tous les acteurs](index.md) · {ctx.lien_page('Tableau de bord du suivi', 'suivi/index.md')}", ""]
    return "\n".join(lignes)


def index_acteurs(corpus: Corpus, edition: Edition) -> str:
    ctx = Contexte(corpus, "acteurs/index.md", edition.publie)
    lignes = [
        ENTETE + "# Acteurs et partenaires",
        "",
        "Services, institutions et partenaires cités par les fiches-actions, avec le nombre de "
        "fiches dont chacun est pilote ou partenaire. Chaque nom mène à la liste de ses fiches.",
        "",
    ]
    for cat, libelle in CATEGORIES.items():
        ids = [i for i, a in corpus.acteurs.items() if a.categorie == cat]
        if not ids:
            continue
        lignes += [f"## {libelle}", "", "| Acteur | Pilote | Partenaire |", "| --- | ---: | ---: |"]
        for i in sorted(ids, key=lambda i: corpus.acteurs[i].nom.casefold()):
            p, q = _fiches_de(corpus, edition, i)
            lignes.append(f"| {ctx.acteurs([i])} | {len(p)} | {len(q)} |")
        lignes.append("")
    return "\n".join(lignes)


def generer(corpus: Corpus, edition: Edition) -> dict[str, str]:
    """Source path → Markdown of every generated page of the edition."""
    out = {"acteurs/index.md": index_acteurs(corpus, edition)}
    for ident in corpus.acteurs:
        out[src_acteur(ident)] = page_acteur(corpus, edition, ident)
    return out
