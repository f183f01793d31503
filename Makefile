# One command each for a new user: `make demo` and `make test` do their own set-up.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := out/demo
# QGIS's Python: Debian's system interpreter with python3-qgis (never the venv: pip's
# shapely 2 and QGIS's GEOS must not meet in one process).
QGIS_PYTHON ?= /usr/bin/python3
PLUGIN  := bouwstroom_qgis
VERSION := $(shell sed -n 's/^version=//p' metadata.txt)
ZIP     := dist/$(PLUGIN)-$(VERSION).zip
STAGE   := build/plugin

.PHONY: venv system-packages demo test test-engine test-qgis package screenshots lint bench clean

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

test: system-packages
	$(MAKE) test-engine test-qgis

# Debian packages for the tests (QGIS, pytest, Xvfb), installed when missing.
system-packages:
	@scripts/system-packages.sh

test-engine: $(STAMP)
	$(PY) -m pytest -q --ignore=tests/integration

# The plugin in a real QGIS (offscreen, temporary profile), with the venv as its engine.
test-qgis: $(STAMP) package
	@$(QGIS_PYTHON) -c "import qgis.core, pytest" 2>/dev/null || { echo "The QGIS tests need QGIS and pytest in $(QGIS_PYTHON): run 'sudo apt-get install qgis python3-qgis python3-pytest xvfb' and try again."; exit 1; }
	BOUWSTROOM_ENGINE_PYTHON=$(abspath $(PY)) BOUWSTROOM_PLUGIN_ZIP=$(abspath $(ZIP)) \
		$(QGIS_PYTHON) -m pytest -q -p no:cacheprovider tests/integration

# The plugin's QGIS tests on QGIS 3.40 (Debian 13) from a Debian 12 machine, as root: a
# debootstrap chroot at /work/chroots/trixie (BOUWSTROOM_CHROOT), reused once built, with
# the engine in a pip environment there and then in Debian 13's own Python. Not part of
# `make test`: about 8 minutes the first time, 5 after (docs/qgis-versions.md).
.PHONY: test-qgis-340
test-qgis-340: package
	BOUWSTROOM_PLUGIN_ZIP=$(abspath $(ZIP)) scripts/qgis340-chroot.sh all

# The installable plugin: one folder bouwstroom_qgis/ with the code, metadata.txt and
# resources/, zipped; no tests, no caches.
package:
	rm -rf $(STAGE) && mkdir -p $(STAGE) dist
	cp -r $(PLUGIN) $(STAGE)/$(PLUGIN)
	cp -r metadata.txt resources $(STAGE)/$(PLUGIN)/
	find $(STAGE) \( -name __pycache__ -o -name '*.pyc' -o -name '*.gfs' ! -path '*/resources/gdal/*' \) -prune -exec rm -rf {} +
	rm -f $(ZIP) && cd $(STAGE) && $(PYTHON) -m zipfile -c $(abspath $(ZIP)) $(PLUGIN)
	@echo "plugin: $(ZIP)"

# The dock and a result map rendered by the real QGIS desktop (under Xvfb) to docs/images.
SHOTS := build/screenshots
screenshots: $(STAMP) package system-packages
	rm -rf $(SHOTS) docs/images/FAILED && mkdir -p $(SHOTS)/profiles/profiles/default/python/plugins docs/images
	$(PYTHON) -m zipfile -e $(ZIP) $(SHOTS)/profiles/profiles/default/python/plugins
	$(PY) -m bouwstroom_qgis -q generate --parcels 2000 --seed 1 --out $(SHOTS)/region --overwrite
	BOUWSTROOM_ENGINE_PYTHON=$(abspath $(PY)) BOUWSTROOM_REGION=$(abspath $(SHOTS)/region) \
	BOUWSTROOM_SCREENSHOT_RUN=$(abspath $(SHOTS)/result) BOUWSTROOM_IMAGES=$(abspath docs/images) \
	XDG_RUNTIME_DIR=$$(mktemp -d) QT_QPA_PLATFORM= \
		timeout 600 xvfb-run -a -s "-screen 0 1600x1000x24" qgis --profiles-path $(abspath $(SHOTS)/profiles) \
		--nologo --noversioncheck --lang en_GB --code scripts/screenshots.py
	@test ! -e docs/images/FAILED && test -s docs/images/dock.png && test -s docs/images/map.png
	@echo "screenshots: docs/images/dock.png docs/images/map.png docs/images/qgis.png"

lint: $(STAMP)
	$(VENV)/bin/ruff check bouwstroom_qgis tests benchmarks
	$(VENV)/bin/ruff format --check bouwstroom_qgis tests benchmarks
	$(VENV)/bin/mypy bouwstroom_qgis/core

bench: $(STAMP)
	$(PY) benchmarks/run.py

clean:
	rm -rf $(VENV) out build dist *.egg-info
