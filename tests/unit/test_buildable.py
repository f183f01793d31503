"""Buildable areas: setback, exclusions, zoning main groups, building types, Bouwvlakken."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pytest
import shapely

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


def test_setback_is_square_to_each_edge():
    l_shape = shapely.union_all([shapely.box(0, 0, 60, 31), shapely.box(0, 0, 27, 93)])
    result = areas([shapely.box(0, 0, 100, 60), l_shape, shapely.box(0, 0, 3, 50)])
    b = result.for_concept(RIJ)
    assert b.area[0].equals(shapely.box(2, 2, 98, 58))
    expected = shapely.union_all([shapely.box(2, 2, 58, 29), shapely.box(2, 2, 25, 91)])
    assert b.area[1].equals(expected)  # the inner corner keeps a square margin
    assert b.reason.tolist() == [Reason.NONE, Reason.NONE, Reason.SETBACK]
    assert Reason.SETBACK.text(RIJ) == "te smal voor rijwoning"
    assert not b.restricted.any()


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
