"""Writing a region: byte-identical GeoPackages, and a folder that appears whole or not at all.

A GeoPackage records when each layer last changed (``gpkg_contents.last_change``);
GDAL takes that moment from the clock unless the configuration option
``OGR_CURRENT_DATE`` fixes it. With the date fixed, the same tables give the same
bytes, so a region can be checked by hashing its files.

The region is built in a hidden folder beside the destination and renamed into
place at the end; an interrupted run leaves no half-written region behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import geopandas as gpd
import pyogrio

from bouwstroom_qgis.core.compat import ARROW_WRITES
from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.io.atomic import check_writable
from bouwstroom_qgis.core.io.gdal import GPKG_DATASET_OPTIONS

FIXED_DATE = "2000-01-01T00:00:00.000Z"
"""The 'last change' every generated GeoPackage records."""

MARKERS = ("scenario.toml", "LEESMIJ.txt")
"""Files that mark a folder as a generated region, which --overwrite may replace."""


@contextlib.contextmanager
def fixed_gpkg_date() -> Iterator[None]:
    """Fix the GeoPackage change date for the duration of the block, then restore it."""
    previous = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": FIXED_DATE})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": previous})


def write_layer(frame: gpd.GeoDataFrame, path: Path, layer: str, multi: bool = False) -> None:
    """Write one layer into a GeoPackage (created on the first layer), with a fixed date."""
    with fixed_gpkg_date():
        pyogrio.write_dataframe(
            frame,
            path,
            layer=layer,
            driver="GPKG",
            dataset_options=GPKG_DATASET_OPTIONS,
            promote_to_multi=multi or None,
            use_arrow=ARROW_WRITES,
        )


@contextlib.contextmanager
def region_folder(out_dir: Path, overwrite: bool) -> Iterator[Path]:
    """Yield an empty hidden folder beside ``out_dir``; it becomes ``out_dir`` on success.

    Raises
    ------
    OutputError
        When ``out_dir`` exists and ``overwrite`` is false, or when it exists but is not
        a generated region (so --overwrite can never wipe an unrelated folder).
    """
    out_dir = Path(out_dir)
    check_writable(out_dir, overwrite)
    if out_dir.exists() and not _replaceable(out_dir):
        raise OutputError(
            f"{out_dir} exists and is not a generated region (no {' and '.join(MARKERS)}); "
            "choose a new or empty folder"
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex[:8]
    work = out_dir.with_name(f".{out_dir.name}.{token}.tmp")
    old = out_dir.with_name(f".{out_dir.name}.{token}.old")
    work.mkdir()
    try:
        yield work
        if out_dir.exists():
            os.replace(out_dir, old)
            try:
                os.replace(work, out_dir)
            except BaseException:
                os.replace(old, out_dir)
                raise
        else:
            os.replace(work, out_dir)
    finally:
        for leftover in (work, old):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)


def _replaceable(path: Path) -> bool:
    if not path.is_dir():
        return False
    return not any(path.iterdir()) or all((path / name).is_file() for name in MARKERS)
