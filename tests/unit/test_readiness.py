"""Readiness: earliest start quarters from plan status, zoning and owner; quarter labels."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.bundle_rules import ReadinessRules
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.readiness import quarter_label, quarter_labels, readiness
from bouwstroom_qgis.core.stream_settings import Quarter


def sites(**columns: list) -> pd.DataFrame:
    return pd.DataFrame(columns, index=[f"r{i}" for i in range(len(next(iter(columns.values()))))])


def test_default_rules_add_plan_and_owner_delays():
    table = sites(
        plan_status=["vastgesteld", "geconsolideerd", "ontwerp", "voorontwerp", "concept", None],
        residential_share=[1.0, 0.9, 0.8, 0.7, 0.6, 1.0],
        owner_type=["corporatie", "gemeente", "overig", "corporatie", "provincie", None],
    )
    got = readiness(table, ReadinessRules())
    # plan: 0, 0, 2, 4, 4, 8 (unknown); owner: 0, 0, +4, 0, +4, +4 (unknown)
    assert got.tolist() == [0, 0, 6, 4, 8, 12]
    assert got.name == "ready_quarter"
    assert list(got.index) == list(table.index)
    assert got.dtype == np.int64


def test_a_zoning_change_counts_as_unknown_status():
    table = sites(
        plan_status=["vastgesteld", "vastgesteld", "vastgesteld", "ontwerp"],
        residential_share=[0.5, 0.49, np.nan, 0.2],
        owner_type=["gemeente"] * 4,
    )
    # at the threshold 0.5 no change is needed; below it or unknown: 8 quarters
    assert readiness(table, ReadinessRules()).tolist() == [0, 8, 8, 8]


def test_scenario_rules_replace_the_defaults():
    rules = ReadinessRules(
        status_delay={
            "vastgesteld": 1,
            "geconsolideerd": 0,
            "ontwerp": 3,
            "voorontwerp": 5,
            "concept": 6,
        },
        unknown_delay=10,
        zoning_change_below=0.3,
        ready_owner_types=("corporatie",),
        owner_delay=2,
    )
    table = sites(
        plan_status=["vastgesteld", "ontwerp", "concept", "vastgesteld"],
        residential_share=[0.4, 0.29, 1.0, 1.0],
        owner_type=["corporatie", "corporatie", "gemeente", "corporatie"],
    )
    assert readiness(table, rules).tolist() == [1, 10, 8, 1]


def test_absent_columns_mean_unknown_for_every_site():
    got = readiness(pd.DataFrame({"site_id": ["a", "b"]}), ReadinessRules())
    assert got.tolist() == [12, 12]  # unknown status (8) and unknown owner type (4)


def test_status_is_read_case_and_space_insensitively():
    table = sites(plan_status=[" Vastgesteld ", "ONTWERP"], residential_share=[1.0, 1.0],
                  owner_type=["gemeente", "gemeente"])  # fmt: skip
    assert readiness(table, ReadinessRules()).tolist() == [0, 2]


def test_unknown_status_code_is_an_input_error():
    table = sites(plan_status=["vastgesteld", "goedgekeurd"], residential_share=[1.0, 1.0])
    with pytest.raises(InputError, match="plan_status 'goedgekeurd' is no IMRO plan status"):
        readiness(table, ReadinessRules())


def test_residential_share_that_is_no_number_is_an_input_error():
    table = sites(plan_status=["vastgesteld"], residential_share=["veel"])
    with pytest.raises(InputError, match="residential_share 'veel' is not a number"):
        readiness(table, ReadinessRules())


def test_the_input_is_not_modified():
    table = sites(plan_status=[" Ontwerp"], residential_share=[0.9], owner_type=["gemeente"])
    before = table.copy()
    readiness(table, ReadinessRules())
    pd.testing.assert_frame_equal(table, before)


def test_quarter_labels_count_from_the_start_quarter():
    start = Quarter(2026, 1)
    assert quarter_label(start, 0) == "2026-Q1"
    assert quarter_label(start, 4) == "2027-Q1"
    assert quarter_label(Quarter(2026, 4), 1) == "2027-Q1"
    assert quarter_label(Quarter(2026, 2), 11) == "2029-Q1"
    labels = quarter_labels(Quarter(2026, 3), pd.Series([0, 2, 9, None], dtype="Int64"))
    assert labels.tolist()[:3] == ["2026-Q3", "2027-Q1", "2028-Q4"]
    assert pd.isna(labels.iloc[3])


def test_without_a_start_quarter_labels_count_quarters():
    assert quarter_label(None, 8) == "quarter +8"
    assert quarter_labels(None, pd.Series([0, 5])).tolist() == ["quarter +0", "quarter +5"]
