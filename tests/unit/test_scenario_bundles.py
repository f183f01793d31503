"""[bundles]: defaults, parsed values, and every refusal with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.bundle_rules import BundleRules, ReadinessRules
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario
from bouwstroom_qgis.paths import resource

FILE = Path("/data/s.toml")
BASE = """\
[[criteria]]
name = "size"
metric = "area_m2"
function = "linear"
range = [0, 1000]
weight = 1
"""
BUNDLES = """
[bundles]
min_homes = 30
max_homes = 120
max_spread_km = 12.5
readiness_window = 3
concepts = "any"
per = "family"
max_municipality_share = 0.6
max_owner_share = 0.75
excluded = ["S-3", "S-4"]
solver = "heuristic"
time_limit = 8

[bundles.families]
grondgebonden = ["rijwoning", "levensloop"]
gestapeld = ["appartementen"]

[bundles.pinned]
"S-1" = "Veendam-1"
"S-2" = " Veendam-1 "

[bundles.readiness]
ontwerp = 3
unknown = 10
zoning_change_below = 0.4
owner_delay = 6
ready_owner_types = ["corporatie"]
"""


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if snippet in line)


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, FILE)
    return info.value


def test_a_scenario_without_bundles_gets_the_defaults():
    rules = parse_scenario(BASE, FILE).bundles
    assert rules == BundleRules()
    assert (rules.min_homes, rules.max_homes, rules.max_spread_km) == (40, 150, 15.0)
    assert (rules.readiness_window, rules.concepts, rules.per, rules.solver) == (
        4,
        "best",
        "concept",
        "auto",
    )
    assert (rules.time_limit, rules.start) == (20.0, None)
    assert rules.max_municipality_share is None and rules.max_owner_share is None
    assert dict(rules.readiness.status_delay) == {
        "vastgesteld": 0,
        "geconsolideerd": 0,
        "ontwerp": 2,
        "voorontwerp": 4,
        "concept": 4,
    }
    assert rules.readiness.unknown_delay == 8 and rules.readiness.owner_delay == 4


def test_the_shipped_scenario_still_loads():
    assert load_scenario(resource("scenarios", "bouwstroom_noord.toml")).bundles == BundleRules()


def test_every_key_is_read():
    rules = parse_scenario(BASE + BUNDLES, FILE).bundles
    assert (rules.min_homes, rules.max_homes, rules.max_spread_km) == (30, 120, 12.5)
    assert rules.max_spread_m == 12_500.0
    assert (rules.readiness_window, rules.concepts, rules.per) == (3, "any", "family")
    assert (rules.max_municipality_share, rules.max_owner_share) == (0.6, 0.75)
    assert rules.excluded == ("S-3", "S-4")
    assert rules.pinned == {"S-1": "Veendam-1", "S-2": "Veendam-1"}
    assert (rules.solver, rules.time_limit, rules.start) == ("heuristic", 8.0, None)
    assert rules.families == {
        "grondgebonden": ("rijwoning", "levensloop"),
        "gestapeld": ("appartementen",),
    }
    assert rules.readiness == ReadinessRules(
        status_delay={
            "concept": 4,
            "voorontwerp": 4,
            "ontwerp": 3,
            "vastgesteld": 0,
            "geconsolideerd": 0,
        },
        unknown_delay=10,
        zoning_change_below=0.4,
        ready_owner_types=("corporatie",),
        owner_delay=6,
    )


def test_families_map_concepts_and_the_scenario_overrides_the_catalogue():
    rules = parse_scenario(BASE + BUNDLES, FILE).bundles
    catalogue = {"rijwoning": "laag", "twee_onder_een_kap": "laag"}
    assert rules.family_of(catalogue) == {
        "rijwoning": "grondgebonden",
        "levensloop": "grondgebonden",
        "appartementen": "gestapeld",
        "twee_onder_een_kap": "laag",
    }
    assert BundleRules().family_of(catalogue) == {}  # per concept: no families


@pytest.mark.parametrize(
    ("replace", "snippet", "message"),
    [
        ("min_homes = 30", "min_homes = 30.5", "min_homes = 30.5 must be a whole number of 1"),
        ("min_homes = 30", "min_homes = 0", "min_homes = 0 must be a whole number of 1"),
        ("max_homes = 120", "max_homes = 20", "max_homes = 20 is below min_homes = 30"),
        ("max_spread_km = 12.5", "max_spread_km = 0", "max_spread_km = 0 must be more than 0"),
        ("max_spread_km = 12.5", 'max_spread_km = "ver"', "must be a number"),
        ("readiness_window = 3", "readiness_window = -1", "readiness_window = -1 must be"),
        ('concepts = "any"', 'concepts = "alle"', "'concepts' is 'alle'; use one of best, any"),
        ('per = "family"', 'per = "soort"', "use one of concept, family"),
        ("max_owner_share = 0.75", "max_owner_share = 1.5", "max_owner_share = 1.5 must be"),
        ("max_municipality_share = 0.6", "max_municipality_share = 0", "must be a share"),
        ('solver = "heuristic"', 'solver = "gurobi"', "use one of auto, cp-sat, heuristic"),
        ("time_limit = 8", "time_limit = 0", "time_limit = 0 s must lie between"),
        ("time_limit = 8", "time_limit = 7200", "time_limit = 7200 s must lie between"),
        ("time_limit = 8", 'start_quarter = "2027-Q1"', "unknown key 'start_quarter' in [bundles]"),
        ('excluded = ["S-3", "S-4"]', 'excluded = ["S-3", "S-3"]', "'S-3' is listed twice"),
        ('excluded = ["S-3", "S-4"]', "excluded = [3]", "excluded must be a list of site ids"),
        ('excluded = ["S-3", "S-4"]', 'excluded = ["S-1"]', "'S-1' is both pinned and excluded"),
        ('"S-1" = "Veendam-1"', '"S-1" = 7', "site 'S-1' must be pinned to a bundle name"),
        ('gestapeld = ["appartementen"]', 'gestapeld = ["rijwoning"]', "in two families"),
        ('gestapeld = ["appartementen"]', "gestapeld = []", "family 'gestapeld' must list"),
        ("ontwerp = 3", "ontwerp = 3.5", "ontwerp = 3.5 must be a whole number of 0"),
        ("ontwerp = 3", "ontwerp = 90", "ontwerp = 90 quarters is more than 80"),
        ("owner_delay = 6", "owner_dlay = 6", "did you mean 'owner_delay'?"),
        ("zoning_change_below = 0.4", "zoning_change_below = 2", "must be a share between"),
        ('ready_owner_types = ["corporatie"]', 'ready_owner_types = ["woningbouw"]', "must list"),
        ("min_homes = 30", "min_homs = 30", "unknown key 'min_homs' in [bundles]; did you mean"),
    ],
)
def test_a_bad_value_names_its_line(replace, snippet, message):
    text = BASE + BUNDLES.replace(replace, snippet)
    err = error_of(text)
    assert message in str(err)
    assert err.line == line_of(text, snippet.split(" = ")[0].split("[")[0].strip())
    assert str(err).startswith(f"{FILE}, line {err.line}:")


def test_bundles_must_be_a_table():
    err = error_of('bundles = "yes"\n' + BASE)
    assert "[bundles] must be a table" in str(err)
    assert err.line == 1
