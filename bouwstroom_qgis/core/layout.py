"""Rows of plots laid out on buildable areas: the most homes of one concept per site.

A layout is a set of parallel *strips*, each ``strip_depth`` metres deep: the row's
parking and green strip, then the plots (front garden, building, back garden). Within a
strip, rows of buildings stand on the *stretches* whose whole depth lies inside the
buildable area (and, where buildings must stay inside Bouwvlakken, whose building band
lies inside the footprint area); :mod:`~bouwstroom_qgis.core.rows` packs each stretch.

Tried per site:

- orientations: the site's dominant edge direction (edges weighted by length, modulo
  90°) and, when strong enough, a second one, each also turned by 90°; where buildings
  must stay inside Bouwvlakken also turned by 180°, so the parking strip can lie on
  either side of the plots;
- offsets of the strip grid across the rows: the buildable area's lowest point, then
  positions where a strip side meets an edge running along the rows (the longest first),
  then even steps, ``MIN_OFFSETS`` to ``MAX_OFFSETS`` in all.

Where the buildable area's edges run along or across the rows (rectangles, L-shapes,
rectangular Bouwvlakken) these offsets include every position where the count can
change, so the count is the exact optimum over strip grids in that orientation; for
slanted edges it is a good layout, not a proven best one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.frames import FrameEdges, Frames, frame_edges, polygon_edges, ranges
from bouwstroom_qgis.core.intervals import Stretches, inside_stretches, intersect
from bouwstroom_qgis.core.rows import TOL, buildings_in_length

Geoms = NDArray[np.object_]

MIN_OFFSETS = 4
MAX_OFFSETS = 8


@dataclass(frozen=True)
class Layout:
    """The best layout of one concept per site, and the stretches it uses.

    ``buildings`` is per site; the stretch arrays describe the chosen layouts: strip
    ``low`` side and stretch ``start``/``end`` in the frame ``angle``/``cx``/``cy``.
    """

    buildings: NDArray[np.int64]
    site: NDArray[np.intp]
    angle: NDArray[np.float64]
    cx: NDArray[np.float64]
    cy: NDArray[np.float64]
    low: NDArray[np.float64]
    start: NDArray[np.float64]
    end: NDArray[np.float64]


def best_layout(
    frames: Frames,
    area: Geoms,
    footprint_area: Geoms,
    restricted: NDArray[np.bool_],
    concept: Concept,
) -> Layout:
    """The layout with the most buildings of ``concept`` per site.

    Parameters
    ----------
    frames : Frames
        Orientations to try (:func:`site_frames`).
    area : ndarray of Polygon/MultiPolygon
        Buildable area per site: plots, parking and green stay inside it.
    footprint_area : ndarray of Polygon/MultiPolygon
        Per site where ``restricted``: the area buildings must stay inside.
    restricted : ndarray of bool
        Sites whose buildings must stay inside ``footprint_area``.
    concept : Concept

    Returns
    -------
    Layout
        Ties between layouts go to the first frame and offset tried.
    """
    n_sites = len(area)
    depth = concept.strip_depth
    fb_low = concept.outdoor_depth + concept.front_garden
    fb_high = fb_low + concept.depth
    edges = frame_edges(frames, polygon_edges(area))
    f_frames = np.flatnonzero(restricted[frames.site])
    f_edges = frame_edges(frames, polygon_edges(footprint_area), f_frames)
    v_lo, v_hi = _extent(edges, len(frames.site))
    offsets = _offsets(edges, f_edges, v_lo, depth, fb_low, fb_high)
    strips = _strips(offsets, v_lo, v_hi, depth)
    whole = _band_stretches(edges, offsets, strips, depth, 0.0, depth)
    free = whole
    if len(f_frames):
        f_strip = restricted[frames.site[offsets.frame[strips.config]]]
        band = _band_stretches(f_edges, offsets, strips, depth, fb_low, fb_high)
        inner = intersect(whole.take(f_strip[whole.band]), band)
        free = _merge(whole.take(~f_strip[whole.band]), inner)
    buildings, _ = buildings_in_length(
        free.end - free.start, concept.width, concept.row_gap, concept.min_row, concept.max_row
    )
    config_of = strips.config[free.band]
    per_config = np.asarray(
        np.bincount(config_of, weights=buildings, minlength=len(offsets.frame)), np.float64
    )
    config_site = frames.site[offsets.frame]
    best = _first_best(config_site, per_config, n_sites)
    total = np.zeros(n_sites, np.int64)
    chosen = best >= 0
    total[chosen] = per_config[best[chosen]].astype(np.int64)
    keep = (best[config_site[config_of]] == config_of) & (buildings > 0)
    frame = offsets.frame[config_of[keep]]
    return Layout(
        buildings=total,
        site=frames.site[frame],
        angle=frames.angle[frame],
        cx=frames.cx[frame],
        cy=frames.cy[frame],
        low=strips.low[free.band[keep]],
        start=free.start[keep],
        end=free.end[keep],
    )


@dataclass(frozen=True)
class _Offsets:
    frame: NDArray[np.intp]  # per configuration (frame, offset), sorted by frame
    value: NDArray[np.float64]


@dataclass(frozen=True)
class _Strips:
    config: NDArray[np.intp]  # per strip, sorted by configuration
    low: NDArray[np.float64]


def _extent(edges: FrameEdges, n_frames: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lo = np.full(n_frames, np.inf)
    hi = np.full(n_frames, -np.inf)
    np.minimum.at(lo, edges.owner, np.minimum(edges.v0, edges.v1))
    np.maximum.at(hi, edges.owner, np.maximum(edges.v0, edges.v1))
    return lo, hi


def _offsets(
    edges: FrameEdges,
    f_edges: FrameEdges,
    v_lo: NDArray[np.float64],
    depth: float,
    fb_low: float,
    fb_high: float,
) -> _Offsets:
    """Strip grid offsets per frame (see the module docstring), as values in [0, depth)."""
    frames_used = np.flatnonzero(np.isfinite(v_lo))
    flat = np.abs(edges.v1 - edges.v0) <= TOL
    f_flat = np.abs(f_edges.v1 - f_edges.v0) <= TOL
    f_v = f_edges.v0[f_flat]
    steps = np.arange(1, MIN_OFFSETS)
    frame = np.concatenate(
        [
            frames_used,
            edges.owner[flat],
            f_edges.owner[f_flat],
            f_edges.owner[f_flat],
            np.repeat(frames_used, len(steps)),
        ]
    )
    value = np.concatenate(
        [
            v_lo[frames_used],
            edges.v0[flat],
            f_v - fb_low,
            f_v - fb_high,
            np.repeat(v_lo[frames_used], len(steps))
            + np.tile(steps, len(frames_used)) * depth / MIN_OFFSETS,
        ]
    )
    length = np.concatenate(
        [
            np.full(len(frames_used), np.inf),
            np.abs(edges.u1 - edges.u0)[flat],
            np.tile(np.abs(f_edges.u1 - f_edges.u0)[f_flat], 2),
            np.zeros(len(frames_used) * len(steps)),
        ]
    )
    even = np.concatenate(
        [
            np.zeros(len(value) - len(frames_used) * len(steps), bool),
            np.ones(len(frames_used) * len(steps), bool),
        ]
    )
    value = np.mod(value, depth)
    value = np.where(value > depth - TOL, 0.0, value)
    key = np.round(value / TOL).astype(np.int64)
    order = np.lexsort((np.arange(len(value)), -length, even, frame))
    frame, value, key, even = frame[order], value[order], key[order], even[order]
    # drop repeats of an offset within a frame, keeping its first (most important) one
    by_key = np.lexsort((np.arange(len(key)), key, frame))
    repeat = np.zeros(len(key), bool)
    repeat[by_key[1:]] = (frame[by_key[1:]] == frame[by_key[:-1]]) & (
        key[by_key[1:]] == key[by_key[:-1]]
    )
    frame, value, even = frame[~repeat], value[~repeat], even[~repeat]
    rank = np.arange(len(frame)) - np.searchsorted(frame, frame)
    keep = np.where(even, rank < MIN_OFFSETS, rank < MAX_OFFSETS)
    return _Offsets(frame[keep], value[keep])


def _strips(offsets: _Offsets, v_lo: NDArray, v_hi: NDArray, depth: float) -> _Strips:
    """Every strip of every configuration that lies within the area's extent across rows."""
    lo, hi = v_lo[offsets.frame], v_hi[offsets.frame]
    j0 = np.ceil((lo - offsets.value) / depth - TOL / depth)
    j1 = np.floor((hi - offsets.value) / depth + TOL / depth) - 1
    count = np.maximum(j1 - j0 + 1, 0).astype(np.intp)
    config = np.repeat(np.arange(len(offsets.frame)), count)
    j = j0[config] + (np.arange(len(config)) - np.repeat(np.cumsum(count) - count, count))
    return _Strips(config, offsets.value[config] + j * depth)


def _band_stretches(
    edges: FrameEdges, offsets: _Offsets, strips: _Strips, depth: float, b_low: float, b_high: float
) -> Stretches:
    """Inside stretches of the band ``[low + b_low, low + b_high]`` of every strip."""
    if len(strips.config) == 0 or len(edges.owner) == 0:
        return Stretches.empty()
    # configurations of each edge's frame: offsets are sorted by frame
    first = np.searchsorted(offsets.frame, edges.owner, side="left")
    count = np.searchsorted(offsets.frame, edges.owner, side="right") - first
    edge = np.repeat(np.arange(len(edges.owner)), count)
    config = ranges(first, count)
    # strips of each configuration that the edge passes through (strips sorted by config)
    s_first = np.searchsorted(strips.config, config, side="left")
    s_count = np.searchsorted(strips.config, config, side="right") - s_first
    v_min = np.minimum(edges.v0, edges.v1)[edge]
    v_max = np.maximum(edges.v0, edges.v1)[edge]
    base = strips.low[np.minimum(s_first, len(strips.low) - 1)]  # low of the first strip
    lo_j = np.ceil((v_min - base - b_high) / depth - 1e-9)
    hi_j = np.floor((v_max - base - b_low) / depth + 1e-9)
    lo_j = np.clip(lo_j, 0, s_count).astype(np.intp)
    hi_j = np.clip(hi_j + 1, 0, s_count).astype(np.intp)
    n = np.maximum(hi_j - lo_j, 0)
    pair_edge = np.repeat(edge, n)
    band = ranges(s_first + lo_j, n)
    low = strips.low + b_low
    high = strips.low + b_high
    return inside_stretches(
        band,
        edges.u0[pair_edge],
        edges.v0[pair_edge],
        edges.u1[pair_edge],
        edges.v1[pair_edge],
        low,
        high,
    )


def _merge(a: Stretches, b: Stretches) -> Stretches:
    band = np.concatenate([a.band, b.band])
    start = np.concatenate([a.start, b.start])
    order = np.lexsort((start, band))
    return Stretches(band[order], start[order], np.concatenate([a.end, b.end])[order])


def _first_best(
    group: NDArray[np.intp], value: NDArray[np.float64], n_groups: int
) -> NDArray[np.intp]:
    """Index of the first maximum of ``value`` per group (``group`` sorted), -1 if none."""
    best = np.full(n_groups, -1, np.intp)
    if len(group) == 0:
        return best
    order = np.lexsort((np.arange(len(group)), -value, group))
    first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
    best[group[first]] = first
    return best
