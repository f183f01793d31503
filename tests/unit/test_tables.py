import pandas as pd
import pytest

from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.tables import read_table


def table_error(path, sheet=None) -> str:
    with pytest.raises(InputError) as caught:
        read_table(path, sheet)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message
    return message


@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_csv_separator_taken_from_the_header(tmp_path, sep):
    path = tmp_path / "bezit.csv"
    rows = [["perceel", "eigenaar", "soort"], ["OTL02 B 0123", "Lefier", "corporatie"]]
    path.write_text("\n".join(sep.join(r) for r in rows) + "\n")
    frame, sheet = read_table(path, None)
    assert sheet is None
    assert list(frame.columns) == ["perceel", "eigenaar", "soort"]
    assert frame.iloc[0].tolist() == ["OTL02 B 0123", "Lefier", "corporatie"]


def test_semicolon_csv_keeps_commas_in_values(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_text("perceel;eigenaar\nOTL02 B 1;Wonen Noord, afdeling vastgoed\n")
    frame, _ = read_table(path, None)
    assert frame["eigenaar"].tolist() == ["Wonen Noord, afdeling vastgoed"]


def test_windows_csv_with_bom_less_accents_and_blank_rows(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_bytes(
        "perceel ; eigenaar\r\n0012;Woonstichting De Veste Leeuwarden ë\r\n;\r\n\r\n".encode(
            "cp1252"
        )
    )
    frame, _ = read_table(path, None)
    assert list(frame.columns) == ["perceel", "eigenaar"]
    assert len(frame) == 1
    assert frame.iloc[0, 0] == "0012"  # text, leading zeros intact
    assert frame.iloc[0, 1].endswith("ë")


def test_ragged_csv_names_the_line(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_text("perceel;eigenaar\nA;B\nC;D;E\n")
    message = table_error(path)
    assert "cannot be read as a table" in message and "line 3" in message


def test_empty_csv(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_text("\n\n")
    assert "is empty" in table_error(path)


def test_csv_with_header_only(tmp_path):
    path = tmp_path / "bezit.csv"
    path.write_text("perceel;eigenaar\n")
    assert "has no rows" in table_error(path)


def write_workbook(path, sheets):
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)


def test_xlsx_sheet_chosen_and_numbers_read_as_text(tmp_path):
    path = tmp_path / "bezit.xlsx"
    data = pd.DataFrame({"perceel": ["OTL02 B 2298", "OTL02 B 2299"], "nummer": [2298, 2299]})
    write_workbook(path, {"Percelen": data, "Toelichting": pd.DataFrame({"tekst": ["x"]})})
    frame, sheet = read_table(path, "Percelen")
    assert sheet == "Percelen"
    assert frame["nummer"].tolist() == ["2298", "2299"]


def test_xlsx_with_several_sheets_and_none_chosen(tmp_path):
    path = tmp_path / "bezit.xlsx"
    write_workbook(
        path, {"Percelen": pd.DataFrame({"a": [1]}), "Toelichting": pd.DataFrame({"b": [2]})}
    )
    message = table_error(path)
    assert "holds 2 sheets and none is chosen: Percelen, Toelichting" in message


def test_xlsx_unknown_sheet(tmp_path):
    path = tmp_path / "bezit.xlsx"
    write_workbook(path, {"Percelen": pd.DataFrame({"a": [1]})})
    assert "layer 'Blad1': no such sheet; the workbook has: Percelen" in table_error(path, "Blad1")


def test_damaged_xlsx(tmp_path):
    path = tmp_path / "bezit.xlsx"
    write_workbook(path, {"Percelen": pd.DataFrame({"a": range(100)})})
    path.write_bytes(path.read_bytes()[:700])
    assert "cannot be opened as an Excel workbook" in table_error(path)


def test_old_excel_format_is_refused_with_advice(tmp_path):
    path = tmp_path / "bezit.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    message = table_error(path)
    assert "cannot be read" in message and "save it as .xlsx or CSV" in message


def test_missing_table(tmp_path):
    assert "file not found" in table_error(tmp_path / "bezit.csv")
