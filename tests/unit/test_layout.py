"""Layouts of one concept: hand-computed counts, exactness, the area bound, the fixed family.

The test concept has round sizes: buildings 5 m wide, strips 31 m deep (6 m parking and
green, 5 m front garden, 10 m building, 10 m back garden), rows of 2 to 4 buildings that
take ``n * 5 + 2`` m each.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from bouwstroom_qgis.core import layout as layout_module
from bouwstroom_qgis.core.concepts import Concept, load_concepts
from bouwstroom_qgis.core.frames import site_frames
from bouwstroom_qgis.core.layout import area_bound, best_layout, vertex_batches

CONCEPT = Concept(
    name="rij",
    label="Rij",
    family="grondgebonden",
    width=5.0,
    depth=10.0,
    storeys=2,
    attic=False,
    homes_per_building=1,
    plot_depth=25.0,
    front_garden=5.0,
    min_row=2,
    max_row=4,
    row_gap=2.0,
    setback=0.0,
    parking_per_home=1.0,
    parking_space=20.0,
    green_per_home=10.0,
    groups=("wonen",),
)


def count(shape, concept=CONCEPT, footprint_area=None, family="both") -> int:
    """Buildings of ``concept`` on ``shape``, by the own or the fixed family or both."""
    sites = np.array([shape], dtype=object)
    restricted = np.array([footprint_area is not None])
    fa = np.array([footprint_area or shapely.Polygon()], dtype=object)
    frames = None if family == "fixed" else site_frames(sites, restricted)
    layout = best_layout(frames, sites, fa, restricted, concept, fixed=family != "own")
    return int(layout.buildings[0])


def per_strip(length: float, c: Concept = CONCEPT) -> int:
    """Buildings in one strip by hand: t rows need k*width + t*gap metres."""
    best = 0
    for t in range(1, 200):
        k = min(math.floor((length - t * c.row_gap) / c.width + 1e-9), t * c.max_row)
        if k >= t * c.min_row:
            best = max(best, k)
    return best


def rectangle_optimum(a: float, b: float, c: Concept = CONCEPT) -> int:
    """Rows along side a with floor(b / strip depth) strips, or the other way round."""
    along_a = math.floor(b / c.strip_depth + 1e-9) * per_strip(a, c)
    along_b = math.floor(a / c.strip_depth + 1e-9) * per_strip(b, c)
    return max(along_a, along_b)


def test_concept_sizes_are_the_round_ones():
    assert (CONCEPT.outdoor_depth, CONCEPT.strip_depth, CONCEPT.land_per_home_m2) == (6, 31, 155)


def test_rectangle_by_hand():
    # rows along the 60 m side: 2 strips of 31 m in 70 m, each 10 buildings in 60 m
    # (3 rows of 3 and 4... 10 x 5 + 3 x 2 = 56 m); along the 70 m side only 1 strip (12)
    assert per_strip(60) == 10 and per_strip(70) == 12
    assert count(shapely.box(0, 0, 60, 70)) == 20


@pytest.mark.parametrize("angle", [0.0, 17.0, 45.0, 90.0, 123.4, 271.0])
def test_rotated_rectangle_same_count(angle):
    box = affinity.rotate(shapely.box(200_000, 560_000, 200_060, 560_070), angle)
    assert count(box) == 20


def test_exact_fit_is_kept():
    # 2 strips of exactly 31 m; 4 + 2 + 4 + 2 = 12 m per... one row of 4 takes 22 m
    assert count(shapely.box(0, 0, 22, 62)) == 8
    assert count(shapely.box(0, 0, 21.999, 62)) == 6  # rows of 3 then


def test_l_shape_by_hand():
    # horizontal arm 60 x 31, vertical arm 27 wide up to 93 m: rows along x give one
    # strip of 60 m (10) and two strips of 27 m (4 each: 4 x 5 + 2 = 22 <= 27 < 24 + 4)
    # rows along y: the 27 m arm is narrower than a 31 m strip; the 60 m arm holds one
    # strip of 31 m length (5 buildings): 18 is the optimum
    shape = shapely.union_all([shapely.box(0, 0, 60, 31), shapely.box(0, 0, 27, 93)])
    assert per_strip(27) == 4 and per_strip(31) == 5
    assert count(shape) == 18
    assert count(affinity.rotate(shape, 61.0, origin=(0, 0))) == 18


def test_bouwvlak_by_hand():
    # buildings must stand in a 40 x 12 m envelope at y 14..26: the building band of a
    # strip (11..21 m from its low side) fits when the strip starts at y 3..5, and rows
    # must keep their free ends inside it too: 40 m holds 7 buildings (rows of 4 and 3)
    site = shapely.box(0, 0, 60, 70)
    envelope = shapely.box(5, 14, 45, 26)
    assert per_strip(40) == 7
    assert count(site, footprint_area=envelope) == 7
    # the same envelope turned by 90°: rows along y, strips across x, the same count
    assert count(site, footprint_area=affinity.rotate(envelope, 90, origin=(25, 20))) == 7
    # an envelope only 12 m long across: rows of 2 (2 x 5 + 2 = 12)
    assert count(site, footprint_area=shapely.box(5, 14, 17, 26)) == 2


def test_bouwvlak_near_the_lower_edge_uses_a_turned_strip():
    # envelope 10 m from the bottom: the 6 m parking strip and 5 m front garden cannot
    # lie below it, so the strip is turned: parking and front gardens above the
    # buildings, the 10 m back gardens below
    site = shapely.box(0, 0, 60, 40)
    envelope = shapely.box(0, 10, 60, 20)
    assert count(site, footprint_area=envelope) == 10


def test_too_small_and_empty():
    assert count(shapely.box(0, 0, 11.9, 100)) == 0  # narrower than a row of 2
    assert count(shapely.box(0, 0, 30.9, 30.9)) == 0  # shallower than a strip
    assert count(shapely.box(0, 0, 100, 30.9)) == 15  # strips across: 3 x 5 in 30.9 m
    assert count(shapely.Polygon()) == 0


def test_hole_splits_a_strip():
    # a 4 m wide hole in the middle of one 100 x 31 strip: 48 m either side, 8 + 8
    shape = shapely.box(0, 0, 100, 31).difference(shapely.box(48, 10, 52, 20))
    assert per_strip(48) == 8
    assert count(shape) == 16


def test_several_sites_at_once_match_one_by_one():
    shapes = [
        shapely.box(0, 0, 60, 70),
        shapely.Polygon(),
        affinity.rotate(shapely.box(1000, 0, 1060, 70), 20),
        shapely.union_all([shapely.box(0, 0, 60, 31), shapely.box(0, 0, 27, 93)]),
        shapely.box(0, 0, 5, 5),
    ]
    sites = np.array(shapes, dtype=object)
    none = np.zeros(len(sites), bool)
    empty = np.full(len(sites), shapely.Polygon(), dtype=object)
    layout = best_layout(site_frames(sites, none), sites, empty, none, CONCEPT)
    assert layout.buildings.tolist() == [count(s) for s in shapes] == [20, 0, 20, 18, 0]
    assert np.bincount(layout.site, minlength=5).tolist() == [2, 0, 2, 3, 0]  # stretches


@st.composite
def rectangles(draw):
    concept = draw(st.sampled_from([CONCEPT, *load_concepts()]))
    concept = dataclasses.replace(concept, setback=0.0)
    a = draw(st.floats(5, 200))
    b = draw(st.floats(5, 200))
    return concept, a, b, draw(st.floats(0, 180))


@settings(max_examples=150, deadline=None)
@given(case=rectangles())
def test_rectangles_reach_the_exact_optimum(case):
    concept, a, b, angle = case
    box = affinity.rotate(shapely.box(150_000, 550_000, 150_000 + a, 550_000 + b), angle)
    assert count(box, concept) == rectangle_optimum(a, b, concept)


@st.composite
def any_shape(draw):
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        x, y = draw(st.floats(0, 100)), draw(st.floats(0, 100))
        w, h = draw(st.floats(10, 120)), draw(st.floats(10, 120))
        piece = shapely.box(x, y, x + w, y + h)
        pieces.append(affinity.rotate(piece, draw(st.floats(0, 90))))
    shape = shapely.union_all(pieces)
    if draw(st.booleans()):
        x, y = draw(st.floats(0, 100)), draw(st.floats(0, 100))
        shape = shape.difference(shapely.Point(x, y).buffer(draw(st.floats(2, 30))))
    return shape


@settings(max_examples=100, deadline=None)
@given(shape=any_shape(), concept=st.sampled_from([CONCEPT, *load_concepts()]))
def test_never_more_than_the_area_allows(shape, concept):
    buildings = count(shape, concept)
    assert buildings * concept.homes_per_building <= shape.area / concept.land_per_home_m2 + 1e-6
    assert buildings <= area_bound(np.array([shape], dtype=object), concept)[0]


def test_the_fixed_family_finds_what_the_own_directions_miss():
    # a skewed quadrilateral: along its own edges no 31 m deep strip holds a row of
    # two; turned to one of the fixed angles a strip holds a row of three
    quad = shapely.Polygon([(38, 13), (7, 19), (8, 35), (64, 47)])
    assert count(quad, family="own") == 0
    assert count(quad, family="fixed") == 3 == count(quad)


def test_ties_go_to_the_own_directions():
    # a rectangle along a fixed angle (0°): both families find 20; the own frame is kept
    box = shapely.box(0, 0, 60, 70)
    sites = np.array([box], dtype=object)
    none = np.zeros(1, bool)
    empty = np.full(1, shapely.Polygon(), dtype=object)
    frames = site_frames(sites, none)
    layout = best_layout(frames, sites, empty, none, CONCEPT)
    assert count(box, family="fixed") == count(box, family="own") == 20
    assert layout.buildings.tolist() == [20]
    assert set(np.round(np.degrees(layout.angle), 9)) <= set(np.round(np.degrees(frames.angle), 9))


def test_sites_at_their_area_bound_skip_the_fixed_family():
    # 2 strips of exactly 31 m, 22 m long: as one stretch of 22 x 62 / 31 = 44 m, rows
    # hold 8 buildings (2 rows of 4: 2 x 22 m)
    box = shapely.box(0, 0, 22, 62)
    assert area_bound(np.array([box], dtype=object), CONCEPT).tolist() == [8]
    assert count(box) == count(box, family="own") == 8
    # one strip 100 m long: 100 m hold 18 (4 rows of 4 and one of 2 need 90 + 10 m),
    # not the 20 the land per building alone would allow (3,100 / 155)
    strip = shapely.box(0, 0, 100, 31)
    assert area_bound(np.array([strip], dtype=object), CONCEPT).tolist() == [18]
    assert per_strip(100) == count(strip, family="own") == count(strip) == 18


@st.composite
def nested_slanted(draw):
    """A slanted shape and a part of it: cut off at any angle, bitten, or shaved."""
    angle = st.floats(0, 180, allow_nan=False)
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        x, y = draw(st.floats(0, 80)), draw(st.floats(0, 80))
        w, h = draw(st.floats(15, 140)), draw(st.floats(15, 140))
        skew = draw(st.floats(-1, 1))
        piece = shapely.Polygon(
            [(x, y), (x + w, y), (x + w + skew * h, y + h), (x + skew * h, y + h)]
        )
        pieces.append(affinity.rotate(piece, draw(angle)))
    whole = shapely.union_all(pieces)
    how = draw(st.sampled_from(["cut", "bite", "shave"]))
    c = whole.centroid
    if how == "cut":
        keep = affinity.rotate(shapely.box(-1e3, -1e3, 1e3, draw(st.floats(-50, 50))), draw(angle))
        part = whole.intersection(affinity.translate(keep, c.x, c.y))
    elif how == "bite":
        x, y = draw(st.floats(0, 150)), draw(st.floats(0, 150))
        bite = shapely.box(x, y, x + draw(st.floats(1, 30)), y + draw(st.floats(1, 30)))
        part = whole.difference(affinity.rotate(bite, draw(angle)))
    else:
        part = whole.intersection(affinity.rotate(whole, draw(st.floats(-4, 4)), origin=c))
    move = lambda g: affinity.translate(g, 210_000.0, 570_000.0)  # noqa: E731
    return move(whole), move(polygonal(part))


def polygonal(geom):
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


@settings(max_examples=120, deadline=None)
@given(case=nested_slanted(), concept=st.sampled_from([CONCEPT, *load_concepts()]))
def test_the_fixed_family_never_grows_when_the_shape_shrinks(case, concept):
    whole, part = case
    fixed_whole, fixed_part = (
        count(whole, concept, family="fixed"),
        count(part, concept, family="fixed"),
    )
    assert fixed_part <= fixed_whole
    # the count reported is never below the fixed family's
    assert count(whole, concept) >= fixed_whole and count(part, concept) >= fixed_part


def test_vertex_batches_keep_order_and_budget():
    assert vertex_batches(np.array([3, 3, 3, 9, 1, 1]), 6) == [(0, 2), (2, 3), (3, 4), (4, 6)]
    assert vertex_batches(np.array([7]), 6) == [(0, 1)]
    assert vertex_batches(np.array([2, 2]), 6) == [(0, 2)]


def test_curved_sites_laid_out_in_batches_as_one_at_a_time(monkeypatch):
    # round sites of 400 vertices (zoning arcs) and plain boxes: with a budget of 1,000
    # vertices they go in several batches; every count and stretch stays as laid out alone
    shapes = [
        affinity.translate(shapely.Point(0, 0).buffer(40 + 5 * i, quad_segs=100), 200 * i, 0)
        for i in range(4)
    ] + [shapely.box(1000, 0, 1060 + 7 * i, 70) for i in range(3)]
    sites = np.array(shapes, dtype=object)
    restricted = np.zeros(len(sites), bool)
    empty = np.array([shapely.Polygon()] * len(sites), dtype=object)
    frames = site_frames(sites, restricted)
    monkeypatch.setattr(layout_module, "VERTICES_PER_BATCH", 1_000)
    assert vertex_batches(shapely.get_num_coordinates(sites), 1_000) == [(0, 2), (2, 7)]
    batched = best_layout(frames, sites, empty, restricted, CONCEPT)
    alone = [count(shape) for shape in shapes]
    assert batched.buildings.tolist() == alone
    assert min(alone) > 0
    for i in range(len(shapes)):
        one = best_layout(
            site_frames(sites[i : i + 1], restricted[:1]),
            sites[i : i + 1],
            empty[:1],
            restricted[:1],
            CONCEPT,
        )
        mine = batched.site == i
        assert np.array_equal(batched.start[mine], one.start)
        assert np.array_equal(batched.low[mine], one.low)
