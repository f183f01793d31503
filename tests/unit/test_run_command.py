"""`bouwstroom run`: parcels, sites with capacity per concept and site scores, end to end."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyogrio
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.generator import generate_region
from tests.unit.test_score_command import bouwstroom


@pytest.fixture(scope="module")
def run_result(tmp_path_factory):
    region = generate_region(3000, 7, tmp_path_factory.mktemp("region") / "vlisteres").scenario
    out = tmp_path_factory.mktemp("run")
    return bouwstroom("run", region, "--out", out), out


def test_run_writes_scored_sites_with_capacity(run_result):
    result, out = run_result
    assert result.returncode == 0, result.stderr
    assert "sites," in result.stdout and "Top" in result.stdout
    layers = pyogrio.list_layers(out / "shortlist.gpkg")[:, 0].tolist()
    assert layers == ["parcels", "sites", "provenance", "layer_styles"]
    for name in ("shortlist.xlsx", "shortlist.pdf", "shortlist.html", "sites.geojson"):
        assert (out / name).stat().st_size > 0, name  # run exports by default
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
    _, out = run_result
    parcels = pd.read_csv(out / "shortlist.csv")
    sites = pd.read_csv(out / "sites.csv")
    in_sites = parcels[parcels[s.SITE_ID].notna()]
    assert set(in_sites[s.SITE_ID]) == set(sites[s.SITE_ID])
    listed = sites[s.PARCEL_IDS].str.split("; ").explode()
    assert sorted(listed) == sorted(in_sites[s.PARCEL_ID])
    assert not parcels.loc[parcels[s.EXCLUDED], s.SITE_ID].notna().any()


def test_land_without_a_known_plan_gets_no_homes(run_result):
    _, out = run_result
    sites = pd.read_csv(out / "sites.csv")
    unknown = sites[sites["zoning_mix"].str.startswith("onbekend 100%")]
    assert len(unknown) > 0  # the generated region leaves some land without a plan
    assert (unknown[s.HOMES] == 0).all()
    assert (unknown[s.REASON] == "geen bestemmingsplan bekend").all()
