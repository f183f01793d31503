"""All zoning inputs combined into the one normalised zoning table the metrics stage uses.

A zoning input (a ``Source``) is one of:

- an IMRO plan GML (``.gml``/``.xml``), read by ``core/imro.py``; ``layer`` picks one
  object type;
- a GeoPackage written by ``bouwstroom import-imro`` (``core/zoning_gpkg.py``);
- any polygon layer GDAL reads (through ``core/io/vector.py``, like every map layer),
  with reader options:

  ``value_field`` (required)
      the column holding the zoning value;
  ``mapping``
      value -> IMRO main group, for values the built-in tables do not know;
  ``object_type``
      the object type of the layer's rows (default ``Enkelbestemming``);
  ``name_field``, ``id_field``
      columns for ``naam`` and ``identificatie`` (default: the value, the feature id);
  ``plan_id``, ``plan_status``
      fixed for the layer (default: the file name, unknown).

  A value maps through ``mapping`` first, then the IMRO code list and known old names
  of the object type, then the omgevingsplan (IMOW) concepts, so a layer of IMOW
  function URIs needs no mapping. Values that still do not map are kept with an empty
  main group and reported by name and count.

Every table ends in EPSG:28992 with valid 2D MultiPolygons: coordinate systems, arcs and
geometry hygiene are those of every reader (``core/io``). Overlapping Enkelbestemmingen
are then repaired (``core/zoning_overlap.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.compat import as_text
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.imro import read_imro_plan
from bouwstroom_qgis.core.imro_groups import (
    CODE_LISTS,
    imow_groups,
    main_groups,
    normalise_names,
    plan_statuses,
    report_unmapped,
)
from bouwstroom_qgis.core.io.geometry import as_multipolygons
from bouwstroom_qgis.core.io.gml import is_gml
from bouwstroom_qgis.core.io.inputs import require_field
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.core.zoning_gpkg import (
    ZONING_ROLE,
    empty_zoning,
    read_zoning_geopackage,
    write_zoning_geopackage,
    zoning_layers,
)
from bouwstroom_qgis.core.zoning_overlap import priority, repair_overlaps

__all__ = ["read_zoning", "read_zoning_geopackage", "read_zoning_source", "write_zoning_geopackage"]

log = logging.getLogger(__name__)


def read_zoning(
    sources: Sequence[Source],
    report: Report,
    residential_groups: Sequence[str] | None = None,
    feedback: Feedback | None = None,
) -> gpd.GeoDataFrame:
    """Read and combine zoning inputs into the normalised zoning table.

    Parameters
    ----------
    sources : sequence of Source
        Zoning inputs in order; a later source wins overlaps of equal plan status.
    report : Report
        Receives unmapped values, repairs and assumptions, with counts.
    residential_groups : sequence of str, optional
        The scenario's residential main groups; checked against the IMRO code list, and
        a warning is given when no Enkelbestemming falls in them.
    feedback : Feedback, optional
        Progress and cancellation.

    Returns
    -------
    GeoDataFrame
        ``object_type``, ``hoofdgroep``, ``naam``, ``plan_id``, ``plan_status``,
        ``identificatie`` and geometry (valid 2D MultiPolygons, EPSG:28992, metres).
    """
    feedback = feedback or Feedback()
    tables, origin = [], []
    for number, source in enumerate(sources):
        feedback.report(number / max(len(sources), 1), f"reading zoning {source.path.name}")
        table = read_zoning_source(source, report)
        tables.append(table)
        origin.append(np.full(len(table), number))
    if not tables:
        return empty_zoning()
    zoning = gpd.GeoDataFrame(pd.concat(tables, ignore_index=True), crs=s.RD_NEW)
    rank = priority(zoning[s.PLAN_STATUS], np.concatenate(origin))
    zoning = repair_overlaps(zoning, rank, report, "zoning")
    if residential_groups is not None:
        _check_residential(zoning, residential_groups, report)
    feedback.report(1.0, "zoning read")
    log.info("zoning: %d objects from %d inputs", len(zoning), len(tables))
    return zoning


def read_zoning_source(source: Source, report: Report) -> gpd.GeoDataFrame:
    """One zoning input as a normalised zoning table (no overlap repair)."""
    if is_gml(source.path) and not source.option("value_field"):
        if source.where:
            raise InputError(
                "a 'where' filter is not supported for IMRO plans",
                path=source.path,
                hint="choose an object type with 'layer' instead",
            )
        plan = read_imro_plan(source.path, report)
        if source.layer is not None:
            if source.layer not in s.IMRO_OBJECT_TYPES:
                raise InputError(
                    f"'{source.layer}' is not an IMRO object type",
                    path=source.path,
                    hint=f"use one of {', '.join(s.IMRO_OBJECT_TYPES)}",
                )
            plan = {k: v for k, v in plan.items() if k == source.layer}
        frames = list(plan.values())
        return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True)) if frames else empty_zoning()
    if not source.option("value_field") and zoning_layers(source.path):
        if source.where:
            raise InputError(
                "a 'where' filter is not supported for zoning GeoPackages",
                path=source.path,
                hint="choose an object type with 'layer' instead",
            )
        return read_zoning_geopackage(source.path, report, source.layer)
    return read_zoning_layer(source, report)


def read_zoning_layer(source: Source, report: Report) -> gpd.GeoDataFrame:
    """A polygon layer whose ``value_field`` says the zoning, mapped to IMRO main groups."""
    value_field = source.option("value_field")
    if not value_field:
        raise InputError(
            "is not an IMRO plan or zoning GeoPackage, and no value_field is given",
            path=source.path,
            layer=source.layer,
            hint="set value_field (and mapping) for this zoning input",
        )
    object_type = _object_type(source)
    frame = read_vector(source, report, role=ZONING_ROLE, expect="polygon")
    layer = frame.attrs["layer"]
    for option in ("value_field", "name_field", "id_field"):
        if source.option(option):
            require_field(frame, source.option(option), option, path=source.path, layer=layer)
    fids = pd.Series(frame.index.to_numpy(), dtype=object)  # what QGIS shows as the fid
    frame = frame.reset_index(drop=True)
    values = frame[value_field].astype(object).where(frame[value_field].notna(), None)
    mapped = _map_values(values, object_type, source)
    name_field, id_field = source.option("name_field"), source.option("id_field")
    naam = frame[name_field] if name_field else values
    ids = frame[id_field] if id_field else fids
    status = _fixed_status(source, len(frame))
    columns = {
        s.OBJECT_TYPE: mapped[s.OBJECT_TYPE].to_numpy(dtype=object),
        s.HOOFDGROEP: mapped[s.HOOFDGROEP].to_numpy(dtype=object),
        s.NAAM: naam.astype(object).where(naam.notna(), None).to_numpy(),
        s.PLAN_ID: np.full(len(frame), source.option("plan_id", source.path.stem), object),
        s.PLAN_STATUS: status,
        s.IDENTIFICATIE: as_text(ids).to_numpy(dtype=object),
    }
    table = gpd.GeoDataFrame(
        {name: pd.Series(values, dtype=object) for name, values in columns.items()},
        geometry=as_multipolygons(frame.geometry.to_numpy()),
        crs=s.RD_NEW,
    )
    grouped = table[s.OBJECT_TYPE].isin(list(CODE_LISTS)).to_numpy()
    label = f"{source.path}, layer '{layer}'"
    report_unmapped(report, label, values[grouped], table[s.HOOFDGROEP][grouped], "hoofdgroep")
    return table


def _object_type(source: Source) -> str:
    wanted = str(source.option("object_type", s.ENKELBESTEMMING))
    for kind in s.IMRO_OBJECT_TYPES:
        if kind.lower() == wanted.strip().lower():
            return kind
    raise InputError(
        f"object_type '{wanted}' is not an IMRO object type",
        path=source.path,
        layer=source.layer,
        hint=f"use one of {', '.join(s.IMRO_OBJECT_TYPES)}",
    )


def _fixed_status(source: Source, count: int) -> np.ndarray:
    raw = source.option("plan_status")
    if raw is None:
        return np.full(count, None, dtype=object)
    status = plan_statuses(pd.Series([raw], dtype=object)).iloc[0]
    if status is None:
        raise InputError(
            f"plan_status '{raw}' is not an IMRO plan status",
            path=source.path,
            layer=source.layer,
            hint=f"use one of {', '.join(s.PLAN_STATUSES)}",
        )
    return np.full(count, status, dtype=object)


def _map_values(values: pd.Series, object_type: str, source: Source) -> pd.DataFrame:
    """Object type and main group per value: user mapping, IMRO names, then IMOW concepts."""
    mapping = _user_mapping(source, object_type)
    keys = normalise_names(values)
    group = keys.map(mapping, na_action="ignore").astype(object)
    kind = pd.Series(object_type, index=values.index, dtype=object)
    group = group.where(group.notna(), main_groups(object_type, values))
    imow = imow_groups(values)
    use_imow = group.isna() & imow[s.HOOFDGROEP].notna()
    group = group.where(~use_imow, imow[s.HOOFDGROEP])
    kind = kind.where(~use_imow, imow[s.OBJECT_TYPE])
    return pd.DataFrame({s.OBJECT_TYPE: kind, s.HOOFDGROEP: group.where(group.notna(), None)})


def _user_mapping(source: Source, object_type: str) -> dict[str, str]:
    """The scenario's ``mapping``, keyed like ``normalise_names``; its targets checked."""
    raw = source.option("mapping") or {}
    if not isinstance(raw, Mapping):
        raise InputError(
            "mapping must be a table of value = main group",
            path=source.path,
            layer=source.layer,
        )
    keys = normalise_names(pd.Series(list(raw.keys()), dtype=object).astype(str))
    targets = [str(target).strip().lower() for target in raw.values()]
    allowed = CODE_LISTS.get(object_type)
    for value, target in zip(raw.keys(), targets, strict=True):
        if allowed is not None and target not in allowed:
            raise InputError(
                f"mapping gives '{target}' for '{value}', which is not an IMRO main group "
                f"of {object_type}",
                path=source.path,
                layer=source.layer,
                hint=f"use one of {', '.join(allowed)}",
            )
    known = keys.notna().to_numpy()
    return dict(zip(keys[known], np.array(targets, dtype=object)[known], strict=True))


def _check_residential(
    zoning: gpd.GeoDataFrame, residential_groups: Sequence[str], report: Report
) -> None:
    for group in residential_groups:
        if group not in s.ENKELBESTEMMING_GROUPS:
            report.warn("scenario", f"residential group '{group}' is not an IMRO main group")
    enkel = zoning[s.OBJECT_TYPE] == s.ENKELBESTEMMING
    residential = enkel & zoning[s.HOOFDGROEP].isin(list(residential_groups))
    if enkel.any() and not residential.any():
        report.warn(
            "zoning",
            f"no Enkelbestemming has a residential main group ({', '.join(residential_groups)}); "
            "check the zoning mapping",
            int(enkel.sum()),
        )
    area = zoning.geometry[residential].area.sum() / 10_000
    log.info("zoning: %.1f ha residential Enkelbestemming", area)
