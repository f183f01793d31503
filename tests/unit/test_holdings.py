import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
from shapely import LineString, Point, box

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.holdings import Holdings, owner_type_of, read_holdings
from bouwstroom_qgis.core.parcels import read_parcels
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

TABLE_OPTIONS = {"key_field": "Perceel", "owner_field": "Eigenaar", "owner_type_field": "Soort"}


@pytest.fixture(scope="module")
def otterlo_ids(shared_data):
    parcels = read_parcels(Source(shared_data / "brk" / "kadastralekaart_perceel.gml"), Report())
    return pd.Index(parcels["parcel_id"])


def csv(tmp_path, text, name="bezit.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def holdings_error(sources, parcel_ids=None) -> str:
    with pytest.raises(InputError) as caught:
        read_holdings(sources, Report(), parcel_ids)
    message = str(caught.value)
    assert "\n" not in message
    assert str(sources[-1].path) in message
    return message


def warnings_of(report):
    return [(n.message, n.count) for n in report.warnings]


def test_no_sources_give_empty_holdings():
    holdings = read_holdings([], Report())
    assert holdings.is_empty
    assert list(holdings.polygons.columns) == ["owner", "owner_type", "geometry"]
    assert list(holdings.by_parcel.columns) == ["parcel_id", "owner", "owner_type"]
    assert holdings.points.crs.to_epsg() == 28992
    assert Holdings.empty().by_parcel.empty


def test_table_keys_match_otterlo_parcels_in_any_spelling(tmp_path, otterlo_ids):
    path = csv(
        tmp_path,
        "Perceel;Eigenaar;Soort\n"
        "otl02 b 2298;Gemeente Ede;Gemeente\n"
        "OTL02B2299;Lefier;Woningcorporatie\n"
        "OTL02-B-02300;Provincie Gelderland;prov.\n"
        "OTL02 B 9999;Lefier;corporatie\n"
        "OTL02 B 9998;Lefier;corporatie\n"
        ";Gemeente Ede;gemeente\n"
        "OTL02 B 2300;Provincie Gelderland;provincie\n"
        "OTL02 B 2318;;gemeente\n"
        "OTL02 B 2318;Staatsbosbeheer;natuurbeheerder\n",
    )
    report = Report()
    holdings = read_holdings([Source(path, options=TABLE_OPTIONS)], report, otterlo_ids)
    assert holdings.by_parcel.to_dict("records") == [
        {"parcel_id": "OTL02 B 2298", "owner": "Gemeente Ede", "owner_type": "gemeente"},
        {"parcel_id": "OTL02 B 2299", "owner": "Lefier", "owner_type": "corporatie"},
        {"parcel_id": "OTL02 B 2300", "owner": "Provincie Gelderland", "owner_type": "provincie"},
        {"parcel_id": "OTL02 B 2318", "owner": "Staatsbosbeheer", "owner_type": "overig"},
    ]
    assert warnings_of(report) == [
        ("owner types not recognised, counted as 'overig': 'natuurbeheerder' in 1 row", 1),
        ("rows without a parcel key left out (first: row 7)", 1),
        ("rows without an owner left out (first: row 9)", 1),
        ("keys that match no parcel left out (first: 'OTL02 B 9999', 'OTL02 B 9998')", 2),
    ]
    assert [(n.message, n.count) for n in report.repairs] == [
        ("rows repeating a parcel, owner and owner type counted once", 1)
    ]
    assert all(str(path) == n.source for n in report.warnings)


def test_without_parcel_ids_keys_are_written_one_way(tmp_path):
    path = csv(tmp_path, "kad,naam\notl02b2298,Gemeente Ede\nOTL02 B 2299 ,Gemeente Ede\n")
    options = {"key_field": "kad", "owner_field": "naam", "owner_type": "Gemeente"}
    holdings = read_holdings([Source(path, options=options)], Report())
    assert holdings.by_parcel["parcel_id"].tolist() == ["OTL02 B 2298", "OTL02 B 2299"]
    assert holdings.by_parcel["owner_type"].tolist() == ["gemeente", "gemeente"]


def test_ids_differing_only_in_case_match_exactly(tmp_path):
    path = csv(tmp_path, "id;eigenaar\np1;A\nP1;B\np2;C\n")
    options = {"key_field": "id", "owner_field": "eigenaar", "owner_type": "overig"}
    holdings = read_holdings(
        [Source(path, options=options)], Report(), pd.Index(["p1", "P1", "P2"])
    )
    assert holdings.by_parcel[["parcel_id", "owner"]].values.tolist() == [
        ["p1", "A"],
        ["P1", "B"],
        ["P2", "C"],
    ]


def test_xlsx_holdings_with_fixed_owner(tmp_path, otterlo_ids):
    path = tmp_path / "bezit.xlsx"
    frame = pd.DataFrame({"Aanduiding": ["OTL02 B 2351", "OTL02 B 2352", "OTL02 B 2353"]})
    frame.to_excel(path, sheet_name="Bezit", index=False)
    options = {"key_field": "Aanduiding", "owner": "Woonstede", "owner_type": "woningcorporatie"}
    holdings = read_holdings([Source(path, options=options)], Report(), otterlo_ids)
    assert holdings.by_parcel["parcel_id"].tolist() == [
        "OTL02 B 2351",
        "OTL02 B 2352",
        "OTL02 B 2353",
    ]
    assert set(holdings.by_parcel["owner_type"]) == {"corporatie"}


def test_table_without_key_field_lists_the_columns(tmp_path):
    path = csv(tmp_path, "Perceel;Eigenaar\nOTL02 B 1;A\n")
    message = holdings_error([Source(path, options={"owner": "A", "owner_type": "gemeente"})])
    assert "is a table without key_field; its columns are: Perceel, Eigenaar" in message


def test_missing_key_column_names_file_and_fields(tmp_path):
    path = csv(tmp_path, "Perceel;Eigenaar\nOTL02 B 1;A\n")
    options = {"key_field": "kadastrale_aanduiding", "owner": "A", "owner_type": "gemeente"}
    message = holdings_error([Source(path, options=options)])
    assert (
        "has no field 'kadastrale_aanduiding' (key_field); its fields are: Perceel, Eigenaar"
        in (message)
    )


def test_missing_owner_field_names_the_fields(tmp_path):
    path = csv(tmp_path, "Perceel;Naam\nOTL02 B 1;A\n")
    message = holdings_error([Source(path, options=TABLE_OPTIONS)])
    assert "has no field 'Eigenaar' (owner_field); its fields are: Perceel, Naam" in message


def test_no_owner_and_no_owner_type(tmp_path):
    path = csv(tmp_path, "Perceel;Naam\nOTL02 B 1;A\n")
    message = holdings_error([Source(path, options={"key_field": "Perceel"})])
    assert "names no owner" in message and "set owner_field" in message
    options = {"key_field": "Perceel", "owner_field": "Naam"}
    assert "names no owner type" in holdings_error([Source(path, options=options)])


def test_fixed_owner_type_must_be_known(tmp_path):
    path = csv(tmp_path, "Perceel;Naam\nOTL02 B 1;A\n")
    options = {"key_field": "Perceel", "owner_field": "Naam", "owner_type": "gemeenet"}
    message = holdings_error([Source(path, options=options)])
    assert "owner type 'gemeenet' is not one of corporatie, gemeente, provincie, overig" in message


def test_filter_on_a_table_is_refused(tmp_path):
    path = csv(tmp_path, "Perceel;Naam\nOTL02 B 1;A\n")
    source = Source(path, where="Naam = 'A'", options=TABLE_OPTIONS)
    assert "a filter ('where') applies to map layers, not to tables" in holdings_error([source])


def test_owner_type_variants():
    assert [
        owner_type_of(v)
        for v in (
            "Woningcorporatie", "toegelaten instelling", "Woonstichting", "Gemeente Groningen",
            "gem.", "Municipality", "Provincie Drenthe", "PROV", "particulier", "Rijk",
        )
    ] == ["corporatie", "corporatie", "corporatie", "gemeente", "gemeente", "gemeente",
          "provincie", "provincie", "overig", "overig"]  # fmt: skip
    assert owner_type_of("gemeente en provincie") is None  # two stems: not guessed
    assert owner_type_of("natuurbeheerder") is None


# --- layers -------------------------------------------------------------------------------


def test_current_doesburg_panden_as_polygon_holdings(shared_data):
    source = Source(
        shared_data / "bag" / "doesburg_pand.gpkg",
        where="eindGeldigheid IS NULL",
        options={"owner": "Gemeente Doesburg", "owner_type": "gemeente"},
    )
    report = Report()
    holdings = read_holdings([source], report)
    assert len(holdings.polygons) == 7_797 - 1  # one demolished pand is a 0.0001 m² sliver
    assert holdings.points.empty and holdings.by_parcel.empty
    assert set(holdings.polygons["owner_type"]) == {"gemeente"}
    assert holdings.polygons.crs.to_epsg() == 28992
    assert [n.count for n in report.repairs] == [1]


def test_label_points_of_the_brk_gml_as_point_holdings(shared_data):
    source = Source(
        shared_data / "brk" / "kadastralekaart_perceel.gml",
        options={"owner_field": "kadastraleAanduiding|TypeKadastraleAanduiding|kadastraleGemeente|"
                 "KadastraleGemeente|waarde", "owner_type": "overig"},
    )  # fmt: skip
    holdings = read_holdings([source], Report())
    assert len(holdings.points) == 11 and holdings.polygons.empty
    assert set(holdings.points["owner"]) == {"Otterlo"}
    assert holdings.points.total_bounds[0] == pytest.approx(181159.082)


def test_mixed_layer_is_split_and_features_without_owner_named(tmp_path):
    geoms = [box(150_000, 450_000, 150_010, 450_010), Point(150_100, 450_100)] * 2
    gdf = gpd.GeoDataFrame(
        {"eigenaar": ["A", "B", None, "D"], "soort": ["gemeente", "Woningcorporatie", "x", "y"]},
        geometry=geoms,
        crs=28992,
    )
    path = tmp_path / "bezit.gpkg"
    pyogrio.write_dataframe(gdf, path, layer="bezit")
    options = {"owner_field": "eigenaar", "owner_type_field": "soort"}
    report = Report()
    holdings = read_holdings([Source(path, options=options)], report)
    assert holdings.polygons[["owner", "owner_type"]].values.tolist() == [["A", "gemeente"]]
    assert holdings.points[["owner", "owner_type"]].values.tolist() == [
        ["B", "corporatie"],
        ["D", "overig"],
    ]
    assert ("features without an owner left out (first: fid 3)", 1) in warnings_of(report)
    assert holdings.polygons.area.tolist() == [100.0]


def test_lines_are_not_holdings(tmp_path):
    gdf = gpd.GeoDataFrame(
        {"eigenaar": ["A", "B"]},
        geometry=[
            box(150_000, 450_000, 150_010, 450_010),
            LineString([(150_000, 450_000), (150_100, 450_000)]),
        ],
        crs=28992,
    )
    path = tmp_path / "bezit.gpkg"
    pyogrio.write_dataframe(gdf, path, layer="bezit")
    message = holdings_error(
        [Source(path, options={"owner_field": "eigenaar", "owner_type": "gemeente"})]
    )
    assert (
        "layer 'bezit', feature 2: holds 1 features that are neither polygons nor points" in message
    )


def test_missing_holdings_layer_file(tmp_path):
    source = Source(tmp_path / "bezit.gpkg", options={"owner": "A", "owner_type": "gemeente"})
    assert "file not found" in holdings_error([source])


def test_several_sources_are_combined(tmp_path, otterlo_ids, shared_data):
    table = csv(tmp_path, "Perceel;Eigenaar;Soort\nOTL02 B 2625;Gemeente Ede;gemeente\n")
    layer = Source(
        shared_data / "brk" / "otterlo_perceel_reference.geojson",
        where="perceelnummer > 2350",
        options={"owner": "Woonstede", "owner_type": "corporatie"},
    )
    holdings = read_holdings([Source(table, options=TABLE_OPTIONS), layer], Report(), otterlo_ids)
    assert len(holdings.by_parcel) == 1 and len(holdings.polygons) == 6
    assert holdings.polygons.index.tolist() == list(range(6))
