"""Rows of plots laid out on buildable areas: the most homes of one concept per site.

A layout is a set of parallel *strips*, each ``strip_depth`` metres deep: the row's
parking and green strip, then the plots (front garden, building, back garden). Within a
strip, rows of buildings stand on the *stretches* whose whole depth lies inside the
buildable area (and, where buildings must stay inside Bouwvlakken, whose building band
lies inside the footprint area); :mod:`~bouwstroom_qgis.core.rows` packs each stretch.

Two families of layouts are tried per site (:mod:`~bouwstroom_qgis.core.frames`), and
the best is kept (ties go to the own family, then to the first configuration counted):

- *own*: the site's main directions, with strip offsets where the count can change
  (:func:`~bouwstroom_qgis.core.strips.edge_offsets`). Where the buildable area's edges
  run along or across the rows (rectangles, L-shapes, rectangular Bouwvlakken) the
  count is the exact optimum over strip grids in that orientation.
- *fixed*: every ``FIXED_STEP_DEG`` degrees, on a strip grid of ``FIXED_GRID`` offsets
  per strip depth anchored to one point for all sites. The same candidate plots for
  every site: a plot of the family that fits a smaller site fits any site containing
  it, so the family's best never grows when the site shrinks, and the count reported
  is never below it. Configurations whose upper bound
  (:mod:`~bouwstroom_qgis.core.strip_bounds`) cannot beat the best count so far are
  skipped: that changes no count, only the time taken.

What "never grows when the site shrinks" can mean for a search that tries some
layouts, not all: the fixed family's best never grows (by construction), and the count
reported is never below it. The own family cannot be made site-independent without
losing exact rectangles: a rectangle drawn at any angle inside a larger site would
force the larger site's search to try that angle, so no finite search gives both for
every pair of nested shapes. A smaller site can therefore still come out higher when
its own directions find a layout the larger site's searches miss. Measured with
``benchmarks/capacity_monotonicity.py`` (seed 1) on 3,000 adversarial pairs of slanted
shapes (a site and the site cut at any angle, bitten or shaved by a turned copy of
itself) times the five shipped concepts with their setbacks, 15,000 pairs: 16 grow,
8 of them by one building and none by more than 5, against 128 without the fixed
family; with every setback 0, 26 grow (20 by one building). On 18,470 pairs of real
shapes (``--real``: a site that loses a parcel, merged plan areas and one of them, a
plan area without one of its Bouwvlakken) 15 grow, 8 by one building, none by more than 4.
Exact rectangles at any angle are kept, as the site catalogue's users check them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.frames import (
    Edges,
    FrameEdges,
    Frames,
    fixed_frames,
    frame_edges,
    polygon_edges,
)
from bouwstroom_qgis.core.rows import buildings_in_length
from bouwstroom_qgis.core.strip_bounds import strip_length_bounds
from bouwstroom_qgis.core.strips import (
    Configs,
    Counted,
    count_buildings,
    edge_offsets,
    extent,
    strips_of,
    u_extent,
)

Geoms = NDArray[np.object_]

FIXED_GRID = 8  # strip offsets per strip depth in the fixed frames
# Sites laid out together at most this many outline vertices: the fixed family pairs
# every edge with every orientation and offset (~180 kB per vertex at its peak), so a
# batch of curved outlines (zoning arcs linearised to 1 cm) would otherwise take many GB
VERTICES_PER_BATCH = 5_000
# configurations per site counted in each round of the fixed family, best bounds first
ROUNDS = (2, 8, None)
_NONE_LEFT = np.iinfo(np.int64).max  # "best so far": no fixed frames needed
# added to the area bound's length (m): stretches may cross the outline by rounding
# (core/intervals.py), far less than this over all stretches of a site
AREA_BOUND_SLACK = 1e-3


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
    frames: Frames | None,
    area: Geoms,
    footprint_area: Geoms,
    restricted: NDArray[np.bool_],
    concept: Concept,
    *,
    fixed: bool = True,
) -> Layout:
    """The layout with the most buildings of ``concept`` per site.

    Parameters
    ----------
    frames : Frames or None
        The sites' own frames (:func:`~bouwstroom_qgis.core.frames.site_frames`), or
        None for none.
    area : ndarray of Polygon/MultiPolygon
        Buildable area per site: plots, parking and green stay inside it.
    footprint_area : ndarray of Polygon/MultiPolygon
        Per site where ``restricted``: the area buildings must stay inside.
    restricted : ndarray of bool
        Sites whose buildings must stay inside ``footprint_area``.
    concept : Concept
    fixed : bool
        Also try the fixed family (the default).

    Returns
    -------
    Layout
        Ties between layouts go to the own frames, then to the first configuration
        counted (own frames in order; the fixed family by falling upper bound).
    """
    batches = vertex_batches(
        shapely.get_num_coordinates(area) + shapely.get_num_coordinates(footprint_area),
        VERTICES_PER_BATCH,
    )
    if len(batches) == 1:
        return _best_layout(frames, area, footprint_area, restricted, concept, fixed)
    parts = []
    for first, stop in batches:
        sites = slice(first, stop)
        parts.append(
            _best_layout(
                None if frames is None else _frames_of(frames, first, stop),
                area[sites],
                footprint_area[sites],
                restricted[sites],
                concept,
                fixed,
            )
        )
    return _joined(parts, [first for first, _ in batches])


def vertex_batches(vertices: NDArray[np.int64], budget: int) -> list[tuple[int, int]]:
    """Consecutive ranges ``(first, stop)`` of sites with at most ``budget`` vertices
    together; a site with more than ``budget`` has a range of its own."""
    batches = []
    first, total = 0, 0
    for i, count in enumerate(vertices.tolist()):
        if total and total + count > budget:
            batches.append((first, i))
            first, total = i, 0
        total += count
    batches.append((first, len(vertices)))
    return batches


def _frames_of(frames: Frames, first: int, stop: int) -> Frames:
    """The frames of sites ``first`` to ``stop - 1``, numbered from 0."""
    lo, hi = np.searchsorted(frames.site, [first, stop])
    return Frames(
        frames.site[lo:hi] - first,
        frames.angle[lo:hi],
        frames.cx[lo:hi],
        frames.cy[lo:hi],
        frames.fixed[lo:hi],
    )


def _joined(parts: list[Layout], firsts: list[int]) -> Layout:
    """Layouts of consecutive site ranges as one, site numbers made global."""
    return Layout(
        np.concatenate([p.buildings for p in parts]),
        np.concatenate([p.site + first for p, first in zip(parts, firsts, strict=True)]),
        *(
            np.concatenate([getattr(p, name) for p in parts])
            for name in ("angle", "cx", "cy", "low", "start", "end")
        ),
    )


def _best_layout(
    frames: Frames | None,
    area: Geoms,
    footprint_area: Geoms,
    restricted: NDArray[np.bool_],
    concept: Concept,
    fixed: bool,
) -> Layout:
    n_sites = len(area)
    # oriented, so that the fixed family's bounds can measure cross-sections
    edges = polygon_edges(shapely.orient_polygons(area))
    f_edges = polygon_edges(footprint_area)
    counted = []
    if frames is not None and len(frames):
        counted.append(_own(frames, edges, f_edges, restricted, concept))
    if fixed:
        best = np.zeros(n_sites, np.int64)
        for part in counted:
            np.maximum.at(best, part.config_site, part.count.astype(np.int64))
        best[best >= area_bound(area, concept)] = _NONE_LEFT
        counted += _fixed(edges, f_edges, restricted, concept, best)
    return _chosen(counted, n_sites)


def area_bound(area: Geoms, concept: Concept) -> NDArray[np.int64]:
    """Most buildings an area can hold, from its area alone.

    A layout's stretches are disjoint and a strip deep, so their lengths add up to at
    most the area over the strip depth; rows in several stretches never hold more than
    in one stretch of their total length (:mod:`~bouwstroom_qgis.core.rows`), so rows
    along that length bound the count, row gaps and shortest rows included.
    """
    length = shapely.area(area) / concept.strip_depth + AREA_BOUND_SLACK
    bound, _ = buildings_in_length(
        length, concept.width, concept.row_gap, concept.min_row, concept.max_row
    )
    return bound


def _own(
    frames: Frames, e: Edges, f_e: Edges, restricted: NDArray[np.bool_], concept: Concept
) -> Counted:
    edges = frame_edges(frames, e)
    f_edges = frame_edges(frames, f_e, np.flatnonzero(restricted[frames.site]))
    v_lo, v_hi = extent(edges, len(frames))
    fb_low = concept.outdoor_depth + concept.front_garden
    configs = edge_offsets(
        edges, f_edges, v_lo, concept.strip_depth, fb_low, fb_low + concept.depth
    )
    return count_buildings(frames, edges, f_edges, configs, v_lo, v_hi, restricted, concept)


def _fixed(
    e: Edges,
    f_e: Edges,
    restricted: NDArray[np.bool_],
    concept: Concept,
    best: NDArray[np.int64],
) -> list[Counted]:
    """The fixed family for the sites whose ``best`` so far may still be beaten.

    Configurations are counted in rounds, those with the highest upper bound first;
    before each round those whose bound cannot beat the best count so far are left
    out, which changes no count. ``best`` is updated.
    """
    frames = fixed_frames(np.flatnonzero(best != _NONE_LEFT), restricted)
    edges = frame_edges(frames, e)
    v_lo, v_hi = extent(edges, len(frames))
    step = concept.strip_depth / FIXED_GRID
    used = np.flatnonzero(np.isfinite(v_lo))
    configs = Configs(np.repeat(used, FIXED_GRID), np.tile(np.arange(FIXED_GRID) * step, len(used)))
    bound = _upper_bounds(frames, edges, configs, v_lo, v_hi, concept)
    site = frames.site[configs.frame]
    left = np.ones(len(site), bool)
    counted: list[Counted] = []
    for size in ROUNDS:
        left &= bound > best[site]
        if not left.any():
            break
        now = left if size is None else left & (_rank_within(site, -bound, left) < size)
        in_round = np.zeros(len(frames), bool)
        in_round[configs.frame[now]] = True
        part = count_buildings(
            frames,
            edges.take(in_round[edges.owner]),
            frame_edges(frames, f_e, np.flatnonzero(in_round & restricted[frames.site])),
            configs.take(now),
            v_lo,
            v_hi,
            restricted,
            concept,
        )
        np.maximum.at(best, part.config_site, part.count.astype(np.int64))
        counted.append(part)
        left &= ~now
    return counted


def _upper_bounds(
    frames: Frames,
    edges: FrameEdges,
    configs: Configs,
    v_lo: NDArray[np.float64],
    v_hi: NDArray[np.float64],
    concept: Concept,
) -> NDArray[np.float64]:
    """Most buildings each configuration of the fixed grid can hold (an upper bound)."""
    step = concept.strip_depth / FIXED_GRID
    strips = strips_of(configs, v_lo, v_hi, concept.strip_depth)
    frame = configs.frame[strips.config]
    on_grid = np.rint(strips.low / step).astype(np.int64)
    length = strip_length_bounds(edges, len(frames), frame, on_grid, FIXED_GRID, step)
    length = np.minimum(length, u_extent(edges, len(frames))[frame])
    upper, _ = buildings_in_length(
        length, concept.width, concept.row_gap, concept.min_row, concept.max_row
    )
    return np.bincount(strips.config, weights=upper, minlength=len(configs)).astype(np.float64)


def _rank_within(
    group: NDArray[np.intp], key: NDArray[np.float64], among: NDArray[np.bool_]
) -> NDArray[np.intp]:
    """Rank by ``key`` (then position) of each item of ``among`` within its group."""
    rank = np.full(len(group), np.iinfo(np.intp).max, np.intp)
    at = np.flatnonzero(among)
    order = at[np.lexsort((at, key[at], group[at]))]
    in_order = group[order]
    rank[order] = np.arange(len(order)) - np.searchsorted(in_order, in_order)
    return rank


def _chosen(counted: list[Counted], n_sites: int) -> Layout:
    """The first best configuration per site over everything counted, as a layout."""
    site = np.concatenate([c.config_site for c in counted] + [np.empty(0, np.intp)])
    count = np.concatenate([c.count for c in counted] + [np.empty(0)])
    best = _first_best(site, count, n_sites)
    total = np.zeros(n_sites, np.int64)
    chosen = best >= 0
    total[chosen] = count[best[chosen]].astype(np.int64)
    columns: list[list[NDArray]] = [[np.empty(0, np.intp)]] + [[np.empty(0)] for _ in range(6)]
    first = 0
    for part in counted:
        config = part.strips.config[part.free.band]
        keep = best[part.config_site[config]] == config + first
        frame = part.configs.frame[config[keep]]
        values = (
            part.frames.site[frame],
            part.frames.angle[frame],
            part.frames.cx[frame],
            part.frames.cy[frame],
            part.strips.low[part.free.band[keep]],
            part.free.start[keep],
            part.free.end[keep],
        )
        for column, value in zip(columns, values, strict=True):
            column.append(value)
        first += len(part.count)
    return Layout(total, *(np.concatenate(c) for c in columns))


def _first_best(
    group: NDArray[np.intp], value: NDArray[np.float64], n_groups: int
) -> NDArray[np.intp]:
    """Index of the first maximum of ``value`` per group, -1 for a group without any."""
    best = np.full(n_groups, -1, np.intp)
    if len(group) == 0:
        return best
    order = np.lexsort((np.arange(len(group)), -value, group))
    first = order[np.r_[True, group[order][1:] != group[order][:-1]]]
    best[group[first]] = first
    return best
