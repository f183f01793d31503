"""The styled GeoPackage: the result's layers plus styles, provenance, bundles and plan.

The result's GeoPackage is copied beside its destination and completed there (the
``layer_styles`` table with the QGIS styles and every field's readable name, the
``provenance`` table with its JSON in GDAL's metadata, and the ``bundles`` layer and
``plan`` table when the run made them but they are not in the file yet), then moved
into place in one step: a reader sees the old file or the new one, never half of either.
The time stamps GDAL and QGIS keep in the file are fixed, so that the same result
exports to the same bytes (when a result was made is in its provenance, not in them).
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from bouwstroom_qgis.core.export import columns as c
from bouwstroom_qgis.core.export.gpkg_styles import OWNER, STYLE_NAME, styles_table
from bouwstroom_qgis.core.export.provenance import METADATA_KEY, Provenance, provenance_table
from bouwstroom_qgis.core.io.atomic import atomic_path
from bouwstroom_qgis.core.io.gdal import FIXED_TIMESTAMP, GPKG_DATASET_OPTIONS, gdal_options
from bouwstroom_qgis.core.outputs import HAS_ARROW


def layer_fields(gpkg: Path) -> dict[str, tuple[str, list[str]]]:
    """Layer name -> its geometry column ("" for a table) and its fields as QGIS lists them.

    QGIS shows a GeoPackage layer's fid as its first field, then the attribute fields.
    """
    found = {}
    for name, geometry_type in pyogrio.list_layers(gpkg):
        info = pyogrio.read_info(gpkg, layer=str(name))
        geometry = (info["geometry_name"] or "geom") if geometry_type is not None else ""
        fid = [info["fid_column"]] if info["fid_column"] else []
        found[str(name)] = (geometry, [*fid, *map(str, info["fields"])])
    return found


def has_exports(gpkg: Path) -> bool:
    """Whether a GeoPackage already holds this tool's styles or provenance."""
    names = set(pyogrio.list_layers(gpkg)[:, 0])
    return bool({c.STYLES_TABLE, c.PROVENANCE_TABLE} & names)


def read_provenance(gpkg: Path) -> Provenance | None:
    """The provenance stored in a result GeoPackage, or None when it has none."""
    if c.PROVENANCE_TABLE not in set(pyogrio.list_layers(gpkg)[:, 0]):
        return None
    metadata = pyogrio.read_info(gpkg, layer=c.PROVENANCE_TABLE)["layer_metadata"] or {}
    stored = metadata.get(METADATA_KEY)
    return Provenance.from_json(stored) if stored else None


def _write(frame: pd.DataFrame, path: Path, layer: str, **options: object) -> None:
    pyogrio.write_dataframe(
        frame,
        path,
        layer=layer,
        driver="GPKG",
        use_arrow=HAS_ARROW,
        dataset_options=GPKG_DATASET_OPTIONS,
        **options,
    )


def _other_styles(gpkg: Path) -> pd.DataFrame | None:
    """Styles people saved in the file themselves: kept when this tool's are replaced."""
    if c.STYLES_TABLE not in set(pyogrio.list_layers(gpkg)[:, 0]):
        return None
    styles = pyogrio.read_dataframe(gpkg, layer=c.STYLES_TABLE)
    theirs = styles[(styles["owner"] != OWNER) | (styles["styleName"] != STYLE_NAME)]
    return theirs if len(theirs) else None


def write_geopackage(
    source: Path,
    dest: Path,
    *,
    provenance: Provenance | None,
    language: str,
    description: str,
    bundles: gpd.GeoDataFrame | None = None,
    plan: pd.DataFrame | None = None,
    overwrite: bool = False,
) -> Path:
    """Copy the result GeoPackage ``source`` to ``dest`` with styles and provenance added.

    Parameters
    ----------
    source : Path
        The result's ``shortlist.gpkg``; may be ``dest`` itself (completed in place).
    dest : Path
    provenance : Provenance, optional
        Written as table ``provenance``; None leaves any stored provenance as it is.
    language : {"nl", "en"}
        Language of the legends and the field aliases.
    description : str
        Added to the styles' description (scenario, tool version).
    bundles, plan : optional
        Added when given and not already in ``source``.
    overwrite : bool
        Replace an existing ``dest``.

    Returns
    -------
    Path
        ``dest``.
    """
    source, dest = Path(source), Path(dest)
    with (
        atomic_path(dest, overwrite=overwrite) as tmp,
        gdal_options(OGR_CURRENT_DATE=FIXED_TIMESTAMP),
    ):
        shutil.copyfile(source, tmp)
        present = set(pyogrio.list_layers(tmp)[:, 0])
        if bundles is not None and c.BUNDLES_LAYER not in present:
            _write(bundles, tmp, c.BUNDLES_LAYER)
        if plan is not None and c.PLAN_TABLE not in present:
            _write(pd.DataFrame(plan), tmp, c.PLAN_TABLE)
        if provenance is not None:
            _write(
                provenance_table(provenance),
                tmp,
                c.PROVENANCE_TABLE,
                layer_metadata={METADATA_KEY: provenance.to_json()},
            )
        _write(
            _styles(tmp, language, description), tmp, c.STYLES_TABLE, layer_options={"FID": "id"}
        )
        _stamp_styles(tmp)
    return dest


def _stamp_styles(gpkg: Path) -> None:
    """Time-stamp this tool's styles with the fixed stamp, with milliseconds as QGIS writes.

    Older GDAL versions (QGIS 3.22's) warn about a DATETIME without milliseconds. A style
    a planner saves later is newer, so QGIS still prefers it among equal defaults.
    """
    with contextlib.closing(sqlite3.connect(gpkg)) as db, db:
        db.execute(
            f"UPDATE {c.STYLES_TABLE} SET update_time = ? WHERE owner = ? AND styleName = ?",
            (FIXED_TIMESTAMP, OWNER, STYLE_NAME),
        )


def _styles(gpkg: Path, language: str, description: str) -> pd.DataFrame:
    found = layer_fields(gpkg)
    layers = {name: geometry for name, (geometry, _) in found.items()}
    fields = {name: names for name, (_, names) in found.items()}
    bundles = None
    if c.BUNDLES_LAYER in layers:
        bundles = pyogrio.read_dataframe(gpkg, layer=c.BUNDLES_LAYER, read_geometry=False)
    ours = styles_table(layers, language, description, bundles, fields=fields)
    # a DATETIME column like QGIS's own; the time itself is set by _stamp_styles
    ours["update_time"] = pd.Series([datetime(2000, 1, 1, tzinfo=UTC)] * len(ours))
    theirs = _other_styles(gpkg)
    if theirs is None:
        return ours
    theirs = theirs[[col for col in ours.columns if col in theirs.columns]]
    return pd.concat([ours, theirs], ignore_index=True)
