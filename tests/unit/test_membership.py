"""Tests of membership dates (join, leave, months charged) and member-number formats."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.membership import (
    DEFAULT_NUMBER_PATTERN,
    format_member_number,
    join_effective_date,
    leave_effective_date,
    months_charged,
    validate_number_pattern,
)


@pytest.mark.parametrize(
    ("received", "cutoff", "start"),
    [
        (date(2025, 4, 1), 20, date(2025, 5, 1)),
        (date(2025, 4, 20), 20, date(2025, 5, 1)),
        (date(2025, 4, 21), 20, date(2025, 6, 1)),
        (date(2025, 4, 30), 20, date(2025, 6, 1)),
        (date(2025, 11, 20), 20, date(2025, 12, 1)),
        (date(2025, 11, 21), 20, date(2026, 1, 1)),
        (date(2025, 12, 20), 20, date(2026, 1, 1)),
        (date(2025, 12, 21), 20, date(2026, 2, 1)),
        (date(2025, 4, 1), 1, date(2025, 5, 1)),
        (date(2025, 4, 2), 1, date(2025, 6, 1)),
        (date(2025, 4, 30), 31, date(2025, 5, 1)),
        (date(2025, 2, 28), 31, date(2025, 3, 1)),
        (date(2025, 2, 28), 30, date(2025, 3, 1)),  # a cut-off past the month's end is its end
        (date(2024, 2, 29), 29, date(2024, 3, 1)),
        (date(2025, 1, 31), 30, date(2025, 3, 1)),
    ],
)
def test_join_effective_date(received: date, cutoff: int, start: date) -> None:
    assert join_effective_date(received, cutoff) == start


@pytest.mark.parametrize("cutoff", [0, 32, -5])
def test_join_cutoff_is_validated(cutoff: int) -> None:
    with pytest.raises(ValidationError) as info:
        join_effective_date(date(2025, 4, 1), cutoff)
    assert info.value.message == f"締め日「{cutoff}」は1〜31で指定してください（31は月末）"
    assert info.value.field == "締め日"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)), st.integers(1, 31))
def test_join_is_always_a_first_one_or_two_months_on(received: date, cutoff: int) -> None:
    start = join_effective_date(received, cutoff)
    assert start.day == 1
    assert start > received
    assert months_charged(received, start) in {2, 3}


@pytest.mark.parametrize(
    ("received", "end"),
    [
        (date(2025, 4, 1), date(2025, 4, 30)),
        (date(2025, 4, 30), date(2025, 4, 30)),
        (date(2025, 2, 10), date(2025, 2, 28)),
        (date(2024, 2, 10), date(2024, 2, 29)),
        (date(2025, 12, 31), date(2025, 12, 31)),
    ],
)
def test_leave_effective_date(received: date, end: date) -> None:
    assert leave_effective_date(received) == end


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_leave_is_the_month_end(received: date) -> None:
    end = leave_effective_date(received)
    assert (end.year, end.month) == (received.year, received.month)
    assert (end + timedelta(days=1)).day == 1


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2025, 4, 1), date(2025, 4, 30), 1),
        (date(2025, 4, 15), date(2025, 4, 15), 1),
        (date(2025, 4, 30), date(2025, 5, 1), 2),
        (date(2025, 4, 1), date(2025, 6, 30), 3),
        (date(2025, 4, 1), date(2026, 3, 31), 12),
        (date(2025, 11, 20), date(2026, 2, 3), 4),
        (date(2020, 1, 1), date(2025, 12, 31), 72),
    ],
)
def test_months_charged(start: date, end: date, months: int) -> None:
    assert months_charged(start, end) == months


def test_months_charged_refuses_reversed_period() -> None:
    with pytest.raises(ValidationError) as info:
        months_charged(date(2025, 5, 1), date(2025, 4, 30))
    assert info.value.message == "終了日（2025-04-30）が開始日（2025-05-01）より前です"


@pytest.mark.parametrize(
    ("pattern", "establishment", "person", "serial", "number"),
    [
        (DEFAULT_NUMBER_PATTERN, 12, 34, 999, "0012-034"),
        ("{establishment:04d}-{person:03d}", 1234, 999, 1, "1234-999"),
        ("{serial:06d}", 12, 34, 56, "000056"),
        ("K{serial}", 12, 34, 56, "K56"),
        ("{establishment:02d}{person:02d}", 5, 7, 0, "0507"),
        ("{establishment}-{person}-{serial:05d}", 3, 4, 5, "3-4-00005"),
        ("{{{person:03d}}}", 0, 7, 0, "{007}"),
    ],
)
def test_format_member_number(
    pattern: str, establishment: int, person: int, serial: int, number: str
) -> None:
    assert (
        format_member_number(
            pattern, establishment_no=establishment, person_no=person, serial=serial
        )
        == number
    )


def test_default_pattern() -> None:
    assert format_member_number(establishment_no=7, person_no=1, serial=1) == "0007-001"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"establishment_no": 12345, "person_no": 1, "serial": 1},
            "事業所番号「12345」は会員番号の形式の4桁に収まりません",
        ),
        (
            {"establishment_no": 1, "person_no": 1000, "serial": 1},
            "事業所内の会員番号「1000」は会員番号の形式の3桁に収まりません",
        ),
        (
            {"establishment_no": -1, "person_no": 1, "serial": 1},
            "事業所番号「-1」は0以上にしてください",
        ),
    ],
)
def test_format_member_number_refuses_misfits(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(ValidationError) as info:
        format_member_number(DEFAULT_NUMBER_PATTERN, **kwargs)
    assert info.value.message == message


@pytest.mark.parametrize(
    "pattern",
    [DEFAULT_NUMBER_PATTERN, "{serial:06d}", "{person}", "A-{establishment:02d}-{serial:04d}"],
)
def test_validate_number_pattern_accepts(pattern: str) -> None:
    assert validate_number_pattern(pattern) == pattern


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        (
            "{member:04d}",
            "「{member}」は使えません（使えるのは {establishment}、{person}、{serial}）",
        ),
        ("{}", "「{}」は使えません"),
        ("{0}", "「{0}」は使えません"),
        ("{establishment.real}-{person}", "「{establishment.real}」は使えません"),
        ("{person:x}", "「{person:x}」の書式が違います（桁数だけ指定できます。例: {person:04d}）"),
        ("{person:>5}", "「{person:>5}」の書式が違います"),
        ("{person:3d}", "「{person:3d}」の書式が違います"),
        ("{person!r}", "「{person!r}」の書式が違います"),
        ("{person", "「{person」は { と } の対応が取れていません"),
        ("person}", "「person}」は { と } の対応が取れていません"),
        ("{establishment:04d}", "「{establishment:04d}」には {person} か {serial} が必要です"),
        ("", "「」には {person} か {serial} が必要です"),
    ],
)
def test_validate_number_pattern_rejects(pattern: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_number_pattern(pattern)
    assert info.value.message.startswith(message)
    assert info.value.field == "会員番号の形式"
