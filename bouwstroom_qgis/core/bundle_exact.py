"""Exact bundling of a few options, and the heuristic's repair of small regions with it.

:func:`best_packing` finds the most valuable set of disjoint valid bundles among at
most ``MAX_EXACT`` options of one group, exactly: every subset is checked at once with
bit masks (pairwise compatible, homes within the limits, balance), and a dynamic
programme over subsets, vectorised per lowest member, packs them.

:func:`repair_regions` uses it as a large-neighbourhood move of the heuristic: a
bundle, the bundles next to it and the free options around it are re-packed exactly,
the rest staying as it is; a better packing replaces them. This finds the
re-partitions of two or three bundles into other ones that single moves cannot.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from bouwstroom_qgis.core.bundle_problem import SHARE_SCALE

if TYPE_CHECKING:
    from bouwstroom_qgis.core.bundle_heuristic import State

MAX_EXACT = 16  # options: 65,536 subsets
REGION = 12  # options re-packed at once by the heuristic's repair move

Ints = NDArray[np.int64]


def best_packing(
    site: Ints,
    group: Ints,
    homes: Ints,
    weight: Ints,
    compatible: NDArray[np.bool_],
    codes: list[tuple[Ints, int | None]],
    lo: int,
    hi: int,
    beat: int = -1,
) -> tuple[int, list[list[int]]]:
    """The most valuable valid bundles among the options of a few sites, exactly.

    Parameters
    ----------
    site : ndarray of int
        Per option its site, numbered 0 .. n_sites - 1 (at most ``MAX_EXACT`` sites);
        a site is in one bundle at most, whichever of its options it joins with.
    group : ndarray of int
        Per option its concept group; a site has at most one option per group.
    homes, weight : ndarray of int
        Per option.
    compatible : ndarray of bool, shape (k, k)
        Whether two options may share a bundle.
    codes : list of (ndarray of int, int or None)
        Per balance rule the municipality or owner code per option (-1 unknown) and
        the cap out of ``SHARE_SCALE`` (``None``: no rule).
    lo, hi : int
        Min and max homes per bundle.
    beat : int, optional
        Only a packing worth more than this is wanted: when an upper bound (each site
        with its best option that is in some valid bundle) shows none exists, the
        packing is not searched and ``(0, [])`` returned.

    Returns
    -------
    (int, list of list of int)
        The total weight and the bundles as option positions.
    """
    n_sites = int(site.max()) + 1 if len(site) else 0
    if n_sites > MAX_EXACT:
        raise ValueError(f"exact packing takes at most {MAX_EXACT} sites, not {n_sites}")
    keys, values, chosen = [], [], []
    bound = np.zeros(n_sites, dtype=np.int64)  # per site: best option in a valid bundle
    for g in np.unique(group).tolist():
        members = np.flatnonzero(group == g)
        masks, value = _valid_bundles(
            homes[members],
            weight[members],
            compatible[np.ix_(members, members)],
            [(code[members], cap) for code, cap in codes],
            lo,
            hi,
        )
        bits = (masks[:, None] >> np.arange(len(members))) & 1
        keys.append(bits @ (1 << site[members]))  # distinct sites: the sum is the union
        values.append(value)
        chosen += [(members, m) for m in masks.tolist()]
        used = members[bits.any(axis=0)]
        np.maximum.at(bound, site[used], weight[used])
    if not chosen or int(bound.sum()) <= beat:
        return 0, []
    key, value = np.concatenate(keys), np.concatenate(values)
    # One bundle per set of sites: the most valuable (first of equals).
    order = np.lexsort((np.arange(len(key)), -value, key))
    first = order[np.r_[True, key[order][1:] != key[order][:-1]]]
    # Pack over the sites some valid bundle holds, renumbered 0 .. n - 1.
    live = np.flatnonzero(bound > 0) if (weight > 0).all() else np.arange(n_sites)
    packed_keys = np.zeros(len(first), dtype=np.int64)
    for new_bit, old_bit in enumerate(live.tolist()):
        packed_keys |= ((key[first] >> old_bit) & 1) << new_bit
    total, picked = _pack(len(live), packed_keys, value[first])
    found = []
    for row in first[picked].tolist():
        members, mask = chosen[row]
        found.append([int(members[i]) for i in range(len(members)) if mask >> i & 1])
    return total, found


def _valid_bundles(
    homes: Ints,
    weight: Ints,
    compatible: NDArray[np.bool_],
    codes: list[tuple[Ints, int | None]],
    lo: int,
    hi: int,
) -> tuple[Ints, Ints]:
    """Every valid bundle among a few options of one group: masks and weights."""
    k = len(homes)
    if k > MAX_EXACT:
        raise ValueError(f"exact packing takes at most {MAX_EXACT} options, not {k}")
    masks = np.arange(1, 1 << k, dtype=np.int64)
    bits = ((masks[:, None] >> np.arange(k)) & 1).astype(np.int64)
    total = bits @ homes
    ok = (total >= lo) & (total <= hi)
    allowed = (compatible | np.eye(k, dtype=bool)) @ (1 << np.arange(k, dtype=np.int64))
    outside = (masks[:, None] & ~allowed[None, :]) != 0
    ok &= ~((bits == 1) & outside).any(axis=1)
    for code, cap in codes:
        if cap is None:
            continue
        for c in np.unique(code[code >= 0]).tolist():
            part = bits[:, code == c] @ homes[code == c]
            ok &= part * SHARE_SCALE <= cap * total
    return masks[ok], (bits[ok] @ weight).astype(np.int64)


def _pack(n: int, keys: Ints, values: Ints) -> tuple[int, list[int]]:
    """Max-weight packing of disjoint bundles (site masks ``keys``), by lowest site.

    Returns the total and the positions in ``keys`` of the bundles packed.
    """
    masks = np.arange(1 << n, dtype=np.int64)
    best = np.zeros(1 << n, dtype=np.int64)
    choice = np.full(1 << n, -1, dtype=np.int64)  # bundle taken with the lowest site
    low = masks & -masks
    key_low = keys & -keys
    for b in range(n - 1, -1, -1):
        bit = 1 << b
        rows = masks[low == bit]
        best[rows] = best[rows ^ bit]
        here = np.flatnonzero(key_low == bit)
        if not len(here):
            continue
        for part in np.array_split(here, max(1, len(here) * len(rows) // 2_000_000 + 1)):
            k = keys[part]
            inside = (rows[:, None] & k[None, :]) == k[None, :]
            gain = np.where(inside, values[part][None, :] + best[rows[:, None] ^ k[None, :]], -1)
            top = gain.argmax(axis=1)
            top_gain = gain[np.arange(len(rows)), top]
            better = top_gain > best[rows]
            best[rows[better]] = top_gain[better]
            choice[rows[better]] = part[top[better]]
    mask = (1 << n) - 1
    picked: list[int] = []
    while mask:
        row = int(choice[mask])
        if row >= 0:
            picked.append(row)
            mask ^= int(keys[row])
        else:
            mask ^= mask & -mask
    return int(best[(1 << n) - 1]), picked


def repair_regions(state: State) -> bool:
    """Re-pack small regions exactly where that gives more score-weighted homes."""
    changed = False
    centres = [("bundle", n) for n in sorted(state.bundles)]
    for options in state.options_of:  # a free site: around its most valuable option
        free = [o for o in options if state.free(o) and state.pin[o] < 0]
        if free:
            centres.append(("free", min(free, key=lambda o: (-state.value[o], o))))
    for kind, centre in centres:
        if kind == "bundle" and not (centre in state.bundles and state.bundles[centre].members):
            continue
        if kind == "free" and not state.free(centre):
            continue
        seed = state.bundles[centre].members[0] if kind == "bundle" else centre
        if state.stale("region", seed):
            continue
        state.tried["region", seed] = state.clock
        changed |= _repair(state, _region(state, centre if kind == "bundle" else None, seed))
    return changed


def _region(state: State, number: int | None, seed: int) -> list[int]:
    """All options of up to ``REGION`` sites near ``seed``, with whole bundles only.

    A site joins with every bundle it is in, so that the bundles re-packed lie wholly
    inside the region; sites of pinned bundles stay out.
    """
    sx, sy = state.xy[seed]
    first = list(state.bundles[number].members) if number is not None else [seed]
    if any(state.pin[o] >= 0 for o in first):
        return []
    sites: list[int] = []
    for o in first:
        if state.site[o] not in sites:
            sites.append(state.site[o])
    if len(sites) > REGION:  # a bundle of many small sites: too large to re-pack exactly
        return []
    around: set[int] = set()
    for o in first:
        around.update(state.near[o])
    by_distance = sorted(
        around, key=lambda c: ((state.xy[c][0] - sx) ** 2 + (state.xy[c][1] - sy) ** 2, c)
    )
    for c in by_distance:
        site = state.site[c]
        if site in sites or state.pin[c] >= 0:
            continue
        joining = [site]
        number_of = state.home_of.get(site)
        if number_of is not None:
            members = state.bundles[number_of].members
            if any(state.pin[o] >= 0 for o in members):
                continue
            joining = [state.site[o] for o in members if state.site[o] not in sites]
        if len(sites) + len(joining) <= REGION:
            sites += joining
    site_set = set(sites)
    return [o for site in sites for o in state.options_of[site] if state.site[o] in site_set]


def _repair(state: State, region: list[int]) -> bool:
    if len(region) < 2:
        return False
    numbers = sorted({state.home_of[state.site[o]] for o in region if not state.free(o)})
    current = sum(state.bundles[n].weight for n in numbers)
    best_of: dict[int, int] = {}
    for o in region:
        best_of[state.site[o]] = max(best_of.get(state.site[o], 0), state.w[o])
    if sum(best_of.values()) <= current:
        return False  # every site is bundled with its best option already
    options = np.array(region, dtype=np.int64)
    local = {s: k for k, s in enumerate(dict.fromkeys(state.site[o] for o in region))}
    groups = np.array([state.group[o] for o in region], dtype=np.int64)
    if len(local) > MAX_EXACT or np.bincount(groups).max() > MAX_EXACT:
        return False  # more than exact packing takes: the region stays as it is
    compatible = state.nbrs.matrix(region)
    codes = [
        (np.array([state.muni[o] for o in region], dtype=np.int64), state.caps[0]),
        (np.array([state.owner[o] for o in region], dtype=np.int64), state.caps[1]),
    ]
    value, packing = best_packing(
        np.array([local[state.site[o]] for o in region], dtype=np.int64),
        groups,
        np.array([state.h[o] for o in region], dtype=np.int64),
        np.array([state.w[o] for o in region], dtype=np.int64),
        compatible,
        codes,
        state.lo,
        state.hi,
        beat=current,
    )
    if value <= current:
        return False
    for n in numbers:
        for o in list(state.bundles[n].members):
            state.unplace(o)
        del state.bundles[n]
    for bundle in packing:
        state.commit(state.new(options[bundle].tolist()))
    return True
