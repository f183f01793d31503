"""Finding the Python that runs the engine, and the commands that make one."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import platform
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from qgis_session import PLUGINS_DIR, ROOT, bare_python

from bouwstroom_qgis import engine_python as ep


def test_the_configured_interpreter_is_probed(engine_python: Path) -> None:
    found = ep.find_engine_python(str(engine_python))
    assert found.path == engine_python
    # QGIS's own Python when the tests hand it as the engine (Debian 13 with its geopandas)
    assert found.is_qgis_python is (engine_python == ep.qgis_python())
    assert int(found.versions["shapely"].split(".")[0]) >= 2
    assert found.versions["geopandas"] and found.versions["pyogrio"]
    assert found.describe().startswith(f"{engine_python} (python 3.")


def test_a_python_without_the_stack_is_refused_with_the_setup_commands(tmp_path: Path) -> None:
    """Like Debian 12's QGIS Python, without geopandas: the message says exactly what to run."""
    bare = bare_python(tmp_path / "bare")
    with pytest.raises(ep.EngineNotFound) as raised:
        ep.find_engine_python(str(bare))
    message = str(raised.value)
    assert f"{bare} lacks the engine's packages" in message
    assert "(ModuleNotFoundError: No module named " in message
    for command in ep.setup_commands():
        assert command in message
    requirements = PLUGINS_DIR / "bouwstroom_qgis" / "resources" / "engine" / "requirements.txt"
    assert f'-m pip install -r "{requirements}"' in message


def test_qgis_python_runs_the_engine_exactly_when_it_has_the_stack() -> None:
    """Debian 12's QGIS Python lacks geopandas; Debian 13's has it from Debian's packages.

    These tests run in QGIS's Python, so what this process can find is what QGIS's has.
    """
    own = ep.qgis_python()
    assert own is not None and own.is_file()
    needed = ("geopandas", "pandas", "pyogrio", "shapely")
    missing = [name for name in needed if importlib.util.find_spec(name) is None]
    if missing:
        with pytest.raises(ep.EngineNotFound) as raised:
            ep.find_engine_python(str(own))
        message = str(raised.value)
        assert f"{own} lacks the engine's packages" in message
        assert "(ModuleNotFoundError: No module named " in message
        return
    found = ep.find_engine_python(str(own))
    assert found.path == own and found.is_qgis_python is True
    for name in needed:  # read without importing the stack into QGIS's process
        installed = importlib.metadata.version(name).split("+")[0]  # Debian's 2.2.3+dfsg
        assert found.versions[name] == installed
    assert found.versions["python"] == platform.python_version()


def test_a_missing_interpreter_is_named() -> None:
    with pytest.raises(ep.EngineNotFound, match="/nonexistent/python3 does not exist"):
        ep.find_engine_python("/nonexistent/python3")


def test_detection_tries_qgis_python_then_the_dedicated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv(ep.ENV_VARIABLE, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert ep.candidates("") == [
        (ep.qgis_python(), True),
        (tmp_path / "bouwstroom" / "engine" / "bin" / "python", False),
    ]


def test_a_separate_environment_gets_none_of_qgis_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("PYTHONPATH", "PYTHONHOME", "GDAL_DATA", "PROJ_LIB"):
        monkeypatch.setenv(name, f"/qgis/{name}")
    separate = ep.engine_environment(Path("/env/bin/python"), is_qgis_python=False)
    assert separate["PYTHONPATH"] == str(PLUGINS_DIR)
    assert not {"PYTHONHOME", "GDAL_DATA", "PROJ_LIB"} & set(separate)
    own = ep.engine_environment(Path("/usr/bin/python3"), is_qgis_python=True)
    assert own["PYTHONPATH"] == f"{PLUGINS_DIR}{os.pathsep}/qgis/PYTHONPATH"
    assert own["GDAL_DATA"] == "/qgis/GDAL_DATA"


def test_requirements_list_is_the_engines_dependencies() -> None:
    listed = [
        line.strip()
        for line in ep.requirements_file().read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    with (ROOT / "pyproject.toml").open("rb") as f:
        dependencies = tomllib.load(f)["project"]["dependencies"]
    assert listed == [d.split("#")[0].strip() for d in dependencies]


@pytest.mark.slow
def test_the_setup_commands_make_a_working_engine(tmp_path: Path) -> None:
    """Run the commands the message shows (a minute at most with a package cache)."""
    env_dir = tmp_path / "engine"
    for command in ep.setup_commands(env_dir):
        if command.startswith("python3 "):
            command = sys.executable + command[len("python3") :]  # the system Python
        done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    found = ep.find_engine_python(str(ep.env_python(env_dir)))
    assert int(found.versions["shapely"].split(".")[0]) >= 2
