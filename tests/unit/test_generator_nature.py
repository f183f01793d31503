import numpy as np
import shapely

from bouwstroom_qgis.core.generator.cells import Kind
from bouwstroom_qgis.core.generator.layout import plan_region


def test_nature_areas_are_large_irregular_and_one_lies_beside_a_village():
    region = plan_region(200_000, 6, np.random.default_rng(6))
    areas = region.nature
    assert 2 <= areas.size <= 10 and len(set(region.nature_names)) == areas.size
    assert shapely.is_valid(areas).all()
    assert shapely.area(areas).min() > 1e6  # over 100 ha each
    cells = region.cells
    cx, cy = cells.centre()
    town = shapely.points(cx[cells.is_town], cy[cells.is_town])
    distance = shapely.distance(areas[:, None], town[None, :]).min(axis=1)
    assert distance[0] < 1500  # the first lies just beyond a village edge
    assert np.all(distance[1:] > 400)  # the others keep away from villages
    inside = np.zeros(cells.size, bool)
    for area in areas:
        inside |= shapely.contains_xy(area, cx, cy)
    assert np.all(cells.kind[inside & ~cells.is_town] != Kind.FARM)
    assert (cells.kind == Kind.NATURE).sum() == (
        inside & ~cells.is_town & (cells.kind != Kind.RIBBON)
    ).sum()
