"""The CP-SAT leader model of :mod:`bouwstroom_qgis.core.bundle_cpsat`: its variables
and constraints, built from a :class:`Problem` with numpy where it can be."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from bouwstroom_qgis.core.bundle_problem import SHARE_SCALE, Problem

MAX_PAIRS = 1_500_000  # member pairs over all leaders: more cannot be solved in time


def member_pairs(problem: Problem) -> int:
    """Member pairs the leader model would check (each leader with its later options)."""
    later = np.bincount(problem.pair_i, minlength=problem.n_options) + 1
    return int((later * (later - 1) // 2).sum())


class LeaderModel:
    """Variables ``x[l, t]`` and the constraints of the leader model.

    Parameters
    ----------
    model : ortools.sat.python.cp_model.CpModel
    problem : Problem
    """

    def __init__(self, model: Any, problem: Problem):
        from ortools.sat.python import cp_model

        self.model = model
        self.p = p = problem
        rules = p.rules
        m = p.n_options
        homes = p.homes.tolist()
        first = np.searchsorted(p.pair_i, np.arange(m + 1))
        self.slots: dict[int, list[int]] = {}
        self.x: dict[tuple[int, int], Any] = {}
        for lead in range(m):
            later_list = p.pair_j[first[lead] : first[lead + 1]].tolist()
            if homes[lead] + sum(homes[t] for t in later_list) < rules.min_homes:
                continue  # this option can only join bundles led by others
            members = [lead, *later_list]
            self.slots[lead] = members
            for t in members:
                self.x[lead, t] = model.new_bool_var(f"x{lead}_{t}")
        self.has_pairs = any(len(v) > 1 for v in self.slots.values())
        self._bundle_rules(homes)
        self._one_bundle_per_site()
        self._pins()
        keys = list(self.x)
        self.objective = cp_model.LinearExpr.weighted_sum(
            [self.x[k] for k in keys], [int(p.weight[t]) for _, t in keys]
        )

    def _bundle_rules(self, homes: list[int]) -> None:
        from ortools.sat.python import cp_model

        p, rules, model = self.p, self.p.rules, self.model
        m = p.n_options
        keys = np.sort(p.pair_i * m + p.pair_j)
        caps = [
            (p.municipality[p.site], rules.max_municipality_share),
            (p.owner[p.site], rules.max_owner_share),
        ]
        for lead, members in self.slots.items():
            used = self.x[lead, lead]
            xs = [self.x[lead, t] for t in members]
            h = [homes[t] for t in members]
            total = cp_model.LinearExpr.weighted_sum(xs, h)
            model.add(total <= rules.max_homes * used)
            model.add(total >= rules.min_homes * used)
            for v in xs[1:]:
                model.add_implication(v, used)
            later = np.array(members[1:], dtype=np.int64)
            if len(later) > 1:
                a, b = np.triu_indices(len(later), k=1)
                lo, hi = later[a], later[b]
                clash = ~_contains(keys, lo * m + hi)
                for t, u in zip(lo[clash].tolist(), hi[clash].tolist(), strict=True):
                    model.add_bool_or([self.x[lead, t].negated(), self.x[lead, u].negated()])
            for codes, share in caps:
                if share is None:
                    continue
                cap = math.floor(share * SHARE_SCALE + 1e-9)
                of = codes[members]
                for code in np.unique(of[of >= 0]).tolist():
                    mine = [k for k, c in enumerate(of.tolist()) if c == code]
                    part = cp_model.LinearExpr.weighted_sum(
                        [xs[k] for k in mine], [h[k] for k in mine]
                    )
                    model.add(SHARE_SCALE * part <= cap * total)

    def _one_bundle_per_site(self) -> None:
        by_site: dict[int, list[Any]] = {}
        site = self.p.site.tolist()
        for (_, t), v in self.x.items():
            by_site.setdefault(site[t], []).append(v)
        pinned = set(np.flatnonzero(self.p.pin >= 0).tolist())
        for s, xs in by_site.items():
            if s in pinned:
                self.model.add_exactly_one(xs)
            else:
                self.model.add_at_most_one(xs)
        if pinned - set(by_site):  # a pinned site that can be in no bundle at all
            self.model.add_bool_or([])

    def _pins(self) -> None:
        """Sites pinned to one name share a bundle: per leader, all of them or none."""
        site = self.p.site.tolist()
        for code in range(len(self.p.pin_names)):
            sites = np.flatnonzero(self.p.pin == code).tolist()
            if len(sites) < 2:
                continue
            for lead, members in self.slots.items():
                sums = [sum(self.x[lead, t] for t in members if site[t] == s_) for s_ in sites]
                for other in sums[1:]:
                    self.model.add(sums[0] == other)

    def hint(self, bundles: list[list[int]]) -> None:
        chosen = {(min(b), t) for b in bundles for t in b}
        for key, v in self.x.items():
            self.model.add_hint(v, int(key in chosen))

    def spread_terms(self) -> int:
        return sum(len(v) * (len(v) - 1) // 2 for v in self.slots.values())

    def spread_sum(self) -> Any:
        """Summed bundle spread (m) as the second objective, with its constraints."""
        from ortools.sat.python import cp_model

        p = self.p
        xy = p.xy[p.site]
        total = []
        for lead, members in self.slots.items():
            if len(members) < 2:
                continue
            pts = xy[members]
            d = np.ceil(np.hypot(*(pts[:, None, :] - pts[None, :, :]).transpose(2, 0, 1)))
            spread = self.model.new_int_var(0, int(d.max()), f"spread{lead}")
            xs = [self.x[lead, t] for t in members]
            a, b = np.triu_indices(len(members), k=1)
            for i, j in zip(a.tolist(), b.tolist(), strict=True):
                dist = int(d[i, j])
                if dist > 0:
                    self.model.add(spread >= dist * (xs[i] + xs[j] - 1))
            total.append(spread)
        return cp_model.LinearExpr.sum(total)

    def read(self, solver: Any) -> list[list[int]]:
        found = []
        for lead, members in self.slots.items():
            if solver.boolean_value(self.x[lead, lead]):
                found.append([t for t in members if solver.boolean_value(self.x[lead, t])])
        return found


def _contains(sorted_keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Whether each query is among ``sorted_keys`` (a sorted search, no hash table)."""
    if not len(sorted_keys):
        return np.zeros(len(query), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, query), len(sorted_keys) - 1)
    return sorted_keys[at] == query
