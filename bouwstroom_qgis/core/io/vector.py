"""Read one OGR vector layer into a clean GeoDataFrame in RD New (EPSG:28992).

Whatever the file, the result is 2D, in EPSG:28992 metres, without null or empty
geometries and, for polygon roles, valid polygons of at least 0.01 m² (see
``core.io.geometry``). Everything repaired is counted in the ``Report``; everything that
cannot be used raises one ``InputError`` naming the file, the layer, the feature where
known, and what to do.

Feature ids: the returned frame is indexed by GDAL's feature id, named ``fid``
(``schema.FEATURE_ID``): the GeoPackage/shapefile fid, or for GML the number in the
``gml:id``. Messages name features by it, so a user can find them in QGIS. Should a
driver give ids that are not unique, the index is the row number from 0 instead.

Coordinate systems are settled by ``core.io.crs.to_rd_new`` (a layer without a CRS is
taken as RD New only when its coordinates are RD New, and reported). Arcs and circles are
linearised deliberately (``core.io.arcs``): for a GML the step is derived from the file's
own arcs so that no chord lies more than 1 cm from its arc.
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io import arcs, geometry, gml
from bouwstroom_qgis.core.io.crs import to_rd_new
from bouwstroom_qgis.core.io.gdal import reason
from bouwstroom_qgis.core.io.inputs import require_file
from bouwstroom_qgis.core.io.tables import TABLE_SUFFIXES
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger(__name__)

Expect = Literal["polygon", "point", "line", "any"]

_HAS_ARROW = importlib.util.find_spec("pyarrow") is not None
_KIND_TYPES = {
    "polygon": geometry.POLYGONAL_TYPES,
    "point": geometry.POINT_TYPES,
    "line": geometry.LINE_TYPES,
}
_TYPE_WORDS = {
    **dict.fromkeys(geometry.POLYGONAL_TYPES, "polygons"),
    **dict.fromkeys(geometry.POINT_TYPES, "points"),
    **dict.fromkeys(geometry.LINE_TYPES, "lines"),
    geometry.COLLECTION: "geometry collections without polygons",
}


def read_vector(
    source: Source,
    report: Report,
    *,
    role: str,
    expect: Expect,
    open_options: Mapping[str, str] | None = None,
) -> gpd.GeoDataFrame:
    """Read ``source`` as a clean layer in EPSG:28992, indexed by feature id (``fid``).

    Parameters
    ----------
    source : Source
        File, optional layer and optional OGR SQL ``where`` filter.
    report : Report
        Receives every repair with its count.
    role : str
        What the layer is for, as a plural noun a user knows ("parcels", "holdings"); used
        in messages such as "parcels need a polygon layer".
    expect : {"polygon", "point", "line", "any"}
        Geometry kind the role needs. Features of another kind in a layer that has the
        right kind are left out and counted; a layer without any is an error. With
        "any", polygonal features are cleaned and the rest kept as they are.
    open_options : mapping, optional
        Extra GDAL open options (e.g. ``GFS_TEMPLATE`` for GML). GML is always opened
        with ``WRITE_GFS=NO``, so nothing is written beside the input.

    Returns
    -------
    GeoDataFrame
        The layer's attribute fields and geometry, CRS EPSG:28992, indexed by ``fid``;
        ``attrs["layer"]`` names the layer read (chosen automatically when the file has
        one).

    Raises
    ------
    InputError
        Missing or unreadable file, a table, an unknown or unnamed layer, an empty layer,
        an unusable CRS, or no geometry of the kind ``expect``.
    """
    with _warnings_logged(source.label):
        return _read_vector(source, report, role=role, expect=expect, open_options=open_options)


@contextlib.contextmanager
def _warnings_logged(label: str) -> Iterator[None]:
    """GDAL's warnings (RuntimeWarning from pyogrio) go to the log, not the terminal."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    for w in caught:
        if issubclass(w.category, RuntimeWarning):
            log.warning("%s: %s", label, w.message)
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)


def _read_vector(
    source: Source,
    report: Report,
    *,
    role: str,
    expect: Expect,
    open_options: Mapping[str, str] | None,
) -> gpd.GeoDataFrame:
    path = Path(source.path)
    _check_file(path, role)
    options = _open_options(path, open_options)
    layer = _choose_layer(path, source.layer, options)
    label = f"{path}, layer '{layer}'"
    info = _layer_info(path, layer, options)
    if info["geometry_type"] is None:
        raise InputError(
            "has no geometry (it is a table)",
            path=path,
            layer=layer,
            hint=f"{role} need a layer with geometry",
        )
    if info["features"] == 0:
        raise InputError(
            "is empty", path=path, layer=layer, hint=f"choose the layer with the {role}"
        )
    with arcs.linearised(arcs.file_step(path, report, str(path))):
        gdf = _read(path, layer, source.where, options)
    if gdf.empty:
        raise InputError(
            f"no feature matches the filter {source.where!r}",
            path=path,
            layer=layer,
            hint="check the filter's field names and values",
        )
    if gml.is_gml(path) and source.where is None:
        check_all_read(len(gdf), info["features"], path=path, layer=layer)
    gdf = geometry.force_2d(geometry.drop_missing(gdf, report, label), report, label)
    if gdf.empty:
        raise InputError(
            "has no feature with a geometry",
            path=path,
            layer=layer,
            hint=f"choose the layer with the {role}",
        )
    gdf = to_rd_new(gdf, report, label, path=path, layer=layer)
    gdf = _keep_kind(gdf, expect, role, report, label, path=path, layer=layer)
    gdf.attrs["layer"] = layer  # the layer actually read, for the callers' messages
    return gdf


def _check_file(path: Path, role: str) -> None:
    require_file(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        raise InputError(
            "is a table, not a vector layer",
            path=path,
            hint=f"{role} need a GeoPackage, shapefile, GML or GeoJSON layer; "
            "tables are read for holdings only",
        )
    if gml.is_gml(path) and path.is_file():
        gml.check_complete(path)


def check_all_read(count: int, expected: int, *, path: Path, layer: str) -> None:
    """Refuse a layer of which GDAL read fewer features than the file holds.

    GDAL stops reading a damaged file without an error; a count made beforehand (its
    own, or the caller's) shows the loss.
    """
    if count < expected:
        raise InputError(
            f"only {count} of {expected} features could be read",
            path=path,
            layer=layer,
            hint="the file is damaged or incomplete; download or export it again",
        )


def _open_options(path: Path, extra: Mapping[str, str] | None) -> dict[str, str]:
    options = {"WRITE_GFS": "NO"} if gml.is_gml(path) else {}
    options.update(extra or {})
    return options


def _cannot_open(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"cannot be opened ({reason(exc)})",
        path=path,
        hint="the file is damaged, incomplete or not a vector format; export or download it again",
    )


def list_layers(path: Path, options: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """Layers of a vector file as (name, geometry type or None for tables).

    GML is listed layer by layer through ``read_info`` because listing it the usual way
    cannot take ``WRITE_GFS=NO`` and would write a ``.gfs`` beside the input.
    """
    try:
        if not gml.is_gml(path):
            return [(str(name), gtype) for name, gtype in pyogrio.list_layers(path)]
        layers: list[tuple[str, str | None]] = []
        while True:
            try:
                info = pyogrio.read_info(path, layer=len(layers), **options)
            except pyogrio.errors.DataLayerError:
                return layers
            layers.append((str(info["layer_name"]), info["geometry_type"]))
    except Exception as exc:  # GDAL's failures come as several exception types
        raise _cannot_open(path, exc) from None


def _choose_layer(path: Path, requested: str | None, options: Mapping[str, str]) -> str:
    layers = list_layers(path, options)
    names = [name for name, _ in layers]
    if requested is not None:
        if requested not in names:
            raise InputError(
                f"no such layer; the file has: {', '.join(names) or 'no layers'}",
                path=path,
                layer=requested,
                hint="name one of these layers",
            )
        return requested
    # Tables beside one spatial layer (e.g. QGIS's layer_styles) do not make it ambiguous.
    candidates = [name for name, gtype in layers if gtype is not None] or names
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise InputError("holds no layers", path=path, hint="choose another file")
    raise InputError(
        f"holds {len(candidates)} layers and none is chosen: {', '.join(candidates)}",
        path=path,
        hint='name the layer to use in the scenario (layer = "...")',
    )


def _layer_info(path: Path, layer: str, options: Mapping[str, str]) -> dict[str, Any]:
    try:
        return pyogrio.read_info(path, layer=layer, **options)
    except Exception as exc:  # GDAL's failures come as several exception types
        raise _cannot_open(path, exc) from None


def _read(
    path: Path, layer: str, where: str | None, options: Mapping[str, str]
) -> gpd.GeoDataFrame:
    """Read with Arrow where it helps; GML (and curved geometry) takes the plain path.

    The plain path linearises curves (in the steps the caller set, see ``core.io.arcs``);
    GDAL's Arrow path refuses them.
    """
    use_arrow = _HAS_ARROW and not gml.is_gml(path)
    kwargs: dict[str, Any] = dict(layer=layer, where=where, fid_as_index=True, **options)
    try:
        try:
            gdf = pyogrio.read_dataframe(path, use_arrow=use_arrow, **kwargs)
        except Exception as exc:
            if not (use_arrow and "nonlinear" in str(exc).lower()):
                raise
            gdf = pyogrio.read_dataframe(path, use_arrow=False, **kwargs)
    except Exception as exc:  # GDAL's failures come as several exception types
        if where:
            raise InputError(
                f"cannot apply the filter {where!r} ({reason(exc)})",
                path=path,
                layer=layer,
                hint="check the filter's field names and quoting",
            ) from None
        raise InputError(
            f"cannot be read ({reason(exc)})",
            path=path,
            layer=layer,
            hint="the file is damaged or incomplete; export or download it again",
        ) from None
    if not gdf.index.is_unique:
        log.debug("%s, layer %s: feature ids not unique; using row numbers", path, layer)
        gdf = gdf.reset_index(drop=True)
    gdf.index.name = schema.FEATURE_ID
    return gdf


def _describe_kinds(types: np.ndarray) -> str:
    """E.g. "points (11), lines (2)": what a layer holds instead of the wanted kind."""
    words = pd.Series(types).map(_TYPE_WORDS).fillna("other geometries")
    return ", ".join(f"{word} ({n})" for word, n in words.value_counts(sort=False).items())


def _keep_kind(
    gdf: gpd.GeoDataFrame,
    expect: Expect,
    role: str,
    report: Report,
    label: str,
    *,
    path: Path,
    layer: str,
) -> gpd.GeoDataFrame:
    if expect in ("polygon", "any"):
        gdf = geometry.reduce_collections(gdf, report, label)
    types = np.asarray(shapely.get_type_id(gdf.geometry.values))
    if expect == "any":
        polygonal = np.isin(types, geometry.POLYGONAL_TYPES)
        clean = geometry.clean_polygons(gdf.loc[polygonal], report, label)
        keep = ~polygonal | gdf.index.isin(clean.index)
        gdf = gdf.loc[keep].copy()
        gdf.loc[clean.index, gdf.geometry.name] = clean.geometry
        return gdf
    wanted = np.isin(types, _KIND_TYPES[expect]) & ~np.asarray(
        shapely.is_empty(gdf.geometry.values)
    )
    if not wanted.any():
        raise InputError(
            f"holds {_describe_kinds(types)} and no {expect}s",
            path=path,
            layer=layer,
            hint=f"{role} need a {expect} layer",
        )
    if expect != "polygon":
        return geometry.drop_rows(gdf, ~wanted, report, label, f"features that are not {expect}s")
    gdf = geometry.keep_polygons(gdf, report, label)
    if gdf.empty:
        raise InputError(
            f"has no polygon of at least {geometry.MIN_AREA_M2:g} m² left after repair",
            path=path,
            layer=layer,
            hint=f"choose the layer with the {role}",
        )
    return gdf
