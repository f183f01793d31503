"""`bouwstroom bundle`: bundles and a stream plan for any layer of scored sites."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.scenario import load_scenario
from tests.unit.test_score_command import bouwstroom


@pytest.fixture(scope="module")
def region_run(tmp_path_factory):
    """The demo region run once with `bouwstroom run --no-export`."""
    region = generate_region(5000, 7, tmp_path_factory.mktemp("region") / "demo").scenario
    out = tmp_path_factory.mktemp("run")
    done = bouwstroom("run", region, "--out", out, "--no-export")
    assert done.returncode == 0, done.stderr
    return region, out


@pytest.fixture(scope="module")
def bundled(region_run, tmp_path_factory):
    region, run = region_run
    out = tmp_path_factory.mktemp("bundle") / "bundels.gpkg"
    done = bouwstroom("bundle", run / "shortlist.gpkg", "--scenario", region, "--out", out)
    return done, out


def test_bundling_a_runs_sites_gives_the_runs_bundles(region_run, bundled):
    _, run = region_run
    done, out = bundled
    assert done.returncode == 0, done.stderr
    assert pyogrio.list_layers(out)[:, 0].tolist() == ["bundles", "sites", "plan"]
    mine = pyogrio.read_dataframe(out, layer="bundles")
    runs = pyogrio.read_dataframe(run / "shortlist.gpkg", layer="bundles")
    assert len(mine) >= 10
    pd.testing.assert_frame_equal(mine.drop(columns="geometry"), runs.drop(columns="geometry"))
    assert mine.geom_equals_exact(runs.geometry, tolerance=0.01).all()
    plan = pd.read_csv(out.with_name("bundels_plan.csv"))
    pd.testing.assert_frame_equal(plan, pd.read_csv(run / "plan.csv"))
    assert out.with_name("bundels_stream.svg").stat().st_size > 0
    assert pd.read_csv(out.with_suffix(".csv"))[s.BUNDLE_ID].tolist() == mine[s.BUNDLE_ID].tolist()
    sites = pyogrio.read_dataframe(out, layer="sites")
    assert sites[s.BUNDLE_ID].notna().sum() == mine[s.N_SITES].sum()
    assert f"Bundles: {len(mine)} with {mine[s.HOMES].sum()} homes" in done.stdout
    assert "Sites left out" in done.stdout


def test_the_heuristic_keeps_the_rules_too(region_run, tmp_path):
    region, run = region_run
    out = tmp_path / "b.gpkg"
    done = bouwstroom(
        "bundle", run / "shortlist.gpkg", "--scenario", region, "--out", out,
        "--solver", "heuristic",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "solver heuristic" in done.stdout
    rules = load_scenario(region).bundles
    bundles = pyogrio.read_dataframe(out, layer="bundles")
    assert len(bundles) > 0
    assert bundles[s.HOMES].between(rules.min_homes, rules.max_homes).all()
    assert (bundles[s.SPREAD_KM] <= rules.max_spread_km).all()


def test_existing_outputs_are_kept_without_overwrite(region_run, bundled):
    region, run = region_run
    _, out = bundled
    before = out.read_bytes()
    done = bouwstroom("-q", "bundle", run / "shortlist.gpkg", "--scenario", region, "--out", out)
    assert done.returncode == 2 and "--overwrite" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert out.read_bytes() == before


def test_sites_without_homes_are_refused_in_one_line(region_run, tmp_path):
    _, run = region_run
    sites = pyogrio.read_dataframe(run / "shortlist.gpkg", layer="sites")
    bare = tmp_path / "kale_locaties.gpkg"
    gpd.GeoDataFrame(sites[[s.SITE_ID, s.SCORE, "geometry"]]).to_file(bare, layer="locaties")
    done = bouwstroom("-q", "bundle", bare, "--out", tmp_path / "b.gpkg")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert f"{bare}, layer 'locaties': the sites lack the column 'homes'" in done.stderr
    assert not (tmp_path / "b.gpkg").exists()


def test_the_output_must_be_a_geopackage(region_run, tmp_path):
    _, run = region_run
    done = bouwstroom("bundle", run / "shortlist.gpkg", "--out", tmp_path / "b.shp")
    assert done.returncode == 2 and "ending in .gpkg" in done.stderr
