"""[sites] and [[site_criteria]]: defaults, parsed values and every refusal with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.generator.scenario import scenario_text
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario
from bouwstroom_qgis.core.scenario_model import DEFAULT_SITE_CRITERIA, SiteRules
from bouwstroom_qgis.core.scenario_sites import is_capacity_metric
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
SITES = """
[sites]
tolerance = 1.5
grouping = "any_owner"
same_zoning = true
max_area = 25000
min_area = 800
"""
SITE_CRITERIA = """
[[site_criteria]]
name = "percelen"
metric = "parcel_score"
function = "linear"
range = [0, 100]
weight = 50

[[site_criteria]]
name = "woningen"
metric = "homes"
function = "ideal"
ideal = [8, 60]
limits = [2, 120]
weight = 30

[[site_criteria]]
name = "rijwoningen"
metric = "homes_rijwoning"
function = "threshold"
direction = "benefit"
threshold = 8
weight = 20
missing = "exclude"
"""


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, FILE)
    return info.value


def test_a_scenario_without_sites_gets_the_defaults():
    rules = parse_scenario(BASE, FILE).sites
    assert rules == SiteRules()
    assert (rules.tolerance, rules.grouping, rules.same_zoning) == (2.0, "same_owner", False)
    assert (rules.max_area, rules.min_area) == (40_000.0, 1_000.0)
    assert [(c.name, c.metric, c.weight) for c in rules.criteria] == [
        ("percelen", "parcel_score", 0.6),
        ("woningen", "homes", 0.4),
    ]
    assert rules.criteria == DEFAULT_SITE_CRITERIA


def test_sites_and_site_criteria_are_read():
    rules = parse_scenario(BASE + SITES + SITE_CRITERIA, FILE).sites
    assert (rules.tolerance, rules.grouping, rules.same_zoning) == (1.5, "any_owner", True)
    assert (rules.max_area, rules.min_area) == (25_000.0, 800.0)
    names = [(c.name, c.metric, c.function, c.weight, c.missing) for c in rules.criteria]
    assert names == [
        ("percelen", "parcel_score", "linear", 0.5, "worst"),
        ("woningen", "homes", "ideal", 0.3, "worst"),
        ("rijwoningen", "homes_rijwoning", "threshold", 0.2, "exclude"),
    ]
    assert rules.criteria[1].params == {"ideal": (8.0, 60.0), "limits": (2.0, 120.0)}


def test_the_shipped_and_generated_scenarios_have_sites():
    shipped = load_scenario(resource("scenarios", "bouwstroom_noord.toml")).sites
    generated = parse_scenario(scenario_text("Regio X", 3000, 7), FILE).sites
    for rules in (shipped, generated):
        assert rules.grouping == "same_owner" and rules.tolerance == 2.0
        assert [c.name for c in rules.criteria] == ["percelen", "woningen"]
        assert sum(c.weight for c in rules.criteria) == pytest.approx(1.0)


def test_capacity_metrics():
    assert [is_capacity_metric(m) for m in ("homes", "homes_gestapeld", "density")] == [True] * 3
    assert [is_capacity_metric(m) for m in ("parcel_score", "area_m2", "homesick")] == [False] * 3


@pytest.mark.parametrize(
    ("section", "snippet", "message"),
    [
        ("[sites]\ntolerance = -1\n", "tolerance", "tolerance = -1 m must lie between 0"),
        ("[sites]\ntolerance = 30\n", "tolerance", "and 25 m (wider gaps are streets"),
        ("[sites]\ntolerance = '2'\n", "tolerance", "'tolerance' must be a number"),
        ("[sites]\ngrouping = 'eigenaar'\n", "grouping", "use one of same_owner, same_owner_t"),
        ("[sites]\nsame_zoning = 1\n", "same_zoning", "same_zoning must be true or false"),
        ("[sites]\nmax_area = 0\n", "max_area", "max_area = 0 m² must be more than 0"),
        ("[sites]\nmin_area = -5\n", "min_area", "min_area = -5 m² must be 0 or more"),
        ("[sites]\nmin_area = 50000\n", "min_area", "must be smaller than max_area = 40000"),
        ("[sites]\nmax_area = 500\n", "max_area", "min_area = 1000 m² must be smaller"),
        ("[sites]\ntolerence = 2\n", "tolerence", "did you mean 'tolerance'?"),
        ("[[sites]]\ntolerance = 2\n", "[[sites]]", "[sites] must be a table"),
        ("[site_criteria]\nname = 'x'\n", "[site_criteria]", "[[site_criteria]] (double"),
    ],
)
def test_sites_errors(section, snippet, message):
    text = BASE + section
    err = error_of(text)
    assert message in str(err)
    assert err.line == line_of(text, snippet)
    assert str(err).startswith("/data/s.toml, line ")


def criterion(**keys: object) -> str:
    """A [[site_criteria]] table; values are TOML text, None leaves the key out."""
    fields = {"name": '"woningen"', "metric": '"homes"', "function": '"linear"'}
    fields |= {"range": "[0, 60]", "weight": "1"}
    fields.update(keys)
    lines = [f"{k} = {v}" for k, v in fields.items() if v is not None]
    return "[[site_criteria]]\n" + "\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("section", "snippet", "message"),
    [
        (criterion(metric='"homez"'), "metric", "site criterion 'woningen': unknown site metric"),
        (criterion(metric='"dist_station"'), "metric", "homes_<concept> for the homes of one"),
        (criterion(metric='"homes_rij woning"'), "metric", "unknown site metric 'homes_rij wo"),
        (criterion(weight="-1"), "weight", "site criterion 'woningen': weight = -1 must not"),
        (criterion(weight="0"), "weight", "all site criteria have weight 0"),
        (criterion(range="[60, 0]"), "range", "the first number must be smaller"),
        (
            criterion(function='"categorical"', range=None, values="{ a = 1 }"),
            "function",
            "homes is a number, which a categorical function cannot score",
        ),
        (criterion(threshold="3"), "threshold", "unknown key 'threshold' for a linear function"),
        (criterion(name=None), "[[site_criteria]]", "site criterion 1: missing 'name'"),
        (criterion() + criterion(name='"Woningen"'), "Woningen", "the name is used twice"),
    ],
)
def test_site_criteria_errors(section, snippet, message):
    text = BASE + section
    err = error_of(text)
    assert message in str(err)
    assert err.line == BASE.count("\n") + line_of(section, snippet)


def test_an_empty_list_of_site_criteria_is_refused():
    text = "site_criteria = []\n" + BASE
    err = error_of(text)
    assert "site_criteria is empty" in str(err)
    assert err.line == 1


def test_categorical_site_criterion_checks_its_codes():
    section = criterion(
        name='"eigendom"',
        metric='"owner_type"',
        function='"categorical"',
        range=None,
        values="{ corporatie = 1.0, woningcorporatie = 0.5 }",
    )
    err = error_of(BASE + section)
    assert "'woningcorporatie' is no owner_type" in str(err)
    assert err.line == BASE.count("\n") + line_of(section, "values")
    good = section.replace("woningcorporatie", "gemeente")
    rule = parse_scenario(BASE + good, FILE).sites.criteria[0]
    assert rule.params == {"values": {"corporatie": 1.0, "gemeente": 0.5}, "default": 0.0}
