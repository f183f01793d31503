"""Runs inside the real QGIS desktop (``qgis --code``, started by ``make screenshots``).

Loads the generated sample region, opens the planner's dock, runs the engine through
it, shows the best parcel's score breakdown and saves PNGs of the dock, the map and
the whole window to ``$BOUWSTROOM_IMAGES``; then quits QGIS. Each step waits for the
previous one through Qt timers, so QGIS keeps drawing in between.
"""

import os
import sys
import traceback
from pathlib import Path

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.utils import iface, loadPlugin, plugins, startPlugin

REGION = Path(os.environ["BOUWSTROOM_REGION"])
IMAGES = Path(os.environ["BOUWSTROOM_IMAGES"])
OUT = Path(os.environ["BOUWSTROOM_SCREENSHOT_RUN"])
state = {"dock": None, "timer": None, "waited": 0}


def fail(error):
    if state["dock"] is not None:
        state["dock"].remove_result()
    QgsProject.instance().setDirty(False)
    print(f"screenshots: {error}", file=sys.stderr)
    (IMAGES / "FAILED").write_text(str(error), encoding="utf-8")
    QTimer.singleShot(0, iface.actionExit().trigger)


def step(function, delay=500):
    def guarded():
        try:
            function()
        except Exception:
            fail(traceback.format_exc())

    QTimer.singleShot(delay, guarded)


def layer(file, name, shown):
    loaded = QgsVectorLayer(f"{REGION / file}|layername={name}", shown, "ogr")
    QgsProject.instance().addMapLayer(loaded)
    return loaded


def start():
    assert loadPlugin("bouwstroom_qgis") and startPlugin("bouwstroom_qgis")
    iface.mainWindow().resize(1600, 1000)
    parcels = layer("percelen.gpkg", "percelen", "percelen")
    zoning = layer("bestemmingsplan.gpkg", "Enkelbestemming", "Enkelbestemming")
    municipalities = layer("gemeenten.gpkg", "gemeente", "gemeenten")
    for shown in (zoning, municipalities):
        iface.layerTreeView().layerTreeModel().rootGroup().findLayer(
            shown
        ).setItemVisibilityChecked(False)
    dock = plugins["bouwstroom_qgis"].dock
    dock.show()
    dock.load_scenario(str(REGION / "scenario.toml"))
    dock.inputs.parcels.setLayer(parcels)
    dock.inputs.zoning.setLayer(zoning)
    dock.inputs.boundaries.setLayer(municipalities)
    dock.out_dir.setFilePath(str(OUT))
    state["dock"] = dock
    assert dock.start_run(), [item.text() for item in dock.bar.items()]
    step(wait_for_run, 1000)


def wait_for_run():
    dock = state["dock"]
    state["waited"] += 1
    if dock.task is not None:
        if state["waited"] > 600:
            raise RuntimeError("the run did not finish in 10 minutes")
        step(wait_for_run, 1000)
        return
    assert dock.live is not None, [item.text() for item in dock.bar.items()]
    dock.weights.set_points("eigendom", 40)
    dock.rerank()
    best = next(f for f in dock.live.layer.getFeatures() if f["rank"] == 1)
    dock.live.layer.selectByIds([best.id()])
    canvas = iface.mapCanvas()
    extent = dock.live.layer.extent()
    extent.scale(0.45)
    canvas.setExtent(extent)
    canvas.refresh()
    step(save, 4000)


def save():
    dock = state["dock"]
    IMAGES.mkdir(parents=True, exist_ok=True)
    dock.live.layer.removeSelection()
    dock.show_parcel(next(f.id() for f in dock.live.layer.getFeatures() if f["rank"] == 1))
    dock.grab().save(str(IMAGES / "dock.png"))
    iface.mapCanvas().grab().save(str(IMAGES / "map.png"))
    iface.mainWindow().grab().save(str(IMAGES / "qgis.png"))
    # Quit without questions: no unsaved project, no scratch layers to keep.
    dock.remove_result()
    QgsProject.instance().setDirty(False)
    QTimer.singleShot(0, iface.actionExit().trigger)


step(start, 2000)
