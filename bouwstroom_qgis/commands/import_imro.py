"""`bouwstroom import-imro PLAN.gml --out zoning.gpkg`: an IMRO plan as a zoning GeoPackage.

Reading a GML plan is the slow part of zoning; converted once, the GeoPackage opens in
QGIS as ordinary layers and the engine reads it back quickly. Unknown main groups and
repairs are listed at the end, each with its count.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.imro import read_imro_plan
from bouwstroom_qgis.core.io.atomic import check_writable
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.zoning_gpkg import write_zoning_geopackage

log = logging.getLogger(__name__)

# Object types whose main groups are worth a line; aanduiding names are too many to list.
GROUPS_SHOWN = (s.ENKELBESTEMMING, s.DUBBELBESTEMMING, s.GEBIEDSAANDUIDING, s.BOUWAANDUIDING)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("plan", metavar="PLAN.gml", type=Path, help="IMRO2006/2008/2012 plan GML")
    parser.add_argument(
        "--out", required=True, type=Path, metavar="zoning.gpkg", help="GeoPackage to write"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing --out")


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    check_writable(args.out, args.overwrite)  # before the slow read, not after
    logging.getLogger("pyogrio").setLevel(logging.WARNING)  # its per-layer "Created n records"
    report = Report()
    plan = read_imro_plan(args.plan, report, feedback.step(0.0, 0.9))
    write_zoning_geopackage(plan, args.out, args.overwrite)
    feedback.report(1.0, "written")
    for kind, table in plan.items():
        shown = table[s.HOOFDGROEP].fillna("unknown") if kind in GROUPS_SHOWN else pd.Series()
        groups = shown.value_counts()
        detail = ", ".join(f"{group} {count}" for group, count in groups.head(6).items())
        more = f", {len(groups) - 6} more" if len(groups) > 6 else ""
        log.info("%-22s %5d%s", kind, len(table), f"  ({detail}{more})" if detail else "")
    for line in report.lines():
        log.warning(line)
    log.info("written %s", args.out)
    return 0
