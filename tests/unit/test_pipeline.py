"""The pipeline's own steps between the stages: site ids onto the parcels, inputs let go."""

from __future__ import annotations

import pandas as pd
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import after_overlay, read_inputs, score, with_site_ids
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import load_scenario


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return generate_region(1500, 11, tmp_path_factory.mktemp("region") / "r").scenario


@pytest.fixture(scope="module")
def sites_run(region, tmp_path_factory):
    return score(load_scenario(region), tmp_path_factory.mktemp("out"), with_sites=True)


def test_site_ids_are_those_of_a_left_merge_on_the_parcel_id(sites_run):
    parcels = sites_run.parcels.drop(columns=s.SITE_ID)
    membership = sites_run.sites.membership
    joined = with_site_ids(parcels.iloc[::-1], membership)  # any row order
    merged = parcels.iloc[::-1].merge(membership, on=s.PARCEL_ID, how="left", validate="1:1")
    pd.testing.assert_frame_equal(joined, merged, check_exact=True)
    assert list(joined.columns[-2:]) == ["geometry", s.SITE_ID]
    assert joined[s.SITE_ID].dtype == membership[s.SITE_ID].dtype
    in_sites = int(joined[s.SITE_ID].notna().sum())
    assert in_sites == len(membership) and 0 < in_sites < len(parcels)
    assert sites_run.parcels[s.SITE_ID].notna().sum() == in_sites


def test_site_ids_keep_the_parcels_unchanged(sites_run):
    parcels = sites_run.parcels.drop(columns=s.SITE_ID)
    before = parcels.copy()
    with_site_ids(parcels, sites_run.sites.membership)
    pd.testing.assert_frame_equal(parcels, before)


def test_after_the_overlay_only_the_holdings_are_let_go(region):
    scenario = load_scenario(region)
    inputs = read_inputs(scenario, Report(), Feedback())
    assert inputs.holdings_polygons is not None and len(inputs.holdings_polygons) > 0
    later = after_overlay(inputs)
    assert later.holdings_polygons is None
    assert later.holdings_points is None
    assert later.holdings_by_parcel is None
    assert later.zoning is inputs.zoning and len(later.zoning) > 0
    assert later.layers == inputs.layers and later.boundaries is inputs.boundaries
