"""Completed years of membership over rejoins, by the same count the amount rules use."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.benefits.due import (
    DuePerson,
    date_completing_membership,
    due_membership_periods,
)
from gojokai_desktop.domain.benefits.rules import ClaimFacts, MembershipPeriod, membership_years

D = dt.date
P = MembershipPeriod


def years_on(periods: tuple[MembershipPeriod, ...], day: dt.date) -> int:
    return membership_years(ClaimFacts(event_date=day, claim_date=day, membership=periods))


def test_one_period_from_1_april() -> None:
    assert date_completing_membership((P(D(2015, 4, 1)),), 10) == D(2025, 3, 31)
    assert date_completing_membership((P(D(2015, 4, 2)),), 10) == D(2025, 4, 1)


def test_rejoined_member_counts_the_earlier_period() -> None:
    periods = (P(D(2010, 4, 1), D(2015, 3, 31)), P(D(2020, 10, 1)))  # 5 years, then back
    assert date_completing_membership(periods, 10) == D(2025, 9, 30)
    assert years_on(periods, D(2025, 9, 30)) == 10
    assert years_on(periods, D(2025, 9, 29)) == 9


def test_incomplete_months_of_a_closed_period_do_not_count() -> None:
    # 2010-04-15 … 2011-06-10 holds 13 whole months; the rest comes from the new period.
    periods = (P(D(2010, 4, 15), D(2011, 6, 10)), P(D(2012, 1, 1)))
    assert date_completing_membership(periods, 10) == D(2020, 11, 30)


def test_start_on_29_february_and_31_january() -> None:
    assert date_completing_membership((P(D(2016, 2, 29)),), 10) == D(2026, 2, 28)
    assert years_on((P(D(2016, 2, 29)),), D(2026, 2, 27)) == 9
    assert date_completing_membership((P(D(2015, 1, 31)),), 10) == D(2025, 1, 30)


def test_not_reached_within_the_periods() -> None:
    assert date_completing_membership((P(D(2010, 4, 1), D(2019, 3, 30)),), 10) is None


def test_due_list_over_periods() -> None:
    member = DuePerson("0001-001", "member", "佐藤　花子", D(2010, 4, 1))
    periods = (P(D(2010, 4, 1), D(2015, 3, 31)), P(D(2020, 10, 1)))
    items = due_membership_periods([(member, periods)], 2025, "long_service")
    assert [(i.event_date, i.reason) for i in items] == [(D(2025, 9, 30), "会員期間10年")]
    assert due_membership_periods([(member, periods)], 2024, "long_service") == []


@given(
    first=st.dates(D(1990, 1, 1), D(2010, 12, 31)),
    length=st.integers(0, 4000),
    gap=st.integers(1, 3000),
    years=st.integers(1, 30),
)
def test_the_day_is_the_first_with_those_years(
    first: dt.date, length: int, gap: int, years: int
) -> None:
    end = first + dt.timedelta(days=length)
    periods = (P(first, end), P(end + dt.timedelta(days=gap)))
    day = date_completing_membership(periods, years)
    assert day is not None
    assert years_on(periods, day) == years
    assert years_on(periods, day - dt.timedelta(days=1)) == years - 1
