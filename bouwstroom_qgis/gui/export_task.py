"""The dock's "Export shortlist…": ``bouwstroom:export_shortlist`` as a background task.

The algorithm runs in a ``QgsProcessingAlgRunnerTask`` (progress in the task bar and the
dock, cancel, no freeze); its context and feedback live as long as the task. ``on_done``
gets the outcome once, in the main thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox, QWidget

from bouwstroom_qgis.algorithms.export_shortlist import LANGUAGES, ExportShortlistAlgorithm

log = logging.getLogger(__name__)

# Files an export writes beside the result's own; any of them present means a replace.
EXPORT_FILES = ("shortlist.xlsx", "shortlist.pdf", "shortlist.html", "sites.geojson")


@dataclass
class ExportOutcome:
    """How an export ended: the files written, or why not."""

    out_dir: Path
    ok: bool = False
    cancelled: bool = False
    message: str = ""
    files: dict[str, str] = field(default_factory=dict)


class ErrorFeedback(QgsProcessingFeedback):
    """Keeps the errors the algorithm reports (from the worker thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.errors: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.errors.append(error)
        super().reportError(error, fatalError)


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomDock", text)


def existing_exports(out_dir: Path) -> list[str]:
    """Names of earlier export files in ``out_dir`` that a new export would replace."""
    return [name for name in EXPORT_FILES if (Path(out_dir) / name).exists()]


def ask_export_folder(parent: QWidget, result_dir: Path) -> tuple[Path, bool] | None:
    """The folder the user picks (the result's own first) and whether to replace an export.

    None when the user cancels the folder or declines replacing an earlier export.
    """
    folder = QFileDialog.getExistingDirectory(parent, tr("Export shortlist to"), str(result_dir))
    if not folder:
        return None
    existing = existing_exports(Path(folder))
    if existing:
        question = tr("{} already holds an export ({}). Replace it?")
        answer = QMessageBox.question(
            parent, tr("Export shortlist"), question.format(folder, ", ".join(existing))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return None
    return Path(folder), bool(existing)


def export_parameters(
    result_dir: Path, out_dir: Path, language: str, overwrite: bool
) -> dict[str, Any]:
    """The algorithm's parameters; the result folder itself is exported in place."""
    parameters: dict[str, Any] = {
        ExportShortlistAlgorithm.RESULT: str(result_dir),
        ExportShortlistAlgorithm.LANGUAGE: LANGUAGES.index(language),
        ExportShortlistAlgorithm.OVERWRITE: overwrite,
    }
    if Path(out_dir).resolve() != Path(result_dir).resolve():
        parameters[ExportShortlistAlgorithm.OUTPUT_FOLDER] = str(out_dir)
    return parameters


class ExportRun:
    """One export as a task; ``task`` goes to the task manager, ``on_done`` hears the end."""

    def __init__(
        self,
        project: QgsProject,
        result_dir: Path,
        out_dir: Path,
        language: str,
        overwrite: bool,
        on_done: Callable[[ExportOutcome], None],
    ) -> None:
        self.outcome = ExportOutcome(Path(out_dir))
        self.on_done = on_done
        self.context = QgsProcessingContext()
        self.context.setProject(project)
        self.feedback = ErrorFeedback()
        algorithm = ExportShortlistAlgorithm().create()
        parameters = export_parameters(result_dir, out_dir, language, overwrite)
        self.task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        self.task.executed.connect(self._executed)

    def cancel(self) -> None:
        self.task.cancel()

    def _executed(self, ok: bool, results: dict) -> None:  # main thread
        outcome = self.outcome
        outcome.cancelled = self.feedback.isCanceled()
        outcome.ok = bool(ok) and not outcome.cancelled and bool(results)
        outcome.files = {k: str(v) for k, v in (results or {}).items() if v}
        if not outcome.ok and not outcome.cancelled:
            outcome.message = next(iter(self.feedback.errors), "")
        self.on_done(outcome)
