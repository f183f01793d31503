"""What every reader checks of an input first: the file is there, and so is a named field.

One wording for the whole engine, so a user meets the same message and advice whichever
input (parcels, holdings, zoning, a table) has the problem.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from bouwstroom_qgis.core.errors import InputError


def require_file(path: Path) -> None:
    """Refuse a path that does not exist, with the advice that fits a scenario's paths."""
    if not path.exists():
        raise InputError(
            "file not found",
            path=path,
            hint="check the path; relative paths are read from the scenario's folder",
        )


def fields_text(frame: pd.DataFrame) -> str:
    """The fields of a layer or table for a message, without the geometry column."""
    geometry_name = frame.geometry.name if isinstance(frame, gpd.GeoDataFrame) else None
    return ", ".join(str(c) for c in frame.columns if c != geometry_name) or "none"


def require_field(
    frame: pd.DataFrame, name: str, option: str, *, path: Path, layer: str | None
) -> pd.Series:
    """The column ``name`` that the scenario's ``option`` names, or an error listing the fields.

    Raises
    ------
    InputError
        ``frame`` has no column ``name``; the message lists the fields there are.
    """
    if name not in frame.columns:
        raise InputError(
            f"has no field '{name}' ({option}); its fields are: {fields_text(frame)}",
            path=path,
            layer=layer,
            hint=f"set {option} to one of these fields",
        )
    return frame[name]
