"""The shortlist files a run leaves in its output folder, each written atomically."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_stage import BundlesResult
from bouwstroom_qgis.core.compat import ARROW_WRITES
from bouwstroom_qgis.core.errors import OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path, check_writable
from bouwstroom_qgis.core.io.csv import write_csv
from bouwstroom_qgis.core.io.gdal import FIXED_TIMESTAMP, GPKG_DATASET_OPTIONS, gdal_options
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import Scenario
from bouwstroom_qgis.core.stream_chart import stream_chart

log = logging.getLogger(__name__)

# Arrow only where pyogrio writes every column through it, all-missing ones included.
HAS_ARROW = ARROW_WRITES
BUNDLES_LAYER = "bundles"
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


def check_outputs(
    out_dir: Path, overwrite: bool, with_sites: bool = False, with_bundles: bool = False
) -> dict[str, Path]:
    """The shortlist files of ``out_dir``, refused up front when they exist without overwrite."""
    out_dir = Path(out_dir)
    paths = {
        "gpkg": out_dir / "shortlist.gpkg",
        "csv": out_dir / "shortlist.csv",
        "report": out_dir / "report.txt",
    }
    if with_sites:
        paths["sites"] = out_dir / "sites.csv"
    if with_bundles:
        paths["bundles"] = out_dir / "bundles.csv"
        paths["plan"] = out_dir / "plan.csv"
        paths["chart"] = out_dir / "stream.svg"
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
    bundles: BundlesResult | None = None,
    overwrite: bool = False,
) -> dict[str, Path]:
    """Write ``shortlist.gpkg`` (layers ``parcels``, and ``sites``, ``layouts``,
    ``bundles`` and table ``plan`` when given), ``shortlist.csv``, ``sites.csv``,
    ``bundles.csv``, ``plan.csv``, the stream chart ``stream.svg`` and ``report.txt``.

    Every file is checked before anything is written, so a refusal leaves the folder as
    it was; each file then appears whole or not at all. ``plan.csv`` and
    ``stream.svg`` are written only when there is a plan.
    """
    paths = check_outputs(
        out_dir, overwrite, with_sites=sites is not None, with_bundles=bundles is not None
    )
    ordered = shortlist_order(parcels)
    bundle_layer = bundles.bundles if bundles is not None else None
    plan = bundles.plan_table if bundles is not None else None
    layers = {
        "parcels": ordered,
        "sites": sites,
        "layouts": layouts,
        "bundles": bundle_layer,
        "plan": plan,
    }
    try:
        with atomic_path(paths["gpkg"], overwrite=overwrite) as tmp:
            write_layers(tmp, layers)
        with atomic_path(paths["csv"], overwrite=overwrite) as tmp:
            write_csv(ordered.drop(columns="geometry"), tmp)
        if sites is not None:
            with atomic_path(paths["sites"], overwrite=overwrite) as tmp:
                write_csv(sites.drop(columns="geometry"), tmp)
        if bundles is not None:
            for name in write_bundle_files(paths, bundles, scenario.language, overwrite):
                paths.pop(name)
        write_report(paths["report"], report, scenario, parcels, sites, bundles)
    except OSError as error:
        raise OutputError(f"cannot write to {out_dir}: {error.strerror or error}") from error
    return paths


def write_bundle_files(
    paths: Mapping[str, Path], bundles: BundlesResult, language: str, overwrite: bool
) -> list[str]:
    """The bundles table, the plan table and the stream chart (``paths`` keys ``bundles``,
    ``plan``, ``chart``), each written atomically.

    Without a plan, an older plan table and chart there are removed, so they cannot be
    read as this one's; the keys of those not written are returned. Raises OSError.
    """
    with atomic_path(paths["bundles"], overwrite=overwrite) as tmp:
        write_csv(bundles.bundles.drop(columns="geometry"), tmp)
    if bundles.plan is None:
        for name in ("plan", "chart"):
            paths[name].unlink(missing_ok=True)
        return ["plan", "chart"]
    with atomic_path(paths["plan"], overwrite=overwrite) as tmp:
        write_csv(bundles.plan.table, tmp)
    stream_chart(bundles.plan, paths["chart"], language=language, overwrite=True)
    return []


def write_layers(path: Path, layers: Mapping[str, pd.DataFrame | None]) -> None:
    """Write the given layers (tables without geometry) into the GeoPackage ``path``.

    Bundles are unions of sites, often in parts: that layer is always MultiPolygon, so
    it keeps a polygon type in QGIS even when no bundle could be made.
    """
    with gdal_options(OGR_CURRENT_DATE=FIXED_TIMESTAMP):
        _write_layers(path, layers)


def _write_layers(path: Path, layers: Mapping[str, pd.DataFrame | None]) -> None:
    for name, frame in layers.items():
        if frame is None:
            continue
        extra = {"geometry_type": "MultiPolygon", "promote_to_multi": True}
        pyogrio.write_dataframe(
            frame,
            path,
            layer=name,
            driver="GPKG",
            dataset_options=GPKG_DATASET_OPTIONS,
            use_arrow=HAS_ARROW,
            **(extra if name == BUNDLES_LAYER else {}),
        )


def write_report(
    path: Path,
    report: Report,
    scenario: Scenario,
    parcels: pd.DataFrame,
    sites: pd.DataFrame | None = None,
    bundles: BundlesResult | None = None,
) -> None:
    """``report.txt``: what was made, then every repair and warning (replaced atomically).

    Raises OSError when it cannot be written.
    """
    with atomic_path(path, overwrite=True) as tmp:
        text = _report_text(report, scenario, parcels, sites, bundles)
        tmp.write_text(text, encoding="utf-8")


def _report_text(
    report: Report,
    scenario: Scenario,
    parcels: pd.DataFrame,
    sites: pd.DataFrame | None,
    bundles: BundlesResult | None,
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
    if bundles is not None:
        lines.append(bundles.summary())
        if bundles.solved.message:
            lines.append(f"  {bundles.solved.message}")
    lines.append("")
    lines += report.lines() or ["No repairs or warnings."]
    return "\n".join(lines) + "\n"
