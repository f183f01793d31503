"""Bundling on seeded random instances of 25 sites with random rules: the heuristic
within 5 % of CP-SAT's proven optimum, and the same bundles in any row order.

Both solvers' results are checked against every hard rule (``run`` applies
:func:`violations`).
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from test_bundling import SOLVERS, needs_cp_sat, run, sites_at

from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.bundling import bundle_sites

CONCEPTS = ("rijwoning", "levensloop", "appartementen")


def random_sites(seed: int, n: int = 25) -> gpd.GeoDataFrame:
    """``n`` scored sites with capacity for three concepts over 15–30 km."""
    rng = np.random.default_rng(seed)
    span = float(rng.choice([15.0, 30.0]))
    homes = rng.integers(5, 61, n)
    best = rng.choice(CONCEPTS, n)
    rows = {
        "site_id": [f"S-{seed:03d}-{i:03d}" for i in range(n)],
        "x": rng.uniform(0, span, n),
        "y": rng.uniform(0, span, n),
        "homes": homes,
        "score": np.round(rng.uniform(30, 100, n), 1),
        "best_concept": best,
        "municipality": rng.choice(["Groningen", "Assen", "Emmen", "Leeuwarden"], n),
        "owner": rng.choice(["Lefier", "Woonzorg", "Gemeente Assen", "Acantus"], n),
        "owner_type": rng.choice(["corporatie", "gemeente", "overig"], n, p=[0.5, 0.3, 0.2]),
        "plan_status": rng.choice(["vastgesteld", "ontwerp", "voorontwerp", None], n),
        "residential_share": rng.uniform(0.3, 1.0, n),
    }
    for c in CONCEPTS:
        other = (homes * rng.uniform(0, 1, n)).astype(int)
        rows[f"homes_{c}"] = np.where(best == c, homes, other)
    return sites_at(pd.DataFrame(rows).to_dict("records"), side=float(rng.uniform(40, 120)))


def random_rules(seed: int) -> BundleRules:
    rng = np.random.default_rng(1000 + seed)
    return BundleRules(
        min_homes=int(rng.choice([30, 40, 60])),
        max_homes=int(rng.choice([90, 120, 150])),
        max_spread_km=float(rng.choice([8, 12, 20])),
        readiness_window=int(rng.choice([2, 4, 8])),
        concepts=str(rng.choice(["best", "any"])),
        max_municipality_share=(None, 0.7)[seed % 2],
        max_owner_share=(None, None, 0.8)[seed % 3],
        time_limit=5,
    )


@needs_cp_sat
@pytest.mark.parametrize("seed", range(40))
def test_heuristic_within_5_percent_of_the_proven_optimum(seed):
    sites = random_sites(seed)
    rules = random_rules(seed)
    exact = run(sites, rules, "cp-sat")
    heuristic = run(sites, rules, "heuristic")
    if exact.status != "OPTIMAL":
        pytest.skip(f"CP-SAT proved no optimum in {rules.time_limit:g} s")
    assert exact.gap == pytest.approx(0.0, abs=1e-9)
    assert heuristic.objective >= 0.95 * exact.objective
    assert heuristic.objective <= exact.objective + 1e-6
    # Everything bundled by the heuristic is explained where left out, and vice versa.
    bundled = heuristic.assignment["bundle_id"].notna()
    assert (heuristic.assignment["reason"].isna() == bundled).all()


@pytest.mark.parametrize("solver", SOLVERS)
def test_row_order_and_reruns_give_the_same_bundles(solver):
    sites = random_sites(7, 25)
    rules = dataclasses.replace(random_rules(7), solver=solver)
    first = bundle_sites(sites, rules)
    again = bundle_sites(sites, rules)
    shuffled = bundle_sites(sites.iloc[np.random.default_rng(1).permutation(len(sites))], rules)
    for other in (again, shuffled):
        pd.testing.assert_frame_equal(
            first.bundles.drop(columns="geometry"), other.bundles.drop(columns="geometry")
        )
        assert first.bundles.geometry.geom_equals_exact(other.bundles.geometry, 0).all()
        assert (first.objective, first.status) == (other.objective, other.status)
    pd.testing.assert_frame_equal(first.assignment, again.assignment)
    pd.testing.assert_frame_equal(first.assignment, shuffled.assignment.loc[first.assignment.index])
