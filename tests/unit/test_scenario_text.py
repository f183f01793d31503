"""Weights saved from the dock into a scenario's text read back by the engine as chosen."""

from __future__ import annotations

import pytest

from bouwstroom_qgis.core.scenario import parse_scenario
from bouwstroom_qgis.core.scenario import with_weights as engine_weights
from bouwstroom_qgis.gui.scenario_text import OFF, with_weights
from bouwstroom_qgis.paths import resource

SHIPPED = resource("scenarios", "bouwstroom_noord.toml").read_text(encoding="utf-8")
NAMES = ["woonbestemming", "eigendom", "omvang", "station", "vorm", "natuur"]


def test_new_weights_are_what_the_engine_reads():
    points = dict(zip(NAMES, [40, 10, 15, 20.5, 0, 14.5], strict=True))
    text = with_weights(SHIPPED, points, NAMES)
    scenario = parse_scenario(text)
    assert [c.weight for c in scenario.criteria] == pytest.approx(
        [p / 100 for p in points.values()]
    )
    # Comments, layers and exclusions are untouched; only weight lines changed.
    changed = [b for a, b in zip(SHIPPED.splitlines(), text.splitlines(), strict=True) if a != b]
    assert len(changed) == 5 and all(line.startswith("weight = ") for line in changed)


def test_switched_off_criteria_are_left_out_as_live_scoring_leaves_them_out():
    points = dict(zip(NAMES, [30, 25, 15, 15, 5, 10], strict=True))
    on = ["woonbestemming", "omvang", "natuur"]
    text = with_weights(SHIPPED, points, on)
    saved = parse_scenario(text)
    assert [c.name for c in saved.criteria] == on
    live = engine_weights(parse_scenario(SHIPPED), points, on)
    assert [c.weight for c in saved.criteria] == [c.weight for c in live.criteria if c.enabled]
    assert text.count(OFF + "[[criteria]]") == 3
    # The site criteria that follow are not criteria of parcels: kept as they were.
    assert "[[site_criteria]]" in text and OFF + "[[site_criteria]]" not in text
    # Profiles keep only the criteria left on, renormalised by the engine.
    assert OFF + "station = 35" in text and OFF + "eigendom = 45" in text
    weights = {p.name: {k: round(v, 3) for k, v in p.weights.items()} for p in saved.profiles}
    assert weights["gemeente"] == {"woonbestemming": 0.818, "omvang": 0.0, "natuur": 0.182}
    assert weights["bouwer"] == {"woonbestemming": 0.143, "omvang": 0.571, "natuur": 0.286}


def test_ahp_weights_become_direct_weights():
    text = SHIPPED.replace("weight = 30\n", "").replace("weight = 25\n", "")
    for value in (15, 15, 5, 10):
        text = text.replace(f"weight = {value}\n", "", 1)
    text += (
        '\n[weights]\nmethod = "ahp"\ncriteria = ["woonbestemming", "eigendom", "omvang", '
        '"station", "vorm", "natuur"]\nmatrix = [\n  [1, 1, 2, 2, 6, 3],\n  [1, 1, 2, 2, 5, 3],\n'
        '  ["1/2", "1/2", 1, 1, 3, 2],\n  ["1/2", "1/2", 1, 1, 3, 2],\n'
        '  ["1/6", "1/5", "1/3", "1/3", 1, "1/2"],\n  ["1/3", "1/3", "1/2", "1/2", 2, 1],\n]\n'
    )
    assert parse_scenario(text).ahp_consistency_ratio is not None
    points = dict(zip(NAMES, [1, 2, 3, 4, 5, 6], strict=True))
    saved = parse_scenario(with_weights(text, points, NAMES))
    assert saved.ahp_consistency_ratio is None
    assert [c.weight for c in saved.criteria] == pytest.approx([p / 21 for p in points.values()])
