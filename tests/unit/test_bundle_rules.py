"""The bundling rules as configuration: defaults, units and concept groups."""

from __future__ import annotations

from bouwstroom_qgis.core.bundle_rules import (
    DEFAULT_STATUS_DELAY,
    PER_FAMILY,
    BundleRules,
    ReadinessRules,
)


def test_defaults_match_the_stream():
    rules = BundleRules()
    assert (rules.min_homes, rules.max_homes, rules.max_spread_km) == (40, 150, 15.0)
    assert rules.max_spread_m == 15_000.0
    assert (rules.solver, rules.time_limit) == ("auto", 20.0)
    assert ReadinessRules().status_delay is DEFAULT_STATUS_DELAY
    assert dict(DEFAULT_STATUS_DELAY) == {
        "vastgesteld": 0,
        "geconsolideerd": 0,
        "ontwerp": 2,
        "voorontwerp": 4,
        "concept": 4,
    }


def test_family_of_merges_catalogue_and_scenario():
    rules = BundleRules(per=PER_FAMILY, families={"laag": ("rijwoning",)})
    assert rules.family_of() == {"rijwoning": "laag"}
    assert rules.family_of({"rijwoning": "grondgebonden", "appartementen": "gestapeld"}) == {
        "rijwoning": "laag",
        "appartementen": "gestapeld",
    }
    assert BundleRules(families={"laag": ("rijwoning",)}).family_of() == {}
