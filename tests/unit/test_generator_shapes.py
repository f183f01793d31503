import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.generator.shapes import band, blobs


def test_blobs_are_valid_irregular_and_about_the_asked_size():
    rng = np.random.default_rng(4)
    radius = np.array([300.0, 1000.0, 2500.0])
    shapes = blobs([0, 10_000, 20_000], [0, 0, 0], radius, rng, roughness=0.3)
    assert shapely.is_valid(shapes).all()
    ratio = shapely.area(shapes) / (np.pi * radius**2)
    assert np.all((ratio > 0.8) & (ratio < 1.3))
    # Irregular: far from a circle of the same area.
    circle = shapely.buffer(shapely.centroid(shapes), np.sqrt(shapely.area(shapes) / np.pi))
    assert np.all(
        shapely.area(shapely.symmetric_difference(shapes, circle)) > 0.05 * shapely.area(shapes)
    )


def test_band_follows_the_line_within_its_widths():
    shape = band(1000.0, 0.0, 5000.0, (200.0, 800.0), np.random.default_rng(2), axis="x")
    assert shape.is_valid
    xmin, ymin, xmax, ymax = shape.bounds
    assert (ymin, ymax) == (0.0, 5000.0)
    assert xmin >= 200 and xmax <= 1800
    middle = shapely.intersection(shape, shapely.box(0, 2000, 3000, 2100))
    assert middle.area / 100 == pytest.approx(middle.bounds[2] - middle.bounds[0], rel=0.2)
    turned = band(1000.0, 0.0, 5000.0, (200.0, 800.0), np.random.default_rng(2), axis="y")
    tx0, ty0, tx1, ty1 = turned.bounds
    assert (tx0, tx1) == (0.0, 5000.0) and ty0 >= 200 and ty1 <= 1800
