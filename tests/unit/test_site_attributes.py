"""Site outlines, joined texts and shares, with and without pyarrow."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from bouwstroom_qgis.core import site_attributes
from bouwstroom_qgis.core.compat import text_array
from bouwstroom_qgis.core.site_attributes import join_groups, union_by_site


@pytest.fixture(params=[True, False], ids=["arrow", "plain"])
def arrow(request, monkeypatch):
    """Run a test with pyarrow, and again as if it were not installed."""
    monkeypatch.setattr(site_attributes, "ARROW", request.param)
    return request.param


def test_join_groups(arrow):
    values = np.array(["a", "b", "c", "d", "e", "f"], dtype=object)
    joined = join_groups(values, np.array([2, 0, 3, 1]), "; ")
    assert list(joined) == ["a; b", "", "c; d; e", "f"]
    assert joined.dtype == text_array([]).dtype  # "str" on pandas 3, object on pandas 2


def test_union_by_site_widths_and_threads():
    # sites of 1, 2, 3, 5 and 9 unit squares in a row: widths 1, 2, 4, 8 and 16
    counts = np.array([1, 2, 3, 5, 9])
    squares = []
    for site, n in enumerate(counts):
        squares += [box(k, 10 * site, k + 1, 10 * site + 1) for k in range(n)]
    geoms = np.array(squares, dtype=object)
    for threads in (1, 3):
        outlines = union_by_site(geoms, counts, threads)
        assert shapely.area(outlines).tolist() == [1.0, 2.0, 3.0, 5.0, 9.0]
        assert [g.bounds for g in outlines] == [
            (0, 10 * s, n, 10 * s + 1) for s, n in enumerate(counts)
        ]
        assert outlines[0] is geoms[0]  # a site of one parcel keeps its geometry


def test_union_by_site_many_rows_in_chunks():
    counts = np.full(3000, 2)
    left = shapely.box(np.arange(3000) * 5.0, 0, np.arange(3000) * 5.0 + 2, 2)
    right = shapely.box(np.arange(3000) * 5.0 + 2, 0, np.arange(3000) * 5.0 + 4, 2)
    geoms = np.column_stack([left, right]).ravel()
    outlines = union_by_site(geoms, counts, threads=2)
    assert np.allclose(shapely.area(outlines), 8.0)
    assert (shapely.get_type_id(outlines) == 3).all()  # one polygon each
