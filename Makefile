# Townsquare: `make run` to start a server with a demo community, `make test` for the suite.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export TOWNSQUARE_DATA_DIR ?= $(CURDIR)/var
PG_URL ?= postgres://postgres@127.0.0.1:5432/townsquare
REDIS_TEST_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2

.PHONY: run test test-sqlite test-postgres lint format typecheck arch install clean

$(STAMP): pyproject.toml
	@python=$$(bin/find-python) || exit 1; \
	if [ ! -x $(BIN)/python ] || ! $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 12))'; then \
		rm -rf $(VENV); echo "Creating $(VENV) with $$python"; $$python -m venv $(VENV) || exit 1; \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

# The log-in details are shown on every start: from the file on later runs, by the demo
# itself on the first (it creates the file).
run: $(STAMP)
	$(BIN)/townsquare migrate --no-input -v 0
	@if [ -f "$(TOWNSQUARE_DATA_DIR)/demo-login.txt" ]; then cat "$(TOWNSQUARE_DATA_DIR)/demo-login.txt"; fi
	$(BIN)/townsquare demo --if-empty
	$(BIN)/townsquare serve --host $(HOST) --port $(PORT)

test: $(STAMP) lint typecheck arch test-sqlite test-postgres

test-sqlite: $(STAMP)
	$(BIN)/pytest -n $(PYTEST_WORKERS)

test-postgres: $(STAMP)
	@bin/run-postgres-suite "$(PG_URL)" "$(REDIS_TEST_URL)" $(BIN)/pytest -n $(PYTEST_WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check townsquare tests
	$(BIN)/ruff format --check townsquare tests

format: $(STAMP)
	$(BIN)/ruff check --fix townsquare tests
	$(BIN)/ruff format townsquare tests

typecheck: $(STAMP)
	$(BIN)/mypy townsquare tests

arch: $(STAMP)
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) build *.egg-info
