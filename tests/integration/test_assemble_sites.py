"""``bouwstroom:assemble_sites`` in qgis_process and in Processing equals ``bouwstroom sites``."""

from __future__ import annotations

from pathlib import Path

import pytest
from algorithm_runs import run_algorithm
from qgis.core import QgsFeatureRequest, QgsVectorLayer
from qgis_session import assemble_sites, run_qgis_process
from recording import RecordingFeedback
from result_tables import csv_rows, rows

ALGORITHM = "bouwstroom:assemble_sites"


@pytest.fixture(scope="module")
def cli_with_layouts(
    tmp_path_factory: pytest.TempPathFactory, region: Path, engine_python: Path
) -> Path:
    """``bouwstroom sites`` with layouts for the region: what the plugin must equal."""
    out = tmp_path_factory.mktemp("cli_sites")
    return assemble_sites(engine_python, region / "scenario.toml", out, "--layouts")


def test_qgis_process_lists_the_algorithm_with_help(qgis_process_plugin) -> None:
    listing = run_qgis_process("list").stdout
    assert "\tbouwstroom:assemble_sites\tAssemble and size sites" in listing
    help_text = run_qgis_process("help", ALGORITHM).stdout
    for parameter in ("SCENARIO", "PARCELS", "ZONING", "OUTPUT_FOLDER", "OUTPUT:", "LAYOUTS:"):
        assert parameter in help_text
    assert "bouwstroom sites" in help_text and "Plot layouts" in help_text


def test_qgis_process_equals_the_command_line(
    qgis_process_plugin, qgis_app, region: Path, cli_with_layouts: Path, tmp_path: Path
) -> None:
    out, sites, plots = tmp_path / "out", tmp_path / "sites.gpkg", tmp_path / "plots.gpkg"
    done = run_qgis_process(
        "run", ALGORITHM, "--", f"SCENARIO={region / 'scenario.toml'}",
        f"OUTPUT_FOLDER={out}", f"OUTPUT={sites}", f"LAYOUTS={plots}",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "...50" in done.stdout  # the engine's progress reached qgis_process's bar
    for name in ("sites.csv", "shortlist.csv"):
        assert (out / name).read_bytes() == (cli_with_layouts / name).read_bytes(), name
    ours = rows(str(sites), "site_id")
    cli = rows(f"{cli_with_layouts / 'shortlist.gpkg'}|layername=sites", "site_id")
    assert len(ours) == len(cli) == 37  # the region of 2000 parcels (seed 1) has 37 sites
    assert ours == cli
    assert f"{len(ours)} sites" in done.stdout
    ours_plots = QgsVectorLayer(str(plots), "plots", "ogr")
    cli_plots = QgsVectorLayer(
        f"{cli_with_layouts / 'shortlist.gpkg'}|layername=layouts", "c", "ogr"
    )
    assert ours_plots.featureCount() == cli_plots.featureCount() > 0
    homes = sum(f["homes"] for f in ours_plots.getFeatures() if f["element"] == "gebouw")
    table = csv_rows(cli_with_layouts / "sites.csv", "site_id")
    every_concept = [c for c in next(iter(table.values())) if c.startswith("homes_")]
    assert homes == sum(int(row[c]) for row in table.values() for c in every_concept)


def test_memory_parcels_give_the_same_sites(
    provider, region: Path, cli_with_layouts: Path, tmp_path: Path
) -> None:
    files = QgsVectorLayer(f"{region / 'percelen.gpkg'}|layername=percelen", "percelen", "ogr")
    memory = files.materialize(QgsFeatureRequest())
    assert memory.providerType() == "memory" and memory.featureCount() == 2000
    feedback = RecordingFeedback()
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "PARCELS": memory,
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "sites.gpkg"),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    assert (tmp_path / "out" / "sites.csv").read_bytes() == (
        cli_with_layouts / "sites.csv"
    ).read_bytes()
    assert results["SITES_CSV"] == str(tmp_path / "out" / "sites.csv")
    assert "LAYOUTS" not in results  # not asked for
    assert max(feedback.progress) == pytest.approx(100.0)


def test_bad_parcels_give_one_clear_message(provider, region: Path, tmp_path: Path) -> None:
    points = QgsVectorLayer("Point?crs=EPSG:28992&field=id:string", "punten", "memory")
    feedback = RecordingFeedback()
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "PARCELS": points,
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "sites.gpkg"),
    }
    _, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert not ok
    message = "The parcels layer 'punten' has point geometry; it must be a polygon layer."
    assert [e for e in feedback.errors if message in e], feedback.errors
    assert not [e for e in feedback.errors if "Traceback" in e]


def test_cancel_stops_the_engine_and_writes_nothing(provider, region: Path, tmp_path: Path) -> None:
    feedback = RecordingFeedback(cancel_at=1.0)  # cancel at the first progress report
    parameters = {
        "SCENARIO": str(region / "scenario.toml"),
        "OUTPUT_FOLDER": str(tmp_path / "out"),
        "OUTPUT": str(tmp_path / "sites.gpkg"),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert feedback.isCanceled()
    assert results == {} or not ok
    assert max(feedback.progress) < 100
    out = tmp_path / "out"
    left = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in left if n.endswith((".gpkg", ".csv")) or n == "report.txt"], left
