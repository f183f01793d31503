"""`bouwstroom score` end to end on a generated region, as a user runs it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]


def bouwstroom(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bouwstroom_qgis", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("region") / "vlisteres"
    return generate_region(1500, 11, folder).scenario


@pytest.fixture(scope="module")
def scored(region, tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("score")
    return bouwstroom("score", region, "--out", out), out


def test_writes_a_ranked_explained_shortlist(scored):
    result, out = scored
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "1500 parcels scored" in result.stdout and "Top 10:" in result.stdout
    table = pd.read_csv(out / "shortlist.csv")
    layer = pyogrio.read_dataframe(out / "shortlist.gpkg", layer="parcels")
    assert len(table) == len(layer) == 1500
    assert layer.crs.to_epsg() == 28992
    for column in (
        s.PARCEL_ID,
        s.SCORE,
        s.RANK,
        s.EXPLANATION,
        s.EXCLUDED,
        s.EXCLUSION_REASON,
        s.AREA,
        s.COMPACTNESS,
        s.RESIDENTIAL_SHARE,
        s.HOOFDGROEP,
        s.PLAN_STATUS,
        s.OWNER,
        s.OWNER_TYPE,
        s.OWNER_SHARE,
        s.MUNICIPALITY,
        "share_natura2000",
        "dist_natura2000",
        "dist_station",
    ):
        assert column in table.columns and column in layer.columns, column
    ranked = table[table[s.RANK].notna()]
    assert ranked[s.RANK].tolist() == list(range(1, len(ranked) + 1))  # sorted by rank
    assert table[s.RANK].isna().tolist() == [False] * len(ranked) + [True] * (1500 - len(ranked))
    assert ranked[s.SCORE].is_monotonic_decreasing
    contributions = table.filter(like=s.CONTRIBUTION_PREFIX).sum(axis=1)
    np.testing.assert_allclose(contributions, table[s.SCORE], atol=1e-3)
    excluded = table[table[s.EXCLUDED]]
    assert len(excluded) > 0 and (excluded[s.EXCLUSION_REASON].str.len() > 0).all()
    assert table[s.EXPLANATION].str.contains("punten").all()
    assert table[s.MUNICIPALITY].nunique() >= 2


def test_same_inputs_give_byte_identical_tables(scored, region, tmp_path):
    _, first = scored
    result = bouwstroom("score", region, "--out", tmp_path, "--no-cache")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "shortlist.csv").read_bytes() == (first / "shortlist.csv").read_bytes()


def test_changed_weights_reuse_the_cached_metrics(region, tmp_path):
    out = tmp_path / "out"
    assert bouwstroom("score", region, "--out", out).returncode == 0
    first = pd.read_csv(out / "shortlist.csv")
    text = region.read_text(encoding="utf-8")
    changed = region.parent / "andere_gewichten.toml"  # beside it: same relative input paths
    changed.write_text(re.sub(r"(?m)^weight = \d+", "weight = 1", text, count=1), encoding="utf-8")
    assert changed.read_text(encoding="utf-8") != text
    result = bouwstroom("score", changed, "--out", out, "--overwrite")
    assert result.returncode == 0, result.stderr
    assert "metrics from the cache" in result.stdout
    second = pd.read_csv(out / "shortlist.csv")
    assert first[s.PARCEL_ID].head(50).tolist() != second[s.PARCEL_ID].head(50).tolist()


def test_existing_outputs_are_kept_without_overwrite(scored, region):
    _, out = scored
    before = (out / "shortlist.csv").read_bytes()
    result = bouwstroom("score", region, "--out", out)  # refused before any work is done
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"bouwstroom score: error: {out / 'shortlist.gpkg'} exists; use --overwrite to replace it"
    ]
    assert (out / "shortlist.csv").read_bytes() == before


def test_bad_scenario_is_one_line_with_its_line_number(tmp_path):
    bad = tmp_path / "scenario.toml"
    bad.write_text('[scenario]\nname = "x"\n[[criteria]\n', encoding="utf-8")
    result = bouwstroom("score", bad, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "line 3" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_command_line_layers_replace_the_scenarios(region, tmp_path):
    far = tmp_path / "far.gpkg"
    nature = pyogrio.read_dataframe(region.parent / "natura2000.gpkg")
    nature["geometry"] = nature.geometry.translate(0, 40_000)
    pyogrio.write_dataframe(nature, far)
    result = bouwstroom(
        "score", region, "--out", tmp_path / "out", "--constraint", f"natura2000={far}"
    )
    assert result.returncode == 0, result.stderr
    table = pd.read_csv(tmp_path / "out" / "shortlist.csv")
    assert (table["dist_natura2000"] == 5000).all() and (table["share_natura2000"] == 0).all()


def test_a_failed_write_leaves_no_partial_file(region, tmp_path, monkeypatch):
    import bouwstroom_qgis.core.outputs as outputs

    real_write = outputs.pyogrio.write_dataframe

    def write_then_fail(frame, path, **kwargs):
        real_write(frame.head(10), path, **kwargs)  # half a GeoPackage on disk...
        raise KeyboardInterrupt  # ...when the user presses Ctrl+C

    monkeypatch.setattr(outputs.pyogrio, "write_dataframe", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        score(load_scenario(region), tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".cache"]


def test_reader_options_on_the_command_line_name_the_fields(region, scored, tmp_path):
    """--id-field and --owner(-type)-field let a layer with other field names stand in."""
    _, reference = scored
    parcels = pyogrio.read_dataframe(region.parent / "percelen.gpkg", layer="percelen")
    own = parcels[["geometry"]].assign(
        nummer=parcels["AKRKadastraleGemeenteCodeWaarde"]
        + " " + parcels["sectie"] + " " + parcels["perceelnummer"].astype(str)
    )  # fmt: skip
    pyogrio.write_dataframe(own, tmp_path / "eigen_percelen.gpkg", layer="eigen")
    holdings = pyogrio.read_dataframe(region.parent / "bezit.gpkg", layer="corporaties")
    renamed = holdings.rename(columns={"eigenaar": "wie", "eigenaar_type": "soort"})
    pyogrio.write_dataframe(renamed, tmp_path / "bezit.gpkg", layer="bezit")
    result = bouwstroom(
        "score", region, "--out", tmp_path / "out", "--parcels", tmp_path / "eigen_percelen.gpkg",
        "--id-field", "nummer", "--holdings", tmp_path / "bezit.gpkg",
        "--owner-field", "wie", "--owner-type-field", "soort",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    ours = pd.read_csv(tmp_path / "out" / "shortlist.csv").set_index(s.PARCEL_ID)
    theirs = pd.read_csv(reference / "shortlist.csv").set_index(s.PARCEL_ID)
    assert len(ours) == len(theirs) == 1500 and set(ours.index) == set(theirs.index)
    # Only the corporations' holdings were given: their parcels keep their owners.
    corporation = ours.index[ours[s.OWNER_TYPE].eq("corporatie")]
    assert 0 < len(corporation) <= theirs[s.OWNER_TYPE].eq("corporatie").sum()
    assert (ours.loc[corporation, s.OWNER] == theirs.loc[corporation, s.OWNER]).all()


def test_a_missing_option_field_is_named(region, tmp_path):
    holdings = pyogrio.read_dataframe(region.parent / "bezit.gpkg", layer="corporaties")
    pyogrio.write_dataframe(holdings, tmp_path / "bezit.gpkg", layer="bezit")
    result = bouwstroom(
        "score", region, "--out", tmp_path / "out",
        "--holdings", tmp_path / "bezit.gpkg", "--owner-field", "wie",
    )  # fmt: skip
    assert result.returncode == 2
    assert "has no field 'wie' (owner_field)" in result.stderr.splitlines()[-1]
