"""The public edition visited in a real browser: every hand-written page and three of each
family of generated pages, used as a reader would, checked by axe-core (RGAA: no serious or
critical violation), no request to any other host, no cookie, no CSP violation.

The seeded build of both editions shared with the leak and escaping tests
(``conftest.sites_semes``: the real sources, intranet sentinels, payloads in every text
field), served on 127.0.0.1; one Debian Chromium for the session, driven by Playwright
(``navigateur_plugin``). Without Chromium the browser tests are skipped on a workstation and
FAIL in CI (CI=true). The intranet's visit is tests/test_navigateur_intranet.py, the other
browser checks tests/test_navigateur_pages.py, the search tests/test_navigateur_recherche.py:
pytest-xdist gives each worker whole files, so the four run side by side (issue 12).

The axe report goes to $STSPD_SORTIE_NAVIGATEUR (a temporary folder otherwise).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from navigateur_util import (
    echantillon,
    pages_du_site,
    parcourir,
    verifier_csp,
    verifier_reseau,
)

pytest_plugins = ["navigateur_plugin"]
pytestmark = pytest.mark.lent  # the seeded build; tests that start Chromium are also `navigateur`


@pytest.fixture(scope="module")
def visite_publique(chromium, urls, sites):
    from axe_playwright_python.sync_playwright import Axe

    assert len(pages_du_site(sites["public"])) > 50
    pages = echantillon(sites["public"])
    journal, rapport, cookies, csp = parcourir(chromium, sites["public"], urls["public"], pages, axe=Axe())
    return pages, journal, rapport, cookies, csp


def test_axe_no_serious_or_critical_violation_on_any_public_page(visite_publique, sortie):
    pages, _, violations, _, _ = visite_publique
    rapport = {
        chemin: {v["id"]: {"impact": v["impact"], "noeuds": len(v["nodes"]), "aide": v["help"]} for v in vs}
        for chemin, vs in violations.items()
    }
    (sortie / "axe.json").write_text(json.dumps(rapport, ensure_ascii=False, indent=1), encoding="utf-8")
    par_regle = Counter((r, d["impact"]) for v in rapport.values() for r, d in v.items())
    print(
        f"\naxe-core : {len(pages)} pages, violations par règle (nombre de pages) {dict(par_regle)} ; "
        f"détail dans {sortie / 'axe.json'}"
    )
    graves = [
        f"{chemin or '/'} : {v['id']} ({v['impact']}) {v['help']} — "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for chemin, vs in violations.items()
        for v in vs
        if v["impact"] in ("serious", "critical")
    ]
    assert set(violations) == set(pages)
    assert not graves, "violations graves ou critiques :\n" + "\n".join(graves)


def test_no_request_leaves_127_0_0_1(visite_publique, urls):
    verifier_reseau(visite_publique, urls["public"])


def test_csp_no_violation_on_any_page(visite_publique):
    verifier_csp(visite_publique)
