# One command each for a new user: `make demo` and `make test` do their own set-up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := out/demo

.PHONY: venv demo test lint bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c "import venv, ensurepip" 2>/dev/null || { echo "Python's venv module is missing: run 'sudo apt-get install python3-venv' and try again."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(PY) -m bouwstroom_qgis generate --parcels 5000 --seed 7 --out $(DEMO)/region --overwrite
	$(PY) -m bouwstroom_qgis run $(DEMO)/region/scenario.toml --out $(DEMO)/result --overwrite

test: $(STAMP)
	$(PY) -m pytest -q

lint: $(STAMP)
	$(VENV)/bin/ruff check bouwstroom_qgis tests benchmarks
	$(VENV)/bin/ruff format --check bouwstroom_qgis tests benchmarks
	$(VENV)/bin/mypy bouwstroom_qgis/core

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
