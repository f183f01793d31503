"""``bouwstroom:import_imro`` writes the same GeoPackage as ``bouwstroom import-imro``."""

from __future__ import annotations

from pathlib import Path

from algorithm_runs import processing_context, run_algorithm
from qgis.core import QgsProcessingFeedback, QgsVectorLayer
from qgis_session import run_cli, run_qgis_process

GIETERVEEN = "imro/NL.IMRO.1680.1800030105-0000.gml"


def test_qgis_process_equals_the_command_line(
    qgis_process_plugin, engine_python: Path, shared_data: Path, tmp_path: Path
) -> None:
    plan = shared_data / GIETERVEEN
    cli = run_cli(engine_python, "import-imro", str(plan), "--out", str(tmp_path / "cli.gpkg"))
    assert cli.returncode == 0, cli.stderr
    done = run_qgis_process(
        "run", "bouwstroom:import_imro", "--", f"INPUT={plan}", f"OUTPUT={tmp_path / 'qgis.gpkg'}"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "qgis.gpkg").read_bytes() == (tmp_path / "cli.gpkg").read_bytes()
    assert "Enkelbestemming" in done.stdout and "zoning layers written" in done.stdout


def test_the_zoning_layers_load_into_the_project(
    provider, shared_data: Path, tmp_path: Path
) -> None:
    context = processing_context()
    out = tmp_path / "gieterveen.gpkg"
    parameters = {"INPUT": str(shared_data / GIETERVEEN), "OUTPUT": str(out)}
    feedback = QgsProcessingFeedback()
    results, ok = run_algorithm(provider, "bouwstroom:import_imro", parameters, feedback, context)
    assert ok
    counts = {
        uri.split("layername=")[1]: QgsVectorLayer(uri, "zoning", "ogr").featureCount()
        for uri in results["LAYERS"]
    }
    assert counts["Enkelbestemming"] == 84 and counts["Dubbelbestemming"] == 6
    assert counts["Bouwvlak"] == 88
    assert len(context.layersToLoadOnCompletion()) == len(counts)
