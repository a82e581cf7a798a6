"""Tests of Japanese era dates: every input form, every refusal, and a round trip of every day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.wareki import (
    ERAS,
    MAX_DATE,
    MIN_DATE,
    WEEKDAYS,
    Era,
    blank_wareki,
    era_by_name,
    era_end,
    era_of,
    format_era_year,
    format_wareki,
    format_wareki_month,
    format_wareki_short,
    parse_date,
    parse_month,
)


def test_eras_table() -> None:
    assert [(e.name, e.letter, e.start) for e in ERAS] == [
        ("明治", "M", date(1868, 1, 25)),
        ("大正", "T", date(1912, 7, 30)),
        ("昭和", "S", date(1926, 12, 25)),
        ("平成", "H", date(1989, 1, 8)),
        ("令和", "R", date(2019, 5, 1)),
    ]
    assert date(1873, 1, 1) == MIN_DATE
    assert date(2100, 12, 31) == MAX_DATE
    assert WEEKDAYS == "月火水木金土日"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7.4.1", date(2025, 4, 1)),
        ("r7.4.1", date(2025, 4, 1)),
        ("R07.04.01", date(2025, 4, 1)),
        ("令和7年4月1日", date(2025, 4, 1)),
        ("令和元年5月1日", date(2019, 5, 1)),
        ("令和1年5月1日", date(2019, 5, 1)),
        ("R元.5.1", date(2019, 5, 1)),
        ("令7.4.1", date(2025, 4, 1)),
        ("H31.4.30", date(2019, 4, 30)),
        ("H元.1.8", date(1989, 1, 8)),
        ("S64.1.7", date(1989, 1, 7)),
        ("S45/3/2", date(1970, 3, 2)),
        ("S45-3-2", date(1970, 3, 2)),
        ("昭和45年3月2日", date(1970, 3, 2)),
        ("昭45.3.2", date(1970, 3, 2)),
        ("T1.7.30", date(1912, 7, 30)),
        ("大正元年12月24日", date(1912, 12, 24)),
        ("T15.12.24", date(1926, 12, 24)),
        ("S1.12.25", date(1926, 12, 25)),
        ("M6.1.1", date(1873, 1, 1)),
        ("明治45年7月29日", date(1912, 7, 29)),
        ("2025-04-01", date(2025, 4, 1)),
        ("2025/4/1", date(2025, 4, 1)),
        ("2025.4.1", date(2025, 4, 1)),
        ("2025年4月1日", date(2025, 4, 1)),
        ("20250401", date(2025, 4, 1)),
        ("Ｒ７．４．１", date(2025, 4, 1)),
        ("ｒ７．４．１", date(2025, 4, 1)),
        ("令和７年４月１日", date(2025, 4, 1)),
        ("２０２５／０４／０１", date(2025, 4, 1)),
        ("２０２５０４０１", date(2025, 4, 1)),
        ("2025ー4ー1", date(2025, 4, 1)),
        ("2025－4－1", date(2025, 4, 1)),
        ("  R7.4.1  ", date(2025, 4, 1)),
        ("令和 7年 4月 1日", date(2025, 4, 1)),
        ("令和　７年　４月　１日", date(2025, 4, 1)),
        ("R7.4.1(火)", date(2025, 4, 1)),
        ("令和7年4月1日(火)", date(2025, 4, 1)),
        ("令和7年4月1日（火）", date(2025, 4, 1)),
        ("令和7年4月1日 (火曜)", date(2025, 4, 1)),
        ("令和7年4月1日(火曜日)", date(2025, 4, 1)),
        ("2025-04-01(火)", date(2025, 4, 1)),
        ("㋿7.4.1", date(2025, 4, 1)),
        ("㍻31.4.30", date(2019, 4, 30)),
        ("㍼45.3.2", date(1970, 3, 2)),
        ("R7.2.28", date(2025, 2, 28)),
        ("R6.2.29", date(2024, 2, 29)),
        ("2000-02-29", date(2000, 2, 29)),
        ("1873-01-01", MIN_DATE),
        ("2100-12-31", MAX_DATE),
        ("R82.12.31", MAX_DATE),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("R7.2.29", "「R7.2.29」は存在しない日付です（令和7年2月は28日まで）"),
        ("R7.4.31", "「R7.4.31」は存在しない日付です（令和7年4月は30日まで）"),
        ("R元.6.31", "「R元.6.31」は存在しない日付です（令和元年6月は30日まで）"),
        ("2025-02-29", "「2025-02-29」は存在しない日付です（2025年2月は28日まで）"),
        ("1900-02-29", "「1900-02-29」は存在しない日付です（1900年2月は28日まで）"),
        ("R7.4.0", "「R7.4.0」は存在しない日付です（令和7年4月は30日まで）"),
        ("R7.13.1", "「R7.13.1」の月が違います（1〜12月で入力してください）"),
        ("2025-00-10", "「2025-00-10」の月が違います（1〜12月で入力してください）"),
        ("H31.5.1", "平成は31年4月30日までです（平成31年5月1日は令和元年5月1日です）"),
        ("H32.1.1", "平成は31年4月30日までです（平成32年1月1日は令和2年1月1日です）"),
        ("S64.1.8", "昭和は64年1月7日までです（昭和64年1月8日は平成元年1月8日です）"),
        ("T15.12.25", "大正は15年12月24日までです（大正15年12月25日は昭和元年12月25日です）"),
        ("H99.1.1", "平成は31年4月30日までです"),
        ("R1.4.30", "令和は元年5月1日からです（令和元年4月30日は平成31年4月30日です）"),
        ("H1.1.7", "平成は元年1月8日からです（平成元年1月7日は昭和64年1月7日です）"),
        ("M1.1.1", "明治は元年1月25日からです"),
        ("R0.5.1", "「R0.5.1」: 令和0年はありません（最初の年は令和元年です）"),
        ("M5.12.31", "1872年12月31日は扱える範囲の外です（1873年1月1日から2100年12月31日まで）"),
        ("R83.1.1", "2101年1月1日は扱える範囲の外です（1873年1月1日から2100年12月31日まで）"),
        ("1872-12-31", "「1872-12-31」は扱える範囲の外です（1873年から2100年まで）"),
        ("2101-01-01", "「2101-01-01」は扱える範囲の外です（1873年から2100年まで）"),
        ("0000-01-01", "「0000-01-01」は扱える範囲の外です（1873年から2100年まで）"),
        ("R7.4.1(水)", "令和7年4月1日は火曜日です（水曜日と入力されています）"),
        ("2025/4/1（月）", "令和7年4月1日は火曜日です（月曜日と入力されています）"),
        ("25/4/1", "「25/4/1」は年がわかりません（西暦は4桁、和暦は元号を付けてください。"),
        ("7.4.1", "「7.4.1」は年がわかりません"),
        ("abc", "「abc」は日付として読めません（例: R7.4.1、令和7年4月1日、2025-04-01）"),
        ("X7.4.1", "「X7.4.1」は日付として読めません"),
        ("R7.4", "「R7.4」は日付として読めません"),
        ("R7.4.1.1", "「R7.4.1.1」は日付として読めません"),
        ("2025041", "「2025041」は日付として読めません"),
        ("R7.4.1(金", "「R7.4.1(金」は日付として読めません"),
        ("R1000.1.1", "「R1000.1.1」は日付として読めません"),
        ("", "生年月日を入力してください"),
        ("　", "生年月日を入力してください"),
    ],
)
def test_parse_date_rejects(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_date(text, "生年月日")
    assert info.value.message.startswith(message)
    assert info.value.field == "生年月日"


@pytest.mark.parametrize(
    ("d", "long", "with_weekday", "short", "era_year"),
    [
        (date(2025, 4, 1), "令和7年4月1日", "令和7年4月1日(火)", "R7.4.1", "令和7年"),
        (date(2025, 4, 11), "令和7年4月11日", "令和7年4月11日(金)", "R7.4.11", "令和7年"),
        (date(2019, 5, 1), "令和元年5月1日", "令和元年5月1日(水)", "R1.5.1", "令和元年"),
        (date(2019, 4, 30), "平成31年4月30日", "平成31年4月30日(火)", "H31.4.30", "平成31年"),
        (date(1989, 1, 8), "平成元年1月8日", "平成元年1月8日(日)", "H1.1.8", "平成元年"),
        (date(1989, 1, 7), "昭和64年1月7日", "昭和64年1月7日(土)", "S64.1.7", "昭和64年"),
        (date(1926, 12, 25), "昭和元年12月25日", "昭和元年12月25日(土)", "S1.12.25", "昭和元年"),
        (date(1912, 7, 30), "大正元年7月30日", "大正元年7月30日(火)", "T1.7.30", "大正元年"),
        (date(1873, 1, 1), "明治6年1月1日", "明治6年1月1日(水)", "M6.1.1", "明治6年"),
        (date(2100, 12, 31), "令和82年12月31日", "令和82年12月31日(金)", "R82.12.31", "令和82年"),
    ],
)
def test_formats(d: date, long: str, with_weekday: str, short: str, era_year: str) -> None:
    assert format_wareki(d) == long
    assert format_wareki(d, weekday=True) == with_weekday
    assert format_wareki_short(d) == short
    assert format_era_year(d) == era_year


@pytest.mark.parametrize("d", [date(1872, 12, 31), date(2101, 1, 1), date(1, 1, 1)])
def test_out_of_range_dates_cannot_be_formatted(d: date) -> None:
    with pytest.raises(ValidationError, match="扱える範囲の外です"):
        format_wareki(d)
    with pytest.raises(ValidationError, match="扱える範囲の外です"):
        era_of(d)


@pytest.mark.parametrize(
    ("d", "era_name", "year"),
    [
        (date(2019, 4, 30), "平成", 31),
        (date(2019, 5, 1), "令和", 1),
        (date(1989, 1, 7), "昭和", 64),
        (date(1989, 1, 8), "平成", 1),
        (date(1926, 12, 24), "大正", 15),
        (date(1926, 12, 25), "昭和", 1),
        (date(1912, 7, 29), "明治", 45),
        (date(1912, 7, 30), "大正", 1),
    ],
)
def test_era_of_at_boundaries(d: date, era_name: str, year: int) -> None:
    era, number = era_of(d)
    assert (era.name, number) == (era_name, year)


def test_era_lookup_and_end() -> None:
    assert era_by_name("令和") == era_by_name("R") == era_by_name("ｒ") == era_by_name("令")
    assert era_by_name("平成") == Era("平成", "H", date(1989, 1, 8))
    assert era_end(era_by_name("平成")) == date(2019, 4, 30)
    assert era_end(era_by_name("令和")) is None
    with pytest.raises(ValidationError, match="「X」という元号はありません"):
        era_by_name("X")


def test_blank_wareki() -> None:
    assert blank_wareki() == "令和　　年　　月　　日"
    assert blank_wareki("平成") == "平成　　年　　月　　日"


def _every_day() -> list[date]:
    days = (MAX_DATE - MIN_DATE).days + 1
    return [MIN_DATE + timedelta(days=n) for n in range(days)]


def test_every_day_round_trips() -> None:
    for d in _every_day():
        assert parse_date(format_wareki(d)) == d
        assert parse_date(format_wareki_short(d)) == d


@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE))
def test_other_forms_round_trip(d: date) -> None:
    assert parse_date(format_wareki(d, weekday=True)) == d
    assert parse_date(d.isoformat()) == d
    assert parse_date(d.strftime("%Y%m%d")) == d
    assert parse_date(f"{d.year}年{d.month}月{d.day}日") == d
    full_width = format_wareki_short(d).translate(
        {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
    )
    assert parse_date(full_width) == d


@given(st.dates(min_value=MIN_DATE, max_value=MAX_DATE), st.integers(1, 6))
def test_wrong_weekday_is_refused(d: date, shift: int) -> None:
    wrong = WEEKDAYS[(d.weekday() + shift) % 7]
    with pytest.raises(ValidationError, match=f"{WEEKDAYS[d.weekday()]}曜日です"):
        parse_date(f"{format_wareki(d)}({wrong})")


# ---------------------------------------------------------------- months (請求月)
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R7.4", date(2025, 4, 1)),
        ("令和7年4月", date(2025, 4, 1)),
        ("令7.4", date(2025, 4, 1)),
        ("7.4", date(2025, 4, 1)),  # a year without era: the era in force
        ("7年4月分", date(2025, 4, 1)),
        ("2025/4", date(2025, 4, 1)),
        ("2025-04", date(2025, 4, 1)),
        ("2025年4月", date(2025, 4, 1)),
        ("202504", date(2025, 4, 1)),
        ("Ｒ７．４", date(2025, 4, 1)),
        ("R7.4.15", date(2025, 4, 1)),  # a whole date: its month
        ("H31.4", date(2019, 4, 1)),
        ("令和元年5月", date(2019, 5, 1)),
    ],
)
def test_parse_month_reads_every_form(text: str, expected: date) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("H31.5", "平成は31年4月までです（平成31年5月は令和元年5月です）"),
        ("R1.4", "令和は元年5月からです"),
        ("2025/13", "「2025/13」の月が違います（1〜12月で入力してください）"),
        ("R0.4", "「R0.4」: 令和0年はありません（最初の年は令和元年です）"),
        ("", "請求月を入力してください（例: R7.4、令和7年4月、7.4、2025/4、2025-04）"),
        ("四月", "「四月」は年月として読めません（例: R7.4、令和7年4月、7.4、2025/4、2025-04）"),
    ],
)
def test_parse_month_refuses_with_the_field_and_what_is_expected(text, message) -> None:
    with pytest.raises(ValidationError) as error:
        parse_month(text, "請求月")
    assert (error.value.field, error.value.message) == ("請求月", message)


def test_format_wareki_month() -> None:
    assert format_wareki_month(date(2019, 5, 20)) == "令和元年5月"


def test_stored_utc_times_are_shown_in_local_time(monkeypatch) -> None:
    import datetime as dt
    import time

    from gojokai_desktop.domain.wareki import format_local_time

    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        # 23:30 UTC on 14 June is 08:30 on 15 June in Japan: the clerk's own day and hour.
        assert format_local_time(dt.datetime(2025, 6, 14, 23, 30)) == "R7.6.15 08:30"
        assert format_local_time(dt.datetime(2025, 6, 14, 23, 30, tzinfo=dt.UTC)) == (
            "R7.6.15 08:30"
        )
    finally:
        monkeypatch.undo()
        time.tzset()
