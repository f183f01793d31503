"""`bouwstroom generate`: write a fictional northern sample region with a scenario."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from bouwstroom_qgis.core.generator import MAX_PARCELS, MIN_PARCELS, generate_region
from bouwstroom_qgis.core.progress import Feedback

log = logging.getLogger(__name__)


def _parcel_count(text: str) -> int:
    try:
        value = int(text.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not MIN_PARCELS <= value <= MAX_PARCELS:
        raise argparse.ArgumentTypeError(
            f"must be between {MIN_PARCELS} and {MAX_PARCELS:,}, got {value:,}"
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be zero or positive")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--parcels",
        type=_parcel_count,
        required=True,
        metavar="N",
        help=f"number of cadastral parcels ({MIN_PARCELS} to {MAX_PARCELS:,}); "
        "5000 makes a village with its surroundings, 1000000 a province-sized region",
    )
    parser.add_argument(
        "--seed",
        type=_seed,
        default=1,
        metavar="S",
        help="random seed; the same parcels and seed give identical files (default: 1)",
    )
    parser.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="folder to create for the region"
    )
    parser.add_argument(
        "--overwrite",
        action="store_true",
        help="replace DIR if it holds a region generated before",
    )


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    files = generate_region(args.parcels, args.seed, args.out, args.overwrite, feedback)
    counts = files.counts
    holdings = sum(counts.get(k, 0) for k in ("corporaties", "verblijfsobjecten", "gemeente_bezit"))
    log.info(
        "wrote %s: %s parcels, %s zoning features, %s holdings; run it with 'bouwstroom run %s'",
        files.folder,
        f"{counts.get('percelen', 0):,}",
        f"{sum(v for k, v in counts.items() if k[0].isupper()):,}",
        f"{holdings:,}",
        files.scenario,
    )
    return 0
