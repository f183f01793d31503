"""Capacity per site per concept: the table, layouts, guarantees, bad input, a real plan."""

from __future__ import annotations

import dataclasses

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely import affinity

from bouwstroom_qgis.core import capacity as capacity_module
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.buildable import BuildableAreas, Layer, plan_layers, site_pairs
from bouwstroom_qgis.core.capacity import estimate_capacity
from bouwstroom_qgis.core.concepts import load_concepts
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.imro import read_imro_plan
from bouwstroom_qgis.core.report import Report

CONCEPTS = load_concepts()
BY_NAME = {c.name: c for c in CONCEPTS}
GIETERVEEN = "imro/NL.IMRO.1680.1800030105-0000.gml"
X0, Y0 = 230_000.0, 560_000.0  # somewhere in Drenthe


def sites_of(*shapes, ids=None, crs=s.RD_NEW) -> gpd.GeoDataFrame:
    ids = ids or [f"S{i}" for i in range(len(shapes))]
    moved = [affinity.translate(g, X0, Y0) for g in shapes]
    return gpd.GeoDataFrame({s.SITE_ID: ids}, geometry=moved, crs=crs)


def zoning_of(*rows) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {
            s.OBJECT_TYPE: [r[0] for r in rows],
            s.HOOFDGROEP: [r[1] for r in rows],
            s.NAAM: [r[1] for r in rows],
        },
        geometry=[affinity.translate(r[2], X0, Y0) for r in rows],
        crs=s.RD_NEW,
    )


def test_rectangle_table_by_hand():
    # 100 x 60 m. rijwoning (setback 2, 96 x 56, strips 36.76 m): rows along the 56 m
    # side, 2 strips of 9 (3 rows of 3: 9 x 5.1 + 3 x 4 = 57.9 > 56... 9 x 5.1 + 2 x 4...)
    # see below; appartementen: one block of 20 in one 61.7 m strip across the 94 m;
    # compacte_rijwoning (setback 1.5, 97 x 57, strips 28 m): 2 strips of 19 along 97 m
    result = estimate_capacity(sites_of(shapely.box(0, 0, 100, 60)), CONCEPTS)
    row = result.table.iloc[0]
    assert row["homes_rijwoning"] == 18
    assert row["homes_appartementen"] == 20
    assert row["homes_compacte_rijwoning"] == 38
    assert row[s.BEST_CONCEPT] == "compacte_rijwoning"
    assert row[s.HOMES] == row[s.BUILDINGS] == 38
    assert row[s.FOOTPRINT] == pytest.approx(38 * 4.5 * 8.0)
    assert row[s.GFA] == pytest.approx(38 * 4.5 * 8.0 * 2)
    assert row[s.COVERAGE] == pytest.approx(38 * 36 / 6000)
    assert row[s.DENSITY] == pytest.approx(38 / 0.6)
    assert row[s.BUILDABLE] == pytest.approx(97 * 57)
    assert row[s.REASON] is None
    assert result.layouts is None
    assert list(result.table.columns) == [
        s.SITE_ID,
        *[f"homes_{c.name}" for c in CONCEPTS],
        s.BEST_CONCEPT,
        s.HOMES,
        s.BUILDINGS,
        s.FOOTPRINT,
        s.GFA,
        s.COVERAGE,
        s.DENSITY,
        s.BUILDABLE,
        s.REASON,
    ]


def test_rijwoning_by_hand():
    # 96 x 56 buildable, strip 25 + 1.6 x 25 / 5.1... = 36.76 m deep.
    # rows along 96 m: 1 strip; 96 m holds 16 (2 rows of 8 take 2 x 44.8 = 89.6 m)
    # rows along 56 m: 2 strips of 96 / 36.76; 56 m holds 9 (3 rows of 3: 45.9 + 12)
    rij = BY_NAME["rijwoning"]
    assert rij.strip_depth == pytest.approx(25 + (1.6 * 25 + 20) / 5.1)
    result = estimate_capacity(sites_of(shapely.box(0, 0, 100, 60)), [rij])
    assert result.table["homes_rijwoning"].tolist() == [18]


def test_l_shape_and_bouwvlak_by_hand():
    rij = dataclasses.replace(BY_NAME["rijwoning"], setback=0.0)
    depth = rij.strip_depth  # 36.76 m
    # L: arm 60 x depth along x, arm 20.2 wide (one row of 3: 3 x 5.1 + 4 = 19.3) up
    # to 3 strips; rows along x: 10 + 3 + 3 (60 m: 2 rows of 5 = 2 x 29.5 = 59 m)
    l_shape = shapely.union_all([shapely.box(0, 0, 60, depth), shapely.box(0, 0, 20.2, 3 * depth)])
    # bouwvlak 30 m long: its own free ends included a row of 5 (25.5 + 4 = 29.5 m)
    site = shapely.box(0, 0, 60, 50)
    zoning = zoning_of(
        (s.ENKELBESTEMMING, "wonen", shapely.box(-100, -100, 200, 200)),
        (s.BOUWVLAK, None, shapely.box(10, 20, 40, 32)),
    )
    plain = estimate_capacity(sites_of(l_shape, site), [rij])
    assert plain.table["homes_rijwoning"].tolist() == [16, 10]
    with_plan = estimate_capacity(sites_of(l_shape, site), [rij], zoning=zoning)
    assert with_plan.table["homes_rijwoning"].tolist() == [0, 5]
    assert with_plan.table[s.REASON].tolist()[0] == "bouwvlak te klein voor rijwoning"


def test_l_shape_with_setback_by_hand():
    # the L above grown by rijwoning's 2 m setback on every side: its buildable area is
    # that L moved by (2, 2), plus the inner corner's rounding (the 2 x 2 m square at
    # the corner minus a quarter disk drawn as 8 chords, 0.88 m²), which lies in the
    # second strip's lowest 2 m only and holds no plot: 16 homes, as without it
    rij = BY_NAME["rijwoning"]
    depth = rij.strip_depth
    l_shape = shapely.union_all(
        [shapely.box(0, 0, 64, depth + 4), shapely.box(0, 0, 24.2, 3 * depth + 4)]
    )
    table = estimate_capacity(sites_of(l_shape), [rij]).table
    assert table["homes_rijwoning"].tolist() == [16]
    rounding = 4 - 8 * 0.5 * 2.0**2 * np.sin(np.pi / 16)
    assert table[s.BUILDABLE].iloc[0] == pytest.approx(100.4 * depth + rounding, abs=1e-6)


def test_too_small_sites_get_zero_with_a_reason():
    zoning = zoning_of(
        (s.ENKELBESTEMMING, "wonen", shapely.box(-10, -10, 300, 400)),
        (s.ENKELBESTEMMING, "agrarisch", shapely.box(1000, 0, 1200, 200)),
    )
    sites = sites_of(
        shapely.box(0, 0, 3, 100),  # narrower than twice every setback
        shapely.box(100, 0, 112, 300),  # 12 m wide: no row fits
        shapely.box(200, 0, 215, 15),  # too little land for any row
        shapely.box(1000, 0, 1100, 100),  # farmland
        shapely.box(2000, 0, 2100, 100),  # outside every plan: zoning unknown
    )
    table = estimate_capacity(sites, CONCEPTS, zoning=zoning).table
    assert table[s.HOMES].tolist() == [0, 0, 0, 0, 0]
    assert table[s.BEST_CONCEPT].isna().all()
    assert table[s.REASON].tolist() == [
        "te smal voor rijwoning; te smal voor levensloop; te smal voor twee_onder_een_kap; "
        "te smal voor appartementen; te smal voor compacte_rijwoning",
        "te smal voor rijwoning; te smal voor levensloop; te smal voor twee_onder_een_kap; "
        "te klein voor appartementen; te smal voor compacte_rijwoning",  # 6 x 294 m left
        "te klein voor rijwoning; te klein voor levensloop; te klein voor twee_onder_een_kap; "
        "te klein voor appartementen; te klein voor compacte_rijwoning",
        "buiten toegestane bestemming",
        "geen bestemmingsplan bekend",
    ]
    assert table[s.DENSITY].tolist() == [0.0] * 5
    # without any zoning input, zoning does not restrict: the same site gets homes
    unzoned = estimate_capacity(sites_of(shapely.box(2000, 0, 2100, 100)), CONCEPTS).table
    assert unzoned[s.HOMES].tolist()[0] > 0


def test_ties_go_to_the_first_concept_in_the_catalogue():
    rij = BY_NAME["rijwoning"]
    twin = dataclasses.replace(rij, name="tweeling")
    table = estimate_capacity(sites_of(shapely.box(0, 0, 100, 60)), [twin, rij]).table
    assert table[s.BEST_CONCEPT].tolist() == ["tweeling"]
    table = estimate_capacity(sites_of(shapely.box(0, 0, 100, 60)), [rij, twin]).table
    assert table[s.BEST_CONCEPT].tolist() == ["rijwoning"]


def test_layouts_lie_inside_the_buildable_area_without_overlap():
    zoning = zoning_of(
        (s.ENKELBESTEMMING, "wonen", shapely.box(-50, -50, 150, 400)),
        (s.ENKELBESTEMMING, "wonen", shapely.box(150, -50, 400, 400)),
        (s.BOUWVLAK, None, shapely.box(210, 10, 290, 22)),
        (s.BOUWAANDUIDING, "gestapeld", shapely.box(-50, 150, 100, 400)),
    )
    shapes = [
        shapely.box(0, 0, 100, 60),
        affinity.rotate(shapely.Polygon([(0, 100), (120, 110), (90, 230), (-10, 200)]), 12),
        shapely.box(200, 0, 300, 80),
    ]
    sites = sites_of(*shapes)
    nature = gpd.GeoSeries([affinity.translate(shapely.box(40, -10, 45, 70), X0, Y0)])
    result = estimate_capacity(sites, CONCEPTS, zoning, nature, with_layout=True)
    layouts = result.layouts
    assert set(layouts.columns) == {s.SITE_ID, s.CONCEPT, s.ELEMENT, s.HOMES, "geometry"}
    assert set(layouts[s.ELEMENT]) == {"gebouw", "kavel", "parkeren en groen"}
    geoms = sites.geometry.to_numpy()
    areas = BuildableAreas(
        geoms, site_pairs(geoms, Layer.of(nature.to_numpy()), plan_layers(zoning, geoms))
    )
    for concept in CONCEPTS:
        b = areas.for_concept(concept)
        mine = layouts[layouts[s.CONCEPT] == concept.name]
        at = pd.Index(sites[s.SITE_ID]).get_indexer(mine[s.SITE_ID])
        assert shapely.covers(shapely.buffer(b.area[at], 1e-5), mine.geometry.to_numpy()).all()
        body = (mine[s.ELEMENT] == "gebouw").to_numpy()
        bound = shapely.buffer(b.footprint_area[at[body]], 1e-5)
        inside = shapely.covers(bound, mine.geometry.to_numpy()[body])
        assert (inside | ~b.restricted[at[body]]).all()
        for _, group in mine[~body].groupby(s.SITE_ID):
            union = shapely.union_all(group.geometry.to_numpy())
            assert union.area == pytest.approx(group.area.sum(), abs=1e-3)  # no overlap
        homes = mine[body].groupby(s.SITE_ID)[s.HOMES].sum()
        table = result.table.set_index(s.SITE_ID)[f"homes_{concept.name}"]
        assert homes.sum() == table.sum() and (table[homes.index] == homes).all()
        area = mine[~body].groupby(s.SITE_ID).geometry.apply(lambda g: g.area.sum())
        assert (
            area <= shapely.area(b.area[pd.Index(sites[s.SITE_ID]).get_indexer(area.index)]) + 1e-3
        ).all()
    assert result.table[s.HOMES].gt(0).all()


def test_a_site_in_a_plan_with_bouwvlakken_elsewhere_has_no_homes_alone_or_with_others():
    # the plan's Bouwvlak lies on the first site only: the second may not be built on,
    # whether it is laid out alone or together with a site that has a Bouwvlak
    zoning = zoning_of(
        (s.ENKELBESTEMMING, "wonen", shapely.box(-50, -50, 400, 200)),
        (s.BOUWVLAK, None, shapely.box(10, 10, 90, 50)),
    )
    with_bouwvlak, without = shapely.box(0, 0, 100, 60), shapely.box(200, 0, 300, 60)
    rij = BY_NAME["rijwoning"]
    together = estimate_capacity(sites_of(with_bouwvlak, without), [rij], zoning).table
    alone = estimate_capacity(sites_of(without), [rij], zoning).table
    assert together["homes_rijwoning"].tolist()[1] == alone["homes_rijwoning"].tolist()[0] == 0
    assert together["homes_rijwoning"].tolist()[0] > 0
    assert together[s.REASON].tolist()[1] == alone[s.REASON].tolist()[0]
    assert alone[s.REASON].tolist()[0] == "geen bouwvlak voor rijwoning"


@st.composite
def nested_sites(draw):
    """A rectilinear site (rotated), a part of it, and an excluded box inside the part."""
    grid = st.integers(0, 30).map(lambda i: i * 5.0)
    size = st.integers(2, 30).map(lambda i: i * 5.0)
    boxes = [
        shapely.box(x, y, x + w, y + h)
        for x, y, w, h in draw(st.lists(st.tuples(grid, grid, size, size), min_size=1, max_size=2))
    ]
    site = shapely.union_all(boxes)
    x, y, w, h = draw(st.tuples(grid, grid, size, size))
    part = site.intersection(shapely.box(x, y, x + w, y + h))
    if part.area < 1:
        part = site
    x, y, w = draw(grid), draw(grid), draw(st.integers(1, 6).map(lambda i: i * 2.5))
    hole = shapely.box(x, y, x + w, y + draw(size))
    angle = draw(st.floats(0, 180))
    turn = lambda g: affinity.rotate(g, angle, origin=(0, 0))  # noqa: E731
    return turn(site), turn(part), turn(hole)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=nested_sites())
def test_capacity_never_grows_when_the_site_shrinks(case):
    site, part, hole = case
    sites = sites_of(site, part, part)
    excluded = gpd.GeoSeries([affinity.translate(hole, X0, Y0)])
    table = estimate_capacity(sites, CONCEPTS, threads=1).table
    cut = estimate_capacity(sites.iloc[[2]], CONCEPTS, exclusions=excluded, threads=1).table
    for concept in CONCEPTS:
        column = f"homes_{concept.name}"
        whole, smaller, holed = table[column].iloc[0], table[column].iloc[1], cut[column].iloc[0]
        assert smaller <= whole and holed <= smaller
        land = concept.land_per_home_m2
        assert whole <= site.area / land + 1e-6


def test_same_result_in_any_chunks_and_threads(monkeypatch):
    rng = np.random.default_rng(5)
    shapes = [
        affinity.rotate(shapely.box(x, y, x + w, y + h), a)
        for x, y, w, h, a in zip(
            rng.uniform(0, 5000, 40),
            rng.uniform(0, 5000, 40),
            rng.uniform(10, 150, 40),
            rng.uniform(10, 150, 40),
            rng.uniform(0, 90, 40),
            strict=True,
        )
    ]
    sites = sites_of(*shapes)
    one = estimate_capacity(sites, CONCEPTS, threads=1, with_layout=True)
    monkeypatch.setattr(capacity_module, "CHUNK_SIZE", 7)
    many = estimate_capacity(sites, CONCEPTS, threads=3, with_layout=True)
    pd.testing.assert_frame_equal(one.table, many.table)
    assert one.layouts.geometry.to_wkb().tolist() == many.layouts.geometry.to_wkb().tolist()
    assert one.table[s.HOMES].sum() > 100


def test_bad_sites_are_refused_or_repaired():
    with pytest.raises(InputError, match="no 'site_id' column"):
        estimate_capacity(gpd.GeoDataFrame(geometry=[shapely.box(0, 0, 1, 1)]), CONCEPTS)
    with pytest.raises(InputError, match="site_id 'A' is used for more than one site"):
        estimate_capacity(
            sites_of(shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3), ids=["A", "A"])
        )
    with pytest.raises(InputError, match="feature site_id B: has no polygon geometry"):
        estimate_capacity(sites_of(shapely.box(0, 0, 1, 1), shapely.Point(5, 5), ids=["A", "B"]))
    bowtie = shapely.Polygon([(0, 0), (100, 60), (100, 0), (0, 60)])
    left = shapely.Polygon([(0, 0), (50, 30), (0, 60)])
    triangles = shapely.MultiPolygon([left, affinity.scale(left, -1, 1, origin=(50, 0))])
    report = Report()
    table = estimate_capacity(sites_of(bowtie, triangles), CONCEPTS, report=report).table
    assert [str(n) for n in report.repairs] == [
        "sites: invalid site geometry made valid (GEOS make_valid) (1)"
    ]
    # the bow tie is read as its two triangles
    homes = table.drop(columns=[s.SITE_ID]).iloc[0].tolist()
    assert homes == table.drop(columns=[s.SITE_ID]).iloc[1].tolist()
    assert table[s.HOMES].tolist()[0] > 0
    touching = shapely.GeometryCollection(
        [shapely.box(0, 0, 100, 60), shapely.LineString([(0, 0), (0, -5)])]
    )
    report = Report()
    table = estimate_capacity(sites_of(touching), CONCEPTS, report=report).table
    assert table[s.HOMES].tolist() == [38]
    assert [str(n) for n in report.repairs] == [
        "sites: points and lines left out of site geometry (1)"
    ]


def test_exclusions_without_area_are_said():
    sites = sites_of(shapely.box(0, 0, 100, 60))
    pipeline = affinity.translate(shapely.LineString([(50, -10), (50, 70)]), X0, Y0)
    strip = affinity.translate(shapely.box(40, -10, 45, 70), X0, Y0)
    bowtie = affinity.translate(shapely.Polygon([(0, 0), (10, 6), (10, 0), (0, 6)]), X0, Y0)
    report = Report()
    table = estimate_capacity(
        sites, CONCEPTS, exclusions=gpd.GeoSeries([pipeline, strip, bowtie]), report=report
    ).table
    assert [str(n) for n in report.warnings] == [
        "exclusions: exclusions without area left out; give pipelines and the like as "
        "strips (polygons) of the width to keep free (1)"
    ]
    assert [str(n) for n in report.repairs] == [
        "exclusions: invalid polygons made valid (GEOS make_valid) (1)"
    ]
    assert table[s.HOMES].tolist()[0] < 38  # the strip splits the site


def test_other_crs_is_reprojected():
    box = shapely.box(0, 0, 100, 60)
    rd = sites_of(box)
    wgs = rd.to_crs("EPSG:4326")
    # the reprojected rectangle is not exact to the micrometre, but holds as many homes
    assert estimate_capacity(wgs, CONCEPTS).table[s.HOMES].tolist() == [38]


def test_no_sites_and_no_concepts():
    empty = gpd.GeoDataFrame({s.SITE_ID: []}, geometry=[], crs=s.RD_NEW)
    result = estimate_capacity(empty, CONCEPTS, with_layout=True)
    assert len(result.table) == 0 and "homes_rijwoning" in result.table.columns
    assert len(result.layouts) == 0
    with pytest.raises(InputError, match="no concepts"):
        estimate_capacity(sites_of(shapely.box(0, 0, 10, 10)), [])


def test_gieterveen_wonen_areas(shared_data):
    """The real plan's wonen areas as sites: with and without its Bouwvlakken."""
    plan = read_imro_plan(shared_data / GIETERVEEN, Report())
    zoning = gpd.GeoDataFrame(pd.concat(list(plan.values()), ignore_index=True), crs=s.RD_NEW)
    enkel = plan["Enkelbestemming"]
    wonen = enkel[enkel[s.HOOFDGROEP] == "wonen"].reset_index(drop=True)
    sites = gpd.GeoDataFrame(
        {s.SITE_ID: wonen[s.IDENTIFICATIE]}, geometry=wonen.geometry, crs=s.RD_NEW
    )
    assert len(sites) == 37
    shapes_only = estimate_capacity(sites, CONCEPTS).table
    in_plan = estimate_capacity(sites, CONCEPTS, zoning=zoning, with_layout=True)
    hectares = sites.area.to_numpy() / 10_000
    density = shapes_only["homes_rijwoning"] / hectares
    # village plots as new sites: terraced homes at the usual 15 to 45 homes per hectare
    assert 10 <= density.median() <= 60
    assert shapes_only[s.DENSITY].max() <= 150
    # within the plan, buildings must stand in the Bouwvlakken of existing houses
    table = in_plan.table
    for concept in CONCEPTS:
        column = f"homes_{concept.name}"
        assert table[column].sum() < shapes_only[column].sum()
    assert table["homes_rijwoning"].sum() > 0 and table["homes_appartementen"].sum() == 0
    assert table[s.REASON].str.contains("bouwvlak te klein", na=False).sum() >= 10
    buildings = in_plan.layouts[in_plan.layouts[s.ELEMENT] == "gebouw"]
    bouwvlak = shapely.union_all(plan["Bouwvlak"].geometry.to_numpy())
    assert shapely.covers(shapely.buffer(bouwvlak, 1e-5), buildings.geometry.to_numpy()).all()
