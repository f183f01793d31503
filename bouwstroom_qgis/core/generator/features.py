"""Zoning features as plain arrays, and the geometry helpers that build them.

A ``Features`` table is what every zoning module returns: geometries with their IMRO
object type, main group, name and the index of the plan they belong to. The writer
turns the tables into one GeoPackage layer per object type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.cells import CELL, Cells, to_world

MIN_PIECE_AREA = 1.0
"""Pieces of an overlay smaller than this (m²) after clipping are dropped as slivers."""


@dataclass(frozen=True)
class Features:
    """Zoning features of one or more object types."""

    geometry: npt.NDArray[np.object_]
    object_type: npt.NDArray[np.object_]
    hoofdgroep: npt.NDArray[np.object_]
    naam: npt.NDArray[np.object_]
    plan: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return int(self.plan.size)

    @classmethod
    def of(
        cls,
        geometry: npt.ArrayLike,
        object_type: str,
        hoofdgroep: npt.ArrayLike | str | None,
        naam: npt.ArrayLike | str,
        plan: npt.ArrayLike,
    ) -> Features:
        """A table of one object type; scalars are repeated for every feature."""
        geometry = np.asarray(geometry, dtype=object)
        n = geometry.size

        def column(value: npt.ArrayLike | str | None) -> npt.NDArray[np.object_]:
            if value is None or isinstance(value, str):
                return np.full(n, value, dtype=object)
            return np.asarray(value, dtype=object)

        return cls(
            geometry,
            column(object_type),
            column(hoofdgroep),
            column(naam),
            np.asarray(plan, dtype=np.int64).reshape(n),
        )

    def take(self, index: npt.NDArray[Any]) -> Features:
        return Features(
            self.geometry[index],
            self.object_type[index],
            self.hoofdgroep[index],
            self.naam[index],
            self.plan[index],
        )


def concat_features(parts: list[Features]) -> Features:
    fields = ("geometry", "object_type", "hoofdgroep", "naam", "plan")
    return Features(*(np.concatenate([getattr(p, f) for p in parts]) for f in fields))


def local_boxes(
    cells: Cells,
    cell: npt.NDArray[np.int64],
    u0: npt.NDArray[np.float64],
    u1: npt.NDArray[np.float64],
    v0: npt.NDArray[np.float64],
    v1: npt.NDArray[np.float64],
) -> npt.NDArray[np.object_]:
    """Rectangles given in their cell's frame, as RD polygons."""
    x, y = to_world(cells, cell, np.column_stack((u0, u1)), np.column_stack((v0, v1)))
    return shapely.box(x.min(axis=1), y.min(axis=1), x.max(axis=1), y.max(axis=1))


def merge_runs(
    bounds: npt.NDArray[np.float64], key: npt.NDArray[np.int64], axis: str, max_cells: int = 12
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """Merge rectangles that continue each other along ``axis`` and share a key.

    Farmland zoning, for instance, is one rectangle per run of up to ``max_cells``
    farm cells in a row of the same plan, not one per cell.

    Parameters
    ----------
    bounds : (n, 4) float array
        ``xmin, ymin, xmax, ymax`` of each rectangle, metres.
    key : int array
        Rectangles only merge when their keys are equal (plan and group).
    axis : {'x', 'y'}
        Direction of the runs.

    Returns
    -------
    (merged bounds, index of the first input rectangle of each run)
    """
    lo, hi, side_lo, side_hi = (0, 2, 1, 3) if axis == "x" else (1, 3, 0, 2)
    chunk = np.floor(bounds[:, lo] / (max_cells * CELL)).astype(np.int64)
    order = np.lexsort((bounds[:, lo], chunk, bounds[:, side_hi], bounds[:, side_lo], key))
    b, k, c = bounds[order], key[order], chunk[order]
    same = (
        (k[1:] == k[:-1])
        & (c[1:] == c[:-1])
        & (b[1:, side_lo] == b[:-1, side_lo])
        & (b[1:, side_hi] == b[:-1, side_hi])
        & (np.abs(b[1:, lo] - b[:-1, hi]) < 1e-6)
    )
    first = np.flatnonzero(np.concatenate(([True], ~same)))
    merged = b[first].copy()
    merged[:, hi] = np.maximum.reduceat(b[:, hi], first)
    merged[:, lo] = np.minimum.reduceat(b[:, lo], first)
    return merged, order[first]


def polygonal(
    geometry: npt.NDArray[np.object_],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.bool_]]:
    """Only the polygon parts of each geometry (clipping can leave lines and points).

    Returns the cleaned geometries and a mask of those with at least
    ``MIN_PIECE_AREA`` m² left.
    """
    parts, owner = shapely.get_parts(geometry, return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & (shapely.area(parts) >= MIN_PIECE_AREA)
    parts, owner = parts[keep], owner[keep]
    out = np.full(geometry.size, None, dtype=object)
    if parts.size:
        present = np.unique(owner)
        multi = shapely.multipolygons(parts, indices=np.searchsorted(present, owner))
        single = np.bincount(owner, minlength=geometry.size)[present] == 1
        out[present] = np.where(single, shapely.get_geometry(multi, 0), multi)
    return out, shapely.area(out) >= MIN_PIECE_AREA


def clip_to_plans(
    shapes: npt.NDArray[np.object_],
    plan_areas: npt.NDArray[np.object_],
    plan_index: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Cut overlay shapes (e.g. a pipeline strip) into one piece per plan they cross.

    Returns
    -------
    (pieces, index of the source shape, plan of each piece)
    """
    tree = shapely.STRtree(plan_areas)
    source, target = tree.query(shapes, predicate="intersects")
    order = np.lexsort((target, source))
    source, target = source[order], target[order]
    pieces, ok = polygonal(shapely.intersection(shapes[source], plan_areas[target]))
    return pieces[ok], source[ok], plan_index[target[ok]]
