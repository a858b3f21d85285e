# Crafts Mela marketplace. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo lint format bench bench-100k worker beat check audit clean translations flake-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "  Crafts Mela is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "  Admin login: admin / crafts-mela-admin   (producer group staff: see 'manage.py load_demo' output)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

# Ruff (lint and format), mypy with django-stubs and the import contracts (layers), all
# configured in pyproject.toml. `make test` runs the same checks first.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DATABASE_URL=sqlite://:memory: $(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check: install
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# Re-extract the Urdu catalogue, fill it from locale/ur/translations/*.json, compile the .mo;
# then the project's Urdu for Wagtail's admin (locale_wagtail/ur/translations/*.json).
translations: install
	$(BIN)/python scripts/translations_fill.py --extract
	$(BIN)/python scripts/wagtail_urdu.py

# Known vulnerabilities in the installed dependencies (pip-audit, PyPI's advisory database).
# --strict: a package it could not look up (no vulnerability data reachable) fails the target;
# "No known vulnerabilities found" with nothing audited is not a clean result.
audit: install
	@$(BIN)/pip-audit --strict --progress-spinner off --skip-editable \
	  || { echo ""; echo "make audit: pip-audit found vulnerabilities or could not reach its vulnerability database (see above); nothing was proven clean."; exit 1; }

# The timing-sensitive tests (Celery worker, Redis down, PostgreSQL races) FLAKE_RUNS times
# (default 5) while stress-ng loads both cores; not part of `make test` (it takes long).
flake-check: install
	bash scripts/flake_check.sh

bench: install
	$(BIN)/python -m bench.run $(ARGS)

# The scale section at 1,000 and 100,000 products (the 100k database is loaded once: long).
bench-100k: install
	$(BIN)/python -m bench.run --only scale --scales 1000,100000 $(ARGS)

worker: install
	$(BIN)/celery -A marketplace worker --loglevel=info

# Celery beat: queues the periodic tasks (marketplace/celery_app.py) for `make worker`.
beat: install
	$(BIN)/celery -A marketplace beat --loglevel=info --schedule $(VENV)/celerybeat-schedule

clean:
	rm -rf $(VENV) db.sqlite3 media staticfiles test-output
