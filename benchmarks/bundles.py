"""Benchmark step: bundling 2,000 candidate sites, with CP-SAT and with the heuristic.

The sites are synthetic but shaped like the north: about 60 towns of very different
sizes over Groningen, Fryslân and Drenthe (RD New), sites clustered around them, five
concept homes with their own size ranges, 30 municipalities, corporations and
municipalities as owners, and plan statuses that spread readiness over three years.
From ``benchmarks/run.py``::

    from bundles import bench_bundles
    results.update(bench_bundles())

or on its own: ``python benchmarks/bundles.py [N_SITES] [best|any]``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bouwstroom_qgis.core.bundle_rules import BundleRules  # noqa: E402
from bouwstroom_qgis.core.bundling import bundle_sites  # noqa: E402

# name, share of sites where it is the best concept, homes range on a site
CONCEPTS = (
    ("rijwoning", 0.32, (8, 40)),
    ("levensloop", 0.22, (6, 24)),
    ("twee_onder_een_kap", 0.14, (4, 16)),
    ("appartementen", 0.18, (16, 70)),
    ("compacte_rijwoning", 0.14, (10, 48)),
)
CORPORATIONS = ("Lefier", "Elkien", "Woonzorg Nederland", "Domesta", "Actium", "Accolade",
                "Wierden en Borgen", "Patrimonium", "Woonborg", "Nijestee")  # fmt: skip
STATUSES = ("vastgesteld", "ontwerp", "voorontwerp", "geconsolideerd", None)


def synthetic_sites(n_sites: int = 2000, seed: int = 7) -> gpd.GeoDataFrame:
    """Scored sites with capacity per concept, clustered around towns (EPSG:28992)."""
    rng = np.random.default_rng(seed)
    n_towns = 60
    towns = np.column_stack(
        [rng.uniform(150_000, 270_000, n_towns), rng.uniform(520_000, 610_000, n_towns)]
    )
    weight = rng.pareto(1.2, n_towns) + 1
    town = rng.choice(n_towns, n_sites, p=weight / weight.sum())
    radius = 600 + 600 * np.sqrt(weight[town])
    xy = towns[town] + rng.normal(0, 1, (n_sites, 2)) * radius[:, None]
    names = [c[0] for c in CONCEPTS]
    share = np.array([c[1] for c in CONCEPTS])
    best = rng.choice(len(CONCEPTS), n_sites, p=share / share.sum())
    table = {}
    for name, _, (lo, hi) in CONCEPTS:
        fits = rng.uniform(0, 1, n_sites) < 0.6
        table[f"homes_{name}"] = np.where(fits, rng.integers(lo, hi + 1, n_sites), 0)
    lo = np.array([c[2][0] for c in CONCEPTS])[best]
    hi = np.array([c[2][1] for c in CONCEPTS])[best]
    homes = rng.integers(lo, hi + 1)
    for k, name in enumerate(names):
        column = table[f"homes_{name}"]
        column[best == k] = homes[best == k]
        column[(best != k) & (column > homes)] = homes[(best != k) & (column > homes)]
    municipality = np.array([f"Gemeente {t % 30:02d}" for t in range(n_towns)])[town]
    corporation = rng.choice(CORPORATIONS, n_sites)
    owner_type = rng.choice(["corporatie", "gemeente", "overig"], n_sites, p=[0.55, 0.3, 0.15])
    owner = np.where(
        owner_type == "corporatie",
        corporation,
        np.where(owner_type == "gemeente", municipality, "Particulier"),
    )
    side = np.sqrt(homes * 250.0) / 2  # about 250 m² of site per home
    frame = pd.DataFrame(
        {
            "site_id": [f"S-{i:05d}" for i in range(n_sites)],
            "score": np.round(100 * rng.beta(4, 2.5, n_sites), 1),
            "homes": homes,
            "best_concept": np.array(names)[best],
            **table,
            "municipality": municipality,
            "owner": owner,
            "owner_type": owner_type,
            "plan_status": rng.choice(STATUSES, n_sites, p=[0.45, 0.2, 0.15, 0.1, 0.1]),
            "residential_share": np.clip(rng.beta(5, 1.2, n_sites), 0, 1),
        }
    )
    geoms = shapely.box(xy[:, 0] - side, xy[:, 1] - side, xy[:, 0] + side, xy[:, 1] + side)
    return gpd.GeoDataFrame(frame, geometry=geoms, crs="EPSG:28992")


def bench_bundles(
    n_sites: int = 2000, time_limit: float = 20.0, concepts: str = "best"
) -> dict[str, object]:
    """Wall time (s) and results of bundling ``n_sites`` synthetic sites, per solver.

    The rules are the defaults (40–150 homes, 15 km, 4 quarters) with at most 80 % of a
    bundle's homes in one municipality; ``concepts="any"`` lets sites join with any
    concept that fits them (about three options per site).
    """
    sites = synthetic_sites(n_sites)
    results: dict[str, object] = {"bundles_sites": n_sites, "bundles_concepts": concepts}
    for solver in ("heuristic", "cp-sat"):
        rules = BundleRules(
            solver=solver, time_limit=time_limit, max_municipality_share=0.8, concepts=concepts
        )
        start = time.perf_counter()
        result = bundle_sites(sites, rules)
        seconds = time.perf_counter() - start
        key = solver.replace("-", "")
        results[f"bundles_{key}_s"] = round(seconds, 2)
        results[f"bundles_{key}_status"] = result.status
        results[f"bundles_{key}_bundles"] = len(result.bundles)
        results[f"bundles_{key}_homes"] = int(result.bundles["homes"].sum())
        results[f"bundles_{key}_objective"] = round(result.objective, 1)
        results[f"bundles_{key}_bound"] = None if result.bound is None else round(result.bound, 1)
        results[f"bundles_{key}_gap"] = None if result.gap is None else round(result.gap, 4)
        results[f"bundles_{key}_solver"] = result.solver
    return results


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(bench_bundles(n, concepts=sys.argv[2] if len(sys.argv) > 2 else "best")))
