"""CP-SAT: the leader model against exact enumeration, its limits, hints and determinism."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from test_bundle_exact import exact_optimum
from test_bundling import RULES, line_of_sites, sites_at
from test_bundling_optimum import random_rules, random_sites

from bouwstroom_qgis.core import bundle_cpsat
from bouwstroom_qgis.core.bundle_cpsat import TOO_LARGE, cp_sat_version, solve_cp_sat
from bouwstroom_qgis.core.bundle_heuristic import solve_heuristic
from bouwstroom_qgis.core.bundle_problem import build_problem

pytestmark = pytest.mark.skipif(cp_sat_version() is None, reason="OR-Tools is not installed")


@pytest.mark.parametrize("seed", range(12))
def test_cp_sat_proves_the_exact_optimum_on_small_problems(seed):
    problem = build_problem(random_sites(100 + seed, n=12), random_rules(seed))
    found = solve_cp_sat(problem, 10.0)
    assert found.status == "OPTIMAL"
    assert found.objective == found.bound == exact_optimum(problem)
    assert found.objective == sum(int(problem.weight[b].sum()) for b in found.bundles)


def test_a_hint_is_kept_or_bettered():
    problem = build_problem(random_sites(5), random_rules(5))
    heuristic = solve_heuristic(problem)
    found = solve_cp_sat(problem, 10.0, hint=heuristic.solution())
    assert found.objective >= heuristic.objective()


def test_the_second_phase_keeps_the_objective_and_tightens_bundles():
    problem = build_problem(line_of_sites(), RULES)
    found = solve_cp_sat(problem, 10.0)
    assert (found.status, found.objective) == ("OPTIMAL", 520_000)  # 5200 points x 100
    spreads = sorted(
        float(np.ptp(problem.xy[problem.site[b], 0])) for b in found.bundles
    )  # sites on a line: the spread is the extent in x
    assert spreads == pytest.approx([1000.0, 1000.0])


def test_pinned_sites_that_cannot_be_bundled_are_infeasible():
    sites = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 0.1, "homes": 20},
            {"site_id": "S-3", "x": 0.2, "homes": 20},
        ]
    )
    # Two pins of 20 homes each need a partner; only one site is left to share.
    rules = dataclasses.replace(RULES, pinned={"S-1": "A", "S-2": "B"})
    problem = build_problem(sites, rules)
    assert solve_cp_sat(problem, 5.0).status == "INFEASIBLE"


def test_a_problem_too_large_is_not_tried(monkeypatch):
    monkeypatch.setattr(bundle_cpsat, "MAX_PAIRS", 3)
    problem = build_problem(line_of_sites(), RULES)
    found = solve_cp_sat(problem, 5.0)
    assert (found.status, found.bundles, found.bound) == (TOO_LARGE, [], None)
    # Leaders in order along the line keep 3, 2, 1 and 0 later sites: 6 + 3 + 1 pairs.
    assert found.notes == [
        "the problem is too large for CP-SAT (its model would hold 10 pairs of sites around "
        "a first site, more than 3); heuristic bundles kept, no bound proven"
    ]


def test_the_same_problem_gives_the_same_bundles():
    problem = build_problem(random_sites(23), random_rules(23))
    first = solve_cp_sat(problem, 4.0)
    again = solve_cp_sat(problem, 4.0)
    assert (first.bundles, first.objective, first.status) == (
        again.bundles,
        again.objective,
        again.status,
    )
