"""Charts for the report: a score's breakdown, capacity per concept, and the build stream."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.tables import plan_homes_column

BAR = "#4a7fb5"
BEST = "#1a9641"
TRACK = "#e6e6e6"


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=7)


def score_breakdown(
    ax: Axes, parts: Sequence[tuple[str, float, float | None]], title: str
) -> None:
    """Horizontal bars: what each criterion added, against the most it could add.

    Parameters
    ----------
    parts : sequence of (name, points, most points or None)
        In the scenario's order; drawn top to bottom.
    """
    names = [name for name, _, _ in parts]
    points = np.array([p for _, p, _ in parts], dtype=float)
    most = np.array([m if m is not None else np.nan for _, _, m in parts], dtype=float)
    y = np.arange(len(parts))[::-1]
    if np.isfinite(most).any():
        ax.barh(y, np.nan_to_num(most), color=TRACK, height=0.7)
    ax.barh(y, np.nan_to_num(points), color=BAR, height=0.7)
    for yi, p, m in zip(y, points, most, strict=True):
        label = f"{p:.1f}" if not np.isfinite(m) else f"{p:.1f} / {m:.0f}"
        ax.text(max(np.nan_to_num(m), p) + 0.5, yi, label, va="center", fontsize=6.5)
    ax.set_yticks(y, names)
    top = np.nanmax(np.concatenate([points, most])) if len(parts) else 1.0
    ax.set_xlim(0, (top if np.isfinite(top) and top > 0 else 1.0) * 1.3)
    ax.set_title(title, fontsize=8.5, loc="left")
    _tidy(ax)


def capacity_chart(ax: Axes, homes: Sequence[tuple[str, int]], best: str | None, title: str) -> None:
    """Homes per concept as horizontal bars, the best concept in green."""
    names = [name for name, _ in homes]
    values = np.array([n for _, n in homes], dtype=float)
    y = np.arange(len(homes))[::-1]
    bar_colors = [BEST if name == best else BAR for name, _ in homes]
    ax.barh(y, values, color=bar_colors, height=0.7)
    for yi, value in zip(y, values, strict=True):
        ax.text(value + 0.3, yi, f"{value:.0f}", va="center", fontsize=6.5)
    ax.set_yticks(y, [name.replace("_", " ") for name in names])
    ax.set_xlim(0, max(values.max(initial=0.0), 1.0) * 1.25)
    ax.set_title(title, fontsize=8.5, loc="left")
    _tidy(ax)


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
    if homes is None or c.QUARTER not in plan.columns or not len(plan):
        return 0
    by = [c.QUARTER, s.CONCEPT] if s.CONCEPT in plan.columns else [c.QUARTER]
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
        ax.bar(x, values, bottom=bottom, color=palette.get(str(column), BAR), width=0.8,
               label=str(column).replace("_", " "))
        bottom += values
    step = max(1, len(x) // 16)
    ax.set_xticks(x[::step], list(wide.index)[::step], rotation=45, ha="right")
    ax.set_ylabel(ylabel, fontsize=7.5)
    ax.set_title(title, fontsize=9, loc="left")
    ax.legend(fontsize=6.5, frameon=False, ncols=min(4, len(wide.columns)))
    _tidy(ax)
    return len(x)
