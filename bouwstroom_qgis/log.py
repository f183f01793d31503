"""Route the plugin's stdlib logging to the QGIS message log, through one handler.

``install()`` adds the handler to the ``bouwstroom_qgis`` logger and ``remove()`` takes
it away again with the logger's previous level and propagation, so unloading the plugin
leaves logging exactly as it found it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from qgis.core import Qgis, QgsMessageLog

LOGGER_NAME = "bouwstroom_qgis"
TAG = "Bouwstroom"


def message_level(levelno: int) -> Qgis.MessageLevel:
    """The QGIS message level for a logging level."""
    if levelno >= logging.ERROR:
        return Qgis.MessageLevel.Critical
    if levelno >= logging.WARNING:
        return Qgis.MessageLevel.Warning
    return Qgis.MessageLevel.Info


class MessageLogHandler(logging.Handler):
    """Writes each record to the QGIS message log under the tag ``Bouwstroom``."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
            notify = record.levelno >= logging.WARNING
            QgsMessageLog.logMessage(text, TAG, message_level(record.levelno), notify)
        except Exception:  # a log call must never break the caller (logging's own rule)
            self.handleError(record)


@dataclass
class Installed:
    """The handler and the logger state it replaced."""

    handler: MessageLogHandler
    level: int
    propagate: bool


def install(level: int = logging.INFO) -> Installed:
    """Send the plugin's log records to the QGIS message log (and nowhere else)."""
    logger = logging.getLogger(LOGGER_NAME)
    installed = Installed(MessageLogHandler(), logger.level, logger.propagate)
    installed.handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(installed.handler)
    logger.setLevel(level)
    logger.propagate = False  # QGIS's own Python may log to stderr; say things once
    return installed


def remove(installed: Installed) -> None:
    """Undo ``install``: the handler goes, level and propagation are restored."""
    logger = logging.getLogger(LOGGER_NAME)
    logger.removeHandler(installed.handler)
    logger.setLevel(installed.level)
    logger.propagate = installed.propagate
    installed.handler.close()
