"""Benchmark step: site assembly on a scored region, per grouping rule.

Each grouping runs in its own process, so the peak memory is that of one assembly
(plus reading the scored parcels, reported apart). From ``benchmarks/run.py``::

    from sites import bench_sites
    results.update(bench_sites(out / "score" / "shortlist.gpkg", region / "scenario.toml"))

or on its own: ``python benchmarks/sites.py SHORTLIST.gpkg SCENARIO.toml [GROUPING]``.
"""

from __future__ import annotations

import dataclasses
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = [
    "parcel_id",
    "owner",
    "owner_type",
    "owner_share",
    "hoofdgroep",
    "municipality",
    "residential_share",
    "excluded",
]


def bench_sites(
    shortlist: Path,
    scenario: Path,
    groupings: Sequence[str] = ("same_owner", "any_owner"),
) -> dict[str, object]:
    """Wall time (s), peak memory (GB) and counts of site assembly per grouping.

    Parameters
    ----------
    shortlist : Path
        ``shortlist.gpkg`` of ``bouwstroom score`` (layer ``parcels``).
    scenario : Path
        The scenario whose ``[sites]`` rules apply; ``groupings`` replace its grouping.
    groupings : sequence of str
    """
    results: dict[str, object] = {}
    for grouping in groupings:
        child = subprocess.run(
            [sys.executable, __file__, str(shortlist), str(scenario), grouping],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        if child.returncode != 0:
            raise SystemExit(f"site benchmark failed ({grouping}):\n{child.stderr}")
        for key, value in json.loads(child.stdout.splitlines()[-1]).items():
            results[f"sites_{grouping}_{key}"] = value
    return results


def _measure(shortlist: Path, scenario: Path, grouping: str) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    import pyogrio

    from bouwstroom_qgis.core.report import Report
    from bouwstroom_qgis.core.scenario import load_scenario
    from bouwstroom_qgis.core.sites import assemble_sites

    rules = dataclasses.replace(load_scenario(scenario).sites, grouping=grouping)
    start = time.perf_counter()
    parcels = pyogrio.read_dataframe(shortlist, layer="parcels", columns=COLUMNS, use_arrow=True)
    read = time.perf_counter() - start
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    start = time.perf_counter()
    sites, membership = assemble_sites(parcels, rules, Report())
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    return {
        "parcels": len(parcels),
        "read_s": round(read, 2),
        "s": round(wall, 2),
        "peak_gb": round(peak, 2),
        "peak_after_read_gb": round(before, 2),
        "sites": len(sites),
        "parcels_in_sites": len(membership),
        "largest_site_parcels": int(sites["n_parcels"].max()) if len(sites) else 0,
    }


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) not in (2, 3):
        raise SystemExit(__doc__)
    if len(args) == 3:
        print(json.dumps(_measure(Path(args[0]), Path(args[1]), args[2])))
    else:
        for key, value in bench_sites(Path(args[0]), Path(args[1])).items():
            print(f"{key:<40}  {value}")
