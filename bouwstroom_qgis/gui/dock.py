"""The planner's dock: choose layers and a scenario, run, move weights, read a parcel's score.

Everything a user can fix is said in the dock's own message bar, never as a traceback.
The run is a background task (``run_task``); weights re-rank the result inside QGIS
(``live_layer``) without the engine. The scenario and the weights are kept in the
project (``project_state``).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProcessingUtils, QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QCoreApplication, QTimer, pyqtSlot
from qgis.PyQt.QtWidgets import QFileDialog, QWidget

from bouwstroom_qgis import layers, styles
from bouwstroom_qgis.gui import project_state
from bouwstroom_qgis.gui.breakdown import parcel_html, site_html
from bouwstroom_qgis.gui.dock_body import DockBody
from bouwstroom_qgis.gui.export_task import ExportOutcome, ExportRun, ask_export_folder
from bouwstroom_qgis.gui.live_layer import ROLE, SITES, LiveParcels, remove_layers
from bouwstroom_qgis.gui.run_task import EngineTask, RunOutcome, run_arguments
from bouwstroom_qgis.gui.scenario_text import with_weights
from bouwstroom_qgis.gui.translation import ui_language
from bouwstroom_qgis.layers import EngineInput, LayerProblem
from bouwstroom_qgis.live_rules import Rules, RulesError, read_rules, with_points

log = logging.getLogger(__name__)
OBJECT_NAME = "BouwstroomDock"
# Contributions and explanations are written this long after the weights last changed.
DETAILS_MS = 1000


def same_folder(a: Path, b: Path) -> bool:
    """Whether two paths name the same folder (links and relative parts resolved)."""
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def tr(text: str) -> str:
    return QCoreApplication.translate("BouwstroomDock", text)


class BouwstroomDock(QgsDockWidget):
    """Layer pickers, scenario, run, weights and the score breakdown of one parcel."""

    def __init__(self, project: QgsProject, parent: QWidget | None = None) -> None:
        super().__init__(tr("Bouwstroom Noord"), parent)
        self.setObjectName(OBJECT_NAME)
        self.project = project
        self.scenario_path = ""
        self.scenario_text = ""
        self.rules: Rules | None = None
        self.live: LiveParcels | None = None
        self.sites: QgsVectorLayer | None = None
        self.task: EngineTask | ExportRun | None = None
        self.result_dir: Path | None = None
        self.replaced: Path | None = None  # a result taken out while a run replaces it
        self.work: Path | None = None
        self._build()
        self.project.readProject.connect(self.restore)
        self.restore()

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        body = DockBody()
        self.bar, self.tabs, self.inputs = body.bar, body.tabs, body.inputs
        self.scenario_label, self.weights, self.breakdown = (
            body.scenario_label,
            body.weights,
            body.breakdown,
        )
        self.run_panel = panel = body.run_panel
        self.out_dir, self.progress = panel.out_dir, panel.progress
        self.run_button, self.cancel_button = panel.run_button, panel.cancel_button
        self.export_button = panel.export_button
        body.load_button.clicked.connect(self._ask_load)
        body.save_button.clicked.connect(self._ask_save)
        self.run_button.clicked.connect(self.start_run)
        self.cancel_button.clicked.connect(self.cancel_run)
        self.export_button.clicked.connect(self._ask_export)
        self.weights.changed.connect(self._weights_moved)
        self.details_timer = QTimer(self)
        self.details_timer.setSingleShot(True)
        self.details_timer.setInterval(DETAILS_MS)
        self.details_timer.timeout.connect(self._write_details)
        self.setWidget(body)

    # -- messages ----------------------------------------------------------------------------
    def warn(self, text: str) -> None:
        """A problem the user can fix: first line as the message, the rest on demand."""
        first, _, rest = text.partition("\n")
        self.bar.pushMessage(tr("Bouwstroom"), first, rest, Qgis.MessageLevel.Warning, 0)
        log.warning("%s", text)

    def inform(self, text: str, level=Qgis.MessageLevel.Info) -> None:
        self.bar.pushMessage(tr("Bouwstroom"), text, level, 8)

    # -- scenario ----------------------------------------------------------------------------
    def _ask_load(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, tr("Load scenario"), self.scenario_path, tr("Scenario (*.toml)")
        )
        if path:
            self.load_scenario(path)

    def _ask_save(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, tr("Save scenario"), self.scenario_path, tr("Scenario (*.toml)")
        )
        if path:
            self.save_scenario(path)

    def load_scenario(self, path: str) -> bool:
        """Read a scenario file; on a problem, say so and keep the current one."""
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            self.warn(tr("The scenario {} cannot be read: {}").format(path, error))
            return False
        return self.set_scenario(text, path)

    def set_scenario(self, text: str, path: str, points=None, enabled=None) -> bool:
        try:
            rules = read_rules(text)
            if points or enabled:
                rules = with_points(rules, points or {}, enabled)
        except RulesError as error:
            self.warn(tr("The scenario {} cannot be used: {}").format(path, error))
            return False
        self.scenario_text, self.scenario_path, self.rules = text, path, rules
        self.scenario_label.setText(f"<b>{rules.name}</b><br>{path}")
        self.weights.blockSignals(True)
        self.weights.show_rules(rules)
        self.weights.blockSignals(False)
        self.store()
        return True

    def current_rules(self) -> Rules | None:
        """The scenario's rules with the weights and switches set in the dock."""
        if self.rules is None:
            return None
        return with_points(self.rules, self.weights.points, self.weights.enabled())

    def current_text(self) -> str:
        """The scenario's text with the dock's weights and switches written in."""
        return with_weights(self.scenario_text, self.weights.points, self.weights.enabled())

    def save_scenario(self, path: str) -> bool:
        try:
            Path(path).write_text(self.current_text(), encoding="utf-8")
        except OSError as error:
            self.warn(tr("The scenario cannot be saved to {}: {}").format(path, error))
            return False
        self.inform(tr("Scenario saved to {}").format(path), Qgis.MessageLevel.Success)
        return self.load_scenario(path)

    # -- project -----------------------------------------------------------------------------
    def store(self) -> None:
        state = project_state.DockState(
            scenario_text=self.scenario_text,
            scenario_path=self.scenario_path,
            out_dir=self.out_dir.filePath(),
            points=dict(self.weights.points),
            enabled=self.weights.enabled(),
        )
        project_state.write_state(self.project, state)

    def restore(self) -> None:
        """Take the scenario, weights and last result from the project, when it has them."""
        state = project_state.read_state(self.project)
        if not state.scenario_text:
            return
        if not self.set_scenario(
            state.scenario_text, state.scenario_path, state.points, state.enabled or None
        ):
            return
        self.out_dir.setFilePath(state.out_dir)
        if state.out_dir and (Path(state.out_dir) / "shortlist.gpkg").is_file():
            self.load_result(Path(state.out_dir))

    # -- run ---------------------------------------------------------------------------------
    def start_run(self) -> bool:
        """Check the inputs and start the engine in a background task."""
        if self.task is not None:
            return False
        if not self.scenario_path or not Path(self.scenario_path).is_file():
            self.warn(tr("Load a scenario file first (or save this one to a file)."))
            return False
        out_dir = self.out_dir.filePath() or tempfile.mkdtemp(
            prefix="bouwstroom_", dir=QgsProcessingUtils.tempFolder()
        )
        self.out_dir.setFilePath(out_dir)
        self.work = Path(
            tempfile.mkdtemp(prefix="bouwstroom_inputs_", dir=QgsProcessingUtils.tempFolder())
        )
        try:
            arguments, inputs = self.engine_arguments(Path(out_dir), self.work)
        except LayerProblem as error:
            self.warn(str(error))
            self._clean_work()
            return False
        self.store()
        self.release_result(Path(out_dir))
        self.task = EngineTask(arguments, Path(out_dir), inputs, self._run_done)
        self.task.progressChanged.connect(self._progress_changed)
        self.run_panel.set_busy(True, has_result=False)
        self.progress.setValue(0)
        QgsApplication.taskManager().addTask(self.task)
        return True

    def engine_arguments(self, out_dir: Path, work: Path) -> tuple[list[str], list[EngineInput]]:
        """``run SCENARIO --out DIR`` with the chosen layers (``LayerProblem`` when unusable)."""
        chosen = self.inputs.choice()
        context = self.project.transformContext()
        return run_arguments(chosen, self.scenario_path, out_dir, work, context)

    @pyqtSlot(float)
    def _progress_changed(self, value: float) -> None:  # queued from the task's thread
        self.progress.setValue(int(value))

    def cancel_run(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def release_result(self, out_dir: Path) -> None:
        """Take the shown result out of the project when the run will replace its files.

        Layers left open on a GeoPackage that the engine replaces keep reading the old
        file (on Windows they keep the engine from replacing it at all); the earlier
        result comes back if the run does not finish.
        """
        self.replaced = None
        if self.result_dir is not None and same_folder(self.result_dir, out_dir):
            self.replaced = self.result_dir
            self.remove_result()

    def _run_done(self, outcome: RunOutcome) -> None:
        self.task = None
        self._clean_work()
        replaced, self.replaced = self.replaced, None
        unfinished = outcome.cancelled or not outcome.ok
        if unfinished and replaced is not None and (replaced / "shortlist.gpkg").is_file():
            self.load_result(replaced)  # the run wrote nothing: its files are the earlier ones
        self.run_panel.set_busy(False, has_result=self.result_dir is not None)
        if outcome.cancelled:
            self.inform(tr("Run cancelled; the engine stopped and wrote no output."))
            return
        if not outcome.ok:
            self.warn(outcome.message or tr("The run failed."))
            return
        self.progress.setValue(100)
        if self.load_result(outcome.out_dir):
            self.tabs.setCurrentIndex(1)
            self.inform(tr("Run finished: {}").format(outcome.out_dir), Qgis.MessageLevel.Success)

    def _clean_work(self) -> None:
        if self.work is not None:
            shutil.rmtree(self.work, ignore_errors=True)
            self.work = None

    # -- export ------------------------------------------------------------------------------
    def _ask_export(self) -> None:
        if self.result_dir is not None:
            chosen = ask_export_folder(self, self.result_dir)
            if chosen is not None:
                self.start_export(*chosen)

    def start_export(self, out_dir: Path, overwrite: bool, language: str | None = None) -> bool:
        """Export the shown result to ``out_dir`` in the background (``bouwstroom export``)."""
        if self.task is not None or self.result_dir is None:
            return False
        self.task = ExportRun(
            self.project,
            self.result_dir,
            out_dir,
            language or ui_language(),
            overwrite,
            self._export_done,
        )
        self.task.task.progressChanged.connect(self._progress_changed)
        self.run_panel.set_busy(True, has_result=True)
        self.progress.setValue(0)
        QgsApplication.taskManager().addTask(self.task.task)
        return True

    def _export_done(self, outcome: ExportOutcome) -> None:
        self.task = None
        self.run_panel.set_busy(False, has_result=self.result_dir is not None)
        if outcome.cancelled:
            self.inform(tr("Export cancelled."))
        elif not outcome.ok:
            self.warn(outcome.message or tr("The export failed."))
        else:
            self.progress.setValue(100)
            self.inform(
                tr("Shortlist exported to {}").format(outcome.out_dir), Qgis.MessageLevel.Success
            )

    # -- results -----------------------------------------------------------------------------
    def load_result(self, out_dir: Path) -> bool:
        """Show a run's parcels (live) and sites, styled, and score them with the dock's weights."""
        rules = self.current_rules()
        if rules is None:
            return False
        gpkg = out_dir / "shortlist.gpkg"
        self.remove_result()
        language = ui_language()
        try:
            self.live = LiveParcels(gpkg, rules, tr("Parcels (live scores)"))
        except ValueError as error:
            self.warn(str(error))
            return False
        styles.style_parcels(self.live.layer, language)
        group = self.project.layerTreeRoot().insertGroup(0, tr("Bouwstroom: {}").format(rules.name))
        if SITES in layers.layer_names(gpkg):
            self.sites = QgsVectorLayer(f"{gpkg}|layername={SITES}", tr("Sites"), "ogr")
            self.sites.setCustomProperty(ROLE, SITES)
            styles.style_sites(self.sites, language)
            self.project.addMapLayer(self.sites, False)
            group.addLayer(self.sites)
            self.sites.selectionChanged.connect(self._sites_selected)
        provenance = self.provenance(out_dir)
        for layer in filter(None, (self.live.layer, self.sites)):
            styles.set_metadata(layer, rules.name, self.current_text(), provenance)
        self.project.addMapLayer(self.live.layer, False)
        group.addLayer(self.live.layer)
        self.live.layer.selectionChanged.connect(self._parcels_selected)
        self.result_dir = out_dir
        self.run_panel.set_busy(self.task is not None, has_result=True)
        self.rerank()
        return True

    def provenance(self, out_dir: Path) -> list[str]:
        lines = [tr("Scenario: {}").format(self.scenario_path), tr("Result: {}").format(out_dir)]
        chosen = [
            (tr("Parcels"), self.inputs.parcels.currentLayer()),
            (tr("Zoning plan"), self.inputs.zoning.currentLayer()),
            (tr("Holdings"), self.inputs.holdings.currentLayer()),
            (tr("Municipalities"), self.inputs.boundaries.currentLayer()),
        ]
        for role, layer in chosen:
            source = layer.publicSource() if layer is not None else tr("as in the scenario")
            lines.append(f"{role}: {source}")
        return lines

    def remove_result(self) -> None:
        """Take the dock's earlier result layers (and their empty group) out of the project."""
        remove_layers(self.project)
        self.live, self.sites, self.result_dir = None, None, None
        self.run_panel.set_busy(self.task is not None, has_result=False)
        self.breakdown.clear()

    def _weights_moved(self) -> None:
        if self.rerank(details=False):
            self.details_timer.start()

    def _write_details(self) -> None:
        if self.live is not None:
            self.live.write_details()

    def rerank(self, details: bool = True) -> bool:
        """Score the live layer with the dock's weights and switches; say why not if it cannot."""
        try:
            rules = self.current_rules()
            if rules is None:
                return False
            self.store()
            if self.live is None:
                return False
            self.live.rerank(rules, details)
        except (RulesError, ValueError) as error:
            self.warn(str(error))
            return False
        except RuntimeError:  # the live layer was removed from the project by the user
            self.live = None
            return False
        selected = self.live.layer.selectedFeatureIds()
        if selected:
            self.breakdown.setHtml(parcel_html(self.live, selected[0]))
        return True

    def show_parcel(self, feature_id: int) -> None:
        if self.live is not None:
            self.breakdown.setHtml(parcel_html(self.live, feature_id))

    def _parcels_selected(self, selected, deselected, clear) -> None:
        # A slot must not raise: PyQt would end QGIS. Say what went wrong instead.
        try:
            if selected:
                self.show_parcel(selected[0])
        except Exception as error:
            log.exception("The breakdown of parcel %s failed", selected[0])
            self.warn(tr("The score breakdown cannot be shown: {}").format(error))

    def _sites_selected(self, selected, deselected, clear) -> None:
        try:
            if selected and self.sites is not None:
                feature = self.sites.getFeature(selected[0])
                language = self.rules.language if self.rules is not None else ui_language()
                self.breakdown.setHtml(site_html(feature, language))
        except Exception as error:
            log.exception("The breakdown of site %s failed", selected[0])
            self.warn(tr("The score breakdown cannot be shown: {}").format(error))

    def unload(self) -> None:
        """Disconnect from the project and its layers, stop a run (the plugin is going away)."""
        self.project.readProject.disconnect(self.restore)
        if self.live is not None:
            self.live.layer.selectionChanged.disconnect(self._parcels_selected)
        if self.sites is not None:
            self.sites.selectionChanged.disconnect(self._sites_selected)
        if self.task is not None:
            self.task.cancel()
