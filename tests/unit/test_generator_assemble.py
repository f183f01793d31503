import numpy as np
import pytest

from bouwstroom_qgis.core.generator.assemble import FILES, _all_parcels
from bouwstroom_qgis.core.generator.cells import Kind


@pytest.mark.parametrize(("n", "seed"), [(1000, 3), (2000, 5), (5000, 7), (20_000, 1)])
def test_exact_count_with_villages_and_farmland(n, seed):
    region, parcels, _, _ = _all_parcels(n, seed)
    assert len(parcels) == n
    cells = region.cells
    kind = cells.kind[parcels.cell]
    town_share = np.isin(
        kind, [Kind.CORE, Kind.URBAN, Kind.SUBURB, Kind.INDUSTRY, Kind.GREEN]
    ).mean()
    assert 0.4 < town_share < 0.94
    assert (kind == Kind.FARM).sum() >= 0.03 * n  # farmland round the villages


def test_every_file_has_a_distinct_name():
    assert len(set(FILES.values())) == len(FILES) == 11
