"""Bundling with OR-Tools CP-SAT, when it is installed (``pip install ortools``).

The model gives every option a potential bundle it *leads*: the bundle whose first
member, in the problem's sweep order (group, then west to east), it is. Its other
members can only be compatible options later in that order, so a bundle is tied to
its leader and the model has no interchangeable bundle slots to search through; it is
still exact, as every bundle has exactly one first member. With ``x[l, t]`` = option
``t`` is in the bundle led by ``l`` (``x[l, l]`` = that bundle is used)::

    maximise   sum w_t x[l, t]
    subject to x[l, t] <= x[l, l]
               min_homes x[l, l] <= sum_t h_t x[l, t] <= max_homes x[l, l]
               x[l, t] + x[l, u] <= 1            for incompatible t, u after l
               sum over l, options t of a site: x[l, t] <= 1   (= 1 when pinned)
               share rules: 10000 sum_{t of m} h_t x[l, t] <= cap sum_t h_t x[l, t]

A leader whose compatible options cannot reach min_homes leads no bundle. A model
that would check more than ``MAX_PAIRS`` member pairs is not built: CP-SAT could not
search it within a useful time, and the caller keeps the heuristic's bundles.

A second phase keeps the best score-weighted homes found and minimises the summed
spread (m) of the bundles, when that model stays small (``MAX_SPREAD_TERMS``).

The search is deterministic: a fixed seed, interleaved workers and a deterministic
time limit of ``DETERMINISTIC_SHARE`` of the time limit. The time limit itself is
the wall-clock ceiling; a search stopped by it (a busy machine) is said in the notes,
as a new run may then give other bundles.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field
from typing import Any

from bouwstroom_qgis.core.bundle_cpsat_model import MAX_PAIRS, LeaderModel, member_pairs
from bouwstroom_qgis.core.bundle_problem import Problem

log = logging.getLogger(__name__)

WORKERS = 2
SEED = 20260401
PHASE_ONE = 0.8  # share of the time for the score-weighted homes, when a phase two follows
PHASE_TWO = 0.25  # most of the time the compactness phase may take
DETERMINISTIC_SHARE = 0.6  # deterministic seconds per wall-clock second of the limit
MAX_SPREAD_TERMS = 200_000  # pair terms of the spread phase
TOO_LARGE = "TOO_LARGE"


def cp_sat_version() -> str | None:
    """The installed OR-Tools version, or ``None`` when it is not installed."""
    try:
        import ortools
        from ortools.sat.python import cp_model  # noqa: F401
    except ImportError:
        return None
    return str(getattr(ortools, "__version__", "unknown version"))


@dataclass
class CpSatResult:
    """What CP-SAT found: bundles as option lists, status, objective and bound.

    ``objective`` and ``bound`` are in score hundredths x homes.
    """

    bundles: list[list[int]]
    status: str
    objective: int
    bound: int | None
    notes: list[str] = field(default_factory=list)


def solve_cp_sat(
    problem: Problem, time_limit: float, hint: list[list[int]] | None = None
) -> CpSatResult:
    """Solve the bundling problem with CP-SAT.

    Parameters
    ----------
    problem : Problem
    time_limit : float
        Wall-clock seconds for both phases together (the search itself stops on its
        deterministic clock at ``DETERMINISTIC_SHARE`` of this).
    hint : list of list of int, optional
        A feasible solution (option lists) to start from, e.g. the heuristic's.

    Returns
    -------
    CpSatResult
        ``status`` is ``"OPTIMAL"``, ``"FEASIBLE"``, ``"INFEASIBLE"``, ``"UNKNOWN"``
        (no solution within the time limit) or ``"TOO_LARGE"`` (not tried).
    """
    from ortools.sat.python import cp_model

    pairs = member_pairs(problem)
    if pairs > MAX_PAIRS:
        note = (
            f"the problem is too large for CP-SAT (its model would hold {pairs:,} pairs of "
            f"sites around a first site, more than {MAX_PAIRS:,}); heuristic bundles kept, "
            "no bound proven"
        )
        return CpSatResult([], TOO_LARGE, 0, None, [note])
    started = time.perf_counter()
    model = cp_model.CpModel()
    built = LeaderModel(model, problem)
    notes: list[str] = []
    if hint:
        built.hint(hint)
    second_phase = built.spread_terms() <= MAX_SPREAD_TERMS and built.has_pairs
    share = PHASE_ONE if second_phase else 1.0
    model.maximize(built.objective)
    deterministic = DETERMINISTIC_SHARE * time_limit
    solver = _solver(deterministic * share, _left(time_limit, started) * share)
    code = solver.solve(model)
    notes += _wall_note(solver)
    status = solver.status_name(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpSatResult([], status, 0, None, notes)
    best = round(solver.objective_value)
    bound = math.floor(solver.best_objective_bound + 1e-6)
    chosen = built.read(solver)
    log.debug("cp-sat phase 1: %s, %d (bound %s)", status, best, bound)
    remaining = min(deterministic - _deterministic_time(solver), PHASE_TWO * deterministic)
    if second_phase and remaining > 0.05 * deterministic:
        model.add(built.objective >= best)
        model.clear_hints()
        built.hint(chosen)
        model.minimize(built.spread_sum())
        second = _solver(remaining, _left(time_limit, started))
        if second.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = built.read(second)
        notes += _wall_note(second)
    return CpSatResult(chosen, status, best, bound, notes)


def _left(time_limit: float, started: float) -> float:
    return max(time_limit - (time.perf_counter() - started), 0.1)


def _solver(deterministic: float, wall: float) -> Any:
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = WORKERS
    # Interleaved workers give the same search whatever the timing; batches of one
    # task keep small models from waiting on a batch.
    params.interleave_search = True
    params.interleave_batch_size = 1
    params.random_seed = SEED
    params.max_deterministic_time = max(deterministic, 0.05)
    params.max_time_in_seconds = max(wall, 0.1)
    return solver


def _deterministic_time(solver: Any) -> float:
    """Deterministic seconds spent, from the response (every OR-Tools from 9.9 has it)."""
    return float(solver.response_proto.deterministic_time)


def _wall_note(solver: Any) -> list[str]:
    limit = solver.parameters.max_time_in_seconds
    if solver.wall_time >= limit * 0.99 and _deterministic_time(solver) < (
        solver.parameters.max_deterministic_time * 0.99
    ):
        return [
            f"CP-SAT stopped at the wall-clock limit ({limit:.1f} s) before its "
            "deterministic limit: on a busy machine a new run may give other bundles"
        ]
    return []
