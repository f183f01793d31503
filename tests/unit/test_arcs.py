"""Arc geometry from GML control points and the step angle that bounds chord deviation."""

from __future__ import annotations

import math

import numpy as np
import pyogrio
import pytest

from bouwstroom_qgis.core.io.arcs import (
    ARC_TOLERANCE_M,
    GENERIC_STEP_DEG,
    MAX_STEP_DEG,
    MIN_STEP_DEG,
    arc_step_degrees,
    circle_arcs,
    count_unchecked,
    file_step,
    find_arcs,
    linearised,
    step_for,
)
from bouwstroom_qgis.core.report import Report


def on_circle(cx: float, cy: float, r: float, *degrees: float) -> np.ndarray:
    t = np.radians(degrees)
    return np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], axis=1)


def test_radius_and_swept_angle_in_rd_coordinates():
    triples = np.stack(
        [
            on_circle(250000, 560000, 1.5, 0, 45, 90),  # a quarter, counter-clockwise
            on_circle(250000, 560000, 1.5, 90, 45, 0),  # the same, clockwise
            on_circle(250000, 560000, 800, 0, 135, 270),  # three quarters
            on_circle(250000, 560000, 20, 10, 200, 350),  # the long way round, 340°
        ]
    )
    arcs = circle_arcs(triples, np.zeros(4, dtype=bool))
    assert arcs.radius == pytest.approx([1.5, 1.5, 800, 20], rel=1e-9)
    assert np.degrees(arcs.angle) == pytest.approx([90, 90, 270, 340], abs=1e-6)
    assert arcs.length == pytest.approx(
        [1.5 * math.pi / 2] * 2 + [1200 * math.pi, 20 * math.radians(340)]
    )


def test_collinear_points_are_straight():
    triples = np.array([[[250000.0, 560000.0], [250010.0, 560010.0], [250020.0, 560020.0]]])
    arcs = circle_arcs(triples, np.array([False]))
    assert np.isinf(arcs.radius[0])
    assert arcs.chord_deviation()[0] == 0.0
    assert arcs.length[0] == 0.0


def test_chord_deviation_is_the_sagitta():
    arcs = circle_arcs(on_circle(0, 0, 100, 0, 45, 90)[None], np.array([False]))
    assert arcs.chord_deviation()[0] == pytest.approx(100 * (1 - math.cos(math.radians(45))))
    assert arcs.chord_deviation(2.0)[0] == pytest.approx(100 * (1 - math.cos(math.radians(1))))


def test_find_arcs_reads_arcs_arcstrings_circles_and_3d_positions():
    document = b"""<gml:Ring><gml:curveMember><gml:Curve><gml:segments>
    <gml:Arc><gml:posList>10 0 0 10 -10 0</gml:posList></gml:Arc>
    <gml:LineStringSegment><gml:posList>-10 0 10 0</gml:posList></gml:LineStringSegment>
    </gml:segments></gml:Curve></gml:curveMember></gml:Ring>
    <gml:ArcString><gml:posList srsDimension="3">5 0 1 0 5 1 -5 0 1 0 -5 1 5 0 1</gml:posList>
    </gml:ArcString>
    <gml:Circle><gml:pos>200 0</gml:pos><gml:pos>0 200</gml:pos><gml:pos>-200 0</gml:pos>
    </gml:Circle>
    """
    arcs = find_arcs(document)
    assert arcs.radius == pytest.approx([10, 5, 5, 200])
    assert np.degrees(arcs.angle) == pytest.approx([180, 180, 180, 360])


def test_step_bounds_every_arc_that_bends():
    arcs = circle_arcs(
        np.stack([on_circle(0, 0, r, 0, 30, 60) for r in (2.0, 150.0, 2000.0)]), np.zeros(3, bool)
    )
    step = arc_step_degrees(arcs)
    assert arcs.chord_deviation(step).max() <= ARC_TOLERANCE_M
    # the 2 km arc decides: 2·acos(1 − 0.01/2000) = 0.3624°, rounded down
    assert step == pytest.approx(0.362)
    assert arcs.chord_deviation(step + 0.01).max() > ARC_TOLERANCE_M


def test_step_limits():
    flat = circle_arcs(on_circle(0, 0, 1000.0, 0, 0.1, 0.2)[None], np.array([False]))
    assert flat.chord_deviation()[0] < ARC_TOLERANCE_M  # a single chord will do
    assert arc_step_degrees(flat) == MAX_STEP_DEG
    huge = circle_arcs(on_circle(0, 0, 1e6, 0, 1, 2)[None], np.array([False]))
    assert arc_step_degrees(huge) == MIN_STEP_DEG
    assert huge.chord_deviation(MIN_STEP_DEG)[0] == pytest.approx(0.38, abs=0.01)
    assert arc_step_degrees(find_arcs(b"<no arcs/>")) == MAX_STEP_DEG


def test_real_plans_steps(shared_data):
    steps = {
        name: arc_step_degrees(find_arcs((shared_data / "imro" / name).read_bytes()))
        for name in ("2006.gml", "2012_10.gml", "NL.IMRO.1680.1800030105-0000.gml")
    }
    # 2006.gml has an arc of 8.9 km radius; Gieterveen's largest is 10 m
    assert steps == {
        "2006.gml": 0.171,
        "2012_10.gml": 0.503,
        "NL.IMRO.1680.1800030105-0000.gml": 4.0,
    }


def test_limits_of_the_bound_are_reported_not_claimed():
    flat = circle_arcs(on_circle(0, 0, 1e6, 0, 1, 2)[None], np.array([False]))
    report = Report()
    assert step_for(flat, 2, report, "plan.gml") == MIN_STEP_DEG
    assert [str(n) for n in report.warnings] == [
        "plan.gml: arcs so flat that their chords stay up to 0.381 m from the arc (1)",
        "plan.gml: arcs by centre point or bulge linearised without a checked tolerance (2)",
    ]
    report = Report()
    bends = circle_arcs(on_circle(0, 0, 150.0, 0, 30, 60)[None], np.array([False]))
    assert step_for(bends, 0, report, "plan.gml") == pytest.approx(1.323)
    assert report.lines() == []


def test_unchecked_curves_are_counted():
    document = b"""<gml:segments><gml:ArcByCenterPoint numArc="1"/><gml:CircleByCenterPoint/>
    <gml:ArcByBulge/><gml:Arc><gml:posList>10 0 0 10 -10 0</gml:posList></gml:Arc>
    </gml:segments>"""
    assert count_unchecked(document) == 3
    assert len(find_arcs(document).radius) == 1


def test_file_step_per_format(shared_data, tmp_path):
    imro = shared_data / "imro"
    assert file_step(imro / "2012_10.gml", Report(), "x") == 0.503  # its own arcs decide
    gpkg = shared_data / "context" / "natura2000_north.gpkg"
    assert file_step(gpkg, Report(), "x") == GENERIC_STEP_DEG  # cannot be inspected
    empty = tmp_path / "leeg.gml"
    empty.write_bytes(b"")
    assert file_step(empty, Report(), "x") == GENERIC_STEP_DEG
    # 0.5° keeps a chord within the tolerance up to a radius of 1 km
    assert 1000.0 * (1 - math.cos(math.radians(GENERIC_STEP_DEG / 2))) <= ARC_TOLERANCE_M


def test_linearised_sets_and_restores_the_step():
    before = pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE")
    with linearised(0.1714):
        assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") == "0.171"
    assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") == before
