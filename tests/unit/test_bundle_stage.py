"""The bundle stage: bundles from scored sites, planned in the build stream by quarter."""

from __future__ import annotations

import dataclasses

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.bundle_stage import BUNDLE_LAYER_COLUMNS, build_bundles
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import load_scenario
from bouwstroom_qgis.core.stream_settings import Quarter, StreamSettings
from bouwstroom_qgis.paths import resource
from tests.unit.test_bundling import sites_at

SHIPPED = load_scenario(resource("scenarios", "bouwstroom_noord.toml"))


def scenario(**stream):
    rules = BundleRules(min_homes=40, max_homes=60, max_spread_km=5.0, solver="heuristic")
    settings = StreamSettings(**{"start": Quarter(2027, 1), "rates": {"rijwoning": 24}, **stream})
    return dataclasses.replace(SHIPPED, bundles=rules, stream=settings)


def four_sites():
    """Two pairs of rijwoning sites 1 km apart; the second pair waits two quarters."""
    return sites_at(
        [
            {"site_id": "S-A", "x": 0.0, "homes": 20, "score": 80.0},
            {"site_id": "S-B", "x": 1.0, "homes": 20, "score": 70.0},
            {"site_id": "S-C", "x": 20.0, "homes": 30, "plan_status": "ontwerp"},
            {"site_id": "S-D", "x": 21.0, "homes": 30, "plan_status": "ontwerp"},
            {"site_id": "S-E", "x": 40.0, "homes": 10},
        ]
    )


def test_bundles_are_planned_on_their_line_from_when_their_last_site_is_ready():
    report = Report()
    result = build_bundles(scenario(), four_sites(), report)
    bundles = result.bundles.set_index(s.BUNDLE_ID)
    assert list(result.bundles.columns) == [*BUNDLE_LAYER_COLUMNS, "geometry"]
    assert bundles[s.HOMES].to_dict() == {"B01": 40, "B02": 60}
    assert bundles[s.SITE_IDS].to_dict() == {"B01": "S-A; S-B", "B02": "S-C; S-D"}
    # 40 homes at 24 a quarter: 2027-Q1 and Q2; 60 homes ready from 2027-Q3 (ontwerp: 2
    # quarters) take three quarters on the same line, right after the first
    assert bundles[s.START_QUARTER].to_dict() == {"B01": "2027-Q1", "B02": "2027-Q3"}
    assert bundles[s.END_QUARTER].to_dict() == {"B01": "2027-Q2", "B02": "2028-Q1"}
    assert bundles[s.LATEST_LABEL].to_dict() == {"B01": "2027-Q1", "B02": "2027-Q3"}
    table = result.plan_table
    assert table is not None
    assert table.groupby(s.BUNDLE_ID)[s.HOMES].sum().to_dict() == {"B01": 40, "B02": 60}
    assert table[s.HOMES].max() == 24
    sites = result.sites.set_index(s.SITE_ID)
    assert sites[s.BUNDLE_ID].isna().to_dict() == {
        "S-A": False, "S-B": False, "S-C": False, "S-D": False, "S-E": True
    }  # fmt: skip
    assert sites.loc["S-C", s.START_QUARTER] == "2027-Q3"
    assert sites.loc["S-C", s.READY_LABEL] == "2027-Q3"
    assert "min_homes" in sites.loc["S-E", s.BUNDLE_REASON]
    assert pd.isna(sites.loc["S-A", s.BUNDLE_REASON])
    assert result.summary().startswith("Bundles: 2 with 100 homes on 4 sites; solver heuristic")


def test_without_a_start_quarter_bundles_are_made_but_not_planned():
    report = Report()
    result = build_bundles(scenario(start=None), four_sites(), report)
    assert len(result.bundles) == 2 and result.plan is None and result.plan_table is None
    assert result.bundles[s.START_QUARTER].isna().all()
    assert result.bundles[s.LATEST_LABEL].tolist() == ["quarter +0", "quarter +2"]
    assert any("no start quarter" in line for line in report.lines())


def test_rules_no_bundle_can_meet_are_said_in_the_report():
    report = Report()
    sites = four_sites()
    sites[s.HOMES] = 5
    sites["homes_rijwoning"] = 5
    result = build_bundles(scenario(), sites, report)
    assert len(result.bundles) == 0 and result.plan is None
    assert result.sites[s.BUNDLE_ID].isna().all()
    assert any("no bundle possible" in line and "min_homes 40" in line for line in report.lines())
    assert "gap" not in result.summary()


def test_bundles_beyond_the_horizon_keep_their_sites_but_no_start():
    report = Report()
    result = build_bundles(scenario(horizon=2), four_sites(), report)
    bundles = result.bundles.set_index(s.BUNDLE_ID)
    # B01 starts in 2027-Q1; B02 is ready in 2027-Q3, quarter 2: at the horizon
    assert bundles.loc["B01", s.START_QUARTER] == "2027-Q1"
    assert pd.isna(bundles.loc["B02", s.START_QUARTER])
    assert result.plan is not None and result.plan.beyond == ("B02",)
    sites = result.sites.set_index(s.SITE_ID)
    assert sites.loc["S-C", s.BUNDLE_ID] == "B02" and pd.isna(sites.loc["S-C", s.START_QUARTER])
    assert any("beyond the horizon" in line for line in report.lines())
