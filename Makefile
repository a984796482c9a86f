# The two commands that matter: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test install migrate demo serve bench worker beat backup restore clean screenshots mutants

run: install migrate demo
	$(PY) manage.py runserver $(HOST):$(PORT)

install: $(VENV)/.installed node_modules/.installed static/build/.built

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Serve Python 3.11 o successivo")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The front-end subset the pages load (Bootstrap Italia, Chart.js, icons): see frontend/build.mjs.
static/build/.built: node_modules/.installed $(wildcard frontend/*)
	npm run build
	touch $@

migrate: install
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py migrate --noinput

demo: install
	$(PY) manage.py seed_demo

# The layers (import-linter) and the lint (ruff), both configured in pyproject.toml, before the tests:
# a broken contract or a lint finding fails them.
test: install
	$(VENV)/bin/lint-imports
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install $(VENV)/.bench-installed
	$(PY) -m bench $(BENCH_ARGS)

# Load-test tools for the bench only (see requirements-bench.txt).
$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r requirements-bench.txt
	touch $@

# The README's screenshots (docs/screenshots/): demo data in a temporary database, Chromium via Playwright.
screenshots: install
	$(PY) scripts/screenshots.py

# Mutation testing of the rules that matter (pyproject.toml [tool.mutmut]); slow: minutes per module.
# MUTANTI="regioni.scoping*" runs one module's mutants. The figures: docs/ARCHITECTURE.md, "Mutants".
# On PostgreSQL, whose test database is kept between mutants (--reuse-db); SQLite's is in memory.
MUTANTI_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/programma_mutanti
mutants: install
	$(PY) -m pip install --quiet mutmut==3.8.1
	DATABASE_URL=$(MUTANTI_DATABASE_URL) $(VENV)/bin/mutmut run --max-children 1 $(MUTANTI)
	$(VENV)/bin/mutmut results

worker: install
	$(VENV)/bin/celery -A programma worker --loglevel=INFO

beat: install
	$(VENV)/bin/celery -A programma beat --loglevel=INFO

backup: install
	$(PY) manage.py backup

# make restore FILE=backups/programma-20260101-120000.tar (asks for confirmation)
restore: install
	@test -n "$(FILE)" || (echo "Uso: make restore FILE=backups/programma-<data>.tar" >&2; exit 2)
	$(PY) manage.py restore "$(FILE)"

clean:
	rm -rf $(VENV) node_modules static/build staticfiles .pytest_cache mutants .ruff_cache .import_linter_cache
