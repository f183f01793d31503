"""Dutch and English: every string of the interface has a Dutch translation, compiled into
the shipped .qm, and the plugin speaks Dutch when QGIS runs in Dutch."""

from __future__ import annotations

import importlib.util

import pytest
from qgis.core import QgsProject, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication
from qgis_session import INSTALLED, ROOT, shipped_dutch


def translations_script():
    spec = importlib.util.spec_from_file_location(
        "translations", ROOT / "scripts" / "translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def locale(qgis_app):
    """Set QGIS's own locale (as under Settings > Options > General) for one test."""
    settings = QgsSettings()

    def use(name: str) -> None:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", name)

    yield use
    settings.remove("locale/overrideFlag")
    settings.remove("locale/userLocale")


def test_every_interface_string_has_a_dutch_translation_in_the_shipped_qm(qgis_app) -> None:
    script = translations_script()
    messages = script.all_messages(INSTALLED)  # the code as installed from the zip
    assert len(messages) > 100
    done = script.read_ts(INSTALLED / "resources" / "i18n" / "bouwstroom_nl.ts")
    missing = [m for m in messages if m not in done]
    assert not missing, f"no Dutch translation for {missing[:5]}: run scripts/translations.py"
    with shipped_dutch():
        stale = [(c, s) for c, s in messages if QCoreApplication.translate(c, s) != done[(c, s)]]
    assert not stale, f"the .qm is older than the .ts for {stale[:3]}: run scripts/translations.py"


def test_dutch_when_qgis_runs_in_dutch(locale) -> None:
    from bouwstroom_qgis.gui import translation
    from bouwstroom_qgis.gui.dock import BouwstroomDock

    locale("nl_NL")
    assert translation.ui_language() == "nl"
    translator = translation.install_translator()
    assert translator is not None
    try:
        dock = BouwstroomDock(QgsProject.instance())
        assert dock.run_button.text() == "Uitvoeren"
        assert dock.cancel_button.text() == "Annuleren"
        assert dock.windowTitle() == "Bouwstroom Noord"
        assert dock.inputs.parcels_note.text() == "De percelen uit het scenario worden gebruikt."
        assert (
            QCoreApplication.translate("BouwstroomPlugin", "Score parcels…") == "Percelen scoren…"
        )
        dock.unload()
        dock.deleteLater()
    finally:
        translation.remove_translator(translator)
    assert QCoreApplication.translate("BouwstroomPlugin", "Score parcels…") == "Score parcels…"


def test_english_otherwise_and_the_plugin_setting_wins(locale) -> None:
    from bouwstroom_qgis import settings
    from bouwstroom_qgis.gui import translation
    from bouwstroom_qgis.gui.dock import BouwstroomDock

    locale("en_GB")
    assert translation.ui_language() == "en"
    assert translation.install_translator() is None
    dock = BouwstroomDock(QgsProject.instance())
    assert dock.run_button.text() == "Run"
    dock.unload()
    locale("de_DE")
    settings.LANGUAGE.set_value("nl")
    try:
        assert translation.ui_language() == "nl"
    finally:
        settings.LANGUAGE.reset()
    assert translation.ui_language() == "en"
