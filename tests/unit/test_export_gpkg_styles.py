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
