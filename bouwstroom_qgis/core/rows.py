"""How many buildings fit along a free stretch of a strip, in rows of a concept's lengths.

A row holds ``min_row`` to ``max_row`` buildings of ``width`` metres side by side and keeps
half the row gap free at each end, so a row of ``n`` buildings takes ``n * width + gap``
metres and rows next to each other stand ``gap`` apart. Because the free ends belong to
the row, stretches can be packed one by one: what fits in two stretches also fits in one
stretch that holds both, so the count never grows when a stretch shrinks or splits.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

# Lengths are measured between floating-point coordinates: a row that fits exactly must
# not be lost to a rounding error of 1e-12 m. One micrometre is far below any real size.
TOL = 1e-6


def buildings_in_length(
    length: ArrayLike, width: float, gap: float, min_row: int, max_row: int
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """Most buildings that fit in each length, and the number of rows they take.

    With ``t`` rows, ``k`` buildings need ``k * width + t * gap <= length`` and
    ``t * min_row <= k <= t * max_row``. The best ``t`` is the number of full rows
    ``t0 = floor(length / (max_row * width + gap))`` or one more row of shorter rows.

    Parameters
    ----------
    length : array_like of float
        Free lengths along a strip (m).
    width : float
        Building width along the row (m).
    gap : float
        Row gap (m), half of it at each row end.
    min_row, max_row : int
        Buildings per row.

    Returns
    -------
    buildings, rows : ndarray of int64
        Per length; both 0 when not even the shortest row fits.

    Examples
    --------
    >>> buildings_in_length([20.0, 60.0], 5.0, 4.0, 3, 8)
    (array([ 3, 10]), array([1, 2]))
    """
    free = np.maximum(np.asarray(length, dtype=np.float64), 0.0) + TOL
    t0 = np.floor(free / (max_row * width + gap))
    full = t0 * max_row
    t1 = t0 + 1.0
    shorter = np.floor((free - t1 * gap) / width)
    shorter = np.where(shorter >= t1 * min_row, shorter, 0.0)
    more = shorter > full
    buildings = np.where(more, shorter, full).astype(np.int64)
    rows = np.where(more, t1, t0).astype(np.int64)
    return buildings, np.where(buildings > 0, rows, 0)


def row_positions(
    start: NDArray[np.float64],
    buildings: NDArray[np.int64],
    rows: NDArray[np.int64],
    width: float,
    gap: float,
) -> tuple[NDArray[np.intp], NDArray[np.intp], NDArray[np.float64]]:
    """Where each building stands: rows as even as possible, from the start of each stretch.

    Parameters
    ----------
    start : ndarray of float
        Start of each stretch (m along the strip).
    buildings, rows : ndarray of int
        From :func:`buildings_in_length`.
    width, gap : float
        Building width and row gap (m).

    Returns
    -------
    stretch : ndarray of int
        Stretch index of each building.
    row : ndarray of int
        Row number of each building, counted over all stretches.
    u0 : ndarray of float
        Start of each building along the strip (m).
    """
    has = rows > 0
    stretch_of_row = np.repeat(np.flatnonzero(has), rows[has])
    t = rows[stretch_of_row]
    first_row = np.cumsum(rows[has]) - rows[has]
    r = np.arange(len(stretch_of_row)) - np.repeat(first_row, rows[has])
    base = buildings[stretch_of_row] // t
    extra = buildings[stretch_of_row] % t
    size = base + (r < extra)
    before = r * base + np.minimum(r, extra)  # buildings in earlier rows of the stretch
    row_start = start[stretch_of_row] + gap / 2 + r * gap + before * width
    row_of_building = np.repeat(np.arange(len(size)), size)
    first_building = np.cumsum(size) - size
    q = np.arange(int(size.sum())) - np.repeat(first_building, size)
    u0 = row_start[row_of_building] + q * width
    return stretch_of_row[row_of_building], row_of_building, u0
