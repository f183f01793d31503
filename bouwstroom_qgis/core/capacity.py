"""Housing capacity per site per concept: how many homes of each concept fit, and the best.

For every site and concept: the buildable area (``core/buildable.py``), the layout with
the most homes (``core/layout.py``), and from it homes, footprint, gross floor area,
coverage and density. Parking and green are laid out as a strip in front of each row
(``Concept.outdoor_depth``), so a layout never claims more land than the buildable area:
homes <= buildable area / land per home (plot + parking + green) always holds.

Sites are processed in chunks, in parallel threads; each chunk gets private copies of
the zoning and exclusion parts it meets, as GEOS geometries must not be shared between
threads. The result does not depend on the number of threads or the chunk size.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.buildable import (
    BuildableAreas,
    Layer,
    PlanLayers,
    Reason,
    plan_layers,
    site_pairs,
)
from bouwstroom_qgis.core.concepts import Concept, load_concepts
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.frames import dominant_angles, site_frames
from bouwstroom_qgis.core.io.geometry import polygonal_parts
from bouwstroom_qgis.core.layout import Layout, best_layout
from bouwstroom_qgis.core.layout_shapes import layout_polygons
from bouwstroom_qgis.core.overlay import is_polygonal
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report

__all__ = ["CapacityResult", "estimate_capacity"]

log = logging.getLogger(__name__)

CHUNK_SIZE = 2_000
SOURCE = "sites"
EXCLUSIONS = "exclusions"


@dataclass(frozen=True)
class CapacityResult:
    """Capacity table (one row per site, in the sites' order) and optional layouts."""

    table: pd.DataFrame
    layouts: gpd.GeoDataFrame | None


@dataclass(frozen=True)
class _ConceptResult:
    buildings: NDArray[np.int64]
    buildable: NDArray[np.float64]
    reason: NDArray[np.int8]
    layout: Layout


def estimate_capacity(
    sites: gpd.GeoDataFrame,
    concepts: Sequence[Concept] | None = None,
    zoning: gpd.GeoDataFrame | None = None,
    exclusions: gpd.GeoSeries | None = None,
    with_layout: bool = False,
    feedback: Feedback | None = None,
    report: Report | None = None,
    threads: int | None = None,
) -> CapacityResult:
    """Homes of every concept per site, and the best concept.

    Parameters
    ----------
    sites : GeoDataFrame
        ``site_id`` (unique) and polygonal geometry, EPSG:28992 (metres).
    concepts : sequence of Concept, optional
        The shipped catalogue when ``None``.
    zoning : GeoDataFrame, optional
        The normalised zoning table; without it zoning restricts nothing.
    exclusions : GeoSeries, optional
        Polygons no home, garden, parking or green may touch (Natura 2000, pipeline
        strips, ...), e.g. the union of the scenario's exclusion layers.
    with_layout : bool
        Also return the plots, buildings and parking/green strips as polygons.
    feedback : Feedback, optional
        Progress and cancellation.
    report : Report, optional
        Receives repairs of site and exclusion geometry, and exclusions without area.
    threads : int, optional
        Worker threads (default: the number of cores, at most 4).

    Returns
    -------
    CapacityResult
        ``table``: ``site_id``, ``homes_<concept>`` per concept, ``best_concept`` (most
        homes; ties go to the first in the catalogue; empty when nothing fits),
        ``homes``, ``buildings``, ``footprint_m2``, ``gfa_m2`` (bvo), ``coverage``
        (footprint / site area), ``density`` (homes per hectare of site),
        ``buildable_m2`` (of the best concept, else the largest of any concept) and
        ``reason`` (why nothing fits, per concept, when ``homes`` is 0).
        ``layouts``: ``site_id``, ``concept``, ``element`` (gebouw, kavel, parkeren en
        groen), ``homes`` and geometry, when ``with_layout``.

    Raises
    ------
    InputError
        For a missing or repeated ``site_id``, a site without polygonal geometry, or
        no concepts.
    """
    feedback = feedback or Feedback()
    report = report if report is not None else Report()
    concepts = tuple(load_concepts() if concepts is None else concepts)
    if not concepts:
        raise InputError("no concepts to lay out", hint="give at least one concept")
    geoms = _site_geometries(sites, report)
    feedback.report(0.0, "preparing zoning and exclusions")
    plan = plan_layers(_in_rd(zoning, "zoning"), near=geoms)
    excluded = Layer.of(_exclusion_geoms(exclusions, report))
    starts = range(0, len(geoms), CHUNK_SIZE)
    workers = threads or min(os.cpu_count() or 1, 4)

    def chunk(start: int) -> list[_ConceptResult]:
        feedback.check()
        return _chunk(geoms[start : start + CHUNK_SIZE], concepts, excluded, plan)

    results: list[list[_ConceptResult]] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, part in enumerate(pool.map(chunk, starts), start=1):
            results.append(part)
            feedback.report(done / max(len(starts), 1), f"capacity {done}/{len(starts)}")
    per_concept = [_join([r[i] for r in results], start=list(starts)) for i in range(len(concepts))]
    table = _table(sites[s.SITE_ID].to_numpy(), shapely.area(geoms), concepts, per_concept)
    layouts = _layouts(sites[s.SITE_ID].to_numpy(), concepts, per_concept) if with_layout else None
    log.info("capacity: %d sites, %d concepts", len(geoms), len(concepts))
    return CapacityResult(table, layouts)


def _chunk(
    geoms: NDArray[np.object_], concepts: Sequence[Concept], excluded: Layer, plan: PlanLayers
) -> list[_ConceptResult]:
    areas = BuildableAreas(geoms, site_pairs(geoms, excluded, plan))
    angles = dominant_angles(geoms)
    out = []
    for concept in concepts:
        buildable = areas.for_concept(concept)
        frames = site_frames(geoms, buildable.restricted, angles)
        layout = best_layout(
            frames, buildable.area, buildable.footprint_area, buildable.restricted, concept
        )
        area = shapely.area(buildable.area)
        reason = buildable.reason.copy()
        unexplained = (layout.buildings == 0) & (reason == Reason.NONE)
        smallest_row = concept.min_row * concept.width + concept.row_gap
        too_small = area < smallest_row * concept.strip_depth
        reason[unexplained & buildable.restricted] = Reason.BOUWVLAK_TOO_SMALL
        reason[unexplained & ~buildable.restricted & too_small] = Reason.TOO_SMALL
        reason[unexplained & ~buildable.restricted & ~too_small] = Reason.TOO_NARROW
        reason[layout.buildings > 0] = Reason.NONE
        out.append(_ConceptResult(layout.buildings, area, reason, layout))
    return out


def _join(parts: list[_ConceptResult], start: list[int]) -> _ConceptResult:
    """One concept's chunk results as one, site numbers made global."""
    if not parts:
        empty = np.empty(0)
        return _ConceptResult(
            np.empty(0, np.int64),
            empty,
            np.empty(0, np.int8),
            Layout(np.empty(0, np.int64), np.empty(0, np.intp), *([empty] * 6)),
        )

    def cat(name: str) -> np.ndarray:
        return np.concatenate([getattr(p.layout, name) for p in parts])

    layout = Layout(
        buildings=np.concatenate([p.buildings for p in parts]),
        site=np.concatenate([p.layout.site + first for p, first in zip(parts, start, strict=True)]),
        angle=cat("angle"),
        cx=cat("cx"),
        cy=cat("cy"),
        low=cat("low"),
        start=cat("start"),
        end=cat("end"),
    )
    return _ConceptResult(
        layout.buildings,
        np.concatenate([p.buildable for p in parts]),
        np.concatenate([p.reason for p in parts]),
        layout,
    )


def _table(
    site_id: np.ndarray,
    site_area: NDArray[np.float64],
    concepts: Sequence[Concept],
    results: list[_ConceptResult],
) -> pd.DataFrame:
    n = len(site_id)
    per_building = np.array([c.homes_per_building for c in concepts])
    buildings = np.stack([r.buildings for r in results], axis=1)
    homes = buildings * per_building
    buildable = np.stack([r.buildable for r in results], axis=1)
    table = pd.DataFrame({s.SITE_ID: site_id})
    for i, concept in enumerate(concepts):
        table[f"{s.HOMES_PREFIX}{concept.name}"] = homes[:, i]
    best = np.argmax(homes, axis=1)  # the first of equals: catalogue order
    found = homes[np.arange(n), best] > 0
    footprint = np.array([c.footprint_m2 for c in concepts])
    gfa = np.array([c.gfa_per_building_m2 for c in concepts])
    rows = np.arange(n)
    best_buildings = np.where(found, buildings[rows, best], 0)
    best_homes = np.where(found, homes[rows, best], 0)
    names = np.array([c.name for c in concepts], dtype=object)
    table[s.BEST_CONCEPT] = pd.Series(np.where(found, names[best], None), dtype=object)
    table[s.HOMES] = best_homes
    table[s.BUILDINGS] = best_buildings
    table[s.FOOTPRINT] = np.where(found, best_buildings * footprint[best], 0.0)
    table[s.GFA] = np.where(found, best_buildings * gfa[best], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        table[s.COVERAGE] = np.where(site_area > 0, table[s.FOOTPRINT] / site_area, 0.0)
        table[s.DENSITY] = np.where(site_area > 0, best_homes / site_area * 10_000.0, 0.0)
    table[s.BUILDABLE] = np.where(found, buildable[rows, best], buildable.max(axis=1, initial=0))
    table[s.REASON] = pd.Series(_reasons(concepts, results, found), dtype=object)
    return table


def _reasons(
    concepts: Sequence[Concept], results: list[_ConceptResult], found: NDArray[np.bool_]
) -> list[str | None]:
    """Why nothing fits, per concept in catalogue order, equal texts said once."""
    texts = [
        {int(code): Reason(int(code)).text(concept) for code in np.unique(r.reason)}
        for concept, r in zip(concepts, results, strict=True)
    ]
    out: list[str | None] = [None] * len(found)
    for row in np.flatnonzero(~found):
        said = [texts[i][int(r.reason[row])] for i, r in enumerate(results)]
        out[row] = "; ".join(dict.fromkeys(t for t in said if t)) or None
    return out


def _layouts(
    site_id: np.ndarray, concepts: Sequence[Concept], results: list[_ConceptResult]
) -> gpd.GeoDataFrame:
    frames = [layout_polygons(site_id, c, r.layout) for c, r in zip(concepts, results, strict=True)]
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=s.RD_NEW)


def _site_geometries(sites: gpd.GeoDataFrame, report: Report) -> NDArray[np.object_]:
    """The sites' polygons in RD New, invalid ones repaired (and counted)."""
    if s.SITE_ID not in sites.columns:
        raise InputError(f"sites have no '{s.SITE_ID}' column", layer=SOURCE)
    ids = sites[s.SITE_ID]
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise InputError(
            f"site_id '{repeated.iloc[0]}' is used for more than one site",
            layer=SOURCE,
            hint="give every site its own site_id",
        )
    frame = _in_rd(sites, SOURCE)
    assert frame is not None
    geoms = shapely.force_2d(frame.geometry.to_numpy())
    mixed = shapely.get_type_id(geoms) == shapely.GeometryType.GEOMETRYCOLLECTION
    if mixed.any():  # e.g. a union of parcels that left a line along a shared edge
        geoms[mixed] = polygonal(geoms[mixed])
        report.repair(SOURCE, "points and lines left out of site geometry", int(mixed.sum()))
    _check_polygons(geoms, ids)
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        repaired = shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        geoms[invalid] = polygonal(repaired)
        report.repair(
            SOURCE, "invalid site geometry made valid (GEOS make_valid)", int(invalid.sum())
        )
        _check_polygons(geoms, ids)
    return geoms


def polygonal(geoms: NDArray[np.object_]) -> NDArray[np.object_]:
    """The 2D polygonal parts of each geometry; ``None`` where there are none."""
    out = polygonal_parts(shapely.force_2d(np.asarray(geoms, dtype=object)))
    out[shapely.is_empty(out)] = None
    return out


def _check_polygons(geoms: NDArray[np.object_], ids: pd.Series) -> None:
    bad = shapely.is_missing(geoms)
    bad[~bad] = ~is_polygonal(geoms[~bad]) | shapely.is_empty(geoms[~bad])
    if bad.any():
        raise InputError(
            "has no polygon geometry",
            layer=SOURCE,
            feature=f"site_id {ids.iloc[int(np.flatnonzero(bad)[0])]}",
            hint="every site needs a polygon with area",
        )


def _in_rd(frame: gpd.GeoDataFrame | None, name: str) -> gpd.GeoDataFrame | None:
    """The frame in EPSG:28992 (reprojected when it says another CRS)."""
    if frame is None or frame.crs is None or frame.crs.equals(s.RD_NEW):
        return frame
    log.info("%s: reprojected from %s to EPSG:28992", name, frame.crs.to_string())
    return frame.to_crs(s.RD_NEW)


def _exclusion_geoms(exclusions: gpd.GeoSeries | None, report: Report) -> NDArray[np.object_]:
    """Exclusion polygons in RD New, valid; what has no area is said, not used."""
    if exclusions is None or len(exclusions) == 0:
        return np.empty(0, object)
    if exclusions.crs is not None and not exclusions.crs.equals(s.RD_NEW):
        exclusions = exclusions.to_crs(s.RD_NEW)
    geoms = polygonal(exclusions.to_numpy())
    arealess = shapely.is_missing(geoms)
    if arealess.any():
        report.warn(
            EXCLUSIONS,
            "exclusions without area left out; give pipelines and the like as strips "
            "(polygons) of the width to keep free",
            int(arealess.sum()),
        )
    geoms = geoms[~arealess]
    invalid = ~shapely.is_valid(geoms)
    if invalid.any():
        report.repair(
            EXCLUSIONS, "invalid polygons made valid (GEOS make_valid)", int(invalid.sum())
        )
        geoms[invalid] = polygonal(
            shapely.make_valid(geoms[invalid], method="structure", keep_collapsed=False)
        )
    return geoms[~shapely.is_missing(geoms)]
