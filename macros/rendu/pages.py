"""Pages generated from the data: one page per actor (the partners' entry point) and the
actors' index. Markdown only; the adapter registers them as MkDocs files."""

from __future__ import annotations

from macros.domaine.corpus import Corpus
from macros.domaine.editions import Edition
from macros.domaine.modele import Fiche
from macros.rendu.fragments import Contexte, badge_statut, nom_acteur, src_acteur, src_fiche, texte

ENTETE = "---\nrender_macros: false\n---\n\n"  # generated text is never a template

CATEGORIES = {
    "commune": "Commune",  # « Commune de <nom> » with the profile (libelle_categorie)
    "etat": "État",
    "justice": "Justice",
    "departement": "Département",  # the profile's « departement.libelle » (libelle_categorie)
    "metropole": "Intercommunalité",  # the profile's « epci » when it names one
    "bailleur": "Bailleurs et copropriétés",
    "education": "Éducation",
    "transport": "Transport",
    "association": "Associations et prévention",
    "sante": "Santé",
    "habitants": "Habitants",
    "autre": "Autres partenaires",
}


Index = dict[str, tuple[list[Fiche], list[Fiche]]]


def libelle_categorie(corpus: Corpus, categorie: str) -> str:
    """Heading of an actors' category (plain text): the commune's own is named after it."""
    if categorie == "commune" and corpus.commune is not None:
        return f"Commune de {corpus.commune.nom}"
    if categorie == "metropole" and corpus.commune is not None and corpus.commune.epci:
        return corpus.commune.epci  # the intercommunality, by its own name
    if categorie == "departement" and corpus.commune is not None:
        dep = corpus.commune.departement
        return dep.libelle or f"Département : {dep.nom}"
    return CATEGORIES[categorie]


def _index(corpus: Corpus, edition: Edition) -> Index:
    """Published fiches of every actor, as pilot and as partner, in one pass over the fiches
    (``generer`` used to scan every fiche for every actor: quadratic, ~10 s for the 900
    actors and 1 000 fiches of the 50-commune corpus of bench/)."""
    index: Index = {}
    for f in corpus.fiches:
        if not edition.publie(src_fiche(f)):
            continue
        for ident in dict.fromkeys(f.pilote):
            index.setdefault(ident, ([], []))[0].append(f)
        for ident in dict.fromkeys(f.partenaires):
            index.setdefault(ident, ([], []))[1].append(f)
    return index


def _fiches_de(
    corpus: Corpus, edition: Edition, ident: str, index: Index | None = None
) -> tuple[list[Fiche], list[Fiche]]:
    pilote, partenaire = (index if index is not None else _index(corpus, edition)).get(ident, ([], []))
    return list(pilote), list(partenaire)


def page_acteur(corpus: Corpus, edition: Edition, ident: str, index: Index | None = None) -> str:
    from macros.rendu.avancement import avancement_html  # the dashboard imports this module: import when used

    a = corpus.acteurs[ident]
    ctx = Contexte(corpus, src_acteur(ident), edition.publie)
    pilote, partenaire = _fiches_de(corpus, edition, ident, index)
    lignes = [ENTETE + f"# {texte(nom_acteur(a))}", ""]
    if a.note:
        lignes += [texte(a.note), ""]
    lignes += [f"Catégorie : {texte(libelle_categorie(corpus, a.categorie))}", ""]
    for titre, liste in (("Pilote des fiches", pilote), ("Partenaire des fiches", partenaire)):
        lignes += [f"## {titre}", ""]
        if not liste:
            lignes += ["Aucune fiche.", ""]
            continue
        lignes += ["| Fiche | Échéance | Statut | Avancement |", "| --- | --- | --- | --- |"]
        for f in liste:
            lignes.append(
                f"| {ctx.fiche(f)} | {texte(f.echeance.courte)} | {badge_statut(f.statut)} | {avancement_html(f)} |"
            )
        lignes.append("")
    lignes += [f"[Tous les acteurs](index.md) · {ctx.lien_page('Tableau de bord du suivi', 'suivi/index.md')}", ""]
    return "\n".join(lignes)


def index_acteurs(corpus: Corpus, edition: Edition, index: Index | None = None) -> str:
    ctx = Contexte(corpus, "acteurs/index.md", edition.publie)
    lignes = [
        ENTETE + "# Acteurs et partenaires",
        "",
        "Services, institutions et partenaires cités par les fiches-actions, avec le nombre de "
        "fiches dont chacun est pilote ou partenaire. Chaque nom mène à la liste de ses fiches.",
        "",
    ]
    for cat in CATEGORIES:
        libelle = texte(libelle_categorie(corpus, cat))
        ids = [i for i, a in corpus.acteurs.items() if a.categorie == cat]
        if not ids:
            continue
        lignes += [f"## {libelle}", "", "| Acteur | Pilote | Partenaire |", "| --- | ---: | ---: |"]
        for i in sorted(ids, key=lambda i: corpus.acteurs[i].nom.casefold()):
            p, q = _fiches_de(corpus, edition, i, index)
            lignes.append(f"| {ctx.acteurs([i])} | {len(p)} | {len(q)} |")
        lignes.append("")
    return "\n".join(lignes)


def generer(corpus: Corpus, edition: Edition) -> dict[str, str]:
    """Source path → Markdown of every generated page of the edition."""
    index = _index(corpus, edition)
    out = {"acteurs/index.md": index_acteurs(corpus, edition, index)}
    for ident in corpus.acteurs:
        out[src_acteur(ident)] = page_acteur(corpus, edition, ident, index)
    return out
