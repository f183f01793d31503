"""The explanations' fixed words and numbers: every language has every word, numbers carry
the language's decimal mark, and nothing heavy loads."""

import subprocess
import sys

import pytest

from bouwstroom_qgis.core.phrases import (
    PHRASES,
    decimal,
    distance,
    max_points,
    short_number,
    square_metres,
)


def test_every_language_has_every_word():
    assert set(PHRASES) == {"nl", "en"}
    assert PHRASES["nl"].keys() == PHRASES["en"].keys()
    assert all(word for words in PHRASES.values() for word in words.values())


def test_the_dock_can_read_them_without_the_engines_libraries():
    code = (
        "import sys; import bouwstroom_qgis.core.phrases; "
        "print(sorted(m for m in ('numpy', 'pandas', 'shapely') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["72,4", "0,60", "23,4", "30", "0,85", "1,9 km", "850 m", "≥ 2,5 km"]),
        ("en", ["72.4", "0.60", "23.4", "30", "0.85", "1.9 km", "850 m", "≥ 2.5 km"]),
    ],
)
def test_numbers_carry_the_languages_decimal_mark(language, expected):
    shown = [
        decimal(72.44, 1, language),
        decimal(0.6, 2, language),
        max_points(23.44, language),
        max_points(30.0, language),
        short_number(0.85, language),
        distance(1900.0, 5000.0, language),
        distance(850.0, 5000.0, language),
        distance(-1.0, 2500.0, language),
    ]
    assert shown == expected


def test_thousands_are_grouped_by_a_space_in_both_languages():
    assert [square_metres(v) for v in (850.0, 4350.0, 12500.0)] == [
        "850 m²",
        "4350 m²",
        "12 500 m²",
    ]
