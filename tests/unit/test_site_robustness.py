"""Site robustness and site profiles through the parcel weights, against score_sites."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.robustness import draw_weights
from bouwstroom_qgis.core.scenario import parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.core.site_robustness import site_profile_rankings, site_weight_robustness
from bouwstroom_qgis.core.site_score import score_sites

SCENARIO = parse_scenario(
    """
[[exclusions]]
when = "area_m2 < 10"
reason = "te klein"

[[criteria]]
name = "wonen"
metric = "residential_share"
function = "linear"
range = [0, 1]
weight = 50

[[criteria]]
name = "vorm"
metric = "compactness"
function = "linear"
range = [0, 1]
weight = 50

[profiles.gemeente]
wonen = 1

[profiles.bouwer]
vorm = 1
"""
)


def region(n_parcels: int, n_sites: int, seed: int):
    """Random parcels in random sites, with a capacity per site."""
    rng = np.random.default_rng(seed)
    metrics = pd.DataFrame(
        {
            "parcel_id": [f"P{i:04d}" for i in range(n_parcels)],
            "residential_share": rng.random(n_parcels),
            "compactness": rng.random(n_parcels),
            "area_m2": rng.uniform(50, 3000, n_parcels),
        }
    )
    site_of = rng.integers(0, n_sites, n_parcels)
    membership = pd.DataFrame(
        {"parcel_id": metrics["parcel_id"], "site_id": [f"S{i:03d}" for i in site_of]}
    )
    grouped = membership.assign(area_m2=metrics["area_m2"]).groupby("site_id")
    ids = sorted(grouped.groups)
    sites = pd.DataFrame(
        {
            "site_id": ids,
            "area_m2": grouped["area_m2"].sum().loc[ids].to_numpy(),
            "n_parcels": grouped.size().loc[ids].to_numpy(),
            "too_small": False,
        }
    )
    capacity = pd.DataFrame({"site_id": ids, "homes": rng.integers(0, 100, len(ids)).astype(float)})
    return sites, membership, metrics, capacity


def base_sites(sites, membership, metrics, capacity, scenario):
    scored = score_parcels(metrics, scenario, explain=False)
    parcels = pd.DataFrame(
        {"parcel_id": metrics["parcel_id"], "score": scored["score"], "area_m2": metrics["area_m2"]}
    )
    return score_sites(sites, membership, parcels, capacity, scenario.sites)


def test_spread_zero_reproduces_the_site_ranking():
    tables = region(1500, 300, 1)
    base = base_sites(*tables, SCENARIO)
    result = site_weight_robustness(*tables, SCENARIO, draws=12, spread=0.0, top_k=25, seed=2)
    assert result.index.equals(tables[0].index)
    for column in ("rank_p05", "rank_p50", "rank_p95"):
        assert result[column].equals(base["rank"])
    top = (base["rank"] <= 25).to_numpy()
    assert result["p_top_k"][top].eq(1).all() and result["p_top_k"][~top].eq(0).all()


def test_parcel_weights_reach_the_sites():
    # Two sites alike in homes: S1's parcels are residential, S2's compact, so which one
    # leads depends only on the parcel criteria's drawn weights.
    metrics = pd.DataFrame(
        {
            "parcel_id": ["a", "b", "c", "d"],
            "residential_share": [1.0, 1.0, 0.0, 0.0],
            "compactness": [0.0, 0.0, 1.0, 1.0],
            "area_m2": [500.0, 300.0, 200.0, 600.0],
        }
    )
    membership = pd.DataFrame(
        {"parcel_id": ["a", "b", "c", "d"], "site_id": ["S1", "S1", "S2", "S2"]}
    )
    sites = pd.DataFrame({"site_id": ["S1", "S2"], "area_m2": [800.0, 800.0], "n_parcels": [2, 2]})
    capacity = pd.DataFrame({"site_id": ["S1", "S2"], "homes": [30.0, 30.0]})
    result = site_weight_robustness(
        sites, membership, metrics, capacity, SCENARIO, draws=300, spread=0.3, top_k=1, seed=5
    )
    drawn = draw_weights(np.array([0.5, 0.5, 0.6, 0.4]), 300, 0.3, 5, groups=np.array([0, 0, 1, 1]))
    first_wins = (drawn[:, 0] >= drawn[:, 1]).mean()
    assert 0.35 < first_wins < 0.65
    assert result["p_top_k"].tolist() == pytest.approx([first_wins, 1 - first_wins], abs=1e-12)


def test_site_profiles_score_like_score_sites_with_the_profile_weights():
    tables = region(900, 150, 3)
    result = site_profile_rankings(*tables, SCENARIO, top_k=10)
    for profile in SCENARIO.profiles:
        weighted = with_weights(SCENARIO, {k: 100 * v for k, v in profile.weights.items()})
        expected = base_sites(*tables, weighted)
        assert np.allclose(result[f"score_{profile.name}"], expected["score"], atol=1e-9)
        assert result[f"rank_{profile.name}"].equals(expected["rank"])
    both = (result["rank_gemeente"] <= 10) & (result["rank_bouwer"] <= 10)
    assert result["consensus"].fillna(False).equals(both)


def test_without_capacity_the_capacity_criteria_are_left_out_as_in_score_sites():
    sites, membership, metrics, _ = region(600, 120, 4)
    report = Report()
    result = site_weight_robustness(
        sites, membership, metrics, None, SCENARIO, draws=5, spread=0.0, top_k=5, report=report
    )
    base = base_sites(sites, membership, metrics, None, SCENARIO)
    assert result["rank_p50"].equals(base["rank"])
    assert any("woningen left out" in str(note) for note in report.warnings)
