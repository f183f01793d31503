"""From scored parcels to scored sites: assembly, capacity per concept, site scores.

A function of the scored parcels, the normalised inputs and the scenario, like every
other stage; it writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.capacity import estimate_capacity
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.metrics import OverlayInputs
from bouwstroom_qgis.core.overlay import is_polygonal
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.site_score import score_sites
from bouwstroom_qgis.core.sites import assemble_sites

# Reading order of the sites layer: identity and verdict first, then what the site is,
# then capacity, then the score's parts.
LEADING = [
    s.SITE_ID,
    s.RANK,
    s.SCORE,
    s.EXPLANATION,
    s.MUNICIPALITY,
    s.OWNERS,
    s.AREA,
    s.BUILDABLE,
    s.BEST_CONCEPT,
    s.HOMES,
    s.DENSITY,
]


@dataclass
class SitesResult:
    """Scored sites, which parcel lies in which site, the capacity and optional layouts.

    ``capacity`` is the capacity table the site scores were computed from (one row per
    site), for the stages that score sites again (robustness, profiles).
    """

    sites: gpd.GeoDataFrame
    membership: pd.DataFrame
    layouts: gpd.GeoDataFrame | None
    capacity: pd.DataFrame | None = None


def build_sites(
    scenario: Scenario,
    inputs: OverlayInputs,
    parcels: gpd.GeoDataFrame,
    report: Report,
    feedback: Feedback,
) -> SitesResult:
    """Assemble the scored parcels into sites, estimate their capacity and score them."""
    rules = scenario.sites
    feedback.report(0.0, "assembling sites")
    sites, membership = assemble_sites(parcels, rules, report, language=scenario.language)
    feedback.report(0.3, f"capacity of {len(sites)} sites")
    if inputs.zoning is None:
        report.warn("capacity", "no zoning given: capacity is not limited by any plan")
    capacity = estimate_capacity(
        sites[[s.SITE_ID, "geometry"]],
        load_concepts(rules.concepts),
        zoning=inputs.zoning,
        exclusions=_unbuildable(inputs, rules.exclude_layers),
        with_layout=rules.layouts,
        feedback=feedback.step(0.3, 0.9),
        report=report,
    )
    feedback.report(0.9, "scoring sites")
    table = capacity.table.drop(
        columns=[c for c in capacity.table.columns if c != s.SITE_ID and c in sites.columns]
    )
    sites = sites.merge(table, on=s.SITE_ID, how="left", validate="one_to_one")
    scores = score_sites(
        sites, membership, parcels, capacity.table, rules, language=scenario.language, report=report
    )
    scores = scores.drop(
        columns=[c for c in scores.columns if c != s.SITE_ID and c in sites.columns]
    )
    sites = sites.merge(scores, on=s.SITE_ID, how="left", validate="one_to_one")
    feedback.report(1.0, "sites ready")
    return SitesResult(_in_order(sites), membership, capacity.layouts, capacity.table)


def _unbuildable(inputs: OverlayInputs, names: tuple[str, ...]) -> gpd.GeoSeries | None:
    """Polygons of the constraint layers the scenario names as unbuildable."""
    frames = [layer.frame.geometry for layer in inputs.layers if layer.name in names]
    if not frames:
        return None
    geoms = pd.concat(frames, ignore_index=True)
    return gpd.GeoSeries(geoms[is_polygonal(geoms.to_numpy())], crs=s.RD_NEW)


def _in_order(sites: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Columns in reading order; rows by rank, unranked last, then by site id."""
    first = [c for c in LEADING if c in sites.columns]
    rest = [c for c in sites.columns if c not in first and c != "geometry"]
    unranked = sites[s.RANK].isna().to_numpy()
    order = np.lexsort(
        (
            sites[s.SITE_ID].to_numpy(dtype=str),
            sites[s.RANK].fillna(0).to_numpy(dtype=float),
            unranked,
        )
    )
    ordered = sites.iloc[order].reset_index(drop=True)
    return ordered[[*first, *rest, "geometry"]]
