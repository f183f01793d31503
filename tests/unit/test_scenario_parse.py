"""The [scenario], [inputs.*], [layers.*] and [settings] sections: values and errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import parse_scenario

CRITERION = """
[[criteria]]
name = "size"
metric = "area_m2"
function = "linear"
range = [100, 1000]
weight = 1
"""
FILE = Path("/data/s.toml")


def line_of(text: str, snippet: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if snippet in line]
    return hits[nth - 1]


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, FILE)
    return info.value


def test_header_defaults_to_file_name_and_dutch():
    scenario = parse_scenario(CRITERION, Path("/data/noord.toml"))
    assert (scenario.name, scenario.language) == ("noord", "nl")


@pytest.mark.parametrize(
    ("section", "snippet", "message"),
    [
        ('[scenario]\nlanguage = "de"\n', "language", "'language' is 'de'; use one of nl, en"),
        ('[scenario]\nname = ""\n', "name", "'name' must be a non-empty text in quotes"),
        ("[scenario]\nname = 3\n", "name", "'name' must be a non-empty text in quotes"),
        ('[scenario]\ntitle = "x"\n', "title", "unknown key 'title' in [scenario]"),
    ],
)
def test_header_errors(section, snippet, message):
    text = section + CRITERION
    err = error_of(text)
    assert err.line == line_of(text, snippet)
    assert message in err.message


def test_inputs_with_options_and_several_zoning_plans():
    text = (
        '[inputs.parcels]\npath = "p.gml"\nlayer = "perceel"\n'
        '[[inputs.zoning]]\npath = "a.gml"\n'
        '[[inputs.zoning]]\npath = "b.gpkg"\nvalue_field = "bestemming"\n'
        'mapping = { "Woondoeleinden" = "wonen" }\n'
        '[[inputs.holdings]]\npath = "bezit.xlsx"\nkey_field = "aanduiding"\n'
        'owner = "Gemeente Assen"\nowner_type = "gemeente"\n'
        '[inputs.boundaries]\npath = "/abs/gemeenten.gpkg"\nname_field = "statnaam"\n'
        'where = "jaar = 2024"\n' + CRITERION
    )
    scenario = parse_scenario(text, FILE)
    assert scenario.parcels is not None
    assert (scenario.parcels.path, scenario.parcels.layer) == (Path("/data/p.gml"), "perceel")
    assert [z.path.name for z in scenario.zoning] == ["a.gml", "b.gpkg"]
    assert scenario.zoning[1].options == {
        "value_field": "bestemming",
        "mapping": {"Woondoeleinden": "wonen"},
    }
    assert scenario.holdings[0].options == {
        "key_field": "aanduiding",
        "owner": "Gemeente Assen",
        "owner_type": "gemeente",
    }
    assert scenario.boundaries is not None
    assert scenario.boundaries.path == Path("/abs/gemeenten.gpkg")
    assert scenario.boundaries.where == "jaar = 2024"
    assert scenario.boundaries.option("name_field") == "statnaam"


def test_a_single_zoning_table_is_one_plan():
    scenario = parse_scenario('[inputs.zoning]\npath = "a.gml"\n' + CRITERION, FILE)
    assert [z.path for z in scenario.zoning] == [Path("/data/a.gml")]


@pytest.mark.parametrize(
    ("section", "snippet", "nth", "message"),
    [
        (
            '[inputs.parcels]\npath = "p.gpkg"\nid_feld = "nr"\n',
            "id_feld",
            1,
            "[inputs.parcels]: unknown key 'id_feld'; did you mean 'id_field'? "
            "allowed: path, layer, where, id_field",
        ),
        (
            '[inputs.parcels]\nlayer = "x"\n',
            "[inputs.parcels]",
            1,
            "[inputs.parcels]: missing 'path'",
        ),
        (
            '[[inputs.zoning]]\npath = "a.gml"\n[[inputs.zoning]]\npath = "b.gml"\nowner = "x"\n',
            "owner",
            1,
            "[[inputs.zoning]] 2: unknown key 'owner'",
        ),
        (
            '[[inputs.zoning]]\npath = "a.gml"\n[[inputs.zoning]]\nvalue_field = "b"\n',
            "[[inputs.zoning]]",
            2,
            "[[inputs.zoning]] 2: missing 'path'",
        ),
        (
            '[[inputs.holdings]]\npath = "b.csv"\nowner_type = "woningcorporatie"\n',
            "owner_type",
            1,
            "owner_type is 'woningcorporatie'; use one of corporatie, gemeente",
        ),
        (
            '[[inputs.zoning]]\npath = "b.gpkg"\nmapping = { "Wonen" = 1 }\n',
            "mapping",
            1,
            "mapping must be a table of texts",
        ),
        (
            '[[inputs.parcels]]\npath = "p.gpkg"\n',
            "[[inputs.parcels]]",
            1,
            "give one [inputs.parcels]",
        ),
        (
            '[inputs.kadaster]\npath = "p.gpkg"\n',
            "[inputs.kadaster]",
            1,
            "unknown key 'kadaster' in [inputs]",
        ),
        ("[inputs.parcels]\npath = 5\n", "path", 1, "'path' must be a non-empty text"),
    ],
)
def test_input_errors(section, snippet, nth, message):
    text = section + CRITERION
    err = error_of(text)
    assert err.line == line_of(text, snippet, nth)
    assert message in err.message


def test_layers_from_files_and_zoning():
    text = (
        '[layers.geluid]\nkind = "constraint"\nzoning_object = "Gebiedsaanduiding"\n'
        'zoning_group = "Geluidzone"\n'
        '[layers.school]\nkind = "amenity"\npath = "/abs/scholen.gpkg"\nlayer = "po"\n'
        "max_distance = 2500\n"
        '[layers.bouwvlak]\nkind = "amenity"\nzoning_object = "Bouwvlak"\n' + CRITERION
    )
    geluid, school, bouwvlak = parse_scenario(text, FILE).layers
    assert (geluid.zoning_object, geluid.zoning_group, geluid.max_distance) == (
        "Gebiedsaanduiding", "geluidzone", 5000.0
    )  # fmt: skip
    assert school.source is not None
    assert (school.source.path, school.source.layer) == (Path("/abs/scholen.gpkg"), "po")
    assert school.max_distance == 2500.0
    assert (bouwvlak.zoning_object, bouwvlak.zoning_group) == ("Bouwvlak", None)


@pytest.mark.parametrize(
    ("section", "snippet", "message"),
    [
        (
            '[layers.x]\npath = "x.gpkg"\n',
            "[layers.x]",
            "[layers.x]: missing 'kind' (constraint, amenity)",
        ),
        (
            '[layers.x]\nkind = "barrier"\npath = "x.gpkg"\n',
            "kind",
            "'kind' is 'barrier'; use one of constraint, amenity",
        ),
        (
            '[layers.x]\nkind = "amenity"\n',
            "[layers.x]",
            "give either 'path' (a file) or 'zoning_object'",
        ),
        (
            '[layers.x]\nkind = "amenity"\npath = "x.gpkg"\nzoning_object = "Bouwvlak"\n',
            "[layers.x]",
            "give either 'path'",
        ),
        (
            '[layers.x]\nkind = "constraint"\nzoning_object = "Dubbelbestemming"\n'
            'zoning_group = "gas"\n',
            "zoning_group",
            "'gas' is no main group of Dubbelbestemming; use one of leiding, waarde, waterstaat",
        ),
        (
            '[layers.x]\nkind = "constraint"\nzoning_object = "dubbelbestemming"\n',
            "zoning_object",
            "'zoning_object' is 'dubbelbestemming'; use one of Enkelbestemming",
        ),
        (
            '[layers.x]\nkind = "constraint"\nzoning_object = "Bouwvlak"\nwhere = "a = 1"\n',
            "where",
            "'where' applies to a file",
        ),
        (
            '[layers.x]\nkind = "amenity"\npath = "x.gpkg"\nzoning_group = "wonen"\n',
            "zoning_group",
            "'zoning_group' needs 'zoning_object'",
        ),
        (
            '[layers.x]\nkind = "amenity"\npath = "x.gpkg"\nmax_distance = 0\n',
            "max_distance",
            "'max_distance' must be more than 0",
        ),
        (
            '[layers.x]\nkind = "amenity"\npath = "x.gpkg"\nmax_distance = "5 km"\n',
            "max_distance",
            "'max_distance' must be a number",
        ),
        (
            '[layers.x]\nkind = "amenity"\npath = "x.gpkg"\nmax_dist = 3\n',
            "max_dist",
            "did you mean 'max_distance'?",
        ),
        (
            '[layers."natura 2000"]\nkind = "amenity"\npath = "x.gpkg"\n',
            "natura 2000",
            "layer name 'natura 2000' must be letters",
        ),
    ],
)
def test_layer_errors(section, snippet, message):
    text = section + CRITERION
    err = error_of(text)
    assert err.line == line_of(text, snippet)
    assert message in err.message


def test_residential_groups_default_and_custom():
    assert parse_scenario(CRITERION).residential_groups == (
        "wonen", "woongebied", "gemengd", "centrum"
    )  # fmt: skip
    text = '[settings]\nresidential_groups = ["Wonen", "gemengd", "wonen"]\n' + CRITERION
    assert parse_scenario(text).residential_groups == ("wonen", "gemengd")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('["wonen", "woondoeleinden"]', "'woondoeleinden' is no IMRO main group"),
        ("[]", "residential_groups must be a non-empty list"),
        ('"wonen"', "residential_groups must be a non-empty list"),
    ],
)
def test_residential_groups_errors(value, message):
    text = f"[settings]\nresidential_groups = {value}\n" + CRITERION
    err = error_of(text)
    assert err.line == 2
    assert message in err.message
