"""The exports in a real QGIS: styled layers from the GeoPackage, and the atlas template.

The engine (the project's Python) runs and exports a generated region; QGIS then loads
the GeoPackage's layers, which must open with their embedded default styles, loads the
print layout template shipped in resources/layouts, and exports its atlas: one page per
ranked site, each with something drawn on it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from layer_sources import gpkg_layer
from qgis.core import (
    QgsLayoutExporter,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QImage
from qgis.PyQt.QtXml import QDomDocument
from qgis_session import ROOT, run_cli

TEMPLATE = ROOT / "resources" / "layouts" / "site_factsheet.qpt"


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, region: Path, engine_python: Path) -> Path:
    out = tmp_path_factory.mktemp("exported")
    done = run_cli(
        engine_python, "run", str(region / "scenario.toml"), "--out", str(out), "--no-export"
    )
    assert done.returncode == 0, done.stderr
    done = run_cli(engine_python, "export", str(out), "--top", "3")
    assert done.returncode == 0, done.stderr
    return out / "shortlist.gpkg"


def test_layers_open_with_their_embedded_styles(qgis_app, exported: Path) -> None:
    sites = gpkg_layer(exported, "sites")
    renderer = sites.renderer()
    assert renderer.type() == "graduatedSymbol" and renderer.classAttribute() == "score"
    ranges = renderer.ranges()
    assert [r.lowerValue() for r in ranges] == [0, 20, 40, 60, 80]
    assert [r.symbol().color().name() for r in ranges] == [
        "#d7191c",
        "#fdae61",
        "#ffffbf",
        "#a6d96a",
        "#1a9641",
    ]
    assert sites.labelsEnabled()
    rules = sites.labeling().rootRule().children()
    assert [(r.filterExpression(), r.minimumScale()) for r in rules] == [
        ('"rank" <= 10', 0),
        ('"rank" > 10', 10_000),
    ]
    assert rules[0].settings().fieldName == "'#' || \"rank\""
    parcels = gpkg_layer(exported, "parcels")
    rules = parcels.renderer().rootRule().children()
    assert [rule.label() for rule in rules][:2] == ["uitgesloten", "0–20"]
    symbol = rules[0].symbol()
    assert [sl.layerType() for sl in symbol.symbolLayers()] == ["SimpleFill", "LinePatternFill"]
    label_rules = parcels.labeling().rootRule().children()
    assert [r.minimumScale() for r in label_rules] == [0, 10_000]
    bundles = gpkg_layer(exported, "bundles")
    assert bundles.renderer().classAttribute() == "bundle_id"
    assert len(bundles.renderer().categories()) == bundles.featureCount()


def test_atlas_template_exports_one_page_per_ranked_site(
    qgis_app, exported: Path, tmp_path
) -> None:
    project = QgsProject.instance()
    project.clear()
    parcels, sites = gpkg_layer(exported, "parcels"), gpkg_layer(exported, "sites")
    project.addMapLayers([parcels, sites])
    ranked = [f for f in sites.getFeatures() if f["rank"] is not None and f["rank"] == f["rank"]]
    layout = QgsPrintLayout(project)
    document = QDomDocument()
    assert document.setContent(TEMPLATE.read_text(encoding="utf-8"))
    _, loaded = layout.loadFromTemplate(document, QgsReadWriteContext())
    assert loaded
    atlas = layout.atlas()
    assert atlas.enabled()
    # QGIS finds a template's coverage layer only by id or by name and source together, and
    # a template cannot know the result's path: the layer "sites" is chosen as a user does
    # in the Atlas panel (the plugin's export button does it for them).
    if atlas.coverageLayer() is None:
        atlas.setCoverageLayer(sites)
    assert atlas.filterFeatures() and atlas.filterExpression() == '"rank" IS NOT NULL'
    assert atlas.sortFeatures() and atlas.sortExpression() == '"rank"'
    assert atlas.updateFeatures() == len(ranked) > 0
    result, error = QgsLayoutExporter.exportToImage(
        atlas, str(tmp_path / "page"), "png", QgsLayoutExporter.ImageExportSettings()
    )
    assert result == QgsLayoutExporter.Success, error
    pages = sorted(tmp_path.glob("locatie_*.png"))
    assert [p.name for p in pages] == [f"locatie_{r:03d}.png" for r in range(1, len(ranked) + 1)]
    image = QImage(str(pages[0]))
    colours = {
        image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)
    }
    assert len(colours) > 20  # a styled map and text, not a blank page
    atlas.seekTo(0)
    title = next(i for i in layout.items() if getattr(i, "id", lambda: "")() == "titel")
    assert title.currentText() == f"Locatie {ranked_first(sites)}"


def ranked_first(sites: QgsVectorLayer) -> str:
    best = min((f for f in sites.getFeatures() if f["rank"]), key=lambda f: f["rank"])
    return best["site_id"]
