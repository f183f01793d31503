"""read_imro_plan on the real IMRO plans in the shared data, and on hand-made bad ones."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pyogrio
import pytest
import shapely

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError
from bouwstroom_qgis.core.imro import ZONING_COLUMNS, read_imro_plan
from bouwstroom_qgis.core.report import Report

GIETERVEEN = "NL.IMRO.1680.1800030105-0000.gml"
DATA = Path(__file__).resolve().parents[1] / "data" / "imro"


def read(path: Path) -> tuple[dict, Report]:
    report = Report()
    return read_imro_plan(path, report), report


# --- an independent exact area: arcs as true circle segments, straight from the XML ----


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _coords(element: ET.Element) -> np.ndarray:
    chunks = [
        np.array(e.text.split(), float).reshape(-1, int(e.get("srsDimension", "2")))[:, :2]
        for e in element.iter()
        if _local(e.tag) in ("posList", "pos") and e.text
    ]
    return np.concatenate(chunks)


def _segment(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> tuple[float, float]:
    """Signed area between chord a-c and the arc a-b-c (counter-clockwise positive); length."""
    (bx, by), (cx, cy) = b - a, c - a
    d = 2 * (bx * cy - by * cx)
    ux = (cy * (bx * bx + by * by) - by * (cx * cx + cy * cy)) / d
    uy = (bx * (cx * cx + cy * cy) - cx * (bx * bx + by * by)) / d
    r = math.hypot(ux, uy)
    start = math.atan2(-uy, -ux)
    to_end = (math.atan2(cy - uy, cx - ux) - start) % (2 * math.pi)
    to_mid = (math.atan2(by - uy, bx - ux) - start) % (2 * math.pi)
    phi = to_end if to_mid <= to_end else -(2 * math.pi - to_end)
    return 0.5 * r * r * (phi - math.sin(phi)), r * abs(phi)


def _ring(ring: ET.Element) -> tuple[float, float]:
    vertices, extra, arc_length = [], 0.0, 0.0
    if _local(ring.tag) == "LinearRing":
        vertices = list(_coords(ring))
    for segment in ring.iter():
        kind = _local(segment.tag)
        if kind == "LineStringSegment":
            vertices.extend(_coords(segment))
        elif kind == "Arc":
            a, b, c = _coords(segment)[:3]
            area, length = _segment(a, b, c)
            extra, arc_length = extra + area, arc_length + length
            vertices.extend([a, c])
    v = np.array(vertices) - vertices[0]
    shoelace = 0.5 * np.sum(v[:-1, 0] * v[1:, 1] - v[1:, 0] * v[:-1, 1])
    return shoelace + extra, arc_length


def exact_areas(path: Path, cls: str) -> dict[str, tuple[float, float]]:
    """gml:id -> (exact area m², arc length m) of every object of class ``cls``."""
    result = {}
    for element in ET.parse(path).getroot().iter():
        if _local(element.tag) != cls:
            continue
        gml_id = next(v for k, v in element.attrib.items() if _local(k) == "id")
        geometry = next(g for g in element if _local(g.tag) == "geometrie")
        area = length = 0.0
        for part in geometry.iter():
            if _local(part.tag) in ("exterior", "interior"):
                ring_area, ring_length = _ring(next(iter(part)))
                area += abs(ring_area) if _local(part.tag) == "exterior" else -abs(ring_area)
                length += ring_length
        result[gml_id] = (area, length)
    return result


# --- real plans ------------------------------------------------------------------------


def test_gieterveen_objects_groups_and_status(shared_data):
    plan, report = read(shared_data / "imro" / GIETERVEEN)
    assert {k: len(v) for k, v in plan.items()} == {
        s.ENKELBESTEMMING: 84,
        s.DUBBELBESTEMMING: 6,
        s.BOUWVLAK: 88,
        s.BOUWAANDUIDING: 6,
        s.FUNCTIEAANDUIDING: 18,
        s.GEBIEDSAANDUIDING: 7,
        s.BESTEMMINGSPLANGEBIED: 1,
    }
    enkel = plan[s.ENKELBESTEMMING]
    assert enkel[s.HOOFDGROEP].value_counts().to_dict() == {
        "wonen": 37,
        "bedrijf": 12,
        "agrarisch": 10,
        "groen": 8,
        "maatschappelijk": 6,
        "recreatie": 3,
        "sport": 2,
        "water": 2,
        "detailhandel": 2,
        "horeca": 1,
        "verkeer": 1,
    }
    assert set(plan[s.DUBBELBESTEMMING][s.HOOFDGROEP]) == {"leiding"}
    # IMRO2008 wrote "overig"; the current group is "overige zone"
    assert set(plan[s.GEBIEDSAANDUIDING][s.HOOFDGROEP]) == {"overige zone"}
    assert plan[s.BOUWVLAK][s.HOOFDGROEP].isna().all()
    for table in plan.values():
        assert list(table.columns) == [*ZONING_COLUMNS, "geometry"]
        assert set(table[s.PLAN_ID]) == {"NL.IMRO.1680.1800030105-0000"}
        assert set(table[s.PLAN_STATUS]) == {"concept"}
        assert table.crs == s.RD_NEW
        geoms = table.geometry.to_numpy()
        assert shapely.is_valid(geoms).all()
        assert not shapely.has_z(geoms).any()
        assert set(shapely.get_type_id(geoms)) == {shapely.GeometryType.MULTIPOLYGON}
    assert enkel[s.IDENTIFICATIE].iloc[0] == "NL.IMRO.90"
    assert report.lines() == []


def test_gieterveen_areas_per_main_group(shared_data):
    path = shared_data / "imro" / GIETERVEEN
    plan, _ = read(path)
    enkel = plan[s.ENKELBESTEMMING]
    areas = enkel.geometry.area.groupby(enkel[s.HOOFDGROEP]).sum()
    # Checked against GDAL's own reading without template (these Enkelbestemmingen have
    # no arcs, so linearisation cannot differ) and the exact areas below.
    expected = {
        "agrarisch": 103491.82,
        "bedrijf": 57870.26,
        "detailhandel": 3414.95,
        "groen": 97408.68,
        "horeca": 1028.61,
        "maatschappelijk": 20325.13,
        "recreatie": 20492.94,
        "sport": 42109.89,
        "verkeer": 39837.83,
        "water": 6736.83,
        "wonen": 169109.43,
    }
    assert areas.to_dict() == pytest.approx(expected, abs=0.01)
    default = pyogrio.read_dataframe(path, layer="Enkelbestemming", WRITE_GFS="NO")
    independent = default.geometry.area.groupby(default["bestemmingshoofdgroep"]).sum()
    assert independent.to_dict() == pytest.approx(expected, abs=0.01)
    # Enkelbestemmingen tile the plan area.
    plan_area = plan[s.BESTEMMINGSPLANGEBIED].geometry.area.sum()
    assert plan_area == pytest.approx(561826.38, abs=0.01)
    assert areas.sum() == pytest.approx(plan_area, abs=0.01)
    assert plan[s.DUBBELBESTEMMING].geometry.area.sum() == pytest.approx(146796.45, abs=0.3)
    assert plan[s.BOUWVLAK].geometry.area.sum() == pytest.approx(59775.20, abs=0.01)


@pytest.mark.parametrize(
    ("name", "enkel", "bouwvlak", "status"),
    [
        ("2012_10.gml", 84, 34, "vastgesteld"),
        ("NL.IMRO.0664.BPBS03-ON99.gml", 13, 9, "ontwerp"),
        ("NL.IMRO.0798.BPDoornboom-ON01.gml", 4, 0, "ontwerp"),
    ],
)
def test_imro2012_plans(shared_data, name, enkel, bouwvlak, status):
    plan, report = read(shared_data / "imro" / name)
    assert len(plan[s.ENKELBESTEMMING]) == enkel
    assert len(plan.get(s.BOUWVLAK, [])) == bouwvlak
    assert set(plan[s.ENKELBESTEMMING][s.PLAN_STATUS]) == {status}
    assert plan[s.ENKELBESTEMMING][s.HOOFDGROEP].notna().all()
    # The Enkelbestemmingen tile the plan area, arcs included (within the 1 cm bound).
    plan_area = plan[s.BESTEMMINGSPLANGEBIED].geometry.area.sum()
    assert plan[s.ENKELBESTEMMING].geometry.area.sum() == pytest.approx(plan_area, abs=0.5)
    assert report.lines() == []


def test_durperveld_main_groups(shared_data):
    plan, _ = read(shared_data / "imro" / "2012_10.gml")
    groups = plan[s.ENKELBESTEMMING][s.HOOFDGROEP].value_counts()
    assert groups["groen"] == 37
    assert groups["wonen"] == 25
    assert plan[s.ENKELBESTEMMING][s.IDENTIFICATIE].iloc[0] == "NL.IMRO.135"
    assert set(plan[s.DUBBELBESTEMMING][s.HOOFDGROEP]) == {"leiding", "waarde"}
    assert sorted(plan[s.BOUWAANDUIDING][s.HOOFDGROEP].unique())[-2:] == [
        "specifieke bouwaanduiding - twee-aaneen / vrijstaand",
        "vrijstaand",
    ]


def test_imro2006_takes_the_polygon_not_the_label_point(shared_data):
    # GDAL's default reading gives 33 of these 51 objects as their label point.
    plan, report = read(shared_data / "imro" / "2006.gml")
    enkel = plan[s.ENKELBESTEMMING]
    assert len(enkel) == 51
    assert set(shapely.get_type_id(enkel.geometry.to_numpy())) == {6}
    assert enkel.geometry.area.sum() == pytest.approx(166959.64, abs=0.05)
    assert plan[s.BESTEMMINGSPLANGEBIED].geometry.area.sum() == pytest.approx(166960.5, abs=0.1)
    assert enkel[s.HOOFDGROEP].value_counts().to_dict() == {
        "wonen": 20,
        "overig": 11,
        "groen": 6,
        "maatschappelijk": 4,
        "agrarisch": 4,
        "bedrijf": 2,
        "detailhandel": 1,
        "verkeer": 1,
        "kantoor": 1,
        "recreatie": 1,
    }
    assert set(enkel[s.PLAN_STATUS]) == {"vastgesteld"}
    assert set(enkel[s.PLAN_ID]) == {"NL.IMRO.06540000BS4376-"}
    assert enkel[s.IDENTIFICATIE].iloc[0] == "EP577"
    # its one Gebiedsaanduiding has no group, and its name is no group either
    assert [str(n) for n in report.warnings] == [
        f"{shared_data / 'imro' / '2006.gml'}, layer 'Gebiedsaanduiding': hoofdgroep unknown "
        "for 'Archeologisch waardevol terrein'; kept with an empty hoofdgroep (1)"
    ]


def test_imro2006_old_names_map_when_the_main_group_is_missing(shared_data, tmp_path):
    source = shared_data / "imro" / "2006.gml"
    original, _ = read(source)
    text = source.read_bytes()
    stripped = re.sub(rb"<imro:bestemmingshoofdgroep>[^<]*</imro:bestemmingshoofdgroep>", b"", text)
    copy = tmp_path / "2006_names_only.gml"
    copy.write_bytes(stripped)
    plan, report = read(copy)
    enkel = plan[s.ENKELBESTEMMING]
    mapped = enkel[s.HOOFDGROEP].notna()
    assert mapped.sum() == 38
    # where the old name maps, it agrees with the group the plan itself gave
    plan_groups = original[s.ENKELBESTEMMING][s.HOOFDGROEP]
    assert (enkel[s.HOOFDGROEP][mapped] == plan_groups[mapped]).all()
    unmapped = {n.message.split("'")[1]: n.count for n in report.warnings}
    assert unmapped == {
        "Schuur": 10,
        "Autoboxen": 1,
        "Bedrijfsdoeleinden+Wonen": 1,
        "Detailhandel+Wonen": 1,
        "Archeologisch waardevol terrein": 1,
    }


def test_single_objects_and_gebiedsaanduidingen_only(shared_data):
    plan, report = read(shared_data / "imro" / "gebiedsaanduiding.gml")
    assert list(plan) == [s.GEBIEDSAANDUIDING]
    table = plan[s.GEBIEDSAANDUIDING]
    assert table[s.HOOFDGROEP].tolist() == ["overige zone"]
    assert table[s.NAAM].tolist() == ["overige zone - accessen"]
    assert table[s.PLAN_ID].tolist() == ["NL.IMRO.0297.BGBBP20140020-OW01"]
    assert table[s.PLAN_STATUS].tolist() == [None]
    assert "plan status unknown" in report.warnings[0].message
    single, _ = read(shared_data / "imro" / "enkelbestemming.gml")
    assert single[s.ENKELBESTEMMING][s.HOOFDGROEP].tolist() == ["tuin"]
    assert single[s.ENKELBESTEMMING].geometry.area.iloc[0] == pytest.approx(9647.91, abs=0.01)


# --- arcs and circles --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "cls"),
    [
        ("2012_10.gml", "Enkelbestemming"),
        ("NL.IMRO.0664.BPBS03-ON99.gml", "Enkelbestemming"),
        (GIETERVEEN, "Dubbelbestemming"),
        ("2006.gml", "Enkelbestemming"),
        ("gebiedsaanduiding.gml", "Gebiedsaanduiding"),
    ],
)
def test_arcs_within_one_centimetre(shared_data, name, cls):
    path = shared_data / "imro" / name
    exact = exact_areas(path, cls)
    plan, _ = read(path)
    table = plan[cls]
    prefix = "localid" if name == "2006.gml" else ""  # IMRO2006 gml:id = localid + id
    got = dict(zip(prefix + table[s.IDENTIFICATIE], table.geometry.area, strict=True))
    assert set(got) == set(exact)
    arcs = [key for key, (_, length) in exact.items() if length > 0]
    assert arcs, "the plan has arcs"
    for key, (area, arc_length) in exact.items():
        # a chord within 1 cm of its arc changes the area by at most 1 cm x arc length
        assert abs(got[key] - area) <= 0.01 * arc_length + 1e-6, key


def test_deliberate_linearisation_beats_gdal_default(shared_data):
    path = shared_data / "imro" / "2012_10.gml"
    exact = sum(area for area, _ in exact_areas(path, "Enkelbestemming").values())
    plan, _ = read(path)
    ours = plan[s.ENKELBESTEMMING].geometry.area.sum()
    default = pyogrio.read_dataframe(path, layer="Enkelbestemming", WRITE_GFS="NO")
    assert abs(default.geometry.area.sum() - exact) == pytest.approx(6.9, abs=0.1)
    assert abs(ours - exact) < 0.1
    # and the setting is restored for whoever reads next
    assert pyogrio.get_gdal_config_option("OGR_ARC_STEPSIZE") is None


CIRCLE_PLAN = """<?xml version="1.0" encoding="UTF-8"?>
<imro:FeatureCollectionIMRO gml:id="c" xmlns:imro="http://www.geonovum.nl/imro/2012/1.1"
  xmlns:gml="http://www.opengis.net/gml/3.2">{members}</imro:FeatureCollectionIMRO>"""
CIRCLE = """<imro:featureMember><imro:Enkelbestemming gml:id="{id}">
<imro:naam>Water</imro:naam><imro:bestemmingshoofdgroep>water</imro:bestemmingshoofdgroep>
<imro:geometrie><gml:Surface gml:id="s{id}" srsName="urn:ogc:def:crs:EPSG::28992">
<gml:patches><gml:PolygonPatch><gml:exterior><gml:Ring><gml:curveMember>
<gml:Curve gml:id="c{id}"><gml:segments><gml:Circle><gml:posList>{pos}</gml:posList>
</gml:Circle></gml:segments></gml:Curve></gml:curveMember></gml:Ring></gml:exterior>
</gml:PolygonPatch></gml:patches></gml:Surface></imro:geometrie>
</imro:Enkelbestemming></imro:featureMember>"""


def test_circles_match_pi_r_squared(tmp_path):
    radii = (5.0, 57.3, 1000.0)
    members = "".join(
        CIRCLE.format(id=f"C{i}", pos=f"{x + r} 500000 {x} {500000 + r} {x - r} 500000")
        for i, (x, r) in enumerate(zip((200000, 201000, 205000), radii, strict=True))
    )
    path = tmp_path / "circles.gml"
    path.write_text(CIRCLE_PLAN.format(members=members))
    plan, _ = read(path)
    areas = plan[s.ENKELBESTEMMING].geometry.area.to_numpy()
    for r, area in zip(radii, areas, strict=True):
        assert math.pi * r * r - area > 0  # chords cut inside a circle
        assert math.pi * r * r - area <= 0.01 * 2 * math.pi * r
    # GDAL's default 4° steps make the 1 km circle a regular 90-gon, 2,551 m² short
    ninety_gon = 45 * 1000.0**2 * math.sin(math.radians(4))
    assert math.pi * 1e6 - ninety_gon == pytest.approx(2551.3, abs=0.1)
    assert math.pi * 1e6 - areas[2] == pytest.approx(41.5, abs=0.5)


# --- beheersverordening ------------------------------------------------------------------

BV = """<?xml version="1.0" encoding="UTF-8"?>
<imro:FeatureCollectionIMRO gml:id="c" xmlns:imro="http://www.geonovum.nl/imro/2012/1.1"
  xmlns:gml="http://www.opengis.net/gml/3.2" xmlns:xlink="http://www.w3.org/1999/xlink">
<imro:featureMember><imro:Besluitgebied_X gml:id="NL.IMRO.9999.BVTEST-VA01">
<imro:naam>Beheersverordening Test</imro:naam><imro:planstatusInfo><imro:PlanstatusEnDatum>
<imro:planstatus>vastgesteld</imro:planstatus></imro:PlanstatusEnDatum></imro:planstatusInfo>
{geometry}</imro:Besluitgebied_X></imro:featureMember>
{members}</imro:FeatureCollectionIMRO>"""
BV_OBJECT = """<imro:featureMember><imro:{cls} gml:id="{id}">
<imro:plangebied xlink:href="#NL.IMRO.9999.BVTEST-VA01"/><imro:naam>{naam}</imro:naam>
{geometry}</imro:{cls}></imro:featureMember>"""


def _square(x: float, size: float = 10.0) -> str:
    ring = f"{x} 580000 {x + size} 580000 {x + size} 580010 {x} 580010 {x} 580000"
    return (
        '<imro:geometrie><gml:Polygon gml:id="p{x}" srsName="urn:ogc:def:crs:EPSG::28992">'
        f"<gml:exterior><gml:LinearRing><gml:posList>{ring}</gml:posList></gml:LinearRing>"
        "</gml:exterior></gml:Polygon></imro:geometrie>"
    ).replace("{x}", str(int(x)))


def test_beheersverordening_groups_from_the_name(tmp_path):
    objects = [
        ("Besluitvlak_X", "Woongebied"),
        ("Besluitvlak_X", "Leiding - Gas"),
        ("Besluitvlak_X", "Wonen - 2"),
        ("Besluitvlak_X", "Volkstuinen"),
        ("Besluitsubvlak_X", "Wonen - gestapeld"),
    ]
    members = "".join(
        BV_OBJECT.format(
            cls=cls, id=f"NL.IMRO.9999.B{i}", naam=naam, geometry=_square(230000 + 20 * i)
        )
        for i, (cls, naam) in enumerate(objects)
    )
    path = tmp_path / "bv.gml"
    path.write_text(BV.format(geometry=_square(230000, 200), members=members))
    plan, report = read(path)
    assert plan[s.ENKELBESTEMMING][s.HOOFDGROEP].tolist() == ["woongebied", "wonen", None]
    assert plan[s.DUBBELBESTEMMING][s.HOOFDGROEP].tolist() == ["leiding"]
    assert plan[s.FUNCTIEAANDUIDING][s.HOOFDGROEP].tolist() == ["wonen - gestapeld"]
    assert plan[s.BESTEMMINGSPLANGEBIED][s.PLAN_ID].tolist() == ["NL.IMRO.9999.BVTEST-VA01"]
    assert set(plan[s.ENKELBESTEMMING][s.PLAN_STATUS]) == {"vastgesteld"}
    assert [(n.message.split("'")[1], n.count) for n in report.warnings] == [("Volkstuinen", 1)]


# --- bad input ---------------------------------------------------------------------------


def test_typos_old_names_bow_ties_and_label_only_objects():
    path = DATA / "bad_names.gml"
    plan, report = read(path)
    enkel = plan[s.ENKELBESTEMMING]
    assert enkel[s.HOOFDGROEP].tolist() == ["wonen", "dienstverlening", "groen", None]
    assert enkel[s.NAAM].tolist()[:2] == ["Woondoeleinden 3", "Kapsalon"]
    assert set(enkel[s.PLAN_STATUS]) == {"vastgesteld"}  # "Onherroepelijk" in the plan
    assert enkel.geometry.area.tolist() == pytest.approx([2500, 2500, 2500, 1250])
    assert shapely.is_valid(enkel.geometry.to_numpy()).all()
    assert s.FUNCTIEAANDUIDING not in plan
    # the bow tie repaired, the object with only a label point left out: each counted and
    # named by its gml:id, as every reader counts its repairs
    assert [str(n) for n in report.repairs] == [
        f"{path}, layer 'Enkelbestemming': invalid polygons (e.g. self-intersecting) repaired "
        "with make_valid, polygonal parts kept (first: gml:id NL.IMRO.9999.EP4) (1)",
        f"{path}, layer 'Functieaanduiding': features that are not polygons left out "
        "(first: gml:id NL.IMRO.9999.FA1) (1)",
    ]
    assert [str(n) for n in report.warnings] == [
        f"{path}, layer 'Enkelbestemming': hoofdgroep unknown for 'Kermis'; "
        "kept with an empty hoofdgroep (1)",
    ]


def test_not_an_imro_plan(shared_data):
    path = shared_data / "brk" / "kadastralekaart_perceel.gml"
    with pytest.raises(InputError, match="is not an IMRO plan") as error:
        read_imro_plan(path, Report())
    assert str(error.value).startswith(str(path))


def test_truncated_plan(shared_data, tmp_path):
    data = (shared_data / "imro" / GIETERVEEN).read_bytes()
    half = tmp_path / "half.gml"
    half.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="is not a complete XML document") as error:
        read_imro_plan(half, Report())
    assert str(error.value).startswith(str(half))
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("wrong_crs.gml", "uses coordinate system urn:ogc:def:crs:EPSG::4326"),
        ("no_zoning.gml", "has no zoning objects"),
        ("missing.gml", "file not found"),
    ],
)
def test_bad_files(name, message):
    with pytest.raises(InputError, match=message):
        read_imro_plan(DATA / name, Report())


def test_input_folder_untouched(shared_data, tmp_path):
    copy = tmp_path / "plan.gml"
    copy.write_bytes((shared_data / "imro" / "2006.gml").read_bytes())
    read_imro_plan(copy, Report())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.gml"]  # no .gfs beside it


def test_object_of_another_plan(shared_data, tmp_path):
    data = (shared_data / "imro" / "NL.IMRO.0664.BPBS03-ON99.gml").read_bytes()
    copy = tmp_path / "goes.gml"
    copy.write_bytes(data.replace(b"#NL.IMRO.0664.BPBS03-ON99", b"#NL.IMRO.0664.ANDER-VA01", 1))
    plan, report = read(copy)
    enkel = plan[s.ENKELBESTEMMING]
    assert enkel[s.PLAN_ID].iloc[0] == "NL.IMRO.0664.ANDER-VA01"
    assert enkel[s.PLAN_STATUS].tolist() == [None] + ["ontwerp"] * 12
    assert [str(n) for n in report.warnings] == [
        f"{copy}, layer 'Enkelbestemming': refers to no plan area in the file: "
        "plan status unknown (1)"
    ]
