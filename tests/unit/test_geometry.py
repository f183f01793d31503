import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely import GeometryCollection, LineString, MultiPolygon, Point, Polygon, box

from bouwstroom_qgis.core.io import geometry
from bouwstroom_qgis.core.report import Report

BOW_TIE = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])  # two triangles of 25 m²
COLLAPSED = Polygon([(0, 0), (5, 5), (10, 10), (0, 0)])  # a ring with no area


def frame(geoms, fids=None):
    fids = list(range(1, len(geoms) + 1)) if fids is None else fids
    index = np.array(fids, dtype="int64")
    gdf = gpd.GeoDataFrame({"name": [f"f{i}" for i in fids]}, geometry=list(geoms), crs=28992)
    gdf.index = index
    gdf.index.name = "fid"
    return gdf


def notes(report):
    return {n.message.split(" (first")[0]: n.count for n in report.repairs}


def test_polygonal_parts_opens_nested_collections_in_order():
    nested = GeometryCollection(
        [
            box(0, 0, 1, 1),
            MultiPolygon([box(2, 0, 3, 1), box(4, 0, 5, 1)]),
            Point(0, 0),
            GeometryCollection([box(6, 0, 7, 1), LineString([(0, 0), (1, 1)])]),
        ]
    )
    parts = geometry.polygonal_parts(
        np.array([box(0, 0, 2, 2), nested, Point(1, 1), GeometryCollection()], dtype=object)
    )
    assert parts[0].equals(box(0, 0, 2, 2))
    assert parts[1].geom_type == "MultiPolygon"
    assert [p.bounds[0] for p in parts[1].geoms] == [0, 2, 4, 6]
    assert parts[1].area == pytest.approx(4.0)
    assert parts[2].is_empty and parts[2].geom_type == "Polygon"
    assert parts[3].is_empty


def test_single_polygon_from_collection_stays_a_polygon():
    gc = GeometryCollection([box(0, 0, 3, 3), LineString([(0, 0), (9, 9)])])
    (part,) = geometry.polygonal_parts(np.array([gc], dtype=object))
    assert part.geom_type == "Polygon" and part.area == pytest.approx(9.0)


def test_drop_missing_counts_null_and_empty_separately_and_names_them():
    gdf = frame(
        [box(0, 0, 1, 1), None, Polygon(), box(2, 2, 3, 3), None], fids=[10, 11, 12, 13, 14]
    )
    report = Report()
    out = geometry.drop_missing(gdf, report, "a.gpkg, layer 'x'")
    assert list(out.index) == [10, 13]
    assert notes(report) == {
        "features without geometry left out": 2,
        "features with an empty geometry left out": 1,
    }
    assert "fid 11, 14" in report.repairs[0].message
    assert len(gdf) == 5  # input untouched


def test_force_2d_drops_z_and_counts_only_3d_features():
    gdf = frame([Polygon([(0, 0, 1), (1, 0, 2), (1, 1, 3)]), box(0, 0, 1, 1)])
    report = Report()
    out = geometry.force_2d(gdf, report, "x")
    assert not shapely.has_z(out.geometry.values).any()
    assert shapely.has_z(gdf.geometry.values)[0]  # input untouched
    assert notes(report) == {"Z/M coordinates dropped (geometry made 2D)": 1}
    assert out.geometry.iloc[0].area == pytest.approx(0.5)


def test_repair_splits_bow_tie_and_leaves_valid_polygons_alone():
    valid = box(100, 100, 120, 130)
    gdf = frame([valid, BOW_TIE, COLLAPSED], fids=[1, 2, 3])
    report = Report()
    out = geometry.repair_invalid(gdf, report, "x")
    assert list(out.index) == [1, 2]
    assert out.geometry.loc[1] is valid  # not rebuilt
    fixed = out.geometry.loc[2]
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon"
    assert len(fixed.geoms) == 2 and fixed.area == pytest.approx(50.0)
    counts = notes(report)
    repaired = "invalid polygons (e.g. self-intersecting) repaired with make_valid, polygonal"
    assert counts[repaired + " parts kept"] == 1
    assert counts["invalid polygons with no area left after repair left out"] == 1
    assert "fid 3" in report.repairs[1].message


def test_repair_keeps_only_polygonal_parts_of_a_polygon_with_a_spike():
    spike = Polygon([(0, 0), (10, 0), (10, 10), (0, 10), (0, 5), (-5, 5), (0, 5), (0, 0)])
    out = geometry.repair_invalid(frame([spike]), Report(), "x")
    assert out.geometry.iloc[0].geom_type == "Polygon"
    assert out.geometry.iloc[0].area == pytest.approx(100.0)


def test_slivers_below_threshold_are_left_out():
    gdf = frame([box(0, 0, 0.1, 0.05), box(0, 0, 0.1, 0.2), box(0, 0, 50, 50)])  # 0.005, 0.02 m²
    report = Report()
    out = geometry.drop_slivers(gdf, report, "x")
    assert list(out.index) == [2, 3]
    assert notes(report) == {"slivers (polygons under 0.01 m²) left out": 1}


def test_collections_reduced_and_counted():
    gc = GeometryCollection([box(0, 0, 2, 2), LineString([(5, 5), (6, 6)])])
    gdf = frame([gc, box(10, 10, 11, 11), GeometryCollection([Point(1, 1)])])
    report = Report()
    out = geometry.reduce_collections(gdf, report, "x")
    assert out.geometry.iloc[0].equals(box(0, 0, 2, 2))
    assert out.geometry.iloc[2].is_empty  # no polygon: the caller decides
    assert notes(report) == {"geometry collections reduced to their polygonal parts": 1}


def test_clean_polygons_keeps_multipart_whole():
    two = MultiPolygon([box(0, 0, 10, 10), box(20, 0, 30, 10)])
    out = geometry.clean_polygons(frame([two]), Report(), "x")
    assert out.geometry.iloc[0].geom_type == "MultiPolygon"
    assert out.geometry.iloc[0].area == pytest.approx(200.0)


def test_only_invalid_polygons_are_repaired_in_a_large_layer():
    n = 50_000
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 280_000, n), rng.uniform(300_000, 600_000, n)
    geoms = shapely.box(x, y, x + 20, y + 30)
    bad = rng.random(n) < 0.01
    corners = [(x, y), (x + 20, y + 30), (x + 20, y), (x, y + 30), (x, y)]
    bow_ties = shapely.polygons(np.stack([np.stack(c, axis=1) for c in corners], axis=1))
    geoms[bad] = bow_ties[bad]
    report = Report()
    out = geometry.clean_polygons(frame(geoms), report, "x")
    assert len(out) == n
    assert shapely.is_valid(out.geometry.values).all()
    assert report.repairs[0].count == int(bad.sum()) == 473
    # a bow tie of a 20 x 30 m box keeps two triangles of 150 m² each
    assert out.geometry.values[bad].area == pytest.approx(np.full(473, 300.0))
    assert out.geometry.values[~bad].area == pytest.approx(np.full(n - 473, 600.0))


def test_keep_polygons_leaves_out_what_has_no_area_and_counts_each_reason():
    # as a zoning layer or an IMRO plan can give: a plan object whose geometry is only
    # a label point, a bow tie, a ring that collapses to a line
    square = box(0, 0, 10, 10)
    gdf = frame([square, BOW_TIE, Point(1, 1), COLLAPSED, Polygon()], fids=[1, 2, 3, 4, 5])
    report = Report()
    out = geometry.keep_polygons(gdf, report, "x")
    assert list(out.index) == [1, 2]
    assert out.geometry.area.tolist() == pytest.approx([100, 50])
    assert shapely.is_valid(out.geometry.values).all()
    assert notes(report) == {
        "features that are not polygons left out": 2,
        "invalid polygons (e.g. self-intersecting) repaired with make_valid, polygonal "
        "parts kept": 1,
        "invalid polygons with no area left after repair left out": 1,
    }
    assert "fid 3, 5" in report.repairs[0].message


def test_as_multipolygons_gives_one_geometry_type():
    two = MultiPolygon([box(0, 0, 10, 10), box(20, 0, 30, 10)])
    geoms = np.array([box(0, 0, 10, 10), two, Polygon(), None], dtype=object)
    out = geometry.as_multipolygons(geoms)
    assert [g.geom_type if g is not None else None for g in out] == [
        "MultiPolygon",
        "MultiPolygon",
        "Polygon",  # empty stays as it is: the caller leaves it out
        None,
    ]
    assert shapely.area(out[:2]).tolist() == [100, 200]
    assert out[1] is two
    assert geoms[0].geom_type == "Polygon"  # input untouched


def test_examples_name_the_features_by_their_index():
    ids = pd.Index(["NL.IMRO.1", "NL.IMRO.2", "NL.IMRO.3", "NL.IMRO.4"], name="gml:id")
    assert geometry.examples(ids) == "gml:id NL.IMRO.1, NL.IMRO.2, NL.IMRO.3, ..."
    assert geometry.examples([7, 9]) == "fid 7, 9"
