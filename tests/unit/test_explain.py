"""The explanation line: exact text in Dutch and English, readable units, unknowns."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core import schema
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.explain import display_codes, join_pieces, phrase
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import score_parcels
from bouwstroom_qgis.paths import resource

NAN = float("nan")
DEFAULT = load_scenario(resource("scenarios", "bouwstroom_noord.toml"))


def parcels() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "residential_share": [1.0, 0.5, NAN],
            "owner_type": ["corporatie", "gemeente", None],
            "area_m2": [5000.0, 24000.0, NAN],
            "dist_station": [800.0, 2900.0, NAN],
            "compactness": [0.6, 0.3, NAN],
            "dist_natura2000": [2000.0, 100.0, NAN],
            "share_leiding": [0.0, 0.5, NAN],
        }
    )


def test_dutch_explanations():
    lines = score_parcels(parcels(), DEFAULT)[schema.EXPLANATION].tolist()
    assert lines == [
        "100,0 punten: woonbestemming 30,0/30 (100% wonen), eigendom 25,0/25 (corporatie), "
        "omvang 15,0/15 (5000 m²), station 15,0/15 (800 m), vorm 5,0/5 (compactheid 0,60), "
        "natuur 10,0/10 (2,0 km)",
        # area (40000-24000)/32000 * 15 = 7,5; station 1 - 2100/4200 = 0,5 -> 7,5
        "52,5 punten: woonbestemming 15,0/30 (50% wonen), eigendom 22,5/25 (gemeente), "
        "omvang 7,5/15 (24 000 m²), station 7,5/15 (2,9 km), vorm 0,0/5 (compactheid 0,30), "
        "natuur 0,0/10 (100 m); uitgesloten: binnen 250 m van Natura 2000; meer dan een "
        "kwart in leidingstrook",
        "0,0 punten: woonbestemming 0,0/30 (onbekend), eigendom 0,0/25 (onbekend), "
        "omvang 0,0/15 (onbekend), station 0,0/15 (onbekend), vorm 0,0/5 (onbekend), "
        "natuur 0,0/10 (onbekend); uitgesloten: binnen 250 m van Natura 2000 (onbekend); "
        "meer dan een kwart in leidingstrook (onbekend); kleiner dan 150 m² (onbekend)",
    ]


def test_english_explanations():
    english = dataclasses.replace(DEFAULT, language="en")
    lines = score_parcels(parcels(), english)[schema.EXPLANATION].tolist()
    assert lines[0] == (
        "100.0 points: woonbestemming 30.0/30 (100% residential), eigendom 25.0/25 "
        "(corporatie), omvang 15.0/15 (5000 m²), station 15.0/15 (800 m), "
        "vorm 5.0/5 (compactness 0.60), natuur 10.0/10 (2.0 km)"
    )
    assert lines[2].endswith(
        "natuur 0.0/10 (unknown); excluded: binnen 250 m van Natura 2000 (unknown); "
        "meer dan een kwart in leidingstrook (unknown); kleiner dan 150 m² (unknown)"
    )


def test_switched_off_and_zero_weight_criteria_are_not_shown():
    scenario = with_weights(DEFAULT, {"omvang": 0}, enabled=["woonbestemming", "omvang"])
    (line, *_) = score_parcels(parcels(), scenario)[schema.EXPLANATION].tolist()
    assert line == "100,0 punten: woonbestemming 100,0/100 (100% wonen)"


def test_ahp_like_weights_show_one_decimal():
    scenario = with_weights(DEFAULT, {"woonbestemming": 23.44, "eigendom": 76.56}, enabled=[
        "woonbestemming", "eigendom"
    ])  # fmt: skip
    (line, *_) = score_parcels(parcels(), scenario)[schema.EXPLANATION].tolist()
    assert line == (
        "100,0 punten: woonbestemming 23,4/23,4 (100% wonen), eigendom 76,6/76,6 (corporatie)"
    )


SHARES = """
[scenario]
language = "en"
[layers.geluid]
kind = "constraint"
path = "g.gpkg"
max_distance = 2500
[[criteria]]
name = "quiet"
metric = "share_geluid"
function = "linear"
direction = "cost"
range = [0, 1]
weight = 1
[[criteria]]
name = "own"
metric = "owner_share"
function = "linear"
range = [0, 1]
weight = 1
[[criteria]]
name = "far"
metric = "dist_geluid"
function = "linear"
range = [0, 2500]
weight = 1
[[criteria]]
name = "town"
metric = "municipality"
function = "categorical"
values = { Assen = 1.0 }
weight = 1
"""


def test_display_units_for_shares_distances_and_categories():
    scenario = parse_scenario(SHARES)
    metrics = pd.DataFrame(
        {
            "share_geluid": [0.254, 0.0, 1.0],
            "owner_share": [0.996, NAN, 0.004],
            "dist_geluid": [994.0, 2500.0, 2600.0],
            "municipality": ["Assen", "Tynaarlo", None],
        }
    )
    lines = score_parcels(metrics, scenario)[schema.EXPLANATION].tolist()
    # quiet: (1 - 0.254) * 25 = 18.65; own: 0.996 * 25 = 24.9; far: 994 / 2500 * 25 = 9.94
    assert lines[0] == (
        "78.5 points: quiet 18.6/25 (25% in geluid), own 24.9/25 (100% owned), "
        "far 9.9/25 (990 m), town 25.0/25 (Assen)"
    )
    assert lines[1] == (
        "50.0 points: quiet 25.0/25 (0% in geluid), own 0.0/25 (unknown), "
        "far 25.0/25 (≥ 2.5 km), town 0.0/25 (Tynaarlo)"
    )
    assert lines[2] == (
        "25.1 points: quiet 0.0/25 (100% in geluid), own 0.1/25 (0% owned), "
        "far 25.0/25 (≥ 2.5 km), town 0.0/25 (unknown)"
    )


@pytest.mark.parametrize(
    ("metric", "values", "labels"),
    [
        ("area_m2", [149.6, 4344.0, 4346.0, 123456.0, NAN], ["150 m²", "4340 m²", "4350 m²",
                                                           "123 500 m²", None]),
        ("dist_station", [0.0, 994.0, 996.0, 1949.0, 9999.0, 10000.0, 12000.0],
         ["0 m", "990 m", "1,0 km", "1,9 km", "10,0 km", "≥ 10 km", "≥ 10 km"]),
        ("compactness", [0.123, 0.5, NAN], ["compactheid 0,12", "compactheid 0,50", None]),
        ("residential_share", [0.004, 0.5, 0.996], ["0% wonen", "50% wonen", "100% wonen"]),
        ("owner_type", ["gemeente", None, "gemeente"], ["gemeente", None, "gemeente"]),
    ],
)  # fmt: skip
def test_display_codes(metric, values, labels):
    codes, texts = display_codes(pd.Series(values), metric, DEFAULT)
    assert [texts[c] if c >= 0 else None for c in codes] == labels


def test_display_codes_share_labels_between_equal_rounded_values():
    codes, texts = display_codes(pd.Series([1001.0, 1049.0, 1051.0]), "dist_station", DEFAULT)
    assert codes.tolist() == [0, 0, 1]
    assert texts == ["1,0 km", "1,1 km"]


def test_phrase_falls_back_to_english():
    assert phrase("nl", "excluded") == "uitgesloten"
    assert phrase("fr", "excluded") == "excluded"


def test_explanations_of_many_parcels_reuse_pieces():
    rng = np.random.default_rng(5)
    n = 20000
    metrics = pd.DataFrame(
        {
            "residential_share": rng.random(n),
            "owner_type": rng.choice(["corporatie", "gemeente", "overig"], n),
            "area_m2": rng.lognormal(7.5, 1.0, n),
            "dist_station": rng.random(n) * 12000,
            "compactness": rng.random(n),
            "dist_natura2000": rng.random(n) * 6000,
            "share_leiding": rng.random(n) * 0.3,
        }
    )
    result = score_parcels(metrics, DEFAULT)
    # every line starts with its own score, and the excluded ones say why
    heads = (
        result[schema.EXPLANATION]
        .str.extract(r"^(\d+,\d) punten: ")[0]
        .str.replace(",", ".")
        .astype(float)
    )
    assert heads.to_numpy() == pytest.approx(result[schema.SCORE].round(1).to_numpy(), abs=0.051)
    said = result[schema.EXPLANATION].str.contains("; uitgesloten: ", regex=False)
    assert (said == result[schema.EXCLUDED]).all()


@pytest.mark.parametrize("arrow", [False, True])
def test_join_pieces_with_and_without_arrow(arrow):
    if arrow:
        pytest.importorskip("pyarrow")
    pieces = [
        (np.array([0, 1, 0]), ["12.5 punten: ", "3.0 punten: "]),
        (np.array([1, 0, 0]), ["a 1.0/2 (x)", "a 0.0/2 (onbekend)"]),
        (np.array([0, 0, 1]), ["", "; uitgesloten: te klein"]),
    ]
    joined = join_pieces(pieces, arrow=arrow)
    assert list(joined) == [
        "12.5 punten: a 0.0/2 (onbekend)",
        "3.0 punten: a 1.0/2 (x)",
        "12.5 punten: a 1.0/2 (x); uitgesloten: te klein",
    ]
    assert pd.Series(joined).dtype == pd.Series(text_array([])).dtype  # the engine's text dtype
