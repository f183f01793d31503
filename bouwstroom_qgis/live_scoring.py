"""Scores from cached metrics with numpy alone: live re-ranking inside QGIS.

The same arithmetic as the engine's ``core/value_functions.py`` and ``core/scoring.py``
(which import pandas and so cannot run in QGIS's own Python), operation for operation,
so that the numbers are equal to the engine's, not merely close: every criterion adds
``100 * weight * value`` points; unknown values follow the missing-data rules;
excluded parcels keep their score but get no rank.

Columns are numpy arrays: float64 with NaN for unknown numbers, object arrays of str
(None for unknown) for categories.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from bouwstroom_qgis.live_rules import (
    CATEGORICAL,
    COST,
    EXCLUDE,
    IDEAL,
    IN,
    LINEAR,
    THRESHOLD,
    Exclusion,
    Rule,
    Rules,
    RulesError,
)

UNKNOWN = {"nl": "onbekend", "en": "unknown"}
REASON_SEPARATOR = "; "
_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}


@dataclass
class LiveScores:
    """Scores of every row, in the order of the metric columns.

    Attributes
    ----------
    score : numpy.ndarray of float
        0–100 points.
    rank : numpy.ndarray of int
        1 = best; 0 for excluded rows (the engine writes null there).
    contributions : dict of str to numpy.ndarray
        Points per criterion name (``c_<name>``), adding up to the score.
    excluded : numpy.ndarray of bool
    reason_codes : numpy.ndarray of int
        Per row an index into ``reason_texts``.
    reason_texts : list of str
        Distinct exclusion reasons, ``""`` for rows not excluded.
    """

    score: np.ndarray
    rank: np.ndarray
    contributions: dict[str, np.ndarray]
    excluded: np.ndarray
    reason_codes: np.ndarray
    reason_texts: list[str]

    def exclusion_reason(self) -> np.ndarray:
        """The reason text of every row (object array)."""
        return np.array(self.reason_texts, dtype=object)[self.reason_codes]


def as_float(values: Any) -> np.ndarray:
    """A float64 array with NaN for None."""
    return np.asarray(values, dtype="float64")


def linear(values: Any, low: float, high: float, direction: str = "benefit") -> np.ndarray:
    """Linear between ``low`` (0) and ``high`` (1), clamped; reversed for ``cost``."""
    x = as_float(values)
    result = np.clip((x - low) / (high - low), 0.0, 1.0)
    return 1.0 - result if direction == COST else result


def threshold(values: Any, limit: float, direction: str = "benefit") -> np.ndarray:
    """1 on the good side of ``limit`` (inclusive), else 0; NaN stays NaN."""
    x = as_float(values)
    with np.errstate(invalid="ignore"):
        good = x <= limit if direction == COST else x >= limit
    return np.where(np.isnan(x), np.nan, good.astype("float64"))


def ideal(values: Any, ideal_range: Sequence[float], limits: Sequence[float]) -> np.ndarray:
    """1 inside ``ideal_range``, 0 outside ``limits``, linear in between."""
    x = as_float(values)
    lo, hi = ideal_range
    low_limit, high_limit = limits
    with np.errstate(divide="ignore", invalid="ignore"):
        rising = (x - low_limit) / (lo - low_limit)
        falling = (high_limit - x) / (high_limit - hi)
        result = np.where(x < lo, rising, np.where(x > hi, falling, 1.0))
        result = np.where((x < low_limit) | (x > high_limit), 0.0, result)
    return np.where(np.isnan(x), np.nan, np.clip(result, 0.0, 1.0))


def factorize(values: Any) -> tuple[np.ndarray, list[str]]:
    """Per row an index into the distinct texts, -1 for None (or NaN)."""
    values = np.asarray(values, dtype=object)
    null = np.equal(values, None) | (values != values)  # NaN is the one value unequal to itself
    texts = np.where(null, "", values).astype(str)
    uniques, codes = np.unique(texts, return_inverse=True)
    codes = codes.astype(np.int64).reshape(-1)
    codes[null] = -1
    return codes, uniques.tolist()


def categorical(values: Any, mapping: Mapping[str, float], default: float = 0.0) -> np.ndarray:
    """The value of each category, ``default`` for others, NaN for unknown."""
    codes, uniques = factorize(values)
    lookup = np.array([mapping.get(u, default) for u in uniques] + [np.nan], dtype=float)
    return lookup[codes]


def evaluate(rule: Rule, values: Any) -> np.ndarray:
    """The rule's value function on its metric column: 0..1, NaN unknown."""
    p = rule.params
    if rule.function == LINEAR:
        return linear(values, p["range"][0], p["range"][1], rule.direction)
    if rule.function == THRESHOLD:
        return threshold(values, p["threshold"], rule.direction)
    if rule.function == IDEAL:
        return ideal(values, p["ideal"], p["limits"])
    if rule.function == CATEGORICAL:
        return categorical(values, p["values"], p["default"])
    raise RulesError(f"unknown value function {rule.function!r}")


def exclusion_masks(column: Any, exclusion: Exclusion) -> tuple[np.ndarray, np.ndarray]:
    """Where ``metric op value`` holds on a known value, and where the value is known."""
    value = exclusion.value
    if isinstance(value, str) or (isinstance(value, tuple) and value and isinstance(value[0], str)):
        codes, labels = factorize(column)
        if isinstance(value, tuple):
            answers = [label in value for label in labels]
        else:
            answers = [bool(_COMPARE[exclusion.op](label, value)) for label in labels]
        return np.array([*answers, False], dtype=bool)[codes], codes >= 0
    x = as_float(column)
    known = ~np.isnan(x)
    if exclusion.op == IN:
        holds = np.isin(x, np.asarray(value, dtype=float))
    else:
        with np.errstate(invalid="ignore"):
            holds = _COMPARE[exclusion.op](x, value)
    return holds & known, known


def score_rows(
    columns: Mapping[str, Any], rules: Rules, order: np.ndarray | None = None
) -> LiveScores:
    """Score, exclude and rank every row of the metric columns.

    Parameters
    ----------
    columns : mapping of str to array
        Every metric the rules use (``Rules.metrics()``), all of one length.
    rules : Rules
    order : numpy.ndarray of int, optional
        The engine's table position of each row: ties in score are ranked in this
        order, as the engine ranks them. Default: the rows' own order.

    Raises
    ------
    RulesError
        A metric the rules use is not among the columns.
    """
    missing = [m for m in rules.metrics() if m not in columns]
    if missing:
        raise RulesError(
            f"the result has no metric '{missing[0]}': run the scenario once to compute it"
        )
    n = len(next(iter(columns.values()))) if columns else 0
    unknown = UNKNOWN.get(rules.language, UNKNOWN["en"])
    reasons: list[tuple[np.ndarray, str]] = []
    for exclusion in rules.exclusions:
        holds, known = exclusion_masks(columns[exclusion.metric], exclusion)
        reasons.append((holds, exclusion.reason))
        if exclusion.missing == EXCLUDE:
            reasons.append((~known, f"{exclusion.reason} ({unknown})"))
    score = np.zeros(n)
    contributions: dict[str, np.ndarray] = {}
    for rule in rules.criteria:
        values = evaluate(rule, columns[rule.metric])
        absent = np.isnan(values)
        points = np.multiply(np.where(absent, 0.0, values), 100.0 * rule.weight)
        contributions[rule.name] = points
        score += points
        if rule.enabled and rule.missing == EXCLUDE:
            reasons.append((absent, f"{rule.name} {unknown}"))
    # Weights summing to 1 can add up to 100.00000000000001 in floating point.
    np.minimum(score, 100.0, out=score)
    excluded = np.zeros(n, dtype=bool)
    for mask, _ in reasons:
        excluded |= mask
    codes, texts = combine_reasons([m for m, _ in reasons], [r for _, r in reasons], n)
    return LiveScores(
        score, rank_scores(score, excluded, order), contributions, excluded, codes, texts
    )


def tie_order(ids: np.ndarray) -> np.ndarray:
    """Each row's position when the rows are sorted by id: the engine's order for ties.

    The engine ranks parcels of equal score by their id (the kadastrale aanduiding, in
    character order), so a ranking does not depend on the order of the input file.
    """
    keys = np.array(["" if v is None else str(v) for v in np.asarray(ids).tolist()], dtype=object)
    position = np.empty(len(keys), dtype=np.int64)
    position[np.argsort(keys, kind="stable")] = np.arange(len(keys))
    return position


def rank_scores(
    score: np.ndarray, excluded: np.ndarray, order: np.ndarray | None = None
) -> np.ndarray:
    """1 for the best score among rows not excluded, ties in ``order``; 0 when excluded."""
    tie_break = np.arange(len(score)) if order is None else np.asarray(order)
    by_rank = np.lexsort((tie_break, -score))
    by_rank = by_rank[~excluded[by_rank]]
    rank = np.zeros(len(score), dtype=np.int64)
    rank[by_rank] = np.arange(1, len(by_rank) + 1)
    return rank


def combine_reasons(
    masks: Sequence[np.ndarray], texts: Sequence[str], n: int
) -> tuple[np.ndarray, list[str]]:
    """Per row an index into the distinct joined reason texts (``""`` = none).

    Rows share few combinations of reasons: each distinct combination is joined once.
    """
    if not masks:
        return np.zeros(n, dtype=np.int64), [""]
    packed = np.packbits(np.stack(masks, axis=1), axis=1)
    combos, codes = np.unique(packed, axis=0, return_inverse=True)
    bits = np.unpackbits(combos, axis=1, count=len(masks)).astype(bool)
    joined = [
        REASON_SEPARATOR.join(dict.fromkeys(t for t, on in zip(texts, row) if on))  # noqa: B905
        for row in bits
    ]
    return np.asarray(codes, dtype=np.int64).reshape(n), joined
