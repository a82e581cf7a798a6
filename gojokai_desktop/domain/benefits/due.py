"""Due lists (該当者一覧): who reaches a date-driven benefit in a fiscal year.

The society finds these from its own data and offers the benefit: children entering 小学校 or
中学校 on 1 April, people reaching an age (成人 20, 長寿 70 … 99, by the 満年齢 rule), and
anniversaries (銀婚 25 years of marriage, 永年 10/20/30 years of membership).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from gojokai_desktop.domain.age import date_reaching_age, school_entry_fiscal_year
from gojokai_desktop.domain.benefits.rules import (
    MembershipPeriod,
    add_months_clamped,
    completed_months,
)
from gojokai_desktop.domain.fiscal import APRIL_START, FiscalCalendar


@dataclass(frozen=True)
class DuePerson:
    """A person with the date a benefit counts from (birth, wedding, membership start)."""

    member_key: str
    person_key: str
    name: str
    base_date: date


@dataclass(frozen=True)
class DueItem:
    """One benefit due: to whom, for which kind, on which date, and why."""

    kind_code: str
    member_key: str
    person_key: str
    name: str
    event_date: date
    reason: str


def _anniversary(base: date, years: int) -> date:
    try:
        return base.replace(year=base.year + years)
    except ValueError:  # 29 February in a common year: the anniversary is 28 February
        return date(base.year + years, 2, 28)


def due_school_entries(
    children: Iterable[DuePerson],
    fiscal_year: int,
    kind_code: str,
    entry_age: int = 6,
    calendar: FiscalCalendar = APRIL_START,
) -> list[DueItem]:
    """Children entering school (6: 小学校, 12: 中学校) on the first day of ``fiscal_year``."""
    school = "小学校" if entry_age == 6 else "中学校" if entry_age == 12 else f"{entry_age}歳入学"
    first = calendar.first_day(fiscal_year)
    return [
        DueItem(kind_code, c.member_key, c.person_key, c.name, first, f"{school}入学")
        for c in children
        if school_entry_fiscal_year(c.base_date, entry_age, calendar) == fiscal_year
    ]


def due_ages(
    people: Iterable[DuePerson],
    fiscal_year: int,
    kind_code: str,
    ages: Sequence[int],
    calendar: FiscalCalendar = APRIL_START,
) -> list[DueItem]:
    """People who reach one of ``ages`` (満年齢, the day before the birthday) in the year."""
    items = []
    for person in people:
        for age in ages:
            reached = date_reaching_age(person.base_date, age)
            if calendar.contains(fiscal_year, reached):
                items.append(
                    DueItem(
                        kind_code,
                        person.member_key,
                        person.person_key,
                        person.name,
                        reached,
                        f"満{age}歳",
                    )
                )
    return sorted(items, key=lambda i: (i.event_date, i.member_key, i.person_key))


def due_wedding_anniversaries(
    couples: Iterable[DuePerson],
    fiscal_year: int,
    kind_code: str,
    years: int = 25,
    calendar: FiscalCalendar = APRIL_START,
) -> list[DueItem]:
    """Members whose wedding anniversary of ``years`` (銀婚: 25) falls in the year."""
    items = []
    for couple in couples:
        day = _anniversary(couple.base_date, years)
        if calendar.contains(fiscal_year, day):
            items.append(
                DueItem(
                    kind_code,
                    couple.member_key,
                    couple.person_key,
                    couple.name,
                    day,
                    f"結婚{years}年",
                )
            )
    return sorted(items, key=lambda i: (i.event_date, i.member_key))


def due_membership_years(
    members: Iterable[DuePerson],
    fiscal_year: int,
    kind_code: str,
    years: Sequence[int] = (10, 20, 30),
    calendar: FiscalCalendar = APRIL_START,
) -> list[DueItem]:
    """Members completing ``years`` of membership in the year.

    N years from a start on 1 April 2015 are complete at the end of 31 March 2025, the day
    before the anniversary, which is the event date.
    """
    items = []
    for member in members:
        for n in years:
            day = _anniversary(member.base_date, n) - timedelta(days=1)
            if calendar.contains(fiscal_year, day):
                items.append(
                    DueItem(
                        kind_code,
                        member.member_key,
                        member.person_key,
                        member.name,
                        day,
                        f"会員期間{n}年",
                    )
                )
    return sorted(items, key=lambda i: (i.event_date, i.member_key))


def date_completing_membership(periods: Sequence[MembershipPeriod], years: int) -> date | None:
    """The day ``years`` of membership are complete, counted over every period the way
    :func:`~gojokai_desktop.domain.benefits.rules.membership_years` counts them (the whole
    months of each period, summed); None when the periods do not reach it.
    """
    needed = 12 * years
    for period in sorted(periods, key=lambda p: p.start):
        day = add_months_clamped(period.start, needed) - timedelta(days=1)
        # A start on the 29th–31st meets a shorter month: the months complete a day or two later.
        while completed_months(period.start, day) < needed:
            day += timedelta(days=1)
        if period.end is None or day <= period.end:
            return day
        needed -= completed_months(period.start, period.end)
    return None


def due_membership_periods(
    members: Iterable[tuple[DuePerson, Sequence[MembershipPeriod]]],
    fiscal_year: int,
    kind_code: str,
    years: Sequence[int] = (10, 20, 30),
    calendar: FiscalCalendar = APRIL_START,
) -> list[DueItem]:
    """Members completing ``years`` of membership in the year, over rejoins (a member who
    left and came back counts the earlier periods too, as the amount rules do)."""
    items = []
    for member, periods in members:
        for n in years:
            day = date_completing_membership(periods, n)
            if day is not None and calendar.contains(fiscal_year, day):
                items.append(
                    DueItem(
                        kind_code,
                        member.member_key,
                        member.person_key,
                        member.name,
                        day,
                        f"会員期間{n}年",
                    )
                )
    return sorted(items, key=lambda i: (i.event_date, i.member_key))
