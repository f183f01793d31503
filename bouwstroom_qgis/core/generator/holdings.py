"""Who owns what: two housing corporations and the municipalities.

Corporations own whole rows of row houses, some apartment blocks in village cores
and a few large plots; one of them delivers part of its holdings as BAG
verblijfsobjecten (address points) rather than parcels, as corporations often do.
Municipalities own parks, sports fields, large plots and farmland at the edge of
their villages; their list is keyed by kadastrale aanduiding and, as real lists do,
contains a few keys that no longer exist.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from bouwstroom_qgis.core.generator.brk import CadastralKeys
from bouwstroom_qgis.core.generator.cells import Kind
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.names import CORPORATIONS
from bouwstroom_qgis.core.generator.parcels import Parcels, Plot

CORPORATION_SHARE = 0.009  # parcels held as corporation polygons, share of all parcels
POINT_SHARE = 0.0025  # parcels held as address points
LARGE_SHARE = 0.001  # large plots held by corporations
MUNICIPAL_SHARE = 0.006  # parcels on the municipal list
STALE_SHARE = 0.005  # keys on the municipal list that match no parcel (at least 3)
ROW_PLOTS = (Plot.RIJ, Plot.TWEE, Plot.KERN)
USES = np.array(["openbaar groen", "sportpark", "bouwgrond", "verpacht (agrarisch)", "overig"])
LOCATION_COMPLEX = 9000  # complex numbers of corporation locations start here


@dataclass(frozen=True)
class Reserved:
    """Parcels held whole by an owner chosen elsewhere: the development locations."""

    parcel: npt.NDArray[np.int64]
    owner: npt.NDArray[np.int64]  # corporation index, or -1 for the municipality
    number: npt.NDArray[np.int64]  # the location each parcel belongs to
    use: npt.NDArray[np.object_]  # what the municipal list says the land is used for
    barred: npt.NDArray[np.bool_] | None = None  # per parcel: nobody else may hold it

    @classmethod
    def none(cls) -> Reserved:
        empty = np.empty(0, dtype=np.int64)
        return cls(empty, empty, empty, np.empty(0, dtype=object))


@dataclass(frozen=True)
class Holdings:
    corporation_parcels: npt.NDArray[np.int64]  # parcel index of each polygon
    corporation_owner: npt.NDArray[np.object_]
    complex_number: npt.NDArray[np.int64]
    point_parcels: npt.NDArray[np.int64]  # parcel index of each address point
    point_owner: npt.NDArray[np.object_]
    municipal: pd.DataFrame  # the municipal list as written
    stale: int  # rows of the municipal list that match no parcel


def _pick_groups(
    group: npt.NDArray[np.int64],
    weight: npt.NDArray[np.float64],
    target: float,
    rng: np.random.Generator,
) -> npt.NDArray[np.int64]:
    """Random groups (e.g. rows of houses) until their weight reaches ``target``; at least four."""
    present = np.unique(group)
    if present.size == 0:
        return present
    weights = np.bincount(np.searchsorted(present, group), weights=weight, minlength=present.size)
    order = rng.permutation(present.size)
    count = max(4, int(np.searchsorted(np.cumsum(weights[order]), target)) + 1)
    return np.sort(present[order[:count]])


def _corporation(
    municipality: npt.NDArray[np.int64], rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """0 or 1: each corporation works mainly in every other municipality."""
    owner = ((municipality % 2) ^ (rng.random(municipality.size) < 0.2)).astype(np.int64)
    if owner.size >= 4 and np.bincount(owner, minlength=2).min() < 2:
        owner[:4] = (0, 1, 0, 1)  # a small region: both corporations hold something
    elif owner.size >= 2 and np.unique(owner).size == 1:
        owner[owner.size // 2 :] = 1 - owner[0]
    return owner


def build_holdings(
    parcels: Parcels,
    keys: CadastralKeys,
    region: Region,
    rng: np.random.Generator,
    reserved: Reserved | None = None,
) -> Holdings:
    """Corporation and municipal holdings; ``reserved`` parcels go to their given owner."""
    reserved = reserved or Reserved.none()
    n = len(parcels)
    town = region.cells.is_town[parcels.cell]
    municipality = region.municipality[parcels.cell]
    free = np.ones(n, dtype=bool) if reserved.barred is None else ~reserved.barred
    free[reserved.parcel] = False

    # Corporations: whole rows of houses, then a few large plots.
    rows = np.flatnonzero(town & free & np.isin(parcels.plot, ROW_PLOTS))
    target = (CORPORATION_SHARE + POINT_SHARE) * n
    strips = _pick_groups(parcels.strip[rows], np.ones(rows.size), target, rng)
    strip_owner = _corporation(region.municipality[_first_cell(parcels, strips)], rng)
    as_points = (strip_owner == 0) & (
        rng.random(strips.size) < POINT_SHARE / (CORPORATION_SHARE / 2 + POINT_SHARE)
    )
    first_owned = np.flatnonzero(strip_owner == 0)
    if first_owned.size >= 2:  # some address points, and some polygons of the same owner
        as_points[first_owned[0]] = True
        as_points[first_owned[1]] = False
    elif first_owned.size == 1:
        as_points[first_owned[0]] = True
    owned = rows[np.isin(parcels.strip[rows], strips)]
    which = np.searchsorted(strips, parcels.strip[owned])
    large = np.flatnonzero(town & free & (parcels.plot == Plot.GROOT))
    large = np.sort(rng.permutation(large)[: max(2, round(LARGE_SHARE * n))])
    large_owner = _corporation(municipality[large], rng)
    by_corporation = reserved.owner >= 0
    polygon = np.concatenate((owned[~as_points[which]], large, reserved.parcel[by_corporation]))
    polygon_owner = np.concatenate(
        (strip_owner[which][~as_points[which]], large_owner, reserved.owner[by_corporation])
    )
    complex_number = np.concatenate(
        (
            1000 + which[~as_points[which]],
            5000 + np.arange(large.size),
            LOCATION_COMPLEX + reserved.number[by_corporation],
        )
    )
    point_parcels = owned[as_points[which]]

    # Municipalities: parks and sports fields, large plots, farmland beside villages.
    taken = ~free
    taken[polygon] = True
    taken[point_parcels] = True
    edge = beside_town(region)[parcels.cell] & (parcels.plot == Plot.AKKER)
    wanted = (parcels.plot == Plot.PARK) | (parcels.plot == Plot.GROOT) | edge
    # Parks, large plots and fields beside villages first; in a small region, any field.
    priority = np.where(wanted, 0, np.where(parcels.plot == Plot.AKKER, 1, 2))
    candidates = np.flatnonzero(~taken & (parcels.plot != Plot.INFRA))
    ranked = candidates[np.lexsort((rng.random(candidates.size), priority[candidates]))]
    picked = np.sort(ranked[: max(10, round(MUNICIPAL_SHARE * n))])
    municipal = np.concatenate((picked, reserved.parcel[~by_corporation]))
    use = np.concatenate((_uses(parcels, picked, rng), reserved.use[~by_corporation]))
    table, stale = _municipal_list(parcels, keys, region, municipal, use, rng)
    return Holdings(
        polygon,
        np.array(CORPORATIONS, dtype=object)[polygon_owner],
        complex_number,
        point_parcels,
        np.full(point_parcels.size, CORPORATIONS[0], dtype=object),
        table,
        stale,
    )


def _first_cell(parcels: Parcels, strips: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The cell of each strip (all plots of a strip lie in one cell)."""
    order = np.argsort(parcels.strip, kind="stable")
    position = np.searchsorted(parcels.strip[order], strips)
    return parcels.cell[order[position]]


def beside_town(region: Region) -> npt.NDArray[np.bool_]:
    """Cells next to a village or town (the municipality's strategic land)."""
    cells = region.cells
    grid = cells.is_town.reshape(cells.n_rows, cells.n_cols)
    near = grid.copy()
    near[1:] |= grid[:-1]
    near[:-1] |= grid[1:]
    near[:, 1:] |= grid[:, :-1]
    near[:, :-1] |= grid[:, 1:]
    return (near & ~grid).ravel() & (cells.kind != Kind.NATURE)


def _municipal_list(
    parcels: Parcels,
    keys: CadastralKeys,
    region: Region,
    chosen: npt.NDArray[np.int64],
    use: npt.NDArray[np.object_],
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, int]:
    area = np.rint(parcels_area(parcels, chosen)).astype(np.int64)
    municipality = region.municipality[parcels.cell[chosen]]
    rows = pd.DataFrame(
        {
            "kadastrale_aanduiding": keys.aanduiding(chosen),
            "eigenaar": [f"Gemeente {region.municipalities.names[m]}" for m in municipality],
            "eigenaar_type": "gemeente",
            "oppervlakte_m2": area,
            "gebruik": use,
        }
    )
    # Stale keys: parcels since merged or split, numbered past the last number in use.
    stale = max(3, round(STALE_SHARE * chosen.size))
    source = rng.choice(chosen, size=stale)
    group_max = pd.Series(keys.nummer).groupby([keys.akr, keys.sectie]).max()
    top = group_max.loc[list(zip(keys.akr[source], keys.sectie[source], strict=True))].to_numpy()
    numbers = top + rng.integers(1, 150, size=stale) + 200 * np.arange(stale)  # all distinct
    extra = pd.DataFrame(
        {
            "kadastrale_aanduiding": [
                f"{a} {s} {nr}"
                for a, s, nr in zip(keys.akr[source], keys.sectie[source], numbers, strict=True)
            ],
            "eigenaar": [
                f"Gemeente {region.municipalities.names[m]}"
                for m in region.municipality[parcels.cell[source]]
            ],
            "eigenaar_type": "gemeente",
            "oppervlakte_m2": rng.integers(80, 5000, size=stale),
            "gebruik": USES[rng.integers(0, USES.size, size=stale)],
        }
    )
    table = pd.concat((rows, extra), ignore_index=True)
    return table.iloc[rng.permutation(len(table))].reset_index(drop=True), stale


def _uses(
    parcels: Parcels, chosen: npt.NDArray[np.int64], rng: np.random.Generator
) -> npt.NDArray[np.object_]:
    """What the municipal list says each parcel is used for, by its kind of plot."""
    use = np.where(
        parcels.plot[chosen] == Plot.PARK,
        np.where(rng.random(chosen.size) < 0.7, 0, 1),
        np.where(
            parcels.plot[chosen] == Plot.AKKER, 3, np.where(rng.random(chosen.size) < 0.6, 2, 4)
        ),
    )
    return USES[use].astype(object)


def parcels_area(parcels: Parcels, index: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Area of quadrilateral parcels by the shoelace formula, m²."""
    c = parcels.corners[index]
    x, y = c[:, :, 0], c[:, :, 1]
    return 0.5 * np.abs(np.sum(x * np.roll(y, -1, axis=1) - np.roll(x, -1, axis=1) * y, axis=1))
