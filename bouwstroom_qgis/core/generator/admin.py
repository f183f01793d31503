"""Administrative division: municipalities, cadastral areas and sections, zoning plans.

Municipalities are named after their largest place, as many northern ones are.
Cadastral municipalities (the AKR code of a parcel) follow the old villages and
their sections are blocks of about two kilometres. Each village has its own zoning
plan, each municipality one plan for its rural area, and a few areas have no digital
plan at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bouwstroom_qgis.core.generator.cells import EXPECTED_PARCELS, Cells, Kind
from bouwstroom_qgis.core.generator.names import akr_codes, place_names
from bouwstroom_qgis.core.generator.settlements import Settlements

UNPLANNED_SHARE = 0.03
"""Share of parcels left outside every digital zoning plan."""

SECTION_BLOCK = 4
"""Cadastral sections are blocks of this many cells square."""


@dataclass(frozen=True)
class Municipalities:
    names: list[str]
    codes: list[str]  # four digits, as in IMRO plan ids and BAG ids

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True)
class Plans:
    """Digital zoning plans: one per settlement, then one rural plan per municipality."""

    plan_id: list[str]
    name: list[str]
    municipality: npt.NDArray[np.int64]


def municipality_count(n_parcels: int) -> int:
    """Two municipalities for a demo, up to four for a province-sized region."""
    return 2 if n_parcels < 50_000 else 3 if n_parcels < 400_000 else 4


def _smooth_noise(cells: Cells, rng: np.random.Generator, amplitude: float) -> npt.NDArray:
    """Low-frequency noise over the grid, so boundaries wander instead of running straight."""
    f = rng.uniform(0.15, 0.35, 2)
    phase = rng.uniform(0, 2 * np.pi, 2)
    return amplitude * np.sin(cells.col * f[0] + phase[0]) * np.cos(cells.row * f[1] + phase[1])


def _nearest_seed(
    cells: Cells, seed_col: npt.NDArray, seed_row: npt.NDArray, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    d = np.hypot(
        cells.col[:, None] + 0.5 - seed_col[None, :], cells.row[:, None] + 0.5 - seed_row[None, :]
    )
    d = d + np.column_stack([_smooth_noise(cells, rng, 1.5) for _ in range(seed_col.size)])
    return np.argmin(d, axis=1).astype(np.int64)


def _seeds(
    towns: Settlements, count: int, cells: Cells, rng: np.random.Generator
) -> tuple[npt.NDArray, npt.NDArray, list[str | None]]:
    """The ``count`` largest settlements, plus points away from the centre when too few."""
    take = min(count, len(towns))
    col, row = list(towns.col[:take]), list(towns.row[:take])
    names: list[str | None] = list(towns.names[:take])
    centre = cells.n_cols / 2
    for _ in range(count - take):
        angle = rng.uniform(0, 2 * np.pi)
        col.append(centre + 0.35 * cells.n_cols * np.cos(angle))
        row.append(centre + 0.35 * cells.n_rows * np.sin(angle))
        names.append(None)
    return np.array(col), np.array(row), names


def assign_municipalities(
    cells: Cells, towns: Settlements, count: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], Municipalities]:
    """Municipality per cell; a settlement lies wholly in the municipality of its centre."""
    seed_col, seed_row, seed_names = _seeds(towns, count, cells, rng)
    municipality = _nearest_seed(cells, seed_col, seed_row, rng)
    town_seed = np.argmin(
        np.hypot(towns.col[:, None] - seed_col, towns.row[:, None] - seed_row), axis=1
    )
    town = cells.settlement >= 0
    municipality[town] = town_seed[cells.settlement[town]]
    spare = iter(place_names(count + len(towns), rng)[len(towns) :])
    names = [
        name if name else next(n for n in spare if n not in towns.names) for name in seed_names
    ]
    codes = [f"{9991 + i}" for i in range(count)]  # 99xx: no real municipality has these
    return municipality, Municipalities(names, codes)


def cadastral_areas(
    cells: Cells, towns: Settlements, n_parcels: int, rng: np.random.Generator
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], list[str], list[str]]:
    """Cadastral municipality and section per cell, and the AKR code and name of each area.

    Returns
    -------
    (area per cell, section index per cell, AKR codes, area names)
    """
    count = max(1, int(np.ceil(n_parcels / 25_000)))
    seed_col, seed_row, seed_names = _seeds(towns, count, cells, rng)
    area = _nearest_seed(cells, seed_col, seed_row, rng)
    spare = iter(place_names(count + len(towns), rng)[len(towns) :])
    names = [
        name if name else next(n for n in spare if n not in towns.names) for name in seed_names
    ]
    codes = akr_codes(names, rng)
    # Sections: blocks of cells, lettered north to south and west to east within an area.
    block_col = cells.col // SECTION_BLOCK
    block_row = cells.row // SECTION_BLOCK
    key = (area * 10_000 + (cells.n_rows - block_row)) * 10_000 + block_col
    unique_keys, block = np.unique(key, return_inverse=True)
    first_of_area = np.searchsorted(unique_keys // 100_000_000, np.arange(count))
    section = block - first_of_area[area]
    return area, section.astype(np.int64), codes, names


def unplanned_cells(
    cells: Cells, towns: Settlements, n_parcels: int, radius: float, rng: np.random.Generator
) -> npt.NDArray[np.bool_]:
    """Cells without a digital zoning plan: whole villages, town edges and a rural patch.

    The expected parcels in these cells add up to about ``UNPLANNED_SHARE`` of the
    region; farmland takes at most a third of that, as fields are large.
    """
    budget = UNPLANNED_SHARE * n_parcels
    expected = EXPECTED_PARCELS[cells.kind]
    town = cells.settlement >= 0
    village = np.bincount(cells.settlement[town], weights=expected[town], minlength=len(towns))
    mask = np.zeros(cells.size, dtype=bool)
    spent = 0.0
    for index in rng.permutation(np.arange(1, len(towns))):
        if spent + village[index] <= 0.67 * budget:
            mask |= cells.settlement == index
            spent += village[index]
    # Edge cells of towns (an estate, a suburb) where no village fitted the budget.
    edge = np.flatnonzero(town & ~mask & np.isin(cells.kind, (Kind.INDUSTRY, Kind.SUBURB)))
    for index in rng.permutation(edge):
        if spent + expected[index] <= 0.67 * budget:
            mask[index] = True
            spent += expected[index]
    col, row = cells.col + 0.5, cells.row + 0.5
    centre = cells.n_cols / 2
    rural = ~town
    rural_budget = spent + budget / 3
    for _ in range(20):
        if spent >= 0.95 * rural_budget:
            break
        angle, reach = rng.uniform(0, 2 * np.pi), rng.uniform(0.2, 0.8) * radius
        distance = np.hypot(
            col - centre - reach * np.cos(angle), row - centre - reach * np.sin(angle)
        )
        candidates = np.flatnonzero(rural & ~mask & (distance <= 8))
        candidates = candidates[np.argsort(distance[candidates], kind="stable")]
        take = candidates[np.cumsum(expected[candidates]) <= rural_budget - spent]
        mask[take] = True
        spent += float(expected[take].sum())
    return mask


def plan_code(name: str, taken: set[str]) -> str:
    """The local part of an IMRO plan id: 'BP' and up to 15 letters or digits, unique."""
    base = "BP" + re.sub(r"[^A-Za-z0-9]", "", name)[:15]
    code, n = base, 1
    while code in taken:
        code, n = f"{base[:14]}{n:02d}", n + 1
    taken.add(code)
    return code


def zoning_plans(
    cells: Cells,
    towns: Settlements,
    municipality: npt.NDArray[np.int64],
    municipalities: Municipalities,
    unplanned: npt.NDArray[np.bool_],
) -> tuple[npt.NDArray[np.int64], Plans]:
    """Plan index per cell (-1 where there is no digital plan) and the plans themselves."""
    town = cells.settlement >= 0
    plan = np.where(town, cells.settlement, len(towns) + municipality).astype(np.int64)
    plan[unplanned] = -1
    town_municipality = np.zeros(len(towns), dtype=np.int64)
    town_municipality[cells.settlement[town]] = municipality[town]
    taken: dict[int, set[str]] = {}
    ids, names = [], []
    owners = np.concatenate((town_municipality, np.arange(len(municipalities))))
    bases = list(towns.names) + ["Buitengebied"] * len(municipalities)
    labels = [f"Kern {n}" for n in towns.names] + [
        f"Buitengebied {n}" for n in municipalities.names
    ]
    for label, base, owner in zip(labels, bases, owners, strict=True):
        code = plan_code(base, taken.setdefault(int(owner), set()))
        ids.append(f"NL.IMRO.{municipalities.codes[owner]}.{code}-VA01")
        names.append(label)
    return plan, Plans(ids, names, owners)
