"""The result layers' QML: valid documents with the renderers, classes and labels both the
dock and the exported GeoPackage show."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export.qml import (
    ALIASED_TABLES,
    BUNDLE_PALETTE,
    STYLED_LAYERS,
    aliases_xml,
    bundle_categories_xml,
    bundle_colors,
    bundle_label,
    layer_qml,
    rank_text,
)


def parsed(layer: str, language: str = "nl", **values) -> ET.Element:
    return ET.fromstring(layer_qml(layer, language, **values))


def fill_colors(symbol: ET.Element) -> list[str]:
    return [o.get("value") for o in symbol.findall("layer/Option/Option[@name='color']")]


@pytest.mark.parametrize("layer", STYLED_LAYERS)
def test_every_style_is_qml_for_polygons_with_nothing_left_to_fill(layer: str) -> None:
    qml = layer_qml(layer, "nl", bundles=[("B01", 12)])
    root = ET.fromstring(qml)
    assert root.tag == "qgis"
    assert root.find("layerGeometryType").text == "2"
    assert root.find("renderer-v2") is not None
    assert root.get("styleCategories").split("|")[0] == "Fields"
    assert root.find("aliases") is not None and not list(root.find("aliases"))
    assert "$" not in qml


def test_unknown_layer_is_refused() -> None:
    with pytest.raises(ValueError, match="no style for layer 'zoning'"):
        layer_qml("zoning", "nl")


@pytest.mark.parametrize("layer", STYLED_LAYERS + ALIASED_TABLES)
def test_every_style_names_the_fields_it_is_given_in_its_language(layer: str) -> None:
    fields = ["fid", "bundle_id", "eigen_kolom", "homes", "dist_school"]
    root = ET.fromstring(layer_qml(layer, "en", bundles=[("B01", 12)], fields=fields))
    aliases = [(a.get("index"), a.get("field"), a.get("name")) for a in root.iter("alias")]
    assert aliases == [
        ("1", "bundle_id", "Bundle"),
        ("3", "homes", "Homes"),
        ("4", "dist_school", "Distance to school (m)"),
    ]
    assert [child.tag for child in root].count("aliases") == 1


def test_tables_get_only_their_aliases() -> None:
    fields = ["fid", "quarter", "quarter_label", "concept", "bundle_id", "homes"]
    for table in ALIASED_TABLES:
        root = ET.fromstring(layer_qml(table, "nl", fields=fields))
        assert root.get("styleCategories") == "Fields"
        assert [child.tag for child in root] == ["aliases"]
    names = [a.get("name") for a in root.iter("alias")]
    assert names == ["Kwartalen na start", "Kwartaal", "Concept", "Bundel", "Woningen"]


def test_aliases_escaped_indexed_and_english_for_other_languages() -> None:
    xml = aliases_xml(["fid", "area_m2", "x", 'homes_a"&b'], "de")
    assert xml == (
        "<aliases>\n"
        '    <alias index="1" field="area_m2" name="Area (m²)"/>\n'
        '    <alias index="3" field="homes_a&quot;&amp;b" name="Homes a&quot;&amp;b"/>\n'
        "  </aliases>"
    )
    assert ET.fromstring(xml).find("alias[@index='3']").get("name") == 'Homes a"&b'
    assert aliases_xml(["fid", "x"], "nl") == aliases_xml([], "nl") == "<aliases/>"
    root = ET.fromstring(layer_qml("sites", "nl", fields=["owner_type", "p_top_k"]))
    assert [a.get("name") for a in root.iter("alias")] == ["Soort eigenaar", "Kans in de top (0–1)"]


def test_parcels_excluded_grey_and_hatched_then_five_score_classes() -> None:
    renderer = parsed("parcels").find("renderer-v2")
    assert renderer.get("type") == "RuleRenderer"
    rules = renderer.find("rules").findall("rule")
    labels = ["uitgesloten", "0–20", "20–40", "40–60", "60–80", "80–100"]
    assert [r.get("label") for r in rules] == labels
    assert rules[0].get("filter") == '"excluded"'
    assert rules[3].get("filter") == 'NOT "excluded" AND "score" >= 40 AND "score" < 60'
    symbols = {s.get("name"): s for s in renderer.find("symbols").findall("symbol")}
    assert [layer.get("class") for layer in symbols["0"].findall("layer")] == [
        "SimpleFill",
        "LinePatternFill",
    ]
    assert fill_colors(symbols["0"])[0] == colors.rgb(colors.EXCLUDED_COLOR)
    fills = [fill_colors(symbols[str(i)])[0] for i in range(1, 6)]
    assert fills == [colors.rgb(color) for color in colors.SCORE_COLORS]
    english = parsed("parcels", "en").find("renderer-v2/rules/rule")
    assert english.get("label") == "excluded"


def label_rules(root: ET.Element) -> list[tuple[str, str, str | None, str]]:
    """Description, filter, largest scale denominator and text of each label rule."""
    labeling = root.find("labeling")
    assert labeling.get("type") == "rule-based"
    return [
        (
            rule.get("description"),
            rule.get("filter"),
            rule.get("scalemaxdenom"),
            rule.find("settings/text-style").get("fieldName"),
        )
        for rule in labeling.findall("rules/rule")
    ]


def test_parcel_ranks_labelled_top_n_always_and_all_from_1_to_10000() -> None:
    root = parsed("parcels", top=5)
    assert label_rules(root) == [
        ("de 5 beste", '"rank" <= 5', None, "'' || \"rank\""),
        ("alle rangen vanaf 1:10.000", '"rank" > 5', "10000", "'' || \"rank\""),
    ]
    rules = root.findall("labeling/rules/rule")
    styles = [ET.tostring(rule.find("settings/text-style")) for rule in rules]
    assert styles[0] == styles[1]  # the same text either way
    assert root.get("labelsEnabled") == "1"
    english = label_rules(parsed("parcels", "en"))
    assert [rule[0] for rule in english] == ["the 10 best", "every rank from 1:10,000"]


def test_sites_graduated_on_score_as_cased_rings_with_prefixed_ranks() -> None:
    root = parsed("sites", "en")
    renderer = root.find("renderer-v2")
    assert (renderer.get("type"), renderer.get("attr")) == ("graduatedSymbol", "score")
    ranges = renderer.find("ranges").findall("range")
    bounds = [(float(r.get("lower")), float(r.get("upper"))) for r in ranges]
    assert bounds == list(zip(colors.SCORE_BOUNDS[:-1], colors.SCORE_BOUNDS[1:], strict=True))
    assert [r.get("label") for r in ranges] == ["0–20", "20–40", "40–60", "60–80", "80–100"]
    symbols = renderer.find("symbols").findall("symbol")
    for symbol, color in zip(symbols, colors.SCORE_COLORS, strict=True):
        brushes = [o.get("value") for o in symbol.findall("layer/Option/Option[@name='style']")]
        assert brushes == ["no", "no"]  # rings only: the parcels beneath stay visible
        outlines = symbol.findall("layer/Option/Option[@name='outline_color']")
        assert [o.get("value") for o in outlines] == ["35,35,35,255", colors.rgb(color)]
        assert fill_colors(symbol)[0] == colors.rgb(color)  # the legend swatch's colour
    rules = label_rules(root)
    assert [rule[1:] for rule in rules] == [
        ('"rank" <= 10', None, rank_text("#")),
        ('"rank" > 10', "10000", rank_text("#")),
    ]
    assert rank_text("#") == "'#' || \"rank\""


def test_bundle_label_in_both_languages_and_without_homes() -> None:
    assert bundle_label("B01", 117, "nl") == "B01 · 117 woningen"
    assert bundle_label("B01", 117, "en") == "B01 · 117 homes"
    assert bundle_label("B01", 117, "de") == "B01 · 117 homes"
    assert bundle_label("B07", None, "nl") == "B07"


def test_bundle_colors_by_sorted_id_cycling_the_palette() -> None:
    ids = [f"B{k:02d}" for k in range(13, 0, -1)]
    palette = bundle_colors(ids)
    assert list(palette) == sorted(ids)
    assert palette["B01"] == BUNDLE_PALETTE[0] and palette["B11"] == BUNDLE_PALETTE[10]
    assert palette["B12"] == BUNDLE_PALETTE[0]  # 11 colours, then round again
    assert len(set(BUNDLE_PALETTE)) == len(BUNDLE_PALETTE) == 11


def test_bundle_categories_one_per_bundle_sorted_escaped_with_homes() -> None:
    bundles = [("B02", 30), ('a&b "x"', 8), ("B01", 117), ("B02", 30)]
    renderer = parsed("bundles", bundles=bundles).find("renderer-v2")
    assert renderer.get("attr") == "bundle_id"
    categories = renderer.find("categories").findall("category")
    assert [(c.get("value"), c.get("label"), c.get("symbol")) for c in categories] == [
        ("B01", "B01 · 117 woningen", "0"),
        ("B02", "B02 · 30 woningen", "1"),
        ('a&b "x"', 'a&b "x" · 8 woningen', "2"),
    ]
    symbols = renderer.find("symbols").findall("symbol")
    assert [s.get("name") for s in symbols] == ["0", "1", "2"]
    fills = [fill_colors(symbol)[0] for symbol in symbols]
    assert fills == [colors.rgb(c, 90) for c in BUNDLE_PALETTE[:3]]
    text, _ = bundle_categories_xml([], "nl")
    assert text == ""


def test_layout_legend_in_english() -> None:
    categories = parsed("layouts", "en").find("renderer-v2/categories").findall("category")
    assert [(c.get("value"), c.get("label")) for c in categories] == [
        ("kavel", "plot"),
        ("parkeren en groen", "parking and green"),
        ("gebouw", "building"),
    ]


def test_module_needs_no_pandas_or_numpy() -> None:
    """QGIS's own Python has no pandas: the plugin imports this module there."""
    code = (
        "import sys; import bouwstroom_qgis.core.export.qml; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pandas', 'numpy', 'qgis'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
