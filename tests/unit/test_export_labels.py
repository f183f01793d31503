"""Headers and texts in Dutch and English."""

from __future__ import annotations

import pytest

from bouwstroom_qgis.core.export.labels import LANGUAGES, TEXTS, check_language, header, text


def test_headers_of_fixed_columns_and_families() -> None:
    assert header("area_m2", "nl") == "Oppervlakte (m²)" and header("area_m2", "en") == "Area (m²)"
    assert header("c_station", "nl") == "Bijdrage station"
    assert header("dist_school", "en") == "Distance to school (m)"
    assert header("homes_twee_onder_een_kap", "nl") == "Woningen twee onder een kap"
    assert header("homes_x", "nl", {"x": "Rijwoning"}) == "Woningen Rijwoning"
    assert header("eigen_kolom", "en") == "eigen_kolom"


def test_every_text_in_both_languages_with_the_same_fields() -> None:
    for key, (dutch, english) in TEXTS.items():
        assert dutch and english, key
        assert sorted(_fields(dutch)) == sorted(_fields(english)), key
    assert text("rank_of", "en", rank=2, n=9) == "rank 2 of 9"


def _fields(words: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(words) if name]


def test_languages() -> None:
    assert LANGUAGES == ("nl", "en") and check_language("en") == "en"
    with pytest.raises(ValueError, match="not one of nl, en"):
        check_language("de")


def test_numbers_are_grouped_the_way_each_language_writes_them():
    from bouwstroom_qgis.core.export.labels import number

    assert number(1765, "nl") == "1.765" and number(1765, "en") == "1,765"
    assert number(1234567.25, "nl", 2) == "1.234.567,25"
    assert number(1234567.25, "en", 2) == "1,234,567.25"
    assert number(12.5, "nl", 1) == "12,5" and number(7, "nl") == "7"
