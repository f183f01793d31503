"""Site assembly: neighbouring parcels that may be developed together become one site.

Parcels join when they lie within the scenario's tolerance of each other (a ditch or a
path between them does not separate them) and the grouping rules allow it (same owner,
same owner type, or any owner; optionally the same zoning main group). Excluded parcels
never join a site. A connected group larger than the maximum site area is split into
compact pieces along the longer axis of its parcels' centroids; a parcel is never split.

Everything is decided on parcels sorted by ``parcel_id``, so the result does not depend
on the order of the input rows. Neighbour pairs come from one bulk STRtree query,
components from a union–find over numpy arrays (pointer jumping; no scipy), and the
site outlines from ``shapely.union_all`` over padded arrays, one call per size class.

Choices, documented for users:

- Parcels with no known owner (with ``same_owner``) or no known owner type (with
  ``same_owner_type``) are in no site: only ``any_owner`` lets them take part.
  They are counted in the report.
- With ``same_zoning``, a parcel outside every zoning plan (main group unknown) joins
  no other parcel; it is a site of its own.
- A site's outline is the exact union of its parcels: a ditch between two parcels is
  not land of the site, so such a site is a MultiPolygon. ``area_m2`` is the area of
  that union: the sum of the parcel areas, with overlaps between parcels (bad input)
  counted once.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core import site_attributes
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario_model import ANY_OWNER, SAME_OWNER, SiteRules
from bouwstroom_qgis.core.site_attributes import describe_sites, warn_count

log = logging.getLogger(__name__)

Ints = NDArray[np.intp]
SITE_PREFIX = "S-"  # site_id = prefix + the smallest parcel id of the site
# The parcel columns assembly reads (where present).
USED_COLUMNS = (
    s.PARCEL_ID,
    s.OWNER,
    s.OWNER_TYPE,
    s.OWNER_SHARE,
    s.HOOFDGROEP,
    s.MUNICIPALITY,
    s.RESIDENTIAL_SHARE,
    s.PLAN_STATUS,
    s.EXCLUDED,
)
_PAIR_CHUNK = 250_000


def assemble_sites(
    parcels: gpd.GeoDataFrame,
    rules: SiteRules,
    report: Report,
    *,
    language: str = "nl",
    threads: int | None = None,
) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Assemble parcels into sites by the scenario's rules.

    Parameters
    ----------
    parcels : geopandas.GeoDataFrame
        ``parcel_id`` (unique) and polygon geometry in EPSG:28992 (metres), plus the
        metric and score columns the rules use: ``owner`` (same_owner),
        ``owner_type`` (same_owner_type), ``hoofdgroep`` (same_zoning), and where
        present ``excluded``, ``owner_share``, ``municipality``, ``residential_share``,
        ``plan_status``. Without ``excluded`` no parcel counts as excluded. Not modified.
    rules : SiteRules
    report : Report
        Receives the parcels left out and the repairs, with counts.
    language : {"nl", "en"}
        Language of the word for an unknown owner or main group.
    threads : int, optional
        Threads for the geometry work (default: up to 4).

    Returns
    -------
    sites : geopandas.GeoDataFrame
        One row per site, sorted by ``site_id``: ``site_id``, ``parcel_ids``,
        ``n_parcels``, ``owners``, ``owner_type``, ``zoning_mix``,
        ``residential_share``, ``municipality``, ``plan_status`` (of the plan over
        most of the site's land), ``area_m2`` (m²), ``too_small``, ``oversize`` and
        the geometry (union of the parcels).
    membership : pandas.DataFrame
        ``parcel_id``, ``site_id`` for every parcel in a site, sorted by ``parcel_id``.

    Raises
    ------
    InputError
        Missing columns, or a parcel id that is repeated or empty.
    """
    workers = threads or min(os.cpu_count() or 1, 4)
    table = _eligible(parcels, rules, report)
    geoms = table.geometry.to_numpy()
    keys = _edge_keys(table, rules)
    i, j = neighbour_pairs(geoms, rules.tolerance, keys, workers)
    labels = connected_components(len(table), i, j)
    centroids = shapely.get_coordinates(shapely.centroid(geoms))
    area = shapely.area(geoms)
    pieces = split_groups(labels, centroids[:, 0], centroids[:, 1], area, rules.max_area)
    if not np.array_equal(pieces, labels):
        inside = pieces[i] == pieces[j]  # a piece cut off from its group stands alone
        labels = connected_components(len(table), i[inside], j[inside])
    ids = table[s.PARCEL_ID].to_numpy(dtype=object).astype(str)
    roots, site_of = np.unique(labels, return_inverse=True)
    site_ids = np.char.add(SITE_PREFIX, ids[roots])
    sites = describe_sites(table, site_of, len(roots), area, rules, report, language, workers)
    sites.insert(0, s.SITE_ID, text_array(site_ids))
    membership = pd.DataFrame(
        {
            s.PARCEL_ID: text_array(ids),
            s.SITE_ID: text_array(site_ids).take(site_of),
        }
    )
    log.debug("%d parcels assembled into %d sites", len(table), len(sites))
    return sites, membership


def _eligible(parcels: gpd.GeoDataFrame, rules: SiteRules, report: Report) -> gpd.GeoDataFrame:
    """The parcels that may be in a site, sorted by ``parcel_id``, geometry made valid."""
    needed = [s.PARCEL_ID]
    if rules.grouping != ANY_OWNER:
        needed.append(_owner_column(rules))
    if rules.same_zoning:
        needed.append(s.HOOFDGROEP)
    missing = [c for c in needed if c not in parcels.columns]
    if missing:
        raise InputError(
            f"the parcels lack the column '{missing[0]}' that site assembly needs",
            hint=f"compute the parcel metrics first (grouping = '{rules.grouping}', "
            f"same_zoning = {str(rules.same_zoning).lower()})",
        )
    ids = pd.Series(parcels[s.PARCEL_ID], copy=False).astype("str")
    if ids.isna().any() or (ids == "").any():
        raise InputError(
            "a parcel has no id", feature=int(np.flatnonzero(ids.isna() | (ids == ""))[0])
        )
    order = np.asarray(_sort_order(ids.to_numpy(dtype=object)))
    used = [c for c in (*USED_COLUMNS, parcels.geometry.name) if c in parcels.columns]
    table = parcels[used].iloc[order].reset_index(drop=True)  # a shortlist has many more
    sorted_ids = ids.to_numpy(dtype=object)[order]
    repeated = np.flatnonzero(sorted_ids[1:] == sorted_ids[:-1])
    if len(repeated):
        raise InputError(
            f"parcel id '{sorted_ids[repeated[0]]}' is used by more than one parcel",
            hint="every parcel must be one feature with its own id",
        )
    keep = np.ones(len(table), dtype=bool)
    if s.EXCLUDED in table.columns:
        keep &= ~table[s.EXCLUDED].to_numpy(dtype=bool, na_value=False)
    geoms = table.geometry.to_numpy()
    empty = shapely.is_empty(geoms) | shapely.is_missing(geoms)
    warn_count(report, "parcels without geometry are in no site", int((empty & keep).sum()))
    keep &= ~empty
    if rules.grouping != ANY_OWNER:
        column = _owner_column(rules)
        unknown = keep & table[column].isna().to_numpy()
        warn_count(
            report,
            f"parcels of unknown {column.replace('_', ' ')} are in no site "
            f"(grouping '{rules.grouping}'; use 'any_owner' to include them)",
            int(unknown.sum()),
        )
        keep &= ~unknown
    table = table[keep].reset_index(drop=True)
    geoms = table.geometry.to_numpy()
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        fixed = geoms.copy()
        fixed[invalid] = shapely.make_valid(geoms[invalid])
        table = table.set_geometry(gpd.GeoSeries(fixed, crs=table.crs))
        report.repair("sites", "invalid parcel geometries made valid", int(invalid.sum()))
    return table


def _owner_column(rules: SiteRules) -> str:
    return s.OWNER if rules.grouping == SAME_OWNER else s.OWNER_TYPE


def _sort_order(ids: NDArray[np.object_]) -> Ints:
    """Row order by id (code point order), through Arrow when available: much faster."""
    if not site_attributes.ARROW:
        return np.argsort(ids.astype(str), kind="stable")
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.sort_indices(pa.array(ids, type=pa.string())).to_numpy().astype(np.intp)


def _edge_keys(table: pd.DataFrame, rules: SiteRules) -> list[Ints]:
    """Per rule a code per parcel; neighbours join only where every code matches (-1 never)."""
    columns = [] if rules.grouping == ANY_OWNER else [_owner_column(rules)]
    if rules.same_zoning:
        columns.append(s.HOOFDGROEP)
    return [pd.factorize(table[c], use_na_sentinel=True)[0] for c in columns]


def neighbour_pairs(
    geoms: NDArray[np.object_],
    tolerance: float,
    keys: list[Ints] | None = None,
    threads: int = 1,
) -> tuple[Ints, Ints]:
    """Pairs of parcels within ``tolerance`` metres of each other whose keys match.

    Parameters
    ----------
    geoms : ndarray of Polygon or MultiPolygon
    tolerance : float
        Largest gap (m) between two parcels that are still neighbours; 0 for touching.
    keys : list of ndarray of int, optional
        Codes per parcel; a pair is kept only where each key has equal codes of 0 or
        more. Filtering on keys before the exact distance test saves most of the work.
    threads : int

    Returns
    -------
    i, j : ndarray of int
        Each pair once, with ``i < j``, sorted.
    """
    if len(geoms) < 2:
        return np.empty(0, np.intp), np.empty(0, np.intp)
    bounds = shapely.bounds(geoms)
    bounds[:, :2] -= tolerance
    bounds[:, 2:] += tolerance
    tree = shapely.STRtree(geoms)
    i, j = tree.query(shapely.box(*bounds.T))  # envelopes only; the exact test follows
    keep = i < j
    for code in keys or []:
        keep &= (code[i] == code[j]) & (code[i] >= 0)
    i, j = i[keep], j[keep]

    def near(start: int) -> NDArray[np.bool_]:
        a, b = geoms[i[start : start + _PAIR_CHUNK]], geoms[j[start : start + _PAIR_CHUNK]]
        if tolerance > 0:
            return shapely.dwithin(a, b, tolerance)
        return shapely.intersects(a, b)

    starts = range(0, len(i), _PAIR_CHUNK)
    with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:  # shapely drops the GIL
        hits = list(pool.map(near, starts))
    hit = np.concatenate(hits) if hits else np.zeros(0, dtype=bool)
    i, j = i[hit], j[hit]
    order = np.lexsort((j, i))
    return i[order].astype(np.intp), j[order].astype(np.intp)


def connected_components(n: int, i: Ints, j: Ints) -> Ints:
    """Component label per node: the smallest node index of its component.

    Union–find by hooking each root onto the smallest neighbouring root and pointer
    jumping, over whole arrays: every round at least halves the number of components
    that still have an edge between them, so it ends after O(log n) rounds.
    """
    parent = np.arange(n, dtype=np.intp)
    i, j = np.asarray(i, dtype=np.intp), np.asarray(j, dtype=np.intp)
    while len(i):
        root_i, root_j = parent[i], parent[j]
        crossing = root_i != root_j
        if not crossing.any():
            break
        i, j = i[crossing], j[crossing]
        low = np.minimum(root_i[crossing], root_j[crossing])
        high = np.maximum(root_i[crossing], root_j[crossing])
        np.minimum.at(parent, high, low)  # a root only ever points to a smaller index
        parent = _jump(parent)
    return parent


def _jump(parent: Ints) -> Ints:
    """Point every node straight at its root."""
    while True:
        grand = parent[parent]
        if np.array_equal(grand, parent):
            return parent
        parent = grand


def split_groups(
    labels: Ints,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    area: NDArray[np.float64],
    max_area: float,
) -> Ints:
    """Cut groups larger than ``max_area`` into compact pieces; never splits a parcel.

    Each round cuts every group that is still too large across the longer side of
    the bounding box of its members' centroids (x, y in metres), where the members'
    cumulative area (m²) reaches ``floor(k/2)/k`` of the group's area, ``k`` being
    the number of pieces the group needs at least. Ties in position are broken by
    parcel order, so the pieces are deterministic.

    Returns
    -------
    ndarray of int
        A piece label per parcel (the labels of unsplit groups are kept).
    """
    labels = np.asarray(labels, dtype=np.intp).copy()
    n = len(labels)
    while True:
        total = np.bincount(labels, weights=area, minlength=n)
        count = np.bincount(labels, minlength=n)
        big = (total > max_area) & (count > 1)
        members = np.flatnonzero(big[labels])
        if not len(members):
            return labels
        group = labels[members]
        span_x = _group_span(group, x[members], n)
        span_y = _group_span(group, y[members], n)
        along = np.where(span_x[group] >= span_y[group], x[members], y[members])
        order = np.lexsort((members, along, group))
        members, group = members[order], group[order]
        member_area = area[members]
        before = np.cumsum(member_area) - member_area
        first = np.r_[True, group[1:] != group[:-1]]
        last = np.r_[group[1:] != group[:-1], True]
        before -= before[first][np.cumsum(first) - 1]  # cumulative area within the group
        pieces = np.ceil(total[group] / max_area)
        target = np.floor(pieces / 2) / pieces * total[group]
        right = (before + member_area / 2 >= target) & ~first
        right |= last  # both sides keep at least one parcel
        # Each side is labelled by its smallest parcel index: unique, as sides are disjoint.
        side = 2 * group + right
        smallest = np.full(2 * n, n, dtype=np.intp)
        np.minimum.at(smallest, side, members)
        labels[members] = smallest[side]


def _group_span(group: Ints, values: NDArray[np.float64], n: int) -> NDArray[np.float64]:
    low = np.full(n, np.inf)
    high = np.full(n, -np.inf)
    np.minimum.at(low, group, values)
    np.maximum.at(high, group, values)
    return high - low
