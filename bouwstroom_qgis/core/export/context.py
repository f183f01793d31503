"""What the report maps show around the sites: zoning, building planes, constraints, borders.

In a run these come from the inputs already read (:func:`context_from_inputs`); when an
older result is exported they are read again from its scenario
(:func:`context_from_scenario`), and an input that can no longer be read leaves its
part of the maps out, with a warning in the report, instead of stopping the export.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import BouwstroomError
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.metrics import OverlayInputs
from bouwstroom_qgis.core.overlay import is_polygonal
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.scenario_model import CONSTRAINT
from bouwstroom_qgis.core.zoning import read_zoning

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MapContext:
    """Polygons drawn under and over the sites, all in EPSG:28992.

    Attributes
    ----------
    zoning : GeoDataFrame or None
        Enkelbestemmingen with ``hoofdgroep``.
    bouwvlakken : ndarray of geometries or None
        Building planes of the zoning plans.
    constraints : tuple of (name, ndarray of geometries)
        Polygons of each constraint layer, in the scenario's order.
    boundaries : ndarray of geometries or None
        Municipal borders.
    """

    zoning: gpd.GeoDataFrame | None = None
    bouwvlakken: np.ndarray | None = None
    constraints: tuple[tuple[str, np.ndarray], ...] = ()
    boundaries: np.ndarray | None = None


def _polygons(frame: gpd.GeoDataFrame | gpd.GeoSeries | None) -> np.ndarray | None:
    if frame is None:
        return None
    geoms = np.asarray(frame.geometry if hasattr(frame, "geometry") else frame, dtype=object)
    polygons = geoms[is_polygonal(geoms)]
    return polygons if len(polygons) else None


def _split_zoning(
    zoning: gpd.GeoDataFrame | None,
) -> tuple[gpd.GeoDataFrame | None, np.ndarray | None]:
    if zoning is None:
        return None, None
    kind = zoning[s.OBJECT_TYPE]
    enkel = zoning[(kind == s.ENKELBESTEMMING).to_numpy() & is_polygonal(zoning.geometry.values)]
    planes = _polygons(zoning[kind == s.BOUWVLAK])
    return gpd.GeoDataFrame(enkel[[s.HOOFDGROEP, "geometry"]], crs=s.RD_NEW), planes


def context_from_inputs(inputs: OverlayInputs) -> MapContext:
    """The map context of a run, from the inputs it read."""
    zoning, planes = _split_zoning(inputs.zoning)
    constraints = tuple(
        (layer.name, polygons)
        for layer in inputs.layers
        if layer.kind == CONSTRAINT and (polygons := _polygons(layer.frame)) is not None
    )
    return MapContext(zoning, planes, constraints, _polygons(inputs.boundaries))


def context_from_scenario(scenario: Scenario, report: Report) -> MapContext:
    """The map context read again from the scenario's inputs; what fails is left out."""
    zoning = None
    if scenario.zoning:
        try:
            zoning = read_zoning(scenario.zoning, Report(), scenario.residential_groups)
        except (BouwstroomError, OSError) as error:
            report.warn("report maps", f"zoning left out of the maps: {error}")
    enkel, planes = _split_zoning(zoning)
    constraints = []
    for spec in scenario.layers:
        if spec.kind != CONSTRAINT:
            continue
        try:
            if spec.source is not None:
                frame = read_vector(
                    spec.source, Report(), role=f"layer '{spec.name}'", expect="any"
                )
            elif zoning is not None:
                chosen = zoning[s.OBJECT_TYPE] == spec.zoning_object
                if spec.zoning_group:
                    chosen &= zoning[s.HOOFDGROEP] == spec.zoning_group
                frame = zoning[chosen]
            else:
                continue
        except (BouwstroomError, OSError) as error:
            report.warn("report maps", f"layer '{spec.name}' left out of the maps: {error}")
            continue
        polygons = _polygons(frame)
        if polygons is not None:
            constraints.append((spec.name, polygons))
    boundaries = None
    if scenario.boundaries is not None:
        try:
            boundaries = _polygons(
                read_vector(scenario.boundaries, Report(), role="boundaries", expect="polygon")
            )
        except (BouwstroomError, OSError) as error:
            report.warn("report maps", f"municipal borders left out of the maps: {error}")
    return MapContext(enkel, planes, tuple(constraints), boundaries)


def empty_context() -> MapContext:
    """No zoning, constraints or borders: the maps show parcels and sites only."""
    return MapContext()


def zoning_groups_by_area(zoning: gpd.GeoDataFrame) -> pd.Series:
    """Area (m²) per main group, largest first; what a map legend lists."""
    area = shapely.area(np.asarray(zoning.geometry.values, dtype=object))
    areas = pd.Series(area, index=zoning[s.HOOFDGROEP].fillna("").to_numpy())
    return areas.groupby(level=0).sum().sort_values(ascending=False)
