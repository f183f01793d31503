"""Loading the scenario file: the shipped default, syntax errors, re-weighting."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import (
    known_metrics,
    load_scenario,
    parse_scenario,
    with_weights,
)
from bouwstroom_qgis.paths import resource

DEFAULT = resource("scenarios", "bouwstroom_noord.toml")

BASE = """\
[scenario]
name = "Test"
language = "en"

[layers.station]
kind = "amenity"
path = "stations.gpkg"

[[criteria]]
name = "size"
metric = "area_m2"
function = "linear"
range = [100, 1000]
weight = 3

[[criteria]]
name = "station"
metric = "dist_station"
function = "linear"
direction = "cost"
range = [500, 3000]
weight = 1
"""


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    """1-based line of the nth line containing ``snippet`` (the test's own oracle)."""
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def error_of(text: str, path: Path | None = Path("/data/s.toml")) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, path)
    return info.value


def test_default_scenario_parses():
    scenario = load_scenario(DEFAULT)
    assert scenario.name == "Bouwstroom Noord standaard"
    assert scenario.language == "nl"
    assert scenario.path == DEFAULT
    assert scenario.text == DEFAULT.read_text(encoding="utf-8")
    assert [c.name for c in scenario.criteria] == [
        "woonbestemming", "eigendom", "omvang", "station", "vorm", "natuur"
    ]  # fmt: skip
    # weights 30, 25, 15, 15, 5, 10 out of 100
    assert [c.weight for c in scenario.criteria] == pytest.approx(
        [0.30, 0.25, 0.15, 0.15, 0.05, 0.10]
    )
    station = scenario.criteria[3]
    assert (station.metric, station.function, station.direction) == (
        "dist_station",
        "linear",
        "cost",
    )
    assert station.params == {"range": (800.0, 5000.0)}
    assert scenario.criteria[1].params["values"]["gemeente"] == 0.9
    assert scenario.criteria[2].params == {"ideal": (1500.0, 8000.0), "limits": (300.0, 40000.0)}
    assert [(e.metric, e.op, e.value, e.missing) for e in scenario.exclusions] == [
        ("dist_natura2000", "<", 250.0, "exclude"),
        ("share_leiding", ">", 0.25, "exclude"),
        ("area_m2", "<", 150.0, "exclude"),
    ]
    assert scenario.exclusions[0].reason == "binnen 250 m van Natura 2000"
    folder = DEFAULT.parent
    assert scenario.parcels is not None and scenario.parcels.path == folder / "percelen.gpkg"
    assert [s.path for s in scenario.zoning] == [folder / "bestemmingsplan.gml"]
    assert scenario.holdings[0].options == {
        "owner_field": "eigenaar",
        "owner_type_field": "eigenaar_type",
    }
    assert scenario.boundaries is None
    natura, leiding, station_layer = scenario.layers
    assert (natura.kind, natura.max_distance) == ("constraint", 5000.0)
    assert (leiding.source, leiding.zoning_object, leiding.zoning_group) == (
        None, "Dubbelbestemming", "leiding"
    )  # fmt: skip
    assert station_layer.source is not None
    assert station_layer.source.where == "soort = 'station'"
    assert station_layer.max_distance == 10000.0
    assert scenario.residential_groups == ("wonen", "woongebied", "gemengd", "centrum")
    assert scenario.ahp_consistency_ratio is None


def test_known_metrics_of_the_default_scenario():
    metrics = known_metrics(load_scenario(DEFAULT))
    assert metrics["area_m2"] == "number"
    assert metrics["owner_type"] == "category"
    assert metrics["municipality"] == "category"
    layered = sorted(m for m in metrics if m.startswith(("share_", "dist_")))
    assert layered == [
        "dist_leiding", "dist_natura2000", "dist_station",
        "share_leiding", "share_natura2000", "share_station",
    ]  # fmt: skip
    assert len(metrics) == 9 + 6


def test_paths_are_relative_to_the_scenario_file(tmp_path: Path):
    text = BASE + '[inputs.parcels]\npath = "data/percelen.gpkg"\nid_field = "nr"\n'
    file = tmp_path / "sub" / "s.toml"
    file.parent.mkdir()
    file.write_text(text, encoding="utf-8")
    scenario = load_scenario(file)
    assert scenario.parcels is not None
    assert scenario.parcels.path == tmp_path / "sub" / "data" / "percelen.gpkg"
    assert scenario.parcels.options == {"id_field": "nr"}
    assert scenario.layers[0].source is not None
    assert scenario.layers[0].source.path == tmp_path / "sub" / "stations.gpkg"


def test_text_without_a_file_keeps_relative_paths_and_is_named_scenario():
    scenario = parse_scenario(BASE.replace('name = "Test"\n', ""))
    assert scenario.name == "scenario"
    assert scenario.path is None
    assert scenario.layers[0].source is not None
    assert scenario.layers[0].source.path == Path("stations.gpkg")


def test_scenario_is_immutable():
    scenario = parse_scenario(BASE)
    with pytest.raises(dataclasses.FrozenInstanceError):
        scenario.name = "other"  # type: ignore[misc]


def test_file_not_found(tmp_path: Path):
    with pytest.raises(ScenarioError, match=r"missing\.toml: file not found"):
        load_scenario(tmp_path / "missing.toml")


def test_not_utf8(tmp_path: Path):
    file = tmp_path / "s.toml"
    file.write_bytes(BASE.encode("utf-8").replace(b'"Test"', b'"T\xe9st"'))
    with pytest.raises(ScenarioError, match=r"s\.toml, line 2: not UTF-8 text \(byte 20\)"):
        load_scenario(file)


def test_utf8_with_byte_order_mark(tmp_path: Path):
    file = tmp_path / "s.toml"
    file.write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    assert load_scenario(file).name == "Test"


@pytest.mark.parametrize(
    ("change", "line", "message"),
    [
        (('language = "en"', "language = "), 3, "TOML syntax: invalid value"),
        (("weight = 3", "weight = 3\nweight = 4"), 15, "TOML syntax: cannot overwrite a value"),
        (('name = "Test"', 'name = "Test'), 2, "TOML syntax: illegal character"),
        (("[[criteria]]", "[[criteria]"), 9, "TOML syntax: expected ']]'"),
    ],
)
def test_toml_syntax_errors_name_the_line(change, line, message):
    err = error_of(BASE.replace(*change, 1))
    assert err.line == line
    assert err.message.startswith(message)
    assert str(err).startswith(f"/data/s.toml, line {line}: TOML syntax")


def test_unknown_section_suggests_the_right_one():
    text = BASE + "\n[setting]\nresidential_groups = ['wonen']\n"
    err = error_of(text)
    assert err.line == line_of(text, "[setting]")
    assert "unknown key 'setting'" in err.message
    assert "did you mean 'settings'?" in err.message
    assert "allowed: scenario, inputs, layers, settings, exclusions, criteria, weights" in str(err)


def test_unknown_top_level_key():
    err = error_of("titel = 'x'\n" + BASE)
    assert err.line == 1
    assert "unknown key 'titel'" in err.message


def test_with_weights_normalises_and_keeps_unnamed_shares():
    scenario = parse_scenario(BASE)  # size 75 %, station 25 %
    reweighted = with_weights(scenario, {"station": 75})
    assert [c.weight for c in reweighted.criteria] == pytest.approx([0.5, 0.5])
    again = with_weights(scenario, {"size": 1, "station": 4})
    assert [c.weight for c in again.criteria] == pytest.approx([0.2, 0.8])
    assert scenario.criteria[0].weight == pytest.approx(0.75)  # the original is untouched


def test_with_weights_switches_criteria_off_and_on():
    scenario = parse_scenario(BASE)
    only_size = with_weights(scenario, {}, enabled=["size"])
    assert [(c.enabled, c.weight) for c in only_size.criteria] == [(True, 1.0), (False, 0.0)]
    both = with_weights(only_size, {"station": 25, "size": 75}, enabled=["size", "station"])
    assert [c.weight for c in both.criteria] == pytest.approx([0.75, 0.25])
    assert all(c.enabled for c in both.criteria)


@pytest.mark.parametrize(
    ("weights", "enabled", "message"),
    [
        ({"sizes": 1}, None, "unknown criterion 'sizes'; the criteria are size, station"),
        ({}, ["size", "stations"], "unknown criterion 'stations'"),
        ({"size": -1}, None, "weight of 'size' must not be negative"),
        ({"size": float("nan")}, None, "weight of 'size' must not be negative"),
        ({"size": 0, "station": 0}, None, "no enabled criterion has a positive weight"),
        ({"size": 0}, ["size"], "no enabled criterion has a positive weight"),
    ],
)
def test_with_weights_refuses(weights, enabled, message):
    with pytest.raises(ScenarioError, match=message):
        with_weights(parse_scenario(BASE), weights, enabled)


def test_ahp_weights_from_the_scenario_and_with_weights_drops_the_ratio():
    text = BASE.replace("weight = 3\n", "").replace("weight = 1\n", "") + (
        '\n[weights]\nmethod = "ahp"\ncriteria = ["station", "size"]\n'
        'matrix = [[1, "1/3"], [3, 1]]\n'
    )
    scenario = parse_scenario(text)
    assert [c.weight for c in scenario.criteria] == pytest.approx([0.75, 0.25])
    assert scenario.ahp_consistency_ratio == 0.0
    assert with_weights(scenario, {"size": 1}).ahp_consistency_ratio is None
