"""The build stream plan: bundles put into production per concept line, quarter by quarter.

Choices, documented for users:

- **One production line per concept.** Every distinct value of the bundles' ``concept``
  (a concept, or a concept family when bundles are made per family) is a line of its
  own, running in parallel with the others at its own rate from ``[stream] rate``
  (homes started per quarter). A capacity shared over concepts is not modelled: the
  rates are per concept because concept homes come from their own factory line or crew.
- **Order on a line: earliest quarter, then bundle id.** Taking the bundle that is ready
  first never leaves a line idle while a bundle is ready, and no order gives fewer idle
  quarters (earliest-ready-first is optimal for one line with ready dates). A line
  stands still only when no bundle is ready yet, or for the ``gap`` the scenario asks
  for between two bundles.
- **Whole quarters.** A bundle takes ``ceil(homes / rate)`` quarters: the line's rate
  in each, the rest in the last (a partial quarter). The next bundle on the line starts
  the quarter after, plus ``gap`` quarters; a negative ``gap`` lets it start that many
  quarters before, above the line's rate there (the notes say where).
- **Never before the earliest quarter.** A bundle ready before the stream's start
  quarter starts at the start quarter.
- **A horizon, when asked.** With ``horizon = 40`` the plan looks ten years ahead: a
  bundle whose start would fall at or beyond it is left out of the plan and listed in
  ``beyond`` and the notes (a bundle started within the horizon is planned whole).

Quarters are numbered from the scenario's start quarter (0 = e.g. ``2027-Q1``) and
labelled ``YYYY-Qn``.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError, ScenarioError
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings
from bouwstroom_qgis.core.stream_table import (
    bundle_table,
    line_summary,
    quarter_labels,
    schedule_notes,
)

log = logging.getLogger(__name__)

BUNDLE_COLUMNS = (s.BUNDLE_ID, s.CONCEPT, s.HOMES, s.EARLIEST_QUARTER)
DURATION = "quarters"  # quarters a bundle takes on its line
WAIT = "wait"  # quarters a ready bundle waits for its line
SCHEDULE_COLUMNS = (
    s.BUNDLE_ID,
    s.CONCEPT,
    s.HOMES,
    s.RATE,
    s.EARLIEST_QUARTER,
    s.START_QUARTER,
    s.END_QUARTER,
    s.START_LABEL,
    s.END_LABEL,
    DURATION,
    WAIT,
    s.IDLE_BEFORE,
)
_BUNDLES = "bundles"
_HINT = "give one row per bundle with bundle_id, concept, homes and earliest_quarter"


@dataclass(frozen=True)
class StreamPlan:
    """A build stream plan.

    Attributes
    ----------
    schedule : pandas.DataFrame
        One row per bundle, by start quarter, concept and bundle id: ``bundle_id``,
        ``concept``, ``homes``, ``rate`` (homes per quarter), ``earliest_quarter`` (as
        given, 0 = the start quarter), ``start_quarter``, ``end_quarter`` (inclusive),
        ``start_label``, ``end_label`` (``YYYY-Qn``), ``quarters`` (duration),
        ``wait`` (quarters between ready and start) and ``idle_before`` (quarters the
        line stood still just before the bundle; 0 for a line's first bundle).
    table : pandas.DataFrame
        Homes started per quarter, concept and bundle: ``quarter``, ``quarter_label``,
        ``concept``, ``bundle_id``, ``homes``; per bundle they add up to its homes.
    lines : pandas.DataFrame
        One row per concept line: ``concept``, ``rate``, ``bundles``, ``homes``,
        ``first_quarter``, ``last_quarter``, their labels, ``busy_quarters`` and
        ``idle_quarters``.
    notes : tuple of str
        What a planner should know: idle quarters and why, waiting bundles, rates
        that no bundle uses, the default rate where it applied.
    start : Quarter
        Quarter 0.
    beyond : tuple of str
        Bundle ids that would start at or beyond the horizon: not in the plan.
    """

    schedule: pd.DataFrame
    table: pd.DataFrame
    lines: pd.DataFrame
    notes: tuple[str, ...]
    start: Quarter
    beyond: tuple[str, ...] = ()

    @property
    def idle_quarters(self) -> dict[str, int]:
        """Idle quarters per concept line, between its first start and its last end."""
        return dict(zip(self.lines[s.CONCEPT], self.lines["idle_quarters"].tolist(), strict=True))


def plan_stream(
    bundles: pd.DataFrame, settings: StreamSettings, catalogue: Collection[str] | None = None
) -> StreamPlan:
    """Schedule bundles so that each concept line produces continuously.

    Parameters
    ----------
    bundles : pandas.DataFrame
        One row per bundle: ``bundle_id`` (unique), ``concept``, ``homes`` (a whole
        number above 0) and ``earliest_quarter``: the first quarter the bundle can
        start, as quarters after the stream's start (int; 0 = the start quarter) or as a
        label like ``"2027-Q3"``. Not modified.
    settings : StreamSettings
        The scenario's ``[stream]``: start quarter, rates, default rate, gap.
    catalogue : collection of str, optional
        The concept catalogue's names, for the notes: a rate for a concept outside it
        is a spelling mistake, one for a concept without bundles an idle line.

    Returns
    -------
    StreamPlan

    Raises
    ------
    ScenarioError
        No start quarter, or a concept without a rate and no default rate.
    InputError
        Missing columns, a repeated or empty bundle id or concept, homes that are not
        a whole number above 0, an unknown earliest quarter.
    """
    if settings.start is None:
        raise ScenarioError(
            'the build stream needs a start quarter: set start = "2027-Q1" in [stream]'
        )
    start = settings.start
    frame = _validated(bundles, start)
    rate = _rates(frame[s.CONCEPT], settings)
    frame[s.RATE] = rate
    schedule = _schedule(frame, settings.gap, start)
    beyond = pd.DataFrame(columns=schedule.columns)
    if settings.horizon is not None:
        late = schedule[s.START_QUARTER].to_numpy() >= settings.horizon
        beyond, schedule = schedule[late], schedule[~late].reset_index(drop=True)
    table = bundle_table(schedule, start)
    lines = line_summary(schedule, start)
    notes = schedule_notes(frame, schedule, lines, settings, catalogue)
    if len(beyond):
        notes.append(
            f"{len(beyond)} bundle(s) with {int(beyond[s.HOMES].sum())} homes could only "
            f"start at or after {start.shifted(int(settings.horizon or 0)).label}, beyond the "
            "horizon: not planned; raise the rates or the horizon to plan them"
        )
    log.debug("planned %d bundles on %d concept lines", len(schedule), len(lines))
    ids = tuple(str(b) for b in beyond[s.BUNDLE_ID])
    return StreamPlan(schedule, table, lines, tuple(notes), start, ids)


def _validated(bundles: pd.DataFrame, start: Quarter) -> pd.DataFrame:
    """The bundle columns, checked: ids and concepts as text, homes and earliest as int."""
    absent = [c for c in BUNDLE_COLUMNS if c not in bundles.columns]
    if absent:
        raise InputError(f"the bundles table lacks the column '{absent[0]}'", hint=_HINT)
    ids = bundles[s.BUNDLE_ID]
    if ids.isna().any() or (ids.astype(str).str.strip() == "").any():
        raise InputError("a bundle has no bundle_id", layer=_BUNDLES, hint=_HINT)
    duplicated = ids.astype(str).duplicated()
    if duplicated.any():
        raise InputError(
            f"bundle_id '{ids[duplicated].iloc[0]}' appears twice", layer=_BUNDLES, hint=_HINT
        )
    frame = pd.DataFrame({s.BUNDLE_ID: ids.to_numpy()}, index=pd.RangeIndex(len(bundles)))
    concept = bundles[s.CONCEPT]
    blank = concept.isna().to_numpy() | (concept.astype(str).str.strip() == "").to_numpy()
    if blank.any():
        raise InputError(
            "the bundle has no concept",
            layer=_BUNDLES,
            feature=ids.iloc[int(np.flatnonzero(blank)[0])],
            hint=_HINT,
        )
    frame[s.CONCEPT] = concept.astype(str).to_numpy()
    frame[s.HOMES] = _whole(bundles[s.HOMES], ids, s.HOMES, minimum=1)
    frame[s.EARLIEST_QUARTER] = _earliest(bundles[s.EARLIEST_QUARTER], ids, start)
    return frame


def _whole(column: pd.Series, ids: pd.Series, what: str, minimum: int) -> np.ndarray:
    values = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    bad = np.isnan(values) | (values != np.round(values)) | (values < minimum)
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"{what} is {_shown(column.iloc[first])}; it must be a whole number of at "
            f"least {minimum}",
            layer=_BUNDLES,
            feature=ids.iloc[first],
        )
    return values.astype(np.int64)


def _earliest(column: pd.Series, ids: pd.Series, start: Quarter) -> np.ndarray:
    """Quarter indices from ints or ``YYYY-Qn`` labels (each distinct label parsed once)."""
    numbers = pd.to_numeric(column, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = numbers.copy()  # pandas may hand out a read-only view
    labelled = np.isnan(numbers) & ~column.isna().to_numpy()
    if labelled.any():
        codes, uniques = pd.factorize(column[labelled].astype(str))
        offsets = np.empty(len(uniques), dtype="float64")
        for i, label in enumerate(uniques.tolist()):
            try:
                offsets[i] = start.offset_of(Quarter.parse(label))
            except ValueError:
                offsets[i] = np.nan
        numbers[labelled] = offsets[codes]
    bad = np.isnan(numbers) | (numbers != np.round(numbers))
    if bad.any():
        first = int(np.flatnonzero(bad)[0])
        raise InputError(
            f"earliest_quarter is {_shown(column.iloc[first])}; give quarters after the start "
            f"({start.label} = 0) as a whole number, or a quarter like '{start.label}'",
            layer=_BUNDLES,
            feature=ids.iloc[first],
            hint="a bundle whose readiness is unknown cannot be planned",
        )
    return numbers.astype(np.int64)


def _shown(value: object) -> str:
    """A cell as a user wrote it: ``12.5``, ``'Q3 2027'``, ``empty``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "empty"
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value) if isinstance(value, str) else str(value)


def _rates(concepts: pd.Series, settings: StreamSettings) -> np.ndarray:
    codes, uniques = pd.factorize(concepts)
    rates = []
    missing = []
    for concept in uniques.tolist():
        rate = settings.rates.get(concept, settings.default_rate)
        if rate is None:
            missing.append(concept)
        rates.append(rate or 0)
    if missing:
        known = ", ".join(f"{c} = {r}" for c, r in settings.rates.items()) or "none"
        raise ScenarioError(
            f"no production rate for concept {', '.join(sorted(missing))}: add it to "
            f"rate in [stream] (homes per quarter; given: {known}) or set default_rate"
        )
    return np.asarray(rates, dtype=np.int64)[codes]


def _schedule(frame: pd.DataFrame, gap: int, start: Quarter) -> pd.DataFrame:
    """Start and end per bundle, each line in order of earliest quarter, then bundle id.

    On a line, ``start_i = max(ready_i, start_(i-1) + step_(i-1))`` with
    ``step = max(duration + gap, 0)``; with ``P`` the steps before a bundle that is
    ``P_i + max_(j<=i)(ready_j - P_j)``: a cumulative sum and a cumulative maximum.
    """
    ids = frame[s.BUNDLE_ID]
    id_key = ids if pd.api.types.is_numeric_dtype(ids.dtype) else ids.astype(str)
    ready = np.maximum(frame[s.EARLIEST_QUARTER].to_numpy(), 0)
    work = pd.DataFrame({"line": frame[s.CONCEPT], "ready": ready, "id": id_key}, index=frame.index)
    order = work.sort_values(["line", "ready", "id"], kind="mergesort").index.to_numpy()
    plan = frame.loc[order].reset_index(drop=True)
    homes = plan[s.HOMES].to_numpy()
    rate = plan[s.RATE].to_numpy()
    duration = -(-homes // rate)
    step = np.maximum(duration + gap, 0)
    line = plan[s.CONCEPT]
    before = pd.Series(step).groupby(line.to_numpy()).cumsum().to_numpy() - step
    ready = ready[order]
    lead = pd.Series(ready - before).groupby(line.to_numpy()).cummax().to_numpy()
    first = before + lead
    last = first + duration - 1
    reached = pd.Series(last).groupby(line.to_numpy()).cummax()
    previous = reached.groupby(line.to_numpy()).shift(1).to_numpy(dtype="float64", na_value=np.nan)
    idle = np.where(np.isnan(previous), 0, np.maximum(first - previous - 1, 0))
    plan[s.START_QUARTER] = first
    plan[s.END_QUARTER] = last
    plan[s.START_LABEL] = quarter_labels(start, first)
    plan[s.END_LABEL] = quarter_labels(start, last)
    plan[DURATION] = duration
    plan[WAIT] = first - ready
    plan[s.IDLE_BEFORE] = idle.astype(np.int64)
    by_start = plan.assign(_id=id_key.loc[order].to_numpy()).sort_values(
        [s.START_QUARTER, s.CONCEPT, "_id"], kind="mergesort"
    )
    return by_start.loc[:, list(SCHEDULE_COLUMNS)].reset_index(drop=True)
