"""Reading ``[sites]`` and ``[[site_criteria]]``: site assembly rules and site scoring.

Both sections are optional; without them :class:`SiteRules` defaults apply, so older
scenarios keep working. Errors name the file and line like every other section.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.scenario_model import (
    CATEGORY,
    GROUPINGS,
    NUMBER,
    Criterion,
    LayerSpec,
    SiteRules,
)
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    Where,
    as_table,
    as_tables,
    check_keys,
    get_number,
    get_str,
    is_name,
    resolve_path,
)
from bouwstroom_qgis.core.scenario_rules import parse_criterion

_SITE_KEYS = (
    "tolerance",
    "grouping",
    "same_zoning",
    "max_area",
    "min_area",
    "concepts",
    "exclude_layers",
    "layouts",
)
# Beyond this a "near-touching" neighbour lies across a street, not a ditch.
MAX_TOLERANCE = 25.0  # metres

# Columns of the capacity table a site criterion may score (per concept: homes_<name>).
HOMES, DENSITY, BUILDABLE, HOMES_PREFIX = (
    schema.HOMES,
    schema.DENSITY,
    schema.BUILDABLE,
    schema.HOMES_PREFIX,
)
CAPACITY_METRICS: dict[str, str] = {HOMES: NUMBER, DENSITY: NUMBER, BUILDABLE: NUMBER}

# Metrics of a site itself (from its member parcels), for [[site_criteria]].
SITE_METRICS: dict[str, str] = {
    schema.PARCEL_SCORE: NUMBER,
    schema.AREA: NUMBER,
    schema.N_PARCELS: NUMBER,
    schema.RESIDENTIAL_SHARE: NUMBER,
    schema.OWNER_TYPE: CATEGORY,
    schema.MUNICIPALITY: CATEGORY,
    **CAPACITY_METRICS,
}
_CONCEPT_METRIC = re.compile(rf"^{HOMES_PREFIX}(\w+)$")


def is_capacity_metric(metric: str) -> bool:
    """Whether a site metric comes from the capacity table (``homes``, ``homes_<concept>``...)."""
    return metric in CAPACITY_METRICS or bool(_CONCEPT_METRIC.match(metric))


def parse_sites(
    ctx: Context, data: Mapping[str, Any], base: Path, layers: tuple[LayerSpec, ...] = ()
) -> SiteRules:
    """``[sites]`` and ``[[site_criteria]]`` as :class:`SiteRules` (defaults where absent)."""
    where: Where = ("sites",)
    table = as_table(ctx, data.get("sites", {}), where, "[sites]")
    check_keys(ctx, table, _SITE_KEYS, where, "in [sites]")
    sites = ctx.within("[sites]")
    default = SiteRules()
    tolerance = default.tolerance
    if "tolerance" in table:
        tolerance = get_number(sites, table, "tolerance", where)
        if not 0 <= tolerance <= MAX_TOLERANCE:
            raise sites.error(
                f"tolerance = {tolerance:g} m must lie between 0 (touching parcels only) and "
                f"{MAX_TOLERANCE:g} m (wider gaps are streets, not ditches)",
                (*where, "tolerance"),
            )
    grouping = get_str(sites, table, "grouping", where, default.grouping, GROUPINGS)
    same_zoning = default.same_zoning
    if "same_zoning" in table:
        same_zoning = table["same_zoning"]
        if not isinstance(same_zoning, bool):
            raise sites.error("same_zoning must be true or false", (*where, "same_zoning"))
    max_area = _area(sites, table, "max_area", where, default.max_area)
    min_area = _area(sites, table, "min_area", where, default.min_area, allow_zero=True)
    if min_area >= max_area:
        key = "min_area" if "min_area" in table else "max_area"
        raise sites.error(
            f"min_area = {min_area:g} m² must be smaller than max_area = {max_area:g} m²",
            (*where, key),
        )
    concepts = None
    if "concepts" in table:
        concepts = resolve_path(get_str(sites, table, "concepts", where, ""), base)
    exclude = _exclude_layers(sites, table, where, layers)
    layouts = table.get("layouts", default.layouts)
    if not isinstance(layouts, bool):
        raise sites.error("layouts must be true or false", (*where, "layouts"))
    return SiteRules(
        concepts=concepts,
        exclude_layers=exclude,
        layouts=layouts,
        tolerance=tolerance,
        grouping=grouping,
        same_zoning=same_zoning,
        max_area=max_area,
        min_area=min_area,
        criteria=parse_site_criteria(ctx, data) if "site_criteria" in data else default.criteria,
    )


def _exclude_layers(
    ctx: Context, table: Mapping[str, Any], where: Where, layers: tuple[LayerSpec, ...]
) -> tuple[str, ...]:
    """Names of declared constraint layers whose polygons are unbuildable."""
    names = table.get("exclude_layers", [])
    key = (*where, "exclude_layers")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ctx.error('exclude_layers must be a list of layer names, e.g. ["natura2000"]', key)
    constraints = [layer.name for layer in layers if layer.kind == "constraint"]
    for name in names:
        if name not in constraints:
            known = ", ".join(constraints) or "none declared"
            raise ctx.error(
                f"exclude_layers names '{name}', which is not a constraint layer "
                f"(constraint layers: {known})",
                key,
            )
    return tuple(names)


def _area(
    ctx: Context,
    table: Mapping[str, Any],
    key: str,
    where: Where,
    default: float,
    allow_zero: bool = False,
) -> float:
    if key not in table:
        return default
    value = get_number(ctx, table, key, where)
    if value < 0 or (value == 0 and not allow_zero):
        bound = "0 or more" if allow_zero else "more than 0"
        raise ctx.error(f"{key} = {value:g} m² must be {bound}", (*where, key))
    return value


def parse_site_criteria(ctx: Context, data: Mapping[str, Any]) -> tuple[Criterion, ...]:
    """``[[site_criteria]]`` with weights normalised to sum to 1 (direct weights only)."""
    items = as_tables(ctx, data["site_criteria"], ("site_criteria",), "site_criteria")
    if not items:
        raise ctx.error(
            "site_criteria is empty: add [[site_criteria]] tables or leave it out for the defaults",
            ("site_criteria",),
        )
    criteria: list[Criterion] = []
    raw: list[float] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(items):
        where: Where = ("site_criteria", i)
        name = table.get("name")
        label = f"'{name}'" if isinstance(name, str) and name.strip() else str(i + 1)
        item_ctx = ctx.within(f"site criterion {label}")
        kinds = _kinds_for(item_ctx, table, where)
        criterion, weight = parse_criterion(
            item_ctx, table, where, kinds, ahp=False, label="site criterion"
        )
        key = criterion.name.lower()
        if key in seen:
            raise ctx.within(f"site criterion '{criterion.name}'").error(
                f"the name is used twice (site criteria {seen[key] + 1} and {i + 1}); names "
                "must differ, also in upper/lower case",
                (*where, "name"),
            )
        seen[key] = i
        criteria.append(criterion)
        raw.append(weight)
    total = sum(raw)
    if total <= 0:
        raise ctx.error(
            "all site criteria have weight 0: give at least one a positive weight",
            ("site_criteria", 0, "weight"),
        )
    return tuple(
        Criterion(c.name, c.metric, c.function, c.direction, c.params, w / total, c.missing)
        for c, w in zip(criteria, raw, strict=True)
    )


def _kinds_for(ctx: Context, table: Mapping[str, Any], where: Where) -> dict[str, str]:
    """The site metrics, plus the criterion's own ``homes_<concept>`` when it names one.

    Concepts come from the catalogue, which the scenario does not know: a
    ``homes_<concept>`` metric is accepted here and checked against the capacity table
    when sites are scored.
    """
    kinds = dict(SITE_METRICS)
    metric = table.get("metric")
    if not isinstance(metric, str):
        return kinds  # parse_criterion reports the missing or malformed metric
    found = _CONCEPT_METRIC.match(metric)
    if found and is_name(found.group(1)):
        kinds[metric] = NUMBER
    elif metric not in kinds:
        raise ctx.error(
            f"unknown site metric '{metric}'; known: {', '.join(SITE_METRICS)} and "
            f"{HOMES_PREFIX}<concept> for the homes of one concept",
            (*where, "metric"),
        )
    return kinds
