"""Per-parcel metrics: the overlay of parcels with zoning, holdings, constraints and amenities.

Each metric depends only on features near the parcel, so the whole table is a function
of the normalised input tables and is cached between scoring runs. Metric names are
listed in ``docs/engine.md``; unknown values are NaN / null, never a guess.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.overlay import (
    covered_area,
    intersection_pairs,
    nearest_distance,
    points_in_polygons,
)
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report

log = logging.getLogger(__name__)

# A parcel with less than this share of its area inside any zoning plan has no known
# zoning: its zoning metrics are unknown rather than "not residential".
MIN_ZONING_COVERAGE = 0.01

POLYGONAL = ("Polygon", "MultiPolygon")


@dataclass(frozen=True)
class LayerInput:
    """A named constraint or amenity layer, read and normalised, with its search distance."""

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


def compute_metrics(inputs: OverlayInputs, feedback: Feedback | None = None) -> pd.DataFrame:
    """All metrics for every parcel, one row per parcel in the parcels' order.

    Returns
    -------
    DataFrame
        ``parcel_id`` plus the metric columns; areas in m², distances in m, shares 0–1.
    """
    feedback = feedback or Feedback()
    geoms = inputs.parcels.geometry.to_numpy()
    table = pd.DataFrame({s.PARCEL_ID: inputs.parcels[s.PARCEL_ID].to_numpy()})
    area = shapely.area(geoms)
    table[s.AREA] = area
    table[s.COMPACTNESS] = compactness(geoms, area)

    steps = 3 + len(inputs.layers)
    feedback.report(0.0, "zoning")
    table = table.join(zoning_metrics(geoms, area, inputs.zoning, inputs.residential_groups))
    feedback.report(1 / steps, "ownership")
    table = table.join(ownership_metrics(inputs, geoms, area))
    feedback.report(2 / steps, "municipalities")
    table[s.MUNICIPALITY] = municipality(geoms, inputs.boundaries, inputs.boundary_name_field)
    for i, layer in enumerate(inputs.layers):
        feedback.report((3 + i) / steps, f"layer {layer.name}")
        for column, values in layer_metrics(geoms, area, layer).items():
            table[column] = values
    feedback.report(1.0, "metrics ready")
    return table


def compactness(geoms: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Isoperimetric quotient 4πA/P²: 1 for a circle, 0.785 for a square, near 0 for a strip."""
    perimeter = shapely.length(geoms)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(perimeter > 0, 4 * np.pi * area / perimeter**2, np.nan)


def zoning_metrics(
    geoms: np.ndarray,
    area: np.ndarray,
    zoning: gpd.GeoDataFrame | None,
    residential_groups: Sequence[str],
) -> pd.DataFrame:
    """Residential share, dominant main group, its plan status and zoning coverage.

    Only Enkelbestemmingen count: they tile a plan, so their shares add up to the
    parcel's covered share. Parcels (almost) outside every plan get NaN / null.
    """
    n = len(geoms)
    out = pd.DataFrame(
        {
            s.RESIDENTIAL_SHARE: np.full(n, np.nan),
            "zoning_coverage": np.zeros(n),
            s.HOOFDGROEP: pd.Series([None] * n, dtype=object),
            s.PLAN_STATUS: pd.Series([None] * n, dtype=object),
        }
    )
    if zoning is None or len(zoning) == 0:
        out["zoning_coverage"] = np.nan
        return out
    enkel = zoning[zoning[s.OBJECT_TYPE] == s.ENKELBESTEMMING].reset_index(drop=True)
    pairs = intersection_pairs(geoms, enkel.geometry.to_numpy())
    covered = np.bincount(pairs.parcel, weights=pairs.area, minlength=n)
    is_residential = enkel[s.HOOFDGROEP].isin(list(residential_groups)).to_numpy()
    residential = np.bincount(
        pairs.parcel, weights=pairs.area * is_residential[pairs.other], minlength=n
    )
    coverage = np.minimum(covered / area, 1.0)
    known = coverage >= MIN_ZONING_COVERAGE
    out["zoning_coverage"] = coverage
    out.loc[known, s.RESIDENTIAL_SHARE] = np.minimum(residential[known] / area[known], 1.0)

    dominant = _dominant(pairs.parcel, pairs.other, pairs.area)
    parcels_with_zone = dominant.index.to_numpy()
    zone = dominant.to_numpy()
    keep = known[parcels_with_zone]
    out.loc[parcels_with_zone[keep], s.HOOFDGROEP] = enkel[s.HOOFDGROEP].to_numpy()[zone[keep]]
    out.loc[parcels_with_zone[keep], s.PLAN_STATUS] = enkel[s.PLAN_STATUS].to_numpy()[zone[keep]]
    return out


def _dominant(parcel: np.ndarray, other: np.ndarray, weight: np.ndarray) -> pd.Series:
    """For each parcel, the ``other`` with the largest weight (lowest index on ties)."""
    order = np.lexsort((other, -weight, parcel))
    first = np.ones(len(order), dtype=bool)
    first[1:] = parcel[order][1:] != parcel[order][:-1]
    chosen = order[first]
    return pd.Series(other[chosen], index=parcel[chosen])


def ownership_metrics(inputs: OverlayInputs, geoms: np.ndarray, area: np.ndarray) -> pd.DataFrame:
    """Owner, owner type and owned share of each parcel.

    Sources are combined in order of certainty: a holdings list keyed by kadastrale
    aanduiding (the whole parcel, share 1); holding polygons (the owner with the largest
    area, share = that area / parcel area); holding points such as BAG verblijfsobjecten
    (the owner with most points; the owned share is unknown, NaN).
    """
    n = len(geoms)
    owner = np.full(n, None, dtype=object)
    owner_type = np.full(n, None, dtype=object)
    share = np.zeros(n)

    points = inputs.holdings_points
    if points is not None and len(points):
        pt, parcel = points_in_polygons(points.geometry.to_numpy(), geoms)
        outside = len(points) - len(np.unique(pt))
        if outside:
            inputs.report.warn("holdings points", "points outside every parcel, not used", outside)
        counts = pd.DataFrame(
            {
                "parcel": parcel,
                "owner": points[s.OWNER].to_numpy()[pt],
                "owner_type": points[s.OWNER_TYPE].to_numpy()[pt],
            }
        )
        _assign(
            counts.groupby(["parcel", "owner", "owner_type"]).size(),
            owner,
            owner_type,
            share,
            share_value=np.nan,
        )

    polygons = inputs.holdings_polygons
    if polygons is not None and len(polygons):
        pairs = intersection_pairs(geoms, polygons.geometry.to_numpy())
        owned = pd.DataFrame(
            {
                "parcel": pairs.parcel,
                "owner": polygons[s.OWNER].to_numpy()[pairs.other],
                "owner_type": polygons[s.OWNER_TYPE].to_numpy()[pairs.other],
                "area": pairs.area,
            }
        )
        by_owner = owned.groupby(["parcel", "owner", "owner_type"])["area"].sum()
        _assign(by_owner, owner, owner_type, share, area=area)  # overrides points

    table = inputs.holdings_by_parcel
    if table is not None and len(table):
        position = pd.Series(np.arange(n), index=inputs.parcels[s.PARCEL_ID].to_numpy())
        rows = table[table[s.PARCEL_ID].isin(position.index)]
        first = rows.drop_duplicates(s.PARCEL_ID, keep="first")
        idx = position.loc[first[s.PARCEL_ID]].to_numpy()
        owner[idx] = first[s.OWNER].to_numpy()  # overrides polygons and points
        owner_type[idx] = first[s.OWNER_TYPE].to_numpy()
        share[idx] = 1.0

    return pd.DataFrame({s.OWNER: owner, s.OWNER_TYPE: owner_type, s.OWNER_SHARE: share})


def _assign(
    weights: pd.Series,
    owner: np.ndarray,
    owner_type: np.ndarray,
    share: np.ndarray,
    *,
    area: np.ndarray | None = None,
    share_value: float | None = None,
) -> None:
    """Give each parcel the owner with the largest weight (ties: owner name order)."""
    frame = (
        weights.rename("w")
        .reset_index()
        .sort_values(["parcel", "w", "owner"], ascending=[True, False, True], kind="stable")
    )
    best = frame.drop_duplicates("parcel", keep="first")
    idx = best["parcel"].to_numpy()
    owner[idx] = best["owner"].to_numpy()
    owner_type[idx] = best["owner_type"].to_numpy()
    if area is not None:
        share[idx] = np.minimum(best["w"].to_numpy() / area[idx], 1.0)
    else:
        share[idx] = share_value


def municipality(
    geoms: np.ndarray, boundaries: gpd.GeoDataFrame | None, name_field: str
) -> np.ndarray:
    """Name of the municipality holding each parcel's representative point (None outside)."""
    names = np.full(len(geoms), None, dtype=object)
    if boundaries is None or len(boundaries) == 0:
        return names
    points = shapely.point_on_surface(geoms)
    pt, poly = points_in_polygons(points, boundaries.geometry.to_numpy())
    # a point on a shared border lies in both: the first boundary in file order wins
    order = np.lexsort((poly, pt))
    first = np.ones(len(order), dtype=bool)
    first[1:] = pt[order][1:] != pt[order][:-1]
    names[pt[order][first]] = boundaries[name_field].to_numpy()[poly[order][first]]
    return names


def layer_metrics(
    geoms: np.ndarray, area: np.ndarray, layer: LayerInput
) -> Mapping[str, np.ndarray]:
    """``share_<name>`` (polygon layers) and ``dist_<name>`` for one constraint/amenity layer."""
    features = layer.frame.geometry.to_numpy()
    out: dict[str, np.ndarray] = {}
    polygonal = np.isin(shapely.get_type_id(features), (3, 6))  # Polygon, MultiPolygon
    if polygonal.any():
        inside = covered_area(geoms, features[polygonal])
        out[f"{s.SHARE_PREFIX}{layer.name}"] = np.minimum(inside / area, 1.0)
    out[f"{s.DIST_PREFIX}{layer.name}"] = nearest_distance(geoms, features, layer.max_distance)
    return out
