"""Charts: a continuous quarter axis and a stream chart that stacks the plan."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bouwstroom_qgis.core.export.charts import (
    bar_panel,
    breakdown_rows,
    capacity_rows,
    quarter_axis,
    stream_chart,
)


def test_quarter_axis_fills_gaps_in_either_style() -> None:
    assert quarter_axis(["2027-Q4", "2027-Q2"]) == ["2027-Q2", "2027-Q3", "2027-Q4"]
    assert quarter_axis(["2028Q1", "2027Q3"]) == ["2027Q3", "2027Q4", "2028Q1"]
    assert quarter_axis(["fase 2", "fase 1"]) == ["fase 1", "fase 2"]


def test_stream_chart_stacks_homes_per_quarter_and_concept() -> None:
    plan = pd.DataFrame(
        {
            "quarter": ["2027-Q1", "2027-Q1", "2027-Q3"],
            "concept": ["rijwoning", "levensloop", "rijwoning"],
            "bundle_id": ["B1", "B2", "B1"],
            "homes_started": [10, 4, 6],
        }
    )
    ax = Figure().add_subplot()
    assert stream_chart(ax, plan, "Bouwstroom", "Woningen") == 3  # Q2 shown empty
    heights = {}
    for container in ax.containers:
        heights[container.get_label()] = [bar.get_height() for bar in container]
    assert heights == {"levensloop": [4, 0, 0], "rijwoning": [10, 0, 6]}
    assert stream_chart(Figure().add_subplot(), plan.drop(columns="homes_started"), "", "") == 0


def test_stream_chart_reads_the_plans_quarter_labels_in_date_order() -> None:
    # the plan table as the run writes it: quarters counted from the start (which sort
    # as text "0", "10", "11", "2") and their labels
    plan = pd.DataFrame(
        {
            "quarter": [0, 2, 10, 11],
            "quarter_label": ["2027-Q1", "2027-Q3", "2029-Q3", "2029-Q4"],
            "concept": ["rijwoning"] * 4,
            "bundle_id": ["B01", "B01", "B02", "B02"],
            "homes": [24, 12, 24, 6],
        }
    )
    figure = Figure()
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    assert stream_chart(ax, plan, "Bouwstroom", "Woningen") == 12
    heights = [bar.get_height() for bar in ax.containers[0]]
    assert heights == [24, 0, 12, 0, 0, 0, 0, 0, 0, 0, 24, 6]
    ticks = [label.get_text() for label in ax.get_xticklabels()]
    assert ticks[0] == "2027-Q1" and ticks[-1] == "2029-Q4" and ticks == sorted(ticks)


def test_bar_panel_scales_each_chart_to_its_largest() -> None:
    ax = Figure().add_subplot()
    drawn = bar_panel(
        ax,
        [
            ("Opbouw", breakdown_rows([("station", 7.5, 10.0), ("school", 3.0, 5.0)])),
            ("Capaciteit", capacity_rows([("rijwoning", 12), ("twee_onder", 8)], "rijwoning")),
        ],
    )
    assert drawn == 4
    tracks, bars = ax.collections
    widths = [np.ptp(path.vertices[:, 0]) for path in bars.get_paths()]
    track_widths = [np.ptp(path.vertices[:, 0]) for path in tracks.get_paths()]
    # the first chart is scaled to 10 points, the second to 12 homes, both to the same width
    assert widths[0] / track_widths[0] == pytest.approx(0.75)
    assert widths[1] == pytest.approx(widths[0] * 3.0 / 7.5)
    assert widths[2] == pytest.approx(track_widths[0])
    assert widths[3] == pytest.approx(widths[2] * 8 / 12)
    colours = bars.get_facecolors()
    assert tuple(colours[2]) != tuple(colours[3])  # the best concept stands out
    words = [t.get_text() for t in ax.texts]
    assert words == [
        "Opbouw",
        "station",
        "7.5 / 10",
        "school",
        "3.0 / 5",
        "Capaciteit",
        "rijwoning",
        "12",
        "twee onder",
        "8",
    ]


def test_bar_labels_write_numbers_as_the_language_does() -> None:
    rows = [("Opbouw", breakdown_rows([("station", 7.5, 10.0), ("grootte", 1234.5, 2000.0)]))]
    for language, expected in (
        ("nl", ["7,5 / 10", "1.234,5 / 2.000"]),
        ("en", ["7.5 / 10", "1,234.5 / 2,000"]),
    ):
        ax = Figure().add_subplot()
        bar_panel(ax, rows, language)
        assert [t.get_text() for t in ax.texts if "/" in t.get_text()] == expected
