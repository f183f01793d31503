"""Site scores: area-weighted parcel scores plus capacity criteria, hand-computed."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core import schema as s
from bouwstroom_qgis.core.errors import InputError, ScenarioError
from bouwstroom_qgis.core.generator import generate_region
from bouwstroom_qgis.core.pipeline import score
from bouwstroom_qgis.core.report import Report
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario
from bouwstroom_qgis.core.scenario_model import SiteRules
from bouwstroom_qgis.core.site_score import score_sites
from bouwstroom_qgis.core.sites import assemble_sites

RULES = SiteRules()  # percelen 60 (parcel_score 0..100), woningen 40 (ideal 8-60, limits 2-120)


def sites() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.SITE_ID: ["S-a", "S-b", "S-c"],
            s.N_PARCELS: [2, 1, 1],
            s.AREA: [4000.0, 2000.0, 500.0],
            s.OWNER_TYPE: ["corporatie", "gemeente", None],
            s.TOO_SMALL: [False, False, True],
        },
        index=[10, 11, 12],  # the result keeps the sites' index
    )


def membership() -> pd.DataFrame:
    return pd.DataFrame(
        {s.PARCEL_ID: ["p1", "p2", "p3", "p4"], s.SITE_ID: ["S-a", "S-a", "S-b", "S-c"]}
    )


def parcels() -> pd.DataFrame:
    """p9 is in no site (excluded, say); its score must not count anywhere."""
    return pd.DataFrame(
        {
            s.PARCEL_ID: ["p9", "p4", "p3", "p2", "p1"],
            s.AREA: [9000.0, 500.0, 2000.0, 3000.0, 1000.0],
            s.SCORE: [100.0, 70.0, 90.0, 40.0, 80.0],
        }
    )


def capacity() -> pd.DataFrame:
    return pd.DataFrame(
        {
            s.SITE_ID: ["S-c", "S-b", "S-a"],
            "homes": [0, 5, 30],
            "best_concept": [None, "levensloop", "rijwoning"],
            "homes_rijwoning": [0, 4, 30],
            "homes_levensloop": [0, 5, 22],
        }
    )


def test_hand_computed_scores():
    result = score_sites(sites(), membership(), parcels(), capacity(), RULES)
    # S-a: parcels (80*1000 + 40*3000)/4000 = 50 -> 30/60; 30 homes is ideal -> 40/40.
    # S-b: 90 -> 54/60; 5 homes: (5 - 2) / (8 - 2) = 0.5 -> 20/40.
    # S-c: 70 -> 42/60; 0 homes -> 0/40.
    assert result.index.tolist() == [10, 11, 12]
    assert result[s.SITE_ID].tolist() == ["S-a", "S-b", "S-c"]
    assert result[s.PARCEL_SCORE].tolist() == pytest.approx([50.0, 90.0, 70.0])
    assert result["c_percelen"].tolist() == pytest.approx([30.0, 54.0, 42.0])
    assert result["c_woningen"].tolist() == pytest.approx([40.0, 20.0, 0.0])
    assert result[s.SCORE].tolist() == pytest.approx([70.0, 74.0, 42.0])
    assert result[s.RANK].tolist() == [2, 1, 3]
    assert not result[s.EXCLUDED].any()
    assert result[s.EXPLANATION].tolist() == [
        "70,0 punten: percelen 30,0/60 (gemiddeld 50,0), woningen 40,0/40 (30 woningen, rijwoning)",
        "74,0 punten: percelen 54,0/60 (gemiddeld 90,0), woningen 20,0/40 (5 woningen, levensloop)",
        "42,0 punten: percelen 42,0/60 (gemiddeld 70,0), woningen 0,0/40 (0 woningen); "
        "te klein: 500 m² (minimaal 1000 m²)",
    ]


def test_contributions_add_up_to_the_score():
    result = score_sites(sites(), membership(), parcels(), capacity(), RULES)
    parts = result.filter(like=s.CONTRIBUTION_PREFIX).sum(axis=1)
    assert parts.to_numpy() == pytest.approx(result[s.SCORE].to_numpy())


def test_english_explanation():
    result = score_sites(sites(), membership(), parcels(), capacity(), RULES, language="en")
    assert result[s.EXPLANATION].iloc[2] == (
        "42.0 points: percelen 42.0/60 (mean 70.0), woningen 0.0/40 (0 homes); "
        "too small: 500 m² (at least 1000 m²)"
    )


def test_without_capacity_the_parcels_decide_alone():
    report = Report()
    result = score_sites(sites(), membership(), parcels(), None, RULES, report=report)
    assert result[s.SCORE].tolist() == pytest.approx([50.0, 90.0, 70.0])
    assert "c_woningen" not in result.columns
    assert result[s.EXPLANATION].iloc[0] == "50,0 punten: percelen 50,0/100 (gemiddeld 50,0)"
    assert [str(n) for n in report.warnings] == [
        "site score: no capacity computed: site criteria woningen left out, the other "
        "weights renormalised"
    ]


CONCEPT_RULES = """\
[[criteria]]
name = "size"
metric = "area_m2"
function = "linear"
range = [0, 1000]
weight = 1

[[site_criteria]]
name = "rijwoningen"
metric = "homes_rijwoning"
function = "threshold"
direction = "benefit"
threshold = 8
weight = 3
missing = "exclude"

[[site_criteria]]
name = "eigendom"
metric = "owner_type"
function = "categorical"
values = { corporatie = 1.0, gemeente = 0.5 }
weight = 1
"""


def test_concept_criterion_and_a_site_without_capacity_excluded():
    rules = parse_scenario(CONCEPT_RULES).sites
    partial = capacity()[capacity()[s.SITE_ID] != "S-b"]  # S-b's capacity is unknown
    result = score_sites(sites(), membership(), parcels(), partial, rules)
    # S-a: 30 row houses >= 8 -> 75, corporatie -> 25. S-b: unknown -> excluded,
    # gemeente 12.5. S-c: 0 row houses -> 0, owner unknown -> 0.
    assert result[s.SCORE].tolist() == pytest.approx([100.0, 12.5, 0.0])
    assert result[s.EXCLUDED].tolist() == [False, True, False]
    assert result[s.RANK].tolist() == [1, pd.NA, 2]
    assert result[s.EXPLANATION].iloc[1] == (
        "12,5 punten: rijwoningen 0,0/75 (onbekend), eigendom 12,5/25 (gemeente); "
        "uitgesloten: rijwoningen onbekend"
    )


def test_missing_capacity_columns_and_bad_tables():
    rules = parse_scenario(CONCEPT_RULES).sites
    with pytest.raises(ScenarioError, match="'homes_rijwoning', which the capacity table lacks"):
        score_sites(
            sites(), membership(), parcels(), capacity().drop(columns="homes_rijwoning"), rules
        )
    owner_rules = parse_scenario(CONCEPT_RULES).sites
    with pytest.raises(ScenarioError, match="'owner_type', which the sites table lacks"):
        score_sites(
            sites().drop(columns=s.OWNER_TYPE), membership(), parcels(), capacity(), owner_rules
        )
    only_capacity = dataclasses.replace(RULES, criteria=RULES.criteria[1:])
    with pytest.raises(ScenarioError, match="every site criterion needs the capacity"):
        score_sites(sites(), membership(), parcels(), None, only_capacity)
    twice = pd.concat([capacity(), capacity().iloc[:1]])
    with pytest.raises(InputError, match="site 'S-c' appears twice in the capacity table"):
        score_sites(sites(), membership(), parcels(), twice, RULES)
    with pytest.raises(InputError, match="parcel_id 'p1' of the site membership is not among"):
        score_sites(sites(), membership(), parcels().iloc[:4], capacity(), RULES)
    with pytest.raises(InputError, match="the parcels table lacks the column 'score'"):
        score_sites(sites(), membership(), parcels().drop(columns=s.SCORE), capacity(), RULES)
    with pytest.raises(InputError, match="the capacity table lacks the column 'site_id'"):
        score_sites(sites(), membership(), parcels(), capacity().set_index(s.SITE_ID), RULES)


def test_capacity_rows_of_unknown_sites_are_reported():
    extra = pd.concat(
        [capacity(), pd.DataFrame({s.SITE_ID: ["S-x"], "homes": [12], "homes_rijwoning": [12]})]
    )
    report = Report()
    result = score_sites(sites(), membership(), parcels(), extra, RULES, report=report)
    assert result[s.SCORE].tolist() == pytest.approx([70.0, 74.0, 42.0])
    assert [(n.source, n.count) for n in report.warnings] == [("site capacity", 1)]


def test_inputs_are_not_modified():
    tables = [sites(), membership(), parcels(), capacity()]
    copies = [t.copy() for t in tables]
    score_sites(*tables, RULES)
    for table, copy in zip(tables, copies, strict=True):
        pd.testing.assert_frame_equal(table, copy)


def test_generated_region(tmp_path: Path):
    scenario = load_scenario(generate_region(3000, 7, tmp_path / "region").scenario)
    scored = score(scenario, tmp_path / "out", use_cache=False).parcels
    rules = dataclasses.replace(scenario.sites, grouping="any_owner")
    found, members = assemble_sites(scored, rules, Report())
    # a capacity as the capacity step would give: about 35 homes per hectare
    homes = np.floor(found[s.AREA].to_numpy() / 10_000 * 35).astype(int)
    table = pd.DataFrame({s.SITE_ID: found[s.SITE_ID], "homes": homes})
    result = score_sites(found, members, scored, table, rules)
    joined = members.merge(scored[[s.PARCEL_ID, s.SCORE]], on=s.PARCEL_ID)
    bounds = joined.groupby(s.SITE_ID)[s.SCORE].agg(["min", "max"]).loc[found[s.SITE_ID]]
    mean = result[s.PARCEL_SCORE].to_numpy()
    assert (mean >= bounds["min"].to_numpy() - 1e-9).all()
    assert (mean <= bounds["max"].to_numpy() + 1e-9).all()
    assert sorted(result[s.RANK]) == list(range(1, len(found) + 1))
    assert result[s.SCORE].between(0, 100).all()
    ideal = (homes >= 8) & (homes <= 60)
    assert result.loc[ideal, "c_woningen"].eq(40.0).all()
    lines = result[s.EXPLANATION]
    pattern = r"^\d+,\d punten: percelen \d+,\d/60 \(gemiddeld \d+,\d\), woningen "
    assert lines.str.match(pattern).all()
    small = found[s.TOO_SMALL].to_numpy()
    assert small.any() and lines[small].str.contains("; te klein: ").all()
    assert not lines[~small].str.contains("te klein").any()
