"""Criteria with their weights in points, and exclusion rules with the parcels they exclude."""

from __future__ import annotations

import pandas as pd
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.criteria import criteria_table, exclusions_table, format_params
from bouwstroom_qgis.core.scenario import load_scenario
from bouwstroom_qgis.paths import resource


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(resource("scenarios", "bouwstroom_noord.toml"))


def test_parameters_read_as_a_line() -> None:
    assert format_params({"range": (800.0, 5000.0)}) == "range = 800 – 5000"
    assert format_params({"values": {"b": 0.5, "a": 1.0}, "default": 0.0}) == (
        "default = 0; values: a = 1, b = 0.5"
    )


def test_weights_in_points_sum_to_100_per_level(scenario) -> None:
    table = criteria_table(scenario, "nl")
    assert set(table["level"]) == {"perceel", "locatie"}
    assert table.groupby("level")["weight"].sum().tolist() == pytest.approx([100.0, 100.0])
    assert len(table) == len(scenario.criteria) + len(scenario.sites.criteria)


def test_exclusion_counts_split_joined_reasons(scenario) -> None:
    first, second = scenario.exclusions[0], scenario.exclusions[1]
    parcels = pd.DataFrame(
        {
            s.EXCLUDED: [True, True, True, False],
            s.EXCLUSION_REASON: [
                first.reason,
                f"{first.reason}; {second.reason}",
                "x onbekend",
                "",
            ],
            s.AREA: [1000.0, 3000.0, 500.0, 99.0],
        }
    )
    table = exclusions_table(parcels, scenario, "en").set_index(s.EXCLUSION_REASON)
    assert table.loc[first.reason, "parcels_count"] == 2
    assert table.loc[first.reason, "area_ha"] == pytest.approx(0.4)
    assert table.loc[second.reason, "parcels_count"] == 1
    assert table.loc["x onbekend", "rule"] == "(unknown value of a criterion)"
    assert table.loc[first.reason, "rule"] == f"{first.metric} {first.op} {first.value:g}"
    others = [e.reason for e in scenario.exclusions[2:]]
    assert (table.loc[others, "parcels_count"] == 0).all()
