"""The built-in bundling heuristic: greedy construction plus local improvement.

Used when OR-Tools is not installed (as in QGIS's own Python) and to give CP-SAT a
first solution. Deterministic: every choice is made in a fixed order with ties broken
by option number, and the improvement rounds are bounded.

Construction: pinned sites start their bundles; then every option, most valuable
first, seeds a bundle that grows with compatible options of free sites while the homes
stay within the maximum. Three growth orders are tried (highest value per home,
highest value, nearest) and the most valuable valid bundle is kept; a bundle that
cannot reach the minimum homes or the balance rules is dropped. An option's value is
its score x homes, less what its site loses against its best option, so that a site
joins with a concept that is not its best only when that pays. The improvement moves
live in :mod:`bouwstroom_qgis.core.bundle_moves`.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from bouwstroom_qgis.core.bundle_moves import compact, improve
from bouwstroom_qgis.core.bundle_neighbours import Neighbours
from bouwstroom_qgis.core.bundle_problem import SHARE_SCALE, Problem

log = logging.getLogger(__name__)

MAX_STARTS = 12
START_BUDGET = 3000  # options x starts: 2,000 options or more get one start
START_SEED = 20260401


@dataclass
class Bundle:
    """One bundle under construction: members (options) and running totals."""

    members: list[int]
    group: int
    pin: int
    homes: int = 0
    weight: int = 0
    muni: Counter[int] = field(default_factory=Counter)
    owner: Counter[int] = field(default_factory=Counter)


class State:
    """The bundles of a solution and the cheap checks every move needs."""

    def __init__(
        self,
        problem: Problem,
        value: list[int] | None = None,
        neighbours: Neighbours | None = None,
    ) -> None:
        p = self.p = problem
        self.h: list[int] = p.homes.tolist()
        self.w: list[int] = p.weight.tolist()
        self.site: list[int] = p.site.tolist()
        self.group: list[int] = p.group.tolist()
        self.muni: list[int] = p.municipality[p.site].tolist()
        self.owner: list[int] = p.owner[p.site].tolist()
        self.pin: list[int] = p.pin[p.site].tolist()
        self.xy: list[list[float]] = p.xy[p.site].tolist()
        self.nbrs = neighbours if neighbours is not None else Neighbours(p)
        self.near: list[list[int]] = self.nbrs.near
        self.options_of: list[list[int]] = [[] for _ in range(len(p.site_ids))]
        for o, site in enumerate(self.site):
            self.options_of[site].append(o)
        best = np.zeros(len(p.site_ids), dtype=np.int64)
        np.maximum.at(best, p.site, p.weight)
        # Value of an option: its weight less what its site gives up against its best.
        self.value: list[int] = (
            value if value is not None else (2 * p.weight - best[p.site]).tolist()
        )
        self.sort_keys = _growth_keys(p, np.array(self.value, dtype=np.int64))
        self.lo, self.hi = p.rules.min_homes, p.rules.max_homes
        self.caps = (_cap(p.rules.max_municipality_share), _cap(p.rules.max_owner_share))
        self.home_of: dict[int, int] = {}  # site -> bundle number
        self.placed: dict[int, int] = {}  # site -> its option in that bundle
        # The same seen from the options: bundle number of each placed option, else -1,
        # so that the bundles around an option are found with whole-array operations.
        self.bundle_at = np.full(p.n_options, -1, dtype=np.int64)
        self.bundles: dict[int, Bundle] = {}
        self._next = 0
        self.unplaced_pins: list[int] = []
        # A change clock: a free option is tried again only when a site near it changed.
        self.clock = 0
        self.stamp = [0] * len(p.site_ids)
        self.tried: dict[tuple[str, int], int] = {}
        # When each bundle last changed, on the same clock: a move between two bundles
        # that failed is not tried again until one of them changed.
        self.changed: dict[int, int] = {}

    # -- bookkeeping ---------------------------------------------------------------

    def add(self, b: Bundle, o: int) -> None:
        b.members.append(o)
        b.homes += self.h[o]
        b.weight += self.w[o]
        b.muni[self.muni[o]] += self.h[o]
        b.owner[self.owner[o]] += self.h[o]

    def remove(self, b: Bundle, o: int) -> None:
        b.members.remove(o)
        b.homes -= self.h[o]
        b.weight -= self.w[o]
        b.muni[self.muni[o]] -= self.h[o]
        b.owner[self.owner[o]] -= self.h[o]

    def new(self, members: list[int]) -> Bundle:
        b = Bundle([], self.group[members[0]], max(self.pin[o] for o in members))
        for o in members:
            self.add(b, o)
        return b

    def commit(self, b: Bundle) -> int:
        number = self._next
        self._next += 1
        self.bundles[number] = b
        for o in b.members:
            self.home_of[self.site[o]] = number
            self.placed[self.site[o]] = o
            self.bundle_at[o] = number
        self.touch(*b.members)
        self.changed[number] = self.clock
        return number

    def place(self, number: int, o: int) -> None:
        self.add(self.bundles[number], o)
        self.home_of[self.site[o]] = number
        self.placed[self.site[o]] = o
        self.bundle_at[o] = number
        self.touch(*self.bundles[number].members)
        self.changed[number] = self.clock

    def unplace(self, o: int) -> int:
        number = self.home_of.pop(self.site[o])
        del self.placed[self.site[o]]
        self.bundle_at[o] = -1
        self.remove(self.bundles[number], o)
        self.touch(o, *self.bundles[number].members)
        self.changed[number] = self.clock
        return number

    def touch(self, *options: int) -> None:
        self.clock += 1
        for o in options:
            self.stamp[self.site[o]] = self.clock

    def stale(self, kind: str, o: int) -> bool:
        """Whether ``o`` was tried for ``kind`` and nothing near it changed since."""
        last = self.tried.get((kind, o))
        if last is None:
            return False
        stamp, site = self.stamp, self.site
        return stamp[site[o]] <= last and all(stamp[site[c]] <= last for c in self.near[o])

    # -- checks --------------------------------------------------------------------

    def free(self, o: int) -> bool:
        return self.site[o] not in self.home_of

    def over(self, b: Bundle) -> set[tuple[int, int]]:
        """(0, municipality) and (1, owner) whose share of ``b`` is above its cap."""
        found: set[tuple[int, int]] = set()
        for kind, counts, cap in ((0, b.muni, self.caps[0]), (1, b.owner, self.caps[1])):
            if cap is not None:
                limit = cap * b.homes
                found |= {
                    (kind, k) for k, h in counts.items() if k >= 0 and h * SHARE_SCALE > limit
                }
        return found

    def valid(self, b: Bundle) -> bool:
        return self.lo <= b.homes <= self.hi and not self.over(b)

    def fits(self, b: Bundle, o: int, without: int = -1) -> bool:
        """Option ``o`` may join ``b`` (``without`` leaving it), as to pairs and homes."""
        if self.group[o] != b.group or (self.pin[o] >= 0 and self.pin[o] != b.pin):
            return False
        if b.homes + self.h[o] - (self.h[without] if without >= 0 else 0) > self.hi:
            return False
        return self.nbrs.compatible_with_all(o, b.members, without)

    def valid_without(self, number: int, *gone: int) -> bool:
        """Bundle ``number`` keeps every rule when ``gone`` leave it."""
        b = self.bundles[number]
        for o in gone:
            self.remove(b, o)
        ok = self.valid(b)
        for o in reversed(gone):
            self.add(b, o)
        return ok

    def spread(self, members: list[int]) -> float:
        """Largest distance (m) between two members' sites."""
        pts = [self.xy[o] for o in members]
        return max((math.dist(a, b) for k, a in enumerate(pts) for b in pts[k + 1 :]), default=0.0)

    def objective(self) -> int:
        return sum(b.weight for b in self.bundles.values())

    def solution(self) -> list[list[int]]:
        """The bundles as sorted option lists, non-empty ones only."""
        return [sorted(b.members) for _, b in sorted(self.bundles.items()) if b.members]

    # -- construction --------------------------------------------------------------

    def grow(self, members: list[int], order: list[int], enough: bool = False) -> Bundle:
        """``members`` plus compatible free options in ``order`` (options compatible with
        every member), within max homes.

        While a municipality or owner is over its share, the first candidate that
        eases it goes first. With ``enough`` the growth stops as soon as the bundle is
        valid (pinned bundles: other pins may need the sites around).
        """
        b = self.new(members)
        free, pins = self.home_of, (-1, b.pin)
        site, pin = self.site, self.pin
        h, hi, muni, owner = self.h, self.hi, self.muni, self.owner
        candidates = [c for c in order if site[c] not in free and pin[c] in pins]
        while candidates and not (enough and self.valid(b)):
            candidates = [c for c in candidates if b.homes + h[c] <= hi]
            if not candidates:
                break
            pick = candidates[0]
            over = self.over(b)
            if over:  # prefer options that ease the shares over their cap
                pick = next(
                    (
                        c
                        for c in candidates
                        if (0, muni[c]) not in over and (1, owner[c]) not in over
                    ),
                    pick,
                )
            self.add(b, pick)
            # pick's neighbours hold no other option of its site (those are other groups)
            candidates = self.nbrs.compatible_of(pick, candidates)
        self._rebalance(b)
        return b

    def _rebalance(self, b: Bundle) -> None:
        """Drop members of an over-share municipality or owner, least valuable first."""
        while len(b.members) > 1:
            over = self.over(b)
            drop = [
                o
                for o in b.members
                if self.pin[o] < 0 and ((0, self.muni[o]) in over or (1, self.owner[o]) in over)
            ]
            if not drop:
                return
            self.remove(b, min(drop, key=lambda o: (self.value[o], o)))

    def best_growth(self, members: list[int], enough: bool = False) -> Bundle | None:
        """The most valuable valid bundle grown from ``members`` in three orders.

        The orders (most value per home, most value, nearest) are those of the first
        member's neighbours; for several members (a pinned bundle) those of the
        options compatible with all.
        """
        value, h, xy = self.value, self.h, self.xy
        if len(members) == 1:
            orders = self.growth_orders(members[0])
        else:
            sx, sy = xy[members[0]]
            pool = sorted(
                c for c in self.near[members[0]] if self.nbrs.compatible_with_all(c, members)
            )

            def dist(c: int) -> float:
                return math.hypot(xy[c][0] - sx, xy[c][1] - sy)

            orders = [
                sorted(pool, key=lambda c: (-value[c] / h[c], -h[c], dist(c), c)),
                sorted(pool, key=lambda c: (-value[c], dist(c), c)),
                sorted(pool, key=lambda c: (dist(c), c)),
            ]
        grown = [self.grow(list(members), order, enough) for order in orders]
        valid = [b for b in grown if self.valid(b)]  # the first of equals wins
        return max(valid, key=lambda b: sum(value[o] for o in b.members), default=None)

    def growth_orders(self, o: int) -> list[list[int]]:
        """``o``'s neighbours by value per home, by value, and nearest first.

        Ties keep the nearest-first order (distance, then number): a stable sort of
        the neighbour list. Sorted when asked rather than stored: stored, the orders
        of millions of pairs took gigabytes.
        """
        p, (per_home, fewer_homes, less_value) = self.p, self.sort_keys
        nbrs = p.nbr_idx[p.nbr_ptr[o] : p.nbr_ptr[o + 1]]
        by_home = nbrs[np.lexsort((fewer_homes[nbrs], per_home[nbrs]))]
        by_value = nbrs[np.argsort(less_value[nbrs], kind="stable")]
        ints = self.nbrs.ints
        return [ints[by_home].tolist(), ints[by_value].tolist(), self.near[o]]

    def construct(self) -> None:
        """Pinned bundles first, then greedy bundles from the most valuable seeds."""
        by_pin: dict[int, list[int]] = {}
        for o, pin in enumerate(self.pin):
            if pin >= 0:
                by_pin.setdefault(pin, []).append(o)
        for pin in range(len(self.p.pin_names)):
            options = by_pin.get(pin, [])
            n_sites = len({self.site[o] for o in options})
            best: Bundle | None = None
            for group in sorted({self.group[o] for o in options}):
                members = [o for o in options if self.group[o] == group]
                if len(members) != n_sites or any(
                    not self.nbrs.compatible(a, b) for a in members for b in members if a != b
                ):
                    continue
                b = self.best_growth(members, enough=True)
                if b is not None and (best is None or b.weight > best.weight):
                    best = b
            if best is None:
                self.unplaced_pins.append(pin)
            else:
                self.commit(best)
        self.seed_all()

    def seed_all(self) -> bool:
        """New bundles from free options, most valuable first; whether any was made."""
        found = False
        for o in sorted(range(len(self.site)), key=lambda o: (-self.value[o], o)):
            if self.free(o) and self.pin[o] < 0 and not self.stale("seed", o):
                self.tried["seed", o] = self.clock
                b = self.best_growth([o])
                if b is not None:
                    self.commit(b)
                    found = True
        return found


def _growth_keys(p: Problem, value: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per option the sort keys of the growth orders: value per home, homes and value,
    each negated so that ascending order puts the most first."""
    return -value / p.homes, -p.homes, -value


def _cap(share: float | None) -> int | None:
    """A share as an integer out of SHARE_SCALE, rounded down so that it never allows more."""
    return None if share is None else math.floor(share * SHARE_SCALE + 1e-9)


def start_values(problem: Problem) -> list[list[int]]:
    """The option values of the heuristic's starts, as many as the effort budget allows.

    Four value rules (score x homes less the site's loss against its best option;
    score x homes; score per home; a doubled loss), then the same rules with each
    value perturbed by up to 15 % (a fixed seed, so the starts are always the same).
    Small problems get up to ``MAX_STARTS`` starts, 2,000 options or more one.
    """
    p = problem
    best = np.zeros(len(p.site_ids), dtype=np.int64)
    np.maximum.at(best, p.site, p.weight)
    rules = [
        2 * p.weight - best[p.site],
        p.weight,
        p.weight * 100 // np.maximum(p.homes, 1),
        3 * p.weight - 2 * best[p.site],
    ]
    n = max(1, min(MAX_STARTS, START_BUDGET // max(p.n_options, 1)))
    rng = np.random.default_rng(START_SEED)
    values = list(rules)
    while len(values) < n:
        base = rules[len(values) % len(rules)]
        values.append(np.rint(base * rng.uniform(0.85, 1.15, len(base))).astype(np.int64))
    return [v.tolist() for v in values[:n]]


def solve_heuristic(problem: Problem, start: list[list[int]] | None = None) -> State:
    """Run the heuristic, or only its compactness moves from ``start`` bundles.

    Every start (see :func:`start_values`) constructs and improves; the one with the
    most score-weighted homes (the first of equals) is made compact and returned.

    Returns
    -------
    State
        The final bundles (:meth:`State.solution`), objective and unplaced pins.
    """
    if start is not None:
        state = State(problem)
        for members in start:
            state.commit(state.new(members))
        compact(state)
        return state
    best: State | None = None
    neighbours = Neighbours(problem)
    for k, value in enumerate(start_values(problem)):
        state = State(problem, value, neighbours)
        state.construct()
        rounds = improve(state)
        log.debug("heuristic start %d: %d rounds, objective %d", k, rounds, state.objective())
        if (
            best is None
            or state.objective() > best.objective()
            or (
                state.objective() == best.objective()
                and len(state.unplaced_pins) < len(best.unplaced_pins)
            )
        ):
            best = state
    assert best is not None
    compact(best)
    return best
