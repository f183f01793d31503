"""``bouwstroom:import_imro``: an IMRO plan GML as a zoning GeoPackage, one layer a type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsVectorLayer,
)

from bouwstroom_qgis import layers
from bouwstroom_qgis.algorithms import enums
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm

HELP = """Converts an IMRO bestemmingsplan (IMRO2006, 2008 or 2012 GML from \
ruimtelijkeplannen.nl) to a GeoPackage with one layer per object type (Enkelbestemming, \
Dubbelbestemming, Bouwvlak, aanduidingen, ...), with the main group (hoofdgroep), name, \
plan id and plan status of every object. Arcs and circles are made straight within a \
stated tolerance; names that cannot be mapped to a main group are listed in the log.

Reading the GML is the slow part of zoning: converted once, the plan opens in QGIS as \
ordinary layers and "Score parcels" reads it quickly. Same as the command \
<code>bouwstroom import-imro</code>."""


class ImportImroAlgorithm(BouwstroomAlgorithm):
    ID = "import_imro"
    TITLE = "Import IMRO zoning plan"
    HELP = HELP
    ICON = "import_imro.svg"

    INPUT = "INPUT"
    OUTPUT = "OUTPUT"
    LAYERS = "LAYERS"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("IMRO plan (GML)"),
                behavior=enums.FILE,
                fileFilter=self.tr("IMRO GML (*.gml *.xml *.GML *.XML)"),
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Zoning GeoPackage"), self.tr("GeoPackage (*.gpkg)")
            )
        )
        self.addOutput(QgsProcessingOutputMultipleLayers(self.LAYERS, self.tr("Zoning layers")))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        plan = self.parameterAsFile(parameters, self.INPUT, context)
        out = Path(self.parameterAsFileOutput(parameters, self.OUTPUT, context))
        self.run_engine(["import-imro", plan, "--out", str(out), "--overwrite"], feedback)
        if feedback.isCanceled():
            return {}
        uris = []
        for name in layers.layer_names(out):
            layer = QgsVectorLayer(f"{out}|layername={name}", name, "ogr")
            uris.append(layer.source())
            if context.project() is not None:  # loaded into the project like other outputs
                context.temporaryLayerStore().addMapLayer(layer)
                details = QgsProcessingContext.LayerDetails(name, context.project(), self.OUTPUT)
                context.addLayerToLoadOnCompletion(layer.id(), details)
        feedback.pushInfo(self.tr("{} zoning layers written").format(len(uris)))
        return {self.OUTPUT: str(out), self.LAYERS: uris}
