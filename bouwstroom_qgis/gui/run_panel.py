"""The dock's "Run" box: output folder, Run, Cancel, Export shortlist…, and a progress bar.

Only widgets and their enabled states; what the buttons do is the dock's.
"""

from __future__ import annotations

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomDock", text)


class RunPanel(QWidget):
    """Buttons that start and stop the engine, and how far it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.out_dir = QgsFileWidget()
        self.out_dir.setStorageMode(QgsFileWidget.StorageMode.GetDirectory)
        self.out_dir.setDialogTitle(tr("Output folder"))
        column.addWidget(QLabel(tr("Output folder")))
        column.addWidget(self.out_dir)
        buttons = QHBoxLayout()
        self.run_button = QPushButton(tr("Run"))
        self.cancel_button = QPushButton(tr("Cancel"))
        self.export_button = QPushButton(tr("Export shortlist…"))
        self.export_button.setToolTip(
            tr("The result as an Excel workbook, a PDF report with site factsheets, and GeoJSON")
        )
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        for button in (self.run_button, self.cancel_button, self.export_button):
            buttons.addWidget(button)
        buttons.addWidget(self.progress, 1)
        column.addLayout(buttons)
        self.set_busy(False, has_result=False)

    def set_busy(self, busy: bool, has_result: bool) -> None:
        """Run and export while idle (export only with a result), cancel while busy."""
        self.run_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.export_button.setEnabled(not busy and has_result)
