import shutil
import warnings

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from shapely import LineString, Point, Polygon, box

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source


def read(path, layer=None, expect="polygon", where=None, report=None):
    source = Source(path, layer=layer, where=where)
    return read_vector(source, report or Report(), role="parcels", expect=expect)


def input_error(path, layer=None, expect="polygon", where=None) -> str:
    """The one-line message of the InputError reading ``path`` gives."""
    with pytest.raises(InputError) as caught:
        read(path, layer, expect, where)
    message = str(caught.value)
    assert "\n" not in message
    assert str(path) in message
    return message


def write(tmp_path, geoms, name="lagen.gpkg", layer="vlakken", crs=28992, **columns):
    gdf = gpd.GeoDataFrame(columns or {"naam": [f"n{i}" for i in range(len(geoms))]},
                           geometry=list(geoms), crs=crs)  # fmt: skip
    path = tmp_path / name
    pyogrio.write_dataframe(gdf, path, layer=layer if name.endswith(".gpkg") else None)
    return path


# --- real layers --------------------------------------------------------------------------


def test_doesburg_panden_read_with_three_slivers_left_out(shared_data):
    report = Report()
    gdf = read(shared_data / "bag" / "doesburg_pand.gpkg", report=report)
    assert len(gdf) == 13_098 - 3
    assert gdf.crs.to_epsg() == 28992
    assert gdf.index.name == "fid"
    # 7,797 current records (no eindGeldigheid); one of them, a demolished pand, is a sliver
    assert gdf["eindGeldigheid"].isna().sum() == 7_797 - 1
    assert [(n.message.split(" (first")[0], n.count) for n in report.repairs] == [
        ("slivers (polygons under 0.01 m²) left out", 3)
    ]
    assert "fid 7324, 7325, 7326" in report.repairs[0].message
    assert not {7324, 7325, 7326} & set(gdf.index)


def test_natura2000_has_120_valid_parts(shared_data):
    report = Report()
    gdf = read(shared_data / "context" / "natura2000_north.gpkg", report=report)
    assert len(gdf) == 120
    assert gdf["site_code"].isna().sum() == 28  # the 2013 snapshot's unlabelled parts
    assert (gdf["site_name"] == "Waddenzee").sum() == 27
    assert shapely.is_valid(gdf.geometry.values).all()
    assert report.repairs == []


def test_cbs_layers_counts_and_gemeenten_tile_the_provinces(shared_data):
    path = shared_data / "context" / "cbs_gebieden_north_2024.gpkg"
    layers = {name: read(path, name) for name in ("provincie", "gemeente", "wijk")}
    assert {k: len(v) for k, v in layers.items()} == {"provincie": 3, "gemeente": 40, "wijk": 558}
    province_area = layers["provincie"].area.sum()
    assert layers["gemeente"].area.sum() == pytest.approx(province_area, rel=0.01)
    assert layers["wijk"].area.sum() == pytest.approx(province_area, rel=0.01)


def test_multi_layer_file_without_layer_lists_the_layers(shared_data):
    message = input_error(shared_data / "context" / "cbs_gebieden_north_2024.gpkg")
    assert "holds 3 layers and none is chosen: provincie, gemeente, wijk" in message


def test_unknown_layer_is_named_with_the_layers_there_are(shared_data):
    message = input_error(shared_data / "context" / "cbs_gebieden_north_2024.gpkg", "buurt")
    assert "layer 'buurt': no such layer; the file has: provincie, gemeente, wijk" in message


def test_brk_gml_read_plainly_is_points_and_refused_as_parcels(shared_data):
    path = shared_data / "brk" / "kadastralekaart_perceel.gml"
    message = input_error(path)
    assert "layer 'Perceel': holds points (11) and no polygons; parcels need a polygon layer" in (
        message
    )
    points = read(path, expect="point")
    assert len(points) == 11
    assert 84920229870000 in points.index  # GML feature ids come from the gml:id


def test_gml_in_a_writable_folder_gets_no_gfs_beside_it(shared_data, tmp_path):
    path = tmp_path / "plan.gml"
    shutil.copy(shared_data / "imro" / "2012_10.gml", path)
    message = input_error(path)
    assert "holds 9 layers and none is chosen: Bestemmingsplangebied, Enkelbestemming" in message
    assert len(read(path, "Enkelbestemming")) == 84
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gml"]


# --- files that cannot be used ------------------------------------------------------------


def test_missing_file(tmp_path):
    assert "file not found" in input_error(tmp_path / "percelen.gpkg")


@pytest.mark.filterwarnings("error")
def test_truncated_geopackage(shared_data, tmp_path):
    data = (shared_data / "context" / "natura2000_north.gpkg").read_bytes()
    path = tmp_path / "afgebroken.gpkg"
    path.write_bytes(data[: len(data) // 3])
    message = input_error(path)
    assert "cannot be opened (database disk image is malformed)" in message
    assert "download it again" in message


@pytest.mark.filterwarnings("error")
def test_file_that_is_not_a_geopackage(tmp_path):
    path = tmp_path / "tekst.gpkg"
    path.write_text("dit is geen geopackage\n")
    assert "cannot be opened (" in input_error(path)


def test_truncated_gml(shared_data, tmp_path):
    data = (shared_data / "brk" / "kadastralekaart_perceel.gml").read_bytes()
    path = tmp_path / "perceel.gml"
    path.write_bytes(data[:20_000])
    message = input_error(path)
    assert "is not a complete XML document (" in message
    assert "the file is truncated or damaged" in message
    assert list(tmp_path.iterdir()) == [path]


def test_csv_is_not_a_vector_layer(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_text("perceel;eigenaar\nOTL02 B 2298;Gemeente\n")
    assert "is a table, not a vector layer" in input_error(path)


def test_empty_layer(tmp_path):
    path = write(tmp_path, [], naam=[])
    message = input_error(path)
    assert "layer 'vlakken': is empty" in message


def test_table_layer_without_geometry(tmp_path):
    path = tmp_path / "tabel.gpkg"
    pyogrio.write_dataframe(gpd.pd.DataFrame({"a": [1, 2]}), path, layer="tabel")
    assert "layer 'tabel': has no geometry (it is a table)" in input_error(path)


def test_filter_without_matches_and_broken_filter(shared_data):
    path = shared_data / "context" / "natura2000_north.gpkg"
    message = input_error(path, where="site_code = 'XX0000'")
    assert "layer 'n2000_parts_north': no feature matches the filter \"site_code = 'XX0000'\"" in (
        message
    )
    message = input_error(path, where="gebied = 1")
    assert "cannot apply the filter 'gebied = 1' (no such column: gebied)" in message
    assert len(read(path, where="site_name = 'Lauwersmeer'")) == 12


def test_lines_given_as_parcels(tmp_path):
    path = write(tmp_path, [LineString([(150_000, 450_000), (150_100, 450_000)])] * 2)
    message = input_error(path)
    assert "layer 'vlakken': holds lines (2) and no polygons; parcels need a polygon layer" in (
        message
    )


def test_polygons_given_as_points(tmp_path):
    path = write(tmp_path, [box(150_000, 450_000, 150_010, 450_010)])
    message = input_error(path, expect="point")
    assert "holds polygons (1) and no points; parcels need a point layer" in message


def test_points_in_a_polygon_layer_are_left_out_and_counted(tmp_path):
    geoms = [box(150_000, 450_000, 150_010, 450_010), Point(150_005, 450_005)] * 2
    path = tmp_path / "gemengd.geojson"
    gpd.GeoDataFrame({"n": range(4)}, geometry=geoms, crs=28992).to_file(path)
    report = Report()
    gdf = read(path, report=report)
    assert list(gdf["n"]) == [0, 2]
    assert report.repairs[0].count == 2
    assert report.repairs[0].message.startswith("features that are not polygons left out")


# --- coordinate systems -------------------------------------------------------------------


def no_crs_shapefile(tmp_path, geom):
    path = tmp_path / "zonder_prj.shp"
    with warnings.catch_warnings():  # writing without a CRS is the point here
        warnings.simplefilter("ignore", UserWarning)
        gpd.GeoDataFrame({"n": [1]}, geometry=[geom]).to_file(path)
    assert not path.with_suffix(".prj").exists()
    return path


def test_no_crs_and_degrees_is_an_error(tmp_path):
    path = no_crs_shapefile(tmp_path, box(6.5, 53.1, 6.6, 53.2))
    message = input_error(path)
    assert "layer 'zonder_prj': has no CRS and its coordinates (x 6.5–6.6, y 53.1–53.2)" in message
    assert "look like degrees" in message


def test_no_crs_outside_rd_new_is_an_error(tmp_path):
    utm = box(680_000, 5_900_000, 680_100, 5_900_100)  # Groningen in UTM 31N
    message = input_error(no_crs_shapefile(tmp_path, utm))
    assert "are outside the RD New range (x 0–300000, y 289000–629000)" in message


def test_no_crs_with_rd_new_coordinates_is_assumed_and_reported(tmp_path):
    report = Report()
    gdf = read(no_crs_shapefile(tmp_path, box(233_000, 582_000, 233_050, 582_040)), report=report)
    assert gdf.crs.to_epsg() == 28992
    assert gdf.area.iloc[0] == pytest.approx(2_000.0)
    assert [(n.message, n.count) for n in report.repairs] == [
        ("no CRS; coordinates are RD New, assumed EPSG:28992", 1)
    ]


def test_wgs84_is_reprojected_to_rd_new(tmp_path):
    # The RD New origin (Amersfoort) lies at x 155000, y 463000.
    lon, lat = 5.38720621, 52.15517440
    square = Point(lon, lat).buffer(0.0005, cap_style="square")
    gdf = read(write(tmp_path, [square], crs=4326))
    centre = gdf.geometry.iloc[0].centroid
    assert (centre.x, centre.y) == pytest.approx((155_000, 463_000), abs=1.0)
    assert gdf.crs.to_epsg() == 28992


def test_degrees_labelled_as_rd_new_are_refused(tmp_path):
    message = input_error(write(tmp_path, [box(6.5, 53.1, 7.5, 53.2)], crs=28992))
    assert "lies far outside the Netherlands when read as Amersfoort / RD New" in message
    assert "check that the layer's CRS is right" in message


def test_z_coordinates_are_dropped_and_counted(tmp_path):
    poly = Polygon([(150_000, 450_000, 3), (150_010, 450_000, 3), (150_010, 450_010, 4)])
    report = Report()
    gdf = read(write(tmp_path, [poly, poly]), report=report)
    assert not shapely.has_z(gdf.geometry.values).any()
    assert gdf.area.to_numpy() == pytest.approx([50.0, 50.0])
    assert ("Z/M coordinates dropped (geometry made 2D)", 2) in [
        (n.message, n.count) for n in report.repairs
    ]


def test_null_and_invalid_features_are_repaired_and_named(tmp_path):
    bow_tie = Polygon([(150_000, 450_000), (150_010, 450_010), (150_010, 450_000),
                       (150_000, 450_010)])  # fmt: skip
    path = write(tmp_path, [box(150_000, 450_000, 150_010, 450_010), None, bow_tie])
    report = Report()
    gdf = read(path, report=report)
    assert list(gdf.index) == [1, 3]  # GeoPackage fids
    assert gdf.area.to_numpy() == pytest.approx([100.0, 50.0])
    messages = [n.message for n in report.repairs]
    assert messages[0] == "features without geometry left out (first: fid 2)"
    assert messages[1].startswith("invalid polygons (e.g. self-intersecting) repaired")
    assert "fid 3" in messages[1]


def test_gml_arcs_are_linearised_within_one_centimetre(tmp_path):
    r = 200.0
    path = tmp_path / "cirkel.gml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<ogr:FeatureCollection xmlns:ogr="http://ogr.maptools.org/" '
        'xmlns:gml="http://www.opengis.net/gml/3.2"><ogr:featureMember><ogr:vlak gml:id="v.1">'
        '<ogr:geometryProperty><gml:Polygon gml:id="p1" srsName="urn:ogc:def:crs:EPSG::28992">'
        '<gml:exterior><gml:Ring><gml:curveMember><gml:Curve gml:id="c1"><gml:segments>'
        f"<gml:Circle><gml:posList>150000 450000 {150000 + 2 * r} 450000 {150000 + r} {450000 + r}"
        "</gml:posList></gml:Circle></gml:segments></gml:Curve></gml:curveMember></gml:Ring>"
        "</gml:exterior></gml:Polygon></ogr:geometryProperty></ogr:vlak></ogr:featureMember>"
        "</ogr:FeatureCollection>\n"
    )
    report = Report()
    shortfall = np.pi * r**2 - read(path, report=report).area.iloc[0]
    # chords cut inside the circle, each within 1 cm of it: at most 1 cm x its length
    assert 0 < shortfall <= 0.01 * 2 * np.pi * r
    assert shortfall == pytest.approx(8.28, abs=0.01)  # in steps of 1.145°
    # GDAL's default 4° steps leave it 97.7 m² short, chords 12 cm inside the circle
    default = pyogrio.read_dataframe(path, WRITE_GFS="NO").area.iloc[0]
    assert np.pi * r**2 - default == pytest.approx(97.67, abs=0.01)
    assert report.lines() == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cirkel.gml"]
