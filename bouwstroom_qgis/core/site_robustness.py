"""Robustness and stakeholder profiles for sites, through the parcels' weights.

A site's score rests on two sets of weights: the parcel criteria (through
``parcel_score``, the area-weighted mean score of its parcels) and the site criteria
(``[[site_criteria]]``). Both are uncertain, so a draw perturbs both, each set
renormalised on its own; a profile sets the parcel criteria's weights and keeps the
scenario's site criteria. Because a parcel's score is linear in the parcel weights, a
site's ``parcel_score`` is ``100 · Σ w_c · v̄_c`` with ``v̄_c`` the area-weighted mean
value of criterion ``c`` over its parcels: one matrix product per chunk of draws,
after which the site criteria's value functions apply as in
:func:`~bouwstroom_qgis.core.site_score.score_sites`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.profiles import profile_table, profile_weights
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.robustness import (
    MAX_BYTES,
    MAX_SCORE,
    Scorer,
    robustness_table,
    value_matrix,
)
from bouwstroom_qgis.core.scenario_model import EXCLUDE, Criterion, Scenario
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.core.site_score import _usable_criteria, site_metrics
from bouwstroom_qgis.core.value_functions import as_float, evaluate


def site_weight_robustness(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    metrics: pd.DataFrame,
    capacity: pd.DataFrame | None,
    scenario: Scenario,
    draws: int | None = None,
    spread: float | None = None,
    top_k: int | None = None,
    seed: int | None = None,
    *,
    report: Report | None = None,
    max_bytes: int = MAX_BYTES,
) -> pd.DataFrame:
    """Probability of staying in the top k and rank interval per site.

    Parameters
    ----------
    sites, membership, capacity
        As for :func:`~bouwstroom_qgis.core.site_score.score_sites`.
    metrics : pandas.DataFrame
        The parcels' metrics with ``parcel_id`` and ``area_m2`` (m²).
    scenario : Scenario
        Parcel and site criteria; ``[robustness]`` gives the defaults of the next
        four parameters (see :func:`~bouwstroom_qgis.core.robustness.weight_robustness`).
    report : Report, optional
        Receives the site criteria left out without a capacity table.

    Returns
    -------
    pandas.DataFrame
        Indexed like ``sites``: ``p_top_k``, ``rank_p05``, ``rank_p50``, ``rank_p95``;
        NaN / NA for excluded sites.
    """
    settings = scenario.robustness
    parcel_criteria = [c for c in scenario.criteria if c.enabled and c.weight > 0]
    model = _SiteModel(sites, membership, metrics, capacity, scenario, parcel_criteria, report)
    weights = np.array([c.weight for c in (*parcel_criteria, *model.site_criteria)])
    groups = np.repeat([0, 1], [len(parcel_criteria), len(model.site_criteria)])
    result = robustness_table(
        model.scorer(~model.excluded),
        weights,
        model.excluded,
        draws=settings.draws if draws is None else int(draws),
        spread=settings.spread if spread is None else float(spread),
        top_k=settings.top_k if top_k is None else int(top_k),
        seed=settings.seed if seed is None else int(seed),
        groups=groups,
        max_bytes=max_bytes,
    )
    result.index = sites.index
    return result


def site_profile_rankings(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    metrics: pd.DataFrame,
    capacity: pd.DataFrame | None,
    scenario: Scenario,
    top_k: int | None = None,
    *,
    report: Report | None = None,
) -> pd.DataFrame:
    """Per profile the sites' score and rank, and where all profiles agree.

    The columns are those of :func:`~bouwstroom_qgis.core.profiles.profile_rankings`,
    indexed like ``sites``.
    """
    parcel_criteria = [c for c in scenario.criteria if c.enabled]
    model = _SiteModel(sites, membership, metrics, capacity, scenario, parcel_criteria, report)
    parcel_weights = profile_weights(scenario.profiles, parcel_criteria, scenario)
    site_weights = np.array([c.weight for c in model.site_criteria])
    weights = np.hstack(
        [parcel_weights, np.broadcast_to(site_weights, (len(parcel_weights), len(site_weights)))]
    )
    k = scenario.robustness.top_k if top_k is None else int(top_k)
    names = [p.name for p in scenario.profiles]
    all_sites = np.ones(len(model.excluded), dtype=bool)
    result = profile_table(model.scorer(all_sites), weights, model.excluded, names, k)
    result.index = sites.index
    return result


class _SiteModel:
    """Site values that do not depend on the weights, and a scorer for weight sets."""

    def __init__(
        self,
        sites: pd.DataFrame,
        membership: pd.DataFrame,
        metrics: pd.DataFrame,
        capacity: pd.DataFrame | None,
        scenario: Scenario,
        parcel_criteria: list[Criterion],
        report: Report | None,
    ) -> None:
        report = report if report is not None else Report()
        scored = score_parcels(metrics, scenario, explain=False)
        parcels = pd.DataFrame(
            {
                s.PARCEL_ID: metrics[s.PARCEL_ID].to_numpy(),
                s.SCORE: scored[s.SCORE].to_numpy(),
                s.AREA: metrics[s.AREA].to_numpy(),
            }
        )
        table = site_metrics(sites, membership, parcels, capacity, report)
        self.site_criteria = list(
            _usable_criteria(scenario.sites.criteria, table, capacity is not None, report)
        )
        self.mean_values = _mean_values(sites, membership, metrics, parcel_criteria)
        self.on_score = [c.metric == s.PARCEL_SCORE for c in self.site_criteria]
        fixed = [c for c, on in zip(self.site_criteria, self.on_score, strict=True) if not on]
        self.fixed_values = value_matrix(table, fixed)
        base = [evaluate(c, table[c.metric]) for c in self.site_criteria if c.missing == EXCLUDE]
        self.excluded = np.zeros(len(sites), dtype=bool)
        for values in base:
            self.excluded |= np.isnan(values)
        self.n_parcel = len(parcel_criteria)

    def scorer(self, rows: np.ndarray) -> Scorer:
        """Scores of the sites in ``rows`` (a mask) for weight sets (d, parcel + site)."""
        mean_t = np.ascontiguousarray(self.mean_values[rows].T)
        fixed_t = np.ascontiguousarray(self.fixed_values[rows].T)
        known = ~np.isnan(mean_t[:1]) if len(mean_t) else np.ones((1, int(rows.sum())), bool)
        mean_t = np.nan_to_num(mean_t)
        criteria = self.site_criteria
        on_score = np.asarray(self.on_score, dtype=bool)
        n_parcel = self.n_parcel

        def score(weights: np.ndarray) -> np.ndarray:
            parcel_w, site_w = weights[:, :n_parcel], weights[:, n_parcel:]
            parcel_score = np.where(known, MAX_SCORE * (parcel_w @ mean_t), np.nan)
            total = site_w[:, ~on_score] @ fixed_t
            for j in np.flatnonzero(on_score):
                values = np.nan_to_num(evaluate(criteria[j], parcel_score), nan=0.0)
                total += site_w[:, j : j + 1] * values
            return MAX_SCORE * total

        return score


def _mean_values(
    sites: pd.DataFrame,
    membership: pd.DataFrame,
    metrics: pd.DataFrame,
    criteria: list[Criterion],
) -> np.ndarray:
    """Area-weighted mean value (unknown as 0) per site and parcel criterion; NaN rows for
    sites without a member of known area."""
    site = pd.Index(sites[s.SITE_ID]).get_indexer(membership[s.SITE_ID])
    parcel = pd.Index(metrics[s.PARCEL_ID]).get_indexer(membership[s.PARCEL_ID])
    keep = (site >= 0) & (parcel >= 0)
    site, parcel = site[keep], parcel[keep]
    area = as_float(metrics[s.AREA])[parcel]
    known = ~np.isnan(area)
    site, parcel, area = site[known], parcel[known], area[known]
    values = value_matrix(metrics, criteria)[parcel]
    total_area = np.bincount(site, weights=area, minlength=len(sites))
    means = np.full((len(sites), len(criteria)), np.nan)
    has = total_area > 0
    for j in range(len(criteria)):
        sums = np.bincount(site, weights=area * values[:, j], minlength=len(sites))
        means[has, j] = sums[has] / total_area[has]
    return means
