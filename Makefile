# RACI Registry — the two commands: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# First interpreter that is Python >= 3.12 and actually runs (a pyenv shim with no version
# selected fails, so each candidate is tried, not just found).
PYTHON_CANDIDATES := python3.13 python3.12 $(wildcard $(HOME)/.pyenv/versions/3.1[3-9]*/bin/python3) \
	$(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3) $(wildcard /usr/local/bin/python3.1[2-9]) python3 python
FIND_PYTHON = $(firstword $(foreach p,$(PYTHON_CANDIDATES),$(shell $(p) -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1 && command -v $(p))))

# A local demo: debug on, SQLite, no TLS redirect.
DEMO_ENV := DEBUG=1 SECURE_SSL_REDIRECT=0

.PHONY: help install run test lint bench serve demo-data chromium messages translations gettext axe clean screenshots

help:
	@echo "make run    - set up everything and serve the demo at http://127.0.0.1:8000"
	@echo "make test   - install and run the whole test suite"
	@echo "make bench  - measure the performance budgets (README, Benchmarks)"
	@echo "make serve  - production server (gunicorn); needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL"
	@echo "make lint   - ruff"

$(STAMP): requirements.txt requirements-dev.txt
	@python="$(FIND_PYTHON)"; \
	if [ -z "$$python" ]; then \
		echo "error: Python 3.12 or newer is needed (Django 6) and none was found." >&2; \
		echo "       Tried: $(PYTHON_CANDIDATES)" >&2; \
		echo "       With pyenv: 'pyenv install 3.12' (or set PYENV_VERSION=3.12.1)." >&2; \
		exit 1; \
	fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		echo "Creating $(VENV) with $$python"; rm -rf $(VENV); "$$python" -m venv $(VENV); \
	fi
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $(STAMP)

install: $(STAMP)

# Compiled translations (locale/*/LC_MESSAGES/django.mo are built, never committed).
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
messages: $(MO_FILES)

$(MO_FILES): %.mo: %.po | gettext $(STAMP)
	$(DEMO_ENV) $(PY) manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0

# After changing user-facing strings: refresh the .po files of every interface language (English
# is the source), then translate the new entries (a test fails on an untranslated or fuzzy one).
LOCALES := fr de es it pl pt
translations: install gettext
	$(DEMO_ENV) $(PY) manage.py makemessages $(addprefix -l ,$(LOCALES)) --no-location \
		--ignore=$(VENV) --ignore=node_modules --ignore=tests --ignore=fixtures --ignore=staticfiles --ignore=docs

# GNU gettext's msgfmt, which compilemessages runs.
gettext:
	@if ! command -v msgfmt >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing gettext to compile the translations"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
		else \
			echo "error: msgfmt is missing: install GNU gettext (apt-get install gettext)" >&2; exit 1; \
		fi; \
	fi

# axe-core (pinned in package.json / package-lock.json) for the accessibility browser tests.
AXE := node_modules/axe-core/axe.min.js
axe: $(AXE)

$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --silent --no-audit --no-fund && touch $@; \
	else \
		echo "warning: npm is missing; the accessibility checks will be skipped (apt-get install npm)" >&2; \
	fi

demo-data: install messages
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo

run: demo-data
	@echo "Serving http://127.0.0.1:8000/ (admin: http://127.0.0.1:8000/admin/, see README for the demo login)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:8000

# Debian's Chromium for the browser tests (Playwright's own download cannot work here).
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else \
			echo "warning: /usr/bin/chromium is missing; browser tests will be skipped (apt-get install chromium)" >&2; \
		fi; \
	fi

test: install messages chromium axe
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

# BENCH_ARGS: --strict (fail on a budget), --readme (write the figures into README.md), --quick.
bench: install
	$(PY) bench/run.py $(BENCH_ARGS)

# Production: refuses to start on an unsafe configuration (see README, "Deploying on PostgreSQL").
serve: install
	$(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput
	$(VENV)/bin/gunicorn --config raci_project/gunicorn.conf.py

screenshots: install messages chromium axe
	SAVE_SCREENSHOTS=1 $(PY) -m pytest -q tests/browser

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules $(MO_FILES)
