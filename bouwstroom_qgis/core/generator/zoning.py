"""Enkelbestemmingen: one main land use for every street block, field run and corridor.

Village plans zone each block by what it holds (row houses mostly 'wonen', a core
'centrum' or 'gemengd', large plots 'maatschappelijk' or 'bedrijf', ...) and the
streets between blocks 'verkeer'. Rural plans zone runs of farm cells 'agrarisch'
('agrarisch met waarden' near nature), nature 'natuur' or 'bos', ribbons 'wonen'
along the road, and the railway, motorway and canal 'verkeer' and 'water'. Some
blocks are split between two uses, so parcels can be partly residential.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.cells import Cells, Kind, local_frame
from bouwstroom_qgis.core.generator.features import (
    Features,
    concat_features,
    local_boxes,
    merge_runs,
)
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.parcels import RIBBON_DEPTH, RIBBON_ROAD, Parcels, Plot
from bouwstroom_qgis.core.generator.streets import Blocks
from bouwstroom_qgis.core.schema import ENKELBESTEMMING, ENKELBESTEMMING_GROUPS

GROUP = {name: i for i, name in enumerate(ENKELBESTEMMING_GROUPS)}

# Main group shares per block kind (Block order).
BLOCK_GROUPS: tuple[dict[str, float], ...] = (
    {"wonen": 0.7, "woongebied": 0.25, "gemengd": 0.05},
    {"wonen": 0.75, "woongebied": 0.25},
    {"wonen": 0.8, "woongebied": 0.2},
    {"centrum": 0.45, "gemengd": 0.35, "wonen": 0.1, "detailhandel": 0.05, "horeca": 0.05},
    {
        "maatschappelijk": 0.35, "bedrijf": 0.2, "gemengd": 0.1, "wonen": 0.1, "sport": 0.1,
        "dienstverlening": 0.05, "kantoor": 0.05, "cultuur en ontspanning": 0.05,
    },
    {"bedrijventerrein": 0.85, "bedrijf": 0.15},
    {"groen": 0.55, "sport": 0.25, "water": 0.1, "recreatie": 0.1},
)  # fmt: skip
# The second use of a block split between two.
SECOND_GROUP = {"maatschappelijk": 0.3, "groen": 0.3, "gemengd": 0.2, "bedrijf": 0.1, "tuin": 0.1}
SPLIT_SHARE = 0.1  # share of blocks longer than 60 m zoned for two uses

NAMES: dict[str, tuple[str, ...]] = {
    "wonen": ("Wonen", "Wonen - 1", "Wonen - 2"),
    "gemengd": ("Gemengd", "Gemengd - 1"),
    "bedrijf": ("Bedrijf", "Bedrijf - Nutsvoorziening"),
    "recreatie": ("Recreatie - Dagrecreatie",),
    "agrarisch met waarden": ("Agrarisch met waarden - Landschapswaarden",),
    "verkeer": ("Verkeer - Verblijfsgebied",),
}
CORRIDOR_NAMES = {
    "spoor": ("verkeer", "Verkeer - Railverkeer"),
    "weg": ("verkeer", "Verkeer - Wegverkeer"),
    "water": ("water", "Water"),
}
NEAR_NATURE = 1000.0  # farmland this close to Natura 2000 (m) is 'agrarisch met waarden'


def share_matrix(tables: tuple[dict[str, float], ...]) -> npt.NDArray[np.float64]:
    """Rows of probabilities over all IMRO main groups."""
    out = np.zeros((len(tables), len(ENKELBESTEMMING_GROUPS)))
    for row, table in enumerate(tables):
        for name, share in table.items():
            out[row, GROUP[name]] = share
    return out


def draw_groups(share: npt.NDArray[np.float64], rng: np.random.Generator) -> npt.NDArray[np.int64]:
    cumulative = np.cumsum(share, axis=1)
    draw = rng.random(share.shape[0]) * cumulative[:, -1]
    return np.minimum((cumulative < draw[:, None]).sum(axis=1), share.shape[1] - 1)


def names_for(group: npt.NDArray[np.int64], rng: np.random.Generator) -> npt.NDArray[np.object_]:
    """A plan text name per main group, e.g. 'Wonen - 2' for 'wonen'."""
    out = np.empty(group.size, dtype=object)
    pick = rng.random(group.size)
    for code in np.unique(group):
        name = ENKELBESTEMMING_GROUPS[code]
        options = NAMES.get(name, (name[0].upper() + name[1:],))
        chosen = group == code
        out[chosen] = np.array(options, dtype=object)[(pick[chosen] * len(options)).astype(int)]
    return out


def kept_cells(region: Region, parcels: Parcels) -> npt.NDArray[np.bool_]:
    kept = np.zeros(region.cells.size, dtype=bool)
    kept[parcels.cell] = True
    return kept


def block_zoning(
    region: Region, blocks: Blocks, kept: npt.NDArray[np.bool_], rng: np.random.Generator
) -> tuple[Features, dict[str, npt.NDArray]]:
    """One Enkelbestemming per block, or two for a block split between two uses.

    Returns the features and, per feature, the block it lies in and its extent along
    the block (``block``, ``u0``, ``u1``), from which building envelopes are drawn.
    """
    chosen = np.flatnonzero(kept[blocks.cell] & (region.plan[blocks.cell] >= 0))
    kind = blocks.kind[chosen]
    group = draw_groups(share_matrix(BLOCK_GROUPS)[kind], rng)
    u0, u1 = blocks.u0[chosen], blocks.u1[chosen]
    split = (rng.random(chosen.size) < SPLIT_SHARE) & (u1 - u0 > 60)
    cut = np.where(split, u0 + (u1 - u0) * rng.uniform(0.35, 0.65, chosen.size), u1)
    second = draw_groups(
        np.broadcast_to(share_matrix((SECOND_GROUP,)), (int(split.sum()), len(GROUP))), rng
    )
    block = np.concatenate((chosen, chosen[split]))
    part_u0 = np.concatenate((u0, cut[split]))
    part_u1 = np.concatenate((cut, u1[split]))
    group = np.concatenate((group, second))
    cells = region.cells
    geometry = local_boxes(
        cells, blocks.cell[block], part_u0, part_u1, blocks.v0[block], blocks.v1[block]
    )
    hoofdgroep = np.array(ENKELBESTEMMING_GROUPS, dtype=object)[group]
    features = Features.of(
        geometry,
        ENKELBESTEMMING,
        hoofdgroep,
        names_for(group, rng),
        region.plan[blocks.cell[block]],
    )
    return features, {"block": block, "u0": part_u0, "u1": part_u1}


def street_zoning(region: Region, blocks: Blocks, kept: npt.NDArray[np.bool_]) -> Features:
    """Per planned town cell, the streets: the cell minus its blocks, zoned 'verkeer'."""
    cells = region.cells
    planned = kept & cells.is_town & (region.plan >= 0)
    chosen = np.flatnonzero(planned[blocks.cell])
    town = np.flatnonzero(planned)
    boxes = local_boxes(
        cells,
        blocks.cell[chosen],
        blocks.u0[chosen],
        blocks.u1[chosen],
        blocks.v0[chosen],
        blocks.v1[chosen],
    )
    together = shapely.multipolygons(boxes, indices=np.searchsorted(town, blocks.cell[chosen]))
    zoned = cells.zoned(region.corridors)[town]
    streets = shapely.difference(shapely.box(*zoned.T), together)
    return Features.of(
        streets, ENKELBESTEMMING, "verkeer", "Verkeer - Verblijfsgebied", region.plan[town]
    )


def rural_zoning(region: Region, kept: npt.NDArray[np.bool_], rng: np.random.Generator) -> Features:
    """Farmland and nature in runs of cells; ribbons as bands along their road."""
    cells = region.cells
    planned = kept & (region.plan >= 0)
    zoned = cells.zoned(region.corridors)
    cx, cy = cells.centre()
    near = shapely.distance(shapely.union_all(region.nature), shapely.points(cx, cy)) < NEAR_NATURE
    group = np.full(cells.size, GROUP["agrarisch"])
    group[near] = GROUP["agrarisch met waarden"]
    forest = rng.random(cells.size) < 0.3
    group[cells.kind == Kind.NATURE] = np.where(forest, GROUP["bos"], GROUP["natuur"])[
        cells.kind == Kind.NATURE
    ]
    area = np.flatnonzero(planned & np.isin(cells.kind, (Kind.FARM, Kind.NATURE)))
    parts = [_runs(zoned[area], group[area], region.plan[area], "x", rng)]
    for transpose, axis in ((False, "x"), (True, "y")):
        ribbon = np.flatnonzero(
            planned & (cells.kind == Kind.RIBBON) & (cells.transpose == transpose)
        )
        bounds, band_group = _ribbon_bands(cells, ribbon, zoned[ribbon])
        plan = np.repeat(region.plan[ribbon], 5)
        parts.append(_runs(bounds, band_group, plan, axis, rng))
    return concat_features(parts)


def _ribbon_bands(
    cells: Cells, index: npt.NDArray[np.int64], zoned: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Five bands per ribbon cell across its road: field, houses, road, houses, field."""
    inner = cells.inner()[index]
    _, lv = local_frame(cells, index)
    flip = cells.transpose[index][:, None]
    start = np.where(flip, inner[:, [0]], inner[:, [1]])
    road_lo = start[:, 0] + lv / 2 - RIBBON_ROAD / 2
    road_hi = road_lo + RIBBON_ROAD
    across_lo = np.where(flip[:, 0], zoned[:, 0], zoned[:, 1])
    across_hi = np.where(flip[:, 0], zoned[:, 2], zoned[:, 3])
    edges = np.column_stack(
        (across_lo, road_lo - RIBBON_DEPTH, road_lo, road_hi, road_hi + RIBBON_DEPTH, across_hi)
    )
    lo, hi = edges[:, :-1].ravel(), edges[:, 1:].ravel()
    along_lo = np.repeat(np.where(flip[:, 0], zoned[:, 1], zoned[:, 0]), 5)
    along_hi = np.repeat(np.where(flip[:, 0], zoned[:, 3], zoned[:, 2]), 5)
    flip5 = np.repeat(flip[:, 0], 5)
    bounds = np.column_stack(
        (
            np.where(flip5, lo, along_lo),
            np.where(flip5, along_lo, lo),
            np.where(flip5, hi, along_hi),
            np.where(flip5, along_hi, hi),
        )
    )
    pattern = [
        GROUP["agrarisch"],
        GROUP["wonen"],
        GROUP["verkeer"],
        GROUP["wonen"],
        GROUP["agrarisch"],
    ]
    return bounds, np.tile(np.array(pattern), index.size)


def _runs(
    bounds: npt.NDArray[np.float64],
    group: npt.NDArray[np.int64],
    plan: npt.NDArray[np.int64],
    axis: str,
    rng: np.random.Generator,
) -> Features:
    if bounds.shape[0] == 0:
        return Features.of(np.array([], dtype=object), ENKELBESTEMMING, [], [], [])
    merged, first = merge_runs(bounds, plan * 100 + group, axis)
    g = group[first]
    hoofdgroep = np.array(ENKELBESTEMMING_GROUPS, dtype=object)[g]
    return Features.of(
        shapely.box(*merged.T), ENKELBESTEMMING, hoofdgroep, names_for(g, rng), plan[first]
    )


def corridor_zoning(region: Region, parcels: Parcels, rng: np.random.Generator) -> Features:
    """The railway, motorway and canal parcels, merged into runs per plan."""
    parts = []
    infra = parcels.plot == Plot.INFRA
    for corridor in region.corridors:
        corners = parcels.corners[infra]
        cell = parcels.cell[infra]
        xs, ys = corners[:, :, 0], corners[:, :, 1]
        bounds = np.column_stack((xs.min(1), ys.min(1), xs.max(1), ys.max(1)))
        if corridor.axis == "x":
            on = (bounds[:, 0] + bounds[:, 2]) / 2 == corridor.position
        else:
            on = (bounds[:, 1] + bounds[:, 3]) / 2 == corridor.position
        on &= region.plan[cell] >= 0
        if not on.any():
            continue
        hoofdgroep, naam = CORRIDOR_NAMES[corridor.kind]
        plan = region.plan[cell[on]]
        merged, first = merge_runs(bounds[on], plan, "y" if corridor.axis == "x" else "x")
        parts.append(
            Features.of(shapely.box(*merged.T), ENKELBESTEMMING, hoofdgroep, naam, plan[first])
        )
    return (
        concat_features(parts)
        if parts
        else Features.of(np.array([], dtype=object), ENKELBESTEMMING, [], [], [])
    )


def plan_areas(
    region: Region, parcels: Parcels, kept: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64]]:
    """The outline of each plan: its cells (minus corridors) and its corridor parcels.

    Returns the outlines and the plan index of each; plans without kept cells are left out.
    """
    cells = region.cells
    planned = np.flatnonzero(kept & (region.plan >= 0))
    boxes = shapely.box(*cells.zoned(region.corridors)[planned].T)
    plan = region.plan[planned]
    infra = np.flatnonzero((parcels.plot == Plot.INFRA) & (region.plan[parcels.cell] >= 0))
    corners = parcels.corners[infra]
    boxes = np.concatenate(
        (
            boxes,
            shapely.box(
                corners[:, :, 0].min(1),
                corners[:, :, 1].min(1),
                corners[:, :, 0].max(1),
                corners[:, :, 1].max(1),
            ),
        )
    )
    plan = np.concatenate((plan, region.plan[parcels.cell[infra]]))
    order = np.argsort(plan, kind="stable")
    plan, boxes = plan[order], boxes[order]
    present, start = np.unique(plan, return_index=True)
    # One union per plan: a few hundred plans, each a union of grid-aligned rectangles.
    areas = [shapely.union_all(part) for part in np.split(boxes, start[1:])]
    return np.array(areas, dtype=object), present.astype(np.int64)
