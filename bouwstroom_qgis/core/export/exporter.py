"""Export a result: every file people and other programs use, each written atomically.

``export_result`` works on a folder that ``bouwstroom run`` wrote (the command
``bouwstroom export``); ``export_run`` is what the pipeline calls right after writing
its outputs, with the scenario and inputs it already has. Both check every file they
will write before writing any, so a refusal (an existing file without ``overwrite``)
leaves the folder as it was; each file then appears whole or not at all.

Files, beside the run's own ``shortlist.gpkg``, ``shortlist.csv``, ``sites.csv``:

- ``shortlist.gpkg``: completed in place with QGIS styles and the provenance (or
  copied so to another folder), plus ``bundles`` and ``plan`` when given;
- ``shortlist.xlsx``; ``shortlist.pdf`` and ``shortlist.html`` (the report);
- ``sites.geojson``, ``bundles.geojson`` (RFC 7946) and ``bundles.csv``, ``plan.csv``.

In the result folder itself the run's CSV files are kept as they are; in another
folder they are copied. The PDF needs matplotlib; without it the PDF is left out and
the HTML has no maps, and the report says how to add them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from bouwstroom_qgis.core.errors import BouwstroomError, OutputError
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.context import (
    MapContext,
    context_from_inputs,
    context_from_scenario,
    empty_context,
)
from bouwstroom_qgis.core.export.geopackage import has_exports, read_provenance, write_geopackage
from bouwstroom_qgis.core.export.html import render_html, write_html
from bouwstroom_qgis.core.export.labels import check_language
from bouwstroom_qgis.core.export.provenance import (
    AT_EXPORT,
    Provenance,
    collect_provenance,
    tool_version,
)
from bouwstroom_qgis.core.export.report_data import ReportData, build_report_data
from bouwstroom_qgis.core.export.tables import ResultTables, read_result
from bouwstroom_qgis.core.export.vector_files import copy_file, write_csv, write_geojson
from bouwstroom_qgis.core.export.workbook import PARCEL_ROWS, write_workbook
from bouwstroom_qgis.core.io.atomic import check_writable
from bouwstroom_qgis.core.metrics import OverlayInputs
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario, load_scenario, parse_scenario

log = logging.getLogger(__name__)

DEFAULT_TOP = 20
NO_MATPLOTLIB = (
    "matplotlib is not installed: the PDF report is left out and the HTML report has no "
    "maps; install it with 'pip install matplotlib' (or the plugin's 'report' extra)"
)
SCENARIO_LINE = re.compile(r"^Scenario: .* \((?P<path>.+)\)$")


@dataclass(frozen=True)
class ExportOptions:
    """How to export.

    Attributes
    ----------
    language : {"nl", "en"}
        Language of headers, report and legends (CSV and GeoJSON keep machine names).
    top : int
        Sites with a factsheet: the best ``top`` ranked sites.
    overwrite : bool
        Replace existing export files.
    parcel_rows : int
        Most parcels on the workbook's parcels sheet.
    """

    language: str = "nl"
    top: int = DEFAULT_TOP
    overwrite: bool = False
    parcel_rows: int = PARCEL_ROWS


@dataclass
class ExportResult:
    """What was written where, the report pages, and warnings."""

    outputs: dict[str, Path] = field(default_factory=dict)
    pdf_pages: int = 0
    report: Report = field(default_factory=Report)


def planned_files(out_dir: Path, in_place: bool, tables: ResultTables | None) -> dict[str, Path]:
    """The files an export writes (all possible ones when ``tables`` is not known yet)."""
    has_bundles = tables is None or tables.bundles is not None
    has_plan = tables is None or tables.plan is not None
    names = {"gpkg": c.GPKG_FILE, "xlsx": c.WORKBOOK_FILE, "pdf": c.PDF_FILE, "html": c.HTML_FILE}
    if tables is None or tables.sites is not None:
        names["sites_geojson"] = c.SITES_GEOJSON
    if has_bundles:
        names["bundles_geojson"] = c.BUNDLES_GEOJSON
    csvs = {"bundles_csv": c.BUNDLES_CSV} if has_bundles else {}
    if has_plan:
        csvs["plan_csv"] = c.PLAN_CSV
    if not in_place:
        csvs = {"parcels_csv": c.PARCELS_CSV, "sites_csv": c.SITES_CSV, **csvs}
    return {key: out_dir / name for key, name in {**names, **csvs}.items()}


def check_exports(out_dir: Path, overwrite: bool) -> None:
    """Refuse before a run when its export files exist and may not be replaced.

    For the pipeline to call up front with its own checks; the run's own
    ``shortlist.gpkg`` is not checked here (the run replaces it anyway).
    """
    for key, path in planned_files(Path(out_dir), True, None).items():
        if key != "gpkg":
            check_writable(path, overwrite)


def _check(paths: dict[str, Path], in_place: bool, overwrite: bool) -> None:
    for key, path in paths.items():
        if key == "gpkg" and in_place:
            if has_exports(path) and not overwrite:
                raise OutputError(
                    f"{path} already holds exported styles and provenance; use --overwrite "
                    "to replace them"
                )
            continue
        if key.endswith("_csv") and in_place and path.exists():
            continue  # the run's own table: kept as it is
        check_writable(path, overwrite)


def find_scenario(result_dir: Path, stored: Provenance | None, report: Report) -> Scenario | None:
    """The scenario of a result: from its stored provenance, else from its report.txt."""
    try:
        if stored is not None and stored.scenario_text:
            path = Path(stored.scenario_path) if stored.scenario_path else None
            return parse_scenario(stored.scenario_text, path)
        run_report = result_dir / c.RUN_REPORT
        if run_report.is_file():
            first = run_report.read_text(encoding="utf-8").splitlines()[:1]
            match = SCENARIO_LINE.match(first[0]) if first else None
            if match and Path(match["path"]).is_file():
                return load_scenario(match["path"])
    except BouwstroomError as error:
        report.warn("export", f"the result's scenario cannot be read: {error}")
        return None
    report.warn(
        "export",
        "the result's scenario is not known: the criteria sheet, the maps' zoning and the "
        "input fingerprints are left out (give --scenario)",
    )
    return None


def concept_names(scenario: Scenario | None, language: str) -> dict[str, str]:
    """Readable concept names: the catalogue's Dutch labels, or the names in English."""
    from bouwstroom_qgis.core.concepts import load_concepts

    try:
        concepts = load_concepts(scenario.sites.concepts if scenario else None)
    except BouwstroomError:
        return {}
    if language == "nl":
        return {concept.name: concept.label for concept in concepts}
    return {concept.name: concept.name.replace("_", " ") for concept in concepts}


def export_result(
    result_dir: Path,
    out_dir: Path | None = None,
    *,
    options: ExportOptions | None = None,
    scenario: Scenario | None = None,
    context: MapContext | None = None,
    provenance: Provenance | None = None,
    bundles: gpd.GeoDataFrame | None = None,
    plan: pd.DataFrame | None = None,
    feedback: Feedback | None = None,
) -> ExportResult:
    """Export the result in ``result_dir`` to ``out_dir`` (the result folder by default).

    Parameters
    ----------
    result_dir : Path
        A folder ``bouwstroom run`` wrote (with ``shortlist.gpkg``).
    out_dir : Path, optional
    options : ExportOptions, optional
    scenario : Scenario, optional
        Found from the result when not given (stored provenance, then report.txt).
    context : MapContext, optional
        Zoning and constraints for the maps; read from the scenario when not given.
    provenance : Provenance, optional
        The run's; else the one stored in the result, else fingerprinted now.
    bundles, plan : optional
        Bundles layer and stream plan, when the result's GeoPackage does not hold them.
    feedback : Feedback, optional

    Returns
    -------
    ExportResult

    Raises
    ------
    InputError
        When ``result_dir`` holds no result.
    OutputError
        When a file exists and ``options.overwrite`` is false (nothing is written then).
    """
    options = options or ExportOptions()
    check_language(options.language)
    feedback = feedback or Feedback()
    result = ExportResult()
    result_dir = Path(result_dir)
    out_dir = Path(out_dir) if out_dir is not None else result_dir
    source = result_dir / c.GPKG_FILE
    feedback.report(0.0, "reading the result")
    tables = read_result(source)
    tables.bundles = bundles if bundles is not None else tables.bundles
    tables.plan = plan if plan is not None else tables.plan
    in_place = out_dir.resolve() == result_dir.resolve()
    paths = planned_files(out_dir, in_place, tables)
    _check(paths, in_place, options.overwrite)
    stored = read_provenance(source)
    scenario = scenario or find_scenario(result_dir, stored, result.report)
    provenance = provenance or stored
    if provenance is None and scenario is not None:
        provenance = collect_provenance(scenario, command="", fingerprinted=AT_EXPORT)
    if context is None:
        context = context_from_scenario(scenario, result.report) if scenario else empty_context()
    try:
        _write_all(
            result,
            paths,
            source,
            result_dir,
            in_place,
            tables,
            scenario,
            provenance,
            context,
            options,
            bundles,
            plan,
            feedback,
        )
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error}") from error
    feedback.report(1.0, "exported")
    return result


def _write_all(
    result: ExportResult,
    paths: dict[str, Path],
    source: Path,
    result_dir: Path,
    in_place: bool,
    tables: ResultTables,
    scenario: Scenario | None,
    provenance: Provenance | None,
    context: MapContext,
    options: ExportOptions,
    bundles: gpd.GeoDataFrame | None,
    plan: pd.DataFrame | None,
    feedback: Feedback,
) -> None:
    lang = options.language
    names = concept_names(scenario, lang)
    description = f"{scenario.name} – Bouwstroom QGIS {tool_version()}" if scenario else ""
    feedback.report(0.05, "writing the GeoPackage")
    result.outputs["gpkg"] = write_geopackage(
        source,
        paths["gpkg"],
        provenance=provenance,
        language=lang,
        description=description,
        bundles=bundles,
        plan=plan,
        overwrite=True if in_place else options.overwrite,
    )
    feedback.report(0.15, "writing the workbook")
    result.outputs["xlsx"] = write_workbook(
        paths["xlsx"],
        tables,
        scenario=scenario,
        provenance=provenance,
        language=lang,
        parcel_rows=options.parcel_rows,
        concept_names=names,
        overwrite=options.overwrite,
    )
    feedback.report(0.3, "writing CSV and GeoJSON")
    result.outputs.update(_vector_files(paths, in_place, result_dir, tables, options.overwrite))
    data = build_report_data(tables, scenario, options.top, lang, tool_version(), names)
    _report(result, paths, data, tables, context, options.overwrite, feedback.step(0.35, 1.0))


def _vector_files(
    paths: dict[str, Path], in_place: bool, result_dir: Path, tables: ResultTables, overwrite: bool
) -> dict[str, Path]:
    written = {}
    for key, name in (("parcels_csv", c.PARCELS_CSV), ("sites_csv", c.SITES_CSV)):
        if key in paths and (result_dir / name).is_file():
            written[key] = copy_file(result_dir / name, paths[key], overwrite)
    if tables.sites is not None:
        written["sites_geojson"] = write_geojson(paths["sites_geojson"], tables.sites, overwrite)
    if tables.bundles is not None:
        written["bundles_geojson"] = write_geojson(
            paths["bundles_geojson"], tables.bundles, overwrite
        )
    for key, frame in (("bundles_csv", tables.bundles), ("plan_csv", tables.plan)):
        if frame is None or key not in paths:
            continue
        if in_place and paths[key].exists():
            continue  # the run's own table: kept as it is
        written[key] = write_csv(paths[key], frame, overwrite)
    return written


def _report(
    result: ExportResult,
    paths: dict[str, Path],
    data: ReportData,
    tables: ResultTables,
    context: MapContext,
    overwrite: bool,
    feedback: Feedback,
) -> None:
    """The PDF and HTML report; without matplotlib the HTML only, with a note."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        result.report.warn("report", NO_MATPLOTLIB)
        html = render_html(data, tables.bundles, None)
        result.outputs["html"] = write_html(paths["html"], html, overwrite)
        return
    from bouwstroom_qgis.core.export.report_pages import write_report

    result.pdf_pages, written = write_report(paths, data, tables, context, overwrite, feedback)
    result.outputs.update(written)


def export_run(
    out_dir: Path,
    scenario: Scenario,
    inputs: OverlayInputs,
    *,
    overwrite: bool = False,
    feedback: Feedback | None = None,
    bundles: gpd.GeoDataFrame | None = None,
    plan: pd.DataFrame | None = None,
    command: str | None = None,
) -> ExportResult:
    """Export what a run just wrote to ``out_dir``, in the scenario's language.

    The inputs are fingerprinted now, right after the run read them; the maps use the
    zoning and constraint layers the run already has in memory.
    """
    options = ExportOptions(language=scenario.language, overwrite=overwrite)
    return export_result(
        out_dir,
        options=options,
        scenario=scenario,
        context=context_from_inputs(inputs),
        provenance=collect_provenance(scenario, command),
        bundles=bundles,
        plan=plan,
        feedback=feedback,
    )


__all__ = [
    "DEFAULT_TOP",
    "ExportOptions",
    "ExportResult",
    "check_exports",
    "export_result",
    "export_run",
]
