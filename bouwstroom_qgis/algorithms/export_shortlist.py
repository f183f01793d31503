"""``bouwstroom:export_shortlist``: a result folder exported as ``bouwstroom export`` does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
)

from bouwstroom_qgis.algorithms import enums
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm

RESULT_GPKG = "shortlist.gpkg"
LANGUAGES = ("nl", "en")
# the engine's name of a file -> the output of this algorithm that holds it
OUTPUTS = {"gpkg": "GEOPACKAGE", "xlsx": "WORKBOOK", "pdf": "PDF", "html": "HTML"}
# One line per written file on the engine's standard output: "  KEY   PATH".
WRITTEN_LINE = re.compile(r"^\s+(?P<key>\w+)\s+(?P<path>\S.*)$")

HELP = """Exports a result as the files people outside GIS use, exactly as the command \
<code>bouwstroom export</code> does: the GeoPackage completed with QGIS styles and the \
provenance of the result, the Excel workbook shortlist.xlsx, the report with a factsheet \
per site as shortlist.pdf and shortlist.html, and GeoJSON and CSV tables.

<b>Result folder</b>: the folder "Assemble and size sites", the dock or \
<code>bouwstroom run</code> wrote (it holds shortlist.gpkg).
<b>Scenario</b> (optional): only for results that do not know their own scenario.
<b>Language</b>: of the headers, the report and the legends.
<b>Export folder</b> (optional): the result folder itself when left empty.
<b>Replace existing export files</b>: without it, an export that would replace a file \
stops before writing anything.

The engine runs as its own Python process. The PDF needs matplotlib in the engine's \
Python; without it the HTML report is written alone and the log says so."""


def written_files(stdout: list[str]) -> dict[str, str]:
    """``{key: path}`` of the files the engine says it wrote, in its order."""
    return {m["key"]: m["path"] for line in stdout if (m := WRITTEN_LINE.match(line))}


class ExportShortlistAlgorithm(BouwstroomAlgorithm):
    """A result folder in; the workbook, report, styled GeoPackage and tables out."""

    ID = "export_shortlist"
    TITLE = "Export shortlist"
    HELP = HELP
    ICON = "bouwstroom.svg"

    RESULT = "RESULT"
    SCENARIO = "SCENARIO"
    LANGUAGE = "LANGUAGE"
    OVERWRITE = "OVERWRITE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    GEOPACKAGE = "GEOPACKAGE"
    WORKBOOK = "WORKBOOK"
    PDF = "PDF"
    HTML = "HTML"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        tr = self.tr
        self.addParameter(
            QgsProcessingParameterFile(self.RESULT, tr("Result folder"), behavior=enums.FOLDER)
        )
        self.addParameter(
            QgsProcessingParameterFile(
                self.SCENARIO,
                tr("Scenario (when the result does not know it)"),
                behavior=enums.FILE,
                extension="toml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.LANGUAGE, tr("Language"), options=[tr("Dutch"), tr("English")], defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.OVERWRITE, tr("Replace existing export files"), defaultValue=False
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(
                self.OUTPUT_FOLDER,
                tr("Export folder (the result folder when empty)"),
                optional=True,
                createByDefault=False,
            )
        )
        for key, text in (
            (self.GEOPACKAGE, tr("Styled GeoPackage")),
            (self.WORKBOOK, tr("Workbook (Excel)")),
            (self.PDF, tr("Report (PDF)")),
            (self.HTML, tr("Report (HTML)")),
        ):
            self.addOutput(QgsProcessingOutputFile(key, text))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        result = Path(self.parameterAsFile(parameters, self.RESULT, context))
        if not (result / RESULT_GPKG).is_file():
            raise QgsProcessingException(
                self.tr(
                    "{}: no {} in this folder; choose the folder a Bouwstroom run wrote."
                ).format(result, RESULT_GPKG)
            )
        language = LANGUAGES[self.parameterAsEnum(parameters, self.LANGUAGE, context)]
        command = ["export", str(result), "--lang", language]
        out = self.export_folder(parameters, context)
        if out is not None:
            command += ["--out", str(out)]
        scenario = self.parameterAsFile(parameters, self.SCENARIO, context)
        if scenario:
            command += ["--scenario", scenario]
        if self.parameterAsBoolean(parameters, self.OVERWRITE, context):
            command.append("--overwrite")
        output = self.run_engine(command, feedback)
        if feedback.isCanceled():
            return {}
        files = written_files(output.stdout)
        results: dict[str, Any] = {self.OUTPUT_FOLDER: str(out or result)}
        for key, path in files.items():
            if key in OUTPUTS:
                results[OUTPUTS[key]] = path
        feedback.pushInfo(self.tr("{} files written to {}").format(len(files), out or result))
        return results

    def export_folder(
        self, parameters: dict[str, Any], context: QgsProcessingContext
    ) -> Path | None:
        """The chosen export folder; None for the result folder itself.

        An empty destination is the result folder, not a temporary one: exports are
        meant to stay beside the result they come from.
        """
        value = parameters.get(self.OUTPUT_FOLDER)
        if value in (None, "", "TEMPORARY_OUTPUT"):
            return None
        text = self.parameterAsFileOutput(parameters, self.OUTPUT_FOLDER, context)
        return Path(text) if text else None
