# Two commands for a new user: `make serve` and `make test`. Everything else follows.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB := kazakhstan-unrest.db
PORT ?= 8001
# Template and plugin folders are passed only when they exist.
SITE_DIRS := $(if $(wildcard templates),--template-dir templates) $(if $(wildcard plugins),--plugins-dir plugins) $(if $(wildcard static),--static static:static)

.PHONY: build serve test bench clean

$(BIN)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

build: $(BIN)/.installed
	$(BIN)/python build.py

serve: build
	$(BIN)/datasette serve -i $(DB) -m metadata.json $(SITE_DIRS) -h 127.0.0.1 -p $(PORT)

test: $(BIN)/.installed
	$(BIN)/python -m pytest

bench: $(BIN)/.installed
	$(BIN)/python bench/bench_extract.py

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
