"""QGIS styles for the result layers, stored in the GeoPackage so they open styled.

QGIS keeps layer styles in a table ``layer_styles`` inside a GeoPackage (the same table
QGIS writes with "Save style > In database"): one row per style, naming the layer by
``f_table_name`` and its geometry column, the style as QML text, and ``useAsDefault``.
When a layer is loaded, QGIS applies the default style found there.

The style of each layer is the QML that the plugin applies to the layers it shows
(``core.export.qml``): one source, so the exported file opens as the dock shows it. Each
style also names the layer's fields readably (QGIS field aliases, in the export's
language); the tables without geometry get a style with only those names, stored with an
empty geometry column as QGIS stores the style of a table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.qml import ALIASED_TABLES, STYLED_LAYERS, TOP, layer_qml

STYLE_NAME = "bouwstroom"
OWNER = "bouwstroom"
TITLES = {
    "parcels": ("Percelen met score", "Scored parcels"),
    "sites": ("Locaties met score en capaciteit", "Scored sites with capacity"),
    "bundles": ("Bundels voor de bouwstroom", "Bundles for the build stream"),
    "layouts": ("Verkaveling per locatie", "Plot layouts per site"),
    "plan": ("Bouwstroom per kwartaal", "Build stream by quarter"),
    "provenance": ("Herkomst van de uitkomst", "Provenance of the result"),
}


def bundle_rows(bundles: pd.DataFrame | None) -> list[tuple[str, int | None]]:
    """Bundle id and homes (None when unknown) of each row of the bundles layer."""
    if bundles is None or s.BUNDLE_ID not in bundles.columns:
        return []
    ids = bundles[s.BUNDLE_ID]
    homes = bundles[s.HOMES] if s.HOMES in bundles.columns else pd.Series(pd.NA, index=ids.index)
    return [
        (str(bundle), None if pd.isna(count) else int(count))
        for bundle, count in zip(ids, homes, strict=True)
        if not pd.isna(bundle)
    ]


def styles_table(
    layers: Mapping[str, str],
    language: str,
    description: str = "",
    bundles: pd.DataFrame | None = None,
    top: int = TOP,
    fields: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame:
    """Rows of QGIS's ``layer_styles`` table: the default style of each styled layer.

    Parameters
    ----------
    layers : mapping
        Layer name -> its geometry column (``geom`` for GDAL's GeoPackages, "" for a
        table), for the layers present in the file; layers without a style here are
        skipped.
    language : {"nl", "en"}
    description : str
        Added to each style's description (QGIS shows it in its style manager).
    bundles : DataFrame, optional
        The bundles layer's attributes (``bundle_id``, ``homes``): one category each.
    top : int
        Ranks labelled at every scale on the parcels and sites.
    fields : mapping, optional
        Layer name -> its fields in QGIS's order (the fid first): each known field gets
        its alias. A layer not named here gets none.

    Returns
    -------
    DataFrame
        Columns as QGIS creates them: f_table_catalog, f_table_schema, f_table_name,
        f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
        owner, ui (the caller adds update_time).
    """
    rows = []
    categories = bundle_rows(bundles)
    for layer, geometry_column in layers.items():
        if layer not in STYLED_LAYERS + ALIASED_TABLES:
            continue
        qml = layer_qml(
            layer, language, top=top, bundles=categories, fields=(fields or {}).get(layer, ())
        )
        rows.append(
            {
                "f_table_catalog": "",
                "f_table_schema": "",
                "f_table_name": layer,
                "f_geometry_column": geometry_column,
                "styleName": STYLE_NAME,
                "styleQML": qml,
                "styleSLD": "",
                "useAsDefault": True,
                "description": " – ".join(
                    part
                    for part in (TITLES[layer][0 if language == "nl" else 1], description)
                    if part
                ),
                "owner": OWNER,
                "ui": "",
            }
        )
    return pd.DataFrame(rows)
