"""The chosen layouts as polygons planners can see on the map.

Per building its footprint (``gebouw``) and plot with front and back garden (``kavel``);
per row the strip in front of it that holds the row's parking and green (``parkeren en
groen``). Rows stand as the counting in :mod:`~bouwstroom_qgis.core.rows` placed them:
as even as possible, from the start of each free stretch.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import Concept
from bouwstroom_qgis.core.layout import Layout
from bouwstroom_qgis.core.rows import buildings_in_length, row_positions

BUILDING, PLOT, OUTDOOR = "gebouw", "kavel", "parkeren en groen"


def layout_polygons(site_id: np.ndarray, concept: Concept, layout: Layout) -> gpd.GeoDataFrame:
    """Buildings, plots and the rows' parking and green strips of one concept's layouts.

    Parameters
    ----------
    site_id : ndarray
        Site ids, indexed by the layout's site numbers.
    concept : Concept
    layout : Layout
        The chosen layouts (:func:`~bouwstroom_qgis.core.layout.best_layout`).

    Returns
    -------
    GeoDataFrame
        ``site_id``, ``concept``, ``element`` (gebouw, kavel, parkeren en groen),
        ``homes`` and the polygon in EPSG:28992, ordered by site, element and position.
    """
    buildings, rows = buildings_in_length(
        layout.end - layout.start,
        concept.width,
        concept.row_gap,
        concept.min_row,
        concept.max_row,
    )
    stretch, row, u0 = row_positions(layout.start, buildings, rows, concept.width, concept.row_gap)
    low = layout.low[stretch]
    outdoor = concept.outdoor_depth
    front = low + outdoor + concept.front_garden
    plot = _boxes(layout, stretch, u0, u0 + concept.width, low + outdoor, low + concept.strip_depth)
    body = _boxes(layout, stretch, u0, u0 + concept.width, front, front + concept.depth)
    first = np.ones(len(row), bool)
    first[1:] = row[1:] != row[:-1]
    size = np.bincount(row)[row[first]]
    row_end = u0[first] + size * concept.width
    strip = _boxes(layout, stretch[first], u0[first], row_end, low[first], low[first] + outdoor)
    h = concept.homes_per_building
    parts: list[pd.DataFrame] = []
    for element, geoms, owner, homes in (
        (BUILDING, body, stretch, np.full(len(u0), h)),
        (PLOT, plot, stretch, np.full(len(u0), h)),
        (OUTDOOR, strip, stretch[first], size * h),
    ):
        if outdoor <= 0 and element == OUTDOOR:
            continue
        parts.append(
            pd.DataFrame(
                {
                    s.SITE_ID: site_id[layout.site[owner]],
                    s.CONCEPT: concept.name,
                    s.ELEMENT: element,
                    s.HOMES: homes.astype(np.int64),
                    "geometry": geoms,
                    "_order": np.arange(len(owner)),
                    "_kind": len(parts),
                    "_site": layout.site[owner],
                }
            )
        )
    frame = pd.concat(parts, ignore_index=True)
    frame = frame.sort_values(["_site", "_kind", "_order"], kind="stable")
    return gpd.GeoDataFrame(
        frame.drop(columns=["_order", "_kind", "_site"]).reset_index(drop=True),
        geometry="geometry",
        crs=s.RD_NEW,
    )


def _boxes(
    layout: Layout,
    stretch: NDArray[np.intp],
    u0: NDArray[np.float64],
    u1: NDArray[np.float64],
    v0: NDArray[np.float64],
    v1: NDArray[np.float64],
) -> NDArray[np.object_]:
    """Rectangles given in each stretch's frame, as polygons in RD New."""
    cos = np.cos(layout.angle[stretch])[:, None]
    sin = np.sin(layout.angle[stretch])[:, None]
    u = np.stack([u0, u1, u1, u0, u0], axis=1)
    v = np.stack([v0, v0, v1, v1, v0], axis=1)
    x = layout.cx[stretch][:, None] + u * cos - v * sin
    y = layout.cy[stretch][:, None] + u * sin + v * cos
    return shapely.polygons(np.stack([x, y], axis=2))
