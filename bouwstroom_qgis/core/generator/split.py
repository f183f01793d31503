"""Vectorised splitting of many intervals into pieces: the one tool behind streets and plots.

Blocks along a street, plots along a block and fields along a country road are all
the same operation: cut an interval of known length into pieces whose widths follow
some distribution, so that the pieces tile the interval exactly. Doing this for all
intervals at once keeps a million plots a matter of array arithmetic.

The two steps are separate so the caller can give each candidate piece its own
label (block type, plot type) before drawing its width:

>>> import numpy as np
>>> owner = candidate_owners(np.array([10.0, 3.0]), min_step=2.0)
>>> pieces = fit_pieces(np.array([10.0, 3.0]), owner, np.full(owner.size, 2.5))
>>> pieces.owner.tolist(), pieces.end.round(2).tolist()
([0, 0, 0, 0, 1], [2.5, 5.0, 7.5, 10.0, 3.0])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Pieces:
    """Pieces of many intervals, grouped by interval and ordered along it.

    Attributes
    ----------
    owner : int array
        Index of the interval each piece belongs to (non-decreasing).
    start, end : float arrays
        Position of the piece along its interval, in metres from the interval start.
    source : int array
        Index of the candidate the piece came from, to look up its label.
    last : bool array
        True for the last piece of each interval.
    """

    owner: IntArray
    start: FloatArray
    end: FloatArray
    source: IntArray
    last: npt.NDArray[np.bool_]

    @property
    def width(self) -> FloatArray:
        return self.end - self.start


def group_offsets(owner: IntArray, n_groups: int) -> IntArray:
    """Index of the first element of each group in an array sorted by ``owner``."""
    counts = np.bincount(owner, minlength=n_groups)
    return np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)


def grouped_cumsum(values: npt.NDArray, owner: IntArray, n_groups: int) -> npt.NDArray:
    """Inclusive running sum of ``values`` that restarts at every group of sorted ``owner``."""
    total = np.cumsum(values)
    before = np.concatenate(([0], total[:-1]))
    offsets = group_offsets(owner, n_groups)
    present = np.bincount(owner, minlength=n_groups) > 0
    base = np.zeros(n_groups, dtype=total.dtype)
    base[present] = before[offsets[present]]
    return total - base[owner]


def candidate_owners(length: FloatArray, min_step: float | FloatArray) -> IntArray:
    """Enough candidate pieces per interval that their widths always run past its end.

    Parameters
    ----------
    length : float array
        Interval lengths in metres (plus the gap, when pieces are separated by gaps).
    min_step : float or float array
        The smallest width (plus gap) a candidate can get, in metres.

    Returns
    -------
    int array
        The interval index of each candidate, sorted.
    """
    length = np.asarray(length, dtype=np.float64)
    count = np.floor(length / np.asarray(min_step, dtype=np.float64)).astype(np.int64) + 2
    return np.repeat(np.arange(length.size, dtype=np.int64), count)


def fit_pieces(
    length: FloatArray,
    owner: IntArray,
    widths: FloatArray,
    gap: float | FloatArray = 0.0,
) -> Pieces:
    """Keep the candidates that fit in each interval and stretch them to tile it exactly.

    Candidates are laid end to end (each followed by ``gap``); a candidate is kept
    while it starts before the end of the interval minus half its width, so the last
    piece never ends up much narrower or wider than drawn. Kept widths are then
    scaled so the pieces fill the interval; every interval keeps at least one piece.

    Parameters
    ----------
    length : float array
        Interval lengths in metres.
    owner : int array
        Interval of each candidate, from :func:`candidate_owners`.
    widths : float array
        Drawn width of each candidate in metres; each must be at least the
        ``min_step`` given to :func:`candidate_owners` (minus the gap).
    gap : float or float array
        Empty space between consecutive pieces (a street), per interval, in metres.

    Returns
    -------
    Pieces
    """
    length = np.asarray(length, dtype=np.float64)
    n = length.size
    gap_arr = np.broadcast_to(np.asarray(gap, dtype=np.float64), (n,))
    span = length + gap_arr
    step = widths + gap_arr[owner]
    start = grouped_cumsum(step, owner, n) - step
    fits = start < span[owner] - 0.5 * step
    fits[group_offsets(owner, n)] = True
    keep = grouped_cumsum((~fits).astype(np.int64), owner, n) == 0
    source = np.flatnonzero(keep).astype(np.int64)
    owner_k = owner[keep]
    width_k = widths[keep]
    gap_k = gap_arr[owner_k]
    counts = np.bincount(owner_k, minlength=n)
    # Stretch the pieces, not the gaps: streets keep their drawn width.
    room = length - (counts - 1) * gap_arr
    scale = room / np.bincount(owner_k, weights=width_k, minlength=n)
    width_k = width_k * scale[owner_k]
    end = grouped_cumsum(width_k + gap_k, owner_k, n) - gap_k
    last = np.zeros(owner_k.size, dtype=bool)
    last[np.cumsum(counts) - 1] = True
    end[last] = length  # exact, so the last piece meets the interval end without a sliver
    begin = end - width_k
    begin[group_offsets(owner_k, n)] = 0.0
    # Without a gap, neighbours share one boundary value exactly: no slivers, no overlaps.
    shared = ~last[:-1] & (gap_k[:-1] == 0)
    begin[1:][shared] = end[:-1][shared]
    return Pieces(owner_k, begin, end, source, last)
