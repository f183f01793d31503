import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.generator.cells import CELL, Cells, Corridor, Kind
from bouwstroom_qgis.core.generator.parcels import (
    Plot,
    Strips,
    block_strips,
    corridor_parcels,
    cut_strips,
    rural_strips,
)
from bouwstroom_qgis.core.generator.streets import Block, town_blocks
from bouwstroom_qgis.core.generator.tables import parcel_geometry


def grid(kinds, transpose):
    n = len(kinds)
    cells = Cells(n, 1, (200_000.0, 550_000.0), np.array(kinds, np.int8),
                  np.where(np.array(kinds) >= Kind.CORE, 0, -1).astype(np.int32),
                  np.array(transpose, bool))  # fmt: skip
    cells.set_margins([])
    return cells


def test_plots_tile_a_strip_and_lean_without_overlap():
    cells = grid([Kind.URBAN], [False])
    strips = Strips(np.array([0]), np.array([0.0]), np.array([480.0]), np.array([0.0]),
                    np.array([30.0]), np.array([Plot.RIJ], np.int8), np.array([-1]))  # fmt: skip
    parcels = cut_strips(cells, strips, np.random.default_rng(1))
    geometry = parcel_geometry(parcels)
    assert shapely.is_valid(geometry).all()
    assert shapely.union_all(geometry).area == pytest.approx(480 * 30, rel=1e-9)
    assert shapely.area(geometry).sum() == pytest.approx(480 * 30, rel=1e-9)
    width = shapely.area(geometry) / 30
    assert 60 <= len(parcels) <= 90 and np.median(width) == pytest.approx(6.3, abs=0.5)
    leaning = np.abs(parcels.corners[:, 2, 0] - parcels.corners[:, 1, 0]) > 0.01
    assert leaning.mean() > 0.5  # most boundaries lean a little
    assert np.all(shapely.is_ccw(shapely.get_exterior_ring(geometry)))


def test_town_cell_blocks_and_plots_do_not_overlap_in_either_orientation():
    rng = np.random.default_rng(8)
    for transpose in (False, True):
        cells = grid([Kind.CORE, Kind.URBAN, Kind.SUBURB, Kind.INDUSTRY], [transpose] * 4)
        blocks = town_blocks(cells, rng)
        assert set(np.unique(blocks.kind)) >= {Block.RIJ, Block.BEDRIJF}
        parcels = cut_strips(cells, block_strips(blocks, rng), rng)
        geometry = parcel_geometry(parcels)
        assert shapely.is_valid(geometry).all()
        assert shapely.union_all(geometry).area == pytest.approx(
            shapely.area(geometry).sum(), rel=1e-9
        )
        # Streets stay open: plots cover 60 to 90 per cent of the cells.
        cover = shapely.area(geometry).sum() / (4 * CELL * CELL)
        assert 0.6 < cover < 0.9
        inner = shapely.box(*cells.inner().T)
        assert shapely.covers(shapely.union_all(inner), geometry).all()


def test_fields_and_ribbons():
    rng = np.random.default_rng(2)
    cells = grid([Kind.FARM, Kind.RIBBON, Kind.NATURE], [False, True, False])
    parcels = cut_strips(cells, rural_strips(cells), rng)
    geometry = parcel_geometry(parcels)
    area = shapely.area(geometry)
    fields = area[parcels.plot == Plot.AKKER]
    assert fields.min() > 15_000 and fields.max() < 250_000
    houses = area[parcels.plot == Plot.LINT]
    assert houses.size >= 20 and np.median(houses) < 3000
    assert shapely.union_all(geometry).area == pytest.approx(area.sum(), rel=1e-9)


def test_corridor_parcels_fill_the_gap_between_cells():
    side = 4
    cells = Cells(side, side, (0.0, 0.0), np.zeros(side * side, np.int8),
                  np.full(side * side, -1, np.int32), np.zeros(side * side, bool))  # fmt: skip
    corridors = [
        Corridor("spoor", "spoor", "y", 2, 1000.0, 30.0),
        Corridor("weg", "weg", "x", 1, 500.0, 60.0),
    ]
    cells.set_margins(corridors)
    order = np.arange(side * side)
    parcels = corridor_parcels(cells, corridors, order)
    geometry = parcel_geometry(parcels)
    assert len(parcels) == 2 * side
    assert shapely.union_all(geometry).area == pytest.approx(shapely.area(geometry).sum())
    inner = shapely.union_all(shapely.box(*cells.inner().T))
    assert shapely.intersection(inner, shapely.union_all(geometry)).area == pytest.approx(
        0.0, abs=1e-6
    )
    # Each corridor parcel belongs to the later-filled cell beside its line.
    assert np.all(parcels.cell[:side] == 2 * side + np.arange(side))
    assert np.all(parcels.cell[side:] % side == 1)
