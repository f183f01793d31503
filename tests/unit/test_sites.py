"""Site assembly on hand-built parcels with known sites, and on a generated region.

The property tests of its two building blocks (connected components, splitting groups
over the maximum area) are in ``test_sites_properties.py``.
"""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, box

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core import site_attributes
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import load_scenario
from bouwstroom_qgis.core.scenario_model import SiteRules
from bouwstroom_qgis.core.sites import assemble_sites

CORP_A, CORP_B, TOWN = "Woonstichting A", "Woongroep B", "Gemeente C"
TYPES = {CORP_A: "corporatie", CORP_B: "corporatie", TOWN: "gemeente", None: None}


def parcels(*rows: tuple) -> gpd.GeoDataFrame:
    """Rows of (id, geometry, owner[, hoofdgroep (default wonen)[, excluded]])."""
    full = [(*r, "wonen", False)[:5] if len(r) == 3 else (*r, False)[:5] for r in rows]
    return gpd.GeoDataFrame(
        {
            s.PARCEL_ID: [r[0] for r in full],
            s.OWNER: text_array([r[2] for r in full]),
            s.OWNER_TYPE: text_array([TYPES[r[2]] for r in full]),
            s.OWNER_SHARE: [1.0 if r[2] else 0.0 for r in full],
            s.HOOFDGROEP: text_array([r[3] for r in full]),
            s.MUNICIPALITY: "Aa en Hunze",
            s.EXCLUDED: [r[4] for r in full],
        },
        geometry=[r[1] for r in full],
        crs=s.RD_NEW,
    )


def assemble(frame: gpd.GeoDataFrame, **rules) -> tuple[gpd.GeoDataFrame, pd.DataFrame, Report]:
    report = Report()
    sites, membership = assemble_sites(frame, SiteRules(**rules), report)
    return sites, membership, report


def groups(sites: gpd.GeoDataFrame) -> list[list[str]]:
    return [ids.split("; ") for ids in sites[s.PARCEL_IDS]]


def test_two_owners_side_by_side():
    frame = parcels(
        ("a1", box(0, 0, 50, 40), CORP_A),
        ("a2", box(50, 0, 100, 40), CORP_A),
        ("b1", box(100, 0, 150, 40), CORP_B),
    )
    sites, membership, _ = assemble(frame)
    assert groups(sites) == [["a1", "a2"], ["b1"]]
    assert sites[s.SITE_ID].tolist() == ["S-a1", "S-b1"]
    assert sites[s.N_PARCELS].tolist() == [2, 1]
    assert sites[s.AREA].tolist() == pytest.approx([4000.0, 2000.0])
    assert sites[s.OWNERS].tolist() == [f"{CORP_A} (100%)", f"{CORP_B} (100%)"]
    assert sites[s.OWNER_TYPE].tolist() == ["corporatie", "corporatie"]
    assert sites[s.ZONING_MIX].tolist() == ["wonen 100%", "wonen 100%"]
    assert sites[s.MUNICIPALITY].tolist() == ["Aa en Hunze"] * 2
    assert sites.geometry.iloc[0].equals(box(0, 0, 100, 40))
    assert membership.to_dict("list") == {
        s.PARCEL_ID: ["a1", "a2", "b1"],
        s.SITE_ID: ["S-a1", "S-a1", "S-b1"],
    }


@pytest.mark.parametrize(
    ("tolerance", "expected"), [(2.0, [["p1", "p2"]]), (1.0, [["p1"], ["p2"]])]
)
def test_a_ditch_narrower_than_the_tolerance_does_not_separate(tolerance, expected):
    frame = parcels(("p1", box(0, 0, 40, 30), TOWN), ("p2", box(41.5, 0, 80, 30), TOWN))
    sites, _, _ = assemble(frame, tolerance=tolerance)
    assert groups(sites) == expected
    if len(sites) == 1:
        # the ditch is no land of the site: two parts, area is the parcels' own
        assert sites.geometry.iloc[0].geom_type == "MultiPolygon"
        assert sites[s.AREA].iloc[0] == pytest.approx(1200 + 38.5 * 30)


def test_touching_only_with_tolerance_zero():
    frame = parcels(
        ("p1", box(0, 0, 10, 10), TOWN),
        ("p2", box(10, 10, 20, 20), TOWN),  # corner to corner
        ("p3", box(20.1, 10, 30, 20), TOWN),
    )
    assert groups(assemble(frame, tolerance=0.0)[0]) == [["p1", "p2"], ["p3"]]


def four_in_a_row() -> gpd.GeoDataFrame:
    return parcels(
        ("p1", box(0, 0, 30, 30), CORP_A),
        ("p2", box(30, 0, 60, 30), CORP_B),
        ("p3", box(60, 0, 90, 30), TOWN),
        ("p4", box(90, 0, 120, 30), None),
    )


def test_same_owner_leaves_parcels_of_unknown_owners_out():
    sites, membership, report = assemble(four_in_a_row(), grouping="same_owner")
    assert groups(sites) == [["p1"], ["p2"], ["p3"]]
    assert "p4" not in membership[s.PARCEL_ID].tolist()
    assert [
        (n.message.startswith("parcels of unknown owner"), n.count) for n in report.warnings
    ] == [(True, 1)]


def test_same_owner_type_joins_the_two_corporations():
    sites, _, _ = assemble(four_in_a_row(), grouping="same_owner_type")
    assert groups(sites) == [["p1", "p2"], ["p3"]]
    assert sites[s.OWNERS].iloc[0] == f"{CORP_B} (50%); {CORP_A} (50%)"  # ties: name order


def test_any_owner_joins_everyone_and_lists_the_unknown_part_last():
    sites, _, report = assemble(four_in_a_row(), grouping="any_owner")
    assert groups(sites) == [["p1", "p2", "p3", "p4"]]
    assert sites[s.OWNERS].iloc[0] == (
        f"{TOWN} (25%); {CORP_B} (25%); {CORP_A} (25%); onbekend (25%)"
    )
    assert sites[s.OWNER_TYPE].iloc[0] == "corporatie"  # 50% against 25% gemeente
    assert report.warnings == []


def test_owned_share_sets_the_owners_split():
    frame = parcels(("p1", box(0, 0, 30, 30), CORP_A), ("p2", box(30, 0, 60, 30), CORP_A))
    frame[s.OWNER_SHARE] = [0.5, np.nan]  # NaN: owner known from address points only
    sites, _, _ = assemble(frame)
    assert sites[s.OWNERS].iloc[0] == f"{CORP_A} (75%); onbekend (25%)"
    report = Report()
    english, _ = assemble_sites(frame, SiteRules(), report, language="en")
    assert english[s.OWNERS].iloc[0] == f"{CORP_A} (75%); unknown (25%)"


def test_same_zoning():
    frame = parcels(
        ("w1", box(0, 0, 20, 30), TOWN, "wonen"),
        ("g1", box(20, 0, 30, 30), TOWN, "groen"),
        ("w2", box(30, 0, 50, 30), TOWN, "wonen"),
        ("u1", box(50, 0, 60, 30), TOWN, None),
    )
    mixed, _, _ = assemble(frame, same_zoning=False)
    assert groups(mixed) == [["g1", "u1", "w1", "w2"]]
    assert mixed[s.ZONING_MIX].iloc[0] == "wonen 67%, groen 17%, onbekend 17%"
    apart, _, _ = assemble(frame, same_zoning=True)
    # w1 and w2 are both wonen, but only connected through the groen strip
    assert groups(apart) == [["g1"], ["u1"], ["w1"], ["w2"]]


def test_excluded_parcels_never_join_nor_bridge():
    frame = parcels(
        ("p1", box(0, 0, 30, 30), TOWN),
        ("p2", box(30, 0, 60, 30), TOWN, "wonen", True),
        ("p3", box(60, 0, 90, 30), TOWN),
    )
    sites, membership, report = assemble(frame)
    assert groups(sites) == [["p1"], ["p3"]]
    assert membership[s.PARCEL_ID].tolist() == ["p1", "p3"]
    assert report.warnings == []  # excluded parcels carry their own reason


def grid(n: int, size: float = 20.0, owner: str = TOWN) -> gpd.GeoDataFrame:
    """n x n square parcels of size x size m, ids g000..."""
    rows = []
    for k in range(n * n):
        x, y = (k % n) * size, (k // n) * size
        rows.append((f"g{k:03d}", box(x, y, x + size, y + size), owner))
    return parcels(*rows)


def test_a_group_over_the_maximum_is_split_into_quadrants():
    sites, membership, _ = assemble(grid(10), max_area=10_000.0)
    assert sites[s.AREA].tolist() == pytest.approx([10_000.0] * 4)
    assert sites[s.N_PARCELS].tolist() == [25] * 4
    outlines = sorted(g.bounds for g in sites.geometry)
    assert outlines == [
        (0, 0, 100, 100),
        (0, 100, 100, 200),
        (100, 0, 200, 100),
        (100, 100, 200, 200),
    ]
    assert membership[s.PARCEL_ID].is_unique and len(membership) == 100


@pytest.mark.parametrize("max_area", [1_000.0, 3_000.0, 7_777.0, 25_000.0])
def test_every_parcel_in_one_piece_and_every_piece_below_the_maximum(max_area):
    frame = grid(12)
    frame.loc[frame[s.PARCEL_ID] == "g077", "geometry"] = box(100, 120, 120, 140).buffer(-3)
    sites, membership, _ = assemble(frame, max_area=max_area)
    assert sorted(membership[s.PARCEL_ID]) == sorted(frame[s.PARCEL_ID])
    assert sites[s.N_PARCELS].sum() == 144
    assert (sites[s.AREA] <= max_area).all()
    assert sites[s.AREA].sum() == pytest.approx(frame.area.sum())
    # pieces are connected, through a shared edge or corner (parcels within 2 m)
    assert (sites.geometry.buffer(1.0).geom_type == "Polygon").all()


def test_one_parcel_over_the_maximum_stays_whole_and_is_flagged():
    frame = parcels(("big", box(0, 0, 250, 200), TOWN), ("small", box(250, 0, 260, 10), TOWN))
    sites, _, report = assemble(frame, max_area=40_000.0)
    assert groups(sites) == [["big"], ["small"]]
    assert sites[s.OVERSIZE].tolist() == [True, False]
    assert [n.count for n in report.warnings] == [1]


def test_a_site_too_small_is_kept_and_flagged():
    frame = parcels(("p1", box(0, 0, 20, 20), TOWN), ("p2", box(100, 0, 150, 40), TOWN))
    sites, _, _ = assemble(frame, min_area=1000.0)
    assert groups(sites) == [["p1"], ["p2"]]
    assert sites[s.TOO_SMALL].tolist() == [True, False]


def test_overlapping_parcels_are_counted_once():
    frame = parcels(("p1", box(0, 0, 50, 40), TOWN), ("p2", box(40, 0, 90, 40), TOWN))
    sites, _, report = assemble(frame)
    assert sites[s.AREA].tolist() == pytest.approx([90 * 40])
    assert [(n.source, n.count) for n in report.repairs] == [("sites", 1)]


def test_holed_and_multipart_parcels():
    ring = Polygon(box(0, 0, 100, 100).exterior.coords, [box(40, 40, 60, 60).exterior.coords])
    two_parts = MultiPolygon([box(200, 0, 220, 20), box(300, 0, 320, 20)])
    frame = parcels(
        ("ring", ring, TOWN),
        ("hole", box(40, 40, 60, 60), TOWN),  # an enclave filling the hole
        ("multi", two_parts, CORP_A),
        ("left", box(180, 0, 200, 20), CORP_A),
        ("right", box(320, 0, 340, 20), CORP_A),
    )
    sites, _, _ = assemble(frame)
    assert groups(sites) == [["hole", "ring"], ["left", "multi", "right"]]
    filled = sites.geometry.iloc[0]
    assert filled.geom_type == "Polygon" and len(filled.interiors) == 0
    assert sites[s.AREA].tolist() == pytest.approx([10_000.0, 400.0 + 800.0 + 400.0])
    assert sites.geometry.iloc[1].geom_type == "MultiPolygon"  # the two parts stay apart


def test_input_order_does_not_matter():
    rng = np.random.default_rng(5)
    frame = grid(9)
    frame[s.OWNER] = text_array(rng.choice([CORP_A, CORP_B, TOWN, None], 81))
    frame[s.OWNER_TYPE] = text_array([TYPES[o] if o == o else None for o in frame[s.OWNER]])
    frame[s.HOOFDGROEP] = text_array(rng.choice(["wonen", "groen"], 81))
    rules = {"grouping": "same_owner_type", "max_area": 2_000.0}
    sites, membership, _ = assemble(frame, **rules)
    shuffled = frame.sample(frac=1.0, random_state=3).reset_index(drop=True)
    again, membership_again, _ = assemble(shuffled, **rules)
    pd.testing.assert_frame_equal(sites.drop(columns="geometry"), again.drop(columns="geometry"))
    assert (
        shapely.to_wkb(sites.geometry.to_numpy()).tolist()
        == shapely.to_wkb(again.geometry.to_numpy()).tolist()
    )
    pd.testing.assert_frame_equal(membership, membership_again)
    assert 1 < len(sites) < 81


def test_inputs_are_not_modified():
    frame = four_in_a_row()
    before = frame.copy()
    assemble(frame, grouping="any_owner", max_area=1000.0)
    pd.testing.assert_frame_equal(frame, before)


def test_bad_input():
    frame = four_in_a_row()
    with pytest.raises(InputError, match="lack the column 'owner_type'"):
        assemble(frame.drop(columns=s.OWNER_TYPE), grouping="same_owner_type")
    with pytest.raises(InputError, match="lack the column 'hoofdgroep'"):
        assemble(frame.drop(columns=s.HOOFDGROEP), same_zoning=True)
    frame.loc[2, s.PARCEL_ID] = "p1"
    with pytest.raises(InputError, match="'p1' is used by more than one parcel"):
        assemble(frame)


def test_empty_and_invalid_geometries_are_reported():
    bowtie = Polygon([(60, 0), (90, 30), (90, 0), (60, 30)])  # self-intersecting
    frame = parcels(
        ("p1", box(0, 0, 30, 30), TOWN),
        ("p2", Polygon(), TOWN),
        ("p3", bowtie, TOWN),
    )
    sites, membership, report = assemble(frame)
    assert membership[s.PARCEL_ID].tolist() == ["p1", "p3"]
    assert sites[s.AREA].tolist() == pytest.approx([900.0, 450.0])
    assert [n.count for n in report.warnings] == [1]
    assert [n.count for n in report.repairs] == [1]


@pytest.fixture(scope="module")
def region(tmp_path_factory) -> tuple[gpd.GeoDataFrame, SiteRules]:
    folder = tmp_path_factory.mktemp("region") / "region"
    scenario = load_scenario(generate_region(3000, 7, folder).scenario)
    scored = score(scenario, tmp_path_factory.mktemp("scored"), use_cache=False)
    return scored.parcels, scenario.sites


def test_generated_region_by_owner(region):
    frame, rules = region
    sites, membership = assemble_sites(frame, rules, Report())
    eligible = frame[~frame[s.EXCLUDED] & frame[s.OWNER].notna()]
    assert sorted(membership[s.PARCEL_ID]) == sorted(eligible[s.PARCEL_ID])
    assert sites[s.N_PARCELS].sum() == len(eligible)
    assert sites[s.AREA].sum() == pytest.approx(eligible.area.sum())
    # every site has one owner, as the grouping asks
    owners = eligible.set_index(s.PARCEL_ID)[s.OWNER]
    per_site = owners.loc[membership[s.PARCEL_ID]].groupby(membership[s.SITE_ID].to_numpy())
    assert (per_site.nunique() == 1).all()
    assert (sites[s.N_PARCELS] > 1).sum() >= 3  # corporations own rows of houses
    assert sites[s.SITE_ID].is_monotonic_increasing and sites[s.SITE_ID].is_unique


def test_generated_region_any_owner(region):
    frame, rules = region
    rules = dataclasses.replace(rules, grouping="any_owner")
    sites, membership = assemble_sites(frame, rules, Report())
    eligible = frame[~frame[s.EXCLUDED]]
    assert len(membership) == len(eligible) and membership[s.PARCEL_ID].is_unique
    within = (sites[s.AREA] <= rules.max_area) | (sites[s.N_PARCELS] == 1)
    assert within.all()
    assert sites[s.AREA].sum() == pytest.approx(eligible.area.sum())
    assert sites[s.OVERSIZE].sum() == (eligible.area > rules.max_area).sum()
    assert 0.1 < len(sites) / len(eligible) < 0.6  # neighbours do get together


def test_same_sites_without_pyarrow(monkeypatch):
    frame = grid(6)
    frame[s.OWNER] = text_array([CORP_A, TOWN] * 18)
    with_arrow, members, _ = assemble(frame, grouping="any_owner", max_area=3000.0)
    monkeypatch.setattr(site_attributes, "ARROW", False)
    plain, plain_members, _ = assemble(frame, grouping="any_owner", max_area=3000.0)
    pd.testing.assert_frame_equal(with_arrow, plain)
    pd.testing.assert_frame_equal(members, plain_members)
    assert len(plain) > 1 and plain[s.N_PARCELS].sum() == 36
    assert plain[s.OWNERS].str.contains(f"{TOWN} \\(").all()  # both owners in every piece


def test_no_parcels_no_sites():
    frame = four_in_a_row().iloc[:0]
    sites, membership, report = assemble(frame)
    assert len(sites) == 0 and len(membership) == 0
    assert list(sites.columns[:3]) == [s.SITE_ID, s.PARCEL_IDS, s.N_PARCELS]
    assert report.warnings == [] and report.repairs == []


def test_a_site_takes_the_plan_status_of_most_of_its_land():
    frame = parcels(
        ("a1", box(0, 0, 30, 40), CORP_A),
        ("a2", box(30, 0, 100, 40), CORP_A),
        ("b1", box(100, 0, 150, 40), CORP_B),
    )
    frame[s.PLAN_STATUS] = text_array(["vastgesteld", "ontwerp", None])
    sites, _, _ = assemble(frame)
    # a2 (2800 m² in ontwerp) outweighs a1 (1200 m² vastgesteld); b1 has no known plan
    assert sites[s.PLAN_STATUS].tolist()[0] == "ontwerp"
    assert pd.isna(sites[s.PLAN_STATUS].iloc[1])
    without = assemble(frame.drop(columns=s.PLAN_STATUS))[0]
    assert without[s.PLAN_STATUS].isna().all()
