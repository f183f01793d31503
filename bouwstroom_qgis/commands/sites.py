"""`bouwstroom sites SCENARIO --out DIR`: the pipeline up to scored sites.

Parcels are scored and explained, assembled into sites, sized per concept home and the
sites scored: ``shortlist.gpkg`` (layers ``parcels``, ``sites`` and, when asked,
``layouts``), ``shortlist.csv``, ``sites.csv`` and ``report.txt``.
"""

from __future__ import annotations

import argparse
import dataclasses

from bouwstroom_qgis.commands import score as score_command
from bouwstroom_qgis.commands.bundle import print_bundles
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.scenario import Scenario

LAYOUTS_HELP = (
    "write the plot layouts (buildings, plots, parking and green) as layer 'layouts', "
    "or not (--no-layouts), whatever the scenario's [sites] layouts says"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    score_command.add_arguments(parser)
    parser.add_argument(
        "--layouts", action=argparse.BooleanOptionalAction, default=None, help=LAYOUTS_HELP
    )


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario with the command line's inputs, options and ``--layouts``."""
    scenario = score_command.scenario_from_args(args)
    if args.layouts is None:
        return scenario
    sites = dataclasses.replace(scenario.sites, layouts=args.layouts)
    return dataclasses.replace(scenario, sites=sites)


def run(
    args: argparse.Namespace,
    feedback: Feedback,
    *,
    with_bundles: bool = False,
    with_exports: bool = False,
) -> int:
    result = score(
        scenario_from_args(args),
        args.out,
        overwrite=args.overwrite,
        feedback=feedback,
        use_cache=not args.no_cache,
        with_sites=True,
        with_bundles=with_bundles,
        with_exports=with_exports,
    )
    score_command.print_summary(result)
    score_command.print_sites(result)
    if result.bundles is not None:
        print_bundles(result.bundles)
    return 0
