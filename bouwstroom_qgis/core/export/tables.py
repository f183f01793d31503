"""The tables of one result, read from its GeoPackage, and the summaries the exports show.

A result is what ``bouwstroom run`` wrote: ``shortlist.gpkg`` with layer ``parcels``,
and ``sites``, ``layouts``, ``bundles`` and the table ``plan`` when the run made them.
Everything after ``parcels`` is optional; each export shows what is there.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.compat import ARROW_READS
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.export import columns as c


@dataclass
class ResultTables:
    """One result's tables; all but ``parcels`` may be absent (None)."""

    parcels: gpd.GeoDataFrame
    sites: gpd.GeoDataFrame | None = None
    layouts: gpd.GeoDataFrame | None = None
    bundles: gpd.GeoDataFrame | None = None
    plan: pd.DataFrame | None = None


def read_result(gpkg: Path) -> ResultTables:
    """Read the layers of a result GeoPackage.

    Raises
    ------
    InputError
        When the file is missing, is not a GeoPackage, or has no ``parcels`` layer.
    """
    gpkg = Path(gpkg)
    if not gpkg.is_file():
        raise InputError(
            "no result GeoPackage here", path=gpkg, hint="give the folder 'bouwstroom run' wrote"
        )
    try:
        names = [str(name) for name in pyogrio.list_layers(gpkg)[:, 0]]
    except pyogrio.errors.DataSourceError as error:
        raise InputError(f"cannot be read: {error}", path=gpkg) from None
    if c.PARCELS_LAYER not in names:
        raise InputError(
            "has no layer 'parcels'", path=gpkg, hint="give a shortlist.gpkg from 'bouwstroom run'"
        )

    def read(name: str) -> pd.DataFrame | None:
        if name not in names:
            return None
        return pyogrio.read_dataframe(gpkg, layer=name, use_arrow=ARROW_READS)

    tables = ResultTables(
        parcels=read(c.PARCELS_LAYER),
        sites=read(c.SITES_LAYER),
        layouts=read(c.LAYOUTS_LAYER),
        bundles=read(c.BUNDLES_LAYER),
        plan=read(c.PLAN_TABLE),
    )
    if tables.plan is not None and "geometry" in tables.plan.columns:
        tables.plan = pd.DataFrame(tables.plan.drop(columns="geometry"))
    return tables


def split_list(values: pd.Series) -> pd.Series:
    """Each ``"a; b"`` cell as its items, one row per item (index repeated)."""
    return values.fillna("").astype(str).str.split(c.LIST_SEPARATOR).explode().str.strip()


def site_bundles(sites: pd.DataFrame, bundles: pd.DataFrame | None) -> pd.DataFrame:
    """Bundle id, concept and start and end quarter of every site (empty where none).

    The sites' own ``bundle_id`` column is used when the sites have one, else the
    bundles' ``site_ids`` lists.

    Returns
    -------
    DataFrame
        Indexed like ``sites``; columns ``bundle_id``, ``start_quarter``, ``end_quarter``.
    """
    out = pd.DataFrame(index=sites.index, columns=[c.BUNDLE_ID, c.START_QUARTER, c.END_QUARTER])
    if bundles is None or c.BUNDLE_ID not in bundles.columns:
        return out
    if c.BUNDLE_ID in sites.columns:
        member = sites[c.BUNDLE_ID]
    elif c.SITE_IDS in bundles.columns:
        items = split_list(bundles[c.SITE_IDS])
        by_site = pd.Series(bundles[c.BUNDLE_ID].to_numpy()[items.index], index=items.to_numpy())
        by_site = by_site[~by_site.index.duplicated()]
        member = sites[s.SITE_ID].map(by_site)
    else:
        return out
    out[c.BUNDLE_ID] = member.to_numpy()
    info = bundles.drop_duplicates(c.BUNDLE_ID).set_index(c.BUNDLE_ID)
    for column in (c.START_QUARTER, c.END_QUARTER):
        if column in info.columns:
            out[column] = member.map(info[column]).to_numpy()
    return out


def ranked_sites(sites: pd.DataFrame, top: int | None = None) -> pd.DataFrame:
    """The sites with a rank, best first; the first ``top`` when given."""
    ranked = sites[sites[s.RANK].notna()].sort_values(s.RANK, kind="stable")
    return ranked if top is None else ranked.head(top)


def main_owner(owners: pd.Series) -> pd.Series:
    """The first (largest) owner of ``"name (share%); ..."`` lists."""
    first = owners.fillna("").astype(str).str.split(c.LIST_SEPARATOR).str[0]
    return first.str.replace(r"\s*\(\d+%\)$", "", regex=True).replace("", np.nan)


def summary_by(sites: pd.DataFrame, key: pd.Series, in_bundle: pd.Series | None) -> pd.DataFrame:
    """Sites, ranked sites, homes (best concept, ranked sites) and best rank per key value.

    Parameters
    ----------
    sites : DataFrame
        With ``rank`` and ``homes``.
    key : Series
        The grouping value of each site (municipality, owner); null keys are left out.
    in_bundle : Series of bool, optional
        Whether each site is in a bundle; adds the homes in bundles.

    Returns
    -------
    DataFrame
        One row per key value, most homes first, then by name.
    """
    ranked = sites[s.RANK].notna()
    homes = sites[s.HOMES].fillna(0).where(ranked, 0)
    table = pd.DataFrame(
        {
            "key": key.to_numpy(),
            "sites": 1,
            "ranked": ranked.astype(int).to_numpy(),
            "homes": homes.to_numpy(),
            "best_rank": sites[s.RANK].to_numpy(dtype=float),
        }
    )
    aggregations = {"sites": "sum", "ranked": "sum", "homes": "sum", "best_rank": "min"}
    if in_bundle is not None:
        table["bundled"] = np.where(in_bundle.to_numpy(), sites[s.HOMES].fillna(0), 0)
        aggregations["bundled"] = "sum"
    grouped = table.dropna(subset=["key"]).groupby("key", sort=True).agg(aggregations)
    grouped = grouped.reset_index().sort_values(["homes", "key"], ascending=[False, True])
    return grouped.reset_index(drop=True)


def plan_homes_column(plan: pd.DataFrame) -> str | None:
    """The plan's column with the homes started, or None when it has none."""
    return next((name for name in c.HOMES_STARTED if name in plan.columns), None)
