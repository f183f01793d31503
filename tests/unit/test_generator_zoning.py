"""Zoning of a generated region: the main uses."""

import pytest
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.schema import DEFAULT_RESIDENTIAL_GROUPS


@pytest.fixture(scope="module")
def built():
    return build_region(8000, 21, Feedback())


def test_about_one_enkelbestemming_per_block(built):
    enkel = built.layers["zoning"]["Enkelbestemming"]
    parcels = built.layers["parcels"]["percelen"]
    ratio = len(parcels) / len(enkel)
    assert 10 < ratio < 45  # 1 per ~33 parcels in large regions, more rural in small ones
    shares = enkel["hoofdgroep"].value_counts(normalize=True)
    assert shares["wonen"] > 0.1 and shares["agrarisch"] > 0.05
    assert {"centrum", "gemengd", "bedrijventerrein", "maatschappelijk", "verkeer"} <= set(
        shares.index
    )


def test_some_parcels_are_partly_residential(built):
    enkel = built.layers["zoning"]["Enkelbestemming"]
    enkel = enkel[enkel["plan_status"] == "vastgesteld"]
    parcels = built.layers["parcels"]["percelen"].geometry.to_numpy()
    living = shapely.union_all(enkel[enkel["hoofdgroep"].isin(DEFAULT_RESIDENTIAL_GROUPS)].geometry)
    share = shapely.area(shapely.intersection(parcels, living)) / shapely.area(parcels)
    partly = (share > 0.05) & (share < 0.95)
    assert partly.sum() >= 5
    assert (share > 0.999).mean() > 0.3
