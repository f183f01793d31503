from pathlib import Path

import geopandas as gpd
import pytest
from pyproj import CRS
from shapely import Point, box

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.crs import to_rd_new
from bouwstroom_qgis.core.report import Report

PATH = Path("bezit.gpkg")
ESRI_RD_NEW = (
    'PROJCS["RD_New",GEOGCS["GCS_Amersfoort",DATUM["D_Amersfoort",SPHEROID["Bessel_1841",'
    '6377397.155,299.1528128]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],'
    'PROJECTION["Double_Stereographic"],PARAMETER["False_Easting",155000.0],'
    'PARAMETER["False_Northing",463000.0],PARAMETER["Central_Meridian",5.38763888888889],'
    'PARAMETER["Scale_Factor",0.9999079],PARAMETER["Latitude_Of_Origin",52.15616055555555],'
    'UNIT["Meter",1.0]]'
)


def layer(geoms, crs):
    return gpd.GeoDataFrame({"n": range(len(geoms))}, geometry=list(geoms), crs=crs)


def convert(gdf, report=None):
    return to_rd_new(gdf, report or Report(), "bezit.gpkg, layer 'x'", path=PATH, layer="x")


def error(gdf) -> str:
    with pytest.raises(InputError) as caught:
        convert(gdf)
    assert str(caught.value).startswith("bezit.gpkg, layer 'x': ")
    return str(caught.value)


def test_wgs84_lands_on_the_rd_new_origin():
    # Amersfoort, the RD New origin: x 155000, y 463000
    gdf = convert(layer([Point(5.38720621, 52.15517440)], "EPSG:4326"))
    assert (gdf.geometry.iloc[0].x, gdf.geometry.iloc[0].y) == pytest.approx(
        (155_000, 463_000), abs=0.5
    )
    assert gdf.crs.to_epsg() == 28992


def test_esri_rd_new_definition_is_relabelled_without_moving_coordinates():
    square = box(233_000.123, 582_000.456, 233_050.789, 582_040.012)
    gdf = convert(layer([square], CRS.from_wkt(ESRI_RD_NEW)))
    assert gdf.crs.to_epsg() == 28992 and gdf.crs.name == "Amersfoort / RD New"
    assert gdf.geometry.iloc[0].equals_exact(square, tolerance=0)


def test_etrs89_utm_is_reprojected():
    # Groningen's Martinitoren: UTM 31N (738 202, 5 902 615); RD New about (233 880, 582 060)
    gdf = convert(layer([Point(738_202, 5_902_615)], "EPSG:25831"))
    point = gdf.geometry.iloc[0]
    assert point.x == pytest.approx(233_880, abs=20)
    assert point.y == pytest.approx(582_060, abs=20)


def test_no_crs_rd_coordinates_assumed_and_counted():
    report = Report()
    gdf = convert(
        layer([box(10, 300_000, 20, 300_010), box(299_000, 628_000, 299_990, 628_990)], None),
        report,
    )
    assert gdf.crs.to_epsg() == 28992
    assert [(n.message, n.count) for n in report.repairs] == [
        ("no CRS; coordinates are RD New, assumed EPSG:28992", 2)
    ]


def test_no_crs_degrees_refused():
    message = error(layer([Point(6.56, 53.22)], None))
    assert (
        "has no CRS and its coordinates (x 6.56–6.56, y 53.22–53.22) look like degrees" in message
    )


def test_no_crs_one_coordinate_outside_rd_new_refused():
    message = error(layer([box(100_000, 400_000, 100_010, 400_010), Point(100_000, 700_000)], None))
    assert "are outside the RD New range (x 0–300000, y 289000–629000)" in message


def test_wrong_crs_lands_far_from_the_netherlands():
    # RD New coordinates wrongly labelled as Web Mercator
    message = error(layer([box(233_000, 582_000, 233_050, 582_040)], "EPSG:3857"))
    assert "lies far outside the Netherlands when read as WGS 84 / Pseudo-Mercator" in message


def test_degrees_crs_on_rd_new_coordinates_refused():
    # GeoJSON is WGS 84 by definition; RD New metres written into one are a common mistake
    message = error(layer([box(233_000, 582_000, 233_050, 582_040)], "EPSG:4326"))
    assert "says WGS 84 but its coordinates (x 233000–233050, y 582000–582040) are RD New" in (
        message
    )
    assert "set the layer's CRS to EPSG:28992" in message


def test_empty_layer_only_relabelled():
    report = Report()
    gdf = convert(layer([], None), report)
    assert gdf.crs.to_epsg() == 28992 and len(gdf) == 0
    assert report.repairs == []
