"""Quarter labels, the quarterly table and the line summary of a finished schedule."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bouwstroom_qgis.core.stream import plan_stream
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings
from bouwstroom_qgis.core.stream_table import bundle_table, line_summary, quarter_labels

START = Quarter(2027, 4)


def test_quarter_labels_for_any_shape():
    labels = quarter_labels(START, np.array([[0, 1], [5, -1]]))
    assert labels.tolist() == [["2027-Q4", "2028-Q1"], ["2029-Q1", "2027-Q3"]]


def test_bundle_table_fills_quarters_at_the_rate_and_the_rest_last():
    schedule = pd.DataFrame(
        {
            "bundle_id": ["X", "Y", "Z"],
            "concept": ["a", "b", "a"],
            "homes": [50, 16, 7],
            "rate": [20, 16, 20],
            "start_quarter": [0, 1, 3],
            "quarters": [3, 1, 1],
        }
    )
    table = bundle_table(schedule, START)
    assert table.to_dict("list") == {
        "quarter": [0, 1, 1, 2, 3],
        "quarter_label": ["2027-Q4", "2028-Q1", "2028-Q1", "2028-Q2", "2028-Q3"],
        "concept": ["a", "a", "b", "a", "a"],
        "bundle_id": ["X", "X", "Y", "X", "Z"],
        "homes": [20, 20, 16, 10, 7],
    }


def test_line_summary_counts_busy_and_idle_quarters():
    bundles = pd.DataFrame(
        {
            "bundle_id": ["B1", "B2", "B3", "L1"],
            "concept": ["rijwoning", "rijwoning", "rijwoning", "levensloop"],
            "homes": [24, 48, 10, 16],
            "earliest_quarter": [0, 3, 9, 2],
        }
    )
    plan = plan_stream(bundles, StreamSettings(START, {"rijwoning": 24, "levensloop": 16}))
    lines = line_summary(plan.schedule, START).set_index("concept")
    # rijwoning: B1 q0, idle q1-q2, B2 q3-q4, idle q5-q8, B3 q9
    assert lines.loc["rijwoning"].to_dict() == {
        "rate": 24, "bundles": 3, "homes": 82, "first_quarter": 0, "last_quarter": 9,
        "first_label": "2027-Q4", "last_label": "2030-Q1", "busy_quarters": 4,
        "idle_quarters": 6,
    }  # fmt: skip
    assert lines.loc["levensloop", ["busy_quarters", "idle_quarters"]].tolist() == [1, 0]
    assert list(lines.index) == ["levensloop", "rijwoning"]
