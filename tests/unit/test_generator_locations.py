"""Development locations: chosen per municipality, held whole, zoned by a plan of their own."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.generator import assemble, locations
from bouwstroom_qgis.core.generator.features import Features
from bouwstroom_qgis.core.generator.holdings import LOCATION_COMPLEX
from bouwstroom_qgis.core.generator.locations import Site, cut_out
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.schema import DEFAULT_RESIDENTIAL_GROUPS, ENKELBESTEMMING


@pytest.fixture(scope="module")
def built(monkeypatch_module):
    chosen = {}

    def keep(*args, **kwargs):
        chosen["locations"] = locations.choose_locations(*args, **kwargs)
        return chosen["locations"]

    monkeypatch_module.setattr(assemble, "choose_locations", keep)
    return assemble.build_region(5000, 7, Feedback()), chosen["locations"]


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_every_municipality_has_locations_of_several_kinds_and_owners(built):
    found = built[1]
    per_municipality = np.bincount(found.municipality)
    assert per_municipality.size == 2 and per_municipality.min() >= 10
    assert set(np.unique(found.kind)) == set(Site)
    assert {-1, 0, 1} <= set(np.unique(found.owner))  # the municipality and both corporations
    area = shapely.area(found.geometry)
    assert area.min() >= 1_500 and area.max() <= 30_000
    assert np.median(area) < 6_000  # mostly for a few dozen homes
    # One parcel each, or a whole row of houses; no parcel in two locations.
    assert np.unique(found.parcel).size == found.parcel.size
    rows = np.bincount(found.parcel_location)
    assert (rows[found.kind != Site.RENEWAL] == 1).all() and rows[
        found.kind == Site.RENEWAL
    ].min() >= 4


def test_most_have_a_plan_of_their_own_of_every_status(built):
    region_built, found = built
    share = found.rezoned.mean()
    assert 0.65 < share < 0.95
    statuses = set(found.status[found.rezoned])
    assert statuses == {"vastgesteld", "ontwerp", "voorontwerp"}
    assert set(found.group[found.rezoned]) <= set(DEFAULT_RESIDENTIAL_GROUPS)
    enkel = region_built.layers["zoning"]["Enkelbestemming"]
    for outline, status in zip(
        found.geometry[found.rezoned], found.status[found.rezoned], strict=True
    ):
        inside = enkel[enkel.geometry.intersects(outline.buffer(-1.0))]
        # The location's own plan alone zones it: the village plan leaves it out.
        assert len(inside) == 1 and inside["plan_status"].iloc[0] == status
        assert inside["hoofdgroep"].iloc[0] in DEFAULT_RESIDENTIAL_GROUPS
        assert inside.geometry.iloc[0].symmetric_difference(outline).area < 1.0


def test_locations_are_held_whole_by_their_owner(built):
    region_built, found = built
    corporations = region_built.layers["holdings"]["corporaties"]
    held = corporations[corporations["complexnummer"] >= LOCATION_COMPLEX]
    by_corporation = found.owner[found.parcel_location] >= 0
    assert len(held) == by_corporation.sum()
    assert held.groupby("complexnummer")["eigenaar"].nunique().max() == 1
    municipal = region_built.municipal
    located = municipal["gebruik"].isin(["maatschappelijk vastgoed", "bouwgrond"]).sum()
    assert located >= (found.owner[found.kind == Site.LARGE_PLOT] < 0).sum()


def test_cut_out_removes_holes_and_can_hand_them_to_another_plan():
    square = Features.of([shapely.box(0, 0, 100, 100)], ENKELBESTEMMING, "wonen", "Wonen", [0])
    holes = np.array([shapely.box(10, 10, 30, 30), shapely.box(30, 10, 50, 30)])
    cut = cut_out(square, holes)
    assert len(cut) == 1 and cut.geometry[0].area == pytest.approx(10_000 - 800)
    moved = cut_out(square, holes, hole_plan=np.array([7, 8]))
    assert sorted(moved.plan.tolist()) == [0, 7, 8]
    assert shapely.area(moved.geometry).sum() == pytest.approx(10_000)
    assert cut_out(square, np.array([shapely.box(0, 0, 100, 100)])).geometry.size == 0
