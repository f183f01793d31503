"""Fixtures for the tests against a real QGIS (see qgis_session.py for the set-up).

Run with QGIS's own Python (Debian: ``/usr/bin/python3 -m pytest tests/integration``);
``make test`` does, with the project's venv as the engine's interpreter.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis_session import (
    INSTALLED,
    PLUGIN,
    PLUGIN_ZIP,
    PLUGINS_DIR,
    QGIS_VERSION,
    ROOT,
    assemble_sites,
    generate_region,
    run_cli,
    run_qgis_process,
)


def pytest_report_header() -> str:
    return f"QGIS {QGIS_VERSION}, profile {PLUGINS_DIR.parents[2]}"


def pytest_configure(config: pytest.Config) -> None:
    # A PyQGIS call the running QGIS has deprecated (3.40 warns where 3.22 did not) fails
    # the test that makes it: QGIS 4 removes what 3.x deprecates.
    config.addinivalue_line("filterwarnings", f"error::DeprecationWarning:{PLUGIN}")


@pytest.fixture(scope="session")
def plugin_zip() -> Path:
    return PLUGIN_ZIP


@pytest.fixture(scope="session")
def installed_plugin() -> Path:
    """The plugin folder unpacked from the zip into the temporary profile."""
    return INSTALLED


@pytest.fixture(scope="session")
def engine_python() -> Path:
    """The engine's interpreter: ``BOUWSTROOM_ENGINE_PYTHON`` or the project's venv."""
    path = Path(os.environ.get("BOUWSTROOM_ENGINE_PYTHON") or ROOT / ".venv" / "bin" / "python")
    if not path.is_file():
        pytest.fail(
            f"no engine interpreter at {path}: run 'make venv' or set BOUWSTROOM_ENGINE_PYTHON"
        )
    os.environ["BOUWSTROOM_ENGINE_PYTHON"] = str(path)  # for the plugin in this process
    return path


@pytest.fixture(scope="session")
def qgis_app(installed_plugin: Path, engine_python: Path):
    """One QgsApplication for the session, with Processing and the plugin folder on the path."""
    app = QgsApplication([], True)
    app.initQgis()
    qgis_plugins = Path(QgsApplication.pkgDataPath()) / "python" / "plugins"  # processing
    for folder in (qgis_plugins, PLUGINS_DIR):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    from processing.core.Processing import Processing

    Processing.initialize()
    yield app
    Processing.deinitialize()
    app.exitQgis()


@pytest.fixture(scope="session")
def qgis_process_plugin(installed_plugin: Path, engine_python: Path) -> None:
    """The plugin enabled for ``qgis_process`` in the temporary profile."""
    done = run_qgis_process("plugins", "enable", PLUGIN)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="session")
def region(tmp_path_factory: pytest.TempPathFactory, engine_python: Path) -> Path:
    """A generated sample region (2,000 parcels, seed 1) with its scenario.toml."""
    return generate_region(engine_python, tmp_path_factory.mktemp("region"), 2000, 1)


@pytest.fixture(scope="session")
def cli_result(tmp_path_factory: pytest.TempPathFactory, region: Path, engine_python: Path) -> Path:
    """The command line's result for the region: what the plugin must equal."""
    out = tmp_path_factory.mktemp("cli")
    done = run_cli(engine_python, "score", str(region / "scenario.toml"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def cli_sites(tmp_path_factory: pytest.TempPathFactory, region: Path, engine_python: Path) -> Path:
    """``bouwstroom sites`` for the region (37 sites): a result without exports yet."""
    out = assemble_sites(engine_python, region / "scenario.toml", tmp_path_factory.mktemp("sites"))
    assert not (out / "shortlist.xlsx").exists()
    return out


@pytest.fixture(scope="module")
def provider(qgis_app):
    """The plugin started for Processing, as qgis_process starts it; unloaded after the module."""
    from qgis.utils import loadPlugin, startProcessingPlugin, unloadPlugin

    assert loadPlugin(PLUGIN) and startProcessingPlugin(PLUGIN)
    yield QgsApplication.processingRegistry().providerById("bouwstroom")
    unloadPlugin(PLUGIN)
