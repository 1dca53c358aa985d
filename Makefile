# Two commands for a new user: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8001

.PHONY: build serve test lint bench bench-inputs bench-scale screenshots fuzz clean release publish

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

# The versioned download package: dist/kazakhstan-unrest-<version>/ and its .zip (README "Download").
# PREVIOUS=path/to/old.db adds CHANGES.md, the diff against that release.
release: $(BIN)/.installed
	$(BIN)/python build.py release $(if $(PREVIOUS),--previous $(PREVIOUS))

# The directory Google Cloud Run deploys: dist/publish/ (README "Publish").
publish: release
	$(BIN)/python build.py publish

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

# The README's screenshots (docs/*.png), taken with Debian's chromium like the browser tests.
screenshots: $(BIN)/.installed
	$(BIN)/python -m docs.screenshots

# Hundreds of single random mutations of a copy of sources/, each built in a limited child process;
# prints the tally (clean problem endings, valid builds, tracebacks, hangs, out of memory).
fuzz: $(BIN)/.installed
	$(BIN)/python tests/fuzz_sources.py --runs $(or $(RUNS),300)

# The scale benchmark (issue 8): ~45 min at full scale; generated data in ~/.cache/kazakhstan-unrest-bench
# (or $BENCH_SCALE_CACHE). Options: make bench-scale BENCH_SCALE_ARGS="--scale 0.01 --requests 5"
bench-scale: $(BIN)/.installed
	$(BIN)/python bench/bench_scale.py $(BENCH_SCALE_ARGS)

clean:
	rm -rf $(VENV) kazakhstan-unrest.db .pytest_cache .mypy_cache .ruff_cache
