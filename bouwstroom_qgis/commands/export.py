"""`bouwstroom export RESULT_DIR`: the shortlist as files people and other programs use.

A styled GeoPackage with its provenance, an Excel workbook, a PDF and HTML report with
a factsheet per site, and CSV and GeoJSON; see ``core/export/exporter.py``.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bouwstroom_qgis.core.export.exporter import DEFAULT_TOP, ExportOptions, export_result
from bouwstroom_qgis.core.export.labels import LANGUAGES
from bouwstroom_qgis.core.export.workbook import PARCEL_ROWS
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.scenario import load_scenario

log = logging.getLogger("bouwstroom")


def positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return number


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "result", type=Path, metavar="RESULT_DIR", help="folder 'bouwstroom run' wrote"
    )
    parser.add_argument("--out", type=Path, help="output folder (default: RESULT_DIR itself)")
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="nl",
        help="language of headers and report (default nl)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing export files")
    parser.add_argument(
        "--top",
        type=positive,
        default=DEFAULT_TOP,
        metavar="N",
        help=f"factsheets for the N best sites (default {DEFAULT_TOP})",
    )
    parser.add_argument(
        "--parcel-rows",
        type=positive,
        default=PARCEL_ROWS,
        metavar="N",
        help=f"most parcels on the workbook's parcels sheet (default {PARCEL_ROWS:,})",
    )
    parser.add_argument(
        "--scenario",
        type=Path,
        help="the result's scenario, when the result does not know it (older results)",
    )


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    options = ExportOptions(
        language=args.lang, top=args.top, overwrite=args.overwrite, parcel_rows=args.parcel_rows
    )
    scenario = load_scenario(args.scenario) if args.scenario else None
    result = export_result(
        args.result, args.out, options=options, scenario=scenario, feedback=feedback
    )
    for line in result.report.lines():
        log.warning(line)
    for name, path in result.outputs.items():
        print(f"  {name:<16} {path}")
    if result.pdf_pages:
        print(f"report: {result.pdf_pages} pages")
    return 0
