"""The maps' context, from a run's inputs or read again from the scenario."""

from __future__ import annotations

import dataclasses

from bouwstroom_qgis.core.export.context import context_from_scenario, zoning_groups_by_area
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source
from tests.unit.test_export import base_run


def test_read_again_from_the_scenario(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    context = context_from_scenario(run.scenario, Report())
    assert context.zoning is not None and len(context.zoning) > 100
    assert zoning_groups_by_area(context.zoning).index[0] in ("agrarisch", "wonen", "verkeer")
    assert context.bouwvlakken is not None and len(context.bouwvlakken) > 0
    assert [name for name, _ in context.constraints] == [
        "natura2000",
        "geluid",
        "overstroming",
        "leiding",
    ]
    assert context.boundaries is not None and len(context.boundaries) == 2


def test_an_unreadable_input_is_left_out_with_a_warning(tmp_path_factory, tmp_path) -> None:
    run = base_run(tmp_path_factory)
    gone = dataclasses.replace(run.scenario, boundaries=Source(tmp_path / "weg.gpkg"))
    report = Report()
    context = context_from_scenario(gone, report)
    assert context.boundaries is None and context.zoning is not None
    assert [n.message.split(":")[0] for n in report.warnings] == [
        "municipal borders left out of the maps"
    ]
