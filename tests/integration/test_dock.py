"""The planner's dock in a real QGIS: a full run through its task, live weights equal to the
engine's, clear messages for bad layers, and a scenario that survives reopening the project."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from layer_sources import gpkg_layer, memory_layer
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis_session import run_cli, sheet_names
from result_tables import csv_rows

CRITERIA = ["woonbestemming", "eigendom", "omvang", "station", "school", "winkel", "geluid", "vorm"]


def wait_for(condition, timeout: float = 300.0) -> None:
    """Let Qt run (the task manager, queued signals) until ``condition()`` holds."""
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        QgsApplication.processEvents()
        time.sleep(0.02)


def region_layer(region: Path, file: str, layer: str) -> QgsVectorLayer:
    """The layer of one of the region's GeoPackages, added to the project for the dock."""
    loaded = gpkg_layer(region / file, layer)
    QgsProject.instance().addMapLayer(loaded)
    return loaded


def live_rows(dock) -> dict[str, dict]:
    layer = dock.live.layer
    names = ["parcel_id", "score", "rank", "excluded", "exclusion_reason", "explanation"]
    names += [f"c_{c}" for c in CRITERIA]
    return {f["parcel_id"]: {n: f[n] for n in names} for f in layer.getFeatures()}


def bar_texts(dock) -> list[str]:
    return [item.text() for item in dock.bar.items()]


@pytest.fixture(scope="module")
def dock(qgis_app, region: Path):
    from bouwstroom_qgis.gui.dock import BouwstroomDock

    project = QgsProject.instance()
    project.clear()
    widget = BouwstroomDock(project)
    yield widget
    widget.unload()
    project.clear()


@pytest.fixture(scope="module")
def ran(dock, region: Path, tmp_path_factory) -> Path:
    """The dock's full run on the generated region, with the region's layers picked."""
    parcels = region_layer(region, "percelen.gpkg", "percelen")
    zoning = region_layer(region, "bestemmingsplan.gpkg", "Enkelbestemming")
    boundaries = region_layer(region, "gemeenten.gpkg", "gemeente")
    assert dock.load_scenario(str(region / "scenario.toml"))
    dock.inputs.parcels.setLayer(parcels)
    dock.inputs.zoning.setLayer(zoning)
    dock.inputs.boundaries.setLayer(boundaries)
    out = tmp_path_factory.mktemp("dock_run")
    dock.out_dir.setFilePath(str(out))
    progress: list[int] = []
    dock.progress.valueChanged.connect(progress.append)
    assert dock.start_run(), bar_texts(dock)
    assert dock.task is not None and not dock.run_button.isEnabled()
    wait_for(lambda: dock.task is None)
    assert dock.live is not None, bar_texts(dock)
    assert progress and max(progress) == 100 and len(set(progress)) > 3
    return out


def test_fields_are_detected_when_layers_are_picked(dock, ran, region: Path) -> None:
    note = dock.inputs.parcels_note.text()
    assert "AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer" in note
    assert dock.inputs.id_field.currentField() == ""
    assert "'hoofdgroep'" in dock.inputs.zoning_note.text()
    assert dock.inputs.name.currentField() == "statnaam"
    holdings = region_layer(region, "bezit.gpkg", "corporaties")
    dock.inputs.holdings.setLayer(holdings)
    try:
        assert dock.inputs.owner.currentField() == "eigenaar"
        assert dock.inputs.owner_type.currentField() == "eigenaar_type"
    finally:
        dock.inputs.holdings.setLayer(None)
        QgsProject.instance().removeMapLayer(holdings.id())


def test_the_dock_runs_the_engine_and_shows_what_the_command_line_gives(
    dock, ran: Path, region: Path, engine_python: Path, tmp_path: Path
) -> None:
    cli = tmp_path / "cli"
    done = run_cli(engine_python, "run", str(region / "scenario.toml"), "--out", str(cli))
    assert done.returncode == 0, done.stderr
    assert (ran / "shortlist.csv").read_bytes() == (cli / "shortlist.csv").read_bytes()
    live, expected = live_rows(dock), csv_rows(cli / "shortlist.csv", "parcel_id")
    assert len(live) == 2000 and set(live) == set(expected)
    for parcel_id, row in expected.items():
        got = live[parcel_id]
        assert abs(got["score"] - float(row["score"])) <= 1e-6  # the CSV keeps six decimals
        assert str(got["rank"] or "") == row["rank"]
        assert got["excluded"] == (row["excluded"].lower() == "true")
        assert got["exclusion_reason"] == row["exclusion_reason"]
        assert got["explanation"] == row["explanation"]
    assert dock.sites is not None and dock.sites.featureCount() == 37
    assert [layer.name() for layer in QgsProject.instance().mapLayersByName("Sites")]


def test_a_changed_weight_reranks_as_the_engine_would(
    dock, ran: Path, region: Path, engine_python: Path, tmp_path: Path
) -> None:
    before = {f["parcel_id"]: f["rank"] for f in dock.live.layer.getFeatures()}
    dock.weights.set_points("eigendom", 60)
    dock.weights.switches["school"].setChecked(False)
    started = time.perf_counter()
    assert dock.rerank()
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    live = live_rows(dock)
    assert sum(before[p] != live[p]["rank"] for p in live) > 500  # the ranking really moved
    # The engine with a scenario carrying the same weights, written by the dock.
    scenario = region / "scenario_reweighted.toml"
    scenario.write_text(dock.current_text(), encoding="utf-8")
    out = tmp_path / "engine"
    done = run_cli(engine_python, "run", str(scenario), "--out", str(out), "--no-cache")
    assert done.returncode == 0, done.stderr
    import sqlite3

    with sqlite3.connect(out / "shortlist.gpkg") as db:
        names = ["score", "rank", "excluded", "exclusion_reason", "explanation"]
        names += [f"c_{c}" for c in CRITERIA if c != "school"]
        query = f"SELECT parcel_id, {', '.join(names)} FROM parcels"
        engine = {r[0]: dict(zip(names, r[1:], strict=True)) for r in db.execute(query)}
    tied: dict[float, int] = {}
    for parcel_id, row in engine.items():
        got = live[parcel_id]
        for name in names:
            value = bool(row[name]) if name == "excluded" else row[name]
            assert got[name] == value, (parcel_id, name)
        assert got["c_school"] == 0.0
        if row["rank"] is not None:
            tied[row["score"]] = tied.get(row["score"], 0) + 1
    # Ties too get the engine's ranks (by parcel id), not the previous run's order.
    assert sum(n for n in tied.values() if n > 1) > 100


def test_selecting_a_parcel_shows_its_breakdown(dock, ran) -> None:
    best = next(f for f in dock.live.layer.getFeatures() if f["rank"] == 1)
    dock.live.layer.selectByIds([best.id()])
    html = dock.breakdown.toHtml()
    assert best["parcel_id"] in html
    assert all(name in html for name in ("woonbestemming", "eigendom", "omvang"))
    mark = "," if dock.rules.language == "nl" else "."  # as the explanations write numbers
    assert f"{best['score']:.1f}".replace(".", mark) in html
    site = next(dock.sites.getFeatures())
    dock.sites.selectByIds([site.id()])
    html = dock.breakdown.toHtml()
    assert site["site_id"] in html and f"{site['score']:.1f}".replace(".", mark) in html
    dock.live.layer.removeSelection()


def test_the_scenario_and_weights_survive_reopening_the_project(dock, ran, tmp_path: Path) -> None:
    dock.weights.set_points("omvang", 33)
    assert dock.rerank()
    points, text = dict(dock.weights.points), dock.scenario_text
    project = QgsProject.instance()
    path = tmp_path / "plan.qgz"
    assert project.write(str(path))
    project.clear()
    assert dock.live is None or not project.mapLayers()
    assert project.read(str(path))
    assert dock.scenario_text == text
    assert dock.weights.points == points and dock.weights.points["omvang"] == 33
    assert not dock.weights.switches["school"].isChecked()
    assert dock.live is not None and dock.live.layer.featureCount() == 2000
    assert dock.live.scores is not None


BRK = (
    "&field=AKRKadastraleGemeenteCodeWaarde:string&field=sectie:string&field=perceelnummer:integer"
)


def polygon_layer(
    name: str, crs: str = "EPSG:28992", fields: str = BRK, n: int = 1
) -> QgsVectorLayer:
    squares = [QgsGeometry.fromRect(QgsRectangle(i * 10, 0, i * 10 + 8, 8)) for i in range(n)]
    layer = memory_layer(f"Polygon?crs=EPSG:28992{fields}", name, [(s, []) for s in squares])
    if not crs:
        layer.setCrs(QgsCoordinateReferenceSystem())
    QgsProject.instance().addMapLayer(layer)
    return layer


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("no_crs", "has no coordinate reference system"),
        ("points", "has point geometry; it must be a polygon layer"),
        ("empty", "has no features"),
        ("no_id", "has no BRK fields (AKRKadastraleGemeenteCodeWaarde, sectie, perceelnummer)"),
    ],
)
def test_bad_parcel_layers_get_a_clear_message(dock, ran, kind: str, expected: str) -> None:
    if kind == "points":
        point = QgsGeometry.fromPointXY(QgsPointXY(1, 1))
        layer = memory_layer("Point?crs=EPSG:28992", "punten", [(point, [])])
        QgsProject.instance().addMapLayer(layer)
    elif kind == "no_crs":
        layer = polygon_layer("zonder crs", crs="")
    elif kind == "empty":
        layer = polygon_layer("leeg", n=0)
    else:
        layer = polygon_layer("zonder id", fields="&field=naam:string")
    previous = dock.inputs.parcels.currentLayer()
    dock.bar.clearWidgets()
    dock.inputs.parcels.setLayer(layer)
    try:
        assert not dock.start_run()
        assert dock.task is None and dock.run_button.isEnabled()
        [text] = bar_texts(dock)
        assert expected in text and layer.name() in text
        assert "Traceback" not in text
    finally:
        dock.inputs.parcels.setLayer(previous)
        QgsProject.instance().removeMapLayer(layer.id())


def test_holdings_without_owner_fields_get_a_clear_message(dock, ran) -> None:
    layer = polygon_layer("bezit zonder eigenaar", fields="&field=code:string")
    dock.bar.clearWidgets()
    dock.inputs.holdings.setLayer(layer)
    try:
        assert not dock.start_run()
        [text] = bar_texts(dock)
        assert "needs an owner field and an owner type field" in text
    finally:
        dock.inputs.holdings.setLayer(None)
        QgsProject.instance().removeMapLayer(layer.id())


def test_a_run_can_be_cancelled(dock, ran, tmp_path: Path) -> None:
    dock.out_dir.setFilePath(str(tmp_path / "cancelled"))
    dock.bar.clearWidgets()
    assert dock.start_run()
    wait_for(lambda: dock.progress.value() > 0 or dock.task is None)
    dock.cancel_run()
    wait_for(lambda: dock.task is None)
    assert any("cancelled" in text for text in bar_texts(dock))
    assert not (tmp_path / "cancelled" / "shortlist.gpkg").exists()
    assert dock.run_button.isEnabled()


def test_a_run_into_the_shown_results_folder_lets_go_of_it_and_a_cancelled_one_gives_it_back(
    dock, ran
) -> None:
    def open_on_result() -> list[str]:
        return [
            layer.name()
            for layer in QgsProject.instance().mapLayers().values()
            if str(ran) in layer.source()
        ]

    dock.out_dir.setFilePath(str(ran))
    assert dock.result_dir == ran and open_on_result() == ["Sites"]
    before = (ran / "shortlist.gpkg").read_bytes()
    assert dock.start_run()
    # while the engine may replace the result's files, no layer holds them open
    assert dock.result_dir is None and open_on_result() == []
    dock.cancel_run()
    wait_for(lambda: dock.task is None)
    assert (ran / "shortlist.gpkg").read_bytes() == before  # cancelled: nothing written
    assert dock.result_dir == ran and dock.live is not None and open_on_result() == ["Sites"]
    assert dock.export_button.isEnabled()


def test_the_shortlist_is_exported_in_the_background(dock, ran, tmp_path: Path) -> None:
    assert dock.export_button.isEnabled() and dock.result_dir == ran
    out = tmp_path / "export"
    dock.bar.clearWidgets()
    assert dock.start_export(out, overwrite=False, language="en")
    assert not dock.export_button.isEnabled() and not dock.run_button.isEnabled()
    assert dock.cancel_button.isEnabled()
    wait_for(lambda: dock.task is None)
    assert [t for t in bar_texts(dock) if f"Shortlist exported to {out}" in t], bar_texts(dock)
    assert dock.progress.value() == 100 and dock.export_button.isEnabled()
    assert {"Sites", "About"} <= set(sheet_names(out / "shortlist.xlsx"))
    assert (out / "shortlist.pdf").read_bytes().startswith(b"%PDF")
    # The run already exported beside its result: replacing needs consent, asked once.
    from bouwstroom_qgis.gui.export_task import existing_exports

    assert existing_exports(ran) == [
        "shortlist.xlsx", "shortlist.pdf", "shortlist.html", "sites.geojson",
    ]  # fmt: skip
    dock.bar.clearWidgets()
    assert dock.start_export(ran, overwrite=False)
    wait_for(lambda: dock.task is None)
    [text] = bar_texts(dock)
    assert "--overwrite" in text and "\n" not in text.strip() and "Traceback" not in text
