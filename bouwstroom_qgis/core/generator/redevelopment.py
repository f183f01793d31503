"""Second plans: redevelopment areas with a newer plan in preparation.

In a few villages an old industrial site or a piece of the core is being
redeveloped for housing. A new plan (voorontwerp or ontwerp) covers a handful of
blocks and zones them for housing, while the adopted plan there still says
'bedrijf' or 'centrum': the engine has to choose which status wins.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.admin import plan_code
from bouwstroom_qgis.core.generator.cells import Kind
from bouwstroom_qgis.core.generator.features import Features, concat_features, local_boxes
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.streets import Blocks
from bouwstroom_qgis.core.schema import BESTEMMINGSPLANGEBIED, ENKELBESTEMMING

NEW_USES = (("woongebied", "Woongebied"), ("wonen", "Wonen"), ("gemengd", "Gemengd"))
NEW_USE_SHARE = np.array([0.5, 0.3, 0.2])


@dataclass(frozen=True)
class ExtraPlans:
    """The redevelopment plans: ids, names, status and municipality, in plan-index order."""

    first_index: int
    plan_id: list[str]
    name: list[str]
    status: list[str]
    municipality: list[int]

    def then(self, other: ExtraPlans) -> ExtraPlans:
        """These plans followed by ``other``, which must be numbered on from these."""
        assert other.first_index == self.first_index + len(self.plan_id)
        return ExtraPlans(
            self.first_index,
            self.plan_id + other.plan_id,
            self.name + other.name,
            self.status + other.status,
            self.municipality + other.municipality,
        )


def redevelopment(
    region: Region, blocks: Blocks, kept: npt.NDArray[np.bool_], rng: np.random.Generator
) -> tuple[Features, ExtraPlans]:
    """Enkelbestemmingen and plan outlines of the redevelopment plans.

    One plan per about eight villages with a core or an industrial estate, at least one.
    """
    cells = region.cells
    first = len(region.plans.plan_id)
    candidates = np.flatnonzero(
        kept & (region.plan >= 0) & np.isin(cells.kind, (Kind.INDUSTRY, Kind.CORE))
    )
    towns_with = np.unique(cells.settlement[candidates])
    count = min(candidates.size, max(1, round(towns_with.size / 8)))
    chosen = np.sort(rng.choice(candidates, size=count, replace=False)) if count else candidates
    parts: list[Features] = []
    ids, names, statuses, owners = [], [], [], []
    taken: dict[int, set[str]] = {}
    for number, cell in enumerate(chosen):
        plan = first + number
        in_cell = np.flatnonzero(blocks.cell == cell)
        mid_u = (blocks.u0[in_cell] + blocks.u1[in_cell]) / 2
        mid_v = (blocks.v0[in_cell] + blocks.v1[in_cell]) / 2
        anchor = int(rng.integers(in_cell.size))
        reach = rng.uniform(150, 250)
        near = (np.abs(mid_u - mid_u[anchor]) < reach) & (np.abs(mid_v - mid_v[anchor]) < reach)
        picked = in_cell[near]
        boxes = local_boxes(
            cells,
            blocks.cell[picked],
            blocks.u0[picked],
            blocks.u1[picked],
            blocks.v0[picked],
            blocks.v1[picked],
        )
        outline = shapely.box(*shapely.total_bounds(boxes))
        use = rng.choice(len(NEW_USES), size=picked.size, p=NEW_USE_SHARE)
        groups = np.array([NEW_USES[i][0] for i in use], dtype=object)
        labels = np.array([NEW_USES[i][1] for i in use], dtype=object)
        streets = shapely.difference(outline, shapely.union_all(boxes))
        parts.append(
            Features.of(boxes, ENKELBESTEMMING, groups, labels, np.full(picked.size, plan))
        )
        if not shapely.is_empty(streets) and shapely.area(streets) > 1.0:
            parts.append(
                Features.of(
                    [streets], ENKELBESTEMMING, "verkeer", "Verkeer - Verblijfsgebied", [plan]
                )
            )
        municipality = int(region.municipality[cell])
        town_name = region.towns.names[cells.settlement[cell]]
        status = "ontwerp" if rng.random() < 0.6 else "voorontwerp"
        code = plan_code(f"Herontw{town_name}", taken.setdefault(municipality, set()))
        suffix = "OW01" if status == "ontwerp" else "VO01"
        ids.append(f"NL.IMRO.{region.municipalities.codes[municipality]}.{code}-{suffix}")
        names.append(f"Herontwikkeling {town_name} {number + 1}")
        statuses.append(status)
        owners.append(municipality)
        parts.append(Features.of([outline], BESTEMMINGSPLANGEBIED, None, names[-1], [plan]))
    features = concat_features(parts) if parts else Features.of([], ENKELBESTEMMING, [], [], [])
    return features, ExtraPlans(first, ids, names, statuses, owners)
