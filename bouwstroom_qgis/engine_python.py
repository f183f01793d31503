"""Which Python runs the engine, and what to tell the user when none can.

The engine needs geopandas and shapely >= 2. Loaded inside QGIS, shapely 2 wheels clash
with the GEOS QGIS has already loaded, so the engine always runs as its own process
(like QGIS's GRASS and SAGA providers): with the interpreter named in the settings (or
in ``BOUWSTROOM_ENGINE_PYTHON``), else QGIS's own Python when it has the stack (the
Windows installers, Debian 13), else a dedicated environment at
``engine_env_dir()``. This module needs only the standard library.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bouwstroom_qgis import paths

log = logging.getLogger(__name__)

ENV_VARIABLE = "BOUWSTROOM_ENGINE_PYTHON"
PROBE_TIMEOUT_S = 120.0
# Variables that point an interpreter at QGIS's own libraries and data; a separate
# environment has its own GDAL and PROJ data, and a mismatched proj.db breaks pyproj.
QGIS_ONLY_VARIABLES = (
    "PYTHONHOME",
    "PYTHONPATH",
    "PYTHONSTARTUP",
    "GDAL_DATA",
    "GDAL_DRIVER_PATH",
    "PROJ_LIB",
    "PROJ_DATA",
)
# On Windows, start the engine without flashing a console window (0 elsewhere).
NO_WINDOW: int = getattr(subprocess, "CREATE_NO_WINDOW", 0)
_PROBE = (
    "import json, geopandas, pandas, pyogrio, pyproj, shapely, sys; "
    "print(json.dumps({'python': sys.version.split()[0], 'shapely': shapely.__version__, "
    "'geopandas': geopandas.__version__, 'pandas': pandas.__version__, "
    "'pyogrio': pyogrio.__version__}))"
)


class EngineNotFound(Exception):
    """No Python that can run the engine; the message says how to make one."""


@dataclass(frozen=True)
class EnginePython:
    """A Python that runs the engine, with the versions its probe reported."""

    path: Path
    versions: dict[str, str]
    is_qgis_python: bool

    def describe(self) -> str:
        """One line for logs and message bars."""
        found = ", ".join(f"{name} {version}" for name, version in self.versions.items())
        return f"{self.path} ({found})"


def qgis_python() -> Path | None:
    """The interpreter of the Python that QGIS itself embeds, when it can be found."""
    prefix = Path(sys.exec_prefix)
    major, minor = sys.version_info[:2]
    if os.name == "nt":
        candidates = [prefix / "python.exe", prefix / "python3.exe"]
    else:
        candidates = [prefix / "bin" / f"python{major}.{minor}", prefix / "bin" / "python3"]
    return next((c for c in candidates if c.is_file()), None)


def engine_env_dir() -> Path:
    """Where the dedicated engine environment lives, outside every QGIS profile."""
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "bouwstroom" / "engine"


def env_python(env_dir: Path) -> Path:
    """The interpreter inside a virtual environment folder."""
    if os.name == "nt":
        return env_dir / "Scripts" / "python.exe"
    return env_dir / "bin" / "python"


def requirements_file() -> Path:
    """The engine's requirements list shipped with the plugin."""
    return paths.resource("engine", "requirements.txt")


def setup_commands(env_dir: Path | None = None) -> list[str]:
    """The commands that create the dedicated engine environment, for the user to run."""
    env_dir = env_dir or engine_env_dir()
    python = env_python(env_dir)
    base = "py -3" if os.name == "nt" else "python3"
    return [
        f'{base} -m venv "{env_dir}"',
        f'"{python}" -m pip install -r "{requirements_file()}"',
    ]


def not_found_message(tried: list[str]) -> str:
    """What went wrong and exactly what to run, as one message."""
    lines = [
        "No Python that can run the Bouwstroom engine was found (it needs geopandas "
        "and shapely 2 or newer).",
        "Tried: " + "; ".join(tried) + ".",
        "Create the engine environment by running these commands in a terminal:",
        *(f"    {command}" for command in setup_commands()),
    ]
    if sys.platform.startswith("linux"):
        lines.append("(On Debian or Ubuntu, 'sudo apt-get install python3-venv' first.)")
    lines.append(
        "Or set another interpreter under Settings > Options > Advanced > bouwstroom/engine/python."
    )
    return "\n".join(lines)


def engine_environment(python: Path, is_qgis_python: bool) -> dict[str, str]:
    """Environment variables for an engine process: the plugin's engine on the path.

    A separate environment gets none of QGIS's Python, GDAL or PROJ variables.
    """
    env = dict(os.environ)
    if not is_qgis_python:
        for name in QGIS_ONLY_VARIABLES:
            env.pop(name, None)
    package_parent = str(Path(__file__).resolve().parent.parent)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = package_parent + (os.pathsep + existing if existing else "")
    env["PYTHONIOENCODING"] = "utf-8"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def probe(python: Path, is_qgis_python: bool) -> dict[str, str] | str:
    """The versions of the engine's stack in ``python``, or why it cannot run the engine."""
    if not python.is_file():
        return f"{python} does not exist"
    try:
        done = subprocess.run(
            [str(python), "-c", _PROBE],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            env=engine_environment(python, is_qgis_python),
            creationflags=NO_WINDOW,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"{python} could not be started ({error})"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"{python} lacks the engine's packages ({last})"
    versions = json.loads(done.stdout.strip().splitlines()[-1])
    if int(versions["shapely"].split(".")[0]) < 2:
        return f"{python} has shapely {versions['shapely']}, the engine needs 2 or newer"
    return versions


def candidates(configured: str) -> list[tuple[Path, bool]]:
    """Interpreters to try, in order, each with whether it is QGIS's own Python."""
    chosen = configured or os.environ.get(ENV_VARIABLE, "")
    if chosen:
        path = Path(chosen).expanduser()
        own = qgis_python()
        # Not resolved: a virtual environment's python links to its base interpreter.
        same = own is not None and os.path.abspath(path) == os.path.abspath(own)
        return [(path, same)]
    found = []
    own = qgis_python()
    if own is not None:
        found.append((own, True))
    found.append((env_python(engine_env_dir()), False))
    return found


_cache: dict[tuple[str, float], EnginePython] = {}


def find_engine_python(configured: str = "") -> EnginePython:
    """The first usable engine interpreter (probed once per file version and session).

    Parameters
    ----------
    configured : str
        The interpreter named in the plugin settings; empty to detect.

    Raises
    ------
    EngineNotFound
        None of the candidates works; the message lists the setup commands.
    """
    tried = []
    for path, is_qgis_python in candidates(configured):
        key = (str(path), path.stat().st_mtime if path.is_file() else 0.0)
        if key in _cache:
            return _cache[key]
        result = probe(path, is_qgis_python)
        if isinstance(result, str):
            tried.append(result)
            continue
        found = EnginePython(path, result, is_qgis_python)
        log.info("Bouwstroom engine: %s", found.describe())
        _cache[key] = found
        return found
    raise EngineNotFound(not_found_message(tried))
