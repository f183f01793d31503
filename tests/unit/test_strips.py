"""Strip configurations in one frame: offsets, strips within the extent, counts by hand.

The concept has round sizes (as in test_layout.py): strips 31 m deep (6 m parking and
green, 5 m front garden, 10 m building, 10 m back garden), buildings 5 m wide in rows of
2 to 4 that take ``n * 5 + 2`` m.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.frames import ORIGIN, Frames, frame_edges, polygon_edges
from bouwstroom_qgis.core.strips import (
    Configs,
    count_buildings,
    edge_offsets,
    extent,
    strips_of,
    u_extent,
)

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
DEPTH = CONCEPT.strip_depth  # 31 m
# a box 60 m along the rows, 70 m across, its low side 10 m above a strip grid line
LOW = ORIGIN[1] + 31 * 100 + 10
BOX = shapely.box(ORIGIN[0] + 5, LOW, ORIGIN[0] + 65, LOW + 70)


def in_frame(shape: shapely.Geometry, restricted: bool = False):
    frames = Frames.about_origin(np.array([0]), np.array([0.0]), fixed=False)
    edges = frame_edges(frames, polygon_edges(np.array([shape], dtype=object)))
    return frames, edges, np.array([restricted])


def test_offsets_where_the_count_can_change_then_the_grid():
    frames, edges, _ = in_frame(BOX)
    none = frame_edges(frames, polygon_edges(np.array([shapely.Polygon()], dtype=object)))
    v_lo, v_hi = extent(edges, 1)
    assert (v_lo.tolist(), v_hi.tolist()) == ([3110.0], [3180.0])
    assert u_extent(edges, 1).tolist() == [60.0]
    configs = edge_offsets(edges, none, v_lo, DEPTH, 11.0, 21.0)
    # low side 3110 = 100 x 31 + 10, high side 3180 = 102 x 31 + 18; then grid 0 and
    # 7.75, up to four offsets (the bottom edge is the lowest point: said once)
    assert configs.offset.tolist() == pytest.approx([10.0, 18.0, 0.0, 7.75])
    assert configs.frame.tolist() == [0, 0, 0, 0]


def test_strips_lie_within_the_extent():
    _, edges, _ = in_frame(BOX)
    v_lo, v_hi = extent(edges, 1)
    configs = Configs(np.array([0, 0]), np.array([10.0, 0.0]))
    strips = strips_of(configs, v_lo, v_hi, DEPTH)
    # from the low side: 3110 and 3141 (3172 + 31 > 3180); on the grid: 3131 only
    assert strips.config.tolist() == [0, 0, 1]
    assert strips.low.tolist() == pytest.approx([3110.0, 3141.0, 3131.0])


def test_buildings_per_configuration():
    frames, edges, restricted = in_frame(BOX)
    v_lo, v_hi = extent(edges, 1)
    configs = Configs(np.array([0, 0]), np.array([10.0, 0.0]))
    none = frame_edges(frames, polygon_edges(np.array([shapely.Polygon()], dtype=object)))
    counted = count_buildings(frames, edges, none, configs, v_lo, v_hi, restricted, CONCEPT)
    # 60 m holds 10 buildings (rows of 4, 3 and 3: 50 + 6 = 56 m): 2 strips, or 1
    assert counted.count.tolist() == [20.0, 10.0]
    assert counted.config_site.tolist() == [0, 0]
    assert (counted.free.end - counted.free.start).tolist() == pytest.approx([60.0] * 3)


def test_buildings_stay_in_the_footprint_area_where_restricted():
    # buildings (11 to 21 m above a strip's low side) must stand in a 40 x 12 m envelope
    envelope = shapely.box(ORIGIN[0] + 10, LOW + 14, ORIGIN[0] + 50, LOW + 26)
    frames, edges, restricted = in_frame(BOX, restricted=True)
    f_edges = frame_edges(frames, polygon_edges(np.array([envelope], dtype=object)))
    v_lo, v_hi = extent(edges, 1)
    configs = Configs(np.array([0, 0]), np.array([(10.0 + 3) % DEPTH, 10.0]))
    counted = count_buildings(frames, edges, f_edges, configs, v_lo, v_hi, restricted, CONCEPT)
    # a strip from 3 m above the box's low side has its building band at 14..24 m:
    # inside the envelope over 40 m, 7 buildings; from the low side it is not
    assert counted.count.tolist() == [7.0, 0.0]
