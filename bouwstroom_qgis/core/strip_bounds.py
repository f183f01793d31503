"""Upper bounds on the free length of strips on a grid, from the area's outline alone.

The fixed family of layouts (:func:`~bouwstroom_qgis.core.frames.fixed_frames`) tries
many strip positions per site, and most cannot beat the site's own best layout. A
rectangle ``[a, b] x [low, high]`` inside a polygon lies, at every height ``t`` of the
band, between the leftmost and the rightmost boundary point at that height, and within
the polygon's cross-section there. So all free stretches of a strip together are no
longer than ``min_t right(t) - max_t left(t)``, nor than the shortest cross-section.
Sampled at the grid heights, which every strip covering them shares, this costs one
pass over (edge, grid height) pairs without sorting: far less than laying strips out.
Rows packed into several stretches never hold more buildings than one stretch of their
total length (:mod:`~bouwstroom_qgis.core.rows`), so a bound on the length bounds the
buildings too.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bouwstroom_qgis.core.frames import FrameEdges, ranges
from bouwstroom_qgis.core.rows import TOL

REACH = 4 * TOL


def strip_length_bounds(
    edges: FrameEdges,
    n_frames: int,
    strip_frame: NDArray[np.intp],
    strip_index: NDArray[np.int64],
    per_depth: int,
    step: float,
) -> NDArray[np.float64]:
    """Upper bound of the total free length of each strip (m).

    Parameters
    ----------
    edges : FrameEdges
        The area's edges in each frame (``owner`` is the frame), of oriented polygons
        (``shapely.orient_polygons``: exteriors anticlockwise, holes clockwise).
    n_frames : int
    strip_frame : ndarray of int
        Frame of each strip.
    strip_index : ndarray of int
        Low side of each strip in grid steps: the strip is
        ``[strip_index * step, (strip_index + per_depth) * step]`` across the rows.
    per_depth : int
        Grid steps per strip depth.
    step : float
        Grid step across the rows (m).

    Returns
    -------
    ndarray of float
        Per strip; 0 where some sampled height misses the area, infinite where no
        height of the strip was sampled.
    """
    if len(strip_frame) == 0:
        return np.zeros(0)
    v_min = np.minimum(edges.v0, edges.v1)
    v_max = np.maximum(edges.v0, edges.v1)
    # an edge within REACH of a height counts there (at its nearest point): a strip's
    # side lies on the grid only up to rounding, and a stretch may cross the boundary
    # by up to TOL (core/intervals.py)
    first = np.ceil((v_min - REACH) / step).astype(np.int64)
    count = np.maximum(np.floor((v_max + REACH) / step).astype(np.int64) - first + 1, 0)
    # the grid heights of each frame, one slot each
    lowest = np.full(n_frames, np.iinfo(np.int64).max)
    highest = np.full(n_frames, np.iinfo(np.int64).min)
    crossed = count > 0
    np.minimum.at(lowest, edges.owner[crossed], first[crossed])
    np.maximum.at(highest, edges.owner[crossed], (first + count - 1)[crossed])
    slots = np.where(highest >= lowest, highest - lowest + 1, 0)
    base = np.cumsum(slots) - slots
    edge = np.repeat(np.arange(len(first)), count)
    height = first[edge] + (ranges(np.zeros(len(first), np.intp), count) if len(edge) else 0)
    frame = edges.owner[edge]
    slot = base[frame] + height - lowest[frame]
    u0, v0, u1, v1 = edges.u0[edge], edges.v0[edge], edges.u1[edge], edges.v1[edge]
    dv = v1 - v0
    flat = dv == 0.0
    t = np.clip(height * step, np.minimum(v0, v1), np.maximum(v0, v1))
    u = u0 + np.where(flat, 0.0, (t - v0) / np.where(flat, 1.0, dv)) * (u1 - u0)
    n_slots = int(slots.sum())
    left = np.full(n_slots, np.inf)
    right = np.full(n_slots, -np.inf)
    np.minimum.at(left, slot, np.where(flat, np.minimum(u0, u1), u))
    np.maximum.at(right, slot, np.where(flat, np.maximum(u0, u1), u))
    # Cross-section length: exteriors run anticlockwise, holes clockwise (oriented
    # polygons), so edges going up bound the area on their left, edges going down on
    # their right. Counted where an edge really crosses the height (half open).
    t_exact = height * step
    crosses = (np.minimum(v0, v1) <= t_exact) & (t_exact < np.maximum(v0, v1))
    weights = (np.sign(dv) * u)[crosses]
    width = np.bincount(slot[crosses], weights=weights, minlength=n_slots).astype(np.float64)
    # Every grid height of each strip, its sides included (the cross-section only
    # strictly inside). A strip lies within its frame's heights; should rounding put
    # one outside, it is not bounded.
    start = base[strip_frame] + strip_index - lowest[strip_frame]
    inside = (strip_index >= lowest[strip_frame]) & (
        strip_index + per_depth < lowest[strip_frame] + slots[strip_frame]
    )
    start = np.where(inside, start, 0)
    lo = _window(left, start, per_depth + 1, np.maximum, -np.inf)
    hi = _window(right, start, per_depth + 1, np.minimum, np.inf)
    narrowest = _window(width, start + 1, per_depth - 1, np.minimum, np.inf)
    bound = np.maximum(np.minimum(hi - lo, narrowest), 0.0)
    return np.where(inside, bound, np.inf)


def _window(
    values: NDArray[np.float64],
    start: NDArray[np.int64],
    size: int,
    op: np.ufunc,
    neutral: float,
) -> NDArray[np.float64]:
    """``op`` (minimum or maximum) over ``values[start : start + size]`` for each start.

    Two overlapping windows of a power-of-two size cover any window, and windows of
    size ``2 ** (p + 1)`` are ``op`` of two of size ``2 ** p``: a few passes in all.
    """
    if size < 1:
        return np.full(len(start), neutral)
    padded = np.concatenate([values, np.full(size, neutral)])
    span = 1
    while span * 2 <= size:
        padded = np.concatenate([op(padded[:-span], padded[span:]), np.full(span, neutral)])
        span *= 2
    return op(padded[start], padded[start + size - span])
