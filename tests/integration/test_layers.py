"""QGIS layers to engine files and back: bulk export, pass-through, checks, results."""

from __future__ import annotations

from pathlib import Path

import pytest
from layer_sources import memory_layer, parcel_row
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from bouwstroom_qgis import layers

CONTEXT = QgsCoordinateTransformContext()


def parcel_layer(count: int, geometry: str = "Polygon", crs: str = "EPSG:28992") -> QgsVectorLayer:
    """``count`` parcels of 2,500 m² in a memory layer ``percelen``: ``naam`` and ``oppervlak``."""
    return memory_layer(
        f"{geometry}?crs={crs}&field=naam:string&field=oppervlak:double",
        "percelen",
        [
            (shape, [f"perceel {i}", 2500.0 + i])
            for i, shape in enumerate(parcel_row(count, geometry))
        ],
    )


def write(layer: QgsVectorLayer, path: Path, name: str, append: bool = False) -> None:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.layerName = name
    if append:
        options.actionOnExistingFile = (
            QgsVectorFileWriter.ActionOnExistingFile.CreateOrOverwriteLayer
        )
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), CONTEXT, options)[0]
    assert error == QgsVectorFileWriter.WriterError.NoError


def read_back(path: Path) -> list[tuple]:
    layer = QgsVectorLayer(str(path), "back", "ogr")
    assert layer.isValid() and layer.crs().authid() == "EPSG:28992"
    return [(f["naam"], f["oppervlak"], f.geometry().area()) for f in layer.getFeatures()]


def test_a_memory_layer_is_written_whole(qgis_app, tmp_path: Path) -> None:
    given = layers.engine_input(parcel_layer(5), tmp_path, "parcels", CONTEXT)
    assert given.path == tmp_path / "parcels.gpkg" and given.label == "layer 'percelen'"
    assert read_back(given.path) == [(f"perceel {i}", 2500.0 + i, 2500.0) for i in range(5)]


def test_only_the_selection_is_written(qgis_app, tmp_path: Path) -> None:
    layer = parcel_layer(5)
    layer.selectByIds([5, 2, 4])  # memory feature ids start at 1
    given = layers.engine_input(layer, tmp_path, "parcels", CONTEXT, selected_only=True)
    assert given.label == "layer 'percelen'"
    assert [row[0] for row in read_back(given.path)] == ["perceel 1", "perceel 3", "perceel 4"]


def test_a_single_layer_file_is_passed_as_it_is(qgis_app, tmp_path: Path) -> None:
    path = tmp_path / "eigen.gpkg"
    write(parcel_layer(3), path, "eigen")
    layer = QgsVectorLayer(f"{path}|layername=eigen", "eigen", "ogr")
    given = layers.engine_input(layer, tmp_path / "work", "parcels", CONTEXT)
    assert given.path == path and given.label == str(path)
    assert not (tmp_path / "work").exists()


def test_filtered_and_multi_layer_sources_are_exported(qgis_app, tmp_path: Path) -> None:
    path = tmp_path / "twee.gpkg"
    write(parcel_layer(3), path, "een")
    write(parcel_layer(4), path, "twee", append=True)
    second = QgsVectorLayer(f"{path}|layername=twee", "twee", "ogr")
    assert layers.file_path(second) is None
    assert len(read_back(layers.engine_input(second, tmp_path, "b", CONTEXT).path)) == 4
    single = tmp_path / "enkel.gpkg"
    write(parcel_layer(3), single, "enkel")
    filtered = QgsVectorLayer(str(single), "enkel", "ogr")
    assert layers.file_path(filtered) == single
    filtered.setSubsetString("oppervlak > 2500")
    assert layers.file_path(filtered) is None
    assert len(read_back(layers.engine_input(filtered, tmp_path, "c", CONTEXT).path)) == 2


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: None, "The parcels layer could not be opened."),
        (
            lambda: QgsVectorLayer("/nonexistent.gpkg", "weg", "ogr"),
            "The parcels layer could not be opened.",
        ),
        (
            lambda: parcel_layer(2, "Point"),
            "The parcels layer 'percelen' has point geometry; it must be a polygon layer.",
        ),
        (lambda: parcel_layer(0), "The parcels layer 'percelen' has no features."),
    ],
)
def test_unusable_layers_are_refused_with_a_reason(qgis_app, make, message: str) -> None:
    with pytest.raises(layers.LayerProblem) as raised:
        layers.check_layer(make(), "parcels", polygons=True)
    assert str(raised.value) == message


def test_a_layer_without_crs_is_refused(qgis_app) -> None:
    layer = parcel_layer(2)
    layer.setCrs(QgsCoordinateReferenceSystem())
    with pytest.raises(layers.LayerProblem, match="has no coordinate reference system"):
        layers.check_layer(layer, "parcels", polygons=True)
    layer.setCrs(QgsCoordinateReferenceSystem("EPSG:28992"))
    assert layers.check_layer(layer, "parcels", polygons=True) is layer


def test_an_empty_selection_is_refused(qgis_app) -> None:
    layer = parcel_layer(3)
    with pytest.raises(layers.LayerProblem, match="has no selected features"):
        layers.check_layer(layer, "parcels", polygons=True, selected_only=True)


def test_fields_are_checked_by_name(qgis_app) -> None:
    layer = parcel_layer(1)
    layers.check_fields(layer, "holdings", {"owner field": "naam", "owner type field": ""})
    with pytest.raises(layers.LayerProblem) as raised:
        layers.check_fields(layer, "holdings", {"owner field": "eigenaar"})
    assert str(raised.value) == (
        "The holdings layer 'percelen' has no field 'eigenaar' (owner field); "
        "its fields are: naam, oppervlak."
    )


def test_a_dutch_qgis_gets_the_messages_in_dutch(qgis_app) -> None:
    from bouwstroom_qgis.gui import translation

    translator = translation.install_translator("nl")
    assert translator is not None
    try:
        role = QCoreApplication.translate("InputsPanel", "parcels")  # as the dock names it
        with pytest.raises(layers.LayerProblem) as raised:
            layers.check_layer(parcel_layer(0), role, polygons=True)
        layer = parcel_layer(1)
        with pytest.raises(layers.LayerProblem) as fields:
            layers.check_fields(layer, role, {"eigenaarsveld": "eigenaar"})
    finally:
        translation.remove_translator(translator)
    assert str(raised.value) == "De laag 'percelen' (percelen) heeft geen objecten."
    assert str(fields.value) == (
        "De laag 'percelen' (percelen) heeft geen veld 'eigenaar' (eigenaarsveld); "
        "de velden zijn: naam, oppervlak."
    )
    # English again once the translator is gone
    with pytest.raises(layers.LayerProblem, match=r"^The parcels layer 'percelen' has no features"):
        layers.check_layer(parcel_layer(0), "parcels", polygons=True)


def test_import_imro_layers_name_their_geopackage(qgis_app, tmp_path: Path) -> None:
    path = tmp_path / "plan.gpkg"
    write(parcel_layer(2), path, "Enkelbestemming")
    layer = QgsVectorLayer(f"{path}|layername=Enkelbestemming", "Enkelbestemming", "ogr")
    assert layers.imro_geopackage(layer, ("Enkelbestemming", "Bouwvlak")) == path
    with pytest.raises(layers.LayerProblem, match="not a layer of a GeoPackage made by"):
        layers.imro_geopackage(parcel_layer(1), ("Enkelbestemming",))


def test_messages_name_layers_instead_of_temporary_files() -> None:
    given = [layers.EngineInput(Path("/tmp/x/parcels.gpkg"), "layer 'Percelen BRK'")]
    message = "/tmp/x/parcels.gpkg, layer 'parcels': has no CRS"
    assert layers.name_inputs(message, given) == "layer 'Percelen BRK', layer 'parcels': has no CRS"


def test_results_open_read_only_or_say_why(qgis_app, tmp_path: Path) -> None:
    path = tmp_path / "shortlist.gpkg"
    write(parcel_layer(4), path, "parcels")
    result = layers.result_layer(path, "parcels", "scored parcels")
    assert result.featureCount() == 4 and result.name() == "scored parcels"
    with pytest.raises(layers.LayerProblem, match="could not be opened"):
        layers.result_layer(path, "sites", "sites")
