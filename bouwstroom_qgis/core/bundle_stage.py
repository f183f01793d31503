"""From scored sites to bundles and a build stream plan.

A function of the scored sites and the scenario, like every other stage; it writes
nothing. The bundles come from :func:`~bouwstroom_qgis.core.bundling.bundle_sites`
(``[bundles]``), the plan from :func:`~bouwstroom_qgis.core.stream.plan_stream`
(``[stream]``): each bundle is put on its concept's production line from the quarter
its last site is ready, so every site of a bundle can start when the bundle does.
Without ``[stream] start`` there is no calendar to plan in: the bundles are made, the
plan is not, and the report says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundling import BundleResult, bundle_sites
from bouwstroom_qgis.core.compat import as_text, text_array
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.stream import StreamPlan, plan_stream

log = logging.getLogger(__name__)

# Reading order of the bundles layer: identity, what it holds, when, where, how good.
BUNDLE_LAYER_COLUMNS = [
    s.BUNDLE_ID,
    s.BUNDLE_NAME,
    s.CONCEPT,
    s.HOMES,
    s.N_SITES,
    s.SITE_IDS,
    s.MUNICIPALITIES,
    s.OWNERS,
    s.START_QUARTER,
    s.END_QUARTER,
    s.EARLIEST_LABEL,
    s.LATEST_LABEL,
    s.SPREAD_KM,
    s.SCORE,
    s.WEIGHTED_HOMES,
]
# What the sites layer gains: the bundle and its quarters, or why the site has none.
SITE_COLUMNS = [s.BUNDLE_ID, s.READY_LABEL, s.START_QUARTER, s.BUNDLE_REASON]


@dataclass
class BundlesResult:
    """The bundles layer, each site's bundle, the stream plan and how it was solved.

    Attributes
    ----------
    bundles : geopandas.GeoDataFrame
        One row per bundle (:data:`BUNDLE_LAYER_COLUMNS`): ``start_quarter`` and
        ``end_quarter`` are the plan's first and last quarter with homes started
        ('2027-Q1'; null without a plan, or beyond the plan's horizon);
        ``earliest_label`` and ``latest_label`` when the bundle's first and last site
        are ready.
    sites : pandas.DataFrame
        Indexed like the sites given: ``site_id`` and :data:`SITE_COLUMNS`.
    plan : StreamPlan or None
        None without ``[stream] start`` or without bundles.
    solved : BundleResult
        The solver's result: solver, status, bound and gap, notes, message.
    """

    bundles: gpd.GeoDataFrame
    sites: pd.DataFrame
    plan: StreamPlan | None
    solved: BundleResult

    @property
    def plan_table(self) -> pd.DataFrame | None:
        """Homes started per quarter, concept and bundle (the ``plan`` table)."""
        return self.plan.table if self.plan is not None else None

    def summary(self) -> str:
        """One line for the run report: what the solver found and how sure it is."""
        solved = self.solved
        homes = int(self.bundles[s.HOMES].sum()) if len(self.bundles) else 0
        line = (
            f"Bundles: {len(self.bundles)} with {homes} homes on "
            f"{int(self.sites[s.BUNDLE_ID].notna().sum())} sites; solver {solved.solver}, "
            f"{solved.status}"
        )
        if solved.gap is not None and len(self.bundles):
            line += f", gap {solved.gap:.1%}"
        return line


def build_bundles(
    scenario: Scenario,
    sites: gpd.GeoDataFrame,
    report: Report,
    feedback: Feedback | None = None,
) -> BundlesResult:
    """Bundle the scored sites by ``[bundles]`` and plan them by ``[stream]``.

    Parameters
    ----------
    scenario : Scenario
    sites : geopandas.GeoDataFrame
        Scored sites with capacity (see :func:`~bouwstroom_qgis.core.bundling.bundle_sites`
        for the columns read). Not modified.
    report : Report
        Receives the solver's notes, the plan's notes and a missing start quarter.
    feedback : Feedback, optional

    Returns
    -------
    BundlesResult
    """
    feedback = feedback or Feedback()
    feedback.report(0.0, f"bundling {len(sites)} sites")
    families = {c.name: c.family for c in load_concepts(scenario.sites.concepts)}
    solved = bundle_sites(
        sites,
        scenario.bundles,
        families=families,
        start=scenario.stream.start,
        language=scenario.language,
        report=report,
    )
    if solved.message and not len(solved.bundles):
        report.warn("bundles", solved.message)
    feedback.report(0.8, "planning the build stream")
    # the concepts the sites were sized for: a rate outside them is a spelling mistake
    catalogue = [
        c.removeprefix(s.HOMES_PREFIX) for c in sites.columns if c.startswith(s.HOMES_PREFIX)
    ]
    plan = _plan(scenario, solved, report, catalogue)
    bundles = _bundle_layer(solved.bundles, plan)
    site_table = _site_columns(solved.assignment, bundles)
    feedback.report(1.0, "bundles ready")
    return BundlesResult(bundles, site_table, plan, solved)


def _plan(
    scenario: Scenario, solved: BundleResult, report: Report, catalogue: list[str]
) -> StreamPlan | None:
    if not len(solved.bundles):
        return None
    if scenario.stream.start is None:
        report.warn(
            "stream",
            'no start quarter: bundles are made but not planned; set start = "2027-Q1" '
            "and the rates in [stream]",
        )
        return None
    # A bundle starts when its last site is ready: a bundle is built as one series.
    ready = solved.bundles[[s.BUNDLE_ID, s.CONCEPT, s.HOMES, s.LATEST_QUARTER]].rename(
        columns={s.LATEST_QUARTER: s.EARLIEST_QUARTER}
    )
    plan = plan_stream(pd.DataFrame(ready), scenario.stream, catalogue or None)
    for note in plan.notes:
        report.warn("stream", note)
    return plan


def _bundle_layer(bundles: gpd.GeoDataFrame, plan: StreamPlan | None) -> gpd.GeoDataFrame:
    """The solver's bundles with the plan's quarters, in reading order."""
    layer = bundles.copy()
    if plan is not None:
        when = plan.schedule.set_index(s.BUNDLE_ID)
        ids = layer[s.BUNDLE_ID]
        layer[s.START_QUARTER] = as_text(ids.map(when[s.START_LABEL]))
        layer[s.END_QUARTER] = as_text(ids.map(when[s.END_LABEL]))
    else:
        layer[s.START_QUARTER] = text_array([None] * len(layer))
        layer[s.END_QUARTER] = text_array([None] * len(layer))
    return layer[[*BUNDLE_LAYER_COLUMNS, "geometry"]]


def _site_columns(assignment: pd.DataFrame, bundles: gpd.GeoDataFrame) -> pd.DataFrame:
    start = bundles.set_index(s.BUNDLE_ID)[s.START_QUARTER]
    return pd.DataFrame(
        {
            s.SITE_ID: assignment[s.SITE_ID],
            s.BUNDLE_ID: assignment[s.BUNDLE_ID],
            s.READY_LABEL: assignment[s.READY_LABEL],
            s.START_QUARTER: as_text(assignment[s.BUNDLE_ID].map(start)),
            s.BUNDLE_REASON: assignment[s.REASON],
        },
        index=assignment.index,
    )
