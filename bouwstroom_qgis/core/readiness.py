"""When a site can start: its earliest start quarter from plan status, zoning and owner.

Quarters are counted from the scenario's start quarter (index 0, e.g. ``2026-Q1``)::

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

import re

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_rules import ReadinessRules
from bouwstroom_qgis.core.errors import InputError

_QUARTER = re.compile(r"^\s*(\d{4})\s*-\s*[Qq]([1-4])\s*$")


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


def parse_quarter(text: str) -> tuple[int, int]:
    """``"2027-Q1"`` -> ``(2027, 1)``.

    Raises
    ------
    ValueError
        When the text is not ``YYYY-Qn`` with n in 1..4.
    """
    found = _QUARTER.match(text)
    if not found:
        raise ValueError(f"'{text}' is no quarter; write it as 2026-Q1 (year, Q, 1 to 4)")
    return int(found.group(1)), int(found.group(2))


def quarter_label(start: str, index: int) -> str:
    """The label of the quarter ``index`` quarters after ``start``.

    Examples
    --------
    >>> quarter_label("2026-Q3", 0), quarter_label("2026-Q3", 2), quarter_label("2026-Q3", 9)
    ('2026-Q3', '2027-Q1', '2028-Q4')
    """
    year, quarter = parse_quarter(start)
    year_offset, q = divmod(quarter - 1 + int(index), 4)
    return f"{year + year_offset}-Q{q + 1}"


def quarter_labels(start: str, indices: pd.Series | np.ndarray) -> pd.Series:
    """:func:`quarter_label` for many indices at once (null stays null)."""
    values = pd.Series(indices, copy=False)
    year, quarter = parse_quarter(start)
    known = values.notna().to_numpy()
    steps = values.to_numpy(dtype=float, na_value=np.nan)
    total = np.where(known, quarter - 1 + steps, 0).astype(np.int64)
    years, qs = np.divmod(total, 4)
    texts = pd.Series((year + years).astype(str), index=values.index, dtype="str") + pd.Series(
        np.char.add("-Q", (qs + 1).astype(str)), index=values.index, dtype="str"
    )
    return texts.where(known, None)


def _text(sites: pd.DataFrame, column: str, n: int) -> np.ndarray:
    """Lower-case stripped text per site, None where unknown or the column is absent."""
    if column not in sites.columns:
        return np.full(n, None, dtype=object)
    values = pd.Series(sites[column], copy=False).astype("str").str.strip().str.lower()
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
