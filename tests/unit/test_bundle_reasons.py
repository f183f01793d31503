"""Why a site is left out, against the bundles chosen, and why no bundle is possible."""

from __future__ import annotations

import dataclasses

from test_bundling import RULES, line_of_sites, sites_at

from bouwstroom_qgis.core.bundle_problem import build_problem
from bouwstroom_qgis.core.bundle_reasons import solved_reasons, text, why_no_bundle


def test_texts_in_both_languages_and_english_for_unknown_ones():
    assert text("nl", "no_homes") == "te weinig woningen (0)"
    assert text("en", "no_homes") == "too few homes (0)"
    assert text("fr", "no_homes") == "too few homes (0)"
    assert text("nl", "full", bundle="B02", max=150, homes=140, site=18) == (
        "bundel B02 zou meer dan max_homes 150 woningen krijgen (140 + 18)"
    )


def test_a_site_outside_the_window_of_the_nearest_bundle():
    sites = line_of_sites()
    sites["plan_status"] = ["vastgesteld", "vastgesteld", "vastgesteld", "voorontwerp"]
    sites["owner_type"] = ["gemeente", "gemeente", "gemeente", "overig"]  # D: 4 + 4 quarters
    problem = build_problem(sites, dataclasses.replace(RULES, readiness_window=8))
    narrow = dataclasses.replace(problem.rules, readiness_window=4)
    reasons = solved_reasons(dataclasses.replace(problem, rules=narrow), [[0, 1, 2]], ["B01"], "en")
    assert reasons == {3: "readiness 2028-Q1 outside the window of bundle B01 (2026-Q1 to 2026-Q1)"}


def test_a_site_that_would_break_the_balance():
    sites = line_of_sites()
    sites["municipality"] = ["Assen", "Emmen", "Assen", "Assen"]
    rules = dataclasses.replace(RULES, max_homes=80, max_municipality_share=0.7)
    problem = build_problem(sites, rules)
    reasons = solved_reasons(problem, [[0, 1, 2]], ["B01"], "nl")
    assert reasons == {3: "bundel B01 zou een te groot aandeel van één gemeente krijgen (max 70 %)"}


def test_a_site_that_fits_and_one_that_was_not_chosen():
    problem = build_problem(line_of_sites(), dataclasses.replace(RULES, max_homes=80))
    assert solved_reasons(problem, [[0, 1]], ["B01"], "en") == {
        2: "fits bundle B01; the search stopped before adding it",
        3: "fits bundle B01; the search stopped before adding it",
    }
    far = sites_at(
        [
            {"site_id": "S-1", "x": 0.0, "homes": 20},
            {"site_id": "S-2", "x": 5.0, "homes": 20},
            {"site_id": "S-3", "x": 10.0, "homes": 20},
            {"site_id": "S-4", "x": 30.0, "homes": 20},
            {"site_id": "S-5", "x": 35.0, "homes": 20},
        ]
    )
    problem = build_problem(far, RULES)
    reasons = solved_reasons(problem, [[0, 1], [3, 4]], ["B01", "B02"], "en")
    assert reasons == {2: "too far from bundle B01 (10 km from one of its sites, max 5 km)"}
    # Without bundles, the free sites within reach decide.
    assert solved_reasons(problem, [[3, 4]], ["B01"], "en") == {
        0: "not chosen: bundles with this site are worth less than the bundles chosen",
        1: "not chosen: bundles with this site are worth less than the bundles chosen",
        2: "not chosen: bundles with this site are worth less than the bundles chosen",
    }
    taken = solved_reasons(problem, [[3, 4], [0, 1]], ["B01", "B02"], "en")
    assert taken[2] == "too far from bundle B02 (10 km from one of its sites, max 5 km)"


def test_why_no_bundle_names_the_binding_rule():
    sites = line_of_sites()
    large = dataclasses.replace(RULES, min_homes=100, max_homes=200)
    assert why_no_bundle(build_problem(sites, large)) == (
        "no bundle possible: min_homes 100 is more than all 80 homes of the 4 sites that can "
        "take part together"
    )
    excluded = dataclasses.replace(RULES, excluded=("S-A", "S-B", "S-C", "S-D"))
    assert why_no_bundle(build_problem(sites, excluded)) == (
        "no bundle possible: no site can take part (4 kept out by the scenario)"
    )
    assert why_no_bundle(build_problem(sites.iloc[:0], RULES)) == (
        "no bundle possible: there are no sites"
    )
