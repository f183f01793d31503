"""`bouwstroom run SCENARIO --out DIR`: the whole pipeline.

Parcels are scored, assembled into sites, sized per concept home and the sites scored
(as ``bouwstroom sites``), then exported: the styled GeoPackage with its provenance, the
Excel workbook, the PDF and HTML report and GeoJSON (as ``bouwstroom export``; skip
with ``--no-export``). Bundles join the pipeline when they arrive.
"""

from __future__ import annotations

import argparse

from bouwstroom_qgis.commands import sites as sites_command
from bouwstroom_qgis.core.progress import Feedback


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sites_command.add_arguments(parser)
    parser.add_argument(
        "--no-export",
        action="store_true",
        help="write only the GeoPackage, CSV tables and report, not the workbook, PDF, "
        "HTML and GeoJSON",
    )


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    return sites_command.run(args, feedback, with_exports=not args.no_export)
