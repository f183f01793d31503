"""Charts for the report: a score's breakdown, capacity per concept, and the build stream."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PolyCollection

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.labels import number
from bouwstroom_qgis.core.export.tables import plan_homes_column

BAR = "#4a7fb5"
BEST = "#1a9641"
TRACK = "#e6e6e6"


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7)


@dataclass(frozen=True)
class BarRow:
    """One bar: its name, value, the most it could be (a grey track) and whether it stands out."""

    name: str
    value: float
    most: float | None = None
    best: bool = False


def breakdown_rows(parts: Sequence[tuple[str, float, float | None]]) -> list[BarRow]:
    """What each criterion added, against the most it could add."""
    return [BarRow(name, points, most) for name, points, most in parts]


def capacity_rows(homes: Sequence[tuple[str, int]], best: str | None) -> list[BarRow]:
    """Homes per concept, the best concept standing out."""
    return [BarRow(name.replace("_", " "), float(n), None, name == best) for name, n in homes]


def _label(row: BarRow, language: str) -> str:
    digits = 0 if row.most is None and float(row.value).is_integer() else 1
    shown = number(row.value, language, digits)
    return shown if row.most is None else f"{shown} / {number(row.most, language)}"


def bar_panel(
    ax: Axes, charts: Sequence[tuple[str, Sequence[BarRow]]], language: str = "en"
) -> int:
    """Several small horizontal bar charts stacked in one axes; returns the bars drawn.

    One axes without ticks for all charts of a factsheet: axes and tick labels are
    matplotlib's slowest artists, and a report has hundreds of pages. Each chart is
    scaled to its own largest value (or largest possible value); names stand left of
    the bars and values at their ends.
    """
    ax.set_axis_off()
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(0.0, 1.0)
    left, width, title_gap, chart_gap = 0.40, 0.42, 0.05, 0.04
    rows_in_all = max(sum(len(rows) for _, rows in charts), 1)
    row = min(0.042, (1.0 - len(charts) * (title_gap + chart_gap)) / rows_in_all)
    tracks: list[list[tuple[float, float]]] = []
    bars: list[list[tuple[float, float]]] = []
    colours: list[str] = []
    y = 1.0
    for title, rows in charts:
        ax.text(0.0, y, title, fontsize=8.5, weight="bold", va="top")
        y -= title_gap
        top = max([r.most or 0.0 for r in rows] + [r.value for r in rows] + [1e-9])
        for bar in rows:
            y -= row
            low, high = y + 0.15 * row, y + 0.85 * row
            if bar.most is not None:
                tracks.append(_rect(left, left + width * bar.most / top, low, high))
            end = left + width * max(bar.value, 0.0) / top
            bars.append(_rect(left, end, low, high))
            colours.append(BEST if bar.best else BAR)
            centre = (low + high) / 2
            ax.text(left - 0.015, centre, bar.name, ha="right", va="center", fontsize=7)
            reach = max(end, left + width * (bar.most or 0.0) / top)
            ax.text(reach + 0.01, centre, _label(bar, language), va="center", fontsize=6.5)
        y -= chart_gap
    ax.add_collection(PolyCollection(tracks, facecolors=TRACK, edgecolors="none"))
    ax.add_collection(PolyCollection(bars, facecolors=colours, edgecolors="none"))
    return len(bars)


def _rect(x0: float, x1: float, y0: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def quarter_axis(quarters: Sequence[str]) -> list[str]:
    """Every quarter from the first to the last, so a gap in the stream shows as a gap.

    Quarters that are not of the form ``2027Q1`` / ``2027-Q1`` are kept as given, sorted.
    """
    given = sorted({str(q) for q in quarters})
    try:
        periods = [pd.Period(q.replace("-", ""), freq="Q") for q in given]
    except (ValueError, TypeError):
        return given
    if not periods:
        return given
    style = "-" if any("-" in q for q in given) else ""
    span = pd.period_range(min(periods), max(periods), freq="Q")
    return [f"{p.year}{style}Q{p.quarter}" for p in span]


def stream_chart(ax: Axes, plan: pd.DataFrame, title: str, ylabel: str) -> int:
    """Homes started per quarter, stacked by concept; returns the number of quarters shown."""
    homes = plan_homes_column(plan)
    # the plan's quarters count from the stream's start; its labels ("2027-Q1") are what
    # people read, and they sort and fill gaps as dates (a count would sort as text)
    quarter = s.QUARTER_LABEL if s.QUARTER_LABEL in plan.columns else c.QUARTER
    if homes is None or quarter not in plan.columns or not len(plan):
        return 0
    by = [quarter, s.CONCEPT] if s.CONCEPT in plan.columns else [quarter]
    table = plan.groupby(by, sort=True)[homes].sum()
    wide = table.unstack(fill_value=0) if len(by) == 2 else table.to_frame(homes)
    wide.index = wide.index.astype(str)
    axis = quarter_axis(list(wide.index))
    wide = wide.reindex(axis, fill_value=0)
    palette = colors.concept_colors([str(col) for col in wide.columns])
    bottom = np.zeros(len(wide))
    x = np.arange(len(wide))
    for column in wide.columns:
        values = wide[column].to_numpy(dtype=float)
        ax.bar(
            x,
            values,
            bottom=bottom,
            color=palette.get(str(column), BAR),
            width=0.8,
            label=str(column).replace("_", " "),
        )
        bottom += values
    step = max(1, len(x) // 16)
    ax.set_xticks(x[::step], list(wide.index)[::step], rotation=45, ha="right")
    ax.set_ylabel(ylabel, fontsize=7.5)
    ax.set_title(title, fontsize=9, loc="left")
    ax.legend(fontsize=6.5, frameon=False, ncols=min(4, len(wide.columns)))
    _tidy(ax)
    return len(x)
