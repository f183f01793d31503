"""Reading ``[stream]``, ``[robustness]`` and ``[profiles.<name>]`` from a scenario.

All three are optional; without them the defaults of
:mod:`bouwstroom_qgis.core.stream_settings` apply and there are no profiles, so older
scenarios keep working. Errors name the file and line like every other section::

    [stream]
    start = "2027-Q1"
    rate = { rijwoning = 24, levensloop = 16, appartementen = 32 }
    default_rate = 20
    gap = 0

    [robustness]
    draws = 500
    spread = 0.2
    top_k = 50
    seed = 1

    [profiles.gemeente]
    woonbestemming = 40
    station = 35
    natuur = 25
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from typing import Any

from bouwstroom_qgis.core.scenario_model import Criterion
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    Where,
    as_table,
    check_keys,
    get_number,
    is_name,
    to_number,
)
from bouwstroom_qgis.core.stream_settings import (
    Profile,
    Quarter,
    RobustnessSettings,
    StreamSettings,
)

_STREAM_KEYS = ("start", "rate", "default_rate", "gap", "horizon")
_ROBUSTNESS_KEYS = ("draws", "spread", "top_k", "seed")
MAX_DRAWS = 100_000  # beyond this the estimate no longer improves noticeably; time does grow


def parse_stream(ctx: Context, data: Mapping[str, Any]) -> StreamSettings:
    """``[stream]``: start quarter, rate per concept line, gap between bundles, horizon."""
    where: Where = ("stream",)
    table = as_table(ctx, data.get("stream", {}), where, "[stream]")
    ctx = ctx.within("[stream]")
    check_keys(ctx, table, _STREAM_KEYS, where)
    start = None
    if "start" in table:
        value = table["start"]
        try:
            start = Quarter.parse(value) if isinstance(value, str) else None
        except ValueError:
            start = None
        if start is None:
            raise ctx.error(
                f'start = {value!r} is not a quarter; write it like "2027-Q1"',
                (*where, "start"),
            )
    rates: dict[str, int] = {}
    if "rate" in table:
        rate_table = as_table(ctx, table["rate"], (*where, "rate"), "rate")
        if not rate_table:
            raise ctx.error(
                "rate is empty; give homes per quarter per concept, e.g. rate = { rijwoning = 24 }",
                (*where, "rate"),
            )
        for concept, value in rate_table.items():
            if not is_name(concept):
                raise ctx.error(
                    f"concept '{concept}' in rate must be letters, digits and _ like the "
                    "concept catalogue's names",
                    (*where, "rate", concept),
                )
            rates[concept] = _positive_int(ctx, value, (*where, "rate", concept), f"rate.{concept}")
    default_rate = None
    if "default_rate" in table:
        default_rate = _positive_int(
            ctx, table["default_rate"], (*where, "default_rate"), "default_rate"
        )
    gap = 0
    if "gap" in table:
        gap = _integer(ctx, table["gap"], (*where, "gap"), "gap")
    horizon = None
    if "horizon" in table:
        horizon = _positive_int(ctx, table["horizon"], (*where, "horizon"), "horizon")
    return StreamSettings(
        start=start, rates=rates, default_rate=default_rate, gap=gap, horizon=horizon
    )


def parse_robustness(ctx: Context, data: Mapping[str, Any]) -> RobustnessSettings:
    """``[robustness]``: number of weight draws, their spread, the top k and the seed."""
    where: Where = ("robustness",)
    table = as_table(ctx, data.get("robustness", {}), where, "[robustness]")
    ctx = ctx.within("[robustness]")
    check_keys(ctx, table, _ROBUSTNESS_KEYS, where)
    default = RobustnessSettings()
    draws = default.draws
    if "draws" in table:
        draws = _positive_int(ctx, table["draws"], (*where, "draws"), "draws")
        if draws > MAX_DRAWS:
            raise ctx.error(
                f"draws = {draws} is more than {MAX_DRAWS}; 500 to 2000 draws give "
                "probabilities to about one percentage point",
                (*where, "draws"),
            )
    spread = default.spread
    if "spread" in table:
        spread = get_number(ctx, table, "spread", where)
        if not 0 <= spread < 1:
            raise ctx.error(
                f"spread = {spread:g} must be at least 0 and below 1 (0.2 varies each "
                "weight by up to 20 % either way)",
                (*where, "spread"),
            )
    top_k = default.top_k
    if "top_k" in table:
        top_k = _positive_int(ctx, table["top_k"], (*where, "top_k"), "top_k")
    seed = default.seed
    if "seed" in table:
        seed = _integer(ctx, table["seed"], (*where, "seed"), "seed")
        if seed < 0:
            raise ctx.error(f"seed = {seed} must be 0 or more", (*where, "seed"))
    return RobustnessSettings(draws=draws, spread=spread, top_k=top_k, seed=seed)


def parse_profiles(
    ctx: Context, data: Mapping[str, Any], criteria: Sequence[Criterion]
) -> tuple[Profile, ...]:
    """``[profiles.<name>]``: criterion weights per stakeholder, in file order.

    Each profile names criteria of ``[[criteria]]`` with non-negative weights in any
    scale; they are normalised to sum to 1, and criteria the profile does not name
    weigh 0 in it (a profile says what that stakeholder values, completely).
    """
    table = as_table(ctx, data.get("profiles", {}), ("profiles",), "[profiles]")
    names = [c.name for c in criteria]
    profiles = []
    for name, value in table.items():
        where: Where = ("profiles", name)
        if not is_name(name):
            raise ctx.error(
                f"profile name '{name}' must be letters, digits and _ (it becomes the "
                f"columns score_{name} and rank_{name})",
                where,
            )
        profile_ctx = ctx.within(f"[profiles.{name}]")
        weights = as_table(profile_ctx, value, where, "a profile")
        profiles.append(Profile(name, _profile_weights(profile_ctx, weights, names, where)))
    return tuple(profiles)


def _profile_weights(
    ctx: Context, table: Mapping[str, Any], names: Sequence[str], where: Where
) -> dict[str, float]:
    raw: dict[str, float] = {}
    for key, value in table.items():
        if key not in names:
            close = difflib.get_close_matches(key, names, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            raise ctx.error(
                f"unknown criterion '{key}'; {hint}the criteria are {', '.join(names)}",
                (*where, key),
            )
        weight = to_number(ctx, value, (*where, key), key)
        if weight < 0:
            raise ctx.error(f"weight of '{key}' = {weight:g} must not be negative", (*where, key))
        raw[key] = weight
    total = sum(raw.values())
    if total <= 0:
        raise ctx.error(
            "the profile gives no criterion a positive weight; name at least one criterion "
            "with its weight, e.g. woonbestemming = 40",
            where,
        )
    return {n: raw.get(n, 0.0) / total for n in names}


def _integer(ctx: Context, value: Any, where: Where, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        number = to_number(ctx, value, where, what)  # refuses text with its own message
        raise ctx.error(f"'{what}' = {number:g} must be a whole number", where)
    return value


def _positive_int(ctx: Context, value: Any, where: Where, what: str) -> int:
    number = _integer(ctx, value, where, what)
    if number < 1:
        raise ctx.error(f"'{what}' = {number} must be 1 or more", where)
    return number
