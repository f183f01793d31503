"""The generated sample region, end to end: files, geometry, keys, zoning, holdings, scenario."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core.errors import Cancelled, OutputError
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.scenario import load_scenario
from bouwstroom_qgis.core.schema import (
    DUBBELBESTEMMING_GROUPS,
    ENKELBESTEMMING_GROUPS,
    GEBIEDSAANDUIDING_GROUPS,
    IMRO_OBJECT_TYPES,
    PLAN_STATUSES,
)

ROOT = Path(__file__).resolve().parents[2]
N = 2000
SEED = 11


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "regio"
    generate_region(N, SEED, out)
    return out


@pytest.fixture(scope="module")
def parcels(region):
    return pyogrio.read_dataframe(region / "percelen.gpkg", layer="percelen")


def parcel_key(frame) -> pd.Series:
    return (
        frame["AKRKadastraleGemeenteCodeWaarde"]
        + " "
        + frame["sectie"]
        + " "
        + frame["perceelnummer"].astype(str)
    )


def test_writes_every_file_and_nothing_else(region):
    assert sorted(p.name for p in region.iterdir()) == [
        "LEESMIJ.txt",
        "bestemmingsplan.gpkg",
        "bezit.gpkg",
        "geluid.gpkg",
        "gemeente_bezit.csv",
        "gemeenten.gpkg",
        "natura2000.gpkg",
        "overstroming.gpkg",
        "percelen.gpkg",
        "scenario.toml",
        "voorzieningen.gpkg",
    ]
    assert not [p for p in region.parent.iterdir() if p.name.startswith(".")]


def test_parcels_are_valid_and_tile_without_overlap(parcels):
    geometry = parcels.geometry.to_numpy()
    assert len(parcels) == N
    assert parcels.crs.to_epsg() == 28992
    assert shapely.is_valid(geometry).all()
    total = shapely.area(geometry).sum()
    union = shapely.union_all(geometry).area
    assert union == pytest.approx(total, rel=1e-9)
    x0, y0, x1, y1 = parcels.total_bounds
    assert 190_000 < x0 < x1 < 290_000 and 510_000 < y0 < y1 < 610_000


def test_parcel_ids_unique_and_sizes_recorded(parcels):
    key = parcel_key(parcels)
    assert key.is_unique
    assert key.str.fullmatch(r"[A-Z]{3}\d{2} [A-Z]{1,2} \d+").all()
    area = shapely.area(parcels.geometry.to_numpy())
    assert (parcels["kadastraleGrootteWaarde"] == np.rint(area)).all()


def test_size_distribution_has_every_class(parcels):
    area = shapely.area(parcels.geometry.to_numpy())
    classes = {
        "row house": (area >= 120) & (area <= 250),
        "detached": (area >= 400) & (area <= 1000),
        "infill": (area >= 1500) & (area <= 10_000),
        "farmland": (area >= 20_000) & (area <= 200_000),
    }
    shares = {name: mask.mean() for name, mask in classes.items()}
    assert shares["row house"] > 0.1, shares
    assert shares["detached"] > 0.02, shares
    assert shares["infill"] > 0.01, shares
    assert classes["farmland"].sum() >= 20, shares
    assert area.max() < 400_000


def test_zoning_layout_and_codes(region):
    layers = dict(pyogrio.list_layers(region / "bestemmingsplan.gpkg"))
    assert set(layers) <= set(IMRO_OBJECT_TYPES)
    assert {"Enkelbestemming", "Dubbelbestemming", "Gebiedsaanduiding", "Bouwvlak"} <= set(layers)
    assert {"Bouwaanduiding", "Bestemmingsplangebied"} <= set(layers)
    groups = {
        "Enkelbestemming": ENKELBESTEMMING_GROUPS,
        "Dubbelbestemming": DUBBELBESTEMMING_GROUPS,
        "Gebiedsaanduiding": GEBIEDSAANDUIDING_GROUPS,
    }
    for layer in layers:
        frame = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer=layer)
        assert list(frame.columns[:-1]) == [
            "object_type", "hoofdgroep", "naam", "plan_id", "plan_status", "identificatie",
        ]  # fmt: skip
        assert (frame["object_type"] == layer).all()
        assert frame["plan_status"].isin(PLAN_STATUSES).all()
        assert (
            frame["plan_id"].str.fullmatch(r"NL\.IMRO\.\d{4}\.[A-Za-z0-9]{1,17}-[A-Z0-9]{4}").all()
        )
        assert shapely.is_valid(frame.geometry.to_numpy()).all()
        if layer in groups:
            assert frame["hoofdgroep"].isin(groups[layer]).all()
    dubbel = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Dubbelbestemming")
    assert {"leiding", "waarde"} <= set(dubbel["hoofdgroep"])
    aanduiding = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Bouwaanduiding")
    assert set(aanduiding["naam"]) <= {"gestapeld", "vrijstaand", "twee-aaneen", "aaneengebouwd"}


def test_enkelbestemmingen_of_a_plan_do_not_overlap_and_fill_it(region):
    enkel = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Enkelbestemming")
    outline = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Bestemmingsplangebied")
    assert enkel["hoofdgroep"].nunique() >= 10
    for plan_id, part in enkel.groupby("plan_id"):
        g = part.geometry.to_numpy()
        union = shapely.union_all(g)
        assert union.area == pytest.approx(shapely.area(g).sum(), rel=1e-6), plan_id
        area = outline.loc[outline["plan_id"] == plan_id].geometry.iloc[0]
        assert union.symmetric_difference(area).area < 1e-3 * area.area, plan_id


def test_zoning_covers_most_but_not_all_parcels(region, parcels):
    enkel = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Enkelbestemming")
    points = shapely.point_on_surface(parcels.geometry.to_numpy())
    inside, _ = shapely.STRtree(enkel.geometry.to_numpy()).query(points, predicate="within")
    covered = np.unique(inside).size / len(parcels)
    assert 0.9 < covered < 0.995


def test_a_second_plan_of_another_status_overlaps_an_adopted_plan(region):
    outline = pyogrio.read_dataframe(region / "bestemmingsplan.gpkg", layer="Bestemmingsplangebied")
    adopted = outline[outline["plan_status"] == "vastgesteld"]
    pending = outline[outline["plan_status"] != "vastgesteld"]
    assert len(pending) >= 1
    overlap = shapely.intersection(pending.geometry.iloc[0], shapely.union_all(adopted.geometry))
    assert overlap.area == pytest.approx(pending.geometry.iloc[0].area, rel=1e-6)


def test_holdings_match_parcels_except_a_few_stale_keys(region, parcels):
    keys = set(parcel_key(parcels))
    table = pd.read_csv(region / "gemeente_bezit.csv", sep=";")
    assert list(table.columns[:3]) == ["kadastrale_aanduiding", "eigenaar", "eigenaar_type"]
    assert (table["eigenaar_type"] == "gemeente").all()
    stale = ~table["kadastrale_aanduiding"].isin(keys)
    assert 3 <= stale.sum() <= max(3, 0.05 * len(table))
    assert table["kadastrale_aanduiding"].is_unique
    assert len(table) >= 10

    corporations = pyogrio.read_dataframe(region / "bezit.gpkg", layer="corporaties")
    assert corporations["eigenaar"].nunique() == 2
    assert (corporations["eigenaar_type"] == "corporatie").all()
    parcel_geoms = parcels.geometry.to_numpy()
    owned = corporations.geometry.to_numpy()
    source, parcel = shapely.STRtree(parcel_geoms).query(
        shapely.point_on_surface(owned), predicate="within"
    )
    assert np.array_equal(source, np.arange(len(owned)))
    assert shapely.equals(owned, parcel_geoms[parcel]).all()

    points = pyogrio.read_dataframe(region / "bezit.gpkg", layer="verblijfsobjecten")
    assert len(points) >= 1 and points["eigenaar"].nunique() == 1
    assert (
        points["identificatie"].str.fullmatch(r"\d{16}").all() and points["identificatie"].is_unique
    )
    holder, _ = shapely.STRtree(parcel_geoms).query(points.geometry.to_numpy(), predicate="within")
    assert np.unique(holder).size == len(points)


def test_scenario_parses_and_every_path_exists(region):
    text = (region / "scenario.toml").read_text(encoding="utf-8")
    scenario = tomllib.loads(text)
    default = tomllib.loads((ROOT / "resources/scenarios/bouwstroom_noord.toml").read_text())
    assert set(default) <= set(scenario)
    paths = [scenario["inputs"]["parcels"]["path"], scenario["inputs"]["boundaries"]["path"]]
    paths += [z["path"] for z in scenario["inputs"]["zoning"]]
    paths += [h["path"] for h in scenario["inputs"]["holdings"]]
    paths += [layer["path"] for layer in scenario["layers"].values() if "path" in layer]
    assert all((region / p).is_file() for p in paths), paths
    for layer in scenario["layers"].values():
        if "layer" in layer:
            assert layer["layer"] in dict(pyogrio.list_layers(region / layer["path"]))
    assert set(scenario["layers"]) == {
        "natura2000", "geluid", "overstroming", "leiding", "station", "school", "winkel",
    }  # fmt: skip
    amenities = pyogrio.read_dataframe(region / "voorzieningen.gpkg")
    for name in ("station", "school", "winkel"):
        assert scenario["layers"][name]["where"] == f"soort = '{name}'"
        assert (amenities["soort"] == name).sum() >= 1
    criteria = scenario["criteria"]
    assert 6 <= len(criteria) <= 8
    assert sum(c["weight"] for c in criteria) == 100
    metrics = {c["metric"] for c in criteria} | {
        e["when"].split()[0] for e in scenario["exclusions"]
    }
    for metric in metrics:
        prefix, _, name = metric.partition("_")
        if prefix in ("dist", "share") and name not in ("m2",):
            assert name in scenario["layers"], metric


def test_context_layers(region, parcels):
    nature = pyogrio.read_dataframe(region / "natura2000.gpkg")
    assert len(nature) >= 2 and shapely.is_valid(nature.geometry.to_numpy()).all()
    assert nature.geometry.area.min() > 100_000
    noise = pyogrio.read_dataframe(region / "geluid.gpkg")
    assert {"spoor", "weg"} <= set(noise["bron"])
    assert set(noise["lden_db"]) <= {55, 65}
    flood = pyogrio.read_dataframe(region / "overstroming.gpkg")
    assert len(flood) >= 1 and flood.geometry.area.sum() > 100_000
    municipalities = pyogrio.read_dataframe(region / "gemeenten.gpkg", layer="gemeente")
    assert 2 <= len(municipalities) <= 4 and municipalities["statnaam"].is_unique
    inside = shapely.union_all(municipalities.geometry.to_numpy())
    assert shapely.covers(inside, parcels.geometry.to_numpy()).all()


def test_same_seed_gives_identical_bytes_and_another_seed_differs(region, tmp_path):
    again = tmp_path / "again"
    generate_region(N, SEED, again)
    other = tmp_path / "other"
    generate_region(N, SEED + 1, other)

    def digest(folder: Path) -> dict[str, str]:
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}

    assert digest(again) == digest(region)
    different = {k for k, v in digest(other).items() if digest(region)[k] != v}
    assert {"percelen.gpkg", "bestemmingsplan.gpkg", "bezit.gpkg"} <= different


def test_existing_folder_is_refused_unless_overwrite(tmp_path):
    out = tmp_path / "regio"
    generate_region(1000, 1, out)
    before = (out / "percelen.gpkg").read_bytes()
    with pytest.raises(OutputError, match="--overwrite"):
        generate_region(1000, 2, out)
    assert (out / "percelen.gpkg").read_bytes() == before
    generate_region(1000, 2, out, overwrite=True)
    assert (out / "percelen.gpkg").read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regio"]


def test_overwrite_never_replaces_an_unrelated_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not a generated region"):
        generate_region(1000, 1, tmp_path, overwrite=True)
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_cancelled_run_leaves_nothing(tmp_path):
    messages: list[str] = []

    def cancel_while_writing() -> bool:
        # Stop once the parcels are written into the hidden work folder.
        return any(m.startswith("writing bestemmingsplan") for m in messages)

    feedback = Feedback(progress=lambda _, m: messages.append(m), is_cancelled=cancel_while_writing)
    with pytest.raises(Cancelled):
        generate_region(1000, 1, tmp_path / "regio", feedback=feedback)
    assert messages[-1].startswith("writing bestemmingsplan.gpkg")
    assert list(tmp_path.iterdir()) == []


def test_command_line(tmp_path):
    out = tmp_path / "regio"
    command = [
        sys.executable,
        "-m",
        "bouwstroom_qgis",
        "generate",
        "--parcels",
        "1200",
        "--seed",
        "5",
    ]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "1,200 parcels" in done.stderr
    assert len(pyogrio.read_dataframe(out / "percelen.gpkg")) == 1200
    again = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True, cwd=ROOT)
    assert again.returncode == 2
    assert again.stderr.strip().endswith("exists; use --overwrite to replace it")
    bad = subprocess.run(
        [*command[:5], "12", "--out", str(tmp_path / "x")], capture_output=True, text=True, cwd=ROOT
    )
    assert bad.returncode == 2 and "between 1000 and" in bad.stderr


def test_the_demo_region_gives_tens_of_sites_with_homes(tmp_path):
    """`make demo`'s region, run with sites: enough sites and homes to form bundles from.

    Seed 7 gives 56 sites with 1,765 homes over both municipalities; the thresholds
    leave room for changes elsewhere in the engine, not for a demo without homes.
    """
    generate_region(5000, 7, tmp_path / "region")
    scenario = load_scenario(tmp_path / "region" / "scenario.toml")
    result = score(scenario, tmp_path / "result", with_sites=True)
    sites = result.sites.sites
    housing = sites[sites["homes"] > 0]
    assert len(housing) >= 40 and housing["homes"].sum() >= 800
    assert housing["municipality"].nunique() >= 2
    assert housing["municipality"].value_counts().min() >= 10
    assert {"corporatie", "gemeente"} <= set(housing["owner_type"])
    assert housing["homes"].between(8, 60).sum() >= 30  # the size bundles are made of
    # The plan status of each site's largest zoned part: adopted plans and plans in
    # preparation, as readiness needs them.
    parcels = result.parcels.dropna(subset=["site_id"])
    largest = parcels.sort_values("area_m2").groupby("site_id")["plan_status"].last()
    statuses = largest.reindex(housing["site_id"]).value_counts()
    assert {"vastgesteld", "ontwerp", "voorontwerp"} <= set(statuses.index)
    assert statuses.min() >= 5
