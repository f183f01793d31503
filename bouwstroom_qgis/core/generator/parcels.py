"""Parcels: blocks, fields and ribbons cut into plots that tile them exactly.

Everything that holds parcels is first described as a *strip*: a rectangle in its
cell's frame with one kind of plot. Strips are then cut along ``u`` in a single
vectorised pass. Plot boundaries inside a strip lean a little (the rear corner moves
by a share of the narrower neighbour's width), which makes the parcels look surveyed
rather than drawn, while neighbours still share one boundary and never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from bouwstroom_qgis.core.generator.cells import CELL, Cells, Corridor, Kind, local_frame, to_world
from bouwstroom_qgis.core.generator.split import candidate_owners, fit_pieces
from bouwstroom_qgis.core.generator.streets import Block, Blocks


class Plot(IntEnum):
    """Plot kinds; the first seven match the block kinds they fill."""

    RIJ = 0
    TWEE = 1
    VRIJ = 2
    KERN = 3
    GROOT = 4
    BEDRIJF = 5
    PARK = 6
    LINT = 7  # house or farmstead along a country road
    AKKER = 8  # field
    NATUUR = 9
    INFRA = 10  # railway, motorway or canal


# Plot width along the street (m): usual range, chance of a wide plot, wide range.
WIDTH = np.array(
    [
        [5.4, 7.2, 0.02, 25, 60],
        [8.5, 12.0, 0.02, 25, 60],
        [15.0, 24.0, 0.03, 40, 80],
        [6.0, 14.0, 0.12, 30, 70],
        [35.0, 110.0, 0.0, 0, 0],
        [35.0, 100.0, 0.0, 0, 0],
        [60.0, 200.0, 0.0, 0, 0],
        [18.0, 35.0, 0.15, 50, 110],
    ]
)
# Fields and nature are drawn by area (m²): log-normal median and spread, clipped.
AREA = {
    Plot.AKKER: (50_000.0, 0.55, 20_000.0, 200_000.0),
    Plot.NATUUR: (120_000.0, 0.5, 50_000.0, 300_000.0),
}
# How far the rear corner of a boundary may move, as a share of the narrower plot.
LEAN = np.array([0.15, 0.2, 0.3, 0.25, 0.3, 0.2, 0.2, 0.3, 0.1, 0.3])
TWO_ROWS_LARGE = 0.4  # share of large-plot blocks cut into two rows rather than one
RIBBON_DEPTH = 50.0  # depth of the house plots along a country road, metres
RIBBON_ROAD = 8.0


@dataclass(frozen=True)
class Strips:
    """Rectangles in their cell's frame, each filled with one kind of plot."""

    cell: npt.NDArray[np.int64]
    u0: npt.NDArray[np.float64]
    u1: npt.NDArray[np.float64]
    v0: npt.NDArray[np.float64]
    v1: npt.NDArray[np.float64]
    plot: npt.NDArray[np.int8]
    block: npt.NDArray[np.int64]  # -1 outside town blocks


@dataclass(frozen=True)
class Parcels:
    """Quadrilateral parcels in RD coordinates, with where they came from."""

    corners: npt.NDArray[np.float64]  # (n, 4, 2), counter-clockwise
    cell: npt.NDArray[np.int64]
    plot: npt.NDArray[np.int8]
    strip: npt.NDArray[np.int64]  # -1 for corridor parcels
    block: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.cell.size)

    def take(self, index: npt.NDArray[np.int64]) -> Parcels:
        return Parcels(
            self.corners[index],
            self.cell[index],
            self.plot[index],
            self.strip[index],
            self.block[index],
        )


def block_strips(blocks: Blocks, rng: np.random.Generator) -> Strips:
    """Each block as two back-to-back rows of plots, or one row for large plots and parks."""
    kind = blocks.kind
    single = (kind == Block.PARK) | (
        (kind == Block.GROOT) & (rng.random(kind.size) > TWO_ROWS_LARGE)
    )
    depth = blocks.v1 - blocks.v0
    middle = blocks.v0 + depth * rng.uniform(0.44, 0.56, kind.size)
    index = np.arange(len(blocks), dtype=np.int64)
    double = np.flatnonzero(~single)
    parts = [
        (index, blocks.v0, np.where(single, blocks.v1, middle)),
        (double, middle[double], blocks.v1[double]),
    ]
    return _concat_strips(
        [
            Strips(blocks.cell[i], blocks.u0[i], blocks.u1[i], lo, hi, kind[i], i)
            for i, lo, hi in parts
        ]
    )


def rural_strips(cells: Cells) -> Strips:
    """Fields in farm cells, nature plots in nature cells, fields and houses in ribbons."""
    pieces = []
    for kind, plot in ((Kind.FARM, Plot.AKKER), (Kind.NATURE, Plot.NATUUR)):
        index = np.flatnonzero(cells.kind == kind).astype(np.int64)
        lu, lv = local_frame(cells, index)
        zero = np.zeros(index.size)
        pieces.append(
            Strips(
                index,
                zero,
                lu,
                zero,
                lv,
                np.full(index.size, plot, np.int8),
                zero.astype(np.int64) - 1,
            )
        )
    index = np.flatnonzero(cells.kind == Kind.RIBBON).astype(np.int64)
    lu, lv = local_frame(cells, index)
    road_lo = lv / 2 - RIBBON_ROAD / 2
    road_hi = lv / 2 + RIBBON_ROAD / 2
    bands = (
        (np.zeros(index.size), road_lo - RIBBON_DEPTH, Plot.AKKER),
        (road_lo - RIBBON_DEPTH, road_lo, Plot.LINT),
        (road_hi, road_hi + RIBBON_DEPTH, Plot.LINT),
        (road_hi + RIBBON_DEPTH, lv, Plot.AKKER),
    )
    for lo, hi, plot in bands:
        n = index.size
        pieces.append(
            Strips(
                index, np.zeros(n), lu, lo, hi, np.full(n, plot, np.int8), np.full(n, -1, np.int64)
            )
        )
    return _concat_strips(pieces)


def _concat_strips(parts: list[Strips]) -> Strips:
    fields = ("cell", "u0", "u1", "v0", "v1", "plot", "block")
    return Strips(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))


def cut_strips(
    cells: Cells, strips: Strips, rng: np.random.Generator, first_id: int = 0
) -> Parcels:
    """Cut every strip into plots along ``u``; returns parcels in strip order.

    Strips are numbered from ``first_id``, so strips of several calls stay distinct.
    """
    length = strips.u1 - strips.u0
    depth = strips.v1 - strips.v0
    plot = strips.plot
    by_area = np.isin(plot, list(AREA))
    min_width = np.where(by_area, 0.0, WIDTH[np.minimum(plot, len(WIDTH) - 1), 0])
    for kind, (_, _, low, _) in AREA.items():
        min_width = np.where(plot == kind, low / depth, min_width)
    owner = candidate_owners(length, min_width)
    width = _draw_widths(plot[owner], depth[owner], rng)
    pieces = fit_pieces(length, owner, width)
    strip = pieces.owner
    width = pieces.width
    # Lean of each boundary at the strip's far side; the strip's own ends stay straight.
    right_width = np.append(width[1:], np.inf)
    lean = rng.uniform(-1, 1, strip.size) * LEAN[plot[strip]] * np.minimum(width, right_width)
    lean[pieces.last] = 0.0
    left_lean = np.concatenate(([0.0], lean[:-1]))
    left_lean[np.r_[True, pieces.last[:-1]]] = 0.0
    u0 = strips.u0[strip] + pieces.start
    u1 = strips.u0[strip] + pieces.end
    v0, v1 = strips.v0[strip], strips.v1[strip]
    u = np.column_stack((u0, u1, u1 + lean, u0 + left_lean))
    v = np.column_stack((v0, v0, v1, v1))
    cell = strips.cell[strip]
    x, y = to_world(cells, cell, u, v)
    corners = np.round(np.stack((x, y), axis=-1), 2).astype(np.float64)
    flip = cells.transpose[cell]
    corners[flip] = corners[flip][:, ::-1]  # swapping axes turns the ring clockwise
    return Parcels(corners, cell, plot[strip], strip + first_id, strips.block[strip])


def _draw_widths(
    plot: npt.NDArray[np.int8], depth: npt.NDArray[np.float64], rng: np.random.Generator
) -> npt.NDArray[np.float64]:
    """Drawn plot widths (m): uniform per kind with occasional wide plots, or by area."""
    kind = np.minimum(plot, len(WIDTH) - 1)
    lo, hi, wide_share, wide_lo, wide_hi = WIDTH[kind].T
    width = rng.uniform(lo, hi)
    wide = rng.random(plot.size) < wide_share
    width[wide] = rng.uniform(wide_lo[wide], wide_hi[wide])
    normal = rng.normal(size=plot.size)
    for area_kind, (median, spread, low, high) in AREA.items():
        chosen = plot == area_kind
        area = np.clip(median * np.exp(spread * normal[chosen]), low, high)
        width[chosen] = area / depth[chosen]
    return width


def corridor_parcels(
    cells: Cells, corridors: list[Corridor], order: npt.NDArray[np.int64]
) -> Parcels:
    """One parcel per cell length along each corridor; east-west lines own the crossings.

    A corridor parcel lies half in the cells on either side of the line; it belongs to
    the one that fills later in ``order``, so it only appears once both sides exist.
    """
    ox, oy = cells.origin
    parts = []
    for corridor in corridors:
        half = corridor.width / 2
        if corridor.axis == "y":
            col = np.arange(cells.n_cols)
            x0, x1 = ox + col * CELL, ox + (col + 1) * CELL
            y0 = np.full(col.size, corridor.position - half)
            y1 = np.full(col.size, corridor.position + half)
            after = corridor.boundary * cells.n_cols + col
            cell = np.where(order[after] > order[after - cells.n_cols], after, after - cells.n_cols)
        else:
            row = np.arange(cells.n_rows)
            y0, y1 = oy + row * CELL, oy + (row + 1) * CELL
            for crossing in (c for c in corridors if c.axis == "y"):
                y0 = np.where(row == crossing.boundary, y0 + crossing.width / 2, y0)
                y1 = np.where(row == crossing.boundary - 1, y1 - crossing.width / 2, y1)
            x0 = np.full(row.size, corridor.position - half)
            x1 = np.full(row.size, corridor.position + half)
            after = row * cells.n_cols + corridor.boundary
            cell = np.where(order[after] > order[after - 1], after, after - 1)
        corners = np.stack(
            (np.column_stack((x0, x1, x1, x0)), np.column_stack((y0, y0, y1, y1))), axis=-1
        )
        parts.append((corners, cell))
    corners = np.round(np.concatenate([p[0] for p in parts]), 2)
    cell = np.concatenate([p[1] for p in parts]).astype(np.int64)
    minus = np.full(cell.size, -1, dtype=np.int64)
    return Parcels(corners, cell, np.full(cell.size, Plot.INFRA, np.int8), minus, minus)


def concat_parcels(parts: list[Parcels]) -> Parcels:
    fields = ("corners", "cell", "plot", "strip", "block")
    return Parcels(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))
