"""Outputs appear whole or not at all.

Each output is written to a hidden temporary file in the destination folder and moved
into place with ``os.replace`` (atomic on one file system); on any error or interrupt
the temporary file is removed, so a reader never sees half a GeoPackage.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bouwstroom_qgis.core.errors import OutputError


def check_writable(path: Path, overwrite: bool) -> None:
    """Refuse to replace an existing output unless asked to."""
    if path.exists() and not overwrite:
        raise OutputError(f"{path} exists; use --overwrite to replace it")


@contextlib.contextmanager
def atomic_path(path: str | Path, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; move it onto ``path`` when the block succeeds.

    The temporary name keeps the suffix, so GDAL picks the same driver.
    """
    path = Path(path)
    check_writable(path, overwrite)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # GDAL wants to create the file itself
    try:
        yield tmp
        os.replace(tmp, path)
    finally:
        for leftover in (tmp, *tmp.parent.glob(tmp.name + "-*")):  # GeoPackage -wal/-shm
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
