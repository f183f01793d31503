"""Which stretches of horizontal bands lie wholly inside a polygon, from its edges alone.

A band ``low <= v <= high`` (a strip of a layout, in a frame where rows run along ``u``)
holds a rectangle ``[a, b] x [low, high]`` inside a polygon exactly when every vertical
segment ``{u} x [low, high]`` with ``a <= u <= b`` does. A segment leaves the polygon only
where an edge passes through the band, so the edges, clipped to the band and projected
on ``u``, cut the band into pieces that are wholly inside or wholly outside; a ray along
the band's middle line tells which (even-odd rule over every ring, holes included).

All of this is numpy over every (band, edge) pair at once: no GEOS call per band, which
is what makes 50,000 sites with thousands of candidate strips each affordable.

An edge lying exactly on the band's border (a rectangle's side under a strip that fits
exactly) must not block it, rounding errors of a rotated frame included: edges that
reach no further than ``TOL`` into the band are left out, so a rectangle over a stretch
may cross the polygon's boundary by at most ``TOL`` (1 µm).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bouwstroom_qgis.core.rows import TOL

_START, _CROSS, _END = 0, 1, 2


@dataclass(frozen=True)
class Stretches:
    """Free stretches ``[start, end]`` along bands, sorted by band then start (m)."""

    band: NDArray[np.intp]
    start: NDArray[np.float64]
    end: NDArray[np.float64]

    @classmethod
    def empty(cls) -> Stretches:
        return cls(np.empty(0, np.intp), np.empty(0), np.empty(0))

    def __len__(self) -> int:
        return len(self.band)

    def take(self, keep: NDArray[np.bool_]) -> Stretches:
        return Stretches(self.band[keep], self.start[keep], self.end[keep])


def inside_stretches(
    band: NDArray[np.intp],
    u0: NDArray[np.float64],
    v0: NDArray[np.float64],
    u1: NDArray[np.float64],
    v1: NDArray[np.float64],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
) -> Stretches:
    """Stretches of bands that lie inside the polygon whose edges are given per band.

    Parameters
    ----------
    band : ndarray of int
        For each edge, the band it is tested against. Every edge of the polygon that
        passes through a band must be listed with that band (an edge may be listed with
        several bands); edges that miss their band are ignored.
    u0, v0, u1, v1 : ndarray of float
        Edge end points in the band's frame (m).
    low, high : ndarray of float
        Lower and upper side of each band, indexed by band number (m).

    Returns
    -------
    Stretches
        Maximal stretches ``[start, end]`` of each band inside the polygon; rectangles
        over them touch the boundary at most.
    """
    lo, hi = low[band], high[band]
    mid = (lo + hi) / 2
    v_min, v_max = np.minimum(v0, v1), np.maximum(v0, v1)
    # an edge that reaches into the band by no more than TOL only touches it
    hit = (v_max >= lo + TOL) & (v_min <= hi - TOL)
    band, u0, v0, u1, v1 = band[hit], u0[hit], v0[hit], u1[hit], v1[hit]
    lo, hi, mid = lo[hit], hi[hit], mid[hit]
    dv = v1 - v0
    flat = dv == 0.0
    safe = np.where(flat, 1.0, dv)
    # Edge parameters where it enters and leaves the band and where it crosses the
    # middle line; u computed by one formula, monotone in t, so the crossing lies within
    # the blocked stretch in floating point too.
    t_lo, t_hi = (lo - v0) / safe, (hi - v0) / safe
    t_a = np.where(flat, 0.0, np.clip(np.minimum(t_lo, t_hi), 0.0, 1.0))
    t_b = np.where(flat, 1.0, np.clip(np.maximum(t_lo, t_hi), 0.0, 1.0))
    du = u1 - u0
    u_a, u_b = u0 + t_a * du, u0 + t_b * du
    crosses = (v0 <= mid) != (v1 <= mid)
    u_x = u0 + ((mid - v0) / safe) * du
    blocked_start, blocked_end = np.minimum(u_a, u_b), np.maximum(u_a, u_b)
    cb = band[crosses]
    events_band = np.concatenate([band, cb, band])
    coord = np.concatenate([blocked_start, u_x[crosses], blocked_end])
    kind = np.concatenate(
        [
            np.full(len(band), _START, np.int8),
            np.full(len(cb), _CROSS, np.int8),
            np.full(len(band), _END, np.int8),
        ]
    )
    order = np.lexsort((kind, coord, events_band))
    events_band, coord, kind = events_band[order], coord[order], kind[order]
    depth = np.cumsum(np.where(kind == _START, 1, np.where(kind == _END, -1, 0)))
    # every ring crosses a line an even number of times, so the running count of
    # crossings is even again at the start of each band
    parity = np.cumsum(kind == _CROSS) % 2
    gap = (depth[:-1] == 0) & (events_band[1:] == events_band[:-1]) & (parity[:-1] == 1)
    gap &= coord[1:] > coord[:-1]
    at = np.flatnonzero(gap)
    return Stretches(events_band[at], coord[at], coord[at + 1])


def intersect(a: Stretches, b: Stretches) -> Stretches:
    """Stretches free in both ``a`` and ``b`` (band by band); each set must be disjoint."""
    band = np.concatenate([a.band, b.band, a.band, b.band])
    coord = np.concatenate([a.start, b.start, a.end, b.end])
    n = len(a) + len(b)
    # at equal coordinates ends come first: stretches that only touch share nothing
    is_start = np.concatenate([np.ones(n, bool), np.zeros(n, bool)])
    order = np.lexsort((is_start, coord, band))
    band, coord, is_start = band[order], coord[order], is_start[order]
    depth = np.cumsum(np.where(is_start, 1, -1))
    both = (depth[:-1] == 2) & (band[1:] == band[:-1]) & (coord[1:] > coord[:-1])
    at = np.flatnonzero(both)
    return Stretches(band[at], coord[at], coord[at + 1])
