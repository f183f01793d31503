"""The whole scoring pipeline on real public data: the Gieterveen plan (IMRO2008 GML as
published), Natura 2000 in the north and the CBS municipalities, with hand-built parcels
whose metrics are known from the plan itself."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.imro import read_imro_plan
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import load_scenario

GIETERVEEN = "imro/NL.IMRO.1680.1800030105-0000.gml"

SCENARIO = """
[scenario]
name = "Gieterveen"
language = "en"

[inputs.parcels]
path = "parcels.geojson"
id_field = "perceel"

[[inputs.zoning]]
path = "{data}/{plan}"

[inputs.boundaries]
path = "{data}/context/cbs_gebieden_north_2024.gpkg"
layer = "gemeente"
name_field = "gemeente"

[layers.natura2000]
kind = "constraint"
path = "{data}/context/natura2000_north.gpkg"
max_distance = 20000

[layers.leiding]
kind = "constraint"
zoning_object = "Dubbelbestemming"
zoning_group = "leiding"
max_distance = 2000

[[exclusions]]
when = "residential_share < 0.5"
reason = "less than half residential"

[[criteria]]
name = "housing"
metric = "residential_share"
function = "linear"
range = [0.0, 1.0]
weight = 60

[[criteria]]
name = "nature"
metric = "dist_natura2000"
function = "linear"
range = [250, 5000]
weight = 40
"""


@pytest.fixture(scope="module")
def plan(shared_data):
    return read_imro_plan(shared_data / GIETERVEEN, Report())[s.ENKELBESTEMMING]


@pytest.fixture(scope="module")
def hand_built(plan):
    """A wonen zone as a parcel; a wonen zone merged with a touching bedrijf zone; a box
    well outside the plan."""
    wonen = plan[plan[s.HOOFDGROEP] == "wonen"].reset_index(drop=True)
    bedrijf = plan[plan[s.HOOFDGROEP] == "bedrijf"].reset_index(drop=True)
    tree = shapely.STRtree(bedrijf.geometry.to_numpy())
    w, b = tree.query(wonen.geometry.to_numpy(), predicate="touches")
    w_pair, b_pair = wonen.geometry[w[0]], bedrijf.geometry[b[0]]
    _, ymin, xmax, _ = plan.total_bounds
    outside = shapely.box(xmax + 3000, ymin, xmax + 3100, ymin + 100)
    parcels = gpd.GeoDataFrame(
        {"perceel": ["wonen", "wonen+bedrijf", "buiten"]},
        geometry=[wonen.geometry[1], shapely.union(w_pair, b_pair), outside],
        crs=s.RD_NEW,
    )
    return parcels, w_pair.area / (w_pair.area + b_pair.area)


@pytest.fixture(scope="module")
def result(shared_data, hand_built, tmp_path_factory):
    folder = tmp_path_factory.mktemp("gieterveen")
    parcels, _ = hand_built
    pyogrio.write_dataframe(parcels, folder / "parcels.geojson")
    scenario = folder / "scenario.toml"
    scenario.write_text(SCENARIO.format(data=shared_data.as_posix(), plan=GIETERVEEN))
    return score(load_scenario(scenario), folder / "out")


def test_zoning_metrics_follow_the_plan(result, hand_built):
    table = result.parcels.set_index(s.PARCEL_ID)
    _, share = hand_built
    assert table.loc["wonen", s.RESIDENTIAL_SHARE] == pytest.approx(1.0)
    assert table.loc["wonen+bedrijf", s.RESIDENTIAL_SHARE] == pytest.approx(share, abs=1e-6)
    assert 0.05 < share < 0.95
    assert table.loc["wonen", s.HOOFDGROEP] == "wonen"
    assert table.loc["wonen", s.PLAN_STATUS] == "concept"
    assert np.isnan(table.loc["buiten", s.RESIDENTIAL_SHARE])  # unknown, not "not residential"
    assert table.loc["buiten", "zoning_coverage"] == 0.0
    # unknown residential share: excluded by the missing-data rule, with the reason said
    assert table.loc["buiten", s.EXCLUDED]
    assert "unknown" in table.loc["buiten", s.EXCLUSION_REASON]


def test_context_metrics_follow_the_real_layers(result, shared_data):
    table = result.parcels.set_index(s.PARCEL_ID)
    gemeenten = pyogrio.read_dataframe(
        shared_data / "context/cbs_gebieden_north_2024.gpkg", layer="gemeente"
    )
    for parcel_id, geom in zip(result.parcels[s.PARCEL_ID], result.parcels.geometry, strict=True):
        inside = gemeenten[gemeenten.contains(shapely.point_on_surface(geom))]
        assert table.loc[parcel_id, s.MUNICIPALITY] == inside["gemeente"].item()
    assert table.loc["wonen", s.MUNICIPALITY] == "Aa en Hunze"  # Gieterveen lies there
    nature = pyogrio.read_dataframe(shared_data / "context/natura2000_north.gpkg")
    for parcel_id, geom in zip(result.parcels[s.PARCEL_ID], result.parcels.geometry, strict=True):
        expected = min(shapely.distance(geom, nature.geometry.union_all()), 20000)
        assert table.loc[parcel_id, "dist_natura2000"] == pytest.approx(expected, abs=1e-6)
    assert (table["dist_natura2000"] > 0).all()


def test_outputs_on_real_data(result):
    csv = pd.read_csv(result.outputs["csv"])
    assert csv[s.PARCEL_ID].tolist()[0] == "wonen"  # the only parcel that is not excluded
    assert csv[s.RANK].tolist()[0] == 1
    assert "points" in csv[s.EXPLANATION][0]
    assert "Scenario: Gieterveen" in result.outputs["report"].read_text()
