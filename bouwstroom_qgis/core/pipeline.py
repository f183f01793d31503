"""The scoring pipeline: scenario in, scored and explained parcel layer out.

inputs -> normalised layers -> per-parcel metrics (cached) -> scores -> outputs.
Each stage is a function of the previous stage's tables plus the scenario, so a
weight change repeats only scoring and writing.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_stage import BundlesResult, build_bundles
from bouwstroom_qgis.core.errors import InputError, OutputError
from bouwstroom_qgis.core.export.exporter import check_exports, export_run
from bouwstroom_qgis.core.holdings import read_holdings
from bouwstroom_qgis.core.io.vector import read_vector
from bouwstroom_qgis.core.metric_cache import MetricCache
from bouwstroom_qgis.core.metrics import LayerInput, OverlayInputs, compute_metrics
from bouwstroom_qgis.core.outputs import check_outputs, write_outputs, write_report
from bouwstroom_qgis.core.parcels import read_parcels
from bouwstroom_qgis.core.progress import Feedback
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.robustness_stage import rank_robustness
from bouwstroom_qgis.core.scenario import LayerSpec, Scenario
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.core.site_stage import SitesResult, build_sites
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.core.zoning import read_zoning

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Overrides:
    """Inputs given on the command line, replacing the scenario's."""

    parcels: Path | None = None
    zoning: Sequence[Path] = ()
    holdings: Sequence[Path] = ()
    constraints: Mapping[str, Path] = field(default_factory=dict)
    amenities: Mapping[str, Path] = field(default_factory=dict)
    boundaries: Path | None = None


@dataclass
class ScoreResult:
    """The scored parcels with their geometry, and what was written where."""

    parcels: gpd.GeoDataFrame
    report: Report
    outputs: dict[str, Path]
    metrics_from_cache: bool
    sites: SitesResult | None = None
    bundles: BundlesResult | None = None


def apply_overrides(scenario: Scenario, overrides: Overrides) -> Scenario:
    """The scenario with command-line inputs in place of its own (options are kept)."""
    changes: dict[str, object] = {}
    if overrides.parcels:
        old = scenario.parcels.options if scenario.parcels else {}
        changes["parcels"] = Source(Path(overrides.parcels), options=old)
    if overrides.zoning:
        changes["zoning"] = tuple(Source(Path(p)) for p in overrides.zoning)
    if overrides.holdings:
        changes["holdings"] = tuple(
            _override_source(scenario.holdings, i, p) for i, p in enumerate(overrides.holdings)
        )
    if overrides.boundaries:
        old = scenario.boundaries.options if scenario.boundaries else {}
        changes["boundaries"] = Source(Path(overrides.boundaries), options=old)
    layers = {spec.name: spec for spec in scenario.layers}
    for kind, given in (("constraint", overrides.constraints), ("amenity", overrides.amenities)):
        for name, path in given.items():
            spec = layers.get(name)
            max_distance = spec.max_distance if spec else 5000.0
            layers[name] = LayerSpec(name, kind, Source(Path(path)), None, None, max_distance)
    changes["layers"] = tuple(layers.values())
    return dataclasses.replace(scenario, **changes)  # type: ignore[arg-type]


def _override_source(existing: Sequence[Source], i: int, path: Path) -> Source:
    """A holdings file from the command line keeps the scenario's field names for that slot."""
    options = existing[i].options if i < len(existing) else {}
    return Source(Path(path), options=options)


def read_inputs(scenario: Scenario, report: Report, feedback: Feedback) -> OverlayInputs:
    """Read and normalise every input named by the scenario."""
    if scenario.parcels is None:
        raise InputError(
            "no parcels given",
            path=scenario.path,
            hint="name [inputs.parcels] in the scenario or use --parcels",
        )
    feedback.report(0.0, f"reading parcels {scenario.parcels.path.name}")
    parcels = read_parcels(scenario.parcels, report)
    feedback.report(0.4, "reading zoning plans")
    zoning = read_zoning(scenario.zoning, report) if scenario.zoning else None
    feedback.report(0.6, "reading holdings")
    holdings = read_holdings(scenario.holdings, report, parcel_ids=pd.Index(parcels[s.PARCEL_ID]))
    feedback.report(0.7, "reading constraint and amenity layers")
    layers = [_read_layer(spec, zoning, report) for spec in scenario.layers]
    boundaries, name_field = None, "name"
    if scenario.boundaries is not None:
        boundaries = read_vector(scenario.boundaries, report, role="boundaries", expect="polygon")
        name_field = scenario.boundaries.option("name_field") or _guess_name_field(
            boundaries, scenario.boundaries
        )
    feedback.report(1.0, "inputs read")
    return OverlayInputs(
        parcels=parcels,
        zoning=zoning,
        holdings_polygons=holdings.polygons,
        holdings_points=holdings.points,
        holdings_by_parcel=holdings.by_parcel,
        layers=layers,
        boundaries=boundaries,
        boundary_name_field=name_field,
        residential_groups=scenario.residential_groups,
        report=report,
    )


def _read_layer(spec: LayerSpec, zoning: gpd.GeoDataFrame | None, report: Report) -> LayerInput:
    if spec.source is not None:
        frame = read_vector(spec.source, report, role=f"layer '{spec.name}'", expect="any")
        return LayerInput(spec.name, spec.kind, frame, spec.max_distance)
    if zoning is None:
        raise InputError(
            f"layer '{spec.name}' is taken from the zoning plans, but no zoning is given",
            hint="add [[inputs.zoning]] to the scenario or use --zoning",
        )
    chosen = zoning[s.OBJECT_TYPE] == spec.zoning_object
    if spec.zoning_group:
        chosen &= zoning[s.HOOFDGROEP] == spec.zoning_group
    if not chosen.any():
        report.warn(
            f"layer '{spec.name}'",
            f"no {spec.zoning_object} '{spec.zoning_group or ''}' in the zoning plans: "
            "the layer is empty, every parcel is at the maximum distance",
        )
    return LayerInput(spec.name, spec.kind, zoning[chosen], spec.max_distance)


def _guess_name_field(boundaries: gpd.GeoDataFrame, source: Source) -> str:
    for candidate in ("statnaam", "gemeentenaam", "naam", "name"):
        if candidate in boundaries.columns:
            return candidate
    raise InputError(
        "no name field for the municipalities",
        path=source.path,
        layer=source.layer,
        hint="set name_field to one of: "
        + ", ".join(map(str, boundaries.columns.drop("geometry"))),
    )


def score_parcels_of(
    scenario: Scenario,
    inputs: OverlayInputs,
    cache: MetricCache,
    feedback: Feedback,
    reuse: bool = True,
) -> tuple[gpd.GeoDataFrame, bool]:
    """Metrics (from the cache when ``reuse`` and they are there) and scores of every parcel."""
    metrics = cache.load() if reuse else None
    from_cache = metrics is not None
    if metrics is None:
        metrics = compute_metrics(inputs, feedback.step(0.0, 0.95))
        cache.store(metrics)
    feedback.report(0.95, "scoring parcels")
    table = pd.concat([metrics, score_parcels(metrics, scenario)], axis=1)
    parcels = gpd.GeoDataFrame(table, geometry=inputs.parcels.geometry.to_numpy(), crs=s.RD_NEW)
    return parcels, from_cache


def score(
    scenario: Scenario,
    out_dir: Path,
    *,
    overwrite: bool = False,
    feedback: Feedback | None = None,
    use_cache: bool = True,
    with_sites: bool = False,
    with_bundles: bool = False,
    with_exports: bool = False,
) -> ScoreResult:
    """Read, overlay (or take cached metrics), score and write the shortlist.

    With ``with_sites`` (``bouwstroom sites``) the scored parcels are also assembled into
    sites with their capacity and scores, and ``site_id`` is added to the parcels. With
    ``with_bundles`` (``bouwstroom run``) the sites are bundled and the bundles planned
    in the build stream, and parcels and sites get their robustness and profile
    columns; with ``with_exports`` the styled GeoPackage, the workbook, the report and
    the GeoJSON files are written too.
    """
    feedback = feedback or Feedback()
    report = Report()
    out_dir = Path(out_dir)
    with_sites = with_sites or with_bundles
    check_outputs(out_dir, overwrite, with_sites, with_bundles)  # before the work
    if with_exports:
        check_exports(out_dir, overwrite)
    cache = MetricCache(out_dir / ".cache", scenario)
    inputs = read_inputs(scenario, report, feedback.step(0.0, 0.2))
    parcels, from_cache = score_parcels_of(
        scenario, inputs, cache, feedback.step(0.2, 0.6), reuse=use_cache
    )
    inputs = after_overlay(inputs)
    sites = bundles = None
    if with_sites:
        end = 0.75 if with_bundles else 0.85
        sites = build_sites(scenario, inputs, parcels, report, feedback.step(0.6, end))
    if sites is not None and with_bundles:
        bundles = build_bundles(scenario, sites.sites, report, feedback.step(0.75, 0.8))
        firmness = rank_robustness(scenario, parcels, sites, report, feedback.step(0.8, 0.85))
        parcels = _joined(parcels, firmness.parcels)
        site_table = _joined(sites.sites, bundles.sites.drop(columns=s.SITE_ID))
        sites = dataclasses.replace(sites, sites=_joined(site_table, firmness.sites))
    if sites is not None:
        parcels = with_site_ids(parcels, sites.membership)
    feedback.report(0.85, "writing the shortlist")
    outputs = write_outputs(
        out_dir,
        report,
        scenario,
        parcels,
        sites=sites.sites if sites else None,
        layouts=sites.layouts if sites else None,
        bundles=bundles,
        overwrite=overwrite,
    )
    if with_exports:
        feedback.report(0.9, "exporting the shortlist")
        exported = export_run(
            out_dir,
            scenario,
            inputs,
            overwrite=overwrite,
            feedback=feedback.step(0.9, 1.0),
            bundles=bundles.bundles if bundles is not None else None,
            plan=bundles.plan_table if bundles is not None else None,
        )
        if exported.report.lines():  # the export's warnings belong in report.txt too
            report.extend(exported.report)
            rewrite_report(outputs["report"], report, scenario, parcels, sites, bundles)
        outputs.update(exported.outputs)
    feedback.report(1.0, "done")
    return ScoreResult(parcels, report, outputs, from_cache, sites, bundles)


def after_overlay(inputs: OverlayInputs) -> OverlayInputs:
    """The inputs without the holdings, which only the overlay reads.

    Sites, capacity and the exports read the zoning, the layers and the boundaries;
    the holdings (a quarter of a gigabyte for a million parcels) are let go.
    """
    return dataclasses.replace(
        inputs, holdings_polygons=None, holdings_points=None, holdings_by_parcel=None
    )


def rewrite_report(
    path: Path,
    report: Report,
    scenario: Scenario,
    parcels: gpd.GeoDataFrame,
    sites: SitesResult | None,
    bundles: BundlesResult | None,
) -> None:
    try:
        write_report(path, report, scenario, parcels, sites.sites if sites else None, bundles)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error


def with_site_ids(parcels: gpd.GeoDataFrame, membership: pd.DataFrame) -> gpd.GeoDataFrame:
    """``parcels`` with the ``site_id`` of each, null for a parcel in no site, as last column.

    The same table as a left merge on ``parcel_id``, without copying the parcels'
    columns: at a million parcels a merge took a second and another gigabyte.
    """
    at = pd.Index(membership[s.PARCEL_ID]).get_indexer(parcels[s.PARCEL_ID])
    site_ids = membership[s.SITE_ID].array.take(at, allow_fill=True)
    return parcels.assign(**{s.SITE_ID: site_ids}).reset_index(drop=True)


def _joined(table: gpd.GeoDataFrame, columns: pd.DataFrame | None) -> gpd.GeoDataFrame:
    """``table`` with ``columns`` (indexed like it) before its geometry."""
    if columns is None:
        return table
    joined = pd.concat([table.drop(columns="geometry"), columns], axis=1)
    return gpd.GeoDataFrame(joined, geometry=table.geometry.to_numpy(), crs=table.crs)
