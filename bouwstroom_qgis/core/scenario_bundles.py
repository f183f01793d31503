"""Reading ``[bundles]``: the rules for bundling sites into the build stream.

The section is optional; without it :class:`BundleRules` defaults apply. Quarters count
from ``[stream] start``. Every problem is a :class:`ScenarioError` naming the file and
the line of the key at fault::

    [bundles]
    min_homes = 40
    max_homes = 150
    max_spread_km = 15            # between the centroids of two sites of a bundle
    readiness_window = 4          # quarters between the earliest starts in a bundle
    concepts = "best"             # or "any": a site may join with a concept not its best
    per = "concept"               # or "family": one concept family per bundle
    max_municipality_share = 0.7  # optional, of a bundle's homes
    max_owner_share = 0.8         # optional
    excluded = ["S-ABC01-A-12"]
    solver = "auto"               # "cp-sat" or "heuristic"
    time_limit = 20               # seconds

    [bundles.families]
    grondgebonden = ["rijwoning", "levensloop"]

    [bundles.pinned]
    "S-ABC01-A-12" = "Veendam-1"

    [bundles.readiness]            # quarters of delay
    vastgesteld = 0
    ontwerp = 2
    unknown = 8                   # unknown plan status, or the zoning must change
    zoning_change_below = 0.5     # residential share below which zoning must change
    owner_delay = 4               # for owner types not in ready_owner_types
    ready_owner_types = ["corporatie", "gemeente"]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.bundle_rules import (
    CONCEPT_CHOICES,
    GROUPINGS,
    SOLVERS,
    BundleRules,
    ReadinessRules,
)
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    Where,
    as_table,
    check_keys,
    get_number,
    get_str,
    is_name,
)

_KEYS = (
    "min_homes",
    "max_homes",
    "max_spread_km",
    "readiness_window",
    "concepts",
    "per",
    "families",
    "max_municipality_share",
    "max_owner_share",
    "pinned",
    "excluded",
    "solver",
    "time_limit",
    "readiness",
)
_READINESS_KEYS = (
    *schema.PLAN_STATUSES,
    "unknown",
    "zoning_change_below",
    "owner_delay",
    "ready_owner_types",
)
MAX_TIME_LIMIT = 3600.0  # seconds: longer searches belong in a batch job, not a run
MAX_DELAY = 80  # quarters: 20 years is beyond any build stream


def parse_bundles(ctx: Context, data: Mapping[str, Any]) -> BundleRules:
    """``[bundles]`` as :class:`BundleRules` (defaults where absent)."""
    where: Where = ("bundles",)
    table = as_table(ctx, data.get("bundles", {}), where, "[bundles]")
    check_keys(ctx, table, _KEYS, where, "in [bundles]")
    ctx = ctx.within("[bundles]")
    default = BundleRules()
    min_homes = _count(ctx, table, "min_homes", where, default.min_homes, least=1)
    max_homes = _count(ctx, table, "max_homes", where, default.max_homes, least=1)
    if max_homes < min_homes:
        key = "max_homes" if "max_homes" in table else "min_homes"
        raise ctx.error(
            f"max_homes = {max_homes} is below min_homes = {min_homes}: no bundle could exist",
            (*where, key),
        )
    spread = default.max_spread_km
    if "max_spread_km" in table:
        spread = get_number(ctx, table, "max_spread_km", where)
        if spread <= 0:
            raise ctx.error(
                f"max_spread_km = {spread:g} must be more than 0 km", (*where, "max_spread_km")
            )
    pinned = _pinned(ctx, table, where)
    excluded = _excluded(ctx, table, where)
    both = sorted(set(pinned) & set(excluded))
    if both:
        raise ctx.error(
            f"site '{both[0]}' is both pinned and excluded; keep it in one of them",
            (*where, "excluded"),
        )
    time_limit = default.time_limit
    if "time_limit" in table:
        time_limit = get_number(ctx, table, "time_limit", where)
        if not 0 < time_limit <= MAX_TIME_LIMIT:
            raise ctx.error(
                f"time_limit = {time_limit:g} s must lie between 0 and {MAX_TIME_LIMIT:g} s",
                (*where, "time_limit"),
            )
    return BundleRules(
        min_homes=min_homes,
        max_homes=max_homes,
        max_spread_km=spread,
        readiness_window=_count(
            ctx, table, "readiness_window", where, default.readiness_window, least=0
        ),
        concepts=get_str(ctx, table, "concepts", where, default.concepts, CONCEPT_CHOICES),
        per=get_str(ctx, table, "per", where, default.per, GROUPINGS),
        families=_families(ctx, table, where),
        max_municipality_share=_share(ctx, table, "max_municipality_share", where),
        max_owner_share=_share(ctx, table, "max_owner_share", where),
        pinned=pinned,
        excluded=excluded,
        solver=get_str(ctx, table, "solver", where, default.solver, SOLVERS),
        time_limit=time_limit,
        readiness=_readiness(ctx, table, where),
    )


def _count(
    ctx: Context, table: Mapping[str, Any], key: str, where: Where, default: int, least: int
) -> int:
    """A whole number of at least ``least`` (homes or quarters), ``default`` when absent."""
    if key not in table:
        return default
    value = get_number(ctx, table, key, where)
    if value != int(value) or value < least:
        raise ctx.error(
            f"{key} = {value:g} must be a whole number of {least} or more", (*where, key)
        )
    return int(value)


def _share(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> float | None:
    if key not in table:
        return None
    value = get_number(ctx, table, key, where)
    if not 0 < value <= 1:
        raise ctx.error(
            f"{key} = {value:g} must be a share above 0 and at most 1 (0.6 is 60 %)",
            (*where, key),
        )
    return value


def _families(ctx: Context, table: Mapping[str, Any], where: Where) -> dict[str, tuple[str, ...]]:
    """``families``: family name -> concepts, each concept in one family at most."""
    if "families" not in table:
        return {}
    here: Where = (*where, "families")
    families = as_table(ctx, table["families"], here, "families")
    seen: dict[str, str] = {}
    result: dict[str, tuple[str, ...]] = {}
    for family, members in families.items():
        key_where: Where = (*here, family)
        if not is_name(family):
            raise ctx.error(f"family name '{family}' must be letters, digits and _", key_where)
        if (
            not isinstance(members, list)
            or not members
            or not all(isinstance(m, str) and is_name(m) for m in members)
        ):
            raise ctx.error(
                f'family \'{family}\' must list concept names, e.g. ["rijwoning", "levensloop"]',
                key_where,
            )
        for concept in members:
            if concept in seen:
                raise ctx.error(
                    f"concept '{concept}' is in two families ('{seen[concept]}' and "
                    f"'{family}'); a concept belongs to one family",
                    key_where,
                )
            seen[concept] = family
        result[family] = tuple(members)
    return result


def _pinned(ctx: Context, table: Mapping[str, Any], where: Where) -> dict[str, str]:
    if "pinned" not in table:
        return {}
    here: Where = (*where, "pinned")
    pinned = as_table(ctx, table["pinned"], here, "pinned")
    result: dict[str, str] = {}
    for site, name in pinned.items():
        if not isinstance(name, str) or not name.strip():
            raise ctx.error(
                f"site '{site}' must be pinned to a bundle name in quotes, e.g. "
                f'"{site}" = "Veendam-1"',
                (*here, site),
            )
        result[site] = name.strip()
    return result


def _excluded(ctx: Context, table: Mapping[str, Any], where: Where) -> tuple[str, ...]:
    if "excluded" not in table:
        return ()
    value = table["excluded"]
    here: Where = (*where, "excluded")
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.error('excluded must be a list of site ids, e.g. ["S-ABC01-A-12"]', here)
    ids = [v.strip() for v in value]
    twice = sorted({v for v in ids if ids.count(v) > 1})
    if twice:
        raise ctx.error(f"site '{twice[0]}' is listed twice in excluded", here)
    return tuple(ids)


def _readiness(ctx: Context, table: Mapping[str, Any], where: Where) -> ReadinessRules:
    default = ReadinessRules()
    if "readiness" not in table:
        return default
    here: Where = (*where, "readiness")
    given = as_table(ctx, table["readiness"], here, "readiness")
    check_keys(ctx, given, _READINESS_KEYS, here, "in [bundles.readiness]")
    ctx = ctx.within("[bundles.readiness]")
    delays = {
        status: _delay(ctx, given, status, here, default.status_delay[status])
        for status in schema.PLAN_STATUSES
    }
    threshold = default.zoning_change_below
    if "zoning_change_below" in given:
        threshold = get_number(ctx, given, "zoning_change_below", here)
        if not 0 <= threshold <= 1:
            raise ctx.error(
                f"zoning_change_below = {threshold:g} must be a share between 0 and 1",
                (*here, "zoning_change_below"),
            )
    owner_types = default.ready_owner_types
    if "ready_owner_types" in given:
        value = given["ready_owner_types"]
        if not isinstance(value, list) or not all(v in schema.OWNER_TYPES for v in value):
            raise ctx.error(
                f"ready_owner_types must list owner types of {', '.join(schema.OWNER_TYPES)}",
                (*here, "ready_owner_types"),
            )
        owner_types = tuple(dict.fromkeys(value))
    return ReadinessRules(
        status_delay=delays,
        unknown_delay=_delay(ctx, given, "unknown", here, default.unknown_delay),
        zoning_change_below=threshold,
        ready_owner_types=owner_types,
        owner_delay=_delay(ctx, given, "owner_delay", here, default.owner_delay),
    )


def _delay(ctx: Context, table: Mapping[str, Any], key: str, where: Where, default: int) -> int:
    value = _count(ctx, table, key, where, default, least=0)
    if value > MAX_DELAY:
        raise ctx.error(
            f"{key} = {value} quarters is more than {MAX_DELAY} (20 years)", (*where, key)
        )
    return value
