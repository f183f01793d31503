"""One slider and one switch per criterion; changes are announced once the hand rests.

Weights are points on the scenario's own scale (as written in the file); the label
beside each slider shows the criterion's share of the score after normalising over the
switched-on criteria. A criterion's points stay exactly as read until its slider moves.
"""

from __future__ import annotations

import math

from qgis.PyQt.QtCore import QCoreApplication, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QCheckBox, QGridLayout, QLabel, QSlider, QWidget

from bouwstroom_qgis.live_rules import Rules

# Re-rank this long after the last movement, so that a drag does not queue many runs.
SETTLE_MS = 150


def tr(text: str) -> str:
    return QCoreApplication.translate("WeightsPanel", text)


class WeightsPanel(QWidget):
    """Criteria with their weight sliders; ``changed`` fires after a pause in the changes."""

    changed = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.points: dict[str, float] = {}
        self.switches: dict[str, QCheckBox] = {}
        self.sliders: dict[str, QSlider] = {}
        self.shares: dict[str, QLabel] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SETTLE_MS)
        self.timer.timeout.connect(self.changed)

    def show_rules(self, rules: Rules) -> None:
        """One row per criterion of ``rules``, set to its points and switch."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.points = {c.name: c.points for c in rules.criteria}
        self.switches, self.sliders, self.shares = {}, {}, {}
        top = max(100, math.ceil(max(self.points.values(), default=0)))
        for row, criterion in enumerate(rules.criteria):
            switch = QCheckBox(criterion.name)
            switch.setChecked(criterion.enabled)
            switch.setToolTip(tr("Metric: {}").format(criterion.metric))
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, top)
            slider.setValue(round(criterion.points))
            share = QLabel()
            share.setMinimumWidth(40)
            switch.toggled.connect(self._edited)
            slider.valueChanged.connect(lambda value, name=criterion.name: self._moved(name, value))
            self.grid.addWidget(switch, row, 0)
            self.grid.addWidget(slider, row, 1)
            self.grid.addWidget(share, row, 2)
            self.switches[criterion.name] = switch
            self.sliders[criterion.name] = slider
            self.shares[criterion.name] = share
        self._show_shares()

    def enabled(self) -> list[str]:
        return [name for name, switch in self.switches.items() if switch.isChecked()]

    def set_points(self, name: str, points: float) -> None:
        """Set one criterion's weight (as a user would with its slider)."""
        self.sliders[name].setValue(round(points))
        self.points[name] = float(points)
        self._edited()

    def _moved(self, name: str, value: int) -> None:
        self.points[name] = float(value)
        self._edited()

    def _edited(self) -> None:
        self._show_shares()
        self.timer.start()

    def _show_shares(self) -> None:
        on = set(self.enabled())
        total = sum(p for n, p in self.points.items() if n in on)
        for name, label in self.shares.items():
            share = self.points[name] / total if total > 0 and name in on else 0.0
            label.setText(f"{100 * share:.0f}%")
