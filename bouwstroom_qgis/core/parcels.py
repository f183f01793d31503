"""Cadastral parcels: any polygon layer, or the BRK Kadastrale Kaart v5, with a unique id.

The parcel id is the *kadastrale aanduiding* ``AKR sectie perceelnummer`` (e.g.
``OTL02 B 2298``) when the layer has the BRK fields, under the names PDOK's WFS, OGC
API and GML download use (``AKRKadastraleGemeenteCodeWaarde``, ``sectie``,
``perceelnummer``, ``kadastraleGrootteWaarde``; case, underscores and camelCase do not
matter). A scenario can name another field with the ``id_field`` option, which then wins.

A PDOK Kadastrale Kaart v5 GML (recognised by its namespace) is read through the GDAL
template ``resources/gdal/brk_perceel.gfs``, which makes the parcel boundary the
geometry instead of the label point.

Each parcel must be one feature: a repeated id is an error naming the id and two of its
features, never a silent merge (PDOK's parcels are current versions only, so a repeat
means history versions or exploded multipart parcels the user should filter or dissolve).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from bouwstroom_qgis import paths
from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.compat import as_text
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.geometry import examples
from bouwstroom_qgis.core.io.gml import is_gml
from bouwstroom_qgis.core.io.inputs import fields_text, require_field
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger(__name__)

BRK_NAMESPACE = "http://www.kadaster.nl/schemas/brkkadastralekaart/"
BRK_LAYER = "Perceel"

# Field names as PDOK spells them, compared lower case without separators.
_BRK_FIELDS = {
    schema.AKR_CODE: ("akrkadastralegemeentecodewaarde", "akrkadastralegemeentecode", "akrcode"),
    schema.SECTIE: ("sectie",),
    schema.PERCEELNUMMER: ("perceelnummer",),
    schema.KADASTRALE_GROOTTE: ("kadastralegroottewaarde", "kadastralegrootte"),
}
_AANDUIDING = (schema.AKR_CODE, schema.SECTIE, schema.PERCEELNUMMER)
_KEY_PATTERN = re.compile(r"^([A-Z]{3}\d{2})[\s._-]*([A-Z]{1,2})[\s._-]*0*(\d{1,5})$")


def canonical_keys(keys: pd.Series) -> pd.Series:
    """Parcel keys written one way, so lists typed by hand match the parcel ids.

    A kadastrale aanduiding is recognised by its fixed shape (AKR code of three letters
    and two digits, a sectie of one or two letters, a perceelnummer of up to five
    digits) and rewritten as ``"OTL02 B 2298"`` whatever its case, spacing, separators
    or leading zeros: ``"otl02 b 2298"``, ``"OTL02B2298"`` and ``"OTL02-B-02298"`` all
    become ``"OTL02 B 2298"``. Any other key is only trimmed, upper-cased and its inner
    whitespace collapsed. Missing keys stay missing.
    """
    text = keys.astype("string").str.strip().str.upper().str.replace(r"\s+", " ", regex=True)
    parts = text.str.extract(_KEY_PATTERN)
    aanduiding = parts[0] + " " + parts[1] + " " + parts[2]
    return aanduiding.where(parts[0].notna(), text)


def _sniff(path: Path) -> str:
    with path.open("rb") as f:
        return f.read(16_384).decode("utf-8", errors="replace")


def brk_template_options(path: Path) -> dict[str, str] | None:
    """GDAL open options for a Kadastrale Kaart v5 perceel GML; None for any other file.

    Raises
    ------
    InputError
        A Kadastrale Kaart GML of another kind (grenzen, labels): not parcels.
    """
    if not is_gml(path) or not path.is_file():
        return None
    head = _sniff(path)
    if BRK_NAMESPACE not in head:
        return None
    if not re.search(r"<(\w+:)?Perceel[\s>]", head):
        raise InputError(
            "is a Kadastrale Kaart file without percelen",
            path=path,
            hint="use the kadastralekaart_perceel.gml of the download",
        )
    return {"GFS_TEMPLATE": str(paths.resource("gdal", "brk_perceel.gfs"))}


def _squash(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def brk_fields(columns: pd.Index) -> dict[str, str]:
    """Map of our BRK column names to the layer's fields that hold them (where present)."""
    by_squashed: dict[str, str] = {}
    for column in columns:
        by_squashed.setdefault(_squash(str(column)), str(column))
    found = {}
    for ours, variants in _BRK_FIELDS.items():
        match = next((by_squashed[v] for v in variants if v in by_squashed), None)
        if match is not None:
            found[ours] = match
    return found


def _as_text(values: pd.Series) -> pd.Series:
    """Values as trimmed strings; whole floats (as numeric ids arrive) without ``.0``."""
    if pd.api.types.is_float_dtype(values):
        whole = values.dropna()
        if (whole == np.round(whole)).all():
            values = values.astype("Int64")
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def _aanduiding(gdf: gpd.GeoDataFrame, fields: dict[str, str]) -> pd.Series:
    akr = _as_text(gdf[fields[schema.AKR_CODE]]).str.upper()
    sectie = _as_text(gdf[fields[schema.SECTIE]]).str.upper()
    nummer = pd.to_numeric(gdf[fields[schema.PERCEELNUMMER]], errors="coerce").astype("Float64")
    nummer_text = nummer.where(nummer == nummer.round()).astype("Int64").astype("string")
    return akr + " " + sectie + " " + nummer_text


def _parcel_ids(gdf: gpd.GeoDataFrame, source: Source, path: Path, layer: str) -> pd.Series:
    fields = brk_fields(gdf.columns)
    id_field = source.option("id_field")
    if id_field is not None:
        ids = _as_text(require_field(gdf, id_field, "id_field", path=path, layer=layer))
        what = f"field '{id_field}'"
    elif all(f in fields for f in _AANDUIDING):
        ids, what = (
            _aanduiding(gdf, fields),
            "kadastrale aanduiding (AKR code, sectie, perceelnummer)",
        )
    else:
        raise InputError(
            "has no parcel id: no kadastrale aanduiding fields (AKRKadastraleGemeenteCodeWaarde, "
            f"sectie, perceelnummer) and no id_field; its fields are: {fields_text(gdf)}",
            path=path,
            layer=layer,
            hint="set id_field to the field that identifies each parcel",
        )
    missing = ids.isna().to_numpy()
    if missing.any():
        raise InputError(
            f"{int(missing.sum())} parcels have no {what} (first: {examples(gdf.index[missing])})",
            path=path,
            layer=layer,
            feature=gdf.index[missing][0],
            hint="fill in the id or filter these features out with 'where'",
        )
    _refuse_duplicates(ids, path, layer)
    return ids.astype(str)


def _refuse_duplicates(ids: pd.Series, path: Path, layer: str) -> None:
    repeated = ids.duplicated(keep=False).to_numpy()
    if not repeated.any():
        return
    first = ids[repeated].iloc[0]
    fids = ids.index[(ids == first).to_numpy()]
    count = int(ids[repeated].nunique())
    raise InputError(
        f"parcel id '{first}' occurs more than once (features {fids[0]} and {fids[1]}); "
        f"{count} ids repeat",
        path=path,
        layer=layer,
        feature=fids[1],
        hint="each parcel must be one feature: filter out history versions with 'where' "
        "or dissolve multipart parcels",
    )


def read_parcels(source: Source, report: Report) -> gpd.GeoDataFrame:
    """Parcels with a unique ``parcel_id``, valid polygons in EPSG:28992.

    Parameters
    ----------
    source : Source
        A polygon layer, or a PDOK Kadastrale Kaart v5 ``kadastralekaart_perceel.gml``.
        Option ``id_field`` names the id field when the layer has no BRK fields (or
        overrides them).
    report : Report
        Receives the geometry repairs of the layer.

    Returns
    -------
    GeoDataFrame
        Sorted by ``parcel_id``, indexed by feature id (``fid``), columns ``parcel_id``
        (str, unique) and, where
        the layer has them, ``akr_code``, ``sectie``, ``perceelnummer`` (Int64) and
        ``kadastrale_grootte`` (registered area, m²), then ``geometry``.

    Raises
    ------
    InputError
        Everything ``read_vector`` refuses; no id field; parcels without an id; a
        repeated id.
    """
    path = Path(source.path)
    gdf = read_vector(
        source,
        report,
        role="parcels",
        expect="polygon",
        open_options=brk_template_options(path) if path.exists() else None,
    )
    layer = gdf.attrs.get("layer", source.layer)
    columns: dict[str, pd.Series] = {schema.PARCEL_ID: _parcel_ids(gdf, source, path, layer)}
    fields = brk_fields(gdf.columns)
    if schema.AKR_CODE in fields:
        columns[schema.AKR_CODE] = as_text(_as_text(gdf[fields[schema.AKR_CODE]]).str.upper())
    if schema.SECTIE in fields:
        columns[schema.SECTIE] = as_text(_as_text(gdf[fields[schema.SECTIE]]).str.upper())
    if schema.PERCEELNUMMER in fields:
        number = pd.to_numeric(gdf[fields[schema.PERCEELNUMMER]], errors="coerce")
        columns[schema.PERCEELNUMMER] = number.round().astype("Int64")
    if schema.KADASTRALE_GROOTTE in fields:
        size = gdf[fields[schema.KADASTRALE_GROOTTE]]
        columns[schema.KADASTRALE_GROOTTE] = pd.to_numeric(size, errors="coerce").astype(float)
    parcels = gpd.GeoDataFrame(columns, geometry=gdf.geometry, crs=gdf.crs)
    # In parcel id order, whatever the file's order: equal scores then rank by parcel id
    # everywhere (engine, robustness, the dock's live ranking), and the same parcels in
    # another order give the same tables.
    parcels = parcels.sort_values(schema.PARCEL_ID, kind="stable")
    parcels.attrs["layer"] = layer
    log.info("%s, layer %s: %d parcels", path, layer, len(parcels))
    return parcels
