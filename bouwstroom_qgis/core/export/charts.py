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


def _bar_frame(ax: Axes, names: Sequence[str], top: float, title: str) -> np.ndarray:
    """An axes for horizontal bars without tick machinery: names, a baseline and a title.

    Ticks and tick labels are matplotlib's slowest artists and a factsheet has three
    charts, so names are drawn as plain text beside the bars, and values at their ends.
    """
    y = np.arange(len(names))[::-1].astype(float)
    ax.set_axis_off()
    ax.set_xlim(0, (top if np.isfinite(top) and top > 0 else 1.0) * 1.3)
    ax.set_ylim(-0.6, len(names) - 0.4)
    names_at = ax.get_yaxis_transform()  # x in axes fraction, y in data
    for yi, name in zip(y, names, strict=True):
        ax.text(-0.02, yi, name, transform=names_at, ha="right", va="center", fontsize=7)
    ax.plot([0, 0], [-0.5, len(names) - 0.5], color="#888888", linewidth=0.6)
    ax.text(
        -0.5,
        1.04,
        title,
        transform=ax.transAxes,
        fontsize=8.5,
        ha="left",
        va="bottom",
        weight="bold",
    )
    return y


def score_breakdown(ax: Axes, parts: Sequence[tuple[str, float, float | None]], title: str) -> None:
    """Horizontal bars: what each criterion added, against the most it could add.

    Parameters
    ----------
    parts : sequence of (name, points, most points or None)
        In the scenario's order; drawn top to bottom.
    """
    points = np.array([p for _, p, _ in parts], dtype=float)
    most = np.array([m if m is not None else np.nan for _, _, m in parts], dtype=float)
    both = np.concatenate([points, most])
    top = float(np.nanmax(both)) if len(parts) and np.isfinite(both).any() else 1.0
    y = _bar_frame(ax, [name for name, _, _ in parts], top, title)
    if np.isfinite(most).any():
        ax.barh(y, np.nan_to_num(most), color=TRACK, height=0.7)
    ax.barh(y, np.nan_to_num(points), color=BAR, height=0.7)
    for yi, p, m in zip(y, points, most, strict=True):
        label = f"{p:.1f}" if not np.isfinite(m) else f"{p:.1f} / {m:.0f}"
        ax.text(max(np.nan_to_num(m), p) + 0.01 * top, yi, label, va="center", fontsize=6.5)


def capacity_chart(
    ax: Axes, homes: Sequence[tuple[str, int]], best: str | None, title: str
) -> None:
    """Homes per concept as horizontal bars, the best concept in green."""
    values = np.array([n for _, n in homes], dtype=float)
    top = max(values.max(initial=0.0), 1.0)
    y = _bar_frame(ax, [name.replace("_", " ") for name, _ in homes], top, title)
    bar_colors = [BEST if name == best else BAR for name, _ in homes]
    ax.barh(y, values, color=bar_colors, height=0.7)
    for yi, value in zip(y, values, strict=True):
        ax.text(value + 0.01 * top, yi, f"{value:.0f}", va="center", fontsize=6.5)


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
