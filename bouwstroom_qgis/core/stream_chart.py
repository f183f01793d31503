"""A chart of the build stream: one lane per concept line, a bar per bundle, by quarter.

Each bar runs from the bundle's start quarter for ``homes / rate`` quarters, so a
bundle ending in a partial quarter ends part-way through it, and is labelled with its
bundle id and homes. Quarters run along the x axis, labelled ``YYYY-Qn``; Dutch by
default.

Two renderers draw the same layout:

- **SVG**, built in (plain text, no dependency): vector, sharp in print, byte-identical
  for the same plan. Used for ``.svg`` paths, and for other paths when matplotlib is
  not installed (the SVG is then written beside the requested file).
- **PNG** (or PDF) through matplotlib's Agg canvas when matplotlib is importable
  (the ``charts`` extra); no pyplot, so no GUI backend and no global state.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.stream import StreamPlan
from bouwstroom_qgis.core.stream_chart_svg import write_svg

log = logging.getLogger(__name__)

# Okabe–Ito: distinguishable with every common colour-vision deficiency.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
WORDS = {
    "nl": {
        "title": "Bouwstroom: start van woningen per conceptlijn",
        "quarter": "Kwartaal",
        "homes": "won.",
        "per_quarter": "/kw",
        "empty": "Geen bundels ingepland",
    },
    "en": {
        "title": "Build stream: homes started per concept line",
        "quarter": "Quarter",
        "homes": "homes",
        "per_quarter": "/qtr",
        "empty": "No bundles planned",
    },
}
VECTOR = ".svg"


@dataclass(frozen=True)
class Bar:
    """One bundle: lane, x from ``start`` to ``end`` in quarters, and its label."""

    lane: int
    start: float
    end: float
    bundle_id: str
    homes: str
    colour: str


@dataclass(frozen=True)
class Layout:
    """What both renderers draw, in quarters (x) and lanes (y)."""

    title: str
    axis: str
    lanes: tuple[str, ...]
    colours: tuple[str, ...]
    bars: tuple[Bar, ...]
    first: int  # first quarter shown
    last: int  # last quarter shown, inclusive
    ticks: tuple[tuple[int, str], ...]  # quarter index, label
    empty: str


def stream_chart(
    plan: StreamPlan,
    path: str | Path,
    *,
    language: str = "nl",
    overwrite: bool = False,
) -> Path:
    """Draw the plan's stream and write it atomically.

    Parameters
    ----------
    plan : StreamPlan
    path : str or Path
        ``.svg`` for the built-in vector chart; ``.png`` (or ``.pdf``) through
        matplotlib. Without matplotlib an SVG is written beside it instead
        (``stream.png`` -> ``stream.svg``).
    language : {"nl", "en"}
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    OutputError
        The file exists and ``overwrite`` is false.
    """
    path = Path(path)
    layout = chart_layout(plan, language)
    if path.suffix.lower() != VECTOR and not matplotlib_available():
        log.warning("matplotlib is not installed: writing the stream chart as SVG instead")
        path = path.with_suffix(VECTOR)
    with atomic_path(path, overwrite) as tmp:
        if path.suffix.lower() == VECTOR:
            tmp.write_text(write_svg(layout), encoding="utf-8")
        else:
            _write_matplotlib(layout, tmp)
    return path


def matplotlib_available() -> bool:
    """Whether matplotlib can be imported (without importing it)."""
    try:
        return importlib.util.find_spec("matplotlib") is not None
    except (ImportError, ValueError):  # a broken or half-installed package
        return False


def chart_layout(plan: StreamPlan, language: str = "nl") -> Layout:
    """Lanes, bars and quarter ticks of a plan, independent of the renderer."""
    words = WORDS.get(language, WORDS["en"])
    schedule = plan.schedule
    rates = dict(zip(plan.lines[s.CONCEPT], plan.lines[s.RATE], strict=True))
    lanes = tuple(sorted(str(c) for c in rates))
    colours = tuple(PALETTE[i % len(PALETTE)] for i in range(len(lanes)))
    bars = []
    for row in schedule.itertuples(index=False):  # one bar per bundle: tens to hundreds
        lane = lanes.index(str(getattr(row, s.CONCEPT)))
        start = float(getattr(row, s.START_QUARTER))
        homes = int(getattr(row, s.HOMES))
        bars.append(
            Bar(
                lane,
                start,
                start + homes / int(getattr(row, s.RATE)),
                str(getattr(row, s.BUNDLE_ID)),
                f"{homes} {words['homes']}",
                colours[lane],
            )
        )
    first = min([0, *(int(b.start) for b in bars)])
    last = max([first + 3, *(int(getattr(r, s.END_QUARTER)) for r in schedule.itertuples())])
    lane_names = tuple(f"{c} ({rates[c]}{words['per_quarter']})" for c in lanes)
    return Layout(
        title=words["title"],
        axis=words["quarter"],
        lanes=lane_names,
        colours=colours,
        bars=tuple(bars),
        first=first,
        last=last,
        ticks=_ticks(plan, first, last),
        empty=words["empty"],
    )


def _ticks(plan: StreamPlan, first: int, last: int) -> tuple[tuple[int, str], ...]:
    """Every quarter up to six years; beyond that the first quarter of each year."""
    every = last - first + 1 <= 24
    ticks = []
    for q in range(first, last + 1):
        quarter = plan.start.shifted(q)
        if every or quarter.quarter == 1:
            ticks.append((q, quarter.label))
    return tuple(ticks)


def _write_matplotlib(layout: Layout, path: Path) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    span = layout.last - layout.first + 1
    width = min(max(9.0, 2.5 + 0.45 * span), 24.0)
    height = 1.6 + 0.75 * max(len(layout.lanes), 1)
    figure = Figure(figsize=(width, height), dpi=110)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for bar in layout.bars:
        axes.barh(
            bar.lane,
            bar.end - bar.start,
            left=bar.start,
            height=0.6,
            color=bar.colour,
            edgecolor="white",
            linewidth=1.0,
        )
        axes.text(
            (bar.start + bar.end) / 2,
            bar.lane,
            f"{bar.bundle_id}\n{bar.homes}",
            ha="center",
            va="center",
            fontsize=7,
            color="white",
        )
    if not layout.bars:
        axes.text(0.5, 0.5, layout.empty, ha="center", va="center", transform=axes.transAxes)
    axes.set_yticks(range(len(layout.lanes)), layout.lanes)
    axes.set_ylim(len(layout.lanes) - 0.5, -0.5)
    axes.set_xlim(layout.first, layout.last + 1)
    axes.set_xticks(
        [q + 0.5 for q, _ in layout.ticks], [label for _, label in layout.ticks], fontsize=7
    )
    for label in axes.get_xticklabels():  # rotated about its end, so it ends under its quarter
        label.set(rotation=45, ha="right", rotation_mode="anchor")
    axes.set_xticks(range(layout.first, layout.last + 2), minor=True)
    axes.grid(axis="x", which="minor", color="#dddddd", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.set_xlabel(layout.axis)
    axes.set_title(layout.title, loc="left", fontsize=11)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    fmt = path.suffix.lower().lstrip(".") or "png"
    # No software/date metadata: the same plan gives the same bytes.
    metadata = {"Software": None} if fmt == "png" else {"Creator": None, "CreationDate": None}
    figure.savefig(path, format=fmt, metadata=metadata)
