# Two commands: `make run` and `make test`. Both bootstrap .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test bench lint venv clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/aduan migrate --no-input
	$(BIN)/aduan load-reference
	$(BIN)/aduan demo --if-empty
	$(BIN)/aduan serve --host 127.0.0.1 --port 8000

# axe-core for the browser tests' accessibility checks, pinned in tests/browser/package-lock.json.
AXE := tests/browser/node_modules/axe-core

$(AXE):
	npm ci --prefix tests/browser --no-audit --no-fund

test: $(STAMP) | $(AXE)
	$(BIN)/python -m pytest -n $(or $(TEST_WORKERS),2) $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) var/test-* .pytest_cache
