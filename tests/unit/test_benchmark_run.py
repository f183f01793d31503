"""`benchmarks/run.py --only-run`: the run's time, CPU time and peak memory, and whether
the metrics came from the cache, measured on a small generated region."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyogrio

ROOT = Path(__file__).resolve().parents[2]


def bench(out: Path) -> dict:
    command = [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--only-run"]
    done = subprocess.run(
        [*command, "--parcels", "1200", "--seed", "3", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads((out / "run-results.json").read_text())


def test_only_run_reports_time_and_peak_memory_first_computed_then_cached(tmp_path):
    first = bench(tmp_path)
    assert first["parcels"] == 1200
    assert first["run_metrics_cached"] is False
    assert 0 < first["run_s"] < 600
    assert first["run_cpu_s"] > 0
    assert 0.1 < first["run_peak_gb"] < 4  # a Python with the geo stack, a small region
    second = bench(tmp_path)
    assert second["run_metrics_cached"] is True
    # The run's own outputs, and only its results next to the region: no score step ran.
    layers = pyogrio.list_layers(tmp_path / "run" / "shortlist.gpkg")[:, 0].tolist()
    assert layers[:3] == ["parcels", "sites", "bundles"]
    assert not (tmp_path / "score").exists()
    assert not (tmp_path / "results.json").exists()
