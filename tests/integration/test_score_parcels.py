"""``bouwstroom:score_parcels`` in qgis_process and in Processing equals the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from algorithm_runs import run_algorithm
from layer_sources import gpkg_layer, memory_layer, parcel_row
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis_session import run_cli, run_qgis_process
from recording import RecordingFeedback
from result_tables import csv_rows, rows

SCORE = "bouwstroom:score_parcels"


def test_qgis_process_lists_the_provider(qgis_process_plugin) -> None:
    listing = run_qgis_process("list").stdout
    assert "Bouwstroom Noord\n\tbouwstroom:" in listing
    assert "\tbouwstroom:import_imro\tImport IMRO zoning plan" in listing
    assert "\tbouwstroom:score_parcels\tScore parcels" in listing
    help_text = run_qgis_process("help", SCORE).stdout
    for parameter in ("SCENARIO", "PARCELS", "ZONING", "HOLDINGS", "CONSTRAINTS", "OUTPUT_FOLDER"):
        assert f"{parameter}:" in help_text


def test_qgis_process_equals_the_command_line(
    qgis_process_plugin, qgis_app, region: Path, cli_result: Path, tmp_path: Path
) -> None:
    out, layer = tmp_path / "out", tmp_path / "scored.gpkg"
    done = run_qgis_process(
        "run", SCORE, "--", f"SCENARIO={region / 'scenario.toml'}",
        f"OUTPUT_FOLDER={out}", f"OUTPUT={layer}",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2000 scored parcels" in done.stdout
    assert "...100" in done.stdout  # the engine's progress reached qgis_process's bar
    assert (out / "shortlist.csv").read_bytes() == (cli_result / "shortlist.csv").read_bytes()
    ours = rows(str(layer), "parcel_id")
    cli = rows(f"{cli_result / 'shortlist.gpkg'}|layername=parcels", "parcel_id")
    assert len(ours) == 2000
    assert ours == cli


def test_memory_layers_and_selections_score_as_the_files(
    provider, region: Path, cli_result: Path, tmp_path: Path
) -> None:
    """Layers QGIS holds in memory reach the engine intact; "selected only" is honoured."""
    files = QgsVectorLayer(f"{region / 'percelen.gpkg'}|layername=percelen", "percelen", "ogr")
    memory = files.materialize(QgsFeatureRequest())
    assert memory.providerType() == "memory" and memory.featureCount() == 2000
    nature = QgsVectorLayer(f"{region / 'natura2000.gpkg'}|layername=natura2000", "n", "ogr")
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "PARCELS": memory,
        "CONSTRAINTS": [nature.materialize(QgsFeatureRequest())],
        "CONSTRAINT_NAMES": "natura2000",
        "OUTPUT_FOLDER": str(tmp_path / "all"),
        "OUTPUT": str(tmp_path / "all.gpkg"),
    }
    feedback = RecordingFeedback()
    _, ok = run_algorithm(provider, SCORE, parameters, feedback)
    assert ok, feedback.errors
    every_path = tmp_path / "all" / "shortlist.csv"
    assert every_path.read_bytes() == (cli_result / "shortlist.csv").read_bytes()

    chosen = [f.id() for f in memory.getFeatures() if f.id() % 7 == 0]
    memory.selectByIds(chosen)
    QgsProject.instance().addMapLayer(memory)
    try:
        parameters.update(
            PARCELS=QgsProcessingFeatureSourceDefinition(memory.id(), True),
            OUTPUT_FOLDER=str(tmp_path / "some"),
            OUTPUT=str(tmp_path / "some.gpkg"),
        )
        feedback = RecordingFeedback()
        _, ok = run_algorithm(provider, SCORE, parameters, feedback)
    finally:
        QgsProject.instance().takeMapLayer(memory)
    assert ok, feedback.errors
    some = csv_rows(tmp_path / "some" / "shortlist.csv", "parcel_id")
    every = csv_rows(every_path, "parcel_id")
    assert len(chosen) == 285 and len(some) == len(chosen)
    # A parcel's metrics and score depend on it and the layers alone, not on the others.
    for parcel_id, row in some.items():
        assert row["score"] == every[parcel_id]["score"]
        assert row["explanation"] == every[parcel_id]["explanation"]


def polygon_layer(crs: str | None, count: int, geometry: str = "Polygon") -> QgsVectorLayer:
    """Parcels ``P0``, ``P1``, ... in a layer ``bad parcels`` with only a field ``perceel_id``."""
    uri = (
        f"{geometry}?crs={crs}&field=perceel_id:string"
        if crs
        else f"{geometry}?field=perceel_id:string"
    )
    shapes = parcel_row(count, geometry)
    return memory_layer(uri, "bad parcels", [(shape, [f"P{i}"]) for i, shape in enumerate(shapes)])


def without_crs(layer: QgsVectorLayer) -> QgsVectorLayer:
    """A layer whose CRS is unknown (QGIS would otherwise give a new layer its default)."""
    layer.setCrs(QgsCoordinateReferenceSystem())
    return layer


BAD_LAYERS = {
    "no CRS": (
        lambda: without_crs(polygon_layer("EPSG:28992", 3)),
        {},
        "The parcels layer 'bad parcels' has no coordinate reference system",
    ),
    "points": (
        lambda: polygon_layer("EPSG:28992", 3, "Point"),
        {},
        "The parcels layer 'bad parcels' has point geometry; it must be a polygon layer.",
    ),
    "empty": (
        lambda: polygon_layer("EPSG:28992", 0),
        {},
        "The parcels layer 'bad parcels' has no features.",
    ),
    "missing field": (
        lambda: polygon_layer("EPSG:28992", 3),
        {"ID_FIELD": "perceelnummer"},
        "The parcels layer 'bad parcels' has no field 'perceelnummer' (id field); "
        "its fields are: perceel_id.",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_LAYERS))
def test_bad_layers_give_one_clear_message(
    case: str, provider, region: Path, tmp_path: Path
) -> None:
    make, extra, message = BAD_LAYERS[case]
    feedback = RecordingFeedback()
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "PARCELS": make(),
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "out.gpkg"),
        **extra,
    }
    _, ok = run_algorithm(provider, SCORE, parameters, feedback)
    assert not ok
    assert [e for e in feedback.errors if message in e], feedback.errors
    assert not [e for e in feedback.errors if "Traceback" in e]
    assert not (tmp_path / "out" / "shortlist.gpkg").exists()


def test_bad_layer_files_in_qgis_process_give_the_message(
    qgis_process_plugin, region: Path, tmp_path: Path
) -> None:
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    points = polygon_layer("EPSG:28992", 3, "Point")
    path = tmp_path / "points.gpkg"
    options = QgsVectorFileWriter.SaveVectorOptions()
    QgsVectorFileWriter.writeAsVectorFormatV3(
        points, str(path), QgsCoordinateTransformContext(), options
    )
    done = run_qgis_process(
        "run", SCORE, "--", f"SCENARIO={region / 'scenario.toml'}", f"PARCELS={path}",
        f"OUTPUT_FOLDER={tmp_path / 'out'}", f"OUTPUT={tmp_path / 'out.gpkg'}",
    )  # fmt: skip
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "has point geometry; it must be a polygon layer." in output
    assert "Traceback" not in output


def test_engine_errors_name_the_qgis_layer(provider, region: Path, tmp_path: Path) -> None:
    """An error the engine finds in an exported layer names the layer, not the temporary file."""
    layer = polygon_layer("EPSG:28992", 3)  # no BRK fields and no id field chosen
    feedback = RecordingFeedback()
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "PARCELS": layer,
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "out.gpkg"),
    }
    _, ok = run_algorithm(provider, SCORE, parameters, feedback)
    assert not ok
    [error] = [e for e in feedback.errors if "bad parcels" in e]
    assert error.startswith("layer 'bad parcels'")
    assert "id_field" in error and "perceel_id" in error and ".gpkg" not in error.split(":")[0]


def test_cancel_stops_the_engine_and_writes_nothing(provider, region: Path, tmp_path: Path) -> None:
    feedback = RecordingFeedback(cancel_at=1.0)  # cancel at the first progress report
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "out.gpkg"),
    }
    results, ok = run_algorithm(provider, SCORE, parameters, feedback)
    assert feedback.isCanceled()
    assert results == {} or not ok
    assert max(feedback.progress) < 100
    out = tmp_path / "out"
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [name for name in left if "shortlist" in name or name == "report.txt"], left


def test_every_kind_of_layer_reaches_the_engine_as_on_the_command_line(
    provider, engine_python: Path, region: Path, tmp_path: Path
) -> None:
    """Zoning, holdings with their fields, named constraints, a filtered amenity, boundaries."""
    from osgeo import gdal

    def layer(file: str, name: str) -> QgsVectorLayer:
        return gpkg_layer(region / file, name)

    stations = layer("voorzieningen.gpkg", "voorzieningen")
    stations.setSubsetString("soort = 'station'")
    noise = layer("geluid.gpkg", "geluid").materialize(QgsFeatureRequest())
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "ZONING": [layer("bestemmingsplan.gpkg", "Enkelbestemming"),
                   layer("bestemmingsplan.gpkg", "Dubbelbestemming")],
        "HOLDINGS": [layer("bezit.gpkg", "corporaties")],
        "OWNER_FIELD": "eigenaar",
        "OWNER_TYPE_FIELD": "eigenaar_type",
        "CONSTRAINTS": [layer("natura2000.gpkg", "natura2000"), noise],
        "CONSTRAINT_NAMES": "Natura2000, geluid",
        "AMENITIES": [stations],
        "AMENITY_NAMES": "station",
        "BOUNDARIES": layer("gemeenten.gpkg", "gemeente"),
        "NAME_FIELD": "statnaam",
        "OUTPUT_FOLDER": str(tmp_path / "qgis"),
        "OUTPUT": str(tmp_path / "qgis.gpkg"),
    }  # fmt: skip
    feedback = RecordingFeedback()
    _, ok = run_algorithm(provider, SCORE, parameters, feedback)
    assert ok, feedback.errors

    # The same inputs as files, cut out with GDAL, for the command line.
    holdings, only_stations = tmp_path / "corporaties.gpkg", tmp_path / "stations.gpkg"
    gdal.VectorTranslate(str(holdings), str(region / "bezit.gpkg"), layers=["corporaties"])
    gdal.VectorTranslate(
        str(only_stations), str(region / "voorzieningen.gpkg"), where="soort = 'station'"
    )
    done = run_cli(
        engine_python, "score", str(region / "scenario.toml"), "--out", str(tmp_path / "cli"),
        "--zoning", str(region / "bestemmingsplan.gpkg"), "--holdings", str(holdings),
        "--owner-field", "eigenaar", "--owner-type-field", "eigenaar_type",
        "--constraint", f"natura2000={region / 'natura2000.gpkg'}",
        "--constraint", f"geluid={region / 'geluid.gpkg'}",
        "--amenity", f"station={only_stations}",
        "--boundaries", str(region / "gemeenten.gpkg"), "--name-field", "statnaam",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ours = (tmp_path / "qgis" / "shortlist.csv").read_bytes()
    assert ours == (tmp_path / "cli" / "shortlist.csv").read_bytes()
    table = csv_rows(tmp_path / "qgis" / "shortlist.csv", "parcel_id")
    assert len(table) == 2000
    assert {row["municipality"] for row in table.values()} - {""}
    assert sum(row["owner_type"] == "corporatie" for row in table.values()) > 0
