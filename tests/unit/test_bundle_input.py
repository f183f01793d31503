"""The sites table as bundling reads it: checks, whole homes, each site's owner."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from test_bundling import RULES, line_of_sites

from bouwstroom_qgis.core.bundle_input import check_sites, dominant_owner, whole_homes
from bouwstroom_qgis.core.errors import InputError


def test_dominant_owner_from_owner_or_owners():
    table = pd.DataFrame({"owner": ["Lefier", None]})
    assert dominant_owner(table).tolist()[0] == "Lefier"
    assert pd.isna(dominant_owner(table).iloc[1])
    owners = pd.DataFrame(
        {
            "owners": [
                "Lefier (60%); Gemeente Assen (40%)",
                "onbekend (70%); Nijestee (30%)",
                "Woonzorg Nederland (<1%)",
                None,
            ]
        }
    )
    got = dominant_owner(owners)
    assert got.iloc[0] == "Lefier"
    assert pd.isna(got.iloc[1])  # the largest part has no known owner
    assert got.iloc[2] == "Woonzorg Nederland"
    assert pd.isna(got.iloc[3])
    assert dominant_owner(pd.DataFrame({"x": [1]})).isna().all()


def test_whole_homes():
    ids = np.array(["a", "b", "c"], dtype=object)
    assert whole_homes(pd.Series([3, None, 4.0]), "homes", ids).tolist() == [3, 0, 4]
    with pytest.raises(InputError, match=r"feature b: homes_x is 2\.5"):
        whole_homes(pd.Series([3, 2.5, 4]), "homes_x", ids)
    with pytest.raises(InputError, match="feature c: homes is veel"):
        whole_homes(pd.Series([3, 1, "veel"]), "homes", ids)


def test_missing_geometry_and_ids():
    sites = line_of_sites()
    sites.loc[1, "geometry"] = shapely.Polygon()
    with pytest.raises(InputError, match="feature S-B: has no geometry"):
        check_sites(sites, RULES)
    sites = line_of_sites()
    sites.loc[2, "site_id"] = " "
    with pytest.raises(InputError, match="a site has no site_id"):
        check_sites(sites, RULES)
    check_sites(line_of_sites().set_crs(None, allow_override=True), RULES)  # no CRS: RD assumed
