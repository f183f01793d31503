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

A second phase keeps the best score-weighted homes found and minimises the summed
spread (m) of the bundles. The search is deterministic: a fixed seed, interleaved
workers and a deterministic time limit (the wall-clock limit is a safety net set
higher; a result cut by it is said in the notes).
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass, field

import numpy as np

from bouwstroom_qgis.core.bundle_problem import SHARE_SCALE, Problem

log = logging.getLogger(__name__)

WORKERS = 2
SEED = 20260401
PHASE_ONE = 0.7  # share of the time limit for the score-weighted homes
WALL_MARGIN = 1.5  # the wall-clock safety net, times the deterministic limit


def cp_sat_version() -> str | None:
    """The installed OR-Tools version, or ``None`` when it is not installed."""
    try:
        import ortools
        from ortools.sat.python import cp_model  # noqa: F401
    except ImportError:
        return None
    return str(ortools.__version__)


@dataclass
class CpSatResult:
    """What CP-SAT found: bundles as option lists, status, objective and bound."""

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
        Seconds (deterministic time) for both phases together.
    hint : list of list of int, optional
        A feasible solution (option lists) to start from, e.g. the heuristic's.

    Returns
    -------
    CpSatResult
        ``status`` is ``"OPTIMAL"``, ``"FEASIBLE"``, ``"INFEASIBLE"`` or ``"UNKNOWN"``
        (no solution within the time limit); ``objective`` and ``bound`` in score
        hundredths x homes.
    """
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    built = _Model(model, problem)
    if hint:
        built.hint(hint)
    started = time.perf_counter()
    solver = _solver(time_limit * (PHASE_ONE if built.spreads_possible else 1.0))
    model.maximize(built.objective)
    code = solver.solve(model)
    notes = _wall_note(solver, started)
    status = solver.status_name(code)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return CpSatResult([], status, 0, None, notes)
    best = round(solver.objective_value)
    bound = math.floor(solver.best_objective_bound + 1e-6)
    chosen = built.read(solver)
    log.debug("cp-sat phase 1: %s, %d (bound %d)", status, best, bound)
    spent = max(solver.deterministic_time, time.perf_counter() - started)
    remaining = time_limit - spent
    if built.spreads_possible and remaining > 0.05 * time_limit:
        model.add(built.objective >= best)
        model.clear_hints()
        built.hint(chosen)
        model.minimize(built.spread_sum())
        second = _solver(remaining)
        started = time.perf_counter()
        if second.solve(model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            chosen = built.read(second)
        notes += _wall_note(second, started)
    return CpSatResult(chosen, status, best, bound, notes)


def _solver(limit: float):  # type: ignore[no-untyped-def]
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    params = solver.parameters
    params.num_workers = WORKERS
    params.interleave_search = True  # deterministic with several workers
    params.random_seed = SEED
    params.max_deterministic_time = max(limit, 0.1)
    params.max_time_in_seconds = max(limit, 0.1) * WALL_MARGIN
    return solver


def _wall_note(solver, started: float) -> list[str]:  # type: ignore[no-untyped-def]
    limit = solver.parameters.max_time_in_seconds
    if time.perf_counter() - started >= limit * 0.99:
        return [
            f"CP-SAT stopped at the wall-clock limit ({limit:.0f} s) before its "
            "deterministic limit: on this machine a new run may give other bundles"
        ]
    return []


class _Model:
    """The variables and constraints of the leader model over a :class:`Problem`."""

    def __init__(self, model, problem: Problem) -> None:  # type: ignore[no-untyped-def]
        self.model = model
        self.p = p = problem
        m = p.n_options
        rules = p.rules
        homes = p.homes.tolist()
        weight = p.weight.tolist()
        keys = np.sort(p.pair_i * m + p.pair_j)
        first = np.searchsorted(p.pair_i, np.arange(m + 1))
        self.slots: dict[int, list[int]] = {}
        self.x: dict[tuple[int, int], object] = {}
        for lead in range(m):
            later = p.pair_j[first[lead] : first[lead + 1]].tolist()
            if homes[lead] + sum(homes[t] for t in later) < rules.min_homes:
                continue  # this option can only join bundles led by others
            members = [lead, *later]
            self.slots[lead] = members
            for t in members:
                self.x[lead, t] = model.new_bool_var(f"x{lead}_{t}")
        self._bundle_rules(homes, keys, m)
        self._one_bundle_per_site()
        self._pins()
        self.objective = sum(weight[t] * v for (_, t), v in self.x.items())
        self.spreads_possible = any(len(v) > 2 for v in self.slots.values())

    def _bundle_rules(self, homes: list[int], keys: np.ndarray, m: int) -> None:
        rules = self.p.rules
        caps = [
            (self.p.municipality[self.p.site], rules.max_municipality_share),
            (self.p.owner[self.p.site], rules.max_owner_share),
        ]
        for lead, members in self.slots.items():
            used = self.x[lead, lead]
            xs = [self.x[lead, t] for t in members]
            total = sum(homes[t] * v for t, v in zip(members, xs, strict=True))
            self.model.add(total <= rules.max_homes * used)
            self.model.add(total >= rules.min_homes * used)
            for v in xs[1:]:
                self.model.add_implication(v, used)
            later = np.array(members[1:], dtype=np.int64)
            if len(later) > 1:
                a, b = np.triu_indices(len(later), k=1)
                lo, hi = later[a], later[b]
                clash = ~np.isin(lo * m + hi, keys, assume_unique=False)
                for t, u in zip(lo[clash].tolist(), hi[clash].tolist(), strict=True):
                    self.model.add_bool_or([self.x[lead, t].negated(), self.x[lead, u].negated()])
            for codes, share in caps:
                if share is None:
                    continue
                cap = math.floor(share * SHARE_SCALE + 1e-9)
                of = codes[members]
                for code in np.unique(of[of >= 0]).tolist():
                    part = sum(
                        homes[t] * v for t, v, c in zip(members, xs, of, strict=True) if c == code
                    )
                    self.model.add(SHARE_SCALE * part <= cap * total)

    def _one_bundle_per_site(self) -> None:
        by_site: dict[int, list[object]] = {}
        site = self.p.site.tolist()
        for (_, t), v in self.x.items():
            by_site.setdefault(site[t], []).append(v)
        pinned = set(np.flatnonzero(self.p.pin >= 0).tolist())
        for s, xs in by_site.items():
            if s in pinned:
                self.model.add_exactly_one(xs)
            else:
                self.model.add_at_most_one(xs)
        missing = pinned - set(by_site)
        if missing:  # a pinned site that can be in no bundle at all
            self.model.add_bool_or([])

    def _pins(self) -> None:
        """Sites pinned to one name share a bundle: per slot, all of them or none."""
        pin = self.p.pin
        site = self.p.site.tolist()
        for code in range(len(self.p.pin_names)):
            sites = np.flatnonzero(pin == code).tolist()
            if len(sites) < 2:
                continue
            for lead, members in self.slots.items():
                per_site = {s_: [self.x[lead, t] for t in members if site[t] == s_] for s_ in sites}
                sums = [sum(v) if v else 0 for v in per_site.values()]
                for other in sums[1:]:
                    self.model.add(sums[0] == other)

    def hint(self, bundles: list[list[int]]) -> None:
        chosen = {}
        for members in bundles:
            lead = min(members)
            for t in members:
                chosen[lead, t] = 1
        for key, v in self.x.items():
            self.model.add_hint(v, chosen.get(key, 0))

    def spread_sum(self):  # type: ignore[no-untyped-def]
        """Summed bundle spread (m) as the second objective, with its constraints."""
        p = self.p
        xy = p.xy[p.site]
        total = []
        for lead, members in self.slots.items():
            if len(members) < 2:
                continue
            pts = xy[members]
            d = np.ceil(np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)))
            top = int(d.max())
            spread = self.model.new_int_var(0, top, f"spread{lead}")
            xs = [self.x[lead, t] for t in members]
            a, b = np.triu_indices(len(members), k=1)
            for i, j in zip(a.tolist(), b.tolist(), strict=True):
                dist = int(d[i, j])
                if dist > 0:
                    self.model.add(spread >= dist * (xs[i] + xs[j] - 1))
            total.append(spread)
        return sum(total)

    def read(self, solver) -> list[list[int]]:  # type: ignore[no-untyped-def]
        found = []
        for lead, members in self.slots.items():
            if solver.boolean_value(self.x[lead, lead]):
                found.append([t for t in members if solver.boolean_value(self.x[lead, t])])
        return found
