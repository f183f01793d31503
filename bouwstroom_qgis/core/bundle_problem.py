"""The bundling problem as arrays: options, compatible pairs, and sites that cannot join.

A site takes part through *options*: (site, concept group, homes). With
``concepts = "best"`` a site has one option, its best concept; with ``"any"`` one per
concept group (concept, or family) in which it has homes, the concept with the most
homes standing for the group. Two options are *compatible* when they belong to
different sites of the same group, the sites' centroids are at most ``max_spread_km``
apart, their earliest starts at most ``readiness_window`` quarters apart, and they are
not pinned to different bundles. A bundle is a set of pairwise compatible options of
distinct sites whose homes lie within [min_homes, max_homes] and meet the balance rules.

Options that can never be in a bundle are removed first, with the reason: too many
homes for one bundle, or too few homes within reach (the option plus every compatible
option), repeated until nothing changes since one removal can strand a neighbour.
Everything is decided on sites sorted by ``site_id`` so that row order does not matter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.bundle_input import check_sites, dominant_owner, whole_homes
from bouwstroom_qgis.core.bundle_neighbours import neighbour_lists, pair_order
from bouwstroom_qgis.core.bundle_rules import BEST, BundleRules
from bouwstroom_qgis.core.readiness import readiness

log = logging.getLogger(__name__)

Ints = NDArray[np.int64]
Floats = NDArray[np.float64]
Codes = NDArray[np.int8]
SCORE_SCALE = 100  # weights are integers: score in hundredths of a point x homes
SHARE_SCALE = 10_000  # balance shares in integer arithmetic (0.01 %)
PAIR_BLOCK = 2_000  # sites whose neighbours are searched at once

# Why a site has no option left before any solver runs (codes; texts in bundle_reasons).
EXCLUDED_BY_USER = "excluded_by_user"
SCORED_OUT = "scored_out"
NO_SCORE = "no_score"
NO_HOMES = "no_homes"
TOO_MANY = "too_many"
NO_PARTNER = "no_partner"
WINDOW = "window"
TOO_FEW_NEAR = "too_few_near"


@dataclass(frozen=True)
class Problem:
    """Sites (in ``site_id`` order) and their options, ready for a solver.

    Per site: ``site_ids``, ``row`` (position in the input table), ``xy`` (centroid,
    m), ``quarter`` (earliest start index), ``score``, ``municipality`` and ``owner``
    (codes into ``municipalities`` / ``owners``, -1 unknown), ``pin`` (code into
    ``pin_names``, -1 not pinned) and ``reason`` (pre-solve code or None).

    Per option: ``site``, ``group`` (code into ``groups``), ``concept``, ``homes``,
    ``weight`` (score x 100 x homes, integer). For a site left out before solving,
    ``lost_concept``, ``lost_group``, ``lost_homes`` and ``lost_reach`` describe its
    largest option: its concept and group, its homes, and the homes within reach when
    it was dropped.

    ``pair_i < pair_j`` are the compatible option pairs with their distance ``pair_d``
    (m); ``nbr_ptr``/``nbr_idx`` the same pairs as neighbour lists (CSR), nearest first.
    """

    rules: BundleRules
    site_ids: NDArray[np.object_]
    row: Ints
    xy: Floats
    quarter: Ints
    score: Floats
    municipality: Ints
    municipalities: tuple[str, ...]
    owner: Ints
    owners: tuple[str, ...]
    pin: Ints
    pin_names: tuple[str, ...]
    reason: NDArray[np.object_]
    lost_concept: NDArray[np.object_]
    lost_group: NDArray[np.object_]
    lost_homes: Ints
    lost_reach: Ints
    site: Ints
    group: Ints
    groups: tuple[str, ...]
    concept: NDArray[np.object_]
    homes: Ints
    weight: Ints
    pair_i: Ints
    pair_j: Ints
    pair_d: Floats
    nbr_ptr: Ints
    nbr_idx: Ints

    @property
    def n_options(self) -> int:
        return len(self.site)

    def neighbours(self, option: int) -> Ints:
        """The options compatible with ``option``, nearest first."""
        return self.nbr_idx[self.nbr_ptr[option] : self.nbr_ptr[option + 1]]


def build_problem(
    sites: gpd.GeoDataFrame, rules: BundleRules, families: dict[str, str] | None = None
) -> Problem:
    """The options and compatible pairs of ``sites`` under ``rules``.

    Parameters
    ----------
    sites : geopandas.GeoDataFrame
        ``site_id``, ``score`` (0..100), ``homes`` and ``best_concept`` (with
        ``concepts = "best"``) or ``homes_<concept>`` columns (with ``"any"``), polygon
        geometry in EPSG:28992; optional ``municipality``, ``owner`` (else the first
        name in ``owners``), ``owner_type``, ``plan_status``, ``residential_share``,
        ``excluded``. Not modified.
    rules : BundleRules
    families : dict, optional
        Concept -> family from the concept catalogue (used with ``per = "family"``).

    Raises
    ------
    InputError
        Missing columns, repeated or empty site ids, negative or fractional homes, a
        missing geometry, or pinned / excluded site ids that are not among the sites.
    """
    check_sites(sites, rules)
    order = np.argsort(sites[s.SITE_ID].to_numpy(dtype=object).astype(str), kind="stable")
    table = sites.iloc[order]
    ids = table[s.SITE_ID].to_numpy(dtype=object).astype(str).astype(object)
    n = len(table)
    xy = shapely.get_coordinates(shapely.centroid(table.geometry.to_numpy())).reshape(n, 2)
    quarter = readiness(table, rules.readiness).to_numpy(dtype=np.int64)
    score = pd.to_numeric(table[s.SCORE], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    municipality, municipalities = _codes(table, s.MUNICIPALITY)
    owner, owners = _codes(table.assign(**{s.OWNER: dominant_owner(table)}), s.OWNER)
    pin_of = pd.Series(ids).map(rules.pinned)
    pin, pin_names = _codes(pd.DataFrame({"pin": pin_of}), "pin")
    reason = np.full(n, None, dtype=object)
    reason[np.isnan(score)] = NO_SCORE
    if s.EXCLUDED in table.columns:
        reason[table[s.EXCLUDED].fillna(False).to_numpy(dtype=bool)] = SCORED_OUT
    reason[np.isin(ids, rules.excluded)] = EXCLUDED_BY_USER
    opt_site, concept, homes = _options(table, rules, reason)
    family = rules.family_of(families)
    group_names = np.array([family.get(c, c) for c in concept], dtype=object)
    group, groups = pd.factorize(group_names, sort=True)
    one = _one_per_group(opt_site, group, concept, homes)
    opt_site, group, concept, homes = opt_site[one], group[one], concept[one], homes[one]
    weight = np.rint(np.nan_to_num(score[opt_site]) * SCORE_SCALE).astype(np.int64) * homes
    pairs = _pairs(xy, quarter, pin, opt_site, group, rules)
    keep, (lost_concept, lost_homes, lost_reach) = _reachable(
        opt_site, concept, homes, pairs, rules, reason
    )
    lost_group = pd.Series(lost_concept, dtype=object).replace(family).to_numpy(dtype=object)
    lost = (lost_concept, lost_group, lost_homes, lost_reach)
    return _assemble(
        rules,
        ids,
        order,
        xy,
        quarter,
        score,
        (municipality, municipalities),
        (owner, owners),
        (pin, pin_names),
        reason,
        lost,
        (opt_site, group, tuple(str(g) for g in groups), concept, homes, weight),
        pairs,
        keep,
    )


def _codes(table: pd.DataFrame, column: str) -> tuple[Ints, tuple[str, ...]]:
    if column not in table.columns:
        return np.full(len(table), -1, dtype=np.int64), ()
    raw = pd.Series(table[column], copy=False)
    # missing stays missing: pandas 2 would make it the text 'nan' (QGIS's own Python has 2.x)
    values = raw.astype("str").where(raw.notna(), None)
    codes, names = pd.factorize(values.where(values.str.strip() != "", None), sort=True)
    return codes.astype(np.int64), tuple(str(v) for v in names)


def _options(
    table: pd.DataFrame, rules: BundleRules, reason: NDArray[np.object_]
) -> tuple[Ints, NDArray[np.object_], Ints]:
    """(site, concept, homes) per option of the sites that may take part."""
    ids = table[s.SITE_ID].to_numpy(dtype=object)
    free = reason == None  # noqa: E711 (elementwise)
    if rules.concepts == BEST:
        homes = whole_homes(table[s.HOMES], s.HOMES, ids)
        concept = table[s.BEST_CONCEPT].to_numpy(dtype=object)
        has = free & (homes > 0) & pd.notna(concept)
        reason[free & ~has] = NO_HOMES
        site = np.flatnonzero(has)
        return site.astype(np.int64), concept[site].astype(str).astype(object), homes[site]
    columns = sorted(c for c in table.columns if c.startswith(s.HOMES_PREFIX))
    grid = np.column_stack([whole_homes(table[c], c, ids) for c in columns])
    names = np.array([c.removeprefix(s.HOMES_PREFIX) for c in columns], dtype=object)
    site, k = np.nonzero(grid * free[:, None] > 0)
    reason[free & (grid.max(axis=1) == 0)] = NO_HOMES
    return site.astype(np.int64), names[k], grid[site, k]


def _one_per_group(site: Ints, group: Ints, concept: NDArray[np.object_], homes: Ints) -> Ints:
    """Per (site, group) the option with the most homes (ties: concept name), in order."""
    if not len(site):
        return np.arange(0)
    order = np.lexsort((concept.astype(str), -homes, group, site))
    s_, g_ = site[order], group[order]
    first = np.r_[True, (s_[1:] != s_[:-1]) | (g_[1:] != g_[:-1])]
    return np.sort(order[first])


def _pairs(
    xy: Floats, quarter: Ints, pin: Ints, site: Ints, group: Ints, rules: BundleRules
) -> tuple[Ints, Ints, Floats, Codes]:
    """Compatible option pairs (i < j), their distance (m), and per pair a reason code.

    The code is 0 for a compatible pair; pairs close enough but outside the readiness
    window (1) are kept apart to explain why a site found no partner.
    """
    used = np.unique(site)
    points = shapely.points(xy[used])
    tree = shapely.STRtree(points)
    options = pd.DataFrame({"opt": np.arange(len(site)), "site": site, "group": group})
    empty = np.zeros(0, dtype=np.int64)
    parts = [(empty, empty, np.zeros(0), np.zeros(0, dtype=np.int8))]
    # A block of sites at a time: all pairs at once take gigabytes on large regions.
    for first in range(0, len(used), PAIR_BLOCK):
        a, b = tree.query(
            points[first : first + PAIR_BLOCK], predicate="dwithin", distance=rules.max_spread_m
        )
        a, b = used[a + first], used[b]
        near = a < b  # each pair once, found from its first site's block
        frame = pd.DataFrame({"a": a[near], "b": b[near]})
        joined = frame.merge(options.rename(columns={"site": "a", "opt": "i"}), on="a").merge(
            options.rename(columns={"site": "b", "opt": "j"}), on=["b", "group"]
        )
        i = joined["i"].to_numpy(dtype=np.int64)
        j = joined["j"].to_numpy(dtype=np.int64)
        si, sj = site[i], site[j]
        d = np.hypot(*(xy[si] - xy[sj]).T)
        apart = (pin[si] >= 0) & (pin[sj] >= 0) & (pin[si] != pin[sj])
        late = np.abs(quarter[si] - quarter[sj]) > rules.readiness_window
        keep = ~apart
        lo, hi = np.minimum(i, j)[keep], np.maximum(i, j)[keep]
        parts.append((lo, hi, d[keep], late[keep].astype(np.int8)))
    # One column at a time, each part freed once used: the pairs run into millions.
    columns = [list(arrays) for arrays in zip(*parts, strict=True)]
    del parts
    joined = [np.concatenate(columns.pop(0)) for _ in range(4)]
    order = pair_order(joined[0], joined[1], len(site))
    for k in range(4):
        joined[k] = joined[k][order]
    i, j, d, code = joined
    return i, j, d, code


def _reachable(
    site: Ints,
    concept: NDArray[np.object_],
    homes: Ints,
    pairs: tuple[Ints, Ints, Floats, Codes],
    rules: BundleRules,
    reason: NDArray[np.object_],
) -> tuple[NDArray[np.bool_], tuple[NDArray[np.object_], Ints, Ints]]:
    """Options that may still be in a bundle; the reason for sites left with none.

    Returns the kept options and, per site, the concept, homes and homes within reach
    of the largest option of a site that lost all of them.
    """
    i, j, _, code = pairs
    m = len(site)
    ok = code == 0
    keep = homes <= rules.max_homes
    cause = np.full(m, None, dtype=object)
    cause[~keep] = TOO_MANY
    at_drop = homes.copy()
    partners = np.bincount(i[ok], minlength=m) + np.bincount(j[ok], minlength=m)
    close = np.bincount(i, minlength=m) + np.bincount(j, minlength=m)
    kind = np.where(close == 0, NO_PARTNER, np.where(partners == 0, WINDOW, TOO_FEW_NEAR))
    while True:
        live = ok & keep[i] & keep[j]
        reach = (
            homes
            + np.bincount(i[live], weights=homes[j[live]], minlength=m).astype(np.int64)
            + np.bincount(j[live], weights=homes[i[live]], minlength=m).astype(np.int64)
        )
        drop = keep & (reach < rules.min_homes)
        if not drop.any():
            break
        cause[drop] = kind[drop]
        at_drop[drop] = reach[drop]
        keep &= ~drop
    n = len(reason)
    has = np.zeros(n, dtype=bool)
    has[site[keep]] = True
    by_size = np.lexsort((-homes, site))
    first = by_size[np.r_[True, site[by_size][1:] != site[by_size][:-1]]] if m else by_size
    lost = first[~has[site[first]]]
    reason[site[lost]] = cause[lost]
    lost_concept = np.full(n, None, dtype=object)
    lost_homes = np.zeros(n, dtype=np.int64)
    lost_reach = np.zeros(n, dtype=np.int64)
    lost_concept[site[lost]] = concept[lost]
    lost_homes[site[lost]] = homes[lost]
    lost_reach[site[lost]] = at_drop[lost]
    log.debug("bundling: %d of %d options can be in a bundle", int(keep.sum()), m)
    return keep, (lost_concept, lost_homes, lost_reach)


def _assemble(
    rules: BundleRules,
    ids: NDArray[np.object_],
    order: NDArray[np.intp],
    xy: Floats,
    quarter: Ints,
    score: Floats,
    municipality: tuple[Ints, tuple[str, ...]],
    owner: tuple[Ints, tuple[str, ...]],
    pin: tuple[Ints, tuple[str, ...]],
    reason: NDArray[np.object_],
    lost: tuple[NDArray[np.object_], NDArray[np.object_], Ints, Ints],
    options: tuple[Ints, Ints, tuple[str, ...], NDArray[np.object_], Ints, Ints],
    pairs: tuple[Ints, Ints, Floats, Codes],
    keep: NDArray[np.bool_],
) -> Problem:
    """Renumber the kept options in (group, x, y, site) order: a sweep, so that the
    options after one in this order that are compatible with it lie on one side."""
    site, group, groups, concept, homes, weight = options
    kept = np.flatnonzero(keep)
    sweep = kept[np.lexsort((site[kept], xy[site[kept], 1], xy[site[kept], 0], group[kept]))]
    new = np.full(len(site), -1, dtype=np.int64)
    new[sweep] = np.arange(len(sweep))
    i, j, d, code = pairs
    live = (code == 0) & (new[i] >= 0) & (new[j] >= 0)
    a, b = new[i[live]], new[j[live]]
    lo, hi, d = np.minimum(a, b), np.maximum(a, b), d[live]
    by_pair = pair_order(lo, hi, len(sweep))
    lo, hi, d = lo[by_pair], hi[by_pair], d[by_pair]
    ptr, nbr_idx = neighbour_lists(lo, hi, d, len(sweep))
    return Problem(
        rules=rules,
        site_ids=ids,
        row=order.astype(np.int64),
        xy=xy,
        quarter=quarter,
        score=score,
        municipality=municipality[0],
        municipalities=municipality[1],
        owner=owner[0],
        owners=owner[1],
        pin=pin[0],
        pin_names=pin[1],
        reason=reason,
        lost_concept=lost[0],
        lost_group=lost[1],
        lost_homes=lost[2],
        lost_reach=lost[3],
        site=site[sweep],
        group=group[sweep].astype(np.int64),
        groups=groups,
        concept=concept[sweep],
        homes=homes[sweep],
        weight=weight[sweep],
        pair_i=lo,
        pair_j=hi,
        pair_d=d,
        nbr_ptr=ptr,
        nbr_idx=nbr_idx,
    )
