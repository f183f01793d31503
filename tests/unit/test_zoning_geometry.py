"""Zoning geometry made uniform: polygonal parts only, valid, 2D, rows without area counted."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.zoning_geometry import polygonal, valid_polygons

SQUARE = shapely.box(0, 0, 10, 10)
OTHER = shapely.box(20, 0, 30, 10)


def test_polygonal_parts_become_one_multipolygon():
    geoms = np.array(
        [
            shapely.GeometryCollection([SQUARE, shapely.Point(5, 5)]),  # a plan object + label
            shapely.GeometryCollection(
                [shapely.MultiPolygon([SQUARE, OTHER]), shapely.Point(1, 1)]
            ),
            shapely.LineString([(0, 0), (1, 1)]),
            None,
            shapely.force_3d(SQUARE),
        ],
        dtype=object,
    )
    out = polygonal(geoms)
    assert [g.geom_type if g is not None else None for g in out] == [
        "MultiPolygon",
        "MultiPolygon",
        None,
        None,
        "MultiPolygon",
    ]
    assert shapely.area(out[:2]).tolist() == [100, 200]
    assert not shapely.has_z(out[4])


def test_invalid_repaired_and_arealess_left_out_with_counts():
    bow_tie = shapely.Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])
    table = gpd.GeoDataFrame(
        {"naam": ["a", "b", "c", "d"]},
        geometry=[SQUARE, bow_tie, shapely.Point(1, 1), shapely.Polygon([(0, 0), (1, 1), (2, 2)])],
        crs="EPSG:28992",
    )
    report = Report()
    out = valid_polygons(table, report, "test")
    assert out["naam"].tolist() == ["a", "b"]
    assert out.geometry.area.tolist() == pytest.approx([100, 50])
    assert shapely.is_valid(out.geometry.to_numpy()).all()
    assert [str(n) for n in report.repairs] == [
        "test: invalid polygons made valid (GEOS make_valid) (2)"
    ]
    assert [str(n) for n in report.warnings] == [
        "test: objects without area (no polygon geometry) left out (2)"
    ]
