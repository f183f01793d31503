"""Every algorithm's result layers, loaded into the project as QGIS loads them, open styled,
with readable field names in the interface language and the run's scenario and inputs in
their metadata (``algorithms/result_styling.py``).

``processing.runAndLoadResults`` is what the toolbox does after a run: Processing's own
``handleAlgorithmResults`` loads each output and calls its post-processor. It swallows a
post-processor's exception and reports the layer as "not correctly generated", so every
test also checks that nothing was reported.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from algorithm_runs import bundle_outputs, processing_context
from layer_sources import sketch
from qgis.core import (
    QgsFeatureRequest,
    QgsProcessingFeatureSourceDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis_session import INSTALLED
from recording import RecordingFeedback

SCORE_CLASSES = ["0–20", "20–40", "40–60", "60–80", "80–100"]


@pytest.fixture
def language(qgis_app):
    """Set the plugin's interface language (its setting) for one test."""
    from bouwstroom_qgis import settings

    yield settings.LANGUAGE.set_value
    settings.LANGUAGE.reset()


@pytest.fixture
def project(provider):
    """The project the results are loaded into; emptied after the test."""
    yield QgsProject.instance()
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture(scope="module")
def sites_uri(cli_sites: Path) -> str:
    """The region's 37 scored sites from ``bouwstroom sites``."""
    return f"{cli_sites / 'shortlist.gpkg'}|layername=sites"


def scenario_of(path: Path) -> tuple[str, str]:
    """A scenario's text and its name."""
    text = path.read_text(encoding="utf-8")
    return text, tomllib.loads(text)["scenario"]["name"]


def run_and_load(provider, name: str, parameters: dict) -> dict:
    """Run an algorithm as the toolbox does, its outputs loaded into the project."""
    import processing

    from bouwstroom_qgis.algorithms.result_styling import ResultStyler

    feedback = RecordingFeedback()
    results = processing.runAndLoadResults(f"bouwstroom:{name}", parameters, feedback=feedback)
    assert feedback.errors == []  # a failing post-processor is reported here
    assert ResultStyler.waiting == {}  # every styler ran and was let go
    return results


def loaded(results: dict, key: str) -> QgsVectorLayer:
    """The one layer of the project that Processing loaded for output ``key``."""
    layers = QgsProject.instance().mapLayers().values()
    found = [layer for layer in layers if layer.source().split("|")[0] == results[key]]
    assert len(found) == 1, [layer.source() for layer in layers]
    return found[0]


def alias(layer: QgsVectorLayer, field: str) -> str:
    index = layer.fields().indexOf(field)
    assert index >= 0, (field, layer.fields().names())
    return layer.attributeAlias(index)


def graduated_on_score(layer: QgsVectorLayer) -> list[float]:
    """The lower bounds of a graduated-on-score renderer's classes."""
    renderer = layer.renderer()
    assert (renderer.type(), renderer.classAttribute()) == ("graduatedSymbol", "score")
    return [r.lowerValue() for r in renderer.ranges()]


def test_scored_parcels_open_with_the_ramp_dutch_names_and_the_scenario(
    provider, project, language, region: Path, tmp_path: Path
) -> None:
    language("nl")
    scenario = region / "scenario.toml"
    parcels = f"{region / 'percelen.gpkg'}|layername=percelen"
    out = tmp_path / "out"
    results = run_and_load(
        provider,
        "score_parcels",
        {
            "SCENARIO": str(scenario),
            "PARCELS": parcels,
            "OUTPUT_FOLDER": str(out),
            "OUTPUT": str(tmp_path / "parcels.gpkg"),
        },
    )
    layer = loaded(results, "OUTPUT")
    assert layer.featureCount() == 2000
    assert layer.renderer().type() == "RuleRenderer"
    rules = layer.renderer().rootRule().children()
    assert [r.label() for r in rules] == ["uitgesloten", *SCORE_CLASSES]
    # every parcel in one class; the 202 excluded (as the command line counts them) grey
    counts = [sum(1 for _ in layer.getFeatures(r.filterExpression())) for r in rules]
    assert counts[0] == 202 and sum(counts) == 2000
    assert layer.labelsEnabled()
    assert alias(layer, "excluded") == "Uitgesloten"
    assert alias(layer, "area_m2") == "Oppervlakte (m²)"

    text, name = scenario_of(scenario)
    assert name == "Voorbeeldregio Ruskenes"
    metadata = layer.metadata()
    assert metadata.title() == f"Scored parcels – {name}"
    assert metadata.abstract() == text
    history = metadata.history()
    assert history[:3] == [
        f"Scenario: {scenario}",
        f"Result: {out}",
        "Processing algorithm: bouwstroom:score_parcels",
    ]
    # the parcels given here; the other inputs those the scenario names
    assert history[3:] == [
        f"Parcels: {parcels}",
        *(
            f"{role}: as in the scenario"
            for role in (
                "Zoning layers (from Import IMRO zoning plan)",
                "Zoning plans (IMRO GML or Import IMRO GeoPackage files)",
                "Holdings layers",
                "Constraint layers",
                "Amenity layers",
                "Municipal boundaries",
            )
        ),
    ]


def test_sites_and_plot_layouts_open_styled_in_english(
    provider, project, language, region: Path, tmp_path: Path
) -> None:
    language("en")
    scenario = region / "scenario.toml"
    results = run_and_load(
        provider,
        "assemble_sites",
        {
            "SCENARIO": str(scenario),
            "OUTPUT_FOLDER": str(tmp_path / "out"),
            "OUTPUT": str(tmp_path / "sites.gpkg"),
            "LAYOUTS": str(tmp_path / "plots.gpkg"),
        },
    )
    sites = loaded(results, "OUTPUT")
    assert sites.featureCount() == 37
    assert graduated_on_score(sites) == [0, 20, 40, 60, 80]
    assert sites.labelsEnabled()
    assert alias(sites, "homes") == "Homes"
    assert alias(sites, "best_concept") == "Best concept"

    plots = loaded(results, "LAYOUTS")
    renderer = plots.renderer()
    assert (renderer.type(), renderer.classAttribute()) == ("categorizedSymbol", "element")
    categories = renderer.categories()
    assert [c.label() for c in categories] == ["plot", "parking and green", "building"]
    # every part of every layout falls in one of the three categories
    values = [c.value() for c in categories]
    assert all(f["element"] in values for f in plots.getFeatures())
    assert plots.featureCount() > 37
    assert alias(plots, "element") == "Part"

    text, name = scenario_of(scenario)
    for layer, title in ((sites, "Sites"), (plots, "Plot layouts")):
        assert layer.metadata().title() == f"{title} – {name}"
        assert layer.metadata().abstract() == text
        assert "Parcels: as in the scenario" in layer.metadata().history()


def test_capacity_of_scored_sites_with_the_shipped_catalogue(
    provider, project, language, sites_uri: str, tmp_path: Path
) -> None:
    language("nl")
    results = run_and_load(
        provider,
        "estimate_capacity",
        {
            "SITES": sites_uri,
            "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
            "OUTPUT": str(tmp_path / "layer.gpkg"),
            "LAYOUTS": str(tmp_path / "plots.gpkg"),
        },
    )
    capacity = loaded(results, "OUTPUT")
    assert capacity.featureCount() == 37
    assert graduated_on_score(capacity) == [0, 20, 40, 60, 80]  # the sites' own score
    assert alias(capacity, "homes") == "Woningen"
    plots = loaded(results, "LAYOUTS")
    labels = [c.label() for c in plots.renderer().categories()]
    assert labels == ["kavel", "parkeren en groen", "gebouw"]
    assert alias(plots, "element") == "Onderdeel"

    catalogue = INSTALLED / "resources" / "concepts" / "concepts.toml"
    for layer in (capacity, plots):
        metadata = layer.metadata()
        assert metadata.abstract() == catalogue.read_text(encoding="utf-8")
        assert metadata.history()[0] == f"Concept catalogue: {catalogue}"
        assert metadata.history()[2] == "Processing algorithm: bouwstroom:estimate_capacity"
        assert f"Sites: {sites_uri}" in metadata.history()
    assert capacity.metadata().title() == "Capacity – concepts.toml"


def test_a_selected_sketch_keeps_the_default_symbol_but_gets_names(
    provider, project, language, tmp_path: Path
) -> None:
    language("en")
    layer = sketch(("noord", "zuid"))  # two sites drawn by hand: no score, so no score ramp
    project.addMapLayer(layer)
    layer.selectByIds([next(layer.getFeatures()).id()])
    results = run_and_load(
        provider,
        "estimate_capacity",
        {
            "SITES": QgsProcessingFeatureSourceDefinition(layer.id(), True),
            "ID_FIELD": "naam",
            "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
            "OUTPUT": str(tmp_path / "layer.gpkg"),
        },
    )
    capacity = loaded(results, "OUTPUT")
    assert [f["site_id"] for f in capacity.getFeatures()] == ["noord"]
    assert capacity.renderer().type() == "singleSymbol"  # no score to grade
    assert alias(capacity, "homes") == "Homes"
    assert alias(capacity, "best_concept") == "Best concept"
    assert "Sites: schets (temporary layer) (selected: 1)" in capacity.metadata().history()


def test_bundles_sites_and_plan_with_the_shipped_scenario(
    provider, project, language, sites_uri: str, tmp_path: Path
) -> None:
    language("nl")
    results = run_and_load(
        provider,
        "bundle_sites",
        {
            "SITES": sites_uri,
            **bundle_outputs(tmp_path),
        },
    )
    bundles = loaded(results, "BUNDLES")
    homes = {f["bundle_id"]: f["homes"] for f in bundles.getFeatures(QgsFeatureRequest())}
    # how many bundles depends on the solver the engine has (CP-SAT or the heuristic):
    # every one is a category, and each holds the shipped scenario's 40 homes at least
    assert homes and min(homes.values()) >= 40
    renderer = bundles.renderer()
    assert (renderer.type(), renderer.classAttribute()) == ("categorizedSymbol", "bundle_id")
    assert [c.label() for c in renderer.categories()] == [
        f"{b} · {homes[b]} woningen" for b in sorted(homes)
    ]
    assert alias(bundles, "bundle_id") == "Bundel"
    sites = loaded(results, "SITES_OUT")
    assert sites.featureCount() == 37
    assert graduated_on_score(sites) == [0, 20, 40, 60, 80]
    assert alias(sites, "bundle_reason") == "Waarom in geen bundel"
    plan = loaded(results, "PLAN")
    assert not plan.isSpatial()
    assert sum(f["homes"] for f in plan.getFeatures()) == sum(homes.values())
    assert alias(plan, "quarter_label") == "Kwartaal"

    shipped = INSTALLED / "resources" / "scenarios" / "bouwstroom_noord.toml"
    text, name = scenario_of(shipped)
    assert name == "Bouwstroom Noord standaard"
    for layer, title in (
        (bundles, "Bundles"),
        (sites, "Sites with their bundle"),
        (plan, "Stream plan"),
    ):
        metadata = layer.metadata()
        assert metadata.title() == f"{title} – {name}"
        assert metadata.abstract() == text
        assert metadata.history()[:2] == [f"Scenario: {shipped}", f"Result: {tmp_path / 'b.gpkg'}"]
        assert metadata.history()[3:] == [f"Sites: {sites_uri}"]


def test_results_not_loaded_are_left_alone(provider, project, tmp_path: Path) -> None:
    """As under qgis_process: nothing to load, so no styler waits for a layer."""
    import processing

    from bouwstroom_qgis.algorithms.result_styling import ResultStyler

    context = processing_context()
    results = processing.run(
        "bouwstroom:estimate_capacity",
        {
            "SITES": sketch(("noord", "zuid")),
            "CAPACITY_FILE": str(tmp_path / "capacity.gpkg"),
            "OUTPUT": str(tmp_path / "layer.gpkg"),
        },
        context=context,
    )
    assert context.layersToLoadOnCompletion() == {}
    assert ResultStyler.waiting == {}
    assert QgsVectorLayer(results["OUTPUT"], "capacity", "ogr").featureCount() == 2
    assert project.mapLayers() == {}
