"""Zoning that lies over the main uses: double uses, area designations, building envelopes.

- Dubbelbestemming: a gas pipeline strip ('Leiding - Gas'), archaeology in old village
  cores and on the old fields beside villages ('Waarde - Archeologie') and the dikes
  along the canal ('Waterstaat - Waterkering').
- Gebiedsaanduiding: noise zones round each industrial estate and along the motorway
  ('geluidzone - industrie', 'geluidzone - weg'), safety circles round hazardous firms
  and a safety zone along the pipeline ('veiligheidszone - bevi', '... - leiding').
- Bouwvlak and Bouwaanduiding: where residential blocks may be built on, and how
  ('gestapeld', 'vrijstaand', 'twee-aaneen', 'aaneengebouwd').
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.cells import CELL, Kind
from bouwstroom_qgis.core.generator.features import (
    Features,
    clip_to_plans,
    local_boxes,
)
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.shapes import blobs
from bouwstroom_qgis.core.generator.streets import Block, Blocks
from bouwstroom_qgis.core.schema import (
    BOUWAANDUIDING,
    BOUWVLAK,
    DEFAULT_RESIDENTIAL_GROUPS,
    DUBBELBESTEMMING,
    ENKELBESTEMMING_GROUPS,
    GEBIEDSAANDUIDING,
)

PIPELINE_HALF_WIDTH = 6.0  # the protected strip either side of a gas pipeline, metres
DIKE_WIDTH = 25.0  # the protected dike strip on each bank of the canal, metres
INDUSTRY_NOISE = 300.0  # reach of an industrial estate's noise zone, metres
BEVI_RADIUS = 150.0  # safety circle round a hazardous firm, metres
ROAD_NOISE = 250.0  # reach of the motorway's noise zone either side, metres
PIPELINE_SAFETY = 40.0  # safety zone either side of the gas pipeline, metres
# Building envelope per block kind (RIJ, TWEE, VRIJ, KERN): setback and depth ranges (m)
# and the building designation most blocks of that kind carry, with its share.
ENVELOPE = {
    Block.RIJ: ((3.0, 6.0), (10.0, 12.0), "aaneengebouwd", 0.3),
    Block.TWEE: ((4.0, 6.0), (10.0, 14.0), "twee-aaneen", 0.7),
    Block.VRIJ: ((5.0, 8.0), (12.0, 16.0), "vrijstaand", 0.7),
    Block.KERN: ((0.0, 2.0), (14.0, 20.0), "gestapeld", 0.6),
}


def pipeline(region: Region, rng: np.random.Generator) -> shapely.LineString:
    """A gas transport pipeline crossing the region from west to east in a few bends."""
    cells = region.cells
    ox, oy = cells.origin
    width, height = cells.n_cols * CELL, cells.n_rows * CELL
    x = ox + np.array([0.0, 0.3, 0.65, 1.0]) * width
    y = oy + height * (0.5 + rng.uniform(-0.3, 0.3, 4))
    return shapely.LineString(np.round(np.column_stack((x, y)), 2))


def industrial_estates(
    region: Region, kept: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.object_], npt.NDArray[np.int64]]:
    """One outline per settlement with an industrial estate, and that settlement's index."""
    cells = region.cells
    index = np.flatnonzero(kept & (cells.kind == Kind.INDUSTRY))
    if index.size == 0:
        return np.array([], dtype=object), np.array([], dtype=np.int64)
    town = cells.settlement[index]
    boxes = shapely.box(*cells.inner()[index].T)
    order = np.argsort(town, kind="stable")
    present, start = np.unique(town[order], return_index=True)
    outlines = [
        shapely.union_all(part, grid_size=0.01) for part in np.split(boxes[order], start[1:])
    ]
    return np.array(outlines, dtype=object), present.astype(np.int64)


def dubbelbestemmingen(
    region: Region,
    kept: npt.NDArray[np.bool_],
    areas: npt.NDArray[np.object_],
    area_plan: npt.NDArray[np.int64],
    pipe: shapely.LineString,
    rng: np.random.Generator,
) -> Features:
    cells = region.cells
    strip = shapely.buffer(pipe, PIPELINE_HALF_WIDTH, cap_style="flat")
    # Archaeology: the old core of every village, and the old fields ('essen') beside some.
    core = np.flatnonzero(kept & (cells.kind == Kind.CORE))
    cx, cy = cells.centre()
    ox, oy = cells.origin
    towns = region.towns
    has_field = rng.random(len(towns)) < 0.4
    angle = rng.uniform(0, 2 * np.pi, len(towns))
    reach = np.sqrt(towns.size / np.pi) * CELL + 250
    fx = ox + towns.col * CELL + reach * np.cos(angle)
    fy = oy + towns.row * CELL + reach * np.sin(angle)
    old = blobs(
        np.concatenate((cx[core], fx[has_field])),
        np.concatenate((cy[core], fy[has_field])),
        np.concatenate(
            (rng.uniform(150, 300, core.size), rng.uniform(300, 600, int(has_field.sum())))
        ),
        rng,
    )
    archaeology = shapely.get_parts(shapely.union_all(old))
    canal = next(c for c in region.corridors if c.kind == "water")
    half = canal.width / 2
    y0, y1 = oy, oy + cells.n_rows * CELL
    dikes = shapely.box(
        [canal.position - half - DIKE_WIDTH, canal.position + half],
        [y0, y0],
        [canal.position - half, canal.position + half + DIKE_WIDTH],
        [y1, y1],
    )
    shapes = np.concatenate(([strip], archaeology, dikes))
    kind = np.concatenate(([0], np.ones(archaeology.size, int), np.full(dikes.size, 2)))
    pieces, source, plan = clip_to_plans(shapes, areas, area_plan)
    groups = np.array(["leiding", "waarde", "waterstaat"], dtype=object)
    names = np.array(
        ["Leiding - Gas", "Waarde - Archeologie", "Waterstaat - Waterkering"], dtype=object
    )
    return Features.of(pieces, DUBBELBESTEMMING, groups[kind[source]], names[kind[source]], plan)


def gebiedsaanduidingen(
    region: Region,
    kept: npt.NDArray[np.bool_],
    areas: npt.NDArray[np.object_],
    area_plan: npt.NDArray[np.int64],
    pipe: shapely.LineString,
    rng: np.random.Generator,
) -> Features:
    """Noise zones round industrial estates and along the motorway, safety zones round
    hazardous firms and along the gas pipeline."""
    estates, _ = industrial_estates(region, kept)
    industry = shapely.buffer(estates, INDUSTRY_NOISE, quad_segs=8)
    road = next(c for c in region.corridors if c.kind == "weg")
    cells = region.cells
    y0, y1 = cells.origin[1], cells.origin[1] + cells.n_rows * CELL
    motorway = shapely.box(road.position - ROAD_NOISE, y0, road.position + ROAD_NOISE, y1)
    pipeline_zone = shapely.buffer(pipe, PIPELINE_SAFETY, cap_style="flat")
    index = np.flatnonzero(kept & (cells.kind == Kind.INDUSTRY))
    index = index[rng.random(index.size) < 0.5]
    inner = cells.inner()[index]
    px = rng.uniform(inner[:, 0] + 50, inner[:, 2] - 50)
    py = rng.uniform(inner[:, 1] + 50, inner[:, 3] - 50)
    points = shapely.points(np.round(px, 1), np.round(py, 1))
    circles = shapely.buffer(points, BEVI_RADIUS, quad_segs=16)
    shapes = np.concatenate((industry, [motorway], circles, [pipeline_zone]))
    kind = np.concatenate((np.zeros(industry.size, int), [1], np.full(circles.size, 2), [3]))
    pieces, source, plan = clip_to_plans(shapes, areas, area_plan)
    groups = np.array(
        ["geluidzone", "geluidzone", "veiligheidszone", "veiligheidszone"], dtype=object
    )
    names = np.array(
        [
            "geluidzone - industrie",
            "geluidzone - weg",
            "veiligheidszone - bevi",
            "veiligheidszone - leiding",
        ],
        dtype=object,
    )
    return Features.of(pieces, GEBIEDSAANDUIDING, groups[kind[source]], names[kind[source]], plan)


def building_envelopes(
    region: Region,
    blocks: Blocks,
    parts: dict[str, npt.NDArray],
    rng: np.random.Generator,
) -> tuple[Features, Features]:
    """Bouwvlakken in residential blocks and the Bouwaanduidingen on some of them.

    ``parts`` gives per block the extent and use of its main Enkelbestemming (see
    ``zoning.block_zoning``); envelopes stay inside it.
    """
    block = parts["block"]
    kind = blocks.kind[block]
    residential_codes = [ENKELBESTEMMING_GROUPS.index(g) for g in DEFAULT_RESIDENTIAL_GROUPS]
    residential = np.isin(parts["group"], residential_codes) & (kind <= Block.KERN)
    chosen = np.flatnonzero(residential)
    b = block[chosen]
    k = kind[chosen]
    table = np.array([[*ENVELOPE[Block(i)][0], *ENVELOPE[Block(i)][1]] for i in range(4)])
    setback = rng.uniform(table[k, 0], table[k, 1])
    depth = rng.uniform(table[k, 2], table[k, 3])
    u0 = parts["u0"][chosen] + 2.0
    u1 = parts["u1"][chosen] - 2.0
    v0, v1 = blocks.v0[b], blocks.v1[b]
    cell = blocks.cell[b]
    front = local_boxes(region.cells, cell, u0, u1, v0 + setback, v0 + setback + depth)
    back = local_boxes(region.cells, cell, u0, u1, v1 - setback - depth, v1 - setback)
    envelope = np.concatenate((front, back))
    plan = np.tile(parts["plan"][chosen], 2)
    which = np.tile(k, 2)
    bouwvlak = Features.of(envelope, BOUWVLAK, None, "bouwvlak", plan)
    designation = np.array([ENVELOPE[Block(i)][2] for i in range(4)], dtype=object)[which]
    share = np.array([ENVELOPE[Block(i)][3] for i in range(4)])[which]
    marked = np.repeat(rng.random(chosen.size), 2) < share  # both rows of a block alike
    aanduiding = Features.of(
        envelope[marked], BOUWAANDUIDING, designation[marked], designation[marked], plan[marked]
    )
    return bouwvlak, aanduiding
