"""Bundling scored sites into bundles for the build stream.

:func:`bundle_sites` groups sites into bundles of one concept (or concept family) by
the scenario's ``[bundles]`` rules (see :class:`BundleRules`): min and max homes per
bundle, maximum spread (the largest distance between the centroids of two sites of a
bundle, km), a readiness window (quarters between the earliest starts of its sites),
optional balance rules (largest share of one municipality or owner in a bundle's
homes), pinned and excluded sites.

Objective: the most score-weighted homes in bundles (the sum over bundled sites of
score x homes, scores counted to 0.01 point), then the smallest summed spread. The
spread is measured between site centroids: one number per pair of sites, the same
whichever way round, and for a builder the distance between sites' middles rather
than between their nearest edges. Minimising the summed spread splits a bundle in two
when both parts keep every rule (a part may be a single site with min_homes homes);
raise min_homes for larger bundles.

A bundle's ``score`` is the homes-weighted mean score of its sites (0..100, like the
sites' scores); its ``weighted_homes`` the score x homes it adds to the objective.

Solvers: OR-Tools CP-SAT when installed (``solver = "auto"`` or ``"cp-sat"``), else a
deterministic built-in heuristic with a note; CP-SAT starts from the heuristic's
bundles, so it never returns fewer score-weighted homes. Rules that admit no bundle
give status ``"INFEASIBLE"`` with the reason in ``message``; every site left out gets
its reason in the assignment table.
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd

from bouwstroom_qgis.core import bundle_rules as br
from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_cpsat import TOO_LARGE, cp_sat_version, solve_cp_sat
from bouwstroom_qgis.core.bundle_heuristic import solve_heuristic
from bouwstroom_qgis.core.bundle_pins import pin_problem
from bouwstroom_qgis.core.bundle_problem import SCORE_SCALE, Problem, build_problem
from bouwstroom_qgis.core.bundle_reasons import presolve_reasons, solved_reasons, why_no_bundle
from bouwstroom_qgis.core.bundle_rules import BundleRules
from bouwstroom_qgis.core.compat import as_text, text_array
from bouwstroom_qgis.core.readiness import quarter_label, quarter_labels
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.site_attributes import union_by_site
from bouwstroom_qgis.core.stream_settings import Quarter

log = logging.getLogger(__name__)

OPTIMAL = "OPTIMAL"
FEASIBLE = "FEASIBLE"
INFEASIBLE = "INFEASIBLE"
HEURISTIC_NAME = "heuristic"
NO_ORTOOLS = "OR-Tools not installed; built-in heuristic used"


@dataclass(frozen=True)
class BundleResult:
    """The bundles, each site's bundle or reason, and how they were found.

    Attributes
    ----------
    bundles : geopandas.GeoDataFrame
        One row per bundle, ``B01``, ``B02``, ... in order of earliest start, then
        score-weighted homes (most first): ``bundle_id``, ``name`` (the pinned name or
        null), ``concept`` (the concept, or the family when its sites differ),
        ``homes``, ``n_sites``, ``site_ids`` ("; "), ``municipalities`` and ``owners``
        ("; ", most homes first), ``earliest_quarter`` and ``latest_quarter`` (when its
        first and its last site are ready, in quarters after the start quarter) with
        ``earliest_label`` and ``latest_label`` ('2027-Q1'), ``spread_km``, ``score``
        (homes-weighted mean site score, 0..100), ``weighted_homes`` (sum of score x
        homes) and the union of its sites.
    assignment : pandas.DataFrame
        Indexed like the input sites: ``site_id``, ``bundle_id`` (<NA> when left out),
        ``concept`` and ``homes`` in the bundle, ``ready_quarter`` (index),
        ``ready_label`` and ``reason`` (null when bundled).
    solver : str
        ``"cp-sat (OR-Tools 9.x)"`` or ``"heuristic"``.
    status : str
        ``"OPTIMAL"`` (proven), ``"FEASIBLE"`` (found, not proven best) or
        ``"INFEASIBLE"`` (the rules admit no bundle, or not the pinned ones).
    objective : float
        Score-weighted homes in bundles.
    bound : float or None
        The solver's proven upper bound of the objective (CP-SAT only).
    gap : float or None
        ``(bound - objective) / bound``, 0..1 (CP-SAT only).
    notes : list of str
    message : str
        One line for people: what was found, or why nothing could be.
    """

    bundles: gpd.GeoDataFrame
    assignment: pd.DataFrame
    solver: str
    status: str
    objective: float
    bound: float | None
    gap: float | None
    notes: list[str] = field(default_factory=list)
    message: str = ""


def bundle_sites(
    sites: gpd.GeoDataFrame,
    rules: BundleRules,
    *,
    families: dict[str, str] | None = None,
    start: Quarter | str | None = None,
    language: str = "nl",
    report: Report | None = None,
) -> BundleResult:
    """Bundle scored sites by the scenario's rules.

    Parameters
    ----------
    sites : geopandas.GeoDataFrame
        Scored sites with capacity, EPSG:28992: ``site_id``, ``score`` (0..100),
        ``homes`` and ``best_concept``, ``homes_<concept>`` (with
        ``concepts = "any"``), and where known ``municipality``, ``owner`` (or
        ``owners``), ``owner_type``, ``plan_status``, ``residential_share`` and
        ``excluded``. Not modified.
    rules : BundleRules
    families : dict, optional
        Concept -> family from the concept catalogue, for ``per = "family"``.
    start : Quarter or str, optional
        The stream's first quarter (``[stream] start``): readiness 0, for the labels.
        Without it (and without ``rules.start``) labels count quarters: 'quarter +4'.
    language : {"nl", "en"}
        Language of the reasons.
    report : Report, optional
        Receives the notes as warnings.

    Returns
    -------
    BundleResult

    Raises
    ------
    InputError
        Missing columns, repeated site ids, bad homes, or pinned or excluded sites that
        are not among the sites.
    """
    if start is not None:
        rules = dataclasses.replace(
            rules, start=Quarter.parse(start) if isinstance(start, str) else start
        )
    problem = build_problem(sites, rules, families)
    reasons = presolve_reasons(problem, language)
    pinned = pin_problem(problem, reasons)
    if pinned is not None:
        return _result(sites, problem, [], reasons, "none", INFEASIBLE, None, [], pinned, language)
    chosen, solver, status, bound, notes = _solve(problem)
    message = ""
    if chosen is None:
        chosen, status = [], INFEASIBLE
        message = (
            "the pinned sites cannot all be bundled under these rules: no bundle around them "
            "reaches min_homes and meets the balance rules"
        )
    elif not chosen:
        status, message = INFEASIBLE, why_no_bundle(problem)
    result = _result(
        sites, problem, chosen, reasons, solver, status, bound, notes, message, language
    )
    if report is not None:
        for note in result.notes:
            report.warn("bundles", note)
    log.info("bundles: %s", result.message)
    return result


def _solve(
    problem: Problem,
) -> tuple[list[list[int]] | None, str, str, int | None, list[str]]:
    """(bundles as option lists or None when pins fail, solver, status, bound, notes)."""
    rules = problem.rules
    heuristic = solve_heuristic(problem)
    found = heuristic.solution()
    notes: list[str] = []
    version = cp_sat_version() if rules.solver != br.HEURISTIC else None
    if rules.solver != br.HEURISTIC and version is None:
        notes.append(NO_ORTOOLS)
    if version is None:
        if heuristic.unplaced_pins:
            names = ", ".join(f"'{problem.pin_names[k]}'" for k in heuristic.unplaced_pins)
            notes.append(f"the heuristic found no valid bundle for the sites pinned to {names}")
            return None, HEURISTIC_NAME, INFEASIBLE, None, notes
        return found, HEURISTIC_NAME, FEASIBLE, None, notes
    name = f"cp-sat (OR-Tools {version})"
    exact = solve_cp_sat(problem, rules.time_limit, hint=None if heuristic.unplaced_pins else found)
    notes += exact.notes
    if exact.status == INFEASIBLE:
        return None, name, INFEASIBLE, None, notes
    if exact.status not in (OPTIMAL, FEASIBLE):
        if exact.status != TOO_LARGE:
            notes.append(
                f"CP-SAT found no solution in {rules.time_limit:g} s; heuristic bundles used"
            )
        if heuristic.unplaced_pins:
            return None, HEURISTIC_NAME, INFEASIBLE, None, notes
        return found, HEURISTIC_NAME, FEASIBLE, None, notes
    chosen = exact.bundles
    if exact.objective < heuristic.objective():
        notes.append("CP-SAT stopped below the heuristic's bundles; those are used")
        chosen = found
    else:
        chosen = solve_heuristic(problem, start=chosen).solution()  # compactness only
    return chosen, name, exact.status, exact.bound, notes


def _result(
    sites: gpd.GeoDataFrame,
    problem: Problem,
    chosen: list[list[int]],
    reasons: dict[int, str],
    solver: str,
    status: str,
    bound: int | None,
    notes: list[str],
    message: str,
    language: str = "nl",
) -> BundleResult:
    p = problem
    chosen = _ordered(p, chosen)
    names = _bundle_ids(len(chosen))
    reasons = {**reasons, **solved_reasons(p, chosen, names, language)}
    objective = sum(int(p.weight[members].sum()) for members in chosen) / SCORE_SCALE
    gap = None
    if bound is not None:
        bound_value = bound / SCORE_SCALE
        gap = (bound_value - objective) / bound_value if bound_value > 0 else 0.0
    homes = sum(int(p.homes[members].sum()) for members in chosen)
    if not message:
        n, n_sites = len(chosen), sum(map(len, chosen))
        message = (
            f"{n} bundle{'s' * (n != 1)}, {homes} homes on {n_sites} site{'s' * (n_sites != 1)}; "
            f"score-weighted homes {objective:,.0f} ({status.lower()}, {solver})"
        )
    return BundleResult(
        bundles=_bundle_table(sites, p, chosen, names),
        assignment=_assignment(sites, p, chosen, names, reasons),
        solver=solver,
        status=status,
        objective=objective,
        bound=None if bound is None else bound / SCORE_SCALE,
        gap=gap,
        notes=notes,
        message=message,
    )


def _ordered(p: Problem, chosen: list[list[int]]) -> list[list[int]]:
    """Bundles by earliest start, most score-weighted homes, then first site id."""

    def key(members: list[int]) -> tuple[int, int, str]:
        sites = p.site[members]
        return int(p.quarter[sites].min()), -int(p.weight[members].sum()), min(p.site_ids[sites])

    return sorted((sorted(m, key=lambda o: p.site_ids[p.site[o]]) for m in chosen), key=key)


def _bundle_ids(n: int) -> list[str]:
    width = max(2, len(str(n)))
    return [f"B{k + 1:0{width}d}" for k in range(n)]


def _spread_m(xy: np.ndarray) -> float:
    if len(xy) < 2:
        return 0.0
    diff = xy[:, None, :] - xy[None, :, :]
    return float(np.sqrt((diff**2).sum(axis=2)).max())


def _by_homes(labels: np.ndarray, homes: np.ndarray) -> str | None:
    """Distinct known labels, most homes first (ties: name), joined with "; "; None if none."""
    frame = pd.DataFrame({"label": labels, s.HOMES: homes}).dropna()
    total = frame.groupby("label", sort=True)[s.HOMES].sum()
    ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    return "; ".join(str(k) for k, _ in ranked) or None


def _bundle_table(
    sites: gpd.GeoDataFrame, p: Problem, chosen: list[list[int]], names: list[str]
) -> gpd.GeoDataFrame:
    rules = p.rules
    rows = []
    order: list[int] = []
    for name, members in zip(names, chosen, strict=True):
        site = p.site[members]
        homes = p.homes[members]
        concepts = sorted(set(p.concept[members]))
        quarters = p.quarter[site]
        pin = int(p.pin[site].max())
        municipality = np.array(
            [p.municipalities[c] if c >= 0 else None for c in p.municipality[site]], dtype=object
        )
        owner = np.array([p.owners[c] if c >= 0 else None for c in p.owner[site]], dtype=object)
        weighted = int(p.weight[members].sum()) / SCORE_SCALE
        rows.append(
            {
                s.BUNDLE_ID: name,
                s.BUNDLE_NAME: p.pin_names[pin] if pin >= 0 else None,
                s.CONCEPT: concepts[0] if len(concepts) == 1 else p.groups[p.group[members[0]]],
                s.HOMES: int(homes.sum()),
                s.N_SITES: len(members),
                s.SITE_IDS: "; ".join(p.site_ids[site]),
                s.MUNICIPALITIES: _by_homes(municipality, homes),
                s.OWNERS: _by_homes(owner, homes),
                s.EARLIEST_QUARTER: int(quarters.min()),
                s.EARLIEST_LABEL: quarter_label(rules.start, int(quarters.min())),
                s.LATEST_QUARTER: int(quarters.max()),
                s.LATEST_LABEL: quarter_label(rules.start, int(quarters.max())),
                s.SPREAD_KM: round(_spread_m(p.xy[site]) / 1000.0, 3),
                s.SCORE: round(weighted / int(homes.sum()), 2),
                s.WEIGHTED_HOMES: weighted,
            }
        )
        order += p.row[site].tolist()
    columns = [
        s.BUNDLE_ID, s.BUNDLE_NAME, s.CONCEPT, s.HOMES, s.N_SITES, s.SITE_IDS,
        s.MUNICIPALITIES, s.OWNERS, s.EARLIEST_QUARTER, s.EARLIEST_LABEL, s.LATEST_QUARTER,
        s.LATEST_LABEL, s.SPREAD_KM, s.SCORE, s.WEIGHTED_HOMES,
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=columns)
    for column in (s.BUNDLE_ID, s.BUNDLE_NAME, s.CONCEPT, s.SITE_IDS, s.MUNICIPALITIES,
                   s.OWNERS, s.EARLIEST_LABEL, s.LATEST_LABEL):  # fmt: skip
        table[column] = as_text(table[column])
    for column in (s.HOMES, s.N_SITES, s.EARLIEST_QUARTER, s.LATEST_QUARTER):
        table[column] = table[column].astype(np.int64)
    for column in (s.SPREAD_KM, s.SCORE, s.WEIGHTED_HOMES):
        table[column] = table[column].astype(float)
    counts = np.array([len(m) for m in chosen], dtype=np.int64)
    geoms = sites.geometry.to_numpy()[np.array(order, dtype=np.int64)]
    outline = union_by_site(geoms, counts) if len(chosen) else np.empty(0, dtype=object)
    return gpd.GeoDataFrame(table, geometry=list(outline), crs=sites.crs or s.RD_NEW)


def _assignment(
    sites: gpd.GeoDataFrame,
    p: Problem,
    chosen: list[list[int]],
    names: list[str],
    reasons: dict[int, str],
) -> pd.DataFrame:
    n = len(p.site_ids)
    bundle = np.full(n, None, dtype=object)
    concept = np.full(n, None, dtype=object)
    homes = np.zeros(n, dtype=np.int64)
    for name, members in zip(names, chosen, strict=True):
        bundle[p.site[members]] = name
        concept[p.site[members]] = p.concept[members]
        homes[p.site[members]] = p.homes[members]
    reason = np.array([reasons.get(k) for k in range(n)], dtype=object)
    reason[bundle != None] = None  # noqa: E711 (elementwise)
    back = np.empty(n, dtype=np.int64)
    back[p.row] = np.arange(n)  # site number of each input row
    quarter = pd.Series(p.quarter[back], index=sites.index)
    return pd.DataFrame(
        {
            s.SITE_ID: text_array(p.site_ids[back]),
            s.BUNDLE_ID: text_array(bundle[back]),
            s.CONCEPT: text_array(concept[back]),
            s.HOMES: homes[back],
            s.READY_QUARTER: quarter.to_numpy(),
            s.READY_LABEL: as_text(quarter_labels(p.rules.start, quarter)),
            s.REASON: text_array(reason[back]),
        },
        index=sites.index,
    )
