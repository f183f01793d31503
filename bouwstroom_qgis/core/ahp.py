"""Criterion weights from pairwise comparisons (Saaty's Analytic Hierarchy Process).

The weights are the principal right eigenvector of the reciprocal comparison matrix;
the consistency ratio CR = CI / RI with CI = (lambda_max - n) / (n - 1) and RI Saaty's
random index for matrices of size n. Saaty advises revising judgements with CR > 0.1.

References
----------
T. L. Saaty (1980), *The Analytic Hierarchy Process*, McGraw-Hill (random index table).
T. L. Saaty (1990), "How to make a decision: The Analytic Hierarchy Process",
European Journal of Operational Research 48, 9–26 (the house example used in the tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

# Saaty's random index: the mean CI of random reciprocal matrices of size n.
RANDOM_INDEX: dict[int, float] = {
    1: 0.0,
    2: 0.0,
    3: 0.58,
    4: 0.90,
    5: 1.12,
    6: 1.24,
    7: 1.32,
    8: 1.41,
    9: 1.45,
    10: 1.49,
    11: 1.51,
    12: 1.48,
    13: 1.56,
    14: 1.57,
    15: 1.59,
}
MAX_CONSISTENCY_RATIO = 0.1
# a_ij * a_ji may be this far from 1, so that 0.33 may stand for 1/3.
RECIPROCAL_TOLERANCE = 0.02


class AhpError(ValueError):
    """A comparison matrix that cannot give weights; the message says which entry."""


@dataclass(frozen=True)
class AhpResult:
    """Weights and consistency of one comparison matrix.

    Attributes
    ----------
    weights : numpy.ndarray
        Principal eigenvector, positive, summing to 1, in the matrix's order.
    lambda_max : float
        Principal eigenvalue (n for a perfectly consistent matrix).
    consistency_index : float
        (lambda_max - n) / (n - 1); 0 for n <= 2.
    consistency_ratio : float
        consistency_index / RI(n); 0 for n <= 2.
    """

    weights: np.ndarray
    lambda_max: float
    consistency_index: float
    consistency_ratio: float


def parse_judgement(value: object) -> float:
    """One matrix entry as a positive number: ``3``, ``0.5``, ``"1/3"`` or ``"3"``.

    Raises
    ------
    AhpError
        For booleans, text that is no number or fraction, and values <= 0.
    """
    if isinstance(value, bool):
        raise AhpError(f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(Fraction(value.strip()))
        except (ValueError, ZeroDivisionError):
            raise AhpError(f'{value!r} is not a number or a fraction like "1/3"') from None
    else:
        raise AhpError(f"{value!r} is not a number")
    if not np.isfinite(number) or number <= 0:
        raise AhpError(f"{value!r} is not positive")
    return number


def check_matrix(matrix: np.ndarray) -> None:
    """Refuse a matrix that is not square, positive and reciprocal with ones on the diagonal.

    Raises
    ------
    AhpError
        Naming the first offending entry (1-based row and column).
    """
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
        raise AhpError(f"the matrix must be square, it is {matrix.shape[0]} x {matrix.shape[-1]}")
    n = matrix.shape[0]
    if n > max(RANDOM_INDEX):
        raise AhpError(f"at most {max(RANDOM_INDEX)} criteria can be compared, not {n}")
    bad = np.argwhere(~(matrix > 0) | ~np.isfinite(matrix))
    if len(bad):
        i, j = bad[0]
        raise AhpError(f"row {i + 1}, column {j + 1} must be a positive number")
    for i in range(n):
        if not np.isclose(matrix[i, i], 1.0):
            raise AhpError(f"row {i + 1}, column {i + 1} must be 1 (a criterion against itself)")
    product = matrix * matrix.T
    off = np.argwhere(np.abs(product - 1.0) > RECIPROCAL_TOLERANCE)
    if len(off):
        i, j = sorted(off[0])
        raise AhpError(
            f"row {i + 1}, column {j + 1} ({_fraction(matrix[i, j])}) and row {j + 1}, "
            f"column {i + 1} ({_fraction(matrix[j, i])}) must be reciprocal (a and 1/a)"
        )


def ahp_weights(matrix: np.ndarray) -> AhpResult:
    """Weights and consistency ratio of a pairwise comparison matrix.

    Parameters
    ----------
    matrix : numpy.ndarray
        Square, positive, reciprocal: ``matrix[i, j]`` says how much more important
        criterion i is than criterion j on Saaty's scale 1/9..9.

    Returns
    -------
    AhpResult

    Examples
    --------
    >>> result = ahp_weights(np.array([[1, 3], [1 / 3, 1]]))
    >>> [round(float(w), 3) for w in result.weights], result.consistency_ratio
    ([0.75, 0.25], 0.0)
    """
    matrix = np.asarray(matrix, dtype=float)
    check_matrix(matrix)
    n = matrix.shape[0]
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    # Perron-Frobenius: a positive matrix has one real eigenvalue of largest modulus,
    # with an eigenvector of one sign.
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    if n <= 2:
        return AhpResult(weights, lambda_max, 0.0, 0.0)
    ci = max((lambda_max - n) / (n - 1), 0.0)
    return AhpResult(weights, lambda_max, ci, ci / RANDOM_INDEX[n])


def _fraction(value: float) -> str:
    """``0.3333`` -> ``"1/3"``, ``4.0`` -> ``"4"``, for messages in the user's own terms."""
    if value < 1:
        inverse = 1 / value
        if abs(inverse - round(inverse)) < 1e-6:
            return f"1/{round(inverse)}"
    return f"{value:g}"
