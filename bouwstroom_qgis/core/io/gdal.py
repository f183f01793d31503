"""GDAL as the readers use it through pyogrio: settings for one block, failures in one line."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyogrio

_MAX_REASON = 160  # characters of a library's reason kept in a one-line message

# GeoPackages are written as version 1.2: GDAL 3.12 would write 1.4, which the GDAL of
# QGIS 3.22 (Debian 12) opens only with a warning; 1.2 holds everything written here.
GPKG_DATASET_OPTIONS = {"VERSION": "1.2"}
# The "last change" GDAL stamps on every GeoPackage layer: fixed, so that the same inputs
# give the same bytes (when a result was made is in its provenance, not in these stamps).
FIXED_TIMESTAMP = "2000-01-01T00:00:00.000Z"


@contextlib.contextmanager
def gdal_options(**options: str) -> Iterator[None]:
    """Set GDAL configuration options for the block and restore the previous values.

    GDAL configuration is process-wide: inputs are read one at a time.
    """
    previous = {name: pyogrio.get_gdal_config_option(name) for name in options}
    pyogrio.set_gdal_config_options(options)
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options(previous)


def reason(exc: BaseException) -> str:
    """A library's reason for a failure in one short line, for an ``InputError``.

    Whitespace and line breaks are collapsed; of an SQLite failure only the reason is
    kept, not the statement; GDAL's hints after the first ``"; "`` are dropped.

    Examples
    --------
    >>> reason(RuntimeError("sqlite3_prepare_v2(SELECT ...) failed: no such column: gebied"))
    'no such column: gebied'
    """
    text = " ".join(str(exc).split()) or type(exc).__name__
    text = text.rsplit("failed: ", 1)[-1]
    text = text.split("; ", 1)[0].rstrip(".")
    return text if len(text) <= _MAX_REASON else text[: _MAX_REASON - 3] + "..."
