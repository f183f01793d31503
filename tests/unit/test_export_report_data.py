"""What the report says: facts, parcel parts, summaries."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.report_data import build_report_data, parcel_parts, site_facts
from bouwstroom_qgis.core.export.tables import read_result
from tests.unit.test_export import base_run


def test_parcel_parts_are_area_weighted_means() -> None:
    parcels = pd.DataFrame(
        {s.SITE_ID: ["A", "A", None], s.AREA: [100.0, 300.0, 50.0], "c_x": [10.0, 2.0, 99.0]}
    )
    parts = parcel_parts(parcels, ["A"])
    assert parts.loc["A", "c_x"] == pytest.approx((100 * 10 + 300 * 2) / 400)


def test_report_data_of_a_run(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(run.out / "shortlist.gpkg")
    tables.bundles = run.bundles
    data = build_report_data(tables, run.scenario, 5, "en", "9.9", {})
    assert data.sites[s.RANK].tolist() == [1, 2, 3, 4, 5]
    assert data.totals["ranked"] == 239 and data.totals["bundles"] == len(run.bundles)
    assert data.site_points == {
        "c_percelen": pytest.approx(60.0),
        "c_woningen": pytest.approx(40.0),
    }
    municipalities = data.municipalities
    assert municipalities["sites"].sum() == 239
    assert municipalities["homes"].sum() == tables.sites[s.HOMES].sum()
    facts = dict(site_facts(data.sites.iloc[0], data))
    assert facts["Bundle"] == "B01" and facts["Start"] == "2027-Q1 – 2027-Q2"
    np.testing.assert_allclose(
        data.parcel_parts.sum(axis=1).loc[data.sites[s.SITE_ID]],
        data.sites[s.PARCEL_SCORE].to_numpy(),
        rtol=1e-9,
    )


def test_missing_text_facts_show_a_dash_never_nan(tmp_path_factory) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(run.out / "shortlist.gpkg")
    tables.bundles = run.bundles
    data = build_report_data(tables, run.scenario, 5, "en", "9.9", {})
    site = data.sites.iloc[0].copy()
    site[s.OWNER_TYPE] = np.nan  # how pandas 3's text dtype holds a missing value
    site[s.OWNERS] = None  # how pandas 2 holds one
    site[s.ZONING_MIX] = ""
    facts = dict(site_facts(site, data))
    shown = [facts[k] for k in facts if k in ("Owner type", "Owners", "Zoning mix")]
    assert shown == ["–", "–", "–"]
    assert facts["Municipality"] == str(data.sites.iloc[0][s.MUNICIPALITY])
