"""Vectorised overlay primitives: parcels against polygons, lines and points.

Shapely 2 ``STRtree`` bulk queries find candidate pairs; a prepared ``contains_properly``
test settles every parcel that lies wholly inside a polygon (most of them) without
computing an intersection; exact intersections are computed only for the pairs that
cross a boundary. No ``geopandas.overlay`` in this path: it intersects every pair.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

# Polygons with more vertices than this are cut into grid tiles before indexing: a
# parcel then meets a small piece instead of a whole Natura 2000 area, which keeps
# intersections and distances cheap. Tiling does not change areas or distances.
MAX_VERTICES = 256


@dataclass(frozen=True)
class Pairs:
    """Parcel–polygon pairs with the area they share (m²)."""

    parcel: NDArray[np.intp]
    other: NDArray[np.intp]
    area: NDArray[np.float64]


def split_large(
    geoms: NDArray[np.object_], max_vertices: int = MAX_VERTICES
) -> tuple[NDArray[np.object_], NDArray[np.intp]]:
    """Explode multipart polygons and tile the large ones.

    Returns
    -------
    parts : ndarray of Polygon
    owner : ndarray of int
        Index of the input geometry each part came from.
    """
    parts, owner = shapely.get_parts(geoms, return_index=True)
    big = shapely.get_num_coordinates(parts) > max_vertices
    if not big.any():
        return parts, owner
    pieces, piece_owner = [parts[~big]], [owner[~big]]
    for part, source in zip(parts[big], owner[big], strict=True):
        tiles = _tile(part, max_vertices)
        pieces.append(tiles)
        piece_owner.append(np.full(len(tiles), source, dtype=np.intp))
    return np.concatenate(pieces), np.concatenate(piece_owner)


def _tile(polygon: shapely.Geometry, max_vertices: int) -> NDArray[np.object_]:
    """Cut one polygon along a square grid so each tile has about ``max_vertices`` vertices."""
    n_cells = int(np.ceil(shapely.get_num_coordinates(polygon) / max_vertices))
    side = max(int(np.ceil(np.sqrt(n_cells))), 2)
    xmin, ymin, xmax, ymax = polygon.bounds
    xs = np.linspace(xmin, xmax, side + 1)
    ys = np.linspace(ymin, ymax, side + 1)
    gx, gy = np.meshgrid(xs[:-1], ys[:-1])
    cells = shapely.box(
        gx.ravel(), gy.ravel(), (gx + np.diff(xs)[0]).ravel(), (gy + np.diff(ys)[0]).ravel()
    )
    tiles = shapely.intersection(polygon, cells)
    tiles = shapely.get_parts(tiles[~shapely.is_empty(tiles)])
    return tiles[shapely.get_type_id(tiles) == 3]  # polygons only; slivers of lines dropped


def intersection_pairs(parcels: NDArray[np.object_], polygons: NDArray[np.object_]) -> Pairs:
    """Area shared by every parcel–polygon pair that overlaps.

    Parameters
    ----------
    parcels, polygons : ndarray of Geometry
        Valid polygonal geometries in one projected CRS (m).

    Returns
    -------
    Pairs
        Only pairs with a positive shared area; ``other`` indexes ``polygons``.
    """
    parts, owner = split_large(polygons)
    tree = shapely.STRtree(parts)
    pi, gi = tree.query(parcels)  # envelope candidates only; exact tests follow
    if len(pi) == 0:
        return Pairs(np.empty(0, np.intp), np.empty(0, np.intp), np.empty(0))
    shapely.prepare(parts)
    inside = shapely.contains_properly(parts[gi], parcels[pi])
    area = np.where(inside, shapely.area(parcels[pi]), 0.0)
    crossing = ~inside
    area[crossing] = shapely.area(shapely.intersection(parcels[pi[crossing]], parts[gi[crossing]]))
    keep = area > 0.0
    return _sum_by_pair(pi[keep], owner[gi[keep]], area[keep])


def _sum_by_pair(
    parcel: NDArray[np.intp], other: NDArray[np.intp], area: NDArray[np.float64]
) -> Pairs:
    """Add up areas of pairs that repeat because a polygon was split into parts."""
    if len(parcel) == 0:
        return Pairs(parcel, other, area)
    key = np.stack([parcel, other], axis=1)
    unique, inverse = np.unique(key, axis=0, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=area, minlength=len(unique))
    return Pairs(unique[:, 0], unique[:, 1], summed)


def covered_area(
    parcels: NDArray[np.object_], polygons: NDArray[np.object_]
) -> NDArray[np.float64]:
    """Area of each parcel covered by the union of ``polygons`` (m²).

    The polygons are dissolved first so that overlapping features (nested noise
    contours, say) are not counted twice.
    """
    if len(polygons) == 0:
        return np.zeros(len(parcels))
    dissolved = np.array([shapely.union_all(polygons)], dtype=object)
    pairs = intersection_pairs(parcels, dissolved)
    return np.bincount(pairs.parcel, weights=pairs.area, minlength=len(parcels))


def nearest_distance(
    parcels: NDArray[np.object_], features: NDArray[np.object_], max_distance: float
) -> NDArray[np.float64]:
    """Distance from each parcel to the nearest feature (m), capped at ``max_distance``.

    Polygonal features are indexed as tiles, so a parcel's distance is computed
    against a few small pieces rather than a whole area; a parcel inside or touching
    a feature is at distance 0.
    """
    result = np.full(len(parcels), float(max_distance))
    if len(features) == 0 or len(parcels) == 0:
        return result
    parts, _ = split_large(features)
    tree = shapely.STRtree(parts)
    pi, _, dist = _query_nearest(tree, parcels, max_distance)
    np.minimum.at(result, pi, dist)
    return result


def _query_nearest(
    tree: shapely.STRtree, geoms: NDArray[np.object_], max_distance: float
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    (pi, gi), dist = tree.query_nearest(
        geoms, max_distance=max_distance, return_distance=True, all_matches=False
    )
    return pi, gi, dist


def points_in_polygons(
    points: NDArray[np.object_], polygons: NDArray[np.object_]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Pairs (point index, polygon index) for points inside (or on the edge of) polygons."""
    if len(points) == 0 or len(polygons) == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    parts, owner = split_large(polygons)
    tree = shapely.STRtree(parts)
    pt, gi = tree.query(points)
    shapely.prepare(parts)
    hit = shapely.intersects(parts[gi], points[pt])
    pairs = np.unique(np.stack([pt[hit], owner[gi[hit]]], axis=1), axis=0)
    return pairs[:, 0], pairs[:, 1]
