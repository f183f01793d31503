"""Tables and notes of a build stream plan: homes per quarter, the lines, what to know.

Helpers of :mod:`bouwstroom_qgis.core.stream`, which schedules the bundles; these
functions only describe a finished schedule.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings

TABLE_COLUMNS = (s.QUARTER, s.QUARTER_LABEL, s.CONCEPT, s.BUNDLE_ID, s.HOMES)
LINE_COLUMNS = (
    s.CONCEPT,
    s.RATE,
    "bundles",
    s.HOMES,
    "first_quarter",
    "last_quarter",
    "first_label",
    "last_label",
    "busy_quarters",
    "idle_quarters",
)


def quarter_labels(start: Quarter, offsets: np.ndarray) -> np.ndarray:
    """``YYYY-Qn`` for quarter indices after ``start`` (each distinct index formatted once).

    Examples
    --------
    >>> quarter_labels(Quarter(2027, 3), np.array([0, 1, 2, 1])).tolist()
    ['2027-Q3', '2027-Q4', '2028-Q1', '2027-Q4']
    """
    offsets = np.asarray(offsets, dtype=np.int64)
    uniques, codes = np.unique(offsets, return_inverse=True)
    labels = np.array([start.shifted(int(u)).label for u in uniques], dtype=object)
    return labels[codes.reshape(offsets.shape)]


def bundle_table(schedule: pd.DataFrame, start: Quarter) -> pd.DataFrame:
    """Homes started per quarter per bundle: the rate, the rest in a bundle's last quarter.

    Sorted by quarter, concept and the schedule's bundle order; the homes of each
    bundle add up to its ``homes``.
    """
    duration = schedule["quarters"].to_numpy(dtype=np.int64)
    rows = np.repeat(np.arange(len(schedule)), duration)
    first_row = np.repeat(np.cumsum(duration) - duration, duration)
    within = np.arange(len(rows)) - first_row
    rate = schedule[s.RATE].to_numpy(dtype=np.int64)[rows]
    homes = schedule[s.HOMES].to_numpy(dtype=np.int64)[rows]
    is_last = within == duration[rows] - 1
    started = np.where(is_last, homes - rate * within, rate)
    quarter = schedule[s.START_QUARTER].to_numpy(dtype=np.int64)[rows] + within
    table = pd.DataFrame(
        {
            s.QUARTER: quarter,
            s.QUARTER_LABEL: quarter_labels(start, quarter),
            s.CONCEPT: schedule[s.CONCEPT].to_numpy()[rows],
            s.BUNDLE_ID: schedule[s.BUNDLE_ID].to_numpy()[rows],
            s.HOMES: started,
            "_order": rows,
        }
    )
    table = table.sort_values([s.QUARTER, s.CONCEPT, "_order"], kind="mergesort")
    return table.loc[:, list(TABLE_COLUMNS)].reset_index(drop=True)


def line_summary(schedule: pd.DataFrame, start: Quarter) -> pd.DataFrame:
    """One row per concept line (by concept): bundles, homes, first and last quarter, idle."""
    if schedule.empty:
        return pd.DataFrame({c: [] for c in LINE_COLUMNS})
    grouped = schedule.groupby(s.CONCEPT, sort=True)
    lines = grouped.agg(
        rate=(s.RATE, "first"),
        bundles=(s.BUNDLE_ID, "size"),
        homes=(s.HOMES, "sum"),
        first_quarter=(s.START_QUARTER, "min"),
        last_quarter=(s.END_QUARTER, "max"),
        idle_quarters=(s.IDLE_BEFORE, "sum"),
    ).reset_index()
    lines["first_label"] = quarter_labels(start, lines["first_quarter"].to_numpy())
    lines["last_label"] = quarter_labels(start, lines["last_quarter"].to_numpy())
    span = lines["last_quarter"] - lines["first_quarter"] + 1
    lines["busy_quarters"] = span - lines["idle_quarters"]
    return lines.loc[:, list(LINE_COLUMNS)]


def schedule_notes(
    bundles: pd.DataFrame,
    schedule: pd.DataFrame,
    lines: pd.DataFrame,
    settings: StreamSettings,
    catalogue: Collection[str] | None = None,
) -> list[str]:
    """Plain sentences on idle quarters and why, waits, rates and early bundles.

    ``catalogue`` holds the concept catalogue's names, when known: a rate for a concept
    outside it is a spelling mistake, one for a concept no bundle has is an idle line.
    """
    notes: list[str] = []
    if schedule.empty:
        return ["no bundles to plan"]
    start = settings.start or Quarter(2000, 1)
    early = int((bundles[s.EARLIEST_QUARTER] < 0).sum())
    if early:
        notes.append(
            f"{early} bundle(s) ready before the start quarter {start.label} start from it"
        )
    notes += _rate_notes(bundles, settings, catalogue)
    for concept, rows in schedule.groupby(s.CONCEPT, sort=True):
        notes += _line_notes(str(concept), rows, settings.gap)
    return notes


def _rate_notes(
    bundles: pd.DataFrame, settings: StreamSettings, catalogue: Collection[str] | None
) -> list[str]:
    notes = []
    concepts = sorted(set(bundles[s.CONCEPT]))
    defaulted = [c for c in concepts if c not in settings.rates]
    if defaulted:
        notes.append(
            f"concept(s) {', '.join(defaulted)} have no rate of their own in [stream]: "
            f"default_rate = {settings.default_rate} homes per quarter"
        )
    unused = [c for c in settings.rates if c not in concepts]
    unknown = [c for c in unused if catalogue is not None and c not in catalogue]
    idle = [c for c in unused if c not in unknown]
    if unknown:
        notes.append(
            f"rate for {', '.join(unknown)} names no concept of the catalogue; check the spelling"
        )
    if idle:
        advice = "" if catalogue is not None else "; check the spelling"
        notes.append(
            f"rate for {', '.join(idle)} is used by no bundle (the bundles' concepts "
            f"are {', '.join(concepts)}){advice}"
        )
    return notes


def _line_notes(concept: str, rows: pd.DataFrame, gap: int) -> list[str]:
    """Idle quarters of one line, split into the asked gap and waiting for a ready bundle."""
    notes = []
    ordered = rows.sort_values([s.START_QUARTER, s.END_QUARTER], kind="mergesort")
    idle = ordered[s.IDLE_BEFORE].to_numpy()
    forced = np.minimum(idle, max(gap, 0))
    forced[0] = 0  # a line's first bundle has no gap before it
    unready = idle - forced
    if unready.sum():
        waits = [
            f"{b} (ready {label})"
            for b, label, n in zip(
                ordered[s.BUNDLE_ID], ordered[s.START_LABEL], unready, strict=True
            )
            if n
        ]
        notes.append(
            f"line {concept}: {int(unready.sum())} idle quarter(s) because no bundle was "
            f"ready; it resumes with {', '.join(waits)}"
        )
    if forced.sum():
        notes.append(
            f"line {concept}: {int(forced.sum())} quarter(s) of gap = {gap} between bundles"
        )
    waiting = ordered[ordered["wait"] > 0]
    if len(waiting):
        longest = waiting.loc[waiting["wait"].idxmax()]
        notes.append(
            f"line {concept}: {len(waiting)} bundle(s) wait for the line after they are "
            f"ready, longest {longest[s.BUNDLE_ID]}: {int(longest['wait'])} quarter(s), "
            f"starting {longest[s.START_LABEL]}"
        )
    if gap < 0:
        starts = ordered[s.START_QUARTER].to_numpy()
        ends = ordered[s.END_QUARTER].to_numpy()
        overlapping = int(np.maximum(np.maximum.accumulate(ends)[:-1] - starts[1:] + 1, 0).sum())
        if overlapping:
            notes.append(
                f"line {concept}: bundles overlap in {overlapping} quarter(s) (gap = {gap}); "
                "starts there exceed the line's rate"
            )
    return notes
