import numpy as np
import shapely

from bouwstroom_qgis.core.generator.assemble import build_region
from bouwstroom_qgis.core.generator.tables import _local_ids
from bouwstroom_qgis.core.progress import Feedback


def test_object_ids_are_numbered_per_plan():
    ids = _local_ids(np.array([3, 1, 3, 3, 1]), "eb")
    assert ids.tolist() == [
        "NL.IMRO.PT.eb1", "NL.IMRO.PT.eb1", "NL.IMRO.PT.eb2", "NL.IMRO.PT.eb3", "NL.IMRO.PT.eb2",
    ]  # fmt: skip


def test_parcel_table_has_brk_fields():
    built = build_region(1500, 2, Feedback())
    parcels = built.layers["parcels"]["percelen"]
    assert list(parcels.columns) == [
        "identificatieLokaalID", "AKRKadastraleGemeenteCodeWaarde", "kadastraleGemeenteWaarde",
        "sectie", "perceelnummer", "kadastraleGrootteWaarde", "geometry",
    ]  # fmt: skip
    assert parcels["identificatieLokaalID"].is_unique
    assert parcels.crs.to_epsg() == 28992
    assert (parcels.geometry.geom_type == "Polygon").all()
    for layer, frame in built.layers["zoning"].items():
        assert frame["identificatie"].notna().all(), layer
        key = frame["plan_id"] + "/" + frame["identificatie"]
        assert key.is_unique, layer
    assert shapely.is_valid(parcels.geometry.to_numpy()).all()
