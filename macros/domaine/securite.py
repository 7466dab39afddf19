"""What a browser may load and run on the site: the Content Security Policy and the other
security headers, declared once.

The same values reach the browser two ways:
- the web server sends them as HTTP headers (``deploy/`` renders them into the nginx
  configuration from this module);
- every page also carries the CSP in a ``<meta http-equiv>`` tag (``overrides/main.html``),
  so that the policy holds even when the files are served by something else (a preview, a
  test server, a host the town's IT chose). ``frame-ancestors`` has no effect in a meta tag,
  so only the header carries it.

No page holds an inline script: Material's three inline scripts are moved to files by
``overrides/partials/javascripts/`` (see ``docs/assets/md-*.js``), so ``script-src 'self'``
is enough and the policy does not change when the content does. The build fails if an
inline script or an event-handler attribute ever appears in a page (``moteur``'s check in
``hooks.py``), e.g. after a Material upgrade.
"""

from __future__ import annotations

# Directive → sources. Order kept for a stable header.
DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    # Material's search runs in a worker loaded from the site itself.
    "worker-src": "'self'",
    # Stylesheets are files; `style="…"` attributes (table alignment written by
    # Python-Markdown, charts) cannot run code, they stay allowed. No <style> element.
    "style-src": "'self'",
    "style-src-attr": "'unsafe-inline'",
    # Material's icons are data: URIs inside its stylesheet.
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "manifest-src": "'self'",
    "frame-src": "'none'",
    "frame-ancestors": "'none'",
}

# Directives a browser ignores (and warns about) in a <meta http-equiv> policy.
_HORS_META = {"frame-ancestors", "report-uri", "sandbox"}


def politique(meta: bool = False) -> str:
    """The CSP as one header value; ``meta=True``: the subset valid in a meta tag."""
    return "; ".join(f"{d} {v}" for d, v in DIRECTIVES.items() if not (meta and d in _HORS_META))


# Features the site never uses: denied to the page and to anything it could embed.
PERMISSIONS = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


def permissions_policy() -> str:
    return ", ".join(f"{p}=()" for p in PERMISSIONS)


# HSTS: one year, on HTTPS responses only (a browser ignores it over plain HTTP anyway).
HSTS = "max-age=31536000; includeSubDomains"


def entetes(edition: str, https: bool) -> dict[str, str]:
    """Every security header of a response of ``edition`` (``public`` or ``intranet``)."""
    out = {
        "Content-Security-Policy": politique(),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": permissions_policy(),
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if https:
        out["Strict-Transport-Security"] = HSTS
    if edition == "intranet":
        out["X-Robots-Tag"] = "noindex, nofollow"
    return out


# robots.txt of each edition: the intranet is never crawled.
ROBOTS = {
    "public": "User-agent: *\nAllow: /\n",
    "intranet": "User-agent: *\nDisallow: /\n",
}


# --- the build's last look at a page -------------------------------------------------------
# What the CSP would block, or what has no business in a page built from our sources. The
# browser would refuse most of it anyway; the build refuses it first, with the page's name,
# so that an injection or a theme upgrade that adds an inline script is never published.

import html as _html  # noqa: E402
import re  # noqa: E402

_VALEUR = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
# A start tag and its attributes, split as an HTML parser does: attributes may be separated
# by « / » or follow a quoted value directly (« <img src="x"onerror=…> »).
_BALISE = re.compile(
    rf"""<(?P<nom>[a-zA-Z][^\s/>]*)(?P<attributs>(?:[\s/]*[^\s"'>/=]+(?:\s*=\s*{_VALEUR})?)*)[\s/]*>"""
)
_ATTRIBUT = re.compile(rf"""[\s/]*(?P<nom>[^\s"'>/=]+)(?:\s*=\s*(?P<valeur>{_VALEUR}))?""")
_COMMENTAIRE = re.compile(r"<!--.*?-->", re.S)
_CONTENU_SCRIPT = re.compile(r"(<script\b[^>]*>).*?</script\s*>", re.S | re.I)
_INVISIBLES = re.compile(r"[\x00-\x20\x7f]+")
BALISES_INTERDITES = {"iframe", "frame", "object", "embed", "base", "style", "applet"}
ATTRIBUTS_URL = {"href", "src", "action", "formaction", "data", "xlink:href", "poster", "background"}
TYPES_DONNEES = {"application/json", "application/ld+json"}


def _url_executable(valeur: str) -> bool:
    url = _INVISIBLES.sub("", _html.unescape(valeur)).lower()
    return url.startswith(("javascript:", "vbscript:", "data:text/html"))


# The cheap tests read the page lower-cased, with case-sensitive expressions that start with
# a literal (« on », « <script », « < »): the engine then jumps to each occurrence instead of
# trying every position, as it must with re.I (issue 12: 2 ms a page became 0.3 ms).
# « on » and any attribute-name characters: a superset of what the reading below calls a
# handler (an attribute whose lower-cased name starts with « on »).
_INDICE_GESTIONNAIRE = re.compile(r"""on[^\s"'=<>/]*\s*=""")
_INDICES_URL = ("script:", "script&", "data:text/html")
# « &#1 », « &#x », « &tab; », « &newline; », « &colon; »: one search from each « & » instead of
# five passes over the page.
_INDICE_ENTITE = re.compile(r"&(?:#[1x]|tab;|newline;|colon;)")
_SCRIPT = re.compile(r"<script\b[^>]*>")
_INTERDITE = re.compile(r"<(?:iframe|frame|object|embed|base|style|applet|meta[^>]*refresh)\b")


def _gestionnaire(bas: str) -> bool:
    """An « on…= » that may start an attribute (after a space, « / » or a quote) in ``bas``."""
    for m in _INDICE_GESTIONNAIRE.finditer(bas):
        avant = bas[m.start() - 1 : m.start()]
        if avant and (avant.isspace() or avant in "/\"'"):
            return True
    return False


_SRC = re.compile(r"[\s/]src\s*=", re.I)
_JSON = re.compile(r"""[\s/]type\s*=\s*["']?\s*application/(?:ld\+)?json\b""", re.I)


def _script_suspect(balise: str) -> bool:
    return not _SRC.search(balise) and not _JSON.search(balise)


def markup_executable(page: str) -> str | None:
    """What in ``page`` (an HTML document) would run code, in French, or None.

    Cheap tests first (every page of every build goes through here); the tag-by-tag reading
    runs only on a page where one of them finds a candidate."""
    bas = page.lower()
    if not (
        _gestionnaire(bas)
        or any(i in bas for i in _INDICES_URL)
        or _INDICE_ENTITE.search(bas)
        or _INTERDITE.search(bas)
        or any(_script_suspect(t) for t in _SCRIPT.findall(bas))
    ):
        return None
    sans = _CONTENU_SCRIPT.sub(r"\1</script>", _COMMENTAIRE.sub("", page))  # data blocks' content is not markup
    for balise in _BALISE.finditer(sans):
        nom = balise["nom"].lower()
        attributs: dict[str, str] = {}
        for a in _ATTRIBUT.finditer(balise["attributs"]):
            cle = a["nom"].lower()
            valeur = a["valeur"] or ""
            if valeur[:1] in ("'", '"'):
                valeur = valeur[1:-1]
            attributs.setdefault(cle, valeur)
            if cle.startswith("on"):
                return f"un attribut de gestion d'événement ({cle}=…) sur <{nom}>"
            if cle in ATTRIBUTS_URL and _url_executable(valeur):
                return f"une adresse javascript: ({cle}=…) sur <{nom}>"
            if cle == "srcdoc":
                return f"un attribut srcdoc sur <{nom}>"
        if nom in BALISES_INTERDITES:
            return f"un élément <{nom}>"
        if (
            nom == "script"
            and "src" not in attributs
            and attributs.get("type", "").strip().lower() not in TYPES_DONNEES
        ):
            return "un script en ligne (<script> sans src)"
        if nom == "meta" and attributs.get("http-equiv", "").lower() == "refresh":
            return 'une redirection <meta http-equiv="refresh">'
    return None


# --- CSV files opened in a spreadsheet -----------------------------------------------------

_DEBUT_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def cellule_tableur(texte: str) -> str:
    """A text cell of a published CSV, made inert for spreadsheets: a text that starts like a
    formula (« =…», « +…», « -…», « @…») would run as one when a partner opens the file in
    LibreOffice or Excel; a leading apostrophe keeps it text. Numbers are never passed here."""
    return "'" + texte if texte.startswith(_DEBUT_FORMULE) else texte
