"""Tests of 満年齢 by the legal rule (an age counts from the day before the birthday)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from gojokai_desktop.domain.age import (
    age_on,
    age_on_fiscal_start,
    date_reaching_age,
    school_entry_fiscal_year,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import FiscalCalendar


@pytest.mark.parametrize(
    ("birth", "on", "age"),
    [
        (date(2000, 4, 2), date(2020, 3, 31), 19),
        (date(2000, 4, 2), date(2020, 4, 1), 20),  # the day before the birthday
        (date(2000, 4, 2), date(2020, 4, 2), 20),
        (date(2000, 4, 1), date(2020, 3, 30), 19),
        (date(2000, 4, 1), date(2020, 3, 31), 20),
        (date(2000, 2, 29), date(2001, 2, 27), 0),
        (date(2000, 2, 29), date(2001, 2, 28), 1),
        (date(2000, 2, 29), date(2004, 2, 27), 3),
        (date(2000, 2, 29), date(2004, 2, 28), 4),
        (date(2000, 3, 1), date(2004, 2, 28), 3),
        (date(2000, 3, 1), date(2004, 2, 29), 4),
        (date(2000, 3, 1), date(2001, 2, 28), 1),
        (date(2000, 1, 1), date(2000, 1, 1), 0),
        (date(2000, 1, 1), date(2000, 12, 30), 0),
        (date(2000, 1, 1), date(2000, 12, 31), 1),
        (date(1955, 4, 10), date(2025, 4, 8), 69),
        (date(1955, 4, 10), date(2025, 4, 9), 70),
        (date(1, 1, 1), date.max, 9999),
        (date(1, 1, 2), date.max, 9998),
    ],
)
def test_age_on(birth: date, on: date, age: int) -> None:
    assert age_on(birth, on) == age


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValidationError) as info:
        age_on(date(2000, 1, 2), date(2000, 1, 1))
    assert info.value.message == "基準日（2000-01-01）が生年月日（2000-01-02）より前です"
    assert info.value.field == "生年月日"


@pytest.mark.parametrize(
    ("birth", "fy", "age"),
    [
        (date(2018, 4, 1), 2025, 7),
        (date(2018, 4, 2), 2025, 7),  # 7 from 2025-04-01
        (date(2018, 4, 3), 2025, 6),
        (date(2018, 4, 2), 2024, 6),
        (date(2019, 4, 1), 2025, 6),
        (date(2019, 4, 2), 2025, 6),
        (date(2019, 4, 3), 2025, 5),
        (date(2005, 4, 2), 2025, 20),
        (date(2005, 4, 3), 2025, 19),
    ],
)
def test_age_on_fiscal_start(birth: date, fy: int, age: int) -> None:
    assert age_on_fiscal_start(birth, fy) == age


@pytest.mark.parametrize(
    ("birth", "entry_age", "fy"),
    [
        (date(2018, 4, 1), 6, 2024),
        (date(2018, 4, 2), 6, 2025),
        (date(2019, 1, 15), 6, 2025),
        (date(2019, 3, 31), 6, 2025),
        (date(2019, 4, 1), 6, 2025),  # 早生まれ: 6 on 2025-03-31, enters on 2025-04-01
        (date(2019, 4, 2), 6, 2026),
        (date(2019, 4, 1), 12, 2031),
        (date(2019, 4, 2), 12, 2032),
        (date(2016, 2, 29), 6, 2022),
    ],
)
def test_school_entry_fiscal_year(birth: date, entry_age: int, fy: int) -> None:
    assert school_entry_fiscal_year(birth, entry_age) == fy


def test_age_on_fiscal_start_other_calendar() -> None:
    assert age_on_fiscal_start(date(2000, 1, 2), 2020, FiscalCalendar(1)) == 20
    assert age_on_fiscal_start(date(2000, 1, 3), 2020, FiscalCalendar(1)) == 19


@pytest.mark.parametrize(
    ("birth", "age", "reached"),
    [
        (date(2000, 4, 2), 20, date(2020, 4, 1)),
        (date(2000, 4, 1), 6, date(2006, 3, 31)),
        (date(2000, 1, 1), 1, date(2000, 12, 31)),
        (date(2000, 2, 29), 1, date(2001, 2, 28)),
        (date(2000, 2, 29), 4, date(2004, 2, 28)),
        (date(2000, 3, 1), 4, date(2004, 2, 29)),
        (date(1955, 4, 10), 70, date(2025, 4, 9)),
        (date(2000, 5, 5), 0, date(2000, 5, 5)),
    ],
)
def test_date_reaching_age(birth: date, age: int, reached: date) -> None:
    assert date_reaching_age(birth, age) == reached


def test_negative_age_is_refused() -> None:
    with pytest.raises(ValidationError, match="年齢「-1」は0以上で指定してください"):
        date_reaching_age(date(2000, 1, 1), -1)


births = st.dates(min_value=date(1873, 1, 1), max_value=date(2100, 12, 31))


@given(births, st.integers(1, 120))
def test_age_is_reached_on_the_computed_day(birth: date, age: int) -> None:
    reached = date_reaching_age(birth, age)
    assert age_on(birth, reached) == age
    assert age_on(birth, reached - timedelta(days=1)) == age - 1


@given(births, st.integers(0, 40_000))
def test_age_never_decreases_and_moves_by_one(birth: date, days: int) -> None:
    on = birth + timedelta(days=days)
    assume(on < date(9999, 12, 30))
    today, tomorrow = age_on(birth, on), age_on(birth, on + timedelta(days=1))
    assert tomorrow - today in {0, 1}
    assert days // 366 <= today <= days // 365 + 1
