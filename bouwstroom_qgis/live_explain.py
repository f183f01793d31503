"""The explanation line of live scores, worded exactly as the engine's ``core/explain.py``.

For example (Dutch)::

    72,4 punten: woonbestemming 30,0/30 (100% wonen), eigendom 22,5/25 (gemeente),
    station 8,1/15 (1,9 km); uitgesloten: binnen 250 m van Natura 2000

Metric values are rounded to a readable unit, so rows share few distinct phrases: each
phrase is formatted once and a row's line joins looked-up pieces (numpy only).
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from bouwstroom_qgis.core.phrases import (  # standard library only
    PHRASES,
    decimal,
    distance,
    max_points,
    short_number,
    square_metres,
)
from bouwstroom_qgis.live_rules import CATEGORY_METRICS, Rule, Rules
from bouwstroom_qgis.live_scoring import LiveScores, as_float, factorize

Labeller = Callable[[float], str]
Piece = tuple[np.ndarray, list[str]]  # per row a code into a list of distinct texts


def explain_rows(columns: Mapping[str, Any], rules: Rules, scores: LiveScores) -> np.ndarray:
    """The explanation line of every row (object array of str)."""
    words = PHRASES.get(rules.language, PHRASES["en"])
    shown = [c for c in rules.criteria if c.enabled and c.weight > 0]
    head_end = ": " if shown else ""
    tenths, head_codes = np.unique(np.rint(scores.score * 10).astype(np.int64), return_inverse=True)
    head: Piece = (
        head_codes,
        [
            f"{decimal(t / 10, 1, rules.language)} {words['points']}{head_end}"
            for t in tenths.tolist()
        ],
    )
    tail: Piece = (
        scores.reason_codes,
        [f"; {words['excluded']}: {t}" if t else "" for t in scores.reason_texts],
    )
    pieces = [
        criterion_piece(columns[c.metric], c, rules, scores.contributions[c.name], i > 0)
        for i, c in enumerate(shown)
    ]
    columns_of_text = [
        np.array(texts, dtype=object)[codes.reshape(-1)] for codes, texts in (head, *pieces, tail)
    ]
    return functools.reduce(operator.add, columns_of_text)


def criterion_piece(
    column: Any, criterion: Rule, rules: Rules, points: np.ndarray, separator: bool
) -> Piece:
    """``"station 8,1/15 (1,9 km)"`` per row, each distinct text formatted once."""
    codes, labels = display_codes(column, criterion.metric, rules)
    shown_labels = [PHRASES.get(rules.language, PHRASES["en"])["unknown"], *labels]
    tenths = np.rint(points * 10).astype(np.int64)
    keys, inverse = np.unique(tenths * len(shown_labels) + (codes + 1), return_inverse=True)
    maximum = max_points(criterion.weight * 100, rules.language)
    prefix = ", " if separator else ""
    texts = []
    for key in keys.tolist():
        tenth, label = divmod(key, len(shown_labels))
        got = decimal(tenth / 10, 1, rules.language)
        texts.append(f"{prefix}{criterion.name} {got}/{maximum} ({shown_labels[label]})")
    return inverse, texts


def display_codes(column: Any, metric: str, rules: Rules) -> tuple[np.ndarray, list[str]]:
    """Per row an index into readable labels of its rounded value; -1 where unknown."""
    if metric in CATEGORY_METRICS:
        return factorize(column)
    keys, labeller = _rounded(as_float(column), metric, rules)
    known = ~np.isnan(keys)
    uniques, inverse = np.unique(keys[known], return_inverse=True)
    codes = np.full(len(keys), -1, dtype=np.int64)
    codes[known] = inverse.reshape(-1)
    return codes, [labeller(u) for u in uniques.tolist()]


def _rounded(x: np.ndarray, metric: str, rules: Rules) -> tuple[np.ndarray, Labeller]:
    """Display keys (NaN unknown) and how to label a key, per kind of metric."""
    words = PHRASES.get(rules.language, PHRASES["en"])
    if metric == "residential_share":
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['residential']}"
    if metric == "owner_share":
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['owned']}"
    if metric.startswith("share_"):
        layer = metric[len("share_") :]
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['in']} {layer}"
    if metric.startswith("dist_"):
        cap = rules.max_distances.get(metric[len("dist_") :], np.inf)
        return _distance_keys(x, cap, rules.language)
    if metric == "area_m2":
        step = np.where(x < 1000, 1.0, np.where(x < 10000, 10.0, 100.0))
        return np.rint(x / step) * step, square_metres
    if metric == "compactness":
        return np.round(x, 2), lambda k: f"{words['compactness']} {decimal(k, 2, rules.language)}"
    return np.round(x, 2), lambda k: short_number(k, rules.language)


def _distance_keys(x: np.ndarray, cap: float, language: str) -> tuple[np.ndarray, Labeller]:
    """Metres to 10 m below 1 km, else to 0.1 km; "≥ max" where the search was capped."""
    step = np.where(x < 1000, 10.0, 100.0)
    with np.errstate(invalid="ignore"):
        keys = np.where(x >= cap, -1.0, np.rint(x / step) * step)

    return keys, lambda k: distance(k, cap, language)
