"""`bouwstroom robustness SCENARIO --out DIR`: how firm the ranking is, and for whom.

Parcels are scored (from the metrics cache in DIR when a run left one) and assembled
into sites as in ``bouwstroom sites``; then every weight is perturbed ``--draws`` times
by up to ``--spread`` and parcels and sites ranked again, and the scenario's stakeholder
profiles (``[profiles.<name>]``) rank them side by side. Writes
``robustness_parcels.csv`` and ``robustness_sites.csv``: id, score and rank, the
probability of staying in the top k (``p_top_k``), the 5/50/95 % ranks, and per profile
score and rank with the consensus. A run's shortlist already holds these columns for
the scenario's ``[robustness]``; this command tries other settings without a new run.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
from pathlib import Path

import numpy as np
import pandas as pd

from bouwstroom_qgis.commands import sites as sites_command
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path, check_writable
from bouwstroom_qgis.core.io.csv import write_csv
from bouwstroom_qgis.core.metric_cache import MetricCache
from bouwstroom_qgis.core.pipeline import read_inputs, score_parcels_of
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.robustness_stage import rank_robustness
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.site_stage import build_sites

log = logging.getLogger("bouwstroom")

PARCELS_FILE, SITES_FILE = "robustness_parcels.csv", "robustness_sites.csv"
TOP = 10


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sites_command.add_arguments(parser)
    parser.add_argument("--draws", type=int, help="weight draws (default: [robustness] draws)")
    parser.add_argument(
        "--spread",
        type=float,
        help="each weight varies by up to this share, e.g. 0.2 for ±20 %% "
        "(default: [robustness] spread)",
    )
    parser.add_argument(
        "--top-k", type=int, help="shortlist size whose membership counts ([robustness] top_k)"
    )
    parser.add_argument("--seed", type=int, help="seed of the draws ([robustness] seed)")


def scenario_from_args(args: argparse.Namespace) -> Scenario:
    """The scenario with the command line's inputs and robustness settings."""
    scenario = sites_command.scenario_from_args(args)
    given = {"draws": args.draws, "spread": args.spread, "top_k": args.top_k, "seed": args.seed}
    changes = {k: v for k, v in given.items() if v is not None}
    robustness = dataclasses.replace(scenario.robustness, **changes)
    return dataclasses.replace(scenario, robustness=robustness)


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    out_dir = Path(args.out)
    paths = {"parcels": out_dir / PARCELS_FILE, "sites": out_dir / SITES_FILE}
    for path in paths.values():  # before the work, not after it
        check_writable(path, args.overwrite)
    scenario = scenario_from_args(args)
    report = Report()
    inputs = read_inputs(scenario, report, feedback.step(0.0, 0.15))
    cache = MetricCache(out_dir / ".cache", scenario)
    parcels, _ = score_parcels_of(
        scenario, inputs, cache, feedback.step(0.15, 0.45), reuse=not args.no_cache
    )
    sites = build_sites(scenario, inputs, parcels, report, feedback.step(0.45, 0.75))
    firmness = rank_robustness(scenario, parcels, sites, report, feedback.step(0.75, 0.95))
    parcel_table = _ranked(parcels, s.PARCEL_ID, firmness.parcels)
    site_table = _ranked(sites.sites, s.SITE_ID, firmness.sites)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        for key, table in (("parcels", parcel_table), ("sites", site_table)):
            with atomic_path(paths[key], overwrite=args.overwrite) as tmp:
                write_csv(table, tmp)
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error.strerror or error}") from error
    feedback.report(1.0, "done")
    for line in report.lines():
        log.warning(line)
    print_robustness(site_table, scenario)
    for key, path in paths.items():
        print(f"  {key:<8} {path}")
    return 0


def _ranked(table: pd.DataFrame, key: str, columns: pd.DataFrame | None) -> pd.DataFrame:
    """Id, score and rank, then the robustness columns; best rank first, unranked last."""
    joined = pd.concat([table[[key, s.SCORE, s.RANK]], columns], axis=1)
    rank = joined[s.RANK]
    return joined.iloc[np.lexsort((rank.fillna(0).to_numpy(), rank.isna().to_numpy()))]


def print_robustness(sites: pd.DataFrame, scenario: Scenario) -> None:
    settings = scenario.robustness
    k = settings.top_k
    print(
        f"\n{settings.draws} draws, weights ±{settings.spread:.0%}, seed {settings.seed}: "
        f"{int((sites[s.P_TOP_K] >= 0.95).sum())} sites stay in the top {k} "
        f"in at least 95 % of the draws"
    )
    print(f"Top {TOP} sites: rank, chance of staying in the top {k}, 5-95 % rank")
    for row in sites.head(TOP).itertuples():
        if pd.isna(getattr(row, s.RANK)):
            break
        print(
            f"  {int(getattr(row, s.RANK)):>3}  {getattr(row, s.SITE_ID):<20} "
            f"{getattr(row, s.P_TOP_K):6.1%}  {getattr(row, s.RANK_P05)}-"
            f"{getattr(row, s.RANK_P95)}"
        )
    if s.CONSENSUS in sites.columns:
        agreed = sites.loc[sites[s.CONSENSUS].fillna(False).astype(bool), s.SITE_ID]
        names = ", ".join(p.name for p in scenario.profiles)
        print(f"{len(agreed)} sites in the top {k} of every profile ({names})")
