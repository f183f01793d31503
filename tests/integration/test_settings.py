"""Settings are declared once and live in the (temporary) QGIS profile."""

from __future__ import annotations

from qgis.core import QgsSettings

from bouwstroom_qgis import settings


def test_every_setting_is_declared_once_under_the_prefix() -> None:
    paths = [s.path for s in settings.ALL]
    assert paths == ["bouwstroom/engine/python", "bouwstroom/ui/language"]
    assert all(s.description for s in settings.ALL)


def test_values_round_trip_through_the_profile(qgis_app) -> None:
    setting = settings.ENGINE_PYTHON
    assert setting.value() == ""
    setting.set_value("/opt/engine/bin/python")
    try:
        assert QgsSettings().value("bouwstroom/engine/python") == "/opt/engine/bin/python"
        assert setting.value() == "/opt/engine/bin/python"
    finally:
        setting.reset()
    assert setting.value() == "" and "bouwstroom/engine/python" not in QgsSettings().allKeys()
