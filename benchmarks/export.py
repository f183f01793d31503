"""Benchmark step: the full export of a result with 200 factsheets (target: at most 60 s).

A generated region is run once (not timed here), bundles are formed from its best
sites with homes, three to a bundle, with a two-quarter stream plan (the shape the
bundling stage writes), and the export is timed in a child process: GeoPackage with
styles and provenance, workbook, CSV and GeoJSON, and the PDF and HTML report with a
factsheet for each of the ``top`` best sites. From ``benchmarks/run.py``::

    from export import bench_export
    results.update(bench_export(out / "run", top=200))

or on its own: ``python benchmarks/export.py [--parcels 30000] [--seed 7] [--top 200]``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def bench_export(result_dir: Path, top: int = 200) -> dict[str, object]:
    """Wall time (s) of each export part and in all, peak memory (GB), pages written."""
    child = subprocess.run(
        [sys.executable, __file__, "--measure", str(result_dir), "--top", str(top)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if child.returncode != 0:
        raise SystemExit(f"export benchmark failed:\n{child.stderr}")
    return {f"export_{k}": v for k, v in json.loads(child.stdout.splitlines()[-1]).items()}


def _bundles(sites):  # type: ignore[no-untyped-def]
    """Three best sites with homes to a bundle, each bundle two quarters after the last."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    chosen = sites[(sites["homes"] > 0) & sites["rank"].notna()].sort_values("rank")
    rows, plan = [], []
    for i, start in enumerate(range(0, len(chosen), 3)):
        group = chosen.iloc[start : start + 3]
        concept = str(group["best_concept"].iloc[0])
        homes = int(group[f"homes_{concept}"].sum())
        first = pd.Period("2027Q1", freq="Q") + 2 * i
        quarters = [f"{q.year}-Q{q.quarter}" for q in (first, first + 1)]
        rows.append(
            {
                "bundle_id": f"B{i + 1:03d}",
                "concept": concept,
                "homes": homes,
                "n_sites": len(group),
                "site_ids": "; ".join(group["site_id"]),
                "municipalities": "; ".join(sorted(set(group["municipality"]))),
                "owners": "; ".join(sorted(set(group["owners"]))),
                "start_quarter": quarters[0],
                "end_quarter": quarters[1],
                "spread_km": 0.0,
                "score": float(group["score"].mean()),
                "geometry": shapely.union_all(group.geometry.values),
            }
        )
        plan += [
            (quarters[0], concept, rows[-1]["bundle_id"], homes - homes // 2),
            (quarters[1], concept, rows[-1]["bundle_id"], homes // 2),
        ]
    bundles = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:28992")
    return bundles, pd.DataFrame(plan, columns=["quarter", "concept", "bundle_id", "homes_started"])


def _measure(result_dir: Path, top: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    import pyogrio

    from bouwstroom_qgis.core.export.exporter import ExportOptions, export_result
    from bouwstroom_qgis.core.progress import Feedback

    sites = pyogrio.read_dataframe(result_dir / "shortlist.gpkg", layer="sites")
    bundles, plan = _bundles(sites)
    marks: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> None:
        step = re.sub(r" \d+ of \d+$", "", message)
        if not marks or marks[-1][1] != step:
            marks.append((time.perf_counter(), step))

    out = Path(tempfile.mkdtemp(prefix="bouwstroom-export-bench-"))
    load = os.getloadavg()[0]  # other work on the machine stretches the wall time
    cpu = _cpu_seconds()
    start = time.perf_counter()
    result = export_result(
        result_dir,
        out,
        options=ExportOptions(top=top),
        bundles=bundles,
        plan=plan,
        feedback=Feedback(progress=progress),
    )
    wall = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu
    steps: dict[str, float] = {}
    for (t0, step), (t1, _) in zip(marks, [*marks[1:], (start + wall, "")], strict=True):
        steps[step] = round(steps.get(step, 0.0) + t1 - t0, 2)
    sizes = {name: round(path.stat().st_size / 1024**2, 1) for name, path in result.outputs.items()}
    return {
        "seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),  # this process and its image worker together
        "load_before": round(load, 2),
        "cores": os.cpu_count(),
        "sites": int(sites["rank"].notna().sum()),
        "factsheets": min(top, int(sites["rank"].notna().sum())),
        "pdf_pages": result.pdf_pages,
        "bundles": len(bundles),
        "peak_gb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2, 2),
        "steps_s": steps,
        "sizes_mb": sizes,
    }


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parcels", type=int, default=30_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--top", type=int, default=200)
    parser.add_argument("--workdir", type=Path, help="keep the region and run here")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(_measure(args.measure, args.top)))
        return 0
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bouwstroom-export-bench-"))
    region, run = work / "region", work / "run"
    python = [sys.executable, "-m", "bouwstroom_qgis", "--quiet"]
    if not (region / "scenario.toml").is_file():
        subprocess.run(
            [
                *python,
                "generate",
                "--parcels",
                str(args.parcels),
                "--seed",
                str(args.seed),
                "--out",
                str(region),
            ],
            cwd=ROOT,
            check=True,
        )
    if not (run / "shortlist.gpkg").is_file():
        subprocess.run(
            [*python, "run", str(region / "scenario.toml"), "--out", str(run)],
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    print(json.dumps(bench_export(run, args.top), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
