"""Vectorised overlay primitives: parcels against polygons, lines and points.

Shapely 2 ``STRtree`` bulk queries find candidate pairs; a prepared ``contains_properly``
test settles every parcel that lies wholly inside a polygon (most of them) without
computing an intersection; exact intersections are computed only for the pairs that
cross a boundary. No ``geopandas.overlay`` in this path: it intersects every pair.

Shapely releases the GIL in its array functions, so chunks of parcels can be processed
in parallel threads. GEOS builds a prepared geometry's internal indexes lazily, on first
use, which is not safe across threads: each thread works on its own ``copy()`` of an index.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

Geoms = NDArray[np.object_]

# Polygons with more vertices than this, or spread thinly over a large envelope (a
# pipeline strip, a ring of noise contour), are cut into grid tiles before indexing: a
# parcel then meets a small piece instead of a whole Natura 2000 area or a strip whose
# envelope covers half the region, which keeps the exact tests cheap. Tiling does not
# change areas.
MAX_VERTICES = 256
MAX_SPARSE_EXTENT = 250.0  # m: envelope side above which a sparse polygon is tiled
SPARSE = 8.0  # envelope area / polygon area above which a polygon counts as sparse
# Outlines are cut into pieces of this many segments for distance queries (measured on a
# generated region: shorter pieces or long segments divided further only slow GEOS's
# nearest-neighbour search down).
PIECE_SEGMENTS = 4

POLYGON, MULTIPOLYGON = 3, 6


@dataclass(frozen=True)
class Pairs:
    """Parcel–polygon pairs with the area they share (m²)."""

    parcel: NDArray[np.intp]
    other: NDArray[np.intp]
    area: NDArray[np.float64]


def is_polygonal(geoms: Geoms) -> NDArray[np.bool_]:
    return np.isin(shapely.get_type_id(geoms), (POLYGON, MULTIPOLYGON))


class PolygonIndex:
    """Polygons (split into parts and tiles) ready for area overlays and point tests."""

    def __init__(self, polygons: Geoms, max_vertices: int = MAX_VERTICES) -> None:
        parts, owner = split_large(np.asarray(polygons, dtype=object), max_vertices)
        self._index(parts, owner)

    def _index(self, parts: Geoms, owner: NDArray[np.intp]) -> None:
        self.parts, self.owner = parts, owner
        self.tree = shapely.STRtree(parts)
        shapely.prepare(parts)

    def copy(self) -> PolygonIndex:
        """An independent index over copies of the same parts, for another thread."""
        twin = object.__new__(PolygonIndex)
        twin._index(copy_geoms(self.parts), self.owner)
        return twin

    def pairs(self, parcels: Geoms) -> Pairs:
        """Area shared by every parcel–polygon pair that overlaps (``other`` = polygon index)."""
        pi, gi = self.tree.query(parcels)  # envelope candidates; exact tests follow
        # cheap prepared predicates first: parcels inside a part (edges may touch, as
        # where a plan follows cadastral lines) share their whole area, disjoint ones
        # none; only the rest needs the costly exact intersection
        inside = shapely.contains(self.parts[gi], parcels[pi])
        area = np.where(inside, shapely.area(parcels[pi]), 0.0)
        rest = np.flatnonzero(~inside)
        crossing = rest[shapely.intersects(self.parts[gi[rest]], parcels[pi[rest]])]
        area[crossing] = shapely.area(
            shapely.intersection(parcels[pi[crossing]], self.parts[gi[crossing]])
        )
        keep = area > 0.0
        return _sum_by_pair(pi[keep], self.owner[gi[keep]], area[keep])

    def containing(self, points: Geoms) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """Pairs (point index, polygon index) for points inside or on the edge of a polygon."""
        pt, gi = self.tree.query(points)
        hit = shapely.intersects(self.parts[gi], points[pt])
        if not hit.any():
            return np.empty(0, np.intp), np.empty(0, np.intp)
        pairs = np.unique(np.stack([pt[hit], self.owner[gi[hit]]], axis=1), axis=0)
        return pairs[:, 0], pairs[:, 1]

    def touched(self, parcels: Geoms) -> NDArray[np.bool_]:
        """Which parcels intersect (overlap or touch) any of the polygons."""
        pi, gi = self.tree.query(parcels)
        hit = shapely.intersects(self.parts[gi], parcels[pi])
        out = np.zeros(len(parcels), dtype=bool)
        out[pi[hit]] = True
        return out


class DistanceIndex:
    """Features (points, lines, polygons) ready for capped nearest-distance queries.

    Distances are measured to short pieces of the features' outlines, which the tree
    prunes well, rather than to whole areas with thousands of vertices; a parcel that
    lies inside or touches a polygonal feature is at distance 0.
    """

    def __init__(self, features: Geoms) -> None:
        features = np.asarray(features, dtype=object)
        self.empty = len(features) == 0
        self.pieces = outline_pieces(features)
        self.tree = shapely.STRtree(self.pieces)
        polygonal = features[is_polygonal(features)]
        self.areas = PolygonIndex(polygonal) if len(polygonal) else None

    def copy(self) -> DistanceIndex:
        """An independent index over copies of the same features, for another thread."""
        twin = object.__new__(DistanceIndex)
        twin.empty = self.empty
        twin.pieces = copy_geoms(self.pieces)
        twin.tree = shapely.STRtree(twin.pieces)
        twin.areas = self.areas.copy() if self.areas is not None else None
        return twin

    def distance(self, parcels: Geoms, max_distance: float) -> NDArray[np.float64]:
        """Distance from each parcel to the nearest feature (m), capped at ``max_distance``."""
        result = np.full(len(parcels), float(max_distance))
        if self.empty or len(parcels) == 0:
            return result
        outside = np.arange(len(parcels))
        if self.areas is not None:
            touched = self.areas.touched(parcels)
            result[touched] = 0.0
            outside = np.flatnonzero(~touched)
        (pi, _), dist = self.tree.query_nearest(
            parcels[outside], max_distance=max_distance, return_distance=True, all_matches=False
        )
        np.minimum.at(result, outside[pi], dist)
        return result


def copy_geoms(geoms: Geoms) -> Geoms:
    """Exact copies (through WKB) that share no GEOS object with the originals."""
    return shapely.from_wkb(shapely.to_wkb(geoms))


def split_large(geoms: Geoms, max_vertices: int = MAX_VERTICES) -> tuple[Geoms, NDArray[np.intp]]:
    """Explode multipart polygons and tile the large ones.

    Returns
    -------
    parts : ndarray of Polygon
    owner : ndarray of int
        Index of the input geometry each part came from.
    """
    parts, owner = shapely.get_parts(geoms, return_index=True)
    vertices = shapely.get_num_coordinates(parts)
    xmin, ymin, xmax, ymax = shapely.bounds(parts).T
    extent = np.maximum(xmax - xmin, ymax - ymin)
    with np.errstate(divide="ignore"):
        sparse = (xmax - xmin) * (ymax - ymin) > SPARSE * shapely.area(parts)
    big = (vertices > max_vertices) | (sparse & (extent > MAX_SPARSE_EXTENT))
    if not big.any():
        return parts, owner
    pieces, piece_owner = [parts[~big]], [owner[~big]]
    for part, source in zip(parts[big], owner[big], strict=True):
        tiles = _tile(part, max_vertices)
        pieces.append(tiles)
        piece_owner.append(np.full(len(tiles), source, dtype=np.intp))
    return np.concatenate(pieces), np.concatenate(piece_owner)


def _tile(polygon: shapely.Geometry, max_vertices: int) -> Geoms:
    """Cut one polygon along a grid fine enough for both ``max_vertices`` and a sparse shape."""
    xmin, ymin, xmax, ymax = polygon.bounds
    cells_for_vertices = np.ceil(shapely.get_num_coordinates(polygon) / max_vertices)
    cell = max(xmax - xmin, ymax - ymin) / max(np.ceil(np.sqrt(cells_for_vertices)), 2)
    cell = min(cell, MAX_SPARSE_EXTENT)
    xs = np.linspace(xmin, xmax, max(int(np.ceil((xmax - xmin) / cell)), 1) + 1)
    ys = np.linspace(ymin, ymax, max(int(np.ceil((ymax - ymin) / cell)), 1) + 1)
    x0, y0 = np.meshgrid(xs[:-1], ys[:-1])
    x1, y1 = np.meshgrid(xs[1:], ys[1:])
    cells = shapely.box(x0.ravel(), y0.ravel(), x1.ravel(), y1.ravel())
    shapely.prepare(polygon)
    cells = cells[shapely.intersects(polygon, cells)]
    tiles = shapely.get_parts(shapely.intersection(polygon, cells))
    return tiles[shapely.get_type_id(tiles) == POLYGON]  # slivers of lines dropped


def _sum_by_pair(
    parcel: NDArray[np.intp], other: NDArray[np.intp], area: NDArray[np.float64]
) -> Pairs:
    """Add up areas of pairs that repeat because a polygon was split into parts."""
    if len(parcel) == 0:
        return Pairs(parcel, other, area)
    key = np.stack([parcel, other], axis=1)
    unique, inverse = np.unique(key, axis=0, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=area, minlength=len(unique)).astype(np.float64)
    return Pairs(unique[:, 0], unique[:, 1], summed)


def outline_pieces(features: Geoms, segments: int = PIECE_SEGMENTS) -> Geoms:
    """Points as they are; lines and polygon rings cut into linestrings of ``segments`` segments."""
    parts = shapely.get_parts(features)
    kinds = shapely.get_type_id(parts)
    points = parts[kinds == 0]
    rings = shapely.get_parts(shapely.boundary(parts[kinds == POLYGON]))
    lines = np.concatenate([parts[kinds == 1], parts[kinds == 2], rings])
    coords, line_of = shapely.get_coordinates(lines, return_index=True)
    seg = np.flatnonzero(line_of[1:] == line_of[:-1])  # segment k runs coords[k] -> coords[k+1]
    if len(seg) == 0:
        return points
    new_line = np.ones(len(seg), dtype=bool)
    new_line[1:] = line_of[seg[1:]] != line_of[seg[:-1]]
    line_start = np.maximum.accumulate(np.where(new_line, np.arange(len(seg)), 0))
    piece = np.cumsum(new_line | ((np.arange(len(seg)) - line_start) % segments == 0)) - 1
    last = np.append(piece[1:] != piece[:-1], True)  # last segment of each piece
    # a piece's vertices: the start of each of its segments, then the end of its last
    sort_key = np.concatenate([np.arange(len(seg)) * 2, np.flatnonzero(last) * 2 + 1])
    order = np.argsort(sort_key, kind="stable")
    xy = np.concatenate([coords[seg], coords[seg[last] + 1]])[order]
    ids = np.concatenate([piece, piece[last]])[order]
    return np.concatenate([points, shapely.linestrings(xy, indices=ids)])
