"""How firm a ranking is: weight robustness and stakeholder profiles, for parcels and sites.

A function of the scored parcels and sites and the scenario, like every other stage;
it writes nothing. ``[robustness]`` sets the draws, spread, top k and seed
(:mod:`~bouwstroom_qgis.core.robustness`); ``[profiles.<name>]`` the stakeholders'
weights (:mod:`~bouwstroom_qgis.core.profiles`), scored only when the scenario has
profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from bouwstroom_qgis.core.profiles import profile_rankings
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.robustness import weight_robustness
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.site_robustness import site_profile_rankings, site_weight_robustness
from bouwstroom_qgis.core.site_stage import SitesResult


@dataclass
class RobustnessResult:
    """Columns to add to the parcels and the sites, indexed like each of them.

    ``p_top_k``, ``rank_p05``, ``rank_p50``, ``rank_p95``, then per profile
    ``score_<profile>`` and ``rank_<profile>``, ``consensus`` and ``consensus_rank``.
    """

    parcels: pd.DataFrame
    sites: pd.DataFrame | None


def rank_robustness(
    scenario: Scenario,
    parcels: gpd.GeoDataFrame,
    sites: SitesResult | None,
    report: Report,
    feedback: Feedback | None = None,
) -> RobustnessResult:
    """Robustness and profile columns for the scored parcels and, when given, the sites.

    Parameters
    ----------
    scenario : Scenario
    parcels : geopandas.GeoDataFrame
        The scored parcels with their metrics (``score_parcels_of``'s table).
    sites : SitesResult, optional
        The scored sites, their membership and capacity.
    report : Report
    feedback : Feedback, optional

    Returns
    -------
    RobustnessResult
    """
    feedback = feedback or Feedback()
    settings = scenario.robustness
    feedback.report(
        0.0, f"robustness of the parcels' ranking ({settings.draws} draws, ±{settings.spread:.0%})"
    )
    parts = [weight_robustness(parcels, scenario, scored=parcels)]
    if scenario.profiles:
        parts.append(profile_rankings(parcels, scenario, scored=parcels))
    parcel_columns = pd.concat(parts, axis=1)
    if sites is None:
        feedback.report(1.0, "robustness ready")
        return RobustnessResult(parcel_columns, None)
    feedback.report(0.7, "robustness of the sites' ranking")
    args = (sites.sites, sites.membership, parcels, sites.capacity, scenario)
    site_parts = [site_weight_robustness(*args, report=report)]
    if scenario.profiles:
        site_parts.append(site_profile_rankings(*args, report=report))
    feedback.report(1.0, "robustness ready")
    return RobustnessResult(parcel_columns, pd.concat(site_parts, axis=1))
