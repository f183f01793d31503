import numpy as np
import pytest

from bouwstroom_qgis.core.generator.cells import Cells, Kind
from bouwstroom_qgis.core.generator.settlements import (
    Settlements,
    assign_town_kinds,
    claim_cells,
    place_centres,
    settlement_sizes,
    town_kind_sequence,
)


@pytest.mark.parametrize("total", [1, 5, 7, 40, 1500])
def test_sizes_sum_to_the_town_cells_largest_first(total):
    sizes = settlement_sizes(total, np.random.default_rng(total))
    assert sizes.sum() == total
    assert np.all(np.diff(sizes) <= 0) and sizes.min() >= 1
    if total > 6:
        assert sizes[0] >= 4


def test_a_large_region_has_a_few_towns_and_many_villages():
    for seed in range(4):
        sizes = settlement_sizes(1500, np.random.default_rng(seed))
        assert sizes[0] >= 50  # a town
        assert 100 <= sizes.size <= 400
        assert np.mean(sizes <= 3) > 0.4  # mostly villages
        assert sizes[0] <= 150  # capped at a tenth of all town cells


def test_kind_sequence_runs_from_core_to_estate():
    kinds = town_kind_sequence(30, np.random.default_rng(1))
    assert kinds.size == 30
    counts = np.bincount(kinds, minlength=8)
    assert counts[Kind.CORE] == 2 and counts[Kind.INDUSTRY] == 3 and counts[Kind.GREEN] == 2
    assert kinds[0] == Kind.CORE and kinds[-1] == Kind.INDUSTRY
    assert town_kind_sequence(1, np.random.default_rng(1)).tolist() == [Kind.CORE]


def test_claimed_settlements_are_compact_and_disjoint():
    rng = np.random.default_rng(5)
    side = 30
    cells = Cells(side, side, (0.0, 0.0), np.zeros(side * side, np.int8),
                  np.full(side * side, -1, np.int32), np.zeros(side * side, bool))  # fmt: skip
    sizes = np.array([40, 12, 3, 1])
    col, row = place_centres(sizes, (15.0, 15.0), 12.0, rng)
    towns = Settlements(sizes, col, row, ["A", "B", "C", "D"])
    claim_cells(cells, towns, rng)
    assign_town_kinds(cells, towns, rng)
    assert np.bincount(cells.settlement[cells.settlement >= 0]).tolist() == sizes.tolist()
    members = cells.settlement == 0
    spread = np.hypot(cells.col[members] + 0.5 - col[0], cells.row[members] + 0.5 - row[0])
    assert spread.max() < 2.2 * np.sqrt(40 / np.pi) + 1
    assert np.all(cells.kind[members] >= Kind.CORE) and np.all(
        cells.kind[~(cells.settlement >= 0)] == Kind.FARM
    )
