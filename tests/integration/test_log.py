"""The plugin's logging reaches the QGIS message log through one handler, removed cleanly."""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsApplication

from bouwstroom_qgis import log


def received() -> list[tuple[str, str, int]]:
    seen: list[tuple[str, str, int]] = []
    QgsApplication.messageLog().messageReceived.connect(
        lambda text, tag, level: seen.append((tag, text, level))
    )
    return seen


def test_records_arrive_in_the_message_log_with_their_level(qgis_app) -> None:
    seen = received()
    logger = logging.getLogger("bouwstroom_qgis.algorithms.score_parcels")
    installed = log.install()
    try:
        logger.info("scored %d parcels", 2000)
        logger.warning("3 holdings keys match no parcel")
        logger.debug("not shown at INFO")
    finally:
        log.remove(installed)
    logger.warning("after removal: nowhere in the QGIS log")
    ours = [(text, level) for tag, text, level in seen if tag == "Bouwstroom"]
    assert ours == [
        ("scored 2000 parcels", Qgis.MessageLevel.Info),
        ("3 holdings keys match no parcel", Qgis.MessageLevel.Warning),
    ]


def test_remove_restores_the_logger() -> None:
    logger = logging.getLogger(log.LOGGER_NAME)
    before = (list(logger.handlers), logger.level, logger.propagate)
    installed = log.install(logging.DEBUG)
    assert logger.handlers[-1] is installed.handler and logger.level == logging.DEBUG
    assert logger.propagate is False
    log.remove(installed)
    assert (list(logger.handlers), logger.level, logger.propagate) == before


def test_levels_map_to_qgis_levels() -> None:
    assert log.message_level(logging.DEBUG) == Qgis.MessageLevel.Info
    assert log.message_level(logging.INFO) == Qgis.MessageLevel.Info
    assert log.message_level(logging.WARNING) == Qgis.MessageLevel.Warning
    assert log.message_level(logging.ERROR) == Qgis.MessageLevel.Critical
    assert log.message_level(logging.CRITICAL) == Qgis.MessageLevel.Critical
