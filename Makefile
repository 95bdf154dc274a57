# Orbis: `make run` starts the app with demo data; `make test` runs the whole suite.
# Everything lives in .venv, created with the newest Python >= 3.12 that scripts/find-python finds.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV    := .venv
PY      := $(VENV)/bin/python
PIP     := $(PY) -m pip
MANAGE  := $(PY) manage.py
ORBIS   := $(VENV)/bin/orbis
PYTEST  := $(VENV)/bin/pytest
STAMP   := $(VENV)/.installed-orbis
# The demo company loaded on first start; `orbis demo` builds any size later.
DEMO_CONTACTS ?= 2000
PYTEST_ARGS ?=
# Two workers suit the 2-core machines Orbis is developed on; `make test XDIST=0` runs serially.
XDIST ?= 2
PG_DEFAULT_URL := postgres://postgres@127.0.0.1:5432/postgres

# Settings from .env when there is one (see .env.example); its values win over the shell's.
ifneq (,$(wildcard .env))
include .env
export $(shell sed -n 's/^\([A-Z_][A-Z0-9_]*\)=.*/\1/p' .env)
endif

# Development settings, served by a production server (gunicorn + whitenoise), plain HTTP.
RUN_ENV := ORBIS_DEV=1 ORBIS_HTTPS=0

# The whole code base is held to `ruff format` in CI.
FORMATTED := .

PO_FILES := $(wildcard orbis/locale/*/LC_MESSAGES/*.po orbis/*/locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help install run test test-prerequisites test-sqlite test-postgres lint format bench messages clean

help:
	@echo "make run     install, migrate, load demo data once, start web + worker at http://127.0.0.1:8000"
	@echo "make test    the whole suite on SQLite, and on PostgreSQL when one is reachable"
	@echo "             (installs Chromium and fonts first when missing, as root on Debian)"
	@echo "make lint    ruff, mypy, manage.py check (+ --deploy), makemigrations --check, lint-imports"
	@echo "make bench   benchmarks -> docs/performance.md"

$(PY):
	@py=$$(scripts/find-python) && echo "Creating $(VENV) with $$py" && "$$py" -m venv $(VENV)

# Reinstall only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(PY)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	@touch $@

install: $(STAMP) $(MO_FILES)

%.mo: %.po | $(STAMP)
	$(VENV)/bin/pybabel compile --statistics -i $< -o $@

messages: $(STAMP)
	$(RUN_ENV) $(MANAGE) makemessages --all --ignore '.venv/*' --ignore 'var/*'
	$(MAKE) $(MO_FILES)

run: install
	@scripts/test-prerequisites --run
	@$(PY) -m orbis.development
	@echo "Migrating the database..."
	@$(RUN_ENV) $(MANAGE) migrate --noinput --verbosity 0
	$(RUN_ENV) $(MANAGE) collectstatic --noinput --verbosity 0
	@if $(RUN_ENV) $(MANAGE) help demo >/dev/null 2>&1; then \
	  set -o pipefail; $(RUN_ENV) $(ORBIS) demo --if-empty --contacts $(DEMO_CONTACTS) \
	    | sed '/^Demo logins/,$$d'; \
	else echo "(demo data not available in this version yet: skipping)"; fi
	$(RUN_ENV) $(ORBIS) run

test: test-prerequisites install
	@$(MAKE) --no-print-directory test-sqlite
	@url=$$($(PY) scripts/postgres-url); \
	if [ -n "$$url" ]; then \
	  $(MAKE) --no-print-directory test-postgres PG_URL="$$url"; \
	elif [ -n "$${ORBIS_REQUIRE_POSTGRES:-}" ]; then \
	  echo "PostgreSQL is required (ORBIS_REQUIRE_POSTGRES) but not reachable." >&2; exit 1; \
	else echo "PostgreSQL not reachable (DATABASE_URL or 127.0.0.1:5432): SQLite only."; fi

XDIST_ARGS := $(if $(filter 0,$(XDIST)),,-n $(XDIST))

# Chromium, the CJK/Arabic/Devanagari fonts and gettext: installed when missing (as root on
# Debian), or a stop at once with the command that installs them.
test-prerequisites:
	@scripts/test-prerequisites

test-sqlite: test-prerequisites install
	@echo "== tests on SQLite"
	@mkdir -p var/test/static
	env -u DATABASE_URL ORBIS_DEV=1 ORBIS_DATA_DIR=$(CURDIR)/var/test \
	  $(PYTEST) -q --create-db $(XDIST_ARGS) $(PYTEST_ARGS)

test-postgres: test-prerequisites install
	@echo "== tests on PostgreSQL"
	@mkdir -p var/test/static
	ORBIS_DEV=1 ORBIS_DATA_DIR=$(CURDIR)/var/test DATABASE_URL="$(or $(PG_URL),$(PG_DEFAULT_URL))" \
	  $(PYTEST) -q --create-db $(XDIST_ARGS) $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check $(FORMATTED)
	ORBIS_DEV=1 $(VENV)/bin/mypy orbis
	ORBIS_DEV=1 $(MANAGE) check --fail-level WARNING
	env -u ORBIS_DEV -u ORBIS_DEBUG ORBIS_HTTPS=1 ORBIS_DATA_DIR=$(CURDIR)/var/deploy-check \
	  ORBIS_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	  ORBIS_KEYRING='{"keys": {}, "current": {}}' \
	  $(MANAGE) check --deploy --fail-level WARNING
	ORBIS_DEV=1 ORBIS_DATA_DIR=$(CURDIR)/var/lint $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format $(FORMATTED)
	$(VENV)/bin/ruff check --fix .

bench: install
	@scripts/bench-prerequisites
	ORBIS_DEV=1 PYTHON=$(PY) sh bench/run.sh

clean:
	rm -rf var/test var/lint var/deploy-check var/static
