"""Property tests of site assembly's building blocks: connected components equal a plain
union-find, and groups over the maximum area split into pieces below it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from bouwstroom_qgis.core.sites import connected_components, split_groups


def reference_components(n: int, edges: list[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            a = parent[a]
        return a

    for a, b in edges:
        ra, rb = find(a), find(b)
        parent[max(ra, rb)] = min(ra, rb)
    return [find(a) for a in range(n)]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_components_equal_a_plain_union_find(data):
    n = data.draw(st.integers(1, 40))
    node = st.integers(0, n - 1)
    edges = data.draw(st.lists(st.tuples(node, node), max_size=80))
    i = np.array([a for a, _ in edges], dtype=np.intp)
    j = np.array([b for _, b in edges], dtype=np.intp)
    assert connected_components(n, i, j).tolist() == reference_components(n, edges)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(1.0, 500.0), min_size=1, max_size=60),
    st.floats(200.0, 5000.0),
    st.integers(0, 2**31),
)
def test_split_pieces_stay_below_the_maximum(areas, max_area, seed):
    rng = np.random.default_rng(seed)
    n = len(areas)
    area = np.array(areas)
    x, y = rng.uniform(0, 100, n), rng.uniform(0, 100, n)
    pieces = split_groups(np.zeros(n, dtype=np.intp), x, y, area, max_area)
    totals = pd.Series(area).groupby(pieces).sum()
    counts = pd.Series(pieces).value_counts()
    assert all(totals[p] <= max_area or counts[p] == 1 for p in totals.index)
    assert set(pieces) <= set(range(n))  # labels are member indices
    assert all(pieces[p] == p for p in totals.index)  # each piece is named by its first parcel
