"""The catalogue of concept homes: what each concept needs to be laid out on a site.

The catalogue is a TOML text file (``resources/concepts/concepts.toml`` documents every
key and the sources of its sizes); users extend it without code. :func:`load_concepts`
reads and validates it into immutable :class:`Concept` records; every problem is a
:class:`~bouwstroom_qgis.core.errors.ScenarioError` naming the file, the line, the
concept and the field.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario_lines import (
    TOMLDecodeError,
    TomlLines,
    loads,
    read_text,
    toml_error_line,
)
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    Where,
    as_table,
    as_tables,
    check_keys,
    need_str,
)
from bouwstroom_qgis.paths import resource

__all__ = ["FAMILIES", "Concept", "load_concepts", "parse_concepts"]

log = logging.getLogger(__name__)

FAMILIES = ("grondgebonden", "gestapeld")
# Building-type Bouwaanduidingen, when the catalogue does not list its own.
DEFAULT_BUILDING_TYPES = (
    "aaneengebouwd",
    "geschakeld",
    "gestapeld",
    "halfvrijstaand",
    "twee-aaneen",
    "vrijstaand",
)
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SECTIONS = ("catalogue", "concepts")
_CATALOGUE_KEYS = ("building_types",)
_SIZES = ("width", "depth", "plot_depth")  # metres, more than 0
_DISTANCES = ("front_garden", "row_gap", "setback")  # metres, 0 or more
_COUNTS = ("storeys", "homes_per_building", "min_row", "max_row")  # whole numbers, 1 or more
_REQUIRED = (
    "name",
    "label",
    "family",
    *_SIZES,
    *_DISTANCES,
    *_COUNTS,
    "parking_per_home",
    "parking_space",
    "green_per_home",
    "groups",
)
_OPTIONAL = ("attic", "designations", "forbidden_designations")


@dataclass(frozen=True)
class Concept:
    """One concept home and the rules for laying it out; sizes in metres, areas in m².

    A *building* holds ``homes_per_building`` homes on a ``width`` x ``depth`` footprint;
    buildings stand side by side in rows of ``min_row`` to ``max_row``, on plots
    ``plot_depth`` deep, with a strip for the row's parking and green in front.
    """

    name: str
    label: str
    family: str
    width: float
    depth: float
    storeys: int
    attic: bool
    homes_per_building: int
    plot_depth: float
    front_garden: float
    min_row: int
    max_row: int
    row_gap: float
    setback: float
    parking_per_home: float
    parking_space: float
    green_per_home: float
    groups: tuple[str, ...]
    designations: tuple[str, ...] = ()
    forbidden_designations: tuple[str, ...] = ()
    building_types: tuple[str, ...] = DEFAULT_BUILDING_TYPES

    @property
    def footprint_m2(self) -> float:
        """Footprint of one building (m²)."""
        return self.width * self.depth

    @property
    def gfa_per_building_m2(self) -> float:
        """Gross floor area (bvo) of one building: footprint x floors, an attic counted (m²)."""
        return self.footprint_m2 * (self.storeys + int(self.attic))

    @property
    def outdoor_per_home_m2(self) -> float:
        """Parking and public green one home needs (m²)."""
        return self.parking_per_home * self.parking_space + self.green_per_home

    @property
    def outdoor_depth(self) -> float:
        """Depth of the parking and green strip in front of a row (m)."""
        return self.homes_per_building * self.outdoor_per_home_m2 / self.width

    @property
    def strip_depth(self) -> float:
        """Depth of one row with its plots and its parking and green strip (m)."""
        return self.outdoor_depth + self.plot_depth

    @property
    def land_per_home_m2(self) -> float:
        """Plot, parking and green of one home, row gaps not counted (m²)."""
        return self.width * self.plot_depth / self.homes_per_building + self.outdoor_per_home_m2

    def forbids(self, designation: str) -> bool:
        """Whether a Bouwaanduiding of this name rules the concept out where it applies."""
        if designation in self.forbidden_designations:
            return True
        return designation in self.building_types and designation not in self.designations


def load_concepts(path: str | Path | None = None) -> tuple[Concept, ...]:
    """Read and validate a concept catalogue.

    Parameters
    ----------
    path : str or Path, optional
        The TOML file; the shipped catalogue when ``None``.

    Returns
    -------
    tuple of Concept
        In the order of the file.

    Raises
    ------
    ScenarioError
        When the file cannot be read or a concept is not valid (file, line, concept, field).
    """
    path = resource("concepts", "concepts.toml") if path is None else Path(path)
    return parse_concepts(read_text(path, "concept catalogue not found"), path)


def parse_concepts(text: str, path: Path | None = None) -> tuple[Concept, ...]:
    """Validate a concept catalogue given as TOML text (``path`` is named in errors)."""
    lines = TomlLines(text)
    ctx = Context(path, lines)
    try:
        data = loads(text)
    except TOMLDecodeError as err:
        message, line = toml_error_line(str(err), lines.n_lines)
        raise ScenarioError(f"TOML syntax: {message}", path=path, line=line) from None
    check_keys(ctx, data, _SECTIONS, (), "the concept catalogue (top-level sections)")
    building_types = _building_types(ctx, data)
    if "concepts" not in data:
        raise ctx.error("no concepts: add at least one [[concepts]] table")
    tables = as_tables(ctx, data["concepts"], ("concepts",), "concepts")
    if not tables:
        raise ctx.error("no concepts: add at least one [[concepts]] table")
    concepts: list[Concept] = []
    for index, table in enumerate(tables):
        concept = _concept(ctx, table, ("concepts", index), building_types)
        if any(c.name == concept.name for c in concepts):
            raise ctx.within(f"concept '{concept.name}'").error(
                "field 'name': the name is used twice; give every concept its own name",
                ("concepts", index, "name"),
            )
        concepts.append(concept)
    log.debug("concept catalogue %s: %d concepts", path, len(concepts))
    return tuple(concepts)


def _building_types(ctx: Context, data: Mapping[str, Any]) -> tuple[str, ...]:
    table = as_table(ctx, data.get("catalogue", {}), ("catalogue",), "[catalogue]")
    check_keys(ctx, table, _CATALOGUE_KEYS, ("catalogue",), "in [catalogue]")
    if "building_types" not in table:
        return DEFAULT_BUILDING_TYPES
    return _names(ctx, table, "building_types", ("catalogue",))


def _concept(
    ctx: Context, table: Mapping[str, Any], where: Where, building_types: tuple[str, ...]
) -> Concept:
    raw_name = table.get("name")
    named = isinstance(raw_name, str) and raw_name.strip()
    ctx = ctx.within(f"concept '{raw_name}'" if named else f"concept {int(where[1]) + 1}")
    check_keys(ctx, table, (*_REQUIRED, *_OPTIONAL), where)
    for key in _REQUIRED:
        if key not in table:
            raise ctx.error(f"field '{key}' is missing", where)
    name = need_str(ctx, table, "name", where)
    if not _NAME.match(name):
        raise ctx.error(
            f"field 'name': '{name}' must be lower case letters, digits and _, starting "
            f"with a letter (it becomes the column homes_{name})",
            (*where, "name"),
        )
    label = need_str(ctx, table, "label", where)
    family = _text(ctx, table, "family", where, FAMILIES)
    sizes = {key: _positive(ctx, table, key, where) for key in _SIZES}
    distances = {key: _not_negative(ctx, table, key, where) for key in _DISTANCES}
    counts = {key: _count(ctx, table, key, where) for key in _COUNTS}
    if counts["min_row"] > counts["max_row"]:
        raise ctx.error(
            f"field 'min_row': {counts['min_row']} is more than max_row {counts['max_row']}",
            (*where, "min_row"),
        )
    if distances["front_garden"] + sizes["depth"] > sizes["plot_depth"]:
        raise ctx.error(
            f"field 'plot_depth': {sizes['plot_depth']:g} m is less than front_garden "
            f"{distances['front_garden']:g} m + depth {sizes['depth']:g} m",
            (*where, "plot_depth"),
        )
    designations = _names(ctx, table, "designations", where, required=False)
    forbidden = _names(ctx, table, "forbidden_designations", where, required=False)
    both = sorted(set(designations) & set(forbidden))
    if both:
        raise ctx.error(
            f"field 'forbidden_designations': '{both[0]}' is also in designations",
            (*where, "forbidden_designations"),
        )
    return Concept(
        name=name,
        label=label,
        family=family,
        width=sizes["width"],
        depth=sizes["depth"],
        storeys=counts["storeys"],
        attic=_flag(ctx, table, "attic", where),
        homes_per_building=counts["homes_per_building"],
        plot_depth=sizes["plot_depth"],
        front_garden=distances["front_garden"],
        min_row=counts["min_row"],
        max_row=counts["max_row"],
        row_gap=distances["row_gap"],
        setback=distances["setback"],
        parking_per_home=_not_negative(ctx, table, "parking_per_home", where),
        parking_space=_positive(ctx, table, "parking_space", where),
        green_per_home=_not_negative(ctx, table, "green_per_home", where),
        groups=_groups(ctx, table, where),
        designations=designations,
        forbidden_designations=forbidden,
        building_types=building_types,
    )


def _number(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> float:
    value = table[key]
    # TOML booleans are ints to Python; a size of 'true' is a mistake, not 1 metre
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ctx.error(f"field '{key}': must be a finite number, not {value!r}", (*where, key))
    return float(value)


def _positive(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> float:
    value = _number(ctx, table, key, where)
    if value <= 0:
        raise ctx.error(f"field '{key}': must be more than 0, not {value:g}", (*where, key))
    return value


def _not_negative(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> float:
    value = _number(ctx, table, key, where)
    if value < 0:
        raise ctx.error(f"field '{key}': must not be negative, not {value:g}", (*where, key))
    return value


def _count(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> int:
    value = table[key]
    if isinstance(value, bool) or not isinstance(value, int):
        raise ctx.error(f"field '{key}': must be a whole number, not {value!r}", (*where, key))
    if value < 1:
        raise ctx.error(f"field '{key}': must be 1 or more, not {value}", (*where, key))
    return value


def _flag(ctx: Context, table: Mapping[str, Any], key: str, where: Where) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ctx.error(f"field '{key}': must be true or false, not {value!r}", (*where, key))
    return value


def _text(
    ctx: Context, table: Mapping[str, Any], key: str, where: Where, choices: Sequence[str]
) -> str:
    value = table[key]
    if not isinstance(value, str) or value.strip().lower() not in choices:
        raise ctx.error(
            f"field '{key}': {value!r} is not one of {', '.join(choices)}", (*where, key)
        )
    return value.strip().lower()


def _names(
    ctx: Context, table: Mapping[str, Any], key: str, where: Where, required: bool = True
) -> tuple[str, ...]:
    """A list of texts, lower case and trimmed, duplicates removed; empty when optional."""
    if key not in table and not required:
        return ()
    value = table[key]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ctx.error(f"field '{key}': must be a list of texts in quotes", (*where, key))
    return tuple(dict.fromkeys(v.strip().lower() for v in value))


def _groups(ctx: Context, table: Mapping[str, Any], where: Where) -> tuple[str, ...]:
    groups = _names(ctx, table, "groups", where)
    if not groups:
        raise ctx.error("field 'groups': name at least one IMRO main group", (*where, "groups"))
    for group in groups:
        if group not in schema.ENKELBESTEMMING_GROUPS:
            raise ctx.error(
                f"field 'groups': '{group}' is no IMRO main group of an Enkelbestemming; "
                f"use some of {', '.join(schema.ENKELBESTEMMING_GROUPS)}",
                (*where, "groups"),
            )
    return groups
