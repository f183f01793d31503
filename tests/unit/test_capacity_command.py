"""`bouwstroom capacity`: homes per concept for any polygon layer of sites, as a user runs it."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.generator import generate_region
from tests.unit.test_score_command import bouwstroom

CONCEPTS = [c.name for c in load_concepts()]
HOMES = [f"{s.HOMES_PREFIX}{name}" for name in CONCEPTS]
X0, Y0 = 230_000.0, 560_000.0


@pytest.fixture(scope="module")
def region(tmp_path_factory):
    return generate_region(1500, 11, tmp_path_factory.mktemp("region") / "vlisteres").scenario


@pytest.fixture(scope="module")
def pipeline_sites(region, tmp_path_factory):
    out = tmp_path_factory.mktemp("sites")
    done = bouwstroom("sites", region, "--out", out)
    assert done.returncode == 0, done.stderr
    return out / "shortlist.gpkg"


def sketch(path, names=("noord", "zuid"), **fields) -> None:
    """A planner's sketch: a 100 x 60 m rectangle and a 30 x 30 m square, in RD New."""
    shapes = [shapely.box(X0, Y0, X0 + 100, Y0 + 60), shapely.box(X0, Y0 + 200, X0 + 30, Y0 + 230)]
    frame = gpd.GeoDataFrame({"naam": list(names), **fields}, geometry=shapes, crs=s.RD_NEW)
    frame.to_file(path, layer="schets")


def test_the_pipeline_sites_get_the_pipeline_capacity(region, pipeline_sites, tmp_path):
    out = tmp_path / "capacity.gpkg"
    done = bouwstroom(
        "capacity", pipeline_sites, "--layer", "sites", "--out", out,
        "--zoning", region.parent / "bestemmingsplan.gpkg",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    ours = pd.read_csv(tmp_path / "capacity.csv").set_index(s.SITE_ID)
    theirs = pyogrio.read_dataframe(pipeline_sites, layer="sites").set_index(s.SITE_ID)
    assert len(ours) == len(theirs) > 10
    theirs = theirs.loc[ours.index]
    for column in [*HOMES, s.HOMES, s.BUILDABLE, s.DENSITY]:
        np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-5, err_msg=column)
    assert (ours[s.BEST_CONCEPT].fillna("") == theirs[s.BEST_CONCEPT].fillna("")).all()
    # the sites' own fields travel along; capacity columns are the capacity's
    assert ours[s.PARCEL_IDS].tolist() == theirs[s.PARCEL_IDS].tolist()
    assert "fields replaced by the capacity's" in done.stderr
    total = int(ours[s.HOMES].sum())
    assert f"{len(ours)} sites, {int((ours[s.HOMES] > 0).sum())} with homes; {total} homes" in (
        done.stdout
    )
    # Natura 2000 as unbuildable land never adds homes
    done = bouwstroom(
        "capacity", pipeline_sites, "--layer", "sites", "--out", tmp_path / "natura.gpkg",
        "--zoning", region.parent / "bestemmingsplan.gpkg",
        "--exclude", region.parent / "natura2000.gpkg",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    natura = pd.read_csv(tmp_path / "natura.csv").set_index(s.SITE_ID).loc[ours.index]
    assert (natura[HOMES].to_numpy() <= ours[HOMES].to_numpy()).all()


def test_a_sketch_by_hand(tmp_path):
    sketch(tmp_path / "schets.gpkg", oppervlak=[1.0, 2.0])
    out = tmp_path / "out" / "capaciteit.gpkg"
    done = bouwstroom("capacity", tmp_path / "schets.gpkg", "--id-field", "naam", "--out", out)
    assert done.returncode == 0, done.stderr
    assert "no zoning given: capacity is not limited by any plan" in done.stderr
    table = pd.read_csv(out.with_suffix(".csv"))
    assert table.columns[:3].tolist() == [s.SITE_ID, s.AREA, HOMES[0]]
    assert table[s.SITE_ID].tolist() == ["noord", "zuid"]
    assert table[s.AREA].tolist() == [6000.0, 900.0]
    # 100 x 60 m (tests/unit/test_capacity.py): 18 rijwoningen, 20 appartementen, 38
    # compacte rijwoningen; 30 x 30 m is too small for any row
    assert table.loc[
        0, ["homes_rijwoning", "homes_appartementen", "homes_compacte_rijwoning"]
    ].tolist() == [18, 20, 38]
    assert table.loc[0, s.BEST_CONCEPT] == "compacte_rijwoning"
    assert table.loc[1, s.HOMES] == 0 and "te klein" in table.loc[1, s.REASON]
    assert table["oppervlak"].tolist() == [1.0, 2.0]  # the sketch's own fields travel along
    layer = pyogrio.read_dataframe(out, layer="capacity")
    assert layer.crs.to_epsg() == 28992 and layer[s.HOMES].tolist() == [38, 0]
    assert pyogrio.list_layers(out)[:, 0].tolist() == ["capacity"]


def test_feature_ids_name_sites_without_ids_and_layouts_on_request(tmp_path):
    sketch(tmp_path / "schets.gpkg")
    out = tmp_path / "capacity.gpkg"
    done = bouwstroom("capacity", tmp_path / "schets.gpkg", "--out", out, "--layouts")
    assert done.returncode == 0, done.stderr
    assert "no field 'site_id': sites are named by their feature ids" in done.stderr
    table = pd.read_csv(tmp_path / "capacity.csv", dtype={s.SITE_ID: str})
    assert table[s.SITE_ID].tolist() == ["1", "2"]  # GeoPackage feature ids
    layouts = pyogrio.read_dataframe(out, layer="layouts")
    buildings = layouts[layouts[s.ELEMENT] == "gebouw"]
    per_concept = buildings.groupby(s.CONCEPT)[s.HOMES].sum()
    assert per_concept.to_dict() == {
        name: int(table.loc[0, f"{s.HOMES_PREFIX}{name}"])
        for name in CONCEPTS
        if table.loc[0, f"{s.HOMES_PREFIX}{name}"] > 0
    }
    first = (tmp_path / "capacity.csv").read_bytes()
    done = bouwstroom("capacity", tmp_path / "schets.gpkg", "--out", out, "--overwrite")
    assert done.returncode == 0 and (tmp_path / "capacity.csv").read_bytes() == first


def test_an_exclusion_strip_splits_the_rectangle(tmp_path):
    sketch(tmp_path / "schets.gpkg")
    strip = shapely.box(X0 + 40, Y0 - 10, X0 + 45, Y0 + 70)  # a pipeline strip across
    gpd.GeoDataFrame(geometry=[strip], crs=s.RD_NEW).to_file(tmp_path / "leiding.gpkg")
    done = bouwstroom(
        "capacity", tmp_path / "schets.gpkg", "--id-field", "naam", "--out",
        tmp_path / "c.gpkg", "--exclude", tmp_path / "leiding.gpkg",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    table = pd.read_csv(tmp_path / "c.csv")
    # after the 1.5 m setback, 38.5 and 53.5 m either side of the strip, 57 m deep: two
    # 28 m strips along x, each with rows of 7 (7 x 4.5 + 3 = 34.5 m) and of 10 (two
    # rows: 10 x 4.5 + 2 x 3 = 51 m): 34 instead of 38
    assert table.loc[0, "homes_compacte_rijwoning"] == 34


@pytest.mark.parametrize(
    ("case", "arguments", "message"),
    [
        (
            "id field",
            ["--id-field", "nummer"],
            "has no field 'nummer'; use --id-field with one of: naam",
        ),
        ("repeated id", ["--id-field", "naam"], "site id 'noord' is used for more than one site"),
        (
            "not a GeoPackage",
            ["--out", "capacity.csv"],
            "give a GeoPackage file name ending in .gpkg",
        ),
        ("concepts", ["--concepts", "geen.toml"], "concept catalogue not found"),
    ],
)
def test_bad_input_is_one_line(case, arguments, message, tmp_path):
    names = ("noord", "noord") if case == "repeated id" else ("noord", "zuid")
    sketch(tmp_path / "schets.gpkg", names=names)
    out = ["--out", tmp_path / "capacity.gpkg"] if "--out" not in arguments else []
    arguments = [tmp_path / a if a in ("capacity.csv", "geen.toml") else a for a in arguments]
    done = bouwstroom("capacity", tmp_path / "schets.gpkg", *out, *arguments)
    assert done.returncode == 2, done.stderr
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("bouwstroom capacity: error: ") and message in last
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "capacity.gpkg").exists()


def test_points_and_existing_outputs_are_refused(tmp_path):
    points = gpd.GeoDataFrame(geometry=[shapely.Point(X0, Y0)], crs=s.RD_NEW)
    points.to_file(tmp_path / "punten.gpkg")
    done = bouwstroom("capacity", tmp_path / "punten.gpkg", "--out", tmp_path / "c.gpkg")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "sites need a polygon layer" in done.stderr.strip().splitlines()[-1]
    sketch(tmp_path / "schets.gpkg")
    (tmp_path / "c.csv").write_text("kept\n")
    done = bouwstroom("capacity", tmp_path / "schets.gpkg", "--out", tmp_path / "c.gpkg")
    assert done.returncode == 2 and "c.csv exists; use --overwrite" in done.stderr
    assert not (tmp_path / "c.gpkg").exists() and (tmp_path / "c.csv").read_text() == "kept\n"
