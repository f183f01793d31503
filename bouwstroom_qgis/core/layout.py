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
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.intervals import Stretches, inside_stretches, intersect
from bouwstroom_qgis.core.rows import TOL, buildings_in_length

Geoms = NDArray[np.object_]

MIN_OFFSETS = 4
MAX_OFFSETS = 8
SECOND_DIRECTION_SHARE = 0.25  # of the dominant direction's edge length
SECOND_DIRECTION_MIN_DEG = 10.0
_BINS = 90  # one-degree bins of edge directions modulo 90°
_RIGHT = np.pi / 2


@dataclass(frozen=True)
class Edges:
    """Straight edges of polygon rings; ``owner`` is the polygon's index."""

    owner: NDArray[np.intp]
    x0: NDArray[np.float64]
    y0: NDArray[np.float64]
    x1: NDArray[np.float64]
    y1: NDArray[np.float64]


@dataclass(frozen=True)
class FrameEdges:
    """Edges in the frames' coordinates: ``u`` along the rows, ``v`` across; ``owner`` = frame."""

    owner: NDArray[np.intp]
    u0: NDArray[np.float64]
    v0: NDArray[np.float64]
    u1: NDArray[np.float64]
    v1: NDArray[np.float64]


@dataclass(frozen=True)
class Frames:
    """Orientations to try: rows run along ``angle`` (radians) around ``(cx, cy)``."""

    site: NDArray[np.intp]
    angle: NDArray[np.float64]
    cx: NDArray[np.float64]
    cy: NDArray[np.float64]


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


def polygon_edges(geoms: Geoms) -> Edges:
    """Every edge of every ring (exteriors and holes) of polygonal geometries."""
    parts, part_owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    coords, coord_ring = shapely.get_coordinates(rings, return_index=True)
    k = np.flatnonzero(coord_ring[1:] == coord_ring[:-1])
    owner = part_owner[ring_part[coord_ring[k]]]
    return Edges(owner, coords[k, 0], coords[k, 1], coords[k + 1, 0], coords[k + 1, 1])


def dominant_angles(sites: Geoms) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """One or two main edge directions per site (radians in [0, π/2)).

    Edge lengths are summed per one-degree direction bin modulo 90° (so a rectangle's
    four sides agree); the peak, smoothed over neighbouring bins, gives the direction,
    taken exactly from the longest edge near it. A second peak at least
    ``SECOND_DIRECTION_MIN_DEG`` away counts when it has ``SECOND_DIRECTION_SHARE`` of
    the first one's length.

    Returns
    -------
    site : ndarray of int
        Site index of each direction, sites in order, the dominant direction first.
    angle : ndarray of float
    """
    e = polygon_edges(sites)
    dx, dy = e.x1 - e.x0, e.y1 - e.y0
    length = np.hypot(dx, dy)
    angle = np.mod(np.arctan2(dy, dx), _RIGHT)
    degrees = np.degrees(angle)
    bins = np.minimum(degrees.astype(np.int64), _BINS - 1)
    n = len(sites)
    hist = np.bincount(e.owner * _BINS + bins, weights=length, minlength=n * _BINS)
    hist = hist.reshape(n, _BINS)
    smooth = hist + np.roll(hist, 1, axis=1) + np.roll(hist, -1, axis=1)
    first = np.argmax(smooth, axis=1)
    weight1 = smooth[np.arange(n), first]
    distance = np.abs(((np.arange(_BINS)[None, :] - first[:, None]) + 45) % 90 - 45)
    rest = np.where(distance >= SECOND_DIRECTION_MIN_DEG, smooth, 0.0)
    second = np.argmax(rest, axis=1)
    has_second = rest[np.arange(n), second] >= SECOND_DIRECTION_SHARE * weight1
    has_first = weight1 > 0
    angle1 = _edge_near(e.owner, degrees, length, angle, first, n)
    angle2 = _edge_near(e.owner, degrees, length, angle, second, n)
    site = np.concatenate([np.flatnonzero(has_first), np.flatnonzero(has_first & has_second)])
    value = np.concatenate([angle1[has_first], angle2[has_first & has_second]])
    order = np.argsort(site, kind="stable")
    return site[order], value[order]


def _edge_near(
    owner: NDArray[np.intp],
    degrees: NDArray[np.float64],
    length: NDArray[np.float64],
    angle: NDArray[np.float64],
    peak: NDArray[np.int64],
    n: int,
) -> NDArray[np.float64]:
    """Direction of each site's longest edge within 1.5° of its peak bin's centre."""
    offset = np.abs((degrees - (peak[owner] + 0.5) + 45.0) % 90.0 - 45.0)
    weight = np.where(offset <= 1.5, length, -1.0)
    result = np.zeros(n)
    if len(owner) == 0:
        return result
    order = np.lexsort((-weight, owner))
    first = order[np.r_[True, owner[order][1:] != owner[order][:-1]]]
    result[owner[first]] = angle[first]
    return result


def site_frames(
    sites: Geoms,
    flipped: NDArray[np.bool_],
    angles: tuple[NDArray[np.intp], NDArray[np.float64]] | None = None,
) -> Frames:
    """Frames to try per site: main directions, turned by 90° (and 180° where ``flipped``).

    ``angles`` are :func:`dominant_angles` of ``sites`` when already known.
    """
    site, angle = dominant_angles(sites) if angles is None else angles
    frame_site = [site, site]
    frame_angle = [angle, angle + _RIGHT]
    flip = flipped[site]
    for turn in (np.pi, np.pi + _RIGHT):
        frame_site.append(site[flip])
        frame_angle.append(angle[flip] + turn)
    all_site = np.concatenate(frame_site)
    order = np.argsort(all_site, kind="stable")
    all_site = all_site[order]
    bounds = shapely.bounds(sites)
    cx = (bounds[:, 0] + bounds[:, 2]) / 2
    cy = (bounds[:, 1] + bounds[:, 3]) / 2
    return Frames(all_site, np.concatenate(frame_angle)[order], cx[all_site], cy[all_site])


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
    edges = _frame_edges(frames, polygon_edges(area))
    f_frames = np.flatnonzero(restricted[frames.site])
    f_edges = _frame_edges(frames, polygon_edges(footprint_area), f_frames)
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


def _frame_edges(frames: Frames, e: Edges, only: NDArray[np.intp] | None = None) -> FrameEdges:
    """The polygons' edges repeated per frame of their site, in the frame's coordinates."""
    frame_ids = np.arange(len(frames.site)) if only is None else only
    site_of_frame = frames.site[frame_ids]
    first = np.searchsorted(e.owner, site_of_frame, side="left")
    count = np.searchsorted(e.owner, site_of_frame, side="right") - first
    frame = np.repeat(frame_ids, count)
    edge = _ranges(first, count)
    cos, sin = np.cos(frames.angle[frame]), np.sin(frames.angle[frame])
    cx, cy = frames.cx[frame], frames.cy[frame]

    def rotate(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
        x, y = x - cx, y - cy
        return x * cos + y * sin, -x * sin + y * cos

    u0, v0 = rotate(e.x0[edge], e.y0[edge])
    u1, v1 = rotate(e.x1[edge], e.y1[edge])
    return FrameEdges(frame, u0, v0, u1, v1)


def _ranges(first: NDArray[np.intp], count: NDArray[np.intp]) -> NDArray[np.intp]:
    """Concatenated ``arange(first[i], first[i] + count[i])``."""
    total = int(count.sum())
    if total == 0:
        return np.empty(0, np.intp)
    starts = np.repeat(first - (np.cumsum(count) - count), count)
    return starts + np.arange(total)


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
    config = _ranges(first, count)
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
    band = _ranges(s_first + lo_j, n)
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
