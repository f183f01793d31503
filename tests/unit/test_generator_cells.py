import numpy as np
import pytest

from bouwstroom_qgis.core.generator.cells import CELL, Cells, Corridor, Kind, local_frame, to_world


@pytest.fixture
def cells():
    kinds = np.array([Kind.FARM, Kind.URBAN, Kind.INDUSTRY, Kind.RIBBON], np.int8)
    c = Cells(2, 2, (1000.0, 2000.0), kinds, np.array([-1, 0, 0, -1], np.int32),
              np.array([False, True, False, True]))  # fmt: skip
    c.set_margins([Corridor("spoor", "spoor", "y", 1, 2500.0, 30.0)])
    return c


def test_margins_follow_kind_and_corridors(cells):
    assert cells.margin[0].tolist() == [2.0, 2.0, 2.0, 15.0]  # farm, railway to the north
    assert cells.margin[1].tolist() == [6.0, 6.0, 6.0, 15.0]
    assert cells.margin[2].tolist() == [8.0, 8.0, 15.0, 8.0]  # estate, railway to the south
    zoned = cells.zoned([Corridor("spoor", "spoor", "y", 1, 2500.0, 30.0)])
    assert zoned[0].tolist() == [1000.0, 2000.0, 1000.0 + CELL, 2500.0 - 15.0]
    assert zoned[2].tolist() == [1000.0, 2500.0 + 15.0, 1500.0, 3000.0]


def test_local_frame_round_trips_in_both_orientations(cells):
    index = np.arange(4)
    lu, lv = local_frame(cells, index)
    inner = cells.inner()
    x, y = to_world(cells, index, np.zeros(4), np.zeros(4))
    assert np.allclose(x, inner[:, 0]) and np.allclose(y, inner[:, 1])
    x, y = to_world(cells, index, lu, lv)
    assert np.allclose(x, inner[:, 2]) and np.allclose(y, inner[:, 3])
    # In a transposed cell u runs north.
    assert lu[1] == pytest.approx(inner[1, 3] - inner[1, 1])
    corner_u = np.array([[0.0, 10.0]] * 4)
    x, y = to_world(cells, index, corner_u, np.zeros((4, 2)))
    assert np.allclose(np.diff(y, axis=1)[[1, 3]], 10.0) and np.allclose(
        np.diff(x, axis=1)[[0, 2]], 10.0
    )
