"""Checks that the sites a user pinned to one bundle can share one, before solving.

Each check names the sites and the rule, so that the user can correct the pins or the
rules: a pinned site that can be in no bundle at all, pinned sites without a concept
(or family) in common, too far apart, ready too far apart, or with more homes
together than a bundle may have.
"""

from __future__ import annotations

import numpy as np

from bouwstroom_qgis.core.bundle_problem import Problem
from bouwstroom_qgis.core.readiness import quarter_label


def pin_problem(problem: Problem, reasons: dict[int, str]) -> str | None:
    """Why the pinned bundles cannot exist, or ``None`` when no check fails.

    Parameters
    ----------
    problem : Problem
    reasons : dict of int to str
        The pre-solve reason of every site left out, by site number.
    """
    p, rules = problem, problem.rules
    for code, name in enumerate(p.pin_names):
        sites = np.flatnonzero(p.pin == code).tolist()
        names = [_group_names(p, site) for site in sites]
        lost = [site for site, found in zip(sites, names, strict=True) if not found]
        if lost:  # no homes, excluded, no score: no concept to speak of
            return _cannot(p, lost[0], name, reasons)
        if not set.intersection(*names):
            listed = ", ".join(
                f"{p.site_ids[site]} {'/'.join(sorted(names[k])) or '-'}"
                for k, site in enumerate(sites)
            )
            return f"the sites pinned to '{name}' have no concept in common: {listed}"
        for site in sites:
            if site in reasons:
                return _cannot(p, site, name, reasons)
        common = set.intersection(*(set(p.group[p.site == site].tolist()) for site in sites))
        for a_pos, a in enumerate(sites):
            for b in sites[a_pos + 1 :]:
                d = float(np.hypot(*(p.xy[a] - p.xy[b])))
                if d > rules.max_spread_m:
                    return (
                        f"sites {p.site_ids[a]} and {p.site_ids[b]} pinned to '{name}' are "
                        f"{d / 1000:.1f} km apart, more than max_spread_km "
                        f"{rules.max_spread_km:g}"
                    )
                qa, qb = int(p.quarter[a]), int(p.quarter[b])
                if abs(qa - qb) > rules.readiness_window:
                    return (
                        f"sites {p.site_ids[a]} and {p.site_ids[b]} pinned to '{name}' are "
                        f"ready in {quarter_label(rules.start, qa)} and "
                        f"{quarter_label(rules.start, qb)}, more than "
                        f"readiness_window {rules.readiness_window} quarters apart"
                    )
        fewest = min(int(p.homes[np.isin(p.site, sites) & (p.group == g)].sum()) for g in common)
        if fewest > rules.max_homes:
            return (
                f"the sites pinned to '{name}' have {fewest} homes together, more than "
                f"max_homes {rules.max_homes}"
            )
    return None


def _group_names(p: Problem, site: int) -> set[str]:
    """The concept groups a site can join: of its options, or of the one it lost."""
    kept = {p.groups[g] for g in p.group[p.site == site].tolist()}
    if kept:
        return kept
    return {str(p.lost_group[site])} if p.lost_group[site] is not None else set()


def _cannot(p: Problem, site: int, name: str, reasons: dict[int, str]) -> str:
    return (
        f"site {p.site_ids[site]} is pinned to '{name}' but can be in no bundle: "
        f"{reasons.get(site, 'no option')}"
    )
