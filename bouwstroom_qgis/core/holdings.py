"""Holdings: what corporations, municipalities and provinces own, from their own lists.

Open BRK has no owners, so holdings come from the owners' lists, in three shapes:

- a polygon layer (e.g. a municipality's land register), kept as ``Holdings.polygons``;
- a point layer (e.g. BAG verblijfsobject points of a corporation), ``Holdings.points``;
- a table (CSV with ``;`` or ``,``, or XLSX) keyed by kadastrale aanduiding, matched to
  the parcel ids as ``Holdings.by_parcel``.

Options per source: ``owner_field`` or a fixed ``owner``; ``owner_type_field`` or a
fixed ``owner_type``; for tables ``key_field``; for workbooks the sheet as ``layer``.

Decisions, all reported:

- Keys are compared in one spelling (``parcels.canonical_keys``): a kadastrale
  aanduiding in any case, spacing or separators (``otl02 b 2298``, ``OTL02B2298``)
  matches ``OTL02 B 2298``; other ids match ignoring case and surrounding spaces. Keys
  that match no parcel are left out with a warning naming the first few.
- Owner types become corporatie, gemeente, provincie or overig. Usual variants are
  recognised (``Woningcorporatie``, ``toegelaten instelling``, ``Gemeente Groningen``,
  ``municipality``); a value that is none of these counts as ``overig`` with a warning
  listing the values and their counts, because a holdings list with an unforeseen type
  is still worth using, and overig gives such a holding no bonus. A fixed ``owner_type``
  in the scenario must be one of the four (a typo there is an error).
- Rows without an owner or key are left out with a warning; a row repeating the same
  parcel, owner and type is counted once (a repair). Several owners of one parcel stay
  as several rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io import geometry
from bouwstroom_qgis.core.io.inputs import fields_text, require_field
from bouwstroom_qgis.core.io.tables import TABLE_SUFFIXES, read_table
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.parcels import canonical_keys
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source

log = logging.getLogger(__name__)

_EXAMPLES = 3

_OWNER_TYPE_VARIANTS = {
    "corporatie": (
        "corporatie", "woningcorporatie", "woningbouwcorporatie", "wooncorporatie",
        "toegelaten instelling", "ti", "woningstichting", "woonstichting",
        "woningbouwvereniging", "housing association", "housing corporation",
    ),
    "gemeente": ("gemeente", "gem", "gemeentelijk", "municipality", "municipal", "grondbedrijf"),
    "provincie": ("provincie", "prov", "provinciaal", "province", "provincial"),
    "overig": (
        "overig", "overige", "anders", "other", "onbekend", "particulier", "privaat",
        "private", "bedrijf", "rijk", "staat", "waterschap",
    ),
}  # fmt: skip
_OWNER_TYPE_LOOKUP = {v: t for t, variants in _OWNER_TYPE_VARIANTS.items() for v in variants}
_OWNER_TYPE_STEMS = {"corporatie": "corporatie", "gemeente": "gemeente", "provinci": "provincie"}


@dataclass
class Holdings:
    """Holdings by geometry and by parcel id, each with ``owner`` and ``owner_type``.

    ``polygons`` and ``points`` are GeoDataFrames in EPSG:28992; ``by_parcel`` is a
    DataFrame with ``parcel_id`` too. Owner types are one of ``schema.OWNER_TYPES``.
    """

    polygons: gpd.GeoDataFrame
    points: gpd.GeoDataFrame
    by_parcel: pd.DataFrame

    @classmethod
    def empty(cls) -> Holdings:
        """No holdings at all: every frame has its columns and no rows."""
        return cls(_empty_geo(), _empty_geo(), _by_parcel_frame([]))

    @property
    def is_empty(self) -> bool:
        return self.polygons.empty and self.points.empty and self.by_parcel.empty


def _empty_geo() -> gpd.GeoDataFrame:
    columns = {schema.OWNER: pd.Series(dtype=str), schema.OWNER_TYPE: pd.Series(dtype=str)}
    return gpd.GeoDataFrame(columns, geometry=gpd.GeoSeries([], crs=schema.RD_NEW))


def _geo_frame(parts: list[gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    if not parts:
        return _empty_geo()
    return gpd.GeoDataFrame(pd.concat(parts, ignore_index=True), crs=schema.RD_NEW)


def _by_parcel_frame(parts: list[pd.DataFrame]) -> pd.DataFrame:
    columns = [schema.PARCEL_ID, schema.OWNER, schema.OWNER_TYPE]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=str) for c in columns})
    return pd.concat(parts, ignore_index=True)[columns]


def read_holdings(
    sources: Sequence[Source], report: Report, parcel_ids: pd.Index | None = None
) -> Holdings:
    """Read every holdings source; no sources give empty ``Holdings``.

    Parameters
    ----------
    sources : sequence of Source
        Polygon or point layers and CSV/XLSX tables, with the owner options above.
    report : Report
        Receives repairs and warnings (unmatched keys, unknown owner types, ...).
    parcel_ids : pandas.Index, optional
        The parcels' ids; when given, table keys are matched to them and ``by_parcel``
        holds these ids exactly as the parcels spell them.

    Raises
    ------
    InputError
        A source that cannot be read, lacks a named field, has lines, or names no owner.
    """
    polygons, points, tables = [], [], []
    for source in sources:
        suffix = Path(source.path).suffix.lower()
        if suffix in TABLE_SUFFIXES:
            tables.append(_read_table(source, report, parcel_ids))
        else:
            layer_polygons, layer_points = _read_layer(source, report)
            polygons.append(layer_polygons)
            points.append(layer_points)
    holdings = Holdings(_geo_frame(polygons), _geo_frame(points), _by_parcel_frame(tables))
    log.info(
        "holdings: %d polygons, %d points, %d parcels by key",
        len(holdings.polygons),
        len(holdings.points),
        len(holdings.by_parcel),
    )
    return holdings


# --- owners -------------------------------------------------------------------------------


def _text(values: pd.Series) -> pd.Series:
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def owner_type_of(value: str) -> str | None:
    """One of the four owner types for a written value, or None when not recognised.

    Examples
    --------
    >>> owner_type_of("Woningcorporatie"), owner_type_of("Gemeente Groningen")
    ('corporatie', 'gemeente')
    """
    words = re.sub(r"[\s._-]+", " ", value.lower()).strip()
    if words in _OWNER_TYPE_LOOKUP:
        return _OWNER_TYPE_LOOKUP[words]
    stems = {t for stem, t in _OWNER_TYPE_STEMS.items() if stem in words}
    return stems.pop() if len(stems) == 1 else None


def _field(frame: pd.DataFrame, option: str, name: str, path: Path, layer: str | None) -> pd.Series:
    return _text(require_field(frame, name, option, path=path, layer=layer))


def _owners(
    frame: pd.DataFrame, source: Source, report: Report, label: str, path: Path, layer: str | None
) -> pd.DataFrame:
    """Columns owner and owner_type for every row (missing owners stay missing)."""
    if source.option("owner_field") is not None:
        owner = _field(frame, "owner_field", source.option("owner_field"), path, layer)
    elif source.option("owner") is not None:
        owner = pd.Series(str(source.option("owner")), index=frame.index, dtype="string")
    else:
        raise InputError(
            f"names no owner; its fields are: {fields_text(frame)}",
            path=path,
            layer=layer,
            hint="set owner_field to the field with the owner, or owner to one name for all",
        )
    if source.option("owner_type_field") is not None:
        written = _field(frame, "owner_type_field", source.option("owner_type_field"), path, layer)
        owner_type = _owner_types(written, report, label)
    elif source.option("owner_type") is not None:
        fixed = owner_type_of(str(source.option("owner_type")))
        if fixed is None:
            raise InputError(
                f"owner type '{source.option('owner_type')}' is not one of "
                f"{', '.join(schema.OWNER_TYPES)}",
                path=path,
                layer=layer,
                hint="set owner_type to one of these",
            )
        owner_type = pd.Series(fixed, index=frame.index, dtype="string")
    else:
        raise InputError(
            f"names no owner type; its fields are: {fields_text(frame)}",
            path=path,
            layer=layer,
            hint="set owner_type_field to a field, or owner_type to "
            f"{' / '.join(schema.OWNER_TYPES)} for all",
        )
    return pd.DataFrame({schema.OWNER: owner, schema.OWNER_TYPE: owner_type}, index=frame.index)


def _owner_types(written: pd.Series, report: Report, label: str) -> pd.Series:
    """Written owner types mapped to the four; unknown or blank ones count as overig."""
    uniques = written.dropna().unique()
    mapping = {value: owner_type_of(str(value)) for value in uniques}  # few distinct values
    mapped = written.map(mapping)
    unknown = written.notna() & mapped.isna()
    if unknown.any():
        counts = written[unknown].value_counts()
        listed = ", ".join(
            f"'{v}' in {n} row{'s' if n > 1 else ''}" for v, n in counts.head(5).items()
        )
        more = ", ..." if len(counts) > 5 else ""
        report.warn(
            label, f"owner types not recognised, counted as 'overig': {listed}{more}", unknown.sum()
        )
    blank = written.isna()
    if blank.any():
        report.warn(label, "rows without an owner type, counted as 'overig'", blank.sum())
    return mapped.fillna("overig").astype("string")


def _drop_without(
    frame: pd.DataFrame,
    mask: pd.Series,
    report: Report,
    label: str,
    what: str,
    names: tuple[str, pd.Index],
) -> pd.DataFrame:
    """Leave out the rows in ``mask`` with a warning naming the first few.

    ``names`` is a word and the numbers aligned with ``frame``, e.g. ("row", rows).
    """
    hit = mask.to_numpy(dtype=bool)
    if hit.any():
        word, numbers = names
        first = ", ".join(f"{word} {n}" for n in numbers[hit][:_EXAMPLES])
        report.warn(label, f"{what} left out (first: {first})", int(hit.sum()))
    return frame.loc[~hit]


# --- layers -------------------------------------------------------------------------------


def _read_layer(source: Source, report: Report) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Polygons and points of one layer with their owners; lines are an error."""
    path = Path(source.path)
    gdf = read_vector(source, report, role="holdings", expect="any")
    layer = gdf.attrs.get("layer", source.layer)
    types = np.asarray(shapely.get_type_id(gdf.geometry.values))
    polygonal = np.isin(types, geometry.POLYGONAL_TYPES)
    other = ~polygonal & ~np.isin(types, geometry.POINT_TYPES)
    if other.any():
        raise InputError(
            f"holds {int(other.sum())} features that are neither polygons nor points "
            f"(first: {geometry.examples(gdf.index[other])})",
            path=path,
            layer=layer,
            feature=gdf.index[other][0],
            hint="holdings need polygons (land) or points (e.g. BAG verblijfsobjecten)",
        )
    label = f"{path}, layer '{layer}'"
    owners = _owners(gdf, source, report, label, path, layer)
    missing = owners[schema.OWNER].isna()
    owners = _drop_without(
        owners, missing, report, label, "features without an owner", ("fid", gdf.index)
    )
    polygonal = polygonal[~missing.to_numpy()]
    frame = gpd.GeoDataFrame(owners.astype(str), geometry=gdf.geometry[~missing.to_numpy()])
    return frame.loc[polygonal], frame.loc[~polygonal]


# --- tables -------------------------------------------------------------------------------


def _read_table(source: Source, report: Report, parcel_ids: pd.Index | None) -> pd.DataFrame:
    """Rows parcel_id, owner, owner_type of one CSV or XLSX table."""
    path = Path(source.path)
    if source.where:
        raise InputError(
            "a filter ('where') applies to map layers, not to tables",
            path=path,
            hint="filter the table itself, or remove 'where'",
        )
    frame, sheet = read_table(path, source.layer)
    label = f"{path}, sheet '{sheet}'" if sheet else str(path)
    key_field = source.option("key_field")
    if key_field is None:
        raise InputError(
            f"is a table without key_field; its columns are: {fields_text(frame)}",
            path=path,
            layer=sheet,
            hint="set key_field to the column with the kadastrale aanduiding (e.g. OTL02 B 2298)",
        )
    written_keys = _field(frame, "key_field", key_field, path, sheet)
    table = _owners(frame, source, report, label, path, sheet)
    table[schema.PARCEL_ID] = canonical_keys(written_keys)
    rows = ("row", frame.index + 2)  # as a spreadsheet numbers them, the header being row 1
    table = _drop_without(
        table, table[schema.PARCEL_ID].isna(), report, label, "rows without a parcel key", rows
    )
    rows = ("row", table.index + 2)
    table = _drop_without(
        table, table[schema.OWNER].isna(), report, label, "rows without an owner", rows
    )
    if parcel_ids is not None:
        table = _match(table, written_keys.loc[table.index], parcel_ids, report, label)
    table = table[[schema.PARCEL_ID, schema.OWNER, schema.OWNER_TYPE]].astype(str)
    repeated = table.duplicated()
    report.repair(
        label, "rows repeating a parcel, owner and owner type counted once", repeated.sum()
    )
    return table.loc[~repeated.to_numpy()]


def _match(
    table: pd.DataFrame, written: pd.Series, parcel_ids: pd.Index, report: Report, label: str
) -> pd.DataFrame:
    """Replace the keys by the parcel ids they match; unmatched rows are left out."""
    ids = pd.Series(np.asarray(parcel_ids, dtype=object)).astype(str)
    canonical = canonical_keys(ids)
    ambiguous = canonical.duplicated(keep=False).to_numpy()
    lookup = pd.Series(ids[~ambiguous].to_numpy(), index=canonical[~ambiguous].to_numpy())
    matched = table[schema.PARCEL_ID].map(lookup)
    if ambiguous.any():  # ids that differ only in case or spacing: only the exact text matches
        exact = set(ids[ambiguous])
        matched = matched.where(matched.notna(), written.where(written.isin(exact)))
    unmatched = matched.isna().to_numpy()
    if unmatched.any():
        keys = written[unmatched].drop_duplicates()
        first = ", ".join(f"'{k}'" for k in keys.iloc[:_EXAMPLES])
        more = ", ..." if len(keys) > _EXAMPLES else ""
        report.warn(
            label, f"keys that match no parcel left out (first: {first}{more})", unmatched.sum()
        )
    table = table.loc[~unmatched].copy()
    table[schema.PARCEL_ID] = matched[~unmatched]
    return table
