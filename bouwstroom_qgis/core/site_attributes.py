"""What a site holds: its outline, area, parcels, owners, zoning mix and municipality.

Computed for all sites at once from the member parcels: sums with ``bincount``, shares
per (site, category) with one groupby, and text columns from a few distinct phrases
joined per site (in Arrow when available), so a million parcels cost seconds.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pandas.api.extensions import ExtensionArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.explain import phrase
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario_model import SiteRules

log = logging.getLogger(__name__)

Ints = NDArray[np.intp]
Floats = NDArray[np.float64]
# Union areas differ from summed areas by rounding; more than this is an overlap (m²).
OVERLAP_M2 = 0.01
# An unknown owner's part of a site is listed only from half a percent on.
MIN_UNKNOWN_SHARE = 0.005
_UNION_ROWS = 2_000


def _has_arrow() -> bool:
    try:
        import pyarrow.compute  # noqa: F401
    except ImportError:
        return False
    return True


# pyarrow is optional: with it, ids are sorted and texts joined without a Python loop.
ARROW = _has_arrow()


def describe_sites(
    table: gpd.GeoDataFrame,
    site_of: Ints,
    n_sites: int,
    area: Floats,
    rules: SiteRules,
    report: Report,
    language: str = "nl",
    threads: int = 1,
) -> gpd.GeoDataFrame:
    """The attributes and outline of every site (without ``site_id``).

    Parameters
    ----------
    table : geopandas.GeoDataFrame
        The parcels in sites, sorted by ``parcel_id``.
    site_of : ndarray of int
        Site number (0 .. n_sites - 1) per parcel, numbered in ``site_id`` order.
    n_sites : int
    area : ndarray of float
        Parcel areas (m²).
    rules : SiteRules
    report : Report
    language : {"nl", "en"}
    threads : int

    Returns
    -------
    geopandas.GeoDataFrame
        One row per site in site number order; see :func:`core.sites.assemble_sites`.
    """
    order = np.argsort(site_of, kind="stable")  # members by site, each in parcel id order
    counts = np.bincount(site_of, minlength=n_sites)
    summed: Floats = np.bincount(site_of, weights=area, minlength=n_sites).astype(np.float64)
    outline = union_by_site(table.geometry.to_numpy()[order], counts, threads)
    site_area = np.where(counts > 1, shapely.area(outline), summed)
    overlapping = (counts > 1) & (summed - site_area > OVERLAP_M2 + 1e-7 * summed)
    report.repair(
        "sites",
        "sites whose parcels overlap each other: the overlap is counted once in area_m2",
        int(overlapping.sum()),
    )
    unknown = phrase(language, "unknown")
    owned = _owned_area(table, area)
    owners = _owners(table, site_of, owned, summed, unknown)
    oversize = (counts == 1) & (site_area > rules.max_area)
    warn_count(
        report,
        f"parcels larger than max_area ({rules.max_area:g} m²) are a site of their own: "
        "a parcel is never split",
        int(oversize.sum()),
    )
    columns = {
        s.PARCEL_IDS: join_groups(
            table[s.PARCEL_ID].to_numpy(dtype=object)[order].astype(str), counts, "; "
        ),
        s.N_PARCELS: counts.astype(np.int64),
        s.OWNERS: owners,
        s.OWNER_TYPE: _largest_label(table, s.OWNER_TYPE, site_of, owned, n_sites),
        s.ZONING_MIX: _mix(table, s.HOOFDGROEP, site_of, area, summed, unknown, "{} {}", ", "),
        s.RESIDENTIAL_SHARE: _weighted_mean(table, s.RESIDENTIAL_SHARE, site_of, area, n_sites),
        s.MUNICIPALITY: _largest_label(table, s.MUNICIPALITY, site_of, area, n_sites),
        # the plan over most of the site's land decides when it can start (readiness)
        s.PLAN_STATUS: _largest_label(table, s.PLAN_STATUS, site_of, area, n_sites),
        s.AREA: site_area,
        s.TOO_SMALL: site_area < rules.min_area,
        s.OVERSIZE: oversize,
    }
    return gpd.GeoDataFrame(columns, geometry=outline, crs=table.crs or s.RD_NEW)


def union_by_site(
    geoms: NDArray[np.object_], counts: Ints, threads: int = 1
) -> NDArray[np.object_]:
    """The union of each site's parcels; ``geoms`` holds the members site by site.

    A site of one parcel keeps that geometry. Larger sites are padded with ``None``
    (which ``union_all`` ignores) into rows of a power-of-two width, so each width
    is a single vectorised ``union_all(axis=1)``.
    """
    starts = (np.cumsum(counts) - counts).astype(np.intp)
    out = np.empty(len(counts), dtype=object)
    single = counts == 1
    out[single] = geoms[starts[single]]
    multi = np.flatnonzero(counts > 1)
    if not len(multi):
        return out
    width = 2 ** np.ceil(np.log2(counts[multi])).astype(np.int64)
    jobs: list[tuple[Ints, NDArray[np.object_]]] = []
    for w in np.unique(width):
        chosen = multi[width == w]
        n = counts[chosen]
        row = np.repeat(np.arange(len(chosen)), n)
        col = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)
        grid = np.full((len(chosen), int(w)), None, dtype=object)
        grid[row, col] = geoms[np.repeat(starts[chosen], n) + col]
        rows = max(1, _UNION_ROWS // int(w))
        jobs += [(chosen[k : k + rows], grid[k : k + rows]) for k in range(0, len(chosen), rows)]

    def union(job: tuple[Ints, NDArray[np.object_]]) -> None:
        out[job[0]] = shapely.union_all(job[1], axis=1)

    with ThreadPoolExecutor(max_workers=max(threads, 1)) as pool:  # shapely drops the GIL
        list(pool.map(union, jobs))
    return out


def join_groups(values: NDArray[np.object_], counts: Ints, sep: str) -> ExtensionArray:
    """Per group, its ``counts[g]`` consecutive ``values`` joined by ``sep`` (text dtype)."""
    if not ARROW:
        ends = np.cumsum(counts)
        texts = [sep.join(values[e - c : e]) for c, e in zip(counts, ends, strict=True)]
        return text_array(texts)
    import pyarrow as pa
    import pyarrow.compute as pc

    offsets = pa.array(np.r_[0, np.cumsum(counts)].astype(np.int64))
    # pyarrow 19 converts NumPy's fixed-width text to string but not to large_string
    texts = pa.array(values, type=pa.string()).cast(pa.large_string())
    lists = pa.LargeListArray.from_arrays(offsets, texts)
    return text_array(pc.binary_join(lists, pa.scalar(sep, pa.large_string())))


def _owned_area(table: pd.DataFrame, area: Floats) -> Floats:
    """Area (m²) of each parcel that belongs to its owner; 0 where no owner is known.

    The owned share is unknown (NaN) when the owner comes from address points: the
    parcel is that owner's parcel in the metrics, so all of it counts.
    """
    if s.OWNER not in table.columns:
        return np.zeros(len(table))
    known = table[s.OWNER].notna().to_numpy()
    share = np.ones(len(table))
    if s.OWNER_SHARE in table.columns:
        given = pd.Series(table[s.OWNER_SHARE], copy=False).to_numpy(dtype=float, na_value=np.nan)
        share = np.where(np.isnan(given), 1.0, np.clip(given, 0.0, 1.0))
    return np.where(known, area * share, 0.0)


def _owners(
    table: pd.DataFrame, site_of: Ints, owned: Floats, summed: Floats, unknown: str
) -> ExtensionArray:
    """``"Woonstichting X (60%); Gemeente Y (25%); onbekend (15%)"`` per site."""
    n_sites = len(summed)
    if s.OWNER in table.columns:
        codes, labels = pd.factorize(table[s.OWNER], use_na_sentinel=True)
        labels = [str(v) for v in labels]
    else:
        codes, labels = np.full(len(table), -1), []
    rest = summed - np.bincount(site_of, weights=owned, minlength=n_sites)
    listed = rest >= MIN_UNKNOWN_SHARE * summed
    known = codes >= 0
    rows_site = np.r_[site_of[known], np.flatnonzero(listed)]
    rows_code = np.r_[codes[known], np.full(int(listed.sum()), len(labels))]
    rows_weight = np.r_[owned[known], rest[listed]]
    return _format_rows(
        rows_site, rows_code, rows_weight, [*labels, unknown], summed, "{} ({})", "; "
    )


def _mix(
    table: pd.DataFrame,
    column: str,
    site_of: Ints,
    weight: Floats,
    summed: Floats,
    unknown: str,
    pattern: str,
    sep: str,
) -> ExtensionArray:
    """Shares of a category by area per site, e.g. ``"wonen 80%, groen 20%"``."""
    if column in table.columns:
        codes, labels = pd.factorize(table[column], use_na_sentinel=True)
        labels = [str(v) for v in labels]
    else:
        codes, labels = np.full(len(table), -1), []
    codes = np.where(codes < 0, len(labels), codes)  # unknown is a category of its own here
    return _format_rows(site_of, codes, weight, [*labels, unknown], summed, pattern, sep)


def _format_rows(
    site: Ints,
    code: Ints,
    weight: Floats,
    labels: list[str],
    summed: Floats,
    pattern: str,
    sep: str,
) -> ExtensionArray:
    """Label and percentage per (site, label), largest first and the unknown label last."""
    n_sites = len(summed)
    frame = pd.DataFrame({"site": site, "code": code, "w": weight})
    rows = frame.groupby(["site", "code"], sort=False)["w"].sum().reset_index()
    site, code, w = (rows[c].to_numpy() for c in ("site", "code", "w"))
    unknown = len(labels) - 1
    rank = np.argsort(np.argsort(np.array(labels[:-1], dtype=object), kind="stable"))
    label_rank = np.r_[rank, len(labels)]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(summed[site] > 0, w / summed[site], 0.0)
    order = np.lexsort((label_rank[code], -share, code == unknown, site))
    site, code, share = site[order], code[order], share[order]
    percent = np.clip(np.rint(share * 100), 0, 100).astype(np.int64)
    keys, uniques = pd.factorize(code * 101 + percent)
    texts = []
    for key in uniques.tolist():
        label, pct = divmod(key, 101)
        texts.append(pattern.format(labels[label], f"{pct}%" if pct else "<1%"))
    values = np.array(texts, dtype=object)[keys]
    return join_groups(values, np.bincount(site, minlength=n_sites), sep)


def _largest_label(
    table: pd.DataFrame, column: str, site_of: Ints, weight: Floats, n_sites: int
) -> ExtensionArray:
    """Per site the known category with the largest weight (ties: name order); null if none."""
    result = np.full(n_sites, None, dtype=object)
    if column in table.columns:
        codes, labels = pd.factorize(table[column], use_na_sentinel=True, sort=True)
        chosen = (codes >= 0) & (weight > 0)
        frame = pd.DataFrame({"site": site_of[chosen], "code": codes[chosen], "w": weight[chosen]})
        rows = frame.groupby(["site", "code"], sort=True)["w"].sum().reset_index()
        rows = rows.sort_values(["site", "w", "code"], ascending=[True, False, True], kind="stable")
        best = rows.drop_duplicates("site", keep="first")
        result[best["site"].to_numpy()] = np.asarray(labels, dtype=object)[best["code"].to_numpy()]
    return text_array(result)


def _weighted_mean(
    table: pd.DataFrame, column: str, site_of: Ints, weight: Floats, n_sites: int
) -> Floats:
    """Weighted mean of a number over each site's parcels where it is known; NaN if nowhere."""
    if column not in table.columns:
        return np.full(n_sites, np.nan)
    values = pd.Series(table[column], copy=False).to_numpy(dtype=float, na_value=np.nan)
    known = ~np.isnan(values)
    total = np.bincount(site_of[known], weights=(weight * values)[known], minlength=n_sites)
    known_weight = np.bincount(site_of[known], weights=weight[known], minlength=n_sites)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(known_weight > 0, total / known_weight, np.nan)


def warn_count(report: Report, message: str, count: int) -> None:
    """A warning with a count, only when something happened."""
    if count:
        report.warn("sites", message, count)
