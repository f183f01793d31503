"""One table as one sheet: formats, cell values, the check column."""

from __future__ import annotations

import numpy as np
import openpyxl
import pandas as pd
from openpyxl import Workbook

from bouwstroom_qgis.core.export.workbook_table import (
    CHECK,
    cell_values,
    number_format,
    width_of,
    with_check,
    write_table,
)


def test_number_formats_by_name_and_type() -> None:
    assert number_format("score", np.dtype(float)) == "0.0"
    assert number_format("share_geluid", np.dtype(float)) == "0%"
    assert number_format("dist_school", np.dtype(float)) == "#,##0"
    assert number_format("n_parcels", np.dtype("int64")) == "0"
    assert number_format("owner", np.dtype(object)) is None


def test_cell_values_are_plain_python() -> None:
    assert cell_values(pd.Series([1.5, np.nan])) == [1.5, None]
    assert cell_values(pd.Series([1, None], dtype="Int64")) == [1, None]
    assert cell_values(pd.Series(["a\x07b", None], dtype=object)) == ["ab", None]


def test_check_column_after_the_score_then_contributions() -> None:
    frame = pd.DataFrame({"rank": [1], "c_b": [2.0], "score": [5.0], "x": ["y"], "c_a": [3.0]})
    ordered, parts = with_check(frame)
    assert list(ordered.columns) == ["rank", "score", CHECK, "c_b", "c_a", "x"]
    assert parts == ["c_b", "c_a"]


def test_text_that_looks_like_a_formula_stays_text(tmp_path) -> None:
    workbook = Workbook(write_only=True)
    frame = pd.DataFrame({"owner": ["=1+1"], "score": [3.0], "c_a": [1.0], "c_b": [2.0]})
    write_table(workbook.create_sheet("t"), frame, "en")
    workbook.save(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["C2"].value == "=SUM(D2:E2)"
    assert width_of("Score", [1.25]) == 8.0
