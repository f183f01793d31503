"""read_zoning: IMRO plans, zoning GeoPackages and mapped polygon layers in one table."""

from __future__ import annotations

import warnings
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.imro import ZONING_COLUMNS, read_imro_plan
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.core.zoning import read_zoning
from bouwstroom_qgis.core.zoning_gpkg import write_zoning_geopackage

GIETERVEEN = "NL.IMRO.1680.1800030105-0000.gml"
IMOW = "http://standaarden.omgevingswet.overheid.nl/functie/id/concept/"
X0, Y0 = 252000.0, 561000.0  # inside Gieterveen, RD New


def layer(path: Path, values: list, boxes: list, crs: str | None = s.RD_NEW, **fields) -> Path:
    geoms = [shapely.box(X0 + a, Y0 + b, X0 + c, Y0 + d) for a, b, c, d in boxes]
    frame = gpd.GeoDataFrame({"functie": values, **fields}, geometry=geoms, crs=s.RD_NEW)
    if crs != s.RD_NEW:
        frame = frame.to_crs(crs) if crs else frame.set_crs(None, allow_override=True)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "'crs' was not provided")  # wanted here
        frame.to_file(path, layer="zones")
    return path


def test_plan_and_its_geopackage_overlap_completely(shared_data, tmp_path):
    gml = shared_data / "imro" / GIETERVEEN
    gpkg = write_zoning_geopackage(read_imro_plan(gml, Report()), tmp_path / "z.gpkg")
    report = Report()
    zoning = read_zoning([Source(gml), Source(gpkg)], report)
    assert list(zoning.columns) == [*ZONING_COLUMNS, "geometry"]
    counts = zoning[s.OBJECT_TYPE].value_counts()
    assert counts[s.ENKELBESTEMMING] == 84  # the later source keeps each, once
    assert counts[s.BOUWVLAK] == 176  # other object types may overlap freely
    assert [(str(n.message).split(" ")[0], n.count) for n in report.repairs] == [
        ("Enkelbestemmingen", 84)
    ]
    enkel = zoning[zoning[s.OBJECT_TYPE] == s.ENKELBESTEMMING]
    assert enkel.geometry.area.sum() == pytest.approx(561826.38, abs=0.01)


def test_imow_layer_in_wgs84_without_mapping(tmp_path):
    path = layer(
        tmp_path / "omgevingsplan.gpkg",
        [IMOW + "Wonen", IMOW + "Transformatiegebied", IMOW + "Kermis", "Centrumgebied", None],
        [
            (0, 0, 100, 100),
            (0, 0, 50, 50),
            (200, 0, 300, 100),
            (400, 0, 500, 100),
            (600, 0, 610, 10),
        ],
        crs="EPSG:4326",
    )
    report = Report()
    zoning = read_zoning(
        [Source(path, options={"value_field": "functie", "plan_status": "Vastgesteld"})], report
    )
    assert zoning[s.OBJECT_TYPE].tolist() == [
        s.ENKELBESTEMMING,
        s.GEBIEDSAANDUIDING,
        s.ENKELBESTEMMING,
        s.ENKELBESTEMMING,
        s.ENKELBESTEMMING,
    ]
    assert zoning[s.HOOFDGROEP].tolist() == ["wonen", "overige zone", None, "centrum", None]
    assert set(zoning[s.PLAN_STATUS]) == {"vastgesteld"}
    assert set(zoning[s.PLAN_ID]) == {"omgevingsplan"}
    assert zoning.crs == s.RD_NEW
    # back from degrees to RD New within a millimetre's worth of area
    assert zoning.geometry.area.tolist() == pytest.approx(
        [10000, 2500, 10000, 10000, 100], rel=1e-6
    )
    assert shapely.box(X0, Y0, X0 + 100, Y0 + 100).equals_exact(
        zoning.geometry.iloc[0].geoms[0], 1e-3
    )
    assert sorted((n.message.split("'")[1], n.count) for n in report.warnings) == [
        ("(empty)", 1),
        (IMOW + "Kermis", 1),
    ]


def test_user_mapping_and_object_type(tmp_path):
    path = layer(
        tmp_path / "codes.gpkg",
        ["W1", "w1", "G", "X", "X"],
        [(0, 0, 10, 10), (10, 0, 20, 10), (20, 0, 30, 10), (30, 0, 40, 10), (40, 0, 50, 10)],
        naam=["a", "b", "c", "d", "e"],
    )
    report = Report()
    options = {
        "value_field": "functie",
        "mapping": {"W1": "Wonen", "G": "groen"},
        "name_field": "naam",
    }
    zoning = read_zoning([Source(path, options=options)], report, residential_groups=["wonen"])
    assert zoning[s.HOOFDGROEP].tolist() == ["wonen", "wonen", "groen", None, None]
    assert zoning[s.NAAM].tolist() == ["a", "b", "c", "d", "e"]
    # without id_field each object is named by its feature id, as QGIS shows it
    assert zoning[s.IDENTIFICATIE].tolist() == ["1", "2", "3", "4", "5"]
    assert [(n.message.split("'")[1], n.count) for n in report.warnings] == [("X", 2)]
    with_ids = layer(
        tmp_path / "ids.gpkg",
        ["W1", "G"],
        [(0, 0, 10, 10), (10, 0, 20, 10)],
        code=["Z-7", None],
    )
    options = {"value_field": "functie", "mapping": {"W1": "Wonen", "G": "groen"}}
    zoning = read_zoning([Source(with_ids, options={**options, "id_field": "code"})], Report())
    assert zoning[s.IDENTIFICATIE].iloc[0] == "Z-7"
    assert zoning[s.IDENTIFICATIE].isna().tolist() == [False, True]  # no made-up 'None' id
    dubbel = read_zoning(
        [
            Source(
                path,
                options={
                    "value_field": "functie",
                    "object_type": "dubbelbestemming",
                    "mapping": {"W1": "leiding", "G": "waarde", "X": "waterstaat"},
                },
            )
        ],
        Report(),
    )
    assert set(dubbel[s.OBJECT_TYPE]) == {s.DUBBELBESTEMMING}
    assert dubbel[s.HOOFDGROEP].tolist() == [
        "leiding",
        "leiding",
        "waarde",
        "waterstaat",
        "waterstaat",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "no value_field is given"),
        (
            {"value_field": "bestemming"},
            r"has no field 'bestemming' \(value_field\); its fields are: functie",
        ),
        ({"value_field": "functie", "mapping": {"W": "woon"}}, "mapping gives 'woon' for 'W'"),
        ({"value_field": "functie", "object_type": "Bestemming"}, "object_type 'Bestemming'"),
        ({"value_field": "functie", "plan_status": "goed"}, "plan_status 'goed'"),
    ],
)
def test_bad_layer_options(tmp_path, options, message):
    path = layer(tmp_path / "z.gpkg", ["W"], [(0, 0, 10, 10)])
    with pytest.raises(InputError, match=message):
        read_zoning([Source(path, options=options)], Report())


def test_coordinate_systems(tmp_path):
    rd = layer(tmp_path / "rd.gpkg", ["Wonen"], [(0, 0, 10, 10)], crs=None)
    report = Report()
    zoning = read_zoning([Source(rd, options={"value_field": "functie"})], report)
    assert zoning.crs == s.RD_NEW
    assert zoning.geometry.area.tolist() == [100.0]
    assert [(n.message, n.count) for n in report.repairs] == [
        ("no CRS; coordinates are RD New, assumed EPSG:28992", 1)
    ]
    for name, box, message in [
        ("degrees", shapely.box(6.0, 53.0, 6.1, 53.1), r"has no CRS and its .* look like degrees"),
        ("local", shapely.box(1000, 1000, 1010, 1010), "has no CRS and .* outside the RD New"),
    ]:
        path = tmp_path / f"{name}.gpkg"
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "'crs' was not provided")
            gpd.GeoDataFrame({"functie": ["Wonen"]}, geometry=[box]).to_file(path)
        with pytest.raises(InputError, match=message):
            read_zoning([Source(path, options={"value_field": "functie"})], Report())
    # GeoJSON is WGS 84 by definition; RD New metres in it are a common mistake
    mislabelled = layer(tmp_path / "rd.geojson", ["Wonen"], [(0, 0, 10, 10)], crs=None)
    with pytest.raises(InputError, match=r"says WGS 84 but its coordinates \(.*\) are RD New"):
        read_zoning([Source(mislabelled, options={"value_field": "functie"})], Report())


def test_sources_and_layers(shared_data, tmp_path):
    gml = shared_data / "imro" / GIETERVEEN
    only = read_zoning([Source(gml, layer=s.BOUWVLAK)], Report())
    assert set(only[s.OBJECT_TYPE]) == {s.BOUWVLAK}
    assert len(only) == 88
    with pytest.raises(InputError, match="'Bestemming' is not an IMRO object type"):
        read_zoning([Source(gml, layer="Bestemming")], Report())
    with pytest.raises(InputError, match="'where' filter is not supported for IMRO plans"):
        read_zoning([Source(gml, where="naam = 'x'")], Report())
    two = tmp_path / "two.gpkg"
    layer(two, ["W"], [(0, 0, 1, 1)])
    gpd.read_file(two).to_file(two, layer="other")
    with pytest.raises(InputError, match="holds 2 layers and none is chosen: zones, other"):
        read_zoning([Source(two, options={"value_field": "functie"})], Report())
    assert (
        len(read_zoning([Source(two, layer="other", options={"value_field": "functie"})], Report()))
        == 1
    )
    with pytest.raises(InputError, match=r"missing\.gpkg: file not found"):
        read_zoning([Source(tmp_path / "missing.gpkg", options={"value_field": "f"})], Report())
    empty = read_zoning([], Report())
    assert list(empty.columns) == [*ZONING_COLUMNS, "geometry"]
    assert len(empty) == 0


def test_overlapping_layers_and_residential_check(tmp_path):
    draft = layer(tmp_path / "draft.gpkg", ["Wonen"], [(0, 0, 100, 100)])
    final = layer(tmp_path / "final.gpkg", ["Groen"], [(50, 0, 150, 100)])
    report = Report()
    zoning = read_zoning(
        [
            Source(final, options={"value_field": "functie", "plan_status": "vastgesteld"}),
            Source(draft, options={"value_field": "functie", "plan_status": "ontwerp"}),
        ],
        report,
        residential_groups=["wonen", "woon"],
    )
    # the vastgesteld plan keeps the overlap although the draft comes later
    assert dict(zip(zoning[s.HOOFDGROEP], zoning.geometry.area, strict=True)) == {
        "groen": 10000.0,
        "wonen": 5000.0,
    }
    assert report.repairs[0].count == 1
    assert [str(n) for n in report.warnings] == [
        "scenario: residential group 'woon' is not an IMRO main group"
    ]
    report = Report()
    read_zoning(
        [Source(final, options={"value_field": "functie"})], report, residential_groups=["wonen"]
    )
    assert "no Enkelbestemming has a residential main group" in report.warnings[0].message
