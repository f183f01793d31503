"""Results read back by their key, to compare what QGIS wrote with the command line's."""

from __future__ import annotations

import csv
from pathlib import Path

from qgis.core import QgsVectorLayer


def rows(uri: str, key: str) -> dict[str, tuple]:
    """Attributes (without fid) and geometry (WKB) per ``key`` of a layer.

    Parameters
    ----------
    uri
        The layer's OGR source, e.g. ``shortlist.gpkg|layername=sites``.
    key
        The field whose value names each feature (``parcel_id``, ``site_id``).
    """
    layer = QgsVectorLayer(uri, "rows", "ogr")
    assert layer.isValid(), uri
    names = [n for n in layer.fields().names() if n != "fid"]
    return {
        f[key]: (tuple(f[n] for n in names), f.geometry().asWkb().data())
        for f in layer.getFeatures()
    }


def csv_rows(path: Path, key: str) -> dict[str, dict[str, str]]:
    """Each row of a UTF-8 CSV table as text by column, per the value in column ``key``."""
    with path.open(encoding="utf-8", newline="") as f:
        return {row[key]: row for row in csv.DictReader(f)}
