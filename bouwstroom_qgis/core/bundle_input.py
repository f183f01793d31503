"""The sites table as bundling reads it: checks, whole homes and each site's owner.

Bad input is an :class:`InputError` naming the site and what to do; nothing is dropped.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_rules import BEST, BundleRules
from bouwstroom_qgis.core.compat import as_text
from bouwstroom_qgis.core.errors import InputError

Ints = NDArray[np.int64]


def dominant_owner(sites: pd.DataFrame) -> pd.Series:
    """Each site's owner: ``owner``, else the first name in ``owners`` (``"X (60%); ..."``).

    An owner listed as unknown (onbekend) in ``owners`` is no owner: null.
    """
    if s.OWNER in sites.columns:
        return as_text(pd.Series(sites[s.OWNER], index=sites.index))
    if s.OWNERS not in sites.columns:
        return pd.Series(None, index=sites.index, dtype="str")
    first = as_text(pd.Series(sites[s.OWNERS])).str.split("; ").str[0]
    name = first.str.replace(r"\s*\((?:\d+|<1)%\)$", "", regex=True).str.strip()
    return name.where(~name.isin(["onbekend", "unknown", ""]), None)


def check_sites(sites: gpd.GeoDataFrame, rules: BundleRules) -> None:
    needed = [s.SITE_ID, s.SCORE]
    if rules.concepts == BEST:
        needed += [s.HOMES, s.BEST_CONCEPT]
    absent = [c for c in needed if c not in sites.columns]
    if absent:
        raise InputError(
            f"the sites lack the column '{absent[0]}' that bundling needs",
            layer="sites",
            hint="score the sites and compute their capacity first",
        )
    if rules.concepts != BEST and not any(c.startswith(s.HOMES_PREFIX) for c in sites.columns):
        raise InputError(
            'the sites have no homes_<concept> columns, which concepts = "any" needs',
            layer="sites",
            hint="compute the capacity per concept first",
        )
    ids = sites[s.SITE_ID]
    if ids.isna().any() or (ids.astype("str").str.strip() == "").any():
        raise InputError("a site has no site_id", layer="sites", hint="give every site an id")
    if ids.duplicated().any():
        raise InputError(
            f"site_id '{ids[ids.duplicated()].iloc[0]}' appears twice",
            layer="sites",
            hint="give every site its own id",
        )
    if sites.crs is not None and sites.crs.to_epsg() != 28992:
        raise InputError(
            f"the sites are in {sites.crs.to_string()}, not {s.RD_NEW}",
            layer="sites",
            hint="reproject them to RD New (EPSG:28992): distances are in metres",
        )
    geoms = sites.geometry.to_numpy()
    empty = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    if empty.any():
        raise InputError(
            "has no geometry", layer="sites", feature=ids.to_numpy()[np.flatnonzero(empty)[0]]
        )
    known = set(ids.astype(str))
    for what, given in (("pinned", list(rules.pinned)), ("excluded", list(rules.excluded))):
        stray = sorted(set(given) - known)
        if stray:
            raise InputError(
                f"site '{stray[0]}' of [bundles] {what} is not among the sites",
                hint="correct or remove it in the scenario (site ids change when sites are "
                "assembled with other rules)",
            )


def whole_homes(values: pd.Series, column: str, ids: NDArray[np.object_]) -> Ints:
    """Whole, non-negative homes (unknown counts as 0)."""
    x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = (values.notna().to_numpy() & np.isnan(x)) | (x < 0) | (np.abs(x - np.rint(x)) > 1e-9)
    if bad.any():
        first = np.flatnonzero(bad)[0]
        raise InputError(
            f"{column} is {values.iloc[first]}; homes must be a whole number, 0 or more",
            layer="sites",
            feature=ids[first],
        )
    return np.nan_to_num(x).astype(np.int64)
