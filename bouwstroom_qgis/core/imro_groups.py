"""Which IMRO main group a zoning value means: plan values, old names, typos, IMOW concepts.

Three shipped tables in ``resources/mappings`` drive this, so a planner can read and
extend them without touching code:

- ``imro_variants.csv``: old, misspelt and informal names per object type
  ("Woondoeleinden" -> wonen, "Diensverlening" -> dienstverlening) and plan statuses of
  older IMRO versions;
- ``imow_imro.csv``: omgevingsplan (IMOW) function concepts -> object type and main group;
- the IMRO code lists themselves, from ``schema.py``.

A value that none of them explains stays unknown (``None``) and is reported by name and
count; it is never guessed and never dropped.
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.paths import resource

# Object types whose main group comes from a closed IMRO code list.
CODE_LISTS: Mapping[str, tuple[str, ...]] = {
    s.ENKELBESTEMMING: s.ENKELBESTEMMING_GROUPS,
    s.DUBBELBESTEMMING: s.DUBBELBESTEMMING_GROUPS,
    s.GEBIEDSAANDUIDING: s.GEBIEDSAANDUIDING_GROUPS,
}
# Object types whose "main group" is their own normalised name (any name is valid).
NAMED_TYPES = (s.BOUWAANDUIDING, s.FUNCTIEAANDUIDING)
PLAN_STATUS_KEY = "planstatus"


def _read_table(name: str) -> list[dict[str, str]]:
    path: Path = resource("mappings", name)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = (line for line in handle if line.strip() and not line.startswith("#"))
        return [{key: value.strip() for key, value in row.items()} for row in csv.DictReader(rows)]


@functools.lru_cache(maxsize=1)
def variants() -> dict[str, dict[str, str]]:
    """``{object_type: {normalised variant: main group}}`` from ``imro_variants.csv``."""
    table: dict[str, dict[str, str]] = {}
    for row in _read_table("imro_variants.csv"):
        table.setdefault(row["object_type"], {})[row["variant"].lower()] = row["hoofdgroep"]
    return table


@functools.lru_cache(maxsize=1)
def imow_concepts() -> dict[str, tuple[str, str]]:
    """``{lower-case concept: (object_type, main group)}`` from ``imow_imro.csv``."""
    return {
        row["concept"].lower(): (row["object_type"], row["hoofdgroep"])
        for row in _read_table("imow_imro.csv")
    }


def normalise_names(values: pd.Series) -> pd.Series:
    """Lower case, single spaces, without IMRO2008's ``other:`` prefix; missing stays missing."""
    text = values.astype("string").str.strip().str.lower()
    text = text.str.replace(r"^other:\s*", "", regex=True)
    return text.str.replace(r"\s+", " ", regex=True).replace("", pd.NA)


def group_keys(values: pd.Series) -> pd.Series:
    """The main-group part of a name: text before ``" - "``, without a trailing number.

    Examples
    --------
    >>> group_keys(pd.Series(["Leiding - Gas", "Woondoeleinden 3", "Wonen - 2"])).tolist()
    ['leiding', 'woondoeleinden', 'wonen']
    """
    text = normalise_names(values).str.split(" - ", n=1).str[0]
    text = text.str.replace(r"[\s_-]*\(?\d+[a-z]?\)?$", "", regex=True).str.strip()
    return text.replace("", pd.NA)


def _lookup(keys: pd.Series, table: Mapping[str, str]) -> pd.Series:
    return keys.map(table, na_action="ignore").astype(object)


def main_groups(object_type: str, *candidates: pd.Series) -> pd.Series:
    """Main group per row from the first candidate column that maps; ``None`` otherwise.

    For Enkel- and Dubbelbestemming and Gebiedsaanduiding a candidate maps when its group
    key is in the IMRO code list or in the variants table of that object type; for Bouw-
    and Functieaanduiding the normalised name itself is the group (variants table first,
    so "twee aaneen" becomes "twee-aaneen"). Other object types have no group.
    """
    index = candidates[0].index if candidates else pd.RangeIndex(0)
    result = pd.Series(None, index=index, dtype=object)
    if object_type in NAMED_TYPES:
        table = variants().get(object_type, {})
        for values in candidates:
            names = normalise_names(values)
            named = _lookup(names, table).fillna(names.astype(object))
            result = result.where(result.notna(), named)
    elif object_type in CODE_LISTS:
        table = {group: group for group in CODE_LISTS[object_type]}
        table.update(variants().get(object_type, {}))
        for values in candidates:
            result = result.where(result.notna(), _lookup(group_keys(values), table))
    return result.where(result.notna(), None)


def imow_groups(values: pd.Series) -> pd.DataFrame:
    """Object type and main group of IMOW concepts (URIs or bare names); unknown -> None."""
    concept = values.astype("string").str.strip().str.rstrip("/").str.split("/").str[-1]
    concept = concept.str.split("#").str[-1].str.lower()
    found = concept.map(imow_concepts(), na_action="ignore")
    known = found.notna().to_numpy()
    object_type = np.full(len(values), None, dtype=object)
    group = np.full(len(values), None, dtype=object)
    if known.any():
        pairs = found[known].tolist()
        object_type[known] = [pair[0] for pair in pairs]
        group[known] = [pair[1] for pair in pairs]
    return pd.DataFrame(
        {
            s.OBJECT_TYPE: pd.Series(object_type, index=values.index, dtype=object),
            s.HOOFDGROEP: pd.Series(group, index=values.index, dtype=object),
        }
    )


def plan_statuses(values: pd.Series) -> pd.Series:
    """IMRO plan status, lower case; older statuses mapped, anything else ``None``."""
    table = {status: status for status in s.PLAN_STATUSES}
    table.update(variants().get(PLAN_STATUS_KEY, {}))
    return _lookup(normalise_names(values), table).where(lambda v: v.notna(), None)


def report_unmapped(
    report: Report, source: str, raw: pd.Series, mapped: pd.Series, what: str
) -> int:
    """Warn once per distinct value that has no mapping, with its count; return the total.

    ``raw`` is what the input said, ``mapped`` the result (``None`` where unknown); rows
    whose ``raw`` value is itself missing are counted under ``(empty)``.
    """
    unknown = mapped.isna()
    if not unknown.any():
        return 0
    counts = raw[unknown].astype(object).where(raw[unknown].notna(), "(empty)").value_counts()
    for value, count in sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))):
        report.warn(source, f"{what} unknown for '{value}'; kept with an empty {what}", count)
    return int(unknown.sum())
