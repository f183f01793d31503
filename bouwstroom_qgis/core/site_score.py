"""Scores per site: the member parcels' mean score plus capacity criteria, explained.

A site's ``parcel_score`` is the area-weighted mean score of its parcels. The
scenario's ``[[site_criteria]]`` turn that and the capacity (homes of the best concept,
per concept, density) into points like the parcel criteria do: each criterion adds
``100 * weight * value`` points, so the contributions ``c_<criterion>`` add up to the
score, and each site gets one readable line in Dutch or English::

    78,4 punten: percelen 38,4/60 (gemiddeld 64,0), woningen 40,0/40 (24 woningen, rijwoning)

Without a capacity table (sites assembled, capacity not yet computed), criteria on
capacity are left out and the other weights renormalised; the report says so.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.compat import as_text
from bouwstroom_qgis.core.errors import InputError, ScenarioError
from bouwstroom_qgis.core.explain import Piece, join_pieces, phrase
from bouwstroom_qgis.core.phrases import decimal, max_points, short_number, square_metres
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario_model import CATEGORY, EXCLUDE, Criterion, SiteRules
from bouwstroom_qgis.core.scenario_sites import (
    HOMES,
    HOMES_PREFIX,
    SITE_METRICS,
    is_capacity_metric,
)
from bouwstroom_qgis.core.scoring import combine_reasons, rank_scores
from bouwstroom_qgis.core.value_functions import as_float, evaluate

log = logging.getLogger(__name__)

BEST_CONCEPT = "best_concept"  # capacity table: the concept giving the most homes

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "mean": "gemiddeld",
        "homes": "woningen",
        "parcels": "percelen",
        "residential": "wonen",
        "too_small": "te klein",
        "at_least": "minimaal",
    },
    "en": {
        "mean": "mean",
        "homes": "homes",
        "parcels": "parcels",
        "residential": "residential",
        "too_small": "too small",
        "at_least": "at least",
    },
}
Labeller = Callable[[float], str]


def score_sites(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    parcels: pd.DataFrame,
    capacity: pd.DataFrame | None,
    rules: SiteRules,
    *,
    language: str = "nl",
    report: Report | None = None,
) -> pd.DataFrame:
    """Score, rank and explain every site.

    Parameters
    ----------
    sites : pandas.DataFrame
        From :func:`core.sites.assemble_sites`: ``site_id``, ``area_m2``, ``n_parcels``,
        ``too_small`` and the other site columns criteria may use.
    membership : pandas.DataFrame
        ``parcel_id``, ``site_id`` (from the same assembly).
    parcels : pandas.DataFrame
        The scored parcels: ``parcel_id``, ``score`` (0..100) and ``area_m2`` (m², the
        weight of each parcel's score).
    capacity : pandas.DataFrame or None
        One row per site: ``site_id``, ``homes`` (best concept), ``best_concept``,
        ``homes_<concept>`` per concept and optionally ``density`` (homes/ha) and
        ``buildable_m2``. ``None`` leaves the capacity criteria out.
    rules : SiteRules
        The scenario's ``[sites]`` and ``[[site_criteria]]``.
    language : {"nl", "en"}
    report : Report, optional
        Receives what was left out.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``sites``: ``site_id``, ``parcel_score``, ``score`` (0..100),
        ``rank`` (1 = best, <NA> when excluded; ties in ``sites`` order),
        ``c_<criterion>`` per criterion, ``excluded`` and ``explanation``.

    Raises
    ------
    InputError
        Members missing from ``parcels``, or a site twice in ``capacity``.
    ScenarioError
        A criterion uses a column the tables lack, or no criterion is left to score.
    """
    report = report if report is not None else Report()
    metrics = site_metrics(sites, membership, parcels, capacity, report)
    criteria = _usable_criteria(rules.criteria, metrics, capacity is not None, report)
    n = len(metrics)
    block = np.zeros((1 + len(criteria), n))
    score = block[0]
    masks, texts = [], []
    unknown = phrase(language, "unknown")
    for row, criterion in enumerate(criteria, start=1):
        values = evaluate(criterion, metrics[criterion.metric])
        missing = np.isnan(values)
        np.multiply(np.where(missing, 0.0, values), 100.0 * criterion.weight, out=block[row])
        score += block[row]
        if criterion.missing == EXCLUDE:
            masks.append(missing)
            texts.append(f"{criterion.name} {unknown}")
    np.minimum(score, 100.0, out=score)  # weights summing to 1 may add up to 100.00000000001
    excluded = np.zeros(n, dtype=bool)
    for mask in masks:
        excluded |= mask
    codes, reasons = combine_reasons(masks, texts, n)
    names = [s.SCORE, *(s.CONTRIBUTION_PREFIX + c.name for c in criteria)]
    result = pd.DataFrame(block.T, index=sites.index, columns=names)
    result.insert(0, s.SITE_ID, sites[s.SITE_ID].to_numpy())
    result.insert(1, s.PARCEL_SCORE, metrics[s.PARCEL_SCORE].to_numpy())
    result.insert(3, s.RANK, rank_scores(score, excluded))
    result[s.EXCLUDED] = excluded
    result[s.EXPLANATION] = explain_sites(
        metrics, criteria, block[1:], score, codes, reasons, rules, language
    )
    log.debug("scored %d sites, %d excluded", n, int(excluded.sum()))
    return result


def site_metrics(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    parcels: pd.DataFrame,
    capacity: pd.DataFrame | None,
    report: Report,
) -> pd.DataFrame:
    """The sites' own columns, ``parcel_score`` and the capacity columns, in ``sites`` order."""
    _check_columns(sites, membership, parcels, capacity)
    site_index = pd.Index(sites[s.SITE_ID])
    parcel_index = pd.Index(parcels[s.PARCEL_ID])
    site = site_index.get_indexer(membership[s.SITE_ID])
    parcel = parcel_index.get_indexer(membership[s.PARCEL_ID])
    for positions, key, what in ((site, s.SITE_ID, "sites"), (parcel, s.PARCEL_ID, "parcels")):
        if (positions < 0).any():
            first = membership[key].to_numpy()[np.flatnonzero(positions < 0)[0]]
            raise InputError(
                f"{key} '{first}' of the site membership is not among the {what}",
                hint="score sites with the parcels and sites of the same run",
            )
    weight = as_float(parcels[s.AREA])[parcel]
    points = as_float(parcels[s.SCORE])[parcel]
    known = ~np.isnan(points) & ~np.isnan(weight)
    total = np.bincount(site[known], weights=(weight * points)[known], minlength=len(sites))
    weights = np.bincount(site[known], weights=weight[known], minlength=len(sites))
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(weights > 0, total / weights, np.nan)
    own = [c for c in SITE_METRICS if c in sites.columns and not is_capacity_metric(c)]
    metrics = pd.DataFrame({c: sites[c].to_numpy() for c in own}, index=sites.index)
    metrics[s.PARCEL_SCORE] = mean
    metrics[s.TOO_SMALL] = (
        sites[s.TOO_SMALL].to_numpy(dtype=bool) if s.TOO_SMALL in sites else False
    )
    if capacity is None:
        return metrics
    return _with_capacity(metrics, site_index, capacity, report)


def _check_columns(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    parcels: pd.DataFrame,
    capacity: pd.DataFrame | None,
) -> None:
    for table, columns, what in (
        (sites, (s.SITE_ID,), "sites table"),
        (membership, (s.PARCEL_ID, s.SITE_ID), "site membership table"),
        (parcels, (s.PARCEL_ID, s.SCORE, s.AREA), "parcels table"),
        (
            capacity if capacity is not None else pd.DataFrame({s.SITE_ID: []}),
            (s.SITE_ID,),
            "capacity table",
        ),
    ):
        absent = [c for c in columns if c not in table.columns]
        if absent:
            raise InputError(
                f"the {what} lacks the column '{absent[0]}' that site scores need",
                hint="score the parcels and assemble the sites first",
            )


def _with_capacity(
    metrics: pd.DataFrame, site_index: pd.Index, capacity: pd.DataFrame, report: Report
) -> pd.DataFrame:
    ids = capacity[s.SITE_ID]
    if ids.duplicated().any():
        raise InputError(
            f"site '{ids[ids.duplicated()].iloc[0]}' appears twice in the capacity table",
            hint="give one row per site, with homes_<concept> columns per concept",
        )
    rows = pd.Index(ids).get_indexer(site_index)
    stray = int((~ids.isin(site_index)).sum())
    if stray:
        report.warn("site capacity", "rows for sites that are not among the sites", stray)
    for column in capacity.columns:
        if column == s.SITE_ID or column in metrics.columns:
            continue
        if pd.api.types.is_numeric_dtype(capacity[column].dtype):
            metrics[column] = np.where(rows >= 0, as_float(capacity[column])[rows], np.nan)
        else:
            values = capacity[column].to_numpy(dtype=object)
            metrics[column] = np.where(rows >= 0, values[rows], None)
    return metrics


def _usable_criteria(
    criteria: tuple[Criterion, ...], metrics: pd.DataFrame, has_capacity: bool, report: Report
) -> tuple[Criterion, ...]:
    """The criteria to score with, renormalised when capacity criteria had to be left out."""
    if not has_capacity:
        left_out = [c.name for c in criteria if is_capacity_metric(c.metric)]
        kept = [c for c in criteria if not is_capacity_metric(c.metric)]
        if left_out:
            report.warn(
                "site score",
                f"no capacity computed: site criteria {', '.join(left_out)} left out, "
                "the other weights renormalised",
            )
        total = sum(c.weight for c in kept)
        if not kept or total <= 0:
            raise ScenarioError(
                "every site criterion needs the capacity per site; compute the capacity "
                "first or add a site criterion on parcel_score"
            )
        criteria = tuple(dataclasses.replace(c, weight=c.weight / total) for c in kept)
    for c in criteria:
        if c.metric in metrics.columns:
            continue
        if not is_capacity_metric(c.metric):
            raise ScenarioError(
                f"site criterion '{c.name}' uses '{c.metric}', which the sites table lacks; "
                "assemble the sites again"
            )
        concepts = sorted(m for m in metrics.columns if m.startswith(HOMES_PREFIX))
        raise ScenarioError(
            f"site criterion '{c.name}' uses '{c.metric}', which the capacity table "
            f"lacks; it has {', '.join(concepts) or 'no homes_<concept> columns'}"
        )
    return criteria


def explain_sites(
    metrics: pd.DataFrame,
    criteria: tuple[Criterion, ...],
    points: np.ndarray,
    score: np.ndarray,
    reason_codes: np.ndarray,
    reason_texts: list[str],
    rules: SiteRules,
    language: str,
) -> pd.api.extensions.ExtensionArray:
    """One line per site: total, then ``name points/max (value)`` per criterion, then flags."""
    words = WORDS.get(language, WORDS["en"])
    shown = [(c, row) for c, row in zip(criteria, points, strict=True) if c.weight > 0]
    head_codes, tenths = pd.factorize(np.rint(score * 10).astype(np.int64))
    head_end = ": " if shown else ""
    head: Piece = (
        head_codes,
        [
            f"{decimal(t / 10, 1, language)} {phrase(language, 'points')}{head_end}"
            for t in tenths.tolist()
        ],
    )
    pieces = [_piece(metrics, c, row, i > 0, language) for i, (c, row) in enumerate(shown)]
    small = metrics[s.TOO_SMALL].to_numpy(dtype=bool)
    area_codes, area_labels = _labels(metrics, s.AREA, language)
    small_codes = np.where(small, area_codes + 1, 0)
    minimum = square_metres(rules.min_area)
    small_texts = [
        "",
        *(f"; {words['too_small']}: {a} ({words['at_least']} {minimum})" for a in area_labels),
    ]
    excluded = phrase(language, "excluded")
    tail = [f"; {excluded}: {t}" if t else "" for t in reason_texts]
    return join_pieces([head, *pieces, (small_codes, small_texts), (reason_codes, tail)])


def _piece(
    metrics: pd.DataFrame, criterion: Criterion, points: np.ndarray, separator: bool, language: str
) -> Piece:
    codes, labels = _labels(metrics, criterion.metric, language)
    shown = [phrase(language, "unknown"), *labels]
    tenths = np.rint(points * 10).astype(np.int64)
    keys, uniques = pd.factorize(tenths * len(shown) + codes + 1)
    maximum = max_points(criterion.weight * 100, language)
    prefix = ", " if separator else ""
    texts = []
    for key in uniques.tolist():
        tenth, label = divmod(key, len(shown))
        got = decimal(tenth / 10, 1, language)
        texts.append(f"{prefix}{criterion.name} {got}/{maximum} ({shown[label]})")
    return keys, texts


def _labels(metrics: pd.DataFrame, metric: str, language: str) -> tuple[np.ndarray, list[str]]:
    """Per site an index into readable labels of its rounded metric value (-1 unknown)."""
    column = metrics[metric]
    if SITE_METRICS.get(metric) == CATEGORY:
        codes, uniques = pd.factorize(pd.Series(column, copy=False), use_na_sentinel=True)
        return codes, [str(u) for u in uniques]
    words = WORDS.get(language, WORDS["en"])
    x = as_float(column)
    labeller: Labeller
    if metric == HOMES and BEST_CONCEPT in metrics.columns:
        concept = as_text(pd.Series(metrics[BEST_CONCEPT], copy=False))
        text = (
            pd.Series(np.rint(x), index=metrics.index).astype("Int64").astype("str")
            + f" {words['homes']}"
            + (", " + concept).where(concept.notna() & (np.rint(x) > 0), "")
        )
        codes, uniques = pd.factorize(text.where(~np.isnan(x)), use_na_sentinel=True)
        return codes, [str(u) for u in uniques]
    if metric == HOMES or metric.startswith(HOMES_PREFIX):
        keys, labeller = np.rint(x), lambda k: f"{k:.0f} {words['homes']}"
    elif metric == "density":
        keys, labeller = np.rint(x), lambda k: f"{k:.0f} {words['homes']}/ha"
    elif metric == s.PARCEL_SCORE:
        keys, labeller = np.round(x, 1), lambda k: f"{words['mean']} {decimal(k, 1, language)}"
    elif metric == s.RESIDENTIAL_SHARE:
        keys, labeller = np.rint(x * 100), lambda k: f"{k:.0f}% {words['residential']}"
    elif metric == s.N_PARCELS:
        keys, labeller = x, lambda k: f"{k:.0f} {words['parcels']}"
    elif metric.endswith("_m2"):
        step = np.where(x < 1000, 1.0, np.where(x < 10000, 10.0, 100.0))
        keys, labeller = np.rint(x / step) * step, square_metres
    else:
        keys, labeller = np.round(x, 2), lambda k: short_number(k, language)
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    return codes, [labeller(u) for u in uniques.tolist()]
