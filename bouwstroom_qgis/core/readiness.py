"""When a site can start: its earliest start quarter from plan status, zoning and owner.

Quarters are counted from the stream's start quarter (``[stream] start``, index 0)::

    ready = plan delay + owner delay

- plan delay: the scenario's delay for the site's ``plan_status`` (by default
  vastgesteld and geconsolideerd 0, ontwerp 2, voorontwerp and concept 4), or the
  ``unknown`` delay (default 8) when the status is unknown or the zoning must change
  first: the site's ``residential_share`` is unknown or below the threshold (0.5);
- owner delay: 0 for the owner types that hold the land for the stream (corporatie,
  gemeente), the scenario's owner delay (default 4) for every other or unknown owner
  type, the time to acquire the land.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_rules import ReadinessRules
from bouwstroom_qgis.core.compat import as_text
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.stream_settings import Quarter


def readiness(sites: pd.DataFrame, rules: ReadinessRules) -> pd.Series:
    """Each site's earliest start quarter, as quarters after the start quarter.

    Parameters
    ----------
    sites : pandas.DataFrame
        Optional columns ``plan_status`` (IMRO plan status), ``residential_share``
        (0..1) and ``owner_type``; an absent column counts as unknown for every site.
    rules : ReadinessRules

    Returns
    -------
    pandas.Series
        int64 quarter indices (0 = ready at the start), indexed like ``sites``,
        named ``ready_quarter``.

    Raises
    ------
    InputError
        A plan status that is no IMRO plan status.
    """
    n = len(sites)
    status = _text(sites, s.PLAN_STATUS, n)
    known_status = pd.Series(status).dropna().unique()
    unknown_codes = sorted(set(known_status) - set(s.PLAN_STATUSES))
    if unknown_codes:
        raise InputError(
            f"plan_status '{unknown_codes[0]}' is no IMRO plan status",
            layer="sites",
            hint=f"use one of {', '.join(s.PLAN_STATUSES)} or leave it empty when unknown",
        )
    delay_of = {k: int(rules.status_delay.get(k, rules.unknown_delay)) for k in s.PLAN_STATUSES}
    plan = pd.Series(status).map(delay_of).to_numpy(dtype=float, na_value=np.nan)
    share = _number(sites, s.RESIDENTIAL_SHARE, n)
    change = np.isnan(share) | (share < rules.zoning_change_below)
    plan = np.where(np.isnan(plan) | change, rules.unknown_delay, plan)
    owner_type = _text(sites, s.OWNER_TYPE, n)
    ready_owner = pd.Series(owner_type).isin(rules.ready_owner_types).to_numpy()
    owner = np.where(ready_owner, 0, rules.owner_delay)
    return pd.Series(
        (plan + owner).astype(np.int64), index=sites.index, name="ready_quarter", copy=False
    )


def quarter_label(start: Quarter | None, index: int) -> str:
    """The label of the quarter ``index`` quarters after ``start``.

    Without a start quarter (the scenario's ``[stream] start``) the label counts
    quarters: ``"quarter +8"``.

    Examples
    --------
    >>> start = Quarter(2026, 3)
    >>> quarter_label(start, 0), quarter_label(start, 2), quarter_label(None, 9)
    ('2026-Q3', '2027-Q1', 'quarter +9')
    """
    return start.shifted(int(index)).label if start is not None else f"quarter +{int(index)}"


def quarter_labels(start: Quarter | None, indices: pd.Series) -> pd.Series:
    """:func:`quarter_label` for many indices at once (null stays null)."""
    values = pd.Series(indices, copy=False)
    known = values.notna().to_numpy()
    steps = np.where(known, values.to_numpy(dtype=float, na_value=np.nan), 0).astype(np.int64)
    if start is None:
        texts = np.char.add("quarter +", steps.astype(str))
    else:
        years, quarters = np.divmod(start.number + steps, 4)
        texts = np.char.add(np.char.add(years.astype(str), "-Q"), (quarters + 1).astype(str))
    return pd.Series(texts, index=values.index, dtype="str").where(known, None)


def _text(sites: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """Lower-case stripped text per site, None where unknown or the column is absent."""
    if column not in sites.columns:
        return np.full(n, None, dtype=object)
    values = as_text(pd.Series(sites[column], copy=False)).str.strip().str.lower()
    return values.where(values.notna() & (values != ""), None).to_numpy(dtype=object)


def _number(sites: pd.DataFrame, column: str, n: int) -> np.ndarray:
    if column not in sites.columns:
        return np.full(n, np.nan)
    given = pd.Series(sites[column], copy=False)
    values = pd.to_numeric(given, errors="coerce")
    bad = values.isna() & given.notna()
    if bad.any():
        raise InputError(
            f"{column} '{given[bad].iloc[0]}' is not a number",
            layer="sites",
            hint="give a share between 0 and 1, or leave it empty when unknown",
        )
    return values.to_numpy(dtype=float, na_value=np.nan)
