"""Overlapping Enkelbestemmingen: found in bulk, repaired by status, source, then order."""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.zoning_overlap import overlapping_pairs, priority, repair_overlaps

X0, Y0 = 230000.0, 580000.0


def box(x0: float, x1: float, y0: float = 0.0, y1: float = 100.0) -> shapely.Polygon:
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


# name, object type, status, source, geometry
ROWS = [
    ("A", s.ENKELBESTEMMING, "ontwerp", 0, box(0, 100)),
    ("B", s.ENKELBESTEMMING, "vastgesteld", 0, box(50, 150)),  # beats A: more binding
    ("C", s.ENKELBESTEMMING, "vastgesteld", 1, box(140, 200)),  # beats B: later source
    ("D", s.ENKELBESTEMMING, "concept", 1, box(10, 20, 10, 20)),  # under A, less binding
    ("E", s.ENKELBESTEMMING, None, 0, box(300, 400)),
    ("F", s.ENKELBESTEMMING, None, 0, box(399.9, 500)),  # beats E: later object, 10 m²
    ("G", s.ENKELBESTEMMING, "vastgesteld", 0, box(600, 700)),
    ("H", s.ENKELBESTEMMING, "vastgesteld", 0, box(699.996, 800)),  # 0.4 m²: a sliver
    ("V", s.BOUWVLAK, None, 0, box(0, 800)),  # not an Enkelbestemming: untouched
]


def zoning() -> tuple[gpd.GeoDataFrame, np.ndarray]:
    names, kinds, statuses, sources, geoms = zip(*ROWS, strict=True)
    table = gpd.GeoDataFrame(
        {
            s.OBJECT_TYPE: pd.Series(kinds, dtype=object),
            s.NAAM: pd.Series(names, dtype=object),
            s.PLAN_STATUS: pd.Series(statuses, dtype=object),
        },
        geometry=list(geoms),
        crs=s.RD_NEW,
    )
    return table, np.array(sources)


def test_priority_order():
    table, sources = zoning()
    rank = priority(table[s.PLAN_STATUS], sources)
    assert sorted(rank.tolist()) == list(range(len(ROWS)))
    by_name = dict(zip(table[s.NAAM], rank, strict=True))
    assert by_name["B"] > by_name["A"] > by_name["D"]  # status first
    assert by_name["C"] > by_name["B"]  # then source
    assert by_name["F"] > by_name["E"]  # then order
    assert by_name["E"] < by_name["D"]  # unknown status lowest


def test_pairs_above_the_tolerance():
    table, _ = zoning()
    enkel = table[table[s.OBJECT_TYPE] == s.ENKELBESTEMMING]
    pairs = overlapping_pairs(enkel.geometry.to_numpy())
    named = {tuple(enkel[s.NAAM].to_numpy()[pair]) for pair in pairs}
    assert named == {("A", "B"), ("A", "D"), ("B", "C"), ("E", "F")}


def test_repair_gives_each_overlap_to_one_object():
    table, sources = zoning()
    report = Report()
    out = repair_overlaps(table, priority(table[s.PLAN_STATUS], sources), report, "zoning")
    areas = dict(zip(out[s.NAAM], out.geometry.area, strict=True))
    assert areas == pytest.approx(
        {
            "A": 5000.0,
            "B": 9000.0,
            "C": 6000.0,
            "E": 9990.0,
            "F": 10010.0,
            "G": 10000.0,
            "H": 10000.4,
            "V": 80000.0,
        }
    )
    assert [(n.message.split(" ")[0], n.count) for n in report.repairs] == [
        ("overlapping", 3),
        ("Enkelbestemmingen", 1),
    ]
    enkel = out[out[s.OBJECT_TYPE] == s.ENKELBESTEMMING].geometry.to_numpy()
    assert len(overlapping_pairs(enkel)) == 0
    assert shapely.is_valid(enkel).all()
    # the same input gives the same output
    again = repair_overlaps(table, priority(table[s.PLAN_STATUS], sources), Report())
    assert shapely.equals_exact(again.geometry.to_numpy(), out.geometry.to_numpy()).all()


def test_no_overlap_no_change():
    table, sources = zoning()
    apart = table[table[s.NAAM].isin(["A", "C", "G"])].reset_index(drop=True)
    report = Report()
    out = repair_overlaps(apart, priority(apart[s.PLAN_STATUS], sources[:3]), report)
    assert out is apart
    assert report.repairs == []
