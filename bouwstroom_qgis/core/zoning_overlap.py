"""Overlapping Enkelbestemmingen: found in bulk, repaired by one deterministic rule.

Within a plan Enkelbestemmingen tile the plan area; the metrics stage counts on that
(shares of a parcel add up to its covered share). Two plans for the same place, a
revision next to the plan it revises, or a hand-drawn layer can overlap. Where they do,
each point keeps the Enkelbestemming with the highest priority:

1. the more binding plan status (``schema.PLAN_STATUSES``, geconsolideerd highest;
   unknown lowest),
2. then the later source (the order of the zoning inputs),
3. then the later object within a source.

The others lose the overlapping part; one that loses all of it is left out. Overlaps
of at most ``OVERLAP_TOLERANCE_M2`` are digitising slivers and left as they are.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.io.geometry import as_multipolygons, polygonal_parts
from bouwstroom_qgis.core.report import Report

OVERLAP_TOLERANCE_M2 = 0.5  # square metres


def priority(plan_status: pd.Series, source: np.ndarray) -> np.ndarray:
    """Rank of each row by (plan status, source number, row order): higher wins."""
    rank = {status: number for number, status in enumerate(s.PLAN_STATUSES)}
    status_rank = plan_status.map(rank).fillna(-1).to_numpy(dtype=float)
    order = np.lexsort((np.arange(len(source)), np.asarray(source), status_rank))
    result = np.empty(len(order), dtype=np.int64)
    result[order] = np.arange(len(order))
    return result


def overlapping_pairs(geoms: np.ndarray, tolerance: float = OVERLAP_TOLERANCE_M2) -> np.ndarray:
    """Index pairs ``(i, j)``, ``i < j``, whose interiors share more than ``tolerance`` m².

    Cheap filters first, since most candidate pairs are neighbours sharing a boundary:
    bounding boxes that overlap by more than ``tolerance``, then interiors that meet
    (DE-9IM ``T********``), and only then the area of the intersection.
    """
    left, right = shapely.STRtree(geoms).query(geoms)
    keep = left < right
    left, right = left[keep], right[keep]
    box_l, box_r = shapely.bounds(geoms[left]), shapely.bounds(geoms[right])
    width = np.minimum(box_l[:, 2], box_r[:, 2]) - np.maximum(box_l[:, 0], box_r[:, 0])
    height = np.minimum(box_l[:, 3], box_r[:, 3]) - np.maximum(box_l[:, 1], box_r[:, 1])
    keep = width * height > tolerance
    left, right = left[keep], right[keep]
    keep = shapely.relate_pattern(geoms[left], geoms[right], "T********")
    left, right = left[keep], right[keep]
    area = shapely.area(shapely.intersection(geoms[left], geoms[right]))
    keep = area > tolerance
    return np.stack([left[keep], right[keep]], axis=1)


def _union_per_group(geoms: np.ndarray, group: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union of ``geoms`` per value of ``group``: (groups, unions), both sorted by group."""
    order = np.argsort(group, kind="stable")
    group, geoms = group[order], geoms[order]
    groups, starts, counts = np.unique(group, return_index=True, return_counts=True)
    grid = np.full((len(groups), counts.max()), None, dtype=object)
    rows = np.repeat(np.arange(len(groups)), counts)
    grid[rows, np.arange(len(group)) - np.repeat(starts, counts)] = geoms
    return groups, shapely.union_all(grid, axis=1)


def repair_overlaps(
    table: gpd.GeoDataFrame, rank: np.ndarray, report: Report, label: str = "zoning"
) -> gpd.GeoDataFrame:
    """Give each overlap of Enkelbestemmingen to the one with the highest ``rank``.

    Parameters
    ----------
    table : GeoDataFrame
        Normalised zoning; rows of other object types pass through unchanged.
    rank : ndarray of int
        Unique priority per row of ``table`` (see ``priority``).
    report : Report
        Receives the number of Enkelbestemmingen trimmed and left out.
    label : str
        How the report names the zoning inputs.
    """
    rows = np.flatnonzero((table[s.OBJECT_TYPE] == s.ENKELBESTEMMING).to_numpy())
    if len(rows) < 2:
        return table
    geoms = table.geometry.to_numpy()[rows]
    pairs = overlapping_pairs(geoms)
    if not len(pairs):
        return table
    first_wins = rank[rows[pairs[:, 0]]] > rank[rows[pairs[:, 1]]]
    winner = np.where(first_wins, pairs[:, 0], pairs[:, 1])
    loser = np.where(first_wins, pairs[:, 1], pairs[:, 0])
    losers, cover = _union_per_group(geoms[winner], loser)
    remaining = as_multipolygons(polygonal_parts(shapely.difference(geoms[losers], cover)))
    gone = shapely.is_empty(remaining)
    trimmed = geoms.copy()
    trimmed[losers] = remaining
    result = table.copy()
    result.loc[result.index[rows], result.geometry.name] = trimmed
    report.repair(
        label,
        f"overlapping Enkelbestemmingen (over {OVERLAP_TOLERANCE_M2:g} m²) trimmed: the "
        "more binding plan status keeps the overlap, then the later source, then the "
        "later object",
        int((~gone).sum()),
    )
    report.repair(
        label,
        "Enkelbestemmingen lying wholly under a more binding one left out",
        int(gone.sum()),
    )
    drop = result.index[rows[losers[gone]]]
    return result.drop(index=drop).reset_index(drop=True)
