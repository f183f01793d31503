import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core.generator.split import (
    candidate_owners,
    fit_pieces,
    group_offsets,
    grouped_cumsum,
)


def test_grouped_cumsum_restarts_per_group():
    owner = np.array([0, 0, 0, 2, 2, 3])
    out = grouped_cumsum(np.array([1, 2, 3, 10, 20, 5]), owner, 4)
    assert out.tolist() == [1, 3, 6, 10, 30, 5]
    assert group_offsets(owner, 4).tolist() == [0, 3, 3, 5]


@settings(max_examples=60, deadline=None)
@given(
    lengths=st.lists(st.floats(20, 2000), min_size=1, max_size=20),
    low=st.floats(3, 30),
    spread=st.floats(1.0, 3.0),
    gap=st.sampled_from([0.0, 8.0, 14.0]),
    seed=st.integers(0, 2**32 - 1),
)
def test_pieces_tile_each_interval_exactly(lengths, low, spread, gap, seed):
    rng = np.random.default_rng(seed)
    gap = min(gap, low)  # streets are never wider than the blocks between them
    length = np.array(lengths)
    owner = candidate_owners(length + gap, low + gap)
    width = rng.uniform(low, low * spread, owner.size)
    pieces = fit_pieces(length, owner, width, gap=gap)
    assert np.all(np.diff(pieces.owner) >= 0)
    assert np.array_equal(np.unique(pieces.owner), np.arange(length.size))  # one piece at least
    first = np.r_[True, pieces.owner[1:] != pieces.owner[:-1]]
    assert np.all(pieces.start[first] == 0.0)
    assert np.array_equal(pieces.end[pieces.last], length)
    inner = ~first
    assert np.allclose(pieces.start[inner] - pieces.end[np.flatnonzero(inner) - 1], gap)
    if gap == 0.0:  # neighbours share exactly one boundary value
        assert np.array_equal(pieces.start[inner], pieces.end[np.flatnonzero(inner) - 1])
    assert np.all(pieces.width > 0)
    # Stretching stays modest where an interval holds several pieces.
    many = np.bincount(pieces.owner)[pieces.owner] >= 4
    drawn = width[pieces.source]
    assert np.all(pieces.width[many] / drawn[many] == pytest.approx(1.0, abs=0.5))


def test_a_short_interval_keeps_one_piece_of_its_full_length():
    owner = candidate_owners(np.array([3.0]), 5.0)
    pieces = fit_pieces(np.array([3.0]), owner, np.full(owner.size, 5.0))
    assert pieces.start.tolist() == [0.0] and pieces.end.tolist() == [3.0]
