"""The intranet edition visited in a real browser, as tests/test_navigateur.py visits the
public one (the same sample of pages, used the same way, the search and the print page
included): no request to any other host, no cookie, no CSP violation. A file of its own, so
that pytest-xdist runs the two visits on two workers at once (issue 12).
"""

from __future__ import annotations

import pytest
from navigateur_util import (
    echantillon,
    parcourir,
    verifier_csp,
    verifier_reseau,
)

pytest_plugins = ["navigateur_plugin"]
pytestmark = pytest.mark.lent  # the seeded build; tests that start Chromium are also `navigateur`


@pytest.fixture(scope="module")
def visite_intranet(chromium, urls, sites):
    pages = echantillon(sites["intranet"])
    journal, _, cookies, csp = parcourir(chromium, sites["intranet"], urls["intranet"], pages)
    return pages, journal, None, cookies, csp


def test_no_request_leaves_127_0_0_1(visite_intranet, urls):
    verifier_reseau(visite_intranet, urls["intranet"])


def test_csp_no_violation_on_any_page(visite_intranet):
    verifier_csp(visite_intranet)
