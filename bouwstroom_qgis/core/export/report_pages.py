"""The PDF and HTML report drawn with matplotlib: pages and images, made one at a time.

Pages are produced by generators and written as they come, so a report of hundreds of
sites never holds more than one page in memory; cancelling between two pages leaves
no file behind (each file is written atomically).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
from matplotlib.figure import Figure

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.context import MapContext
from bouwstroom_qgis.core.export.factsheets import overview_pages, site_page
from bouwstroom_qgis.core.export.html import render_html, write_html
from bouwstroom_qgis.core.export.images import report_images
from bouwstroom_qgis.core.export.maps import SiteMapData, site_map_data
from bouwstroom_qgis.core.export.pdf import report_style, write_pdf
from bouwstroom_qgis.core.export.report_data import ReportData
from bouwstroom_qgis.core.export.tables import ResultTables
from bouwstroom_qgis.core.progress import Feedback


def pdf_pages(
    data: ReportData, tables: ResultTables, context: MapContext, map_data: SiteMapData
) -> Iterator[Figure]:
    """The overview pages, then one factsheet per shortlisted site."""
    overview = overview_pages(data, all_sites(tables), tables.bundles, tables.plan, context)
    yield from overview
    for page, (_, site) in enumerate(data.sites.iterrows(), start=len(overview) + 1):
        yield site_page(site, data, map_data, page)


def all_sites(tables: ResultTables) -> gpd.GeoDataFrame:
    """The result's sites; none (an empty layer) for a result of parcels only."""
    if tables.sites is not None:
        return tables.sites
    return gpd.GeoDataFrame({s.SITE_ID: [], s.RANK: [], s.SCORE: []}, geometry=[], crs=s.RD_NEW)


def overview_count(tables: ResultTables) -> int:
    """Pages before the first factsheet: the overview, and the stream plan when there is one."""
    return 1 + int(tables.plan is not None and len(tables.plan) > 0)


def write_report(
    paths: dict[str, Path],
    data: ReportData,
    tables: ResultTables,
    context: MapContext,
    overwrite: bool,
    feedback: Feedback,
) -> tuple[int, dict[str, Path]]:
    """Write ``shortlist.pdf`` and ``shortlist.html``.

    Returns
    -------
    pages : int
        Pages of the PDF.
    written : dict
        ``{"pdf": path, "html": path}``.
    """
    map_data = site_map_data(tables.parcels, context, tables.layouts)
    count = overview_count(tables) + len(data.sites)
    pages = write_pdf(
        paths["pdf"],
        pdf_pages(data, tables, context, map_data),
        count,
        title=data.title,
        overwrite=overwrite,
        feedback=feedback.step(0.0, 0.6),
    )
    images: dict[str, bytes] = {}
    step = feedback.step(0.6, 0.98)
    total = len(data.sites) + 2
    with report_style():
        for key, png in report_images(
            data,
            all_sites(tables),
            tables.bundles,
            tables.plan,
            context,
            map_data,
        ):
            images[key] = png
            step.report(len(images) / total, f"report image {len(images)} of {total}")
    html = write_html(paths["html"], render_html(data, tables.bundles, images), overwrite)
    return pages, {"pdf": paths["pdf"], "html": html}
