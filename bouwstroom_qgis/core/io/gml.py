"""GML files: which files are GML, and refusing one that is cut short or damaged."""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path

from bouwstroom_qgis.core.errors import InputError

GML_SUFFIXES = frozenset({".gml", ".xml"})


def is_gml(path: Path) -> bool:
    """Whether ``path`` is read as GML (by its suffix)."""
    return path.suffix.lower() in GML_SUFFIXES


def check_complete(path: Path, data: bytes | None = None) -> None:
    """Refuse a GML document that is cut short (an interrupted download) or damaged.

    GDAL reads such a file without an error, as fewer or no features: it stops at the
    first parse error. A full parse with expat, without building anything, catches both
    a missing end and a garbled tag in the middle; it runs at a few hundred MB/s, a small
    part of the time GDAL takes to read the same file.

    Parameters
    ----------
    path : Path
        The file; read in chunks when ``data`` is not given, and named in the error.
    data : bytes, optional
        The file's bytes when the caller holds them already.

    Raises
    ------
    InputError
        The document does not parse as one whole XML document.
    """
    parser = xml.parsers.expat.ParserCreate()
    try:
        if data is None:
            with path.open("rb") as f:
                parser.ParseFile(f)
        else:
            parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as error:
        raise InputError(
            f"is not a complete XML document ({error})",
            path=path,
            hint="the file is truncated or damaged; download or export it again",
        ) from None
