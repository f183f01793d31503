"""Every hard bundling rule checked on finished bundles, from the tables alone.

:func:`violations` recomputes everything from the sites table and the rules (not from
the solver's arrays), so it checks the solvers independently: homes, one concept or
family, spread, readiness window, balance, pinned and excluded sites, each site in one
bundle at most, and that each bundle's columns say what its sites hold.
"""

from __future__ import annotations

import itertools

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from bouwstroom_qgis.core import bundle_rules as br
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_input import dominant_owner
from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.readiness import quarter_label, readiness

TOLERANCE_M = 1e-6  # metres: rounding of distances
SPREAD_KM_DIGITS = 3


def violations(
    bundles: gpd.GeoDataFrame,
    sites: gpd.GeoDataFrame,
    rules: BundleRules,
    assignment: pd.DataFrame | None = None,
    families: dict[str, str] | None = None,
) -> list[str]:
    """Every broken rule, one line each (``[]`` when all bundles keep every rule).

    Parameters
    ----------
    bundles : geopandas.GeoDataFrame
        ``BundleResult.bundles``.
    sites : geopandas.GeoDataFrame
        The sites that were bundled.
    rules : BundleRules
    assignment : pandas.DataFrame, optional
        ``BundleResult.assignment``: its concept and homes per site are checked
        against the sites table; without it each site counts with its best concept
        (``concepts = "best"``) or the concept of its bundle.
    families : dict, optional
        Concept -> family, as given to the bundling.
    """
    table = sites.set_index(sites[s.SITE_ID].astype(str), drop=False)
    quarter = readiness(table, rules.readiness)
    owner = dominant_owner(table)
    family = rules.family_of(families)
    chosen = None if assignment is None else assignment.set_index(s.SITE_ID)
    found: list[str] = []
    seen: dict[str, str] = {}
    for row in bundles.itertuples(index=False):
        name = str(getattr(row, s.BUNDLE_ID))
        ids = str(getattr(row, s.SITE_IDS)).split("; ")
        unknown = [i for i in ids if i not in table.index]
        if unknown:
            found.append(f"{name}: site {unknown[0]} is not among the sites")
            continue
        for i in ids:
            if i in seen:
                found.append(f"{name}: site {i} is also in {seen[i]}")
            seen[i] = name
            if i in rules.excluded:
                found.append(f"{name}: site {i} is excluded by the user")
        part = table.loc[ids]
        concepts, homes = _concepts_and_homes(part, row, rules, chosen, found, name)
        groups = {family.get(c, c) for c in concepts}
        if len(groups) != 1:
            found.append(f"{name}: more than one concept group: {', '.join(sorted(groups))}")
        total = int(homes.sum())
        if not rules.min_homes <= total <= rules.max_homes:
            found.append(f"{name}: {total} homes outside {rules.min_homes}..{rules.max_homes}")
        if int(row.homes) != total or int(getattr(row, s.N_SITES)) != len(ids):
            found.append(f"{name}: homes or n_sites column disagrees with its sites")
        found += _spread(name, part, row, rules)
        q = quarter.loc[ids]
        if q.max() - q.min() > rules.readiness_window:
            found.append(
                f"{name}: readiness {int(q.min())}..{int(q.max())} wider than "
                f"{rules.readiness_window} quarters"
            )
        if (getattr(row, s.EARLIEST_QUARTER), getattr(row, s.LATEST_QUARTER)) != (
            int(q.min()),
            int(q.max()),
        ) or getattr(row, s.EARLIEST_LABEL) != quarter_label(rules.start, int(q.min())):
            found.append(f"{name}: earliest or latest quarter disagrees with its sites")
        for kind, labels, share in (
            ("municipality", part.get(s.MUNICIPALITY), rules.max_municipality_share),
            ("owner", owner.loc[ids], rules.max_owner_share),
        ):
            found += _balance(name, kind, labels, homes, share)
        union = shapely.union_all(part.geometry.to_numpy())
        if abs(union.area - row.geometry.area) > 1e-6 * max(union.area, 1.0):
            found.append(f"{name}: geometry is not the union of its sites")
    found += _pins(bundles, rules, seen)
    return found


def _concepts_and_homes(
    part: pd.DataFrame,
    row: object,
    rules: BundleRules,
    chosen: pd.DataFrame | None,
    found: list[str],
    name: str,
) -> tuple[list[str], np.ndarray]:
    ids = list(part.index)
    if chosen is not None:
        concepts = [str(c) for c in chosen.loc[ids, s.CONCEPT]]
        homes = chosen.loc[ids, s.HOMES].to_numpy(dtype=np.int64)
    elif rules.concepts == br.BEST:
        concepts = [str(c) for c in part[s.BEST_CONCEPT]]
        homes = part[s.HOMES].to_numpy(dtype=np.int64)
    else:
        concept = str(getattr(row, s.CONCEPT))
        concepts = [concept] * len(ids)
        homes = part[s.HOMES_PREFIX + concept].to_numpy(dtype=np.int64)
    for i, concept, h in zip(ids, concepts, homes, strict=True):
        if rules.concepts == br.BEST:
            real, best = int(part.at[i, s.HOMES]), str(part.at[i, s.BEST_CONCEPT])
            if concept != best:
                found.append(f"{name}: site {i} counted as {concept}, its best is {best}")
        else:
            column = s.HOMES_PREFIX + concept
            real = int(part.at[i, column]) if column in part.columns else -1
        if int(h) != real or real <= 0:
            found.append(f"{name}: site {i} counted with {int(h)} homes of {concept}, has {real}")
    return concepts, homes


def _spread(name: str, part: pd.DataFrame, row: object, rules: BundleRules) -> list[str]:
    xy = shapely.get_coordinates(shapely.centroid(part.geometry.to_numpy()))
    largest = max(
        (float(np.hypot(*(a - b))) for a, b in itertools.combinations(xy, 2)), default=0.0
    )
    problems = []
    if largest > rules.max_spread_m + TOLERANCE_M:
        problems.append(
            f"{name}: spread {largest / 1000:.3f} km over max {rules.max_spread_km:g} km"
        )
    if abs(round(largest / 1000, SPREAD_KM_DIGITS) - float(getattr(row, s.SPREAD_KM))) > 1e-9:
        problems.append(f"{name}: spread_km column disagrees with its sites")
    return problems


def _balance(
    name: str, kind: str, labels: pd.Series | None, homes: np.ndarray, share: float | None
) -> list[str]:
    if share is None or labels is None:
        return []
    frame = pd.DataFrame({"label": labels.to_numpy(dtype=object), s.HOMES: homes}).dropna()
    total = homes.sum()
    problems = []
    for label, part in frame.groupby("label")[s.HOMES].sum().items():
        if part > share * total + 1e-9:
            problems.append(f"{name}: {kind} {label} has {part} of {total} homes, over {share:.0%}")
    return problems


def _pins(bundles: gpd.GeoDataFrame, rules: BundleRules, seen: dict[str, str]) -> list[str]:
    problems = []
    home_of_name: dict[str, str] = {}
    for site, pin in sorted(rules.pinned.items()):
        if site not in seen:
            problems.append(f"site {site} is pinned to '{pin}' but in no bundle")
            continue
        bundle = seen[site]
        if home_of_name.setdefault(pin, bundle) != bundle:
            problems.append(f"sites pinned to '{pin}' are in {home_of_name[pin]} and {bundle}")
    by_bundle: dict[str, set[str]] = {}
    for pin, bundle in home_of_name.items():
        by_bundle.setdefault(bundle, set()).add(pin)
    for bundle, pins in sorted(by_bundle.items()):
        if len(pins) > 1:
            problems.append(f"{bundle}: sites pinned to {', '.join(sorted(pins))} share it")
    return problems
