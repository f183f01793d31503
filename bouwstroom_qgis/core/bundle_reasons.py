"""Why a site is in no bundle, and why no bundle is possible at all, in Dutch or English.

Reasons known before solving come from :mod:`bouwstroom_qgis.core.bundle_problem`
(excluded, no homes, too many homes, no compatible site near enough). For a site that
could have been bundled, the reason is found against the bundles chosen: the nearest
bundle of its concept (group) is too far, outside its readiness window, full, or out
of balance with it; or the free sites near it are too few; or the chosen bundles were
simply worth more.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from bouwstroom_qgis.core import bundle_problem as bp
from bouwstroom_qgis.core.bundle_problem import SHARE_SCALE, Problem
from bouwstroom_qgis.core.readiness import quarter_label

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        bp.EXCLUDED_BY_USER: "excluded by the user",
        bp.SCORED_OUT: "excluded by the site scoring",
        bp.NO_SCORE: "no score",
        bp.NO_HOMES: "too few homes (0)",
        bp.TOO_MANY: "{homes} homes of {concept}: more than max_homes {max} for one bundle",
        bp.NO_PARTNER: "concept {concept}: no compatible sites within {km} km, and {homes} "
        "homes alone are fewer than min_homes {min}",
        bp.WINDOW: "readiness {quarter}: no {concept} site within {km} km is ready within "
        "{window} quarters of it",
        bp.TOO_FEW_NEAR: "concept {concept}: the compatible sites within {km} km have {reach} "
        "homes with this one, fewer than min_homes {min}",
        "far": "too far from bundle {bundle} ({dist} km from one of its sites, max {km} km)",
        "late": "readiness {quarter} outside the window of bundle {bundle} ({first} to {last})",
        "full": "bundle {bundle} would exceed max homes {max} ({homes} + {site})",
        "balance": "bundle {bundle} would have too large a share of one {kind} (max {share} %)",
        "free_few": "concept {concept}: the free compatible sites within {km} km have {reach} "
        "homes with this one, fewer than min_homes {min}",
        "not_chosen": "not chosen: bundles with this site are worth less than the bundles chosen",
        "fits": "fits bundle {bundle}; the search stopped before adding it",
        "municipality": "municipality",
        "owner": "owner",
    },
    "nl": {
        bp.EXCLUDED_BY_USER: "uitgesloten door de gebruiker",
        bp.SCORED_OUT: "uitgesloten bij de score van de locaties",
        bp.NO_SCORE: "geen score",
        bp.NO_HOMES: "te weinig woningen (0)",
        bp.TOO_MANY: "{homes} woningen {concept}: meer dan max_homes {max} voor één bundel",
        bp.NO_PARTNER: "concept {concept}: geen passende locaties binnen {km} km, en {homes} "
        "woningen alleen zijn minder dan min_homes {min}",
        bp.WINDOW: "gereed {quarter}: geen locatie {concept} binnen {km} km is gereed binnen "
        "{window} kwartalen ervan",
        bp.TOO_FEW_NEAR: "concept {concept}: de passende locaties binnen {km} km hebben met "
        "deze {reach} woningen, minder dan min_homes {min}",
        "far": "te ver van bundel {bundle} ({dist} km van een van de locaties, max {km} km)",
        "late": "gereed {quarter}: buiten het venster van bundel {bundle} ({first} tot {last})",
        "full": "bundel {bundle} zou meer dan max_homes {max} woningen krijgen ({homes} + {site})",
        "balance": "bundel {bundle} zou een te groot aandeel van één {kind} krijgen "
        "(max {share} %)",
        "free_few": "concept {concept}: de vrije passende locaties binnen {km} km hebben met "
        "deze {reach} woningen, minder dan min_homes {min}",
        "not_chosen": "niet gekozen: bundels met deze locatie zijn minder waard dan de gekozen",
        "fits": "past in bundel {bundle}; het zoeken stopte voordat die werd toegevoegd",
        "municipality": "gemeente",
        "owner": "eigenaar",
    },
}


def text(language: str, key: str, **values: object) -> str:
    """The reason ``key`` in ``language`` (English when unknown), filled in."""
    return TEXTS.get(language, TEXTS["en"])[key].format(**values)


def _km(metres: float) -> str:
    return f"{metres / 1000:.1f}".removesuffix(".0")


def presolve_reasons(problem: Problem, language: str) -> dict[int, str]:
    """Reasons for the sites left without an option before solving, by site number."""
    p, rules = problem, problem.rules
    found: dict[int, str] = {}
    for site in np.flatnonzero(p.reason != None).tolist():  # noqa: E711 (elementwise)
        found[site] = text(
            language,
            str(p.reason[site]),
            concept=p.lost_concept[site],
            homes=int(p.lost_homes[site]),
            max=rules.max_homes,
            min=rules.min_homes,
            km=_km(rules.max_spread_m),
            window=rules.readiness_window,
            quarter=quarter_label(rules.start, int(p.quarter[site])),
            reach=int(p.lost_reach[site]),
        )
    return found


def solved_reasons(
    problem: Problem, bundles: list[list[int]], names: list[str], language: str
) -> dict[int, str]:
    """Reasons for the sites with options that are in no bundle, by site number."""
    p = problem
    site, homes = p.site, p.homes
    bundled = np.zeros(len(p.site_ids), dtype=bool)
    of_option = np.full(p.n_options, -1)
    for k, members in enumerate(bundles):
        bundled[site[members]] = True
        of_option[members] = k
    # Per site without a bundle, its option with the most homes speaks for it.
    order = np.lexsort((-homes, site))
    first = order[np.r_[True, site[order][1:] != site[order][:-1]]] if len(order) else order
    found: dict[int, str] = {}
    for o in first.tolist():
        s = int(site[o])
        if bundled[s]:
            continue
        found[s] = _reason_for(p, o, bundles, names, of_option, bundled, language)
    return found


def _reason_for(
    p: Problem,
    o: int,
    bundles: list[list[int]],
    names: list[str],
    of_option: np.ndarray,
    bundled: np.ndarray,
    language: str,
) -> str:
    rules = p.rules
    xy = p.xy[p.site[o]]
    quarter = int(p.quarter[p.site[o]])
    near: list[tuple[float, int]] = []
    for k, members in enumerate(bundles):
        if p.group[members[0]] != p.group[o]:
            continue
        d = np.hypot(*(p.xy[p.site[members]] - xy).T)
        if d.min() <= rules.max_spread_m:
            near.append((float(d.max()), k))
    label = quarter_label(rules.start, quarter)
    if near:
        _, k = min(near)
        members = bundles[k]
        d = np.hypot(*(p.xy[p.site[members]] - xy).T)
        q = p.quarter[p.site[members]]
        first, last = int(q.min()), int(q.max())
        b_homes = int(p.homes[members].sum())
        if d.max() > rules.max_spread_m:
            return text(
                language,
                "far",
                bundle=names[k],
                dist=_km(float(d.max())),
                km=_km(rules.max_spread_m),
            )
        if max(last, quarter) - min(first, quarter) > rules.readiness_window:
            return text(
                language,
                "late",
                quarter=label,
                bundle=names[k],
                first=quarter_label(rules.start, first),
                last=quarter_label(rules.start, last),
            )
        if b_homes + int(p.homes[o]) > rules.max_homes:
            return text(
                language,
                "full",
                bundle=names[k],
                max=rules.max_homes,
                homes=b_homes,
                site=int(p.homes[o]),
            )
        kind = _unbalanced(p, members, o)
        if kind is not None:
            share = (
                rules.max_municipality_share if kind == "municipality" else rules.max_owner_share
            )
            return text(
                language,
                "balance",
                bundle=names[k],
                kind=text(language, kind),
                share=f"{100 * (share or 1):g}",
            )
        return text(language, "fits", bundle=names[k])
    free = [t for t in p.neighbours(o).tolist() if not bundled[p.site[t]]]
    reach = int(p.homes[o]) + int(p.homes[free].sum())
    if reach < rules.min_homes:
        return text(
            language,
            "free_few",
            concept=p.concept[o],
            km=_km(rules.max_spread_m),
            reach=reach,
            min=rules.min_homes,
        )
    return text(language, "not_chosen")


def _unbalanced(p: Problem, members: list[int], o: int) -> str | None:
    together = [*members, o]
    total = int(p.homes[together].sum())
    for kind, codes, share in (
        ("municipality", p.municipality, p.rules.max_municipality_share),
        ("owner", p.owner, p.rules.max_owner_share),
    ):
        if share is None:
            continue
        cap = math.floor(share * SHARE_SCALE + 1e-9)
        counts: Counter[int] = Counter()
        for t in together:
            counts[int(codes[p.site[t]])] += int(p.homes[t])
        if any(h * SHARE_SCALE > cap * total for c, h in counts.items() if c >= 0):
            return kind
    return None


# Causes that say nothing about the rules: the site could not take part anyway.
_NOT_CANDIDATES = (bp.EXCLUDED_BY_USER, bp.SCORED_OUT, bp.NO_SCORE, bp.NO_HOMES)
_CAUSE_WORDS = {
    bp.EXCLUDED_BY_USER: "kept out by the scenario",
    bp.SCORED_OUT: "excluded by the scoring",
    bp.NO_SCORE: "without a score",
    bp.NO_HOMES: "without homes",
}


def why_no_bundle(problem: Problem) -> str:
    """One line saying why the rules admit no bundle at all (English, like errors)."""
    p, rules = problem, problem.rules
    if not len(p.site_ids):
        return "no bundle possible: there are no sites"
    causes = Counter(str(r) for r in p.reason if r is not None)
    homes = _site_homes(p)
    candidate = ~np.isin(p.reason.astype(str), _NOT_CANDIDATES)
    n_candidates = int(candidate.sum())
    if n_candidates == 0:
        listed = ", ".join(f"{n} {_CAUSE_WORDS.get(c, c)}" for c, n in sorted(causes.items()))
        return f"no bundle possible: no site can take part ({listed})"
    total = int(homes[candidate].sum())
    if total < rules.min_homes:
        return (
            f"no bundle possible: min_homes {rules.min_homes} is more than all {total} homes "
            f"of the {n_candidates} sites that can take part together"
        )
    if causes.get(bp.TOO_MANY, 0) == n_candidates:
        return (
            f"no bundle possible: each of the {n_candidates} sites has more than max_homes "
            f"{rules.max_homes} homes on its own"
        )
    largest = int(homes[candidate & (homes <= rules.max_homes)].max(initial=0))
    apart, late = causes.get(bp.NO_PARTNER, 0), causes.get(bp.WINDOW, 0)
    if apart + late + causes.get(bp.TOO_MANY, 0) == n_candidates:
        if late > apart:
            return (
                f"no bundle possible: readiness_window {rules.readiness_window} quarters is "
                "too narrow: sites near each other start further apart, and no site has "
                f"min_homes {rules.min_homes} homes on its own (largest: {largest})"
            )
        return (
            f"no bundle possible: max_spread_km {rules.max_spread_km:g} is too small: no two "
            "sites of one concept are that close, and no site has min_homes "
            f"{rules.min_homes} homes on its own (largest: {largest})"
        )
    if p.n_options and (rules.max_municipality_share or rules.max_owner_share):
        return (
            "no bundle possible: no group of compatible sites meets the balance rules "
            f"(max_municipality_share {rules.max_municipality_share}, max_owner_share "
            f"{rules.max_owner_share}) within {rules.min_homes} to {rules.max_homes} homes"
        )
    listed = ", ".join(f"{c} {n}" for c, n in sorted(causes.items()))
    return (
        f"no bundle possible with min_homes {rules.min_homes}, max_homes {rules.max_homes}, "
        f"max_spread_km {rules.max_spread_km:g} and readiness_window "
        f"{rules.readiness_window}; sites left out by cause: {listed}"
    )


def _site_homes(p: Problem) -> np.ndarray:
    """Homes per site: of its largest option, kept or lost (0 without any)."""
    best = p.lost_homes.copy()
    np.maximum.at(best, p.site, p.homes)
    return best
