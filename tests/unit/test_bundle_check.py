"""The rule checker finds every broken rule in bundles altered by hand."""

from __future__ import annotations

import dataclasses

import pytest
import shapely
from test_bundling import RULES, line_of_sites

from bouwstroom_qgis.core.bundle_check import violations
from bouwstroom_qgis.core.bundling import bundle_sites


@pytest.fixture
def solved():
    sites = line_of_sites()
    rules = dataclasses.replace(RULES, solver="heuristic")
    result = bundle_sites(sites, rules)
    assert violations(result.bundles, sites, rules, result.assignment) == []
    return sites, rules, result


def test_more_homes_than_allowed(solved):
    sites, rules, result = solved
    tighter = dataclasses.replace(rules, max_homes=39)
    assert violations(result.bundles, sites, tighter) == [
        "B01: 40 homes outside 40..39",
        "B02: 40 homes outside 40..39",
    ]


def test_spread_window_and_balance(solved):
    sites, rules, result = solved
    sites = sites.copy()
    sites["plan_status"] = ["vastgesteld", "ontwerp", "vastgesteld", None]  # 0, 2, 0, 8
    sites["municipality"] = ["Groningen", "Assen", "Emmen", "Emmen"]
    strict = dataclasses.replace(
        rules, max_spread_km=0.5, readiness_window=1, max_municipality_share=0.6
    )
    found = violations(result.bundles, sites, strict)
    assert found == [
        "B01: spread 1.000 km over max 0.5 km",
        "B01: readiness 0..8 wider than 1 quarters",
        "B01: earliest or latest quarter disagrees with its sites",  # the sites changed
        "B01: municipality Emmen has 40 of 40 homes, over 60%",
        "B02: spread 1.000 km over max 0.5 km",
        "B02: readiness 0..2 wider than 1 quarters",
        "B02: earliest or latest quarter disagrees with its sites",
    ]


def test_sites_twice_excluded_pinned_and_unknown(solved):
    sites, rules, result = solved
    bundles = result.bundles.copy()
    bundles.loc[1, "site_ids"] = "S-A; S-C"
    rules = dataclasses.replace(rules, excluded=("S-A",), pinned={"S-B": "N", "S-D": "M"})
    found = violations(bundles, sites, rules)
    assert "B02: site S-C is also in B01" in found
    assert "B02: site S-A is excluded by the user" in found
    assert "site S-B is pinned to 'N' but in no bundle" in found
    bundles.loc[1, "site_ids"] = "S-A; S-Z"
    assert violations(bundles, sites, rules)[0] == "B02: site S-Z is not among the sites"


def test_pinned_names_split_or_shared(solved):
    sites, rules, result = solved
    split = dataclasses.replace(rules, pinned={"S-A": "N", "S-D": "N"})
    assert violations(result.bundles, sites, split) == ["sites pinned to 'N' are in B02 and B01"]
    shared = dataclasses.replace(rules, pinned={"S-A": "N", "S-B": "M"})
    assert violations(result.bundles, sites, shared) == ["B02: sites pinned to M, N share it"]


def test_columns_that_disagree_with_the_sites(solved):
    sites, rules, result = solved
    bundles = result.bundles.copy()
    bundles.loc[0, "homes"] = 41
    bundles.loc[0, "spread_km"] = 0.9
    bundles.loc[0, "earliest_quarter"] = 4
    bundles.loc[0, "geometry"] = shapely.box(0, 0, 1, 1)
    assert violations(bundles, sites, rules) == [
        "B01: homes or n_sites column disagrees with its sites",
        "B01: spread_km column disagrees with its sites",
        "B01: earliest or latest quarter disagrees with its sites",
        "B01: geometry is not the union of its sites",
    ]


def test_concepts_and_homes_per_site(solved):
    sites, rules, result = solved
    changed = sites.copy()
    changed.loc[2, "best_concept"] = "levensloop"
    found = violations(result.bundles, changed, rules, result.assignment)
    assert "B01: site S-C counted as rijwoning, its best is levensloop" in found
    assignment = result.assignment.copy()
    assignment.loc[0, "homes"] = 25
    found = violations(result.bundles, sites, rules, assignment)
    assert "B02: site S-A counted with 25 homes of rijwoning, has 20" in found
    mixed = dataclasses.replace(rules, concepts="any")
    assignment.loc[0, ["concept", "homes"]] = ["levensloop", 20]
    found = violations(result.bundles, sites, mixed, assignment)
    assert "B02: more than one concept group: levensloop, rijwoning" in found
    assert "B02: site S-A counted with 20 homes of levensloop, has -1" in found
