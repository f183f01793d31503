"""The heuristic's moves: each keeps every bundle valid and never loses value."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from test_bundling import RULES, line_of_sites, sites_at
from test_bundling_optimum import random_rules, random_sites

from bouwstroom_qgis.core import bundle_moves as moves
from bouwstroom_qgis.core.bundle_heuristic import State
from bouwstroom_qgis.core.bundle_problem import build_problem


def assert_consistent(state: State) -> None:
    seen: set[int] = set()
    for number, b in state.bundles.items():
        if not b.members:
            continue
        assert state.valid(b)
        for a, c in itertools.combinations(b.members, 2):
            assert state.nbrs.compatible(a, c)
        for o in b.members:
            assert state.site[o] not in seen
            seen.add(state.site[o])
            assert state.home_of[state.site[o]] == number
            assert state.placed[state.site[o]] == o
            assert state.bundle_at[o] == number
        assert b.homes == sum(state.h[o] for o in b.members)
        assert b.weight == sum(state.w[o] for o in b.members)
    assert set(state.home_of) == seen
    assert (state.bundle_at >= 0).sum() == len(seen)  # no other option is marked placed


def test_insert_then_swap_for_a_more_valuable_site():
    state = State(build_problem(line_of_sites(), RULES))  # A, B, C, D: 20 homes each
    state.commit(state.new([0, 1]))  # A-B, room for one more (max 60)
    assert moves.insert_or_swap(state)
    # The most valuable free site goes in first (D), then C replaces A (worth less).
    assert sorted(state.solution()[0]) == [1, 2, 3]
    assert state.objective() == 20 * (60 + 70 + 80) * 100
    assert_consistent(state)


def test_a_site_switches_concept_when_that_gains():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20, "best_concept": "rijwoning"},
            {"site_id": "S-2", "x": 0.3, "homes": 20, "best_concept": "rijwoning"},
            {"site_id": "S-3", "x": 0.6, "homes": 30, "best_concept": "appartementen"},
            {"site_id": "S-4", "x": 0.9, "homes": 30, "best_concept": "appartementen"},
            {"site_id": "S-5", "x": 1.2, "homes": 25, "best_concept": "rijwoning"},
        ]
    )
    sites["homes_rijwoning"] = [20, 20, 10, 10, 25]
    sites["homes_appartementen"] = [5, 5, 30, 30, 45]
    rules = dataclasses.replace(RULES, concepts="any", max_homes=120)
    problem = build_problem(sites, rules)
    state = State(problem)
    option = {(problem.site_ids[problem.site[o]], problem.concept[o]): o
              for o in range(problem.n_options)}  # fmt: skip
    state.commit(state.new([option["S-1", "rijwoning"], option["S-2", "rijwoning"],
                            option["S-5", "rijwoning"]]))  # fmt: skip
    state.commit(state.new([option["S-3", "appartementen"], option["S-4", "appartementen"]]))
    before = state.objective()
    assert moves.insert_or_swap(state)
    # S-5 has 45 appartementen and 25 rijwoning: it moves, and S-1 and S-2 stay valid.
    assert state.placed[problem.site_ids.tolist().index("S-5")] == option["S-5", "appartementen"]
    assert state.objective() == before + (45 - 25) * 50 * 100
    assert_consistent(state)


def test_compact_splits_a_bundle_of_two_far_pairs():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 0.2, "homes": 20},
            {"site_id": "S-3", "x": 4.0, "homes": 20},
            {"site_id": "S-4", "x": 4.2, "homes": 20},
        ]
    )
    state = State(build_problem(sites, dataclasses.replace(RULES, max_homes=80)))
    state.commit(state.new([0, 1, 2, 3]))  # spread 4.2 km
    moves.compact(state)
    assert sorted(state.solution()) == [[0, 1], [2, 3]]  # 0.2 + 0.2 km
    assert state.objective() == 80 * 50 * 100
    assert_consistent(state)


@pytest.mark.parametrize("seed", [2, 9, 14])
def test_every_move_keeps_the_state_valid_and_never_loses(seed):
    state = State(build_problem(random_sites(seed), random_rules(seed)))
    state.construct()
    for move in (
        moves.insert_or_swap,
        moves.make_room,
        moves.borrow,
        lambda s: s.seed_all(),
    ):
        before = state.objective()
        move(state)
        assert state.objective() >= before
        assert_consistent(state)
    spread = sum(state.spread(b) for b in state.solution())
    value = state.objective()
    moves.compact(state)
    assert state.objective() == value
    assert sum(state.spread(b) for b in state.solution()) <= spread + 1e-6
    assert_consistent(state)
