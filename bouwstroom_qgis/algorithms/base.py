"""What every Bouwstroom algorithm shares: names, help, icon, and running the engine."""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from typing import Any

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from bouwstroom_qgis import paths, settings
from bouwstroom_qgis.engine_process import (
    EngineCancelled,
    EngineFailed,
    EngineOutput,
    engine_command,
    run_engine,
)
from bouwstroom_qgis.engine_python import EngineNotFound, find_engine_python
from bouwstroom_qgis.layers import EngineInput, LayerProblem, name_inputs

# No public project page exists yet; Processing then shows the algorithm's own help.
HELP_URL = ""


class BouwstroomAlgorithm(QgsProcessingAlgorithm):
    """A thin Processing algorithm over one engine command.

    Subclasses set ``ID``, ``TITLE``, ``HELP`` and ``ICON`` and implement ``initAlgorithm``
    and ``compute`` (never ``run``: that is QGIS's own entry point, used by processing.run).
    Problems a user can fix become a ``QgsProcessingException`` with one clear message,
    never a traceback.
    """

    ID = ""
    TITLE = ""
    HELP = ""
    ICON = "bouwstroom.svg"

    def tr(self, text: str) -> str:
        return QCoreApplication.translate(type(self).__name__, text)

    def createInstance(self) -> BouwstroomAlgorithm:
        return type(self)()

    def name(self) -> str:
        return self.ID

    def displayName(self) -> str:
        return self.tr(self.TITLE)

    def shortHelpString(self) -> str:
        return self.tr(self.HELP)

    def helpUrl(self) -> str:
        return HELP_URL

    def icon(self) -> QIcon:
        return QIcon(str(paths.resource("icons", self.ICON)))

    def parameter_as_fields(
        self, parameters: dict[str, Any], key: str, context: QgsProcessingContext
    ) -> list[str]:
        """The field names chosen for a field parameter (empty when none).

        QGIS 3.32 renamed ``parameterAsFields`` to ``parameterAsStrings``, and 3.40 warns
        on every call of the old name; 3.22 has only the old one.
        """
        if hasattr(self, "parameterAsStrings"):
            return self.parameterAsStrings(parameters, key, context)
        return self.parameterAsFields(parameters, key, context)

    def processAlgorithm(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        try:
            return self.compute(parameters, context, feedback)
        except EngineCancelled:
            feedback.pushInfo(self.tr("Cancelled; the engine stopped and wrote no output."))
            return {}
        except (LayerProblem, EngineFailed, EngineNotFound) as error:
            raise QgsProcessingException(str(error)) from None

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        raise NotImplementedError

    def run_engine(
        self,
        arguments: Sequence[str],
        feedback: QgsProcessingFeedback,
        inputs: Sequence[EngineInput] = (),
    ) -> EngineOutput:
        """Run one engine command with progress, cancel and its messages in the log."""
        engine = find_engine_python(settings.ENGINE_PYTHON.value())
        feedback.pushCommandInfo(subprocess.list2cmdline(engine_command(engine.path, arguments)))
        shown = [""]

        def on_progress(fraction: float, message: str) -> None:
            feedback.setProgress(100.0 * fraction)
            if message != shown[0]:
                shown[0] = message
                feedback.setProgressText(message)

        def on_line(text: str, is_stderr: bool) -> None:
            (feedback.pushConsoleInfo if is_stderr else feedback.pushInfo)(text)

        try:
            return run_engine(
                engine,
                arguments,
                on_progress=on_progress,
                on_line=on_line,
                is_cancelled=feedback.isCanceled,
            )
        except EngineFailed as error:
            raise EngineFailed(name_inputs(str(error), list(inputs))) from None
