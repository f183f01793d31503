"""One table as one worksheet: translated headers, number formats, widths, filter, colours.

Sheets are written in openpyxl's write-only mode (rows streamed to the file, so memory
stays flat). Each table sheet has its header in row 1, frozen with the first column,
an autofilter over the whole table, a number format per column, column widths from
the header and the first rows, and the score coloured on the same red-yellow-green
ramp as the maps. A table with contribution columns gets a formula column that sums
them, so anyone can see in Excel that the score is exactly the sum of its parts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import colors
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.labels import header

CHECK = "check"  # the formula column that sums the contributions
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", start_color="E8E8E8")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="top")
MIN_WIDTH, MAX_WIDTH = 8, 60
SAMPLE_ROWS = 200  # rows looked at for a column's width

FORMATS: dict[str, str] = {
    s.SCORE: "0.0",
    s.PARCEL_SCORE: "0.0",
    CHECK: "0.0",
    s.RANK: "0",
    s.AREA: "#,##0",
    s.BUILDABLE: "#,##0",
    s.FOOTPRINT: "#,##0",
    s.GFA: "#,##0",
    s.COMPACTNESS: "0.00",
    s.DENSITY: "0.0",
    c.SPREAD_KM: "0.0",
    "area_ha": "0.00",
}
SHARES = (s.RESIDENTIAL_SHARE, s.OWNER_SHARE, s.COVERAGE, "zoning_coverage")
PREFIX_FORMATS = (
    (s.CONTRIBUTION_PREFIX, "0.00"),
    (s.SHARE_PREFIX, "0%"),
    (s.DIST_PREFIX, "#,##0"),
    (s.HOMES_PREFIX, "0"),
)


def number_format(column: str, dtype: np.dtype | pd.api.extensions.ExtensionDtype) -> str | None:
    """Excel number format of a column, from its name and type; None for text."""
    if column in FORMATS:
        return FORMATS[column]
    if column in SHARES:
        return "0%"
    for prefix, code in PREFIX_FORMATS:
        if column.startswith(prefix):
            return code
    if pd.api.types.is_bool_dtype(dtype):
        return None
    if pd.api.types.is_integer_dtype(dtype):
        return "0"
    if pd.api.types.is_float_dtype(dtype):
        return "0.00"
    return None


def cell_values(values: pd.Series) -> list[object]:
    """Python values openpyxl writes: None for missing, plain ints, floats, bools and text."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return [None if pd.isna(v) else bool(v) for v in values.tolist()]
    if pd.api.types.is_integer_dtype(values.dtype):
        return [None if pd.isna(v) else int(v) for v in values.tolist()]
    if pd.api.types.is_float_dtype(values.dtype):
        array = values.to_numpy(dtype=float, na_value=np.nan)
        return [None if v != v else v for v in array.tolist()]  # NaN != NaN
    return [
        None if v is None or (isinstance(v, float) and v != v) else _text(v)
        for v in values.astype(object).tolist()
    ]


def _text(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def width_of(title: str, values: Sequence[object]) -> float:
    """A column width (characters) that fits the header's longest word and most values."""
    longest = max((len(word) for word in title.split()), default=0)
    sample = [len(str(v)) for v in values[:SAMPLE_ROWS] if v is not None]
    wanted = max([longest + 2, *(n + 2 for n in sample)]) if sample else longest + 2
    return float(min(max(wanted, MIN_WIDTH), MAX_WIDTH))


def with_check(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The table with its contribution columns right after the score, then a check column.

    Returns the reordered table (the check column empty: it becomes a formula) and the
    contribution columns.
    """
    contributions = [col for col in frame.columns if col.startswith(s.CONTRIBUTION_PREFIX)]
    if not contributions or s.SCORE not in frame.columns:
        return frame, []
    before = list(frame.columns[: list(frame.columns).index(s.SCORE) + 1])
    before = [col for col in before if col not in contributions]
    after = [col for col in frame.columns if col not in before and col not in contributions]
    ordered = frame[[*before, *contributions, *after]].copy()
    ordered.insert(len(before), CHECK, np.nan)
    return ordered, contributions


def write_table(
    ws: WriteOnlyWorksheet,
    frame: pd.DataFrame,
    language: str,
    names: Mapping[str, str] | None = None,
    headers: Mapping[str, str] | None = None,
) -> None:
    """Write ``frame`` as the whole sheet ``ws``: header row, then one row per table row.

    Parameters
    ----------
    ws : WriteOnlyWorksheet
        A fresh sheet of a write-only workbook.
    frame : DataFrame
        Machine column names; a ``score`` and ``c_*`` columns get the check formula.
    language : {"nl", "en"}
    names : mapping, optional
        Readable names for family parts (e.g. concept labels), see ``labels.header``.
    headers : mapping, optional
        Headers for columns the label tables do not know.
    """
    frame, contributions = with_check(frame)
    columns = list(frame.columns)
    titles = [(headers or {}).get(col) or header(col, language, names) for col in columns]
    data = [cell_values(frame[col]) for col in columns]
    for i, (title, values) in enumerate(zip(titles, data, strict=True), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width_of(title, values)
    ws.freeze_panes = "C2" if len(columns) > 2 else "A2"
    n = len(frame)
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A1:{last}{n + 1}"
    if s.SCORE in columns and n:
        letter = get_column_letter(columns.index(s.SCORE) + 1)
        ws.conditional_formatting.add(f"{letter}2:{letter}{n + 1}", score_scale())
    ws.append([_header_cell(ws, title) for title in titles])
    templates = [_style_of(ws, number_format(col, frame[col].dtype)) for col in columns]
    check_at = columns.index(CHECK) if contributions else -1
    first = get_column_letter(check_at + 2) if contributions else ""
    end = get_column_letter(check_at + 1 + len(contributions)) if contributions else ""
    for row_number, row in enumerate(zip(*data, strict=True), start=2):
        cells = []
        for j, value in enumerate(row):
            if j == check_at:
                value = f"=SUM({first}{row_number}:{end}{row_number})"
            cell = WriteOnlyCell(ws, value)
            if templates[j] is not None:
                cell._style = templates[j]
            if isinstance(value, str) and value.startswith("=") and j != check_at:
                cell.data_type = "s"  # text from the data is never a formula
            cells.append(cell)
        ws.append(cells)


def _header_cell(ws: WriteOnlyWorksheet, title: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, title)
    cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, HEADER_ALIGNMENT
    return cell


def _style_of(ws: WriteOnlyWorksheet, code: str | None) -> object | None:
    """A style shared by every cell of a column (setting it per cell is slow)."""
    if code is None:
        return None
    template = WriteOnlyCell(ws)
    template.number_format = code
    return template._style


def score_scale() -> ColorScaleRule:
    """Red at 0, yellow at 50 and green at 100 points, the maps' ramp."""
    low, mid, high = (colors.SCORE_COLORS[i].lstrip("#").upper() for i in (0, 2, 4))
    return ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color=low,
        mid_type="num",
        mid_value=50,
        mid_color=mid,
        end_type="num",
        end_value=100,
        end_color=high,
    )
