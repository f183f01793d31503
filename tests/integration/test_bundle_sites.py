"""``bouwstroom:bundle_sites`` in qgis_process and in Processing equals ``bouwstroom bundle``."""

from __future__ import annotations

import csv
import tomllib
from pathlib import Path

import pytest
from algorithm_runs import bundle_outputs, run_algorithm
from layer_sources import memory_layer
from qgis.core import NULL, QgsFeatureRequest, QgsProject, QgsVectorLayer
from qgis_session import (
    assemble_sites,
    generate_region,
    run_cli,
    run_qgis_process,
    shipped_dutch,
)
from recording import RecordingFeedback

ALGORITHM = "bouwstroom:bundle_sites"
KEYS = ("bundle_id", "site_ids", "homes", "start_quarter")


def bundles_of(uri: str) -> dict[str, tuple]:
    """bundle id -> (site_ids, homes, start_quarter) of a bundles layer."""
    layer = QgsVectorLayer(uri, "bundles", "ogr")
    assert layer.isValid(), uri
    return {f["bundle_id"]: tuple(f[k] for k in KEYS[1:]) for f in layer.getFeatures()}


def csv_bundles(path: Path) -> dict[str, tuple]:
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["bundle_id"]: (row["site_ids"], int(row["homes"]), row["start_quarter"])
            for row in csv.DictReader(f)
        }


@pytest.fixture(scope="module")
def big_region(tmp_path_factory: pytest.TempPathFactory, engine_python: Path) -> Path:
    """A generated region of 5,000 parcels (seed 7) and its sites (R/shortlist.gpkg)."""
    out = generate_region(engine_python, tmp_path_factory.mktemp("region7"), 5000, 7)
    assemble_sites(engine_python, out / "scenario.toml", out / "R")
    return out


@pytest.fixture(scope="module")
def sites_uri(big_region: Path) -> str:
    return f"{big_region / 'R' / 'shortlist.gpkg'}|layername=sites"


@pytest.fixture(scope="module")
def cli_bundles(
    tmp_path_factory: pytest.TempPathFactory, big_region: Path, engine_python: Path
) -> Path:
    """``bouwstroom bundle`` on the region's sites: what the plugin must equal."""
    out = tmp_path_factory.mktemp("cli_bundles") / "bundles.gpkg"
    done = run_cli(
        engine_python, "bundle", str(big_region / "R" / "shortlist.gpkg"), "--layer", "sites",
        "--scenario", str(big_region / "scenario.toml"), "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def rules(big_region: Path) -> dict:
    with (big_region / "scenario.toml").open("rb") as f:
        return tomllib.load(f)["bundles"]


def test_qgis_process_lists_the_algorithm_with_help(qgis_process_plugin) -> None:
    listing = run_qgis_process("list").stdout
    assert "\tbouwstroom:bundle_sites\tBundle sites for the build stream" in listing
    help_text = run_qgis_process("help", ALGORITHM).stdout
    for parameter in ("SITES", "ID_FIELD", "SCENARIO", "SOLVER", "TIME_LIMIT", "BUNDLES:"):
        assert parameter in help_text
    for output in ("SITES_OUT:", "PLAN:", "CHART:", "BUNDLES_FILE"):
        assert output in help_text
    assert "bouwstroom bundle" in help_text and "bundle_reason" in help_text


def test_qgis_process_equals_the_command_line(
    qgis_process_plugin, qgis_app, big_region: Path, sites_uri: str, cli_bundles: Path, tmp_path
) -> None:
    outputs = bundle_outputs(tmp_path)
    out = Path(outputs["BUNDLES_FILE"])
    done = run_qgis_process(
        "run", ALGORITHM, "--", f"SITES={sites_uri}", f"SCENARIO={big_region / 'scenario.toml'}",
        *(f"{name}={path}" for name, path in outputs.items()),
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    cli = bundles_of(f"{cli_bundles}|layername=bundles")
    # the region of 5000 parcels (seed 7): 1439 homes on 54 sites in about two dozen bundles
    assert len(cli) >= 20 and sum(v[1] for v in cli.values()) == 1439
    assert bundles_of(outputs["BUNDLES"]) == cli
    assert csv_bundles(out.with_suffix(".csv")) == csv_bundles(cli_bundles.with_suffix(".csv"))
    chart = (tmp_path / "b_stream.svg").read_text(encoding="utf-8")
    assert chart.lstrip().startswith("<") and "<svg" in chart
    assert f"{len(cli)} bundles" in done.stdout  # the engine's summary reached the log


def test_bundles_follow_the_rules_and_cover_every_site(
    provider, big_region: Path, sites_uri: str, cli_bundles: Path, rules: dict, tmp_path: Path
) -> None:
    feedback = RecordingFeedback()
    parameters = {
        "SITES": sites_uri,
        "SCENARIO": str(big_region / "scenario.toml"),
        **bundle_outputs(tmp_path),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    ours = bundles_of(results["BUNDLES"])
    assert ours == bundles_of(f"{cli_bundles}|layername=bundles")
    homes = [v[1] for v in ours.values()]
    assert min(homes) >= rules["min_homes"] and max(homes) <= rules["max_homes"]
    # every input site comes back, either in the bundle that lists it or with a reason
    sites = QgsVectorLayer(results["SITES_OUT"], "sites", "ogr")
    given = QgsVectorLayer(sites_uri, "given", "ogr")
    assert sites.featureCount() == given.featureCount() == 89
    members: dict[str, set[str]] = {}
    reasons = 0
    for f in sites.getFeatures():
        if f["bundle_id"]:
            members.setdefault(f["bundle_id"], set()).add(f["site_id"])
        else:
            assert f["bundle_reason"], f["site_id"]
            reasons += 1
    assert reasons == 89 - 54
    assert members == {b: set(v[0].split("; ")) for b, v in ours.items()}
    # the plan starts every home of every bundle once
    plan = QgsVectorLayer(results["PLAN"], "plan", "ogr")
    started: dict[str, int] = {}
    for f in plan.getFeatures():
        started[f["bundle_id"]] = started.get(f["bundle_id"], 0) + f["homes"]
    assert started == {b: v[1] for b, v in ours.items()}
    assert Path(results["CHART"]).name == "b_stream.svg" and Path(results["CHART"]).is_file()
    assert Path(results["PLAN_CSV"]).is_file() and Path(results["BUNDLES_CSV"]).is_file()
    assert f"{len(ours)} bundles" in feedback.infos
    assert max(feedback.progress) == pytest.approx(100.0)


def test_selected_sites_with_the_heuristic(provider, sites_uri: str, tmp_path: Path) -> None:
    """Only the selection is bundled; the solver and time limit reach the engine."""
    from qgis.core import QgsProcessingFeatureSourceDefinition

    layer = QgsVectorLayer(sites_uri, "locaties", "ogr")
    chosen = [f.id() for f in layer.getFeatures() if f["municipality"] == "Snikkehorn"]
    layer.selectByIds(chosen)
    QgsProject.instance().addMapLayer(layer)
    try:
        feedback = RecordingFeedback()
        parameters = {
            "SITES": QgsProcessingFeatureSourceDefinition(layer.id(), True),
            "SOLVER": "heuristic",
            "TIME_LIMIT": 5,
            **bundle_outputs(tmp_path),
        }
        results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert ok, feedback.errors
    sites = QgsVectorLayer(results["SITES_OUT"], "sites", "ogr")
    assert sites.featureCount() == len(chosen) > 0
    assert {f["municipality"] for f in sites.getFeatures()} == {"Snikkehorn"}
    bundles = QgsVectorLayer(results["BUNDLES"], "bundles", "ogr")
    assert bundles.featureCount() > 0
    assert {f["municipalities"] for f in bundles.getFeatures()} == {"Snikkehorn"}
    assert any("solver heuristic" in line for line in feedback.infos), feedback.infos
    assert "--solver heuristic --time-limit 5 " in feedback.commands[0]


def test_sites_without_homes_give_one_clear_message(provider, tmp_path: Path) -> None:
    from qgis.core import QgsGeometry, QgsRectangle

    layer = memory_layer(
        "Polygon?crs=EPSG:28992&field=site_id:string&field=score:double&field=best_concept:string",
        "mijn locaties",
        [(QgsGeometry.fromRect(QgsRectangle(0, 0, 100, 100)), ["S1", 80.0, "rijwoning"])],
    )
    feedback = RecordingFeedback()
    parameters = {
        "SITES": layer,
        **bundle_outputs(tmp_path),
    }
    _, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert not ok
    message = (
        "The sites layer 'mijn locaties' has no field 'homes' (homes of the best concept); "
        "its fields are: site_id, score, best_concept."
    )
    assert [e for e in feedback.errors if message in e], feedback.errors
    assert not [e for e in feedback.errors if "Traceback" in e]
    assert not list(tmp_path.iterdir())  # refused before the engine ran


def test_loaded_bundles_are_styled_by_bundle(
    provider, big_region: Path, sites_uri: str, tmp_path: Path
) -> None:
    import processing

    from bouwstroom_qgis.gui.translation import ui_language

    results = processing.runAndLoadResults(
        ALGORITHM,
        {
            "SITES": sites_uri,
            "SCENARIO": str(big_region / "scenario.toml"),
            **bundle_outputs(tmp_path),
        },
    )
    project = QgsProject.instance()
    try:
        loaded = [
            layer
            for layer in project.mapLayers().values()
            if layer.source().split("|")[0] == results["BUNDLES"]
        ]
        assert len(loaded) == 1, [layer.source() for layer in project.mapLayers().values()]
        layer = loaded[0]
        categories = layer.renderer().categories()
        by_id = {f["bundle_id"]: f["homes"] for f in layer.getFeatures(QgsFeatureRequest())}
        assert len(categories) == len(by_id) >= 20
        word = {"nl": "woningen", "en": "homes"}[ui_language()]
        assert [c.label() for c in categories] == [
            f"{b} · {by_id[b]} {word}" for b in sorted(by_id)
        ]
        assert categories[0].label() == f"B01 · {by_id['B01']} {word}"
        assert layer.attributeAlias(layer.fields().indexOf("bundle_id")) in ("Bundel", "Bundle")
    finally:
        project.removeAllMapLayers()


def test_cancel_stops_the_engine_and_writes_nothing(
    provider, big_region: Path, sites_uri: str, tmp_path: Path
) -> None:
    feedback = RecordingFeedback(cancel_at=1.0)  # cancel at the first progress report
    parameters = {
        "SITES": sites_uri,
        "SCENARIO": str(big_region / "scenario.toml"),
        **bundle_outputs(tmp_path),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert feedback.isCanceled()
    assert results == {} or not ok
    assert max(feedback.progress) < 100
    assert not [p.name for p in tmp_path.iterdir() if p.suffix in (".gpkg", ".csv", ".svg")]


def test_dutch_title_legend_and_field_names(provider, cli_bundles: Path) -> None:
    from bouwstroom_qgis import styles

    with shipped_dutch():
        algorithm = provider.algorithm("bundle_sites").create()
        assert algorithm.displayName() == "Locaties bundelen voor de bouwstroom"
        assert "bundle_reason" in algorithm.shortHelpString()
        assert algorithm.shortHelpString().startswith("Groepeert gescoorde locaties")
    layer = QgsVectorLayer(f"{cli_bundles}|layername=bundles", "bundels", "ogr")
    homes = {f["bundle_id"]: f["homes"] for f in layer.getFeatures()}
    assert styles.style_bundles(layer, language="nl") == len(homes) >= 20
    labels = [c.label() for c in layer.renderer().categories()]
    assert labels[:3] == [f"{b} · {homes[b]} woningen" for b in ("B01", "B02", "B03")]
    assert styles.set_aliases(layer, "nl") == len(layer.fields()) - 1  # all but fid
    assert layer.attributeAlias(layer.fields().indexOf("spread_km")) == "Spreiding (km)"


def test_without_a_stream_start_bundles_come_without_a_plan(
    provider, big_region: Path, sites_uri: str, cli_bundles: Path, tmp_path: Path
) -> None:
    text = (big_region / "scenario.toml").read_text(encoding="utf-8")
    assert text.count('\nstart = "2027-Q1"\n') == 1
    scenario = tmp_path / "no_start.toml"
    scenario.write_text(text.replace('\nstart = "2027-Q1"\n', "\n"), encoding="utf-8")
    feedback = RecordingFeedback()
    parameters = {
        "SITES": sites_uri,
        "SCENARIO": str(scenario),
        **bundle_outputs(tmp_path),
    }
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    ours = bundles_of(results["BUNDLES"])
    cli = bundles_of(f"{cli_bundles}|layername=bundles")
    # the same bundles, but no quarter to start them in
    assert {b: v[:2] for b, v in ours.items()} == {b: v[:2] for b, v in cli.items()}
    assert all(v[2] is None or v[2] == NULL for v in ours.values())
    assert "PLAN" not in results and "CHART" not in results
    assert "No stream plan: no plan table and no chart." in feedback.infos
    assert not (tmp_path / "b_stream.svg").exists() and not (tmp_path / "plan.gpkg").exists()
