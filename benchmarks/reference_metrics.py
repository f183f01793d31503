"""The straightforward way to compute the same metrics: geopandas.overlay + groupby.

This is the baseline the benchmark measures the engine against, and an independent
implementation the tests compare the engine's numbers with. It is written the way an
analyst would write it, not tuned.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.metrics import MIN_OWNED_SHARE, MIN_ZONING_COVERAGE, OverlayInputs


def reference_metrics(inputs: OverlayInputs) -> pd.DataFrame:
    parcels = inputs.parcels[[s.PARCEL_ID, "geometry"]].copy()
    parcels["pidx"] = np.arange(len(parcels))
    out = pd.DataFrame({s.PARCEL_ID: parcels[s.PARCEL_ID].to_numpy()})
    out[s.AREA] = parcels.area.to_numpy()
    out[s.COMPACTNESS] = (4 * np.pi * parcels.area / parcels.length**2).to_numpy()

    if inputs.zoning is not None:
        enkel = inputs.zoning[inputs.zoning[s.OBJECT_TYPE] == s.ENKELBESTEMMING]
        enkel = enkel[[s.HOOFDGROEP, s.PLAN_STATUS, "geometry"]].copy()
        enkel["zidx"] = np.arange(len(enkel))
        pieces = gpd.overlay(
            parcels[["pidx", "geometry"]], enkel, how="intersection", keep_geom_type=True
        )
        pieces["a"] = pieces.area
        pieces["res"] = pieces["a"] * pieces[s.HOOFDGROEP].isin(list(inputs.residential_groups))
        per = pieces.groupby("pidx")[["a", "res"]].sum()
        covered = per["a"].reindex(range(len(parcels)), fill_value=0.0).to_numpy()
        res = per["res"].reindex(range(len(parcels)), fill_value=0.0).to_numpy()
        coverage = np.minimum(covered / out[s.AREA].to_numpy(), 1.0)
        known = coverage >= MIN_ZONING_COVERAGE
        out["zoning_coverage"] = coverage
        out[s.RESIDENTIAL_SHARE] = np.where(known, np.minimum(res / out[s.AREA], 1.0), np.nan)
        by_zone = pieces.groupby(["pidx", "zidx"], as_index=False)["a"].sum()
        by_zone = by_zone.sort_values(["pidx", "a", "zidx"], ascending=[True, False, True])
        best = by_zone.drop_duplicates("pidx").set_index("pidx")["zidx"]
        best = best[known[best.index.to_numpy()]]
        out[s.HOOFDGROEP] = None
        out.loc[best.index, s.HOOFDGROEP] = enkel[s.HOOFDGROEP].to_numpy()[best.to_numpy()]

    out[s.OWNER], out[s.OWNER_SHARE] = None, 0.0
    if inputs.holdings_polygons is not None and len(inputs.holdings_polygons):
        owned = gpd.overlay(
            parcels[["pidx", "geometry"]],
            inputs.holdings_polygons[[s.OWNER, "geometry"]],
            how="intersection",
            keep_geom_type=True,
        )
        owned["a"] = owned.area
        per = owned.groupby(["pidx", s.OWNER], as_index=False)["a"].sum()
        per = per.sort_values(["pidx", "a", s.OWNER], ascending=[True, False, True])
        best = per.drop_duplicates("pidx").set_index("pidx")
        # a sliver of a holdings polygon does not make a parcel owned (MIN_OWNED_SHARE)
        best = best[best["a"] >= MIN_OWNED_SHARE * out.loc[best.index, s.AREA]]
        out.loc[best.index, s.OWNER] = best[s.OWNER]
        out.loc[best.index, s.OWNER_SHARE] = np.minimum(
            best["a"] / out.loc[best.index, s.AREA], 1.0
        )

    for layer in inputs.layers:
        frame = layer.frame[["geometry"]]
        polygonal = frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])]
        if len(polygonal):
            dissolved = polygonal.dissolve()
            inside = gpd.overlay(
                parcels[["pidx", "geometry"]], dissolved, how="intersection", keep_geom_type=True
            )
            area = inside.area.groupby(inside["pidx"]).sum()
            share = area.reindex(range(len(parcels)), fill_value=0.0).to_numpy()
            out[f"share_{layer.name}"] = np.minimum(share / out[s.AREA].to_numpy(), 1.0)
        near = gpd.sjoin_nearest(
            parcels[["pidx", "geometry"]],
            frame,
            how="left",
            max_distance=layer.max_distance,
            distance_col="d",
        )
        d = near.groupby("pidx")["d"].min().reindex(range(len(parcels)))
        out[f"dist_{layer.name}"] = d.fillna(layer.max_distance).clip(upper=layer.max_distance)

    if inputs.boundaries is not None:
        points = parcels[["pidx"]].copy()
        points = gpd.GeoDataFrame(points, geometry=parcels.representative_point(), crs=parcels.crs)
        boundaries = inputs.boundaries[[inputs.boundary_name_field, "geometry"]]
        hit = gpd.sjoin(
            points,
            boundaries.reset_index(drop=True),
            how="inner",
            predicate="intersects",
        )
        hit = hit.sort_values(["pidx", "index_right"]).drop_duplicates("pidx")
        out[s.MUNICIPALITY] = None
        out.loc[hit["pidx"].to_numpy(), s.MUNICIPALITY] = hit[inputs.boundary_name_field].to_numpy()
    return out
