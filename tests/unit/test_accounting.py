"""Allocation, running balance, 千円 rounding of a table and the percentage used."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from gojokai_desktop.domain.accounting import (
    TableNode,
    allocate_by_ratio,
    first_negative,
    percent_used,
    round_tree_to_thousand,
    running_balance,
)
from gojokai_desktop.domain.errors import ValidationError


def test_nine_to_one_split_keeps_the_yen() -> None:
    assert allocate_by_ratio(10_001, [9, 1]) == [9_001, 1_000]
    assert allocate_by_ratio(7, [1, 1, 1]) == [3, 2, 2]
    assert allocate_by_ratio(-10_001, [9, 1]) == [-9_001, -1_000]
    assert allocate_by_ratio(0, [9, 1]) == [0, 0]


def test_allocation_sum_is_exact_for_random_amounts() -> None:
    rng = random.Random(5)
    for _ in range(2_000):
        weights = [rng.randint(0, 20) for _ in range(rng.randint(1, 5))]
        if sum(weights) == 0:
            continue
        amount = rng.randint(-(10**9), 10**9)
        parts = allocate_by_ratio(amount, weights)
        assert sum(parts) == amount
        for part, weight in zip(parts, weights, strict=True):
            share = amount * weight / sum(weights)
            assert abs(part - share) < 1


def test_allocation_refuses_zero_weights_and_floats() -> None:
    with pytest.raises(ValidationError):
        allocate_by_ratio(100, [0, 0])
    with pytest.raises(TypeError):
        allocate_by_ratio(100.0, [1])  # type: ignore[arg-type]


def test_running_balance_and_the_day_cash_went_negative() -> None:
    d = dt.date
    steps = running_balance(
        1_000, [(d(2025, 4, 1), -600), (d(2025, 4, 2), -500), (d(2025, 4, 3), 300)]
    )
    assert [s.balance for s in steps] == [400, -100, 200]
    negative = first_negative(steps)
    assert negative is not None
    assert negative.date == d(2025, 4, 2)
    assert first_negative(running_balance(0, [(d(2025, 4, 1), 5)])) is None


def test_thousand_rounding_keeps_subtotals_and_total() -> None:
    # Three rows of 1,400 円 each: naive rounding prints 1+1+1 under a total of 4.
    table = [
        TableNode(
            "h1",
            children=(
                TableNode("a", (1_400, 500)),
                TableNode("b", (1_400, None)),
                TableNode("c", (1_400, 499)),
            ),
        ),
        TableNode("d", (2_600, 1)),
    ]
    rounded = round_tree_to_thousand(table)
    assert rounded[""] == (7, 1)
    assert rounded["h1"][0] + rounded["d"][0] == 7
    assert rounded["a"][0] + rounded["b"][0] + rounded["c"][0] == rounded["h1"][0]
    assert rounded["b"][1] is None
    assert (rounded["a"][1] or 0) + (rounded["c"][1] or 0) == rounded["h1"][1]


def test_rounding_of_exact_thousands_is_unchanged() -> None:
    table = [TableNode("x", (156_557_000,)), TableNode("y", (0,))]
    rounded = round_tree_to_thousand(table)
    assert rounded["x"] == (156_557,)
    assert rounded["y"] == (0,)


def test_percent_used() -> None:
    assert percent_used(1, 3) == "33.3%"
    assert percent_used(2, 3) == "66.7%"
    assert percent_used(5, 0) == "-----"
    assert percent_used(-1, 3) == "△33.3%"
