"""The engine as its own process: progress, messages, errors, crashes and cancel."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from qgis_session import bare_python

from bouwstroom_qgis.engine_process import (
    EngineCancelled,
    EngineFailed,
    engine_command,
    failure_message,
    parse_progress,
    run_engine,
)
from bouwstroom_qgis.engine_python import EnginePython

GIETERVEEN = "imro/NL.IMRO.1680.1800030105-0000.gml"


@pytest.fixture
def engine(engine_python: Path) -> EnginePython:
    return EnginePython(engine_python, {}, is_qgis_python=False)


class Recorder:
    def __init__(self, cancel_after: int | None = None) -> None:
        self.progress: list[tuple[float, str]] = []
        self.lines: list[tuple[str, bool]] = []
        self.cancel_after = cancel_after

    def on_progress(self, fraction: float, message: str) -> None:
        self.progress.append((fraction, message))

    def on_line(self, text: str, is_stderr: bool) -> None:
        self.lines.append((text, is_stderr))

    def is_cancelled(self) -> bool:
        return self.cancel_after is not None and len(self.progress) >= self.cancel_after

    def run(self, engine: EnginePython, *arguments: str):
        return run_engine(
            engine,
            arguments,
            on_progress=self.on_progress,
            on_line=self.on_line,
            is_cancelled=self.is_cancelled,
        )


def test_progress_lines_are_parsed_and_others_are_not() -> None:
    assert parse_progress('{"progress": 0.42, "message": "reading zoning plans"}') == (
        0.42,
        "reading zoning plans",
    )
    assert parse_progress(" 42%  reading zoning plans") is None
    assert parse_progress('{"progress": "x"}') is None
    assert engine_command(Path("/p/python"), ["score", "s.toml"]) == [
        "/p/python", "-m", "bouwstroom_qgis", "--progress-json", "score", "s.toml",
    ]  # fmt: skip


def test_import_reports_progress_and_messages(
    engine: EnginePython, shared_data: Path, tmp_path: Path
) -> None:
    recorder = Recorder()
    out = tmp_path / "zoning.gpkg"
    output = recorder.run(engine, "import-imro", str(shared_data / GIETERVEEN), "--out", str(out))
    fractions = [f for f, _ in recorder.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 3
    assert out.is_file()
    enkel = [t for t, _ in recorder.lines if re.match(r"Enkelbestemming\s+84\b", t)]
    assert enkel and "wonen 37" in enkel[0]
    assert output.stderr == [t for t, is_stderr in recorder.lines if is_stderr]


def test_an_input_error_is_the_engines_one_line(engine: EnginePython, tmp_path: Path) -> None:
    missing = tmp_path / "missing.toml"
    with pytest.raises(EngineFailed) as raised:
        Recorder().run(engine, "score", str(missing), "--out", str(tmp_path / "out"))
    message = str(raised.value)
    assert "\n" not in message and str(missing) in message
    assert not message.startswith("bouwstroom")


def test_a_crash_is_reported_with_its_last_lines(tmp_path: Path) -> None:
    """A Python without geopandas (Debian 12's QGIS Python): the engine dies, QGIS does not."""
    bare = EnginePython(bare_python(tmp_path / "bare"), {}, is_qgis_python=False)
    with pytest.raises(EngineFailed) as raised:
        Recorder().run(bare, "score", "x.toml", "--out", str(tmp_path))
    message = str(raised.value)
    assert message.startswith("The engine stopped unexpectedly (exit code 1). Its last lines:")
    assert "ModuleNotFoundError: No module named" in message


def test_failure_message_for_a_signal() -> None:
    assert failure_message(-9, ['{"progress": 0.5, "message": "x"}', "a line"]) == (
        "The engine was stopped by signal 9. Its last lines:\na line"
    )
    assert (
        failure_message(2, ["bouwstroom score: error: a.gpkg: has no CRS"]) == "a.gpkg: has no CRS"
    )


def test_cancel_stops_the_process_and_leaves_no_output(
    engine: EnginePython, region: Path, tmp_path: Path
) -> None:
    recorder = Recorder(cancel_after=2)
    out = tmp_path / "out"
    started = time.monotonic()
    with pytest.raises(EngineCancelled):
        recorder.run(engine, "score", str(region / "scenario.toml"), "--out", str(out))
    assert time.monotonic() - started < 30
    assert len(recorder.progress) == 2 and recorder.progress[-1][0] < 1.0
    left = sorted(p.name for p in out.rglob("*")) if out.exists() else []
    assert not [n for n in left if n.startswith(("shortlist", ".shortlist", "report"))], left
