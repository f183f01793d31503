"""`make bench`: speed and memory of the engine on a generated region, as ratios and figures.

Measured in one run on one machine, so ratios compare like with like:
- `bouwstroom score` end to end on a generated region (wall time, peak memory);
- the overlay metrics against the straightforward geopandas.overlay + groupby pipeline
  computing the same metrics on the same in-memory inputs (the speed-up ratio);
- re-scoring from cached metrics after a weight change (numbers only, and with explanations);
- site assembly of the scored parcels, per grouping rule (benchmarks/sites.py);
- capacity of 50,000 sites for the shipped concepts on 2 threads (benchmarks/capacity.py);
- bundling 2,000 candidate sites with CP-SAT and the heuristic (benchmarks/bundles.py);
- 500-draw weight robustness on 100,000 parcels (benchmarks/robustness.py);
- `bouwstroom run --no-export` end to end, with sites, bundles, plan and robustness
  (``--with-run``: minutes at 1M parcels).

Usage: python benchmarks/run.py [--parcels 1000000] [--seed 1] [--skip-reference]
       [--skip-sites] [--skip-capacity] [--skip-bundles] [--skip-robustness] [--with-run]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def timed_process(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (GB) of one child process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024**2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--skip-reference",
        action="store_true",
        help="skip the geopandas.overlay baseline (it takes minutes at 1M)",
    )
    parser.add_argument("--skip-sites", action="store_true", help="skip site assembly")
    parser.add_argument("--skip-capacity", action="store_true", help="skip the capacity step")
    parser.add_argument("--skip-bundles", action="store_true", help="skip bundling")
    parser.add_argument("--skip-robustness", action="store_true", help="skip robustness")
    parser.add_argument(
        "--with-run", action="store_true", help="also time `bouwstroom run --no-export`"
    )
    args = parser.parse_args()
    out = ROOT / "out" / "bench"
    region = out / f"region-{args.parcels}-{args.seed}"
    python = sys.executable
    results: dict[str, object] = {"parcels": args.parcels, "cpus": os.cpu_count()}

    if not (region / "scenario.toml").exists():
        wall, peak = timed_process(
            [
                python,
                "-m",
                "bouwstroom_qgis",
                "--quiet",
                "generate",
                "--parcels",
                str(args.parcels),
                "--seed",
                str(args.seed),
                "--out",
                str(region),
                "--overwrite",
            ]
        )
        results["generate_s"], results["generate_peak_gb"] = round(wall, 1), round(peak, 2)

    wall, peak = timed_process(
        [
            python,
            "-m",
            "bouwstroom_qgis",
            "--quiet",
            "score",
            str(region / "scenario.toml"),
            "--out",
            str(out / "score"),
            "--overwrite",
            "--no-cache",
        ]
    )
    results["score_s"], results["score_peak_gb"] = round(wall, 1), round(peak, 2)
    print(f"score: {wall:.1f} s, peak {peak:.2f} GB", flush=True)

    if not args.skip_sites:
        from sites import bench_sites

        results.update(bench_sites(out / "score" / "shortlist.gpkg", region / "scenario.toml"))
        print(f"sites: {results['sites_same_owner_s']} s (same owner)", flush=True)
    if not args.skip_capacity:
        from capacity import bench_capacity

        capacity = bench_capacity(n_sites=50_000, threads=2, region=region)
        results.update({f"capacity_{key}": value for key, value in capacity.items()})
        print(f"capacity: {capacity['seconds']} s for {capacity['sites']} sites", flush=True)

    if not args.skip_bundles:
        from bundles import bench_bundles

        results.update(bench_bundles(2000))
        print("bundles: done", flush=True)
    if not args.skip_robustness:
        from robustness import bench_robustness

        results.update(bench_robustness(100_000, 500))
        print(f"robustness: {results['robustness_s']} s", flush=True)
    if args.with_run:
        wall, peak = timed_process(
            [
                python, "-m", "bouwstroom_qgis", "--quiet", "run",
                str(region / "scenario.toml"), "--out", str(out / "run"),
                "--overwrite", "--no-export",
            ]
        )  # fmt: skip
        results["run_s"], results["run_peak_gb"] = round(wall, 1), round(peak, 2)
        print(f"run: {wall:.1f} s, peak {peak:.2f} GB", flush=True)

    from bouwstroom_qgis.core.metrics import compute_metrics
    from bouwstroom_qgis.core.pipeline import read_inputs
    from bouwstroom_qgis.core.progress import Feedback
    from bouwstroom_qgis.core.report import Report
    from bouwstroom_qgis.core.scenario import load_scenario, with_weights
    from bouwstroom_qgis.core.scoring import score_parcels

    scenario = load_scenario(region / "scenario.toml")
    inputs = read_inputs(scenario, Report(), Feedback())
    start = time.perf_counter()
    metrics = compute_metrics(inputs)
    results["metrics_s"] = round(time.perf_counter() - start, 2)
    print(f"metrics: {results['metrics_s']} s", flush=True)
    if not args.skip_reference:
        from reference_metrics import reference_metrics

        start = time.perf_counter()
        reference_metrics(inputs)
        results["reference_metrics_s"] = round(time.perf_counter() - start, 2)
        results["speedup"] = round(results["reference_metrics_s"] / results["metrics_s"], 1)

    weights = {c.name: c.weight * (1.5 if i % 2 else 0.7) for i, c in enumerate(scenario.criteria)}
    changed = with_weights(scenario, weights)
    for explain in (False, True):
        start = time.perf_counter()
        score_parcels(metrics, changed, explain=explain)
        key = "rescore_with_explanations_s" if explain else "rescore_s"
        results[key] = round(time.perf_counter() - start, 3)

    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
