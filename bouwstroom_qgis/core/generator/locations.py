"""Development locations: where corporations and municipalities plan to build.

Every municipality has a handful of locations per village, each for some ten to sixty
homes: a former school, care home or workshop on a large plot (0.15–1 ha), a
corporation's row of houses to be pulled down and rebuilt (0.15–0.8 ha), part of a
sports park (0.3–1.2 ha), and now and then a field at the village edge (2–3 ha). Each
is held whole by a housing corporation or by the municipality; the rest of its block
(or the other fields of its cell) is left to nobody, so the location is a site of its
own. Most have a plan of their own that zones them for housing: a partial revision
adopted, or a plan in ontwerp or voorontwerp. The village or rural plan leaves them out,
as plans do for a location with a plan of its own. The rest still carry their old use
(maatschappelijk, sport, agrarisch): the zoning must change before anything is built.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

import numpy as np
import numpy.typing as npt
import shapely

from bouwstroom_qgis.core.generator.admin import plan_code
from bouwstroom_qgis.core.generator.cells import Kind
from bouwstroom_qgis.core.generator.features import MIN_PIECE_AREA, Features, concat_features
from bouwstroom_qgis.core.generator.holdings import Reserved, beside_town, parcels_area
from bouwstroom_qgis.core.generator.layout import Region
from bouwstroom_qgis.core.generator.parcels import Parcels, Plot
from bouwstroom_qgis.core.generator.redevelopment import ExtraPlans
from bouwstroom_qgis.core.generator.zoning import GROUP, names_for
from bouwstroom_qgis.core.io.geometry import polygonal_parts
from bouwstroom_qgis.core.schema import BESTEMMINGSPLANGEBIED, ENKELBESTEMMING

TOWN_PARCELS_PER_LOCATION = 70
"""One location per this many parcels in a municipality's villages and towns."""

MIN_PER_MUNICIPALITY = 3
NATURE_DISTANCE = 300.0  # no location this close to Natura 2000 (m)
MUNICIPALITY_OWNER = -1


class Site(IntEnum):
    """What a location is now."""

    LARGE_PLOT = 0  # a school, care home or workshop on a large plot
    RENEWAL = 1  # a corporation's row of houses, to be pulled down and rebuilt
    SPORTS = 2  # part of a sports park
    EDGE = 3  # a field at the village edge


# Per kind (Site order): its area range (m²), its share of a municipality's locations,
# the chance a corporation rather than the municipality holds it, and the share still
# without a plan of its own.
AREA_M2 = np.array([[1_500.0, 10_000.0], [1_500.0, 8_000.0], [3_000.0, 12_000.0], [0, 30_000]])
SHARE = np.array([0.4, 0.35, 0.1, 0.15])
CORPORATION_CHANCE = np.array([0.4, 1.0, 0.1, 0.2])
UNCHANGED_SHARE = np.array([0.15, 0.15, 0.2, 0.5])
MIN_HOUSE_M2 = 160.0  # a row taken whole must not hold a parcel the scenario rules out
LABELS = (
    ("voormalige school", "voormalig verzorgingshuis", "garageterrein", "voormalige werkplaats"),
    ("sloop-nieuwbouw", "herstructurering"),
    ("sportveld", "ijsbaan", "speelterrein"),
    ("dorpsrand", "voormalige kassen"),
)
# The main group a location's own plan gives it, per kind.
NEW_GROUPS = (
    {"wonen": 0.5, "gemengd": 0.3, "woongebied": 0.2},
    {"wonen": 0.8, "woongebied": 0.2},
    {"woongebied": 0.6, "wonen": 0.4},
    {"woongebied": 0.7, "wonen": 0.3},
)
STATUS = ("vastgesteld", "ontwerp", "voorontwerp")
STATUS_SHARE = np.array([0.4, 0.35, 0.25])
SUFFIX = {"vastgesteld": "VG01", "ontwerp": "OW01", "voorontwerp": "VO01"}


@dataclass(frozen=True)
class Locations:
    """The chosen locations (one row each) and the parcels they consist of."""

    kind: npt.NDArray[np.int8]
    label: npt.NDArray[np.object_]
    municipality: npt.NDArray[np.int64]
    settlement: npt.NDArray[np.int64]  # the village or town it belongs to
    owner: npt.NDArray[np.int64]  # corporation index, or MUNICIPALITY_OWNER
    geometry: npt.NDArray[np.object_]
    group: npt.NDArray[np.object_]  # main group of its own plan; None: not rezoned yet
    status: npt.NDArray[np.object_]  # status of its own plan; None without one
    parcel: npt.NDArray[np.int64]  # the parcels of all locations, ascending
    parcel_location: npt.NDArray[np.int64]  # the location of each of those parcels

    def __len__(self) -> int:
        return int(self.kind.size)

    @property
    def rezoned(self) -> npt.NDArray[np.bool_]:
        return np.array([s is not None for s in self.status], dtype=bool)


def choose_locations(
    region: Region,
    parcels: Parcels,
    geometry: npt.NDArray[np.object_],
    avoid: npt.NDArray[np.object_],
    rng: np.random.Generator,
) -> Locations:
    """Pick the locations of every municipality, their owners and their future zoning.

    Parameters
    ----------
    region, parcels
        The laid-out region.
    geometry : ndarray of geometry
        The parcels as polygons.
    avoid : ndarray of geometry
        Areas no location may touch (the redevelopment plans).
    rng : numpy.random.Generator
    """
    cells = region.cells
    unit, kind, box, first_parcel = _candidates(region, parcels)
    # The few large areas to avoid query a tree of the many candidates: each of them is
    # prepared once.
    tree = shapely.STRtree(box)
    clear = np.ones(box.size, dtype=bool)
    _, near = tree.query(region.nature, predicate="dwithin", distance=NATURE_DISTANCE)
    _, hit = tree.query(avoid, predicate="intersects")
    clear[near] = False
    clear[hit] = False
    unit, kind, first_parcel = unit[clear], kind[clear], first_parcel[clear]
    cell = parcels.cell[first_parcel]
    municipality = region.municipality[cell]

    # Weighted sampling without replacement (Efraimidis–Spirakis): each kind gets its
    # share of a municipality's locations as long as it has candidates there.
    count = np.zeros((len(region.municipalities), len(Site)))
    np.add.at(count, (municipality, kind), 1)
    key = np.log(rng.random(kind.size)) * count[municipality, kind] / SHARE[kind]
    # One location per block, and one field per cell: neighbours would form one site.
    block = parcels.block[first_parcel]
    place = np.where(block >= 0, block, -1 - cell)
    order = np.lexsort((-key, place))
    order = order[np.r_[True, place[order][1:] != place[order][:-1]]]
    town = cells.is_town[parcels.cell]
    town_parcels = np.bincount(
        region.municipality[parcels.cell[town]], minlength=len(region.municipalities)
    )
    quota = np.maximum(MIN_PER_MUNICIPALITY, np.rint(town_parcels / TOWN_PARCELS_PER_LOCATION))
    order = order[np.lexsort((-key[order], municipality[order]))]
    rank = np.arange(order.size) - np.searchsorted(municipality[order], municipality[order])
    chosen = order[rank < quota[municipality[order]]]
    chosen = chosen[np.argsort(first_parcel[chosen], kind="stable")]
    kind, unit, municipality = kind[chosen], unit[chosen], municipality[chosen]
    parcel, parcel_location = _location_parcels(parcels, kind, unit)

    n = kind.size
    owner = np.where(
        rng.random(n) < CORPORATION_CHANCE[kind],
        (municipality % 2) ^ (rng.random(n) < 0.2),  # each corporation mainly in its own
        MUNICIPALITY_OWNER,
    ).astype(np.int64)
    pick = rng.random(n)
    label = np.array(
        [LABELS[k][int(p * len(LABELS[k]))] for k, p in zip(kind, pick, strict=True)],
        dtype=object,
    )
    rezoned = rng.random(n) >= UNCHANGED_SHARE[kind]
    status = np.array(STATUS, dtype=object)[_draw(STATUS_SHARE, n, rng)]
    status[~rezoned] = None
    group = np.full(n, None, dtype=object)
    draw = rng.random(n)
    for k, table in enumerate(NEW_GROUPS):
        names = np.array(list(table), dtype=object)
        cumulative = np.cumsum(list(table.values()))
        mine = (kind == k) & rezoned
        group[mine] = names[np.searchsorted(cumulative, draw[mine] * cumulative[-1])]
    return Locations(
        kind.astype(np.int8),
        label,
        municipality,
        cells.settlement[cell[chosen]].astype(np.int64),
        owner,
        _outlines(parcels, geometry, parcel, parcel_location, n),
        group,
        status,
        parcel,
        parcel_location,
    )


def _draw(share: npt.NDArray[np.float64], n: int, rng: np.random.Generator) -> npt.NDArray:
    return np.searchsorted(np.cumsum(share), rng.random(n) * share.sum())


def _candidates(
    region: Region, parcels: Parcels
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.object_], npt.NDArray]:
    """Every possible location: its unit (a parcel, or a strip for RENEWAL), kind, box
    and first parcel.

    The box is the bounding box of its parcels, close enough to keep clear of nature.
    """
    cells = region.cells
    area = parcels_area(parcels, np.arange(len(parcels)))
    cell_kind = cells.kind[parcels.cell]
    town = cells.is_town[parcels.cell] & (cell_kind != Kind.INDUSTRY)
    edge = beside_town(region)[parcels.cell] & (cell_kind == Kind.FARM)
    kind = np.full(len(parcels), -1, dtype=np.int64)
    for site, plot, where in (
        (Site.LARGE_PLOT, Plot.GROOT, town),
        (Site.SPORTS, Plot.PARK, town),
        (Site.EDGE, Plot.AKKER, edge),
    ):
        low, high = AREA_M2[site]
        kind[where & (parcels.plot == plot) & (area >= low) & (area <= high)] = site
    single = np.flatnonzero(kind >= 0).astype(np.int64)

    # Rows of houses: whole strips of row-house or semi-detached plots, none of them small.
    # A strip's parcels are consecutive: its figures are reductions over runs.
    rows = np.flatnonzero(town & np.isin(parcels.plot, (Plot.RIJ, Plot.TWEE)))
    strip = parcels.strip[rows]
    start = np.flatnonzero(np.r_[True, strip[1:] != strip[:-1]]) if rows.size else rows
    low, high = AREA_M2[Site.RENEWAL]
    good = np.zeros(start.size, dtype=bool)
    lo = hi = np.empty((0, 2))
    if rows.size:
        total = np.add.reduceat(area[rows], start)
        smallest = np.minimum.reduceat(area[rows], start)
        good = (smallest >= MIN_HOUSE_M2) & (total >= low) & (total <= high)
        lo = np.minimum.reduceat(parcels.corners[rows].min(axis=1), start)[good]
        hi = np.maximum.reduceat(parcels.corners[rows].max(axis=1), start)[good]
    strips = strip[start[good]] if rows.size else np.empty(0, np.int64)
    corners = parcels.corners
    box = np.concatenate(
        (
            shapely.box(*corners[single].min(axis=1).T, *corners[single].max(axis=1).T),
            shapely.box(*lo.T, *hi.T),
        )
    )
    unit = np.concatenate((single, strips)).astype(np.int64)
    first = np.concatenate((single, rows[start[good]] if rows.size else strips)).astype(np.int64)
    return unit, np.concatenate((kind[single], np.full(strips.size, Site.RENEWAL))), box, first


def _location_parcels(
    parcels: Parcels, kind: npt.NDArray[np.int64], unit: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The parcels of each location (its parcel, or every parcel of its strip), ascending."""
    whole = np.flatnonzero(kind == Site.RENEWAL)
    single = np.flatnonzero(kind != Site.RENEWAL)
    strip = unit[whole]
    in_strip = np.flatnonzero(np.isin(parcels.strip, strip))
    sorter = np.argsort(strip)
    which = whole[sorter[np.searchsorted(strip, parcels.strip[in_strip], sorter=sorter)]]
    parcel = np.concatenate((unit[single], in_strip))
    location = np.concatenate((single, which)).astype(np.int64)
    order = np.argsort(parcel, kind="stable")
    return parcel[order].astype(np.int64), location[order]


def _outlines(
    parcels: Parcels,
    geometry: npt.NDArray[np.object_],
    parcel: npt.NDArray[np.int64],
    location: npt.NDArray[np.int64],
    n: int,
) -> npt.NDArray[np.object_]:
    """Each location's outline: the union of its parcels, which tile it.

    A whole strip is a rectangle, its bounding box; only a strip cut short at the
    region's edge needs a union.
    """
    corners = parcels.corners[parcel]
    lo = np.full((n, 2), np.inf)
    hi = np.full((n, 2), -np.inf)
    np.minimum.at(lo, location, corners.min(axis=1))
    np.maximum.at(hi, location, corners.max(axis=1))
    out = shapely.box(*lo.T, *hi.T)
    area = np.bincount(location, weights=shapely.area(geometry[parcel]), minlength=n)
    single = np.bincount(location, minlength=n) == 1
    some = np.empty(n, dtype=np.int64)
    some[location] = parcel  # for a one-parcel location: its parcel
    out[single] = geometry[some[single]]
    ragged = np.flatnonzero(~single & (np.abs(shapely.area(out) - area) > 1e-6 * area + 0.01))
    if ragged.size:
        mine = np.isin(location, ragged)
        together = shapely.multipolygons(
            geometry[parcel[mine]], indices=np.searchsorted(ragged, location[mine])
        )
        out[ragged] = shapely.buffer(together, 0.0)  # dissolves the shared boundaries
    return out


def location_plans(
    region: Region, locations: Locations, first_plan: int, rng: np.random.Generator
) -> tuple[Features, ExtraPlans]:
    """Enkelbestemming and outline of the own plan of every rezoned location.

    Plans are numbered from ``first_plan``, in location order.
    """
    rezoned = np.flatnonzero(locations.rezoned)
    plan = first_plan + np.arange(rezoned.size, dtype=np.int64)
    geometry = locations.geometry[rezoned]
    group = locations.group[rezoned]
    codes = np.array([GROUP[g] for g in group], dtype=np.int64)
    ids: list[str] = []
    names: list[str] = []
    taken: dict[int, set[str]] = {}
    seen: dict[str, int] = {}
    for index in rezoned:
        municipality = int(locations.municipality[index])
        town = region.towns.names[locations.settlement[index]]
        name = f"{town}, {locations.label[index]}"
        seen[name] = seen.get(name, 0) + 1
        names.append(name if seen[name] == 1 else f"{name} {seen[name]}")
        mine = taken.setdefault(municipality, set())
        code = plan_code(f"W{len(mine) + 1:04d}{town}", mine)  # numbered: unique at once
        suffix = SUFFIX[str(locations.status[index])]
        ids.append(f"NL.IMRO.{region.municipalities.codes[municipality]}.{code}-{suffix}")
    features = concat_features(
        [
            Features.of(geometry, ENKELBESTEMMING, group, names_for(codes, rng), plan),
            Features.of(geometry, BESTEMMINGSPLANGEBIED, None, np.array(names, object), plan),
        ]
    )
    plans = ExtraPlans(
        first_plan,
        ids,
        names,
        [str(s) for s in locations.status[rezoned]],
        [int(m) for m in locations.municipality[rezoned]],
    )
    return features, plans


def reserved(locations: Locations, parcels: Parcels) -> Reserved:
    """The locations as holdings, and the parcels beside them nobody else may hold.

    The other plots of a location's block, and the other fields of an edge location's
    cell, are held by nobody: a neighbour of the same owner would join the site.
    """
    at = locations.parcel_location
    kind = locations.kind[at]
    use = np.select(
        [kind == Site.LARGE_PLOT, kind == Site.SPORTS, locations.rezoned[at]],
        ["maatschappelijk vastgoed", "sportpark", "bouwgrond"],
        "verpacht (agrarisch)",
    ).astype(object)
    block = parcels.block[locations.parcel]
    edge_cells = parcels.cell[locations.parcel[kind == Site.EDGE]]
    barred = np.isin(parcels.block, block[block >= 0]) | (
        np.isin(parcels.cell, edge_cells) & (parcels.plot == Plot.AKKER)
    )
    return Reserved(locations.parcel, locations.owner[at], at, use, barred)


def cut_out(
    features: Features,
    holes: npt.NDArray[np.object_],
    hole_plan: npt.NDArray[np.int64] | None = None,
) -> Features:
    """``features`` without the parts inside ``holes``; features left without area go.

    With ``hole_plan`` the parts inside a hole stay, as features of the hole's plan: a
    location's own plan takes over the double uses and area designations lying on it.
    """
    if len(features) == 0 or len(holes) == 0:
        return features
    gi, hi = shapely.STRtree(holes).query(features.geometry, predicate="intersects")
    if gi.size == 0:
        return features
    order = np.lexsort((hi, gi))
    gi, hi = gi[order], hi[order]
    hit, group = np.unique(gi, return_inverse=True)
    # All holes in one feature at once; a zero buffer dissolves holes that touch.
    together = shapely.buffer(shapely.multipolygons(holes[hi], indices=group), 0.0)
    geometry = features.geometry.copy()
    geometry[hit] = shapely.difference(geometry[hit], together)
    kept = ~shapely.is_empty(geometry) & (shapely.area(geometry) >= MIN_PIECE_AREA)
    out = features.take(np.flatnonzero(kept))
    out = Features(geometry[kept], out.object_type, out.hoofdgroep, out.naam, out.plan)
    if hole_plan is None:
        return out
    pieces = polygonal_parts(shapely.intersection(features.geometry[gi], holes[hi]))
    real = ~shapely.is_empty(pieces) & (shapely.area(pieces) >= MIN_PIECE_AREA)
    moved = features.take(gi[real])
    return concat_features(
        [
            out,
            Features(
                pieces[real], moved.object_type, moved.hoofdgroep, moved.naam, hole_plan[hi[real]]
            ),
        ]
    )
