"""A run of the engine as a QGIS background task: progress in the task bar, cancel, no freeze.

The engine is its own process (``engine_process``); this task only waits for it in a
worker thread, passing its progress on and stopping it when the task is cancelled.
``finished`` runs in the main thread and hands the outcome to the dock.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import QgsCoordinateTransformContext, QgsTask, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication

from bouwstroom_qgis import layers, settings
from bouwstroom_qgis.engine_process import EngineCancelled, EngineFailed, run_engine
from bouwstroom_qgis.engine_python import EngineNotFound, find_engine_python
from bouwstroom_qgis.gui.inputs_panel import Inputs, zoning_file
from bouwstroom_qgis.layers import EngineInput, name_inputs

log = logging.getLogger(__name__)


@dataclass
class RunOutcome:
    """How a run ended: the output folder, or the message saying why not."""

    out_dir: Path
    ok: bool = False
    cancelled: bool = False
    message: str = ""
    lines: list[str] = field(default_factory=list)


def tr(text: str) -> str:
    return QCoreApplication.translate("EngineTask", text)


class EngineTask(QgsTask):
    """Runs ``bouwstroom run SCENARIO --out DIR ...`` and reports back once, in the main thread."""

    def __init__(
        self,
        arguments: Sequence[str],
        out_dir: Path,
        inputs: Sequence[EngineInput],
        on_done: Callable[[RunOutcome], None],
    ) -> None:
        super().__init__(tr("Bouwstroom: scoring parcels"), QgsTask.Flag.CanCancel)
        self.arguments = list(arguments)
        self.inputs = list(inputs)
        self.outcome = RunOutcome(out_dir)
        self.on_done = on_done
        self.message_text = ""

    def run(self) -> bool:  # worker thread: no widgets here
        def on_progress(fraction: float, message: str) -> None:
            self.setProgress(100.0 * fraction)
            self.message_text = message

        def on_line(text: str, is_stderr: bool) -> None:
            self.outcome.lines.append(text)

        try:
            engine = find_engine_python(settings.ENGINE_PYTHON.value())
            run_engine(
                engine,
                self.arguments,
                on_progress=on_progress,
                on_line=on_line,
                is_cancelled=self.isCanceled,
            )
        except EngineCancelled:
            self.outcome.cancelled = True
            return False
        except EngineFailed as error:
            self.outcome.message = name_inputs(str(error), self.inputs)
            return False
        except EngineNotFound as error:
            self.outcome.message = str(error)
            return False
        except Exception as error:  # a task must end with a message, never silently
            log.exception("The engine run failed")
            self.outcome.message = f"{type(error).__name__}: {error}"
            return False
        self.outcome.ok = True
        return True

    def finished(self, result: bool) -> None:  # main thread
        if self.isCanceled():
            self.outcome.cancelled = True
        self.on_done(self.outcome)


def run_arguments(
    chosen: Inputs,
    scenario: str,
    out_dir: Path,
    work: Path,
    context: QgsCoordinateTransformContext,
) -> tuple[list[str], list[EngineInput]]:
    """``run SCENARIO --out DIR`` with the chosen layers, as files the engine reads.

    A layer the engine reads as it is goes by its path; others are written to ``work``
    in bulk first (``layers.engine_input``).
    """
    arguments = ["run", scenario, "--out", str(out_dir), "--overwrite"]
    inputs: list[EngineInput] = []

    def add(option: str, layer: QgsVectorLayer, name: str) -> None:
        item = layers.engine_input(layer, work, name, context)
        inputs.append(item)
        arguments.extend([option, str(item.path)])

    if chosen.parcels is not None:
        add("--parcels", chosen.parcels, "parcels")
        if chosen.id_field:
            arguments.extend(["--id-field", chosen.id_field])
    if chosen.zoning is not None:
        arguments.extend(["--zoning", str(zoning_file(chosen.zoning))])
    if chosen.holdings is not None:
        add("--holdings", chosen.holdings, "holdings")
        arguments.extend(["--owner-field", chosen.owner_field])
        arguments.extend(["--owner-type-field", chosen.owner_type_field])
    if chosen.boundaries is not None:
        add("--boundaries", chosen.boundaries, "boundaries")
        if chosen.name_field:
            arguments.extend(["--name-field", chosen.name_field])
    return arguments, inputs
