"""The build stream chart as SVG text, written by hand: no dependency, same bytes each time.

Draws a :class:`~bouwstroom_qgis.core.stream_chart.Layout`: title, one lane per concept
line with its name, a bar per bundle with its id and homes (and a tooltip), quarter
grid lines and ``YYYY-Qn`` labels. Text widths are estimated (0.6 em per character,
generous for the sans-serif fonts viewers use) to decide whether a label fits its bar.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

if TYPE_CHECKING:
    from bouwstroom_qgis.core.stream_chart import Bar, Layout

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
LANE = 48  # px per lane
BAR = 30  # px bar height
TOP = 44  # px above the first lane (title)
BOTTOM = 70  # px below the last lane (rotated quarter labels)
RIGHT = 24
LABEL_SIZE = 10  # px
CHAR = 0.6  # estimated glyph width, em


def write_svg(layout: Layout) -> str:
    """The chart as a complete SVG document (UTF-8 text)."""
    span = layout.last - layout.first + 1
    per_quarter = min(max(36.0, 900.0 / span), 80.0)
    left = 16 + max([len(n) for n in layout.lanes] or [10]) * 7
    title_width = 16 + len(layout.title) * 15 * CHAR + RIGHT
    width = round(max(left + span * per_quarter + RIGHT, title_width))
    height = TOP + LANE * max(len(layout.lanes), 1) + BOTTOM

    def x(quarter: float) -> float:
        return left + (quarter - layout.first) * per_quarter

    bottom = TOP + LANE * max(len(layout.lanes), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family={quoteattr(FONT)}>',
        f'<rect class="background" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text class="title" x="16" y="26" font-size="15" fill="#222222">'
        f"{escape(layout.title)}</text>",
    ]
    for q in range(layout.first, layout.last + 2):  # quarter boundaries
        parts.append(
            f'<line class="grid" x1="{x(q):.1f}" y1="{TOP}" x2="{x(q):.1f}" y2="{bottom}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
    for lane, name in enumerate(layout.lanes):
        middle = TOP + LANE * lane + LANE / 2
        parts.append(
            f'<text class="lane" x="{left - 8}" y="{middle + 4:.1f}" font-size="12" '
            f'text-anchor="end" fill="#222222">{escape(name)}</text>'
        )
    parts += [_bar(bar, x(bar.start), x(bar.end)) for bar in layout.bars]
    if not layout.bars:
        parts.append(
            f'<text class="empty" x="{width / 2:.1f}" y="{(TOP + bottom) / 2:.1f}" '
            f'font-size="13" text-anchor="middle" fill="#666666">{escape(layout.empty)}</text>'
        )
    parts.append(
        f'<line class="axis" x1="{left}" y1="{bottom}" x2="{x(layout.last + 1):.1f}" '
        f'y2="{bottom}" stroke="#444444" stroke-width="1"/>'
    )
    for q, label in layout.ticks:
        cx = x(q + 0.5)
        parts.append(
            f'<text class="tick" x="{cx:.1f}" y="{bottom + 14}" font-size="10" '
            f'text-anchor="end" fill="#333333" transform="rotate(-45 {cx:.1f} {bottom + 14})">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text class="axis-label" x="{(left + width - RIGHT) / 2:.1f}" y="{height - 8}" '
        f'font-size="12" text-anchor="middle" fill="#222222">{escape(layout.axis)}</text>'
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _bar(bar: Bar, x0: float, x1: float) -> str:
    """A bar with its label inside when it fits (one line, else two, else the id only)."""
    y = TOP + LANE * bar.lane + (LANE - BAR) / 2
    middle = (x0 + x1) / 2
    room = x1 - x0 - 4
    tooltip = f"{bar.bundle_id}: {bar.homes}"
    one_line = f"{bar.bundle_id} · {bar.homes}"
    lines = [one_line]
    if _width(one_line) > room:
        lines = [bar.bundle_id, bar.homes] if _width(bar.homes) <= room else [bar.bundle_id]
    text_y = y + BAR / 2 + LABEL_SIZE * 0.35 - (len(lines) - 1) * LABEL_SIZE * 0.55
    spans = "".join(
        f'<tspan x="{middle:.1f}" dy="{0 if i == 0 else LABEL_SIZE * 1.1:.1f}">{escape(t)}</tspan>'
        for i, t in enumerate(lines)
    )
    return (
        f'<g class="bundle"><title>{escape(tooltip)}</title>'
        f'<rect class="bar" x="{x0:.1f}" y="{y:.1f}" width="{x1 - x0:.1f}" height="{BAR}" '
        f'rx="3" fill="{bar.colour}" stroke="#ffffff" stroke-width="1"/>'
        f'<text x="{middle:.1f}" y="{text_y:.1f}" font-size="{LABEL_SIZE}" '
        f'text-anchor="middle" fill="#ffffff">{spans}</text></g>'
    )


def _width(text: str) -> float:
    return len(text) * LABEL_SIZE * CHAR
