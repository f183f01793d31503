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
  (``--with-run``: minutes at 1M parcels; ``--only-run``: that alone). Its wall time,
  CPU time and peak memory are reported with whether the metrics came from the cache
  (the first run into ``out/bench/run`` computes them, later runs reuse them).

Usage: python benchmarks/run.py [--parcels 1000000] [--seed 1] [--skip-reference]
       [--skip-sites] [--skip-capacity] [--skip-bundles] [--skip-robustness]
       [--with-run | --only-run] [--out out/bench]
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
    wall, peak, _ = measured_process(args)
    return wall, peak


def measured_process(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, peak resident memory (GB) and CPU seconds (user + system) of one
    child process; the CPU time depends less on what else the machine is doing."""
    start = time.perf_counter()
    child = subprocess.Popen(args, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"benchmark step failed: {' '.join(args)}")
    return wall, usage.ru_maxrss / 1024**2, usage.ru_utime + usage.ru_stime


def bench_run(python: str, region: Path, out: Path) -> dict[str, object]:
    """`bouwstroom run --no-export` on the region into ``out``: seconds, CPU seconds, peak
    GB, and whether the metrics were in ``out``'s cache before."""
    cached = any((out / ".cache").glob("metrics-*.pkl"))
    wall, peak, cpu = measured_process(
        [
            python, "-m", "bouwstroom_qgis", "--quiet", "run",
            str(region / "scenario.toml"), "--out", str(out), "--overwrite", "--no-export",
        ]
    )  # fmt: skip
    print(
        f"run: {wall:.1f} s ({cpu:.1f} s CPU), peak {peak:.2f} GB, "
        f"metrics {'from the cache' if cached else 'computed'}",
        flush=True,
    )
    return {
        "run_s": round(wall, 1),
        "run_cpu_s": round(cpu, 1),
        "run_peak_gb": round(peak, 2),
        "run_metrics_cached": cached,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "out" / "bench",
        help="folder of the generated region, the outputs and results.json (out/bench)",
    )
    parser.add_argument(
        "--skip-reference",
        action="store_true",
        help="skip the geopandas.overlay baseline (it takes minutes at 1M)",
    )
    parser.add_argument("--skip-sites", action="store_true", help="skip site assembly")
    parser.add_argument("--skip-capacity", action="store_true", help="skip the capacity step")
    parser.add_argument("--skip-bundles", action="store_true", help="skip bundling")
    parser.add_argument("--skip-robustness", action="store_true", help="skip robustness")
    runs = parser.add_mutually_exclusive_group()
    runs.add_argument(
        "--with-run", action="store_true", help="also time `bouwstroom run --no-export`"
    )
    runs.add_argument(
        "--only-run",
        action="store_true",
        help="time only `bouwstroom run --no-export` (the region is generated if missing)",
    )
    args = parser.parse_args()
    out = args.out.resolve()
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
    if args.only_run:
        results.update(bench_run(python, region, out / "run"))
        return report(results, out / "run-results.json")

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
        results.update(bench_run(python, region, out / "run"))

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

    return report(results, out / "results.json")


def report(results: dict[str, object], path: Path) -> int:
    """Write ``results`` to ``path`` as JSON and print them."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2) + "\n")
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
