"""Which options may share a bundle, held for the bundling heuristic in little memory.

A large problem has millions of compatible option pairs: 8 million for the 10,534
sites with homes of a 1,000,000-parcel region, where each site has some 1,500 others
within 15 km. A Python set of neighbours per option took about 1 GB for those, and
lists of freshly made int objects several GB. Here

- every neighbour list refers to one shared int object per option (8 bytes an
  entry), and
- compatibility is one byte per option in a *window*: the problem numbers options
  west to east within each group (its sweep), so every option compatible with ``o``
  lies between ``o``'s first and last neighbour in that numbering. A window is never
  longer than the number of options of the group, and for the usual spreads far
  shorter.

Both are built from the problem's neighbour lists (``nbr_ptr``, ``nbr_idx``), so a
pair is compatible here exactly when it is compatible in the problem. Those lists are
made here too (:func:`neighbour_lists`), a block of options at a time.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from bouwstroom_qgis.core.bundle_problem import Problem

BLOCK = 1_000_000  # neighbour entries sorted or put in windows at once (bounded memory)


class Neighbours:
    """Neighbour lists (nearest first) and a compatibility test for a problem's options.

    Attributes
    ----------
    ints : numpy.ndarray
        ``ints[o] == o`` as one Python int object per option, shared by every list.
    near : list of list of int
        Per option, the options compatible with it, nearest first (ties: number).
    """

    def __init__(self, problem: Problem) -> None:
        ptr, idx = problem.nbr_ptr, problem.nbr_idx
        m = problem.n_options
        self.ints: np.ndarray = np.arange(m).astype(object)
        self.near: list[list[int]] = []
        count = np.diff(ptr)
        lo = np.zeros(m, dtype=np.int64)
        hi = np.zeros(m, dtype=np.int64)  # one past the last neighbour
        has = np.flatnonzero(count > 0)
        if len(has):
            lo[has] = np.minimum.reduceat(idx, ptr[has])
            hi[has] = np.maximum.reduceat(idx, ptr[has]) + 1
        offset = np.r_[0, np.cumsum(hi - lo)]
        # Option b's byte in a's window is at start[a] + b. A bytearray and lists,
        # because indexing them from Python is several times faster than arrays.
        self._window = bytearray(int(offset[-1]))
        window = np.frombuffer(self._window, dtype=np.uint8)
        step = max(1, BLOCK * m // max(len(idx), 1))  # options with about BLOCK entries
        for first in range(0, m, step):
            last = min(first + step, m)
            rows = np.repeat(np.arange(first, last), count[first:last])
            entries = idx[ptr[first] : ptr[last]]
            window[offset[rows] + entries - lo[rows]] = 1
            self.near += split(self.ints[entries], ptr[first : last + 1] - ptr[first])
        self._lo: list[int] = lo.tolist()
        self._hi: list[int] = hi.tolist()
        self._start: list[int] = (offset[:-1] - lo).tolist()
        self._bounds = np.stack([lo, hi, offset[:-1] - lo])  # the same, for whole arrays

    def compatible(self, a: int, b: int) -> bool:
        """Whether options ``a`` and ``b`` may be in one bundle (as to the pairs)."""
        return self._lo[a] <= b < self._hi[a] and self._window[self._start[a] + b] == 1

    def compatible_with_all(self, o: int, members: Iterable[int], without: int = -1) -> bool:
        """Whether ``o`` is compatible with every one of ``members`` other than ``without``."""
        lo, hi, start, window = self._lo[o], self._hi[o], self._start[o], self._window
        return all(lo <= m < hi and window[start + m] == 1 for m in members if m != without)

    def compatible_of(self, o: int, candidates: list[int]) -> list[int]:
        """The ``candidates`` compatible with ``o``, in their order."""
        lo, hi, start, window = self._lo[o], self._hi[o], self._start[o], self._window
        return [c for c in candidates if lo <= c < hi and window[start + c] == 1]

    def matrix(self, options: list[int]) -> np.ndarray:
        """Compatibility of ``options`` with each other, as a (k, k) boolean array."""
        k = np.asarray(options, dtype=np.int64)
        lo, hi, start = (bound[:, None] for bound in self._bounds[:, k])
        b = k[None, :]
        inside = (lo <= b) & (b < hi)
        if not inside.any():
            return inside
        window = np.frombuffer(self._window, dtype=np.uint8)
        return inside & (window[np.where(inside, start + b, 0)] == 1)


def split(flat: np.ndarray, ptr: np.ndarray) -> list[list[int]]:
    """``flat`` (objects) cut into one list per option at the offsets ``ptr``."""
    items = flat.tolist()
    bounds = ptr.tolist()
    return [items[a:b] for a, b in pairwise(bounds)]


def pair_order(lo: np.ndarray, hi: np.ndarray, m: int) -> np.ndarray:
    """The order of the distinct pairs (lo, hi) of ``m`` options by lo, then hi."""
    return np.argsort(lo * max(m, 1) + hi, kind="stable")


def neighbour_lists(
    lo: np.ndarray, hi: np.ndarray, d: np.ndarray, m: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs as neighbour lists of ``m`` options (CSR): nearest first, ties by number.

    Sorted a block of options at a time: sorting all entries at once took a gigabyte
    on large regions, and each option's list is sorted on its own.
    """
    n = len(lo)
    both = np.r_[lo, hi]  # entry e < n is pair e seen from lo, else pair e - n from hi
    ptr = np.r_[0, np.cumsum(np.bincount(both, minlength=m))].astype(np.int64)
    entries = np.argsort(both, kind="stable")  # grouped by option
    del both
    nbr_idx = np.empty(2 * n, dtype=np.int64)
    step = max(1, BLOCK * m // max(2 * n, 1))  # options with about a block's entries
    for first in range(0, m, step):
        start, stop = ptr[first], ptr[min(first + step, m)]
        e = entries[start:stop]
        pair = np.where(e < n, e, e - n)
        own = np.where(e < n, lo[pair], hi[pair])
        other = np.where(e < n, hi[pair], lo[pair])
        nbr_idx[start:stop] = other[np.lexsort((other, d[pair], own))]
    return ptr, nbr_idx
