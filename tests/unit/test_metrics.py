"""Metrics on hand-built parcels whose values can be computed by hand."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.metrics import LayerInput, OverlayInputs, compute_metrics
from bouwstroom_qgis.core.report import Report

CRS = s.RD_NEW


def listed(column):
    """Values with None for missing, whatever null pandas uses for the column's dtype."""
    return [None if pd.isna(v) else v for v in column]


def frame(rows, geoms):
    return gpd.GeoDataFrame(pd.DataFrame(rows), geometry=list(geoms), crs=CRS)


@pytest.fixture
def parcels():
    # A: 20 x 20 wholly in a wonen zone; B: 20 x 20 half wonen, half groen;
    # C: 20 x 20 outside any plan; D: 40 x 10 strip, all groen
    return frame(
        {s.PARCEL_ID: ["GTV01 A 1", "GTV01 A 2", "GTV01 A 3", "GTV01 A 4"]},
        [
            shapely.box(0, 0, 20, 20),
            shapely.box(30, 0, 50, 20),
            shapely.box(500, 500, 520, 520),
            shapely.box(0, 100, 40, 110),
        ],
    )


@pytest.fixture
def zoning():
    return frame(
        {
            s.OBJECT_TYPE: [
                s.ENKELBESTEMMING,
                s.ENKELBESTEMMING,
                s.ENKELBESTEMMING,
                s.DUBBELBESTEMMING,
            ],
            s.HOOFDGROEP: ["wonen", "groen", "groen", "leiding"],
            s.PLAN_STATUS: ["vastgesteld", "ontwerp", "ontwerp", "vastgesteld"],
        },
        [
            shapely.box(-10, -10, 40, 30),
            shapely.box(40, -10, 60, 30),
            shapely.box(-10, 90, 60, 120),
            shapely.box(-10, -10, 5, 30),
        ],
    )


def test_shape_and_zoning_metrics(parcels, zoning):
    m = compute_metrics(OverlayInputs(parcels=parcels, zoning=zoning))
    assert m[s.AREA].tolist() == pytest.approx([400, 400, 400, 400])
    assert m[s.COMPACTNESS].tolist() == pytest.approx([np.pi / 4] * 3 + [4 * np.pi * 400 / 100**2])
    assert m[s.RESIDENTIAL_SHARE].tolist()[:2] == pytest.approx([1.0, 0.5])
    assert np.isnan(m[s.RESIDENTIAL_SHARE][2])  # outside every plan: unknown, not 0
    assert m[s.RESIDENTIAL_SHARE][3] == 0.0
    assert m["zoning_coverage"].tolist() == pytest.approx([1.0, 1.0, 0.0, 1.0])
    # B is half wonen, half groen: the tie goes to the first zone in the plan
    assert listed(m[s.HOOFDGROEP]) == ["wonen", "wonen", None, "groen"]
    assert listed(m[s.PLAN_STATUS]) == ["vastgesteld", "vastgesteld", None, "ontwerp"]


def test_a_holdings_map_drawn_a_little_apart_does_not_own_the_neighbours():
    # Two touching parcels; the corporation's map of the first is drawn 0.3 m to the east,
    # so it covers 0.3 x 20 m of the second: 1.5 % of it, a sliver, not an ownership.
    parcels = frame(
        {s.PARCEL_ID: ["GTV01 A 1", "GTV01 A 2"]},
        [shapely.box(0, 0, 20, 20), shapely.box(20, 0, 40, 20)],
    )
    holdings = frame(
        {s.OWNER: ["Woonborg Noord"], s.OWNER_TYPE: ["corporatie"]},
        [shapely.box(0.3, 0, 20.3, 20)],
    )
    report = Report()
    m = compute_metrics(OverlayInputs(parcels=parcels, holdings_polygons=holdings, report=report))
    assert listed(m[s.OWNER]) == ["Woonborg Noord", None]
    assert m[s.OWNER_SHARE].tolist() == pytest.approx([0.985, 0.0])
    assert [str(w) for w in report.warnings] == [
        "holdings polygons: parcels touched by less than 5% of their area, not counted as owned (1)"
    ]


def test_ownership_sources_and_their_priority(parcels):
    polygons = frame(
        {
            s.OWNER: ["Woonborg Noord", "Gemeente Veenmarke"],
            s.OWNER_TYPE: ["corporatie", "gemeente"],
        },
        [shapely.box(0, 0, 20, 5), shapely.box(30, 0, 50, 20)],
    )
    points = frame(
        {
            s.OWNER: ["Lefier Oost", "Lefier Oost", "Woonborg Noord"],
            s.OWNER_TYPE: ["corporatie"] * 3,
        },
        [shapely.Point(1, 101), shapely.Point(2, 101), shapely.Point(900, 900)],
    )
    table = pd.DataFrame(
        {s.PARCEL_ID: ["GTV01 A 2"], s.OWNER: ["Provincie Drenthe"], s.OWNER_TYPE: ["provincie"]}
    )
    report = Report()
    m = compute_metrics(
        OverlayInputs(
            parcels=parcels,
            holdings_polygons=polygons,
            holdings_points=points,
            holdings_by_parcel=table,
            report=report,
        )
    )
    assert listed(m[s.OWNER]) == ["Woonborg Noord", "Provincie Drenthe", None, "Lefier Oost"]
    assert listed(m[s.OWNER_TYPE]) == ["corporatie", "provincie", None, "corporatie"]
    assert m[s.OWNER_SHARE][0] == pytest.approx(0.25)  # 20 x 5 of 20 x 20
    assert m[s.OWNER_SHARE][1] == 1.0  # listed by kadastrale aanduiding: the whole parcel
    assert m[s.OWNER_SHARE][2] == 0.0
    assert np.isnan(m[s.OWNER_SHARE][3])  # from points: owner known, owned share unknown
    assert [str(n) for n in report.warnings] == [
        "holdings points: points outside every parcel, not used (1)"
    ]


def test_layer_metrics_and_municipality(parcels):
    nature = frame({"naam": ["Drentsche Aa"]}, [shapely.box(10, -100, 100, 5)])
    station = frame({"soort": ["station"]}, [shapely.Point(0, 130)])
    gemeenten = frame(
        {"statnaam": ["Veenmarke", "Oldehove"]},
        [shapely.box(-100, -100, 35, 200), shapely.box(35, -100, 1000, 1000)],
    )
    m = compute_metrics(
        OverlayInputs(
            parcels=parcels,
            layers=[
                LayerInput("natura2000", "constraint", nature, 5000),
                LayerInput("station", "amenity", station, 100),
            ],
            boundaries=gemeenten,
            boundary_name_field="statnaam",
        )
    )
    assert m["share_natura2000"].tolist() == pytest.approx([0.125, 0.25, 0.0, 0.0])
    assert m["dist_natura2000"].tolist() == pytest.approx([0.0, 0.0, np.hypot(400, 495), 95.0])
    assert "share_station" not in m
    assert m["dist_station"].tolist() == pytest.approx([100.0, 100.0, 100.0, 20.0])
    assert listed(m[s.MUNICIPALITY]) == ["Veenmarke", "Oldehove", "Oldehove", "Veenmarke"]
