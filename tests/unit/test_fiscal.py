"""Tests of fiscal years: membership of dates, first/last days, months and era labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import (
    APRIL_START,
    START_LABEL,
    FiscalCalendar,
    FiscalLabel,
    parse_fiscal_year,
)

APRIL = FiscalCalendar()
JANUARY = FiscalCalendar(1)
OCTOBER = FiscalCalendar(10)


def test_default_is_april() -> None:
    assert APRIL_START == FiscalCalendar(4) == APRIL
    assert APRIL.start_month == 4


@pytest.mark.parametrize(
    ("calendar", "d", "fy"),
    [
        (APRIL, date(2025, 4, 1), 2025),
        (APRIL, date(2026, 3, 31), 2025),
        (APRIL, date(2025, 3, 31), 2024),
        (APRIL, date(2025, 12, 31), 2025),
        (APRIL, date(2026, 1, 1), 2025),
        (JANUARY, date(2025, 1, 1), 2025),
        (JANUARY, date(2025, 12, 31), 2025),
        (OCTOBER, date(2025, 9, 30), 2024),
        (OCTOBER, date(2025, 10, 1), 2025),
    ],
)
def test_year_of(calendar: FiscalCalendar, d: date, fy: int) -> None:
    assert calendar.year_of(d) == fy
    assert calendar.contains(fy, d)
    assert not calendar.contains(fy + 1, d)
    assert not calendar.contains(fy - 1, d)


@pytest.mark.parametrize(
    ("calendar", "fy", "first", "last"),
    [
        (APRIL, 2025, date(2025, 4, 1), date(2026, 3, 31)),
        (APRIL, 2023, date(2023, 4, 1), date(2024, 3, 31)),
        (JANUARY, 2025, date(2025, 1, 1), date(2025, 12, 31)),
        (OCTOBER, 2025, date(2025, 10, 1), date(2026, 9, 30)),
        (FiscalCalendar(3), 2023, date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_first_and_last_day(calendar: FiscalCalendar, fy: int, first: date, last: date) -> None:
    assert calendar.first_day(fy) == first
    assert calendar.last_day(fy) == last


def test_months() -> None:
    assert APRIL.months(2025) == [
        (2025, 4), (2025, 5), (2025, 6), (2025, 7), (2025, 8), (2025, 9),
        (2025, 10), (2025, 11), (2025, 12), (2026, 1), (2026, 2), (2026, 3),
    ]  # fmt: skip
    assert JANUARY.months(2025) == [(2025, m) for m in range(1, 13)]
    assert OCTOBER.months(2025)[0] == (2025, 10)
    assert OCTOBER.months(2025)[-1] == (2026, 9)


@given(st.integers(1, 12), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_year_of_agrees_with_first_and_last_day(start_month: int, d: date) -> None:
    calendar = FiscalCalendar(start_month)
    fy = calendar.year_of(d)
    assert calendar.first_day(fy) <= d <= calendar.last_day(fy)
    assert calendar.last_day(fy) + timedelta(days=1) == calendar.first_day(fy + 1)
    assert (d.year, d.month) in calendar.months(fy)
    assert len(calendar.months(fy)) == len(set(calendar.months(fy))) == 12


@pytest.mark.parametrize("bad", [0, 13, -1, 100])
def test_start_month_is_validated(bad: int) -> None:
    with pytest.raises(ValidationError) as info:
        FiscalCalendar(bad)
    assert info.value.message == f"年度の開始月「{bad}」は1〜12で指定してください"
    assert info.value.field == "年度開始月"


@pytest.mark.parametrize(
    ("calendar", "fy", "start_label", "gannen_label", "short"),
    [
        (APRIL, 2025, "令和7年度", "令和7年度", "R7年度"),
        (APRIL, 2020, "令和2年度", "令和2年度", "R2年度"),
        (APRIL, 2019, "平成31年度", "令和元年度", "H31年度"),
        (APRIL, 2018, "平成30年度", "平成30年度", "H30年度"),
        (APRIL, 1989, "平成元年度", "平成元年度", "H1年度"),
        (APRIL, 1988, "昭和63年度", "昭和63年度", "S63年度"),
        (APRIL, 1926, "大正15年度", "昭和元年度", "T15年度"),
        (JANUARY, 2019, "平成31年度", "令和元年度", "H31年度"),
        (JANUARY, 1989, "昭和64年度", "平成元年度", "S64年度"),
        (JANUARY, 2025, "令和7年度", "令和7年度", "R7年度"),
        (FiscalCalendar(6), 2019, "令和元年度", "令和元年度", "R1年度"),
    ],
)
def test_labels(
    calendar: FiscalCalendar, fy: int, start_label: str, gannen_label: str, short: str
) -> None:
    assert calendar.label(fy) == start_label
    assert calendar.label(fy, era_rule="start") == start_label
    assert calendar.label(fy, era_rule="reiwa_gannen") == gannen_label
    assert calendar.label_short(fy) == short


def test_label_short_with_gannen_rule() -> None:
    assert APRIL.label_short(2019, era_rule="reiwa_gannen") == "R1年度"


def test_unknown_era_rule() -> None:
    with pytest.raises(ValidationError) as info:
        APRIL.label(2025, era_rule="end")
    assert info.value.message == "年度の元号の付け方「end」は使えません（start、reiwa_gannen）"


def test_label_out_of_range() -> None:
    with pytest.raises(ValidationError, match="扱える範囲の外です"):
        APRIL.label(2101)


# ---------------------------------------------------------------- typed years and labels
@pytest.mark.parametrize(
    ("text", "year"),
    [("令和8年度", 2026), ("R8", 2026), ("令8", 2026), ("2026", 2026), ("2026年度", 2026),
     ("8", 2026), ("令和元年度", 2019), ("平成31年度", 2019), ("Ｈ３１", 2019)],
)  # fmt: skip
def test_parse_fiscal_year(text: str, year: int) -> None:
    assert parse_fiscal_year(text) == year


@pytest.mark.parametrize("text", ["", "X8", "令和0年度", "abc", "3000"])
def test_parse_fiscal_year_refuses(text: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_fiscal_year(text)
    assert error.value.field == "年度"


def test_the_label_rule_decides_year_labels_and_number_prefixes() -> None:
    gannen = FiscalLabel(APRIL_START, "reiwa_gannen")
    assert (START_LABEL.year(2019), START_LABEL.prefix(2019)) == ("平成31年度", "H31")
    assert (gannen.year(2019), gannen.short(2019), gannen.prefix(2019)) == (
        "令和元年度", "R1年度", "R1",
    )  # fmt: skip
    assert gannen.prefix(2025) == START_LABEL.prefix(2025) == "R7"
