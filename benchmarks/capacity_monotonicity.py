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
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import numpy as np  # noqa: E402
import pyogrio  # noqa: E402
import shapely  # noqa: E402
from shapely import affinity  # noqa: E402

from bouwstroom_qgis.core import capacity as capacity_module  # noqa: E402
from bouwstroom_qgis.core import schema as s  # noqa: E402
from bouwstroom_qgis.core.capacity import estimate_capacity  # noqa: E402
from bouwstroom_qgis.core.concepts import load_concepts  # noqa: E402
from bouwstroom_qgis.core.generator import generate_region  # noqa: E402
from bouwstroom_qgis.core.imro import read_imro_plan  # noqa: E402
from bouwstroom_qgis.core.layout import best_layout  # noqa: E402
from bouwstroom_qgis.core.report import Report  # noqa: E402

X0, Y0 = 210_000.0, 570_000.0
HOW = ("cut", "bite", "shave")
PLANS = ("imro/NL.IMRO.1680.1800030105-0000.gml", "imro/2012_10.gml")


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


def adversarial_pairs(n_shapes: int, seed: int) -> tuple[list, list, list[str]]:
    """``n_shapes`` seeded pairs of a slanted site and a part of it (cut, bite, shave)."""
    rng = np.random.default_rng(seed)
    wholes, parts, hows = [], [], []
    while len(wholes) < n_shapes:
        whole, part, how = nested_pair(rng)
        if part.area < 1.0:  # nothing left to compare
            continue
        wholes.append(whole)
        parts.append(part)
        hows.append(how)
    return wholes, parts, hows


def parcel_pairs(parcels: np.ndarray, limit: int, seed: int) -> tuple[list, list, list[str]]:
    """A parcel with its touching neighbours as a site, and that site without one of them.

    The shrinking that happens in practice: a site loses a parcel (an owner who will
    not join, a parcel excluded by the scenario). Parcels of 300 m² to 3 ha only, at
    most five neighbours each; ``limit`` pairs drawn with ``seed``.
    """
    area = shapely.area(parcels)
    usable = np.flatnonzero((area >= 300) & (area <= 30_000))
    tree = shapely.STRtree(parcels)
    wholes, parts = [], []
    for i in usable:
        near = tree.query(parcels[i], predicate="dwithin", distance=0.1)
        near = [j for j in near if j != i and 300 <= area[j] <= 30_000][:5]
        if not near:
            continue
        members = [i, *near]
        whole = shapely.union_all(parcels[members])
        for dropped in near:
            wholes.append(whole)
            parts.append(shapely.union_all(parcels[[m for m in members if m != dropped]]))
    chosen = np.sort(np.random.default_rng(seed).permutation(len(wholes))[:limit])
    return [wholes[k] for k in chosen], [parts[k] for k in chosen], ["parcel"] * len(chosen)


def plan_pairs(plan_path: Path) -> tuple[list, list, list[str]]:
    """Real zoning-plan shapes: two touching Enkelbestemmingen and one of them, and an
    Enkelbestemming without a Bouwvlak that lies in it (an existing building kept).
    Shapes of 300 m² to 5 ha only: the farmland around a village is no site."""
    plan = read_imro_plan(plan_path, Report())
    enkel = plan["Enkelbestemming"].geometry.to_numpy()
    enkel = enkel[(shapely.area(enkel) >= 300) & (shapely.area(enkel) <= 50_000)]
    bouwvlak = plan["Bouwvlak"].geometry.to_numpy() if "Bouwvlak" in plan else np.array([])
    wholes, parts, hows = [], [], []
    tree = shapely.STRtree(enkel)
    left, right = tree.query(enkel, predicate="dwithin", distance=0.1)
    for i, j in zip(left, right, strict=True):
        if i < j:
            whole = shapely.union_all([enkel[i], enkel[j]])
            wholes += [whole, whole]
            parts += [enkel[i], enkel[j]]
            hows += ["plan_merge", "plan_merge"]
    if len(bouwvlak):
        inside, vlak = shapely.STRtree(bouwvlak).query(enkel, predicate="intersects")
        for i, j in zip(inside, vlak, strict=True):
            part = _polygonal(shapely.difference(enkel[i], bouwvlak[j]))
            if part.area >= 1.0 and enkel[i].area - part.area > 1.0:
                wholes.append(enkel[i])
                parts.append(part)
                hows.append("plan_bouwvlak")
    return wholes, parts, hows


def real_pairs(shared_data: Path, limit: int, seed: int) -> tuple[list, list, list[str]]:
    """Nested pairs from real shapes: the sample region's parcels and two real plans."""
    with tempfile.TemporaryDirectory() as folder:
        region = Path(folder) / "region"
        generate_region(5000, seed, region)
        parcels = pyogrio.read_dataframe(region / "percelen.gpkg").geometry.to_numpy()
    wholes, parts, hows = parcel_pairs(parcels, limit, seed)
    for plan in PLANS:
        w, p, h = plan_pairs(shared_data / plan)
        wholes += w
        parts += p
        hows += h
    return wholes, parts, hows


def measure(
    pairs: tuple[list, list, list[str]],
    setback: bool = True,
    own_only: bool = False,
    threads: int = 2,
) -> dict[str, object]:
    """Pairs tried, pairs whose part got more buildings than the site, and by how many."""
    wholes, parts, hows = pairs
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
    tried: Counter[str] = Counter()
    with_homes = 0
    for concept in concepts:
        buildings = (
            table[f"{s.HOMES_PREFIX}{concept.name}"].to_numpy() // concept.homes_per_building
        )
        with_homes += int((buildings[:n] > 0).sum())
        more = buildings[n:] - buildings[:n]
        tried.update(hows)
        for i in np.flatnonzero(more > 0):
            grew[int(more[i])] += 1
            by_how[hows[i]] += 1
            by_concept[concept.name] += 1
    return {
        "shapes": n,
        "concepts": len(concepts),
        "setback": setback,
        "own_only": own_only,
        "pairs_tried": n * len(concepts),
        "pairs_tried_by_how": dict(sorted(tried.items())),
        "pairs_with_homes": with_homes,
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
    parser.add_argument(
        "--real",
        action="store_true",
        help="pairs from real shapes (sample-region parcels, two real plans) instead",
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    if args.real:
        pairs = real_pairs(args.data, args.shapes, args.seed)
    else:
        pairs = adversarial_pairs(args.shapes, args.seed)
    result = {"seed": args.seed, "real": args.real}
    result.update(measure(pairs, not args.no_setback, args.own_only, args.threads))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
