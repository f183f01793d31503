"""Buildable areas: setback (never growing when the site shrinks), exclusions, zoning main
groups, building types, Bouwvlakken."""

from __future__ import annotations

import dataclasses
import math

import geopandas as gpd
import numpy as np
import pytest
import shapely
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from shapely import affinity

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.buildable import (
    BuildableAreas,
    Layer,
    Reason,
    plan_layers,
    site_pairs,
    subtract,
)
from bouwstroom_qgis.core.concepts import load_concepts

CONCEPTS = {c.name: c for c in load_concepts()}
RIJ = CONCEPTS["rijwoning"]  # setback 2 m, aaneengebouwd
FLATS = CONCEPTS["appartementen"]  # setback 3 m, gestapeld


def zoning(*rows: tuple[str, str | None, shapely.Geometry]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            s.OBJECT_TYPE: [r[0] for r in rows],
            s.HOOFDGROEP: [r[1] for r in rows],
            s.NAAM: [r[1] for r in rows],
        },
        geometry=[r[2] for r in rows],
        crs=s.RD_NEW,
    )


def areas(sites, plan=None, exclusions=()) -> BuildableAreas:
    geoms = np.array(sites, dtype=object)
    layers = plan_layers(plan, near=geoms)
    excluded = Layer.of(np.array(list(exclusions), dtype=object))
    return BuildableAreas(geoms, site_pairs(geoms, excluded, layers))


def test_setback_is_a_distance_to_the_boundary():
    l_shape = shapely.union_all([shapely.box(0, 0, 60, 31), shapely.box(0, 0, 27, 93)])
    result = areas([shapely.box(0, 0, 100, 60), l_shape, shapely.box(0, 0, 3, 50)])
    b = result.for_concept(RIJ)
    assert b.area[0].equals(shapely.box(2, 2, 98, 58))  # convex corners stay sharp
    # the inner corner (27, 31) gets an arc of radius 2 instead of a square margin: the
    # 2 x 2 m square at (25..27, 29..31) minus the quarter disk (drawn as 8 chords)
    square = shapely.union_all([shapely.box(2, 2, 58, 29), shapely.box(2, 2, 25, 91)])
    quarter = 8 * 0.5 * 2.0**2 * math.sin(math.pi / 16)
    assert b.area[1].covers(square)
    assert b.area[1].area == pytest.approx(2938 + 4 - quarter, abs=1e-9)
    assert b.area[1].area - square.area == pytest.approx(0.879, abs=1e-3)
    # the arc's vertices lie 2 m from the corner, its chords at most 0.5 % closer
    ring = shapely.points(shapely.get_coordinates(b.area[1].exterior))
    assert shapely.distance(ring, l_shape.exterior).min() == pytest.approx(2.0)
    assert shapely.distance(shapely.Point(27, 31), b.area[1]) == pytest.approx(
        2 * math.cos(math.pi / 32)
    )
    assert b.reason.tolist() == [Reason.NONE, Reason.NONE, Reason.SETBACK]
    assert Reason.SETBACK.text(RIJ) == "te smal voor rijwoning"
    assert not b.restricted.any()


def v_notch(apex, direction, half_angle, length=100.0) -> shapely.Polygon:
    """A sharp V-shaped notch: apex at ``apex``, opening ``2 * half_angle`` degrees wide."""
    x, y = apex
    a, h = math.radians(direction), math.radians(half_angle)
    return shapely.Polygon(
        [
            (x, y),
            (x + length * math.cos(a - h), y + length * math.sin(a - h)),
            (x + length * math.cos(a + h), y + length * math.sin(a + h)),
        ]
    )


def outside(smaller, larger, setback: float, band: float = 0.0) -> float:
    """Area (m²) of the smaller site's buildable area farther than ``band`` (m) outside
    the larger one's."""
    concept = dataclasses.replace(RIJ, setback=setback)
    b = areas([larger, smaller]).for_concept(concept)
    return float(shapely.area(shapely.difference(b.area[1], shapely.buffer(b.area[0], band))))


def test_a_wider_notch_never_adds_land():
    # a 10° notch down to the centre of a 60 m square; the smaller site widens it to 20°
    # or cuts a second notch from the same apex. A mitred setback's point at the sharp
    # apex then sticks out of the larger site's by more than 8 m²
    site = shapely.box(0, 0, 60, 60).difference(v_notch((30, 30), 90, 5))
    wider = site.difference(v_notch((30, 30), 90, 10))
    second = site.difference(v_notch((30, 30), 60, 5))
    for smaller in (wider, second):
        mitred = [shapely.buffer(g, -3.0, join_style="mitre") for g in (smaller, site)]
        assert shapely.difference(*mitred).area > 8.0
        # the round setback's arcs around the shared apex are drawn with different
        # chords: what sticks out is a sliver along the arc, under 0.04 m² at 3 m and
        # within its chords' depth (0.5 % of the setback)
        assert 0 < outside(smaller, site, 3.0) < 0.04
        assert outside(smaller, site, 3.0, band=0.005 * 3.0) <= 1e-6


@st.composite
def shrunk_sites(draw):
    """A site of 1 to 3 turned boxes with up to two sharp notches, and a part of it.

    The part is the site cut off along a line at any angle, bitten by a turned box,
    notched again (1° to 30° wide), or notched again from the apex of a notch it has
    (where a mitred setback sticks out).
    """
    angle = st.floats(0, 180)
    pieces = []
    for _ in range(draw(st.integers(1, 3))):
        x, y = draw(st.floats(0, 60)), draw(st.floats(0, 60))
        w, h = draw(st.floats(8, 100)), draw(st.floats(8, 100))
        pieces.append(affinity.rotate(shapely.box(x, y, x + w, y + h), draw(angle)))
    site = shapely.union_all(pieces)

    def notch(apex: tuple[float, float]) -> shapely.Polygon:
        return v_notch(apex, draw(st.floats(0, 360)), draw(st.floats(0.5, 15)), 200.0)

    point = st.tuples(st.floats(0, 120), st.floats(0, 120))
    apexes = [draw(point) for _ in range(draw(st.integers(0, 2)))]
    for apex in apexes:
        site = site.difference(notch(apex))
    assume(site.area > 1.0)  # notches may leave nothing (an empty site has no centroid)
    how = draw(st.sampled_from(["cut", "bite", "notch", "same apex"]))
    if how == "cut":
        c = site.centroid
        keep = affinity.rotate(shapely.box(-1e3, -1e3, 1e3, draw(st.floats(-40, 40))), draw(angle))
        part = site.intersection(affinity.translate(keep, c.x, c.y))
    elif how == "bite":
        x, y = draw(point)
        bite = shapely.box(x, y, x + draw(st.floats(0.5, 30)), y + draw(st.floats(0.5, 30)))
        part = site.difference(affinity.rotate(bite, draw(angle)))
    else:
        apex = draw(st.sampled_from(apexes)) if how == "same apex" and apexes else draw(point)
        part = site.difference(notch(apex))
    move = lambda g: affinity.translate(polygonal(g), 210_000.0, 570_000.0)  # noqa: E731
    return move(site), move(part)


def polygonal(geom) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


@settings(max_examples=300, deadline=None)
@given(case=shrunk_sites(), setback=st.floats(0.5, 5.0))
def test_buildable_area_never_grows_when_the_site_shrinks(case, setback):
    # Within GEOS's precision: its buffers first simplify their input within 1 % of
    # the distance (an 8 m square with a 7.8 mm step in its outline, cut in half, keeps
    # 3,903 mm² more at 1 m than the whole: its left edge moves 5 mm), and the arcs
    # are chords (0.5 %). Beyond 1 % of the setback, no more than 1 mm² may stick out.
    site, part = case
    assert outside(part, site, setback, band=0.01 * setback) <= 1e-6


def test_exclusions_are_cut_out():
    result = areas(
        [shapely.box(0, 0, 100, 60), shapely.box(200, 0, 220, 20)],
        exclusions=[shapely.box(50, -10, 60, 70), shapely.box(150, -50, 300, 50)],
    )
    b = result.for_concept(RIJ)
    assert b.area[0].area == pytest.approx(96 * 56 - 10 * 56)
    assert b.reason.tolist() == [Reason.NONE, Reason.EXCLUDED]
    assert Reason.EXCLUDED.text(RIJ) == "geheel in uitgesloten gebied"


def test_main_groups_outside_the_concept_are_cut_out():
    plan = zoning(
        (s.ENKELBESTEMMING, "wonen", shapely.box(0, 0, 50, 100)),
        (s.ENKELBESTEMMING, "bedrijf", shapely.box(50, 0, 100, 100)),
        (s.ENKELBESTEMMING, None, shapely.box(100, 0, 150, 100)),  # unknown use
        (s.ENKELBESTEMMING, "agrarisch", shapely.box(150, 0, 250, 100)),
    )
    sites = [
        shapely.box(0, 0, 100, 60),  # half wonen, half bedrijf
        shapely.box(100, 0, 150, 60),  # unknown use only
        shapely.box(160, 0, 200, 60),  # farmland
        shapely.box(300, 0, 340, 60),  # outside every plan: zoning unknown, not permitted
        shapely.box(230, 0, 280, 60),  # half farmland, half outside every plan
    ]
    b = areas(sites, plan).for_concept(RIJ)
    assert b.area[0].equals(shapely.box(2, 2, 50, 58))
    assert b.reason.tolist() == [
        Reason.NONE,
        Reason.ZONING,
        Reason.ZONING,
        Reason.UNKNOWN_ZONING,
        Reason.ZONING,
    ]
    assert Reason.ZONING.text(RIJ) == "buiten toegestane bestemming"
    assert Reason.UNKNOWN_ZONING.text(RIJ) == "geen bestemmingsplan bekend"
    assert b.area[3].is_empty and b.area[4].is_empty
    mixed = dataclasses.replace(RIJ, groups=("wonen", "bedrijf"))
    assert areas(sites, plan).for_concept(mixed).area[0].equals(shapely.box(2, 2, 98, 58))


def test_building_types_decide_per_concept():
    plan = zoning(
        (s.ENKELBESTEMMING, "wonen", shapely.box(0, 0, 200, 100)),
        (s.BOUWAANDUIDING, "gestapeld", shapely.box(0, 0, 50, 100)),
        (s.BOUWAANDUIDING, "karakteristiek", shapely.box(50, 0, 100, 100)),
        (s.BOUWAANDUIDING, "aaneengebouwd", shapely.box(100, 0, 130, 100)),
    )
    sites = [shapely.box(0, 0, 100, 60), shapely.box(0, 0, 40, 60), shapely.box(100, 0, 130, 60)]
    result = areas(sites, plan)
    rij = result.for_concept(RIJ)
    flats = result.for_concept(FLATS)
    # rijwoning is not a stacked building type; 'karakteristiek' says nothing about types
    assert rij.area[0].equals(shapely.box(50, 2, 98, 58))
    assert rij.reason.tolist() == [Reason.NONE, Reason.DESIGNATION, Reason.NONE]
    assert Reason.DESIGNATION.text(RIJ) == "bouwaanduiding staat rijwoning niet toe"
    assert flats.area[0].equals(shapely.box(3, 3, 97, 57))
    assert flats.reason.tolist() == [Reason.NONE, Reason.NONE, Reason.DESIGNATION]
    forbidding = dataclasses.replace(RIJ, forbidden_designations=("karakteristiek",))
    strict = result.for_concept(forbidding)
    assert strict.area[0].is_empty and strict.reason[0] == Reason.DESIGNATION


def test_bouwvlakken_restrict_buildings_within_their_enkelbestemming():
    plan = zoning(
        (s.ENKELBESTEMMING, "wonen", shapely.box(0, 0, 100, 100)),
        (s.BOUWVLAK, None, shapely.box(10, 14, 50, 26)),
        (s.ENKELBESTEMMING, "wonen", shapely.box(100, 0, 200, 100)),  # no Bouwvlak
        (s.ENKELBESTEMMING, "wonen", shapely.box(200, 0, 300, 100)),
        (s.BOUWVLAK, None, shapely.box(280, 90, 300, 100)),
    )
    sites = [
        shapely.box(0, 0, 60, 70),  # holds the Bouwvlak
        shapely.box(120, 0, 180, 70),  # free
        shapely.box(200, 0, 260, 70),  # its plan area has a Bouwvlak, but not here
        shapely.box(60, 0, 140, 70),  # half in the restricted area
    ]
    b = areas(sites, plan).for_concept(RIJ)
    assert b.restricted.tolist() == [True, False, True, True]
    assert b.footprint_area[0].equals(shapely.box(10, 14, 50, 26))
    assert b.footprint_area[2].is_empty
    assert b.footprint_area[3].equals(shapely.box(100, 2, 138, 68))
    assert b.reason.tolist() == [Reason.NONE, Reason.NONE, Reason.NO_BOUWVLAK, Reason.NONE]
    assert b.area[2].equals(shapely.box(202, 2, 258, 68))  # gardens may still lie there


def test_no_zoning_restricts_nothing():
    layers = plan_layers(None)
    assert len(layers.enkel.parts) == len(layers.outside_bouwvlak.parts) == 0
    b = areas([shapely.box(0, 0, 10, 10)], None).for_concept(RIJ)
    assert b.area[0].equals(shapely.box(2, 2, 8, 8))


def test_subtract_many_parts_per_site_in_rounds():
    site = np.array([shapely.box(0, 0, 100, 10), shapely.box(0, 20, 10, 30)], dtype=object)
    parts = np.array([shapely.box(x, -1, x + 5, 11) for x in range(0, 100, 10)], dtype=object)
    owner = np.zeros(len(parts), np.intp)
    cut = subtract(site, owner[::-1].copy(), parts[::-1].copy())
    assert cut[0].area == pytest.approx(500.0)
    assert len(shapely.get_parts(cut[0])) == 10
    assert cut[1].equals(site[1])
    assert site[0].area == 1000.0  # the input is untouched


def test_layers_skip_what_has_no_area():
    layer = Layer.of(
        np.array([shapely.Point(0, 0), None, shapely.box(0, 0, 1, 1)], dtype=object),
        np.array(["a", "b", "c"], dtype=object),
    )
    assert layer.label.tolist() == ["c"]
