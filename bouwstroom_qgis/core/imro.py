"""IMRO bestemmingsplan GML (IMRO2006, IMRO2008, IMRO2012) -> the normalised zoning table.

GDAL's GML driver reads the plan, steered by a schema template shipped in
``resources/gdal/imro.gfs`` (open option ``GFS_TEMPLATE``): it names the plan object
classes and the attributes wanted from every IMRO version, and declares the geometry as
MultiPolygon without a fixed path. With ``GML_FETCH_ALL_GEOMETRIES=YES`` GDAL collects
every geometry of an object wherever the version nests it (IMRO2006 wraps it in
``PuntLijnVlak``/``VlakMultiVlak`` and puts the label point after it, which otherwise
replaces the polygon) and linearises arcs and circles while forcing the collection to
MultiPolygon; the reader keeps the polygonal parts, so label points drop out.

Arcs are linearised deliberately, as for every GML the engine reads: the step angle is
derived per file from its own arcs (``core/io/arcs.py``) so that no chord lies more than
1 cm (``ARC_TOLERANCE_M``) from its arc; the area of a linearised object then differs
from the true area by at most 1 cm × the length of its arcs. The Arrow read path is not
used: it refuses curves. Coordinate systems and geometry hygiene are those of every
reader (``core/io/crs.py``, ``core/io/geometry.py``): repairs are counted per object
class, naming the objects by their ``gml:id``.

The input is never modified: GDAL is told not to write a ``.gfs`` beside it
(``WRITE_GFS=NO``). Bad input is an ``InputError`` naming the file (not IMRO, not
complete XML, objects GDAL could not read); unknown main groups and statuses are kept
as ``None`` and reported by name and count.
"""

from __future__ import annotations

import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyogrio.errors

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import BouwstroomError, InputError
from bouwstroom_qgis.core.imro_file import (
    BESLUITVLAK_CLASSES,
    GML_CLASSES,
    PLAN_AREA_CLASSES,
    GmlPlan,
    inspect_gml,
)
from bouwstroom_qgis.core.imro_groups import (
    CODE_LISTS,
    main_groups,
    plan_statuses,
    report_unmapped,
)
from bouwstroom_qgis.core.io import geometry
from bouwstroom_qgis.core.io.arcs import linearised, step_for
from bouwstroom_qgis.core.io.crs import to_rd_new
from bouwstroom_qgis.core.io.gdal import gdal_options, reason
from bouwstroom_qgis.core.io.vector import check_all_read
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.paths import resource

log = logging.getLogger(__name__)

ZONING_COLUMNS = (s.OBJECT_TYPE, s.HOOFDGROEP, s.NAAM, s.PLAN_ID, s.PLAN_STATUS, s.IDENTIFICATIE)
OBJECT_CLASSES = {name: name for name in s.IMRO_OBJECT_TYPES}
PLANSTATUS_FIELDS = ("planstatus_2012", "planstatus_2008", "planstatus_2008_x", "planstatus_2006")


def _read_class(plan: GmlPlan, name: str) -> gpd.GeoDataFrame:
    try:
        frame = pyogrio.read_dataframe(
            plan.gdal_source,
            layer=name,
            use_arrow=False,
            WRITE_GFS="NO",
            GFS_TEMPLATE=str(resource("gdal", "imro.gfs")),
        )
    except (
        pyogrio.errors.DataSourceError,
        pyogrio.errors.DataLayerError,
        pyogrio.errors.FeatureError,
        pyogrio.errors.GeometryError,
    ) as error:
        raise InputError(
            f"GDAL cannot read these objects ({reason(error)})",
            path=plan.path,
            layer=name,
            hint="check the file against the IMRO schema or download the plan again",
        ) from None
    if "plangebied" not in frame.columns:
        # GDAL ignores a template it cannot parse and guesses a schema instead.
        raise BouwstroomError(
            f"GDAL {pyogrio.__gdal_version_string__} did not apply the IMRO schema template "
            f"{resource('gdal', 'imro.gfs')}; reinstall the plugin"
        )
    check_all_read(len(frame), plan.counts.get(name, 0), path=plan.path, layer=name)
    return frame


def _clean(plan: GmlPlan, name: str, frame: gpd.GeoDataFrame, report: Report) -> gpd.GeoDataFrame:
    """One class's objects in RD New with valid polygons; what is repaired is counted.

    GDAL gives each object all its geometries as one collection (IMRO2006 adds the label
    point): taking its polygonal parts is how the plan is read, not a repair. Objects
    without any polygon, invalid polygons and slivers are handled as in every reader.
    """
    label = f"{plan.path}, layer '{name}'"
    if "gml_id" in frame and frame["gml_id"].notna().all() and frame["gml_id"].is_unique:
        # the report names objects by their gml:id, which the user can search the plan for
        frame = frame.set_axis(pd.Index(frame["gml_id"].to_numpy(), name="gml:id"))
    frame = geometry.force_2d(geometry.drop_missing(frame, report, label), report, label)
    if frame.empty:
        return frame.set_crs(s.RD_NEW, allow_override=True)
    if frame.crs is None and plan.crs is not None:
        frame = frame.set_crs(plan.crs)
    frame = to_rd_new(frame, report, label, path=plan.path, layer=name)
    frame = geometry.with_geometry(frame, geometry.polygonal_parts(frame.geometry.values))
    return geometry.keep_polygons(frame, report, label)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column, stripped, empty as missing (absent columns are all missing)."""
    if column not in frame:
        return pd.Series(None, index=frame.index, dtype=object)
    values = frame[column].astype("string").str.strip()
    return values.where(values.notna() & (values != ""), None).astype(object)


def _identificatie(frame: pd.DataFrame) -> pd.Series:
    """IMRO2012 namespace.lokaalID[-versie]; IMRO2006/2008 identificatie; else the gml:id."""
    lokaal = _text(frame, "lokaalID")
    namespace = _text(frame, "namespace")
    versie = _text(frame, "versie")
    nen = (namespace.fillna("").astype(str) + ".").where(namespace.notna(), "") + lokaal.astype(str)
    nen = nen + ("-" + versie.astype(str)).where(versie.notna(), "")
    nen = nen.where(lokaal.notna(), None)
    return nen.fillna(_text(frame, "identificatie")).fillna(_text(frame, "gml_id")).astype(object)


def _plan_ids(frame: pd.DataFrame) -> pd.Series:
    """The plan id of plan area objects: their gml:id, which objects refer to."""
    return _text(frame, "gml_id").fillna(_identificatie(frame))


def _plan_statuses(
    plan: GmlPlan, areas: dict[str, gpd.GeoDataFrame], report: Report
) -> dict[str, str | None]:
    """Plan id -> plan status from the plan area objects (Bestemmingsplangebied, ...)."""
    statuses: dict[str, str | None] = {}
    for name, frame in areas.items():
        raw = _text(frame, PLANSTATUS_FIELDS[0])
        for field in PLANSTATUS_FIELDS[1:]:
            raw = raw.fillna(_text(frame, field))
        status = plan_statuses(raw)
        report_unmapped(report, f"{plan.path}, layer '{name}'", raw, status, "plan status")
        statuses.update(zip(_plan_ids(frame).astype(str), status, strict=True))
    return statuses


def _plan_columns(
    frame: pd.DataFrame, statuses: dict[str, str | None], plan: GmlPlan, report: Report, name: str
) -> tuple[pd.Series, pd.Series]:
    """Plan id from the object's ``plangebied`` reference, else the file's only plan."""
    href = _text(frame, "plangebied").str.split("#").str[-1]
    plan_id = href.where(href.notna() & (href != ""), None).astype(object)
    if len(statuses) == 1:
        plan_id = plan_id.fillna(next(iter(statuses)))
    status = plan_id.map(statuses, na_action="ignore").astype(object)
    label = f"{plan.path}, layer '{name}'"
    if not statuses:
        report.warn(label, "the file has no Bestemmingsplangebied: plan status unknown", len(frame))
    else:
        # A status that is itself unknown was reported with the plan area already.
        elsewhere = int((~plan_id.isin(list(statuses))).sum())
        if elsewhere:
            report.warn(label, "refers to no plan area in the file: plan status unknown", elsewhere)
    return plan_id, status.where(status.notna(), None)


def _object_types(name: str, naam: pd.Series) -> pd.Series:
    """Object type per row of one GML class."""
    if name in OBJECT_CLASSES:
        return pd.Series(OBJECT_CLASSES[name], index=naam.index, dtype=object)
    # Beheersverordening objects carry only a name, "Woongebied" or "Leiding - Gas":
    # a Dubbelbestemming group makes it one; otherwise a Besluitvlak is the plot's
    # Enkelbestemming and a Besluitsubvlak refines part of it, like a Functieaanduiding.
    dubbel = main_groups(s.DUBBELBESTEMMING, naam).notna().to_numpy()
    rest = s.ENKELBESTEMMING if name in BESLUITVLAK_CLASSES else s.FUNCTIEAANDUIDING
    return pd.Series(np.where(dubbel, s.DUBBELBESTEMMING, rest), index=naam.index, dtype=object)


def _hoofdgroep(object_type: pd.Series, value: pd.Series, naam: pd.Series) -> pd.Series:
    """Main group from the plan's group attribute, else from the object's name."""
    hoofdgroep = pd.Series(None, index=naam.index, dtype=object)
    for kind in pd.unique(object_type):
        rows = (object_type == kind).to_numpy()
        hoofdgroep[rows] = main_groups(kind, value[rows], naam[rows])
    return hoofdgroep.where(hoofdgroep.notna(), None)


def _normalise(
    plan: GmlPlan,
    name: str,
    frame: gpd.GeoDataFrame,
    statuses: dict[str, str | None],
    report: Report,
) -> gpd.GeoDataFrame:
    label = f"{plan.path}, layer '{name}'"
    frame = _clean(plan, name, frame, report).reset_index(drop=True)
    naam = _text(frame, "naam")
    if name in PLAN_AREA_CLASSES:
        object_type = pd.Series(s.BESTEMMINGSPLANGEBIED, index=frame.index, dtype=object)
        plan_id = _plan_ids(frame)
        status = plan_id.map(statuses).astype(object)
    else:
        object_type = _object_types(name, naam)
        plan_id, status = _plan_columns(frame, statuses, plan, report, name)
    raw = _text(frame, "bestemmingshoofdgroep").fillna(_text(frame, "gebiedsaanduidinggroep"))
    hoofdgroep = _hoofdgroep(object_type, raw, naam)
    table = gpd.GeoDataFrame(
        {
            s.OBJECT_TYPE: object_type.astype(object),
            s.HOOFDGROEP: hoofdgroep,
            s.NAAM: naam,
            s.PLAN_ID: plan_id,
            s.PLAN_STATUS: status.where(status.notna(), None),
            s.IDENTIFICATIE: _identificatie(frame),
        },
        geometry=geometry.as_multipolygons(frame.geometry.to_numpy()),
        crs=s.RD_NEW,
    )
    grouped = object_type.isin(list(CODE_LISTS)).to_numpy()
    report_unmapped(report, label, raw.fillna(naam)[grouped], hoofdgroep[grouped], "hoofdgroep")
    return table


def read_imro_plan(
    path: str | Path, report: Report, feedback: Feedback | None = None
) -> dict[str, gpd.GeoDataFrame]:
    """Read an IMRO2006/2008/2012 plan GML into normalised zoning tables per object type.

    Parameters
    ----------
    path : str or Path
        The plan GML, a ``FeatureCollection`` or a single plan object.
    report : Report
        Receives unknown main groups and statuses (by name and count), geometry repairs
        and objects left out for having no area.
    feedback : Feedback, optional
        Progress and cancellation.

    Returns
    -------
    dict of str to GeoDataFrame
        Object type (``schema.IMRO_OBJECT_TYPES``) -> table with ``ZONING_COLUMNS`` and
        valid 2D MultiPolygons in EPSG:28992 (metres), in file order; only types present.
        Arcs and circles deviate at most ``ARC_TOLERANCE_M`` (1 cm) from the plan.
    """
    feedback = feedback or Feedback()
    plan = inspect_gml(path)
    log.info("%s: %s", plan.path.name, plan.version)
    step = step_for(plan.arcs, plan.unchecked_curves, report, str(plan.path))
    names = [n for n in GML_CLASSES if plan.counts.get(n)]
    parts = []
    with linearised(step), gdal_options(GML_FETCH_ALL_GEOMETRIES="YES"):
        frames = {}
        for number, name in enumerate(names):
            feedback.report(0.8 * number / len(names), f"reading {name}")
            frames[name] = _read_class(plan, name)
    areas = {name: frame for name, frame in frames.items() if name in PLAN_AREA_CLASSES}
    statuses = _plan_statuses(plan, areas, report)
    for name, frame in frames.items():
        parts.append(_normalise(plan, name, frame, statuses, report))
    feedback.report(1.0, "plan read")
    table = pd.concat(parts, ignore_index=True)
    return {
        kind: table[table[s.OBJECT_TYPE] == kind].reset_index(drop=True)
        for kind in s.IMRO_OBJECT_TYPES
        if (table[s.OBJECT_TYPE] == kind).any()
    }
