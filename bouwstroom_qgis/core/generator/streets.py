"""Street blocks of villages and towns.

A town cell is cut across into rows of blocks separated by streets, and each row
along into blocks. Each row gets one kind of housing (row houses, semi-detached,
detached, a mixed core, large plots, an industrial estate or a park), which decides
how deep its blocks are; a few blocks in residential rows become large plots or a
pocket park.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt

from bouwstroom_qgis.core.generator.cells import Cells, Kind, local_frame
from bouwstroom_qgis.core.generator.split import candidate_owners, fit_pieces


class Block(IntEnum):
    """The kind of housing or use a block holds."""

    RIJ = 0  # row houses
    TWEE = 1  # semi-detached
    VRIJ = 2  # detached
    KERN = 3  # mixed village or town core
    GROOT = 4  # large plots: school, workshop, care home, redevelopment site
    BEDRIJF = 5  # industrial estate
    PARK = 6  # park, sports field, pond


# Probability of each block kind per town cell kind (rows: CORE..GREEN).
ROW_KIND_SHARE = np.array(
    [
        [0.32, 0.10, 0.00, 0.48, 0.10, 0.00, 0.00],  # core
        [0.52, 0.26, 0.16, 0.00, 0.06, 0.00, 0.00],  # residential
        [0.10, 0.31, 0.56, 0.00, 0.03, 0.00, 0.00],  # suburban
        [0.00, 0.00, 0.00, 0.00, 0.10, 0.90, 0.00],  # industrial estate
        [0.00, 0.00, 0.00, 0.00, 0.25, 0.00, 0.75],  # park and sports
    ]
)
# Block depth across the row and block length along it, per block kind, in metres.
BLOCK_DEPTH = np.array([[50, 66], [60, 76], [64, 84], [50, 70], [50, 80], [100, 160], [80, 160]])
BLOCK_LENGTH = np.array(
    [[100, 180], [100, 180], [120, 220], [70, 130], [80, 160], [150, 260], [120, 260]]
)
# Street width per town cell kind (CORE..GREEN), in metres.
STREET_WIDTH = np.array([10.0, 12.0, 12.0, 16.0, 8.0])
TO_LARGE = 0.03  # share of residential blocks that hold large plots instead
TO_PARK = 0.02  # share of blocks in residential and suburban cells that are a park


@dataclass(frozen=True)
class Blocks:
    """Street blocks in their cell's frame: ``u`` along the street, ``v`` across."""

    cell: npt.NDArray[np.int64]
    u0: npt.NDArray[np.float64]
    u1: npt.NDArray[np.float64]
    v0: npt.NDArray[np.float64]
    v1: npt.NDArray[np.float64]
    kind: npt.NDArray[np.int8]

    def __len__(self) -> int:
        return int(self.cell.size)


def town_blocks(cells: Cells, rng: np.random.Generator) -> Blocks:
    """All street blocks of all town cells, ordered by cell, row and position."""
    town = np.flatnonzero(cells.is_town).astype(np.int64)
    length_u, length_v = local_frame(cells, town)
    town_kind = cells.kind[town] - Kind.CORE
    street = STREET_WIDTH[town_kind]

    # Rows of blocks across the cell; each candidate row draws its kind, then its depth.
    owner = candidate_owners(length_v + street, BLOCK_DEPTH[:, 0].min() + street)
    share = ROW_KIND_SHARE[town_kind[owner]]
    row_kind = _draw_categories(share, rng)
    depth = rng.uniform(BLOCK_DEPTH[row_kind, 0], BLOCK_DEPTH[row_kind, 1])
    rows = fit_pieces(length_v, owner, depth, gap=street)
    row_kind = row_kind[rows.source]
    row_cell = rows.owner

    # Blocks along each row.
    row_street = street[row_cell]
    owner = candidate_owners(length_u[row_cell] + row_street, BLOCK_LENGTH[:, 0].min() + row_street)
    kind = row_kind[owner]
    length = rng.uniform(BLOCK_LENGTH[kind, 0], BLOCK_LENGTH[kind, 1])
    blocks = fit_pieces(length_u[row_cell], owner, length, gap=row_street)
    kind = kind[blocks.source].astype(np.int8)
    block_row = blocks.owner
    cell_kind = town_kind[row_cell[block_row]] + Kind.CORE
    draw = rng.random(kind.size)
    residential = kind <= Block.KERN
    kind[residential & (draw < TO_LARGE)] = Block.GROOT
    pocket_park = np.isin(cell_kind, (Kind.URBAN, Kind.SUBURB)) & (draw > 1 - TO_PARK)
    kind[pocket_park] = Block.PARK
    return Blocks(
        cell=town[row_cell[block_row]],
        u0=blocks.start,
        u1=blocks.end,
        v0=rows.start[block_row],
        v1=rows.end[block_row],
        kind=kind,
    )


def _draw_categories(share: npt.NDArray[np.float64], rng: np.random.Generator) -> npt.NDArray:
    """One category per row of ``share`` (rows sum to one), drawn independently."""
    cumulative = np.cumsum(share, axis=1)
    draw = rng.random(share.shape[0]) * cumulative[:, -1]
    return np.minimum((cumulative < draw[:, None]).sum(axis=1), share.shape[1] - 1)
