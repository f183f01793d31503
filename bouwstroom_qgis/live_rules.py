"""The scoring rules of a scenario, read inside QGIS without the engine.

Live re-ranking in the dock needs only the scenario's criteria, exclusions, language and
layer search distances. They are read here from the TOML text with the standard
library (``tomllib``) and numpy, so that QGIS's own Python needs no pandas. The engine
(``core/scenario*.py``) validates a scenario fully when it runs; this reader checks just
enough to score safely and says what is wrong in one line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

try:  # Python >= 3.11 (QGIS on Debian 12 and newer, the Windows installers from 3.34)
    import tomllib
except ImportError:  # pragma: no cover - older QGIS Pythons may carry tomli instead
    import tomli as tomllib  # type: ignore[no-redef]

LINEAR, THRESHOLD, IDEAL, CATEGORICAL = "linear", "threshold", "ideal", "categorical"
COST = "cost"
EXCLUDE = "exclude"
IN = "in"
DEFAULT_MAX_DISTANCE = 5000.0  # metres, as the engine's LayerSpec
# Metrics that hold categories (the engine's FIXED_METRICS of kind "category").
CATEGORY_METRICS = frozenset({"hoofdgroep", "plan_status", "owner", "owner_type", "municipality"})

_COMPARISON = re.compile(r"^\s*([A-Za-z_]\w*)\s*(<=|>=|==|!=|<|>)\s*(.+?)\s*$")
_MEMBERSHIP = re.compile(r"^\s*([A-Za-z_]\w*)\s+in\s+(.+?)\s*$")


class RulesError(ValueError):
    """A scenario whose scoring rules cannot be read (one line, for a message bar)."""


@dataclass(frozen=True)
class Rule:
    """One criterion: a value function of one metric worth ``weight`` of the score.

    ``points`` is the weight as written in the scenario (any scale); ``weight`` is the
    normalised share (0–1) over the enabled criteria.
    """

    name: str
    metric: str
    function: str
    direction: str
    params: Mapping[str, Any]
    points: float
    weight: float
    missing: str = "worst"
    enabled: bool = True


@dataclass(frozen=True)
class Exclusion:
    """A hard rule ``metric op value``; ``missing`` says whether unknown excludes."""

    metric: str
    op: str
    value: Any
    reason: str
    missing: str = EXCLUDE


@dataclass(frozen=True)
class Rules:
    """What live scoring needs from a scenario."""

    name: str
    language: str
    criteria: tuple[Rule, ...]
    exclusions: tuple[Exclusion, ...]
    max_distances: Mapping[str, float]

    def metrics(self) -> list[str]:
        """Every metric column the rules read, once, in the order they are used."""
        used = [e.metric for e in self.exclusions] + [c.metric for c in self.criteria]
        return list(dict.fromkeys(used))


def read_rules(text: str) -> Rules:
    """The scoring rules of a scenario's TOML text.

    Raises
    ------
    RulesError
        The text is no TOML, or a criterion or exclusion cannot be read.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise RulesError(f"the scenario is not valid TOML: {error}") from None
    header = data.get("scenario", {})
    layers = data.get("layers", {})
    max_distances = {
        str(name): float(spec.get("max_distance", DEFAULT_MAX_DISTANCE))
        for name, spec in layers.items()
        if isinstance(spec, Mapping)
    }
    criteria = _criteria(data)
    exclusions = tuple(_exclusion(i, t) for i, t in enumerate(data.get("exclusions", [])))
    return Rules(
        name=str(header.get("name", "scenario")),
        language=str(header.get("language", "nl")),
        criteria=criteria,
        exclusions=exclusions,
        max_distances=max_distances,
    )


def with_points(
    rules: Rules, points: Mapping[str, float], enabled: Iterable[str] | None = None
) -> Rules:
    """The rules with new weights (in points, any scale) and criteria switched on or off.

    As the engine's ``with_weights``: the weights are normalised over the enabled
    criteria, summed in the scenario's order; switched-off criteria get weight 0 and
    neither score, exclude nor appear in explanations.
    """
    unknown = sorted(set(points) - {c.name for c in rules.criteria})
    if unknown:
        raise RulesError(f"unknown criterion '{unknown[0]}'")
    on = {c.name for c in rules.criteria if c.enabled} if enabled is None else set(enabled)
    raw = {c.name: float(points.get(c.name, c.points)) for c in rules.criteria}
    if any(not value >= 0 for value in raw.values()):
        raise RulesError("weights must not be negative")
    total = sum(raw[c.name] for c in rules.criteria if c.name in on)
    if total <= 0:
        raise RulesError("no switched-on criterion has a weight: nothing to score with")
    criteria = tuple(
        replace(
            c,
            points=raw[c.name],
            weight=raw[c.name] / total if c.name in on else 0.0,
            enabled=c.name in on,
        )
        for c in rules.criteria
    )
    return replace(rules, criteria=criteria)


def _criteria(data: Mapping[str, Any]) -> tuple[Rule, ...]:
    tables = data.get("criteria", [])
    if not isinstance(tables, list) or not tables:
        raise RulesError("the scenario has no [[criteria]]")
    weights = data.get("weights", {})
    ahp = isinstance(weights, Mapping) and weights.get("method") == "ahp"
    rules = [_criterion(i, t, ahp) for i, t in enumerate(tables)]
    raw = _ahp_points(weights, [r.name for r in rules]) if ahp else [r.points for r in rules]
    total = sum(raw)
    if total <= 0:
        raise RulesError("all criteria have weight 0")
    return tuple(
        replace(rule, points=points, weight=points / total)
        for rule, points in zip(rules, raw)  # noqa: B905 - zip(strict=) needs Python 3.10
    )


def _criterion(i: int, table: Any, ahp: bool) -> Rule:
    if not isinstance(table, Mapping):
        raise RulesError(f"criterion {i + 1} is not a table")
    try:
        return _read_criterion(table, ahp)
    except KeyError as error:
        raise RulesError(f"criterion {i + 1} has no '{error.args[0]}'") from None
    except (TypeError, ValueError) as error:
        raise RulesError(f"criterion {i + 1}: {error}") from None


def _read_criterion(table: Mapping[str, Any], ahp: bool) -> Rule:
    name, metric, function = str(table["name"]), str(table["metric"]), table["function"]
    points = 0.0 if ahp else _number(table["weight"])
    if function == LINEAR:
        params: dict[str, Any] = {"range": _pair(table["range"])}
    elif function == THRESHOLD:
        params = {"threshold": _number(table["threshold"])}
    elif function == IDEAL:
        params = {"ideal": _pair(table["ideal"]), "limits": _pair(table["limits"])}
    elif function == CATEGORICAL:
        values = {str(k): _number(v) for k, v in dict(table["values"]).items()}
        params = {"values": values, "default": _number(table.get("default", 0.0))}
    else:
        raise RulesError(f"criterion '{name}': unknown function '{function}'")
    direction = str(table.get("direction", "benefit")) if function in (LINEAR, THRESHOLD) else ""
    return Rule(
        name=name,
        metric=metric,
        function=function,
        direction=direction or "benefit",
        params=params,
        points=points,
        weight=0.0,
        missing=str(table.get("missing", "worst")),
    )


def _exclusion(i: int, table: Any) -> Exclusion:
    when = str(table.get("when", "")) if isinstance(table, Mapping) else ""
    membership = _MEMBERSHIP.match(when)
    found = membership or _COMPARISON.match(when)
    if not found:
        raise RulesError(f'exclusion {i + 1}: cannot read when = "{when}"')
    if membership:
        metric, op, raw = membership.group(1), IN, membership.group(2)
    else:
        metric, op, raw = found.group(1), found.group(2), found.group(3)
    value = tomllib.loads(f"value = {raw}")["value"]
    if isinstance(value, list):
        value = tuple(v if isinstance(v, str) else float(v) for v in value)
    elif not isinstance(value, str):
        value = float(value)
    return Exclusion(
        metric=metric,
        op=op,
        value=value,
        reason=str(table.get("reason", when.strip())),
        missing=str(table.get("missing", EXCLUDE)),
    )


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RulesError(f"{value!r} is not a number")
    return float(value)


def _pair(value: Any) -> tuple[float, float]:
    low, high = (_number(v) for v in value)
    return low, high


def _ahp_points(weights: Mapping[str, Any], names: list[str]) -> list[float]:
    """Weights from the ``[weights]`` AHP matrix, by the principal eigenvector (as the engine)."""
    order = [str(n) for n in weights.get("criteria", [])]
    if sorted(order) != sorted(names):
        raise RulesError("[weights] criteria must name each criterion once")
    matrix = np.array([[float(Fraction(str(v).strip())) for v in row] for row in weights["matrix"]])
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    vector = np.abs(eigenvectors[:, int(np.argmax(eigenvalues.real))].real)
    by_name = dict(zip(order, (vector / vector.sum()).tolist()))  # noqa: B905
    return [by_name[n] for n in names]
