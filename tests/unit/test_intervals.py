"""Free stretches of bands inside polygons, from edges alone, against shapely."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core.frames import polygon_edges
from bouwstroom_qgis.core.intervals import Stretches, inside_stretches, intersect


def stretches(polygon: shapely.Geometry, bands: list[tuple[float, float]]) -> Stretches:
    """Every edge listed with every band: the function must ignore the ones that miss."""
    e = polygon_edges(np.array([polygon], dtype=object))
    n = len(e.owner)
    band = np.repeat(np.arange(len(bands)), n)
    tile = np.tile
    low = np.array([b[0] for b in bands])
    high = np.array([b[1] for b in bands])
    return inside_stretches(
        band, tile(e.x0, len(bands)), tile(e.y0, len(bands)), tile(e.x1, len(bands)),
        tile(e.y1, len(bands)), low, high,
    )  # fmt: skip


def as_list(found: Stretches) -> list[tuple[int, float, float]]:
    rows = zip(found.band, found.start, found.end, strict=True)
    return [(int(b), round(float(s), 9), round(float(e), 9)) for b, s, e in rows]


def test_rectangle_that_fits_exactly_is_one_stretch():
    box = shapely.box(0, 0, 25.5, 31)
    assert as_list(stretches(box, [(0, 31), (0, 31.5), (-1, 5), (10, 20)])) == [
        (0, 0.0, 25.5),  # the band's sides lie on the rectangle's: still inside
        (3, 0.0, 25.5),
    ]


def test_hole_and_notch_split_the_band():
    shape = shapely.box(0, 0, 100, 40).difference(shapely.box(30, 10, 40, 20))
    shape = shape.difference(shapely.box(70, 30, 80, 40))  # a notch from the top
    assert as_list(stretches(shape, [(5, 25), (0, 10), (25, 35), (20, 30)])) == [
        (0, 0.0, 30.0),
        (0, 40.0, 100.0),
        (1, 0.0, 100.0),  # the hole's bottom edge only touches the band
        (2, 0.0, 70.0),
        (2, 80.0, 100.0),
        (3, 0.0, 100.0),  # hole and notch only touch it
    ]


def test_slanted_edges_and_two_parts():
    triangle = shapely.Polygon([(0, 0), (40, 0), (0, 40)])
    far = shapely.box(100, 0, 110, 50)
    shape = shapely.MultiPolygon([triangle, far])
    # at height 10..20 the triangle is free for u up to 40 - 20 = 20
    assert as_list(stretches(shape, [(10, 20)])) == [(0, 0.0, 20.0), (0, 100.0, 110.0)]


def test_intersect_keeps_what_both_leave_free():
    a = Stretches(np.array([0, 0, 1]), np.array([0.0, 50.0, 0.0]), np.array([30.0, 90.0, 10.0]))
    b = Stretches(np.array([0, 0, 1]), np.array([10.0, 55.0, 10.0]), np.array([40.0, 95.0, 20.0]))
    # band 1 only touches at 10: nothing shared
    assert as_list(intersect(a, b)) == [(0, 10.0, 30.0), (0, 55.0, 90.0)]


@st.composite
def shapes(draw):
    """Unions of boxes and triangles with a hole or two: rectilinear and slanted edges.

    Corners lie on a half-metre grid, so a band side either lies on a corner's height
    (touching, which must not block) or clearly away from it.
    """
    grid = st.integers(0, 160).map(lambda i: i / 2)
    size = st.integers(10, 120).map(lambda i: i / 2)
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        x, y, w, h = draw(grid), draw(grid), draw(size), draw(size)
        if draw(st.booleans()):
            pieces.append(shapely.box(x, y, x + w, y + h))
        else:
            lean = draw(st.integers(-40, 40)) / 2
            pieces.append(shapely.Polygon([(x, y), (x + w, y + lean), (x, y + h)]))
    shape = shapely.union_all(pieces)
    for _ in range(draw(st.integers(0, 2))):
        x, y, w = draw(grid), draw(grid), draw(size)
        shape = shape.difference(shapely.box(x, y, x + w / 4, y + 7))
    return shape


@settings(max_examples=200, deadline=None)
@given(
    shape=shapes(),
    low=st.integers(-10, 240).map(lambda i: i / 2),
    depth=st.integers(1, 80).map(lambda i: i / 2),
)
def test_stretches_agree_with_shapely(shape, low, depth):
    high = low + depth
    found = stretches(shape, [(low, high)])
    covered = shapely.buffer(shape, 1.5e-6)  # the band may cross an edge by 1 µm

    def free(u: float) -> bool:
        return shape.covers(shapely.LineString([(u, low + 1e-5), (u, high - 1e-5)]))

    for start, end in zip(found.start, found.end, strict=True):
        assert end > start
        assert covered.covers(shapely.box(start, low, end, high))  # all found is inside
        assert not free(start - 5e-3) and not free(end + 5e-3)  # and it cannot grow
    corners = shapely.get_coordinates(shape)[:, 0]
    xmin, _, xmax, _ = shape.bounds
    for u in np.linspace(xmin, xmax, 97):
        if np.min(np.abs(np.r_[found.start, found.end, corners] - u)) < 1e-3:
            continue
        inside = bool(np.any((found.start <= u) & (u <= found.end)))
        assert inside == free(u), u
