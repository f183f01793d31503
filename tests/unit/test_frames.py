"""Frames layouts are tried in: edges, main directions, turned frames, the fixed family."""

from __future__ import annotations

import math

import numpy as np
import pytest
import shapely
from shapely import affinity

from bouwstroom_qgis.core.frames import (
    FIXED_STEP_DEG,
    ORIGIN,
    Frames,
    dominant_angles,
    fixed_frames,
    frame_edges,
    polygon_edges,
    site_frames,
)


def test_dominant_direction_of_rotated_rectangle_and_two_directions():
    box = affinity.rotate(shapely.box(0, 0, 80, 30), 33.0, origin=(0, 0))
    site, angle = dominant_angles(np.array([box], dtype=object))
    assert site.tolist() == [0]
    assert math.degrees(angle[0]) == pytest.approx(33.0, abs=1e-9)
    # a square with one corner cut at 45° by a long edge: two directions
    cut = shapely.Polygon([(0, 0), (100, 0), (100, 40), (40, 100), (0, 100)])
    site, angle = dominant_angles(np.array([cut], dtype=object))
    assert site.tolist() == [0, 0]
    assert np.degrees(angle).tolist() == pytest.approx([0.0, 45.0])


def test_edges_of_holes_are_listed():
    ring = shapely.box(0, 0, 10, 10).difference(shapely.box(2, 2, 4, 4))
    edges = polygon_edges(np.array([None, ring], dtype=object))
    assert len(edges.owner) == 8 and set(edges.owner.tolist()) == {1}


def test_frames_per_site_turned_and_flipped():
    sites = np.array(
        [affinity.rotate(shapely.box(0, 0, 80, 30), 10, origin=(0, 0)), shapely.Polygon()],
        dtype=object,
    )
    frames = site_frames(sites, np.array([False, False]))
    assert frames.site.tolist() == [0, 0]
    assert np.degrees(frames.angle).tolist() == pytest.approx([10, 100])
    flipped = site_frames(sites, np.array([True, False]))
    assert np.degrees(flipped.angle).tolist() == pytest.approx([10, 100, 190, 280])
    # one origin for every frame of every site: a strip position is a line on the map
    assert set(flipped.cx) == {ORIGIN[0]} and set(flipped.cy) == {ORIGIN[1]}
    assert not flipped.fixed.any()


def test_fixed_family_is_the_same_for_every_site():
    frames = fixed_frames(np.array([0, 2, 3]), np.array([False, False, True, False]))
    per_half_turn = round(180 / FIXED_STEP_DEG)
    assert per_half_turn == 36
    assert np.bincount(frames.site).tolist() == [36, 0, 72, 36]
    assert frames.fixed.all() and set(frames.cx) == {ORIGIN[0]}
    degrees = np.degrees(frames.angle)
    assert degrees[frames.site == 0].tolist() == pytest.approx(list(range(0, 180, 5)))
    assert degrees[frames.site == 3].tolist() == degrees[frames.site == 0].tolist()
    # where buildings must stay inside Bouwvlakken: a full turn, parking on either side
    assert degrees[frames.site == 2].tolist() == pytest.approx(list(range(0, 360, 5)))


def test_edges_in_a_frame():
    frames = Frames(
        np.array([0]), np.array([math.pi / 2]), np.array([10.0]), np.array([0.0]), np.array([False])
    )
    edges = frame_edges(frames, polygon_edges(np.array([shapely.box(10, 0, 20, 5)], object)))
    # turned by 90°: x runs along v (negated), y along u
    u, v = np.round(edges.u0, 9).tolist(), np.round(edges.v0, 9).tolist()
    corners = sorted(zip(u, v, strict=True))
    assert corners == [(0.0, -10.0), (0.0, 0.0), (5.0, -10.0), (5.0, 0.0)]
