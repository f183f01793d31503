"""Geometry hygiene: 2D, present, valid, polygonal and larger than a sliver, each step counted.

Every function takes a GeoDataFrame, returns a new one (the input is never modified) and
records what it changed in the run's ``Report``, naming the first few features by their
index (the GDAL feature id, see ``core.io.vector``; an IMRO plan's ``gml:id``). All steps
are vectorised shapely 2 calls; only invalid polygons go through ``make_valid``, so a
clean layer of a million parcels costs one ``is_valid`` pass. Every reader uses these
steps: ``read_vector`` for any layer, the IMRO plan reader for its template reading.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import shapely

from bouwstroom_qgis.core.report import Report

log = logging.getLogger(__name__)

MIN_AREA_M2 = 0.01
"""Polygons smaller than this (m²) are slivers: digitising noise, never a usable parcel."""

# shapely.get_type_id codes
POINT, LINESTRING, LINEARRING, POLYGON, MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, COLLECTION = (
    range(8)
)
POLYGONAL_TYPES = (POLYGON, MULTIPOLYGON)
POINT_TYPES = (POINT, MULTIPOINT)
LINE_TYPES = (LINESTRING, LINEARRING, MULTILINESTRING)
_MULTI_TYPES = (MULTIPOINT, MULTILINESTRING, MULTIPOLYGON, COLLECTION)
_EXAMPLES = 3


def examples(ids: Sequence[object] | np.ndarray, n: int = _EXAMPLES) -> str:
    """Name the first ``n`` features of ``ids`` for a message, e.g. ``"fid 3, 17, 22"``.

    The word is the name of the index ``ids`` come from (``fid``, or ``gml:id``), else fid.
    """
    word = getattr(ids, "name", None) or "fid"
    shown = ", ".join(str(i) for i in list(ids)[:n])
    more = ", ..." if len(ids) > n else ""
    return f"{word} {shown}{more}"


def with_geometry(gdf: gpd.GeoDataFrame, geoms: np.ndarray) -> gpd.GeoDataFrame:
    """A copy of ``gdf`` with ``geoms`` (aligned by position) as its geometry."""
    out = gdf.copy()
    out[gdf.geometry.name] = gpd.GeoSeries(geoms, index=gdf.index, crs=gdf.crs)
    return out


def drop_rows(
    gdf: gpd.GeoDataFrame, mask: np.ndarray, report: Report, label: str, what: str
) -> gpd.GeoDataFrame:
    """Leave out the rows in ``mask`` and say how many, naming the first few."""
    count = int(mask.sum())
    if count:
        report.repair(label, f"{what} left out (first: {examples(gdf.index[mask])})", count)
        return gdf.loc[~mask]
    return gdf


def drop_missing(gdf: gpd.GeoDataFrame, report: Report, label: str) -> gpd.GeoDataFrame:
    """Leave out features without a geometry or with an empty one, counted separately."""
    geoms = gdf.geometry.values
    missing = np.asarray(shapely.is_missing(geoms))
    gdf = drop_rows(gdf, missing, report, label, "features without geometry")
    empty = np.asarray(shapely.is_empty(gdf.geometry.values))
    return drop_rows(gdf, empty, report, label, "features with an empty geometry")


def force_2d(gdf: gpd.GeoDataFrame, report: Report, label: str) -> gpd.GeoDataFrame:
    """Drop Z and M values: every stage measures in the plane (RD New metres)."""
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    has_zm = np.asarray(shapely.has_z(geoms))
    if hasattr(shapely, "has_m"):  # shapely >= 2.1
        has_zm |= np.asarray(shapely.has_m(geoms))
    count = int(has_zm.sum())
    if not count:
        return gdf
    flat = geoms.copy()
    flat[has_zm] = shapely.force_2d(geoms[has_zm])
    report.repair(label, "Z/M coordinates dropped (geometry made 2D)", count)
    return with_geometry(gdf, flat)


def _single_parts(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All single parts of ``geoms`` (nested collections opened) with their row numbers."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    while True:
        multi = np.isin(shapely.get_type_id(parts), _MULTI_TYPES)
        if not multi.any():
            return parts, index
        # Open each nested multi-geometry where it stands, so parts keep their order.
        counts = np.where(multi, shapely.get_num_geometries(parts), 1)
        starts = np.cumsum(counts) - counts
        opened = np.empty(int(counts.sum()), dtype=object)
        opened[starts[~multi]] = parts[~multi]
        inner_counts = counts[multi]
        offsets = np.arange(inner_counts.sum()) - np.repeat(
            np.cumsum(inner_counts) - inner_counts, inner_counts
        )
        opened[np.repeat(starts[multi], inner_counts) + offsets] = shapely.get_parts(parts[multi])
        parts, index = opened, np.repeat(index, counts)


def polygonal_parts(geoms: np.ndarray) -> np.ndarray:
    """The polygonal part of every geometry: itself, a Polygon, a MultiPolygon or empty.

    Parameters
    ----------
    geoms : ndarray of shapely geometries
        Any types; Polygons and MultiPolygons are returned unchanged.

    Returns
    -------
    ndarray
        Same length. Collections keep their non-empty polygons (one part -> Polygon,
        several -> MultiPolygon, in their original order); geometries without any
        polygon become an empty Polygon.
    """
    geoms = np.asarray(geoms, dtype=object)
    out = geoms.copy()
    todo = ~np.isin(shapely.get_type_id(geoms), POLYGONAL_TYPES)
    if not todo.any():
        return out
    rows = np.flatnonzero(todo)
    parts, index = _single_parts(geoms[rows])
    keep = (shapely.get_type_id(parts) == POLYGON) & ~shapely.is_empty(parts)
    parts, index = parts[keep], index[keep]
    assembled = np.full(len(rows), shapely.Polygon(), dtype=object)
    if len(parts):
        shapely.multipolygons(parts, indices=index, out=assembled)
    single = shapely.get_num_geometries(assembled) == 1
    assembled[single] = shapely.get_geometry(assembled[single], 0)
    out[rows] = assembled
    return out


def reduce_collections(gdf: gpd.GeoDataFrame, report: Report, label: str) -> gpd.GeoDataFrame:
    """Reduce GeometryCollections (as GML may give) to their polygonal parts.

    Collections without any polygon become empty; the caller decides what that means
    for its role (a polygon layer leaves them out as non-polygonal features).
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    is_collection = shapely.get_type_id(geoms) == COLLECTION
    count = int(is_collection.sum())
    if not count:
        return gdf
    reduced = geoms.copy()
    reduced[is_collection] = polygonal_parts(geoms[is_collection])
    kept = int((~shapely.is_empty(reduced[is_collection])).sum())
    report.repair(label, "geometry collections reduced to their polygonal parts", kept)
    return with_geometry(gdf, reduced)


def _make_valid(geoms: np.ndarray) -> np.ndarray:
    """``make_valid`` with the structure method (GEOS >= 3.10), else the linework method."""
    try:
        return shapely.make_valid(geoms, method="structure", keep_collapsed=False)
    except (TypeError, ValueError, shapely.errors.UnsupportedGEOSVersionError):
        log.debug("make_valid method='structure' unavailable; using the default method")
        return shapely.make_valid(geoms)


def repair_invalid(gdf: gpd.GeoDataFrame, report: Report, label: str) -> gpd.GeoDataFrame:
    """Repair invalid polygons (self-intersections, bow ties, bad rings) in place.

    Only the invalid ones are touched. The repair keeps polygonal parts; a polygon whose
    repair leaves no area (a collapsed ring) is left out, counted on its own.
    """
    geoms = np.asarray(gdf.geometry.values, dtype=object)
    invalid = ~np.asarray(shapely.is_valid(geoms))
    if not invalid.any():
        return gdf
    fixed = polygonal_parts(_make_valid(geoms[invalid]))
    collapsed = shapely.is_empty(fixed) | (shapely.area(fixed) <= 0)
    repaired = geoms.copy()
    repaired[invalid] = fixed
    report.repair(
        label,
        "invalid polygons (e.g. self-intersecting) repaired with make_valid, polygonal "
        f"parts kept (first: {examples(gdf.index[invalid][~collapsed])})",
        int((~collapsed).sum()),
    )
    gdf = with_geometry(gdf, repaired)
    gone = np.zeros(len(gdf), dtype=bool)
    gone[np.flatnonzero(invalid)[collapsed]] = True
    return drop_rows(gdf, gone, report, label, "invalid polygons with no area left after repair")


def drop_slivers(
    gdf: gpd.GeoDataFrame, report: Report, label: str, min_area: float = MIN_AREA_M2
) -> gpd.GeoDataFrame:
    """Leave out polygons smaller than ``min_area`` (m², default 0.01 m²)."""
    small = np.asarray(shapely.area(gdf.geometry.values)) < min_area
    return drop_rows(gdf, small, report, label, f"slivers (polygons under {min_area:g} m²)")


def clean_polygons(
    gdf: gpd.GeoDataFrame, report: Report, label: str, min_area: float = MIN_AREA_M2
) -> gpd.GeoDataFrame:
    """Valid 2D polygons of at least ``min_area`` m², multipart features kept whole.

    Expects a layer whose geometries are already present, 2D and polygonal (see
    ``drop_missing``, ``force_2d``, ``reduce_collections``).
    """
    gdf = repair_invalid(gdf, report, label)
    return drop_slivers(gdf, report, label, min_area)


def keep_polygons(
    gdf: gpd.GeoDataFrame, report: Report, label: str, min_area: float = MIN_AREA_M2
) -> gpd.GeoDataFrame:
    """Polygonal features only, valid and of at least ``min_area`` m²; the rest counted.

    Features without any polygon (points, lines, a collection reduced to nothing) are left
    out and counted, then ``clean_polygons`` runs. Expects present 2D geometries whose
    collections are reduced (``reduce_collections`` or ``polygonal_parts``).
    """
    geoms = gdf.geometry.values
    polygonal = np.isin(shapely.get_type_id(geoms), POLYGONAL_TYPES) & ~np.asarray(
        shapely.is_empty(geoms)
    )
    gdf = drop_rows(gdf, ~polygonal, report, label, "features that are not polygons")
    return clean_polygons(gdf, report, label, min_area)


def as_multipolygons(geoms: np.ndarray) -> np.ndarray:
    """Every non-empty Polygon as a MultiPolygon of one part; anything else unchanged.

    For layers that must hold one geometry type, as a GeoPackage layer declares it
    (zoning tables are MultiPolygon throughout).
    """
    out = np.asarray(geoms, dtype=object).copy()
    single = (shapely.get_type_id(out) == POLYGON) & ~shapely.is_empty(out)
    if single.any():
        out[single] = shapely.multipolygons(out[single], indices=np.arange(int(single.sum())))
    return out
