import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.generator.features import clip_to_plans, merge_runs, polygonal


def test_runs_merge_only_continuing_rectangles_with_one_key():
    bounds = np.array(
        [[0, 0, 500, 500], [500, 0, 1000, 500], [1000, 0, 1500, 500],  # one run
         [1500, 0, 2000, 400],  # other height
         [2500, 0, 3000, 500],  # gap before it
         [0, 500, 500, 1000], [500, 500, 1000, 1000]],  # next row, other key for the second
        dtype=float,
    )  # fmt: skip
    key = np.array([1, 1, 1, 1, 1, 1, 2])
    merged, first = merge_runs(bounds, key, "x")
    assert sorted(map(tuple, merged.tolist())) == sorted(
        [(0, 0, 1500, 500), (1500, 0, 2000, 400), (2500, 0, 3000, 500), (0, 500, 500, 1000),
         (500, 500, 1000, 1000)]
    )  # fmt: skip
    assert set(first.tolist()) == {0, 3, 4, 5, 6}


def test_runs_stop_after_twelve_cells():
    x = np.arange(30) * 500.0
    bounds = np.column_stack((x, np.zeros(30), x + 500, np.full(30, 500.0)))
    merged, _ = merge_runs(bounds, np.zeros(30, np.int64), "x")
    assert (merged[:, 2] - merged[:, 0]).tolist() == [6000.0, 6000.0, 3000.0]


def test_polygonal_keeps_only_areas():
    touching = shapely.intersection(shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1))  # a line
    mixed = shapely.GeometryCollection(
        [shapely.box(0, 0, 10, 10), shapely.LineString([(0, 0), (5, 5)])]
    )
    out, ok = polygonal(np.array([touching, mixed, shapely.box(0, 0, 5, 5)], dtype=object))
    assert ok.tolist() == [False, True, True]
    assert out[1].geom_type == "Polygon" and out[1].area == 100


def test_overlays_are_cut_per_plan():
    plans = np.array([shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)], dtype=object)
    strip = np.array([shapely.box(50, 40, 250, 60), shapely.box(500, 500, 600, 600)], dtype=object)
    pieces, source, plan = clip_to_plans(strip, plans, np.array([7, 9]))
    assert source.tolist() == [0, 0] and plan.tolist() == [7, 9]
    assert shapely.area(pieces).tolist() == pytest.approx([1000.0, 2000.0])
