"""The QGIS test session: offscreen, a temporary profile, and helpers that run programs.

Imported by conftest.py before anything else, because the environment must be set
before Qt starts. Without QGIS the tests fail at once with what to install: they are
never skipped.
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "bouwstroom_qgis"

# Before anything imports Qt: no display, a private runtime folder, a throw-away profile.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="bouwstroom-qgis-tests-"))
atexit.register(shutil.rmtree, _SESSION_DIR, ignore_errors=True)
PROFILE_ROOT = _SESSION_DIR / "config"
PLUGINS_DIR = PROFILE_ROOT / "profiles" / "default" / "python" / "plugins"
RUNTIME_DIR = _SESSION_DIR / "runtime"
RUNTIME_DIR.mkdir(mode=0o700)
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["XDG_RUNTIME_DIR"] = str(RUNTIME_DIR)
os.environ["QGIS_CUSTOM_CONFIG_PATH"] = str(PROFILE_ROOT)

try:
    from qgis.core import Qgis
    from qgis.PyQt.QtCore import QCoreApplication, QTranslator
except ImportError as error:  # fail loudly: these tests must never be skipped
    raise pytest.UsageError(
        f"QGIS's Python bindings are missing from {sys.executable} ({error}); install them "
        "with 'sudo apt-get install qgis python3-qgis python3-pytest xvfb' and run "
        "'/usr/bin/python3 -m pytest tests/integration' (or 'make test')"
    ) from error

QGIS_VERSION = Qgis.QGIS_VERSION


def qgis_process_binary() -> str:
    """``qgis_process.bin`` where it exists: Debian 12's wrapper passes an option it rejects."""
    for name in ("qgis_process.bin", "qgis_process"):
        found = shutil.which(name)
        if found:
            return found
    raise pytest.UsageError("qgis_process not found; install Debian's qgis package")


def engine_env(engine_python: Path) -> dict[str, str]:
    """Environment for running this checkout's engine from the command line."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHOME",)}
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_cli(engine_python: Path, *arguments: str) -> subprocess.CompletedProcess:
    """``python -m bouwstroom_qgis ARGUMENTS`` with this checkout's engine."""
    return subprocess.run(
        [str(engine_python), "-m", PLUGIN, *arguments],
        cwd=ROOT,
        env=engine_env(engine_python),
        capture_output=True,
        text=True,
        timeout=600,
    )


def generate_region(engine_python: Path, out: Path, parcels: int, seed: int) -> Path:
    """``bouwstroom generate``: a sample region of ``parcels`` parcels with its scenario.toml."""
    done = run_cli(
        engine_python, "generate", "--parcels", str(parcels), "--seed", str(seed),
        "--out", str(out), "--overwrite",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def assemble_sites(engine_python: Path, scenario: Path, out: Path, *options: str) -> Path:
    """``bouwstroom sites SCENARIO --out OUT OPTIONS``: the scored parcels and their sites."""
    done = run_cli(engine_python, "sites", str(scenario), "--out", str(out), *options)
    assert done.returncode == 0, done.stderr
    return out


def run_qgis_process(*arguments: str) -> subprocess.CompletedProcess:
    """``qgis_process ARGUMENTS`` with the temporary profile, the plugin enabled there."""
    return subprocess.run(
        [qgis_process_binary(), *arguments],
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=600,
    )


@contextmanager
def shipped_dutch() -> Iterator[QTranslator]:
    """The plugin's shipped Dutch translation (the installed .qm) installed while in use."""
    translator = QTranslator()
    assert translator.load(str(INSTALLED / "resources" / "i18n" / "bouwstroom_nl.qm"))
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)


def bare_python(env_dir: Path) -> Path:
    """A Python with only the standard library: a virtual environment of QGIS's Python.

    Debian 12's QGIS Python lacks the engine's packages, Debian 13's can have them; this
    one lacks them everywhere.
    """
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    return env_dir / "bin" / "python"


def sheet_names(workbook: Path) -> list[str]:
    """The sheets of an XLSX workbook, in order.

    Parsed, not matched as text: openpyxl writes ``<sheet name=`` with its standard
    library writer but ``<sheet xmlns:r=... name=`` with lxml (as Debian 13 has it).
    """
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(workbook) as archive:
        root = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    return [sheet.get("name", "") for sheet in root.iter(f"{main}sheet")]


def plugin_zip() -> Path:
    """The zip ``make package`` builds (built here when ``make test`` did not pass one)."""
    given = os.environ.get("BOUWSTROOM_PLUGIN_ZIP")
    if given:
        return Path(given)
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return max((ROOT / "dist").glob(f"{PLUGIN}-*.zip"), key=lambda p: p.stat().st_mtime)


def install_plugin(archive_path: Path) -> Path:
    """Unpack the plugin zip into the temporary profile, as the plugin manager does.

    The installed folder, not the checkout, is then what ``import bouwstroom_qgis`` finds
    in this process, and what the plugin hands to the engine process.
    """
    PLUGINS_DIR.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(PLUGINS_DIR)
    checkout = {"", ".", str(ROOT)}
    sys.path[:] = [str(PLUGINS_DIR)] + [p for p in sys.path if p not in checkout]
    return PLUGINS_DIR / PLUGIN


PLUGIN_ZIP = plugin_zip()
INSTALLED = install_plugin(PLUGIN_ZIP)
