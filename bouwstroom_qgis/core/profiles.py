"""Stakeholder profiles side by side: each profile's score and rank, and where they agree.

A profile (``[profiles.gemeente]``, ``[profiles.corporatie]``, ``[profiles.bouwer]``, or
any other name) is a full set of criterion weights: what that stakeholder values.
Parcels are scored once per profile with the same value functions and the same hard
rules (exclusions and missing-data exclusions do not depend on weights), and a parcel
is *consensus* when every profile ranks it in its top k (``[robustness] top_k``).
``consensus_rank`` is the worst of its ranks over the profiles: sorting by it lists
first the parcels that every stakeholder puts high.

Criteria switched off for a live re-ranking are left out of every profile, and each
profile's remaining weights renormalised.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.robustness import MAX_SCORE, Scorer, linear_scorer, ranks, value_matrix
from bouwstroom_qgis.core.scenario_model import Criterion, Scenario
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.core.stream_settings import Profile

log = logging.getLogger(__name__)


def profile_rankings(
    metrics: pd.DataFrame,
    scenario: Scenario,
    top_k: int | None = None,
    *,
    scored: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Score and rank parcels per stakeholder profile, and mark where all agree.

    Parameters
    ----------
    metrics : pandas.DataFrame
        The parcels' metrics, as for :func:`~bouwstroom_qgis.core.scoring.score_parcels`.
    scenario : Scenario
        With ``[profiles.<name>]``; the criteria and exclusions are the scenario's.
    top_k : int, optional
        The consensus cut; default ``[robustness] top_k``.
    scored : pandas.DataFrame, optional
        The parcels already scored with this scenario (for ``excluded``).

    Returns
    -------
    pandas.DataFrame
        Indexed like ``metrics``: per profile ``score_<profile>`` (0..100) and
        ``rank_<profile>`` (Int64, 1 = best), then ``consensus`` (boolean: in the top k
        of every profile) and ``consensus_rank`` (Int64, the worst rank over the
        profiles); NA for excluded parcels, whose scores are kept for auditing.

    Raises
    ------
    ScenarioError
        When the scenario has no profiles, or a profile weighs only switched-off
        criteria.
    """
    criteria = [c for c in scenario.criteria if c.enabled]
    weights = profile_weights(scenario.profiles, criteria, scenario)
    if scored is None:
        scored = score_parcels(metrics, scenario, explain=False)
    excluded = scored[s.EXCLUDED].to_numpy(dtype=bool)
    values = value_matrix(metrics, criteria)
    k = scenario.robustness.top_k if top_k is None else int(top_k)
    names = [p.name for p in scenario.profiles]
    result = profile_table(linear_scorer(values), weights, excluded, names, k)
    result.index = metrics.index
    return result


def profile_weights(
    profiles: Sequence[Profile], criteria: Sequence[Criterion], scenario: Scenario
) -> np.ndarray:
    """Weights (profiles, criteria) over the given criteria, each row summing to 1."""
    if not profiles:
        raise ScenarioError(
            "the scenario has no stakeholder profiles: add [profiles.gemeente], "
            "[profiles.corporatie], [profiles.bouwer] with criterion weights (see the "
            "shipped scenario for an example)",
            path=scenario.path,
        )
    weights = np.array([[p.weights.get(c.name, 0.0) for c in criteria] for p in profiles])
    totals = weights.sum(axis=1)
    for profile, total in zip(profiles, totals, strict=True):
        if total <= 0:
            raise ScenarioError(
                f"profile '{profile.name}' weighs only criteria that are switched off",
                path=scenario.path,
            )
    return weights / totals[:, None]


def profile_table(
    scorer: Scorer,
    weights: np.ndarray,
    excluded: np.ndarray,
    names: Sequence[str],
    top_k: int,
) -> pd.DataFrame:
    """Scores, ranks and consensus for ``len(excluded)`` items under each weight row.

    ``scorer`` scores all items (excluded ones too, for auditing); the ranks count
    only the items not excluded.
    """
    if top_k < 1:
        raise ScenarioError(f"top_k = {top_k} must be 1 or more")
    scores = np.minimum(scorer(weights), MAX_SCORE)  # (profiles, n)
    included = np.flatnonzero(~excluded)
    order = ranks(scores[:, included])  # (profiles, m)
    result = pd.DataFrame(index=pd.RangeIndex(len(excluded)))
    n = len(excluded)
    for row, name in enumerate(names):
        rank = np.zeros(n, dtype=np.int64)
        rank[included] = order[row]
        result[s.PROFILE_SCORE_PREFIX + name] = scores[row]
        result[s.PROFILE_RANK_PREFIX + name] = pd.arrays.IntegerArray(rank, excluded.copy())
    worst = np.zeros(n, dtype=np.int64)
    worst[included] = order.max(axis=0) if len(names) else 0
    result[s.CONSENSUS] = pd.arrays.BooleanArray(worst <= top_k, excluded.copy())
    result[s.CONSENSUS_RANK] = pd.arrays.IntegerArray(worst, excluded.copy())
    result.attrs.update(top_k=top_k, profiles=list(names))
    log.debug(
        "profiles %s: %d of %d items in every top %d",
        ", ".join(names),
        int((worst[included] <= top_k).sum()),
        len(included),
        top_k,
    )
    return result
