"""A folder served over HTTP on the loopback interface, for as long as a ``with`` block runs.

``make rapport`` prints the annual report from it with headless Chromium, and the browser
tests read the built editions from it: pages written for a web server (directory URLs, a
Content Security Policy whose ``'self'`` is an HTTP origin) behave there as they do online.
Nothing leaves the machine: 127.0.0.1 only, on a free port chosen by the system.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HOTE = "127.0.0.1"


class Gestionnaire(SimpleHTTPRequestHandler):
    """Serves the folder's files; no access log (the caller reports what matters)."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass


class _Serveur(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        pass  # a client gone before its last response ended (broken pipe): not a failure


@contextmanager
def servir(dossier: Path, gestionnaire: type[SimpleHTTPRequestHandler] = Gestionnaire) -> Iterator[str]:
    """Serve ``dossier`` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    httpd = _Serveur((HOTE, 0), functools.partial(gestionnaire, directory=str(dossier)))
    fil = threading.Thread(target=httpd.serve_forever, daemon=True)
    fil.start()
    try:
        yield f"http://{HOTE}:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        fil.join(timeout=5)
