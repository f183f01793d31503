"""The engine's metrics equal the straightforward geopandas.overlay + groupby computation."""

import importlib.util
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.metrics import LayerInput, OverlayInputs, compute_metrics

spec = importlib.util.spec_from_file_location(
    "reference_metrics", Path(__file__).parents[2] / "benchmarks" / "reference_metrics.py"
)
reference = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reference)


def jittered_grid(rng, nx, ny, w, h, jitter):
    """Quadrilaterals tiling a jittered grid: irregular, non-overlapping, gap-free."""
    xs, ys = np.meshgrid(np.arange(nx + 1) * w, np.arange(ny + 1) * h)
    xs = xs + rng.uniform(-jitter, jitter, xs.shape)
    ys = ys + rng.uniform(-jitter, jitter, ys.shape)
    cells = []
    for j in range(ny):
        for i in range(nx):
            ring = [
                (xs[j, i], ys[j, i]),
                (xs[j, i + 1], ys[j, i + 1]),
                (xs[j + 1, i + 1], ys[j + 1, i + 1]),
                (xs[j + 1, i], ys[j + 1, i]),
            ]
            cells.append(shapely.Polygon(ring))
    return np.array(cells, dtype=object)


@pytest.fixture(scope="module")
def inputs():
    rng = np.random.default_rng(42)
    cells = jittered_grid(rng, 60, 50, 22, 27, 4)
    parcels = gpd.GeoDataFrame(
        {s.PARCEL_ID: [f"P{i}" for i in range(len(cells))]}, geometry=cells, crs=s.RD_NEW
    )
    zones = jittered_grid(rng, 9, 8, 150, 170, 20)
    zoning = gpd.GeoDataFrame(
        {
            s.OBJECT_TYPE: s.ENKELBESTEMMING,
            s.HOOFDGROEP: rng.choice(["wonen", "groen", "gemengd", "bedrijf"], len(zones)),
            s.PLAN_STATUS: "vastgesteld",
        },
        geometry=zones,
        crs=s.RD_NEW,
    )
    hx, hy = rng.uniform(0, 1300, 150), rng.uniform(0, 1350, 150)
    holdings = gpd.GeoDataFrame(
        {s.OWNER: rng.choice(["Woonborg", "Lefier", "Gemeente"], 150), s.OWNER_TYPE: "corporatie"},
        geometry=shapely.box(hx, hy, hx + 35, hy + 48),
        crs=s.RD_NEW,
    )
    nature = gpd.GeoDataFrame(
        geometry=[shapely.Point(300, 400).buffer(220, quad_segs=200)], crs=s.RD_NEW
    )
    noise = gpd.GeoDataFrame(
        geometry=[shapely.LineString([(0, 900), (1400, 1000)]).buffer(d) for d in (60, 140)],
        crs=s.RD_NEW,
    )
    shops = gpd.GeoDataFrame(
        geometry=shapely.points(rng.uniform(0, 1300, 12), rng.uniform(0, 1350, 12)), crs=s.RD_NEW
    )
    towns = gpd.GeoDataFrame(
        {"statnaam": ["West", "Oost"]},
        geometry=[shapely.box(-100, -100, 700, 2000), shapely.box(700, -100, 2000, 2000)],
        crs=s.RD_NEW,
    )
    return OverlayInputs(
        parcels=parcels,
        zoning=zoning,
        holdings_polygons=holdings,
        layers=[
            LayerInput("natura2000", "constraint", nature, 2000),
            LayerInput("geluid", "constraint", noise, 2000),
            LayerInput("winkel", "amenity", shops, 300),
        ],
        boundaries=towns,
        boundary_name_field="statnaam",
    )


def test_engine_equals_reference(inputs):
    engine = compute_metrics(inputs, threads=2)
    ref = reference.reference_metrics(inputs)
    assert len(engine) == 3000
    for column in [
        s.AREA,
        s.COMPACTNESS,
        "zoning_coverage",
        s.RESIDENTIAL_SHARE,
        s.OWNER_SHARE,
        "share_natura2000",
        "dist_natura2000",
        "share_geluid",
        "dist_geluid",
        "dist_winkel",
    ]:
        np.testing.assert_allclose(
            engine[column].to_numpy(float),
            ref[column].to_numpy(float),
            rtol=1e-7,
            atol=1e-6,
            err_msg=column,
        )
    for column in [s.HOOFDGROEP, s.OWNER, s.MUNICIPALITY]:
        got = [None if pd.isna(v) else v for v in engine[column]]
        want = [None if pd.isna(v) else v for v in ref[column]]
        assert got == want, column
    # the data is not trivial: every kind of case occurs
    assert (engine["share_natura2000"].between(0.01, 0.99)).sum() > 0
    assert (engine["dist_winkel"] == 300).sum() > 0 and (engine["dist_winkel"] < 300).sum() > 0
    assert engine[s.OWNER].notna().sum() > 100
    assert pd.Series(engine[s.MUNICIPALITY]).nunique() == 2


def test_threads_and_chunks_do_not_change_results(inputs, monkeypatch):
    import bouwstroom_qgis.core.metrics as metrics

    one = compute_metrics(inputs, threads=1)
    monkeypatch.setattr(metrics, "CHUNK_SIZE", 700)
    many = compute_metrics(inputs, threads=2)
    pd.testing.assert_frame_equal(one, many)
