"""The build stream plan on hand-computed schedules, every rule on random bundles, bad input."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core.errors import InputError, ScenarioError
from bouwstroom_qgis.core.stream import SCHEDULE_COLUMNS, plan_stream
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings

RATES = {"rijwoning": 24, "levensloop": 16, "appartementen": 32}
SETTINGS = StreamSettings(start=Quarter(2027, 1), rates=RATES)


def bundles(rows: list[tuple[object, str, int, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["bundle_id", "concept", "homes", "earliest_quarter"])


def row(plan, bundle_id):
    found = plan.schedule[plan.schedule["bundle_id"] == bundle_id]
    assert len(found) == 1
    return found.iloc[0]


def test_two_bundles_of_one_line_follow_each_other():
    plan = plan_stream(bundles([("B1", "rijwoning", 40, 0), ("B2", "rijwoning", 60, 0)]), SETTINGS)
    assert list(plan.schedule.columns) == list(SCHEDULE_COLUMNS)
    first, second = row(plan, "B1"), row(plan, "B2")
    assert (first.start_quarter, first.end_quarter, first.quarters) == (0, 1, 2)  # 40 / 24
    assert (second.start_quarter, second.end_quarter, second.quarters) == (2, 4, 3)  # 60 / 24
    assert (first.start_label, first.end_label) == ("2027-Q1", "2027-Q2")
    assert (second.start_label, second.end_label) == ("2027-Q3", "2028-Q1")
    assert (second.wait, second.idle_before) == (2, 0)
    assert plan.idle_quarters == {"rijwoning": 0}
    table = plan.table
    assert table["quarter"].tolist() == [0, 1, 2, 3, 4]
    assert table["homes"].tolist() == [24, 16, 24, 24, 12]  # last quarters partial
    assert table["quarter_label"].tolist() == [
        "2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4", "2028-Q1",
    ]  # fmt: skip
    assert table.groupby("bundle_id")["homes"].sum().to_dict() == {"B1": 40, "B2": 60}


def test_a_line_idles_only_until_the_next_bundle_is_ready():
    plan = plan_stream(bundles([("B1", "rijwoning", 40, 0), ("B2", "rijwoning", 60, 5)]), SETTINGS)
    second = row(plan, "B2")
    assert (second.start_quarter, second.end_quarter) == (5, 7)
    assert (second.idle_before, second.wait) == (3, 0)  # quarters 2, 3 and 4
    assert plan.idle_quarters == {"rijwoning": 3}
    line = plan.lines.iloc[0]
    assert (line.first_quarter, line.last_quarter, line.busy_quarters) == (0, 7, 5)
    assert any("3 idle quarter(s) because no bundle was ready" in n for n in plan.notes)


def test_concept_lines_run_in_parallel_at_their_own_rate():
    plan = plan_stream(
        bundles(
            [
                ("R1", "rijwoning", 48, 0),
                ("L1", "levensloop", 40, 0),
                ("A1", "appartementen", 64, 1),
                ("R2", "rijwoning", 24, 0),
            ]
        ),
        SETTINGS,
    )
    spans = {
        b: (r.start_quarter, r.end_quarter, r.rate)
        for b, r in zip(plan.schedule["bundle_id"], plan.schedule.itertuples(), strict=True)
    }
    assert spans == {
        "R1": (0, 1, 24),
        "R2": (2, 2, 24),
        "L1": (0, 2, 16),  # 40 / 16 = 2.5 -> 3 quarters
        "A1": (1, 2, 32),
    }
    # chronological: start quarter, then concept, then bundle id
    assert plan.schedule["bundle_id"].tolist() == ["L1", "R1", "A1", "R2"]
    per_quarter = plan.table.groupby(["quarter", "concept"])["homes"].sum()
    assert per_quarter.to_dict() == {
        (0, "levensloop"): 16, (0, "rijwoning"): 24,
        (1, "appartementen"): 32, (1, "levensloop"): 16, (1, "rijwoning"): 24,
        (2, "appartementen"): 32, (2, "levensloop"): 8, (2, "rijwoning"): 24,
    }  # fmt: skip
    assert plan.table["homes"].sum() == 48 + 40 + 64 + 24
    lines = plan.lines.set_index("concept")
    assert lines.loc["rijwoning", ["bundles", "homes"]].tolist() == [2, 72]


def test_order_on_a_line_is_earliest_quarter_then_bundle_id():
    plan = plan_stream(
        bundles(
            [
                ("B3", "rijwoning", 24, 1),
                ("B2", "rijwoning", 24, 0),
                ("B1", "rijwoning", 24, 0),
            ]
        ),
        SETTINGS,
    )
    assert plan.schedule["bundle_id"].tolist() == ["B1", "B2", "B3"]
    assert plan.schedule["start_quarter"].tolist() == [0, 1, 2]
    numeric = plan_stream(
        bundles([(10, "rijwoning", 24, 0), (9, "rijwoning", 24, 0)]), SETTINGS
    )  # numeric ids sort as numbers: 9 before 10
    assert numeric.schedule["bundle_id"].tolist() == [9, 10]


def test_gap_between_bundles_and_overlap():
    rows = [("B1", "rijwoning", 40, 0), ("B2", "rijwoning", 60, 0)]
    gap = plan_stream(bundles(rows), StreamSettings(Quarter(2027, 1), RATES, gap=1))
    assert row(gap, "B2").start_quarter == 3
    assert gap.idle_quarters == {"rijwoning": 1}
    assert any("1 quarter(s) of gap = 1" in n for n in gap.notes)
    overlap = plan_stream(bundles(rows), StreamSettings(Quarter(2027, 1), RATES, gap=-1))
    assert row(overlap, "B2").start_quarter == 1  # in B1's last, partial quarter
    quarter_1 = overlap.table[overlap.table["quarter"] == 1]["homes"].sum()
    assert quarter_1 == 16 + 24
    assert any("overlap in 1 quarter(s)" in n for n in overlap.notes)


def test_earliest_quarter_as_label_and_before_the_start():
    plan = plan_stream(
        bundles([("B1", "rijwoning", 24, "2027-Q3"), ("B2", "levensloop", 16, "2026-Q2")]),
        SETTINGS,
    )
    assert row(plan, "B1").start_quarter == 2
    early = row(plan, "B2")
    assert (early.earliest_quarter, early.start_quarter, early.wait) == (-3, 0, 0)
    assert any("1 bundle(s) ready before the start quarter 2027-Q1" in n for n in plan.notes)


def test_rate_notes_and_the_default_rate():
    plan = plan_stream(
        bundles([("B1", "twee_onder_een_kap", 30, 0)]),
        StreamSettings(Quarter(2027, 1), {"rijwoning": 24}, default_rate=10),
    )
    assert row(plan, "B1").quarters == 3
    assert any("default_rate = 10" in n for n in plan.notes)
    assert any("rate for rijwoning is used by no bundle" in n for n in plan.notes)


def test_rate_notes_tell_a_misspelt_concept_from_an_idle_line():
    rates = {"rijwoning": 24, "levensloop": 12, "rijwonnig": 24}
    plan = plan_stream(
        bundles([("B1", "rijwoning", 40, 0)]),
        StreamSettings(Quarter(2027, 1), rates),
        catalogue=["rijwoning", "levensloop", "appartementen"],
    )
    rate_notes = [n for n in plan.notes if n.startswith("rate for")]
    assert rate_notes == [
        "rate for rijwonnig names no concept of the catalogue; check the spelling",
        "rate for levensloop is used by no bundle (the bundles' concepts are rijwoning)",
    ]


def test_the_input_is_not_modified_and_its_order_does_not_matter():
    given_rows = bundles(
        [("B2", "rijwoning", 60, 2), ("A1", "levensloop", 30, 0), ("B1", "rijwoning", 40, 0)]
    )
    before = given_rows.copy()
    plan = plan_stream(given_rows, SETTINGS)
    pd.testing.assert_frame_equal(given_rows, before)
    shuffled = plan_stream(given_rows.iloc[[2, 0, 1]].reset_index(drop=True), SETTINGS)
    pd.testing.assert_frame_equal(plan.schedule, shuffled.schedule)
    pd.testing.assert_frame_equal(plan.table, shuffled.table)


def test_no_bundles_gives_an_empty_plan():
    plan = plan_stream(bundles([]), SETTINGS)
    assert plan.schedule.empty and plan.table.empty and plan.lines.empty
    assert plan.notes == ("no bundles to plan",)
    assert plan.idle_quarters == {}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([("B1", "rijwoning", 0, 0)], "homes is 0; it must be a whole number of at least 1"),
        ([("B1", "rijwoning", 12.5, 0)], "homes is 12.5"),
        ([("B1", "rijwoning", 24, None)], "earliest_quarter is empty"),
        ([("B1", "rijwoning", 24, "Q3 2027")], "earliest_quarter is 'Q3 2027'"),
        ([("B1", "rijwoning", 24, 1.5)], "earliest_quarter is 1.5"),
        ([("B1", "rijwoning", 24, 0), ("B1", "rijwoning", 24, 0)], "'B1' appears twice"),
        ([("B1", None, 24, 0)], "feature B1: the bundle has no concept"),
        ([(None, "rijwoning", 24, 0)], "a bundle has no bundle_id"),
    ],
)
def test_bad_bundles_are_refused_with_the_bundle_named(rows, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(".", r"\.")):
        plan_stream(bundles(rows), SETTINGS)


def test_missing_column_start_or_rate_is_explained():
    with pytest.raises(InputError, match="lacks the column 'earliest_quarter'"):
        plan_stream(bundles([]).drop(columns="earliest_quarter"), SETTINGS)
    with pytest.raises(ScenarioError, match=r"start = \"2027-Q1\" in \[stream\]"):
        plan_stream(bundles([]), StreamSettings(rates=RATES))
    with pytest.raises(ScenarioError, match="no production rate for concept woonwagen"):
        plan_stream(bundles([("B1", "woonwagen", 4, 0)]), SETTINGS)


bundle_rows = st.lists(
    st.tuples(
        st.sampled_from(["rijwoning", "levensloop", "appartementen"]),
        st.integers(1, 150),
        st.integers(-2, 12),
    ),
    max_size=25,
)


@settings(max_examples=150, deadline=None)
@given(bundle_rows, st.integers(0, 2))
def test_every_rule_holds_on_random_bundles(rows, gap):
    frame = bundles([(f"B{i:02d}", c, h, e) for i, (c, h, e) in enumerate(rows)])
    plan = plan_stream(frame, StreamSettings(Quarter(2027, 1), RATES, gap=gap))
    schedule = plan.schedule.set_index("bundle_id")
    assert len(schedule) == len(frame)
    ready = np.maximum(frame.set_index("bundle_id")["earliest_quarter"], 0)
    assert (schedule["start_quarter"] >= ready.loc[schedule.index]).all()
    assert (schedule["quarters"] == -(-schedule["homes"] // schedule["rate"])).all()
    sums = plan.table.groupby("bundle_id")["homes"].sum()
    assert sums.loc[schedule.index].tolist() == schedule["homes"].tolist()
    per_line = plan.table.groupby(["quarter", "concept"])["homes"].sum()
    rates = per_line.index.get_level_values("concept").map(RATES)
    assert (per_line.to_numpy() <= rates.to_numpy()).all()  # never above the line's rate
    for concept, line in schedule.groupby("concept"):
        line = line.sort_values("start_quarter")
        starts, ends = line["start_quarter"].to_numpy(), line["end_quarter"].to_numpy()
        assert (starts[1:] >= ends[:-1] + 1 + gap).all()  # one bundle at a time, gap kept
        # No avoidable idle quarter: when the line waits beyond the gap, nothing that
        # comes later on it was ready then.
        for i in range(1, len(line)):
            free = ends[i - 1] + 1 + gap
            if starts[i] > free:
                later = ready.loc[line.index[i:]]
                assert (later > free).all() and starts[i] == later.min()
        idle = int((starts[1:] - ends[:-1] - 1).sum()) if len(line) > 1 else 0
        assert plan.idle_quarters[concept] == idle


def test_bundles_that_could_only_start_beyond_the_horizon_are_not_planned():
    rows = [("B1", "rijwoning", 48, 0), ("B2", "rijwoning", 48, 0), ("B3", "rijwoning", 48, 0)]
    rows.append(("B4", "levensloop", 16, 5))
    settings = StreamSettings(start=Quarter(2027, 1), rates=RATES, horizon=4)
    plan = plan_stream(bundles(rows), settings)
    # rijwoning: B1 in quarters 0-1, B2 in 2-3 (started within the horizon, planned whole);
    # B3 would start in quarter 4 and the levensloop bundle is only ready in quarter 5
    assert plan.schedule["bundle_id"].tolist() == ["B1", "B2"]
    assert plan.beyond == ("B3", "B4")
    assert set(plan.table["bundle_id"]) == {"B1", "B2"}
    assert any(
        "2 bundle(s) with 64 homes could only start at or after 2028-Q1, beyond the horizon" in n
        for n in plan.notes
    )
    everything = plan_stream(bundles(rows), SETTINGS)
    assert everything.beyond == () and len(everything.schedule) == 4
    assert row(everything, "B3").start_quarter == 4
