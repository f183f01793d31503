"""The scenario's rules as tables: criteria with their weights, exclusion rules with counts.

Weights are shown in points: the normalised weight times 100, which is the most a
criterion can add to a score, so a reader can compare every contribution with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.export.labels import text
from bouwstroom_qgis.core.export.tables import split_list
from bouwstroom_qgis.core.scenario import Criterion, Scenario


def format_params(params: Mapping[str, Any]) -> str:
    """Value-function parameters as one readable line, e.g. ``range = 800 – 5000``."""
    parts = []
    for key in sorted(params):
        value = params[key]
        if isinstance(value, Mapping):
            shown = ", ".join(f"{k} = {_number(v)}" for k, v in sorted(value.items()))
            parts.append(f"{key}: {shown}")
        elif isinstance(value, tuple | list):
            parts.append(f"{key} = " + " – ".join(_number(v) for v in value))
        else:
            parts.append(f"{key} = {_number(value)}")
    return "; ".join(parts)


def _number(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def weight_points(criteria: tuple[Criterion, ...]) -> dict[str, float]:
    """Each criterion's most points: its normalised weight x 100 (0 when switched off)."""
    return {cr.name: (100.0 * cr.weight if cr.enabled else 0.0) for cr in criteria}


def criteria_table(scenario: Scenario, language: str) -> pd.DataFrame:
    """One row per parcel criterion and per site criterion, with its weight in points."""
    rows = []
    for level, criteria in (
        (text("level_parcel", language), scenario.criteria),
        (text("level_site", language), scenario.sites.criteria),
    ):
        points = weight_points(criteria)
        for criterion in criteria:
            rows.append(
                {
                    "level": level,
                    "criterion": criterion.name,
                    "metric": criterion.metric,
                    "function": criterion.function,
                    "direction": criterion.direction,
                    "parameters": format_params(criterion.params),
                    "weight": points[criterion.name],
                    "missing": criterion.missing,
                    "enabled": criterion.enabled,
                }
            )
    return pd.DataFrame(rows)


def exclusions_table(parcels: pd.DataFrame, scenario: Scenario, language: str) -> pd.DataFrame:
    """Each exclusion reason with its rule, the parcels it excludes and their area.

    A parcel excluded for two reasons counts under both. Rules that exclude nothing are
    listed with 0; reasons that are no rule (an unknown value of a criterion whose
    missing rule is ``exclude``) say so.
    """
    excluded = parcels[parcels[s.EXCLUDED].astype(bool)]
    reasons = split_list(excluded[s.EXCLUSION_REASON])
    reasons = reasons[reasons != ""]
    area = excluded[s.AREA].reindex(reasons.index).to_numpy() if s.AREA in excluded else 0.0
    counted = (
        pd.DataFrame({"reason": reasons.to_numpy(), "area": area})
        .groupby("reason", sort=True)
        .agg(parcels_count=("area", "size"), area_ha=("area", "sum"))
    )
    counted["area_ha"] = counted["area_ha"] / 10_000.0
    rules = {e.reason: f"{e.metric} {e.op} {_value(e.value)}" for e in scenario.exclusions}
    for reason in rules:
        if reason not in counted.index:
            counted.loc[reason] = (0, 0.0)
    table = counted.reset_index()
    table.insert(1, "rule", [_rule_of(reason, rules, language) for reason in table["reason"]])
    table["parcels_count"] = table["parcels_count"].astype("int64")
    table = table.sort_values(["parcels_count", "reason"], ascending=[False, True])
    return table.rename(columns={"reason": s.EXCLUSION_REASON}).reset_index(drop=True)


def _value(value: object) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_number(v) for v in value) + "]"
    return _number(value)


def _rule_of(reason: str, rules: Mapping[str, str], language: str) -> str:
    if reason in rules:
        return rules[reason]
    for known, rule in rules.items():  # "<reason> (unknown)": the rule's missing clause
        if reason.startswith(known + " ("):
            return rule
    return text("no_rule", language)
