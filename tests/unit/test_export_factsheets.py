"""Factsheet pages: the site's text on its page, laid out on A4."""

from __future__ import annotations

import itertools

from matplotlib.backends.backend_agg import FigureCanvasAgg

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.context import context_from_scenario
from bouwstroom_qgis.core.export.factsheets import A4, overview_pages, site_page
from bouwstroom_qgis.core.export.maps import site_map_data
from bouwstroom_qgis.core.export.report_data import build_report_data
from bouwstroom_qgis.core.export.tables import read_result
from bouwstroom_qgis.core.report import Report
from tests.unit.test_export import base_run, exported


def test_site_page_and_overview(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(run.out / "shortlist.gpkg")
    data = build_report_data(tables, run.scenario, 2, "en", "1.0", {})
    context = context_from_scenario(run.scenario, Report())
    page = site_page(data.sites.iloc[1], data, site_map_data(tables.parcels, context, None), 7)
    texts = [t.get_text() for t in page.texts]
    assert tuple(page.get_size_inches()) == A4
    assert f"Site {data.sites.iloc[1][s.SITE_ID]}" in texts
    assert any(
        t.startswith(data.sites.iloc[1][s.MUNICIPALITY]) and "rank 2 of 239" in t for t in texts
    )
    assert "page 7" in texts and len(page.axes) == 2  # the map, and the charts in one panel
    panel = [t.get_text() for t in page.axes[1].texts]
    assert panel[0] == "Score breakdown" and "Capacity per concept" in panel
    overview = overview_pages(data, tables.sites, None, None, context)
    assert len(overview) == 1  # no stream plan: no second page
    assert "Per municipality" in [t.get_text() for t in overview[0].texts]


def test_bundle_table_under_the_stream_chart_has_no_overlapping_text(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(exported(tmp_path_factory) / "shortlist.gpkg")
    assert tables.bundles is not None and tables.plan is not None
    context = context_from_scenario(run.scenario, Report())
    for language in ("nl", "en"):
        data = build_report_data(tables, run.scenario, 2, language, "1.0", {})
        stream = overview_pages(data, tables.sites, tables.bundles, tables.plan, context)[1]
        FigureCanvasAgg(stream).draw()
        renderer = stream.canvas.get_renderer()
        table = [t for t in stream.texts if t.get_position()[1] <= 0.48 + 1e-9]
        rows: dict[float, list] = {}
        for t in table:
            rows.setdefault(round(t.get_position()[1], 4), []).append(t.get_window_extent(renderer))
        assert len(rows) >= 2  # the header and at least one bundle
        for boxes in rows.values():
            boxes.sort(key=lambda box: box.x0)
            for left, right in itertools.pairwise(boxes):
                assert left.x1 <= right.x0, "texts in one row of the bundle table overlap"
        words = {t.get_text() for t in table}
        names = set(tables.bundles[s.CONCEPT].astype(str))
        assert {name.replace("_", " ") for name in names} <= words


def test_key_figures_leave_room_for_their_longest_label(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(run.out / "shortlist.gpkg")
    context = context_from_scenario(run.scenario, Report())
    data = build_report_data(tables, run.scenario, 2, "nl", "1.0", {})
    page = site_page(data.sites.iloc[0], data, site_map_data(tables.parcels, context, None), 3)
    FigureCanvasAgg(page).draw()
    renderer = page.canvas.get_renderer()
    labels = next(t for t in page.texts if t.get_text().startswith("Gemeente\n"))
    values = next(
        t for t in page.texts if t.get_position()[1] == labels.get_position()[1] and t is not labels
    )
    assert "Bebouwbaar oppervlak (m²)" in labels.get_text()
    gap = values.get_window_extent(renderer).x0 - labels.get_window_extent(renderer).x1
    assert gap >= 0.005 * page.bbox.width  # at least half a character between them
