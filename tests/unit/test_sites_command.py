"""`bouwstroom sites`: the pipeline up to scored sites, as `run` does it, and --layouts."""

from __future__ import annotations

import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.generator import generate_region
from tests.unit.test_score_command import bouwstroom


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return generate_region(1500, 11, tmp_path_factory.mktemp("region") / "vlisteres").scenario


@pytest.fixture(scope="module")
def sites_run(region, tmp_path_factory):
    out = tmp_path_factory.mktemp("sites")
    return bouwstroom("sites", region, "--out", out, "--layouts"), out


def test_sites_writes_what_run_writes(region, sites_run, tmp_path):
    done, out = sites_run
    assert done.returncode == 0, done.stderr
    assert "1500 parcels scored" in done.stdout and "Top" in done.stdout
    ran = bouwstroom("run", region, "--out", tmp_path / "run")
    assert ran.returncode == 0, ran.stderr
    for name in ("shortlist.csv", "sites.csv"):
        # run writes the same tables, plus bundles, robustness and profiles
        alone, with_more = pd.read_csv(out / name), pd.read_csv(tmp_path / "run" / name)
        assert set(alone.columns) < set(with_more.columns), name
        pd.testing.assert_frame_equal(with_more[alone.columns], alone)
    table = pd.read_csv(out / "sites.csv")
    assert len(table) > 10 and table[s.HOMES].sum() > 0
    # the scenario does not ask for layouts: run leaves them out, --layouts adds them
    layers = pyogrio.list_layers(tmp_path / "run" / "shortlist.gpkg")[:, 0].tolist()
    assert layers[:2] == ["parcels", "sites"] and "layouts" not in layers


def test_layouts_hold_the_homes_of_every_concept(sites_run):
    _, out = sites_run
    layers = pyogrio.list_layers(out / "shortlist.gpkg")[:, 0].tolist()
    assert layers == ["parcels", "sites", "layouts"]
    layouts = pyogrio.read_dataframe(out / "shortlist.gpkg", layer="layouts")
    sites = pd.read_csv(out / "sites.csv").set_index(s.SITE_ID)
    buildings = layouts[layouts[s.ELEMENT] == "gebouw"]
    for concept in load_concepts():
        mine = buildings[buildings[s.CONCEPT] == concept.name]
        per_site = mine.groupby(s.SITE_ID)[s.HOMES].sum()
        expected = sites[f"{s.HOMES_PREFIX}{concept.name}"]
        assert per_site.sum() == expected.sum()
        assert (expected[per_site.index] == per_site).all()
        assert (expected.drop(per_site.index) == 0).all()


def test_no_layouts_overrides_the_scenario(region, tmp_path):
    text = region.read_text(encoding="utf-8").replace("[sites]\n", "[sites]\nlayouts = true\n")
    asking = region.with_name("met_verkaveling.toml")
    asking.write_text(text, encoding="utf-8")
    done = bouwstroom("sites", asking, "--out", tmp_path / "with")
    assert done.returncode == 0, done.stderr
    assert "layouts" in pyogrio.list_layers(tmp_path / "with" / "shortlist.gpkg")[:, 0]
    done = bouwstroom("sites", asking, "--out", tmp_path / "without", "--no-layouts")
    assert done.returncode == 0, done.stderr
    assert "layouts" not in pyogrio.list_layers(tmp_path / "without" / "shortlist.gpkg")[:, 0]


def test_errors_are_one_line(region, sites_run, tmp_path):
    done = bouwstroom("sites", tmp_path / "missing.toml", "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("bouwstroom sites: error: ")
    assert "missing.toml" in done.stderr and "Traceback" not in done.stderr
    _, out = sites_run
    before = (out / "sites.csv").read_bytes()
    done = bouwstroom("sites", region, "--out", out)
    assert done.returncode == 2
    assert "exists; use --overwrite to replace it" in done.stderr
    assert (out / "sites.csv").read_bytes() == before


def test_the_same_inputs_give_the_same_geopackage_bytes(region, sites_run, tmp_path):
    _, out = sites_run
    again = tmp_path / "again"
    done = bouwstroom("sites", region, "--out", again, "--layouts")
    assert done.returncode == 0, done.stderr
    assert (again / "shortlist.gpkg").read_bytes() == (out / "shortlist.gpkg").read_bytes()
