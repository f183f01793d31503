"""GeoJSON per RFC 7946 and CSV for other programs."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyogrio
import pytest
import shapely

from tests.unit.test_export import exported


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory) -> Path:
    return exported(tmp_path_factory)


def test_sites_geojson_is_wgs84_and_equals_the_sites(export_dir: Path) -> None:
    data = json.loads((export_dir / "sites.geojson").read_text(encoding="utf-8"))
    assert "crs" not in data  # RFC 7946: WGS 84 by definition, no crs member
    assert len(data["features"]) == 239
    coords = np.array(
        [
            xy
            for f in data["features"]
            for ring in f["geometry"]["coordinates"][:1]
            for xy in (ring if f["geometry"]["type"] == "Polygon" else ring[0])
        ]
    )
    lon, lat = coords[:, 0], coords[:, 1]
    assert ((lon > 3.3) & (lon < 7.3) & (lat > 50.7) & (lat < 53.6)).all()  # the Netherlands
    sites = pyogrio.read_dataframe(export_dir / "shortlist.gpkg", layer="sites")
    back = pyogrio.read_dataframe(export_dir / "sites.geojson").to_crs(28992)
    assert back["site_id"].tolist() == sites["site_id"].tolist()
    # seven decimals of a degree are about a centimetre: every vertex within 5 cm of its place
    moved = shapely.hausdorff_distance(back.geometry.values, sites.geometry.values)
    assert moved.max() < 0.05
    np.testing.assert_allclose(back["score"], sites["score"])


def test_bundles_csv_equals_the_bundles_layer(export_dir: Path) -> None:
    table = pd.read_csv(export_dir / "bundles.csv")
    layer = pyogrio.read_dataframe(
        export_dir / "shortlist.gpkg", layer="bundles", read_geometry=False
    )
    assert table["bundle_id"].tolist() == layer["bundle_id"].tolist()
    assert table["homes"].tolist() == layer["homes"].tolist()
    assert "geometry" not in table.columns
