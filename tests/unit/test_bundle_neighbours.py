"""The heuristic's neighbour lists and compatibility windows agree with the problem's pairs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_bundling import RULES, line_of_sites
from test_bundling_optimum import random_rules, random_sites

from bouwstroom_qgis.core import bundle_neighbours as bn
from bouwstroom_qgis.core.bundle_heuristic import State
from bouwstroom_qgis.core.bundle_neighbours import Neighbours
from bouwstroom_qgis.core.bundle_problem import Problem, build_problem


def problem_of(seed: int, n: int = 120) -> Problem:
    rules = dataclasses.replace(random_rules(seed), concepts="any")  # several groups
    return build_problem(random_sites(seed, n), rules)


def pair_matrix(p: Problem) -> np.ndarray:
    """Compatibility straight from the problem's pair list."""
    m = p.n_options
    compatible = np.zeros((m, m), dtype=bool)
    compatible[p.pair_i, p.pair_j] = compatible[p.pair_j, p.pair_i] = True
    return compatible


@pytest.mark.parametrize("seed", range(6))
def test_compatible_exactly_when_the_problem_pairs_them(seed):
    p = problem_of(seed)
    nb = Neighbours(p)
    expected = pair_matrix(p)
    assert 0 < expected.sum() < p.n_options**2  # some pairs, not all
    every = list(range(p.n_options))
    found = np.array([[nb.compatible(a, b) for b in every] for a in every])
    assert (found == expected).all()
    assert (nb.matrix(every) == expected).all()
    some = every[::3]
    assert (nb.matrix(some) == expected[np.ix_(some, some)]).all()
    for a in every:
        assert nb.compatible_of(a, every) == np.flatnonzero(expected[a]).tolist()
        assert nb.compatible_with_all(a, nb.near[a])
        assert not nb.compatible_with_all(a, [*nb.near[a], a])  # never with itself
        assert nb.compatible_with_all(a, [*nb.near[a], a], without=a)
        strangers = np.flatnonzero(~expected[a]).tolist()
        assert not nb.compatible_with_all(a, [*nb.near[a], strangers[-1]])


def test_neighbour_lists_are_the_problems_and_share_one_int_per_option():
    p = problem_of(1)
    nb = Neighbours(p)
    assert len(nb.near) == p.n_options
    assert sum(map(len, nb.near)) == 2 * len(p.pair_i)
    for o in range(p.n_options):
        assert nb.near[o] == p.neighbours(o).tolist()
        assert all(c is nb.ints[c] for c in nb.near[o])


def test_windows_take_a_byte_per_option_between_first_and_last_neighbour():
    p = problem_of(2, n=200)
    nb = Neighbours(p)
    spans = [max(n) - min(n) + 1 for n in nb.near if n]
    assert len(nb._window) == sum(spans)
    # Fewer bytes than a full matrix, at least one per pair seen from either side.
    assert 2 * len(p.pair_i) <= len(nb._window) < p.n_options**2


def test_small_blocks_give_the_same_lists_and_windows(monkeypatch):
    p = problem_of(3)
    whole = Neighbours(p)
    monkeypatch.setattr(bn, "BLOCK", 7)
    blocked = Neighbours(p)
    assert blocked.near == whole.near
    assert blocked._window == whole._window


def test_no_pairs_at_all():
    # Sites 1 km apart, each a bundle on its own (20 homes, min 20).
    rules = dataclasses.replace(RULES, max_spread_km=0.5, min_homes=20)
    p = build_problem(line_of_sites(), rules)
    assert p.n_options == 4
    nb = Neighbours(p)
    assert nb.near == [[]] * p.n_options
    assert len(nb._window) == 0
    assert not nb.compatible(0, 1)
    assert not nb.matrix(list(range(p.n_options))).any()


@pytest.mark.parametrize("seed", range(4))
def test_growth_orders_sort_neighbours_by_value_per_home_then_value(seed):
    p = problem_of(seed)
    state = State(p)
    value = np.array(state.value, dtype=np.int64)
    for o in range(p.n_options):
        nbrs = p.neighbours(o)
        dist = np.hypot(*(p.xy[p.site[nbrs]] - p.xy[p.site[o]]).T)
        homes = p.homes[nbrs]
        # The full sort keys: per home, homes, distance, number / value, distance, number.
        by_home = nbrs[np.lexsort((nbrs, dist, -homes, -value[nbrs] / homes))]
        by_value = nbrs[np.lexsort((nbrs, dist, -value[nbrs]))]
        assert state.growth_orders(o) == [by_home.tolist(), by_value.tolist(), nbrs.tolist()]
