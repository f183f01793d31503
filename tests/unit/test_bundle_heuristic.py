"""The heuristic's state, construction and starts."""

from __future__ import annotations

import dataclasses

import pytest
from test_bundling import RULES, line_of_sites, sites_at
from test_bundling_optimum import random_rules, random_sites

from bouwstroom_qgis.core.bundle_heuristic import (
    MAX_STARTS,
    State,
    solve_heuristic,
    start_values,
)
from bouwstroom_qgis.core.bundle_problem import build_problem


def test_checks_of_a_bundle():
    sites = line_of_sites()
    sites["municipality"] = ["Groningen", "Groningen", "Assen", "Assen"]
    rules = dataclasses.replace(RULES, max_municipality_share=0.5)
    state = State(build_problem(sites, rules))
    pair = state.new([0, 1])  # two Groningen sites: 100 % of one municipality
    assert pair.homes == 40 and pair.weight == 220_000
    assert state.over(pair) == {(0, 1)}  # municipality 1 (Groningen; 0 is Assen) is over
    assert not state.valid(pair)
    mixed = state.new([1, 2])
    assert state.valid(mixed) and state.over(mixed) == set()
    assert state.fits(mixed, 3)
    assert not state.fits(state.new([0, 1, 2]), 3)  # 80 homes would exceed 60
    assert state.fits(state.new([0, 1, 2]), 3, without=0)
    assert state.spread([0, 3]) == pytest.approx(3000.0)


def test_construction_fills_bundles_from_the_most_valuable_seed():
    state = State(build_problem(line_of_sites(), RULES))
    state.construct()
    # Seed S-D (most valuable); growth takes the best per home within 60 homes: C, then B.
    assert state.solution() == [[1, 2, 3]]
    assert state.objective() == 20 * (60 + 70 + 80) * 100


def test_pinned_bundles_stop_at_enough_homes_so_other_pins_fit():
    sites = sites_at([{"site_id": f"S-{i}", "x": 0.1 * i, "homes": 20} for i in range(4)])
    rules = dataclasses.replace(RULES, max_homes=80, pinned={"S-0": "W", "S-1": "O"})
    state = State(build_problem(sites, rules))
    state.construct()
    assert state.unplaced_pins == []
    assert len(state.solution()) == 2


def test_the_number_of_starts_follows_the_problem_size():
    small = build_problem(line_of_sites(), RULES)
    values = start_values(small)
    assert len(values) == MAX_STARTS
    assert values[1] == small.weight.tolist()  # the second rule: score x homes
    assert values == start_values(small)  # the perturbed starts are seeded
    loose = dataclasses.replace(RULES, min_homes=1, max_homes=1000)
    big = build_problem(random_sites(3, n=1600), loose)
    assert big.n_options == 1600
    assert len(start_values(big)) == 1


def test_the_heuristic_is_deterministic_and_independent_of_earlier_runs():
    problem = build_problem(random_sites(31), random_rules(31))
    first = solve_heuristic(problem)
    solve_heuristic(build_problem(random_sites(32), random_rules(32)))
    again = solve_heuristic(problem)
    assert first.solution() == again.solution()
    assert first.objective() == again.objective() > 0


def test_compactness_only_from_given_bundles():
    problem = build_problem(line_of_sites(), RULES)
    state = solve_heuristic(problem, start=[[0, 3], [1, 2]])  # A-D and B-C: 3 + 1 km
    assert sorted(state.solution()) == [[0, 1], [2, 3]]  # 1 + 1 km, same objective
    assert state.objective() == 520_000
