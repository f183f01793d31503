"""The buildable area of a site for one concept, and where its buildings may stand.

Buildable area = the site, minus the concept's setback along the site boundary, minus
the exclusion zones the caller passes (Natura 2000, pipeline strips, ...), minus zoning
where the concept is not allowed:

- Enkelbestemmingen whose main group is not in the concept's ``groups`` (one of unknown
  main group included: an unknown use is never taken as permission);
- Bouwaanduidingen that rule the concept out (:meth:`Concept.forbids`).

Land outside every Enkelbestemming is not buildable when zoning is given: an unknown
zoning is never taken as permission (its reason says so). Without any zoning input, zoning
does not restrict capacity at all, and the run report says that.

Footprint area: within an Enkelbestemming that holds Bouwvlakken, buildings must stand
inside those Bouwvlakken (gardens, parking and green may lie outside them). This is a
property of the plan, not of the site, so a site that grows never loses the rule.

The setback is a distance to the site boundary ("afstand tot de perceelsgrens"): every
point of the buildable area lies at least ``setback`` metres from it, which is the site
eroded by a disk (a round-joined inward buffer). A rectangle stays a rectangle (convex
corners stay sharp); an inner corner gets a rounded margin, never less land than a
square one. The erosion never grows when the site shrinks, which a mitred inward buffer
does not guarantee: at a sharp notch its mitre can stick out of a larger site's one by
square metres. What GEOS draws holds this up to 1 % of the setback: its buffers first
simplify the outline within 1 % of the distance, and arcs are drawn with
``SETBACK_QUAD_SEGS`` chords per quarter circle whose vertices lie on the circle, so at
an inner corner a chord may come up to ``setback`` x (1 - cos 5.6°), 0.5 % of it (1.4 cm
at 3 m), closer than the setback.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import IntEnum

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.io.geometry import polygonal_parts
from bouwstroom_qgis.core.overlay import copy_geoms, is_polygonal, split_large

Geoms = NDArray[np.object_]

# Areas below this are rounding left-overs of the overlays, not land (m²).
MIN_AREA = 0.01
# Chords per quarter circle at the inner corners of a setback: 8 keeps them within 0.5 %
# of the setback of the true arc (1.4 cm at 3 m) for few vertices, as the layout's work
# grows with the buildable area's edges (16 took 1.7 times as long on shapes with many
# inner corners, to gain 1 cm).
SETBACK_QUAD_SEGS = 8


@dataclass(frozen=True)
class Layer:
    """Polygons cut into indexed parts, each with a label (main group, name or None)."""

    parts: Geoms
    label: NDArray[np.object_]
    tree: shapely.STRtree = field(repr=False)

    @classmethod
    def of(cls, geoms: Geoms, label: NDArray[np.object_] | None = None) -> Layer:
        geoms = np.asarray(geoms, dtype=object)
        labels = np.full(len(geoms), None, object) if label is None else np.asarray(label, object)
        keep = is_polygonal(geoms) if len(geoms) else np.zeros(0, bool)
        if not keep.any():
            return cls(np.empty(0, object), np.empty(0, object), shapely.STRtree([]))
        parts, owner = split_large(geoms[keep])
        return cls(parts, labels[keep][owner], shapely.STRtree(parts))

    def pairs(self, sites: Geoms) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
        """(site, part) pairs whose interiors may meet, sorted by site."""
        if len(self.parts) == 0:
            return np.empty(0, np.intp), np.empty(0, np.intp)
        si, pi = self.tree.query(sites, predicate="intersects")
        order = np.lexsort((pi, si))
        return si[order], pi[order]


@dataclass(frozen=True)
class PlanLayers:
    """Zoning prepared for buildable areas: uses, building types, building envelopes."""

    enkel: Layer  # label: IMRO main group or None
    aanduiding: Layer  # label: normalised Bouwaanduiding name
    outside_bouwvlak: Layer  # Enkelbestemming land with Bouwvlakken, outside them


def no_layer() -> Layer:
    return Layer.of(np.empty(0, object))


def plan_layers(zoning: gpd.GeoDataFrame | None, near: Geoms | None = None) -> PlanLayers:
    """Prepare the normalised zoning table (``core/zoning.py``) for buildable areas.

    Parameters
    ----------
    zoning : GeoDataFrame or None
        ``object_type``, ``hoofdgroep``, ``naam`` and geometry (EPSG:28992).
    near : ndarray of geometry, optional
        The sites: only Enkelbestemmingen that meet one get their no-build land
        computed, which saves work on plans far from every site.
    """
    if zoning is None or len(zoning) == 0:
        return PlanLayers(no_layer(), no_layer(), no_layer())
    kind = zoning[s.OBJECT_TYPE].to_numpy(dtype=object)
    geoms = zoning.geometry.to_numpy()
    group = zoning[s.HOOFDGROEP].astype(object).where(zoning[s.HOOFDGROEP].notna(), None)
    enkel = kind == s.ENKELBESTEMMING
    aanduiding = kind == s.BOUWAANDUIDING
    names = _designation_names(zoning[aanduiding])
    return PlanLayers(
        enkel=Layer.of(geoms[enkel], group.to_numpy(dtype=object)[enkel]),
        aanduiding=Layer.of(geoms[aanduiding], names),
        outside_bouwvlak=Layer.of(_outside_bouwvlak(geoms[enkel], geoms[kind == s.BOUWVLAK], near)),
    )


def _designation_names(rows: pd.DataFrame) -> NDArray[np.object_]:
    group = rows[s.HOOFDGROEP].astype("string")
    name = rows[s.NAAM].astype("string") if s.NAAM in rows else group
    text = group.fillna(name).str.strip().str.lower()
    return text.astype(object).where(text.notna(), None).to_numpy(dtype=object)


def _outside_bouwvlak(enkel: Geoms, bouwvlak: Geoms, near: Geoms | None) -> Geoms:
    """Per Enkelbestemming that holds a Bouwvlak: its land outside the Bouwvlakken."""
    if len(enkel) == 0 or len(bouwvlak) == 0:
        return np.empty(0, object)
    if near is not None:
        used = np.unique(shapely.STRtree(enkel).query(near, predicate="intersects")[1])
        enkel = enkel[used]
    ei, bi = shapely.STRtree(bouwvlak).query(enkel, predicate="intersects")
    inner = shapely.relate_pattern(enkel[ei], bouwvlak[bi], "T********")  # interiors meet
    order = np.lexsort((bi[inner], ei[inner]))
    ei, bi = ei[inner][order], bi[inner][order]
    if len(ei) == 0:
        return np.empty(0, object)
    holders = np.unique(ei)
    groups = np.searchsorted(holders, ei)
    envelopes = shapely.buffer(shapely.geometrycollections(bouwvlak[bi], indices=groups), 0.0)
    rest = shapely.difference(enkel[holders], envelopes)
    return rest[~shapely.is_empty(rest)]


@dataclass(frozen=True)
class SitePairs:
    """(site, part) pairs per layer, for the sites of one chunk (local site numbers)."""

    exclusion: tuple[NDArray[np.intp], Geoms]
    enkel: tuple[NDArray[np.intp], Geoms, NDArray[np.object_]]
    aanduiding: tuple[NDArray[np.intp], Geoms, NDArray[np.object_]]
    outside_bouwvlak: tuple[NDArray[np.intp], Geoms]
    zoned: bool = False  # zoning was given: land outside every Enkelbestemming is unknown


def site_pairs(sites: Geoms, exclusions: Layer, plan: PlanLayers) -> SitePairs:
    """Every part of every layer that meets a site, as private copies for one thread.

    Shapely 2 builds a tree when it is made, so several threads may query the same
    tree; the parts are copied because GEOS prepares geometries lazily, which is not
    safe across threads (``subtract`` prepares them).
    """

    def take(layer: Layer) -> tuple[NDArray[np.intp], Geoms, NDArray[np.object_]]:
        si, pi = layer.pairs(sites)
        return si, copy_geoms(layer.parts[pi]), layer.label[pi]

    ex = take(exclusions)
    no_build = take(plan.outside_bouwvlak)
    zoned = len(plan.enkel.parts) > 0
    return SitePairs(ex[:2], take(plan.enkel), take(plan.aanduiding), no_build[:2], zoned)


class Reason(IntEnum):
    """Why a concept has no homes on a site; the text is what users read."""

    NONE = 0
    SETBACK = 1
    EXCLUDED = 2
    ZONING = 3
    DESIGNATION = 4
    NO_BOUWVLAK = 5
    TOO_SMALL = 6
    TOO_NARROW = 7
    BOUWVLAK_TOO_SMALL = 8
    UNKNOWN_ZONING = 9

    def text(self, concept: Concept) -> str | None:
        texts = {
            Reason.NONE: None,
            Reason.SETBACK: f"te smal voor {concept.name}",
            Reason.EXCLUDED: "geheel in uitgesloten gebied",
            Reason.ZONING: "buiten toegestane bestemming",
            Reason.DESIGNATION: f"bouwaanduiding staat {concept.name} niet toe",
            Reason.NO_BOUWVLAK: f"geen bouwvlak voor {concept.name}",
            Reason.TOO_SMALL: f"te klein voor {concept.name}",
            Reason.TOO_NARROW: f"te smal voor {concept.name}",
            Reason.BOUWVLAK_TOO_SMALL: f"bouwvlak te klein voor {concept.name}",
            Reason.UNKNOWN_ZONING: "geen bestemmingsplan bekend",
        }
        return texts[self]


@dataclass(frozen=True)
class Buildable:
    """Buildable and footprint areas per site for one concept, with why they are empty.

    ``restricted`` marks sites whose buildings must stay inside ``footprint_area``;
    ``reason`` holds :class:`Reason` codes (``NONE`` where there is land to build on).
    """

    area: Geoms
    footprint_area: Geoms
    restricted: NDArray[np.bool_]
    reason: NDArray[np.int8]


class BuildableAreas:
    """Buildable areas of one chunk of sites, shared between concepts with equal rules."""

    def __init__(self, sites: Geoms, pairs: SitePairs) -> None:
        self.sites = sites
        self.pairs = pairs
        self._cache: dict[Hashable, tuple[Geoms, NDArray[np.int8]]] = {}
        self._plan: Geoms | None = None

    def for_concept(self, concept: Concept) -> Buildable:
        """Buildable area, footprint area and reasons for ``concept`` per site."""
        area, reason = self._zoned(concept)
        si, parts = self.pairs.outside_bouwvlak
        hit = shapely.intersects(area[si], parts) if len(si) else np.empty(0, bool)
        restricted = np.zeros(len(area), bool)
        restricted[si[hit]] = True
        footprint_area = np.full(len(area), shapely.Polygon(), object)
        footprint_area[restricted] = subtract(area, si[hit], parts[hit])[restricted]
        reason = reason.copy()
        reason[(reason == Reason.NONE) & restricted & _empty(footprint_area)] = Reason.NO_BOUWVLAK
        return Buildable(area, footprint_area, restricted, reason)

    def _base(self, setback: float) -> tuple[Geoms, NDArray[np.int8]]:
        key = ("base", setback)
        if key not in self._cache:
            area = setback_area(self.sites, setback)
            reason = np.where(_empty(area), Reason.SETBACK, Reason.NONE).astype(np.int8)
            si, parts = self.pairs.exclusion
            area = subtract(area, si, parts)
            reason[(reason == Reason.NONE) & _empty(area)] = Reason.EXCLUDED
            self._cache[key] = (area, reason)
        return self._cache[key]

    def _plan_land(self) -> Geoms:
        """:func:`plan_land` of these sites, the same for every concept."""
        if self._plan is None:
            si, parts, _ = self.pairs.enkel
            self._plan = plan_land(si, parts, len(self.sites))
        return self._plan

    def _zoned(self, concept: Concept) -> tuple[Geoms, NDArray[np.int8]]:
        si_a, parts_a, names = self.pairs.aanduiding
        present = np.unique(names[pd.notna(names)].astype(str))
        forbidden = [str(n) for n in present if concept.forbids(str(n))]
        key = ("zoned", concept.setback, concept.groups, tuple(forbidden))
        if key not in self._cache:
            area, reason = self._base(concept.setback)
            reason = reason.copy()
            si, parts, group = self.pairs.enkel
            bad = ~np.isin(group.astype(str), list(concept.groups))
            area = subtract(area, si[bad], parts[bad])
            reason[(reason == Reason.NONE) & _empty(area)] = Reason.ZONING
            if self.pairs.zoned:  # land outside every plan is unknown, not permitted
                area = _within_plans(area, self._plan_land())
                planned = np.zeros(len(area), bool)
                planned[si] = True
                reason[(reason == Reason.NONE) & _empty(area) & ~planned] = Reason.UNKNOWN_ZONING
                reason[(reason == Reason.NONE) & _empty(area)] = Reason.ZONING
            bad = np.isin(names.astype(str), forbidden)
            area = subtract(area, si_a[bad], parts_a[bad])
            reason[(reason == Reason.NONE) & _empty(area)] = Reason.DESIGNATION
            self._cache[key] = (area, reason)
        return self._cache[key]


def setback_area(sites: Geoms, setback: float) -> Geoms:
    """The land of each site at least ``setback`` metres (>= 0) from its boundary.

    The site eroded by a disk of radius ``setback``: straight edges move in square to
    themselves, convex corners stay sharp, inner corners get an arc. A subset of a site
    keeps a subset of its land (within 1 % of ``setback``, see the module docstring).
    """
    return shapely.buffer(sites, -setback, quad_segs=SETBACK_QUAD_SEGS, join_style="round")


def plan_land(site: NDArray[np.intp], parts: Geoms, n_sites: int) -> Geoms:
    """Per site, the union of the Enkelbestemmingen meeting it (None where none do)."""
    out = np.full(n_sites, None, dtype=object)
    if len(site) == 0:
        return out
    order = np.argsort(site, kind="stable")
    site, parts = site[order], parts[order]
    rank = np.arange(len(site)) - np.searchsorted(site, site)
    rows, row_of = np.unique(site, return_inverse=True)
    grid = np.full((len(rows), int(rank.max()) + 1), None, dtype=object)
    grid[row_of, rank] = parts
    out[rows] = shapely.union_all(grid, axis=1)  # one union per site, in one call
    return out


def _within_plans(area: Geoms, land: Geoms) -> Geoms:
    """``area`` clipped to each site's :func:`plan_land` (empty where it has none)."""
    out = np.full(len(area), shapely.Polygon(), dtype=object)
    rows = np.flatnonzero(~shapely.is_missing(land))
    if len(rows) == 0:
        return out
    clipped = shapely.intersection(area[rows], land[rows])
    # an edge shared with the plan's outline is no land: keep areas only
    out[rows] = np.where(shapely.area(clipped) > 0, polygonal_parts(clipped), out[rows])
    return out


def subtract(geoms: Geoms, site: NDArray[np.intp], parts: Geoms) -> Geoms:
    """``geoms`` with the paired parts cut out; one vectorised difference per round.

    Round ``r`` cuts every site's ``r``-th part, so the number of rounds is the largest
    number of parts meeting one site, not the number of pairs. A part that covers the
    site empties it and one that does not reach its interior leaves it alone, without
    an overlay; ``parts`` must be this thread's own (they get prepared).
    """
    out = geoms.copy()
    if len(site) == 0:
        return out
    order = np.argsort(site, kind="stable")
    site, parts = site[order], parts[order]
    shapely.prepare(parts)
    rank = np.arange(len(site)) - np.searchsorted(site, site)
    empty = shapely.Polygon()
    for r in range(int(rank.max()) + 1):
        now = np.flatnonzero(rank == r)
        current = out[site[now]]
        covered = shapely.covers(parts[now], current)
        out[site[now[covered]]] = empty
        cut = ~covered & shapely.intersects(parts[now], current)
        cut[cut] = ~shapely.touches(parts[now[cut]], current[cut])
        out[site[now[cut]]] = shapely.difference(current[cut], parts[now[cut]])
    return out


def _empty(geoms: Geoms) -> NDArray[np.bool_]:
    return shapely.is_empty(geoms) | (shapely.area(geoms) < MIN_AREA)
