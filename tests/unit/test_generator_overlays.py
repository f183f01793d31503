"""Zoning overlays of a generated region: double uses, area designations, envelopes."""

import pytest
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.schema import DEFAULT_RESIDENTIAL_GROUPS


@pytest.fixture(scope="module")
def built():
    return build_region(8000, 21, Feedback())


def test_envelopes_lie_in_residential_zoning(built):
    zoning = built.layers["zoning"]
    enkel = zoning["Enkelbestemming"]
    living = shapely.union_all(enkel[enkel["hoofdgroep"].isin(DEFAULT_RESIDENTIAL_GROUPS)].geometry)
    envelopes = zoning["Bouwvlak"].geometry.to_numpy()
    assert len(envelopes) > 50
    assert shapely.covers(shapely.buffer(living, 0.01), envelopes).all()
    marked = zoning["Bouwaanduiding"]
    assert set(marked["naam"]) == {"gestapeld", "vrijstaand", "twee-aaneen", "aaneengebouwd"}
    assert 0.2 < len(marked) / len(envelopes) < 0.9


def test_overlays_lie_inside_their_plan(built):
    zoning = built.layers["zoning"]
    outline = zoning["Bestemmingsplangebied"].set_index("plan_id").geometry
    for layer in ("Dubbelbestemming", "Gebiedsaanduiding"):
        frame = zoning[layer]
        area = outline.loc[frame["plan_id"]].to_numpy()
        inside = shapely.area(shapely.intersection(frame.geometry.to_numpy(), area))
        assert inside == pytest.approx(shapely.area(frame.geometry.to_numpy()), rel=1e-6)
    dubbel = zoning["Dubbelbestemming"]
    assert set(dubbel["naam"]) >= {
        "Leiding - Gas",
        "Waarde - Archeologie",
        "Waterstaat - Waterkering",
    }
    pipeline = dubbel[dubbel["hoofdgroep"] == "leiding"].geometry
    assert pipeline.area.sum() / pipeline.length.sum() * 2 == pytest.approx(12.0, rel=0.1)
    assert set(zoning["Gebiedsaanduiding"]["naam"]) == {
        "geluidzone - industrie",
        "geluidzone - weg",
        "veiligheidszone - bevi",
        "veiligheidszone - leiding",
    }
