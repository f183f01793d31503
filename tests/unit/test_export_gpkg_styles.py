"""The ``layer_styles`` rows: one default style per styled layer, the QML the dock uses."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pandas as pd

from bouwstroom_qgis.core.export.gpkg_styles import bundle_rows, styles_table
from bouwstroom_qgis.core.export.qml import layer_qml

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


def test_styles_table_has_qgis_columns_and_one_default_per_layer() -> None:
    table = styles_table({"parcels": "geom", "sites": "geom", "plan_other": "geom"}, "nl", "X")
    assert list(table.columns) == QGIS_COLUMNS
    assert table["f_table_name"].tolist() == ["parcels", "sites"]
    assert table["useAsDefault"].all() and (table["f_geometry_column"] == "geom").all()
    assert table["description"].tolist() == [
        "Percelen met score – X",
        "Locaties met score en capaciteit – X",
    ]


def test_bundles_style_has_the_bundles_of_the_file_with_their_homes() -> None:
    bundles = pd.DataFrame(
        {
            "bundle_id": pd.array(["B02", "B01", None], dtype="str"),
            "homes": pd.array([30, 117, 5], dtype="Int64"),
        }
    )
    table = styles_table({"bundles": "geom"}, "en", bundles=bundles)
    qml = table["styleQML"].iloc[0]
    assert qml == layer_qml("bundles", "en", bundles=[("B01", 117), ("B02", 30)])
    labels = [c.get("label") for c in ET.fromstring(qml).iter("category")]
    assert labels == ["B01 · 117 homes", "B02 · 30 homes"]


def test_bundle_rows_keep_unknown_homes_and_drop_rows_without_an_id() -> None:
    bundles = pd.DataFrame(
        {
            "bundle_id": pd.array(["B01", None, "B02"], dtype="str"),
            "homes": pd.array([12, 3, None], dtype="Int64"),
        }
    )
    assert bundle_rows(bundles) == [("B01", 12), ("B02", None)]
    assert bundle_rows(bundles[["bundle_id"]]) == [("B01", None), ("B02", None)]
    assert bundle_rows(None) == [] and bundle_rows(pd.DataFrame({"x": [1]})) == []


def test_parcels_and_sites_label_the_top_given() -> None:
    table = styles_table({"parcels": "geom", "sites": "geom"}, "nl", top=3)
    for qml in table["styleQML"]:
        filters = [rule.get("filter") for rule in ET.fromstring(qml).iter("rule")][-2:]
        assert filters == ['"rank" <= 3', '"rank" > 3']


def test_each_layer_names_its_own_fields_in_the_language_of_the_export() -> None:
    fields = {
        "parcels": ["fid", "parcel_id", "score", "c_vorm"],
        "sites": ["fid", "site_id", "homes_rijwoning", "rank_gemeente"],
    }
    table = styles_table({"parcels": "geom", "sites": "geom"}, "nl", fields=fields)
    names = [
        [(a.get("field"), a.get("name")) for a in ET.fromstring(qml).iter("alias")]
        for qml in table["styleQML"]
    ]
    assert names == [
        [
            ("parcel_id", "Perceel"),
            ("score", "Score (0–100)"),
            ("c_vorm", "Bijdrage vorm (punten)"),
        ],
        [
            ("site_id", "Locatie"),
            ("homes_rijwoning", "Woningen rijwoning"),
            ("rank_gemeente", "Rang in profiel gemeente"),
        ],
    ]
    bare = styles_table({"parcels": "geom"}, "nl")["styleQML"].iloc[0]  # no fields: no aliases
    assert not list(ET.fromstring(bare).iter("alias"))


def test_tables_get_a_style_with_only_their_aliases_and_no_geometry_column() -> None:
    fields = {"plan": ["fid", "quarter_label", "homes"], "provenance": ["fid", "item", "value"]}
    table = styles_table({"plan": "", "provenance": "", "other": ""}, "en", "X", fields=fields)
    assert table["f_table_name"].tolist() == ["plan", "provenance"]
    assert table["f_geometry_column"].tolist() == ["", ""] and table["useAsDefault"].all()
    assert table["description"].tolist() == [
        "Build stream by quarter – X",
        "Provenance of the result – X",
    ]
    roots = [ET.fromstring(qml) for qml in table["styleQML"]]
    assert [[child.tag for child in root] for root in roots] == [["aliases"], ["aliases"]]
    assert [[a.get("name") for a in root.iter("alias")] for root in roots] == [
        ["Quarter", "Homes"],
        ["Item", "Value"],
    ]
