"""A Processing feedback that keeps what an algorithm reports, for the tests to read."""

from __future__ import annotations

from qgis.core import QgsProcessingFeedback


class RecordingFeedback(QgsProcessingFeedback):
    """Keeps the errors, messages and progress Processing reports; cancels on request."""

    def __init__(self, cancel_at: float | None = None) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.commands: list[str] = []
        self.progress: list[float] = []
        self.cancel_at = cancel_at
        self.progressChanged.connect(self._on_progress)

    def _on_progress(self, value: float) -> None:
        self.progress.append(value)
        if self.cancel_at is not None and value >= self.cancel_at:
            self.cancel()

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.errors.append(error)

    def pushInfo(self, info: str) -> None:
        self.infos.append(info)

    def pushCommandInfo(self, info: str) -> None:
        self.commands.append(info)
