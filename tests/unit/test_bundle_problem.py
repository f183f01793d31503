"""The bundling problem: options, compatible pairs, pruning with reasons, sweep order."""

from __future__ import annotations

import dataclasses

import numpy as np
from test_bundling import RULES, line_of_sites, sites_at

from bouwstroom_qgis.core import bundle_neighbours as bn
from bouwstroom_qgis.core import bundle_problem as bp
from bouwstroom_qgis.core.bundle_problem import build_problem


def test_best_concept_gives_one_option_per_site_with_integer_weights():
    p = build_problem(line_of_sites(), RULES)
    assert p.n_options == 4
    assert p.site_ids.tolist() == ["S-A", "S-B", "S-C", "S-D"]
    assert p.homes.tolist() == [20, 20, 20, 20]
    assert p.weight.tolist() == [100_000, 120_000, 140_000, 160_000]  # score x 100 x homes
    assert p.concept.tolist() == ["rijwoning"] * 4
    assert p.groups == ("rijwoning",)
    assert p.quarter.tolist() == [0, 0, 0, 0]
    assert p.municipalities == ("Groningen",)
    assert (p.reason == None).all()  # noqa: E711


def test_pairs_are_within_spread_and_window_and_nearest_first():
    sites = line_of_sites()
    sites["plan_status"] = ["vastgesteld", "vastgesteld", "vastgesteld", None]  # D: 8 quarters
    sites["homes"] = sites["homes_rijwoning"] = [20, 20, 20, 40]
    p = build_problem(sites, dataclasses.replace(RULES, max_spread_km=1.5))
    # A-B and B-C are 1 km apart; A-C is 2 km; C-D 1 km but 8 quarters apart.
    pairs = sorted(zip(p.site_ids[p.site[p.pair_i]], p.site_ids[p.site[p.pair_j]], strict=True))
    assert pairs == [("S-A", "S-B"), ("S-B", "S-C")]
    assert p.pair_d.tolist() == [1000.0, 1000.0]
    b = int(np.flatnonzero(p.site_ids[p.site] == "S-B")[0])
    assert sorted(p.site_ids[p.site[p.neighbours(b)]].tolist()) == ["S-A", "S-C"]
    # D alone has 40 homes: a bundle of its own, with no partner.
    assert "S-D" in p.site_ids[p.site].tolist()


def test_sites_pinned_to_different_names_are_never_a_pair():
    rules = dataclasses.replace(RULES, pinned={"S-A": "N", "S-B": "Z"})
    p = build_problem(line_of_sites(), rules)
    pairs = set(zip(p.site_ids[p.site[p.pair_i]], p.site_ids[p.site[p.pair_j]], strict=True))
    assert ("S-A", "S-B") not in pairs and ("S-A", "S-C") in pairs
    assert p.pin_names == ("N", "Z")
    assert p.pin.tolist() == [0, 1, -1, -1]


def test_pruning_cascades_and_keeps_the_reason_and_reach():
    # B needs A and C to reach 40; C is too large; then A and B reach too little.
    sites = sites_at(
        [
            {"site_id": "S-A", "x": 0.0, "homes": 10},
            {"site_id": "S-B", "x": 1.0, "homes": 15},
            {"site_id": "S-C", "x": 2.0, "homes": 70},
            {"site_id": "S-D", "x": 30.0, "homes": 12},
        ]
    )
    p = build_problem(sites, RULES)
    assert p.n_options == 0
    assert p.reason.tolist() == [bp.TOO_FEW_NEAR, bp.TOO_FEW_NEAR, bp.TOO_MANY, bp.NO_PARTNER]
    assert p.lost_homes.tolist() == [10, 15, 70, 12]
    assert p.lost_reach.tolist() == [25, 25, 70, 12]  # A and B: each other only
    assert p.lost_concept.tolist() == ["rijwoning"] * 4


def test_any_concept_keeps_the_largest_option_per_family():
    sites = sites_at([{"site_id": "S-1", "x": 0.0, "homes": 30, "best_concept": "rijwoning"}])
    sites["homes_rijwoning"] = [30]
    sites["homes_levensloop"] = [18]
    sites["homes_appartementen"] = [45]
    rules = dataclasses.replace(RULES, concepts="any", min_homes=10, max_homes=100)
    p = build_problem(sites, rules)
    assert sorted(zip(p.concept, p.homes, strict=True)) == [
        ("appartementen", 45),
        ("levensloop", 18),
        ("rijwoning", 30),
    ]
    family = dataclasses.replace(rules, per="family")
    p = build_problem(sites, family, {"rijwoning": "grondgebonden", "levensloop": "grondgebonden"})
    assert sorted(zip(p.concept, p.homes, strict=True)) == [
        ("appartementen", 45),
        ("rijwoning", 30),
    ]
    assert sorted(p.groups) == ["appartementen", "grondgebonden"]


def test_the_sweep_orders_options_by_group_then_west_to_east():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 3.0, "homes": 20},
            {"site_id": "S-2", "x": 1.0, "homes": 20},
            {"site_id": "S-3", "x": 2.0, "homes": 20, "best_concept": "levensloop"},
            {"site_id": "S-4", "x": 0.0, "homes": 20, "best_concept": "levensloop"},
        ]
    )
    p = build_problem(sites, RULES)
    assert p.site_ids[p.site].tolist() == ["S-4", "S-3", "S-2", "S-1"]  # levensloop first
    assert p.groups[p.group[0]] == "levensloop"
    assert (p.pair_i < p.pair_j).all()
    assert p.row.tolist() == [0, 1, 2, 3]  # sites sorted by id, rows of the input


def test_site_scoring_exclusion_and_missing_score():
    sites = line_of_sites()
    sites["excluded"] = [True, False, False, False]
    sites["score"] = [50.0, np.nan, 70.0, 80.0]
    p = build_problem(sites, RULES)
    assert p.reason.tolist()[:2] == [bp.SCORED_OUT, bp.NO_SCORE]
    assert p.site_ids[p.site].tolist() == ["S-C", "S-D"]


def test_pairs_and_neighbour_lists_found_in_small_blocks_are_the_same(monkeypatch):
    from test_bundling_optimum import random_rules, random_sites

    sites = random_sites(5, 150)
    rules = dataclasses.replace(random_rules(5), concepts="any")
    whole = build_problem(sites, rules)
    assert len(whole.pair_i) > 1000
    monkeypatch.setattr(bp, "PAIR_BLOCK", 7)
    monkeypatch.setattr(bn, "BLOCK", 50)
    blocked = build_problem(sites, rules)
    for name in ("site", "group", "homes", "pair_i", "pair_j", "pair_d", "nbr_ptr", "nbr_idx"):
        assert np.array_equal(getattr(blocked, name), getattr(whole, name)), name
    assert (blocked.reason == whole.reason).all()
    # Sorted by pair, and each neighbour list nearest first.
    assert (np.diff(whole.pair_i * whole.n_options + whole.pair_j) > 0).all()
    o = int(np.argmax(np.diff(whole.nbr_ptr)))
    nbrs = whole.neighbours(o)
    dist = np.hypot(*(whole.xy[whole.site[nbrs]] - whole.xy[whole.site[o]]).T)
    assert (np.diff(dist) >= 0).all() and len(nbrs) > 20
