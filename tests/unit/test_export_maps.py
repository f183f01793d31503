"""Map drawing: geometry to paths, frames, and maps that draw what they should."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export.context import MapContext
from bouwstroom_qgis.core.export.maps import (
    BUNDLES_LABELLED,
    clipped,
    draw,
    draw_overview_map,
    draw_site_map,
    frame_bounds,
    polygon_paths,
    site_map_data,
)


def test_polygon_paths_keep_holes_and_parts() -> None:
    holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [[(2, 2), (4, 2), (4, 4)]])
    two = shapely.MultiPolygon([shapely.box(20, 0, 21, 1), shapely.box(30, 0, 31, 1)])
    paths = polygon_paths(np.array([holed, two, shapely.Point(0, 0)], dtype=object))
    assert len(paths) == 3  # the point is no polygon
    codes = paths[0].codes
    assert (codes == MplPath.MOVETO).sum() == 2 and (codes == MplPath.CLOSEPOLY).sum() == 2
    assert len(paths[0].vertices) == 5 + 4
    assert paths[1].contains_point((20.5, 0.5)) and not paths[1].contains_point((30.5, 0.5))


def test_holes_stay_open_when_filled() -> None:
    """Drawn and filled black: the hole's pixels stay white whichever way its ring runs."""
    for hole in ([(2, 2), (6, 2), (6, 6), (2, 6)], [(2, 2), (2, 6), (6, 6), (6, 2)]):
        holed = shapely.Polygon([(0, 0), (10, 0), (10, 10), (0, 10)], [hole])
        figure = Figure(figsize=(1, 1), dpi=100)
        ax = figure.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.set_axis_off()
        draw(ax, np.array([holed], dtype=object), 1, facecolor="black", edgecolor="none")
        canvas = FigureCanvasAgg(figure)
        canvas.draw()
        image = np.asarray(canvas.buffer_rgba())[..., :3]
        assert image[60, 40].max() > 250  # (4, 4): in the hole
        assert image[10, 90].max() < 5  # (9, 9): in the polygon


def test_frame_has_the_axes_aspect_and_a_minimum_width() -> None:
    frame = frame_bounds((0.0, 0.0, 100.0, 20.0), aspect=1.5, margin=0.1, minimum=50.0)
    width, height = frame[2] - frame[0], frame[3] - frame[1]
    assert width / height == pytest.approx(1.5)
    assert width == pytest.approx(120.0) and (frame[0] + frame[2]) / 2 == pytest.approx(50.0)
    small = frame_bounds((0.0, 0.0, 1.0, 1.0), aspect=1.0, minimum=250.0)
    assert small[2] - small[0] == pytest.approx(250.0)


def test_clipping_keeps_only_what_meets_the_frame() -> None:
    big = shapely.box(-1000, -1000, 1000, 1000)
    far = shapely.box(5000, 5000, 5001, 5001)
    cut = clipped(np.array([big, far], dtype=object), (0.0, 0.0, 100.0, 100.0))
    assert len(cut) == 1 and cut[0].area == pytest.approx(104.0**2)


def test_site_map_draws_parcels_zoning_and_constraints() -> None:
    parcels = pd.DataFrame(
        {
            s.SITE_ID: ["S-1", "S-1", None],
            "geometry": [
                shapely.box(0, 0, 40, 40),
                shapely.box(40, 0, 80, 40),
                shapely.box(80, 0, 120, 40),
            ],
        }
    )
    zoning = gpd.GeoDataFrame(
        {s.HOOFDGROEP: ["wonen"]}, geometry=[shapely.box(-50, -50, 200, 100)], crs=s.RD_NEW
    )
    context = MapContext(
        zoning=zoning,
        constraints=(("geluid", np.array([shapely.box(60, 20, 300, 300)], dtype=object)),),
    )
    data = site_map_data(parcels, context, None)
    site = pd.Series({s.SITE_ID: "S-1", "geometry": shapely.box(0, 0, 80, 40)})
    figure = Figure(figsize=(6, 4))
    ax = figure.add_axes((0, 0, 1, 1))
    drawn = draw_site_map(ax, site, data, "nl")
    assert drawn == 1 + 1 + 2 + 1  # zoning group, outside parcel, two members, the site
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == ["locatie", "percelen", "wonen", "geluid"]


def overview(n_bundles: int) -> list[str]:
    """Bundle-id texts on an overview map of ``n_bundles`` two-site bundles, each checked
    to be in its concept's colour."""
    boxes = [shapely.box(200 * i, 0, 200 * i + 60, 60) for i in range(2 * n_bundles)]
    sites = gpd.GeoDataFrame(
        {s.RANK: np.arange(1, len(boxes) + 1, dtype=float), s.SCORE: 50.0},
        geometry=boxes,
        crs=s.RD_NEW,
    )
    ids = [f"B{i + 1:02d}" for i in range(n_bundles)]
    concepts = ["rijwoning" if i % 2 else "appartementen" for i in range(n_bundles)]
    bundles = gpd.GeoDataFrame(
        {s.BUNDLE_ID: ids, s.CONCEPT: concepts},
        geometry=[shapely.union_all(boxes[2 * i : 2 * i + 2]) for i in range(n_bundles)],
        crs=s.RD_NEW,
    )
    figure = Figure(figsize=(8, 6))
    FigureCanvasAgg(figure)
    ax = figure.add_axes((0, 0, 1, 1))
    draw_overview_map(ax, sites, bundles, MapContext(), 0, "nl")
    palette = colors.concept_colors(concepts)
    texts = [t for t in ax.texts if t.get_text().startswith("B")]
    assert [t.get_color() for t in texts] == [palette[c] for c in concepts][: len(texts)]
    return [t.get_text() for t in texts]


def test_overview_map_labels_each_bundle_in_its_concept_colour() -> None:
    texts = overview(3)
    assert texts == ["B01", "B02", "B03"]


def test_overview_map_leaves_out_bundle_ids_beyond_what_a_page_can_show() -> None:
    texts = overview(BUNDLES_LABELLED + 1)
    assert texts == []
