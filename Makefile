# CCUS Desk. `make run` installs, migrates, loads demo data and starts web + worker + beat + mail;
# `make test` runs every test. Python 3.11+ and make are all a fresh machine needs.
#
# `make run` runs the app as production does: DEBUG off (the office's own 404/500 pages, static
# files from collectstatic served by WhiteNoise, gunicorn), with a signing key generated once into
# var/secret_key. Only plain HTTP on 127.0.0.1 differs (SECURE_SSL=0). Developers use `make dev`
# (or DEBUG=1 make run): Django's debug pages and code reloading.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000
DEBUG ?= 0
VAR_DIR ?= var
SECRET_KEY_FILE := $(VAR_DIR)/secret_key
STATIC_MANIFEST := $(VAR_DIR)/staticfiles/staticfiles.json
# The environment of every manage.py/honcho call below. SITE_URL is the web server's address:
# the Procfile gives each process its own PORT, so the worker cannot derive it from its own.
APP_ENV = DEBUG=$(DEBUG) SECRET_KEY_FILE=$(SECRET_KEY_FILE) SECURE_SSL=$${SECURE_SSL:-0} \
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} PORT=$(PORT)

.PHONY: install run dev test lint format bench migrate seed static messages compilemessages check-system clean lock

check-system:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "CCUS Desk needs Python 3.11 or newer (found %s)." % sys.version.split()[0])'
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || { echo "Python's venv module is missing. Install it with: sudo apt-get install python3-venv"; exit 1; }
	@$(PYTHON) -c 'import ctypes.util, sys; sys.exit(0 if ctypes.util.find_library("pango-1.0") and ctypes.util.find_library("pangoft2-1.0") else "WeasyPrint needs the Pango library. Install it with: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0")'

$(STAMP): requirements.lock pyproject.toml
	@$(MAKE) --no-print-directory check-system
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# Installing also compiles the translations, so `pytest` works right after `make install`.
install: $(STAMP)
	@$(MAKE) --no-print-directory compilemessages

# A signing key made once for this machine, readable by its owner only.
$(SECRET_KEY_FILE):
	@mkdir -p $(VAR_DIR)
	@umask 077 && $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))' > $@.tmp && mv $@.tmp $@

migrate: install $(SECRET_KEY_FILE)
	$(APP_ENV) $(PY) manage.py migrate --noinput

seed: migrate
	$(APP_ENV) $(PY) manage.py seed_demo

# Static files with hashed names for DEBUG off; collected again only when a file changed.
static: $(STATIC_MANIFEST)
$(STATIC_MANIFEST): $(STAMP) $(SECRET_KEY_FILE) $(shell find static -type f 2>/dev/null)
	$(APP_ENV) $(PY) manage.py collectstatic --noinput -v 0

# Japanese is the source language: msgids are the Japanese texts. `make messages` collects new
# texts into locale/{ja,en}/LC_MESSAGES/django.po; translate the empty English msgstr entries
# (tests/i18n fails while any entry is untranslated or fuzzy).
MAKEMESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=test-artifacts --ignore=var --ignore=bench
messages: $(STAMP)
	DEBUG=1 $(PY) manage.py makemessages -l ja -l en $(MAKEMESSAGES_IGNORE) --add-location=file
	@$(MAKE) --no-print-directory compilemessages

# Compile the catalogues (*.mo are not in git). A broken catalogue fails. Without gettext's
# msgfmt the app still runs in Japanese; CI (REQUIRE_SERVICES=1) insists on it.
compilemessages: $(STAMP)
	@if command -v msgfmt >/dev/null 2>&1; then \
	  DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv -v 0; \
	elif [ "$${REQUIRE_SERVICES:-0}" = "1" ]; then \
	  echo "msgfmt not found: install gettext (sudo apt-get install gettext); CI must compile the translations."; exit 1; \
	else \
	  echo "NOTE: msgfmt not found, translations not compiled (sudo apt-get install gettext). The UI stays in Japanese; the English-UI tests are skipped."; \
	fi

run: seed compilemessages $(if $(filter 1,$(DEBUG)),,static)
	@echo "CCUS Desk: http://127.0.0.1:$(PORT)/  (Ctrl-C stops web, worker, beat and mail)"
	$(APP_ENV) $(if $(filter 1,$(DEBUG)),WEB_ARGS=--reload) $(VENV)/bin/honcho start -f Procfile

# Development: Django's debug pages, static files straight from static/, the web server reloads
# on code changes (restart for worker and beat).
dev:
	@$(MAKE) --no-print-directory run DEBUG=1

test: install compilemessages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: install
	DEBUG=1 $(PY) -m bench

clean:
	rm -rf $(VAR_DIR)/celery $(VAR_DIR)/celerybeat-schedule* $(VAR_DIR)/staticfiles

# Re-pin every dependency after editing pyproject.toml: the full lock (make install) and the
# production lock (Dockerfile) are compiled from the same resolution.
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --group dev --python-version 3.11 -o requirements.lock -q
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 -o requirements-prod.lock -q
