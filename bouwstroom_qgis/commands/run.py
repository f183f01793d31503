"""`bouwstroom run SCENARIO --out DIR`: the whole pipeline.

Parcels are scored, assembled into sites, sized per concept home and the sites scored
(as ``bouwstroom sites``); the sites are bundled and the bundles planned in the build
stream (``[bundles]``, ``[stream]``), and parcels and sites get their robustness under
weight doubt and their stakeholder profile ranks (``[robustness]``, ``[profiles]``).
Written: ``shortlist.gpkg`` (layers ``parcels``, ``sites``, ``bundles``, table
``plan``), ``shortlist.csv``, ``sites.csv``, ``bundles.csv``, ``plan.csv``,
``stream.svg`` and ``report.txt``; then the export: the styled GeoPackage with its
provenance, the Excel workbook, the PDF and HTML report and GeoJSON (as ``bouwstroom
export``; skip with ``--no-export``).
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
    return sites_command.run(args, feedback, with_bundles=True, with_exports=not args.no_export)
