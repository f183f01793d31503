"""Zoning values -> IMRO main groups: code lists, old names, typos, IMOW concepts, reporting."""

from __future__ import annotations

import pandas as pd

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.imro_groups import (
    group_keys,
    imow_concepts,
    imow_groups,
    main_groups,
    plan_statuses,
    report_unmapped,
    variants,
)
from bouwstroom_qgis.core.report import Report


def series(*values):
    return pd.Series(list(values), dtype=object)


def test_group_keys():
    keys = group_keys(
        series("Leiding - Gas", "Woondoeleinden 3", " WONEN  - 2", "other: overig", None)
    )
    assert keys.tolist()[:4] == ["leiding", "woondoeleinden", "wonen", "overig"]
    assert pd.isna(keys.iloc[4])


def test_enkelbestemming_from_code_list_variants_and_names():
    groups = main_groups(
        s.ENKELBESTEMMING,
        series("wonen", "Diensverlening", None, "Kermis", None, "Agrarisch met waarden"),
        series("x", "y", "Woondoeleinden 3", "Kermisterrein", "Bedrijfsdoeleinden+Wonen", "z"),
    )
    assert groups.tolist() == [
        "wonen",
        "dienstverlening",
        "wonen",
        None,
        None,
        "agrarisch met waarden",
    ]


def test_groups_are_per_object_type():
    values = series("Waarde - Archeologie", "Leiding - Gas", "Waterstaat - Waterkering", "wonen")
    assert main_groups(s.DUBBELBESTEMMING, values).tolist() == [
        "waarde",
        "leiding",
        "waterstaat",
        None,
    ]
    assert main_groups(s.ENKELBESTEMMING, values).tolist() == [None, None, None, "wonen"]
    zones = series("overig", "geluidszone", "vrijwaringszone - molenbiotoop", "wetgevingzone")
    assert main_groups(s.GEBIEDSAANDUIDING, zones).tolist() == [
        "overige zone",
        "geluidzone",
        "vrijwaringszone",
        "wetgevingzone",
    ]
    assert main_groups(s.BOUWVLAK, values).isna().all()


def test_aanduidingen_keep_their_normalised_name():
    names = series("Gestapeld", "twee aaneen", "Specifieke bouwaanduiding -  karakteristiek", None)
    assert main_groups(s.BOUWAANDUIDING, names).tolist() == [
        "gestapeld",
        "twee-aaneen",
        "specifieke bouwaanduiding - karakteristiek",
        None,
    ]


def test_imow_concepts_by_uri_or_name():
    base = "http://standaarden.omgevingswet.overheid.nl/functie/id/concept/"
    values = series(
        base + "Wonen", base + "Transformatiegebied", "Centrumgebied", base + "Molen/", "Kermis"
    )
    table = imow_groups(values)
    assert table[s.OBJECT_TYPE].tolist() == [
        s.ENKELBESTEMMING,
        s.GEBIEDSAANDUIDING,
        s.ENKELBESTEMMING,
        s.GEBIEDSAANDUIDING,
        None,
    ]
    assert table[s.HOOFDGROEP].tolist() == [
        "wonen",
        "overige zone",
        "centrum",
        "vrijwaringszone",
        None,
    ]


def test_shipped_tables_only_name_valid_groups():
    allowed = {
        s.ENKELBESTEMMING: s.ENKELBESTEMMING_GROUPS,
        s.DUBBELBESTEMMING: s.DUBBELBESTEMMING_GROUPS,
        s.GEBIEDSAANDUIDING: s.GEBIEDSAANDUIDING_GROUPS,
        "planstatus": s.PLAN_STATUSES,
    }
    for kind, table in variants().items():
        if kind in allowed:
            assert set(table.values()) <= set(allowed[kind]), kind
    for kind, group in imow_concepts().values():
        assert group in allowed[kind]
    assert len(variants()[s.ENKELBESTEMMING]) >= 50
    assert len(imow_concepts()) >= 50


def test_plan_statuses():
    assert plan_statuses(
        series("Vastgesteld", " ontwerp", "onherroepelijk", "in procedure", None)
    ).tolist() == [
        "vastgesteld",
        "ontwerp",
        "vastgesteld",
        None,
        None,
    ]


def test_report_unmapped_by_name_and_count():
    report = Report()
    raw = series("Schuur", "Wonen", "Schuur", None, "Autoboxen", "Schuur")
    mapped = series(None, "wonen", None, None, None, None)
    assert report_unmapped(report, "plan.gml", raw, mapped, "hoofdgroep") == 5
    assert [(n.message.split("'")[1], n.count) for n in report.warnings] == [
        ("Schuur", 3),
        ("(empty)", 1),
        ("Autoboxen", 1),
    ]
    assert report_unmapped(Report(), "plan.gml", raw[1:2], mapped[1:2], "hoofdgroep") == 0
