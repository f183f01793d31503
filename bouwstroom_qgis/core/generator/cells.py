"""The region's grid of 500 m cells: what each cell holds and where its streets run.

Every generated feature hangs off this grid. A cell is farmland, a ribbon of houses
along a country road, nature, or part of a village or town (core, residential,
suburban, industrial estate, park). Cells are separated by streets, ditches or, along
the corridor lines, by the railway, the motorway and the canal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np
import numpy.typing as npt

CELL = 500.0
"""Cell size in metres."""

CENTRE = (235_000.0, 560_000.0)
"""Centre of every generated region in RD New (between Assen and Groningen), metres."""


class Kind(IntEnum):
    """What a cell holds."""

    FARM = 0
    RIBBON = 1
    NATURE = 2
    CORE = 3
    URBAN = 4
    SUBURB = 5
    INDUSTRY = 6
    GREEN = 7


TOWN_KINDS = (Kind.CORE, Kind.URBAN, Kind.SUBURB, Kind.INDUSTRY, Kind.GREEN)

# Parcels a cell of each kind yields on average, measured on generated regions;
# used to size the grid and to budget the areas without a digital plan.
EXPECTED_PARCELS = np.array([4.5, 33.0, 2.0, 550.0, 600.0, 340.0, 46.0, 30.0])

# Half the width of the street, ditch or path along a cell edge, per kind, in metres.
EDGE_MARGIN = np.array([2.0, 2.0, 2.0, 6.0, 6.0, 6.0, 8.0, 5.0])


@dataclass(frozen=True)
class Corridor:
    """A straight line of infrastructure along a cell boundary.

    ``axis`` is 'y' for a line running east-west at ``y = position`` and 'x' for a
    line running north-south at ``x = position``; ``boundary`` is the grid line index.
    """

    name: str
    kind: str  # "spoor", "weg" or "water"
    axis: str
    boundary: int
    position: float
    width: float


@dataclass
class Cells:
    """Per-cell arrays of one region; index ``i = row * n_cols + col``."""

    n_cols: int
    n_rows: int
    origin: tuple[float, float]
    kind: npt.NDArray[np.int8]
    settlement: npt.NDArray[np.int32]
    transpose: npt.NDArray[np.bool_]
    margin: npt.NDArray[np.float64] = field(init=False)  # (n, 4): west, east, south, north

    def __post_init__(self) -> None:
        self.margin = np.zeros((self.size, 4))

    @property
    def size(self) -> int:
        return self.n_cols * self.n_rows

    @property
    def col(self) -> npt.NDArray[np.int64]:
        return np.arange(self.size, dtype=np.int64) % self.n_cols

    @property
    def row(self) -> npt.NDArray[np.int64]:
        return np.arange(self.size, dtype=np.int64) // self.n_cols

    @property
    def x0(self) -> npt.NDArray[np.float64]:
        return np.asarray(self.origin[0] + self.col * CELL, dtype=np.float64)

    @property
    def y0(self) -> npt.NDArray[np.float64]:
        return np.asarray(self.origin[1] + self.row * CELL, dtype=np.float64)

    @property
    def is_town(self) -> npt.NDArray[np.bool_]:
        return self.kind >= Kind.CORE

    def centre(self) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        return self.x0 + CELL / 2, self.y0 + CELL / 2

    def inner(self) -> npt.NDArray[np.float64]:
        """(n, 4) inner rectangles ``xmin, ymin, xmax, ymax`` inside streets and corridors."""
        m = self.margin
        x0, y0 = self.x0, self.y0
        return np.column_stack(
            (x0 + m[:, 0], y0 + m[:, 2], x0 + CELL - m[:, 1], y0 + CELL - m[:, 3])
        )

    def zoned(self, corridors: list[Corridor]) -> npt.NDArray[np.float64]:
        """(n, 4) cell rectangles minus the corridor strips along their edges."""
        extra = corridor_margins(self, corridors)
        x0, y0 = self.x0, self.y0
        return np.column_stack(
            (x0 + extra[:, 0], y0 + extra[:, 2], x0 + CELL - extra[:, 1], y0 + CELL - extra[:, 3])
        )

    def set_margins(self, corridors: list[Corridor]) -> None:
        """Street margins by kind, widened to half a corridor where a corridor runs."""
        base = EDGE_MARGIN[self.kind][:, None] * np.ones((1, 4))
        self.margin = np.maximum(base, corridor_margins(self, corridors))


def corridor_margins(cells: Cells, corridors: list[Corridor]) -> npt.NDArray[np.float64]:
    """(n, 4) half corridor widths on the cell edges that a corridor runs along."""
    extra = np.zeros((cells.size, 4))
    col, row = cells.col, cells.row
    for corridor in corridors:
        half = corridor.width / 2
        if corridor.axis == "x":
            extra[col == corridor.boundary - 1, 1] = half  # east edge of the column west of it
            extra[col == corridor.boundary, 0] = half
        else:
            extra[row == corridor.boundary - 1, 3] = half
            extra[row == corridor.boundary, 2] = half
    return extra


def local_frame(
    cells: Cells, index: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Lengths ``(u, v)`` of the inner rectangles of cells ``index`` in their own frame.

    Streets and plots are laid out along ``u``; in a transposed cell ``u`` runs north.
    """
    inner = cells.inner()[index]
    width, height = inner[:, 2] - inner[:, 0], inner[:, 3] - inner[:, 1]
    flip = cells.transpose[index]
    return np.where(flip, height, width), np.where(flip, width, height)


def to_world(
    cells: Cells,
    index: npt.NDArray[np.int64],
    u: npt.NDArray[np.float64],
    v: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """RD coordinates of local positions ``(u, v)`` inside cells ``index``.

    ``u`` and ``v`` may have extra trailing dimensions (e.g. the corners of a plot).
    """
    inner = cells.inner()[index]
    flip = cells.transpose[index]
    extra = (slice(None),) + (None,) * (np.ndim(u) - 1)
    x = inner[:, 0][extra] + np.where(flip[extra], v, u)
    y = inner[:, 1][extra] + np.where(flip[extra], u, v)
    return x, y
