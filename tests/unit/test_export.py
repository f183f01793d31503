"""Exports of a real run: files, overwrite refusal, no partial files, determinism, rerun.

The region is generated (12,000 parcels, seed 7: 89 sites, 12 with homes); bundles and
the stream plan are hand-built here in the shape the bundling stage writes, so the
exports are tested with them before that stage exists.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.cli import main
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import Cancelled, OutputError
from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.exporter import ExportOptions, check_exports, export_result
from bouwstroom_qgis.core.export.geopackage import read_provenance
from bouwstroom_qgis.core.export.provenance import check_inputs, collect_provenance
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.scenario import Scenario, load_scenario

ROOT = Path(__file__).resolve().parents[2]
CONCEPTS = ("compacte_rijwoning", "rijwoning", "levensloop")
TOP = 6
_CACHE: dict[str, object] = {}


@dataclass(frozen=True)
class Run:
    """A run's folder and scenario, with hand-built bundles and plan for its sites."""

    scenario: Scenario
    out: Path
    bundles: gpd.GeoDataFrame
    plan: pd.DataFrame


def hand_bundles(sites: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, pd.DataFrame]:
    """Bundles of up to three sites with homes, best first, and a plan over their quarters.

    The shape of the bundling stage's outputs: bundle_id, concept, homes, n_sites,
    site_ids, municipalities, owners, start_quarter, end_quarter, spread_km, score,
    geometry; the plan one row per quarter x concept x bundle with the homes started.
    """
    chosen = sites[(sites[s.HOMES] > 0) & sites[s.RANK].notna()].sort_values(s.RANK)
    rows, plan = [], []
    for i, start in enumerate(range(0, len(chosen), 3)):
        group = chosen.iloc[start : start + 3]
        concept = CONCEPTS[i % len(CONCEPTS)]
        homes = int(group[f"{s.HOMES_PREFIX}{concept}"].sum())
        points = shapely.get_coordinates(shapely.point_on_surface(group.geometry.values))
        spread = float(np.max(np.hypot(*(points[:, None, :] - points[None, :, :]).T))) / 1000
        first = pd.Period("2027Q1", freq="Q") + 2 * i
        quarters = [first + k for k in range(2)]
        rows.append(
            {
                c.BUNDLE_ID: f"B{i + 1:02d}",
                s.CONCEPT: concept,
                s.HOMES: homes,
                c.N_SITES: len(group),
                c.SITE_IDS: "; ".join(group[s.SITE_ID]),
                c.MUNICIPALITIES: "; ".join(sorted(set(group[s.MUNICIPALITY]))),
                s.OWNERS: "; ".join(sorted(set(group[s.OWNERS]))),
                c.START_QUARTER: f"{quarters[0].year}-Q{quarters[0].quarter}",
                c.END_QUARTER: f"{quarters[-1].year}-Q{quarters[-1].quarter}",
                c.SPREAD_KM: spread,
                s.SCORE: float(group[s.SCORE].mean()),
                "geometry": shapely.union_all(group.geometry.values),
            }
        )
        for k, quarter in enumerate(quarters):
            started = homes // 2 + (homes % 2 if k == 0 else 0)
            plan.append((f"{quarter.year}-Q{quarter.quarter}", concept, f"B{i + 1:02d}", started))
    bundles = gpd.GeoDataFrame(rows, geometry="geometry", crs=s.RD_NEW)
    table = pd.DataFrame(plan, columns=[c.QUARTER, s.CONCEPT, c.BUNDLE_ID, "homes_started"])
    return bundles, table


def base_run(factory: pytest.TempPathFactory) -> Run:
    """The region and its run, made once per test session."""
    if "run" not in _CACHE:
        region = generate_region(12_000, 7, factory.mktemp("export_region") / "regio")
        scenario = load_scenario(region.scenario)
        out = factory.mktemp("export_run")
        result = score(scenario, out, with_sites=True)
        bundles, plan = hand_bundles(result.sites.sites)
        _CACHE["run"] = Run(scenario, out, bundles, plan)
    return _CACHE["run"]  # type: ignore[return-value]


def exported(factory: pytest.TempPathFactory, language: str = "nl") -> Path:
    """The run exported with bundles and plan to a folder of its own, once per language."""
    key = f"export-{language}"
    if key not in _CACHE:
        run = base_run(factory)
        out = factory.mktemp(key)
        provenance = collect_provenance(
            run.scenario, command=f"bouwstroom sites {run.scenario.path} --out {run.out}"
        )
        export_result(
            run.out,
            out,
            options=ExportOptions(language=language, top=TOP),
            scenario=run.scenario,
            provenance=provenance,
            bundles=run.bundles,
            plan=run.plan,
        )
        _CACHE[key] = out
    return _CACHE[key]  # type: ignore[return-value]


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Run:
    return base_run(tmp_path_factory)


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    return exported(tmp_path_factory)


def test_every_file_is_written(export_dir: Path) -> None:
    names = sorted(p.name for p in export_dir.iterdir())
    assert names == sorted(
        [
            "shortlist.gpkg",
            "shortlist.xlsx",
            "shortlist.pdf",
            "shortlist.html",
            "shortlist.csv",
            "sites.csv",
            "sites.geojson",
            "bundles.geojson",
            "bundles.csv",
            "plan.csv",
        ]
    )
    layers = pyogrio.list_layers(export_dir / "shortlist.gpkg")[:, 0].tolist()
    assert layers[:2] == ["parcels", "sites"]
    assert {"bundles", "plan", "provenance", "layer_styles"} <= set(layers)


def test_csv_copies_are_the_runs_bytes(run: Run, export_dir: Path) -> None:
    for name in ("shortlist.csv", "sites.csv"):
        assert (export_dir / name).read_bytes() == (run.out / name).read_bytes()
    plan = pd.read_csv(export_dir / "plan.csv")
    assert plan["homes_started"].sum() == run.bundles[s.HOMES].sum() > 0


def test_existing_files_are_refused_without_overwrite(run: Run, export_dir: Path) -> None:
    before = {p.name: p.read_bytes() for p in export_dir.iterdir()}
    with pytest.raises(OutputError, match=r"shortlist\.gpkg exists; use --overwrite"):
        export_result(run.out, export_dir, options=ExportOptions(top=TOP), scenario=run.scenario)
    assert {p.name: p.read_bytes() for p in export_dir.iterdir()} == before
    with pytest.raises(OutputError, match="exists"):
        check_exports(export_dir, overwrite=False)
    check_exports(export_dir, overwrite=True)


def test_in_place_export_keeps_the_runs_files_and_refuses_a_second_time(run, tmp_path) -> None:
    result = tmp_path / "result"
    shutil.copytree(run.out, result)
    csv_before = (result / "shortlist.csv").read_bytes()
    done = export_result(result, options=ExportOptions(top=2), scenario=run.scenario)
    assert done.outputs["gpkg"] == result / "shortlist.gpkg"
    assert (result / "shortlist.csv").read_bytes() == csv_before
    assert read_provenance(result / "shortlist.gpkg") is not None
    with pytest.raises(OutputError, match="already holds exported styles"):
        export_result(result, options=ExportOptions(top=2), scenario=run.scenario)
    again = export_result(
        result, options=ExportOptions(top=2, overwrite=True), scenario=run.scenario
    )
    assert again.pdf_pages == 1 + 2


def test_a_cancelled_export_leaves_no_partial_file(run: Run, tmp_path: Path) -> None:
    messages: list[str] = []

    def cancel_in_the_report() -> bool:
        return any(m.startswith("report page 3") for m in messages)

    feedback = Feedback(progress=lambda f, m: messages.append(m), is_cancelled=cancel_in_the_report)
    out = tmp_path / "cancelled"
    with pytest.raises(Cancelled):
        export_result(
            run.out,
            out,
            options=ExportOptions(top=TOP),
            scenario=run.scenario,
            bundles=run.bundles,
            plan=run.plan,
            feedback=feedback,
        )
    names = sorted(p.name for p in out.iterdir())
    # written before the report started, each whole; no report file, no temporary file
    assert "shortlist.pdf" not in names and "shortlist.html" not in names
    assert not [n for n in names if n.startswith(".")]
    assert pd.read_excel(out / "shortlist.xlsx", sheet_name=None)


def test_a_failed_write_leaves_no_temporary_file(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "failing"
    (out / "shortlist.pdf").mkdir(parents=True)  # a folder where the PDF must go
    with pytest.raises(OutputError, match=r"shortlist\.pdf"):
        export_result(
            run.out, out, options=ExportOptions(top=2, overwrite=True), scenario=run.scenario
        )
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]
    assert (out / "shortlist.pdf").is_dir()


def test_the_same_result_exports_to_the_same_bytes(run: Run, export_dir: Path, tmp_path) -> None:
    again = tmp_path / "again"
    export_result(
        run.out,
        again,
        options=ExportOptions(top=TOP),
        scenario=run.scenario,
        provenance=read_provenance(export_dir / "shortlist.gpkg"),
        bundles=run.bundles,
        plan=run.plan,
    )
    for name in ("shortlist.xlsx", "shortlist.pdf", "shortlist.html", "sites.geojson", "plan.csv"):
        assert (again / name).read_bytes() == (export_dir / name).read_bytes(), name


def test_the_provenance_reruns_the_same_result(run: Run, export_dir: Path, tmp_path) -> None:
    provenance = read_provenance(export_dir / "shortlist.gpkg")
    assert provenance is not None and check_inputs(provenance) == []
    assert provenance.command.startswith("bouwstroom sites ")  # as base_run made it
    roles = {item.role for item in provenance.inputs}
    assert {"scenario", "parcels", "zoning", "holdings", "boundaries", "concepts"} <= roles
    # a reader saves the scenario text beside the original and runs it again
    folder = Path(provenance.scenario_path).parent
    rerun_scenario = folder / "rerun_from_provenance.toml"
    rerun_scenario.write_text(provenance.scenario_text, encoding="utf-8")
    out = tmp_path / "rerun"
    assert main(["--quiet", "sites", str(rerun_scenario), "--out", str(out)]) == 0
    for name in ("shortlist.csv", "sites.csv"):
        assert (out / name).read_bytes() == (run.out / name).read_bytes(), name


def test_a_changed_input_is_reported(run: Run, export_dir: Path, tmp_path) -> None:
    provenance = read_provenance(export_dir / "shortlist.gpkg")
    parcels = next(item for item in provenance.inputs if item.role == "parcels")
    copy = tmp_path / "changed.gpkg"
    shutil.copyfile(parcels.path, copy)
    with open(copy, "ab") as handle:
        handle.write(b"\0")
    moved = type(provenance)(
        **{
            **provenance.__dict__,
            "inputs": (type(parcels)(parcels.role, str(copy), parcels.size, parcels.sha256),),
        }
    )
    problems = check_inputs(moved)
    assert problems == [f"{copy}: changed (size {parcels.size + 1}, was {parcels.size})"]


def bouwstroom_cli(*args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "bouwstroom_qgis", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_command_exports_in_english_and_refuses_to_overwrite(run: Run, tmp_path) -> None:
    out = tmp_path / "cli"
    done = bouwstroom_cli("export", run.out, "--out", out, "--lang", "en", "--top", "3")
    assert done.returncode == 0, done.stderr
    assert "report: 4 pages" in done.stdout
    sheets = pd.read_excel(out / "shortlist.xlsx", sheet_name=None)
    assert list(sheets) == ["About", "Sites", "Parcels", "Exclusions", "Criteria", "Provenance"]
    assert list(sheets["Sites"].columns[:4]) == [
        "Rank",
        "Site",
        "Score (0–100)",
        "Sum of contributions",
    ]
    again = bouwstroom_cli("export", run.out, "--out", out)
    assert again.returncode == 2
    assert "shortlist.gpkg exists; use --overwrite" in again.stderr
    assert "Traceback" not in again.stderr


def test_without_matplotlib_the_html_is_written_and_the_pdf_left_out(run: Run, tmp_path) -> None:
    out = tmp_path / "no_matplotlib"
    code = (
        "import sys; sys.modules['matplotlib'] = None\n"
        "from bouwstroom_qgis.cli import main\n"
        f"sys.exit(main(['export', {str(run.out)!r}, '--out', {str(out)!r}, '--top', '2']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    assert "matplotlib is not installed" in done.stderr
    assert not (out / "shortlist.pdf").exists()
    html = (out / "shortlist.html").read_text(encoding="utf-8")
    assert "install matplotlib" in html.lower() or "installeer matplotlib" in html
    assert html.count('<section class="site"') == 2


def test_export_run_as_the_pipeline_calls_it(run: Run, tmp_path: Path) -> None:
    """Right after a run: inputs fingerprinted now, the run's zoning on the maps."""
    from bouwstroom_qgis.core.export.exporter import export_run
    from bouwstroom_qgis.core.pipeline import read_inputs
    from bouwstroom_qgis.core.report import Report

    out = tmp_path / "run"
    shutil.copytree(run.out, out)
    inputs = read_inputs(run.scenario, Report(), Feedback())
    done = export_run(out, run.scenario, inputs, command="bouwstroom run x --out y")
    assert sorted(done.outputs) == sorted(
        ["gpkg", "xlsx", "sites_geojson", "pdf", "html"]
    )  # no bundles in this run, and its own CSV files stay as they are
    assert done.pdf_pages == 1 + 20
    provenance = read_provenance(out / "shortlist.gpkg")
    assert provenance.fingerprinted == "run" and provenance.command == "bouwstroom run x --out y"
    assert done.report.lines() == []


def test_a_result_of_parcels_only_exports_without_sites(run: Run, tmp_path: Path) -> None:
    out = tmp_path / "parcels_only"
    score(run.scenario, out)
    done = export_result(out, options=ExportOptions(top=5), scenario=run.scenario)
    assert done.pdf_pages == 1
    assert "sites_geojson" not in done.outputs
    sheets = pd.read_excel(out / "shortlist.xlsx", sheet_name=None)
    assert "Locaties" not in sheets and len(sheets["Percelen"]) == 10_000
