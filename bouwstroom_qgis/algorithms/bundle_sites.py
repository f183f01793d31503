"""``bouwstroom:bundle_sites``: scored sites bundled and planned, as ``bouwstroom bundle``.

Any polygon layer of scored sites will do: the sites of "Assemble and size sites", or a
corporation's own list with a score, homes and best concept per site.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputFile,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingUtils,
)

from bouwstroom_qgis import layers, paths
from bouwstroom_qgis.algorithms import enums, result_styling
from bouwstroom_qgis.algorithms.base import BouwstroomAlgorithm
from bouwstroom_qgis.algorithms.site_layers import (
    ID_FIELD,
    SITES,
    add_site_parameters,
    copy_to_sink,
    gpkg_destination,
    site_arguments,
)
from bouwstroom_qgis.core import schema  # constants only: safe inside QGIS
from bouwstroom_qgis.layers import EngineInput

BUNDLES_LAYER, SITES_LAYER, PLAN_TABLE = "bundles", "sites", "plan"
SOLVERS = ("auto", "cp-sat", "heuristic")  # as the engine's --solver
SHIPPED_SCENARIO = "bouwstroom_noord.toml"  # the engine's rules without --scenario

HELP = """Groups scored sites into bundles a builder can take on as one job and plans the \
bundles quarter by quarter on the concept lines of the build stream, exactly as the \
command <code>bouwstroom bundle</code> does.

<b>Sites</b>: a polygon layer of scored sites, e.g. the sites of "Assemble and size \
sites". It needs the fields score, homes and best_concept (and homes_&lt;concept&gt; when \
the scenario bundles with any concept that fits); municipality, owners, owner_type, \
plan_status, residential_share and excluded are used where present. "Selected \
features only" is honoured.
<b>Site id field</b>: names the sites; without it site_id is used, else the feature ids.
<b>Scenario</b>: its [bundles] and [stream] rules; the shipped Bouwstroom Noord \
scenario when empty.
<b>Solver</b>: cp-sat (OR-Tools, optimal or with a known gap), heuristic (built in, \
fast) or auto (cp-sat when installed); empty: the scenario's choice.
<b>Time limit</b>: seconds for the solver; empty: the scenario's time_limit.

Rules: every bundle has one concept (or concept family), between min_homes and \
max_homes homes, sites at most max_spread_km apart whose earliest starts lie within \
readiness_window quarters; optionally no municipality or owner above a share of its \
homes. Sites pinned to the same name share a bundle. A site's earliest start is the \
delay of its plan status plus, for owners other than corporations and municipalities, \
the time to acquire the land. The solver picks the bundles with the most \
score-weighted homes; each concept line then starts its bundles in the order they are \
ready, at the scenario's rate of homes per quarter.

Left out: every site outside a bundle says why in bundle_reason, e.g. "too few homes \
(0)", "more than max_homes for one bundle" (too big alone), "no compatible sites within \
... km" or "fewer than min_homes" (too isolated), "no site ready within ... quarters" \
(readiness), "excluded by the user", "too far from bundle ...", "would exceed max \
homes", "too large a share of one municipality/owner", or "not chosen" (its bundles \
were worth less than the ones chosen). The log lists the most common reasons.

Outputs: the bundles (homes, sites, municipalities, owners, start and end quarter), \
the sites with their bundle, ready quarter and reason, the plan (homes started per \
quarter, concept and bundle) and the stream chart (SVG). The engine runs as its own \
Python process and writes the bundles GeoPackage with CSV tables beside it."""


class BundleSitesAlgorithm(BouwstroomAlgorithm):
    ID = "bundle_sites"
    TITLE = "Bundle sites for the build stream"
    HELP = HELP
    ICON = "bouwstroom.svg"

    SITES = SITES
    ID_FIELD = ID_FIELD
    SCENARIO = "SCENARIO"
    SOLVER = "SOLVER"
    TIME_LIMIT = "TIME_LIMIT"
    BUNDLES = "BUNDLES"
    SITES_OUT = "SITES_OUT"
    PLAN = "PLAN"
    BUNDLES_FILE = "BUNDLES_FILE"
    BUNDLES_CSV = "BUNDLES_CSV"
    PLAN_CSV = "PLAN_CSV"
    CHART = "CHART"

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:
        tr = self.tr
        add_site_parameters(self, tr("Sites"), tr("Site id field"))
        self.addParameter(
            QgsProcessingParameterFile(
                self.SCENARIO,
                tr("Scenario (the shipped one when empty)"),
                behavior=enums.FILE,
                extension="toml",
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SOLVER,
                tr("Solver (the scenario's when empty)"),
                options=list(SOLVERS),
                optional=True,
                usesStaticStrings=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.TIME_LIMIT,
                tr("Solver time limit in seconds (the scenario's when empty)"),
                type=enums.NUMBER_DOUBLE,
                minValue=0.1,
                optional=True,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.BUNDLES, tr("Bundles"), enums.VECTOR_POLYGON)
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.SITES_OUT, tr("Sites with their bundle"), enums.VECTOR_POLYGON
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(self.PLAN, tr("Stream plan"), enums.VECTOR_ANY)
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.BUNDLES_FILE, tr("Bundles GeoPackage"), tr("GeoPackage (*.gpkg)")
            )
        )
        self.addOutput(QgsProcessingOutputFile(self.CHART, tr("Stream chart (SVG)")))
        self.addOutput(QgsProcessingOutputFile(self.BUNDLES_CSV, tr("Bundles table (CSV)")))
        self.addOutput(QgsProcessingOutputFile(self.PLAN_CSV, tr("Plan table (CSV)")))

    def compute(
        self,
        parameters: dict[str, Any],
        context: QgsProcessingContext,
        feedback: QgsProcessingFeedback,
    ) -> dict[str, Any]:
        out = gpkg_destination(self, parameters, self.BUNDLES_FILE, context)
        work = Path(tempfile.mkdtemp(prefix="bouwstroom_", dir=QgsProcessingUtils.tempFolder()))
        try:
            arguments, inputs = self.engine_arguments(parameters, context, work)
            command = ["bundle", *arguments, "--out", str(out), "--overwrite"]
            self.run_engine(command, feedback, inputs)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        if feedback.isCanceled():
            return {}
        results: dict[str, Any] = {
            self.BUNDLES_FILE: str(out),
            self.BUNDLES_CSV: str(out.with_suffix(".csv")),
        }
        results[self.BUNDLES], count = copy_to_sink(
            self, parameters, context, out, BUNDLES_LAYER, self.BUNDLES
        )
        results[self.SITES_OUT] = copy_to_sink(
            self, parameters, context, out, SITES_LAYER, self.SITES_OUT
        )[0]
        feedback.pushInfo(self.tr("{} bundles").format(count))
        chart = out.with_name(f"{out.stem}_stream.svg")
        if PLAN_TABLE in layers.layer_names(out):
            results[self.PLAN] = copy_to_sink(
                self, parameters, context, out, PLAN_TABLE, self.PLAN
            )[0]
            results[self.PLAN_CSV] = str(out.with_name(f"{out.stem}_plan.csv"))
            results[self.CHART] = str(chart)
        else:  # the engine's log says why (no [stream] start, or no bundles)
            feedback.pushInfo(self.tr("No stream plan: no plan table and no chart."))
        outputs = [
            (self.BUNDLES, results[self.BUNDLES], result_styling.BUNDLES),
            (self.SITES_OUT, results[self.SITES_OUT], result_styling.SITES),
            (self.PLAN, results.get(self.PLAN, ""), result_styling.TABLE),
        ]
        scenario = self.parameterAsFile(parameters, self.SCENARIO, context)
        rules = Path(scenario) if scenario else paths.resource("scenarios", SHIPPED_SCENARIO)
        result_styling.style_results(
            self, parameters, context, feedback, outputs, (result_styling.SCENARIO, rules), out
        )
        return results

    def engine_arguments(
        self, parameters: dict[str, Any], context: QgsProcessingContext, work: Path
    ) -> tuple[list[str], list[EngineInput]]:
        """Command-line arguments for the chosen sites and rules, and the file handed over."""
        # The fields the engine bundles by; the others (municipality, owners, plan status)
        # are used where the layer has them.
        required = {
            self.tr("site score"): schema.SCORE,
            self.tr("homes of the best concept"): schema.HOMES,
            self.tr("best concept"): schema.BEST_CONCEPT,
        }
        arguments, item = site_arguments(
            self, parameters, context, work, self.tr("sites"), self.tr("site id field"), required
        )
        scenario = self.parameterAsFile(parameters, self.SCENARIO, context)
        if scenario:
            arguments += ["--scenario", scenario]
        solver = self.parameterAsEnumString(parameters, self.SOLVER, context)
        if solver:
            arguments += ["--solver", solver]
        if parameters.get(self.TIME_LIMIT) not in (None, ""):
            seconds = self.parameterAsDouble(parameters, self.TIME_LIMIT, context)
            arguments += ["--time-limit", f"{seconds:g}"]
        return arguments, [item]
