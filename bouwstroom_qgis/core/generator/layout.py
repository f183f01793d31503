"""The plan of a region: grid, settlements, corridors, nature and administration.

``plan_region`` decides everything that is coarser than a street block; the other
modules fill the cells with streets and parcels and derive zoning, holdings and
context layers from this plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bouwstroom_qgis.core.generator.admin import (
    Municipalities,
    Plans,
    assign_municipalities,
    cadastral_areas,
    municipality_count,
    unplanned_cells,
    zoning_plans,
)
from bouwstroom_qgis.core.generator.cells import (
    CELL,
    CENTRE,
    EXPECTED_PARCELS,
    Cells,
    Corridor,
    Kind,
)
from bouwstroom_qgis.core.generator.names import STEMS, place_names
from bouwstroom_qgis.core.generator.nature import place_nature
from bouwstroom_qgis.core.generator.settlements import (
    Settlements,
    assign_town_kinds,
    claim_cells,
    expected_town_parcels,
    place_centres,
    ribbon_roads,
    settlement_sizes,
)

TOWN_SHARE = 0.82
"""Share of parcels in villages and towns; the rest is farmland, ribbons and nature."""

# Expected parcels per town cell and per rural cell, from the kind mix the
# settlement and ribbon rules produce (see EXPECTED_PARCELS).
MEAN_TOWN_CELL = 430.0
MEAN_RURAL_CELL = 6.0


@dataclass
class Region:
    """Everything coarser than a street block, plus the seed that made it."""

    n_parcels: int
    seed: int
    cells: Cells
    towns: Settlements
    corridors: list[Corridor]
    nature: npt.NDArray[np.object_]
    nature_names: list[str]
    municipality: npt.NDArray[np.int64]  # per cell
    municipalities: Municipalities
    cadastral_area: npt.NDArray[np.int64]  # per cell
    section: npt.NDArray[np.int64]  # per cell
    akr_codes: list[str]
    cadastral_names: list[str]
    plan: npt.NDArray[np.int64]  # per cell, -1 without a digital plan
    plans: Plans
    order: npt.NDArray[np.int64]  # per cell: rank in which cells fill the region


def plan_region(
    n_parcels: int,
    seed: int,
    rng: np.random.Generator,
    spare: float = 1.0,
    extra_town_cells: int = 0,
) -> Region:
    """Lay out a region that will hold about ``n_parcels`` parcels.

    The grid is larger than needed (more so with a larger ``spare``); cells are later
    filled in ``order`` (outwards from the centre) until exactly ``n_parcels`` parcels
    exist, so the spare outer ring of farmland absorbs the difference between
    expectation and outcome. ``extra_town_cells`` adds (or, when negative, removes)
    town cells when a first layout held clearly fewer (or more) town parcels than planned.
    """
    town_target = TOWN_SHARE * n_parcels
    town_cells = max(1, int(town_target / MEAN_TOWN_CELL) + extra_town_cells)
    for _ in range(10):  # small places hold fewer parcels per cell: add cells until enough
        sizes = settlement_sizes(town_cells, rng)
        shortfall = town_target - expected_town_parcels(sizes)
        if shortfall < 0.75 * MEAN_TOWN_CELL or extra_town_cells:
            break
        town_cells += max(1, round(shortfall / MEAN_TOWN_CELL))
    rural_cells = max(12, round((1 - TOWN_SHARE) * n_parcels / MEAN_RURAL_CELL))
    radius = float(np.sqrt((int(sizes.sum()) + rural_cells) / np.pi))
    side = int(np.ceil(3.0 * spare * radius)) + 2
    origin = (
        round(CENTRE[0] - side * CELL / 2, -2),
        round(CENTRE[1] - side * CELL / 2, -2),
    )
    cells = Cells(
        side,
        side,
        origin,
        kind=np.full(side * side, Kind.FARM, dtype=np.int8),
        settlement=np.full(side * side, -1, dtype=np.int32),
        transpose=rng.random(side * side) < 0.5,
    )
    col, row = place_centres(sizes, (side / 2, side / 2), 0.8 * radius, rng)
    towns = Settlements(sizes, col, row, place_names(sizes.size, rng))
    claim_cells(cells, towns, rng)
    assign_town_kinds(cells, towns, rng)
    ribbon_roads(cells, towns, rng)
    corridors = plan_corridors(cells, towns, radius, rng)
    nature, nature_names = place_nature(cells, towns, radius, rng)
    cells.set_margins(corridors)
    municipality, municipalities = assign_municipalities(
        cells, towns, municipality_count(n_parcels), rng
    )
    area, section, codes, area_names = cadastral_areas(cells, towns, n_parcels, rng)
    unplanned = unplanned_cells(cells, towns, n_parcels, radius, rng)
    plan, plans = zoning_plans(cells, towns, municipality, municipalities, unplanned)
    centre = side / 2
    distance = np.hypot(cells.col + 0.5 - centre, cells.row + 0.5 - centre)
    distance += rng.uniform(0.0, 1.5, cells.size)  # a ragged outer edge, not a circle
    order = np.empty(cells.size, dtype=np.int64)
    order[np.argsort(distance, kind="stable")] = np.arange(cells.size)
    return Region(
        n_parcels,
        seed,
        cells,
        towns,
        corridors,
        nature,
        nature_names,
        municipality,
        municipalities,
        area,
        section,
        codes,
        area_names,
        plan,
        plans,
        order,
    )


def plan_corridors(
    cells: Cells, towns: Settlements, radius: float, rng: np.random.Generator
) -> list[Corridor]:
    """A railway through the main town, a motorway past it and a canal further out."""
    side = cells.n_cols
    main_col, main_row = towns.col[0], towns.row[0]
    main_radius = float(np.sqrt(towns.size[0] / np.pi))
    sign = 1 if rng.random() < 0.5 else -1

    def boundary(value: float) -> int:
        return int(np.clip(round(value), 1, side - 1))

    # Both stay well inside the part of the grid that will hold parcels.
    rail = boundary(main_row)
    motorway = boundary(main_col + sign * max(1.0, min(main_radius + 1.5, 0.35 * radius)))
    canal = boundary(main_col - sign * max(1.0, min(0.45 * radius, main_radius + 2.5)))
    if abs(canal - motorway) < 2:
        canal = boundary(motorway - sign * 2)
    ends = [n for n in towns.names[1:3]] or place_names(1, rng)
    stem = STEMS[int(rng.integers(len(STEMS)))]
    ox, oy = cells.origin
    return [
        Corridor(
            f"Spoorlijn {towns.names[0]}–{ends[-1]}", "spoor", "y", rail, oy + rail * CELL, 30.0
        ),
        Corridor("Rijksweg", "weg", "x", motorway, ox + motorway * CELL, 60.0),
        Corridor(f"{stem}erdiep", "water", "x", canal, ox + canal * CELL, 40.0),
    ]


def expected_parcels(cells: Cells) -> npt.NDArray[np.float64]:
    """Expected parcels per cell, from its kind."""
    return EXPECTED_PARCELS[cells.kind]
