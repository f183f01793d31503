"""The packaged plugin installs, loads, works and unloads without a trace, in real QGIS."""

from __future__ import annotations

import configparser
import json
import logging
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis_session import PLUGIN, ROOT

ALGORITHMS = [
    "bouwstroom:assemble_sites",
    "bouwstroom:bundle_sites",
    "bouwstroom:estimate_capacity",
    "bouwstroom:export_shortlist",
    "bouwstroom:import_imro",
    "bouwstroom:score_parcels",
]
MENU = ["Score parcels…", "Import IMRO zoning plan…", "Check the engine"]
HEAVY = ("shapely", "geopandas", "pandas", "pyogrio")  # the engine's stack


def test_zip_holds_one_plugin_folder_without_tests(plugin_zip: Path) -> None:
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert {n.split("/")[0] for n in names} == {PLUGIN}
    for needed in (
        "__init__.py",
        "metadata.txt",
        "plugin.py",
        "algorithms/provider.py",
        "core/pipeline.py",
        "resources/icons/bouwstroom.svg",
        "resources/engine/requirements.txt",
        "resources/scenarios/bouwstroom_noord.toml",
    ):
        assert f"{PLUGIN}/{needed}" in names
    assert not [n for n in names if "/tests/" in n or "__pycache__" in n or n.endswith(".pyc")]


def test_metadata_is_complete(plugin_zip: Path) -> None:
    with zipfile.ZipFile(plugin_zip) as archive:
        text = archive.read(f"{PLUGIN}/metadata.txt").decode("utf-8")
    general = configparser.ConfigParser(interpolation=None)
    general.read_string(text)
    meta = general["general"]
    assert meta["hasProcessingProvider"] == "yes"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["supportsQt6"] == "True"
    for key in ("changelog", "tags", "category", "version", "about"):
        assert meta[key].strip(), key
    # No public project address exists yet: none is made up (QGIS's plugin site needs
    # homepage, tracker and repository before an upload).
    assert not [k for k in ("homepage", "tracker", "repository") if k in meta]
    assert "Export shortlist" in meta["about"]
    with zipfile.ZipFile(plugin_zip) as archive:
        assert f"{PLUGIN}/{meta['icon']}" in archive.namelist()


def test_processing_plugin_loads_and_unloads_cleanly(qgis_app) -> None:
    """As qgis_process does: classFactory, initProcessing, unload; nothing left behind."""
    from qgis.utils import loadPlugin, startProcessingPlugin, unloadPlugin

    registry = QgsApplication.processingRegistry()
    logger = logging.getLogger(PLUGIN)
    handlers_before, propagate_before = list(logger.handlers), logger.propagate
    # QGIS 3.40 itself imports a shapely that Debian installed (for QgsGeometry.as_shapely):
    # what counts is that the plugin adds none of the engine's stack.
    heavy_before = [m for m in HEAVY if m in sys.modules]
    assert loadPlugin(PLUGIN) and startProcessingPlugin(PLUGIN)
    try:
        provider = registry.providerById("bouwstroom")
        assert provider.name() == "Bouwstroom Noord"
        assert sorted(a.id() for a in provider.algorithms()) == ALGORITHMS
        assert len(logger.handlers) == len(handlers_before) + 1
        assert logger.propagate is False
        # The engine's stack never enters QGIS's process.
        assert [m for m in HEAVY if m in sys.modules] == heavy_before
    finally:
        unloadPlugin(PLUGIN)
    assert registry.providerById("bouwstroom") is None
    assert logger.handlers == handlers_before
    assert logger.propagate is propagate_before


def test_desktop_installs_loads_and_unloads_cleanly(
    plugin_zip: Path, engine_python: Path, tmp_path: Path
) -> None:
    """The real QGIS desktop (under Xvfb) starts the installed plugin and unloads it twice."""
    profiles = tmp_path / "profiles"  # a fresh profile: the plugin is installed, not enabled
    with zipfile.ZipFile(plugin_zip) as archive:
        archive.extractall(profiles / "profiles" / "default" / "python" / "plugins")
    if shutil.which("xvfb-run") is None:
        pytest.fail("xvfb-run is missing: 'sudo apt-get install xvfb' (.ci/run installs it)")
    result_file = tmp_path / "result.json"
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(BOUWSTROOM_TEST_RESULT=str(result_file), BOUWSTROOM_ENGINE_PYTHON=str(engine_python))
    command = [
        "xvfb-run", "-a", "qgis", "--profiles-path", str(profiles), "--nologo",
        "--noversioncheck", "--code", str(Path(__file__).with_name("desktop_driver.py")),
    ]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert result_file.is_file(), done.stdout + done.stderr
    seen = json.loads(result_file.read_text(encoding="utf-8"))
    assert "error" not in seen, seen.get("error")
    before = seen["before"]
    assert before["algorithms"] == [] and before["menu"] == [] and before["modules"] == []
    for started in (seen["started"], seen["restarted"]):
        assert started["algorithms"] == ALGORITHMS
        assert started["menu"] == MENU
        assert started["handlers"] == ["MessageLogHandler"]
        assert started["heavy"] == before["heavy"]  # QGIS 3.40 may import Debian's shapely
        assert started["settings"] == []
    for unloaded in (seen["unloaded"], seen["unloaded_again"]):
        assert {k: unloaded[k] for k in before if k != "heavy"} == {
            k: before[k] for k in before if k != "heavy"
        }
        assert unloaded["heavy"] == before["heavy"]
    [(title, text)] = seen["bar_without_engine"]
    assert title == "Bouwstroom" and text.startswith("No Python that can run the Bouwstroom engine")
    logged = "\n".join(text for _, text in seen["messages"])
    assert "-m venv" in logged and "requirements.txt" in logged and "/nonexistent/python3" in logged
    [(title, text)] = seen["bar_with_engine"]
    assert text.startswith(f"The engine runs with {engine_python}") and "shapely 2." in text


def test_checkout_resources_are_what_the_zip_ships(plugin_zip: Path) -> None:
    names = set(zipfile.ZipFile(plugin_zip).namelist())
    shipped = {
        f"{PLUGIN}/resources/{p.relative_to(ROOT / 'resources')}"
        for p in (ROOT / "resources").rglob("*")
        if p.is_file()
    }
    assert shipped and shipped <= names
