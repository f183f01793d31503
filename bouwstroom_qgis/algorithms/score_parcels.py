"""``bouwstroom:score_parcels``: parcels scored and explained, as ``bouwstroom score`` does."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsFeatureSink,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsVectorLayer,
)

from bouwstroom_qgis import layers
from bouwstroom_qgis.algorithms import enums, result_styling
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm
from bouwstroom_qgis.core import schema  # constants only: safe inside QGIS
from bouwstroom_qgis.layers import EngineInput, LayerProblem

SHORTLIST_LAYER = "parcels"

HELP = """Scores every parcel with the scenario's transparent rules and explains each score, \
exactly as the command <code>bouwstroom score</code> does.

<b>Scenario</b>: the scenario file (TOML) with criteria, weights and exclusions. Inputs \
it names are used unless a layer is given here.
<b>Parcels</b>: a polygon layer; the id is the kadastrale aanduiding when the layer has \
the BRK fields, else the chosen id field. "Selected features only" is honoured.
<b>Zoning</b>: GeoPackages made by "Import IMRO zoning plan", and/or IMRO GML files.
<b>Holdings</b>: polygon or point layers of corporation and municipal property, each \
with the owner and owner type fields named here.
<b>Constraints and amenities</b>: layers named as in the scenario (e.g. natura2000, \
station): give the names in layer order, or name the layers so.
<b>Municipal boundaries</b>: polygons with the municipality's name.

The engine runs as its own Python process. Outputs: the scored parcels as a layer, and \
the shortlist folder with shortlist.gpkg, shortlist.csv and report.txt."""


def scenario_name(text: str) -> str:
    """A layer name as the scenario names layers: lower case, words joined by ``_``."""
    return re.sub(r"\W+", "_", text.strip().lower()).strip("_")


class ScoreParcelsAlgorithm(BouwstroomAlgorithm):
    ID = "score_parcels"
    TITLE = "Score parcels"
    HELP = HELP
    ICON = "score_parcels.svg"

    SCENARIO = "SCENARIO"
    PARCELS = "PARCELS"
    ID_FIELD = "ID_FIELD"
    ZONING = "ZONING"
    ZONING_FILES = "ZONING_FILES"
    HOLDINGS = "HOLDINGS"
    OWNER_FIELD = "OWNER_FIELD"
    OWNER_TYPE_FIELD = "OWNER_TYPE_FIELD"
    CONSTRAINTS = "CONSTRAINTS"
    CONSTRAINT_NAMES = "CONSTRAINT_NAMES"
    AMENITIES = "AMENITIES"
    AMENITY_NAMES = "AMENITY_NAMES"
    BOUNDARIES = "BOUNDARIES"
    NAME_FIELD = "NAME_FIELD"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT = "OUTPUT"
    SHORTLIST_GPKG = "SHORTLIST_GPKG"
    SHORTLIST_CSV = "SHORTLIST_CSV"
    REPORT = "REPORT"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        tr = self.tr
        self.addParameter(
            QgsProcessingParameterFile(
                self.SCENARIO, tr("Scenario"), behavior=enums.FILE, extension="toml"
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.PARCELS, tr("Parcels"), [enums.VECTOR_POLYGON], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.ID_FIELD,
                tr("Parcel id field (when the layer has no BRK fields)"),
                parentLayerParameterName=self.PARCELS,
                type=enums.FIELD_ANY,
                optional=True,
            )
        )
        self.add_layers(
            self.ZONING, tr("Zoning layers (from Import IMRO zoning plan)"), enums.VECTOR_POLYGON
        )
        self.add_layers(
            self.ZONING_FILES,
            tr("Zoning plans (IMRO GML or Import IMRO GeoPackage files)"),
            enums.FILES,
        )
        self.add_layers(self.HOLDINGS, tr("Holdings layers"), enums.VECTOR_GEOMETRY)
        self.add_text(self.OWNER_FIELD, tr("Owner field in the holdings layers"))
        self.add_text(self.OWNER_TYPE_FIELD, tr("Owner type field in the holdings layers"))
        self.add_layers(self.CONSTRAINTS, tr("Constraint layers"), enums.VECTOR_GEOMETRY)
        self.add_text(
            self.CONSTRAINT_NAMES, tr("Constraint names in the scenario, comma separated")
        )
        self.add_layers(self.AMENITIES, tr("Amenity layers"), enums.VECTOR_GEOMETRY)
        self.add_text(self.AMENITY_NAMES, tr("Amenity names in the scenario, comma separated"))
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.BOUNDARIES, tr("Municipal boundaries"), [enums.VECTOR_POLYGON], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterField(
                self.NAME_FIELD,
                tr("Municipality name field"),
                parentLayerParameterName=self.BOUNDARIES,
                type=enums.FIELD_ANY,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Shortlist folder"))
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, tr("Scored parcels"), enums.VECTOR_POLYGON
            )
        )
        self.addOutput(QgsProcessingOutputFile(self.SHORTLIST_GPKG, tr("Shortlist GeoPackage")))
        self.addOutput(QgsProcessingOutputFile(self.SHORTLIST_CSV, tr("Shortlist table (CSV)")))
        self.addOutput(QgsProcessingOutputFile(self.REPORT, tr("Report")))

    def add_layers(self, name: str, description: str, layer_type: Any) -> None:
        self.addParameter(
            QgsProcessingParameterMultipleLayers(name, description, layer_type, optional=True)
        )

    def add_text(self, name: str, description: str) -> None:
        self.addParameter(QgsProcessingParameterString(name, description, optional=True))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        scenario = self.parameterAsFile(parameters, self.SCENARIO, context)
        out_dir = Path(self.parameterAsString(parameters, self.OUTPUT_FOLDER, context))
        work = Path(tempfile.mkdtemp(prefix="bouwstroom_", dir=QgsProcessingUtils.tempFolder()))
        try:
            arguments, inputs = self.engine_arguments(parameters, context, work)
            command = ["score", scenario, "--out", str(out_dir), "--overwrite", *arguments]
            self.run_engine(command, feedback, inputs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if feedback.isCanceled():
            return {}
        shortlist = out_dir / "shortlist.gpkg"
        result = layers.result_layer(shortlist, SHORTLIST_LAYER, "scored parcels")
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, result.fields(), result.wkbType(), result.crs()
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        if not sink.addFeatures(result.getFeatures(), QgsFeatureSink.Flag.FastInsert):
            raise QgsProcessingException(self.tr("The scored parcels could not be written."))
        feedback.pushInfo(self.tr("{} scored parcels").format(result.featureCount()))
        outputs = [(self.OUTPUT, dest_id, result_styling.PARCELS)]
        self.style_results(parameters, context, feedback, outputs, scenario, out_dir)
        return {
            self.OUTPUT: dest_id,
            self.OUTPUT_FOLDER: str(out_dir),
            self.SHORTLIST_GPKG: str(shortlist),
            self.SHORTLIST_CSV: str(out_dir / "shortlist.csv"),
            self.REPORT: str(out_dir / "report.txt"),
        }

    def style_results(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
        outputs: list[tuple[str, str, str]],
        scenario: str,
        out_dir: Path,
    ) -> None:
        """The result layers styled when loaded; the inputs the scenario names recorded so."""
        result_styling.style_results(
            self,
            parameters,
            context,
            feedback,
            outputs,
            (result_styling.SCENARIO, Path(scenario)),
            out_dir,
            as_in_scenario=True,
        )

    def engine_arguments(
        self, parameters: dict[str, Any], context: QgsProcessingContext, work: Path
    ) -> tuple[list[str], list[EngineInput]]:
        """Command-line arguments for the given layers, and the files handed over."""
        given = _Arguments(context, work)
        parcels = self.source_layer(parameters, self.PARCELS, "parcels", context)
        if parcels is not None:
            given.add("--parcels", parcels[0], "parcels", selected_only=parcels[1])
            given.field(
                "--id-field",
                parcels[0],
                "parcels",
                "id field",
                self.field(parameters, self.ID_FIELD, context),
            )
        zoning = self.layer_list(parameters, self.ZONING, "zoning", context)
        plans = [layers.imro_geopackage(layer, schema.IMRO_OBJECT_TYPES) for layer in zoning]
        files = self.parameterAsFileList(parameters, self.ZONING_FILES, context)
        plans += [Path(f) for f in files if f]
        for plan in dict.fromkeys(plans):  # a plan once, however many of its layers are chosen
            given.arguments.extend(["--zoning", str(plan)])
        holdings = self.layer_list(parameters, self.HOLDINGS, "holdings", context)
        for i, layer in enumerate(holdings):
            given.add("--holdings", layer, f"holdings_{i}")
        for option, key, purpose in (
            ("--owner-field", self.OWNER_FIELD, "owner field"),
            ("--owner-type-field", self.OWNER_TYPE_FIELD, "owner type field"),
        ):
            name = self.parameterAsString(parameters, key, context)
            for layer in holdings:
                given.field(option, layer, "holdings", purpose, name, once=True)
        for kind, key, names_key in (
            ("constraint", self.CONSTRAINTS, self.CONSTRAINT_NAMES),
            ("amenity", self.AMENITIES, self.AMENITY_NAMES),
        ):
            chosen = self.layer_list(parameters, key, kind, context)
            names = layer_names(self.parameterAsString(parameters, names_key, context), chosen)
            # strict= needs Python 3.10; QGIS 3.22 on Windows has 3.9 (lengths checked above)
            for name, layer in zip(names, chosen):  # noqa: B905
                given.add(f"--{kind}", layer, f"{kind}_{name}", prefix=f"{name}=")
        boundaries = self.source_layer(parameters, self.BOUNDARIES, "boundaries", context)
        if boundaries is not None:
            given.add("--boundaries", boundaries[0], "boundaries", selected_only=boundaries[1])
            name_field = self.field(parameters, self.NAME_FIELD, context)
            given.field("--name-field", boundaries[0], "boundaries", "name field", name_field)
        return given.arguments, given.inputs

    def source_layer(
        self, parameters: dict[str, Any], key: str, role: str, context: QgsProcessingContext
    ) -> tuple[QgsVectorLayer, bool] | None:
        """The layer of a feature source parameter and whether only its selection counts."""
        value = parameters.get(key)
        if not value:
            return None
        selected = False
        if isinstance(value, QgsProcessingFeatureSourceDefinition):
            # The layer itself, not a feature source: it is handed over as a whole file.
            selected, value = value.selectedFeaturesOnly, value.source.staticValue()
        layer = self.parameterAsVectorLayer({key: value}, key, context)
        return layers.check_layer(layer, role, polygons=True, selected_only=selected), selected

    def layer_list(
        self, parameters: dict[str, Any], key: str, role: str, context: QgsProcessingContext
    ) -> list[QgsVectorLayer]:
        chosen = self.parameterAsLayerList(parameters, key, context)
        return [layers.check_layer(layer, role, polygons=role == "zoning") for layer in chosen]

    def field(self, parameters: dict[str, Any], key: str, context: QgsProcessingContext) -> str:
        fields = self.parameter_as_fields(parameters, key, context)
        return fields[0] if fields else ""


class _Arguments:
    """Collects the engine's arguments and the files it is handed for the layers."""

    def __init__(self, context: QgsProcessingContext, work: Path) -> None:
        self.context = context
        self.work = work
        self.arguments: list[str] = []
        self.inputs: list[EngineInput] = []

    def add(
        self,
        option: str,
        layer: QgsVectorLayer,
        name: str,
        *,
        prefix: str = "",
        selected_only: bool = False,
    ) -> None:
        transform = self.context.transformContext()
        item = layers.engine_input(layer, self.work, name, transform, selected_only=selected_only)
        self.inputs.append(item)
        self.arguments.extend([option, f"{prefix}{item.path}"])

    def field(
        self,
        option: str,
        layer: QgsVectorLayer,
        role: str,
        purpose: str,
        name: str,
        *,
        once: bool = False,
    ) -> None:
        """``option name`` after checking that ``layer`` has the field."""
        if not name:
            return
        layers.check_fields(layer, role, {purpose: name})
        if not (once and option in self.arguments):
            self.arguments.extend([option, name])


def layer_names(text: str, chosen: list[QgsVectorLayer]) -> list[str]:
    """Scenario names for ``chosen``: as given, in order, else the layers' own names."""
    names = [scenario_name(n) for n in text.split(",")] if text.strip() else []
    if names and len(names) != len(chosen):
        raise LayerProblem(
            f"{len(names)} names given for {len(chosen)} layers ({text}); "
            "give one name per layer, in the order of the layers."
        )
    names = names or [scenario_name(layer.name()) for layer in chosen]
    if not all(names) or len(set(names)) != len(names):
        raise LayerProblem(f"Layer names must be distinct and not empty: {', '.join(names)}.")
    return names
