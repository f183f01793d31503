"""Result tables: bundle membership, summaries, owners, reading a result."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.tables import (
    main_owner,
    plan_homes_column,
    read_result,
    site_bundles,
    summary_by,
)

SITES = pd.DataFrame(
    {
        s.SITE_ID: ["S-a", "S-b", "S-c", "S-d"],
        s.RANK: [1.0, 2.0, np.nan, 3.0],
        s.HOMES: [20, 10, 5, 0],
        s.MUNICIPALITY: ["Assen", "Assen", "Emmen", None],
    }
)
BUNDLES = pd.DataFrame(
    {
        c.BUNDLE_ID: ["B1", "B2"],
        c.SITE_IDS: ["S-a; S-c", "S-b"],
        c.START_QUARTER: ["2027-Q1", "2027-Q3"],
        c.END_QUARTER: ["2027-Q2", "2027-Q4"],
    }
)


def test_membership_from_the_bundles_site_lists() -> None:
    joined = site_bundles(SITES, BUNDLES)
    assert joined[c.BUNDLE_ID].tolist()[:3] == ["B1", "B2", "B1"]
    assert pd.isna(joined[c.BUNDLE_ID].iloc[3])  # S-d is in no bundle
    assert joined[c.START_QUARTER].tolist()[:3] == ["2027-Q1", "2027-Q3", "2027-Q1"]


def test_membership_from_the_sites_own_column() -> None:
    sites = SITES.assign(**{c.BUNDLE_ID: ["B2", None, None, "B1"]})
    joined = site_bundles(sites, BUNDLES)
    assert (
        joined[c.END_QUARTER].tolist()[0] == "2027-Q4"
        and joined[c.END_QUARTER].tolist()[3] == "2027-Q2"
    )
    assert site_bundles(SITES, None)[c.BUNDLE_ID].isna().all()


def test_summary_counts_ranked_homes_and_bundled() -> None:
    in_bundle = site_bundles(SITES, BUNDLES)[c.BUNDLE_ID].notna()
    table = summary_by(SITES, SITES[s.MUNICIPALITY], in_bundle)
    # S-d has no municipality: in no row; S-c is unranked: its homes count only as bundled
    assert table["key"].tolist() == ["Assen", "Emmen"]
    assert table["sites"].tolist() == [2, 1] and table["ranked"].tolist() == [2, 0]
    assert table["homes"].tolist() == [30, 0] and table["bundled"].tolist() == [30, 5]
    assert table["best_rank"].iloc[0] == 1.0 and np.isnan(table["best_rank"].iloc[1])


def test_main_owner_is_the_first_of_the_list() -> None:
    owners = pd.Series(["Woonzorg (70%); Gemeente Assen (30%)", "Lefier (100%)", None, ""])
    assert main_owner(owners).tolist()[:2] == ["Woonzorg", "Lefier"]
    assert main_owner(owners).isna().tolist()[2:] == [True, True]


def test_plan_homes_column() -> None:
    assert plan_homes_column(pd.DataFrame(columns=["quarter", "homes"])) == "homes"
    assert (
        plan_homes_column(pd.DataFrame(columns=["quarter", "homes_started", "homes"]))
        == "homes_started"
    )
    assert plan_homes_column(pd.DataFrame(columns=["quarter"])) is None


def test_reading_something_else_is_an_input_error(tmp_path) -> None:
    with pytest.raises(InputError, match="no result GeoPackage here"):
        read_result(tmp_path / "shortlist.gpkg")
    other = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[shapely.box(0, 0, 1, 1)], crs=s.RD_NEW).to_file(
        other, layer="x"
    )
    with pytest.raises(InputError, match="has no layer 'parcels'"):
        read_result(other)
