"""Colours shared by the QGIS styles, the workbook and the report maps, declared once.

Scores use five classes of 20 points on a red-yellow-green ramp (ColorBrewer RdYlGn),
so a site has the same colour in QGIS, in the workbook and on paper. Zoning colours
follow the usual Dutch plan map colours (SVBP) of each main group, lightened on the maps.
"""

from __future__ import annotations

from collections.abc import Sequence

SCORE_BOUNDS = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
SCORE_COLORS = ("#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641")
EXCLUDED_COLOR = "#d7d7d7"

# Qualitative colours for concepts and bundles (ColorBrewer Dark2), assigned in sorted order
CONCEPT_PALETTE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#e7298a",
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
)

ZONING_COLORS = {
    "agrarisch": "#ebf0d2",
    "agrarisch met waarden": "#d2e1a5",
    "bedrijf": "#b45ac8",
    "bedrijventerrein": "#c8a0d7",
    "bos": "#64aa2d",
    "centrum": "#ffc8be",
    "cultuur en ontspanning": "#ff3c82",
    "detailhandel": "#ffa096",
    "dienstverlening": "#f091be",
    "gemengd": "#ffbe87",
    "groen": "#28c846",
    "horeca": "#ffa000",
    "kantoor": "#ebc3d7",
    "maatschappelijk": "#d29b73",
    "natuur": "#82a591",
    "overig": "#ebebeb",
    "recreatie": "#b9d746",
    "sport": "#82a52d",
    "tuin": "#c8d76e",
    "verkeer": "#cdcdcd",
    "water": "#afcde1",
    "wonen": "#ffff00",
    "woongebied": "#ffffb4",
}
ZONING_UNKNOWN = "#f2f2f2"

# Constraint layers are hatched in these colours, in the scenario's order
CONSTRAINT_COLORS = ("#1f78b4", "#e31a1c", "#33a02c", "#6a3d9a", "#b15928", "#ff7f00")


def score_color(score: float) -> str:
    """The class colour of a score (0–100 points); out-of-range scores take the end class."""
    for upper, color in zip(SCORE_BOUNDS[1:], SCORE_COLORS, strict=True):
        if score < upper:
            return color
    return SCORE_COLORS[-1]


def concept_colors(concepts: Sequence[str]) -> dict[str, str]:
    """A colour per concept name, by sorted name, so every export agrees."""
    names = sorted({str(name) for name in concepts})
    return {name: CONCEPT_PALETTE[i % len(CONCEPT_PALETTE)] for i, name in enumerate(names)}


def rgb(color: str, alpha: int = 255) -> str:
    """``"#rrggbb"`` as QGIS writes colours: ``"r,g,b,a"``."""
    value = color.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"{red},{green},{blue},{alpha}"
