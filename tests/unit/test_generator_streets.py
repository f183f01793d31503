import numpy as np
import shapely

from bouwstroom_qgis.core.generator.cells import Cells, Kind
from bouwstroom_qgis.core.generator.features import local_boxes
from bouwstroom_qgis.core.generator.streets import BLOCK_DEPTH, Block, town_blocks


def test_blocks_keep_streets_between_them_and_depth_by_kind():
    n = 12
    kinds = np.array(
        [Kind.CORE, Kind.URBAN, Kind.SUBURB, Kind.INDUSTRY, Kind.GREEN, Kind.URBAN] * 2, np.int8
    )
    cells = Cells(n, 1, (0.0, 0.0), kinds, np.zeros(n, np.int32), np.arange(n) % 2 == 0)
    cells.set_margins([])
    blocks = town_blocks(cells, np.random.default_rng(6))
    boxes = local_boxes(cells, blocks.cell, blocks.u0, blocks.u1, blocks.v0, blocks.v1)
    assert shapely.is_valid(boxes).all()
    # Streets: no two blocks touch.
    near = shapely.STRtree(boxes).query(boxes, predicate="dwithin", distance=7.9)
    assert np.all(near[0] == near[1])
    depth = blocks.v1 - blocks.v0
    kept_kind = (blocks.kind != Block.GROOT) & (blocks.kind != Block.PARK)
    lo, hi = BLOCK_DEPTH[blocks.kind].T
    stretch = depth[kept_kind] / ((lo + hi) / 2)[kept_kind]
    assert np.all((stretch > 0.6) & (stretch < 1.5))
    assert np.all(
        blocks.kind[np.isin(blocks.cell, np.flatnonzero(kinds == Kind.INDUSTRY))] >= Block.GROOT
    )
