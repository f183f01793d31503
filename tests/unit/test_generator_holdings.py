import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.generator.holdings import LOCATION_COMPLEX
from bouwstroom_qgis.core.generator.names import CORPORATIONS
from bouwstroom_qgis.core.progress import Feedback


@pytest.fixture(scope="module")
def built():
    return build_region(30_000, 5, Feedback())


def test_holdings_scale_with_the_region(built):
    corporations = built.layers["holdings"]["corporaties"]
    points = built.layers["holdings"]["verblijfsobjecten"]
    # Rows of houses, large plots and fields: about 20,000 per million parcels (the
    # municipal list holds its development locations as well: some 4,000 more) ...
    regular = corporations["complexnummer"] < LOCATION_COMPLEX
    total = regular.sum() + len(points) + len(built.municipal)
    assert 0.012 * 30_000 < total < 0.035 * 30_000
    # ... and the development locations, mostly corporations' whole rows of houses to be
    # rebuilt: one complex per location, each with one owner.
    locations = corporations[~regular].groupby("complexnummer")["eigenaar"]
    assert locations.ngroups > 100 and 0.05 * 30_000 < (~regular).sum() < 0.2 * 30_000
    assert (locations.nunique() == 1).all() and locations.size().max() >= 10
    assert set(corporations["eigenaar"]) == set(CORPORATIONS)
    assert set(points["eigenaar"]) == {CORPORATIONS[0]}
    assert corporations["complexnummer"].nunique() < len(corporations)  # whole rows of houses


def test_address_points_lie_in_parcels_not_held_as_polygons(built):
    parcels = built.layers["parcels"]["percelen"].geometry.to_numpy()
    points = built.layers["holdings"]["verblijfsobjecten"]
    corporations = built.layers["holdings"]["corporaties"].geometry.to_numpy()
    holder, parcel = shapely.STRtree(parcels).query(points.geometry.to_numpy(), predicate="within")
    assert np.array_equal(holder, np.arange(len(points)))
    held = shapely.STRtree(corporations).query(parcels[np.unique(parcel)], predicate="contains")
    assert held.shape[1] == 0
    flats = np.bincount(parcel)
    assert flats.max() >= 4  # flats above shops: several addresses in one parcel


def test_municipal_list_has_a_few_stale_keys(built):
    table = built.municipal
    keys = built.layers["parcels"]["percelen"]
    known = set(
        keys["AKRKadastraleGemeenteCodeWaarde"]
        + " "
        + keys["sectie"]
        + " "
        + keys["perceelnummer"].astype(str)
    )
    stale = ~table["kadastrale_aanduiding"].isin(known)
    assert 3 <= stale.sum() <= 0.02 * len(table) + 3
    assert table["eigenaar"].str.startswith("Gemeente ").all()
    assert pd.api.types.is_integer_dtype(table["oppervlakte_m2"])
