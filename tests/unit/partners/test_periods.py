"""A partner's year: its months and halves, and periods as partners' sheets write them."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.partners.items import (
    is_total_label,
    match_key,
    parse_figure,
    parse_percent,
    scale_target,
)
from gojokai_desktop.domain.partners.periods import (
    FIRST_HALF,
    SECOND_HALF,
    PartnerYear,
    Period,
    month_period,
)

D = dt.date
COOP = PartnerYear(2024, 6)  # June 2024 – May 2025 (003)
BANK = PartnerYear(2025, 4)


def test_a_co_op_year_runs_june_to_may() -> None:
    assert (COOP.first_day, COOP.last_day) == (D(2024, 6, 1), D(2025, 5, 31))
    assert COOP.label() == "2024年度（令和6年6月〜令和7年5月）"
    assert COOP.end_of(FIRST_HALF) == D(2024, 11, 30)
    assert COOP.start_of(SECOND_HALF) == D(2024, 12, 1)
    assert COOP.period_label(FIRST_HALF) == "上期（令和6年6月〜令和6年11月）"
    assert COOP.period_label(month_period(9)) == "令和7年2月"
    assert COOP.end_of(month_period(9)) == D(2025, 2, 28)
    assert COOP.month_of(D(2025, 5, 31)) == 12
    assert COOP.month_of(D(2025, 6, 1)) is None
    assert COOP.period_at(D(2024, 12, 1), 6) == SECOND_HALF
    assert COOP.period_at(D(2024, 12, 1), 3) is None
    assert COOP.period_at(D(2024, 12, 2), 1) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("上期", FIRST_HALF),
        ("上半期", FIRST_HALF),
        ("下期", SECOND_HALF),
        ("H2", SECOND_HALF),
        ("上期（令和6年6月〜令和6年11月）", FIRST_HALF),
        ("9月", Period(4, 1)),
        ("９月", Period(4, 1)),
        ("2月", Period(9, 1)),
        ("2025年2月", Period(9, 1)),
        ("R7.2", Period(9, 1)),
        ("令和7年2月", Period(9, 1)),
        ("2024-11", Period(6, 1)),
        ("2024/11/15", Period(6, 1)),
        (D(2025, 5, 3), Period(12, 1)),
    ],
)
def test_periods_as_partners_write_them(text: object, period: Period) -> None:
    assert COOP.parse_period(text) == period


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025年6月", "2024年度（令和6年6月〜令和7年5月）の外"),
        ("R6.5", "の外"),
        ("13月", "1〜12"),
        ("来期", "期間として読めません"),
        ("", "期間を入力"),
    ],
)
def test_periods_outside_the_year_or_unreadable_are_refused(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        COOP.parse_period(text, "期間")
    assert message in error.value.message
    assert error.value.field == "期間"


def test_halves_and_months_overlap_but_halves_do_not() -> None:
    assert FIRST_HALF.overlaps(month_period(6))
    assert not FIRST_HALF.overlaps(month_period(7))
    assert not FIRST_HALF.overlaps(SECOND_HALF)
    with pytest.raises(ValueError, match="half year starts"):
        Period(2, 6)
    assert BANK.report_span("H1") == (D(2025, 4, 1), D(2025, 9, 30))
    assert BANK.report_span("year") == (D(2025, 4, 1), D(2026, 3, 31))


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,234", 1_234), ("１２件", 12), (" 0 ", 0), (12.0, 12), (7, 7), ("3,000千円", 3_000)],
)
def test_figures_as_typed(text: object, value: int) -> None:
    assert parse_figure(text) == value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-3", "マイナスの実績は入力できません"),
        ("△5", "マイナス"),
        ("▲1,000", "マイナス"),
        (-2, "マイナス（-2）"),
        ("1.5", "小数"),
        (2.5, "小数"),
        ("12,34", "カンマの位置"),
        ("たくさん", "数として読めません"),
        (True, "数として読めません"),
    ],
)
def test_negative_fractional_or_unreadable_figures_are_refused(text: object, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_figure(text, "実績")
    assert message in error.value.message
    assert error.value.field == "実績"


def test_percent_changes_and_copied_targets() -> None:
    assert [parse_percent(t) for t in ("5", "-2.5", "△3%", "+10", "")] == [50, -25, -30, 100, 0]
    with pytest.raises(ValidationError):
        parse_percent("5割")
    with pytest.raises(ValidationError):
        parse_percent("-150")
    assert scale_target(18_500, 50) == 19_425  # +5 %
    assert scale_target(850, 25) == 871  # 871.25 → 871
    assert scale_target(10, 50) == 11  # 10.5 → 11 (half up)
    assert scale_target(3, -1000) == 0


def test_labels_and_keys_for_matching_sheet_rows() -> None:
    assert is_total_label("合 計")
    assert is_total_label("小計")
    assert not is_total_label("合計口数")
    assert match_key("預金・融資・各種サービス／メイン化") == match_key(
        "預金融資各種サービス メイン化"
    )
    assert match_key("ＡＢＣ") == "abc"
