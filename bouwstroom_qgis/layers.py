"""QGIS layers <-> the files the engine reads and writes: the one place that converts.

A layer the engine can read as it is (one layer in a GeoPackage, shapefile, GeoJSON or
FlatGeobuf file, without a filter) is passed by its path, so the engine sees exactly
what the command line would. Any other layer (memory, WFS or OGC API from PDOK,
PostGIS, a filtered layer, a layer in a multi-layer file, "selected features only") is
written to a GeoPackage in bulk by ``QgsVectorFileWriter``, without a Python loop over
its features. Results come back as ``QgsVectorLayer``s on the engine's GeoPackage.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateTransformContext,
    QgsFeatureRequest,
    QgsProviderRegistry,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QCoreApplication

# QGIS >= 3.30 names geometry types in Qgis.GeometryType; QGIS 4 drops the old place.
POLYGON = (
    Qgis.GeometryType.Polygon
    if hasattr(Qgis, "GeometryType")
    else QgsWkbTypes.GeometryType.PolygonGeometry
)
# Files the engine reads directly through GDAL with the same result as QGIS shows.
PASS_THROUGH_SUFFIXES = frozenset({".gpkg", ".shp", ".geojson", ".json", ".fgb"})


class LayerProblem(ValueError):
    """A layer that cannot be used, with what to do about it (one line)."""


@dataclass(frozen=True)
class EngineInput:
    """A file handed to the engine and how messages should name it."""

    path: Path
    label: str


def file_path(layer: QgsVectorLayer) -> Path | None:
    """The file behind ``layer`` when the engine can read it as it is, else None."""
    if layer.providerType() != "ogr" or layer.subsetString() or layer.source().startswith("/vsi"):
        return None
    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = Path(parts.get("path") or "")
    if path.suffix.lower() not in PASS_THROUGH_SUFFIXES or not path.is_file():
        return None
    # The engine is given a path only, so the file must hold this one layer.
    return path if len(layer_names(path)) == 1 else None


def layer_names(path: Path) -> list[str]:
    """The names of the layers in a file, in file order."""
    metadata = QgsProviderRegistry.instance().providerMetadata("ogr")
    return [detail.name() for detail in metadata.querySublayers(str(path))]


def imro_geopackage(layer: QgsVectorLayer, object_types: tuple[str, ...]) -> Path:
    """The GeoPackage written by Import IMRO that ``layer`` belongs to.

    The engine reads such a plan as a whole, so every chosen layer of it names the file.
    """
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    path = Path(parts.get("path") or "")
    if path.suffix.lower() != ".gpkg" or parts.get("layerName") not in object_types:
        raise LayerProblem(
            f"The zoning layer '{layer.name()}' is not a layer of a GeoPackage made by "
            "'Import IMRO zoning plan'; convert the plan with that algorithm first, or name "
            "the layer in the scenario with value_field and mapping."
        )
    return path


def export_layer(
    layer: QgsVectorLayer,
    path: Path,
    transform_context: QgsCoordinateTransformContext,
    *,
    selected_only: bool = False,
) -> Path:
    """Write ``layer`` (or its selection) to a new GeoPackage at ``path``, in its own CRS.

    A selection is written in feature id order, like the whole layer, so the same
    selection always gives the same file (a selection itself has no order).
    """
    if selected_only:
        by_id = QgsFeatureRequest.OrderBy([QgsFeatureRequest.OrderByClause("$id")])
        request = QgsFeatureRequest().setFilterFids(layer.selectedFeatureIds()).setOrderBy(by_id)
        layer = _named(layer.materialize(request), layer.name())
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = path.stem
    options.fileEncoding = "UTF-8"
    result = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), transform_context, options)
    error, message = result[0], result[1]
    if error != QgsVectorFileWriter.WriterError.NoError:
        raise LayerProblem(f"layer '{layer.name()}' could not be written to {path}: {message}")
    return path


def _named(layer: QgsVectorLayer, name: str) -> QgsVectorLayer:
    layer.setName(name)  # messages name the user's layer, not the copy
    return layer


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomLayers", text)


def check_layer(
    layer: QgsVectorLayer | None, role: str, *, polygons: bool, selected_only: bool = False
) -> QgsVectorLayer:
    """``layer`` when the engine can use it for ``role``; else a clear ``LayerProblem``.

    Checks what QGIS knows without reading the data: the layer opens, has a coordinate
    reference system, has the right geometry type and is not empty. Messages are in the
    interface language (``role`` comes translated from the caller).
    """
    if layer is None or not layer.isValid():
        raise LayerProblem(tr("The {role} layer could not be opened.").format(role=role))
    name = layer.name()
    if not layer.crs().isValid():
        raise LayerProblem(
            tr(
                "The {role} layer '{name}' has no coordinate reference system: set it under "
                "Layer Properties > Source (Dutch data is usually EPSG:28992, RD New)."
            ).format(role=role, name=name)
        )
    geometry = layer.geometryType()
    if polygons and geometry != POLYGON:
        kind = QgsWkbTypes.geometryDisplayString(geometry).lower()
        raise LayerProblem(
            tr("The {role} layer '{name}' has {kind} geometry; it must be a polygon layer.").format(
                role=role, name=name, kind=kind
            )
        )
    count = layer.selectedFeatureCount() if selected_only else layer.featureCount()
    if count == 0:
        text = (
            tr("The {role} layer '{name}' has no selected features.")
            if selected_only
            else tr("The {role} layer '{name}' has no features.")
        )
        raise LayerProblem(text.format(role=role, name=name))
    return layer


def check_fields(layer: QgsVectorLayer, role: str, fields: dict[str, str]) -> None:
    """Every named field is in ``layer``; ``fields`` maps what each is for to its name."""
    names = layer.fields().names()
    for purpose, field in fields.items():
        if field and field not in names:
            raise LayerProblem(
                tr(
                    "The {role} layer '{name}' has no field '{field}' ({purpose}); "
                    "its fields are: {fields}."
                ).format(
                    role=role,
                    name=layer.name(),
                    field=field,
                    purpose=purpose,
                    fields=", ".join(names),
                )
            )


def engine_input(
    layer: QgsVectorLayer,
    folder: Path,
    name: str,
    transform_context: QgsCoordinateTransformContext,
    *,
    selected_only: bool = False,
) -> EngineInput:
    """A file the engine reads for ``layer``: its own file, or a GeoPackage in ``folder``."""
    path = None if selected_only else file_path(layer)
    if path is not None:
        return EngineInput(path, str(path))
    written = export_layer(
        layer, folder / f"{name}.gpkg", transform_context, selected_only=selected_only
    )
    return EngineInput(written, f"layer '{layer.name()}'")


def name_inputs(message: str, inputs: list[EngineInput]) -> str:
    """The engine's message with the exported files named by their QGIS layers."""
    for item in inputs:
        message = message.replace(str(item.path), item.label)
    return message


def result_layer(path: Path, layer_name: str, display_name: str) -> QgsVectorLayer:
    """One layer of an engine output GeoPackage, opened read-only."""
    layer = QgsVectorLayer(f"{path}|layername={layer_name}", display_name, "ogr")
    if not layer.isValid():
        raise LayerProblem(
            f"The engine's output {path}, layer '{layer_name}', could not be opened."
        )
    return layer
