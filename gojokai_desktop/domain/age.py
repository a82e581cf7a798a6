"""Age (満年齢) by the legal rule: a person counts as N from the day before the Nth birthday.

So a person born on 2 April is already N on 1 April, and a person born on 29 February reaches
each age on 28 February. School years follow from the same rule: a child enters elementary school
in the first school year that begins after the day on which it reaches 6, so the children born
2 April … 1 April of the next year enter together (:func:`school_entry_fiscal_year`).
"""

from __future__ import annotations

from datetime import date, timedelta

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar


def _completed_years(birth: date, year: int, month: int, day: int) -> int:
    """Birthdays passed by (year, month, day), counting 29 February as 1 March."""
    return year - birth.year - ((month, day) < (birth.month, birth.day))


def age_on(birth: date, on: date) -> int:
    """満年齢 on the day ``on``: one more than the calendar age on the day before a birthday."""
    if on < birth:
        raise ValidationError(
            f"基準日（{on.isoformat()}）が生年月日（{birth.isoformat()}）より前です", "生年月日"
        )
    if on == date.max:
        return _completed_years(birth, on.year + 1, 1, 1)
    nxt = on + timedelta(days=1)
    return _completed_years(birth, nxt.year, nxt.month, nxt.day)


def age_on_fiscal_start(birth: date, fy: int, calendar: FiscalCalendar = APRIL_START) -> int:
    """満年齢 on the first day of fiscal year ``fy`` (1 April with the usual calendar)."""
    return age_on(birth, calendar.first_day(fy))


def date_reaching_age(birth: date, age: int) -> date:
    """The first day on which the person is ``age`` (the day before the birthday; 0 → birth)."""
    if age < 0:
        raise ValidationError(f"年齢「{age}」は0以上で指定してください", "年齢")
    if age == 0:
        return birth
    year = birth.year + age
    try:
        birthday = birth.replace(year=year)
    except ValueError:  # 29 February in a common year: the birthday counts as 1 March
        birthday = date(year, 3, 1)
    return birthday - timedelta(days=1)


def school_entry_fiscal_year(
    birth: date, entry_age: int = 6, calendar: FiscalCalendar = APRIL_START
) -> int:
    """The school year a child starts school at ``entry_age`` (6: 小学校, 12: 中学校).

    学校教育法: the first school year that begins on or after the day after the child reaches
    ``entry_age``. Born 2019-04-01 → 2025 (6 on 2025-03-31); born 2019-04-02 → 2026.
    """
    day_after = date_reaching_age(birth, entry_age) + timedelta(days=1)
    fy = calendar.year_of(day_after)
    return fy if calendar.first_day(fy) == day_after else fy + 1
