"""Villages and towns: how many, how big, where, and which cells each one takes.

Northern settlements follow a steep size distribution: a few towns, many villages
three to five kilometres apart. Each settlement claims the cells nearest its centre
(with some noise, so outlines are irregular) and gives them a character by distance:
a core in the middle, residential streets around it, suburban plots at the edge, an
industrial estate on one side and, in larger places, a park or sports field.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bouwstroom_qgis.core.generator.cells import EXPECTED_PARCELS, Cells, Kind


@dataclass(frozen=True)
class Settlements:
    """Per-settlement arrays, largest first; centres in cell units (col, row)."""

    size: npt.NDArray[np.int64]
    col: npt.NDArray[np.float64]
    row: npt.NDArray[np.float64]
    names: list[str]

    def __len__(self) -> int:
        return int(self.size.size)


def settlement_sizes(town_cells: int, rng: np.random.Generator) -> npt.NDArray[np.int64]:
    """Sizes in cells, largest first, summing to ``town_cells``.

    A Pareto tail gives one or two towns and many villages of one to four cells; a
    region of six town cells or fewer is a single village.
    """
    total = max(1, town_cells)
    if total <= 6:
        return np.array([total], dtype=np.int64)
    draws = np.floor(1.0 + 2.0 * rng.pareto(1.3, size=total)).astype(np.int64)
    draws = np.minimum(draws, max(4, total // 10))
    keep = int(np.searchsorted(np.cumsum(draws), total)) + 1
    sizes = np.sort(draws[:keep])[::-1]
    # The main place gets at least a core, streets, an edge and an estate.
    sizes[0] = max(sizes[0], 4)
    while sizes.sum() > total:
        excess = int(sizes.sum()) - total
        if sizes[-1] <= excess:
            sizes = sizes[:-1]
        else:
            sizes[-1] -= excess
    return np.sort(sizes)[::-1].astype(np.int64)


def place_centres(
    sizes: npt.NDArray[np.int64],
    centre: tuple[float, float],
    radius: float,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Centres (col, row) on a jittered lattice inside ``radius`` cells of ``centre``.

    The largest settlement lies at the centre (its lattice point is taken); the others
    take random points, so villages keep a few kilometres apart as in the real north.
    """
    n = sizes.size
    spacing = max(1.0, radius * np.sqrt(np.pi / (1.6 * n)))
    while True:
        steps = np.arange(-radius, radius + spacing, spacing)
        gx, gy = np.meshgrid(steps, steps)
        gx = gx.ravel() + rng.uniform(-0.3, 0.3, gx.size) * spacing
        gy = gy.ravel() + rng.uniform(-0.3, 0.3, gy.size) * spacing
        inside = np.hypot(gx, gy) <= radius
        if inside.sum() >= n or spacing <= 1.0:
            break
        spacing *= 0.9
    gx, gy = gx[inside], gy[inside]
    if gx.size < n:  # a tiny region: settlements share points and simply grow together
        pick = rng.integers(0, max(1, gx.size), n - gx.size)
        gx, gy = np.concatenate((gx, gx[pick])), np.concatenate((gy, gy[pick]))
    first = int(np.argmin(np.hypot(gx, gy)))
    others = rng.permutation(np.delete(np.arange(gx.size), first))[: n - 1]
    order = np.concatenate(([first], others)).astype(np.int64)
    gx, gy = gx[order], gy[order]
    gx[0], gy[0] = rng.uniform(-0.5, 0.5, 2)  # the main town lies at the centre
    return centre[0] + gx, centre[1] + gy


def claim_cells(cells: Cells, towns: Settlements, rng: np.random.Generator) -> None:
    """Give each settlement its ``size`` nearest free cells, largest settlement first."""
    col, row = cells.col.astype(np.float64), cells.row.astype(np.float64)
    free = np.ones(cells.size, dtype=bool)
    for index in range(len(towns)):
        distance = np.hypot(col + 0.5 - towns.col[index], row + 0.5 - towns.row[index])
        distance = distance + rng.uniform(0.0, 0.9, cells.size)
        distance[~free] = np.inf
        take = int(min(towns.size[index], free.sum()))
        chosen = np.argpartition(distance, take - 1)[:take] if take else np.array([], int)
        cells.settlement[chosen] = index
        free[chosen] = False


def assign_town_kinds(cells: Cells, towns: Settlements, rng: np.random.Generator) -> None:
    """Core, residential, suburban, industrial and park cells by distance from the centre."""
    col, row = cells.col + 0.5, cells.row + 0.5
    for index in range(len(towns)):
        members = np.flatnonzero(cells.settlement == index)
        if members.size == 0:
            continue
        dx, dy = col[members] - towns.col[index], row[members] - towns.row[index]
        members = members[np.argsort(np.hypot(dx, dy), kind="stable")]
        cells.kind[members] = town_kind_sequence(members.size, rng)
        estate = int(np.sum(cells.kind[members] == Kind.INDUSTRY))
        if estate:
            # The estate lies together on one side of town, not scattered round its edge.
            angle = rng.uniform(0, 2 * np.pi)
            outer = members[members.size // 2 :]
            side = (col[outer] - towns.col[index]) * np.cos(angle) + (
                row[outer] - towns.row[index]
            ) * np.sin(angle)
            moved = outer[cells.kind[outer] == Kind.INDUSTRY]
            cells.kind[moved] = Kind.SUBURB
            cells.kind[outer[np.argsort(-side, kind="stable")[:estate]]] = Kind.INDUSTRY
    town = cells.settlement >= 0
    cells.transpose[town] = rng.random(int(town.sum())) < 0.5


def kind_counts(size: int) -> dict[Kind, int]:
    """How many cells of each kind a settlement of ``size`` cells has."""
    core = max(1, round(size / 12))
    estate = (1 if size >= 3 else 0) + size // 15
    green = (1 if size >= 6 else 0) + size // 25
    rest = max(0, size - core - estate - green)
    urban = int(np.ceil(0.6 * rest)) if size > 1 else 0
    counts = {Kind.CORE: core, Kind.URBAN: urban, Kind.GREEN: green}
    counts[Kind.SUBURB] = rest - urban
    counts[Kind.INDUSTRY] = estate
    # Tiny places: the core first, then what fits.
    left = size
    for kind in (Kind.CORE, Kind.URBAN, Kind.GREEN, Kind.SUBURB, Kind.INDUSTRY):
        counts[kind] = min(counts[kind], left)
        left -= counts[kind]
    return counts


def expected_town_parcels(sizes: npt.NDArray[np.int64]) -> float:
    """Parcels that settlements of these sizes are expected to hold."""
    return float(
        sum(
            count * EXPECTED_PARCELS[kind]
            for size in sizes
            for kind, count in kind_counts(int(size)).items()
        )
    )


def town_kind_sequence(size: int, rng: np.random.Generator) -> npt.NDArray[np.int8]:
    """Kinds of a settlement's cells ordered from its centre outwards."""
    counts = kind_counts(size)
    inner = [Kind.URBAN] * counts[Kind.URBAN] + [Kind.GREEN] * counts[Kind.GREEN]
    inner_arr = np.array(inner, dtype=np.int8)[rng.permutation(len(inner))]
    return np.concatenate(
        (
            np.full(counts[Kind.CORE], Kind.CORE, dtype=np.int8),
            inner_arr,
            np.full(counts[Kind.SUBURB], Kind.SUBURB, dtype=np.int8),
            np.full(counts[Kind.INDUSTRY], Kind.INDUSTRY, dtype=np.int8),
        )
    )


def ribbon_roads(cells: Cells, towns: Settlements, rng: np.random.Generator) -> None:
    """Houses along the country roads leaving each settlement, for up to four cells."""
    col, row = cells.col, cells.row
    for index in range(len(towns)):
        members = cells.settlement == index
        if not members.any():
            continue
        c, r = int(towns.col[index]), int(towns.row[index])
        west, east = (
            col[members & (row == r)].min(initial=c),
            col[members & (row == r)].max(initial=c),
        )
        south, north = (
            row[members & (col == c)].min(initial=r),
            row[members & (col == c)].max(initial=r),
        )
        # Small villages have a house or two along their roads, towns long ribbons.
        reach = rng.integers(0, 2 + min(3, int(towns.size[index]) // 4), size=4)
        along_row = (row == r) & (
            ((col < west) & (col >= west - reach[0])) | ((col > east) & (col <= east + reach[1]))
        )
        along_col = (col == c) & (
            ((row < south) & (row >= south - reach[2]))
            | ((row > north) & (row <= north + reach[3]))
        )
        for road, transpose in ((along_row, False), (along_col, True)):
            road &= cells.kind == Kind.FARM
            cells.kind[road] = Kind.RIBBON
            cells.transpose[road] = transpose
