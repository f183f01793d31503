"""Strip configurations in frames, and how many buildings each holds.

A *configuration* is a frame and an offset: strips ``strip_depth`` deep tile the frame
across the rows at ``offset + j * strip_depth``. Every strip that lies within the
buildable area's extent is cut into *stretches* whose whole depth lies inside the area
(and, where buildings must stay inside Bouwvlakken, whose building band lies inside the
footprint area); :mod:`~bouwstroom_qgis.core.rows` packs each stretch. Which
configurations to try is :mod:`~bouwstroom_qgis.core.layout`'s choice; own frames get
their offsets from :func:`edge_offsets`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.frames import FrameEdges, Frames, ranges
from bouwstroom_qgis.core.intervals import Stretches, inside_stretches, intersect
from bouwstroom_qgis.core.rows import TOL, buildings_in_length

MIN_OFFSETS = 4
MAX_OFFSETS = 8
EDGE_GRID = 4  # grid offsets per strip depth that fill an own frame up to MIN_OFFSETS


@dataclass(frozen=True)
class Configs:
    """Configurations: ``frame`` (sorted) and the strips' ``offset`` in [0, depth) (m)."""

    frame: NDArray[np.intp]
    offset: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.frame)

    def take(self, keep: NDArray[np.bool_]) -> Configs:
        return Configs(self.frame[keep], self.offset[keep])


@dataclass(frozen=True)
class Strips:
    """Strips of configurations: ``config`` (sorted) and the ``low`` side across rows (m)."""

    config: NDArray[np.intp]
    low: NDArray[np.float64]


@dataclass(frozen=True)
class Counted:
    """Configurations of some frames with their building counts and the stretches used.

    ``free`` holds the stretches that take buildings (``band`` is the strip), ``count``
    the buildings per configuration.
    """

    frames: Frames
    configs: Configs
    strips: Strips
    count: NDArray[np.float64]
    free: Stretches

    @property
    def config_site(self) -> NDArray[np.intp]:
        return self.frames.site[self.configs.frame]


def count_buildings(
    frames: Frames,
    edges: FrameEdges,
    f_edges: FrameEdges,
    configs: Configs,
    v_lo: NDArray[np.float64],
    v_hi: NDArray[np.float64],
    restricted: NDArray[np.bool_],
    concept: Concept,
) -> Counted:
    """Buildings of ``concept`` in every configuration.

    Parameters
    ----------
    frames : Frames
    edges : FrameEdges
        The buildable area's edges in the frames (at least those of ``configs``).
    f_edges : FrameEdges
        The footprint area's edges in the frames of restricted sites.
    configs : Configs
    v_lo, v_hi : ndarray of float
        The buildable area's extent across the rows per frame (:func:`extent`).
    restricted : ndarray of bool
        Per site: buildings must stay inside the footprint area.
    concept : Concept
    """
    depth = concept.strip_depth
    fb_low = concept.outdoor_depth + concept.front_garden
    fb_high = fb_low + concept.depth
    strips = strips_of(configs, v_lo, v_hi, depth)
    whole = band_stretches(edges, configs, strips, depth, 0.0, depth)
    free = whole
    f_strip = restricted[frames.site[configs.frame[strips.config]]]
    # a restricted site without footprint area has no edges here and holds no building:
    # its strips keep nothing (whatever other sites are counted with it)
    if f_strip.any():
        band = band_stretches(f_edges, configs, strips, depth, fb_low, fb_high)
        inner = intersect(whole.take(f_strip[whole.band]), band)
        free = merge(whole.take(~f_strip[whole.band]), inner)
    buildings, _ = buildings_in_length(
        free.end - free.start, concept.width, concept.row_gap, concept.min_row, concept.max_row
    )
    count = np.bincount(
        strips.config[free.band], weights=buildings, minlength=len(configs.frame)
    ).astype(np.float64)
    return Counted(frames, configs, strips, count, free.take(buildings > 0))


def extent(edges: FrameEdges, n_frames: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Lowest and highest ``v`` (across the rows) of each frame's edges; ±inf for none."""
    lo = np.full(n_frames, np.inf)
    hi = np.full(n_frames, -np.inf)
    np.minimum.at(lo, edges.owner, np.minimum(edges.v0, edges.v1))
    np.maximum.at(hi, edges.owner, np.maximum(edges.v0, edges.v1))
    return lo, hi


def u_extent(edges: FrameEdges, n_frames: int) -> NDArray[np.float64]:
    """Length of each frame's edges along the rows, from first to last; 0 for none."""
    lo = np.full(n_frames, np.inf)
    hi = np.full(n_frames, -np.inf)
    np.minimum.at(lo, edges.owner, np.minimum(edges.u0, edges.u1))
    np.maximum.at(hi, edges.owner, np.maximum(edges.u0, edges.u1))
    return np.maximum(hi - lo, 0.0)


def edge_offsets(
    edges: FrameEdges,
    f_edges: FrameEdges,
    v_lo: NDArray[np.float64],
    depth: float,
    fb_low: float,
    fb_high: float,
) -> Configs:
    """Offsets for the own frames: where the count can change, then a grid.

    The buildable area's lowest point, then positions where a strip side meets an edge
    running along the rows, the longest first (for restricted sites also where the
    building band meets an edge of the footprint area), then ``EDGE_GRID`` positions on
    the grid anchored to the frames' origin; ``MIN_OFFSETS`` to ``MAX_OFFSETS`` in all.
    Where the edges run along or across the rows these include every position where the
    count can change, so the count is the exact optimum over strip grids in the frame.
    """
    frames_used = np.flatnonzero(np.isfinite(v_lo))
    flat = np.abs(edges.v1 - edges.v0) <= TOL
    f_flat = np.abs(f_edges.v1 - f_edges.v0) <= TOL
    f_v = f_edges.v0[f_flat]
    steps = np.arange(EDGE_GRID)
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
            np.tile(steps * (depth / EDGE_GRID), len(frames_used)),
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
    return Configs(frame[keep], value[keep])


def strips_of(configs: Configs, v_lo: NDArray, v_hi: NDArray, depth: float) -> Strips:
    """Every strip of every configuration that lies within the area's extent across rows."""
    lo, hi = v_lo[configs.frame], v_hi[configs.frame]
    j0 = np.ceil((lo - configs.offset) / depth - TOL / depth)
    j1 = np.floor((hi - configs.offset) / depth + TOL / depth) - 1
    count = np.maximum(j1 - j0 + 1, 0).astype(np.intp)
    config = np.repeat(np.arange(len(configs.frame)), count)
    j = j0[config] + (np.arange(len(config)) - np.repeat(np.cumsum(count) - count, count))
    return Strips(config, configs.offset[config] + j * depth)


def band_stretches(
    edges: FrameEdges, configs: Configs, strips: Strips, depth: float, b_low: float, b_high: float
) -> Stretches:
    """Inside stretches of the band ``[low + b_low, low + b_high]`` of every strip."""
    if len(strips.config) == 0 or len(edges.owner) == 0:
        return Stretches.empty()
    # configurations of each edge's frame: configurations are sorted by frame
    first = np.searchsorted(configs.frame, edges.owner, side="left")
    count = np.searchsorted(configs.frame, edges.owner, side="right") - first
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


def merge(a: Stretches, b: Stretches) -> Stretches:
    """Both sets of stretches, sorted by band then start."""
    band = np.concatenate([a.band, b.band])
    start = np.concatenate([a.start, b.start])
    order = np.lexsort((start, band))
    return Stretches(band[order], start[order], np.concatenate([a.end, b.end])[order])
