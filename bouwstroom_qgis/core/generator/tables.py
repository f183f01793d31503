"""The generated arrays as the tables users get: BRK parcels, IMRO zoning, holdings."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from bouwstroom_qgis.core.generator.brk import (
    AKR,
    GROOTTE,
    KAD_GEMEENTE,
    LOKAAL_ID,
    PERCEELNUMMER,
    SECTIE,
    CadastralKeys,
)
from bouwstroom_qgis.core.generator.features import Features
from bouwstroom_qgis.core.generator.holdings import Holdings
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.parcels import Parcels
from bouwstroom_qgis.core.generator.redevelopment import ExtraPlans
from bouwstroom_qgis.core.schema import (
    BESTEMMINGSPLANGEBIED,
    HOOFDGROEP,
    IMRO_OBJECT_TYPES,
    NAAM,
    OBJECT_TYPE,
    PLAN_ID,
    PLAN_STATUS,
    RD_NEW,
)

IDENTIFICATIE = "identificatie"
OWNER_FIELD = "eigenaar"
OWNER_TYPE_FIELD = "eigenaar_type"
ID_PREFIX = {
    "Enkelbestemming": "eb",
    "Dubbelbestemming": "db",
    "Bouwvlak": "bv",
    "Bouwaanduiding": "ba",
    "Functieaanduiding": "fa",
    "Gebiedsaanduiding": "ga",
}


def parcel_geometry(parcels: Parcels) -> npt.NDArray[np.object_]:
    """Closed quadrilaterals as shapely polygons."""
    return shapely.polygons(np.concatenate((parcels.corners, parcels.corners[:, :1]), axis=1))


def parcels_frame(
    geometry: npt.NDArray[np.object_], keys: CadastralKeys, region: Region
) -> gpd.GeoDataFrame:
    """The parcel layer with the fields of the BRK Kadastrale Kaart."""
    area_names = np.array(region.cadastral_names, dtype=object)
    columns = {
        LOKAAL_ID: np.arange(1, keys.nummer.size + 1, dtype=np.int64) + 10_000_000_000,
        AKR: keys.akr,
        KAD_GEMEENTE: area_names[keys.area],
        SECTIE: keys.sectie,
        PERCEELNUMMER: keys.nummer.astype(np.int32),
        GROOTTE: np.rint(shapely.area(geometry)).astype(np.int64),
    }
    return gpd.GeoDataFrame(pd.DataFrame(columns), geometry=geometry, crs=RD_NEW)


def zoning_frames(
    features: Features, region: Region, extra: ExtraPlans
) -> dict[str, gpd.GeoDataFrame]:
    """One table per IMRO object type, in the normalised layout the engine reads."""
    plan_ids = np.array(region.plans.plan_id + extra.plan_id, dtype=object)
    status = np.array(["vastgesteld"] * len(region.plans.plan_id) + extra.status, dtype=object)
    frames: dict[str, gpd.GeoDataFrame] = {}
    for object_type in IMRO_OBJECT_TYPES:
        chosen = np.flatnonzero(features.object_type == object_type)
        if chosen.size == 0:
            continue
        f = features.take(chosen)
        if object_type == BESTEMMINGSPLANGEBIED:
            identificatie = plan_ids[f.plan]
        else:
            identificatie = _local_ids(f.plan, ID_PREFIX[object_type])
        columns = {
            OBJECT_TYPE: f.object_type,
            HOOFDGROEP: f.hoofdgroep,
            NAAM: f.naam,
            PLAN_ID: plan_ids[f.plan],
            PLAN_STATUS: status[f.plan],
            IDENTIFICATIE: identificatie,
        }
        frames[object_type] = gpd.GeoDataFrame(
            pd.DataFrame(columns), geometry=f.geometry, crs=RD_NEW
        )
    return frames


def _local_ids(plan: npt.NDArray[np.int64], prefix: str) -> npt.NDArray[np.object_]:
    """IMRO object ids, numbered per plan as a plan's GML numbers them: 'NL.IMRO.PT.eb12'."""
    order = np.argsort(plan, kind="stable")
    sorted_plan = plan[order]
    rank = np.arange(plan.size) - np.searchsorted(sorted_plan, sorted_plan)
    number = np.empty(plan.size, dtype=np.int64)
    number[order] = rank + 1
    return (f"NL.IMRO.PT.{prefix}" + pd.Series(number).astype(str)).to_numpy(dtype=object)


def holdings_frames(
    holdings: Holdings,
    geometry: npt.NDArray[np.object_],
    parcels: Parcels,
    region: Region,
    rng: np.random.Generator,
) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Corporation polygons and address points (BAG verblijfsobjecten)."""
    polygons = gpd.GeoDataFrame(
        pd.DataFrame(
            {
                OWNER_FIELD: holdings.corporation_owner,
                OWNER_TYPE_FIELD: "corporatie",
                "complexnummer": holdings.complex_number,
            }
        ),
        geometry=geometry[holdings.corporation_parcels],
        crs=RD_NEW,
    )
    points, owner, code = _address_points(holdings, parcels, region, rng)
    serial = np.cumsum(rng.integers(1, 40, size=points.size)) + 200_000
    ident = pd.Series(code).astype(str) + "01" + pd.Series(serial).astype(str).str.zfill(10)
    vbo = gpd.GeoDataFrame(
        pd.DataFrame(
            {
                IDENTIFICATIE: ident.to_numpy(dtype=object),
                OWNER_FIELD: owner,
                OWNER_TYPE_FIELD: "corporatie",
                "gebruiksdoel": "woonfunctie",
                "oppervlakte": rng.integers(45, 130, size=points.size),
            }
        ),
        geometry=points,
        crs=RD_NEW,
    )
    return polygons, vbo


def _address_points(
    holdings: Holdings, parcels: Parcels, region: Region, rng: np.random.Generator
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.object_], npt.NDArray[np.object_]]:
    """One point per home inside each parcel: one for a house, several for apartments."""
    index = holdings.point_parcels
    stacked = parcels.plot[index] == 3  # Plot.KERN: flats above shops in the core
    homes = np.where(stacked, rng.integers(4, 13, size=index.size), 1)
    parcel = np.repeat(index, homes)
    owner = np.repeat(holdings.point_owner, homes)
    corners = parcels.corners[parcel]
    # A random convex combination of the corners, pulled towards the middle: inside.
    weight = rng.dirichlet(np.ones(4), size=parcel.size)
    middle = corners.mean(axis=1)
    inside = middle + 0.6 * (np.einsum("nk,nkd->nd", weight, corners) - middle)
    points = shapely.points(np.round(inside, 2))
    codes = np.array(region.municipalities.codes, dtype=object)
    return points, owner, codes[region.municipality[parcels.cell[parcel]]]
