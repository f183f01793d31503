"""Bundling sites: hand-computed bundles, every rule, reasons, infeasible rules, both solvers.

Every result is checked against every hard rule with :func:`violations`, which recomputes
everything from the tables; the seeded random instances that compare the heuristic with
CP-SAT's proven optimum are in ``test_bundling_optimum.py``.
"""

from __future__ import annotations

import dataclasses
import sys

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core.bundle_check import violations
from bouwstroom_qgis.core.bundle_cpsat import cp_sat_version
from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.bundling import NO_ORTOOLS, bundle_sites
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.stream_settings import Quarter

HAS_CP_SAT = cp_sat_version() is not None
needs_cp_sat = pytest.mark.skipif(not HAS_CP_SAT, reason="OR-Tools is not installed")
SOLVERS = ["heuristic", pytest.param("cp-sat", marks=needs_cp_sat)]
X0, Y0 = 230_000.0, 560_000.0  # RD New, near Groningen


def sites_at(rows: list[dict], side: float = 60.0) -> gpd.GeoDataFrame:
    """Square sites of ``side`` m centred ``x``/``y`` km from a point in Groningen.

    Defaults: rijwoning, score 50, ready now (vastgesteld, gemeente owned, wonen).
    """
    defaults = {
        "score": 50.0,
        "best_concept": "rijwoning",
        "municipality": "Groningen",
        "owner": "Gemeente Groningen",
        "owner_type": "gemeente",
        "plan_status": "vastgesteld",
        "residential_share": 1.0,
        "y": 0.0,
    }
    table = pd.DataFrame([{**defaults, **row} for row in rows])
    if not any(c.startswith("homes_") for c in table.columns):
        for concept in sorted(table["best_concept"].unique()):
            table[f"homes_{concept}"] = np.where(
                table["best_concept"] == concept, table["homes"], 0
            )
    x = X0 + table.pop("x").to_numpy() * 1000
    y = Y0 + table.pop("y").to_numpy() * 1000
    geometry = shapely.box(x - side / 2, y - side / 2, x + side / 2, y + side / 2)
    return gpd.GeoDataFrame(table, geometry=geometry, crs="EPSG:28992")


def line_of_sites() -> gpd.GeoDataFrame:
    return sites_at(
        [
            {"site_id": "S-A", "x": 0.0, "homes": 20, "score": 50.0},
            {"site_id": "S-B", "x": 1.0, "homes": 20, "score": 60.0},
            {"site_id": "S-C", "x": 2.0, "homes": 20, "score": 70.0},
            {"site_id": "S-D", "x": 3.0, "homes": 20, "score": 80.0},
        ]
    )


RULES = BundleRules(
    min_homes=40, max_homes=60, max_spread_km=5.0, time_limit=10, start=Quarter(2026, 1)
)


def run(sites: gpd.GeoDataFrame, rules: BundleRules, solver: str, language: str = "en"):
    rules = dataclasses.replace(rules, solver=solver)
    result = bundle_sites(sites, rules, language=language)
    assert violations(result.bundles, sites, rules, result.assignment) == []
    return result


@pytest.mark.parametrize("solver", SOLVERS)
def test_four_sites_in_a_row_make_two_tight_bundles(solver):
    result = run(line_of_sites(), RULES, solver)
    b = result.bundles
    assert b["bundle_id"].tolist() == ["B01", "B02"]
    # Both ready in 2026-Q1: the more score-weighted homes first.
    assert b["site_ids"].tolist() == ["S-C; S-D", "S-A; S-B"]
    assert b["homes"].tolist() == [40, 40]
    assert b["n_sites"].tolist() == [2, 2]
    assert b["spread_km"].tolist() == [1.0, 1.0]  # neighbours, not S-A with S-C
    assert b["weighted_homes"].tolist() == [3000.0, 2200.0]
    assert b["score"].tolist() == [75.0, 55.0]
    assert b["concept"].tolist() == ["rijwoning", "rijwoning"]
    assert b["earliest_quarter"].tolist() == [0, 0]
    assert b["earliest_label"].tolist() == ["2026-Q1", "2026-Q1"]
    assert b["latest_quarter"].tolist() == [0, 0]
    assert b["municipalities"].tolist() == ["Groningen", "Groningen"]
    assert b["owners"].tolist() == ["Gemeente Groningen", "Gemeente Groningen"]
    assert b.crs.to_epsg() == 28992
    assert b.geometry.area.round(6).tolist() == [7200.0, 7200.0]
    assert result.objective == pytest.approx(20 * (50 + 60 + 70 + 80))
    assert result.assignment["bundle_id"].tolist() == ["B02", "B02", "B01", "B01"]
    assert result.assignment["reason"].isna().all()
    if solver == "cp-sat":
        assert result.status == "OPTIMAL"
        assert result.bound == pytest.approx(5200.0)
        assert result.gap == pytest.approx(0.0)
        assert result.solver.startswith("cp-sat (OR-Tools ")
    else:
        assert (result.status, result.solver, result.bound, result.gap) == (
            "FEASIBLE",
            "heuristic",
            None,
            None,
        )
    assert result.message.startswith("2 bundles, 80 homes on 4 sites; score-weighted homes 5,200")


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_full_bundle_leaves_the_weakest_site_out_with_the_reason(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 30, "score": 90.0},
            {"site_id": "S-2", "x": 0.5, "homes": 30, "score": 80.0},
            {"site_id": "S-3", "x": 1.0, "homes": 30, "score": 70.0},
        ]
    )
    result = run(sites, RULES, solver)
    assert result.bundles["site_ids"].tolist() == ["S-1; S-2"]
    assert result.objective == pytest.approx(30 * (90 + 80))
    left = result.assignment.set_index("site_id").loc["S-3"]
    assert pd.isna(left["bundle_id"])
    assert left["reason"] == "bundle B01 would exceed max homes 60 (60 + 30)"
    assert left["homes"] == 0


def test_reasons_before_solving_are_specific():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 0.5, "homes": 20},
            {"site_id": "S-late", "x": 1.0, "homes": 20, "plan_status": None},  # +8 quarters
            {"site_id": "S-far", "x": 40.0, "homes": 20},
            {"site_id": "S-big", "x": 0.2, "homes": 75},
            {"site_id": "S-none", "x": 0.3, "homes": 0},
            {"site_id": "S-user", "x": 0.4, "homes": 20},
            {"site_id": "S-scored", "x": 0.6, "homes": 20},
            {"site_id": "S-apt", "x": 0.7, "homes": 30, "best_concept": "appartementen"},
        ]
    )
    sites["excluded"] = sites["site_id"] == "S-scored"
    rules = dataclasses.replace(RULES, excluded=("S-user",))
    result = run(sites, rules, "heuristic")
    reasons = result.assignment.set_index("site_id")["reason"]
    assert result.bundles["site_ids"].tolist() == ["S-1; S-2"]
    assert reasons["S-late"] == (
        "readiness 2028-Q1: no rijwoning site within 5 km is ready within 4 quarters of it"
    )
    assert reasons["S-far"] == (
        "concept rijwoning: no compatible sites within 5 km, and 20 homes alone are "
        "fewer than min_homes 40"
    )
    assert reasons["S-big"] == "75 homes of rijwoning: more than max_homes 60 for one bundle"
    assert reasons["S-none"] == "too few homes (0)"
    assert reasons["S-user"] == "excluded by the user"
    assert reasons["S-scored"] == "excluded by the site scoring"
    assert reasons["S-apt"] == (
        "concept appartementen: no compatible sites within 5 km, and 30 homes alone are "
        "fewer than min_homes 40"
    )
    assert reasons[["S-1", "S-2"]].isna().all()
    ready = result.assignment.set_index("site_id")
    assert ready.loc["S-late", "ready_quarter"] == 8
    assert ready.loc["S-late", "ready_label"] == "2028-Q1"


def test_labels_follow_the_start_quarter_or_count_quarters():
    sites = line_of_sites()
    sites["plan_status"] = ["vastgesteld", "ontwerp", "vastgesteld", "vastgesteld"]
    rules = dataclasses.replace(RULES, solver="heuristic", start=None)
    counted = bundle_sites(sites, rules)
    assert counted.bundles["earliest_label"].tolist() == ["quarter +0", "quarter +0"]
    assert counted.bundles["latest_label"].tolist() == ["quarter +0", "quarter +2"]
    dated = bundle_sites(sites, rules, start="2027-Q3")
    assert dated.bundles["latest_label"].tolist() == ["2027-Q3", "2028-Q1"]
    assert dated.assignment["ready_label"].tolist() == ["2027-Q3", "2028-Q1", "2027-Q3", "2027-Q3"]
    assert dated.bundles["latest_quarter"].tolist() == [0, 2]


def test_reasons_are_dutch_by_default():
    sites = line_of_sites()
    result = bundle_sites(sites, dataclasses.replace(RULES, solver="heuristic", excluded=("S-A",)))
    reasons = result.assignment.set_index("site_id")["reason"]
    assert reasons["S-A"] == "uitgesloten door de gebruiker"


def test_a_site_too_far_from_the_only_bundle_says_so():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 4.0, "homes": 20},
            {"site_id": "S-3", "x": 8.0, "homes": 20, "score": 10.0},
        ]
    )
    result = run(sites, RULES, "heuristic")
    assert result.bundles["site_ids"].tolist() == ["S-1; S-2"]
    reason = result.assignment.set_index("site_id").loc["S-3", "reason"]
    assert reason == "too far from bundle B01 (8 km from one of its sites, max 5 km)"


@pytest.mark.parametrize("solver", SOLVERS)
def test_minimum_above_all_homes_is_explained(solver):
    result = run(line_of_sites(), dataclasses.replace(RULES, min_homes=400, max_homes=500), solver)
    assert result.status == "INFEASIBLE"
    assert result.message == (
        "no bundle possible: min_homes 400 is more than all 80 homes of the 4 sites that "
        "can take part together"
    )
    assert len(result.bundles) == 0
    assert list(result.bundles.columns)[:3] == ["bundle_id", "name", "concept"]
    assert result.assignment["reason"].notna().all()
    assert result.objective == 0.0


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_spread_too_small_for_any_pair_is_explained(solver):
    result = run(line_of_sites(), dataclasses.replace(RULES, max_spread_km=0.5), solver)
    assert result.status == "INFEASIBLE"
    assert result.message == (
        "no bundle possible: max_spread_km 0.5 is too small: no two sites of one concept are "
        "that close, and no site has min_homes 40 homes on its own (largest: 20)"
    )


def test_a_readiness_window_too_narrow_is_explained():
    sites = line_of_sites()
    sites["plan_status"] = ["vastgesteld", "ontwerp", "voorontwerp", None]  # 0, 2, 4, 8
    result = run(sites, dataclasses.replace(RULES, readiness_window=1), "heuristic")
    assert result.status == "INFEASIBLE"
    assert result.message.startswith(
        "no bundle possible: readiness_window 1 quarters is too narrow"
    )


def test_every_site_too_large_is_explained():
    sites = line_of_sites()
    sites["homes"] = 70
    sites["homes_rijwoning"] = 70
    result = run(sites, RULES, "heuristic")
    assert result.message == (
        "no bundle possible: each of the 4 sites has more than max_homes 60 homes on its own"
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_municipality_balance_mixes_bundles(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20, "municipality": "Groningen"},
            {"site_id": "S-2", "x": 0.1, "homes": 20, "municipality": "Groningen"},
            {"site_id": "S-3", "x": 1.0, "homes": 20, "municipality": "Assen"},
            {"site_id": "S-4", "x": 1.1, "homes": 20, "municipality": "Assen"},
        ]
    )
    rules = dataclasses.replace(RULES, max_homes=80, max_municipality_share=0.5)
    result = run(sites, rules, solver)
    assert result.objective == pytest.approx(4 * 20 * 50)
    for ids in result.bundles["site_ids"]:
        municipalities = sites.set_index("site_id").loc[ids.split("; "), "municipality"]
        assert municipalities.value_counts().max() <= len(municipalities) / 2
    # Without the rule each town makes its own, tighter bundle.
    free = run(sites, dataclasses.replace(rules, max_municipality_share=None), solver)
    assert sorted(free.bundles["site_ids"]) == ["S-1; S-2", "S-3; S-4"]


@pytest.mark.parametrize("solver", SOLVERS)
def test_owner_balance_reads_the_owners_column(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 30, "score": 90.0},
            {"site_id": "S-2", "x": 0.2, "homes": 30, "score": 80.0},
            {"site_id": "S-3", "x": 0.4, "homes": 30, "score": 20.0},
        ]
    ).drop(columns="owner")
    sites["owners"] = ["Lefier (100%)", "Lefier (70%); onbekend (30%)", "Nijestee (100%)"]
    rules = dataclasses.replace(RULES, max_homes=60, max_owner_share=0.5)
    result = run(sites, rules, solver)
    # S-1 with S-2 would be all Lefier: the best allowed pair takes S-3.
    assert result.bundles["site_ids"].tolist() == ["S-1; S-3"]
    assert result.bundles["owners"].tolist() == ["Lefier; Nijestee"]
    reason = result.assignment.set_index("site_id").loc["S-2", "reason"]
    assert reason == "bundle B01 would exceed max homes 60 (60 + 30)"


@pytest.mark.parametrize("solver", SOLVERS)
def test_pinned_sites_share_their_bundle_and_keep_their_name(solver):
    sites = line_of_sites()
    rules = dataclasses.replace(RULES, pinned={"S-A": "Noord", "S-D": "Noord"})
    result = run(sites, rules, solver)
    named = result.bundles.set_index("name")
    assert named.loc["Noord", "site_ids"] in ("S-A; S-D", "S-A; S-B; S-D", "S-A; S-C; S-D")
    assert result.bundles["name"].isna().sum() == len(result.bundles) - 1


@pytest.mark.parametrize("solver", SOLVERS)
def test_sites_pinned_to_different_names_stay_apart(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 0.1, "homes": 20},
            {"site_id": "S-3", "x": 0.2, "homes": 20},
            {"site_id": "S-4", "x": 0.3, "homes": 20},
        ]
    )
    rules = dataclasses.replace(RULES, max_homes=80, pinned={"S-1": "West", "S-2": "Oost"})
    result = run(sites, rules, solver)
    assert sorted(result.bundles["name"]) == ["Oost", "West"]
    homes = result.assignment.set_index("site_id")["bundle_id"]
    assert homes["S-1"] != homes["S-2"]


@pytest.mark.parametrize(
    ("pinned", "change", "message"),
    [
        (
            {"S-A": "X", "S-D": "X"},
            {"max_spread_km": 2.5},
            "sites S-A and S-D pinned to 'X' are 3.0 km apart, more than max_spread_km 2.5",
        ),
        (
            {"S-A": "X", "S-B": "X", "S-C": "X", "S-D": "X"},
            {},
            "the sites pinned to 'X' have 80 homes together, more than max_homes 60",
        ),
        (
            {"S-A": "X"},
            {"excluded": ("S-B", "S-C", "S-D")},
            "site S-A is pinned to 'X' but can be in no bundle: concept rijwoning: no "
            "compatible sites within 5 km, and 20 homes alone are fewer than min_homes 40",
        ),
    ],
)
def test_pins_that_cannot_hold_are_explained(pinned, change, message):
    rules = dataclasses.replace(RULES, pinned=pinned, **change)
    result = bundle_sites(line_of_sites(), rules, language="en")
    assert (result.status, result.message) == ("INFEASIBLE", message)
    assert len(result.bundles) == 0


def test_pinned_sites_of_different_concepts_are_explained():
    sites = line_of_sites()
    sites.loc[3, "best_concept"] = "levensloop"
    result = bundle_sites(sites, dataclasses.replace(RULES, pinned={"S-C": "X", "S-D": "X"}))
    assert result.status == "INFEASIBLE"
    assert result.message == (
        "the sites pinned to 'X' have no concept in common: S-C rijwoning, S-D levensloop"
    )


@pytest.mark.parametrize("solver", SOLVERS)
def test_any_concept_lets_a_site_join_with_its_second_best(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 30, "best_concept": "appartementen"},
            {"site_id": "S-2", "x": 0.5, "homes": 20, "best_concept": "rijwoning"},
        ]
    )
    sites["homes_appartementen"] = [30, 0]
    sites["homes_rijwoning"] = [25, 20]
    best = run(sites, RULES, solver)
    assert best.status == "INFEASIBLE"  # 30 appartementen and 20 rijwoning: no bundle
    anyone = run(sites, dataclasses.replace(RULES, concepts="any"), solver)
    assert anyone.bundles["site_ids"].tolist() == ["S-1; S-2"]
    assert anyone.bundles["concept"].tolist() == ["rijwoning"]
    assert anyone.bundles["homes"].tolist() == [45]
    chosen = anyone.assignment.set_index("site_id")
    assert chosen["concept"].tolist() == ["rijwoning", "rijwoning"]
    assert chosen["homes"].tolist() == [25, 20]


@pytest.mark.parametrize("solver", SOLVERS)
def test_a_family_bundle_mixes_its_concepts(solver):
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 25, "best_concept": "rijwoning"},
            {"site_id": "S-2", "x": 0.5, "homes": 20, "best_concept": "levensloop"},
        ]
    )
    per_concept = run(sites, RULES, solver)
    assert per_concept.status == "INFEASIBLE"
    rules = dataclasses.replace(RULES, per="family")
    fams = {"rijwoning": "grondgebonden", "levensloop": "grondgebonden"}
    family = bundle_sites(sites, dataclasses.replace(rules, solver=solver), families=fams)
    assert family.bundles["concept"].tolist() == ["grondgebonden"]
    assert family.assignment["concept"].tolist() == ["rijwoning", "levensloop"]
    assert family.assignment["homes"].tolist() == [25, 20]
    assert violations(family.bundles, sites, rules, family.assignment, fams) == []


def test_without_ortools_the_heuristic_runs_with_a_note(monkeypatch):
    for name in ("ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"):
        monkeypatch.setitem(sys.modules, name, None)  # import now fails as if not installed
    assert cp_sat_version() is None
    report = Report()
    result = bundle_sites(
        line_of_sites(), dataclasses.replace(RULES, solver="cp-sat"), report=report
    )
    assert result.solver == "heuristic"
    assert result.notes == [NO_ORTOOLS] == ["OR-Tools not installed; built-in heuristic used"]
    assert [str(n) for n in report.warnings] == [f"bundles: {NO_ORTOOLS}"]
    assert result.objective == pytest.approx(5200.0)


def test_the_heuristic_asked_for_needs_no_note():
    result = bundle_sites(line_of_sites(), dataclasses.replace(RULES, solver="heuristic"))
    assert result.notes == []


def test_the_sites_are_not_modified():
    sites = line_of_sites()
    before = sites.copy()
    bundle_sites(sites, dataclasses.replace(RULES, solver="heuristic", pinned={"S-A": "N"}))
    pd.testing.assert_frame_equal(sites, before)


@pytest.mark.parametrize(
    ("change", "rules", "message"),
    [
        (lambda t: t.drop(columns="homes"), RULES, "the sites lack the column 'homes'"),
        (lambda t: t.assign(site_id=["S-A"] * 4), RULES, "site_id 'S-A' appears twice"),
        (lambda t: t.assign(homes=[20, -1, 20, 20]), RULES, "homes is -1; homes must be a whole"),
        (lambda t: t.assign(homes=[20, 2.5, 20, 20]), RULES, "homes is 2.5"),
        (lambda t: t.to_crs(4326), RULES, "the sites are in EPSG:4326, not EPSG:28992"),
        (
            lambda t: t,
            dataclasses.replace(RULES, pinned={"S-Q": "N"}),
            "site 'S-Q' of [bundles] pinned is not among the sites",
        ),
        (
            lambda t: t,
            dataclasses.replace(RULES, excluded=("S-Q",)),
            "site 'S-Q' of [bundles] excluded is not among the sites",
        ),
        (
            lambda t: t.drop(columns=[c for c in t.columns if c.startswith("homes_")]),
            dataclasses.replace(RULES, concepts="any"),
            "the sites have no homes_<concept> columns",
        ),
    ],
)
def test_bad_input_is_an_input_error(change, rules, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        bundle_sites(change(line_of_sites()), dataclasses.replace(rules, solver="heuristic"))
