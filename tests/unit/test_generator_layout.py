import numpy as np
import pytest

from bouwstroom_qgis.core.generator.cells import CELL, EXPECTED_PARCELS, Kind
from bouwstroom_qgis.core.generator.layout import plan_region


@pytest.fixture(scope="module")
def region():
    return plan_region(60_000, 3, np.random.default_rng(3))


def test_grid_is_centred_in_the_north(region):
    cells = region.cells
    cx = cells.origin[0] + cells.n_cols * CELL / 2
    cy = cells.origin[1] + cells.n_rows * CELL / 2
    assert abs(cx - 235_000) <= 100 and abs(cy - 560_000) <= 100


def test_expected_parcels_leave_spare_farmland(region):
    expected = EXPECTED_PARCELS[region.cells.kind].sum()
    assert 1.2 * 60_000 < expected < 4 * 60_000
    kinds = np.bincount(region.cells.kind, minlength=8)
    assert kinds[Kind.RIBBON] > 0 and kinds[Kind.NATURE] > 0 and kinds[Kind.INDUSTRY] > 0


def test_corridors_run_on_distinct_grid_lines(region):
    rail, road, canal = region.corridors
    assert (rail.kind, road.kind, canal.kind) == ("spoor", "weg", "water")
    assert rail.axis == "y" and road.axis == canal.axis == "x"
    assert abs(road.boundary - canal.boundary) >= 2
    # The railway runs through the main town.
    town = region.cells.settlement == 0
    assert np.any(town & (region.cells.row == rail.boundary))


def test_some_cells_have_no_plan_and_each_plan_has_a_municipality(region):
    expected = EXPECTED_PARCELS[region.cells.kind]
    unplanned = expected[region.plan < 0].sum()
    assert 0.01 * 60_000 < unplanned <= 0.031 * 60_000
    assert len(set(region.plans.plan_id)) == len(region.plans.plan_id)
    assert set(region.plans.municipality) == set(range(len(region.municipalities)))
    assert len(region.municipalities) == 3


def test_order_is_a_permutation_from_the_centre_out(region):
    order = region.order
    assert np.array_equal(np.sort(order), np.arange(order.size))
    cells = region.cells
    distance = np.hypot(cells.col - cells.n_cols / 2, cells.row - cells.n_rows / 2)
    assert np.corrcoef(order, distance)[0, 1] > 0.9
