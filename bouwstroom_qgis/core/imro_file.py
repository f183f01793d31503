"""A first pass over an IMRO plan GML: is it IMRO, complete, in RD New; what does it hold.

Fast checks on the raw bytes before GDAL reads anything, so that a file that is not an
IMRO plan, is cut off, or is damaged gives an ``InputError`` naming the file instead of
a plan with silently fewer objects (GDAL stops at a parse error without failing).
IMRO plans are in RD New by definition: a plan that says another coordinate system is
refused, not reprojected.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.io.arcs import Arcs, count_unchecked, find_arcs
from bouwstroom_qgis.core.io.gml import check_complete
from bouwstroom_qgis.core.io.inputs import require_file

# The GML classes read: plan objects, plan areas (which carry the plan's id and status)
# and the objects of a beheersverordening, which carry only a name.
PLAN_AREA_CLASSES = (
    "Bestemmingsplangebied",
    "Besluitgebied_X",
    "Besluitgebied_A",
    "Besluitgebied_P",
)
BESLUITVLAK_CLASSES = ("Besluitvlak_X", "Besluitvlak_A", "Besluitvlak_P")
BESLUITSUBVLAK_CLASSES = ("Besluitsubvlak_X", "Besluitsubvlak_A", "Besluitsubvlak_P")
GML_CLASSES = tuple(
    dict.fromkeys(
        [*s.IMRO_OBJECT_TYPES, *PLAN_AREA_CLASSES, *BESLUITVLAK_CLASSES, *BESLUITSUBVLAK_CLASSES]
    )
)

_NAMESPACE = re.compile(
    rb"""xmlns(?::[\w.-]+)?\s*=\s*["']"""
    rb"""(https?://(?:www\.)?(?:ravi\.nl/imro|geonovum\.nl/imro)[^"']*)"""
)
_START_TAG = re.compile(
    rb"<(?:[\w.-]+:)?(" + b"|".join(c.encode() for c in GML_CLASSES) + rb")[\s/>]"
)
_ROOT = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(<\?xml[^>]*\?>)?(?:\s*<!--.*?-->)*\s*<(?:[\w.-]+:)?([\w.-]+)",
    re.S,
)
_SRS_NAME = re.compile(rb"""srsName\s*=\s*["']([^"']+)["']""")


@dataclass(frozen=True)
class GmlPlan:
    """What a first pass over the file learnt: version, objects per class, CRS, arcs."""

    path: Path
    version: str
    counts: dict[str, int]
    arcs: Arcs
    unchecked_curves: int
    data: bytes | None  # a single object wrapped in a collection, read from memory
    crs: str | None  # EPSG:28992 when the geometries say so, None when none says

    @property
    def gdal_source(self) -> str | bytes:
        return self.data if self.data is not None else str(self.path)


def _version(namespace: bytes) -> str:
    for year in ("2006", "2008", "2012"):
        if year.encode() in namespace:
            return f"IMRO{year}"
    return "IMRO"


def _check_crs(data: bytes, path: Path) -> str | None:
    """The plan's CRS, from its ``srsName``s: RD New, or None when no geometry names one."""
    names = {m.decode(errors="replace").strip() for m in set(_SRS_NAME.findall(data))}
    other = sorted(n for n in names if not n.endswith("28992"))
    if other:
        raise InputError(
            f"uses coordinate system {other[0]}; IMRO plans are in RD New (EPSG:28992)",
            path=path,
            hint="export the plan in EPSG:28992",
        )
    return s.RD_NEW if names else None


def inspect_gml(path: str | Path) -> GmlPlan:
    """Check that ``path`` is a complete IMRO plan GML and count its plan objects."""
    path = Path(path)
    require_file(path)
    data = path.read_bytes()
    namespace = _NAMESPACE.search(data[:65536])
    if namespace is None:
        raise InputError(
            "is not an IMRO plan: no IMRO2006/2008/2012 namespace in the file",
            path=path,
            hint="give a bestemmingsplan GML from ruimtelijkeplannen.nl "
            "or a GeoPackage written by 'bouwstroom import-imro'",
        )
    check_complete(path, data)
    crs = _check_crs(data, path)
    counts: dict[str, int] = {}
    for name in _START_TAG.findall(data):
        counts[name.decode()] = counts.get(name.decode(), 0) + 1
    if not any(counts.get(c, 0) for c in GML_CLASSES if c not in PLAN_AREA_CLASSES):
        raise InputError(
            "has no zoning objects (Enkelbestemming, Dubbelbestemming, Bouwvlak, "
            "aanduidingen or Besluitvlak)",
            path=path,
            hint="give a bestemmingsplan or beheersverordening GML",
        )
    root = _ROOT.match(data)
    wrapped = None
    if root is not None and root.group(2).decode() in GML_CLASSES:
        # One plan object on its own: GDAL needs a collection around it.
        declaration = root.group(1) or b""
        body = data[root.end(1) if root.group(1) else 0 :]
        wrapped = (
            declaration
            + b'<wrap:FeatureCollection xmlns:wrap="http://www.opengis.net/gml/3.2">'
            + b"<wrap:featureMember>"
            + body
            + b"</wrap:featureMember></wrap:FeatureCollection>"
        )
    arcs, unchecked = find_arcs(data), count_unchecked(data)
    return GmlPlan(path, _version(namespace.group(1)), counts, arcs, unchecked, wrapped, crs)
