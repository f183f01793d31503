"""The concept catalogue: the shipped concepts, derived sizes, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.concepts import load_concepts, parse_concepts
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.paths import resource

FILE = Path("/data/concepten.toml")
GOOD = """
[[concepts]]
name = "rij"
label = "Rijwoning"
family = "grondgebonden"
width = 5.0
depth = 10.0
storeys = 2
homes_per_building = 1
plot_depth = 25.0
front_garden = 5.0
min_row = 2
max_row = 4
row_gap = 2.0
setback = 0.0
parking_per_home = 1.0
parking_space = 20.0
green_per_home = 10.0
groups = ["wonen", "woongebied"]
designations = ["aaneengebouwd"]
"""


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_concepts(text, FILE)
    return info.value


def test_shipped_catalogue_has_five_realistic_concepts():
    concepts = load_concepts()
    names = [c.name for c in concepts]
    assert names == [
        "rijwoning",
        "levensloop",
        "twee_onder_een_kap",
        "appartementen",
        "compacte_rijwoning",
    ]
    by_name = {c.name: c for c in concepts}
    rij = by_name["rijwoning"]
    assert (rij.width, rij.depth, rij.storeys, rij.attic, rij.plot_depth) == (
        5.1,
        9.0,
        2,
        True,
        25.0,
    )
    assert rij.family == "grondgebonden"
    assert by_name["appartementen"].family == "gestapeld"
    assert by_name["appartementen"].homes_per_building == 20
    assert by_name["levensloop"].storeys == 1
    # every concept may be built on the usual residential main groups
    for concept in concepts:
        assert {"wonen", "woongebied"} <= set(concept.groups)
        assert concept.building_types[:3] == ("aaneengebouwd", "geschakeld", "gestapeld")


def test_shipped_catalogue_names_its_sources():
    text = resource("concepts", "concepts.toml").read_text(encoding="utf-8")
    for source in ("Bbl", "Bouwbesluit 2012", "CROW", "parkeerkencijfers", "INDICATIVE"):
        assert source in text


def test_derived_sizes():
    (concept,) = parse_concepts(GOOD, FILE)
    assert concept.footprint_m2 == 50.0
    assert concept.gfa_per_building_m2 == 100.0  # 2 storeys, no attic
    assert concept.outdoor_per_home_m2 == 30.0  # 1 x 20 m² parking + 10 m² green
    assert concept.outdoor_depth == 6.0  # 30 m² over a 5 m wide home
    assert concept.strip_depth == 31.0
    assert concept.land_per_home_m2 == 155.0  # 5 x 25 plot + 30
    rijwoning = load_concepts()[0]
    assert rijwoning.gfa_per_building_m2 == pytest.approx(5.1 * 9 * 3)  # attic counted
    assert rijwoning.land_per_home_m2 == pytest.approx(5.1 * 25 + 1.6 * 25 + 20)


def test_designations_rule_out_other_building_types():
    (rij,) = parse_concepts(GOOD, FILE)
    assert not rij.forbids("aaneengebouwd")
    assert rij.forbids("gestapeld")  # a building type the concept is not
    assert rij.forbids("vrijstaand")
    assert not rij.forbids("karakteristiek")  # not about the type of building
    text = GOOD + 'forbidden_designations = ["karakteristiek"]\n'
    (strict,) = parse_concepts(text, FILE)
    assert strict.forbids("karakteristiek")


def test_catalogue_building_types_are_configurable():
    text = '[catalogue]\nbuilding_types = ["Gestapeld"]\n' + GOOD
    (rij,) = parse_concepts(text, FILE)
    assert rij.building_types == ("gestapeld",)
    assert not rij.forbids("vrijstaand")


def test_attic_and_lists_are_normalised():
    text = GOOD.replace('groups = ["wonen", "woongebied"]', 'groups = [" Wonen", "wonen"]')
    text += "attic = true\n"
    (concept,) = parse_concepts(text, FILE)
    assert concept.groups == ("wonen",)
    assert concept.attic is True


@pytest.mark.parametrize(
    ("old", "new", "snippet", "message"),
    [
        ("width = 5.0", "width = -5.0", "width", "field 'width': must be more than 0, not -5"),
        ("depth = 10.0", "depth = 0", "depth =", "field 'depth': must be more than 0, not 0"),
        ("row_gap = 2.0", "row_gap = -1", "row_gap", "field 'row_gap': must not be negative"),
        ("storeys = 2", "storeys = 2.5", "storeys", "field 'storeys': must be a whole number"),
        ("min_row = 2", "min_row = 0", "min_row", "field 'min_row': must be 1 or more, not 0"),
        ("min_row = 2", "min_row = 6", "min_row", "field 'min_row': 6 is more than max_row 4"),
        ("width = 5.0", 'width = "5"', "width", "field 'width': must be a finite number"),
        ("width = 5.0", "width = true", "width", "field 'width': must be a finite number"),
        ("width = 5.0", "width = nan", "width", "field 'width': must be a finite number"),
        ("plot_depth = 25.0", "plot_depth = 12.0", "plot_depth", "is less than front_garden"),
        (
            'groups = ["wonen", "woongebied"]',
            'groups = ["wonen", "woondoeleinden"]',
            "groups",
            "field 'groups': 'woondoeleinden' is no IMRO main group",
        ),
        ('groups = ["wonen", "woongebied"]', "groups = []", "groups", "at least one"),
        ('groups = ["wonen", "woongebied"]', 'groups = "wonen"', "groups", "a list of texts"),
        ('family = "grondgebonden"', 'family = "laagbouw"', "family", "'laagbouw' is not one of"),
        ('name = "rij"', 'name = "Rij woning"', "name =", "must be lower case letters"),
        ("setback = 0.0", "setbak = 0.0", "setbak", "unknown key 'setbak'; did you mean 'setback'"),
        (
            'designations = ["aaneengebouwd"]',
            'designations = ["aaneengebouwd"]\nforbidden_designations = ["aaneengebouwd"]',
            "forbidden_designations",
            "'aaneengebouwd' is also in designations",
        ),
        ("attic = false", "attic = 1", "attic", "must be true or false"),
    ],
)
def test_bad_values_name_file_line_concept_and_field(old, new, snippet, message):
    text = (GOOD + "attic = false\n").replace(old, new)
    err = error_of(text)
    assert err.path == str(FILE)
    assert err.line == line_of(text, snippet)
    assert message in err.message
    assert err.message.lower().startswith("concept 'rij"), err.message
    assert str(err).startswith(f"{FILE}, line {err.line}: concept '")


def test_missing_field_points_at_the_concept():
    text = GOOD.replace("parking_space = 20.0\n", "")
    err = error_of(text)
    assert err.line == line_of(text, "[[concepts]]")
    assert err.message == "concept 'rij': field 'parking_space' is missing"


def test_duplicate_name_points_at_the_second():
    text = GOOD + GOOD
    err = error_of(text)
    assert err.line == line_of(text, 'name = "rij"', nth=2)
    assert "field 'name': the name is used twice" in err.message


def test_concept_without_name_is_numbered():
    text = GOOD + GOOD.replace('name = "rij"\n', "")
    err = error_of(text)
    assert err.message == "concept 2: field 'name' is missing"


def test_catalogue_level_errors():
    assert "no concepts" in error_of("[catalogue]\n").message
    err = error_of('[concept]\nname = "x"\n')
    assert "unknown key 'concept'" in err.message and err.line == 1
    err = error_of('[[concepts]]\nname = "x\n')
    assert err.message.startswith("TOML syntax:") and err.line == 2
    err = error_of('[concepts]\nname = "x"\n')
    assert "double brackets" in err.message
    err = error_of('[catalogue]\nbuilding_types = "gestapeld"\n' + GOOD)
    assert err.line == 2 and "a list of texts" in err.message


def test_load_from_file_and_its_errors(tmp_path):
    path = tmp_path / "eigen.toml"
    path.write_text(GOOD.replace('"rij"', '"eigen"'), encoding="utf-8")
    assert [c.name for c in load_concepts(path)] == ["eigen"]
    with pytest.raises(ScenarioError, match="concept catalogue not found"):
        load_concepts(tmp_path / "missing.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(GOOD.replace("Rijwoning", "Woning \xe9").encode("latin-1"))
    with pytest.raises(ScenarioError) as info:
        load_concepts(latin)
    assert "not UTF-8" in info.value.message and info.value.line == line_of(GOOD, "Rijwoning")
