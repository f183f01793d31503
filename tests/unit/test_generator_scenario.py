import tomllib
from pathlib import Path

from bouwstroom_qgis.core.generator.names import CORPORATIONS
from bouwstroom_qgis.core.generator.scenario import readme_text, scenario_text

DEFAULT = Path(__file__).resolve().parents[2] / "resources" / "scenarios" / "bouwstroom_noord.toml"


def keys(table, prefix=""):
    out = set()
    for key, value in table.items():
        out.add(prefix + key)
        if isinstance(value, dict) and key not in ("values",):
            out |= keys(value, f"{prefix}{key}.")
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for item in value:
                out |= keys(item, f"{prefix}{key}[].")
    return out


def test_scenario_uses_the_default_layout():
    generated = tomllib.loads(scenario_text("Voorbeeldregio X", 5000, 7))
    default = tomllib.loads(DEFAULT.read_text(encoding="utf-8"))
    allowed = keys(default) | {
        "inputs.parcels.layer", "inputs.holdings[].layer", "inputs.holdings[].key_field",
        "inputs.holdings[].owner", "inputs.holdings[].owner_type", "inputs.boundaries",
        "inputs.boundaries.path", "inputs.boundaries.layer", "inputs.boundaries.name_field",
        "layers.natura2000.layer", "layers.station.layer",
    }  # fmt: skip
    # layers and profiles name the region's own layers and criteria
    own = ("layers.", "profiles.")
    extra = {k for k in keys(generated) if not k.startswith(own)} - allowed
    assert extra == set()
    for name, layer in generated["layers"].items():
        assert set(layer) <= {
            "kind",
            "path",
            "layer",
            "where",
            "max_distance",
            "zoning_object",
            "zoning_group",
        }, name
        assert layer["kind"] in ("constraint", "amenity")
    assert generated["scenario"]["name"] == "Voorbeeldregio X"
    assert generated["inputs"]["holdings"][1]["owner"] == CORPORATIONS[0]
    assert sum(c["weight"] for c in generated["criteria"]) == 100
    assert {e["reason"] for e in generated["exclusions"]} >= {"binnen 250 m van Natura 2000"}


def test_scenario_is_commented_like_the_default():
    text = scenario_text("Voorbeeldregio X", 5000, 7)
    comments = [line for line in text.splitlines() if "#" in line]
    assert len(comments) >= 35
    assert "5000 percelen, seed 7" in text


def test_readme_names_every_file():
    facts = {k: "?" for k in (
        "region", "parcels", "seed", "area_km2", "municipalities", "municipality_names", "towns",
        "largest", "railway", "canal", "plans", "zoning_counts", "second_plans", "unplanned_pct",
        "corporation_parcels", "corporations", "points", "point_owner", "municipal_rows",
        "stale_rows", "nature", "stations", "schools", "shops",
    )}  # fmt: skip
    text = readme_text(facts)
    for name in ("scenario.toml", "percelen.gpkg", "bestemmingsplan.gpkg", "bezit.gpkg",
                 "gemeente_bezit.csv", "natura2000.gpkg", "geluid.gpkg", "overstroming.gpkg",
                 "voorzieningen.gpkg", "gemeenten.gpkg"):  # fmt: skip
        assert name in text
    assert "FICTIEVE" in text
    assert max(len(line) for line in text.splitlines()) <= 100
