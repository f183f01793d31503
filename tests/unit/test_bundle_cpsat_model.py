"""The leader model: which leaders get a bundle, its size, and what it checks."""

from __future__ import annotations

import dataclasses

import pytest
from test_bundling import RULES, line_of_sites

from bouwstroom_qgis.core.bundle_cpsat import cp_sat_version
from bouwstroom_qgis.core.bundle_cpsat_model import LeaderModel, member_pairs
from bouwstroom_qgis.core.bundle_problem import build_problem


def test_member_pairs_count_each_leader_with_its_later_options():
    problem = build_problem(line_of_sites(), RULES)  # all four within 5 km
    assert member_pairs(problem) == 6 + 3 + 1 + 0
    near = build_problem(line_of_sites(), dataclasses.replace(RULES, max_spread_km=1.0))
    assert member_pairs(near) == 1 + 1 + 1 + 0  # each site with its right-hand neighbour


@pytest.mark.skipif(cp_sat_version() is None, reason="OR-Tools is not installed")
def test_leaders_that_cannot_reach_the_minimum_lead_no_bundle():
    from ortools.sat.python import cp_model

    problem = build_problem(line_of_sites(), dataclasses.replace(RULES, max_spread_km=1.0))
    built = LeaderModel(cp_model.CpModel(), problem)
    # D is last: alone it has 20 homes, fewer than 40, so it leads nothing.
    assert built.slots == {0: [0, 1], 1: [1, 2], 2: [2, 3]}
    assert len(built.x) == 6
    assert built.has_pairs and built.spread_terms() == 3
    hinted = cp_model.CpModel()
    LeaderModel(hinted, problem).hint([[0, 1], [2, 3]])
    assert len(hinted.proto.solution_hint.vars) == 6
