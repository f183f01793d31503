"""The zoning GeoPackage of ``bouwstroom import-imro``: one layer per IMRO object type.

Layer names are the object types (``Enkelbestemming``, ``Bouwvlak``, ...), columns the
normalised zoning columns; QGIS opens it directly and the engine reads it back much
faster than the GML. Writing is atomic and reproducible: the same plan gives a
byte-identical file (GDAL's GeoPackage change timestamp is pinned).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pyogrio.errors

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError, OutputError
from bouwstroom_qgis.core.imro import ZONING_COLUMNS
from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.io.gdal import FIXED_TIMESTAMP, GPKG_DATASET_OPTIONS, gdal_options
from bouwstroom_qgis.core.io.geometry import as_multipolygons
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger(__name__)

# GDAL stamps each GeoPackage table with the time of writing unless told a date.
ZONING_ROLE = "zoning areas"  # how reader messages name what a zoning layer holds


def empty_zoning() -> gpd.GeoDataFrame:
    """A normalised zoning table without rows."""
    columns: dict[str, pd.Series] = {c: pd.Series([], dtype=object) for c in ZONING_COLUMNS}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=s.RD_NEW), crs=s.RD_NEW)


def write_zoning_geopackage(
    plan: Mapping[str, gpd.GeoDataFrame], out: str | Path, overwrite: bool = False
) -> Path:
    """Write zoning tables to a GeoPackage, one layer per object type present.

    Parameters
    ----------
    plan : mapping of str to GeoDataFrame
        Object type -> normalised zoning table (as from ``read_imro_plan``).
    out : str or Path
        The ``.gpkg`` to write; appears whole or not at all.
    overwrite : bool
        Replace an existing file.

    Returns
    -------
    Path
        ``out``.
    """
    out = Path(out)
    if out.suffix.lower() != ".gpkg":
        raise OutputError(f"{out}: the zoning output must be a GeoPackage (.gpkg)")
    layers = [kind for kind in s.IMRO_OBJECT_TYPES if kind in plan and len(plan[kind])]
    if not layers:
        raise OutputError(f"{out}: the plan has no zoning objects to write")
    with atomic_path(out, overwrite) as tmp, gdal_options(OGR_CURRENT_DATE=FIXED_TIMESTAMP):
        for kind in layers:
            frame = plan[kind][[*ZONING_COLUMNS, plan[kind].geometry.name]]
            pyogrio.write_dataframe(
                frame.to_crs(s.RD_NEW),
                tmp,
                layer=kind,
                driver="GPKG",
                dataset_options=GPKG_DATASET_OPTIONS,
                geometry_type="MultiPolygon",
                promote_to_multi=True,
            )
    return out


def zoning_layers(path: str | Path) -> list[str]:
    """Layers of ``path`` that are zoning tables: named after an object type, with ``hoofdgroep``.

    Empty for anything that is not such a GeoPackage (or not readable at all).
    """
    return list(_zoning_layer_sizes(Path(path)))


def _zoning_layer_sizes(path: Path) -> dict[str, int]:
    """Zoning layer -> number of objects (see ``zoning_layers``)."""
    if path.suffix.lower() != ".gpkg" or not path.is_file():
        return {}
    try:
        names = [str(name) for name, _ in pyogrio.list_layers(path)]
        infos = {n: pyogrio.read_info(path, layer=n) for n in names if n in s.IMRO_OBJECT_TYPES}
    except pyogrio.errors.DataSourceError:
        return {}
    return {n: int(info["features"]) for n, info in infos.items() if s.HOOFDGROEP in info["fields"]}


def read_zoning_geopackage(
    path: str | Path, report: Report | None = None, layer: str | None = None
) -> gpd.GeoDataFrame:
    """Read a GeoPackage written by ``write_zoning_geopackage`` into one zoning table.

    Parameters
    ----------
    path : str or Path
        The GeoPackage.
    report : Report, optional
        Receives geometry repairs (a file edited by hand may hold invalid polygons).
    layer : str, optional
        Read only this object type.

    Returns
    -------
    GeoDataFrame
        The normalised zoning table (``ZONING_COLUMNS`` + geometry, EPSG:28992), layers in
        ``schema.IMRO_OBJECT_TYPES`` order.
    """
    path = Path(path)
    report = report if report is not None else Report()
    sizes = _zoning_layer_sizes(path)
    layers = list(sizes)
    if not layers:
        raise InputError(
            "is not a zoning GeoPackage: no layer named after an IMRO object type "
            "with a 'hoofdgroep' column",
            path=path,
            hint="write one with 'bouwstroom import-imro', or give value_field and mapping",
        )
    if layer is not None:
        if layer not in layers:
            raise InputError(f"has no zoning layer '{layer}'", path=path, hint=f"use {layers}")
        layers = [layer]
    frames = [empty_zoning()]
    for name in layers:
        if sizes[name] == 0:  # a layer emptied by hand holds nothing to read
            continue
        frame = read_vector(Source(path, layer=name), report, role=ZONING_ROLE, expect="polygon")
        missing = [c for c in ZONING_COLUMNS if c not in frame.columns]
        if missing:
            raise InputError(
                f"lacks the column(s) {', '.join(missing)}",
                path=path,
                layer=name,
                hint="write the file again with 'bouwstroom import-imro'",
            )
        frames.append(_plain(frame.reset_index(drop=True)))
    return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=s.RD_NEW)


def _plain(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The zoning columns as Python objects with ``None`` for missing, as the GML reader gives."""
    columns = {
        c: pd.Series(frame[c].to_numpy(dtype=object), dtype=object).where(frame[c].notna(), None)
        for c in ZONING_COLUMNS
    }
    geoms = as_multipolygons(frame.geometry.to_numpy())
    return gpd.GeoDataFrame(columns, geometry=geoms, crs=frame.crs)
