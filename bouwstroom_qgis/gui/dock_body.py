"""The widgets of the planner's dock, laid out in two tabs; what they do is the dock's.

"Run": the scenario (load, save), the layers, and the run box. "Weights and scores":
a slider per criterion and the score breakdown of the selected parcel or site.
"""

from __future__ import annotations

from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from bouwstroom_qgis.gui.inputs_panel import InputsPanel
from bouwstroom_qgis.gui.run_panel import RunPanel
from bouwstroom_qgis.gui.weights_panel import WeightsPanel


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomDock", text)


def boxed(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    QVBoxLayout(box).addWidget(widget)
    return box


class DockBody(QWidget):
    """Message bar above two tabs: set up and run; weights and the score breakdown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        self.bar = QgsMessageBar()
        outer.addWidget(self.bar)
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._setup_tab(), tr("Run"))
        self.tabs.addTab(self._live_tab(), tr("Weights and scores"))

    def _setup_tab(self) -> QWidget:
        setup = QWidget()
        column = QVBoxLayout(setup)
        scenario = QGroupBox(tr("Scenario"))
        row = QHBoxLayout(scenario)
        self.scenario_label = QLabel(tr("No scenario loaded"))
        self.scenario_label.setWordWrap(True)
        self.load_button = QPushButton(tr("Load…"))
        self.save_button = QPushButton(tr("Save as…"))
        row.addWidget(self.scenario_label, 1)
        row.addWidget(self.load_button)
        row.addWidget(self.save_button)
        column.addWidget(scenario)
        self.inputs = InputsPanel()
        column.addWidget(boxed(tr("Layers"), self.inputs))
        self.run_panel = RunPanel()
        column.addWidget(boxed(tr("Run"), self.run_panel))
        column.addStretch(1)
        return setup

    def _live_tab(self) -> QWidget:
        live = QWidget()
        column = QVBoxLayout(live)
        self.weights = WeightsPanel()
        column.addWidget(boxed(tr("Weights"), self.weights))
        self.breakdown = QTextBrowser()
        self.breakdown.setPlaceholderText(
            tr("Select a parcel or a site to see where its score comes from.")
        )
        column.addWidget(boxed(tr("Score breakdown"), self.breakdown), 1)
        return live
