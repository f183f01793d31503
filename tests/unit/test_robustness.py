"""Weight robustness: the base ranking at spread 0, a brute-force reference, seeds, chunks."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.robustness import (
    draw_weights,
    linear_scorer,
    rank_spread,
    ranks,
    weight_robustness,
)
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.paths import resource

DEFAULT = load_scenario(resource("scenarios", "bouwstroom_noord.toml"))
TWO = parse_scenario(
    """
[[exclusions]]
when = "area_m2 < 10"
reason = "te klein"

[[criteria]]
name = "a"
metric = "compactness"
function = "linear"
range = [0, 1]
weight = 50

[[criteria]]
name = "b"
metric = "residential_share"
function = "linear"
range = [0, 1]
weight = 50
"""
)


def random_metrics(n: int, seed: int) -> pd.DataFrame:
    """Metrics for the shipped scenario, with unknowns and exclusions."""
    rng = np.random.default_rng(seed)
    residential = rng.random(n)
    residential[rng.random(n) < 0.1] = np.nan
    owner_type = rng.choice(
        np.array(["corporatie", "gemeente", "provincie", "overig", None], dtype=object), n
    )
    return pd.DataFrame(
        {
            "parcel_id": [f"P{i}" for i in range(n)],
            "area_m2": np.exp(rng.normal(7.5, 1.0, n)),
            "compactness": rng.random(n),
            "residential_share": residential,
            "owner_type": owner_type,
            "dist_station": rng.uniform(0, 8000, n),
            "dist_natura2000": rng.uniform(0, 5000, n),
            "share_leiding": np.where(rng.random(n) < 0.1, rng.random(n), 0.0),
        },
        index=pd.Index(np.arange(n) * 10 + 3, name="fid"),
    )


def two_criteria(a, b, area=None) -> pd.DataFrame:
    area = [100.0] * len(a) if area is None else area
    return pd.DataFrame({"compactness": a, "residential_share": b, "area_m2": area})


def test_spread_zero_reproduces_the_scenario_ranking_in_every_draw():
    metrics = random_metrics(2000, 1)
    base = score_parcels(metrics, DEFAULT, explain=False)
    result = weight_robustness(metrics, DEFAULT, draws=25, spread=0.0, top_k=40, seed=3)
    assert list(result.columns) == ["p_top_k", "rank_p05", "rank_p50", "rank_p95"]
    assert result.index.equals(metrics.index)
    ranked = base["rank"].notna().to_numpy()
    assert 0 < (~ranked).sum() < 2000  # some parcels are excluded
    for column in ("rank_p05", "rank_p50", "rank_p95"):
        assert result[column].dtype == "Int64"
        assert result[column].isna().to_numpy().tolist() == (~ranked).tolist()
        assert (result[column][ranked] == base["rank"][ranked]).all()
    top = (base["rank"] <= 40).fillna(False).to_numpy()
    assert result["p_top_k"][top].eq(1.0).all() and top.sum() == 40
    assert result["p_top_k"][ranked & ~top].eq(0.0).all()
    assert result["p_top_k"][~ranked].isna().all()


def test_matches_ranking_each_draw_with_the_scoring_engine():
    metrics = random_metrics(300, 2)
    result = weight_robustness(metrics, DEFAULT, draws=40, spread=0.3, top_k=20, seed=11)
    criteria = [c for c in DEFAULT.criteria if c.weight > 0]
    drawn = draw_weights(np.array([c.weight for c in criteria]), 40, 0.3, 11)
    per_draw = []
    for weights in drawn:
        scenario = with_weights(
            DEFAULT, {c.name: w for c, w in zip(criteria, weights, strict=True)}
        )
        per_draw.append(score_parcels(metrics, scenario, explain=False)["rank"].to_numpy())
    table = pd.DataFrame(np.array(per_draw, dtype=object).T, index=metrics.index)
    ranked = table.notna().all(axis=1)
    values = table[ranked].to_numpy(dtype=float)
    assert np.array_equal(result["p_top_k"][ranked], (values <= 20).mean(axis=1))
    for column, q in (("rank_p05", 0.05), ("rank_p50", 0.5), ("rank_p95", 0.95)):
        expected = np.quantile(values, q, axis=1, method="inverted_cdf")
        assert np.array_equal(result[column][ranked].to_numpy(dtype=float), expected)
    assert ((result["p_top_k"] > 0) & (result["p_top_k"] < 1)).sum() > 0  # real doubt


def test_a_parcel_far_ahead_stays_first_in_every_draw():
    rng = np.random.default_rng(5)
    metrics = two_criteria([1.0, *rng.uniform(0, 0.5, 99)], [1.0, *rng.uniform(0, 0.5, 99)])
    result = weight_robustness(metrics, TWO, draws=300, spread=0.9, top_k=1, seed=1)
    assert result["p_top_k"].iloc[0] == 1.0
    assert result.iloc[0, 1:].tolist() == [1, 1, 1]
    assert (result["p_top_k"].iloc[1:] == 0).all()


def test_two_parcels_that_tie_split_the_draws_by_which_weight_is_larger():
    metrics = two_criteria([1.0, 0.0], [0.0, 1.0])
    result = weight_robustness(metrics, TWO, draws=400, spread=0.2, top_k=1, seed=9)
    drawn = draw_weights(np.array([0.5, 0.5]), 400, 0.2, 9)
    first_wins = (drawn[:, 0] >= drawn[:, 1]).mean()
    assert 0.4 < first_wins < 0.6
    assert result["p_top_k"].tolist() == pytest.approx([first_wins, 1 - first_wins], abs=1e-12)
    assert result["rank_p05"].tolist() == [1, 1] and result["rank_p95"].tolist() == [2, 2]


def test_seeds_decide_the_draws():
    metrics = random_metrics(1500, 3)
    one = weight_robustness(metrics, DEFAULT, draws=60, spread=0.25, top_k=30, seed=1)
    again = weight_robustness(metrics, DEFAULT, draws=60, spread=0.25, top_k=30, seed=1)
    other = weight_robustness(metrics, DEFAULT, draws=60, spread=0.25, top_k=30, seed=2)
    pd.testing.assert_frame_equal(one, again)
    assert not one["p_top_k"].equals(other["p_top_k"])
    assert not np.array_equal(
        draw_weights(np.ones(3), 5, 0.2, 1), draw_weights(np.ones(3), 5, 0.2, 2)
    )
    assert one.attrs == {"draws": 60, "spread": 0.25, "top_k": 30, "seed": 1}


def test_scenario_settings_are_the_defaults():
    metrics = random_metrics(400, 4)
    settings = "[robustness]\ndraws = 30\nspread = 0.1\ntop_k = 12\nseed = 4\n"
    scenario = parse_scenario(re.sub(r"\[robustness\][^\[]*", settings, DEFAULT.text))
    implicit = weight_robustness(metrics, scenario)
    explicit = weight_robustness(metrics, DEFAULT, draws=30, spread=0.1, top_k=12, seed=4)
    pd.testing.assert_frame_equal(implicit, explicit)
    assert implicit.attrs["draws"] == 30


def test_bounded_memory_gives_the_same_result_in_several_passes():
    metrics = random_metrics(3000, 6)
    whole = weight_robustness(metrics, DEFAULT, draws=50, seed=8)
    blocks = weight_robustness(metrics, DEFAULT, draws=50, seed=8, max_bytes=50 * 4 * 700)
    pd.testing.assert_frame_equal(whole, blocks)


def test_switched_off_criteria_are_not_drawn():
    metrics = random_metrics(500, 7)
    off = with_weights(DEFAULT, {}, enabled=["woonbestemming", "eigendom", "omvang"])
    result = weight_robustness(metrics, off, draws=20, spread=0.0, top_k=10, seed=1)
    base = score_parcels(metrics, off, explain=False)["rank"]
    ranked = base.notna()
    assert (result["rank_p50"][ranked] == base[ranked]).all()


def test_ranks_break_ties_in_table_order_and_cap_at_100():
    assert ranks(np.array([[3.0, 5.0, 5.0, 1.0]])).tolist() == [[3, 1, 2, 4]]
    assert ranks(np.array([[5.0, 5.0 + 1e-12], [5.0 + 1e-12, 5.0]])).tolist() == [[1, 2], [1, 2]]
    assert ranks(np.array([[5.0, 5.0 + 1e-6]])).tolist() == [[2, 1]]
    assert ranks(np.array([[100.0, 100.00000000000003]])).tolist() == [[1, 2]]


def test_ranks_are_those_of_a_stable_sort_of_the_rounded_scores():
    rng = np.random.default_rng(3)
    scores = np.round(rng.uniform(0, 100, (6, 5000)), 1)  # a thousand values: many ties
    scores[:, ::50] = 100.0 + rng.uniform(0, 1e-6, 100)  # above 100 counts as 100
    rounded = np.rint(np.minimum(scores, 100.0) * 1e9)
    expected = np.empty(scores.shape, dtype=np.int64)
    order = np.argsort(-rounded, axis=1, kind="stable")
    np.put_along_axis(expected, order, np.arange(1, 5001), axis=1)
    found = ranks(scores)
    assert found.dtype == np.int32
    assert (found == expected).all()
    assert sorted(found[0].tolist()) == list(range(1, 5001))
    assert ranks(np.zeros((3, 0))).shape == (3, 0)


def test_draw_weights_stay_within_the_spread_and_sum_to_one_per_group():
    weights = np.array([0.5, 0.3, 0.0, 0.2])
    drawn = draw_weights(weights, 1000, 0.2, 4)
    assert drawn.shape == (1000, 4)
    assert np.allclose(drawn.sum(axis=1), 1.0)
    assert (drawn[:, 2] == 0).all()
    ratio = drawn[:, 0] / drawn[:, 1]
    assert ratio.min() >= 0.5 / 0.3 * 0.8 / 1.2 and ratio.max() <= 0.5 / 0.3 * 1.2 / 0.8
    grouped = draw_weights(
        np.array([0.6, 0.4, 0.6, 0.4]), 10, 0.2, 4, groups=np.array([0, 0, 1, 1])
    )
    assert np.allclose(grouped[:, :2].sum(axis=1), 1) and np.allclose(grouped[:, 2:].sum(axis=1), 1)
    assert np.array_equal(draw_weights(weights, 3, 0.0, 1), np.tile(weights, (3, 1)))


def test_rank_spread_on_a_hand_made_matrix():
    values = np.array([[1.0, 0.0], [0.6, 0.6], [0.0, 1.0]])
    weight_draws = np.array([[0.9, 0.1], [0.5, 0.5], [0.1, 0.9], [0.7, 0.3]])
    # scores: [90, 60, 10], [50, 60, 50], [10, 60, 90], [70, 60, 30]
    spread = rank_spread(linear_scorer(values), weight_draws, 3, top_k=1)
    assert spread.p_top_k.tolist() == [0.5, 0.25, 0.25]
    assert spread.percentiles["rank_p05"].tolist() == [1, 1, 1]  # smallest of 4 ranks
    assert spread.percentiles["rank_p50"].tolist() == [1, 2, 3]  # 2nd smallest
    assert spread.percentiles["rank_p95"].tolist() == [3, 2, 3]  # largest


def test_excluded_everything_and_bad_settings():
    metrics = two_criteria([0.5, 0.6], [0.5, 0.4], area=[1.0, 2.0])  # both below 10 m²
    result = weight_robustness(metrics, TWO, draws=5, top_k=3, seed=1)
    assert result["p_top_k"].isna().all() and result["rank_p50"].isna().all()
    metrics = two_criteria([0.5, 0.6], [0.5, 0.4])
    assert weight_robustness(metrics, TWO, draws=5, top_k=3)["p_top_k"].tolist() == [1.0, 1.0]
    for kwargs, message in (
        ({"spread": 1.0}, "spread = 1 must be at least 0 and below 1"),
        ({"draws": 0}, "draws = 0"),
        ({"top_k": 0}, "top_k = 0 must be 1 or more"),
    ):
        with pytest.raises(ScenarioError, match=message):
            weight_robustness(metrics, TWO, **kwargs)
    with pytest.raises(ScenarioError, match="criterion 'a' uses metric 'compactness'"):
        weight_robustness(
            metrics.drop(columns="compactness"), TWO, scored=metrics.assign(excluded=False)
        )
