"""Session fixtures of the browser tests, shared by every module that declares
``pytest_plugins = ["navigateur_plugin"]`` (test_navigateur.py, test_serveur.py):

- ``chromium``: one Debian Chromium driven by Playwright for the whole session (starting one
  costs seconds; each test opens its own context, which costs milliseconds);
- ``urls_semes``: one static server per edition of the seeded build
  (``conftest.sites_semes``), on 127.0.0.1 with a free port;
- the browser modules' common fixtures: ``sites`` and ``urls`` (both editions of the seeded
  build, on disk and served), ``corpus`` (its sources), ``fiches_publiques`` and ``sortie``
  (where screenshots and reports go). A module that defines one of these names (test_bilan's
  ``sites``, say) keeps its own: pytest prefers the module's fixture.

Every test that asks for ``chromium`` is marked ``navigateur`` here, so that
``-m "not navigateur"`` never starts a browser, whichever module the test lives in.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from navigateur_util import CHROMIUM, arreter, en_ci, lancer_chromium, serveur


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if "chromium" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.navigateur)


def exiger_chromium() -> None:
    """A missing Chromium skips on a workstation and fails under CI=true."""
    if CHROMIUM.exists():
        return
    message = (
        f"Chromium introuvable ({CHROMIUM}) : installer le paquet Debian « chromium » "
        "(apt-get install chromium ; .ci/run le fait). Jamais de navigateur téléchargé."
    )
    if en_ci():
        pytest.fail(message + " En CI, les tests navigateur ne sont jamais sautés.", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium():
    exiger_chromium()
    n = lancer_chromium()
    yield n
    arreter(n)


@pytest.fixture(scope="session")
def urls_semes(sites_semes) -> dict[str, str]:
    with serveur(sites_semes.public) as public, serveur(sites_semes.intranet) as intranet:
        yield {"public": public, "intranet": intranet}


@pytest.fixture(scope="module")
def sites(sites_semes) -> dict[str, Path]:
    return {"public": sites_semes.public, "intranet": sites_semes.intranet}


@pytest.fixture(scope="module")
def urls(urls_semes) -> dict[str, str]:
    return urls_semes


@pytest.fixture(scope="module")
def corpus(sites_semes):
    from macros.lecture.sources import charger_corpus

    return charger_corpus(sites_semes.projet)


@pytest.fixture(scope="module")
def fiches_publiques(corpus) -> list:
    return [f for f in corpus.fiches if f.visibilite == "public"]


@pytest.fixture(scope="session")
def sortie(tmp_path_factory) -> Path:
    dossier = os.environ.get("STSPD_SORTIE_NAVIGATEUR")
    chemin = Path(dossier) if dossier else tmp_path_factory.mktemp("captures")
    chemin.mkdir(parents=True, exist_ok=True)
    return chemin
