"""The Excel workbook ``shortlist.xlsx`` for people who do not use GIS.

Sheets, in order: an about sheet (what each sheet holds, the scenario, and the note on
how many parcels the parcels sheet shows), sites, bundles and the stream plan (when
the result has them), parcels, exclusion rules with their counts, criteria and
weights, and the provenance. Headers are Dutch by default, English on request; the
numbers are the GeoPackage's, unrounded, with number formats for reading.

Excel holds at most 1,048,576 rows a sheet, and a workbook of a million rows is of no
use to a reader: the parcels sheet holds the best ``parcel_rows`` parcels that are
not excluded (10,000 by default), and the about sheet says so. Every parcel is in
``shortlist.gpkg`` and ``shortlist.csv``.

The file is byte-for-byte the same for the same result: the document's creation time
is fixed and the zip entries carry a fixed date.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.criteria import criteria_table, exclusions_table
from bouwstroom_qgis.core.export.labels import number, text
from bouwstroom_qgis.core.export.provenance import Provenance, provenance_table, rerun_steps
from bouwstroom_qgis.core.export.tables import ResultTables, site_bundles
from bouwstroom_qgis.core.export.workbook_table import write_table
from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.scenario import Scenario

PARCEL_ROWS = 10_000
EXCEL_MAX_ROWS = 1_048_576
FIXED_TIME = datetime(2000, 1, 1)  # document properties: no clock time in the file
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
CORE = "docProps/core.xml"
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

SITE_LEADING = [s.RANK, s.SITE_ID, s.SCORE]
PARCEL_LEADING = [s.RANK, s.PARCEL_ID, s.SCORE]


def sites_sheet_table(tables: ResultTables) -> pd.DataFrame | None:
    """The sites as the workbook shows them: rank order, bundle and start quarter added."""
    if tables.sites is None:
        return None
    sites = pd.DataFrame(tables.sites.drop(columns="geometry"))
    if tables.bundles is not None and c.BUNDLE_ID not in sites.columns:
        joined = site_bundles(sites, tables.bundles)
        for column in joined.columns:
            sites[column] = joined[column]
    elif tables.bundles is not None:
        joined = site_bundles(sites, tables.bundles)
        for column in (c.START_QUARTER, c.END_QUARTER):
            sites[column] = joined[column]
    return _leading(sites, SITE_LEADING)


def parcels_sheet_table(parcels: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The ranked parcels (not excluded), best first, at most ``limit`` of them."""
    ranked = parcels[parcels[s.RANK].notna()].sort_values(s.RANK, kind="stable").head(limit)
    table = pd.DataFrame(ranked.drop(columns=["geometry", s.EXCLUDED, s.EXCLUSION_REASON]))
    return _leading(table, PARCEL_LEADING)


def _leading(table: pd.DataFrame, first: list[str]) -> pd.DataFrame:
    """Columns ``first`` first and the explanation last; rows renumbered."""
    head = [col for col in first if col in table.columns]
    tail = [col for col in (s.EXPLANATION,) if col in table.columns]
    middle = [col for col in table.columns if col not in head and col not in tail]
    return table[[*head, *middle, *tail]].reset_index(drop=True)


def plan_sheet_table(plan: pd.DataFrame) -> pd.DataFrame:
    """The stream plan by quarter, concept and bundle."""
    keys = [col for col in (c.QUARTER, s.CONCEPT, c.BUNDLE_ID) if col in plan.columns]
    return plan.sort_values(keys, kind="stable").reset_index(drop=True) if keys else plan


def write_workbook(
    path: Path,
    tables: ResultTables,
    *,
    scenario: Scenario | None,
    provenance: Provenance | None,
    language: str = "nl",
    parcel_rows: int = PARCEL_ROWS,
    concept_names: dict[str, str] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the workbook to ``path`` (atomically).

    Parameters
    ----------
    path : Path
    tables : ResultTables
    scenario : Scenario, optional
        For the criteria, weights and exclusion rules; without it those sheets are left out.
    provenance : Provenance, optional
    language : {"nl", "en"}
    parcel_rows : int
        Most parcels on the parcels sheet (at most Excel's row limit less the header).
    concept_names : dict, optional
        Readable concept names (the about sheet lists them).
    overwrite : bool

    Returns
    -------
    Path
    """
    limit = max(0, min(parcel_rows, EXCEL_MAX_ROWS - 1))
    wb = Workbook(write_only=True)
    wb.properties.creator = "Bouwstroom QGIS"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    sheets: list[tuple[str, str]] = []  # (sheet name, what it holds)
    about = wb.create_sheet(text("sheet_about", language))

    def add(key: str, frame: pd.DataFrame, about_text: str) -> None:
        name = text(key, language)
        write_table(wb.create_sheet(name), frame, language, None, _extra_headers(language))
        sheets.append((name, about_text))

    sites = sites_sheet_table(tables)
    if sites is not None:
        add("sheet_sites", sites, text("about_sites", language))
    if tables.bundles is not None:
        bundles = pd.DataFrame(tables.bundles.drop(columns="geometry", errors="ignore"))
        add("sheet_bundles", bundles, text("about_bundles", language))
    if tables.plan is not None:
        add("sheet_plan", plan_sheet_table(tables.plan), text("about_plan", language))
    parcels = parcels_sheet_table(tables.parcels, limit)
    ranked = int(tables.parcels[s.RANK].notna().sum())
    parcels_note = (
        text("about_parcels", language)
        if len(parcels) == ranked
        else text(
            "about_parcels_cut",
            language,
            shown=number(len(parcels), language),
            ranked=number(ranked, language),
            total=number(len(tables.parcels), language),
        )
    )
    add("sheet_parcels", parcels, parcels_note)
    if scenario is not None:
        add(
            "sheet_excluded",
            exclusions_table(tables.parcels, scenario, language),
            text("about_excluded", language),
        )
        add("sheet_criteria", criteria_table(scenario, language), text("about_criteria", language))
    if provenance is not None:
        add("sheet_provenance", provenance_table(provenance), text("about_provenance", language))
    _write_about(about, scenario, provenance, sheets, language, concept_names or {})
    with atomic_path(path, overwrite=overwrite) as tmp:
        wb.save(tmp)
        _fix_zip_dates(tmp)
    return path


def _extra_headers(language: str) -> dict[str, str]:
    words: tuple[str, ...] = (
        "item",
        "name",
        "value",
        "size_bytes",
        "sha256",
        "level",
        "criterion",
        "metric",
    )
    words += ("function", "direction", "parameters", "weight", "missing", "enabled", "rule")
    words += ("parcels_count", "area_ha")
    return {word: text(word, language) for word in words}


def _write_about(
    ws: WriteOnlyWorksheet,
    scenario: Scenario | None,
    provenance: Provenance | None,
    sheets: list[tuple[str, str]],
    language: str,
    concepts: dict[str, str],
) -> None:
    bold = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 110
    title = WriteOnlyCell(ws, text("title", language))
    title.font = bold
    ws.append([title])
    if scenario is not None:
        ws.append([text("scenario", language), scenario.name])
    ws.append([])
    ws.append([_bold(ws, text("sheet", language)), _bold(ws, text("contents", language))])
    for name, about_text in sheets:
        ws.append([name, _wrapped(ws, about_text)])
    if concepts:
        ws.append([])
        ws.append([_bold(ws, text("concept", language)), ""])
        for name, label in sorted(concepts.items()):
            ws.append([name, label])
    if provenance is not None:
        ws.append([])
        for step in rerun_steps(provenance, language):
            ws.append(["", _wrapped(ws, step)])


def _bold(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.font = Font(bold=True)
    return cell


def _wrapped(ws: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _fix_zip_dates(path: Path) -> None:
    """Rewrite the zip with one fixed date on every entry, so equal workbooks are equal bytes.

    openpyxl stamps the document's modified time when saving; it is set to the fixed
    creation time here too.
    """
    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    entries = [
        (info, MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data) if info.filename == CORE else data)
        for info, data in entries
    ]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            target.writestr(fixed, data)
