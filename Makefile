# STSPD site — everyday commands. Each target installs what it needs in .venv.
#   make site     build both editions into site/public/ and site/intranet/
#   make test     lint (ruff), type-check (mypy), then the whole test suite (installs requirements-dev.txt)
#   make lint     ruff check, ruff format --check and mypy only
#   make test-rapide  the tests that need neither a browser nor a whole build (<= 30 s)
#   make check    validate the sources only (fast, no site build)
#   make campagne [ANNEE=2026]          one progress spreadsheet per partner, into campagne/
#   make import-campagne FICHIER=… [ESSAI=1]   import a returned spreadsheet (ESSAI=1: show the diff only)
#   make bench-recherche  compare the two search engines (figures for BENCHMARKS.md)
#   make serve    live preview (EDITION=intranet for the partners' edition)
#   make rapport ANNEE=2018 [EDITION=intranet]   the annual report as a PDF in rapports/
#   make import-ssmsi FICHIER=…   import the official crime figures (SSMSI)
#   make import-observatoire FICHIER=releve.csv   import a partner's records (CSV, ODS or XLSX)
#   make serveur  both editions through nginx on 127.0.0.1:8080 and :8081 (README « Mise en ligne »)
#   make compte NOM=<id> [SUPPRIMER=1]   a partner's intranet account (file: COMPTES)
#   make config-serveur NOM_PUBLIC=… NOM_INTRANET=…   the production nginx configuration
#   make publier DEST=<dir>, make revenir DEST=<dir>   publish a version / go back one
#   make nouvelle-commune DEST=<dir> NOM="…" INSEE=<code>   a new commune's project (README « Une autre commune »)
#   make paquet-moteur    the engine's release archive dist/stspd-moteur-<version>.tar.gz (and moteur.lock)
#   make mise-a-jour-moteur SOURCE=<archive or engine folder>   install a newer engine (README « Mettre à jour le moteur »)
#   make verifier-moteur  list the engine files edited since moteur.lock

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
STAMP_DEV := $(VENV)/.installed-dev
EDITION ?= public
export NO_MKDOCS_2_WARNING := 1
# Python keeps the compiled form of each module (__pycache__/, ignored by git, by the engine's
# package and by its updates) even where the environment says otherwise: without it every
# command recompiled the engine's 16 000 lines, about 0.2 s each time (issue 12).
export PYTHONDONTWRITEBYTECODE :=

# Intranet accounts (bcrypt), outside git; the same path goes into the nginx configuration.
COMPTES ?= $(CURDIR)/.comptes
export COMPTES

.PHONY: site test suite lint test-rapide check serve bench bench-recherche fiche compte-rendu rapport campagne import-campagne import-ssmsi import-observatoire lock clean serveur config-serveur compte publier revenir nouvelle-commune paquet-moteur mise-a-jour-moteur verifier-moteur

# Building the site needs requirements.txt only; the test and check tools come on top of it.
# The installer is uv (pinned in requirements-installeur.txt, installed by pip into .venv):
# the same pinned packages as pip would install, five times faster (a fresh requirements-dev
# install: 16 s against 55 s, issue 12). If uv cannot be had, pip does the work.
INSTALLER = $(VENV)/bin/uv pip install --quiet --python $(PY) -r $(1) \
	|| $(PY) -m pip install --quiet --disable-pip-version-check -r $(1)

$(STAMP): requirements.txt requirements-installeur.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-installeur.txt || true
	$(call INSTALLER,requirements.txt)
	touch $(STAMP)

$(STAMP_DEV): $(STAMP) requirements-dev.txt
	$(call INSTALLER,requirements-dev.txt)
	touch $(STAMP_DEV)

site: $(STAMP)
	$(PY) -m macros site

check: $(STAMP)
	$(PY) -m macros check

serve: $(STAMP)
	$(PY) -m mkdocs serve -f $(if $(filter intranet,$(EDITION)),mkdocs.intranet.yml,mkdocs.yml)

# mypy keeps its cache in .mypy_cache (configuration in pyproject.toml).
# A new commune's project has no bench/: lint what exists.
LINT := $(wildcard macros tests bench)

lint: $(STAMP_DEV)
	$(PY) -m ruff check $(LINT)
	$(PY) -m ruff format --check $(LINT)
	$(PY) -m mypy

# Both cores (pytest-xdist), one test file per worker: a file's shared builds, browser and
# servers stay in one process. TESTS_EN_PARALLELE=1 runs everything in one process.
TESTS_EN_PARALLELE ?= 2

# The lint runs beside the tests (make -j 2): the browser and spreadsheet tests leave the
# cores idle part of the time (issue 12: the CI budget); either failing fails make test.
test: $(STAMP_DEV)
	$(MAKE) --no-print-directory -j 2 lint suite

suite: $(STAMP_DEV)
	$(PY) -m pytest $(if $(filter 1,$(TESTS_EN_PARALLELE)),,-n $(TESTS_EN_PARALLELE) --dist loadfile --no-loadscope-reorder)

# Markers in pytest.ini: navigateur (Chromium), lent (a whole build, LibreOffice, nginx).
# Both cores, tests dealt one by one (measured: 36 s against 51 s with one file per worker;
# a module's shared fixtures may then be built once in each worker).
test-rapide: $(STAMP_DEV)
	$(PY) -m pytest -m "not navigateur and not lent" -n 2

bench: $(STAMP)
	$(PY) -m bench
	$(PY) -m bench.ssmsi

# Search: Material + accent folding vs Pagefind, 30+ queries, bytes and time on a phone.
bench-recherche: $(STAMP_DEV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements-recherche.txt
	$(PY) -m bench.recherche

fiche: $(STAMP)
	$(PY) -m macros nouvelle-fiche $(if $(AXE),--axe $(AXE),) $(if $(SLUG),--slug $(SLUG),)

compte-rendu: $(STAMP)
	$(PY) -m macros nouveau-compte-rendu $(if $(INSTANCE),--instance $(INSTANCE),) $(if $(DATE),--date $(DATE),)

rapport: $(STAMP)
	$(PY) -m macros rapport --annee "$(ANNEE)" --edition $(EDITION)
campagne: $(STAMP)
	$(PY) -m macros campagne $(if $(ANNEE),--annee $(ANNEE),)

import-campagne: $(STAMP)
	@test -n "$(FICHIER)" || { echo "Indiquez le fichier rendu : make import-campagne FICHIER=chemin/du/fichier.ods" >&2; exit 2; }
	$(PY) -m macros import-campagne "$(FICHIER)" $(if $(filter 1 oui yes true,$(ESSAI)),--essai,)

# Official crime figures (SSMSI): FICHIER=<communal base .csv.gz> [DEPARTEMENT=<département base .csv.gz>]
# [DATE_EDITION=AAAA-MM-JJ when the file was renamed] [NOUVEAUX=oui to accept indicators the site does not know].
import-ssmsi: $(STAMP)
	$(PY) -m macros import-ssmsi $(if $(FICHIER),--fichier "$(FICHIER)",) $(if $(DEPARTEMENT),--departement "$(DEPARTEMENT)",) $(if $(DATE_EDITION),--edition "$(DATE_EDITION)",) $(if $(filter oui,$(NOUVEAUX)),--nouveaux,)
# Several files at once: FICHIER="releve-pm.csv releve-bailleur.ods" (all or nothing).
import-observatoire: $(STAMP)
	$(PY) -m macros import-observatoire $(FICHIER)

# exec: make forwards SIGTERM to its child, which must be the server itself (a shell in
# between would die and leave nginx running).
PORT_PUBLIC ?= 8080
PORT_INTRANET ?= 8081
serveur: $(STAMP)
	exec $(PY) -m macros serveur --port-public $(PORT_PUBLIC) --port-intranet $(PORT_INTRANET)

config-serveur: $(STAMP)
	$(PY) -m macros serveur --production --verifier $(if $(SORTIE),--sortie $(SORTIE),)

compte: $(STAMP)
	@test -n "$(NOM)" || { echo "Indiquez l'organisation : make compte NOM=<identifiant de data/acteurs.yml>" >&2; exit 1; }
	@$(PY) -m macros compte "$(NOM)" $(if $(filter 1 oui yes true,$(SUPPRIMER)),--supprimer,)

publier: $(STAMP)
	@$(PY) -m macros publier $(if $(DEST),--dest "$(DEST)",)

revenir: $(STAMP)
	@$(PY) -m macros revenir $(if $(DEST),--dest "$(DEST)",)

# The engine as a versioned set of files (macros/outils/version_moteur.py).
nouvelle-commune: $(STAMP)
	@$(PY) -m macros nouvelle-commune $(if $(DEST),--dest "$(DEST)",) --nom "$(NOM)" --insee "$(INSEE)"

paquet-moteur: $(STAMP)
	@$(PY) -m macros paquet-moteur

mise-a-jour-moteur: $(STAMP)
	@$(PY) -m macros mise-a-jour-moteur $(if $(SOURCE),"$(SOURCE)",)

verifier-moteur: $(STAMP)
	@$(PY) -m macros verifier-moteur

# Rebuild the pinned lock files from requirements.in and requirements-dev.in (maintainers only).
# requirements-dev.txt holds only what the development tools add to requirements.txt.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet -r requirements.in
	(echo "# Generated by 'make lock' from requirements.in. Do not edit by hand."; \
	 .venv-lock/bin/pip freeze --all | grep -v '^\(pip\|setuptools\|wheel\)==' ) > requirements.txt
	.venv-lock/bin/pip install --quiet -r requirements-dev.in
	(echo "# Generated by 'make lock' from requirements-dev.in. Do not edit by hand."; \
	 echo "-r requirements.txt"; \
	 .venv-lock/bin/pip freeze --all | grep -v '^\(pip\|setuptools\|wheel\)==' | grep -vxF -f requirements.txt ) \
	 > requirements-dev.txt
	.venv-lock/bin/pip check
	rm -rf .venv-lock

clean:
	rm -rf site .cache .mypy_cache .ruff_cache
