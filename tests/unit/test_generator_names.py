import numpy as np

from bouwstroom_qgis.core.generator.names import (
    CORPORATIONS,
    akr_codes,
    nature_names,
    place_names,
    section_letters,
)


def test_place_names_are_distinct_and_plain_first():
    names = place_names(500, np.random.default_rng(1))
    assert len(set(names)) == 500
    assert not any("-" in n for n in names)  # 800 plain names come before prefixed ones
    many = place_names(3000, np.random.default_rng(1))
    assert len(set(many)) == 3000 and sum("-" in n for n in many) == 2200


def test_akr_codes_are_unique_brk_codes():
    rng = np.random.default_rng(3)
    names = place_names(60, rng)
    codes = akr_codes(names, rng)
    assert len(set(codes)) == 60
    assert all(
        len(c) == 5 and c[:3].isalpha() and c[:3].isupper() and c[3:].isdigit() for c in codes
    )
    assert all(c[0] == n[0].upper() for c, n in zip(codes, names, strict=True))


def test_section_letters_run_past_z():
    assert section_letters(np.array([0, 1, 25, 26, 27, 51, 52])).tolist() == [
        "A", "B", "Z", "AA", "AB", "AZ", "BA",
    ]  # fmt: skip


def test_nature_names_are_distinct_and_organisations_fictional():
    names = nature_names(30, np.random.default_rng(0))
    assert len(set(names)) == 30
    assert len(CORPORATIONS) == 2 and CORPORATIONS[0] != CORPORATIONS[1]
