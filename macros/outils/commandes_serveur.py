"""Commands of the web server (``python -m macros serveur|compte|publier|revenir``), called
by ``make serveur``, ``make config-serveur``, ``make compte``, ``make publier`` and
``make revenir``. Every refusal is one French message and a non-zero exit, no traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from macros.outils import serveur
from macros.outils.serveur import ErreurServeur

# The account file lives outside git (`.comptes` is in .gitignore); COMPTES moves it.
COMPTES_DEFAUT = ".comptes"


def _env(nom: str, defaut: str | None = None) -> str | None:
    valeur = os.environ.get(nom, "").strip()
    return valeur or defaut


def _entier(bas: int, haut: int, pas_un_nombre: str, hors_bornes: str) -> Callable[[str], int]:
    """An argparse type: a whole number from ``bas`` to ``haut``. The French refusals are
    templates: ``{texte}`` is what was typed, ``{n}`` the number out of range."""

    def lire(texte: str) -> int:
        try:
            n = int(texte)
        except ValueError:
            raise argparse.ArgumentTypeError(pas_un_nombre.format(texte=texte)) from None
        if not bas <= n <= haut:
            raise argparse.ArgumentTypeError(hors_bornes.format(n=n))
        return n

    return lire


_port = _entier(1, 65535, "« {texte} » n'est pas un numéro de port", "port {n} hors de 1–65535")
_cout = _entier(4, 16, "« {texte} » n'est pas un nombre", "coût bcrypt attendu entre 4 et 16")


def _chemin_comptes(args: argparse.Namespace) -> Path:
    chemin = Path(args.comptes or _env("COMPTES") or COMPTES_DEFAUT)
    return chemin if chemin.is_absolute() else (args.racine / chemin).resolve()


def _executer(fonction, args: argparse.Namespace) -> int:
    try:
        return fonction(args)
    except ErreurServeur as exc:
        print(exc, file=sys.stderr)
        return 1
    except PermissionError as exc:
        print(
            f"Accès refusé : {exc.filename} ({exc.strerror}). Lancez la commande avec un "
            "compte qui peut y écrire (sudo).",
            file=sys.stderr,
        )
        return 1


# --- serveur -----------------------------------------------------------------------------


def cmd_serveur(args: argparse.Namespace) -> int:
    comptes = _chemin_comptes(args)
    if args.production:
        return _production(args, comptes)
    site = (args.site or args.racine / "site").resolve()
    for edition in serveur.EDITIONS:
        if not (site / edition / "index.html").is_file():
            raise ErreurServeur(f"{site / edition} n'est pas construit : lancez d'abord make site.")
    if not comptes.is_file() or not serveur.lire_comptes(comptes):
        raise ErreurServeur(
            f"Aucun compte dans {comptes} : l'intranet refuserait tout le monde. Créez d'abord "
            "un compte, par exemple : make compte NOM=coordonnateur-clspd"
        )
    prefixe = Path(tempfile.mkdtemp(prefix="stspd-nginx-"))
    try:
        conf = serveur.locale(site, args.port_public, args.port_intranet, comptes, prefixe)
        return serveur.servir(conf)
    finally:
        import shutil

        shutil.rmtree(prefixe, ignore_errors=True)


def _production(args: argparse.Namespace, comptes: Path) -> int:
    manquants = [n for n, v in (("NOM_PUBLIC", args.nom_public), ("NOM_INTRANET", args.nom_intranet)) if not v]
    if manquants:
        raise ErreurServeur(
            "Indiquez les noms de domaine des deux éditions, par exemple : make config-serveur "
            "NOM_PUBLIC=stspd.exemple.fr NOM_INTRANET=intranet.stspd.exemple.fr "
            f"(manque : {', '.join(manquants)})."
        )
    conf = serveur.production(
        args.nom_public, args.nom_intranet, Path(args.dest), Path(args.certificat), Path(args.cle), comptes
    )
    texte = serveur.rendre(conf)
    sortie: Path = args.sortie
    if args.verifier:
        with tempfile.TemporaryDirectory(prefix="stspd-nginx-t-") as tmp:
            candidat = Path(tmp) / "stspd.conf"
            candidat.write_text(texte, encoding="utf-8")
            proc = serveur.tester(serveur.enveloppe_verification(candidat, Path(tmp)), Path(tmp))
            if proc.returncode != 0:
                raise ErreurServeur(
                    "nginx refuse la configuration (rien n'est écrit) :\n" + (proc.stderr or proc.stdout).strip()
                )
    sortie.parent.mkdir(parents=True, exist_ok=True)
    sortie.write_text(texte, encoding="utf-8")
    print(f"Configuration écrite : {sortie}" + (" (vérifiée par nginx -t)." if args.verifier else "."))
    print("À copier dans /etc/nginx/conf.d/stspd.conf, puis : nginx -t && systemctl reload nginx")
    return 0


# --- compte ------------------------------------------------------------------------------


def cmd_compte(args: argparse.Namespace) -> int:
    nom = serveur.verifier_nom_compte(args.racine, args.nom)
    comptes = _chemin_comptes(args)
    if args.supprimer:
        serveur.supprimer_compte(comptes, nom)
        print(f"Compte « {nom} » supprimé de {comptes}.")
        return 0
    mdp = serveur.lire_mot_de_passe()
    existait = serveur.definir_compte(comptes, nom, mdp, cout=args.cout)
    print(f"Compte « {nom} » {'remplacé' if existait else 'créé'} dans {comptes}.")
    return 0


# --- publier, revenir --------------------------------------------------------------------


def _dest(args: argparse.Namespace) -> Path:
    texte = args.dest or _env("DEST")
    if not texte:
        raise ErreurServeur("Indiquez le dossier de publication, par exemple : make publier DEST=/srv/stspd")
    return Path(texte)


def cmd_publier(args: argparse.Namespace) -> int:
    dest = _dest(args)
    version = serveur.publier(args.racine, dest)
    print(
        f"Version {version} en ligne : {dest / 'public'} et {dest / 'intranet'} "
        f"({len(serveur.versions_gardees(dest))} version(s) gardée(s) dans {dest / 'versions'})."
    )
    return 0


def cmd_revenir(args: argparse.Namespace) -> int:
    dest = _dest(args)
    ancienne, nouvelle = serveur.revenir(dest)
    print(f"Retour à la version {nouvelle} (la version {ancienne} reste gardée).")
    return 0


def ajouter_commandes(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serveur",
        help="aperçu des deux éditions avec nginx sur 127.0.0.1, "
        "ou --production : écrire la configuration du serveur de la ville",
    )
    p.add_argument("--port-public", type=_port, default=_env("PORT_PUBLIC", "8080"))
    p.add_argument("--port-intranet", type=_port, default=_env("PORT_INTRANET", "8081"))
    p.add_argument("--site", type=Path, default=None, help="dossier des éditions (défaut : site/)")
    p.add_argument("--comptes", default=None, help=f"fichier des comptes (défaut : {COMPTES_DEFAUT})")
    p.add_argument("--production", action="store_true", help="écrire la configuration de production")
    p.add_argument("--nom-public", default=_env("NOM_PUBLIC"))
    p.add_argument("--nom-intranet", default=_env("NOM_INTRANET"))
    p.add_argument("--dest", default=_env("DEST", "/srv/stspd"))
    p.add_argument("--certificat", default=_env("CERTIFICAT", "/etc/ssl/stspd/fullchain.pem"))
    p.add_argument("--cle", default=_env("CLE", "/etc/ssl/stspd/privkey.pem"))
    p.add_argument("--sortie", type=Path, default=Path("deploy/stspd.conf"))
    p.add_argument("--verifier", action="store_true", help="faire vérifier le fichier par nginx -t")
    p.set_defaults(func=lambda a: _executer(cmd_serveur, a))

    p = sub.add_parser("compte", help="créer, remplacer ou supprimer le compte intranet d'un partenaire")
    p.add_argument("nom", help="identifiant de l'organisation dans data/acteurs.yml")
    p.add_argument("--supprimer", action="store_true")
    p.add_argument("--comptes", default=None, help=f"fichier des comptes (défaut : {COMPTES_DEFAUT})")
    p.add_argument("--cout", type=_cout, default=serveur.COUT_BCRYPT, help="coût bcrypt")
    p.set_defaults(func=lambda a: _executer(cmd_compte, a))

    p = sub.add_parser("publier", help="construire et mettre en ligne une nouvelle version")
    p.add_argument("--dest", default=None, help="dossier de publication (DEST)")
    p.set_defaults(func=lambda a: _executer(cmd_publier, a))

    p = sub.add_parser("revenir", help="remettre en ligne la version précédente")
    p.add_argument("--dest", default=None, help="dossier de publication (DEST)")
    p.set_defaults(func=lambda a: _executer(cmd_revenir, a))
