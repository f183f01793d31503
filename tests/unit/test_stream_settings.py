"""Quarters: parsing, labels, shifting across years, offsets; the settings' defaults."""

from __future__ import annotations

import pytest

from bouwstroom_qgis.core.stream_settings import (
    Quarter,
    RobustnessSettings,
    StreamSettings,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2027-Q1", Quarter(2027, 1)),
        (" 2030-q4 ", Quarter(2030, 4)),
        ("2028 - Q2", Quarter(2028, 2)),
    ],
)
def test_quarters_parse(text, expected):
    assert Quarter.parse(text) == expected


@pytest.mark.parametrize("text", ["2027-Q5", "2027-Q0", "Q1-2027", "2027", "27-Q1", ""])
def test_other_text_is_no_quarter(text):
    with pytest.raises(ValueError, match="is not a quarter like '2027-Q1'"):
        Quarter.parse(text)


def test_shifting_crosses_years_both_ways():
    start = Quarter(2027, 3)
    assert [start.shifted(n).label for n in (-3, -2, 0, 1, 2, 6, 10)] == [
        "2026-Q4", "2027-Q1", "2027-Q3", "2027-Q4", "2028-Q1", "2029-Q1", "2030-Q1",
    ]  # fmt: skip
    assert start.offset_of(Quarter(2029, 1)) == 6
    assert start.offset_of(Quarter(2026, 4)) == -3
    assert Quarter(2027, 1) < Quarter(2027, 2) < Quarter(2028, 1)
    with pytest.raises(ValueError, match="quarter 5 must be 1, 2, 3 or 4"):
        Quarter(2027, 5)


def test_defaults():
    assert StreamSettings() == StreamSettings(None, {}, None, 0)
    assert RobustnessSettings() == RobustnessSettings(draws=500, spread=0.2, top_k=50, seed=1)
