"""The scenario as typed, immutable configuration: layers, criteria, exclusions.

Loading and validation live in :mod:`bouwstroom_qgis.core.scenario`; this module only
declares the shapes and the vocabulary (functions, directions, operators, metrics).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.sources import Source
from bouwstroom_qgis.core.stream_settings import Profile, RobustnessSettings, StreamSettings

CONSTRAINT = "constraint"
AMENITY = "amenity"
LAYER_KINDS = (CONSTRAINT, AMENITY)
DEFAULT_MAX_DISTANCE = 5000.0  # metres

LINEAR = "linear"
THRESHOLD = "threshold"
IDEAL = "ideal"
CATEGORICAL = "categorical"
FUNCTIONS = (LINEAR, THRESHOLD, IDEAL, CATEGORICAL)

BENEFIT = "benefit"
COST = "cost"
DIRECTIONS = (BENEFIT, COST)

WORST = "worst"  # criterion missing rule: value 0, said in the explanation
EXCLUDE = "exclude"  # criterion and exclusion missing rule: the parcel is excluded
KEEP = "keep"  # exclusion missing rule: an unknown metric does not exclude
CRITERION_MISSING = (WORST, EXCLUDE)
EXCLUSION_MISSING = (EXCLUDE, KEEP)

ORDER_OPS = ("<", "<=", ">", ">=")
EQUALITY_OPS = ("==", "!=")
IN = "in"
OPS = (*ORDER_OPS, *EQUALITY_OPS, IN)

NUMBER = "number"
CATEGORY = "category"

# Metrics every metrics table has, whatever layers the scenario declares.
FIXED_METRICS: dict[str, str] = {
    schema.AREA: NUMBER,
    schema.COMPACTNESS: NUMBER,
    schema.RESIDENTIAL_SHARE: NUMBER,
    schema.OWNER_SHARE: NUMBER,
    schema.HOOFDGROEP: CATEGORY,
    schema.PLAN_STATUS: CATEGORY,
    schema.OWNER: CATEGORY,
    schema.OWNER_TYPE: CATEGORY,
    schema.MUNICIPALITY: CATEGORY,
}

# Category metrics with a closed code list: values outside it are typos, refused.
CODE_LISTS: dict[str, tuple[str, ...]] = {
    schema.HOOFDGROEP: schema.ENKELBESTEMMING_GROUPS,
    schema.PLAN_STATUS: schema.PLAN_STATUSES,
    schema.OWNER_TYPE: schema.OWNER_TYPES,
}


@dataclass(frozen=True)
class LayerSpec:
    """A named constraint or amenity layer; gives ``share_<name>`` and ``dist_<name>``.

    Parameters
    ----------
    name : str
        Identifier used in metric names.
    kind : {"constraint", "amenity"}
    source : Source or None
        The file to read; ``None`` when the layer comes from the zoning plans.
    zoning_object : str or None
        IMRO object type (e.g. ``"Dubbelbestemming"``) taken from the zoning plans.
    zoning_group : str or None
        Main group of that object type (e.g. ``"leiding"``); ``None`` takes all.
    max_distance : float
        Distances are searched up to this many metres and capped there.
    """

    name: str
    kind: str
    source: Source | None
    zoning_object: str | None
    zoning_group: str | None
    max_distance: float = DEFAULT_MAX_DISTANCE


@dataclass(frozen=True)
class Criterion:
    """One scoring rule: a value function of one metric, worth ``weight`` of the score.

    Parameters
    ----------
    name : str
        Identifier; the contribution column is ``c_<name>``.
    metric : str
        Metric column it reads.
    function : {"linear", "threshold", "ideal", "categorical"}
    direction : {"benefit", "cost"}
        ``"benefit"`` for ideal and categorical, whose parameters carry the direction.
    params : mapping
        ``range`` (lo, hi) for linear; ``threshold`` for threshold; ``ideal`` (lo, hi)
        and ``limits`` (min, max) for ideal; ``values`` (category -> 0..1) and
        ``default`` for categorical.
    weight : float
        Share of the score, normalised so that the weights of all criteria sum to 1.
    missing : {"worst", "exclude"}
        What an unknown metric value means: value 0, or the parcel is excluded.
    enabled : bool
        ``False`` when switched off for a live re-ranking (then ``weight`` is 0 and the
        criterion neither scores, excludes nor appears in explanations).
    """

    name: str
    metric: str
    function: str
    direction: str
    params: Mapping[str, Any]
    weight: float
    missing: str = WORST
    enabled: bool = True


@dataclass(frozen=True)
class Exclusion:
    """A hard rule: parcels whose ``metric op value`` holds are excluded.

    Parameters
    ----------
    metric : str
    op : {"<", "<=", ">", ">=", "==", "!=", "in"}
    value : float, str or tuple
        A number or a category; a tuple of them for ``in``.
    reason : str
        Shown to users as the exclusion reason.
    missing : {"exclude", "keep"}
        Whether a parcel whose metric is unknown is excluded too.
    """

    metric: str
    op: str
    value: float | str | tuple[float, ...] | tuple[str, ...]
    reason: str
    missing: str = EXCLUDE


# Site assembly: which neighbouring parcels may form one site.
SAME_OWNER = "same_owner"
SAME_OWNER_TYPE = "same_owner_type"
ANY_OWNER = "any_owner"
GROUPINGS = (SAME_OWNER, SAME_OWNER_TYPE, ANY_OWNER)

# Without [[site_criteria]]: the member parcels' mean score, and a site size that suits
# the build stream (default 8–60 homes; 2 or fewer and 120 or more are worth nothing).
DEFAULT_SITE_CRITERIA = (
    Criterion("percelen", "parcel_score", LINEAR, BENEFIT, {"range": (0.0, 100.0)}, 0.6),
    Criterion(
        "woningen", "homes", IDEAL, BENEFIT, {"ideal": (8.0, 60.0), "limits": (2.0, 120.0)}, 0.4
    ),
)


@dataclass(frozen=True)
class SiteRules:
    """How parcels are assembled into sites, and how sites are scored (``[sites]``).

    Parameters
    ----------
    tolerance : float
        Parcels this close (m) are neighbours: a ditch or path narrower than this
        does not separate a site. 0 joins only touching parcels.
    grouping : {"same_owner", "same_owner_type", "any_owner"}
        Which neighbours join. Parcels with no known owner (or owner type) are in no
        site unless the grouping is ``"any_owner"``.
    same_zoning : bool
        Only neighbours with the same main group (``hoofdgroep``) join.
    max_area : float
        Larger connected groups (m²) are split into compact pieces below it; a single
        parcel larger than this stays one site.
    min_area : float
        Sites smaller than this (m²) are kept but flagged ``too_small``.
    concepts : Path, optional
        The concept-home catalogue for capacity; ``None`` is the shipped one.
    exclude_layers : tuple of str
        Constraint layers whose polygons are unbuildable for capacity (Natura 2000, a
        pipeline strip); others (noise, flood) only score.
    layouts : bool
        Also write the plot layouts (buildings, plots, parking and green) as a layer.
    criteria : tuple of Criterion
        Site scoring rules (``[[site_criteria]]``), weights normalised to sum to 1.
    """

    tolerance: float = 2.0
    grouping: str = SAME_OWNER
    same_zoning: bool = False
    max_area: float = 40_000.0
    min_area: float = 1_000.0
    criteria: tuple[Criterion, ...] = DEFAULT_SITE_CRITERIA
    concepts: Path | None = None
    exclude_layers: tuple[str, ...] = ()
    layouts: bool = False


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: what to read and how to score.

    ``text`` is the file's text, kept for provenance in the outputs;
    ``ahp_consistency_ratio`` is set when the weights came from an AHP matrix.
    """

    path: Path | None
    name: str
    language: str
    parcels: Source | None
    zoning: tuple[Source, ...]
    holdings: tuple[Source, ...]
    boundaries: Source | None
    layers: tuple[LayerSpec, ...]
    residential_groups: tuple[str, ...]
    criteria: tuple[Criterion, ...]
    exclusions: tuple[Exclusion, ...]
    text: str = field(default="", repr=False)
    ahp_consistency_ratio: float | None = None
    sites: SiteRules = field(default_factory=SiteRules)
    stream: StreamSettings = field(default_factory=StreamSettings)
    robustness: RobustnessSettings = field(default_factory=RobustnessSettings)
    profiles: tuple[Profile, ...] = ()
    bundles: BundleRules = field(default_factory=BundleRules)


def metric_kinds(layers: tuple[LayerSpec, ...]) -> dict[str, str]:
    """Metric name -> ``"number"`` or ``"category"`` for a scenario with these layers.

    Every layer gets ``share_<name>`` and ``dist_<name>``; the share is only meaningful
    for polygon layers, but the metrics stage decides what it holds for the others.
    """
    kinds = dict(FIXED_METRICS)
    for layer in layers:
        kinds[schema.SHARE_PREFIX + layer.name] = NUMBER
        kinds[schema.DIST_PREFIX + layer.name] = NUMBER
    return kinds
