"""Coordinate systems: every layer ends in RD New (EPSG:28992), never by a guess in degrees.

A layer with a CRS is reprojected with pyproj (an equivalent RD New definition, such as
an ESRI ``.prj``, is only relabelled). A layer without a CRS is a common sight (a
shapefile without its ``.prj``): when every coordinate lies inside the RD New range
(x 0–300,000 m, y 289,000–629,000 m) it is taken as EPSG:28992 and reported as a repair;
coordinates that look like degrees, or that lie outside that range, are an error. So is
a layer whose CRS contradicts its coordinates: one in degrees (such as every GeoJSON's
WGS 84) holding RD New metres, or one that lands far from the Netherlands.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.gdal import reason
from bouwstroom_qgis.core.report import Report

log = logging.getLogger(__name__)

RD_NEW_RANGE = (0.0, 289_000.0, 300_000.0, 629_000.0)
"""Where RD New coordinates of the Netherlands lie (xmin, ymin, xmax, ymax), metres."""
_NETHERLANDS_MARGIN = 50_000.0  # a layer in RD New must come at least this near the range
_DEGREES = (-180.0, -90.0, 180.0, 90.0)


def _inside(bounds: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    xmin, ymin, xmax, ymax = bounds
    return bool(xmin >= box[0] and ymin >= box[1] and xmax <= box[2] and ymax <= box[3])


def _format_bounds(bounds: np.ndarray) -> str:
    return "x {:.6g}–{:.6g}, y {:.6g}–{:.6g}".format(*bounds[[0, 2, 1, 3]])


def to_rd_new(
    gdf: gpd.GeoDataFrame, report: Report, label: str, *, path: Path, layer: str
) -> gpd.GeoDataFrame:
    """The layer in EPSG:28992: reprojected with pyproj, or RD New assumed when safe.

    Raises
    ------
    InputError
        No CRS and coordinates that look like degrees or lie outside the RD New range;
        a CRS in degrees on RD New coordinates; coordinates that cannot be transformed;
        or a result far from the Netherlands (usually a wrong CRS on the layer).
    """
    if gdf.empty:  # nothing to check or move
        return gdf.to_crs(schema.RD_NEW) if gdf.crs else gdf.set_crs(schema.RD_NEW)
    bounds = np.asarray(gdf.total_bounds, dtype=float)
    if gdf.crs is None:
        if _inside(bounds, _DEGREES):
            raise InputError(
                f"has no CRS and its coordinates ({_format_bounds(bounds)}) look like degrees",
                path=path,
                layer=layer,
                hint="set the layer's CRS (e.g. EPSG:4326) in QGIS and save it, or add its .prj",
            )
        if not _inside(bounds, RD_NEW_RANGE):
            raise InputError(
                f"has no CRS and its coordinates ({_format_bounds(bounds)}) are outside the "
                "RD New range (x 0–300000, y 289000–629000)",
                path=path,
                layer=layer,
                hint="set the layer's CRS in QGIS and save it, or add its .prj",
            )
        report.repair(label, "no CRS; coordinates are RD New, assumed EPSG:28992", len(gdf))
        return gdf.set_crs(schema.RD_NEW)
    source_crs = gdf.crs.name
    if gdf.crs.is_geographic and _inside(bounds, RD_NEW_RANGE):
        # A GeoJSON is WGS 84 by definition; RD New metres in it are a common mistake.
        raise InputError(
            f"says {source_crs} but its coordinates ({_format_bounds(bounds)}) are RD New metres",
            path=path,
            layer=layer,
            hint="set the layer's CRS to EPSG:28992 in QGIS and save it",
        )
    if gdf.crs.equals(schema.RD_NEW):
        # An equivalent definition (e.g. an ESRI .prj) is relabelled, not transformed.
        gdf = gdf.set_crs(schema.RD_NEW, allow_override=True)
    else:
        gdf = _reproject(gdf, label, path=path, layer=layer)
    bounds = np.asarray(gdf.total_bounds, dtype=float)
    m = _NETHERLANDS_MARGIN
    near = (RD_NEW_RANGE[0] - m, RD_NEW_RANGE[1] - m, RD_NEW_RANGE[2] + m, RD_NEW_RANGE[3] + m)
    if bounds[2] < near[0] or bounds[0] > near[2] or bounds[3] < near[1] or bounds[1] > near[3]:
        raise InputError(
            f"lies far outside the Netherlands when read as {source_crs} "
            f"(in RD New: {_format_bounds(bounds)})",
            path=path,
            layer=layer,
            hint="check that the layer's CRS is right",
        )
    return gdf


def _reproject(gdf: gpd.GeoDataFrame, label: str, *, path: Path, layer: str) -> gpd.GeoDataFrame:
    source_crs = gdf.crs.name
    try:
        gdf = gdf.to_crs(schema.RD_NEW)
    except Exception as exc:  # pyproj raises several types
        raise InputError(
            f"cannot be reprojected from {source_crs} to EPSG:28992 ({reason(exc)})",
            path=path,
            layer=layer,
            hint="check the layer's CRS",
        ) from None
    finite = np.isfinite(shapely.bounds(gdf.geometry.values)).all(axis=1)
    if not finite.all():
        raise InputError(
            f"{int((~finite).sum())} features cannot be transformed from {source_crs} to "
            "EPSG:28992",
            path=path,
            layer=layer,
            feature=gdf.index[~finite][0],
            hint="check the layer's CRS",
        )
    log.info("%s: reprojected from %s to EPSG:28992", label, source_crs)
    return gdf
