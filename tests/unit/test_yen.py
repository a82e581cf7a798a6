"""Tests of integer-yen parsing, formatting and 千円 rounding."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.yen import (
    MAX_AMOUNT,
    format_report_yen,
    format_yen,
    parse_yen,
    round_to_thousand,
    to_thousand_yen,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1234", 1234),
        ("1,234", 1234),
        ("１２３４", 1234),
        ("１，２３４", 1234),
        ("￥1,234", 1234),
        ("¥1,234", 1234),
        ("\\1,234", 1234),
        ("＼1,234", 1234),
        ("1234円", 1234),
        ("1,234円", 1234),
        ("￥1,234円", 1234),
        (" 1,234 ", 1234),
        ("　１，２３４　", 1234),
        ("-1,234", -1234),
        ("－１，２３４", -1234),
        ("−1,234", -1234),
        ("△1,234", -1234),
        ("▲1,234", -1234),
        ("△ 1,234", -1234),
        ("-￥1,234", -1234),
        ("￥-1,234", -1234),
        ("+500", 500),
        ("0", 0),
        ("-0", 0),
        ("1,234,567", 1_234_567),
        ("999,999,999,999", MAX_AMOUNT),
        ("007", 7),
    ],
)
def test_parse_yen_accepts(text: str, expected: int) -> None:
    assert parse_yen(text) == expected


@pytest.mark.parametrize(
    ("text", "message_part"),
    [
        ("", "会費を入力してください"),
        ("   ", "会費を入力してください"),
        ("1,234.5", "円未満は入力できません"),
        ("1234.00", "円未満は入力できません"),
        ("１２３４．５", "円未満は入力できません"),
        ("12,34", "カンマの位置が違います"),
        ("1,2345", "カンマの位置が違います"),
        ("1234,567", "カンマの位置が違います"),
        ("0,123", "カンマの位置が違います"),
        ("1,234,", "カンマの位置が違います"),
        ("abc", "金額として読めません"),
        ("12a4", "金額として読めません"),
        ("$100", "金額として読めません"),
        ("1 234", "金額として読めません"),
        ("円", "金額として読めません"),
        ("--1", "符号が二重です"),
        ("1-", "金額として読めません"),
        ("-△1", "符号が二重です"),
        ("1,000,000,000,000", "大きすぎます"),
    ],
)
def test_parse_yen_rejects(text: str, message_part: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_yen(text, "会費")
    assert message_part in info.value.message
    assert info.value.field == "会費"


def test_parse_yen_message_quotes_the_input() -> None:
    with pytest.raises(ValidationError, match="「12,34」"):
        parse_yen(" 12,34 ")


@pytest.mark.parametrize(
    ("amount", "plain", "with_symbol", "report"),
    [
        (0, "0", "￥0", "0"),
        (5, "5", "￥5", "5"),
        (999, "999", "￥999", "999"),
        (1000, "1,000", "￥1,000", "1,000"),
        (1_234_567, "1,234,567", "￥1,234,567", "1,234,567"),
        (-1234, "-1,234", "-￥1,234", "△1,234"),
        (-1, "-1", "-￥1", "△1"),
    ],
)
def test_formats(amount: int, plain: str, with_symbol: str, report: str) -> None:
    assert format_yen(amount) == plain
    assert format_yen(amount, symbol=True) == with_symbol
    assert format_report_yen(amount) == report


@pytest.mark.parametrize("bad", [1.5, 1234.0, True])
def test_formatting_refuses_non_int(bad: object) -> None:
    with pytest.raises(TypeError):
        format_yen(bad)  # type: ignore[arg-type]


@given(st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT))
def test_format_then_parse_round_trips(amount: int) -> None:
    assert parse_yen(format_yen(amount)) == amount
    assert parse_yen(format_yen(amount, symbol=True)) == amount
    assert parse_yen(format_report_yen(amount)) == amount


@pytest.mark.parametrize(
    ("amount", "thousands"),
    [
        (0, 0),
        (1, 0),
        (499, 0),
        (500, 1),
        (1000, 1),
        (1499, 1),
        (1500, 2),
        (2500, 3),
        (123_456, 123),
        (123_500, 124),
        (-499, 0),
        (-500, -1),
        (-1500, -2),
        (-1499, -1),
    ],
)
def test_round_to_thousand(amount: int, thousands: int) -> None:
    assert round_to_thousand(amount) == thousands


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_round_to_thousand_is_symmetric_and_close(amount: int) -> None:
    rounded = round_to_thousand(amount)
    assert round_to_thousand(-amount) == -rounded
    assert abs(rounded * 1000 - amount) <= 500


@pytest.mark.parametrize(
    ("parts", "total", "expected"),
    [
        ([], None, []),
        ([1500], None, [2]),
        ([400, 400, 400], None, [1, 0, 0]),  # 1,200 → 1; the tie goes to the first part
        ([600, 600, 600], None, [1, 1, 0]),  # 1,800 → 2
        ([1400, 1400, 1200], None, [2, 1, 1]),  # 4,000 → 4; rounding each alone gives 3
        ([1500, 1500], None, [2, 1]),  # 3,000 → 3; each alone gives 2 + 2
        ([333_333, 333_333, 333_334], None, [333, 333, 334]),
        ([-400, -400, -400], None, [-1, 0, 0]),
        ([-1500], None, [-2]),
        ([-500, -1000], None, [-1, -1]),
        ([2000, -1400], None, [2, -1]),
        ([1400, 1400], 3000, [2, 1]),  # an explicit total overrides the sum
        (
            [1600, 1600],
            2000,
            [1, 1],
        ),  # fewer units than the floors give back: take from the smallest
        ([100, 100], 5000, [3, 2]),  # round-robin when the gap exceeds the parts
        ([0, 0], None, [0, 0]),
    ],
)
def test_to_thousand_yen_table(parts: list[int], total: int | None, expected: list[int]) -> None:
    assert to_thousand_yen(parts, total) == expected


def test_to_thousand_yen_needs_parts_for_a_total() -> None:
    with pytest.raises(ValueError, match="no parts"):
        to_thousand_yen([], 5000)


amounts = st.integers(min_value=-(10**9), max_value=10**9)


@given(st.lists(amounts, max_size=30))
def test_to_thousand_yen_adds_up_and_stays_close(parts: list[int]) -> None:
    result = to_thousand_yen(parts)
    assert len(result) == len(parts)
    assert sum(result) == round_to_thousand(sum(parts))
    for part, thousands in zip(parts, result, strict=True):
        assert part // 1000 <= thousands <= part // 1000 + 1


@given(st.lists(amounts, min_size=1, max_size=30), amounts)
def test_to_thousand_yen_meets_an_explicit_total(parts: list[int], total: int) -> None:
    result = to_thousand_yen(parts, total)
    assert sum(result) == round_to_thousand(total)
    assert to_thousand_yen(parts, total) == result  # deterministic


@given(st.lists(amounts, max_size=30))
@example([-97, -202, 798])  # sums to 499: rounds to 0 both ways, must still mirror
@example([500, -500])  # sums to 0 with tied remainders
def test_to_thousand_yen_is_symmetric(parts: list[int]) -> None:
    assert to_thousand_yen([-p for p in parts]) == [-t for t in to_thousand_yen(parts)]


@given(st.lists(st.integers(min_value=0, max_value=10**9), max_size=30))
def test_to_thousand_yen_gives_larger_remainders_first(parts: list[int]) -> None:
    result = to_thousand_yen(parts)
    raised = [i for i, (p, r) in enumerate(zip(parts, result, strict=True)) if r > p // 1000]
    kept = [i for i in range(len(parts)) if i not in raised]
    for i in raised:
        for j in kept:
            assert parts[i] % 1000 > parts[j] % 1000 or (
                parts[i] % 1000 == parts[j] % 1000 and i < j
            )
