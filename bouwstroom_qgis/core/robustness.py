"""How robust a ranking is: seeded Monte Carlo perturbation of the criterion weights.

Each draw multiplies every criterion weight by a factor drawn uniformly from
``[1 - spread, 1 + spread)`` and renormalises the weights to sum to 1, then ranks all
parcels (or sites) again. Per parcel the result is the share of draws that keep it in
the top k (``p_top_k``) and the 5th, 50th and 95th percentile of its rank.

Choices, documented for users:

- **Uniform factors, not a Dirichlet.** "Every weight may be up to 20 % off" is how
  people state their doubt about weights, and ``spread`` says exactly that; a
  Dirichlet's concentration parameter has no such reading. After renormalising, each
  weight's share moves a little less than ``spread``. Criteria with weight 0 stay 0.
- **Hard rules stay hard.** Exclusions and missing-data exclusions do not depend on the
  weights; excluded parcels have no rank in any draw (NaN / NA in the result).
- **Ties** (scores within 1e-9 points) rank in table order, as the scenario's own
  ranking does; with ``spread = 0`` every draw reproduces the base ranking.
- **Percentiles** are order statistics of the draws' ranks (the "inverted CDF"
  definition): ``rank_p05`` is the rank that 5 % of the draws reach or better.

The value-function values are computed once; a draw's scores are one matrix product,
computed for a chunk of draws at a time, and ranked with one sort per draw of unique
integer keys (score rounded to 1e-9 points, then table position). Ranks are kept per
draw up to ``max_bytes``; beyond that the draws are scored again for each block of
parcels, so memory stays bounded whatever the number of parcels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario_model import Criterion, Scenario
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.core.value_functions import evaluate

log = logging.getLogger(__name__)

Scorer = Callable[[np.ndarray], np.ndarray]  # weight draws (d, c) -> scores (d, m), points
RESOLUTION = 1e9  # scores are compared to 1e-9 points
MAX_SCORE = 100.0
CHUNK_BYTES = 64 * 2**20  # working memory per chunk of draws
MAX_BYTES = 512 * 2**20  # ranks kept per pass
PERCENTILES = ((s.RANK_P05, 0.05), (s.RANK_P50, 0.50), (s.RANK_P95, 0.95))
RESULT_COLUMNS = (s.P_TOP_K, s.RANK_P05, s.RANK_P50, s.RANK_P95)


@dataclass(frozen=True)
class RankSpread:
    """Per included item: share of draws in the top k and rank percentiles (1 = best)."""

    p_top_k: np.ndarray  # float64
    percentiles: dict[str, np.ndarray]  # column name -> int64 ranks


def weight_robustness(
    metrics: pd.DataFrame,
    scenario: Scenario,
    draws: int | None = None,
    spread: float | None = None,
    top_k: int | None = None,
    seed: int | None = None,
    *,
    scored: pd.DataFrame | None = None,
    max_bytes: int = MAX_BYTES,
) -> pd.DataFrame:
    """Probability of staying in the top k and rank interval per parcel under weight doubt.

    Parameters
    ----------
    metrics : pandas.DataFrame
        The parcels' metrics, as for :func:`~bouwstroom_qgis.core.scoring.score_parcels`.
    scenario : Scenario
        Criteria, weights and exclusions; ``[robustness]`` gives the defaults of the
        next four parameters.
    draws : int, optional
        Number of perturbed weight sets.
    spread : float, optional
        Relative spread of each weight, ``0 <= spread < 1`` (0.2 = ±20 %).
    top_k : int, optional
        Size of the shortlist whose membership is counted.
    seed : int, optional
        The same seed gives the same draws and the same result.
    scored : pandas.DataFrame, optional
        The parcels already scored with this scenario (for their ``excluded`` column);
        scored again when absent.
    max_bytes : int
        Memory for the ranks kept at once (bytes).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``metrics``: ``p_top_k`` (0..1), ``rank_p05``, ``rank_p50``,
        ``rank_p95`` (Int64); NaN / NA for excluded parcels. ``attrs`` holds the
        draws, spread, top_k and seed used.
    """
    settings = scenario.robustness
    draws = settings.draws if draws is None else int(draws)
    spread = settings.spread if spread is None else float(spread)
    top_k = settings.top_k if top_k is None else int(top_k)
    seed = settings.seed if seed is None else int(seed)
    criteria = [c for c in scenario.criteria if c.enabled and c.weight > 0]
    values = value_matrix(metrics, criteria)
    if scored is None:
        scored = score_parcels(metrics, scenario, explain=False)
    excluded = scored[s.EXCLUDED].to_numpy(dtype=bool)
    weights = np.array([c.weight for c in criteria])
    result = robustness_table(
        linear_scorer(values[~excluded]),
        weights,
        excluded,
        draws=draws,
        spread=spread,
        top_k=top_k,
        seed=seed,
        max_bytes=max_bytes,
    )
    result.index = metrics.index
    return result


def value_matrix(metrics: pd.DataFrame, criteria: list[Criterion]) -> np.ndarray:
    """Values 0..1 per row and criterion, unknown as 0 (the missing-data rule excludes
    or scores the worst, as in scoring), as an (n, c) float64 array."""
    for c in criteria:
        if c.metric not in metrics.columns:
            raise ScenarioError(
                f"criterion '{c.name}' uses metric '{c.metric}', which the table lacks"
            )
    values = np.empty((len(metrics), len(criteria)))
    for j, criterion in enumerate(criteria):
        values[:, j] = evaluate(criterion, metrics[criterion.metric])
    return np.nan_to_num(values, nan=0.0, copy=False)


def linear_scorer(values: np.ndarray) -> Scorer:
    """Scores (points) of ``values`` (m, c) under weight draws (d, c): ``100 W Vᵀ``."""
    transposed = np.ascontiguousarray(values.T)

    def score(weights: np.ndarray) -> np.ndarray:
        return MAX_SCORE * (weights @ transposed)

    return score


def robustness_table(
    scorer: Scorer,
    weights: np.ndarray,
    excluded: np.ndarray,
    *,
    draws: int,
    spread: float,
    top_k: int,
    seed: int,
    groups: np.ndarray | None = None,
    max_bytes: int = MAX_BYTES,
) -> pd.DataFrame:
    """The result table for ``len(excluded)`` items; the scorer scores the included ones."""
    _check(draws, spread, top_k)
    n = len(excluded)
    included = np.flatnonzero(~excluded)
    draws_w = draw_weights(weights, draws, spread, seed, groups)
    spread_ = rank_spread(scorer, draws_w, len(included), top_k, max_bytes)
    p_top = np.full(n, np.nan)
    p_top[included] = spread_.p_top_k
    result = pd.DataFrame({s.P_TOP_K: p_top})
    for name, ranks in spread_.percentiles.items():
        column = np.zeros(n, dtype=np.int64)
        column[included] = ranks
        result[name] = pd.arrays.IntegerArray(column, excluded.copy())
    result.attrs.update(draws=draws, spread=spread, top_k=top_k, seed=seed)
    log.debug("robustness: %d draws over %d of %d items", draws, len(included), n)
    return result


def draw_weights(
    weights: np.ndarray,
    draws: int,
    spread: float,
    seed: int,
    groups: np.ndarray | None = None,
) -> np.ndarray:
    """``draws`` perturbed weight sets (draws, c), each group of criteria summing to 1.

    ``groups`` labels the criteria renormalised together (e.g. parcel criteria and
    site criteria); by default all form one group.
    """
    weights = np.asarray(weights, dtype=float)
    rng = np.random.default_rng(seed)
    factors = rng.uniform(1.0 - spread, 1.0 + spread, size=(draws, len(weights)))
    drawn = weights * factors
    labels = np.zeros(len(weights), dtype=np.int64) if groups is None else np.asarray(groups)
    for group in np.unique(labels):
        members = labels == group
        drawn[:, members] /= drawn[:, members].sum(axis=1, keepdims=True)
    return drawn


def rank_spread(
    scorer: Scorer, weight_draws: np.ndarray, m: int, top_k: int, max_bytes: int = MAX_BYTES
) -> RankSpread:
    """Top-k share and rank percentiles of ``m`` items over the weight draws."""
    draws = len(weight_draws)
    if m == 0:
        empty = np.zeros(0, dtype=np.int64)
        return RankSpread(np.zeros(0), {name: empty for name, _ in PERCENTILES})
    chunk = int(max(1, min(draws, CHUNK_BYTES // (m * 8 * 3))))
    block = int(max(1, min(m, max_bytes // (draws * 4))))
    p_top = np.empty(m)
    percentiles = {name: np.empty(m, dtype=np.int64) for name, _ in PERCENTILES}
    kth = [_order_statistic(q, draws) for _, q in PERCENTILES]
    for first in range(0, m, block):  # one pass unless the ranks outgrow max_bytes
        columns = slice(first, min(first + block, m))
        kept = np.empty((draws, columns.stop - first), dtype=np.int32)
        for start in range(0, draws, chunk):
            rows = slice(start, min(start + chunk, draws))
            kept[rows] = ranks(scorer(weight_draws[rows]))[:, columns]
        p_top[columns] = np.count_nonzero(kept <= top_k, axis=0) / draws
        for sub in range(0, kept.shape[1], 8192):
            # Each item's draws as one contiguous row: a (SIMD) sort per row beats
            # partitioning along the strided draw axis.
            part = np.sort(np.ascontiguousarray(kept[:, sub : sub + 8192].T), axis=1)
            for (name, _), k in zip(PERCENTILES, kth, strict=True):
                percentiles[name][first + sub : first + sub + len(part)] = part[:, k]
    return RankSpread(p_top, percentiles)


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank per row of a (d, m) score array: 1 = highest; ties in column order.

    Scores are capped at 100 (as scoring does) and rounded to 1e-9 points; the sort
    key ``-rounded * m + column`` is unique, so a plain (SIMD) sort gives the stable
    order, and each sorted key names its column (``key mod m``): sorting the keys
    themselves is twice as fast as sorting their positions.
    """
    d, m = scores.shape
    rounded = np.rint(np.minimum(scores, MAX_SCORE) * RESOLUTION).astype(np.int64)
    if m == 0:
        return np.empty((d, 0), dtype=np.int32)
    if m * (MAX_SCORE * RESOLUTION + 1) < np.iinfo(np.int64).max:
        keys = rounded * -m + np.arange(m, dtype=np.int64)
        keys.sort(axis=1)
        order = np.remainder(keys, m, out=keys)
    else:  # more items than unique keys can hold: a stable sort on the rounded score
        order = np.argsort(-rounded, axis=1, kind="stable")
    result = np.empty((d, m), dtype=np.int32)
    positions = np.broadcast_to(np.arange(1, m + 1, dtype=np.int32), (d, m))
    np.put_along_axis(result, order, positions, axis=1)
    return result


def _order_statistic(q: float, draws: int) -> int:
    """Index of the ``q`` quantile among ``draws`` sorted values (inverted CDF)."""
    return int(min(max(np.ceil(q * draws) - 1, 0), draws - 1))


def _check(draws: int, spread: float, top_k: int) -> None:
    if draws < 1:
        raise ScenarioError(f"draws = {draws}: give at least 1 draw (500 is usual)")
    if not 0 <= spread < 1:
        raise ScenarioError(f"spread = {spread:g} must be at least 0 and below 1")
    if top_k < 1:
        raise ScenarioError(f"top_k = {top_k} must be 1 or more")
