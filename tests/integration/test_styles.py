"""Result styles in a real QGIS: score ramp, grey hatched exclusions, rank labels, aliases,
metadata; a rendered map really shows them; a layer styled in the plugin looks the same
as the same layer opened from the exported GeoPackage; and the exported layers and tables
open with readable field names."""

from __future__ import annotations

from pathlib import Path

import pytest
from layer_sources import gpkg_layer, memory_layer
from qgis.core import (
    QgsGeometry,
    QgsLinePatternFillSymbolLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage
from qgis_session import run_cli

SCORE_COLORS = ["#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641"]
EXCLUDED_FILL = "#d7d7d7"


@pytest.fixture(scope="module")
def result(qgis_app, region: Path, engine_python: Path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("styled")
    done = run_cli(engine_python, "run", str(region / "scenario.toml"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out / "shortlist.gpkg"


def render(layer: QgsVectorLayer, extent: QgsRectangle, size: int = 600):
    """The rendered image and the labels drawn, for ``extent`` at ``size`` pixels."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(size, size))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    labels = [label.labelText for label in job.takeLabelingResults().allLabels()]
    return job.renderedImage(), settings.scale(), labels


def appearance(layer: QgsVectorLayer) -> dict[str, object]:
    """What a reader sees of a layer's style: renderer, classes, colours, labels."""
    renderer = layer.renderer()
    seen: dict[str, object] = {"type": renderer.type(), "labels": layer.labelsEnabled()}
    if renderer.type() == "RuleRenderer":
        rules = renderer.rootRule().children()
        seen["classes"] = [(r.label(), r.filterExpression()) for r in rules]
        symbols = [r.symbol() for r in rules]
    elif renderer.type() == "graduatedSymbol":
        ranges = renderer.ranges()  # copies: they own the symbols read below
        seen["field"] = renderer.classAttribute()
        seen["classes"] = [(r.label(), r.lowerValue(), r.upperValue()) for r in ranges]
        symbols = [r.symbol() for r in ranges]
    elif renderer.type() == "singleSymbol":
        symbols = [renderer.symbol()]
    else:
        categories = renderer.categories()
        seen["field"] = renderer.classAttribute()
        seen["classes"] = [(c.label(), c.value()) for c in categories]
        symbols = [c.symbol() for c in categories]
    seen["symbols"] = [
        [
            (sl.layerType(), sl.color().name(QColor.NameFormat.HexArgb), sl.properties())
            for sl in symbol.symbolLayers()
        ]
        for symbol in symbols
    ]
    seen["opacity"] = [round(symbol.opacity(), 3) for symbol in symbols]
    if layer.labelsEnabled():
        seen["label_rules"] = label_rules(layer)
    return seen


def label_rules(layer: QgsVectorLayer) -> list[tuple[str, str, float, str]]:
    """Description, filter, smallest scale shown (1:n, 0 = any) and text of each label rule."""
    if layer.labeling().type() == "simple":
        settings = layer.labeling().settings()
        return [("", "", settings.minimumScale, settings.fieldName)]
    return [
        (r.description(), r.filterExpression(), r.minimumScale(), r.settings().fieldName)
        for r in layer.labeling().rootRule().children()
    ]


def test_parcels_get_a_ramp_hatched_exclusions_labels_and_aliases(result: Path) -> None:
    from bouwstroom_qgis import styles

    layer = gpkg_layer(result, "parcels", embedded_style=False)
    styles.style_parcels(layer, "nl", top=5)
    rules = layer.renderer().rootRule().children()
    assert [r.label() for r in rules] == [
        "uitgesloten",
        "0–20",
        "20–40",
        "40–60",
        "60–80",
        "80–100",
    ]
    assert rules[0].filterExpression() == '"excluded"'
    hatch = rules[0].symbol().symbolLayers()[-1]
    assert isinstance(hatch, QgsLinePatternFillSymbolLayer) and hatch.lineAngle() == 45
    assert [r.symbol().color().name() for r in rules[1:]] == SCORE_COLORS
    # Every parcel falls in exactly one class.
    counts = [sum(1 for _ in layer.getFeatures(r.filterExpression())) for r in rules]
    excluded = sum(1 for f in layer.getFeatures() if f["excluded"])
    assert sum(counts) == layer.featureCount() == 2000 and counts[0] == excluded > 100
    assert layer.labelsEnabled()
    assert label_rules(layer) == [
        ("de 5 beste", '"rank" <= 5', 0, "'' || \"rank\""),
        ("alle rangen vanaf 1:10.000", '"rank" > 5', 10_000, "'' || \"rank\""),
    ]
    assert layer.attributeAlias(layer.fields().indexOf("score")) == "Score (0–100)"
    assert layer.attributeAlias(layer.fields().indexOf("dist_station")) == "Afstand tot station (m)"
    english = gpkg_layer(result, "parcels", embedded_style=False)
    styles.set_aliases(english, "en")
    assert (
        english.attributeAlias(english.fields().indexOf("c_eigendom"))
        == "Contribution eigendom (points)"
    )


def aliases(layer: QgsVectorLayer) -> dict[str, str]:
    """Field name -> alias of every field that has one."""
    return {
        field.name(): layer.attributeAlias(index)
        for index, field in enumerate(layer.fields())
        if layer.attributeAlias(index)
    }


@pytest.mark.parametrize(
    ("name", "known"),
    [
        (
            "parcels",
            {
                "parcel_id": "Perceel",
                "area_m2": "Oppervlakte (m²)",
                "c_woonbestemming": "Bijdrage woonbestemming (punten)",
                "rank_p50": "Rang mediaan",
            },
        ),
        (
            "sites",
            {
                "score": "Score (0–100)",
                "density": "Dichtheid (woningen/ha)",
                "ready_label": "Gereed voor start (kwartaal)",
                "consensus": "Consensus (top van elk profiel)",
            },
        ),
        (
            "bundles",
            {
                "start_quarter": "Start bouw (kwartaal)",
                "earliest_label": "Eerste locatie gereed (kwartaal)",
                "weighted_homes": "Woningen × score",
            },
        ),
        ("plan", {"quarter_label": "Kwartaal", "bundle_id": "Bundel", "homes": "Woningen"}),
        ("provenance", {"size_bytes": "Grootte (bytes)", "sha256": "SHA-256"}),
    ],
)
def test_the_exported_geopackage_opens_with_readable_field_names(
    result: Path, name: str, known: dict[str, str]
) -> None:
    from bouwstroom_qgis.core.export.labels import header

    layer = gpkg_layer(result, name)  # its stored style
    named = aliases(layer)
    assert {field: named.get(field) for field in known} == known
    fields = [field.name() for field in layer.fields()]
    assert fields[0] == "fid" and sorted(named) == sorted(fields[1:])  # all but the fid
    assert named == {field: header(field, "nl") for field in fields[1:]}
    if name == "parcels":
        assert len(named) == 48 and named["score_gemeente"] == "Score in profiel gemeente (0–100)"


def near(pixel: int, color: QColor, tolerance: int = 3) -> bool:
    seen = QColor(pixel)
    return all(
        abs(a - b) <= tolerance for a, b in zip(seen.getRgb()[:3], color.getRgb()[:3], strict=True)
    )


def test_a_rendered_map_shows_classes_hatching_and_the_top_ranks(
    result: Path, tmp_path: Path
) -> None:
    from bouwstroom_qgis import styles

    layer = gpkg_layer(result, "parcels", embedded_style=False)
    styles.style_parcels(layer, "en")
    image, scale, labels = render(layer, layer.extent())
    image.save(str(tmp_path / "map.png"))
    assert image.format() in (QImage.Format.Format_ARGB32_Premultiplied, QImage.Format.Format_RGB32)
    seen = {image.pixel(x, y) for x in range(0, 600, 3) for y in range(0, 600, 3)}
    # score classes are drawn at 85 % opacity on the white background
    blended = [
        QColor(*(round(0.85 * c + 0.15 * 255) for c in QColor(hex_).getRgb()[:3]))
        for hex_ in SCORE_COLORS
    ]
    shown = [color for color in blended if any(near(pixel, color) for pixel in seen)]
    assert len(shown) >= 3  # at least three score classes on the map
    assert QColor(EXCLUDED_FILL).rgb() in seen  # excluded parcels, between the hatching
    # The whole region is far beyond 1:10,000: only the ten best ranks are labelled.
    assert scale > 10_000
    assert sorted(int(text) for text in labels) == list(range(1, 11))


def test_zoomed_in_every_ranked_parcel_is_labelled(result: Path) -> None:
    from bouwstroom_qgis import styles

    layer = gpkg_layer(result, "parcels", embedded_style=False)
    styles.style_parcels(layer, "en")
    ranked = [f for f in layer.getFeatures('"rank" > 10')]
    center = min(ranked, key=lambda f: f["rank"]).geometry().centroid().asPoint()
    extent = QgsRectangle(center.x() - 150, center.y() - 150, center.x() + 150, center.y() + 150)
    _, scale, labels = render(layer, extent)
    assert scale < 10_000
    ranks = sorted(int(text) for text in labels)
    assert ranks and max(ranks) > 10  # ranks beyond the top ten, at this scale only
    visible = [
        int(f["rank"])
        for f in layer.getFeatures(extent)
        if isinstance(f["rank"], (int, float)) and f["rank"] == f["rank"]  # NULL, NaN
    ]
    assert set(ranks) <= set(visible) and len(ranks) >= len(visible) // 2


def test_sites_bundles_and_metadata(result: Path) -> None:
    from bouwstroom_qgis import styles

    sites = gpkg_layer(result, "sites", embedded_style=False)
    styles.style_sites(sites, "en", top=3)
    renderer = sites.renderer()
    assert (renderer.type(), renderer.classAttribute()) == ("graduatedSymbol", "score")
    assert [r.lowerValue() for r in renderer.ranges()] == [0, 20, 40, 60, 80]
    ranges = renderer.ranges()  # copies: they own their symbols
    ring = ranges[0].symbol().symbolLayers()
    assert [sl.strokeColor().name() for sl in ring] == ["#232323", SCORE_COLORS[0]]
    assert [rule[1:] for rule in label_rules(sites)] == [
        ('"rank" <= 3', 0, "'#' || \"rank\""),
        ('"rank" > 3', 10_000, "'#' || \"rank\""),
    ]
    assert sites.attributeAlias(sites.fields().indexOf("homes")) == "Homes"
    bundles = memory_layer(
        "Polygon?crs=EPSG:28992&field=bundle_id:string",
        "bundles",
        [
            (QgsGeometry.fromRect(QgsRectangle(i, 0, i + 1, 1)), [bundle])
            for i, bundle in enumerate(["B3", "B1", "B2", "B1"])
        ],
    )
    assert styles.style_bundles(bundles) == 3
    categories = bundles.renderer().categories()
    assert [(c.value(), c.label()) for c in categories] == [
        ("B1", "B1"),
        ("B2", "B2"),
        ("B3", "B3"),
    ]
    assert bundles.labeling().settings().fieldName == "bundle_id"
    styles.set_metadata(sites, "Test", "[scenario]\nname = 'x'\n", ["parcels: p.gpkg"])
    assert sites.metadata().abstract() == "[scenario]\nname = 'x'\n"
    assert sites.metadata().history() == ["parcels: p.gpkg"]


@pytest.mark.parametrize("name", ["parcels", "sites", "bundles"])
def test_the_dock_and_the_exported_geopackage_show_the_same_map(result: Path, name: str) -> None:
    from bouwstroom_qgis import styles

    exported = gpkg_layer(result, name)
    styled = gpkg_layer(result, name, embedded_style=False)
    assert appearance(styled) != appearance(exported)  # QGIS's default until styled
    style = {"parcels": styles.style_parcels, "sites": styles.style_sites}
    if name in style:
        style[name](styled, "nl")
    else:
        assert styles.style_bundles(styled, language="nl") == styled.featureCount() >= 2
    dock, gpkg = appearance(styled), appearance(exported)
    assert dock == gpkg
    styles.set_aliases(styled, "nl")  # the dock's names (the bundles' are set this way)
    assert aliases(styled) == aliases(exported) and len(aliases(exported)) >= 15
    assert dock["labels"] is True
    if name == "bundles":
        homes = {f["bundle_id"]: f["homes"] for f in exported.getFeatures()}
        assert dock["field"] == "bundle_id"
        assert [label for label, _ in dock["classes"]] == [
            f"{bundle} · {homes[bundle]} woningen" for bundle in sorted(homes)
        ]
    else:
        assert len(dock["classes"]) == (6 if name == "parcels" else 5)
