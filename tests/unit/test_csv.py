import numpy as np
import pandas as pd
import pytest

import bouwstroom_qgis.core.io.csv as csv_module
from bouwstroom_qgis.core.io.csv import rounded, write_csv


@pytest.fixture
def frame():
    return pd.DataFrame(
        {
            "parcel_id": ["GTV01 A 1", "GTV01 A 2, achter", None],
            "score": [72.123456789, np.nan, 0.1 + 0.2],
            "rank": pd.array([1, None, 2], dtype="Int64"),
            "excluded": [False, True, False],
        }
    )


def test_floats_are_rounded_to_six_decimals(frame):
    out = rounded(frame)
    assert out["score"].tolist()[0] == 72.123457 and out["score"].tolist()[2] == 0.3
    assert out["parcel_id"].equals(frame["parcel_id"])


@pytest.mark.parametrize("arrow", [True, False], ids=["pyarrow", "pandas"])
def test_both_writers_give_the_same_table(frame, tmp_path, monkeypatch, arrow):
    if arrow and not csv_module.HAS_ARROW:
        pytest.fail("pyarrow is part of the development environment")
    monkeypatch.setattr(csv_module, "HAS_ARROW", arrow)
    path = tmp_path / "t.csv"
    write_csv(frame, path)
    back = pd.read_csv(path)
    assert back["parcel_id"].tolist()[:2] == ["GTV01 A 1", "GTV01 A 2, achter"]
    assert back["score"].tolist()[0] == 72.123457 and np.isnan(back["score"][1])
    assert back["rank"].tolist()[0] == 1 and np.isnan(back["rank"][1])
    assert back["excluded"].astype(str).str.lower().tolist() == ["false", "true", "false"]
