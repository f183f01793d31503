"""Scores, contributions, exclusions and ranks on hand-computed parcels and random data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import combine_reasons, rank_scores, score_parcels
from bouwstroom_qgis.paths import resource

NAN = float("nan")
DEFAULT = load_scenario(resource("scenarios", "bouwstroom_noord.toml"))
CRITERIA = ["woonbestemming", "eigendom", "omvang", "station", "vorm", "natuur"]


def parcels() -> pd.DataFrame:
    """Five parcels; p5 equals p2 (a tie) and p4 knows nothing."""
    return pd.DataFrame(
        {
            "residential_share": [1.0, 0.5, 1.0, NAN, 0.5],
            "owner_type": ["corporatie", "gemeente", "overig", None, "gemeente"],
            "area_m2": [5000.0, 900.0, 24000.0, NAN, 900.0],
            "dist_station": [800.0, 2900.0, NAN, NAN, 2900.0],
            "compactness": [0.6, 0.3, 0.4, NAN, 0.3],
            "dist_natura2000": [2000.0, 1125.0, 100.0, NAN, 1125.0],
            "share_leiding": [0.0, 0.1, 0.5, NAN, 0.1],
        },
        index=pd.Index(["p1", "p2", "p3", "p4", "p5"], name="parcel_id"),
    )


def test_hand_computed_scores_and_contributions():
    result = score_parcels(parcels(), DEFAULT)
    contributions = result[[f"c_{c}" for c in CRITERIA]]
    # p1 is best everywhere. p2: 0.5*30, 0.9*25, ideal (900-300)/1200*15,
    # station 1-(2100/4200) * 15, compactness 0.3 < 0.4, nature 875/1750 * 10.
    # p3: overig 0.2*25, area (40000-24000)/32000*15, station unknown -> 0, nature 0.
    assert contributions.loc["p1"].tolist() == pytest.approx([30, 25, 15, 15, 5, 10])
    assert contributions.loc["p2"].tolist() == pytest.approx([15, 22.5, 7.5, 7.5, 0, 5])
    assert contributions.loc["p3"].tolist() == pytest.approx([30, 5, 7.5, 0, 5, 0])
    assert contributions.loc["p4"].tolist() == [0.0] * 6
    assert result[schema.SCORE].tolist() == pytest.approx([100, 57.5, 47.5, 0, 57.5])


def test_exclusions_and_unknown_metrics():
    result = score_parcels(parcels(), DEFAULT)
    assert result[schema.EXCLUDED].tolist() == [False, False, True, True, False]
    assert result[schema.EXCLUSION_REASON].tolist() == [
        "",
        "",
        "binnen 250 m van Natura 2000; meer dan een kwart in leidingstrook",
        "binnen 250 m van Natura 2000 (onbekend); meer dan een kwart in leidingstrook "
        "(onbekend); kleiner dan 150 m² (onbekend)",
        "",
    ]


def test_ranks_skip_excluded_and_break_ties_by_table_order():
    result = score_parcels(parcels(), DEFAULT)
    assert result[schema.RANK].dtype == "Int64"
    assert result[schema.RANK].tolist() == [1, 2, pd.NA, pd.NA, 3]
    ordered = result.sort_values(schema.RANK).index.tolist()
    assert ordered[:3] == ["p1", "p2", "p5"]
    assert set(ordered[3:]) == {"p3", "p4"}  # excluded sort after all ranked ones
    # the tie p2 = p5 follows the table order, also when reversed
    reversed_result = score_parcels(parcels().iloc[::-1], DEFAULT)
    assert reversed_result[schema.RANK].loc[["p5", "p2", "p1"]].tolist() == [2, 3, 1]


def test_result_shape_index_and_types():
    metrics = parcels()
    result = score_parcels(metrics, DEFAULT)
    assert result.index.equals(metrics.index)
    assert result.columns.tolist() == [
        "score", "rank", *(f"c_{c}" for c in CRITERIA),
        "excluded", "exclusion_reason", "explanation",
    ]  # fmt: skip
    assert result[schema.SCORE].dtype == np.float64
    assert result[schema.EXCLUDED].dtype == bool
    assert all(isinstance(v, str) for v in result[schema.EXCLUSION_REASON])
    assert all(isinstance(v, str) for v in result[schema.EXPLANATION])


def test_explain_false_leaves_the_explanation_out():
    result = score_parcels(parcels(), DEFAULT, explain=False)
    assert schema.EXPLANATION not in result.columns
    full = score_parcels(parcels(), DEFAULT)
    pd.testing.assert_frame_equal(result, full.drop(columns=schema.EXPLANATION))


def test_same_input_same_output():
    pd.testing.assert_frame_equal(
        score_parcels(parcels(), DEFAULT), score_parcels(parcels(), DEFAULT)
    )


def test_empty_table():
    result = score_parcels(parcels().iloc[:0], DEFAULT)
    assert len(result) == 0
    assert schema.RANK in result.columns and schema.EXPLANATION in result.columns


def test_with_weights_re_ranks():
    metrics = parcels().loc[["p2", "p1"]].copy()
    metrics.loc["p1", "dist_station"] = 5000.0  # p1 far from a station, p2 at 2900 m
    metrics.loc["p1", "residential_share"] = 0.6
    base = score_parcels(metrics, DEFAULT)
    assert base[schema.RANK].tolist() == [2, 1]
    station_only = with_weights(DEFAULT, {}, enabled=["station"])
    again = score_parcels(metrics, station_only)
    assert again[schema.RANK].tolist() == [1, 2]
    assert again[schema.SCORE].tolist() == pytest.approx([50.0, 0.0])
    assert again["c_woonbestemming"].tolist() == [0.0, 0.0]


MISSING_RULES = """
[scenario]
language = "en"

[layers.station]
kind = "amenity"
path = "s.gpkg"

[[exclusions]]
when = "dist_station > 3000"
reason = "far from a station"
missing = "keep"

[[exclusions]]
when = 'owner_type in ["overig", "provincie"]'
reason = "not a corporation or municipality"

[[exclusions]]
when = 'plan_status != "vastgesteld"'
reason = "plan not adopted"
missing = "keep"

[[criteria]]
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [500, 2500]
weight = 60
missing = "exclude"

[[criteria]]
name = "owner"
metric = "owner_type"
function = "categorical"
values = { corporatie = 1.0 }
default = 0.5
weight = 40
"""


def test_missing_rules_keep_exclude_and_criterion_exclude():
    scenario = parse_scenario(MISSING_RULES)
    metrics = pd.DataFrame(
        {
            "dist_station": [NAN, 4000.0, 1500.0, 1000.0],
            "owner_type": ["corporatie", pd.NA, "provincie", "gemeente"],
            "plan_status": [None, "vastgesteld", "vastgesteld", "ontwerp"],
        }
    )
    result = score_parcels(metrics, scenario)
    assert result[schema.EXCLUSION_REASON].tolist() == [
        "station unknown",  # unknown station distance: kept by the exclusion, not by the criterion
        "far from a station; not a corporation or municipality (unknown)",
        "not a corporation or municipality",
        "plan not adopted",
    ]
    assert result[schema.EXCLUDED].all()
    # excluded parcels keep their points for auditing: station (2500-1500)/2000 * 60 = 30
    assert result[schema.SCORE].tolist() == pytest.approx([40, 0, 30 + 20, 45 + 20])


def test_switched_off_criterion_neither_scores_nor_excludes():
    scenario = with_weights(parse_scenario(MISSING_RULES), {}, enabled=["owner"])
    metrics = pd.DataFrame(
        {"dist_station": [NAN], "owner_type": ["corporatie"], "plan_status": ["vastgesteld"]}
    )
    result = score_parcels(metrics, scenario)
    assert result[schema.EXCLUDED].tolist() == [False]
    assert result[schema.SCORE].tolist() == [100.0]
    assert result["c_station"].tolist() == [0.0]


def test_missing_metric_column_is_a_scenario_error():
    with pytest.raises(ScenarioError, match="criterion 'station' uses metric 'dist_station'"):
        score_parcels(parcels().drop(columns="dist_station"), DEFAULT)


def test_text_in_a_numeric_metric_is_a_scenario_error():
    metrics = parcels().astype({"area_m2": object})
    metrics.loc["p1", "area_m2"] = "groot"
    with pytest.raises(ScenarioError, match="metric 'area_m2' holds text where numbers"):
        score_parcels(metrics, DEFAULT)


def test_nullable_and_object_numeric_columns_are_read():
    metrics = parcels().astype({"area_m2": "Float64", "dist_station": object})
    result = score_parcels(metrics, DEFAULT)
    assert result[schema.SCORE].tolist() == pytest.approx([100, 57.5, 47.5, 0, 57.5])


def test_rank_scores_and_combine_reasons_directly():
    ranks = rank_scores(np.array([3.0, 5.0, 5.0, 9.0]), np.array([False, False, False, True]))
    assert ranks.tolist() == [3, 1, 2, pd.NA]
    codes, texts = combine_reasons(
        [np.array([True, False, True]), np.array([True, False, False])], ["a", "b"], 3
    )
    assert combine_reasons([], [], 2)[0].tolist() == [0, 0]
    assert [texts[c] for c in codes] == ["a; b", "", "a"]


def test_more_than_63_reasons_are_combined():
    masks = [np.array([i % 2 == 0, True]) for i in range(70)]
    codes, texts = combine_reasons(masks, [f"r{i}" for i in range(70)], 2)
    assert texts[codes[0]] == "; ".join(f"r{i}" for i in range(0, 70, 2))
    assert texts[codes[1]].count(";") == 69


def random_metrics(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)

    def with_gaps(values: np.ndarray) -> np.ndarray:
        values = values.astype(float)
        values[rng.random(n) < 0.1] = np.nan
        return values

    owners = np.array(["corporatie", "gemeente", "provincie", "overig", "particulier", None])
    return pd.DataFrame(
        {
            "residential_share": with_gaps(rng.random(n)),
            "owner_type": owners[rng.integers(0, len(owners), n)],
            "area_m2": with_gaps(rng.lognormal(7.5, 1.5, n)),
            "dist_station": with_gaps(rng.random(n) * 12000),
            "compactness": with_gaps(rng.random(n)),
            "dist_natura2000": with_gaps(rng.random(n) * 6000),
            "share_leiding": with_gaps(rng.random(n) * 0.4),
        }
    )


def test_contributions_add_up_to_the_score_on_random_data():
    result = score_parcels(random_metrics(5000, seed=11), DEFAULT, explain=False)
    total = result[[f"c_{c}" for c in CRITERIA]].sum(axis=1)
    assert total.to_numpy() == pytest.approx(result[schema.SCORE].to_numpy(), abs=1e-9)
    ranked = result[schema.RANK].dropna()
    assert sorted(ranked.tolist()) == list(range(1, len(ranked) + 1))
    assert result[schema.RANK].isna().sum() == result[schema.EXCLUDED].sum()


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
maybe = st.one_of(finite, st.just(NAN))
row = st.fixed_dictionaries(
    {
        "residential_share": maybe,
        "owner_type": st.sampled_from(["corporatie", "gemeente", "overig", "x", None]),
        "area_m2": maybe,
        "dist_station": maybe,
        "compactness": maybe,
        "dist_natura2000": maybe,
        "share_leiding": maybe,
    }
)


@settings(max_examples=60, deadline=None)
@given(st.lists(row, min_size=1, max_size=20))
def test_score_stays_between_0_and_100(rows):
    result = score_parcels(pd.DataFrame(rows), DEFAULT, explain=False)
    assert ((result[schema.SCORE] >= 0) & (result[schema.SCORE] <= 100)).all()


@settings(max_examples=60, deadline=None)
@given(row, st.floats(0, 1e5), st.sampled_from(["residential_share", "dist_natura2000"]))
def test_improving_a_benefit_metric_never_lowers_the_score(base, step, metric):
    better = dict(base)
    start = 0.0 if np.isnan(base[metric]) else base[metric]
    better[metric] = start + step
    if np.isnan(base[metric]):
        base = {**base, metric: start}
    result = score_parcels(pd.DataFrame([base, better]), DEFAULT, explain=False)
    low, high = result[schema.SCORE].tolist()
    assert high >= low - 1e-9


def test_scenario_without_exclusions_excludes_nothing():
    text = (
        MISSING_RULES.split("[[exclusions]]")[0]
        + "[[criteria]]"
        + MISSING_RULES.split("[[criteria]]", 1)[1].replace('missing = "exclude"\n', "")
    )
    scenario = parse_scenario(text)
    assert scenario.exclusions == ()
    metrics = pd.DataFrame({"dist_station": [NAN, 500.0], "owner_type": ["x", "corporatie"]})
    result = score_parcels(metrics, scenario)
    assert result[schema.EXCLUDED].tolist() == [False, False]
    assert result[schema.EXCLUSION_REASON].tolist() == ["", ""]
    assert result[schema.RANK].tolist() == [2, 1]
    assert result[schema.SCORE].tolist() == pytest.approx([20.0, 100.0])


def test_score_never_exceeds_100_by_rounding():
    # nine equal weights: 9 x 100/9 adds up to 100.00000000000001 in floating point
    criteria = "".join(
        f'[[criteria]]\nname = "c{i}"\nmetric = "area_m2"\nfunction = "threshold"\n'
        "threshold = 0\nweight = 1\n"
        for i in range(9)
    )
    result = score_parcels(pd.DataFrame({"area_m2": [10.0]}), parse_scenario(criteria))
    assert result[schema.SCORE].tolist() == [100.0]
    contributions = result[[f"c_c{i}" for i in range(9)]].sum(axis=1)
    assert contributions.tolist() == pytest.approx([100.0])
