"""Speed and memory of the capacity step: homes of every concept for many sites.

Sites are parcels of 500 to 20,000 m² from a generated region (``bouwstroom generate``,
by default ``out/bench/region-1000000-1``), a deterministic sample; the region's zoning
plans and Natura 2000 areas restrict them as in a real run. Only ``estimate_capacity``
is timed; reading the inputs is not.

Usage: python benchmarks/capacity.py [--sites 50000] [--threads 2] [--region DIR] [--no-zoning]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pyogrio  # noqa: E402

from bouwstroom_qgis.core import schema as s  # noqa: E402
from bouwstroom_qgis.core.capacity import estimate_capacity  # noqa: E402
from bouwstroom_qgis.core.concepts import load_concepts  # noqa: E402
from bouwstroom_qgis.core.zoning_gpkg import read_zoning_geopackage  # noqa: E402

REGION = ROOT / "out" / "bench" / "region-1000000-1"
# the same region may also sit beside the main checkout when run from a worktree
FALLBACK_REGION = Path("/work/main/out/bench/region-1000000-1")


def peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def sample_sites(region: Path, n_sites: int, seed: int = 1) -> gpd.GeoDataFrame:
    """``n_sites`` parcels of 500–20,000 m² as sites, drawn with a fixed seed."""
    parcels = pyogrio.read_dataframe(
        region / "percelen.gpkg",
        columns=["identificatieLokaalID"],
        where="kadastraleGrootteWaarde BETWEEN 500 AND 20000",
    )
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(len(parcels), size=min(n_sites, len(parcels)), replace=False))
    sites = parcels.iloc[chosen]
    return gpd.GeoDataFrame(
        {s.SITE_ID: sites["identificatieLokaalID"].to_numpy()},
        geometry=sites.geometry.to_numpy(),
        crs=s.RD_NEW,
    )


def bench_capacity(
    n_sites: int = 50_000,
    threads: int = 2,
    region: Path | None = None,
    with_zoning: bool = True,
) -> dict[str, object]:
    """Time ``estimate_capacity`` for ``n_sites`` sites and the shipped concepts.

    Without zoning every site is laid out (most parcels are farmland, which zoning
    rules out early): the heavier case.
    """
    region = region or (REGION if REGION.is_dir() else FALLBACK_REGION)
    sites = sample_sites(region, n_sites)
    zoning = read_zoning_geopackage(region / "bestemmingsplan.gpkg") if with_zoning else None
    nature = gpd.read_file(region / "natura2000.gpkg").geometry
    concepts = load_concepts()
    before = peak_gb()
    start = time.perf_counter()
    result = estimate_capacity(sites, concepts, zoning, nature, threads=threads)
    seconds = time.perf_counter() - start
    table = result.table
    homes = {c.name: int(table[f"{s.HOMES_PREFIX}{c.name}"].sum()) for c in concepts}
    return {
        "sites": len(sites),
        "concepts": len(concepts),
        "threads": threads,
        "zoning": with_zoning,
        "seconds": round(seconds, 1),
        "peak_gb_before": round(before, 2),
        "peak_gb": round(peak_gb(), 2),
        "sites_with_homes": int((table[s.HOMES] > 0).sum()),
        "median_density_with_homes": round(
            float(table.loc[table[s.HOMES] > 0, s.DENSITY].median()), 1
        ),
        "homes_per_concept": homes,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=50_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--region", type=Path, default=None)
    parser.add_argument("--no-zoning", action="store_true", help="lay out every site")
    args = parser.parse_args()
    result = bench_capacity(args.sites, args.threads, args.region, not args.no_zoning)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
