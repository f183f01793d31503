"""Enkelbestemmingen: one main land use for every street block, field run and corridor.

Village plans zone each block by what it holds (row houses mostly 'wonen', a core
'centrum' or 'gemengd', large plots 'maatschappelijk' or 'bedrijf', ...) and the
streets between blocks 'verkeer'. Rural plans zone runs of farm cells 'agrarisch'
('agrarisch met waarden' near nature), nature 'natuur' or 'bos', ribbons 'wonen'
along the road, and the railway, motorway and canal 'verkeer' and 'water'. Some
blocks are split between two uses, so parcels can be partly residential.
"""

from __future__ import annotations

from dataclasses import dataclass

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
from bouwstroom_qgis.core.generator.streets import Block, Blocks
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
SPLIT_SHARE = 0.06  # share of blocks longer than 60 m zoned for two uses
MERGE_BLOCKS = 5  # neighbouring blocks with one use share an Enkelbestemming, up to this many

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


def draw_groups(
    share: npt.NDArray[np.float64],
    rng: np.random.Generator,
    uniform: npt.NDArray[np.float64] | None = None,
) -> npt.NDArray[np.int64]:
    """One main group per row of ``share``; equal ``uniform`` values give equal groups."""
    cumulative = np.cumsum(share, axis=1)
    u = rng.random(share.shape[0]) if uniform is None else uniform
    draw = u * cumulative[:, -1]
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


@dataclass(frozen=True)
class BlockZoning:
    """The Enkelbestemmingen of the street blocks and what later steps need of them.

    ``footprint`` holds one rectangle per run of blocks (split blocks whole), in cell
    ``footprint_cell``: what the streets of a cell are not. ``parts`` gives per block
    the extent along it of its main use (``block``, ``u0``, ``u1``, ``group``,
    ``plan``), from which building envelopes are drawn.
    """

    features: Features
    footprint: npt.NDArray[np.object_]
    footprint_cell: npt.NDArray[np.int64]
    parts: dict[str, npt.NDArray]


def block_zoning(
    region: Region, blocks: Blocks, kept: npt.NDArray[np.bool_], rng: np.random.Generator
) -> BlockZoning:
    """Enkelbestemmingen of the street blocks.

    Each block gets a use; neighbouring blocks in one row with the same use share one
    Enkelbestemming that includes the side streets between them (up to
    ``MERGE_BLOCKS`` blocks), as plans usually draw them; a few blocks are split
    between two uses, so some parcels are partly residential.
    """
    chosen = np.flatnonzero(kept[blocks.cell] & (region.plan[blocks.cell] >= 0))
    cell, v0, v1 = blocks.cell[chosen], blocks.v0[chosen], blocks.v1[chosen]
    # Housing of one kind along one street gets one use, as plans zone whole streets.
    kind = blocks.kind[chosen]
    new_row = np.concatenate(([True], (cell[1:] != cell[:-1]) | (v0[1:] != v0[:-1])))
    row = np.cumsum(new_row) - 1
    uniform = np.where(kind <= Block.KERN, rng.random(row[-1] + 1)[row], rng.random(kind.size))
    group = draw_groups(share_matrix(BLOCK_GROUPS)[kind], rng, uniform)
    u0, u1 = blocks.u0[chosen], blocks.u1[chosen]
    split = (rng.random(chosen.size) < SPLIT_SHARE) & (u1 - u0 > 60)
    cut = np.where(split, u0 + (u1 - u0) * rng.uniform(0.35, 0.65, chosen.size), u1)
    second = draw_groups(
        np.broadcast_to(share_matrix((SECOND_GROUP,)), (int(split.sum()), len(GROUP))), rng
    )
    # Runs of unsplit neighbours in one row with one use.
    same = (
        (chosen[1:] == chosen[:-1] + 1)
        & (cell[1:] == cell[:-1])
        & (v0[1:] == v0[:-1])
        & (group[1:] == group[:-1])
        & ~split[1:]
        & ~split[:-1]
    )
    start = np.concatenate(([True], ~same))
    run = np.cumsum(start) - 1
    position = np.arange(chosen.size) - np.flatnonzero(start)[run]
    start |= position % MERGE_BLOCKS == 0
    first = np.flatnonzero(start)
    last = np.append(first[1:], chosen.size) - 1
    cells = region.cells
    footprint = local_boxes(cells, cell[first], u0[first], u1[last], v0[first], v1[first])
    run_cell = np.concatenate((cell[first], cell[split]))
    run_group = np.concatenate((group[first], second))
    geometry = local_boxes(
        cells,
        run_cell,
        np.concatenate((u0[first], cut[split])),
        np.concatenate((cut[last], u1[split])),
        np.concatenate((v0[first], v0[split])),
        np.concatenate((v1[first], v1[split])),
    )
    hoofdgroep = np.array(ENKELBESTEMMING_GROUPS, dtype=object)[run_group]
    features = Features.of(
        geometry, ENKELBESTEMMING, hoofdgroep, names_for(run_group, rng), region.plan[run_cell]
    )
    parts = {"block": chosen, "u0": u0, "u1": cut, "group": group, "plan": region.plan[cell]}
    return BlockZoning(features, footprint, cell[first], parts)


def street_zoning(region: Region, zoning: BlockZoning, kept: npt.NDArray[np.bool_]) -> Features:
    """Per planned town cell, the streets: the cell minus its blocks, zoned 'verkeer'."""
    cells = region.cells
    town = np.flatnonzero(kept & cells.is_town & (region.plan >= 0))
    # Runs are ordered by cell and separated by streets: one valid multipolygon per cell.
    together = shapely.multipolygons(
        zoning.footprint, indices=np.searchsorted(town, zoning.footprint_cell)
    )
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
        plan = np.repeat(region.plan[ribbon], 3)
        parts.append(_runs(bounds, band_group, plan, axis, rng))
    return concat_features(parts)


def _ribbon_bands(
    cells: Cells, index: npt.NDArray[np.int64], zoned: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Three bands per ribbon cell across its road: field, houses and road, field.

    Rural plans zone the houses along a country road, road included, as one ribbon.
    """
    inner = cells.inner()[index]
    _, lv = local_frame(cells, index)
    flip = cells.transpose[index][:, None]
    start = np.where(flip, inner[:, [0]], inner[:, [1]])
    road_lo = start[:, 0] + lv / 2 - RIBBON_ROAD / 2
    road_hi = road_lo + RIBBON_ROAD
    across_lo = np.where(flip[:, 0], zoned[:, 0], zoned[:, 1])
    across_hi = np.where(flip[:, 0], zoned[:, 2], zoned[:, 3])
    edges = np.column_stack((across_lo, road_lo - RIBBON_DEPTH, road_hi + RIBBON_DEPTH, across_hi))
    lo, hi = edges[:, :-1].ravel(), edges[:, 1:].ravel()
    along_lo = np.repeat(np.where(flip[:, 0], zoned[:, 1], zoned[:, 0]), 3)
    along_hi = np.repeat(np.where(flip[:, 0], zoned[:, 3], zoned[:, 2]), 3)
    flip3 = np.repeat(flip[:, 0], 3)
    bounds = np.column_stack(
        (
            np.where(flip3, lo, along_lo),
            np.where(flip3, along_lo, lo),
            np.where(flip3, hi, along_hi),
            np.where(flip3, along_hi, hi),
        )
    )
    pattern = [GROUP["agrarisch"], GROUP["wonen"], GROUP["agrarisch"]]
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
