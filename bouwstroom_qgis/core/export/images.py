"""Maps and charts as PNG images for the HTML report, drawn like the PDF's."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pandas as pd
from matplotlib.figure import Figure

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import charts, maps
from bouwstroom_qgis.core.export.context import MapContext
from bouwstroom_qgis.core.export.html import OVERVIEW_IMAGE, STREAM_IMAGE
from bouwstroom_qgis.core.export.labels import text
from bouwstroom_qgis.core.export.maps import SiteMapData
from bouwstroom_qgis.core.export.report_data import ReportData

DPI = 100
PNG_METADATA = {"Software": None}  # no version string: images depend on the data only


def png_bytes(figure: Figure, dpi: int = DPI) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata=PNG_METADATA)
    return buffer.getvalue()


def site_map_png(site: pd.Series, data: ReportData, map_data: SiteMapData) -> bytes:
    figure = Figure(figsize=(8.0, 5.0))
    ax = figure.add_axes((0.005, 0.005, 0.99, 0.99))
    maps.draw_site_map(ax, site, map_data, data.language)
    return png_bytes(figure)


def report_images(
    data: ReportData,
    all_sites: pd.DataFrame,
    bundles: pd.DataFrame | None,
    plan: pd.DataFrame | None,
    context: MapContext,
    map_data: SiteMapData,
) -> Iterator[tuple[str, bytes]]:
    """(key, PNG) of the overview map, the stream chart and each shortlisted site's map.

    Keys are ``"overview"``, ``"stream"`` and the site ids; a generator, so a caller can
    report progress and stop between images.
    """
    figure = Figure(figsize=(8.0, 6.5))
    ax = figure.add_axes((0.005, 0.005, 0.99, 0.99))
    maps.draw_overview_map(ax, all_sites, bundles, context, len(data.sites), data.language)
    yield OVERVIEW_IMAGE, png_bytes(figure)
    if plan is not None and len(plan):
        figure = Figure(figsize=(8.0, 3.6))
        ax = figure.add_axes((0.08, 0.22, 0.9, 0.68))
        lang = data.language
        if charts.stream_chart(ax, plan, text("stream", lang), text("homes_started", lang)):
            yield STREAM_IMAGE, png_bytes(figure)
    for _, site in data.sites.iterrows():
        yield str(site[s.SITE_ID]), site_map_png(site, data, map_data)
