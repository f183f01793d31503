"""Redevelopment plans of a generated region."""

import pytest
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.progress import Feedback


@pytest.fixture(scope="module")
def built():
    return build_region(8000, 21, Feedback())


def test_redevelopment_plan_rezones_part_of_an_adopted_plan(built):
    zoning = built.layers["zoning"]
    enkel = zoning["Enkelbestemming"]
    pending = enkel[enkel["plan_status"] != "vastgesteld"]
    assert len(pending) >= 1
    assert set(pending["plan_status"]) <= {"ontwerp", "voorontwerp"}
    assert set(pending["hoofdgroep"]) <= {"woongebied", "wonen", "gemengd", "verkeer"}
    adopted = enkel[enkel["plan_status"] == "vastgesteld"]
    under = adopted[adopted.intersects(shapely.union_all(pending.geometry))]
    assert len(under) >= 1
    ids = set(pending["plan_id"])
    assert all(i.endswith(("-OW01", "-VO01")) for i in ids)
