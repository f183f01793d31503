"""Stakeholder profiles: scores as the scoring engine gives them, ranks, consensus."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.profiles import profile_rankings
from bouwstroom_qgis.core.scenario import parse_scenario, with_weights
from bouwstroom_qgis.core.scoring import score_parcels

SCENARIO = parse_scenario(
    """
[[exclusions]]
when = "area_m2 < 10"
reason = "te klein"

[[criteria]]
name = "wonen"
metric = "residential_share"
function = "linear"
range = [0, 1]
weight = 40

[[criteria]]
name = "vorm"
metric = "compactness"
function = "linear"
range = [0, 1]
weight = 30

[[criteria]]
name = "omvang"
metric = "area_m2"
function = "linear"
range = [0, 1000]
weight = 30

[robustness]
top_k = 2

[profiles.gemeente]
wonen = 8
vorm = 2

[profiles.corporatie]
omvang = 1

[profiles.bouwer]
vorm = 1
omvang = 1
"""
)


def metrics() -> pd.DataFrame:
    """p1 is best for everyone; p2 only for the gemeente; p5 is excluded."""
    return pd.DataFrame(
        {
            "residential_share": [1.0, 1.0, 0.2, 0.5, 1.0],
            "compactness": [0.9, 0.1, 0.8, 0.5, 1.0],
            "area_m2": [900.0, 100.0, 800.0, 500.0, 5.0],
        },
        index=pd.Index(["p1", "p2", "p3", "p4", "p5"]),
    )


def test_scores_ranks_and_consensus_by_hand():
    result = profile_rankings(metrics(), SCENARIO)
    assert list(result.columns) == [
        "score_gemeente", "rank_gemeente", "score_corporatie", "rank_corporatie",
        "score_bouwer", "rank_bouwer", "consensus", "consensus_rank",
    ]  # fmt: skip
    # gemeente 0.8 wonen + 0.2 vorm; corporatie omvang/1000; bouwer (vorm + omvang/1000) / 2
    assert result["score_gemeente"].round(6).tolist() == [98.0, 82.0, 32.0, 50.0, 100.0]
    assert result["score_corporatie"].round(6).tolist() == [90.0, 10.0, 80.0, 50.0, 0.5]
    assert result["score_bouwer"].round(6).tolist() == [90.0, 10.0, 80.0, 50.0, 50.25]
    assert result["rank_gemeente"].tolist() == [1, 2, 4, 3, pd.NA]
    assert result["rank_corporatie"].tolist() == [1, 4, 2, 3, pd.NA]
    assert result["rank_bouwer"].tolist() == [1, 4, 2, 3, pd.NA]
    assert result["consensus"].tolist() == [True, False, False, False, pd.NA]
    assert result["consensus_rank"].tolist() == [1, 4, 4, 3, pd.NA]
    assert result.attrs == {"top_k": 2, "profiles": ["gemeente", "corporatie", "bouwer"]}
    wider = profile_rankings(metrics(), SCENARIO, top_k=4)
    assert wider["consensus"].tolist() == [True, True, True, True, pd.NA]


def test_each_profile_scores_as_the_scoring_engine_with_its_weights():
    rng = np.random.default_rng(3)
    n = 800
    table = pd.DataFrame(
        {
            "residential_share": rng.random(n),
            "compactness": rng.random(n),
            "area_m2": rng.uniform(0, 1500, n),
        }
    )
    result = profile_rankings(table, SCENARIO)
    for profile in SCENARIO.profiles:
        scenario = with_weights(SCENARIO, {k: 100 * v for k, v in profile.weights.items()})
        expected = score_parcels(table, scenario, explain=False)
        assert np.allclose(result[f"score_{profile.name}"], expected["score"], atol=1e-9)
        assert result[f"rank_{profile.name}"].equals(expected["rank"])
    worst = result[[f"rank_{p.name}" for p in SCENARIO.profiles]].max(axis=1)
    assert result["consensus_rank"].equals(worst.astype("Int64"))
    assert result["consensus"].sum() == (worst <= 2).sum()


def test_switched_off_criteria_leave_every_profile():
    off = with_weights(SCENARIO, {}, enabled=["wonen", "omvang"])  # vorm off
    result = profile_rankings(metrics(), off)
    assert result["score_gemeente"].round(6).tolist()[:4] == [100.0, 100.0, 20.0, 50.0]
    assert result["score_bouwer"].round(6).tolist()[:4] == [90.0, 10.0, 80.0, 50.0]
    # corporatie weighs only omvang
    with pytest.raises(ScenarioError, match="profile 'corporatie' weighs only criteria"):
        profile_rankings(metrics(), with_weights(SCENARIO, {}, enabled=["wonen", "vorm"]))


def test_a_scenario_without_profiles_is_explained():
    plain = parse_scenario(SCENARIO.text.split("[profiles.gemeente]")[0])
    with pytest.raises(ScenarioError, match=r"no stakeholder profiles: add \[profiles.gemeente\]"):
        profile_rankings(metrics(), plain)
