"""``bouwstroom:estimate_capacity`` in qgis_process and Processing equals the command line."""

from __future__ import annotations

from pathlib import Path

import pytest
from algorithm_runs import run_algorithm
from layer_sources import sketch
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis_session import run_cli, run_qgis_process
from recording import RecordingFeedback
from result_tables import csv_rows

ALGORITHM = "bouwstroom:estimate_capacity"
CONCEPTS = (
    "rijwoning",
    "levensloop",
    "twee_onder_een_kap",
    "appartementen",
    "compacte_rijwoning",
)


@pytest.fixture(scope="module")
def sites_file(tmp_path_factory: pytest.TempPathFactory, cli_sites: Path) -> Path:
    """The region's sites from ``bouwstroom sites``, as a GeoPackage of one layer."""
    from osgeo import gdal

    sites = tmp_path_factory.mktemp("sites") / "sites.gpkg"
    gdal.VectorTranslate(str(sites), str(cli_sites / "shortlist.gpkg"), layers=["sites"])
    return sites


@pytest.fixture(scope="module")
def cli_capacity(
    tmp_path_factory: pytest.TempPathFactory, region: Path, sites_file: Path, engine_python: Path
) -> Path:
    """``bouwstroom capacity`` of those sites with zoning, Natura 2000 and layouts."""
    out = tmp_path_factory.mktemp("cli_capacity") / "capacity.gpkg"
    done = run_cli(
        engine_python, "capacity", str(sites_file), "--out", str(out),
        "--zoning", str(region / "bestemmingsplan.gpkg"),
        "--exclude", str(region / "natura2000.gpkg"), "--layouts",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


def test_qgis_process_lists_the_algorithm_with_help(qgis_process_plugin) -> None:
    listing = run_qgis_process("list").stdout
    assert "\tbouwstroom:estimate_capacity\tEstimate housing capacity" in listing
    help_text = run_qgis_process("help", ALGORITHM).stdout
    for parameter in ("SITES:", "ID_FIELD:", "CONCEPTS:", "ZONING:", "EXCLUSIONS:", "LAYOUTS:"):
        assert parameter in help_text
    assert "bouwstroom capacity" in help_text


def test_qgis_process_equals_the_command_line(
    qgis_process_plugin, qgis_app, region: Path, sites_file: Path, cli_capacity: Path, tmp_path
) -> None:
    gpkg, layer, plots = tmp_path / "capacity.gpkg", tmp_path / "layer.gpkg", tmp_path / "p.gpkg"
    done = run_qgis_process(
        "run", ALGORITHM, "--", f"SITES={sites_file}",
        f"ZONING_FILES={region / 'bestemmingsplan.gpkg'}",
        f"EXCLUSIONS={region / 'natura2000.gpkg'}",
        f"CAPACITY_FILE={gpkg}", f"OUTPUT={layer}", f"LAYOUTS={plots}",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "...50" in done.stdout and "Capacity of 37 sites" in done.stdout  # engine progress
    ours, cli = tmp_path / "capacity.csv", cli_capacity.with_suffix(".csv")
    assert ours.read_bytes() == cli.read_bytes()
    table = csv_rows(ours, "site_id")
    assert len(table) == 37 and sum(int(row["homes"]) for row in table.values()) > 0
    ours_layer = QgsVectorLayer(str(layer), "capacity", "ogr")
    assert ours_layer.featureCount() == 37
    by_id = {f["site_id"]: f for f in ours_layer.getFeatures()}
    for site_id, row in table.items():
        for concept in CONCEPTS:
            column = f"homes_{concept}"
            assert by_id[site_id][column] == int(row[column])
    ours_plots = QgsVectorLayer(str(plots), "plots", "ogr")
    cli_plots = QgsVectorLayer(f"{cli_capacity}|layername=layouts", "cli", "ogr")
    assert ours_plots.featureCount() == cli_plots.featureCount() > 0


def test_a_selection_of_a_memory_layer(
    provider, sites_file: Path, cli_capacity: Path, tmp_path: Path, region: Path
) -> None:
    """Sites QGIS holds in memory, only the selected ones, named by a chosen field."""
    files = QgsVectorLayer(str(sites_file), "sites", "ogr")
    memory = files.materialize(QgsFeatureRequest())
    memory.setName("mijn locaties")
    chosen = [f.id() for f in memory.getFeatures() if f.id() % 3 == 0]
    memory.selectByIds(chosen)
    QgsProject.instance().addMapLayer(memory)
    natura = QgsVectorLayer(str(region / "natura2000.gpkg"), "natura2000", "ogr")
    zoning = QgsVectorLayer(
        f"{region / 'bestemmingsplan.gpkg'}|layername=Enkelbestemming", "Enkelbestemming", "ogr"
    )
    try:
        parameters = {
            "SITES": QgsProcessingFeatureSourceDefinition(memory.id(), True),
            "ID_FIELD": "parcel_ids",
            "ZONING": [zoning],
            "EXCLUSIONS": [natura.materialize(QgsFeatureRequest())],
            "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
            "OUTPUT": str(tmp_path / "layer.gpkg"),
        }
        feedback = RecordingFeedback()
        results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    finally:
        QgsProject.instance().takeMapLayer(memory)
    assert ok, feedback.errors
    assert results["CAPACITY_CSV"] == str(tmp_path / "capacity.csv")
    ours = csv_rows(tmp_path / "capacity.csv", "site_id")
    cli = {
        row["parcel_ids"]: row
        for row in csv_rows(cli_capacity.with_suffix(".csv"), "site_id").values()
    }
    assert len(chosen) == len(ours) == 12  # feature ids 3, 6, ..., 36 of 37
    # A site's capacity depends on it, the zoning and the exclusions alone.
    for site_id, row in ours.items():
        for column in (*(f"homes_{c}" for c in CONCEPTS), "best_concept", "reason"):
            assert row[column] == cli[site_id][column], (site_id, column)
    assert max(feedback.progress) == pytest.approx(100.0)


def test_a_sketch_by_hand(provider, tmp_path: Path) -> None:
    feedback = RecordingFeedback()
    parameters = {
        "SITES": sketch(),
        "ID_FIELD": "naam",
        "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
        "OUTPUT": str(tmp_path / "layer.gpkg"),
    }
    _, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    [row] = csv_rows(tmp_path / "capacity.csv", "site_id").values()
    # 100 x 60 m without zoning: 18, 13, 8, 20 and 38 homes (tests/unit/test_capacity.py)
    assert row["site_id"] == "noord" and row["best_concept"] == "compacte_rijwoning"
    assert (row["homes_rijwoning"], row["homes_appartementen"], row["homes"]) == ("18", "20", "38")


@pytest.mark.parametrize(
    ("case", "extra", "message"),
    [
        ("points", {}, "The sites layer 'schets' has point geometry; it must be a polygon layer."),
        (
            "missing field",
            {"ID_FIELD": "nummer"},
            "The sites layer 'schets' has no field 'nummer' (site id field); its fields are: naam.",
        ),
    ],
)
def test_bad_layers_give_one_clear_message(case, extra, message, provider, tmp_path) -> None:
    feedback = RecordingFeedback()
    parameters = {
        "SITES": sketch(geometry="Point" if case == "points" else "Polygon"),
        "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
        "OUTPUT": str(tmp_path / "layer.gpkg"),
        **extra,
    }
    _, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert not ok
    assert [e for e in feedback.errors if message in e], feedback.errors
    assert not [e for e in feedback.errors if "Traceback" in e]
    assert not (tmp_path / "capacity.gpkg").exists()


def test_cancel_stops_the_engine_and_writes_nothing(provider, sites_file, region, tmp_path) -> None:
    feedback = RecordingFeedback(cancel_at=1.0)
    parameters = {
        "SITES": str(sites_file),
        "ZONING_FILES": [str(region / "bestemmingsplan.gpkg")],
        "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
        "OUTPUT": str(tmp_path / "layer.gpkg"),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert feedback.isCanceled() and (results == {} or not ok)
    assert max(feedback.progress) < 100
    assert not (tmp_path / "capacity.gpkg").exists() and not (tmp_path / "capacity.csv").exists()
