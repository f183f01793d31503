"""Value functions: a metric turned into a value from 0 (worst) to 1 (best).

All functions are vectorised over arrays and return float64 arrays; an unknown input
(NaN, or a null category) gives NaN, never a value, so that the scenario's missing-data
rule and not the function decides what unknown means.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeAlias

import numpy as np
import pandas as pd

from bouwstroom_qgis.core.scenario_model import (
    CATEGORICAL,
    COST,
    IDEAL,
    LINEAR,
    THRESHOLD,
    Criterion,
)

ArrayLike: TypeAlias = np.ndarray | pd.Series | list[Any]


def as_float(values: ArrayLike) -> np.ndarray:
    """A float64 array with NaN for nulls, from any numeric column (nullable ones too)."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(values, dtype="float64")


def linear(values: ArrayLike, low: float, high: float, direction: str = "benefit") -> np.ndarray:
    """Linear between ``low`` and ``high``, clamped outside.

    Parameters
    ----------
    values : array-like of float
        Metric values in their own unit (m, m², share 0..1).
    low, high : float
        The range, ``low < high``. Benefit: ``low`` -> 0 and ``high`` -> 1;
        cost: ``low`` -> 1 and ``high`` -> 0.
    direction : {"benefit", "cost"}

    Examples
    --------
    >>> linear([800, 2900, 5000, 9000], 800, 5000, "cost").tolist()
    [1.0, 0.5, 0.0, 0.0]
    """
    x = as_float(values)
    result = np.clip((x - low) / (high - low), 0.0, 1.0)
    return 1.0 - result if direction == COST else result


def threshold(values: ArrayLike, limit: float, direction: str = "benefit") -> np.ndarray:
    """1 on the good side of ``limit`` (inclusive), else 0.

    Benefit: ``value >= limit`` -> 1; cost: ``value <= limit`` -> 1.

    Examples
    --------
    >>> threshold([0.3, 0.4, 0.5, float("nan")], 0.4).tolist()
    [0.0, 1.0, 1.0, nan]
    """
    x = as_float(values)
    good = x <= limit if direction == COST else x >= limit
    return np.where(np.isnan(x), np.nan, good.astype("float64"))


def ideal(
    values: ArrayLike, ideal_range: tuple[float, float], limits: tuple[float, float]
) -> np.ndarray:
    """1 inside ``ideal_range``, 0 outside ``limits``, linear in between.

    Parameters
    ----------
    values : array-like of float
    ideal_range : (float, float)
        ``(lo, hi)``, scoring 1 inclusive.
    limits : (float, float)
        ``(min, max)`` with ``min <= lo <= hi <= max``; at and beyond them the value is 0
        (unless they coincide with the ideal range).

    Examples
    --------
    >>> ideal([300, 900, 1500, 8000, 24000, 40000, 50000], (1500, 8000), (300, 40000)).tolist()
    [0.0, 0.5, 1.0, 1.0, 0.5, 0.0, 0.0]
    """
    x = as_float(values)
    lo, hi = ideal_range
    low_limit, high_limit = limits
    with np.errstate(divide="ignore", invalid="ignore"):
        rising = (x - low_limit) / (lo - low_limit)
        falling = (high_limit - x) / (high_limit - hi)
    result = np.where(x < lo, rising, np.where(x > hi, falling, 1.0))
    result = np.where((x < low_limit) | (x > high_limit), 0.0, result)
    return np.where(np.isnan(x), np.nan, np.clip(result, 0.0, 1.0))


def categorical(
    values: ArrayLike, mapping: Mapping[str, float], default: float = 0.0
) -> np.ndarray:
    """The value of each category from ``mapping``, ``default`` for other categories.

    Null categories (None, NaN, pandas NA) are unknown and give NaN. Each distinct
    category is looked up once, so a million parcels cost one factorisation.

    Examples
    --------
    >>> categorical(["gemeente", "overig", None, "woningbouwvereniging"],
    ...             {"gemeente": 0.9, "overig": 0.2}).tolist()
    [0.9, 0.2, nan, 0.0]
    """
    codes, uniques = pd.factorize(pd.Series(values, copy=False), use_na_sentinel=True)
    lookup = np.array([mapping.get(str(u), default) for u in uniques] + [np.nan], dtype=float)
    return lookup[codes]  # code -1 (null) takes the trailing NaN


def evaluate(criterion: Criterion, values: ArrayLike) -> np.ndarray:
    """The criterion's value function applied to its metric column: 0..1, NaN unknown."""
    p = criterion.params
    if criterion.function == LINEAR:
        low, high = p["range"]
        return linear(values, low, high, criterion.direction)
    if criterion.function == THRESHOLD:
        return threshold(values, p["threshold"], criterion.direction)
    if criterion.function == IDEAL:
        return ideal(values, p["ideal"], p["limits"])
    if criterion.function == CATEGORICAL:
        return categorical(values, p["values"], p["default"])
    raise ValueError(f"unknown value function {criterion.function!r}")
