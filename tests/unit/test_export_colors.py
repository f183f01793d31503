"""Colours shared by styles, workbook and maps."""

from bouwstroom_qgis.core.export.colors import (
    CONCEPT_PALETTE,
    SCORE_COLORS,
    concept_colors,
    rgb,
    score_color,
)


def test_score_classes_of_twenty_points() -> None:
    assert [score_color(v) for v in (0, 19.99, 20, 59.9, 80, 100, 120)] == [
        SCORE_COLORS[0],
        SCORE_COLORS[0],
        SCORE_COLORS[1],
        SCORE_COLORS[2],
        SCORE_COLORS[4],
        SCORE_COLORS[4],
        SCORE_COLORS[4],
    ]


def test_concepts_get_colours_by_sorted_name() -> None:
    assert concept_colors(["b", "a", "b"]) == {"a": CONCEPT_PALETTE[0], "b": CONCEPT_PALETTE[1]}


def test_qgis_colour_text() -> None:
    assert rgb("#d7191c") == "215,25,28,255" and rgb("#1a9641", 60) == "26,150,65,60"
