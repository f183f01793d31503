"""The checks every reader makes first: the file is there, and so is a field a scenario names."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely import box

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.inputs import fields_text, require_field, require_file


def test_missing_file_gets_the_scenario_advice(tmp_path):
    with pytest.raises(InputError) as caught:
        require_file(tmp_path / "bezit.csv")
    assert str(caught.value) == (
        f"{tmp_path / 'bezit.csv'}: file not found; check the path; relative paths are read "
        "from the scenario's folder"
    )
    (tmp_path / "bezit.csv").write_text("a\n")
    require_file(tmp_path / "bezit.csv")


def test_fields_without_geometry():
    layer = gpd.GeoDataFrame({"naam": ["a"], "code": [1]}, geometry=[box(0, 0, 1, 1)])
    assert fields_text(layer) == "naam, code"
    assert fields_text(pd.DataFrame({"perceel": ["x"]})) == "perceel"
    assert fields_text(gpd.GeoDataFrame(geometry=[box(0, 0, 1, 1)])) == "none"


def test_require_field_returns_the_column_or_lists_the_fields(tmp_path):
    table = pd.DataFrame({"perceel": ["OTL02 B 2298"], "eigenaar": ["Gemeente"]})
    assert require_field(table, "eigenaar", "owner_field", path=tmp_path, layer=None).tolist() == [
        "Gemeente"
    ]
    with pytest.raises(InputError) as caught:
        require_field(table, "owner", "owner_field", path=tmp_path / "b.csv", layer="Blad1")
    assert str(caught.value) == (
        f"{tmp_path / 'b.csv'}, layer 'Blad1': has no field 'owner' (owner_field); its fields "
        "are: perceel, eigenaar; set owner_field to one of these fields"
    )
