"""The report's pages as matplotlib figures (A4 portrait): the overview and one per site.

A site page has the site's map, its key figures, ownership, bundle and start quarter,
the breakdown of its score (site criteria, then the mean of its parcels' criteria),
its capacity per concept and its explanation. Text is drawn as text, so it can be
searched and copied in the PDF.
"""

from __future__ import annotations

import textwrap
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import charts, maps
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.context import MapContext
from bouwstroom_qgis.core.export.labels import header, number, text
from bouwstroom_qgis.core.export.maps import SiteMapData
from bouwstroom_qgis.core.export.report_data import (
    ReportData,
    capacity_of,
    score_parts,
    site_contributions,
    site_facts,
    summary_rows,
    totals_line,
)

A4 = (8.27, 11.69)  # inches
MARGIN = 0.06
CHAR_WIDTH = 0.0062  # of the page width: one character at 7 pt, with room to spare
LABEL_CHAR = 0.0068  # the same at 7.5 pt


def _footer(fig: Figure, data: ReportData, page: int) -> None:
    left = text("generated_by", data.language, version=data.version)
    if data.subtitle:
        left += f" – {data.subtitle}"
    fig.text(MARGIN, 0.02, left, fontsize=6.5, color="#666666")
    fig.text(
        1 - MARGIN,
        0.02,
        f"{text('page', data.language)} {page}",
        fontsize=6.5,
        color="#666666",
        ha="right",
    )


def _facts_block(fig: Figure, facts: list[tuple[str, str]], x: float, y: float, width: int) -> int:
    """Label/value lines from (x, y) downwards in ``width`` characters, the values wrapped
    in what the longest label leaves.

    Two texts (labels, values) with matching blank lines, not one text per cell: text
    artists are what a page spends its time on. Returns the number of lines used.
    """
    labels: list[str] = []
    values: list[str] = []
    room = width - round(label_width([label for label, _ in facts]) / LABEL_CHAR)
    for label, value in facts:
        wrapped = (textwrap.wrap(value, room) or ["–"])[:3]
        labels += [label] + [""] * (len(wrapped) - 1)
        values += wrapped
    style: dict[str, Any] = {"fontsize": 7.5, "va": "top", "linespacing": 1.55}
    fig.text(x, y, "\n".join(labels), color="#555555", **style)
    fig.text(x + label_width(labels), y, "\n".join(values), **style)
    return len(values)


def label_width(labels: list[str]) -> float:
    """Room for the longest label (page width), so that no value runs into it."""
    return min(max((len(label) for label in labels), default=0) * LABEL_CHAR + 0.012, 0.2)


def site_page(site: pd.Series, data: ReportData, map_data: SiteMapData, page: int) -> Figure:
    """The factsheet of one site."""
    lang = data.language
    fig = Figure(figsize=A4)
    fig.text(
        MARGIN,
        0.962,
        f"{text('legend_site', lang).capitalize()} {site[s.SITE_ID]}",
        fontsize=15,
        weight="bold",
    )
    rank = int(site[s.RANK])
    where = str(site.get(s.MUNICIPALITY) or "")
    fig.text(
        MARGIN,
        0.942,
        f"{where + ' – ' if where else ''}"
        f"{text('rank_of', lang, rank=rank, n=data.n_ranked)} – score "
        f"{number(site[s.SCORE], lang, 1)}",
        fontsize=9.5,
    )
    ax = fig.add_axes((MARGIN, 0.50, 1 - 2 * MARGIN, 0.425))
    maps.draw_site_map(ax, site, map_data, lang)
    fig.text(MARGIN, 0.475, text("key_figures", lang), fontsize=9, weight="bold")
    lines = _facts_block(fig, site_facts(site, data), MARGIN, 0.455, 66)
    explanation = str(site.get(s.EXPLANATION) or "")
    fig.text(
        MARGIN,
        0.455 - (lines + 1) * 0.0165,
        "\n".join(textwrap.wrap(explanation, 64)[:9]),
        fontsize=7,
        va="top",
        color="#333333",
        linespacing=1.5,
    )
    panel = [
        (
            text("score_breakdown", lang),
            charts.breakdown_rows(
                score_parts(site, data.site_points, site_contributions(data.sites))
            ),
        )
    ]
    if site[s.SITE_ID] in data.parcel_parts.index:
        parts = data.parcel_parts.loc[site[s.SITE_ID]]
        rows = score_parts(parts, data.parcel_points, list(data.parcel_parts.columns))
        panel.append((text("parcel_criteria", lang), charts.breakdown_rows(rows)))
    if data.concepts:
        homes = capacity_of(site, data.concepts)
        panel.append(
            (text("capacity", lang), charts.capacity_rows(homes, site.get(s.BEST_CONCEPT)))
        )
    charts.bar_panel(fig.add_axes((0.5, 0.05, 0.45, 0.425)), panel, lang)
    _footer(fig, data, page)
    return fig


def _table(fig: Figure, title: str, table: pd.DataFrame | None, y: float, lang: str) -> float:
    """A summary table drawn as text rows from ``y`` down; returns the y below it."""
    headers, rows, more = summary_rows(table, lang)
    fig.text(MARGIN, y, title, fontsize=10, weight="bold")
    if not rows:
        fig.text(MARGIN, y - 0.02, text("none", lang), fontsize=8)
        return y - 0.045
    # the name left-aligned, the numbers right-aligned at the right edge of their column
    xs = [MARGIN, 0.52, 0.62, 0.72, 0.82, 0.92][: len(headers)]
    y -= 0.022
    for i, (x, word) in enumerate(zip(xs, headers, strict=True)):
        fig.text(x, y, word, fontsize=7, color="#555555", ha="left" if i == 0 else "right")
    for row in rows:
        y -= 0.0155
        for i, (x, word) in enumerate(zip(xs, row, strict=True)):
            fig.text(x, y, word[:56], fontsize=7.5, ha="left" if i == 0 else "right")
    if more:
        y -= 0.0155
        fig.text(MARGIN, y, text("more_rows", lang, n=more), fontsize=7, color="#555555")
    return y - 0.03


def overview_pages(
    data: ReportData,
    all_sites: pd.DataFrame,
    bundles: pd.DataFrame | None,
    plan: pd.DataFrame | None,
    context: MapContext,
) -> list[Figure]:
    """The overview: a map of all sites and bundles with the summary tables, and, when the
    result has a stream plan, the stream chart."""
    lang = data.language
    fig = Figure(figsize=A4)
    fig.text(MARGIN, 0.962, data.title, fontsize=17, weight="bold")
    line = totals_line(data)
    fig.text(
        MARGIN, 0.94, (data.subtitle + "\n" if data.subtitle else "") + line, fontsize=9.5, va="top"
    )
    ax = fig.add_axes((MARGIN, 0.44, 1 - 2 * MARGIN, 0.46))
    maps.draw_overview_map(ax, all_sites, bundles, context, len(data.sites), lang)
    y = _table(fig, text("per_municipality", lang), data.municipalities, 0.405, lang)
    _table(fig, text("per_corporation", lang), data.corporations, y, lang)
    _footer(fig, data, 1)
    pages = [fig]
    if plan is not None and len(plan):
        fig = Figure(figsize=A4)
        fig.text(MARGIN, 0.962, text("stream", lang), fontsize=15, weight="bold")
        charts.stream_chart(
            fig.add_axes((0.1, 0.55, 0.84, 0.36)),
            plan,
            text("stream", lang),
            text("homes_started", lang),
        )
        if bundles is not None:
            _bundle_rows(fig, bundles, lang)
        _footer(fig, data, 2)
        pages.append(fig)
    return pages


# The bundles table under the stream chart: (column, share of the text width, numbers
# right-aligned). The widths fit the longest header in two lines and the values in one.
BUNDLE_COLUMNS: tuple[tuple[str, float, bool], ...] = (
    (c.BUNDLE_ID, 0.07, False),
    (s.CONCEPT, 0.17, False),
    (s.HOMES, 0.09, True),
    (c.N_SITES, 0.09, True),
    (c.START_QUARTER, 0.12, False),
    (c.END_QUARTER, 0.12, False),
    (c.SPREAD_KM, 0.09, True),
    (c.MUNICIPALITIES, 0.25, False),
)
BUNDLE_ROWS = 24


def _bundle_rows(fig: Figure, bundles: pd.DataFrame, lang: str) -> None:
    """The bundles as text rows under the stream chart, by start quarter.

    Each column gets its own width; a header longer than its column wraps onto a second
    line, a value is cut to its column, numbers stand right-aligned.
    """
    shown = [(col, width, right) for col, width, right in BUNDLE_COLUMNS if col in bundles]
    scale = (1 - 2 * MARGIN) / sum(width for _, width, _ in shown) if shown else 1.0
    lefts, x = [], MARGIN
    for _, width, _ in shown:
        lefts.append(x)
        x += width * scale
    y = 0.48
    for left, (col, width, right) in zip(lefts, shown, strict=True):
        chars = int(width * scale / CHAR_WIDTH)
        words = "\n".join(textwrap.wrap(header(col, lang), max(chars, 4))[:2])
        at = left + width * scale - 0.01 if right else left
        fig.text(
            at,
            y,
            words,
            fontsize=6.5,
            color="#555555",
            va="bottom",
            ha="right" if right else "left",
        )
    order = bundles.sort_values([col for col in (c.START_QUARTER, c.BUNDLE_ID) if col in bundles])
    for row in order.head(BUNDLE_ROWS).itertuples(index=False):
        y -= 0.0155
        for left, (col, width, right) in zip(lefts, shown, strict=True):
            word = _cell(getattr(row, col), col, lang)[: int(width * scale / CHAR_WIDTH) - 1]
            at = left + width * scale - 0.01 if right else left
            fig.text(at, y, word, fontsize=7, ha="right" if right else "left")
    if len(bundles) > BUNDLE_ROWS:
        fig.text(
            MARGIN, y - 0.0155, text("more_rows", lang, n=len(bundles) - BUNDLE_ROWS), fontsize=7
        )


def _cell(value: Any, column: str, lang: str) -> str:
    """A bundle value as the table shows it: concepts with spaces, numbers in ``lang``."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "–"
    if column == s.CONCEPT:
        return str(value).replace("_", " ")
    if isinstance(value, (float, np.floating)):
        return number(float(value), lang, 1)
    if isinstance(value, (int, np.integer)):
        return number(float(value), lang)
    return str(value)
