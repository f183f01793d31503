"""``bouwstroom:assemble_sites``: scored sites with their capacity, as ``bouwstroom sites``."""

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
    QgsProcessingUtils,
)

from bouwstroom_qgis.algorithms import enums, result_styling
from bouwstroom_qgis.algorithms.score_parcels import ScoreParcelsAlgorithm
from bouwstroom_qgis.algorithms.site_layers import copy_to_sink

SITES_LAYER, LAYOUTS_LAYER = "sites", "layouts"

HELP = """Scores every parcel, assembles the parcels into sites by the scenario's [sites] \
rules, estimates how many homes of each concept fit on every site and scores the sites, \
exactly as the command <code>bouwstroom sites</code> does.

The inputs are those of "Score parcels": the scenario file, and layers that replace the \
inputs it names. The scenario says how parcels join (same owner, same owner type or any \
owner; same zoning or not; a tolerance in metres; a maximum site size), which concept \
catalogue to use and which constraint layers are unbuildable.

<b>Sites</b>: one feature per site with its parcels, owners, municipality, area, \
buildable area, homes per concept, the best concept, density, score, rank and an \
explanation; a site without homes says why.
<b>Plot layouts</b> (optional): the buildings, plots and parking and green strips of \
every concept on every site, to see on the map.

The engine runs as its own Python process. The shortlist folder gets shortlist.gpkg \
(parcels, sites and, when asked, layouts), shortlist.csv, sites.csv and report.txt."""


class AssembleSitesAlgorithm(ScoreParcelsAlgorithm):
    """The inputs of "Score parcels"; sites (and plot layouts) as outputs."""

    ID = "assemble_sites"
    TITLE = "Assemble and size sites"
    HELP = HELP
    ICON = "bouwstroom.svg"

    LAYOUTS = "LAYOUTS"
    SITES_CSV = "SITES_CSV"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        super().initAlgorithm(config)
        # the same inputs and folder; sites take the place of the scored parcels
        self.removeParameter(self.OUTPUT)
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Sites"), enums.VECTOR_POLYGON)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.LAYOUTS,
                self.tr("Plot layouts"),
                enums.VECTOR_POLYGON,
                optional=True,
                createByDefault=False,
            )
        )
        self.addOutput(QgsProcessingOutputFile(self.SITES_CSV, self.tr("Sites table (CSV)")))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        scenario = self.parameterAsFile(parameters, self.SCENARIO, context)
        out_dir = Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context))
        with_layouts = bool(parameters.get(self.LAYOUTS))
        work = Path(tempfile.mkdtemp(prefix="bouwstroom_", dir=QgsProcessingUtils.tempFolder()))
        try:
            arguments, inputs = self.engine_arguments(parameters, context, work)
            command = ["sites", scenario, "--out", str(out_dir), "--overwrite", *arguments]
            if with_layouts:
                command.append("--layouts")
            self.run_engine(command, feedback, inputs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if feedback.isCanceled():
            return {}
        shortlist = out_dir / "shortlist.gpkg"
        results = {
            self.OUTPUT_FOLDER: str(out_dir),
            self.SHORTLIST_GPKG: str(shortlist),
            self.SHORTLIST_CSV: str(out_dir / "shortlist.csv"),
            self.SITES_CSV: str(out_dir / "sites.csv"),
            self.REPORT: str(out_dir / "report.txt"),
        }
        sites = copy_to_sink(self, parameters, context, shortlist, SITES_LAYER, self.OUTPUT)
        results[self.OUTPUT] = sites[0]
        feedback.pushInfo(self.tr("{} sites").format(sites[1]))
        outputs = [(self.OUTPUT, sites[0], result_styling.SITES)]
        if with_layouts:
            results[self.LAYOUTS] = copy_to_sink(
                self, parameters, context, shortlist, LAYOUTS_LAYER, self.LAYOUTS
            )[0]
            outputs.append((self.LAYOUTS, results[self.LAYOUTS], result_styling.LAYOUTS))
        self.style_results(parameters, context, feedback, outputs, scenario, out_dir)
        return results
