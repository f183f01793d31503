"""Live scoring (numpy only, for QGIS) equals the engine's scoring exactly, not nearly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.live_rules import RulesError, read_rules, with_points
from bouwstroom_qgis.live_scoring import (
    categorical,
    combine_reasons,
    factorize,
    rank_scores,
    score_rows,
    tie_order,
)
from bouwstroom_qgis.paths import resource

NAN = float("nan")
OWNER_TYPES = ["corporatie", "gemeente", "provincie", "overig", None]
GROUPS = ["wonen", "groen", "agrarisch", "bedrijf", None]

SCENARIO = """
[scenario]
name = "test"
language = "{language}"

[layers.station]
kind = "amenity"
path = "voorzieningen.gpkg"
max_distance = 3000

[layers.leiding]
kind = "constraint"
path = "leiding.gpkg"

[[exclusions]]
when = "share_leiding > 0.25"
reason = "leiding"
missing = "keep"

[[exclusions]]
when = "hoofdgroep in [\\"bedrijf\\", \\"agrarisch\\"]"
reason = "geen woongrond"

[[exclusions]]
when = "owner_type == \\"provincie\\""
reason = "provincie"
missing = "keep"

[[exclusions]]
when = "area_m2 < 150"

[[criteria]]
name = "woon"
metric = "residential_share"
function = "linear"
range = [0.0, 1.0]
weight = {w0}

[[criteria]]
name = "eigendom"
metric = "owner_type"
function = "categorical"
values = {{ corporatie = 1.0, gemeente = 0.9, provincie = 0.6 }}
default = 0.1
weight = {w1}
missing = "{missing}"

[[criteria]]
name = "omvang"
metric = "area_m2"
function = "ideal"
ideal = [1500, 8000]
limits = [300, 40000]
weight = {w2}

[[criteria]]
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [800, 2500]
weight = {w3}

[[criteria]]
name = "vorm"
metric = "compactness"
function = "threshold"
threshold = 0.4
weight = {w4}

[[criteria]]
name = "leiding"
metric = "share_leiding"
function = "threshold"
direction = "cost"
threshold = 0.1
weight = {w5}
"""


def random_metrics(seed: int, n: int) -> pd.DataFrame:
    """Metrics with unknowns, repeated values (ties) and values on the breakpoints."""
    rng = np.random.default_rng(seed)

    def numbers(choices: list[float], low: float, high: float) -> np.ndarray:
        x = rng.uniform(low, high, n)
        pick = rng.random(n) < 0.3
        x[pick] = rng.choice(choices, pick.sum())
        x[rng.random(n) < 0.1] = NAN
        return x

    return pd.DataFrame(
        {
            "residential_share": numbers([0.0, 0.5, 1.0], 0, 1),
            "owner_type": rng.choice(np.array(OWNER_TYPES, dtype=object), n),
            "hoofdgroep": rng.choice(np.array(GROUPS, dtype=object), n),
            "area_m2": numbers([100.0, 150.0, 300.0, 1500.0, 8000.0, 40000.0], 50, 50000),
            "dist_station": numbers([0.0, 800.0, 2500.0, 3000.0], 0, 3000),
            "compactness": numbers([0.4, 0.785], 0, 1),
            "share_leiding": numbers([0.0, 0.1, 0.25], 0, 1),
        }
    )


def columns_of(metrics: pd.DataFrame) -> dict[str, np.ndarray]:
    """The metric columns as QGIS's Python gets them: floats with NaN, str or None."""
    out = {}
    for name in metrics.columns:
        column = metrics[name]
        if pd.api.types.is_numeric_dtype(column.dtype):
            out[name] = column.to_numpy(dtype=float)
        else:
            out[name] = np.array([v if isinstance(v, str) else None for v in column], dtype=object)
    return out


def assert_equal_to_engine(metrics: pd.DataFrame, engine, live) -> None:
    expected = score_parcels(metrics, engine, explain=False)
    got = score_rows(columns_of(metrics), live)
    np.testing.assert_array_equal(got.score, expected[schema.SCORE].to_numpy())
    for criterion in engine.criteria:
        column = expected[schema.CONTRIBUTION_PREFIX + criterion.name].to_numpy()
        np.testing.assert_array_equal(got.contributions[criterion.name], column)
    np.testing.assert_array_equal(got.excluded, expected[schema.EXCLUDED].to_numpy())
    assert got.exclusion_reason().tolist() == expected[schema.EXCLUSION_REASON].tolist()
    ranks = expected[schema.RANK].fillna(0).to_numpy(dtype=np.int64)
    np.testing.assert_array_equal(got.rank, ranks)


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    weights=st.lists(st.sampled_from([0, 1, 2.5, 7, 10, 25, 33.3]), min_size=6, max_size=6),
    missing=st.sampled_from(["worst", "exclude"]),
    language=st.sampled_from(["nl", "en"]),
)
def test_random_metrics_score_exactly_as_the_engine(seed, weights, missing, language):
    if sum(weights) == 0:
        weights[0] = 1
    text = SCENARIO.format(
        language=language, missing=missing, **{f"w{i}": w for i, w in enumerate(weights)}
    )
    metrics = random_metrics(seed, 400)
    assert_equal_to_engine(metrics, parse_scenario(text), read_rules(text))


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    points=st.lists(st.integers(0, 100), min_size=6, max_size=6),
    off=st.sets(st.sampled_from(["woon", "eigendom", "omvang", "station", "vorm", "leiding"])),
)
def test_new_weights_and_switched_off_criteria_score_as_with_weights(seed, points, off):
    text = SCENARIO.format(language="nl", missing="exclude", **{f"w{i}": 10 for i in range(6)})
    names = ["woon", "eigendom", "omvang", "station", "vorm", "leiding"]
    chosen = dict(zip(names, map(float, points), strict=True))
    on = [n for n in names if n not in off]
    if sum(chosen[n] for n in on) == 0:
        with pytest.raises(RulesError, match="nothing to score"):
            with_points(read_rules(text), chosen, on)
        return
    engine = with_weights(parse_scenario(text), chosen, on)
    live = with_points(read_rules(text), chosen, on)
    assert [c.weight for c in live.criteria] == [c.weight for c in engine.criteria]
    assert_equal_to_engine(random_metrics(seed, 300), engine, live)


def test_the_shipped_scenario_reads_as_the_engine_reads_it():
    path = resource("scenarios", "bouwstroom_noord.toml")
    engine, live = load_scenario(path), read_rules(path.read_text(encoding="utf-8"))
    assert [(c.name, c.metric, c.weight) for c in live.criteria] == [
        (c.name, c.metric, c.weight) for c in engine.criteria
    ]
    assert [(e.metric, e.op, e.value, e.reason) for e in live.exclusions] == [
        (e.metric, e.op, e.value, e.reason) for e in engine.exclusions
    ]
    assert live.max_distances == {"natura2000": 5000.0, "leiding": 5000.0, "station": 10000.0}
    assert live.language == "nl" and live.name == "Bouwstroom Noord standaard"


def test_ahp_weights_are_the_engines():
    text = SCENARIO.format(language="en", missing="worst", **{f"w{i}": 1 for i in range(6)})
    text = text.replace("weight = 1\n", "")
    text += """
[weights]
method = "ahp"
criteria = ["woon", "eigendom", "omvang", "station", "vorm", "leiding"]
matrix = [
  [1, 2, 3, 3, 5, 4],
  ["1/2", 1, 2, 2, 4, 3],
  ["1/3", "1/2", 1, 1, 3, 2],
  ["1/3", "1/2", 1, 1, 3, 2],
  ["1/5", "1/4", "1/3", "1/3", 1, "1/2"],
  ["1/4", "1/3", "1/2", "1/2", 2, 1],
]
"""
    engine, live = parse_scenario(text), read_rules(text)
    assert [c.weight for c in live.criteria] == pytest.approx(
        [c.weight for c in engine.criteria], rel=1e-12
    )
    assert live.criteria[0].weight == pytest.approx(0.3657, abs=1e-4)


def test_ties_are_ranked_in_the_given_order():
    score = np.array([50.0, 70.0, 50.0, 70.0, 10.0])
    excluded = np.array([False, False, False, True, False])
    assert rank_scores(score, excluded).tolist() == [2, 1, 3, 0, 4]
    # The engine's table order puts row 2 before row 0.
    assert rank_scores(score, excluded, np.array([4, 0, 1, 2, 3])).tolist() == [3, 1, 2, 0, 4]


def test_tie_order_is_each_rows_position_by_id():
    ids = np.array(["OTL02 B 12", "OTL02 A 3", None, "OTL02 B 100"], dtype=object)
    # "" (unknown) < "OTL02 A 3" < "OTL02 B 100" < "OTL02 B 12": character order
    assert tie_order(ids).tolist() == [3, 1, 0, 2]


def test_ties_get_the_engines_ranks_whatever_the_layers_row_order():
    text = SCENARIO.format(language="nl", missing="worst", **{f"w{i}": 10 for i in range(6)})
    # every row four times: parcels with equal metrics tie in score
    metrics = pd.concat([random_metrics(3, 100)] * 4, ignore_index=True)
    rng = np.random.default_rng(5)
    metrics.insert(0, schema.PARCEL_ID, [f"OTL02 {s} {n}" for s, n in zip(
        rng.choice(list("ABCK"), 400), rng.permutation(400) + 1, strict=True
    )])  # fmt: skip
    # the engine reads parcels in parcel id order (core.parcels.read_parcels)
    metrics = metrics.sort_values(schema.PARCEL_ID, ignore_index=True)
    engine = score_parcels(metrics, parse_scenario(text), explain=False)
    expected = dict(zip(metrics[schema.PARCEL_ID], engine[schema.RANK].fillna(0), strict=True))
    ranked = engine[engine[schema.RANK].notna()]
    tied = ranked[schema.SCORE].duplicated(keep=False)
    assert tied.sum() == 80 and len(ranked) == 80  # every ranked parcel ties with 3
    # The live layer holds the rows in the previous run's rank order, not the table's.
    layer = metrics.iloc[rng.permutation(400)].reset_index(drop=True)
    ids = layer[schema.PARCEL_ID].to_numpy(dtype=object)
    got = score_rows(columns_of(layer), read_rules(text), tie_order(ids))
    assert dict(zip(ids, got.rank.tolist(), strict=True)) == expected
    in_row_order = score_rows(columns_of(layer), read_rules(text))
    assert dict(zip(ids, in_row_order.rank.tolist(), strict=True)) != expected


def test_categories_and_reasons_are_looked_up_once_per_distinct_value():
    codes, labels = factorize(np.array(["b", None, "a", "b", NAN, ""], dtype=object))
    assert [labels[c] if c >= 0 else None for c in codes] == ["b", None, "a", "b", None, ""]
    values = categorical(np.array(["gemeente", None, "x"], dtype=object), {"gemeente": 0.9}, 0.1)
    assert values[0] == 0.9 and np.isnan(values[1]) and values[2] == 0.1
    masks = [
        np.array([True, False, True]),
        np.array([True, False, False]),
        np.array([1, 0, 1], bool),
    ]
    codes, texts = combine_reasons(masks, ["a", "b", "a"], 3)
    assert [texts[c] for c in codes] == ["a; b", "", "a"]


def test_a_missing_metric_and_bad_text_are_one_line_errors():
    text = SCENARIO.format(language="nl", missing="worst", **{f"w{i}": 1 for i in range(6)})
    metrics = columns_of(random_metrics(1, 10))
    del metrics["dist_station"]
    with pytest.raises(RulesError, match="no metric 'dist_station'"):
        score_rows(metrics, read_rules(text))
    with pytest.raises(RulesError, match="not valid TOML"):
        read_rules("[[criteria]\nname=")
    with pytest.raises(RulesError, match="criterion 1 has no 'weight'"):
        read_rules('[[criteria]]\nname = "a"\nmetric = "area_m2"\nfunction = "linear"\n')
