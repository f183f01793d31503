import re
import shutil

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from shapely import Point, box

from bouwstroom_qgis import paths
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.parcels import canonical_keys, read_parcels
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

OTTERLO_IDS = [f"OTL02 B {n}" for n in (2298, 2299, 2300, 2318, 2320, 2351, 2352, 2353, 2354,
                                         2625, 2626)]  # fmt: skip


@pytest.fixture(scope="module")
def reference(shared_data):
    ref = pyogrio.read_dataframe(shared_data / "brk" / "otterlo_perceel_reference.geojson")
    ref["parcel_id"] = (
        ref["AKRKadastraleGemeenteCodeWaarde"] + " " + ref["sectie"] + " "
        + ref["perceelnummer"].astype(str)
    )  # fmt: skip
    return ref.set_index("parcel_id").sort_index()


def parcels_error(source) -> str:
    with pytest.raises(InputError) as caught:
        read_parcels(source, Report())
    message = str(caught.value)
    assert "\n" not in message
    assert str(source.path) in message
    return message


def write(tmp_path, gdf, name="percelen.gpkg", layer="percelen"):
    path = tmp_path / name
    pyogrio.write_dataframe(gdf, path, layer=layer)
    return path


def squares(n, **columns):
    geoms = [box(150_000 + 30 * i, 450_000, 150_020 + 30 * i, 450_025) for i in range(n)]
    return gpd.GeoDataFrame(columns, geometry=geoms, crs=28992)


# --- the BRK Kadastrale Kaart v5 GML ------------------------------------------------------


def test_brk_gml_percelen_equal_the_reference(shared_data, reference):
    report = Report()
    parcels = read_parcels(Source(shared_data / "brk" / "kadastralekaart_perceel.gml"), report)
    assert sorted(parcels["parcel_id"]) == OTTERLO_IDS
    assert parcels.geom_type.eq("Polygon").all()
    assert parcels.crs.to_epsg() == 28992
    got = parcels.set_index("parcel_id").sort_index()
    assert got.index.equals(reference.index)
    np.testing.assert_allclose(got.area, reference.area, atol=0.01)
    sym_diff = shapely.symmetric_difference(got.geometry.values, reference.geometry.values)
    assert shapely.area(sym_diff).max() < 1e-6
    assert got["kadastrale_grootte"].tolist() == reference["kadastraleGrootteWaarde"].tolist()
    assert got["kadastrale_grootte"].sum() == 9_616.0
    assert got.area.sum() == pytest.approx(9_615.003, abs=0.001)
    assert set(got["akr_code"]) == {"OTL02"} and set(got["sectie"]) == {"B"}
    assert got.loc["OTL02 B 2318", "perceelnummer"] == 2318
    assert report.repairs == []
    assert parcels.index.name == "fid" and 84920229870000 in parcels.index


def test_reference_geojson_gives_the_same_ids(shared_data):
    parcels = read_parcels(
        Source(shared_data / "brk" / "otterlo_perceel_reference.geojson"), Report()
    )
    assert sorted(parcels["parcel_id"]) == OTTERLO_IDS
    assert parcels["kadastrale_grootte"].sum() == 9_616.0


def test_template_ships_as_a_resource():
    template = paths.resource("gdal", "brk_perceel.gfs")
    text = template.read_text()
    assert "<Name>begrenzingPerceel</Name>" in text
    assert text.lstrip().startswith("<GMLFeatureClassList>")  # GDAL ignores it otherwise


def test_brk_gml_copy_gets_no_gfs_and_takes_a_filter(shared_data, tmp_path):
    path = tmp_path / "kadastralekaart_perceel.gml"
    shutil.copy(shared_data / "brk" / "kadastralekaart_perceel.gml", path)
    parcels = read_parcels(Source(path, where="perceelnummer >= 2351"), Report())
    assert sorted(parcels["parcel_id"]) == OTTERLO_IDS[5:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kadastralekaart_perceel.gml"]


def test_brk_gml_arcs_are_linearised_within_one_centimetre(shared_data, tmp_path):
    # Perceel 2298 as a 100 x 100 m square whose west side is a semicircle of radius 50 m:
    # GDAL's default 4° steps would leave chords 3 cm inside the arc.
    r = 50.0
    arc_polygon = (
        '<gml:Polygon gml:id="G1" srsName="urn:ogc:def:crs:EPSG::28992"><gml:exterior>'
        '<gml:Ring><gml:curveMember><gml:Curve gml:id="C1"><gml:segments>'
        "<gml:LineStringSegment><gml:posList>181180 456700 181280 456700 181280 456800 "
        "181180 456800</gml:posList></gml:LineStringSegment><gml:Arc><gml:posList>181180 "
        "456800 181130 456750 181180 456700</gml:posList></gml:Arc></gml:segments></gml:Curve>"
        "</gml:curveMember></gml:Ring></gml:exterior></gml:Polygon>"
    )
    text = (shared_data / "brk" / "kadastralekaart_perceel.gml").read_text()
    text = re.sub(
        r"(<oz:begrenzingPerceel>).*?(</oz:begrenzingPerceel>)",
        lambda m: m.group(1) + arc_polygon + m.group(2),
        text,
        count=1,
        flags=re.S,
    )
    path = tmp_path / "perceel_met_boog.gml"
    path.write_text(text)
    report = Report()
    parcels = read_parcels(Source(path), report).set_index("parcel_id")
    exact, arc_length = 100 * 100 + np.pi * r**2 / 2, np.pi * r
    # chords within 1 cm of the arc change the area by at most 1 cm x the arc's length
    shortfall = exact - parcels.area["OTL02 B 2298"]
    assert 0 < shortfall <= 0.01 * arc_length
    assert shortfall == pytest.approx(1.03, abs=0.01)  # in steps of 2.291°
    template = str(paths.resource("gdal", "brk_perceel.gfs"))
    default = pyogrio.read_dataframe(path, WRITE_GFS="NO", GFS_TEMPLATE=template)
    assert exact - default.area.iloc[0] > 0.01 * arc_length  # 4° steps: 3.2 m² short
    assert parcels.area["OTL02 B 2299"] == pytest.approx(222.330, abs=0.001)
    assert report.lines() == []


def test_truncated_brk_gml(shared_data, tmp_path):
    data = (shared_data / "brk" / "kadastralekaart_perceel.gml").read_bytes()
    path = tmp_path / "kadastralekaart_perceel.gml"
    path.write_bytes(data[: len(data) // 2])
    assert "is not a complete XML document (" in parcels_error(Source(path))


def test_brk_gml_of_other_objects_is_not_parcels(shared_data):
    message = parcels_error(Source(shared_data / "brk" / "kadastralekaart_kadastralegrens.gml"))
    assert "is a Kadastrale Kaart file without percelen" in message
    assert "kadastralekaart_perceel.gml" in message


# --- other layers -------------------------------------------------------------------------


def test_id_field_names_the_parcels(tmp_path):
    path = write(tmp_path, squares(3, code=[101.0, 102.0, 103.0], naam=["a", "b", "c"]))
    parcels = read_parcels(Source(path, options={"id_field": "code"}), Report())
    assert parcels["parcel_id"].tolist() == ["101", "102", "103"]  # no ".0" from floats
    assert list(parcels.columns) == ["parcel_id", "geometry"]
    assert parcels.area.tolist() == pytest.approx([500.0] * 3)


def test_id_field_wins_over_brk_fields(shared_data):
    source = Source(
        shared_data / "brk" / "otterlo_perceel_reference.geojson",
        options={"id_field": "identificatie"},
    )
    parcels = read_parcels(source, Report())
    assert "84920229870000" in set(parcels["parcel_id"])
    assert parcels["akr_code"].eq("OTL02").all()


def test_a_blank_sectie_stays_missing_beside_an_id_field(tmp_path):
    gdf = squares(
        3, code=["p1", "p2", "p3"], akr_code=["ASN00", None, "asn00"], sectie=["A", "", None]
    )
    parcels = read_parcels(Source(write(tmp_path, gdf), options={"id_field": "code"}), Report())
    assert parcels["akr_code"].isna().tolist() == [False, True, False]
    assert parcels["akr_code"].dropna().tolist() == ["ASN00", "ASN00"]
    assert parcels["sectie"].isna().tolist() == [False, True, True]  # never the text 'nan'


def test_lower_case_and_snake_case_brk_fields(tmp_path):
    gdf = squares(
        2,
        akr_kadastrale_gemeente_code_waarde=["gng01", "GNG01"],
        Sectie=["a", "A"],
        PERCEELNUMMER=["0123", "124"],
        kadastrale_grootte_waarde=[500, 501],
    )
    parcels = read_parcels(Source(write(tmp_path, gdf)), Report())
    assert parcels["parcel_id"].tolist() == ["GNG01 A 123", "GNG01 A 124"]
    assert parcels["kadastrale_grootte"].tolist() == [500.0, 501.0]


def test_missing_id_field_names_the_fields(tmp_path):
    path = write(tmp_path, squares(2, naam=["a", "b"], oppervlak=[1, 2]))
    message = parcels_error(Source(path, options={"id_field": "perceel_id"}))
    assert "layer 'percelen': has no field 'perceel_id' (id_field)" in message
    assert "its fields are: naam, oppervlak" in message


def test_no_id_at_all_names_the_fields(tmp_path):
    message = parcels_error(Source(write(tmp_path, squares(2, naam=["a", "b"]))))
    assert "has no parcel id" in message and "its fields are: naam" in message
    assert "set id_field" in message


def test_duplicate_ids_name_the_id_and_two_features(tmp_path):
    path = write(tmp_path, squares(4, code=["P1", "P2", "P3", "P2"]))
    message = parcels_error(Source(path, options={"id_field": "code"}))
    assert "parcel id 'P2' occurs more than once (features 2 and 4); 1 ids repeat" in message
    assert "layer 'percelen'" in message and "feature 4" in message


def test_parcels_without_id_are_named(tmp_path):
    path = write(tmp_path, squares(3, code=["P1", None, " "]))
    message = parcels_error(Source(path, options={"id_field": "code"}))
    assert "2 parcels have no field 'code' (first: fid 2, 3)" in message


def test_points_given_as_parcels(tmp_path):
    points = gpd.GeoDataFrame({"code": ["a"]}, geometry=[Point(150_000, 450_000)], crs=28992)
    message = parcels_error(Source(write(tmp_path, points)))
    assert "layer 'percelen': holds points (1) and no polygons; parcels need a polygon layer" in (
        message
    )


def test_empty_parcel_layer(tmp_path):
    path = write(tmp_path, squares(0, code=[]))
    assert "layer 'percelen': is empty" in parcels_error(Source(path))


@pytest.mark.filterwarnings("error")  # GDAL's warning goes to the log, not the terminal
def test_corrupt_parcel_file(tmp_path):
    path = tmp_path / "percelen.gpkg"
    path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 200)
    assert "cannot be opened" in parcels_error(Source(path))


def test_canonical_keys_reads_hand_typed_aanduidingen():
    keys = pd.Series(["otl02 b 2298", "OTL02B2298", " OTL02-B-02298 ", "OTL02  B\t2298"])
    assert canonical_keys(keys).tolist() == ["OTL02 B 2298"] * 4
    others = pd.Series(["p 12  x", None, "OTL02 B 2298 A 0001", 12])
    assert canonical_keys(others).tolist()[0] == "P 12 X"
    assert pd.isna(canonical_keys(others)[1])
    assert canonical_keys(others).tolist()[2:] == ["OTL02 B 2298 A 0001", "12"]
