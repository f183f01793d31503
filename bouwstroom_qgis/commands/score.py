"""`bouwstroom score SCENARIO --out DIR`: parcels scored and explained, nothing more."""

from __future__ import annotations

import argparse
import dataclasses
import logging
from pathlib import Path

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import BouwstroomError
from bouwstroom_qgis.core.pipeline import Overrides, ScoreResult, apply_overrides, score
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.scenario import Scenario, load_scenario
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger("bouwstroom")
TOP = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", type=Path, help="scenario file (TOML)")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--parcels", type=Path, help="parcel layer, replacing the scenario's")
    parser.add_argument(
        "--zoning",
        type=Path,
        action="append",
        default=[],
        help="zoning plan (IMRO GML or GeoPackage); repeat for several",
    )
    parser.add_argument(
        "--holdings",
        type=Path,
        action="append",
        default=[],
        help="holdings layer or table; repeat for several",
    )
    parser.add_argument(
        "--constraint",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="constraint layer by name; repeat for several",
    )
    parser.add_argument(
        "--amenity",
        action="append",
        default=[],
        metavar="NAME=PATH",
        help="amenity layer by name; repeat for several",
    )
    parser.add_argument("--boundaries", type=Path, help="municipal boundaries layer")
    # Reader options for the layers above, as the scenario's inputs would give them; they
    # let a program (the QGIS plugin) run the engine on any layer without a scenario edit.
    parser.add_argument("--id-field", metavar="FIELD", help="parcel id field (id_field)")
    parser.add_argument(
        "--owner-field", metavar="FIELD", help="owner field of every holdings layer (owner_field)"
    )
    parser.add_argument(
        "--owner-type-field",
        metavar="FIELD",
        help="owner type field of every holdings layer (owner_type_field)",
    )
    parser.add_argument(
        "--name-field", metavar="FIELD", help="municipality name field (name_field)"
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing outputs")
    parser.add_argument(
        "--no-cache", action="store_true", help="recompute the overlay metrics even when cached"
    )


def named_paths(values: list[str], option: str) -> dict[str, Path]:
    named = {}
    for value in values:
        name, sep, path = value.partition("=")
        if not sep or not name or not path:
            raise BouwstroomError(f"{option} expects NAME=PATH, got '{value}'")
        named[name.strip()] = Path(path.strip())
    return named


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    overrides = Overrides(
        parcels=args.parcels,
        zoning=args.zoning,
        holdings=args.holdings,
        constraints=named_paths(args.constraint, "--constraint"),
        amenities=named_paths(args.amenity, "--amenity"),
        boundaries=args.boundaries,
    )
    scenario = apply_overrides(load_scenario(args.scenario), overrides)
    holdings = {"owner_field": args.owner_field, "owner_type_field": args.owner_type_field}
    return dataclasses.replace(
        scenario,
        parcels=scenario.parcels and with_options(scenario.parcels, id_field=args.id_field),
        holdings=tuple(with_options(source, **holdings) for source in scenario.holdings),
        boundaries=scenario.boundaries
        and with_options(scenario.boundaries, name_field=args.name_field),
    )


def with_options(source: Source, **options: str | None) -> Source:
    """``source`` with the reader options given on the command line (None: not given)."""
    given = {name: value for name, value in options.items() if value}
    if not given:
        return source
    return dataclasses.replace(source, options={**source.options, **given})


def print_summary(result: ScoreResult) -> None:
    for line in result.report.lines():
        log.warning(line)
    table = result.parcels
    ranked = table[table[s.RANK].notna()].sort_values(s.RANK).head(TOP)
    excluded = int(table[s.EXCLUDED].sum())
    print(
        f"{len(table)} parcels scored, {excluded} excluded"
        + (" (metrics from the cache)" if result.metrics_from_cache else "")
    )
    for name, path in result.outputs.items():
        print(f"  {name:<7} {path}")
    if len(ranked):
        print(f"\nTop {len(ranked)}:")
        for row in ranked.itertuples():
            print(
                f"  {int(getattr(row, s.RANK)):>3}  {getattr(row, s.PARCEL_ID):<18} "
                f"{getattr(row, s.EXPLANATION)}"
            )


def print_sites(result: ScoreResult) -> None:
    if result.sites is None:
        return
    sites = result.sites.sites
    ranked = sites[sites[s.RANK].notna()].head(TOP)
    homes = int(sites[s.HOMES].fillna(0).sum())
    print(f"\n{len(sites)} sites, {homes} homes of their best concepts")
    if len(ranked):
        print(f"Top {len(ranked)} sites:")
        for row in ranked.itertuples():
            print(
                f"  {int(getattr(row, s.RANK)):>3}  {getattr(row, s.SITE_ID):<20} "
                f"{getattr(row, s.EXPLANATION)}"
            )


def run_pipeline(args: argparse.Namespace, feedback: Feedback, *, with_sites: bool) -> int:
    result = score(
        scenario_from_args(args),
        args.out,
        overwrite=args.overwrite,
        feedback=feedback,
        use_cache=not args.no_cache,
        with_sites=with_sites,
    )
    print_summary(result)
    print_sites(result)
    return 0


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    return run_pipeline(args, feedback, with_sites=False)
