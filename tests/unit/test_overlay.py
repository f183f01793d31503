import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.overlay import DistanceIndex, PolygonIndex, outline_pieces, split_large


def intersection_pairs(parcels, polygons):
    return PolygonIndex(polygons).pairs(parcels)


def nearest_distance(parcels, features, max_distance):
    return DistanceIndex(features).distance(parcels, max_distance)


def boxes(*coords):
    return np.array([shapely.box(*c) for c in coords], dtype=object)


def test_intersection_pairs_inside_crossing_and_apart():
    parcels = boxes((0, 0, 10, 10), (8, 0, 18, 10), (100, 100, 110, 110))
    zones = boxes((-1, -1, 12, 12), (12, -1, 30, 12))
    pairs = intersection_pairs(parcels, zones)
    got = {
        (int(p), int(z)): a for p, z, a in zip(pairs.parcel, pairs.other, pairs.area, strict=True)
    }
    assert got == {
        (0, 0): pytest.approx(100.0),  # wholly inside: the shortcut
        (1, 0): pytest.approx(40.0),  # x 8..12
        (1, 1): pytest.approx(60.0),  # x 12..18
    }


def test_touching_pairs_share_no_area():
    pairs = intersection_pairs(boxes((0, 0, 10, 10)), boxes((10, 0, 20, 10)))
    assert len(pairs.parcel) == 0


def test_large_polygon_is_tiled_without_changing_areas():
    circle = shapely.Point(0, 0).buffer(1000, quad_segs=512)  # 2,049 vertices
    parts, owner = split_large(np.array([circle], dtype=object), max_vertices=256)
    assert len(parts) > 4 and set(owner) == {0}
    assert shapely.area(parts).sum() == pytest.approx(circle.area, rel=1e-9)
    parcels = boxes((-50, -50, 50, 50), (990, -5, 1010, 5))
    pairs = intersection_pairs(parcels, np.array([circle], dtype=object))
    assert pairs.area[pairs.parcel == 0].sum() == pytest.approx(10_000.0)
    expected = shapely.intersection(parcels[1], circle).area
    assert pairs.area[pairs.parcel == 1].sum() == pytest.approx(expected, rel=1e-9)


def test_nearest_distance_capped_and_zero_inside():
    features = boxes((100, 0, 110, 10))
    parcels = boxes((0, 0, 10, 10), (105, 2, 106, 3), (-5000, 0, -4990, 10))
    dist = nearest_distance(parcels, features, max_distance=1000)
    assert dist == pytest.approx([90.0, 0.0, 1000.0])


def test_nearest_distance_to_points_and_lines():
    parcels = boxes((0, 0, 10, 10))
    feats = np.array([shapely.Point(13, 14), shapely.LineString([(0, 30), (10, 30)])], dtype=object)
    assert nearest_distance(parcels, feats, 500) == pytest.approx([5.0])


def test_points_in_polygons_includes_edges():
    polys = boxes((0, 0, 10, 10), (10, 0, 20, 10))
    pts = np.array([shapely.Point(5, 5), shapely.Point(10, 5), shapely.Point(50, 50)], dtype=object)
    pt, poly = PolygonIndex(polys).containing(pts)
    assert list(zip(pt.tolist(), poly.tolist(), strict=True)) == [(0, 0), (1, 0), (1, 1)]


def test_nearest_distance_equals_brute_force_on_a_detailed_polygon():
    rng = np.random.default_rng(3)
    area = (
        shapely.Point(0, 0)
        .buffer(800, quad_segs=300)
        .difference(shapely.Point(100, 0).buffer(200, quad_segs=100))
    )  # a hole: parcels inside it are outside the area
    x, y = rng.uniform(-2000, 2000, 500), rng.uniform(-2000, 2000, 500)
    parcels = shapely.box(x, y, x + rng.uniform(5, 80, 500), y + rng.uniform(5, 80, 500))
    expected = np.minimum(shapely.distance(parcels, area), 1500)
    assert nearest_distance(parcels, np.array([area], dtype=object), 1500) == pytest.approx(
        expected
    )


def test_outline_pieces_cover_the_outline_exactly():
    ring = shapely.Point(0, 0).buffer(100, quad_segs=10)  # 41 vertices, 40 segments
    pieces = outline_pieces(np.array([ring, shapely.Point(5, 5)], dtype=object), segments=4)
    lines = pieces[shapely.get_type_id(pieces) == 1]
    assert len(lines) == 10 and shapely.get_num_coordinates(lines).tolist() == [5] * 10
    assert shapely.length(lines).sum() == pytest.approx(ring.exterior.length)
    assert shapely.get_type_id(pieces).tolist().count(0) == 1
