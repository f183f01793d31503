"""`bouwstroom bundle SITES_LAYER --out bundles.gpkg`: bundles and a stream plan for sites.

Any polygon layer of scored sites will do: the ``sites`` layer of ``bouwstroom sites``
or ``bouwstroom run``, or a corporation's own list with ``score``, ``homes``,
``best_concept`` (and ``homes_<concept>`` for ``concepts = "any"``). The rules come
from the scenario's ``[bundles]`` and ``[stream]`` (the shipped Bouwstroom Noord
scenario's without ``--scenario``). Writes ``bundles.gpkg`` with layers ``bundles``
and ``sites`` (every site with its bundle, or why it has none) and table ``plan``;
beside it ``bundles.csv``, ``bundles_plan.csv`` and the stream chart ``bundles_stream.svg``.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from bouwstroom_qgis.commands.capacity import with_site_ids
from bouwstroom_qgis.core import bundle_rules as br
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_stage import BundlesResult, build_bundles
from bouwstroom_qgis.core.errors import InputError, OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path, check_writable
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.outputs import BUNDLES_LAYER, write_bundle_files, write_layers
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario, load_scenario
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.paths import resource

log = logging.getLogger("bouwstroom")

SITES_LAYER, PLAN_TABLE = "sites", "plan"
TOP_REASONS = 8
TOP_BUNDLES = 30  # bundles listed on the terminal


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sites",
        type=Path,
        metavar="SITES_LAYER",
        help="polygon layer of scored sites (any OGR format), e.g. a run's shortlist.gpkg",
    )
    parser.add_argument(
        "--layer", help="layer of SITES_LAYER, when the file holds several (e.g. sites)"
    )
    parser.add_argument(
        "--scenario",
        type=Path,
        help="scenario whose [bundles] and [stream] rules apply (default: the shipped "
        "Bouwstroom Noord scenario)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.gpkg",
        help="output GeoPackage; the tables and the stream chart are written beside it",
    )
    parser.add_argument(
        "--id-field",
        metavar="FIELD",
        help=f"field with the site ids (default: {s.SITE_ID} if present, else feature ids)",
    )
    parser.add_argument(
        "--solver", choices=br.SOLVERS, help="solver, replacing the scenario's [bundles] solver"
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        metavar="SECONDS",
        help="solver time limit, replacing the scenario's [bundles] time_limit",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing outputs")


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    paths = output_paths(args.out)
    for path in paths.values():  # before the work, not after it
        check_writable(path, args.overwrite)
    scenario = scenario_from_args(args)
    report = Report()
    source = Source(args.sites, layer=args.layer or _sites_layer(args.sites))
    feedback.report(0.0, f"reading sites {args.sites.name}")
    sites = with_site_ids(
        read_vector(source, report, role="sites", expect="polygon"), source, args.id_field, report
    )
    try:
        result = build_bundles(scenario, sites, report, feedback.step(0.1, 0.9))
    except InputError as error:  # say which file and layer the sites came from
        raise InputError(
            error.message,
            path=args.sites,
            layer=sites.attrs.get("layer", source.layer),
            feature=error.feature,
            hint=error.hint,
        ) from None
    feedback.report(0.9, "writing the bundles")
    site_layer = pd.concat(
        [sites.drop(columns=[*result.sites.columns.drop(s.SITE_ID).intersection(sites.columns)]),
         result.sites.drop(columns=s.SITE_ID)],
        axis=1,
    )  # fmt: skip
    write_bundles(paths, result, gpd.GeoDataFrame(site_layer), scenario, args.overwrite)
    feedback.report(1.0, "done")
    for line in report.lines():
        log.warning(line)
    print_bundles(result)
    for name, path in paths.items():
        if path.exists():
            print(f"  {name:<8} {path}")
    return 0


def output_paths(out: Path) -> dict[str, Path]:
    """The GeoPackage and the files beside it."""
    if out.suffix.lower() != ".gpkg":
        raise OutputError(f"--out {out}: give a GeoPackage file name ending in .gpkg")
    return {
        "gpkg": out,
        "bundles": out.with_suffix(".csv"),
        "plan": out.with_name(f"{out.stem}_plan.csv"),
        "chart": out.with_name(f"{out.stem}_stream.svg"),
    }


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario's rules (or the defaults) with ``--solver`` and ``--time-limit``."""
    scenario = load_scenario(args.scenario or resource("scenarios", "bouwstroom_noord.toml"))
    changes = {}
    if args.solver:
        changes["solver"] = args.solver
    if args.time_limit is not None:
        changes["time_limit"] = args.time_limit
    if not changes:
        return scenario
    return dataclasses.replace(scenario, bundles=dataclasses.replace(scenario.bundles, **changes))


def _sites_layer(path: Path) -> str | None:
    """``sites`` when the file is a result GeoPackage holding it, else the file's own choice."""
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return None
    try:
        names = [str(name) for name in pyogrio.list_layers(path)[:, 0]]
    except pyogrio.errors.DataSourceError:
        return None  # read_vector says what is wrong with the file
    return SITES_LAYER if len(names) > 1 and SITES_LAYER in names else None


def write_bundles(
    paths: dict[str, Path],
    result: BundlesResult,
    sites: gpd.GeoDataFrame,
    scenario: Scenario,
    overwrite: bool,
) -> None:
    """The GeoPackage, the tables and the chart, each written atomically."""
    layers = {BUNDLES_LAYER: result.bundles, SITES_LAYER: sites, PLAN_TABLE: result.plan_table}
    try:
        with atomic_path(paths["gpkg"], overwrite=overwrite) as tmp:
            write_layers(tmp, layers)
        write_bundle_files(paths, result, scenario.language, overwrite)
    except OSError as error:
        raise OutputError(f"cannot write {paths['gpkg']}: {error.strerror or error}") from error


def print_bundles(result: BundlesResult) -> None:
    """The solver's verdict, the bundles and why sites were left out."""
    print(f"\n{result.summary()}")
    if result.solved.message:
        print(f"  {result.solved.message}")
    for row in result.bundles.head(TOP_BUNDLES).itertuples():
        start = getattr(row, s.START_QUARTER)
        when = f"start {start}" if isinstance(start, str) else f"ready {row.latest_label}"
        print(
            f"  {getattr(row, s.BUNDLE_ID):<5} {getattr(row, s.CONCEPT):<16} "
            f"{getattr(row, s.HOMES):>5} homes, {getattr(row, s.N_SITES):>3} sites, "
            f"{getattr(row, s.SPREAD_KM):5.1f} km, {when}: {getattr(row, s.MUNICIPALITIES)}"
        )
    if len(result.bundles) > TOP_BUNDLES:
        print(f"  ... and {len(result.bundles) - TOP_BUNDLES} more bundles (all in the GeoPackage)")
    reasons = result.sites[s.BUNDLE_REASON].dropna().value_counts()
    if len(reasons):
        print("Sites left out, most common reasons:")
        for reason, count in reasons.head(TOP_REASONS).items():
            print(f"  {count:>5}  {reason}")
    if result.plan is not None:
        for concept, idle in result.plan.idle_quarters.items():
            print(f"  line {concept}: {idle} idle quarters")
