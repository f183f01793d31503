"""Text columns and Arrow writes behave alike on pandas 2 and 3, old and new pyogrio."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely
from geopandas import GeoDataFrame

from bouwstroom_qgis.core import compat


def test_missing_values_stay_missing_in_a_text_array() -> None:
    values = np.array(["B1", None, np.nan, 7, 1.5, pd.NA], dtype=object)
    array = compat.text_array(values)
    assert list(pd.isna(array)) == [False, True, True, False, False, True]
    assert [array[i] for i in (0, 3, 4)] == ["B1", "7", "1.5"]


def test_text_array_of_only_missing_values_holds_no_text() -> None:
    array = compat.text_array([None] * 3)
    assert len(array) == 3
    assert pd.isna(array).all()
    assert "None" not in [str(v) for v in array if isinstance(v, str)]


def test_text_array_takes_pyarrow_arrays() -> None:
    pa = pytest.importorskip("pyarrow")
    array = compat.text_array(pa.array(["a; b", None, ""], type=pa.large_string()))
    assert list(pd.isna(array)) == [False, True, False]
    assert array[0] == "a; b"
    assert array[2] == ""


def test_as_text_keeps_index_name_and_missing_values() -> None:
    series = pd.Series(["2026-Q3", None, np.nan], index=[10, 11, 12], name="start")
    text = compat.as_text(series)
    assert list(text.index) == [10, 11, 12]
    assert text.name == "start"
    assert text.isna().tolist() == [False, True, True]
    assert text.str.lower().tolist()[0] == "2026-q3"
    assert not text.astype(object).isin(["nan", "None"]).any()


def test_as_text_writes_whole_numbers_as_text() -> None:
    text = compat.as_text(pd.Series([3, 12], dtype="Int64"))
    assert text.tolist() == ["3", "12"]


def test_text_dtype_is_pandas_own_on_each_version() -> None:
    column = pd.Series(compat.text_array(["a", None]))
    if compat.NATIVE_TEXT:
        assert column.dtype == pd.api.types.pandas_dtype("str")
    else:  # pandas 2: object, as pandas 2 reads text from files
        assert column.dtype == np.dtype(object)


def test_arrow_writes_need_pyarrow_and_pyogrio_0_11() -> None:
    assert compat._major_minor("0.10.0") == (0, 10)
    assert compat._major_minor("0.11.0rc1") == (0, 11)
    assert compat._major_minor("1.0") == (1, 0)
    new_enough = compat._major_minor(pyogrio.__version__) >= (0, 11)
    assert (new_enough and _has_pyarrow()) == compat.ARROW_WRITES
    assert _has_pyarrow() == compat.ARROW_READS


def _has_pyarrow() -> bool:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return False
    return True


def test_an_all_missing_text_column_is_written_and_read_back(tmp_path) -> None:
    frame = GeoDataFrame(
        {"owner": compat.text_array([None, None]), "name": compat.text_array(["a", None])},
        geometry=[shapely.Point(0, 0), shapely.Point(1, 1)],
        crs=28992,
    )
    path = tmp_path / "t.gpkg"
    pyogrio.write_dataframe(frame, path, layer="t", driver="GPKG", use_arrow=compat.ARROW_WRITES)
    back = pyogrio.read_dataframe(path, layer="t")
    assert back["owner"].isna().all()
    assert back["name"].isna().tolist() == [False, True]
    assert back["name"].iloc[0] == "a"
