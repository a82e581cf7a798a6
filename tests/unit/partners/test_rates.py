"""Rates from integers in every rounding the partners use, grades, and the report lines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.partners.rates import (
    format_rate,
    grade,
    last_year_reached,
    rate,
    target_reached,
)


@pytest.mark.parametrize(
    ("numerator", "denominator", "rounding", "shown"),
    [
        # 002 (こくみん共済 coop) rounds half-up to one decimal.
        (746, 1_150, "half_up_1", "64.9%"),  # 64.869…
        (822, 800, "half_up_1", "102.8%"),  # 102.75 exactly: half goes up
        (1_146, 1_250, "half_up_1", "91.7%"),  # 91.68
        (7_676, 8_435, "half_up_1", "91.0%"),  # 91.002… (the trailing zero is kept)
        # 001 (the labour bank) cuts after one decimal.
        (951, 850, "trunc_1", "111.8%"),  # 111.882…
        (10_682, 18_500, "trunc_1", "57.7%"),
        # 003 (自治労共済) cuts after two.
        (968_155, 2_314_044, "trunc_2", "41.83%"),  # 41.838…
        (783_283, 754_951, "trunc_2", "103.75%"),
        (17_644, 36_238, "trunc_2", "48.68%"),
        (968_155, 2_314_044, "half_up_2", "41.84%"),
        (0, 240, "trunc_2", "0.00%"),
        (1, 2_000, "half_up_1", "0.1%"),  # 0.05 → 0.1
        (1, 2_001, "half_up_1", "0.0%"),  # 0.04997…
        (12_345_678_901, 3, "trunc_1", "411,522,630,033.3%"),
    ],
)
def test_rates_are_rounded_as_each_partner_prints_them(
    numerator: int, denominator: int, rounding: str, shown: str
) -> None:
    assert str(rate(numerator, denominator, rounding)) == shown


@pytest.mark.parametrize("denominator", [0, None, -5])
def test_no_target_has_no_rate_and_prints_dashes(denominator: int | None) -> None:
    assert rate(10, denominator, "half_up_1") is None
    assert format_rate(rate(10, denominator, "trunc_2")) == "-----"


def test_rates_take_integers_only() -> None:
    with pytest.raises(TypeError):
        rate(10.0, 3, "half_up_1")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rate(True, 3, "half_up_1")
    with pytest.raises(ValueError, match="negative"):
        rate(-1, 3, "half_up_1")
    with pytest.raises(ValidationError) as error:
        rate(1, 3, "round")
    assert error.value.field == "達成率の丸め"


@given(st.integers(0, 10**9), st.integers(1, 10**9))
def test_truncation_never_exceeds_and_half_up_is_nearest(numerator: int, denominator: int) -> None:
    exact_thousandths = numerator * 100_000 // denominator  # percent × 1000, floored
    cut = rate(numerator, denominator, "trunc_1")
    up = rate(numerator, denominator, "half_up_1")
    assert cut is not None
    assert up is not None
    assert cut.scaled * 100 <= exact_thousandths
    assert up.scaled - cut.scaled in (0, 1)
    # Half-up is within half a unit of the exact value, measured in integers.
    assert abs(2 * numerator * 1000 - up.scaled * 2 * denominator) <= denominator


@pytest.mark.parametrize(
    ("result", "target", "last", "months", "expected"),
    [
        (10_682, 18_500, 9_900, 6, "○"),  # 21,364 ≥ 18,500 and up on last year
        (3_931, 6_800, 4_100, 6, "△"),  # target pace reached, last year not
        (16_464, 35_100, 17_000, 6, "×"),
        (9_250, 18_500, 9_250, 6, "○"),  # exactly half, exactly last year: both reached
        (9_249, 18_500, 9_250, 6, "×"),
        (18_500, 18_500, 20_000, 12, "△"),
        (0, 240, 0, 6, "×"),  # nothing against nothing is no progress (003)
        (5, 0, 3, 6, "-----"),  # no target
        (5, None, 3, 6, "-----"),
        (5, 10, None, 6, "-----"),  # a new item: nothing to compare with
        # 003's 11月 figures: 新契約 51.59% of the year after 6 months is on pace.
        (11_437, 22_166, 10_777, 6, "○"),
        (17_644, 36_238, 18_162, 6, "×"),
    ],
)
def test_grades(result: int, target: int | None, last: int | None, months: int,
                expected: str) -> None:  # fmt: skip
    assert grade(result, target, last, months) == expected


def test_reached_helpers_say_when_there_is_nothing_to_compare() -> None:
    assert target_reached(5, 0, 6) is None
    assert target_reached(5, 10, 6) is True
    assert last_year_reached(5, None) is None
    assert last_year_reached(0, 0) is False
    assert last_year_reached(1, 0) is True
