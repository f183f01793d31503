"""The shortlist files a run leaves in its output folder, each written atomically."""

from __future__ import annotations

import importlib.util
import logging
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path, check_writable
from bouwstroom_qgis.core.io.csv import write_csv
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario

log = logging.getLogger(__name__)

HAS_ARROW = importlib.util.find_spec("pyarrow") is not None
LEADING = [s.PARCEL_ID, s.RANK, s.SCORE, s.EXCLUDED, s.EXCLUSION_REASON, s.EXPLANATION]


def shortlist_order(table: pd.DataFrame) -> pd.DataFrame:
    """Columns in reading order and rows by rank; excluded parcels last, best score first."""
    columns = [c for c in LEADING if c in table.columns]
    columns += [c for c in table.columns if c not in columns and c != "geometry"]
    unranked = table[s.RANK].isna().to_numpy()
    order = (
        pd.DataFrame(
            {
                "unranked": unranked,
                "rank": table[s.RANK].fillna(0).to_numpy(),
                "score": -table[s.SCORE].to_numpy(),
                "position": range(len(table)),
            }
        )
        .sort_values(["unranked", "rank", "score", "position"], kind="stable")
        .index
    )
    ordered = table.iloc[order]
    if "geometry" in table.columns:
        return ordered[[*columns, "geometry"]]
    return ordered[columns]


def check_outputs(out_dir: Path, overwrite: bool, with_sites: bool = False) -> dict[str, Path]:
    """The shortlist files of ``out_dir``, refused up front when they exist without overwrite."""
    out_dir = Path(out_dir)
    paths = {
        "gpkg": out_dir / "shortlist.gpkg",
        "csv": out_dir / "shortlist.csv",
        "report": out_dir / "report.txt",
    }
    if with_sites:
        paths["sites"] = out_dir / "sites.csv"
    for path in paths.values():
        check_writable(path, overwrite)
    return paths


def write_outputs(
    out_dir: Path,
    report: Report,
    scenario: Scenario,
    parcels: gpd.GeoDataFrame,
    *,
    sites: gpd.GeoDataFrame | None = None,
    layouts: gpd.GeoDataFrame | None = None,
    overwrite: bool = False,
) -> dict[str, Path]:
    """Write ``shortlist.gpkg`` (layers ``parcels``, and ``sites`` and ``layouts`` when
    given), ``shortlist.csv``, ``sites.csv`` and ``report.txt``.

    Every file is checked before anything is written, so a refusal leaves the folder as
    it was; each file then appears whole or not at all.
    """
    paths = check_outputs(out_dir, overwrite, with_sites=sites is not None)
    ordered = shortlist_order(parcels)
    layers = {"parcels": ordered, "sites": sites, "layouts": layouts}
    try:
        with atomic_path(paths["gpkg"], overwrite=overwrite) as tmp:
            for name, frame in layers.items():
                if frame is not None:
                    pyogrio.write_dataframe(
                        frame, tmp, layer=name, driver="GPKG", use_arrow=HAS_ARROW
                    )
        with atomic_path(paths["csv"], overwrite=overwrite) as tmp:
            write_csv(ordered.drop(columns="geometry"), tmp)
        if sites is not None:
            with atomic_path(paths["sites"], overwrite=overwrite) as tmp:
                write_csv(sites.drop(columns="geometry"), tmp)
        with atomic_path(paths["report"], overwrite=overwrite) as tmp:
            tmp.write_text(_report_text(report, scenario, parcels, sites), encoding="utf-8")
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error.strerror or error}") from error
    return paths


def _report_text(
    report: Report, scenario: Scenario, parcels: pd.DataFrame, sites: pd.DataFrame | None
) -> str:
    lines = [
        f"Scenario: {scenario.name} ({scenario.path or 'not saved'})",
        f"Parcels scored: {len(parcels)}",
    ]
    if sites is not None:
        lines.append(
            f"Sites: {len(sites)}, homes of their best concepts: "
            f"{int(sites[s.HOMES].fillna(0).sum())}"
        )
    lines.append("")
    lines += report.lines() or ["No repairs or warnings."]
    return "\n".join(lines) + "\n"
