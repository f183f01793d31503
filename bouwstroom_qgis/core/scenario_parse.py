"""Reading the scenario's sections: [scenario], [inputs.*], [layers.*], [settings].

Every problem is a :class:`ScenarioError` naming the file and the line of the key or
table at fault; unknown keys are refused with the allowed ones listed, so that a typo
never silently turns a setting off.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario_lines import TomlLines
from bouwstroom_qgis.core.scenario_model import (
    DEFAULT_MAX_DISTANCE,
    LAYER_KINDS,
    LayerSpec,
)
from bouwstroom_qgis.core.sources import Source

LANGUAGES = ("nl", "en")
_SOURCE_KEYS = ("path", "layer", "where")
# Reader options per input, beside path/layer/where (see Source.options).
INPUT_OPTIONS: dict[str, tuple[str, ...]] = {
    "parcels": ("id_field",),
    "zoning": ("value_field", "mapping"),
    "holdings": ("owner_field", "owner_type_field", "key_field", "owner", "owner_type"),
    "boundaries": ("name_field",),
}
_SINGLE_INPUTS = ("parcels", "boundaries")
_LAYER_KEYS = ("kind", "path", "layer", "where", "zoning_object", "zoning_group", "max_distance")
# Main groups a zoning layer may name, per IMRO object type with a closed list.
_ZONING_GROUPS: dict[str, tuple[str, ...]] = {
    schema.ENKELBESTEMMING: schema.ENKELBESTEMMING_GROUPS,
    schema.DUBBELBESTEMMING: schema.DUBBELBESTEMMING_GROUPS,
    schema.GEBIEDSAANDUIDING: schema.GEBIEDSAANDUIDING_GROUPS,
}

Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Context:
    """The file being read and its line index, to make located errors."""

    path: Path | None
    lines: TomlLines
    prefix: str = ""  # names the table being read, e.g. "criterion 'station'"

    def within(self, prefix: str) -> Context:
        """The same context, naming ``prefix`` at the start of its messages."""
        return dataclasses.replace(self, prefix=prefix)

    def error(self, message: str, where: Where = ()) -> ScenarioError:
        """A :class:`ScenarioError` at the line of ``where`` (keys and array indices)."""
        text = f"{self.prefix}: {message}" if self.prefix else message
        return ScenarioError(text, path=self.path, line=self.lines.line_of(*where))


def check_keys(
    ctx: Context, table: Mapping[str, Any], allowed: Sequence[str], where: Where, what: str = ""
) -> None:
    """Refuse keys not in ``allowed``, suggesting the closest allowed one."""
    for key in table:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'? " if close else ""
            place = f" {what}" if what else ""
            raise ctx.error(
                f"unknown key '{key}'{place}; {hint}allowed: {', '.join(allowed)}", (*where, key)
            )


def as_table(ctx: Context, value: Any, where: Where, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ctx.error(f"{what} must be a table, not {_type_name(value)}", where)
    return value


def as_tables(ctx: Context, value: Any, where: Where, what: str) -> list[Mapping[str, Any]]:
    """An array of tables, e.g. ``[[criteria]]``."""
    if isinstance(value, list) and all(isinstance(v, Mapping) for v in value):
        return value
    raise ctx.error(f"write {what} as [[{'.'.join(map(str, where))}]] (double brackets)", where)


def opt_str(
    ctx: Context,
    table: Mapping[str, Any],
    key: str,
    where: Where,
    choices: Sequence[str] | None = None,
) -> str | None:
    """A text value or ``None`` when absent, checked against ``choices`` when given."""
    if key not in table:
        return None
    value = table[key]
    if not isinstance(value, str) or not value.strip():
        raise ctx.error(f"'{key}' must be a non-empty text in quotes", (*where, key))
    if choices is not None and value not in choices:
        raise ctx.error(f"'{key}' is '{value}'; use one of {', '.join(choices)}", (*where, key))
    return value


def get_str(
    ctx: Context,
    table: Mapping[str, Any],
    key: str,
    where: Where,
    default: str,
    choices: Sequence[str] | None = None,
) -> str:
    """A text value, ``default`` when absent."""
    value = opt_str(ctx, table, key, where, choices)
    return default if value is None else value


def need_str(
    ctx: Context,
    table: Mapping[str, Any],
    key: str,
    where: Where,
    choices: Sequence[str] | None = None,
) -> str:
    """A required text value."""
    value = opt_str(ctx, table, key, where, choices)
    if value is None:
        hint = f" ({', '.join(choices)})" if choices else ""
        raise ctx.error(f"missing '{key}'{hint}", where)
    return value


def get_number(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> float:
    """A required finite number (booleans are refused although TOML allows them as ints)."""
    if key not in table:
        raise ctx.error(f"missing '{key}'", where)
    return to_number(ctx, table[key], (*where, key), key)


def to_number(ctx: Context, value: Any, where: Where, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ctx.error(f"'{what}' must be a number, not {_type_name(value)}", where)
    if value != value or value in (float("inf"), float("-inf")):
        raise ctx.error(f"'{what}' must be a finite number", where)
    return float(value)


def get_pair(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> tuple[float, float]:
    """A required ``[low, high]`` with low < high."""
    if key not in table:
        raise ctx.error(f"missing '{key}' = [low, high]", where)
    value = table[key]
    if not isinstance(value, list) or len(value) != 2:
        raise ctx.error(f"'{key}' must be two numbers [low, high]", (*where, key))
    low, high = (to_number(ctx, v, (*where, key), key) for v in value)
    if low >= high:
        raise ctx.error(
            f"'{key}' = [{low:g}, {high:g}]: the first number must be smaller than the second",
            (*where, key),
        )
    return low, high


def is_name(text: str) -> bool:
    """Names become column names (``c_<name>``, ``dist_<name>``): letters, digits, _."""
    return text.isidentifier()


def parse_header(ctx: Context, data: Mapping[str, Any], path: Path | None) -> tuple[str, str]:
    """``[scenario]``: the name (default: the file name) and the explanation language."""
    table = as_table(ctx, data.get("scenario", {}), ("scenario",), "[scenario]")
    check_keys(ctx, table, ("name", "language"), ("scenario",), "in [scenario]")
    default_name = path.stem if path is not None else "scenario"
    name = get_str(ctx, table, "name", ("scenario",), default_name)
    language = get_str(ctx, table, "language", ("scenario",), "nl", LANGUAGES)
    return name, language


def parse_inputs(
    ctx: Context, data: Mapping[str, Any], base: Path
) -> tuple[Source | None, tuple[Source, ...], tuple[Source, ...], Source | None]:
    """``[inputs.*]``: parcels, zoning plans, holdings and municipal boundaries."""
    table = as_table(ctx, data.get("inputs", {}), ("inputs",), "[inputs]")
    check_keys(ctx, table, tuple(INPUT_OPTIONS), ("inputs",), "in [inputs]")
    single: dict[str, Source | None] = {}
    for kind in _SINGLE_INPUTS:
        where: Where = ("inputs", kind)
        value = table.get(kind)
        if isinstance(value, list):
            raise ctx.error(f"give one [inputs.{kind}], not [[inputs.{kind}]]", where)
        if value is not None:
            value = _source(ctx.within(f"[inputs.{kind}]"), value, where, kind, base)
        single[kind] = value
    many: dict[str, tuple[Source, ...]] = {}
    for kind in ("zoning", "holdings"):
        value = table.get(kind, [])
        if isinstance(value, Mapping):  # a single [inputs.zoning] is as good as one [[...]]
            many[kind] = (
                _source(ctx.within(f"[inputs.{kind}]"), value, ("inputs", kind), kind, base),
            )
            continue
        items = as_tables(ctx, value, ("inputs", kind), f"[[inputs.{kind}]]")
        many[kind] = tuple(
            _source(ctx.within(f"[[inputs.{kind}]] {i + 1}"), item, ("inputs", kind, i), kind, base)
            for i, item in enumerate(items)
        )
    return single["parcels"], many["zoning"], many["holdings"], single["boundaries"]


def _source(ctx: Context, value: Any, where: Where, kind: str, base: Path) -> Source:
    table = as_table(ctx, value, where, "an input")
    check_keys(ctx, table, (*_SOURCE_KEYS, *INPUT_OPTIONS[kind]), where)
    path = need_str(ctx, table, "path", where)
    options = {k: table[k] for k in INPUT_OPTIONS[kind] if k in table}
    for key, option in options.items():
        if key == "mapping":
            _check_mapping(ctx, option, (*where, key))
        else:
            need_str(ctx, options, key, where)
    if "owner_type" in options and options["owner_type"] not in schema.OWNER_TYPES:
        raise ctx.error(
            f"owner_type is '{options['owner_type']}'; use one of {', '.join(schema.OWNER_TYPES)}",
            (*where, "owner_type"),
        )
    return Source(
        path=resolve_path(path, base),
        layer=opt_str(ctx, table, "layer", where),
        where=opt_str(ctx, table, "where", where),
        options=options,
    )


def _check_mapping(ctx: Context, value: Any, where: Where) -> None:
    if not isinstance(value, Mapping) or not all(isinstance(v, str) for v in value.values()):
        raise ctx.error(
            'mapping must be a table of texts, e.g. { "Woondoeleinden" = "wonen" }', where
        )


def resolve_path(path: str, base: Path) -> Path:
    """A path in the scenario is relative to the scenario file's folder."""
    given = Path(path).expanduser()
    return given if given.is_absolute() else base / given


def parse_layers(ctx: Context, data: Mapping[str, Any], base: Path) -> tuple[LayerSpec, ...]:
    """``[layers.NAME]``: constraint and amenity layers, from a file or the zoning plans."""
    table = as_table(ctx, data.get("layers", {}), ("layers",), "[layers]")
    layers = []
    for name, value in table.items():
        where: Where = ("layers", name)
        if not is_name(name):
            raise ctx.error(
                f"layer name '{name}' must be letters, digits and _ (it becomes the "
                f"metrics dist_{name} and share_{name})",
                where,
            )
        layer_ctx = ctx.within(f"[layers.{name}]")
        layers.append(_layer(layer_ctx, name, as_table(layer_ctx, value, where, "a layer"), base))
    return tuple(layers)


def _layer(ctx: Context, name: str, table: Mapping[str, Any], base: Path) -> LayerSpec:
    where: Where = ("layers", name)
    check_keys(ctx, table, _LAYER_KEYS, where)
    kind = need_str(ctx, table, "kind", where, LAYER_KINDS)
    max_distance = DEFAULT_MAX_DISTANCE
    if "max_distance" in table:
        max_distance = get_number(ctx, table, "max_distance", where)
        if max_distance <= 0:
            raise ctx.error("'max_distance' must be more than 0 metres", (*where, "max_distance"))
    has_path, has_zoning = "path" in table, "zoning_object" in table
    if has_path == has_zoning:
        raise ctx.error(
            "give either 'path' (a file) or 'zoning_object' (from the zoning plans)",
            where,
        )
    if has_zoning:
        for key in ("layer", "where"):
            if key in table:
                raise ctx.error(
                    f"'{key}' applies to a file; a zoning layer is chosen with "
                    "zoning_object and zoning_group",
                    (*where, key),
                )
        obj, group = _zoning_choice(ctx, table, where)
        return LayerSpec(name, kind, None, obj, group, max_distance)
    if "zoning_group" in table:
        raise ctx.error("'zoning_group' needs 'zoning_object'", (*where, "zoning_group"))
    path = need_str(ctx, table, "path", where)
    source = Source(
        path=resolve_path(path, base),
        layer=opt_str(ctx, table, "layer", where),
        where=opt_str(ctx, table, "where", where),
    )
    return LayerSpec(name, kind, source, None, None, max_distance)


def _zoning_choice(ctx: Context, table: Mapping[str, Any], where: Where) -> tuple[str, str | None]:
    obj = need_str(ctx, table, "zoning_object", where, schema.IMRO_OBJECT_TYPES)
    group = opt_str(ctx, table, "zoning_group", where)
    if group is not None:
        group = group.strip().lower()
        known = _ZONING_GROUPS.get(obj)
        if known is not None and group not in known:
            raise ctx.error(
                f"'{group}' is no main group of {obj}; use one of {', '.join(known)}",
                (*where, "zoning_group"),
            )
    return obj, group


def parse_settings(ctx: Context, data: Mapping[str, Any]) -> tuple[str, ...]:
    """``[settings]``: the zoning main groups that count as residential."""
    where: Where = ("settings",)
    table = as_table(ctx, data.get("settings", {}), where, "[settings]")
    check_keys(ctx, table, ("residential_groups",), where, "in [settings]")
    if "residential_groups" not in table:
        return schema.DEFAULT_RESIDENTIAL_GROUPS
    value = table["residential_groups"]
    key_where = (*where, "residential_groups")
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ctx.error("residential_groups must be a non-empty list of main groups", key_where)
    groups = tuple(v.strip().lower() for v in value)
    for group in groups:
        if group not in schema.ENKELBESTEMMING_GROUPS:
            raise ctx.error(
                f"'{group}' is no IMRO main group; use some of "
                f"{', '.join(schema.ENKELBESTEMMING_GROUPS)}",
                key_where,
            )
    return tuple(dict.fromkeys(groups))


def _type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return f"the text '{value}'"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"
