"""The command shell: machine-readable progress for programs that run the engine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bouwstroom_qgis.cli import JsonProgress, build_parser

ROOT = Path(__file__).resolve().parents[2]
GIETERVEEN = "imro/NL.IMRO.1680.1800030105-0000.gml"


def test_json_progress_writes_a_line_per_message_or_half_percent(capsys) -> None:
    progress = JsonProgress()
    progress(0.0, "reading parcels")
    progress(0.001, "reading parcels")  # too small a step to report
    progress(0.006, "")  # no message: the last one still holds
    progress(0.006, "reading zoning plans")
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    assert lines == [
        {"progress": 0.0, "message": "reading parcels"},
        {"progress": 0.006, "message": "reading parcels"},
        {"progress": 0.006, "message": "reading zoning plans"},
    ]


def test_the_flag_goes_before_or_after_the_command() -> None:
    parser = build_parser()
    before = parser.parse_args(["--progress-json", "score", "s.toml", "--out", "o"])
    after = parser.parse_args(["score", "s.toml", "--out", "o", "--progress-json"])
    neither = parser.parse_args(["score", "s.toml", "--out", "o"])
    assert before.progress_json and after.progress_json and not neither.progress_json


def test_a_run_reports_json_progress_to_the_end(shared_data, tmp_path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bouwstroom_qgis", "--progress-json", "import-imro",
         str(shared_data / GIETERVEEN), "--out", str(tmp_path / "zoning.gpkg")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reports = [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")]
    fractions = [r["progress"] for r in reports]
    assert len(reports) >= 3 and fractions == sorted(fractions) and fractions[-1] == 1.0
    assert not [line for line in done.stderr.splitlines() if "%  " in line]  # no text bar lines
