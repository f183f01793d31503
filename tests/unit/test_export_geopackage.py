"""The styled GeoPackage: the run's layers untouched, styles and provenance added."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.export.geopackage import (
    has_exports,
    layer_fields,
    read_provenance,
    write_geopackage,
)
from bouwstroom_qgis.core.export.labels import header
from bouwstroom_qgis.core.export.provenance import METADATA_KEY, collect_provenance
from tests.unit.test_export import base_run, exported
from tests.unit.test_export_labels import full_run


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory) -> Path:
    return exported(tmp_path_factory) / "shortlist.gpkg"


def rows(path: Path, sql: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return db.execute(sql).fetchall()


def test_layers_are_the_runs(tmp_path_factory, gpkg: Path) -> None:
    run = base_run(tmp_path_factory)
    for layer in ("parcels", "sites"):
        theirs = pyogrio.read_dataframe(run.out / "shortlist.gpkg", layer=layer)
        ours = pyogrio.read_dataframe(gpkg, layer=layer)
        pd.testing.assert_frame_equal(
            ours.drop(columns="geometry"), theirs.drop(columns="geometry")
        )
        assert ours.geometry.geom_equals_exact(theirs.geometry, 0).all()


def test_styles_table_as_qgis_reads_it(gpkg: Path) -> None:
    styles = rows(
        gpkg,
        "SELECT f_table_catalog, f_table_schema, f_table_name, f_geometry_column, styleName, "
        "useAsDefault, owner, update_time FROM layer_styles ORDER BY id",
    )
    assert [r[2] for r in styles] == ["parcels", "sites", "bundles", "plan", "provenance"]
    for catalog, schema, table, geometry, name, default, owner, stamp in styles:
        assert (catalog, schema, geometry, name, default, owner) == (
            "",
            "",
            "" if table in ("plan", "provenance") else "geom",  # as QGIS stores a table's
            "bouwstroom",
            1,
            "bouwstroom",
        )
        assert stamp == "2000-01-01T00:00:00.000Z"  # fixed, with milliseconds as QGIS writes
    contents = rows(gpkg, "SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'")
    assert contents == [("attributes",)]
    found = layer_fields(gpkg)
    assert {name: geometry for name, (geometry, _) in found.items()} == {
        "parcels": "geom",
        "sites": "geom",
        "bundles": "geom",
        "plan": "",
        "provenance": "",
        "layer_styles": "",
    }
    assert found["plan"][1] == ["fid", "quarter", "concept", "bundle_id", "homes_started"]


def test_provenance_table_and_its_metadata_agree(gpkg: Path) -> None:
    provenance = read_provenance(gpkg)
    table = pyogrio.read_dataframe(gpkg, layer="provenance")
    inputs = table[table["item"] == "input"]
    assert inputs["sha256"].tolist() == [item.sha256 for item in provenance.inputs]
    text = table.loc[table["item"] == "scenario_text", "value"].item()
    assert text == provenance.scenario_text and "[[criteria]]" in text
    metadata = pyogrio.read_info(gpkg, layer="provenance")["layer_metadata"]
    assert METADATA_KEY in metadata
    scoped = rows(gpkg, "SELECT reference_scope, table_name FROM gpkg_metadata_reference")
    assert ("table", "provenance") in scoped


def test_bundles_and_plan_are_added(tmp_path_factory, gpkg: Path) -> None:
    run = base_run(tmp_path_factory)
    bundles = pyogrio.read_dataframe(gpkg, layer="bundles")
    assert bundles["bundle_id"].tolist() == run.bundles["bundle_id"].tolist()
    assert bundles.crs.to_epsg() == 28992
    plan = pyogrio.read_dataframe(gpkg, layer="plan", read_geometry=False)
    assert plan["homes_started"].sum() == run.bundles["homes"].sum()


def test_in_place_keeps_styles_people_saved(tmp_path_factory, tmp_path: Path) -> None:
    run = base_run(tmp_path_factory)
    path = tmp_path / "shortlist.gpkg"
    path.write_bytes((run.out / "shortlist.gpkg").read_bytes())
    theirs = pd.DataFrame(
        {
            "f_table_catalog": [""],
            "f_table_schema": [""],
            "f_table_name": ["sites"],
            "f_geometry_column": ["geom"],
            "styleName": ["mijn stijl"],
            "styleQML": ["<qgis/>"],
            "styleSLD": [""],
            "useAsDefault": [False],
            "description": [""],
            "owner": [""],
            "ui": [""],
        }
    )
    pyogrio.write_dataframe(theirs, path, layer="layer_styles", driver="GPKG")
    assert has_exports(path)
    write_geopackage(path, path, provenance=None, language="nl", description="", overwrite=True)
    names = [r[0] for r in rows(path, "SELECT styleName FROM layer_styles ORDER BY id")]
    assert names == ["bouwstroom", "bouwstroom", "mijn stijl"]


def test_another_folder_refuses_an_existing_file(tmp_path_factory, tmp_path: Path) -> None:
    run = base_run(tmp_path_factory)
    dest = tmp_path / "shortlist.gpkg"
    dest.write_bytes(b"not mine")
    with pytest.raises(OutputError, match="exists"):
        write_geopackage(
            run.out / "shortlist.gpkg", dest, provenance=None, language="nl", description=""
        )
    assert dest.read_bytes() == b"not mine"
    source = (run.out / "shortlist.gpkg").read_bytes()
    write_geopackage(
        run.out / "shortlist.gpkg",
        dest,
        provenance=collect_provenance(run.scenario),
        language="en",
        description="",
        overwrite=True,
    )
    assert (
        hashlib.sha256((run.out / "shortlist.gpkg").read_bytes()).digest()
        == hashlib.sha256(source).digest()
    )


def test_each_style_names_its_layers_fields_in_the_language_of_the_export(
    tmp_path_factory,
) -> None:
    gpkg = full_run(tmp_path_factory) / "shortlist.gpkg"  # a real run, exported in Dutch
    found = layer_fields(gpkg)
    styles = dict(rows(gpkg, "SELECT f_table_name, styleQML FROM layer_styles ORDER BY id"))
    assert list(styles) == ["parcels", "sites", "layouts", "bundles", "plan", "provenance"]
    named = 0
    for layer, qml in styles.items():
        fields = found[layer][1]
        aliases = [
            (a.get("index"), a.get("field"), a.get("name"))
            for a in ET.fromstring(qml).iter("alias")
        ]
        # every field but the fid, at its place in QGIS's list of the layer's fields
        assert aliases == [(str(i), f, header(f, "nl")) for i, f in enumerate(fields) if i], layer
        assert all(name != field for _, field, name in aliases)
        named += len(aliases)
    assert named == 48 + 49 + 4 + 15 + 5 + 5
    sites = ET.fromstring(styles["sites"])
    assert sites.find("aliases/alias[@field='area_m2']").get("name") == "Oppervlakte (m²)"
    assert (
        sites.find("aliases/alias[@field='score_bouwer']").get("name")
        == "Score in profiel bouwer (0–100)"
    )


def test_the_same_result_exports_to_the_same_geopackage_bytes(
    tmp_path_factory, tmp_path: Path
) -> None:
    run = base_run(tmp_path_factory)
    provenance = collect_provenance(run.scenario, command="bouwstroom sites")
    written = []
    for name in ("first.gpkg", "second.gpkg"):
        write_geopackage(
            run.out / "shortlist.gpkg",
            tmp_path / name,
            provenance=provenance,
            language="en",
            description="X",
            bundles=run.bundles,
            plan=run.plan,
        )
        written.append((tmp_path / name).read_bytes())
    assert written[0] == written[1]
    stamps = rows(tmp_path / "first.gpkg", "SELECT DISTINCT last_change FROM gpkg_contents")
    assert stamps == [("2000-01-01T00:00:00.000Z",)]
