"""Tables (CSV, XLSX) as plain text frames, for lists keyed by kadastrale aanduiding."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.inputs import require_file

CSV_SUFFIXES = frozenset({".csv", ".txt", ".tsv"})
XLSX_SUFFIXES = frozenset({".xlsx", ".xlsm"})
TABLE_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | {".xls", ".ods"}
"""Files read as tables, never as map layers (.xls and .ods are refused with advice)."""


def read_table(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str | None]:
    """A CSV or XLSX table with every cell as text, and the sheet read (None for CSV).

    Keys such as ``0123`` stay intact; wholly blank rows are skipped (they hold nothing).
    A CSV's separator is taken from its header line (``;`` as Dutch Excel writes, or
    ``,`` or tab); it is read as UTF-8, else as Windows-1252. A workbook with several
    sheets needs the sheet named.

    Raises
    ------
    InputError
        A file that cannot be parsed, an unknown or unnamed sheet, or a table without rows.
    """
    require_file(path)
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        frame, sheet = _load_csv(path), None
    elif suffix in XLSX_SUFFIXES:
        frame, sheet = _load_xlsx(path, sheet)
    else:
        raise InputError(
            "is a spreadsheet format that cannot be read", path=path, hint="save it as .xlsx or CSV"
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    frame = frame.replace(r"^\s*$", np.nan, regex=True).dropna(how="all")
    if frame.empty:
        raise InputError(
            "has no rows", path=path, layer=sheet, hint="choose the table with the data"
        )
    return frame, sheet


def _load_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # CSV saved by Excel on Windows
    header = next((line for line in text.splitlines() if line.strip()), "")
    if not header:
        raise InputError("is empty", path=path, hint="choose the table with the data")
    # Dutch Excel writes ';'; others ','. The header decides; a tie goes to ';'.
    separator = max((";", ",", "\t"), key=header.count)
    try:
        return pd.read_csv(
            io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
            skip_blank_lines=True,
        )  # fmt: skip
    except (pd.errors.ParserError, ValueError) as exc:
        reason = " ".join(str(exc).split())
        raise InputError(
            f"cannot be read as a table ({reason})",
            path=path,
            hint=f"check that every line has as many '{separator}'-separated values as the header",
        ) from None


def _load_xlsx(path: Path, sheet: str | None) -> tuple[pd.DataFrame, str]:
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            sheets = [str(s) for s in book.sheet_names]
            if sheet is None and len(sheets) != 1:
                raise InputError(
                    f"holds {len(sheets)} sheets and none is chosen: {', '.join(sheets)}",
                    path=path,
                    hint="name the sheet to use as the source's layer",
                )
            if sheet is not None and sheet not in sheets:
                raise InputError(
                    f"no such sheet; the workbook has: {', '.join(sheets)}",
                    path=path,
                    layer=sheet,
                    hint="name one of these sheets",
                )
            chosen = sheet if sheet is not None else sheets[0]
            return pd.read_excel(book, sheet_name=chosen, dtype=str), chosen
    except InputError:
        raise
    except Exception as exc:  # openpyxl and zipfile raise many types for a damaged file
        reason = " ".join(str(exc).split())[:160]
        raise InputError(
            f"cannot be opened as an Excel workbook ({reason})",
            path=path,
            hint="the file is damaged or not .xlsx; save it again from Excel as .xlsx or CSV",
        ) from None
