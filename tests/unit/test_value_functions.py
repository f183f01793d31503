"""Value functions on hand-computed numbers, NaN for unknown input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.scenario_model import Criterion
from bouwstroom_qgis.core.value_functions import (
    as_float,
    categorical,
    evaluate,
    ideal,
    linear,
    threshold,
)

NAN = float("nan")


def same(actual: np.ndarray, expected: list[float]) -> bool:
    return np.allclose(actual, expected, equal_nan=True, atol=1e-12)


def test_linear_benefit():
    # range [250, 2000]: 250 -> 0, 2000 -> 1; 600 -> 350/1750 = 0.2; clamped outside.
    x = [0, 250, 600, 1125, 2000, 3000, NAN]
    assert same(linear(x, 250, 2000), [0, 0, 0.2, 0.5, 1, 1, NAN])


def test_linear_cost():
    # range [800, 5000] as a cost: 800 -> 1, 5000 -> 0; 1640 -> 1 - 840/4200 = 0.8.
    x = [100, 800, 1640, 5000, 7000, NAN]
    assert same(linear(x, 800, 5000, "cost"), [1, 1, 0.8, 0, 0, NAN])


def test_threshold_benefit_and_cost_include_the_threshold():
    x = [0.39, 0.4, 0.41, NAN]
    assert same(threshold(x, 0.4), [0, 1, 1, NAN])
    assert same(threshold(x, 0.4, "cost"), [1, 1, 0, NAN])


def test_ideal_rises_holds_and_falls():
    # limits [300, 40000], ideal [1500, 8000]:
    # 600 -> 300/1200 = 0.25; 24000 -> 16000/32000 = 0.5.
    x = [100, 300, 600, 1500, 5000, 8000, 24000, 40000, 41000, NAN]
    assert same(ideal(x, (1500, 8000), (300, 40000)), [0, 0, 0.25, 1, 1, 1, 0.5, 0, 0, NAN])


def test_ideal_with_ideal_at_the_limit_is_a_step():
    # ideal starts at the lower limit: no rising slope, 1 from 300 on.
    x = [299, 300, 301, 600, 900]
    assert same(ideal(x, (300, 600), (300, 900)), [0, 1, 1, 1, 0])


def test_categorical_mapping_default_and_unknown():
    values = {"corporatie": 1.0, "gemeente": 0.9, "overig": 0.2}
    x = ["gemeente", "corporatie", "particulier", None, "overig", np.nan, "gemeente"]
    assert same(categorical(x, values, 0.1), [0.9, 1, 0.1, NAN, 0.2, NAN, 0.9])


def test_categorical_on_pandas_string_and_category_columns():
    values = {"wonen": 1.0, "gemengd": 0.5}
    strings = pd.Series(["wonen", None, "groen", "gemengd"], dtype="str")
    cats = pd.Series(["wonen", None, "groen", "gemengd"], dtype="category")
    for column in (strings, cats):
        assert same(categorical(column, values), [1, NAN, 0, 0.5])


def test_as_float_turns_nullable_missing_into_nan():
    column = pd.Series([1.5, None, 3], dtype="Float64")
    assert same(as_float(column), [1.5, NAN, 3])
    assert same(as_float(pd.Series([1, None], dtype="Int64")), [1, NAN])


def test_results_stay_in_unit_interval_on_random_input():
    rng = np.random.default_rng(3)
    x = rng.normal(0, 10000, 10000)
    for result in (
        linear(x, -500, 800),
        linear(x, -500, 800, "cost"),
        threshold(x, 12),
        ideal(x, (-100, 200), (-3000, 9000)),
    ):
        assert result.min() >= 0 and result.max() <= 1


def test_evaluate_dispatches_on_the_criterion():
    def crit(function: str, direction: str = "benefit", **params) -> Criterion:
        return Criterion("c", "m", function, direction, params, 1.0)

    x = pd.Series([500.0, 1000.0, NAN])
    assert same(evaluate(crit("linear", "cost", range=(0.0, 2000.0)), x), [0.75, 0.5, NAN])
    assert same(evaluate(crit("threshold", threshold=600.0), x), [0, 1, NAN])
    assert same(
        evaluate(crit("ideal", ideal=(1000.0, 1200.0), limits=(0.0, 2000.0)), x), [0.5, 1, NAN]
    )
    owners = pd.Series(["gemeente", None])
    result = evaluate(crit("categorical", values={"gemeente": 0.9}, default=0.0), owners)
    assert same(result, [0.9, NAN])
    with pytest.raises(ValueError, match="unknown value function"):
        evaluate(crit("sigmoid"), x)
