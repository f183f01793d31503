"""Rows along a free stretch: the closed form against a brute-force search."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core.rows import TOL, buildings_in_length, row_positions


def brute_force(length: float, width: float, gap: float, lo: int, hi: int) -> int:
    """Try every number of rows: t rows of lo..hi buildings need k*width + t*gap metres.

    Lengths are compared with the same micrometre of slack as the closed form (TOL).
    """
    best = 0
    length += TOL
    for t in range(1, int(length // (lo * width + gap)) + 2):
        room = int(np.floor((length - t * gap) / width))
        k = min(room, t * hi)
        if k >= t * lo:
            best = max(best, k)
    return best


@pytest.mark.parametrize(
    ("length", "expected", "rows"),
    [
        (0.0, 0, 0),
        (13.9, 0, 0),  # 2 x 5 + 4 = 14 m is the shortest row
        (14.0, 2, 1),
        (24.0, 4, 1),
        (27.9, 4, 1),
        (28.0, 4, 1),  # two rows of 2 would take 28 m too: one row of 4 is enough
        (33.0, 5, 2),  # a row of 3 and a row of 2
        (48.0, 8, 2),
        (60.0, 9, 3),  # 2 full rows hold 8; 3 rows of 3 take 9 x 5 + 3 x 4 = 57 m
    ],
)
def test_hand_counts(length, expected, rows):
    buildings, n_rows = buildings_in_length([length], 5.0, 4.0, 2, 4)
    assert buildings[0] == brute_force(length, 5.0, 4.0, 2, 4)
    assert (buildings[0], n_rows[0]) == (expected, rows)


@settings(max_examples=300, deadline=None)
@given(
    length=st.floats(0, 400),
    width=st.floats(2, 40),
    gap=st.floats(0, 12),
    lo=st.integers(1, 5),
    extra=st.integers(0, 6),
)
def test_closed_form_is_the_optimum(length, width, gap, lo, extra):
    buildings, rows = buildings_in_length([length], width, gap, lo, lo + extra)
    assert buildings[0] == brute_force(length, width, gap, lo, lo + extra)
    if buildings[0]:
        assert rows[0] * lo <= buildings[0] <= rows[0] * (lo + extra)
        assert buildings[0] * width + rows[0] * gap <= length + 1e-6


@settings(max_examples=100, deadline=None)
@given(
    a=st.floats(0, 200),
    b=st.floats(0, 200),
    between=st.floats(0, 20),
    width=st.floats(3, 15),
    gap=st.floats(0, 8),
    lo=st.integers(1, 4),
    extra=st.integers(0, 5),
)
def test_two_stretches_never_beat_one_that_holds_them(a, b, between, width, gap, lo, extra):
    """Rows own their end gaps, so packing stretch by stretch is consistent."""
    parts, _ = buildings_in_length([a, b], width, gap, lo, lo + extra)
    whole, _ = buildings_in_length([a + between + b], width, gap, lo, lo + extra)
    assert parts.sum() <= whole[0]


def test_rows_are_even_and_keep_their_gaps():
    start = np.array([100.0, 0.0])
    buildings, rows = buildings_in_length([33.0, 48.0], 5.0, 4.0, 2, 4)
    stretch, row, u0 = row_positions(start, buildings, rows, 5.0, 4.0)
    assert stretch.tolist() == [0] * 5 + [1] * 8
    assert row.tolist() == [0, 0, 0, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]
    # stretch 0: a row of 3 from 102, gap 4, a row of 2
    assert u0[:5].tolist() == [102.0, 107.0, 112.0, 121.0, 126.0]
    # stretch 1: two rows of 4
    assert u0[5:].tolist() == [2.0, 7.0, 12.0, 17.0, 26.0, 31.0, 36.0, 41.0]
    assert u0[4] + 5.0 + 2.0 <= 133.0  # the last row's free end stays in the stretch
