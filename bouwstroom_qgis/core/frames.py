"""Frames layouts are tried in: the site's own main directions, and a fixed family.

A frame is an orientation: rows run along ``angle``; coordinates are rotated about one
fixed point, ``ORIGIN``, for every site, so a strip position across the rows means the
same line on the map whichever site it is tried for. Two kinds of frames:

- *own* frames (:func:`site_frames`): the site's main edge directions, turned by 90°
  (and 180° where buildings must stay inside Bouwvlakken). Edges are weighted by length
  per one-degree direction bin modulo 90°, so the four sides of a rectangle agree and
  a long street frontage outweighs a ragged back boundary. These make rectangles and
  other shapes whose edges run along or across the rows come out exact.
- *fixed* frames (:func:`fixed_frames`): every ``FIXED_STEP_DEG`` degrees, the same for
  every site. Laid out on a strip grid anchored to ``ORIGIN`` they form a family of
  candidate plots that does not depend on the site, so whatever of it fits a smaller
  site also fits a larger one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from numpy.typing import NDArray

Geoms = NDArray[np.object_]

# Any fixed point will do; this one (RD New's Amersfoort) keeps rotated coordinates
# within a few hundred kilometres, where float64 resolves far below a micrometre.
ORIGIN = (155_000.0, 463_000.0)
FIXED_STEP_DEG = 5.0  # the fixed family's orientations: every 5°, rows along or across
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

    def take(self, keep: NDArray[np.bool_]) -> FrameEdges:
        return FrameEdges(
            self.owner[keep], self.u0[keep], self.v0[keep], self.u1[keep], self.v1[keep]
        )


@dataclass(frozen=True)
class Frames:
    """Orientations to try: rows run along ``angle`` (radians) around ``(cx, cy)``.

    ``site`` is sorted; ``fixed`` marks frames of the fixed family (:func:`fixed_frames`).
    """

    site: NDArray[np.intp]
    angle: NDArray[np.float64]
    cx: NDArray[np.float64]
    cy: NDArray[np.float64]
    fixed: NDArray[np.bool_]

    @classmethod
    def about_origin(
        cls, site: NDArray[np.intp], angle: NDArray[np.float64], fixed: bool
    ) -> Frames:
        n = len(site)
        return cls(site, angle, np.full(n, ORIGIN[0]), np.full(n, ORIGIN[1]), np.full(n, fixed))

    def __len__(self) -> int:
        return len(self.site)


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
    """Own frames per site: main directions, turned by 90° (and 180° where ``flipped``).

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
    return Frames.about_origin(all_site[order], np.concatenate(frame_angle)[order], fixed=False)


def fixed_frames(sites: NDArray[np.intp], flipped: NDArray[np.bool_]) -> Frames:
    """The fixed family for the given sites: rows every ``FIXED_STEP_DEG`` degrees over a
    half turn (so along and across), over a full turn where ``flipped``.

    The same angles for every site: a site that shrinks is tried in the same frames.

    Parameters
    ----------
    sites : ndarray of int
        Site numbers, sorted.
    flipped : ndarray of bool
        Per site number (all sites): buildings must stay inside Bouwvlakken, so the
        parking strip may lie on either side of the plots.
    """
    half = np.radians(np.arange(0.0, 180.0, FIXED_STEP_DEG))
    per_site = np.where(np.asarray(flipped, bool)[sites], 2 * len(half), len(half))
    site = np.repeat(sites, per_site)
    rank = np.arange(len(site)) - np.repeat(np.cumsum(per_site) - per_site, per_site)
    angle = half[rank % len(half)] + np.pi * (rank >= len(half))
    return Frames.about_origin(site, angle, fixed=True)


def frame_edges(frames: Frames, e: Edges, only: NDArray[np.intp] | None = None) -> FrameEdges:
    """The polygons' edges repeated per frame of their site (``only`` those frames), rotated."""
    frame_ids = np.arange(len(frames.site)) if only is None else only
    site_of_frame = frames.site[frame_ids]
    first = np.searchsorted(e.owner, site_of_frame, side="left")
    count = np.searchsorted(e.owner, site_of_frame, side="right") - first
    frame = np.repeat(frame_ids, count)
    edge = ranges(first, count)
    cos, sin = np.cos(frames.angle[frame]), np.sin(frames.angle[frame])
    cx, cy = frames.cx[frame], frames.cy[frame]

    def rotate(x: NDArray[np.float64], y: NDArray[np.float64]) -> tuple[NDArray, NDArray]:
        x, y = x - cx, y - cy
        return x * cos + y * sin, -x * sin + y * cos

    u0, v0 = rotate(e.x0[edge], e.y0[edge])
    u1, v1 = rotate(e.x1[edge], e.y1[edge])
    return FrameEdges(frame, u0, v0, u1, v1)


def ranges(first: NDArray[np.intp], count: NDArray[np.intp]) -> NDArray[np.intp]:
    """Concatenated ``arange(first[i], first[i] + count[i])``."""
    total = int(count.sum())
    if total == 0:
        return np.empty(0, np.intp)
    starts = np.repeat(first - (np.cumsum(count) - count), count)
    return starts + np.arange(total)
