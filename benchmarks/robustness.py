"""Benchmark step: Monte Carlo weight robustness on a synthetic metrics table.

The metrics are drawn (seeded) with the shapes of real ones for the shipped scenario's
criteria: residential shares piling up at 0 and 1, owner types, log-normal parcel
areas, distances capped at the layer's search distance, some unknowns. From
``benchmarks/run.py``::

    from robustness import bench_robustness
    results.update(bench_robustness(100_000, 500))

or on its own: ``python benchmarks/robustness.py [PARCELS] [DRAWS]``. The target is
500 draws on 100,000 parcels in at most 20 s on 2 cores.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bouwstroom_qgis.core.robustness import weight_robustness  # noqa: E402
from bouwstroom_qgis.core.scenario import load_scenario  # noqa: E402
from bouwstroom_qgis.core.scoring import score_parcels  # noqa: E402
from bouwstroom_qgis.paths import resource as shipped  # noqa: E402


def synthetic_metrics(n: int, seed: int = 1) -> pd.DataFrame:
    """A metrics table for the shipped scenario with ``n`` parcels."""
    rng = np.random.default_rng(seed)
    residential = np.where(rng.random(n) < 0.5, rng.choice([0.0, 1.0], n), rng.random(n))
    residential[rng.random(n) < 0.05] = np.nan  # outside every plan
    owner_type = rng.choice(
        np.array(["corporatie", "gemeente", "provincie", "overig", None], dtype=object),
        n,
        p=[0.08, 0.07, 0.01, 0.64, 0.20],
    )
    return pd.DataFrame(
        {
            "parcel_id": np.char.add("P", np.arange(n).astype(str)),
            "area_m2": np.exp(rng.normal(6.5, 1.2, n)),
            "compactness": rng.beta(5, 3, n),
            "residential_share": residential,
            "owner_type": pd.array(owner_type, dtype="str"),
            "owner_share": rng.random(n),
            "dist_station": np.minimum(rng.exponential(4000, n), 10000.0),
            "dist_natura2000": np.minimum(rng.exponential(3000, n), 5000.0),
            "share_leiding": np.where(rng.random(n) < 0.03, rng.random(n), 0.0),
        }
    )


def bench_robustness(n: int = 100_000, draws: int = 500, seed: int = 1) -> dict[str, object]:
    """Wall time (s) and peak memory (GB) of :func:`weight_robustness` on ``n`` parcels."""
    scenario = load_scenario(shipped("scenarios", "bouwstroom_noord.toml"))
    metrics = synthetic_metrics(n, seed)
    scored = score_parcels(metrics, scenario, explain=False)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    start = time.perf_counter()
    result = weight_robustness(metrics, scenario, draws=draws, seed=seed, scored=scored)
    wall = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    top_k = result.attrs["top_k"]
    return {
        "robustness_parcels": n,
        "robustness_draws": draws,
        "robustness_ranked": int(result["rank_p50"].notna().sum()),
        "robustness_s": round(wall, 2),
        "robustness_peak_gb": round(peak, 2),
        "robustness_peak_before_gb": round(before, 2),
        "robustness_always_top_k": int((result["p_top_k"] == 1).sum()),
        "robustness_sometimes_top_k": int((result["p_top_k"] > 0).sum()),
        "robustness_top_k": top_k,
    }


if __name__ == "__main__":
    parcels = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 500
    for key, value in bench_robustness(parcels, draws).items():
        print(f"{key:<32}  {value}")
