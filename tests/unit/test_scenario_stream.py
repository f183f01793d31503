"""[stream], [robustness] and [profiles.*]: defaults, parsed values, refusals with their line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bouwstroom_qgis.core.errors import ScenarioError
from bouwstroom_qgis.core.scenario import load_scenario, parse_scenario
from bouwstroom_qgis.core.stream_settings import (
    Quarter,
    RobustnessSettings,
    StreamSettings,
)
from bouwstroom_qgis.paths import resource

FILE = Path("/data/s.toml")
BASE = """\
[[criteria]]
name = "woonbestemming"
metric = "residential_share"
function = "linear"
range = [0, 1]
weight = 60

[[criteria]]
name = "omvang"
metric = "area_m2"
function = "linear"
range = [0, 1000]
weight = 40
"""
FULL = """
[stream]
start = "2027-Q2"
rate = { rijwoning = 24, levensloop = 16 }
default_rate = 12
gap = 1

[robustness]
draws = 1000
spread = 0.3
top_k = 25
seed = 7

[profiles.gemeente]
woonbestemming = 3
omvang = 1

[profiles.bouwer]
omvang = 10
"""


def line_of(text: str, snippet: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if snippet in line)


def error_of(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, FILE)
    return info.value


def test_without_the_sections_the_defaults_apply():
    scenario = parse_scenario(BASE, FILE)
    assert scenario.stream == StreamSettings()
    assert scenario.robustness == RobustnessSettings()
    assert scenario.profiles == ()


def test_the_sections_are_read():
    scenario = parse_scenario(BASE + FULL, FILE)
    assert scenario.stream == StreamSettings(
        start=Quarter(2027, 2), rates={"rijwoning": 24, "levensloop": 16}, default_rate=12, gap=1
    )
    assert scenario.robustness == RobustnessSettings(draws=1000, spread=0.3, top_k=25, seed=7)
    assert [p.name for p in scenario.profiles] == ["gemeente", "bouwer"]
    assert scenario.profiles[0].weights == {"woonbestemming": 0.75, "omvang": 0.25}
    assert scenario.profiles[1].weights == {"woonbestemming": 0.0, "omvang": 1.0}


def test_rates_may_be_a_table_of_their_own_and_gap_negative():
    text = BASE + '[stream]\nstart = "2030-q4"\ngap = -1\n[stream.rate]\nrijwoning = 20\n'
    stream = parse_scenario(text, FILE).stream
    assert (stream.start, dict(stream.rates), stream.gap) == (
        Quarter(2030, 4),
        {"rijwoning": 20},
        -1,
    )


@pytest.mark.parametrize(
    ("section", "bad_line", "message"),
    [
        ('[stream]\nstart = "Q1 2027"\n', 'start = "Q1', "start = 'Q1 2027' is not a quarter"),
        ("[stream]\nstart = 2027\n", "start = 2027", "start = 2027 is not a quarter"),
        ("[stream]\nrates = { a = 1 }\n", "rates =", "unknown key 'rates'; did you mean 'rate'?"),
        (
            "[stream]\nrate = { rijwoning = 0 }\n",
            "rate =",
            "'rate.rijwoning' = 0 must be 1 or more",
        ),
        ("[stream]\nrate = { rijwoning = 2.5 }\n", "rate =", "must be a whole number"),
        ("[stream]\nrate = {}\n", "rate =", "rate is empty"),
        ('[stream]\nrate = { "rij woning" = 4 }\n', "rate =", "concept 'rij woning'"),
        ("[stream]\ndefault_rate = -2\n", "default_rate", "'default_rate' = -2 must be 1 or more"),
        ('[stream]\ngap = "1"\n', "gap =", "'gap' must be a number"),
        ("[robustness]\ndraws = 0\n", "draws", "'draws' = 0 must be 1 or more"),
        ("[robustness]\ndraws = 200000\n", "draws", "draws = 200000 is more than 100000"),
        ("[robustness]\nspread = 1.0\n", "spread", "spread = 1 must be at least 0 and below 1"),
        ("[robustness]\nspread = -0.1\n", "spread", "spread = -0.1 must be at least 0"),
        ("[robustness]\ntop_k = 0\n", "top_k", "'top_k' = 0 must be 1 or more"),
        ("[robustness]\nseed = -1\n", "seed", "seed = -1 must be 0 or more"),
        ("[robustness]\nsamples = 5\n", "samples", "unknown key 'samples'"),
        (
            "[profiles.gemeente]\nwoonbestemming = 1\nomvnag = 2\n",
            "omvnag",
            "[profiles.gemeente]: unknown criterion 'omvnag'; did you mean 'omvang'? the "
            "criteria are woonbestemming, omvang",
        ),
        (
            "[profiles.gemeente]\nomvang = -1\n",
            "omvang = -1",
            "weight of 'omvang' = -1 must not be",
        ),
        ("[profiles.gemeente]\nomvang = 0\n", "[profiles.gemeente]", "no criterion a positive"),
        ('[profiles.bouwer]\nomvang = "veel"\n', "omvang = ", "'omvang' must be a number"),
        ("[profiles]\nbouwer = 3\n", "bouwer", "a profile must be a table"),
        ('[profiles."de bouwer"]\nomvang = 1\n', "de bouwer", "profile name 'de bouwer'"),
    ],
)
def test_refusals_name_the_line(section, bad_line, message):
    text = BASE + section
    error = error_of(text)
    assert message in str(error)
    assert error.line == line_of(text, bad_line)
    assert str(error).startswith(f"{FILE}, line {error.line}: ")


def test_the_shipped_scenario_plans_the_stream_with_three_profiles():
    path = resource("scenarios", "bouwstroom_noord.toml")
    text = path.read_text(encoding="utf-8")
    scenario = load_scenario(path)
    assert scenario.stream.start == Quarter(2027, 1)
    assert dict(scenario.stream.rates) == {
        "rijwoning": 24,
        "compacte_rijwoning": 24,
        "levensloop": 16,
        "twee_onder_een_kap": 12,
        "appartementen": 32,
    }
    assert scenario.stream.default_rate is None and scenario.stream.gap == 0
    assert scenario.robustness == RobustnessSettings()
    weights = {
        p.name: {k: round(v, 3) for k, v in p.weights.items() if v} for p in scenario.profiles
    }
    assert weights == {
        "gemeente": {"woonbestemming": 0.45, "station": 0.35, "natuur": 0.1, "eigendom": 0.1},
        "corporatie": {"eigendom": 0.45, "omvang": 0.3, "woonbestemming": 0.15, "station": 0.1},
        "bouwer": {"omvang": 0.4, "vorm": 0.3, "natuur": 0.2, "woonbestemming": 0.1},
    }
    # the commented default_rate and horizon examples are valid when switched on
    switched_on = re.sub(r"^# (default_rate|horizon) = ", r"\1 = ", text, flags=re.MULTILINE)
    stream = parse_scenario(switched_on, path).stream
    assert (stream.default_rate, stream.horizon) == (20, 40)


def test_a_horizon_in_quarters():
    text = BASE + '[stream]\nstart = "2027-Q1"\nhorizon = 40\n[stream.rate]\nrijwoning = 20\n'
    assert parse_scenario(text, FILE).stream.horizon == 40
    assert parse_scenario(BASE, FILE).stream.horizon is None
    bad = BASE + '[stream]\nstart = "2027-Q1"\nhorizon = 0\n'
    with pytest.raises(ScenarioError, match="horizon"):
        parse_scenario(bad, FILE)
