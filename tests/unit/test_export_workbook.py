"""The workbook opens with real readers and its numbers are the GeoPackage's."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.labels import header
from bouwstroom_qgis.core.export.tables import read_result
from bouwstroom_qgis.core.export.workbook import EXCEL_MAX_ROWS, write_workbook
from tests.unit.test_export import base_run, exported

EXCEL_DIGITS = 1e-15  # relative: 16 significant digits


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    return exported(tmp_path_factory)


@pytest.fixture(scope="module")
def sheets(export_dir: Path) -> dict[str, pd.DataFrame]:
    return pd.read_excel(export_dir / "shortlist.xlsx", sheet_name=None)


def test_sheets_in_reading_order(sheets) -> None:
    assert list(sheets) == [
        "Toelichting",
        "Locaties",
        "Bundels",
        "Bouwstroom",
        "Percelen",
        "Uitsluitingen",
        "Criteria",
        "Herkomst",
    ]


def test_site_numbers_equal_the_geopackage(export_dir: Path, sheets) -> None:
    gpkg = pyogrio.read_dataframe(export_dir / "shortlist.gpkg", layer="sites")
    table = sheets["Locaties"]
    assert len(table) == len(gpkg) == 239
    by_id = gpkg.set_index(s.SITE_ID)
    ids = table[header(s.SITE_ID, "nl")]
    for column in (s.SCORE, s.RANK, s.HOMES, s.AREA, s.DENSITY, "c_percelen", "homes_rijwoning"):
        expected = by_id.loc[ids, column].to_numpy(dtype=float)
        got = table[header(column, "nl")].to_numpy(dtype=float)
        # openpyxl writes 16 significant digits (Excel keeps 15): equal to the last digit
        np.testing.assert_allclose(got, expected, rtol=EXCEL_DIGITS, atol=0, err_msg=column)
    assert table[header(s.RANK, "nl")].tolist() == list(range(1, 240))
    bundles = pyogrio.read_dataframe(export_dir / "shortlist.gpkg", layer="bundles")
    in_bundles = table[table[header(c.BUNDLE_ID, "nl")].notna()]
    assert len(in_bundles) == bundles[c.N_SITES].sum() == 127
    starts = dict(zip(bundles[c.BUNDLE_ID], bundles[c.START_QUARTER], strict=True))
    assert (in_bundles[header(c.START_QUARTER, "nl")] == in_bundles["Bundel"].map(starts)).all()


def test_each_score_is_the_sum_of_its_contributions(export_dir: Path, sheets) -> None:
    parcels = sheets["Percelen"]
    parts = [col for col in parcels.columns if col.startswith("Bijdrage ")]
    assert len(parts) == 8
    np.testing.assert_allclose(parcels[parts].sum(axis=1), parcels["Score (0–100)"], atol=1e-9)
    book = openpyxl.load_workbook(export_dir / "shortlist.xlsx")
    sheet = book["Percelen"]
    assert [cell.value for cell in sheet[1][:5]] == [
        "Rang",
        "Perceel",
        "Score (0–100)",
        "Som bijdragen",
        "Bijdrage woonbestemming (punten)",
    ]
    assert sheet["D2"].value == "=SUM(E2:L2)" and sheet["D100"].value == "=SUM(E100:L100)"
    sites = book["Locaties"]
    assert sites["D2"].value == "=SUM(E2:F2)"


def test_parcels_sheet_holds_the_ranked_parcels_in_order(export_dir: Path, sheets) -> None:
    gpkg = pyogrio.read_dataframe(
        export_dir / "shortlist.gpkg", layer="parcels", read_geometry=False
    )
    ranked = gpkg[gpkg[s.RANK].notna()].sort_values(s.RANK)
    table = sheets["Percelen"]
    assert len(table) == min(len(ranked), 10_000)
    assert table["Perceel"].tolist() == ranked[s.PARCEL_ID].head(10_000).tolist()
    np.testing.assert_allclose(
        table["Score (0–100)"], ranked[s.SCORE].head(10_000), rtol=EXCEL_DIGITS
    )


def test_sheets_are_formatted_for_reading(export_dir: Path) -> None:
    book = openpyxl.load_workbook(export_dir / "shortlist.xlsx")
    sheet = book["Locaties"]
    assert sheet.freeze_panes == "C2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}240"
    rules = [rule for rng in sheet.conditional_formatting for rule in rng.rules]
    assert [rule.type for rule in rules] == ["colorScale"]
    assert sheet["C2"].number_format == "0.0"
    area = next(cell for cell in sheet[1] if cell.value == "Oppervlakte (m²)")
    assert sheet.cell(2, area.column).number_format == "#,##0"
    assert sheet.column_dimensions["B"].width >= len("S-ZWK00 AO 1297")
    assert sheet["A1"].font.bold


def test_exclusions_and_criteria_sheets(export_dir: Path, sheets) -> None:
    gpkg = pyogrio.read_dataframe(
        export_dir / "shortlist.gpkg", layer="parcels", read_geometry=False
    )
    excluded = gpkg[gpkg[s.EXCLUDED]]
    rules = sheets["Uitsluitingen"].set_index("Reden van uitsluiting")
    flood = "grotendeels in overstromingsgebied"
    assert rules.loc[flood, "Percelen"] == excluded[s.EXCLUSION_REASON].str.contains(flood).sum()
    assert rules.loc[flood, "Regel"] == "share_overstroming > 0.5"
    criteria = sheets["Criteria"]
    by_level = criteria.groupby("Niveau")["Gewicht (punten)"].sum()
    assert by_level["perceel"] == pytest.approx(100.0) and by_level["locatie"] == pytest.approx(
        100.0
    )


def test_provenance_sheet_lists_every_input(export_dir: Path, sheets) -> None:
    table = sheets["Herkomst"]
    inputs = table[table["Onderdeel"] == "input"]
    assert len(inputs) >= 9
    assert inputs["SHA-256"].str.fullmatch(r"[0-9a-f]{64}").all()
    about = sheets["Toelichting"].to_string()
    assert "bouwstroom run SCENARIO.toml" in about


def test_a_long_parcel_list_is_cut_and_said_so(tmp_path_factory, tmp_path) -> None:
    run = base_run(tmp_path_factory)
    tables = read_result(run.out / "shortlist.gpkg")
    path = write_workbook(
        tmp_path / "cut.xlsx",
        tables,
        scenario=run.scenario,
        provenance=None,
        parcel_rows=250,
        language="en",
    )
    sheets = pd.read_excel(path, sheet_name=None)
    assert len(sheets["Parcels"]) == 250
    ranked = int(tables.parcels[s.RANK].notna().sum())
    note = sheets["About"].to_string()
    assert f"the best 250 of {ranked:,} parcels not excluded" in note
    assert "Provenance" not in sheets  # none given


def test_row_limit_is_excels() -> None:
    assert EXCEL_MAX_ROWS == 2**20
