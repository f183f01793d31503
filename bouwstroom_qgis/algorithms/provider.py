"""The Processing provider "Bouwstroom Noord" (id ``bouwstroom``)."""

from __future__ import annotations

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from bouwstroom_qgis import paths
from bouwstroom_qgis.algorithms.assemble_sites import AssembleSitesAlgorithm
from bouwstroom_qgis.algorithms.bundle_sites import BundleSitesAlgorithm
from bouwstroom_qgis.algorithms.estimate_capacity import EstimateCapacityAlgorithm
from bouwstroom_qgis.algorithms.export_shortlist import ExportShortlistAlgorithm
from bouwstroom_qgis.algorithms.import_imro import ImportImroAlgorithm
from bouwstroom_qgis.algorithms.score_parcels import ScoreParcelsAlgorithm

ALGORITHMS = (
    ImportImroAlgorithm,
    ScoreParcelsAlgorithm,
    AssembleSitesAlgorithm,
    EstimateCapacityAlgorithm,
    BundleSitesAlgorithm,
    ExportShortlistAlgorithm,
)


class BouwstroomProvider(QgsProcessingProvider):
    """Holds one instance of each Bouwstroom algorithm."""

    def id(self) -> str:
        return "bouwstroom"

    def name(self) -> str:
        return "Bouwstroom Noord"

    def longName(self) -> str:
        return "Bouwstroom Noord: housing sites for the northern build stream"

    def icon(self) -> QIcon:
        return QIcon(str(paths.resource("icons", "bouwstroom.svg")))

    def loadAlgorithms(self) -> None:
        for algorithm in ALGORITHMS:
            self.addAlgorithm(algorithm())

    def supportedOutputVectorLayerExtensions(self) -> list[str]:
        return ["gpkg"]  # the engine writes GeoPackages
