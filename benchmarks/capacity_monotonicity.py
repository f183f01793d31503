"""How often capacity grows when a site shrinks: adversarial pairs of nested sites.

Capacity is only partly monotone by construction (``core/layout.py``): the fixed family
never grows when the site shrinks, the site's own directions may. This measures how
often the reported count does, on pairs built to provoke it: a slanted site (one to
three turned parallelograms) and a part of it, the site cut off along a line at any
angle, bitten by a turned box, or shaved by a turned copy of itself. Both go through
``estimate_capacity`` with the shipped concepts (their setbacks included); every
(pair, concept) counts as one pair tried. Seeded: the same seed gives the same pairs.

Usage: python benchmarks/capacity_monotonicity.py [--shapes 3000] [--seed 1]
       [--no-setback] [--own-only] [--threads 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import shapely  # noqa: E402
from shapely import affinity  # noqa: E402

from bouwstroom_qgis.core import capacity as capacity_module  # noqa: E402
from bouwstroom_qgis.core import schema as s  # noqa: E402
from bouwstroom_qgis.core.capacity import estimate_capacity  # noqa: E402
from bouwstroom_qgis.core.concepts import load_concepts  # noqa: E402
from bouwstroom_qgis.core.layout import best_layout  # noqa: E402

X0, Y0 = 210_000.0, 570_000.0
HOW = ("cut", "bite", "shave")


def nested_pair(rng: np.random.Generator) -> tuple[shapely.Geometry, shapely.Geometry, str]:
    """A slanted site, a part of it (cut, bitten or shaved) and how it was made."""
    pieces = []
    for _ in range(rng.integers(1, 4)):
        x, y = rng.uniform(0, 80, 2)
        w, h = rng.uniform(15, 140, 2)
        skew = rng.uniform(-1, 1)
        piece = shapely.Polygon(
            [(x, y), (x + w, y), (x + w + skew * h, y + h), (x + skew * h, y + h)]
        )
        pieces.append(affinity.rotate(piece, rng.uniform(0, 180)))
    whole = shapely.union_all(pieces)
    how = HOW[rng.integers(len(HOW))]
    c = whole.centroid
    if how == "cut":
        keep = shapely.box(-1e3, -1e3, 1e3, rng.uniform(-50, 50))
        keep = affinity.rotate(keep, rng.uniform(0, 180))
        part = whole.intersection(affinity.translate(keep, c.x, c.y))
    elif how == "bite":
        x, y = rng.uniform(0, 150, 2)
        w, h = rng.uniform(1, 30, 2)
        part = whole.difference(
            affinity.rotate(shapely.box(x, y, x + w, y + h), rng.uniform(0, 180))
        )
    else:
        part = whole.intersection(affinity.rotate(whole, rng.uniform(-4, 4), origin=c))
    move = functools.partial(affinity.translate, xoff=X0, yoff=Y0)
    return move(whole), move(_polygonal(part)), how


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type == "Polygon"]
    return shapely.MultiPolygon(parts) if parts else shapely.Polygon()


def measure(
    n_shapes: int = 3000,
    seed: int = 1,
    setback: bool = True,
    own_only: bool = False,
    threads: int = 2,
) -> dict[str, object]:
    """Pairs tried, pairs whose part got more buildings than the site, and by how many."""
    rng = np.random.default_rng(seed)
    wholes, parts, hows = [], [], []
    while len(wholes) < n_shapes:
        whole, part, how = nested_pair(rng)
        if part.area < 1.0:  # nothing left to compare
            continue
        wholes.append(whole)
        parts.append(part)
        hows.append(how)
    concepts = load_concepts()
    if not setback:
        concepts = [dataclasses.replace(c, setback=0.0) for c in concepts]
    n = len(wholes)
    sites = gpd.GeoDataFrame(
        {s.SITE_ID: [f"W{i}" for i in range(n)] + [f"P{i}" for i in range(n)]},
        geometry=wholes + parts,
        crs=s.RD_NEW,
    )
    if own_only:  # the own directions alone, as before the fixed family
        capacity_module.best_layout = functools.partial(best_layout, fixed=False)  # type: ignore[assignment]
    start = time.perf_counter()
    table = estimate_capacity(sites, concepts, threads=threads).table
    seconds = time.perf_counter() - start
    grew: Counter[int] = Counter()
    by_how: Counter[str] = Counter()
    by_concept: Counter[str] = Counter()
    for concept in concepts:
        buildings = (
            table[f"{s.HOMES_PREFIX}{concept.name}"].to_numpy() // concept.homes_per_building
        )
        more = buildings[n:] - buildings[:n]
        for i in np.flatnonzero(more > 0):
            grew[int(more[i])] += 1
            by_how[hows[i]] += 1
            by_concept[concept.name] += 1
    return {
        "seed": seed,
        "shapes": n,
        "concepts": len(concepts),
        "setback": setback,
        "own_only": own_only,
        "pairs_tried": n * len(concepts),
        "pairs_grew": sum(grew.values()),
        "grew_by_buildings": dict(sorted(grew.items())),
        "grew_by_how": dict(sorted(by_how.items())),
        "grew_by_concept": dict(sorted(by_concept.items())),
        "seconds": round(seconds, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-setback", action="store_true", help="every concept's setback 0")
    parser.add_argument("--own-only", action="store_true", help="without the fixed family")
    args = parser.parse_args()
    result = measure(args.shapes, args.seed, not args.no_setback, args.own_only, args.threads)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
