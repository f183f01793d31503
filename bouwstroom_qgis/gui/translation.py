"""The interface language and its Qt translator (resources/i18n/bouwstroom_<lang>.qm).

Dutch when the plugin's language setting says so, or, without it, when QGIS itself runs
in Dutch (its ``locale/userLocale`` setting when the user overrode the system locale,
else the system's); English otherwise. English is the source language: it needs no file.
"""

from __future__ import annotations

import logging

from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator

from bouwstroom_qgis import paths, settings

log = logging.getLogger(__name__)

LANGUAGES = ("nl", "en")


def qgis_locale() -> str:
    """The locale QGIS runs in, e.g. ``nl_NL``."""
    qgis = QgsSettings()
    if qgis.value("locale/overrideFlag", False, type=bool):
        chosen = str(qgis.value("locale/userLocale", "", type=str) or "")
        if chosen:
            return chosen
    return QLocale().name()


def ui_language() -> str:
    """``nl`` or ``en``: the plugin's setting, else the language QGIS runs in."""
    chosen = settings.LANGUAGE.value().strip().lower()
    if chosen in LANGUAGES:
        return chosen
    return "nl" if qgis_locale().lower().startswith("nl") else "en"


def install_translator(language: str | None = None) -> QTranslator | None:
    """Load and install the translator for ``language``; None for English or no file."""
    language = language or ui_language()
    if language == "en":
        return None
    path = paths.resource("i18n", f"bouwstroom_{language}.qm")
    translator = QTranslator()
    if not translator.load(str(path)):
        log.warning("The %s translation could not be loaded from %s", language, path)
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove_translator(translator: QTranslator | None) -> None:
    """Undo ``install_translator``."""
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
