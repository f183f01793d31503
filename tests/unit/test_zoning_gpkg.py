"""The import-imro GeoPackage: written atomically and reproducibly, read back unchanged."""

from __future__ import annotations

import geopandas as gpd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError, OutputError
from bouwstroom_qgis.core.imro import ZONING_COLUMNS, read_imro_plan
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.zoning_gpkg import (
    read_zoning_geopackage,
    write_zoning_geopackage,
    zoning_layers,
)

GIETERVEEN = "NL.IMRO.1680.1800030105-0000.gml"


@pytest.fixture(scope="module")
def plan(shared_data):
    return read_imro_plan(shared_data / "imro" / GIETERVEEN, Report())


def test_round_trip(plan, tmp_path):
    out = write_zoning_geopackage(plan, tmp_path / "zoning.gpkg")
    layers = [name for name, _ in pyogrio.list_layers(out)]
    assert layers == [
        s.ENKELBESTEMMING,
        s.DUBBELBESTEMMING,
        s.BOUWVLAK,
        s.BOUWAANDUIDING,
        s.FUNCTIEAANDUIDING,
        s.GEBIEDSAANDUIDING,
        s.BESTEMMINGSPLANGEBIED,
    ]
    assert zoning_layers(out) == layers
    report = Report()
    table = read_zoning_geopackage(out, report)
    assert report.lines() == []
    assert list(table.columns) == [*ZONING_COLUMNS, "geometry"]
    assert len(table) == 210
    assert table.crs == s.RD_NEW
    enkel = table[table[s.OBJECT_TYPE] == s.ENKELBESTEMMING]
    assert enkel[s.HOOFDGROEP].value_counts()["wonen"] == 37
    original = plan[s.ENKELBESTEMMING]
    assert enkel[s.IDENTIFICATIE].tolist() == original[s.IDENTIFICATIE].tolist()
    assert shapely.equals_exact(
        enkel.geometry.to_numpy(), original.geometry.to_numpy(), tolerance=1e-9
    ).all()
    bouwvlak = table[table[s.OBJECT_TYPE] == s.BOUWVLAK]
    assert bouwvlak[s.HOOFDGROEP].tolist() == [None] * 88  # missing stays None, not NaN
    assert set(table[s.PLAN_STATUS]) == {"concept"}
    only = read_zoning_geopackage(out, layer=s.BOUWVLAK)
    assert len(only) == 88


def test_same_plan_same_bytes(plan, tmp_path):
    first = write_zoning_geopackage(plan, tmp_path / "a.gpkg")
    second = write_zoning_geopackage(plan, tmp_path / "b.gpkg")
    assert first.read_bytes() == second.read_bytes()


def test_existing_output_kept_without_overwrite(plan, tmp_path):
    out = tmp_path / "zoning.gpkg"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="exists; use --overwrite"):
        write_zoning_geopackage(plan, out)
    assert out.read_bytes() == b"keep me"
    write_zoning_geopackage(plan, out, overwrite=True)
    assert len(read_zoning_geopackage(out)) == 210
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zoning.gpkg"]


def test_bad_outputs(plan, tmp_path):
    with pytest.raises(OutputError, match="must be a GeoPackage"):
        write_zoning_geopackage(plan, tmp_path / "zoning.shp")
    with pytest.raises(OutputError, match="no zoning objects"):
        write_zoning_geopackage({}, tmp_path / "zoning.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_other_geopackages_are_not_zoning(shared_data, tmp_path):
    natura = shared_data / "context" / "natura2000_north.gpkg"
    assert zoning_layers(natura) == []
    with pytest.raises(InputError, match="is not a zoning GeoPackage"):
        read_zoning_geopackage(natura)
    assert zoning_layers(tmp_path / "missing.gpkg") == []


def test_hand_edited_file_checked(plan, tmp_path):
    out = write_zoning_geopackage(plan, tmp_path / "zoning.gpkg")
    frame = gpd.read_file(out, layer=s.BOUWVLAK).drop(columns=[s.PLAN_STATUS])
    frame.to_file(tmp_path / "edited.gpkg", layer=s.BOUWVLAK)
    with pytest.raises(InputError, match="lacks the column"):
        read_zoning_geopackage(tmp_path / "edited.gpkg")
    moved = gpd.read_file(out, layer=s.ENKELBESTEMMING).to_crs("EPSG:3035")
    moved.to_file(tmp_path / "moved.gpkg", layer=s.ENKELBESTEMMING)
    back = read_zoning_geopackage(tmp_path / "moved.gpkg")
    assert back.crs == s.RD_NEW
    assert back.geometry.area.sum() == pytest.approx(561826.38, rel=1e-6)
