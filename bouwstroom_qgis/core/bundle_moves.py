"""Local improvement and compactness moves of the bundling heuristic.

Improvement, round by round until a round changes nothing (at most ``MAX_ROUNDS``):

- insert an option into a bundle, or swap it for a member worth less; the option's
  site may leave a bundle of another concept for it, when that bundle stays valid;
- make room: move a member to another bundle so that a free option takes its place;
- seed new bundles from free options (only where something nearby changed);
- borrow: grow a new bundle around an option with members other bundles can spare;
- repair: re-pack a bundle, its neighbours and the free options around it exactly
  (:func:`bouwstroom_qgis.core.bundle_exact.repair_regions`).

Compactness (the secondary objective, the summed spread of the bundles): split a
bundle in two valid bundles along its longer axis, and move or swap members between
bundles of one group, whenever the summed spread falls. None of these changes the
score-weighted homes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from bouwstroom_qgis.core.bundle_exact import repair_regions

if TYPE_CHECKING:
    from bouwstroom_qgis.core.bundle_heuristic import State

MAX_ROUNDS = 50
COMPACT_NEIGHBOURS = 8  # bundles tried per site in a compactness move
MIN_GAIN = 5e-4  # a round adding less than this share of the objective is the last
EPSILON_M = 1e-6  # spreads closer than this (m) are equal


def improve(state: State, max_rounds: int = MAX_ROUNDS) -> int:
    """Improvement rounds until nothing changes; returns the number of rounds run."""
    for rounds in range(1, max_rounds + 1):
        before = state.objective()
        changed = insert_or_swap(state)
        changed |= make_room(state)
        changed |= state.seed_all()
        changed |= borrow(state)
        changed |= repair_regions(state)
        if not changed or state.objective() - before < MIN_GAIN * before:
            return rounds
    return max_rounds


def _candidates(state: State) -> list[int]:
    """Options not in a bundle whose site is free or holds a less valuable option."""
    found = []
    for o, site in enumerate(state.site):
        if state.pin[o] >= 0:
            continue
        current = state.placed.get(site)
        if current is None or (current != o and state.w[o] > state.w[current]):
            found.append(o)
    return sorted(found, key=lambda o: (-state.value[o], o))


def _bundles_near(state: State, o: int) -> list[int]:
    """Bundles of ``o``'s group holding an option compatible with it, by number.

    With whole arrays: an option has some 1,500 neighbours on a large region, and the
    compactness moves ask this for every member of every bundle each round.
    """
    p = state.p
    around = state.bundle_at[p.nbr_idx[p.nbr_ptr[o] : p.nbr_ptr[o + 1]]]
    numbers = np.sort(around[around >= 0])
    return numbers[np.r_[True, numbers[1:] != numbers[:-1]]].tolist() if len(numbers) else []


def _can_swap(state: State, number: int, o: int, out: int) -> bool:
    """``o`` may join bundle ``number`` in place of ``out`` (-1: none)."""
    b = state.bundles[number]
    if not state.fits(b, o, out):
        return False
    if out >= 0:
        state.remove(b, out)
    state.add(b, o)
    ok = state.valid(b)
    state.remove(b, o)
    if out >= 0:
        state.add(b, out)
    return ok


def _released(state: State, o: int) -> int | None:
    """The option ``o``'s site may give up for ``o`` (-1 when the site is free), or None."""
    current = state.placed.get(state.site[o])
    if current is None:
        return -1
    if state.pin[current] >= 0 or not state.valid_without(state.home_of[state.site[o]], current):
        return None
    return current


def insert_or_swap(state: State) -> bool:
    """Insert options into bundles, or swap them for less valuable members."""
    changed = False
    for o in _candidates(state):
        current = state.placed.get(state.site[o])
        if current == o or (current is not None and state.w[o] <= state.w[current]):
            continue
        released = _released(state, o)
        if released is None:
            continue
        loss = state.w[released] if released >= 0 else 0
        best: tuple[int, int, int] | None = None  # gain, bundle, member out (-1: none)
        for number in _bundles_near(state, o):
            for out in (-1, *state.bundles[number].members):
                if out >= 0 and state.pin[out] >= 0:
                    continue
                gain = state.w[o] - (state.w[out] if out >= 0 else 0) - loss
                if (
                    gain > 0
                    and (best is None or gain > best[0])
                    and _can_swap(state, number, o, out)
                ):
                    best = (gain, number, out)
        if best is not None:
            if released >= 0:
                state.unplace(released)
            if best[2] >= 0:
                state.unplace(best[2])
            state.place(best[1], o)
            changed = True
    return changed


def make_room(state: State) -> bool:
    """Move a member to another bundle so that a free option fits where it was."""
    changed = False
    for o in _candidates(state):
        if not state.free(o):
            continue
        done = False
        for number in _bundles_near(state, o):
            for v in list(state.bundles[number].members):
                if state.pin[v] >= 0 or not _can_swap(state, number, o, v):
                    continue
                target = next(
                    (
                        n
                        for n in _bundles_near(state, v)
                        if n != number and _can_swap(state, n, v, -1)
                    ),
                    None,
                )
                if target is not None:
                    state.unplace(v)
                    state.place(number, o)
                    state.place(target, v)
                    changed = done = True
                    break
            if done:
                break
    return changed


def borrow(state: State) -> bool:
    """A new bundle around an option, with members other bundles can spare."""
    changed = False
    seeds: dict[int, int] = {}  # a free site tries its most valuable option only
    for o in _candidates(state):
        if state.free(o):
            seeds.setdefault(state.site[o], o)
    for seed in seeds.values():
        if not state.free(seed) or state.stale("borrow", seed):
            continue
        state.tried["borrow", seed] = state.clock
        lent: dict[int, int] = {}  # site -> its option, free for the trial
        for c in state.near[seed]:
            site = state.site[c]
            current = state.placed.get(site)
            if current is not None and site not in lent and _released(state, c) == current:
                lent[site] = current
        if not lent:
            continue  # with nothing to borrow, seeding already tried this option
        homes = {site: state.home_of.pop(site) for site in lent}
        b = state.best_growth([seed])
        state.home_of.update(homes)
        if b is None:
            continue
        taken = [lent[state.site[c]] for c in b.members if state.site[c] in lent]
        if b.weight - sum(state.w[t] for t in taken) <= 0:
            continue
        donors: dict[int, list[int]] = {}
        for t in taken:
            donors.setdefault(state.home_of[state.site[t]], []).append(t)
        if not all(state.valid_without(n, *gone) for n, gone in donors.items()):
            continue
        for t in taken:
            state.unplace(t)
        state.commit(b)
        changed = True
    return changed


def compact(state: State, max_rounds: int = MAX_ROUNDS) -> None:
    """Split, move and swap while the summed spread of the bundles falls.

    A split depends on its bundle alone, and a move or swap on the two bundles it
    touches: one that failed is tried again only after one of them changed
    (``State.changed``). That skips only tries that would fail again, so the bundles
    are those of trying everything every round, found in a fraction of the time on
    thousands of sites.
    """
    version = state.changed
    centres: dict[int, tuple[int, float, float]] = {}
    split_failed: dict[int, int] = {}
    move_failed: dict[tuple[int, int], tuple[int, int]] = {}
    for _ in range(max_rounds):
        changed = False
        for number in sorted(state.bundles):
            if split_failed.get(number) == version.get(number):
                continue
            if _split(state, number):
                changed = True
            else:
                split_failed[number] = version.get(number, 0)
        for number in sorted(state.bundles):
            for v in list(state.bundles[number].members):
                if state.pin[v] >= 0 or state.placed.get(state.site[v]) != v:
                    continue
                home = state.home_of[state.site[v]]
                for other in _nearest_bundles(state, v, home, centres):
                    versions = (version.get(home, 0), version.get(other, 0))
                    if move_failed.get((v, other)) == versions:
                        continue
                    if _better_place(state, home, v, other):
                        changed = True
                        break
                    move_failed[(v, other)] = versions
        if not changed:
            return


def _nearest_bundles(
    state: State, v: int, home: int, centres: dict[int, tuple[int, float, float]]
) -> list[int]:
    """The ``COMPACT_NEIGHBOURS`` bundles near ``v`` (other than its own) with the closest
    centres, nearest first (ties: bundle number).

    A move that tightens two bundles takes a site to a bundle close by; bounding the
    bundles tried keeps each round linear in the sites where a city has hundreds of
    bundles within the spread.
    """
    numbers = [n for n in _bundles_near(state, v) if n != home]
    if len(numbers) <= COMPACT_NEIGHBOURS:
        return numbers
    x, y = state.xy[v]
    distance = []
    for n in numbers:
        centre = centres.get(n)
        if centre is None or centre[0] != state.changed.get(n, 0):
            members = state.bundles[n].members
            cx = sum(state.xy[o][0] for o in members) / len(members)
            cy = sum(state.xy[o][1] for o in members) / len(members)
            centre = centres[n] = (state.changed.get(n, 0), cx, cy)
        distance.append(((centre[1] - x) ** 2 + (centre[2] - y) ** 2, n))
    return [n for _, n in sorted(distance)[:COMPACT_NEIGHBOURS]]


def _split(state: State, number: int) -> bool:
    """Split bundle ``number`` along its longer axis when both parts are valid and tighter."""
    b = state.bundles[number]
    if len(b.members) < 2 or b.pin >= 0:
        return False
    xs = [state.xy[o][0] for o in b.members]
    ys = [state.xy[o][1] for o in b.members]
    axis = 0 if max(xs) - min(xs) >= max(ys) - min(ys) else 1
    order = sorted(b.members, key=lambda o: (state.xy[o][axis], o))
    best: tuple[float, int] | None = None
    for cut in range(1, len(order)):
        first, second = order[:cut], order[cut:]
        spread = state.spread(first) + state.spread(second)
        if (
            spread < state.spread(b.members) - EPSILON_M
            and (best is None or spread < best[0])
            and state.valid(state.new(first))
            and state.valid(state.new(second))
        ):
            best = (spread, cut)
    if best is None:
        return False
    moved = order[best[1] :]
    for o in moved:
        state.unplace(o)
    state.commit(state.new(moved))
    return True


def _better_place(state: State, a_number: int, v: int, b_number: int) -> bool:
    """Move ``v`` to bundle ``b_number``, or swap it with a member of it.

    Both keep the score-weighted homes: every site stays in a bundle with its option.
    """
    a, b = state.bundles[a_number], state.bundles[b_number]
    before = state.spread(a.members) + state.spread(b.members)
    for u in (-1, *b.members):
        if u >= 0 and state.pin[u] >= 0:
            continue
        if not state.fits(b, v, u) or (u >= 0 and not state.fits(a, u, v)):
            continue
        new_a = [o for o in a.members if o != v] + ([u] if u >= 0 else [])
        new_b = [o for o in b.members if o != u] + [v]
        if state.spread(new_a) + state.spread(new_b) >= before - EPSILON_M:
            continue
        trial_a, trial_b = state.new(new_a) if new_a else None, state.new(new_b)
        if trial_a is None or not (state.valid(trial_a) and state.valid(trial_b)):
            continue
        state.unplace(v)
        if u >= 0:
            state.unplace(u)
            state.place(a_number, u)
        state.place(b_number, v)
        return True
    return False
