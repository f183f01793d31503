"""Build all tables of a region in memory, then write them into a folder."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core.generator import context, overlays, zoning
from bouwstroom_qgis.core.generator.brk import cadastral_keys, first_parcels
from bouwstroom_qgis.core.generator.features import Features, concat_features
from bouwstroom_qgis.core.generator.holdings import build_holdings
from bouwstroom_qgis.core.generator.layout import MEAN_TOWN_CELL, TOWN_SHARE, Region, plan_region
from bouwstroom_qgis.core.generator.locations import (
    choose_locations,
    cut_out,
    location_plans,
    reserved,
)
from bouwstroom_qgis.core.generator.names import CORPORATIONS
from bouwstroom_qgis.core.generator.parcels import (
    Parcels,
    block_strips,
    concat_parcels,
    corridor_parcels,
    cut_strips,
    rural_strips,
)
from bouwstroom_qgis.core.generator.redevelopment import redevelopment
from bouwstroom_qgis.core.generator.scenario import readme_text, scenario_text
from bouwstroom_qgis.core.generator.streets import Blocks, town_blocks
from bouwstroom_qgis.core.generator.tables import (
    holdings_frames,
    parcel_geometry,
    parcels_frame,
    zoning_frames,
)
from bouwstroom_qgis.core.generator.write import write_layer
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.schema import BESTEMMINGSPLANGEBIED

log = logging.getLogger(__name__)

FILES = {
    "scenario": "scenario.toml",
    "readme": "LEESMIJ.txt",
    "parcels": "percelen.gpkg",
    "zoning": "bestemmingsplan.gpkg",
    "holdings": "bezit.gpkg",
    "municipal_holdings": "gemeente_bezit.csv",
    "natura2000": "natura2000.gpkg",
    "noise": "geluid.gpkg",
    "flood": "overstroming.gpkg",
    "amenities": "voorzieningen.gpkg",
    "municipalities": "gemeenten.gpkg",
}
"""File of each part of a region, relative to its folder."""


@dataclass
class Built:
    """All tables of one region, ready to write."""

    region: Region
    layers: dict[str, dict[str, gpd.GeoDataFrame]]  # file key -> layer name -> table
    municipal: pd.DataFrame
    scenario: str
    readme: str


def _all_parcels(n_parcels: int, seed: int) -> tuple[Region, Parcels, np.random.Generator, Blocks]:
    """Plan a region and cut it into exactly ``n_parcels`` parcels.

    Cutting blocks is random; when the towns came out clearly smaller than planned
    (the rest would be filled with farmland) or the grid ran short, the region is
    planned again, from the same seed, with more town cells or a larger grid.
    """
    spare, extra = 1.0, 0
    target = TOWN_SHARE * n_parcels
    for _ in range(5):
        rng = np.random.default_rng(seed)
        region = plan_region(n_parcels, seed, rng, spare=spare, extra_town_cells=extra)
        blocks = town_blocks(region.cells, rng)
        strips = block_strips(blocks, rng)
        parcels = concat_parcels(
            [
                cut_strips(region.cells, strips, rng),
                cut_strips(
                    region.cells, rural_strips(region.cells), rng, first_id=strips.cell.size
                ),
                corridor_parcels(region.cells, region.corridors, region.order),
            ]
        )
        town = int(region.cells.is_town[parcels.cell].sum())
        if len(parcels) < n_parcels:
            spare += 0.5
        elif (
            town > 0.93 * n_parcels
            and len(region.towns)
            and region.towns.size.sum() > 1
            and extra <= 0
        ):
            extra -= 1  # no room left for farmland round the villages
        elif (
            target - town > max(0.08 * target, 0.75 * MEAN_TOWN_CELL)
            and town + 1.15 * MEAN_TOWN_CELL * np.ceil((target - town) / MEAN_TOWN_CELL)
            <= 0.9 * n_parcels
            and extra >= 0
        ):
            extra += int(np.ceil((target - town) / MEAN_TOWN_CELL))
        else:
            break
        log.debug("%d parcels, %d in towns: planning the region again", len(parcels), town)
    return region, first_parcels(parcels, region, n_parcels), rng, blocks


def build_region(n_parcels: int, seed: int, feedback: Feedback) -> Built:
    feedback.report(0.0, "laying out villages, streets and parcels")
    region, parcels, rng, blocks = _all_parcels(n_parcels, seed)
    feedback.report(0.35, "numbering parcels")
    keys = cadastral_keys(parcels, region, rng)
    geometry = parcel_geometry(parcels)
    kept = zoning.kept_cells(region, parcels)

    feedback.report(0.45, "zoning plans")
    blocks_zoned = zoning.block_zoning(region, blocks, kept, rng)
    main = concat_features(
        [
            blocks_zoned.features,
            zoning.street_zoning(region, blocks_zoned, kept),
            zoning.rural_zoning(region, kept, rng),
            zoning.corridor_zoning(region, parcels, rng),
        ]
    )
    areas, area_plan = zoning.plan_areas(region, parcels, kept)
    pipe = overlays.pipeline(region, rng)
    outlines = Features.of(
        areas,
        BESTEMMINGSPLANGEBIED,
        None,
        np.array(region.plans.name, dtype=object)[area_plan],
        area_plan,
    )
    bouwvlak, aanduiding = overlays.building_envelopes(region, blocks, blocks_zoned.parts, rng)
    second, extra = redevelopment(region, blocks, kept, rng)
    municipalities = context.municipalities_layer(region, kept)
    outline = shapely.union_all(municipalities.geometry.to_numpy())
    flood = context.flood_layer(region, outline, rng)
    # Locations keep clear of the redevelopment plans, flood plains and the pipeline.
    avoid = np.concatenate(
        (
            second.geometry[second.object_type == BESTEMMINGSPLANGEBIED],
            flood.geometry.to_numpy(),
            [shapely.buffer(pipe, overlays.PIPELINE_HALF_WIDTH)],
        )
    )
    sites = choose_locations(region, parcels, geometry, avoid, rng)
    own, own_plans = location_plans(region, sites, extra.first_index + len(extra.plan_id), rng)
    holes = sites.geometry[sites.rezoned]  # the village plans leave these out
    hole_plan = own_plans.first_index + np.arange(holes.size)
    features = concat_features(
        [
            cut_out(main, holes),
            cut_out(
                overlays.dubbelbestemmingen(region, kept, areas, area_plan, pipe, rng),
                holes,
                hole_plan,
            ),
            cut_out(
                overlays.gebiedsaanduidingen(region, kept, areas, area_plan, pipe, rng),
                holes,
                hole_plan,
            ),
            cut_out(bouwvlak, holes),
            cut_out(aanduiding, holes),
            cut_out(outlines, holes),
            second,
            own,
        ]
    )
    zoning_layers = zoning_frames(features, region, extra.then(own_plans))

    feedback.report(0.75, "holdings and context layers")
    holdings = build_holdings(parcels, keys, region, rng, reserved(sites, parcels))
    corporations, points = holdings_frames(holdings, geometry, parcels, region, rng)
    layers = {
        "parcels": {"percelen": parcels_frame(geometry, keys, region)},
        "zoning": zoning_layers,
        "holdings": {"corporaties": corporations, "verblijfsobjecten": points},
        "natura2000": {"natura2000": context.natura2000_layer(region)},
        "noise": {"geluid": context.noise_layer(region, kept, outline)},
        "flood": {"overstroming": flood},
        "amenities": {"voorzieningen": context.amenities_layer(region, parcels, geometry, rng)},
        "municipalities": {"gemeente": municipalities},
    }
    name = f"Voorbeeldregio {region.towns.names[0]}"
    unplanned = float(np.mean(region.plan[parcels.cell] < 0))
    amenity_kinds = layers["amenities"]["voorzieningen"]["soort"].value_counts()
    facts = {
        "region": name,
        "parcels": n_parcels,
        "seed": seed,
        "area_km2": f"{shapely.area(outline) / 1e6:,.0f}".replace(",", "."),
        "municipalities": len(municipalities),
        "municipality_names": ", ".join(municipalities["statnaam"]),
        "towns": int(
            np.unique(region.cells.settlement[kept & (region.cells.settlement >= 0)]).size
        ),
        "largest": ", ".join(region.towns.names[:3]),
        "railway": region.corridors[0].name,
        "canal": region.corridors[2].name,
        "plans": int(np.unique(features.plan).size),
        "zoning_counts": "\n".join(
            f"{'':23}  {k:<22} {len(v):>9}" for k, v in zoning_layers.items()
        ),
        "second_plans": len(extra.plan_id),
        "unplanned_pct": f"{unplanned:.1%}".replace(".", ","),
        "corporation_parcels": len(corporations),
        "corporations": " en ".join(CORPORATIONS),
        "points": len(points),
        "point_owner": CORPORATIONS[0],
        "municipal_rows": len(holdings.municipal),
        "stale_rows": holdings.stale,
        "nature": len(region.nature_names),
        "stations": int(amenity_kinds.get("station", 0)),
        "schools": int(amenity_kinds.get("school", 0)),
        "shops": int(amenity_kinds.get("winkel", 0)),
    }
    feedback.report(1.0, "region built")
    return Built(
        region, layers, holdings.municipal, scenario_text(name, n_parcels, seed), readme_text(facts)
    )


def write_region(built: Built, folder: Path, feedback: Feedback) -> dict[str, int]:
    """Write every file of a built region into ``folder``; returns features per layer."""
    counts: dict[str, int] = {}
    total = sum(len(t) for layers in built.layers.values() for t in layers.values())
    done = 0
    for key, layers in built.layers.items():
        for layer, table in layers.items():
            feedback.report(done / max(total, 1), f"writing {FILES[key]}, layer {layer}")
            multi = key == "zoning" or key in ("natura2000", "noise", "flood", "municipalities")
            write_layer(table, folder / FILES[key], layer, multi=multi)
            counts[layer] = len(table)
            done += len(table)
    built.municipal.to_csv(
        folder / FILES["municipal_holdings"], sep=";", index=False, lineterminator="\n"
    )
    counts["gemeente_bezit"] = len(built.municipal)
    (folder / FILES["scenario"]).write_text(built.scenario, encoding="utf-8")
    (folder / FILES["readme"]).write_text(built.readme, encoding="utf-8")
    return counts
