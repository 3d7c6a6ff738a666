# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install node-tools run test test-pg bench lint bandit format check backup restore clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# axe-core and the Nu HTML Checker for the browser tests, from package-lock.json. Without npm
# the tests that need them skip and say so.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
	else echo "npm not found: the axe-core and Nu HTML Checker tests will be skipped"; fi

node-tools: node_modules/.package-lock.json

## Set up, migrate, load the demo articles and serve http://127.0.0.1:8000/ (DEBUG on, plain HTTP),
## with the background worker (emails) beside it; Ctrl+C stops both.
run: install
	DEBUG=1 $(BIN)/python manage.py migrate --noinput
	DEBUG=1 $(BIN)/python manage.py load_demo_content
# --interval 0.1: the worker's poll is most of the delay between a write and its purge at
# a front cache (FRONT_CACHE_URLS); at the default 1 s an edit could take over a second
# to show through Varnish, the limit docs/front-cache.md promises. An idle poll is one
# cheap query.
	DEBUG=1 $(BIN)/python manage.py run_worker --interval 0.1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

## Set up and run the test suite (SQLite unless DATABASE_URL says otherwise).
## PYTEST_ARGS="-m 'not e2e'" leaves out the browser tests.
test: install node-tools
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## The same suite on a local PostgreSQL, where the tests of what SQLite lacks run too (the
## search keys, the planner settings, pg_dump backups, the statement timeout). The test run
## creates and drops test_<name> itself. Another server or name: DATABASE_URL=postgres://...
## (a DATABASE_URL that is not PostgreSQL's is left for `make test`).
TEST_PG_URL := $(if $(filter postgres://% postgresql://%,$(DATABASE_URL)),$(DATABASE_URL),postgres://postgres@127.0.0.1:5432/newsarchive)
test-pg: install node-tools
	DATABASE_URL="$(TEST_PG_URL)" $(BIN)/python -m pytest $(PYTEST_ARGS)

## Seed (100,000 articles by default) and measure every public page; see bench/README.md.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## Security lint of our code (settings in pyproject.toml; exceptions are marked in place).
bandit: install
	$(BIN)/bandit -c pyproject.toml -r . -q

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install
	SECRET_KEY=check-only-insecure-key $(BIN)/python manage.py check
	SECRET_KEY=check-only-insecure-key $(BIN)/python manage.py makemigrations --check --dry-run

# One name for a backup's two files: the database's, and its images' beside it (.media.tar).
STAMP := $(shell date -u +%Y%m%d-%H%M%S)
BACKUP_FILE = $(or $(FILE),backups/newsarchive-$(STAMP)$(if $(findstring postgres,$(DATABASE_URL)),.dump,.sqlite3))

## Back up the database (DATABASE_URL's, or SQLite's file) to backups/, or to FILE=path,
## and the image library's originals beside it (the same name ending in .media.tar).
backup: install
	$(BIN)/python manage.py backup_database --output "$(BACKUP_FILE)"
	$(BIN)/python manage.py backup_media --output "$(basename $(BACKUP_FILE)).media.tar"

## Restore a backup: make restore FILE=backups/newsarchive-....dump (asks before replacing);
## the images come from the .media.tar file beside it, or from MEDIA=path.
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=backups/<file>"; exit 2; }
	$(BIN)/python manage.py restore_database "$(FILE)"
	@media="$(or $(MEDIA),$(basename $(FILE)).media.tar)"; if [ -f "$$media" ]; then \
		$(BIN)/python manage.py restore_media "$$media"; \
	else echo "No media backup at $$media: images not restored (MEDIA=path to name one)."; fi

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache node_modules test-artifacts
