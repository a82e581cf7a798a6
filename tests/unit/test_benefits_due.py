"""Due lists: school entries, ages, wedding and membership anniversaries, with boundaries."""

from __future__ import annotations

import datetime as dt

from gojokai_desktop.domain.benefits.due import (
    DuePerson,
    due_ages,
    due_membership_years,
    due_school_entries,
    due_wedding_anniversaries,
)

D = dt.date


def person(key: str, base: dt.date) -> DuePerson:
    return DuePerson("0001-001", key, f"名前{key}", base)


def test_school_entry_boundary_1_april() -> None:
    children = [
        person("a", D(2019, 4, 1)),  # 早生まれ: enters 2025
        person("b", D(2019, 4, 2)),  # enters 2026
        person("c", D(2018, 4, 2)),  # enters 2025
        person("d", D(2013, 4, 1)),  # 中学校 2025
    ]
    elementary = due_school_entries(children, 2025, "ENT1", 6)
    assert [(i.person_key, i.event_date, i.reason) for i in elementary] == [
        ("a", D(2025, 4, 1), "小学校入学"),
        ("c", D(2025, 4, 1), "小学校入学"),
    ]
    junior = due_school_entries(children, 2025, "ENT2", 12)
    assert [(i.person_key, i.kind_code, i.reason) for i in junior] == [("d", "ENT2", "中学校入学")]


def test_reaching_age_in_fiscal_year() -> None:
    people = [
        person("a", D(2005, 4, 2)),  # 20 on 2025-04-01: FY2025
        person("b", D(2005, 4, 1)),  # 20 on 2025-03-31: FY2024
        person("c", D(2006, 4, 1)),  # 20 on 2026-03-31: FY2025
        person("d", D(2006, 4, 2)),  # 20 on 2026-04-01: FY2026
    ]
    items = due_ages(people, 2025, "ADULT", (20,))
    assert [(i.person_key, i.event_date, i.reason) for i in items] == [
        ("a", D(2025, 4, 1), "満20歳"),
        ("c", D(2026, 3, 31), "満20歳"),
    ]


def test_longevity_ages() -> None:
    people = [
        person("70", D(1955, 7, 1)),
        person("77", D(1948, 7, 1)),
        person("88", D(1937, 12, 1)),
        person("99", D(1926, 5, 1)),
        person("71", D(1954, 7, 1)),
    ]
    items = due_ages(people, 2025, "LONG", (70, 77, 80, 88, 90, 99))
    assert {(i.person_key, i.reason) for i in items} == {
        ("70", "満70歳"),
        ("77", "満77歳"),
        ("88", "満88歳"),
        ("99", "満99歳"),
    }
    assert [i.event_date for i in items] == sorted(i.event_date for i in items)


def test_leap_day_birth_reaches_age_on_28_february() -> None:
    items = due_ages([person("x", D(2004, 2, 29))], 2023, "ADULT", (20,))
    assert items[0].event_date == D(2024, 2, 28)


def test_silver_wedding() -> None:
    couples = [
        person("a", D(2000, 4, 1)),  # 2025-04-01: FY2025
        person("b", D(2000, 3, 31)),  # FY2024
        person("c", D(2001, 3, 31)),  # FY2025
        person("d", D(2000, 2, 29)),  # 2025-02-28: FY2024
    ]
    items = due_wedding_anniversaries(couples, 2025, "SILVER")
    assert [(i.person_key, i.event_date, i.reason) for i in items] == [
        ("a", D(2025, 4, 1), "結婚25年"),
        ("c", D(2026, 3, 31), "結婚25年"),
    ]
    assert due_wedding_anniversaries(couples, 2024, "SILVER")[0].event_date == D(2025, 2, 28)


def test_membership_years() -> None:
    members = [
        person("a", D(2015, 4, 1)),  # 10 years complete on 2025-03-31: FY2024
        person("b", D(2015, 4, 2)),  # 2025-04-01: FY2025
        person("c", D(2005, 5, 1)),  # 20 years on 2025-04-30
        person("d", D(1995, 4, 1)),  # 30 years on 2025-03-31: FY2024
    ]
    items = due_membership_years(members, 2025, "LONGSERVICE")
    assert [(i.person_key, i.event_date, i.reason) for i in items] == [
        ("b", D(2025, 4, 1), "会員期間10年"),
        ("c", D(2025, 4, 30), "会員期間20年"),
    ]
    previous = due_membership_years(members, 2024, "LONGSERVICE")
    assert [(i.person_key, i.reason) for i in previous] == [
        ("a", "会員期間10年"),
        ("d", "会員期間30年"),
    ]
