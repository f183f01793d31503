"""One readable line per parcel saying where its score comes from, in Dutch or English.

For example (Dutch)::

    72,4 punten: woonbestemming 30,0/30 (100% wonen), eigendom 22,5/25 (gemeente),
    station 8,1/15 (1,9 km); uitgesloten: binnen 250 m van Natura 2000

Metric values are shown rounded in a readable unit (%, m or km, m², category), so
that a million parcels share a few thousand distinct phrases: each phrase is formatted
once and the per-parcel line is a concatenation of looked-up pieces.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.phrases import (
    PHRASES,
    decimal,
    distance,
    max_points,
    short_number,
    square_metres,
)
from bouwstroom_qgis.core.scenario_model import CATEGORY, Criterion, Scenario, metric_kinds
from bouwstroom_qgis.core.value_functions import as_float

Labeller = Callable[[float], str]
Piece = tuple[np.ndarray, list[str]]  # per row a code into a list of distinct texts

# pandas 3 with pyarrow keeps strings in Arrow: build the lines there too.
_STR_DTYPE = pd.api.types.pandas_dtype("str")
ARROW_STRINGS = isinstance(_STR_DTYPE, pd.StringDtype) and _STR_DTYPE.storage == "pyarrow"


def phrase(language: str, key: str) -> str:
    """A fixed word in the scenario's language (English when the language is unknown)."""
    return PHRASES.get(language, PHRASES["en"])[key]


def explain_parcels(
    metrics: pd.DataFrame,
    scenario: Scenario,
    contributions: Mapping[str, np.ndarray],
    score: np.ndarray,
    reason_codes: np.ndarray,
    reason_texts: Sequence[str],
) -> ExtensionArray:
    """The explanation line of every parcel.

    Parameters
    ----------
    metrics : pandas.DataFrame
        The metrics table that was scored.
    scenario : Scenario
    contributions : mapping of str to numpy.ndarray
        Points per criterion name (0..100 * weight).
    score : numpy.ndarray
        Total points, 0..100.
    reason_codes : numpy.ndarray of int
        Per parcel, an index into ``reason_texts``.
    reason_texts : sequence of str
        Distinct exclusion reasons, ``""`` for not excluded.

    Returns
    -------
    pandas.api.extensions.ExtensionArray
        One line per parcel in the order of ``metrics``, as pandas' string dtype.
    """
    language = scenario.language
    shown = [c for c in scenario.criteria if c.enabled and c.weight > 0]
    head_end = ": " if shown else ""
    points = phrase(language, "points")
    head_codes, tenths = pd.factorize(np.rint(score * 10).astype(np.int64))
    head: Piece = (
        head_codes,
        [f"{decimal(t / 10, 1, language)} {points}{head_end}" for t in tenths.tolist()],
    )
    excluded = phrase(language, "excluded")
    tail: Piece = (reason_codes, [f"; {excluded}: {t}" if t else "" for t in reason_texts])
    pieces = [
        _criterion_piece(metrics, scenario, c, contributions[c.name], i > 0)
        for i, c in enumerate(shown)
    ]
    return join_pieces([head, *pieces, tail])


def join_pieces(pieces: Sequence[Piece], arrow: bool | None = None) -> ExtensionArray:
    """Per row, the concatenation of ``texts[codes[row]]`` over the pieces.

    Parameters
    ----------
    pieces : sequence of (codes, texts)
        Per piece an index per row into a short list of distinct texts.
    arrow : bool, optional
        Join in Arrow (no Python string per row); by default when pandas keeps its
        strings in Arrow, which is much faster for a million rows.
    """
    if arrow is None:
        arrow = ARROW_STRINGS
    if arrow:
        import pyarrow as pa
        import pyarrow.compute as pc

        columns = [pa.array(texts, type=pa.string()).take(codes) for codes, texts in pieces]
        return text_array(pc.binary_join_element_wise(*columns, ""))
    columns = [np.array(texts, dtype=object)[codes] for codes, texts in pieces]
    return text_array(["".join(parts) for parts in zip(*columns, strict=True)])


def _criterion_piece(
    metrics: pd.DataFrame,
    scenario: Scenario,
    criterion: Criterion,
    points: np.ndarray,
    separator: bool,
) -> Piece:
    """``"station 8,1/15 (1,9 km)"`` per parcel, each distinct text formatted once."""
    codes, labels = display_codes(metrics[criterion.metric], criterion.metric, scenario)
    unknown = phrase(scenario.language, "unknown")
    shown_labels = [unknown, *labels]  # code -1 (unknown) -> 0
    tenths = np.rint(points * 10).astype(np.int64)
    combined = tenths * len(shown_labels) + (codes + 1)
    keys, uniques = pd.factorize(combined)
    maximum = max_points(criterion.weight * 100, scenario.language)
    prefix = ", " if separator else ""
    texts = []
    for key in uniques.tolist():
        tenth, label = divmod(key, len(shown_labels))
        got = decimal(tenth / 10, 1, scenario.language)
        texts.append(f"{prefix}{criterion.name} {got}/{maximum} ({shown_labels[label]})")
    return keys, texts


def display_codes(
    column: pd.Series, metric: str, scenario: Scenario
) -> tuple[np.ndarray, list[str]]:
    """Per parcel an index into readable labels of its rounded metric value.

    Returns
    -------
    codes : numpy.ndarray of int
        -1 where the value is unknown.
    labels : list of str
        E.g. ``"100% wonen"``, ``"1.9 km"``, ``"2 350 m²"``, ``"corporatie"``.
    """
    if metric_kinds(scenario.layers).get(metric) == CATEGORY:
        codes, uniques = pd.factorize(pd.Series(column, copy=False), use_na_sentinel=True)
        return codes, [str(u) for u in uniques]
    keys, labeller = _rounded(as_float(column), metric, scenario)
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    return codes, [labeller(u) for u in uniques.tolist()]


def _rounded(x: np.ndarray, metric: str, scenario: Scenario) -> tuple[np.ndarray, Labeller]:
    """Display keys (NaN unknown) and how to label a key, per kind of metric."""
    language = scenario.language
    words = PHRASES.get(language, PHRASES["en"])
    if metric == schema.RESIDENTIAL_SHARE:
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['residential']}"
    if metric == schema.OWNER_SHARE:
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['owned']}"
    if metric.startswith(schema.SHARE_PREFIX):
        layer = metric.removeprefix(schema.SHARE_PREFIX)
        return np.rint(x * 100), lambda k: f"{k:.0f}% {words['in']} {layer}"
    if metric.startswith(schema.DIST_PREFIX):
        return _distance_keys(x, metric, scenario)
    if metric == schema.AREA:
        step = np.where(x < 1000, 1.0, np.where(x < 10000, 10.0, 100.0))
        return np.rint(x / step) * step, square_metres
    if metric == schema.COMPACTNESS:
        return np.round(x, 2), lambda k: f"{words['compactness']} {decimal(k, 2, language)}"
    return np.round(x, 2), lambda k: short_number(k, language)


def _distance_keys(x: np.ndarray, metric: str, scenario: Scenario) -> tuple[np.ndarray, Labeller]:
    """Metres to 10 m below 1 km, else to 0.1 km; "≥ max" where the search was capped."""
    name = metric.removeprefix(schema.DIST_PREFIX)
    cap = next((lay.max_distance for lay in scenario.layers if lay.name == name), np.inf)
    step = np.where(x < 1000, 10.0, 100.0)
    # -1 marks "at or beyond the search distance": a real distance is never negative.
    keys = np.where(x >= cap, -1.0, np.rint(x / step) * step)

    return keys, lambda k: distance(k, cap, scenario.language)
