"""CSV and GeoJSON for other programs: machine column names, one file per table.

GeoJSON follows RFC 7946: coordinates in WGS 84 longitude/latitude (EPSG:4326), seven
decimals (about 1 cm), polygons wound as the RFC says. CSV uses the same columns and
number format as the run's own CSV files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from bouwstroom_qgis.core.io.atomic import atomic_path

WGS84 = "EPSG:4326"
FLOAT_FORMAT = "%.6g"  # as core.outputs writes shortlist.csv and sites.csv


def write_geojson(path: Path, frame: gpd.GeoDataFrame, overwrite: bool = False) -> Path:
    """``frame`` as RFC 7946 GeoJSON, reprojected to EPSG:4326, written atomically."""
    wgs84 = frame.to_crs(WGS84)
    with atomic_path(path, overwrite=overwrite) as tmp:
        pyogrio.write_dataframe(
            wgs84,
            tmp,
            driver="GeoJSON",
            layer=path.stem,
            layer_options={"RFC7946": "YES", "COORDINATE_PRECISION": "7"},
        )
    return path


def write_csv(path: Path, frame: pd.DataFrame, overwrite: bool = False) -> Path:
    """A table (geometry left out) as CSV, written atomically."""
    table = pd.DataFrame(frame.drop(columns="geometry", errors="ignore"))
    with atomic_path(path, overwrite=overwrite) as tmp:
        table.to_csv(tmp, index=False, float_format=FLOAT_FORMAT)
    return path


def copy_file(source: Path, path: Path, overwrite: bool = False) -> Path:
    """A byte-for-byte copy, written atomically."""
    with atomic_path(path, overwrite=overwrite) as tmp:
        shutil.copyfile(source, tmp)
    return path
