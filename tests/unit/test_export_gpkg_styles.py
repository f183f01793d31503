"""QGIS styles: valid QML with the renderers, classes and labels the layers need."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export.gpkg_styles import STYLED_LAYERS, layer_qml, styles_table

QGIS_COLUMNS = [
    "f_table_catalog",
    "f_table_schema",
    "f_table_name",
    "f_geometry_column",
    "styleName",
    "styleQML",
    "styleSLD",
    "useAsDefault",
    "description",
    "owner",
    "ui",
]


def parsed(layer: str, language: str = "nl", concepts=()) -> ET.Element:
    return ET.fromstring(layer_qml(layer, language, concepts))


@pytest.mark.parametrize("layer", STYLED_LAYERS)
def test_every_style_is_qml_for_polygons(layer: str) -> None:
    root = parsed(layer, concepts=("rijwoning",))
    assert root.tag == "qgis"
    assert root.find("layerGeometryType").text == "2"
    assert root.find("renderer-v2") is not None


def test_parcels_excluded_grey_and_hatched_then_five_score_classes() -> None:
    renderer = parsed("parcels").find("renderer-v2")
    assert renderer.get("type") == "RuleRenderer"
    rules = renderer.find("rules").findall("rule")
    assert [r.get("label") for r in rules] == [
        "uitgesloten",
        "0 – 20",
        "20 – 40",
        "40 – 60",
        "60 – 80",
        "80 – 100",
    ]
    assert rules[0].get("filter") == '"excluded"'
    assert rules[3].get("filter") == 'NOT "excluded" AND "score" >= 40 AND "score" < 60'
    symbols = {s.get("name"): s for s in renderer.find("symbols").findall("symbol")}
    assert [layer.get("class") for layer in symbols["0"].findall("layer")] == [
        "SimpleFill",
        "LinePatternFill",
    ]
    fills = [
        symbols[str(i)].find("layer/Option/Option[@name='color']").get("value") for i in range(1, 6)
    ]
    assert fills == [colors.rgb(color) for color in colors.SCORE_COLORS]


def test_sites_graduated_on_score_with_rank_labels() -> None:
    root = parsed("sites", "en")
    renderer = root.find("renderer-v2")
    assert (renderer.get("type"), renderer.get("attr")) == ("graduatedSymbol", "score")
    ranges = renderer.find("ranges").findall("range")
    bounds = [(float(r.get("lower")), float(r.get("upper"))) for r in ranges]
    assert bounds == list(zip(colors.SCORE_BOUNDS[:-1], colors.SCORE_BOUNDS[1:], strict=True))
    assert root.find("labeling/settings/text-style").get("fieldName") == "rank"
    assert root.get("labelsEnabled") == "1"


def test_bundle_categories_one_per_concept_and_escaped() -> None:
    renderer = parsed("bundles", concepts=("rijwoning", 'a&b "x"', "levensloop")).find(
        "renderer-v2"
    )
    values = [cat.get("value") for cat in renderer.find("categories").findall("category")]
    assert values == [*sorted(["rijwoning", 'a&b "x"', "levensloop"]), ""]
    assert len(renderer.find("symbols").findall("symbol")) == 4
    assert renderer.get("attr") == "concept"


def test_layout_legend_in_english() -> None:
    categories = parsed("layouts", "en").find("renderer-v2/categories").findall("category")
    assert [(c.get("value"), c.get("label")) for c in categories] == [
        ("kavel", "plot"),
        ("parkeren en groen", "parking and green"),
        ("gebouw", "building"),
    ]


def test_styles_table_has_qgis_columns_and_one_default_per_layer() -> None:
    table = styles_table({"parcels": "geom", "sites": "geom", "plan_other": "geom"}, "nl", "X")
    assert list(table.columns) == QGIS_COLUMNS
    assert table["f_table_name"].tolist() == ["parcels", "sites"]
    assert table["useAsDefault"].all() and (table["f_geometry_column"] == "geom").all()
    assert table["description"].tolist() == [
        "Percelen met score – X",
        "Locaties met score en capaciteit – X",
    ]
