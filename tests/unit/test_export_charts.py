"""Charts: a continuous quarter axis and a stream chart that stacks the plan."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from bouwstroom_qgis.core.export.charts import (
    capacity_chart,
    quarter_axis,
    score_breakdown,
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


def test_breakdown_and_capacity_bars() -> None:
    ax = Figure().add_subplot()
    score_breakdown(ax, [("station", 7.5, 10.0), ("school", 3.0, 5.0)], "Opbouw")
    widths = [bar.get_width() for bar in ax.patches]
    assert widths == [10.0, 5.0, 7.5, 3.0]  # the most possible behind, the points in front
    ax = Figure().add_subplot()
    capacity_chart(ax, [("rijwoning", 12), ("levensloop", 8)], "rijwoning", "Capaciteit")
    first, second = (bar.get_facecolor()[:3] for bar in ax.patches)
    assert first != second  # the best concept stands out
