"""Parcels from an OGC API - Features service, as PDOK serves them, score as the file does."""

from __future__ import annotations

import subprocess
from pathlib import Path

from algorithm_runs import run_algorithm
from ogc_api import Collection, serve
from qgis.core import QgsVectorLayer
from qgis_session import engine_env
from recording import RecordingFeedback
from result_tables import csv_rows

SCORE = "bouwstroom:score_parcels"
# the region's parcels in CRS84, by the engine's own pyproj
TO_CRS84 = (
    "import sys, geopandas; "
    "frame = geopandas.read_file(sys.argv[1], layer='percelen'); "
    "frame.to_crs(4326).to_file(sys.argv[2], driver='GeoJSON', COORDINATE_PRECISION=15)"
)


def test_parcels_from_an_ogc_api_service_score_as_the_file(
    provider, region: Path, cli_result: Path, engine_python: Path, tmp_path: Path
) -> None:
    geojson = tmp_path / "percelen.geojson"
    done = subprocess.run(
        [str(engine_python), "-c", TO_CRS84, str(region / "percelen.gpkg"), str(geojson)],
        env=engine_env(engine_python),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    collection = Collection("percelen", geojson)
    with serve(collection) as base:
        layer = QgsVectorLayer(f"url='{base}' typename='percelen'", "percelen (PDOK)", "OAPIF")
        assert layer.isValid(), layer.error().summary()
        assert layer.featureCount() == 2000
        feedback = RecordingFeedback()
        parameters = {
            "SCENARIO": str(region / "scenario.toml"),
            "PARCELS": layer,
            "OUTPUT_FOLDER": str(tmp_path / "out"),
            "OUTPUT": str(tmp_path / "scored.gpkg"),
        }
        _, ok = run_algorithm(provider, SCORE, parameters, feedback)
        # the provider's downloader goes with the layer, before the server stops (left to
        # the end of the session, QGIS crashes on shutting down)
        del layer, parameters
        assert ok, feedback.errors
    # QGIS read the parcels page by page from the service, not from a file
    assert sum("/items" in request for request in collection.requests) >= 2
    served = csv_rows(tmp_path / "out" / "shortlist.csv", "parcel_id")
    from_file = csv_rows(cli_result / "shortlist.csv", "parcel_id")
    assert len(served) == 2000 and served.keys() == from_file.keys()
    for parcel_id, row in served.items():
        expected = from_file[parcel_id]
        assert row["excluded"] == expected["excluded"], parcel_id
        # lon/lat and back moves a corner by far less than a millimetre
        assert abs(float(row["score"] or 0) - float(expected["score"] or 0)) < 0.01, parcel_id
