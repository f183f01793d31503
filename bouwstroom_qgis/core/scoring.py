"""Scores per parcel: hard exclusions, value functions, weighted contributions, rank.

Every criterion adds ``100 * weight * value`` points, with ``value`` in 0..1 from its
value function, so the contributions ``c_<criterion>`` add up to the score (0..100).
Unknown metric values follow the scenario's missing-data rules: never "no constraint".
Excluded parcels keep their score and contributions for auditing but get no rank.
"""

from __future__ import annotations

import logging
import operator
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.explain import explain_parcels, phrase
from bouwstroom_qgis.core.scenario_model import (
    CATEGORY,
    EXCLUDE,
    IN,
    Exclusion,
    Scenario,
    metric_kinds,
)
from bouwstroom_qgis.core.value_functions import as_float, evaluate

log = logging.getLogger(__name__)

_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_REASON_SEPARATOR = "; "


def score_parcels(metrics: pd.DataFrame, scenario: Scenario, explain: bool = True) -> pd.DataFrame:
    """Score, rank and explain every parcel of a metrics table.

    Parameters
    ----------
    metrics : pandas.DataFrame
        One row per parcel with the metric columns the scenario uses.
    scenario : Scenario
    explain : bool, default True
        Build the ``explanation`` column; live re-ranking can skip it (the column is
        then absent rather than stale).

    Returns
    -------
    pandas.DataFrame
        Same index and order as ``metrics``: ``score`` (0..100), ``rank`` (Int64,
        1 = best, <NA> for excluded; ties in index order), ``c_<criterion>`` per
        criterion, ``excluded``, ``exclusion_reason`` (``""`` when not excluded, several
        joined with ``"; "``) and ``explanation``.

    Raises
    ------
    ScenarioError
        When the metrics table lacks a metric the scenario uses.
    """
    _check_columns(metrics, scenario)
    n = len(metrics)
    contributions: dict[str, np.ndarray] = {}
    reasons: list[tuple[np.ndarray, str]] = []
    unknown = phrase(scenario.language, "unknown")
    for exclusion in scenario.exclusions:
        holds, known = exclusion_masks(metrics[exclusion.metric], exclusion)
        reasons.append((holds, exclusion.reason))
        if exclusion.missing == EXCLUDE:
            reasons.append((~known, f"{exclusion.reason} ({unknown})"))
    # Score and contributions share one block, so the result frame needs no copy.
    block = np.zeros((1 + len(scenario.criteria), n))
    score = block[0]
    for row, criterion in enumerate(scenario.criteria, start=1):
        values = evaluate(criterion, metrics[criterion.metric])
        missing = np.isnan(values)
        points = block[row]
        np.multiply(np.where(missing, 0.0, values), 100.0 * criterion.weight, out=points)
        contributions[criterion.name] = points
        score += points
        if criterion.enabled and criterion.missing == EXCLUDE:
            reasons.append((missing, f"{criterion.name} {unknown}"))
    # Weights summing to 1 can add up to 100.00000000000001 in floating point.
    np.minimum(score, 100.0, out=score)
    excluded = np.zeros(n, dtype=bool)
    for mask, _ in reasons:
        excluded |= mask
    reason_codes, reason_texts = combine_reasons(
        [m for m, _ in reasons], [r for _, r in reasons], n
    )
    names = [schema.SCORE, *(schema.CONTRIBUTION_PREFIX + c.name for c in scenario.criteria)]
    result = pd.DataFrame(block.T, index=metrics.index, columns=names, copy=False)
    result.insert(1, schema.RANK, rank_scores(score, excluded))
    result[schema.EXCLUDED] = excluded
    result[schema.EXCLUSION_REASON] = text_column(reason_texts, reason_codes)
    if explain:
        result[schema.EXPLANATION] = explain_parcels(
            metrics, scenario, contributions, score, reason_codes, reason_texts
        )
    log.debug("scored %d parcels, %d excluded", n, int(excluded.sum()))
    return result


def exclusion_masks(column: pd.Series, exclusion: Exclusion) -> tuple[np.ndarray, np.ndarray]:
    """Where the exclusion's condition holds on a known value, and where the value is known.

    Returns
    -------
    holds : numpy.ndarray of bool
        ``metric op value`` is true (False where the metric is unknown).
    known : numpy.ndarray of bool
    """
    if isinstance(exclusion.value, str) or (
        isinstance(exclusion.value, tuple)
        and exclusion.value
        and isinstance(exclusion.value[0], str)
    ):
        return _category_masks(column, exclusion)
    x = as_float(column)
    known = ~np.isnan(x)
    if exclusion.op == IN:
        holds = np.isin(x, np.asarray(exclusion.value, dtype=float))
    else:
        with np.errstate(invalid="ignore"):
            holds = _COMPARE[exclusion.op](x, exclusion.value)
    return holds & known, known


def _category_masks(column: pd.Series, exclusion: Exclusion) -> tuple[np.ndarray, np.ndarray]:
    """Compare each distinct category once, then spread the answer over the parcels."""
    codes, uniques = pd.factorize(pd.Series(column, copy=False), use_na_sentinel=True)
    labels = [str(u) for u in uniques]
    if isinstance(exclusion.value, tuple):  # op "in"
        answers = [label in exclusion.value for label in labels]
    else:
        answers = [bool(_COMPARE[exclusion.op](label, exclusion.value)) for label in labels]
    lookup = np.array([*answers, False], dtype=bool)
    return lookup[codes], codes >= 0


def combine_reasons(
    masks: Sequence[np.ndarray], texts: Sequence[str], n: int
) -> tuple[np.ndarray, list[str]]:
    """Per parcel an index into the distinct joined reason texts (``""`` = none).

    Parcels share few reason combinations, so each combination is joined once: the
    masks are packed into bit words, and the distinct words are looked up.
    """
    if not masks:
        return np.zeros(n, dtype=np.int64), [""]
    words = []
    for start in range(0, len(masks), 63):
        word = np.zeros(n, dtype=np.uint64)
        for bit, mask in enumerate(masks[start : start + 63]):
            word |= mask.astype(np.uint64) << np.uint64(bit)
        words.append(word)
    if len(words) == 1:
        codes, uniques = pd.factorize(words[0])
        combos = [[int(u)] for u in uniques.tolist()]
    else:
        stacked = np.stack(words, axis=1)
        uniq, codes = np.unique(stacked, axis=0, return_inverse=True)
        combos = [[int(v) for v in row] for row in uniq]
    joined = []
    for combo in combos:
        chosen = [
            texts[w * 63 + bit]
            for w, value in enumerate(combo)
            for bit in range(63)
            if value >> bit & 1
        ]
        joined.append(_REASON_SEPARATOR.join(dict.fromkeys(chosen)))
    return np.asarray(codes, dtype=np.int64).reshape(n), joined


def text_column(texts: Sequence[str], codes: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """A text column of ``texts[codes]``, converting each distinct text once."""
    return text_array(texts).take(codes)


def rank_scores(score: np.ndarray, excluded: np.ndarray) -> pd.arrays.IntegerArray:
    """1 for the best score among parcels not excluded; ties keep their table order."""
    order = np.argsort(-score, kind="stable")
    order = order[~excluded[order]]
    rank = np.zeros(len(score), dtype=np.int64)
    rank[order] = np.arange(1, len(order) + 1)
    return pd.arrays.IntegerArray(rank, excluded.copy())


def _check_columns(metrics: pd.DataFrame, scenario: Scenario) -> None:
    used = [(c.metric, f"criterion '{c.name}'") for c in scenario.criteria]
    used += [(e.metric, f"exclusion '{e.reason}'") for e in scenario.exclusions]
    for metric, user in used:
        if metric not in metrics.columns:
            raise ScenarioError(
                f"{user} uses metric '{metric}', which the metrics table lacks; "
                "recompute the metrics with this scenario's layers",
                path=scenario.path,
            )
    kinds = metric_kinds(scenario.layers)
    for metric, user in used:
        column = metrics[metric]
        if kinds.get(metric) == CATEGORY or pd.api.types.is_numeric_dtype(column.dtype):
            continue
        try:
            as_float(column)
        except (TypeError, ValueError):
            raise ScenarioError(
                f"{user}: metric '{metric}' holds text where numbers are expected",
                path=scenario.path,
            ) from None
