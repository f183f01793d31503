"""Per-parcel metrics: the overlay of parcels with zoning, holdings, constraints and amenities.

Each metric depends only on features near the parcel, so parcels are processed in
chunks, in parallel threads, against indexes of the other layers built once. The whole
table is a function of the normalised input tables and is cached between scoring runs.
Unknown values are NaN / null, never a guess.
"""

from __future__ import annotations

import copy
import logging
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.overlay import DistanceIndex, PolygonIndex, is_polygonal
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report

log = logging.getLogger(__name__)

# A parcel with less than this share of its area inside any zoning plan has no known
# zoning: its zoning metrics are unknown rather than "not residential".
MIN_ZONING_COVERAGE = 0.01
# A holdings polygon makes its owner the parcel's owner only where it covers at least this
# share of the parcel: a holdings map drawn apart from the cadastral map by centimetres to
# a metre touches the neighbouring parcels with slivers, which must not make them owned.
MIN_OWNED_SHARE = 0.05
ZONING_COVERAGE = "zoning_coverage"
CHUNK_SIZE = 50_000


@dataclass(frozen=True)
class LayerInput:
    """A named constraint or amenity layer, read and normalised, with its search distance (m)."""

    name: str
    kind: str
    frame: gpd.GeoDataFrame
    max_distance: float


@dataclass(frozen=True)
class OverlayInputs:
    """Everything the overlay needs, already normalised to EPSG:28992."""

    parcels: gpd.GeoDataFrame
    zoning: gpd.GeoDataFrame | None = None
    holdings_polygons: gpd.GeoDataFrame | None = None
    holdings_points: gpd.GeoDataFrame | None = None
    holdings_by_parcel: pd.DataFrame | None = None
    layers: Sequence[LayerInput] = ()
    boundaries: gpd.GeoDataFrame | None = None
    boundary_name_field: str = "name"
    residential_groups: Sequence[str] = s.DEFAULT_RESIDENTIAL_GROUPS
    report: Report = field(default_factory=Report)


def compute_metrics(
    inputs: OverlayInputs, feedback: Feedback | None = None, threads: int | None = None
) -> pd.DataFrame:
    """All metrics for every parcel, one row per parcel in the parcels' order.

    Returns
    -------
    DataFrame
        ``parcel_id`` plus the metric columns; areas in m², distances in m, shares 0–1.
    """
    feedback = feedback or Feedback()
    feedback.report(0.0, "indexing zoning, holdings and layers")
    overlay = _Overlay(inputs)
    geoms = inputs.parcels.geometry.to_numpy()
    starts = range(0, len(geoms), CHUNK_SIZE)
    workers = threads or min(os.cpu_count() or 1, 4)
    own = threading.local()

    def chunk(part: np.ndarray) -> pd.DataFrame:
        if not hasattr(own, "overlay"):
            own.overlay = overlay.copy()
        return own.overlay.chunk(part)

    parts: list[pd.DataFrame] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        chunks = pool.map(chunk, (geoms[i : i + CHUNK_SIZE] for i in starts))
        for done, part in enumerate(chunks, start=1):
            parts.append(part)
            feedback.report(done / max(len(starts), 1), f"overlay {done}/{len(starts)}")
    table = pd.concat(parts, ignore_index=True) if parts else overlay.chunk(geoms)  # no parcels
    table.insert(0, s.PARCEL_ID, inputs.parcels[s.PARCEL_ID].to_numpy())
    _apply_holdings_table(table, inputs.holdings_by_parcel)
    overlay.report_points_outside()
    overlay.report_slivers()
    return table


def compactness(geoms: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Isoperimetric quotient 4πA/P²: 1 for a circle, 0.785 for a square, near 0 for a strip."""
    perimeter = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(perimeter > 0, 4 * np.pi * area / perimeter**2, np.nan)


class _Overlay:
    """Indexes of every layer, built once; ``chunk`` computes metrics for some parcels."""

    def __init__(self, inputs: OverlayInputs) -> None:
        self.inputs = inputs
        zoning = inputs.zoning
        self.enkel = None
        if zoning is not None and len(zoning):
            enkel = zoning[zoning[s.OBJECT_TYPE] == s.ENKELBESTEMMING].reset_index(drop=True)
            self.enkel = enkel
            self.zoning_index = PolygonIndex(enkel.geometry.to_numpy())
            self.residential = enkel[s.HOOFDGROEP].isin(list(inputs.residential_groups)).to_numpy()
        polygons = inputs.holdings_polygons
        self.holdings_index = None
        if polygons is not None and len(polygons):
            self.holdings_index = PolygonIndex(polygons.geometry.to_numpy())
            self.polygon_owners = _owners(polygons)
        points = inputs.holdings_points
        self.points = None
        if points is not None and len(points):
            self.points = points.geometry.to_numpy()
            self.point_owners = _owners(points)
        self.points_used = np.zeros(0 if self.points is None else len(self.points), dtype=bool)
        self.sliver_counts: list[int] = []  # per chunk, shared by the threads' copies
        boundaries = inputs.boundaries
        self.boundary_index = None
        if boundaries is not None and len(boundaries):
            self.boundary_index = PolygonIndex(boundaries.geometry.to_numpy())
            self.boundary_names = boundaries[inputs.boundary_name_field].to_numpy()
        self.layers = [_LayerIndex(layer) for layer in inputs.layers]

    def copy(self) -> _Overlay:
        """The same overlay with its own indexes, for use in another thread."""
        twin = copy.copy(self)
        for name in ("zoning_index", "holdings_index", "boundary_index"):
            index = getattr(self, name, None)
            if index is not None:
                setattr(twin, name, index.copy())
        twin.layers = [layer.copy() for layer in self.layers]
        return twin

    def chunk(self, geoms: np.ndarray) -> pd.DataFrame:
        area = shapely.area(geoms)
        table = pd.DataFrame({s.AREA: area, s.COMPACTNESS: compactness(geoms, area)})
        table = table.join(self._zoning(geoms, area)).join(self._ownership(geoms, area))
        table[s.MUNICIPALITY] = self._municipality(geoms)
        for layer in self.layers:
            for column, values in layer.metrics(geoms, area).items():
                table[column] = values
        return table

    def _zoning(self, geoms: np.ndarray, area: np.ndarray) -> pd.DataFrame:
        """Residential share, dominant main group, its plan status and zoning coverage.

        Only Enkelbestemmingen count: they tile a plan, so their shares add up to the
        parcel's covered share. Parcels (almost) outside every plan get NaN / null.
        """
        n = len(geoms)
        out = pd.DataFrame(
            {
                s.RESIDENTIAL_SHARE: np.full(n, np.nan),
                ZONING_COVERAGE: np.full(n, np.nan if self.enkel is None else 0.0),
                s.HOOFDGROEP: np.full(n, None, dtype=object),
                s.PLAN_STATUS: np.full(n, None, dtype=object),
            }
        )
        if self.enkel is None:
            return out
        pairs = self.zoning_index.pairs(geoms)
        covered = np.bincount(pairs.parcel, weights=pairs.area, minlength=n)
        residential_area = pairs.area * self.residential[pairs.other]
        residential = np.bincount(pairs.parcel, weights=residential_area, minlength=n)
        coverage = np.minimum(covered / area, 1.0)
        known = coverage >= MIN_ZONING_COVERAGE
        out[ZONING_COVERAGE] = coverage
        out.loc[known, s.RESIDENTIAL_SHARE] = np.minimum(residential[known] / area[known], 1.0)
        parcel, zone = _largest(pairs.parcel, pairs.other, pairs.area)
        keep = known[parcel]
        parcel, zone = parcel[keep], zone[keep]
        out.loc[parcel, s.HOOFDGROEP] = self.enkel[s.HOOFDGROEP].to_numpy()[zone]
        out.loc[parcel, s.PLAN_STATUS] = self.enkel[s.PLAN_STATUS].to_numpy()[zone]
        return out

    def _ownership(self, geoms: np.ndarray, area: np.ndarray) -> pd.DataFrame:
        """Owner, owner type and owned share from holding points and polygons.

        Sources are applied in order of certainty, each overriding the one before:
        points such as BAG verblijfsobjecten (the owner with most points; the owned
        share is unknown, NaN), then polygons (the owner with the largest area, share =
        that area / parcel area, where that is at least ``MIN_OWNED_SHARE``). Lists keyed
        by kadastrale aanduiding come last, for the whole table (``_apply_holdings_table``).
        """
        n = len(geoms)
        owner = np.full(n, None, dtype=object)
        owner_type = np.full(n, None, dtype=object)
        share = np.zeros(n)
        if self.points is not None:
            pt, parcel = PolygonIndex(geoms).containing(self.points)
            self.points_used[pt] = True  # threads only ever set True: no lost update matters
            idx, best_owner, best_type, _ = _best_owner(
                parcel, self.point_owners[0][pt], self.point_owners[1][pt], np.ones(len(pt))
            )
            owner[idx], owner_type[idx], share[idx] = best_owner, best_type, np.nan
        if self.holdings_index is not None:
            pairs = self.holdings_index.pairs(geoms)
            idx, best_owner, best_type, owned = _best_owner(
                pairs.parcel,
                self.polygon_owners[0][pairs.other],
                self.polygon_owners[1][pairs.other],
                pairs.area,
            )
            owned_share = np.minimum(owned / area[idx], 1.0)
            real = owned_share >= MIN_OWNED_SHARE
            self.sliver_counts.append(int((~real).sum()))  # list.append: safe across threads
            idx = idx[real]
            owner[idx], owner_type[idx] = best_owner[real], best_type[real]
            share[idx] = owned_share[real]
        return pd.DataFrame({s.OWNER: owner, s.OWNER_TYPE: owner_type, s.OWNER_SHARE: share})

    def _municipality(self, geoms: np.ndarray) -> np.ndarray:
        """Municipality holding each parcel's inner point; on a shared border the first one."""
        names = np.full(len(geoms), None, dtype=object)
        if self.boundary_index is None:
            return names
        pt, poly = self.boundary_index.containing(shapely.point_on_surface(geoms))
        point, boundary = _largest(pt, poly, -poly.astype(float))
        names[point] = self.boundary_names[boundary]
        return names

    def report_slivers(self) -> None:
        slivers = sum(self.sliver_counts)
        if slivers:
            self.inputs.report.warn(
                "holdings polygons",
                f"parcels touched by less than {MIN_OWNED_SHARE:.0%} of their area, "
                "not counted as owned",
                slivers,
            )

    def report_points_outside(self) -> None:
        outside = int((~self.points_used).sum())
        if outside:
            self.inputs.report.warn(
                "holdings points", "points outside every parcel, not used", outside
            )


class _LayerIndex:
    """``share_<name>`` (polygon layers) and ``dist_<name>`` for one constraint/amenity layer."""

    def __init__(self, layer: LayerInput) -> None:
        self.layer = layer
        features = layer.frame.geometry.to_numpy()
        polygonal = features[is_polygonal(features)]
        # dissolved, so overlapping features (nested noise contours) are not counted twice
        self.areas = (
            PolygonIndex(np.array([shapely.union_all(polygonal)], dtype=object))
            if len(polygonal)
            else None
        )
        self.distances = DistanceIndex(features)

    def copy(self) -> _LayerIndex:
        twin = copy.copy(self)
        twin.areas = self.areas.copy() if self.areas is not None else None
        twin.distances = self.distances.copy()
        return twin

    def metrics(self, geoms: np.ndarray, area: np.ndarray) -> dict[str, np.ndarray]:
        out = {}
        if self.areas is not None:
            pairs = self.areas.pairs(geoms)
            inside = np.bincount(pairs.parcel, weights=pairs.area, minlength=len(geoms))
            out[f"{s.SHARE_PREFIX}{self.layer.name}"] = np.minimum(inside / area, 1.0)
        out[f"{s.DIST_PREFIX}{self.layer.name}"] = self.distances.distance(
            geoms, self.layer.max_distance
        )
        return out


def _largest(
    key: np.ndarray, other: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per distinct ``key`` the ``other`` with the largest weight (ties: lowest ``other``)."""
    order = np.lexsort((other, -weight, key))
    first = np.ones(len(order), dtype=bool)
    first[1:] = key[order][1:] != key[order][:-1]
    chosen = order[first]
    return key[chosen], other[chosen]


def _owners(frame: gpd.GeoDataFrame) -> tuple[np.ndarray, np.ndarray]:
    return frame[s.OWNER].to_numpy(dtype=object), frame[s.OWNER_TYPE].to_numpy(dtype=object)


def _best_owner(
    parcel: np.ndarray, owner: np.ndarray, owner_type: np.ndarray, weight: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per parcel the owner with the largest summed weight (ties: owner name order)."""
    frame = pd.DataFrame({"parcel": parcel, "owner": owner, "owner_type": owner_type, "w": weight})
    frame = frame.groupby(["parcel", "owner", "owner_type"], as_index=False, sort=True)["w"].sum()
    frame = frame.sort_values(
        ["parcel", "w", "owner"], ascending=[True, False, True], kind="stable"
    )
    best = frame.drop_duplicates("parcel", keep="first")
    return (
        best["parcel"].to_numpy(),
        best["owner"].to_numpy(dtype=object),
        best["owner_type"].to_numpy(dtype=object),
        best["w"].to_numpy(dtype=float),
    )


def _apply_holdings_table(table: pd.DataFrame, holdings: pd.DataFrame | None) -> None:
    """A list keyed by kadastrale aanduiding names whole parcels: it overrides the overlay."""
    if holdings is None or len(holdings) == 0:
        return
    first = holdings.drop_duplicates(s.PARCEL_ID, keep="first").set_index(s.PARCEL_ID)
    listed = table[s.PARCEL_ID].isin(first.index).to_numpy()
    keys = table.loc[listed, s.PARCEL_ID]
    table[s.OWNER] = table[s.OWNER].astype(object)
    table[s.OWNER_TYPE] = table[s.OWNER_TYPE].astype(object)
    table.loc[listed, s.OWNER] = first.loc[keys, s.OWNER].to_numpy()
    table.loc[listed, s.OWNER_TYPE] = first.loc[keys, s.OWNER_TYPE].to_numpy()
    table.loc[listed, s.OWNER_SHARE] = 1.0
