# Two commands for a new user: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: build serve test lint bench clean

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

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_extract.py

# The scale benchmark (issue 8): ~45 min at full scale; generated data in ~/.cache/kazakhstan-unrest-bench
# (or $BENCH_SCALE_CACHE). Options: make bench-scale BENCH_SCALE_ARGS="--scale 0.01 --requests 5"
.PHONY: bench-scale
bench-scale: $(BIN)/.installed
	$(BIN)/python bench/bench_scale.py $(BENCH_SCALE_ARGS)

clean:
	rm -rf $(VENV) kazakhstan-unrest.db .pytest_cache .mypy_cache .ruff_cache
