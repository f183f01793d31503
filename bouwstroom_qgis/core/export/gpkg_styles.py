"""QGIS styles for the result layers, stored in the GeoPackage so they open styled.

QGIS keeps layer styles in a table ``layer_styles`` inside a GeoPackage (the same table
QGIS writes with "Save style > In database"): one row per style, naming the layer by
``f_table_name`` and its geometry column, the style as QML text, and ``useAsDefault``.
When a layer is loaded, QGIS applies the default style found there.

The QML files in ``resources/styles`` are written by hand; names after a dollar sign
(``string.Template``) are filled in here: translated legend words and the bundle
categories, one per concept present.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

import pandas as pd

from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export.labels import text
from bouwstroom_qgis.paths import resource

STYLED_LAYERS = ("parcels", "sites", "bundles", "layouts")
STYLE_NAME = "bouwstroom"
OWNER = "bouwstroom"
LAYOUT_WORDS = {
    "nl": {"plot": "kavel", "outdoor": "parkeren en groen", "building": "gebouw"},
    "en": {"plot": "plot", "outdoor": "parking and green", "building": "building"},
}
TITLES = {
    "parcels": ("Percelen met score", "Scored parcels"),
    "sites": ("Locaties met score en capaciteit", "Scored sites with capacity"),
    "bundles": ("Bundels voor de bouwstroom", "Bundles for the build stream"),
    "layouts": ("Verkaveling per locatie", "Plot layouts per site"),
}


def _template(name: str) -> string.Template:
    return string.Template(resource("styles", name).read_text(encoding="utf-8"))


def _xml(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def category_xml(concepts: Sequence[str], other_label: str) -> tuple[str, str]:
    """The ``<category>`` and ``<symbol>`` elements of the bundles style, one per concept.

    A last category with an empty value catches any other concept (QGIS: "all other
    values"), drawn grey.
    """
    palette = colors.concept_colors(concepts)
    symbol = _template("category_symbol.xml")
    categories, symbols = [], []
    entries = [*palette.items(), ("", "#888888")]
    for i, (name, color) in enumerate(entries):
        label = name.replace("_", " ") if name else other_label
        categories.append(
            f'      <category symbol="{i}" value="{_xml(name)}" label="{_xml(label)}" '
            'render="true"/>\n'
        )
        symbols.append(
            symbol.substitute(
                name=i, fill=colors.rgb(color, 60), outline=colors.rgb(color), width="0.8"
            )
        )
    return "".join(categories), "".join(symbols)


def layer_qml(layer: str, language: str, concepts: Sequence[str] = ()) -> str:
    """The QML text of one layer's style.

    Parameters
    ----------
    layer : {"parcels", "sites", "bundles", "layouts"}
    language : {"nl", "en"}
        Language of the legend words and title.
    concepts : sequence of str
        Concepts present in the bundles layer (one category each).
    """
    values: dict[str, str] = {}
    if layer == "parcels":
        values["excluded_label"] = _xml(text("excluded_legend", language))
    elif layer == "bundles":
        values["categories"], values["symbols"] = category_xml(
            concepts, text("none", language) if not concepts else "…"
        )
    elif layer == "layouts":
        values.update({k: _xml(v) for k, v in LAYOUT_WORDS[language].items()})
    return _template(f"{layer}.qml").substitute(values)


def styles_table(
    layers: Mapping[str, str],
    language: str,
    description: str = "",
    concepts: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows of QGIS's ``layer_styles`` table: the default style of each styled layer.

    Parameters
    ----------
    layers : mapping
        Layer name -> its geometry column (``geom`` for GDAL's GeoPackages), for the
        layers present in the file; layers without a style here are skipped.
    language : {"nl", "en"}
    description : str
        Added to each style's description (QGIS shows it in its style manager).
    concepts : sequence of str
        Concepts present in the bundles layer.

    Returns
    -------
    DataFrame
        Columns as QGIS creates them: f_table_catalog, f_table_schema, f_table_name,
        f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,
        owner, ui (the caller adds update_time).
    """
    rows = []
    for layer, geometry_column in layers.items():
        if layer not in STYLED_LAYERS:
            continue
        rows.append(
            {
                "f_table_catalog": "",
                "f_table_schema": "",
                "f_table_name": layer,
                "f_geometry_column": geometry_column,
                "styleName": STYLE_NAME,
                "styleQML": layer_qml(layer, language, concepts),
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
