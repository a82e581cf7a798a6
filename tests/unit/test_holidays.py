"""Japanese holidays checked against jpholiday for every day of 1980–2099, and bank days."""

from __future__ import annotations

import datetime as dt

import jpholiday
import pytest

from gojokai_desktop.domain.holidays import (
    holiday_name,
    holidays_of_year,
    is_business_day,
    next_business_day,
    previous_business_day,
)


@pytest.mark.parametrize("year", range(1980, 2100))
def test_holiday_dates_match_jpholiday(year: int) -> None:
    ours = set(holidays_of_year(year))
    theirs = {day for day, _name in jpholiday.year_holidays(year)}
    assert ours == theirs


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (dt.date(2025, 1, 13), "成人の日"),
        (dt.date(2025, 2, 24), "振替休日"),
        (dt.date(2025, 3, 20), "春分の日"),
        (dt.date(2025, 5, 6), "振替休日"),
        (dt.date(2026, 9, 22), "国民の休日"),
        (dt.date(2019, 5, 1), "天皇の即位の日"),
        (dt.date(2020, 7, 24), "スポーツの日"),
        (dt.date(2025, 6, 16), None),
    ],
)
def test_holiday_names(day: dt.date, name: str | None) -> None:
    assert holiday_name(day) == name


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 4, 20), dt.date(2025, 4, 21)),  # Sunday → Monday
        (dt.date(2025, 7, 20), dt.date(2025, 7, 22)),  # Sunday, then 海の日 Monday
        (dt.date(2025, 5, 3), dt.date(2025, 5, 7)),  # Golden Week
        (dt.date(2025, 12, 30), dt.date(2025, 12, 30)),  # banks open on the 30th
        (dt.date(2025, 12, 31), dt.date(2026, 1, 5)),  # year-end closing, then weekend
        (dt.date(2026, 1, 20), dt.date(2026, 1, 20)),  # an ordinary Tuesday
        (dt.date(2025, 11, 22), dt.date(2025, 11, 25)),  # Sat, Sun 勤労感謝の日, Mon 振替休日
    ],
)
def test_debit_date_moves_to_next_business_day(day: dt.date, expected: dt.date) -> None:
    assert next_business_day(day) == expected
    assert is_business_day(expected)


def test_previous_business_day_goes_back_over_the_new_year() -> None:
    assert previous_business_day(dt.date(2026, 1, 3)) == dt.date(2025, 12, 30)


def test_out_of_range_year_is_refused() -> None:
    with pytest.raises(ValueError, match="1979年の祝日は計算できません"):
        holidays_of_year(1979)
