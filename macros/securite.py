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
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen",
    "geolocation", "gyroscope", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "publickey-credentials-get", "screen-wake-lock", "serial", "usb",
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
