# Two commands for a new user: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: build serve test lint bench bench-inputs clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build.py

# The serve command is defined once, in unrest/serve.py (tests and screenshots use it too).
serve: build
	$(BIN)/python build.py serve --port $(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/mypy

test: lint
	$(BIN)/python -m pytest

# Extractor quality on the dev and the frozen test set, then its speed (figures, never assertions).
bench: $(BIN)/.installed
	$(BIN)/python bench/score_extract.py
	$(BIN)/python bench/bench_extract.py

# Time and peak memory of `build.py extract` and `draft` on inputs from 200 KB to 20 MB (a few minutes).
bench-inputs: $(BIN)/.installed
	$(BIN)/python bench/bench_inputs.py

clean:
	rm -rf $(VENV) kazakhstan-unrest.db .pytest_cache .mypy_cache .ruff_cache
