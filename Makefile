# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The public-data mirror, used when present (offline machines); MIRROR= downloads instead.
MIRROR ?= $(wildcard ../shared/legislators)

export FLASK_APP := advocacy

.PHONY: run test install install-test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install -q -e .

install-test: $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'

## Install, create the SQLite schema under instance/, load the public data, serve.
run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	@# A failed update keeps the previous data live, so the server starts either way.
	-$(if $(MIRROR),FLASK_LEGISLATOR_DATA_MIRROR=$(abspath $(MIRROR))) $(BIN)/flask data update
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## Install, lint, and run the whole suite on SQLite and on a throwaway PostgreSQL.
test: install-test
	./scripts/install-system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 -q

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-test
	./scripts/install-system-deps
	$(BIN)/python benchmarks/load_directory.py
