"""Zoning geometry made uniform: 2D, valid MultiPolygons, objects without area accounted for."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import shapely

from bouwstroom_qgis.core.report import Report

_POLYGON = shapely.GeometryType.POLYGON
_NESTED = (
    shapely.GeometryType.MULTIPOINT,
    shapely.GeometryType.MULTILINESTRING,
    shapely.GeometryType.MULTIPOLYGON,
    shapely.GeometryType.GEOMETRYCOLLECTION,
)


def polygonal(geoms: np.ndarray) -> np.ndarray:
    """The polygonal parts of each geometry as one 2D MultiPolygon; ``None`` if it has none.

    Points and lines inside collections (an IMRO label point, a collapsed sliver) are left
    out; that is what makes a zoning object an area.
    """
    geoms = shapely.force_2d(np.asarray(geoms, dtype=object))
    parts, index = shapely.get_parts(geoms, return_index=True)
    while len(parts):
        nested = np.isin(shapely.get_type_id(parts), _NESTED)
        if not nested.any():
            break
        inner, inner_index = shapely.get_parts(parts[nested], return_index=True)
        parts = np.concatenate([parts[~nested], inner])
        index = np.concatenate([index[~nested], index[nested][inner_index]])
    keep = (shapely.get_type_id(parts) == _POLYGON) & ~shapely.is_empty(parts)
    parts, index = parts[keep], index[keep]
    order = np.argsort(index, kind="stable")
    out = np.full(len(geoms), None, dtype=object)
    if len(parts):
        shapely.multipolygons(parts[order], indices=index[order], out=out)
    return out


def valid_polygons(table: gpd.GeoDataFrame, report: Report, label: str) -> gpd.GeoDataFrame:
    """Repair invalid polygons and leave out rows without area, counting both in ``report``.

    Invalid geometries are rebuilt with GEOS ``make_valid`` (structure method: rings are
    kept as area, self-overlaps merged, collapsed parts dropped). Rows that then have no
    area (no polygon at all, or a polygon that collapses) are left out with a warning.
    """
    geoms = polygonal(table.geometry.to_numpy())
    present = ~shapely.is_missing(geoms)
    invalid = np.zeros(len(geoms), dtype=bool)
    invalid[present] = ~shapely.is_valid(geoms[present])
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        geoms[invalid] = polygonal(repaired)
        report.repair(label, "invalid polygons made valid (GEOS make_valid)", int(invalid.sum()))
    area = np.zeros(len(geoms))
    present = ~shapely.is_missing(geoms)
    area[present] = shapely.area(geoms[present])
    empty = area <= 0.0
    if empty.any():
        report.warn(label, "objects without area (no polygon geometry) left out", int(empty.sum()))
    table = table.set_geometry(gpd.GeoSeries(geoms, index=table.index, crs=table.crs))
    return table[~empty].reset_index(drop=True)
