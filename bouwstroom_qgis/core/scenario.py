"""The scenario file: which data to read and how to score parcels.

A scenario is human-editable TOML (see ``resources/scenarios/bouwstroom_noord.toml``,
which documents every key). :func:`load_scenario` reads and validates it into an
immutable :class:`Scenario`; every problem is a :class:`ScenarioError` naming the file
and line. :func:`with_weights` re-weights or switches criteria for live re-ranking.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from pathlib import Path

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario_bundles import parse_bundles
from bouwstroom_qgis.core.scenario_lines import (
    TOMLDecodeError,
    TomlLines,
    loads,
    read_text,
    toml_error_line,
)
from bouwstroom_qgis.core.scenario_model import (
    CATEGORY,
    NUMBER,
    Criterion,
    Exclusion,
    LayerSpec,
    Scenario,
    metric_kinds,
)
from bouwstroom_qgis.core.scenario_parse import (
    Context,
    check_keys,
    parse_header,
    parse_inputs,
    parse_layers,
    parse_settings,
)
from bouwstroom_qgis.core.scenario_rules import parse_criteria, parse_exclusions
from bouwstroom_qgis.core.scenario_sites import parse_sites
from bouwstroom_qgis.core.scenario_stream import parse_profiles, parse_robustness, parse_stream

__all__ = [
    "CATEGORY",
    "NUMBER",
    "Criterion",
    "Exclusion",
    "LayerSpec",
    "Scenario",
    "known_metrics",
    "load_scenario",
    "parse_scenario",
    "with_weights",
]

log = logging.getLogger(__name__)

SECTIONS = (
    "scenario",
    "inputs",
    "layers",
    "settings",
    "exclusions",
    "criteria",
    "weights",
    "sites",
    "site_criteria",
    "stream",
    "robustness",
    "profiles",
    "bundles",
)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file.

    Parameters
    ----------
    path : str or Path
        The TOML file; input paths in it are relative to its folder.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        When the file cannot be read or is not a valid scenario (with the line).
    """
    path = Path(path)
    return parse_scenario(read_text(path), path)


def parse_scenario(text: str, path: Path | None = None) -> Scenario:
    """Validate a scenario given as text.

    Parameters
    ----------
    text : str
        TOML text.
    path : Path, optional
        Where the text came from: named in errors, and the folder input paths are
        relative to (the current folder when ``None``).

    Returns
    -------
    Scenario
    """
    lines = TomlLines(text)
    ctx = Context(path, lines)
    try:
        data = loads(text)
    except TOMLDecodeError as err:
        message, line = toml_error_line(str(err), lines.n_lines)
        raise ScenarioError(f"TOML syntax: {message}", path=path, line=line) from None
    check_keys(ctx, data, SECTIONS, (), "the scenario (top-level sections)")
    name, language = parse_header(ctx, data, path)
    base = path.parent if path is not None else Path()
    parcels, zoning, holdings, boundaries = parse_inputs(ctx, data, base)
    layers = parse_layers(ctx, data, base)
    kinds = metric_kinds(layers)
    exclusions = parse_exclusions(ctx, data, kinds)
    criteria, ratio = parse_criteria(ctx, data, kinds)
    scenario = Scenario(
        path=path,
        name=name,
        language=language,
        parcels=parcels,
        zoning=zoning,
        holdings=holdings,
        boundaries=boundaries,
        layers=layers,
        residential_groups=parse_settings(ctx, data),
        criteria=criteria,
        exclusions=exclusions,
        text=text,
        ahp_consistency_ratio=ratio,
        sites=parse_sites(ctx, data, base, layers),
        stream=parse_stream(ctx, data),
        robustness=parse_robustness(ctx, data),
        profiles=parse_profiles(ctx, data, criteria),
        bundles=parse_bundles(ctx, data),
    )
    log.debug(
        "scenario %s: %d criteria, %d exclusions, %d layers",
        name,
        len(criteria),
        len(exclusions),
        len(layers),
    )
    return scenario


def known_metrics(scenario: Scenario) -> dict[str, str]:
    """Metric name -> ``"number"`` or ``"category"``, for the scenario's layers.

    The fixed metrics (``area_m2``, ``compactness``, ``residential_share``,
    ``owner_share``, ``hoofdgroep``, ``plan_status``, ``owner``, ``owner_type``,
    ``municipality``) plus ``share_<layer>`` and ``dist_<layer>`` per declared layer.
    """
    return metric_kinds(scenario.layers)


def with_weights(
    scenario: Scenario,
    weights: Mapping[str, float],
    enabled: Iterable[str] | None = None,
) -> Scenario:
    """The scenario with new criterion weights and/or criteria switched on or off.

    Parameters
    ----------
    scenario : Scenario
    weights : mapping of str to float
        New weights by criterion name, in points like the scenario file (any
        non-negative scale; they are normalised). Criteria not named keep their current
        share, as points out of 100.
    enabled : iterable of str, optional
        The criteria to keep switched on; the others are switched off (weight 0, and
        neither scoring, excluding nor explained). ``None`` keeps the current choice.

    Returns
    -------
    Scenario
        With weights normalised to sum to 1 over the enabled criteria; no longer
        carrying an AHP consistency ratio, as the weights are no longer the matrix's.

    Raises
    ------
    ScenarioError
        For unknown criterion names, negative weights, or nothing left to weigh.
    """
    names = [c.name for c in scenario.criteria]
    _check_names(scenario, weights, names)
    on = {c.name for c in scenario.criteria if c.enabled}
    if enabled is not None:
        on = set(enabled)
        _check_names(scenario, on, names)
    points = {c.name: c.weight * 100.0 for c in scenario.criteria}
    for name, value in weights.items():
        value = float(value)
        if not value >= 0:  # also refuses NaN
            raise ScenarioError(f"weight of '{name}' must not be negative", path=scenario.path)
        points[name] = value
    total = sum(points[n] for n in names if n in on)
    if total <= 0:
        raise ScenarioError(
            "no enabled criterion has a positive weight: nothing to score with",
            path=scenario.path,
        )
    criteria = tuple(
        dataclasses.replace(
            c, weight=points[c.name] / total if c.name in on else 0.0, enabled=c.name in on
        )
        for c in scenario.criteria
    )
    return dataclasses.replace(scenario, criteria=criteria, ahp_consistency_ratio=None)


def _check_names(scenario: Scenario, given: Iterable[str], names: list[str]) -> None:
    unknown = sorted(set(given) - set(names))
    if unknown:
        raise ScenarioError(
            f"unknown criterion '{unknown[0]}'; the criteria are {', '.join(names)}",
            path=scenario.path,
        )
