"""Context layers: constraints, amenities and municipal boundaries.

- ``natura2000``: the nature areas planned with the region.
- ``geluid``: noise contours (55 and 65 dB Lden) along the railway and the motorway and
  round each industrial estate.
- ``overstroming``: flood-prone stretches along the canal, of wandering width.
- ``voorzieningen``: stations where the railway passes a village, schools on large
  plots and shops in village cores (field ``soort``).
- ``gemeente``: the municipalities (field ``statnaam``).
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import numpy.typing as npt
import pandas as pd
import shapely

from bouwstroom_qgis.core.generator.cells import CELL, Kind
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.overlays import INDUSTRY_NOISE, industrial_estates
from bouwstroom_qgis.core.generator.parcels import Parcels, Plot
from bouwstroom_qgis.core.generator.shapes import band
from bouwstroom_qgis.core.schema import RD_NEW

# Noise contours per source: (inner reach of 65 dB, outer reach of 55 dB), metres.
NOISE_REACH = {"spoor": (80.0, 250.0), "weg": (120.0, 450.0)}
PARCELS_PER_SCHOOL = 1200  # a primary school per this many parcels in a village
PARCELS_PER_SHOP = 150  # a shop per this many parcels in a village core
SHOP_TYPES = np.array(["supermarkt", "bakker", "drogist", "slager", "bloemist", "fietsenmaker"])


def frame(columns: dict[str, npt.ArrayLike], geometry: npt.ArrayLike) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        pd.DataFrame(columns), geometry=np.asarray(geometry, dtype=object), crs=RD_NEW
    )


def municipalities_layer(region: Region, kept: npt.NDArray[np.bool_]) -> gpd.GeoDataFrame:
    """One polygon per municipality: the union of its cells."""
    cells = region.cells
    index = np.flatnonzero(kept)
    boxes = shapely.box(
        cells.x0[index], cells.y0[index], cells.x0[index] + CELL, cells.y0[index] + CELL
    )
    owner = region.municipality[index]
    present = np.unique(owner)
    outlines = [shapely.coverage_union_all(boxes[owner == m]) for m in present]
    names = region.municipalities.names
    return frame(
        {
            "statcode": [f"GM{region.municipalities.codes[m]}" for m in present],
            "statnaam": [names[m] for m in present],
        },
        outlines,
    )


def natura2000_layer(region: Region) -> gpd.GeoDataFrame:
    count = len(region.nature_names)
    return frame(
        {
            "naam": region.nature_names,
            "sitecode": [f"NL999{i + 1:04d}" for i in range(count)],  # no real site has NL999
            "status": "aangewezen",
        },
        region.nature,
    )


def noise_layer(
    region: Region, kept: npt.NDArray[np.bool_], outline: shapely.Geometry
) -> gpd.GeoDataFrame:
    """Noise contours as rings that do not overlap within one source."""
    cells = region.cells
    ox, oy = cells.origin
    width, height = cells.n_cols * CELL, cells.n_rows * CELL
    rows: list[tuple[str, str, int, shapely.Geometry]] = []
    for corridor in region.corridors:
        if corridor.kind not in NOISE_REACH:
            continue
        if corridor.axis == "y":
            line = shapely.LineString([(ox, corridor.position), (ox + width, corridor.position)])
        else:
            line = shapely.LineString([(corridor.position, oy), (corridor.position, oy + height)])
        inner_reach, outer_reach = NOISE_REACH[corridor.kind]
        inner = shapely.buffer(line, corridor.width / 2 + inner_reach, cap_style="flat")
        outer = shapely.buffer(line, corridor.width / 2 + outer_reach, cap_style="flat")
        rows.append((corridor.kind, corridor.name, 65, shapely.intersection(inner, outline)))
        rows.append(
            (
                corridor.kind,
                corridor.name,
                55,
                shapely.intersection(shapely.difference(outer, inner), outline),
            )
        )
    estates, town = industrial_estates(region, kept)
    zones = shapely.buffer(estates, INDUSTRY_NOISE, quad_segs=8)
    for zone, index in zip(zones, town, strict=True):
        rows.append(("industrie", f"Bedrijventerrein {region.towns.names[index]}", 55, zone))
    table = pd.DataFrame(rows, columns=["bron", "naam", "lden_db", "geometry"])
    geometry = table.pop("geometry").to_numpy()
    keep = ~shapely.is_empty(geometry)
    return frame(table[keep].to_dict("list"), geometry[keep])


def flood_layer(
    region: Region, outline: shapely.Geometry, rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """One to three flood-prone stretches along the part of the canal inside the region."""
    canal = next(c for c in region.corridors if c.kind == "water")
    cells = region.cells
    line = shapely.LineString(
        [(canal.position, cells.origin[1]), (canal.position, cells.origin[1] + cells.n_rows * CELL)]
    )
    inside = shapely.intersection(line, outline)
    low, high = (inside.bounds[1], inside.bounds[3]) if not inside.is_empty else (0.0, 0.0)
    count = int(rng.integers(1, 4)) if high - low > 6000 else 1
    edges = np.sort(rng.uniform(low, high, 2 * count))
    edges[0], edges[-1] = (
        min(edges[0], low + 0.2 * (high - low)),
        max(edges[-1], high - 0.2 * (high - low)),
    )
    polygons, depth, chance = [], [], []
    for start, end in edges.reshape(-1, 2):
        if end - start < 300:
            continue
        shape = band(canal.position, start, end, (150.0, 900.0), rng, axis="x")
        polygons.append(shapely.intersection(shape, outline))
        deep = rng.random() < 0.4
        depth.append("0,5 - 2,0 m" if deep else "0,2 - 0,5 m")
        chance.append("1/100 per jaar" if deep else "1/1000 per jaar")
    geometry = np.array(polygons, dtype=object)
    keep = ~shapely.is_empty(geometry)
    columns = {
        "naam": [f"Overstromingsgebied {canal.name}"] * len(polygons),
        "kans": chance,
        "waterdiepte": depth,
    }
    return frame({k: np.asarray(v, dtype=object)[keep] for k, v in columns.items()}, geometry[keep])


def amenities_layer(
    region: Region, parcels: Parcels, geometry: npt.NDArray[np.object_], rng: np.random.Generator
) -> gpd.GeoDataFrame:
    """Stations, schools and shops, with ``soort`` in {'station', 'school', 'winkel'}."""
    cells = region.cells
    town = cells.settlement[parcels.cell]
    names = np.array(region.towns.names, dtype=object)
    # Stations: where the railway runs along a village's cells, nearest its centre.
    rail = next(c for c in region.corridors if c.kind == "spoor")
    beside = (cells.row == rail.boundary) | (cells.row == rail.boundary - 1)
    on_line = np.unique(town[beside[parcels.cell] & (town >= 0)])
    xs = []
    for index in on_line:
        cols = cells.col[(cells.settlement == index) & beside]
        centre = np.clip(region.towns.col[index], cols.min() + 0.2, cols.max() + 0.8)
        xs.append(cells.origin[0] + centre * CELL)
    if not xs:  # the railway misses every village: a station at the main town
        on_line = np.array([0])
        xs = [cells.origin[0] + region.towns.col[0] * CELL]
    stations = shapely.points(np.round(xs, 1), np.full(len(xs), rail.position))
    station_names = [f"Station {n}" for n in names[on_line]]
    # Schools on large plots, shops in village cores: a number per village by its size.
    centroids = shapely.centroid(geometry)
    in_town = town >= 0
    village_size = np.bincount(town[in_town], minlength=len(names))
    core = in_town & (cells.kind[parcels.cell] == Kind.CORE)
    core_size = np.bincount(town[core], minlength=len(names))
    school_count = np.where(
        village_size >= 300, np.maximum(1, village_size // PARCELS_PER_SCHOOL), 0
    )
    shop_count = np.where(village_size >= 150, np.maximum(1, core_size // PARCELS_PER_SHOP), 0)
    school_count[0], shop_count[0] = max(1, school_count[0]), max(1, shop_count[0])
    priority = np.where(parcels.plot == Plot.GROOT, 0, np.where(parcels.plot == Plot.KERN, 1, 2))
    schools = _per_village(town, in_town, priority, school_count, rng)
    shop_priority = np.where(parcels.plot == Plot.KERN, 0, np.where(parcels.plot == Plot.RIJ, 1, 2))
    shops = _per_village(town, core, shop_priority, shop_count, rng)
    soort = ["station"] * len(station_names) + ["school"] * schools.size + ["winkel"] * shops.size
    naam = (
        station_names
        + [f"Basisschool {n}" for n in names[town[schools]]]
        + [
            f"{t.capitalize()} {n}"
            for t, n in zip(
                SHOP_TYPES[rng.integers(0, SHOP_TYPES.size, shops.size)],
                names[town[shops]],
                strict=True,
            )
        ]
    )
    points = np.concatenate((stations, centroids[schools], centroids[shops]))
    points = shapely.points(np.round(shapely.get_coordinates(points), 1))
    return frame({"soort": soort, "naam": naam}, points)


def _per_village(
    town: npt.NDArray[np.integer],
    eligible: npt.NDArray[np.bool_],
    priority: npt.NDArray[np.int64],
    count: npt.NDArray[np.int64],
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Up to ``count[village]`` parcels per village, best priority first, else at random."""
    index = np.flatnonzero(eligible)
    order = np.lexsort((rng.random(index.size), priority[index], town[index]))
    index = index[order]
    village = town[index]
    first = np.searchsorted(village, village)
    rank = np.arange(index.size) - first
    return np.sort(index[rank < count[village]])
