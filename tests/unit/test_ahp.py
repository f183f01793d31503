"""AHP weights against published examples and the consistency rules."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from bouwstroom_qgis.core.ahp import (
    RANDOM_INDEX,
    AhpError,
    ahp_weights,
    check_matrix,
    parse_judgement,
)


def matrix(rows: list[list[str]]) -> np.ndarray:
    return np.array([[float(Fraction(v)) for v in row] for row in rows])


# Saaty (1990), "How to make a decision: The Analytic Hierarchy Process", European
# Journal of Operational Research 48, 9-26: the house example. Criteria: size of house,
# transportation, neighbourhood, age, yard, modern facilities, general condition,
# financing. Published priorities .173 .054 .188 .018 .031 .036 .167 .333,
# lambda_max = 9.669, C.I. = .238, C.R. = .169.
HOUSE_CRITERIA = matrix(
    [
        ["1", "5", "3", "7", "6", "6", "1/3", "1/4"],
        ["1/5", "1", "1/3", "5", "3", "3", "1/5", "1/7"],
        ["1/3", "3", "1", "6", "3", "4", "6", "1/5"],
        ["1/7", "1/5", "1/6", "1", "1/3", "1/4", "1/7", "1/8"],
        ["1/6", "1/3", "1/3", "3", "1", "1/2", "1/5", "1/6"],
        ["1/6", "1/3", "1/4", "4", "2", "1", "1/5", "1/6"],
        ["3", "5", "1/6", "7", "5", "5", "1", "1/2"],
        ["4", "7", "5", "8", "6", "6", "2", "1"],
    ]
)
# Same paper, the three houses A, B, C compared on size of house: priorities
# .754 .181 .065, lambda_max = 3.136, C.I. = .068, C.R. = .117.
HOUSE_SIZE = matrix([["1", "6", "8"], ["1/6", "1", "4"], ["1/8", "1/4", "1"]])


def test_saaty_house_criteria_weights_and_consistency():
    result = ahp_weights(HOUSE_CRITERIA)
    published = [0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333]
    assert np.round(result.weights, 3).tolist() == published
    assert result.lambda_max == pytest.approx(9.669, abs=5e-4)
    assert result.consistency_index == pytest.approx(0.238, abs=5e-4)
    assert result.consistency_ratio == pytest.approx(0.169, abs=5e-4)


def test_saaty_house_size_three_alternatives():
    result = ahp_weights(HOUSE_SIZE)
    assert np.round(result.weights, 3).tolist() == [0.754, 0.181, 0.065]
    assert result.lambda_max == pytest.approx(3.136, abs=5e-4)
    assert result.consistency_index == pytest.approx(0.068, abs=5e-4)
    assert result.consistency_ratio == pytest.approx(0.117, abs=5e-4)


def test_consistent_matrix_gives_back_its_weights_with_cr_zero():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    result = ahp_weights(w[:, None] / w[None, :])
    assert result.weights == pytest.approx(w, abs=1e-12)
    assert result.lambda_max == pytest.approx(4.0, abs=1e-9)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-9)


def test_two_criteria_are_always_consistent():
    result = ahp_weights(np.array([[1.0, 3.0], [1 / 3, 1.0]]))
    assert result.weights.tolist() == pytest.approx([0.75, 0.25])
    assert result.consistency_ratio == 0.0


def test_random_index_is_saatys_table():
    assert [RANDOM_INDEX[n] for n in range(3, 11)] == [
        0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3.0), (0.5, 0.5), ("1/3", 1 / 3), (" 1/9 ", 1 / 9), ("7", 7.0), ("2.5", 2.5)],
)
def test_parse_judgement(value, expected):
    assert parse_judgement(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("a/3", "is not a number or a fraction"),
        ("1/0", "is not a number or a fraction"),
        (0, "is not positive"),
        (-2, "is not positive"),
        (True, "is not a number"),
        ([1], "is not a number"),
    ],
)
def test_parse_judgement_refuses(value, message):
    with pytest.raises(AhpError, match=message):
        parse_judgement(value)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([[1.0, 2.0]], r"must be square, it is 1 x 2"),
        ([[1.0, 2.0], [0.5, 2.0]], r"row 2, column 2 must be 1"),
        ([[1.0, -2.0], [0.5, 1.0]], r"row 1, column 2 must be a positive number"),
        ([[1.0, 3.0], [3.0, 1.0]], r"row 1, column 2 \(3\) and row 2, column 1 \(3\) must be"),
        ([[1.0, 4.0], [1 / 3, 1.0]], r"row 1, column 2 \(4\) and row 2, column 1 \(1/3\)"),
    ],
)
def test_check_matrix_refuses(rows, message):
    with pytest.raises(AhpError, match=message):
        check_matrix(np.array(rows))


def test_rounded_reciprocals_are_accepted():
    # 0.33 for 1/3 is how people type it; 0.33 * 3 = 0.99 is within the tolerance.
    check_matrix(np.array([[1.0, 3.0], [0.33, 1.0]]))


def test_too_many_criteria():
    with pytest.raises(AhpError, match="at most 15 criteria"):
        check_matrix(np.ones((16, 16)))
