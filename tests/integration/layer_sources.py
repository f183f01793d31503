"""Layers the tests open from GeoPackages or draw in memory (RD New, EPSG:28992)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

# A spot in Drenthe (RD New, m) where the drawn features lie.
X0, Y0 = 230000, 560000


def gpkg_layer(path: Path, name: str, embedded_style: bool = True) -> QgsVectorLayer:
    """The layer ``name`` of a GeoPackage, named after it; the test fails if it cannot open.

    Parameters
    ----------
    path
        The GeoPackage.
    name
        The layer in it, which also names the QGIS layer.
    embedded_style
        Open it with the default style stored in the file, as QGIS does; without, it
        shows QGIS's own default symbol.
    """
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = embedded_style
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr", options)
    assert layer.isValid(), f"{path}: no layer {name}"
    return layer


def memory_layer(
    uri: str, name: str, features: Iterable[tuple[QgsGeometry, Sequence[object]]]
) -> QgsVectorLayer:
    """A memory layer with the given features.

    Parameters
    ----------
    uri
        The memory provider's URI: geometry type, CRS and fields, e.g.
        ``Polygon?crs=EPSG:28992&field=naam:string``.
    name
        The layer's name, as messages quote it.
    features
        Each feature's geometry and its first attributes, in field order; the
        attributes not given stay NULL.
    """
    layer = QgsVectorLayer(uri, name, "memory")
    added = []
    for geometry, attributes in features:
        feature = QgsFeature(layer.fields())
        for index, value in enumerate(attributes):
            feature.setAttribute(index, value)
        feature.setGeometry(geometry)
        added.append(feature)
    layer.dataProvider().addFeatures(added)
    return layer


def rectangle(x: float, y: float, width: float, height: float, geometry: str) -> QgsGeometry:
    """A ``width`` x ``height`` m rectangle with its south-west corner at (x, y), or that corner.

    Counter-clockwise from the corner: the vertex order the expected numbers were found with.

    Parameters
    ----------
    x, y
        The south-west corner (RD New, m).
    width, height
        The rectangle's size east and north (m).
    geometry
        ``Polygon`` for the rectangle, ``Point`` for the corner.
    """
    east, north = x + width, y + height
    wkt = (
        f"POINT({x} {y})"
        if geometry == "Point"
        else f"POLYGON(({x} {y},{east} {y},{east} {north},{x} {north},{x} {y}))"
    )
    return QgsGeometry.fromWkt(wkt)


def parcel_row(count: int, geometry: str = "Polygon") -> list[QgsGeometry]:
    """``count`` squares of 50 x 50 m in a row 100 m apart, or their south-west corners.

    Parameters
    ----------
    count
        How many.
    geometry
        ``Polygon`` for the squares (2,500 m² each), ``Point`` for the corners.
    """
    return [rectangle(X0 + 100 * i, Y0, 50, 50, geometry) for i in range(count)]


def sketch(names: Sequence[str] = ("noord",), geometry: str = "Polygon") -> QgsVectorLayer:
    """Sites drawn by hand: a memory layer ``schets`` with a field ``naam`` and no score.

    Parameters
    ----------
    names
        One site a name, each 100 x 60 m (6,000 m²), the next 200 m further south.
    geometry
        ``Polygon`` for the sites, ``Point`` for their south-west corners.
    """
    return memory_layer(
        f"{geometry}?crs=EPSG:28992&field=naam:string",
        "schets",
        [(rectangle(X0, Y0 - 200 * i, 100, 60, geometry), [name]) for i, name in enumerate(names)],
    )
