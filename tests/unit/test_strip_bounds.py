"""Upper bounds on strips' free length: never below the real free length, tight for boxes."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely import affinity

from bouwstroom_qgis.core.frames import ORIGIN, Frames, frame_edges, polygon_edges
from bouwstroom_qgis.core.strip_bounds import strip_length_bounds
from bouwstroom_qgis.core.strips import Configs, band_stretches, extent, strips_of

DEPTH, PER_DEPTH = 31.0, 8
STEP = DEPTH / PER_DEPTH


def free_and_bound(shape: shapely.Geometry, degrees: float) -> tuple[np.ndarray, np.ndarray]:
    """Free length of every grid strip (laid out exactly) and its bound, in one frame."""
    frames = Frames.about_origin(np.array([0]), np.array([np.radians(degrees)]), fixed=True)
    oriented = shapely.orient_polygons(np.array([shape], dtype=object))
    edges = frame_edges(frames, polygon_edges(oriented))
    v_lo, v_hi = extent(edges, 1)
    configs = Configs(np.zeros(PER_DEPTH, np.intp), np.arange(PER_DEPTH) * STEP)
    strips = strips_of(configs, v_lo, v_hi, DEPTH)
    free = band_stretches(edges, configs, strips, DEPTH, 0.0, DEPTH)
    length = np.bincount(free.band, weights=free.end - free.start, minlength=len(strips.low))
    index = np.rint(strips.low / STEP).astype(np.int64)
    bound = strip_length_bounds(edges, 1, configs.frame[strips.config], index, PER_DEPTH, STEP)
    return length, bound


def near_origin(shape: shapely.Geometry) -> shapely.Geometry:
    return affinity.translate(shape, ORIGIN[0] + 1234.5, ORIGIN[1] - 987.25)


def test_a_box_along_the_frame_is_bounded_exactly():
    length, bound = free_and_bound(near_origin(shapely.box(0, 0, 60, 100)), 0.0)
    assert len(length) > 8
    assert length == pytest.approx(np.full(len(length), 60.0))
    assert bound == pytest.approx(length)


def test_a_side_on_the_grid_within_the_tolerance_still_counts():
    # the box's bottom lies 0.3 µm above a grid line and it is exactly one strip deep:
    # the strip on that line fits (core/intervals.py allows 1 µm); its bound is exact
    bottom = 987.25 - 254 * STEP + 3e-7  # in the frame: -254 grid steps, plus 0.3 µm
    length, bound = free_and_bound(near_origin(shapely.box(0, bottom, 60, bottom + DEPTH)), 0.0)
    assert length.tolist() == pytest.approx([60.0])
    assert bound.tolist() == pytest.approx([60.0])


def test_a_gap_across_the_rows_leaves_nothing():
    # two boxes one above the other, 2 m apart: a strip over the gap holds nothing
    shape = shapely.union_all([shapely.box(0, 0, 60, 40), shapely.box(0, 42, 60, 90)])
    length, bound = free_and_bound(near_origin(shape), 0.0)
    assert (bound >= length - 1e-9).all()
    assert (bound == 0).sum() == (length == 0).sum() > 0


def test_a_hole_shortens_the_cross_section():
    # a 20 m wide hole through the middle rows: the strips over it are bounded by 80 m
    shape = shapely.box(0, 0, 100, 200).difference(shapely.box(40, 60, 60, 140))
    length, bound = free_and_bound(near_origin(shape), 0.0)
    assert (bound >= length - 1e-9).all()
    assert bound.min() == pytest.approx(80.0)


@st.composite
def shapes(draw):
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        x, y = draw(st.floats(0, 80)), draw(st.floats(0, 80))
        w, h = draw(st.floats(5, 120)), draw(st.floats(5, 120))
        piece = shapely.box(x, y, x + w, y + h)
        pieces.append(affinity.rotate(piece, draw(st.floats(0, 180))))
    shape = shapely.union_all(pieces)
    if draw(st.booleans()):
        x, y = draw(st.floats(0, 100)), draw(st.floats(0, 100))
        shape = shape.difference(shapely.Point(x, y).buffer(draw(st.floats(2, 25))))
    return near_origin(shape)


@settings(max_examples=150, deadline=None)
@given(shape=shapes(), degrees=st.floats(0, 360))
def test_the_bound_is_never_below_the_free_length(shape, degrees):
    length, bound = free_and_bound(shape, degrees)
    assert (bound >= length - 1e-9).all()
