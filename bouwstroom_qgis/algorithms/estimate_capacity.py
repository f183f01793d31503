"""``bouwstroom:estimate_capacity``: homes per concept for any polygon layer of sites.

The same as ``bouwstroom capacity``: the layer may be the sites of "Assemble and size
sites", a planner's own sketch, or any other polygons.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from bouwstroom_qgis import layers, paths
from bouwstroom_qgis.algorithms import enums, result_styling
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm
from bouwstroom_qgis.algorithms.site_layers import (
    ID_FIELD,
    SITES,
    add_site_parameters,
    copy_to_sink,
    gpkg_destination,
    site_arguments,
)
from bouwstroom_qgis.core import schema  # constants only: safe inside QGIS
from bouwstroom_qgis.layers import EngineInput

CAPACITY_LAYER, LAYOUTS_LAYER = "capacity", "layouts"
SHIPPED_CONCEPTS = "concepts.toml"  # the engine's catalogue without --concepts

HELP = """Estimates how many homes of each concept home fit on every site, exactly as the \
command <code>bouwstroom capacity</code> does: rows of plots with their parking and green \
are laid out on the buildable area (the site minus a setback, unbuildable land and zoning \
that does not allow the concept; inside Bouwvlakken where the plan has them).

<b>Sites</b>: any polygon layer: the sites of "Assemble and size sites", a sketch of your \
own, plots from a land register. "Selected features only" is honoured.
<b>Site id field</b>: names the sites in the results; without it the field site_id is \
used when the layer has one, else the feature ids.
<b>Concept catalogue</b>: a concept file (TOML); the shipped catalogue when empty.
<b>Zoning</b>: GeoPackages made by "Import IMRO zoning plan" and/or IMRO GML files. \
Without zoning, zoning limits nothing.
<b>Unbuildable land</b>: polygon layers no home, garden, parking or green may touch \
(Natura 2000, pipeline strips).

Outputs: per site its fields, area, homes per concept, the best concept, buildings, \
footprint, floor area, coverage, density and, where nothing fits, why; optionally the \
plot layouts. The engine runs as its own Python process and also writes the capacity \
GeoPackage and a CSV of the table beside it."""


class EstimateCapacityAlgorithm(BouwstroomAlgorithm):
    ID = "estimate_capacity"
    TITLE = "Estimate housing capacity"
    HELP = HELP
    ICON = "bouwstroom.svg"

    SITES = SITES
    ID_FIELD = ID_FIELD
    CONCEPTS = "CONCEPTS"
    ZONING = "ZONING"
    ZONING_FILES = "ZONING_FILES"
    EXCLUSIONS = "EXCLUSIONS"
    OUTPUT = "OUTPUT"
    LAYOUTS = "LAYOUTS"
    CAPACITY_FILE = "CAPACITY_FILE"
    CAPACITY_CSV = "CAPACITY_CSV"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        tr = self.tr
        add_site_parameters(self, tr("Sites"), tr("Site id field"))
        self.addParameter(
            QgsProcessingParameterFile(
                self.CONCEPTS,
                tr("Concept catalogue (the shipped one when empty)"),
                behavior=enums.FILE,
                extension="toml",
                optional=True,
            )
        )
        for key, text, kind in (
            (self.ZONING, tr("Zoning layers (from Import IMRO zoning plan)"), enums.VECTOR_POLYGON),
            (self.ZONING_FILES, tr("Zoning plans (IMRO GML or GeoPackage files)"), enums.FILES),
            (self.EXCLUSIONS, tr("Unbuildable land"), enums.VECTOR_GEOMETRY),
        ):
            self.addParameter(QgsProcessingParameterMultipleLayers(key, text, kind, optional=True))
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Capacity"), enums.VECTOR_POLYGON)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.LAYOUTS,
                tr("Plot layouts"),
                enums.VECTOR_POLYGON,
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.CAPACITY_FILE, tr("Capacity GeoPackage"), tr("GeoPackage (*.gpkg)")
            )
        )
        self.addOutput(QgsProcessingOutputFile(self.CAPACITY_CSV, tr("Capacity table (CSV)")))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        out = gpkg_destination(self, parameters, self.CAPACITY_FILE, context)
        with_layouts = bool(parameters.get(self.LAYOUTS))
        work = Path(tempfile.mkdtemp(prefix="bouwstroom_", dir=QgsProcessingUtils.tempFolder()))
        try:
            arguments, inputs = self.engine_arguments(parameters, context, work)
            command = ["capacity", *arguments, "--out", str(out), "--overwrite"]
            if with_layouts:
                command.append("--layouts")
            self.run_engine(command, feedback, inputs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if feedback.isCanceled():
            return {}
        results: dict[str, Any] = {
            self.CAPACITY_FILE: str(out),
            self.CAPACITY_CSV: str(out.with_suffix(".csv")),
        }
        results[self.OUTPUT], count = copy_to_sink(
            self, parameters, context, out, CAPACITY_LAYER, self.OUTPUT
        )
        feedback.pushInfo(self.tr("Capacity of {} sites").format(count))
        outputs = [(self.OUTPUT, results[self.OUTPUT], result_styling.SITES)]
        if with_layouts:
            results[self.LAYOUTS] = copy_to_sink(
                self, parameters, context, out, LAYOUTS_LAYER, self.LAYOUTS
            )[0]
            outputs.append((self.LAYOUTS, results[self.LAYOUTS], result_styling.LAYOUTS))
        concepts = self.parameterAsFile(parameters, self.CONCEPTS, context)
        catalogue = Path(concepts) if concepts else paths.resource("concepts", SHIPPED_CONCEPTS)
        result_styling.style_results(
            self, parameters, context, feedback, outputs, (result_styling.CONCEPTS, catalogue), out
        )
        return results

    def engine_arguments(
        self, parameters: dict[str, Any], context: QgsProcessingContext, work: Path
    ) -> tuple[list[str], list[EngineInput]]:
        """Command-line arguments for the given layers, and the files handed over."""
        transform = context.transformContext()
        arguments, item = site_arguments(self, parameters, context, work, "sites", "site id field")
        inputs = [item]
        concepts = self.parameterAsFile(parameters, self.CONCEPTS, context)
        if concepts:
            arguments += ["--concepts", concepts]
        zoning = self.layers_of(parameters, self.ZONING, "zoning", context)
        plans = [layers.imro_geopackage(layer, schema.IMRO_OBJECT_TYPES) for layer in zoning]
        files = self.parameterAsFileList(parameters, self.ZONING_FILES, context)
        plans += [Path(f) for f in files if f]
        for plan in dict.fromkeys(plans):  # a plan once, however many of its layers are chosen
            arguments += ["--zoning", str(plan)]
        unbuildable = self.layers_of(parameters, self.EXCLUSIONS, "unbuildable land", context)
        for i, layer in enumerate(unbuildable):
            item = layers.engine_input(layer, work, f"unbuildable_{i}", transform)
            inputs.append(item)
            arguments += ["--exclude", str(item.path)]
        return arguments, inputs

    def layers_of(
        self, parameters: dict[str, Any], key: str, role: str, context: QgsProcessingContext
    ) -> list[QgsVectorLayer]:
        chosen = self.parameterAsLayerList(parameters, key, context)
        return [layers.check_layer(layer, role, polygons=role == "zoning") for layer in chosen]
