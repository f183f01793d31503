"""Natura 2000 areas: a few large irregular nature areas, one of them beside a village."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.cells import CELL, Cells, Kind
from bouwstroom_qgis.core.generator.names import nature_names
from bouwstroom_qgis.core.generator.settlements import Settlements
from bouwstroom_qgis.core.generator.shapes import blobs


def place_nature(
    cells: Cells,
    towns: Settlements,
    radius: float,
    rng: np.random.Generator,
) -> tuple[npt.NDArray[np.object_], list[str]]:
    """Outlines and names of the region's Natura 2000 areas; farm cells inside become nature.

    Parameters
    ----------
    cells : Cells
        The grid; farm cells whose centre falls inside an area change to ``Kind.NATURE``.
    towns : Settlements
    radius : float
        Radius of the planned region in cells.
    rng : numpy.random.Generator

    Returns
    -------
    (polygons, names)
    """
    area_km2 = np.pi * (radius * CELL / 1000) ** 2
    count = int(np.clip(round(area_km2 / 700), 2, 10))
    size = rng.uniform(0.6, 1.0, count) * min(3500.0, 0.2 * radius * CELL)
    ox, oy = cells.origin
    tx = ox + towns.col * CELL
    ty = oy + towns.row * CELL
    # The first area lies just beyond the edge of a village, as many northern ones do.
    near = int(rng.integers(len(towns) // 2, len(towns))) if len(towns) > 1 else 0
    angle = rng.uniform(0, 2 * np.pi)
    reach = np.sqrt(towns.size[near] / np.pi) * CELL + size[0] + rng.uniform(150, 450)
    xs, ys = [tx[near] + reach * np.cos(angle)], [ty[near] + reach * np.sin(angle)]
    town = cells.is_town
    cx, cy = cells.centre()
    town_x, town_y = cx[town], cy[town]
    centre_x, centre_y = ox + cells.n_cols * CELL / 2, oy + cells.n_rows * CELL / 2
    tries = 400
    t = np.sqrt(rng.random(tries)) * 0.95 * radius * CELL
    a = rng.uniform(0, 2 * np.pi, tries)
    cand_x, cand_y = centre_x + t * np.cos(a), centre_y + t * np.sin(a)
    for x, y in zip(cand_x, cand_y, strict=True):
        k = len(xs)
        if k == count:
            break
        to_town = np.hypot(town_x - x, town_y - y).min(initial=np.inf)
        to_nature = np.hypot(np.array(xs) - x, np.array(ys) - y) - size[: len(xs)]
        if to_town > size[k] + 400 and np.all(to_nature > size[k]):
            xs.append(x)
            ys.append(y)
    polygons = blobs(xs, ys, size[: len(xs)], rng, roughness=0.3)
    inside = np.zeros(cells.size, dtype=bool)
    for polygon in polygons:  # a handful of areas, each tested against all cells at once
        inside |= shapely.contains_xy(polygon, cx, cy)
    cells.kind[inside & (cells.kind == Kind.FARM)] = Kind.NATURE
    return polygons, nature_names(len(polygons), rng)
