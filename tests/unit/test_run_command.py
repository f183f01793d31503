"""`bouwstroom run`: parcels, sites with capacity, bundles, stream plan and robustness."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import numpy as np
import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.scenario import load_scenario
from bouwstroom_qgis.core.stream_settings import Quarter
from tests.unit.test_score_command import ROOT, bouwstroom


@pytest.fixture(scope="module")
def run_result(tmp_path_factory):
    region = generate_region(3000, 7, tmp_path_factory.mktemp("region") / "vlisteres").scenario
    # Sites of any owner: land a corporation or municipality could acquire, so that the
    # small region has enough homes for bundles of 40 or more.
    text = region.read_text(encoding="utf-8")
    region.write_text(
        text.replace('grouping = "same_owner"', 'grouping = "any_owner"'), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("run")
    return bouwstroom("run", region, "--out", out), out, region


def test_run_writes_scored_sites_with_capacity(run_result):
    result, out, _ = run_result
    assert result.returncode == 0, result.stderr
    assert "sites," in result.stdout and "Top" in result.stdout
    layers = pyogrio.list_layers(out / "shortlist.gpkg")[:, 0].tolist()
    assert layers == ["parcels", "sites", "bundles", "plan", "provenance", "layer_styles"]
    exported = ("shortlist.xlsx", "shortlist.pdf", "shortlist.html", "sites.geojson")
    for name in (*exported, "bundles.geojson", "bundles.csv", "plan.csv", "stream.svg"):
        assert (out / name).stat().st_size > 0, name  # run exports by default
    # GeoPackage 1.2, which the GDAL of QGIS 3.22 opens without a warning
    with sqlite3.connect(out / "shortlist.gpkg") as db:
        assert db.execute("pragma user_version").fetchone() == (10200,)
    sites = pyogrio.read_dataframe(out / "shortlist.gpkg", layer="sites")
    table = pd.read_csv(out / "sites.csv")
    assert len(sites) == len(table) > 0
    concepts = [c.name for c in load_concepts()]
    for column in (
        s.SITE_ID,
        s.PARCEL_IDS,
        s.MUNICIPALITY,
        s.OWNERS,
        s.AREA,
        s.BUILDABLE,
        s.BEST_CONCEPT,
        s.HOMES,
        s.DENSITY,
        s.SCORE,
        s.RANK,
        s.EXPLANATION,
        *(f"{s.HOMES_PREFIX}{name}" for name in concepts),
    ):
        assert column in table.columns, column
    per_concept = table[[f"{s.HOMES_PREFIX}{name}" for name in concepts]]
    np.testing.assert_array_equal(table[s.HOMES], per_concept.max(axis=1))
    assert (table[s.BUILDABLE] <= table[s.AREA] + 1e-6).all()
    zero = table[table[s.HOMES] == 0]
    assert (zero[s.REASON].str.len() > 0).all()  # no homes: the reason is said
    ranked = table[table[s.RANK].notna()]
    assert ranked[s.RANK].tolist() == list(range(1, len(ranked) + 1))
    contributions = table.filter(like=s.CONTRIBUTION_PREFIX).sum(axis=1)
    np.testing.assert_allclose(contributions, table[s.SCORE], atol=1e-3)


def test_parcels_know_their_site(run_result):
    _, out, _ = run_result
    parcels = pd.read_csv(out / "shortlist.csv")
    sites = pd.read_csv(out / "sites.csv")
    in_sites = parcels[parcels[s.SITE_ID].notna()]
    assert set(in_sites[s.SITE_ID]) == set(sites[s.SITE_ID])
    listed = sites[s.PARCEL_IDS].str.split("; ").explode()
    assert sorted(listed) == sorted(in_sites[s.PARCEL_ID])
    assert not parcels.loc[parcels[s.EXCLUDED], s.SITE_ID].notna().any()


def test_land_without_a_known_plan_gets_no_homes(run_result):
    _, out, _ = run_result
    sites = pd.read_csv(out / "sites.csv")
    unknown = sites[sites["zoning_mix"].str.startswith("onbekend 100%")]
    assert len(unknown) > 0  # the generated region leaves some land without a plan
    assert (unknown[s.HOMES] == 0).all()
    # a sliver of a plan that allows no concept may give the other reason
    reasons = unknown[s.REASON].value_counts()
    assert set(reasons.index) <= {"geen bestemmingsplan bekend", "buiten toegestane bestemming"}
    assert reasons.idxmax() == "geen bestemmingsplan bekend"


def test_every_bundle_keeps_every_rule(run_result):
    _, out, region = run_result
    rules = load_scenario(region).bundles
    bundles = pyogrio.read_dataframe(out / "shortlist.gpkg", layer="bundles")
    sites = pd.read_csv(out / "sites.csv").set_index(s.SITE_ID)
    assert len(bundles) >= 3
    assert pd.read_csv(out / "bundles.csv")[s.BUNDLE_ID].tolist() == bundles[s.BUNDLE_ID].tolist()
    for bundle in bundles.itertuples():
        members = sites.loc[bundle.site_ids.split("; ")]
        assert (members[s.BUNDLE_ID] == bundle.bundle_id).all()
        assert len(members) == bundle.n_sites
        assert rules.min_homes <= bundle.homes <= rules.max_homes
        assert bundle.spread_km <= rules.max_spread_km
        assert (members[s.BEST_CONCEPT] == bundle.concept).all()  # concepts = "best"
        assert members[s.HOMES].sum() == bundle.homes
        ready = members[s.READY_LABEL].map(Quarter.parse)
        assert Quarter.parse(bundle.latest_label) == ready.max()
        assert ready.max().number - ready.min().number <= rules.readiness_window
        assert bundle.geometry.area == pytest.approx(members[s.AREA].sum(), abs=1.0)
    left_out = sites[sites[s.BUNDLE_ID].isna()]
    assert left_out[s.BUNDLE_REASON].notna().all()  # every site left out says why


def test_the_stream_plan_starts_every_bundle_once_its_sites_are_ready(run_result):
    _, out, _ = run_result
    bundles = pd.read_csv(out / "bundles.csv").set_index(s.BUNDLE_ID)
    plan = pd.read_csv(out / "plan.csv")
    stored = pyogrio.read_dataframe(out / "shortlist.gpkg", layer="plan")
    assert len(stored) == len(plan)
    started = plan.groupby(s.BUNDLE_ID)[s.HOMES].sum()
    assert started.sort_index().to_dict() == bundles[s.HOMES].sort_index().to_dict()
    first = plan.groupby(s.BUNDLE_ID)[s.QUARTER_LABEL].min()  # 'YYYY-Qn' sorts as time
    last = plan.groupby(s.BUNDLE_ID)[s.QUARTER_LABEL].max()
    assert (first == bundles.loc[first.index, s.START_QUARTER]).all()
    assert (last == bundles.loc[last.index, s.END_QUARTER]).all()
    assert (bundles[s.START_QUARTER] >= bundles["latest_label"]).all()
    rates = {"rijwoning": 24, "compacte_rijwoning": 24, "levensloop": 16,
             "twee_onder_een_kap": 12, "appartementen": 32}  # fmt: skip
    per_line = plan.groupby([s.QUARTER, s.CONCEPT])[s.HOMES].sum()
    assert all(homes <= rates[concept] for (_, concept), homes in per_line.items())
    svg = (out / "stream.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") or "<svg" in svg[:200]
    assert all(bundle_id in svg for bundle_id in bundles.index)
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert f"Bundles: {len(bundles)} with {int(bundles[s.HOMES].sum())} homes" in report


def test_parcels_and_sites_carry_robustness_and_profiles(run_result):
    _, out, _ = run_result
    for table in (pd.read_csv(out / "shortlist.csv"), pd.read_csv(out / "sites.csv")):
        ranked = table[table[s.RANK].notna()]
        assert ranked[s.P_TOP_K].between(0, 1).all()
        assert (ranked[s.RANK_P05] <= ranked[s.RANK_P50]).all()
        assert (ranked[s.RANK_P50] <= ranked[s.RANK_P95]).all()
        top = ranked.nsmallest(50, s.RANK)
        assert top[s.P_TOP_K].mean() > ranked[s.P_TOP_K].mean()  # the top stays up more often
        profiles = [f"{s.PROFILE_RANK_PREFIX}{p}" for p in ("gemeente", "corporatie", "bouwer")]
        worst = ranked[profiles].max(axis=1)
        np.testing.assert_array_equal(ranked[s.CONSENSUS_RANK], worst)
        np.testing.assert_array_equal(ranked[s.CONSENSUS], worst <= 50)
        assert table.loc[table[s.RANK].isna(), s.P_TOP_K].isna().all()


def test_the_exports_warnings_are_in_the_run_report(tmp_path):
    """Without matplotlib (as in a bare QGIS Python) the report says the PDF is missing."""
    region = generate_region(1000, 3, tmp_path / "region").scenario
    out = tmp_path / "out"
    code = (
        "import sys; sys.modules['matplotlib'] = None; "  # import matplotlib fails
        "from bouwstroom_qgis.cli import main; "
        f"sys.exit(main(['-q', 'run', {str(region)!r}, '--out', {str(out)!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert (out / "shortlist.html").exists() and not (out / "shortlist.pdf").exists()
    report = (out / "report.txt").read_text(encoding="utf-8")
    assert "matplotlib" in report and report.startswith("Scenario: ")
