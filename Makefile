# Two commands set everything up on a fresh machine:  make run  |  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint rebuild clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed          ## install, build the index from seeds/ if there is none, and chat
	$(BIN)/python -m bot

test: $(VENV)/.installed-test    ## install test tools, lint, run every test
	$(BIN)/ruff check bot index scripts tests
	$(BIN)/python -m pytest -q bot index tests

lint: $(VENV)/.installed-test
	$(BIN)/ruff check bot index scripts tests

rebuild: $(VENV)/.installed
	$(BIN)/python scripts/rebuild_index.py

clean:
	rm -rf $(VENV) data .pytest_cache .ruff_cache
