"""Runs inside the real QGIS desktop (``qgis --code``): load, use and unload the plugin.

Writes what it saw as JSON to ``$BOUWSTROOM_TEST_RESULT`` and quits QGIS. Driven by
test_plugin.py; not a test module itself.
"""

import json
import logging
import os
import sys

from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, loadPlugin, startPlugin, unloadPlugin

PLUGIN = "bouwstroom_qgis"
HEAVY = ("shapely", "geopandas", "pandas", "pyogrio")
messages = []
QgsApplication.messageLog().messageReceived.connect(
    lambda text, tag, level: messages.append([tag, text]) if tag == "Bouwstroom" else None
)


def menu_entries():
    for action in iface.pluginMenu().actions():
        if action.text() == "&Bouwstroom Noord" and action.menu() is not None:
            return [a.text() for a in action.menu().actions()]
    return []


def state():
    provider = QgsApplication.processingRegistry().providerById("bouwstroom")
    logger = logging.getLogger(PLUGIN)
    return {
        "algorithms": sorted(a.id() for a in provider.algorithms()) if provider else [],
        "menu": menu_entries(),
        "handlers": [type(h).__name__ for h in logger.handlers],
        "propagate": logger.propagate,
        "level": logger.level,
        "modules": sorted(m for m in sys.modules if m == PLUGIN or m.startswith(PLUGIN + ".")),
        "heavy": [m for m in HEAVY if m in sys.modules],
        "settings": [k for k in QgsSettings().allKeys() if k.startswith("bouwstroom/")],
    }


def trigger(entry):
    for action in iface.pluginMenu().actions():
        if action.text() == "&Bouwstroom Noord":
            next(a for a in action.menu().actions() if a.text() == entry).trigger()


def bar_texts():
    return [[item.title(), item.text()] for item in iface.messageBar().items()]


result = {"before": state()}
try:
    assert loadPlugin(PLUGIN) and startPlugin(PLUGIN), "plugin did not start"
    result["started"] = state()
    QgsSettings().setValue("bouwstroom/engine/python", "/nonexistent/python3")
    trigger("Check the engine")
    result["bar_without_engine"] = bar_texts()
    iface.messageBar().clearWidgets()
    QgsSettings().setValue("bouwstroom/engine/python", os.environ["BOUWSTROOM_ENGINE_PYTHON"])
    trigger("Check the engine")
    result["bar_with_engine"] = bar_texts()
    QgsSettings().remove("bouwstroom")
    result["messages"] = list(messages)
    unloadPlugin(PLUGIN)
    result["unloaded"] = state()
    assert loadPlugin(PLUGIN) and startPlugin(PLUGIN), "plugin did not start again"
    result["restarted"] = state()
    unloadPlugin(PLUGIN)
    result["unloaded_again"] = state()
except Exception as error:  # reported to the test, which fails with it
    result["error"] = f"{type(error).__name__}: {error}"
finally:  # QGIS must quit whatever happened, or the test waits for its timeout
    with open(os.environ["BOUWSTROOM_TEST_RESULT"], "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1)
    QTimer.singleShot(0, iface.actionExit().trigger)
