"""What the algorithms that take a layer of sites share: its parameters, its hand-over to
the engine, the engine's GeoPackage and copying its layers into Processing's sinks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import (
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
)

from bouwstroom_qgis import layers
from bouwstroom_qgis.algorithms import enums
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm
from bouwstroom_qgis.layers import EngineInput

SITES = "SITES"
ID_FIELD = "ID_FIELD"


def add_site_parameters(algorithm: BouwstroomAlgorithm, label: str, id_label: str) -> None:
    """The polygon layer of sites and its optional id field, with their translated labels.

    The algorithms translate the labels themselves (``self.tr``), so that the strings
    stay in their class's translation context.
    """
    algorithm.addParameter(
        QgsProcessingParameterFeatureSource(SITES, label, [enums.VECTOR_POLYGON])
    )
    algorithm.addParameter(
        QgsProcessingParameterField(
            ID_FIELD,
            id_label,
            parentLayerParameterName=SITES,
            type=enums.FIELD_ANY,
            optional=True,
        )
    )


def site_arguments(
    algorithm: BouwstroomAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    work: Path,
    role: str,
    id_role: str,
    required: dict[str, str] | None = None,
) -> tuple[list[str], EngineInput]:
    """The sites file handed to the engine and its arguments (the file, ``--id-field``).

    ``role`` and ``id_role`` name the layer and the id field in messages; ``required``
    maps a readable name to each field the engine needs, checked before anything runs.
    """
    value = parameters.get(SITES)
    selected = False
    if isinstance(value, QgsProcessingFeatureSourceDefinition):
        # The layer itself, not a feature source: it is handed over as a whole file.
        selected, value = value.selectedFeaturesOnly, value.source.staticValue()
    sites = layers.check_layer(
        algorithm.parameterAsVectorLayer({SITES: value}, SITES, context),
        role,
        polygons=True,
        selected_only=selected,
    )
    if required:
        layers.check_fields(sites, role, required)
    item = layers.engine_input(
        sites, work, "sites", context.transformContext(), selected_only=selected
    )
    arguments = [str(item.path)]
    id_fields = algorithm.parameter_as_fields(parameters, ID_FIELD, context)
    if id_fields:
        layers.check_fields(sites, role, {id_role: id_fields[0]})
        arguments += ["--id-field", id_fields[0]]
    return arguments, item


def gpkg_destination(
    algorithm: BouwstroomAlgorithm,
    parameters: dict[str, Any],
    key: str,
    context: QgsProcessingContext,
) -> Path:
    """The file destination ``key`` as a GeoPackage name: the engine writes GeoPackages."""
    out = Path(algorithm.parameterAsFileOutput(parameters, key, context))
    return out if out.suffix.lower() == ".gpkg" else out.with_suffix(".gpkg")


def copy_to_sink(
    algorithm: BouwstroomAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    path: Path,
    layer_name: str,
    key: str,
) -> tuple[str, int]:
    """A layer of the engine's GeoPackage into the sink ``key``: its id and feature count."""
    result = layers.result_layer(path, layer_name, layer_name)
    sink, dest_id = algorithm.parameterAsSink(
        parameters, key, context, result.fields(), result.wkbType(), result.crs()
    )
    if sink is None:
        raise QgsProcessingException(algorithm.invalidSinkError(parameters, key))
    if not sink.addFeatures(result.getFeatures(), QgsFeatureSink.Flag.FastInsert):
        raise QgsProcessingException(
            algorithm.tr("The layer '{}' could not be written.").format(layer_name)
        )
    return dest_id, result.featureCount()
