import numpy as np
import pytest
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.progress import Feedback


@pytest.fixture(scope="module")
def built():
    return build_region(12_000, 8, Feedback())


def test_noise_contours_are_rings_per_source(built):
    noise = built.layers["noise"]["geluid"]
    assert {"spoor", "weg", "industrie"} <= set(noise["bron"])
    for (bron, naam), part in noise.groupby(["bron", "naam"]):
        g = part.geometry.to_numpy()
        assert shapely.union_all(g).area == pytest.approx(shapely.area(g).sum(), rel=1e-6), (
            bron,
            naam,
        )


def test_stations_on_the_railway_schools_and_shops_in_villages(built):
    amenities = built.layers["amenities"]["voorzieningen"]
    counts = amenities["soort"].value_counts()
    assert counts["station"] >= 1 and counts["school"] >= 2 and counts["winkel"] >= 3
    rail = built.region.corridors[0]
    stations = amenities[amenities["soort"] == "station"].geometry
    assert np.all(stations.y == rail.position)
    parcels = built.layers["parcels"]["percelen"].geometry.to_numpy()
    others = amenities[amenities["soort"] != "station"].geometry.to_numpy()
    inside, _ = shapely.STRtree(parcels).query(others, predicate="intersects")
    assert np.unique(inside).size == others.size


def test_municipalities_cover_the_parcels_without_overlap(built):
    municipalities = built.layers["municipalities"]["gemeente"]
    g = municipalities.geometry.to_numpy()
    assert len(g) == 2 and municipalities["statcode"].str.fullmatch(r"GM99\d\d").all()
    assert shapely.union_all(g).area == pytest.approx(shapely.area(g).sum())
    parcels = built.layers["parcels"]["percelen"].geometry.to_numpy()
    assert shapely.covers(shapely.union_all(g), parcels).all()


def test_nature_and_flood_areas(built):
    nature = built.layers["natura2000"]["natura2000"]
    assert len(nature) >= 2 and nature["sitecode"].is_unique
    flood = built.layers["flood"]["overstroming"]
    canal = built.region.corridors[2]
    assert len(flood) >= 1
    assert np.all(
        shapely.intersects(
            flood.geometry.to_numpy(),
            shapely.LineString([(canal.position, 0), (canal.position, 1e7)]),
        )
    )
