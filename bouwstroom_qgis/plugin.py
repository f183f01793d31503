"""The plugin object: what ``initProcessing`` and ``initGui`` add, ``unload`` takes away.

Every addition is recorded where it is made and undone in reverse order, so that
unloading (or reloading) the plugin leaves QGIS exactly as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from qgis.core import Qgis, QgsApplication, QgsProject
from qgis.PyQt.QtCore import QCoreApplication, Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QApplication

try:  # Qt 6 (QGIS 4) keeps QAction in QtGui; Qt 5 in QtWidgets
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

from bouwstroom_qgis import log as plugin_log
from bouwstroom_qgis import paths, settings
from bouwstroom_qgis.algorithms.provider import BouwstroomProvider
from bouwstroom_qgis.engine_python import EngineNotFound, find_engine_python
from bouwstroom_qgis.gui import translation

logger = logging.getLogger(__name__)

MENU = "&Bouwstroom Noord"


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomPlugin", text)


class BouwstroomPlugin:
    """Adds the Processing provider and the plugin menu; removes both on unload."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.provider: BouwstroomProvider | None = None
        self.log: plugin_log.Installed | None = None
        self.actions: list[QAction] = []
        self.translator = None
        self.dock = None
        self.dock_action: QAction | None = None

    def initProcessing(self) -> None:  # QGIS calls this also without a GUI (qgis_process)
        if self.provider is not None:
            return
        self.log = plugin_log.install()
        self.provider = BouwstroomProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:
        self.translator = translation.install_translator()
        self.initProcessing()
        self.add_dock()
        self.add_action("score_parcels.svg", tr("Score parcels…"), self.open_score)
        self.add_action("import_imro.svg", tr("Import IMRO zoning plan…"), self.open_import)
        self.add_action("bouwstroom.svg", tr("Check the engine"), self.check_engine)

    def unload(self) -> None:
        for action in reversed(self.actions):
            self.iface.removePluginMenu(MENU, action)
            action.deleteLater()
        self.actions.clear()
        self.remove_dock()
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.log is not None:
            plugin_log.remove(self.log)
            self.log = None
        translation.remove_translator(self.translator)
        self.translator = None

    def add_dock(self) -> None:
        """The planner's dock on the right, hidden until its toolbar button is pressed."""
        from bouwstroom_qgis.gui.dock import BouwstroomDock  # Qt widgets only with a GUI

        self.dock = BouwstroomDock(QgsProject.instance(), self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        self.dock_action = self.dock.toggleViewAction()
        self.dock_action.setIcon(QIcon(str(paths.resource("icons", "bouwstroom.svg"))))
        self.dock_action.setText(tr("Bouwstroom planner"))
        self.iface.addToolBarIcon(self.dock_action)

    def remove_dock(self) -> None:
        if self.dock is None:
            return
        self.iface.removeToolBarIcon(self.dock_action)
        self.dock.unload()
        self.iface.removeDockWidget(self.dock)
        self.dock.deleteLater()
        self.dock, self.dock_action = None, None

    def add_action(self, icon: str, text: str, slot: Callable[[], None]) -> None:
        action = QAction(QIcon(str(paths.resource("icons", icon))), text, self.iface.mainWindow())
        action.triggered.connect(slot)
        self.iface.addPluginToMenu(MENU, action)
        self.actions.append(action)

    def open_score(self) -> None:
        self.open_algorithm("bouwstroom:score_parcels")

    def open_import(self) -> None:
        self.open_algorithm("bouwstroom:import_imro")

    def open_algorithm(self, algorithm_id: str) -> None:
        import processing  # QGIS's own plugin; loaded by then, imported late like QGIS does

        processing.execAlgorithmDialog(algorithm_id, {})

    def check_engine(self) -> None:
        """Say which Python runs the engine, or exactly how to make one."""
        bar = self.iface.messageBar()
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            engine = find_engine_python(settings.ENGINE_PYTHON.value())
        except EngineNotFound as error:
            first, _, rest = str(error).partition("\n")
            bar.pushMessage(tr("Bouwstroom"), first, rest, Qgis.MessageLevel.Warning, 0)
            logger.warning("%s", error)
            return
        finally:
            QApplication.restoreOverrideCursor()
        bar.pushMessage(
            tr("Bouwstroom"),
            tr("The engine runs with {}").format(engine.describe()),
            Qgis.MessageLevel.Success,
            10,
        )
