"""Result styles in a real QGIS: score ramp, grey hatched exclusions, rank labels, aliases,
metadata; and a rendered map really shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsLinePatternFillSymbolLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor
from qgis_session import run_cli


@pytest.fixture(scope="module")
def result(qgis_app, region: Path, engine_python: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("styled")
    done = run_cli(engine_python, "run", str(region / "scenario.toml"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "shortlist.gpkg"


def layer_of(path: Path, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert layer.isValid()
    return layer


def test_parcels_get_a_ramp_hatched_exclusions_labels_and_aliases(result: Path) -> None:
    from bouwstroom_qgis import styles

    layer = layer_of(result, "parcels")
    styles.style_parcels(layer, "nl", top=5)
    rules = layer.renderer().rootRule().children()
    assert [r.label() for r in rules] == ["excluded", "0–20", "20–40", "40–60", "60–80", "80–100"]
    assert rules[0].filterExpression() == '"excluded"'
    hatch = rules[0].symbol().symbolLayers()[-1]
    assert isinstance(hatch, QgsLinePatternFillSymbolLayer) and hatch.lineAngle() == 45
    colors = [QColor(r.symbol().color()) for r in rules[1:]]
    assert colors[0].red() > colors[0].green() and colors[-1].green() > colors[-1].red()
    # Every parcel falls in exactly one class.
    counts = [sum(1 for _ in layer.getFeatures(r.filterExpression())) for r in rules]
    excluded = sum(1 for f in layer.getFeatures() if f["excluded"])
    assert sum(counts) == layer.featureCount() == 2000 and counts[0] == excluded > 100
    assert layer.labelsEnabled()
    expression = layer.labeling().settings().fieldName
    assert '"rank" <= 5' in expression
    assert layer.attributeAlias(layer.fields().indexOf("score")) == "Score (0–100)"
    assert layer.attributeAlias(layer.fields().indexOf("dist_station")) == "Afstand tot station (m)"
    english = layer_of(result, "parcels")
    styles.set_aliases(english, "en")
    assert english.attributeAlias(english.fields().indexOf("c_eigendom")) == "Contribution eigendom"


def test_a_rendered_map_shows_classes_and_hatching(result: Path, tmp_path: Path) -> None:
    from bouwstroom_qgis import styles

    layer = layer_of(result, "parcels")
    styles.style_parcels(layer, "en")
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(600, 600))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    image.save(str(tmp_path / "map.png"))
    seen = {image.pixel(x, y) for x in range(0, 600, 3) for y in range(0, 600, 3)}
    ramp = {styles.score_colors()[i].rgb() for i in range(5)}
    assert len(ramp & seen) >= 3  # at least three score classes on the map
    assert QColor(styles.EXCLUDED_FILL).rgb() in seen  # excluded parcels, between the hatching


def test_sites_bundles_and_metadata(result: Path) -> None:
    from bouwstroom_qgis import styles

    sites = layer_of(result, "sites")
    styles.style_sites(sites, "en", top=3)
    assert sites.renderer().symbol().symbolLayers()[0].strokeColor().name() == styles.SITE_OUTLINE
    assert "'#' || \"rank\"" in sites.labeling().settings().fieldName
    assert sites.attributeAlias(sites.fields().indexOf("homes")) == "Homes"
    bundles = QgsVectorLayer("Polygon?crs=EPSG:28992&field=bundle_id:string", "bundles", "memory")
    features = []
    for i, bundle in enumerate(["B3", "B1", "B2", "B1"]):
        feature = QgsFeature(bundles.fields())
        feature.setAttributes([bundle])
        feature.setGeometry(QgsGeometry.fromRect(QgsRectangle(i, 0, i + 1, 1)))
        features.append(feature)
    bundles.dataProvider().addFeatures(features)
    assert styles.style_bundles(bundles) == 3
    assert [c.value() for c in bundles.renderer().categories()] == ["B1", "B2", "B3"]
    styles.set_metadata(sites, "Test", "[scenario]\nname = 'x'\n", ["parcels: p.gpkg"])
    assert sites.metadata().abstract() == "[scenario]\nname = 'x'\n"
    assert sites.metadata().history() == ["parcels: p.gpkg"]
