"""Reading the scoring rules: [[exclusions]], [[criteria]] and [weights]."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from bouwstroom_qgis.core.ahp import MAX_CONSISTENCY_RATIO, AhpError, ahp_weights, parse_judgement
from bouwstroom_qgis.core.scenario_lines import TOMLDecodeError, loads
from bouwstroom_qgis.core.scenario_model import (
    BENEFIT,
    CATEGORICAL,
    CATEGORY,
    CODE_LISTS,
    CRITERION_MISSING,
    DIRECTIONS,
    EQUALITY_OPS,
    EXCLUDE,
    EXCLUSION_MISSING,
    FUNCTIONS,
    IDEAL,
    IN,
    LINEAR,
    NUMBER,
    ORDER_OPS,
    THRESHOLD,
    WORST,
    Criterion,
    Exclusion,
)
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    Where,
    as_table,
    as_tables,
    check_keys,
    get_number,
    get_pair,
    get_str,
    is_name,
    need_str,
    to_number,
)

_COMPARISON = re.compile(r"^\s*([A-Za-z_]\w*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$")
_MEMBERSHIP = re.compile(r"^\s*([A-Za-z_]\w*)\s+in\s+(.+?)\s*$")
_EXCLUSION_KEYS = ("when", "reason", "missing")
_CRITERION_KEYS = ("name", "metric", "function", "weight", "missing")
# Parameters per value function; direction only where the parameters do not carry it.
_FUNCTION_KEYS: dict[str, tuple[str, ...]] = {
    LINEAR: ("direction", "range"),
    THRESHOLD: ("direction", "threshold"),
    IDEAL: ("ideal", "limits"),
    CATEGORICAL: ("values", "default"),
}
_WEIGHT_KEYS = ("method", "criteria", "matrix", "allow_inconsistent")
_WEIGHT_METHODS = ("direct", "ahp")


def parse_exclusions(
    ctx: Context, data: Mapping[str, Any], kinds: Mapping[str, str]
) -> tuple[Exclusion, ...]:
    """``[[exclusions]]``: hard rules ``when = "<metric> <op> <value>"``."""
    items = as_tables(ctx, data.get("exclusions", []), ("exclusions",), "exclusions")
    return tuple(
        _exclusion(ctx.within(f"exclusion {i + 1}"), t, ("exclusions", i), kinds)
        for i, t in enumerate(items)
    )


def _exclusion(
    ctx: Context, table: Mapping[str, Any], where: Where, kinds: Mapping[str, str]
) -> Exclusion:
    check_keys(ctx, table, _EXCLUSION_KEYS, where)
    when = need_str(ctx, table, "when", where)
    metric, op, value = parse_when(ctx, when, (*where, "when"), kinds)
    reason = get_str(ctx, table, "reason", where, when.strip())
    missing = get_str(ctx, table, "missing", where, EXCLUDE, EXCLUSION_MISSING)
    return Exclusion(metric, op, value, reason, missing)


def parse_when(
    ctx: Context, text: str, where: Where, kinds: Mapping[str, str]
) -> tuple[str, str, Any]:
    """``"dist_natura2000 < 250"`` -> ``("dist_natura2000", "<", 250.0)``, validated."""
    membership = _MEMBERSHIP.match(text)
    found = membership or _COMPARISON.match(text)
    if not found:
        raise ctx.error(
            f"when = \"{text}\" is not '<metric> <op> <value>' with op one of < <= > >= == != in",
            where,
        )
    if membership:
        metric, op, raw = membership.group(1), IN, membership.group(2)
    else:
        metric, op, raw = found.group(1), found.group(2), found.group(3)
    kind = _metric_kind(ctx, metric, kinds, where)
    value = _literal(ctx, raw, text, where)
    return metric, op, _checked_value(ctx, metric, kind, op, value, text, where)


def _literal(ctx: Context, raw: str, text: str, where: Where) -> Any:
    """The value part of a ``when``, read as a TOML value: number, "text" or [list]."""
    try:
        parsed = loads(f"value = {raw}")
    except TOMLDecodeError:
        parsed = {}
    if set(parsed) != {"value"}:
        raise ctx.error(
            f"when = \"{text}\": '{raw}' is not a number, a quoted text (write "
            "'owner_type == \"gemeente\"' with the quotes) or a [list]",
            where,
        )
    return parsed["value"]


def _checked_value(
    ctx: Context, metric: str, kind: str, op: str, value: Any, text: str, where: Where
) -> Any:
    wanted = "a number" if kind == NUMBER else 'a quoted text like "gemeente"'
    if op == IN:
        if not isinstance(value, list) or not value:
            raise ctx.error(f"when = \"{text}\": 'in' needs a non-empty [list]", where)
        return tuple(_scalar(ctx, metric, kind, v, wanted, text, where) for v in value)
    if kind == CATEGORY and op in ORDER_OPS:
        raise ctx.error(
            f'when = "{text}": {metric} is a category; compare it with '
            f"{', '.join(EQUALITY_OPS)} or in",
            where,
        )
    return _scalar(ctx, metric, kind, value, wanted, text, where)


def _scalar(
    ctx: Context, metric: str, kind: str, value: Any, wanted: str, text: str, where: Where
) -> float | str:
    if kind == NUMBER:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ctx.error(f'when = "{text}": {metric} is compared with {wanted}', where)
        return float(value)
    if not isinstance(value, str):
        raise ctx.error(f'when = "{text}": {metric} is compared with {wanted}', where)
    _check_code(ctx, metric, value, where)
    return value


def _check_code(ctx: Context, metric: str, value: str, where: Where) -> None:
    known = CODE_LISTS.get(metric)
    if known is not None and value not in known:
        raise ctx.error(f"'{value}' is no {metric}; use one of {', '.join(known)}", where)


def _metric_kind(ctx: Context, metric: str, kinds: Mapping[str, str], where: Where) -> str:
    if metric not in kinds:
        raise ctx.error(
            f"unknown metric '{metric}'; known metrics: {', '.join(kinds)} "
            "(dist_ and share_ metrics come from the [layers.*] declared)",
            where,
        )
    return kinds[metric]


def parse_criteria(
    ctx: Context, data: Mapping[str, Any], kinds: Mapping[str, str]
) -> tuple[tuple[Criterion, ...], float | None]:
    """``[[criteria]]`` with normalised weights, from the criteria or an AHP matrix.

    Returns
    -------
    criteria : tuple of Criterion
    consistency_ratio : float or None
        The AHP matrix's consistency ratio, ``None`` for direct weights.
    """
    items = as_tables(ctx, data.get("criteria", []), ("criteria",), "criteria")
    if not items:
        raise ctx.error("the scenario has no [[criteria]]: add at least one to score parcels")
    weights_table = as_table(ctx, data.get("weights", {}), ("weights",), "[weights]")
    check_keys(ctx, weights_table, _WEIGHT_KEYS, ("weights",), "in [weights]")
    method = get_str(ctx, weights_table, "method", ("weights",), "direct", _WEIGHT_METHODS)
    ahp = method == "ahp"
    criteria: list[Criterion] = []
    raw: list[float] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(items):
        criterion, weight = parse_criterion(
            ctx.within(f"criterion {i + 1}"), table, ("criteria", i), kinds, ahp
        )
        key = criterion.name.lower()
        if key in seen:
            raise ctx.within(f"criterion '{criterion.name}'").error(
                f"the name is used twice (criteria {seen[key] + 1} and {i + 1}); names must "
                "differ, also in upper/lower case",
                ("criteria", i, "name"),
            )
        seen[key] = i
        criteria.append(criterion)
        raw.append(weight)
    ratio = None
    if ahp:
        raw, ratio = _ahp(ctx.within("[weights]"), weights_table, [c.name for c in criteria])
    elif set(weights_table) - {"method"}:
        extra = sorted(set(weights_table) - {"method"})[0]
        raise ctx.error(f"[weights]: '{extra}' needs method = \"ahp\"", ("weights", extra))
    total = sum(raw)
    if total <= 0:
        raise ctx.error(
            "all criteria have weight 0: give at least one a positive weight",
            ("criteria", 0, "weight"),
        )
    normalised = tuple(
        Criterion(c.name, c.metric, c.function, c.direction, c.params, w / total, c.missing)
        for c, w in zip(criteria, raw, strict=True)
    )
    return normalised, ratio


def parse_criterion(
    ctx: Context,
    table: Mapping[str, Any],
    where: Where,
    kinds: Mapping[str, str],
    ahp: bool,
    label: str = "criterion",
) -> tuple[Criterion, float]:
    """One criterion table and its raw weight; ``label`` names it in messages."""
    name = need_str(ctx, table, "name", where)
    if not is_name(name):
        raise ctx.error(
            f"name '{name}' must be letters, digits and _ (it becomes the column c_{name})",
            (*where, "name"),
        )
    ctx = ctx.within(f"{label} '{name}'")
    function = need_str(ctx, table, "function", where, FUNCTIONS)
    check_keys(
        ctx,
        table,
        (*_CRITERION_KEYS, *_FUNCTION_KEYS[function]),
        where,
        f"for a {function} function",
    )
    metric = need_str(ctx, table, "metric", where)
    kind = _metric_kind(ctx, metric, kinds, (*where, "metric"))
    needed = CATEGORY if function == CATEGORICAL else NUMBER
    if kind != needed:
        other = "categorical" if kind == CATEGORY else "linear, threshold or ideal"
        raise ctx.error(
            f"{metric} is a {kind}, which a {function} function cannot score; use {other}",
            (*where, "function"),
        )
    direction = BENEFIT
    if "direction" in _FUNCTION_KEYS[function]:
        direction = get_str(ctx, table, "direction", where, BENEFIT, DIRECTIONS)
    params = _params(ctx, table, function, metric, where)
    missing = get_str(ctx, table, "missing", where, WORST, CRITERION_MISSING)
    weight = _weight(ctx, table, where, ahp)
    return Criterion(name, metric, function, direction, params, 0.0, missing), weight


def _params(
    ctx: Context, table: Mapping[str, Any], function: str, metric: str, where: Where
) -> dict[str, Any]:
    if function == LINEAR:
        return {"range": get_pair(ctx, table, "range", where)}
    if function == THRESHOLD:
        return {"threshold": get_number(ctx, table, "threshold", where)}
    if function == IDEAL:
        ideal = get_pair(ctx, table, "ideal", where)
        limits = get_pair(ctx, table, "limits", where)
        if not (limits[0] <= ideal[0] and ideal[1] <= limits[1]):
            raise ctx.error(
                f"ideal = [{ideal[0]:g}, {ideal[1]:g}] must lie inside "
                f"limits = [{limits[0]:g}, {limits[1]:g}]",
                (*where, "ideal"),
            )
        return {"ideal": ideal, "limits": limits}
    return _categorical(ctx, table, metric, where)


def _categorical(
    ctx: Context, table: Mapping[str, Any], metric: str, where: Where
) -> dict[str, Any]:
    if "values" not in table:
        raise ctx.error("missing 'values' = { category = 0..1, ... }", where)
    values = table["values"]
    key_where = (*where, "values")
    if not isinstance(values, Mapping) or not values:
        raise ctx.error(
            "'values' must be a table like { corporatie = 1.0, overig = 0.2 }", key_where
        )
    checked: dict[str, float] = {}
    for category, value in values.items():
        number = to_number(ctx, value, key_where, f"values.{category}")
        if not 0 <= number <= 1:
            raise ctx.error(f"values.{category} = {number:g} must lie between 0 and 1", key_where)
        _check_code(ctx, metric, category, key_where)
        checked[category] = number
    default = 0.0
    if "default" in table:
        default = get_number(ctx, table, "default", where)
        if not 0 <= default <= 1:
            raise ctx.error(f"default = {default:g} must lie between 0 and 1", (*where, "default"))
    return {"values": checked, "default": default}


def _weight(ctx: Context, table: Mapping[str, Any], where: Where, ahp: bool) -> float:
    if ahp:
        if "weight" in table:
            raise ctx.error(
                'a weight is given, but [weights] method = "ahp" sets the weights; '
                "remove one of the two",
                (*where, "weight"),
            )
        return 0.0
    if "weight" not in table:
        raise ctx.error("missing 'weight'", where)
    weight = get_number(ctx, table, "weight", where)
    if weight < 0:
        raise ctx.error(f"weight = {weight:g} must not be negative", (*where, "weight"))
    return weight


def _ahp(ctx: Context, table: Mapping[str, Any], names: Sequence[str]) -> tuple[list[float], float]:
    """Weights in the order of ``names`` from ``[weights]``'s matrix, and its CR."""
    where: Where = ("weights",)
    order = table.get("criteria")
    if not isinstance(order, list) or not all(isinstance(n, str) for n in order):
        raise ctx.error("missing criteria = [names in the order of the matrix]", where)
    if sorted(order) != sorted(names):
        missing = [n for n in names if n not in order]
        extra = [n for n in order if n not in names]
        twice = sorted({n for n in order if order.count(n) > 1})
        parts = [
            f"missing {', '.join(missing)}" if missing else "",
            f"unknown {', '.join(extra)}" if extra else "",
            f"named twice {', '.join(twice)}" if twice else "",
        ]
        raise ctx.error(
            "criteria must name each [[criteria]] once: " + "; ".join(p for p in parts if p),
            (*where, "criteria"),
        )
    matrix_where = (*where, "matrix")
    rows = table.get("matrix")
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        raise ctx.error("missing matrix = [[row], [row], ...]", where)
    n = len(order)
    if len(rows) != n or any(len(r) != n for r in rows):
        shape = f"{len(rows)} rows of " + "/".join(sorted({str(len(r)) for r in rows}) or ["0"])
        raise ctx.error(
            f"the AHP matrix must be {n} x {n} for the {n} criteria, it has {shape} entries",
            matrix_where,
        )
    try:
        matrix = np.array([[parse_judgement(v) for v in row] for row in rows])
        result = ahp_weights(matrix)
    except AhpError as err:
        raise ctx.error(f"AHP matrix: {err}", matrix_where) from None
    allow = table.get("allow_inconsistent", False)
    if not isinstance(allow, bool):
        raise ctx.error("allow_inconsistent must be true or false", (*where, "allow_inconsistent"))
    ratio = result.consistency_ratio
    if ratio > MAX_CONSISTENCY_RATIO and not allow:
        raise ctx.error(
            f"the AHP matrix is inconsistent: consistency ratio {ratio:.3f} is above "
            f"{MAX_CONSISTENCY_RATIO}; revise the comparisons that contradict each other, "
            "or set allow_inconsistent = true",
            matrix_where,
        )
    by_name = dict(zip(order, result.weights.tolist(), strict=True))
    return [by_name[n] for n in names], ratio
