import numpy as np
import pytest

from bouwstroom_qgis.core.generator.assemble import _all_parcels
from bouwstroom_qgis.core.generator.brk import cadastral_keys, first_parcels


@pytest.fixture(scope="module")
def built():
    return _all_parcels(3000, 4)


def test_keys_are_unique_and_numbered_upwards(built):
    region, parcels, _, _ = built
    keys = cadastral_keys(parcels, region, np.random.default_rng(0))
    text = keys.aanduiding()
    assert len(set(text)) == len(parcels) == 3000
    steps = []
    for akr, sectie in {(a, s) for a, s in zip(keys.akr, keys.sectie, strict=True)}:
        numbers = keys.nummer[(keys.akr == akr) & (keys.sectie == sectie)]
        assert np.all(np.diff(numbers) > 0) and numbers.min() >= 1
        steps.append(np.diff(numbers))
    # Gaps like real numbering, but mostly consecutive.
    assert np.mean(np.concatenate(steps) == 1) == pytest.approx(0.75, abs=0.05)
    assert len(set(keys.sectie)) >= 4


def test_first_parcels_fill_cells_in_order_and_refuse_too_many(built):
    region, parcels, _, _ = built
    fewer = first_parcels(parcels, region, 1000)
    assert len(fewer) == 1000
    rank = region.order[fewer.cell]
    assert np.all(np.diff(rank) >= 0)
    # Every cell before the last one used is taken whole.
    whole = region.order[parcels.cell] < rank.max()
    assert 0 < whole.sum() <= 1000
    assert np.bincount(fewer.cell, minlength=region.cells.size)[parcels.cell[whole]].tolist() == (
        np.bincount(parcels.cell, minlength=region.cells.size)[parcels.cell[whole]].tolist()
    )
    with pytest.raises(ValueError, match="asked for"):
        first_parcels(fewer, region, 1001)
