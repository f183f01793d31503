"""`bouwstroom robustness`: the ranking's firmness with other settings, without a new run."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.generator import generate_region
from tests.unit.test_score_command import bouwstroom

COLUMNS = [s.P_TOP_K, s.RANK_P05, s.RANK_P50, s.RANK_P95, s.CONSENSUS, s.CONSENSUS_RANK]


@pytest.fixture(scope="module")
def region_run(tmp_path_factory):
    region = generate_region(1500, 11, tmp_path_factory.mktemp("region") / "r").scenario
    out = tmp_path_factory.mktemp("run")
    done = bouwstroom("run", region, "--out", out, "--no-export")
    assert done.returncode == 0, done.stderr
    return region, out


def test_the_scenarios_settings_give_the_runs_columns(region_run):
    region, out = region_run
    done = bouwstroom("robustness", region, "--out", out)
    assert done.returncode == 0, done.stderr
    assert "500 draws, weights ±20%, seed 1" in done.stdout
    for mine, runs, key in (
        ("robustness_sites.csv", "sites.csv", s.SITE_ID),
        ("robustness_parcels.csv", "shortlist.csv", s.PARCEL_ID),
    ):
        table = pd.read_csv(out / mine).set_index(key)
        run = pd.read_csv(out / runs).set_index(key).loc[table.index]
        pd.testing.assert_frame_equal(table[[s.RANK, *COLUMNS]], run[[s.RANK, *COLUMNS]])
        ranked = table[table[s.RANK].notna()]
        assert ranked[s.RANK].tolist() == list(range(1, len(ranked) + 1))  # best first


def test_no_spread_keeps_every_rank_and_a_seed_repeats(region_run, tmp_path):
    region, _ = region_run
    args = ("robustness", region, "--out", tmp_path, "--draws", "30", "--top-k", "10")
    done = bouwstroom(*args, "--spread", "0")
    assert done.returncode == 0, done.stderr
    sites = pd.read_csv(tmp_path / "robustness_sites.csv")
    ranked = sites[sites[s.RANK].notna()]
    np.testing.assert_array_equal(ranked[s.RANK_P05], ranked[s.RANK])
    np.testing.assert_array_equal(ranked[s.RANK_P95], ranked[s.RANK])
    np.testing.assert_array_equal(ranked[s.P_TOP_K], (ranked[s.RANK] <= 10).astype(float))
    first = (tmp_path / "robustness_parcels.csv").read_bytes()
    again = bouwstroom(*args, "--spread", "0.3", "--seed", "5", "--overwrite")
    assert again.returncode == 0, again.stderr
    second = (tmp_path / "robustness_parcels.csv").read_bytes()
    assert second != first
    assert bouwstroom(*args, "--spread", "0.3", "--seed", "5", "--overwrite").returncode == 0
    assert (tmp_path / "robustness_parcels.csv").read_bytes() == second


def test_bad_settings_are_one_line(region_run, tmp_path):
    region, _ = region_run
    done = bouwstroom("-q", "robustness", region, "--out", tmp_path, "--spread", "1.5")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "spread = 1.5 must be at least 0 and below 1" in done.stderr
    assert not (tmp_path / "robustness_sites.csv").exists()
