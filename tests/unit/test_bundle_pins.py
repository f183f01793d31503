"""Pinned sites checked before solving: each failing rule named with its sites."""

from __future__ import annotations

import dataclasses

from test_bundling import RULES, line_of_sites

from bouwstroom_qgis.core.bundle_pins import pin_problem
from bouwstroom_qgis.core.bundle_problem import build_problem
from bouwstroom_qgis.core.bundle_reasons import presolve_reasons


def check(sites, **change):
    problem = build_problem(sites, dataclasses.replace(RULES, **change))
    return pin_problem(problem, presolve_reasons(problem, "en"))


def test_pins_that_can_hold_pass():
    assert check(line_of_sites(), pinned={"S-A": "N", "S-B": "N", "S-D": "Z"}) is None
    assert check(line_of_sites()) is None


def test_pinned_sites_ready_too_far_apart():
    sites = line_of_sites()
    sites["plan_status"] = ["vastgesteld", "vastgesteld", "vastgesteld", None]
    sites["homes"] = sites["homes_rijwoning"] = [20, 20, 20, 40]
    assert check(sites, pinned={"S-C": "N", "S-D": "N"}) == (
        "sites S-C and S-D pinned to 'N' are ready in 2026-Q1 and 2028-Q1, more than "
        "readiness_window 4 quarters apart"
    )


def test_a_pinned_site_with_no_homes():
    sites = line_of_sites()
    sites["homes"] = sites["homes_rijwoning"] = [0, 20, 20, 20]
    assert check(sites, pinned={"S-A": "N", "S-B": "N"}) == (
        "site S-A is pinned to 'N' but can be in no bundle: too few homes (0)"
    )
