"""The algorithms' result layers open styled, with readable field names and their origin.

When Processing loads a result layer into the project, a layer post-processor gives it
the style the dock gives the same layer (``bouwstroom_qgis.styles``: the score ramp with
grey hatched exclusions and rank labels, one colour per bundle, the plot layouts' parts),
every known field its readable name in the interface language, and the layer metadata the
dock writes: a title, the scenario (or concept catalogue) in full as the abstract, and
where the inputs came from as the history. A planner who runs an algorithm from the
toolbox or a model thus gets the same map and the same record as from the dock.

The algorithm calls :func:`style_results` once its result layers are written, while it
still knows its parameters: the record of the run (:func:`about_result`) is made then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication

from bouwstroom_qgis import styles
from bouwstroom_qgis.algorithms import enums
from bouwstroom_qgis.core import schema  # constants only: safe inside QGIS

try:  # Python >= 3.11 (QGIS on Debian 12 and newer, the Windows installers from 3.34)
    import tomllib
except ImportError:  # pragma: no cover - older QGIS Pythons may carry tomli instead
    import tomli as tomllib  # type: ignore[no-redef]

# What a result layer is, and so how it is styled (see style_layer).
PARCELS, SITES, BUNDLES, LAYOUTS, TABLE = "parcels", "sites", "bundles", "layouts", "table"
KINDS = (PARCELS, SITES, BUNDLES, LAYOUTS, TABLE)
# What the rules file of a run is: its text becomes the layers' abstract.
SCENARIO, CONCEPTS = "scenario", "concepts"


def tr(text: str) -> str:
    return QCoreApplication.translate("ResultStyling", text)


@dataclass(frozen=True)
class About:
    """The metadata of an algorithm's result layers.

    Attributes
    ----------
    name : str
        The scenario's name (``[scenario] name``), else the rules file's name.
    text : str
        The scenario or concept catalogue in full, as the engine read it.
    provenance : tuple of str
        One line per input, ``role: source``, after the rules file, the result and the
        algorithm.
    """

    name: str
    text: str
    provenance: tuple[str, ...]


def rules_name(text: str, path: Path) -> str:
    """The ``[scenario] name`` of a TOML text; the file's name when it has none."""
    try:
        header = tomllib.loads(text).get("scenario")
    except tomllib.TOMLDecodeError:  # the engine read it; a later edit is no reason to fail
        header = None
    name = header.get("name") if isinstance(header, dict) else None
    return str(name).strip() if isinstance(name, str) and name.strip() else path.name


def read_rules(path: Path, feedback: QgsProcessingFeedback) -> str:
    """The text of the scenario or catalogue the engine used; "" (with a warning) if gone."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        feedback.pushWarning(tr("The layer metadata lacks the text of {}: {}").format(path, error))
        return ""


def layer_source(layer: QgsVectorLayer, selected_only: bool = False) -> str:
    """Where a layer comes from: its file or database, or its name for a memory layer."""
    if layer.providerType() == "memory":
        source = tr("{} (temporary layer)").format(layer.name())
    else:
        source = layer.publicSource()
    if selected_only:
        source += " " + tr("(selected: {})").format(layer.selectedFeatureCount())
    return source


def input_sources(
    algorithm: QgsProcessingAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    key: str,
) -> list[str]:
    """The sources given for one layer parameter (a layer, layers or files); [] when none."""
    definition = algorithm.parameterDefinition(key)
    value = parameters.get(key)
    if value is None or (isinstance(value, (str, list)) and not value):
        return []
    if isinstance(definition, QgsProcessingParameterFeatureSource):
        selected = False
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            selected, value = value.selectedFeaturesOnly, value.source.staticValue()
        layer = algorithm.parameterAsVectorLayer({key: value}, key, context)
        return [layer_source(layer, selected)] if layer is not None else []
    if isinstance(definition, QgsProcessingParameterMultipleLayers):
        if definition.layerType() == enums.FILES:
            return [f for f in algorithm.parameterAsFileList(parameters, key, context) if f]
        chosen = algorithm.parameterAsLayerList(parameters, key, context)
        return [layer_source(layer) for layer in chosen]
    return []


def input_provenance(
    algorithm: QgsProcessingAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    as_in_scenario: bool = False,
) -> list[str]:
    """``role: source`` for every input layer, in the order of the algorithm's parameters.

    Parameters
    ----------
    as_in_scenario : bool
        The scenario names inputs itself (Score parcels, Assemble sites): an input not
        given here is recorded as taken from the scenario, as the dock records it.
    """
    lines = []
    for definition in algorithm.parameterDefinitions():
        kinds = (QgsProcessingParameterFeatureSource, QgsProcessingParameterMultipleLayers)
        if definition.isDestination() or not isinstance(definition, kinds):
            continue
        role = definition.description()
        sources = input_sources(algorithm, parameters, context, definition.name())
        if not sources and as_in_scenario:
            sources = [tr("as in the scenario")]
        lines += [f"{role}: {source}" for source in sources]
    return lines


def about_result(
    algorithm: QgsProcessingAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
    rules: tuple[str, Path],
    result: Path,
    as_in_scenario: bool = False,
) -> About:
    """The metadata of a run's result layers.

    Parameters
    ----------
    rules : (str, Path)
        What the rules file is (:data:`SCENARIO` or :data:`CONCEPTS`) and the file the
        engine used (the shipped one when the user gave none).
    result : Path
        The engine's output file or folder.
    as_in_scenario : bool
        See :func:`input_provenance`.
    """
    role, path = rules
    text = read_rules(path, feedback)
    first = tr("Concept catalogue: {}") if role == CONCEPTS else tr("Scenario: {}")
    lines = [
        first.format(path),
        tr("Result: {}").format(result),
        tr("Processing algorithm: {}").format(algorithm.id()),
        *input_provenance(algorithm, parameters, context, as_in_scenario),
    ]
    return About(rules_name(text, path), text, tuple(lines))


def style_layer(layer: QgsVectorLayer, kind: str, language: str) -> None:
    """Give a result layer the style of its kind and its fields their readable names.

    Sites without a score (a planner's own polygons through "Estimate housing capacity")
    keep QGIS's default symbol: the score ramp would draw nothing.
    """
    if kind == PARCELS:
        styles.style_parcels(layer, language)
    elif kind == SITES and layer.fields().indexOf(schema.SCORE) >= 0:
        styles.style_sites(layer, language)
    elif kind == LAYOUTS:
        styles.style_layouts(layer, language)
    else:
        if kind == BUNDLES:
            styles.style_bundles(layer, language=language)
        styles.set_aliases(layer, language)


class ResultStyler(QgsProcessingLayerPostProcessorInterface):
    """Styles one result layer and writes its metadata when Processing loads it.

    Processing keeps only the C++ half of a post-processor; PyQGIS frees the Python half
    as soon as nothing in Python refers to it, and a post-processor without it does
    nothing, silently. Nor can the algorithm keep it: ``QgsProcessingAlgorithm.run``
    (``processing.run``, models) runs a copy of the algorithm and deletes it before the
    layers are loaded. So the stylers wait in :attr:`waiting` until they have run.
    """

    waiting: ClassVar[dict[int, ResultStyler]] = {}

    def __init__(self, kind: str, title: str, about: About) -> None:
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"no style for a result of kind '{kind}'; known: {', '.join(KINDS)}")
        self.kind, self.title, self.about = kind, title, about

    @classmethod
    def create(cls, kind: str, title: str, about: About) -> ResultStyler:
        """A styler kept alive until Processing has used it."""
        styler = cls(kind, title, about)
        cls.waiting[id(styler)] = styler
        return styler

    def postProcessLayer(
        self, layer: QgsVectorLayer, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> None:
        try:
            if isinstance(layer, QgsVectorLayer):
                self.style(layer, feedback)
        finally:
            ResultStyler.waiting.pop(id(self), None)  # used: Processing deletes it later

    def style(self, layer: QgsVectorLayer, feedback: QgsProcessingFeedback) -> None:
        """The style of the layer's kind in the interface language, and the metadata."""
        from bouwstroom_qgis.gui.translation import ui_language  # needs QGIS settings only

        try:
            style_layer(layer, self.kind, ui_language())
        except ValueError as error:  # QGIS refused the style: the layer stays, unstyled
            feedback.reportError(str(error))
        styles.set_metadata(layer, self.title, self.about.text, self.about.provenance)


def style_results(
    algorithm: QgsProcessingAlgorithm,
    parameters: dict[str, Any],
    context: QgsProcessingContext,
    feedback: QgsProcessingFeedback,
    outputs: Sequence[tuple[str, str, str]],
    rules: tuple[str, Path],
    result: Path,
    as_in_scenario: bool = False,
) -> int:
    """Style the result layers Processing loads into the project when the run is done.

    Parameters
    ----------
    outputs : sequence of (str, str, str)
        Per layer output: the output parameter's name, the layer id ``parameterAsSink``
        returned for it, and the kind of layer (:data:`KINDS`).
    rules, result, as_in_scenario
        What the metadata records: see :func:`about_result`.

    Returns
    -------
    int
        How many layers will be styled (outputs not loaded, e.g. under qgis_process, are
        left alone).
    """
    loading = [o for o in outputs if o[1] and context.willLoadLayerOnCompletion(o[1])]
    if not loading:
        return 0
    about = about_result(algorithm, parameters, context, feedback, rules, result, as_in_scenario)
    for key, dest_id, kind in loading:
        output = algorithm.parameterDefinition(key).description()
        styler = ResultStyler.create(kind, f"{output} – {about.name}", about)
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(styler)
    return len(loading)
