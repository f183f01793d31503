"""`bouwstroom capacity SITES_LAYER --out capacity.gpkg`: homes per concept for any sites.

Any polygon layer of sites will do: the sites of ``bouwstroom sites``, a planner's own
sketch, plots from a land register. Writes ``capacity.gpkg`` with layer ``capacity``
(every site with its fields, homes per concept, the best concept, coverage, density and
why nothing fits) and, with ``--layouts``, layer ``layouts``; and the table beside it as
``capacity.csv``. Both appear whole or not at all.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.capacity import CapacityResult, estimate_capacity
from bouwstroom_qgis.core.concepts import Concept, load_concepts
from bouwstroom_qgis.core.errors import InputError, OutputError
from bouwstroom_qgis.core.io.atomic import atomic_path, check_writable
from bouwstroom_qgis.core.io.gdal import GPKG_DATASET_OPTIONS
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.outputs import HAS_ARROW
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.core.zoning import read_zoning

log = logging.getLogger("bouwstroom")

CAPACITY_LAYER, LAYOUTS_LAYER = "capacity", "layouts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sites", type=Path, metavar="SITES_LAYER", help="polygon layer of sites (any OGR format)"
    )
    parser.add_argument("--layer", help="layer of SITES_LAYER, when the file holds several")
    parser.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="FILE.gpkg",
        help="output GeoPackage; the table is also written beside it as a CSV",
    )
    parser.add_argument(
        "--concepts", type=Path, metavar="FILE", help="concept catalogue (the shipped one if not)"
    )
    parser.add_argument(
        "--zoning",
        type=Path,
        action="append",
        default=[],
        help="zoning plan (IMRO GML or GeoPackage); repeat for several; without any, "
        "zoning restricts nothing",
    )
    parser.add_argument(
        "--exclude",
        type=Path,
        action="append",
        default=[],
        metavar="LAYER",
        help="layer of unbuildable land (Natura 2000, pipeline strips); repeat for several",
    )
    parser.add_argument(
        "--layouts",
        action="store_true",
        help="also write the plot layouts (buildings, plots, parking and green)",
    )
    parser.add_argument(
        "--id-field",
        metavar="FIELD",
        help=f"field with the site ids (default: {s.SITE_ID} if present, else feature ids)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace existing outputs")


def run(args: argparse.Namespace, feedback: Feedback) -> int:
    out, table_path = output_paths(args.out)
    for path in (out, table_path):  # before the work, not after it
        check_writable(path, args.overwrite)
    report = Report()
    source = Source(args.sites, layer=args.layer)
    feedback.report(0.0, f"reading sites {args.sites.name}")
    sites = with_site_ids(
        read_vector(source, report, role="sites", expect="polygon"), source, args.id_field, report
    )
    concepts = load_concepts(args.concepts)
    zoning = None
    if args.zoning:
        zoning = read_zoning(
            [Source(Path(p)) for p in args.zoning], report, feedback=feedback.step(0.1, 0.3)
        )
    else:
        report.warn("capacity", "no zoning given: capacity is not limited by any plan")
    result = estimate_capacity(
        sites[[s.SITE_ID, "geometry"]],
        concepts,
        zoning=zoning,
        exclusions=exclusions(args.exclude, report),
        with_layout=args.layouts,
        feedback=feedback.step(0.3, 0.95),
        report=report,
    )
    feedback.report(0.95, "writing the capacity")
    table = capacity_table(sites, result, report)
    write_capacity(out, table_path, table, result.layouts, overwrite=args.overwrite)
    feedback.report(1.0, "done")
    print_summary(table, concepts, report, {"gpkg": out, "csv": table_path})
    return 0


def output_paths(out: Path) -> tuple[Path, Path]:
    """The GeoPackage and the CSV beside it."""
    if out.suffix.lower() != ".gpkg":
        raise OutputError(f"--out {out}: give a GeoPackage file name ending in .gpkg")
    return out, out.with_suffix(".csv")


def with_site_ids(
    sites: gpd.GeoDataFrame, source: Source, id_field: str | None, report: Report
) -> gpd.GeoDataFrame:
    """The sites with a text ``site_id`` from ``id_field``, ``site_id`` or the feature id."""
    layer = sites.attrs.get("layer")
    fields = [c for c in sites.columns if c != "geometry"]
    if id_field and id_field not in sites.columns:
        raise InputError(
            f"has no field '{id_field}'",
            path=source.path,
            layer=layer,
            hint="use --id-field with one of: " + (", ".join(fields) or "(no fields)"),
        )
    field = id_field or (s.SITE_ID if s.SITE_ID in sites.columns else None)
    if field is None:
        report.warn(
            f"{source.path}, layer '{layer}'",
            f"no field '{s.SITE_ID}': sites are named by their feature ids",
        )
        ids = pd.Series(sites.index.astype(str), index=sites.index)
    else:
        ids = sites[field]
        missing = ids.isna()
        if missing.any():
            raise InputError(
                f"field '{field}' is empty",
                path=source.path,
                layer=layer,
                feature=sites.index[missing.to_numpy()][0],
                hint="give every site an id",
            )
        ids = ids.astype(str)
    repeated = ids[ids.duplicated()]
    if len(repeated):
        raise InputError(
            f"site id '{repeated.iloc[0]}' is used for more than one site",
            path=source.path,
            layer=layer,
            feature=repeated.index[0],
            hint=f"give every site its own id in field '{field or s.SITE_ID}'",
        )
    out = sites.drop(columns=[c for c in (s.SITE_ID, field) if c in sites.columns])
    out.insert(0, s.SITE_ID, ids.to_numpy())
    return out.reset_index(drop=True)


def exclusions(paths: list[Path], report: Report) -> gpd.GeoSeries | None:
    """The exclusion layers' geometries in one series (lines and points are said apart)."""
    frames = [
        read_vector(Source(Path(p)), report, role="exclusions", expect="any").geometry
        for p in paths
    ]
    if not frames:
        return None
    return gpd.GeoSeries(pd.concat(frames, ignore_index=True), crs=s.RD_NEW)


def capacity_table(
    sites: gpd.GeoDataFrame, result: CapacityResult, report: Report
) -> gpd.GeoDataFrame:
    """Site id and area, the capacity, then the sites' own fields, and the geometry.

    A field of the sites named like a capacity column gives way to it, and that is said.
    """
    capacity = result.table
    clash = [c for c in sites.columns if c in capacity.columns and c != s.SITE_ID]
    if clash:
        report.warn("sites", "fields replaced by the capacity's: " + ", ".join(clash))
    own = sites.drop(columns=[*clash, s.SITE_ID, "geometry"])
    area = pd.Series(sites.geometry.area.to_numpy(), name=s.AREA)
    if s.AREA in own.columns:
        own = own.drop(columns=s.AREA)
        report.warn("sites", f"field '{s.AREA}' replaced by the area of the geometry")
    table = pd.concat([capacity[[s.SITE_ID]], area, capacity.drop(columns=s.SITE_ID), own], axis=1)
    return gpd.GeoDataFrame(table, geometry=sites.geometry.to_numpy(), crs=s.RD_NEW)


def write_capacity(
    out: Path,
    table_path: Path,
    table: gpd.GeoDataFrame,
    layouts: gpd.GeoDataFrame | None,
    *,
    overwrite: bool,
) -> None:
    """``out`` (layers capacity and layouts) and the table as CSV, each written atomically."""
    try:
        with atomic_path(out, overwrite=overwrite) as tmp:
            for name, frame in ((CAPACITY_LAYER, table), (LAYOUTS_LAYER, layouts)):
                if frame is not None:
                    pyogrio.write_dataframe(
                        frame,
                        tmp,
                        layer=name,
                        driver="GPKG",
                        use_arrow=HAS_ARROW,
                        dataset_options=GPKG_DATASET_OPTIONS,
                    )
        with atomic_path(table_path, overwrite=overwrite) as tmp:
            table.drop(columns="geometry").to_csv(tmp, index=False, float_format="%.6g")
    except OSError as error:
        raise OutputError(f"cannot write {out}: {error.strerror or error}") from error


def print_summary(
    table: pd.DataFrame, concepts: tuple[Concept, ...], report: Report, outputs: dict[str, Path]
) -> None:
    for line in report.lines():
        log.warning(line)
    homes = table[s.HOMES].to_numpy()
    print(
        f"{len(table)} sites, {int(np.count_nonzero(homes))} with homes; "
        f"{int(homes.sum())} homes of their best concepts"
    )
    for concept in concepts:
        column = table[f"{s.HOMES_PREFIX}{concept.name}"]
        print(
            f"  {concept.name:<24} {int(column.sum()):>7} homes on {int((column > 0).sum())} sites"
        )
    for name, path in outputs.items():
        print(f"  {name:<7} {path}")
