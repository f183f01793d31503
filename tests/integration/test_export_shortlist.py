"""``bouwstroom:export_shortlist`` in Processing and qgis_process equals ``bouwstroom export``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from algorithm_runs import run_algorithm
from layer_sources import gpkg_layer
from qgis_session import run_cli, run_qgis_process, sheet_names
from recording import RecordingFeedback

ALGORITHM = "bouwstroom:export_shortlist"


def pdf_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


@pytest.fixture(scope="module")
def cli_export(tmp_path_factory: pytest.TempPathFactory, cli_sites: Path, engine_python: Path):
    """``bouwstroom export`` of that result to its own folder: what the plugin must equal."""
    out = tmp_path_factory.mktemp("cli_export")
    done = run_cli(engine_python, "export", str(cli_sites), "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_the_algorithm_writes_the_workbook_and_report_of_the_command_line(
    provider, cli_sites: Path, cli_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    feedback = RecordingFeedback()
    parameters = {"RESULT": str(cli_sites), "LANGUAGE": 0, "OUTPUT_FOLDER": str(out)}
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    assert results["WORKBOOK"] == str(out / "shortlist.xlsx")
    assert results["PDF"] == str(out / "shortlist.pdf")
    assert results["HTML"] == str(out / "shortlist.html")
    assert results["GEOPACKAGE"] == str(out / "shortlist.gpkg")
    assert results["OUTPUT_FOLDER"] == str(out)
    for name in (
        "shortlist.xlsx",
        "shortlist.pdf",
        "sites.geojson",
        "shortlist.html",
        "shortlist.gpkg",
    ):
        assert (out / name).read_bytes() == (cli_export / name).read_bytes(), name
    assert sheet_names(out / "shortlist.xlsx") == [
        "Toelichting", "Locaties", "Percelen", "Uitsluitingen", "Criteria", "Herkomst",
    ]  # fmt: skip
    assert pdf_pages(out / "shortlist.pdf") == 21  # about page(s) and 20 site factsheets
    assert "7 files written to " + str(out) in feedback.infos
    assert max(feedback.progress) == pytest.approx(100.0) and len(set(feedback.progress)) > 10


def test_english_and_in_place_and_overwrite(provider, cli_sites: Path, tmp_path: Path) -> None:
    result = tmp_path / "result"
    result.mkdir()
    for name in ("shortlist.gpkg", "shortlist.csv", "sites.csv", "report.txt"):
        (result / name).write_bytes((cli_sites / name).read_bytes())
    parameters = {"RESULT": str(result), "LANGUAGE": 1}
    feedback = RecordingFeedback()
    results, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert ok, feedback.errors
    assert results["OUTPUT_FOLDER"] == str(result)  # no export folder: beside the result
    assert sheet_names(result / "shortlist.xlsx")[:3] == ["About", "Sites", "Parcels"]
    names = aliases(result / "shortlist.gpkg", "sites")
    assert (names["area_m2"], names["homes"], names["best_concept"]) == (
        "Area (m²)",
        "Homes",
        "Best concept",
    )  # the field names in the export's language, from the styles stored in the file
    # again without overwrite: refused in one line, nothing replaced
    before = (result / "shortlist.xlsx").stat().st_mtime_ns
    feedback = RecordingFeedback()
    _, ok = run_algorithm(provider, ALGORITHM, parameters, feedback)
    assert not ok
    assert [e for e in feedback.errors if "--overwrite" in e or "exist" in e], feedback.errors
    assert (result / "shortlist.xlsx").stat().st_mtime_ns == before
    # with overwrite, in Dutch
    feedback = RecordingFeedback()
    _, ok = run_algorithm(
        provider, ALGORITHM, {**parameters, "LANGUAGE": 0, "OVERWRITE": True}, feedback
    )
    assert ok, feedback.errors
    assert sheet_names(result / "shortlist.xlsx")[:3] == ["Toelichting", "Locaties", "Percelen"]
    assert aliases(result / "shortlist.gpkg", "sites")["area_m2"] == "Oppervlakte (m²)"


def aliases(gpkg: Path, name: str) -> dict[str, str]:
    """Each field's alias as QGIS shows it on opening the file's layer ``name``.

    The layer is gone before the next export replaces the file: a layer still open on a
    replaced GeoPackage makes QGIS crash when it shuts down.
    """
    layer = gpkg_layer(gpkg, name)
    names = {field.name(): layer.attributeAlias(i) for i, field in enumerate(layer.fields())}
    del layer
    return names


@pytest.mark.parametrize("kind", ["missing", "empty", "not_a_geopackage"])
def test_a_bad_result_folder_gives_one_line(
    provider, tmp_path: Path, kind: str, cli_sites: Path
) -> None:
    folder = tmp_path / "result"
    if kind != "missing":
        folder.mkdir()
    if kind == "not_a_geopackage":
        (folder / "shortlist.gpkg").write_text("not a GeoPackage", encoding="utf-8")
    feedback = RecordingFeedback()
    _, ok = run_algorithm(provider, ALGORITHM, {"RESULT": str(folder)}, feedback)
    assert not ok
    messages = [e for e in feedback.errors if str(folder) in e]
    assert len(messages) == 1, feedback.errors
    assert "\n" not in messages[0].strip() and "Traceback" not in messages[0]
    if kind == "not_a_geopackage":
        assert "cannot be read" in messages[0]
    else:
        assert "no shortlist.gpkg in this folder" in messages[0]
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == (
        ["shortlist.gpkg"] if kind == "not_a_geopackage" else []
    )


def test_cancel_stops_the_export(provider, cli_sites: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    feedback = RecordingFeedback(cancel_at=20.0)  # after the workbook, before the report
    results, _ok = run_algorithm(
        provider, ALGORITHM, {"RESULT": str(cli_sites), "OUTPUT_FOLDER": str(out)}, feedback
    )
    assert feedback.isCanceled() and results == {}
    assert max(feedback.progress) < 100
    assert not (out / "shortlist.pdf").exists()


def test_qgis_process_runs_the_export(
    qgis_process_plugin, cli_sites: Path, cli_export: Path, tmp_path: Path
) -> None:
    out = tmp_path / "export"
    done = run_qgis_process(
        "run", ALGORITHM, "--", f"RESULT={cli_sites}", "LANGUAGE=0", f"OUTPUT_FOLDER={out}"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (out / "shortlist.xlsx").read_bytes() == (cli_export / "shortlist.xlsx").read_bytes()
    assert f"WORKBOOK:\t{out / 'shortlist.xlsx'}" in done.stdout
