# Two commands for a fresh machine (see README): `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
# The public-data mirror, used when present (offline machines); MIRROR= downloads instead.
MIRROR ?= $(wildcard ../shared/legislators)

export FLASK_APP := advocacy

.PHONY: run test test-fast install install-test lint bench lock audit screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs exactly the tested versions: the lock files constrain every dependency. The
# editable install's metadata lives in the venv; setuptools' copy in the checkout goes.
install: $(BIN)/python
	$(BIN)/pip install -q -c requirements.lock -e .
	rm -rf advocacy.egg-info

install-test: $(BIN)/python
	$(BIN)/pip install -q -c requirements-test.lock -e '.[test]'
	rm -rf advocacy.egg-info

## Re-resolve the lock files from setup.cfg (then run `make test` before committing them).
lock: install-test
	$(BIN)/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.lock setup.cfg
	$(BIN)/pip-compile -q --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links --extra test -o requirements-test.lock setup.cfg

## Known vulnerabilities in the locked versions (PyPI's advisory data); exit 1 on any.
audit: install-test
	$(BIN)/python scripts/audit-dependencies requirements-test.lock

## Install, create the SQLite schema under instance/, load the public data, serve.
run: install
	mkdir -p instance
	$(BIN)/flask db upgrade
	@# A failed update keeps the previous data live, so the server starts either way.
	-$(if $(MIRROR),FLASK_LEGISLATOR_DATA_MIRROR=$(abspath $(MIRROR))) $(BIN)/flask data update
	$(BIN)/flask run --host $(HOST) --port $(PORT)

## Install, lint, and run the whole suite on SQLite and on a throwaway PostgreSQL, then
## every benchmark in its smoke mode (small data, its invariants checked, no timing).
test: install-test
	./scripts/install-system-deps
	$(BIN)/ruff check --no-cache .
	$(BIN)/python scripts/audit-dependencies requirements-test.lock
	$(BIN)/python -m pytest -n 2 -q --dist worksteal -p no:cacheprovider --durations=15
	$(BIN)/python benchmarks/smoke.py

## The inner loop: everything but the tests marked slow, on SQLite (DB=both for both).
DB ?= sqlite
test-fast: install-test
	$(BIN)/python -m pytest -n 2 -q --dist worksteal -p no:cacheprovider -m "not slow" --db $(DB)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: install-test
	./scripts/install-system-deps
	$(BIN)/python benchmarks/load_directory.py

## Every page in the browser (tests/e2e/test_every_page.py) with a screenshot of each at 390
## and 1280 px in build/screenshots/ (SHOTS=...); two of them copied to docs/screenshots/.
SHOTS ?= build/screenshots
screenshots: install-test
	./scripts/install-system-deps
	rm -rf $(SHOTS) && mkdir -p $(SHOTS)
	ADVOCACY_SCREENSHOTS=$(abspath $(SHOTS)) $(BIN)/python -m pytest -q -p no:cacheprovider tests/e2e/test_every_page.py
	ADVOCACY_SCREENSHOTS=$(abspath $(SHOTS)) $(BIN)/python scripts/readme-screenshots
