"""« Dernière modification » under each page comes from git history, and a build without
git works and simply shows no date.

Both are read on the shared builds: ``site_grand`` is a git repository with fixed dates
(``conftest.DATES_GIT``), ``sites_semes`` is a copy without git."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.lent  # reads whole-site builds


def test_date_of_last_commit_is_shown(site_grand):
    html_fiche = (site_grand.public / "fiches/1.07-videosurveillance/index.html").read_text(encoding="utf-8")
    html_page = (site_grand.public / "strategie/cadre/index.html").read_text(encoding="utf-8")
    assert "Dernière modification : 1er\u00a0janvier 2025" in html_fiche
    assert "Dernière modification : 5 mars 2024" in html_page
    intranet = (site_grand.intranet / "fiches/1.07-videosurveillance/index.html").read_text(encoding="utf-8")
    assert "Dernière modification : 1er\u00a0janvier 2025" in intranet


def test_without_git_no_date_and_no_error(sites_semes):
    assert not (sites_semes.projet / ".git").exists()
    for site in (sites_semes.public, sites_semes.intranet):
        for page in ("strategie/cadre/index.html", "fiches/1.07-videosurveillance/index.html"):
            assert "Dernière modification" not in (site / page).read_text(encoding="utf-8"), (site, page)
