"""Event rules without a database: subsidy bands, the labour bank's claim, refunds, seats."""

from __future__ import annotations

import datetime as dt

import pytest

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import (
    Amounts,
    EventRules,
    RefundRule,
    SubsidyBand,
    SubsidyRule,
    category_code,
    kind_code,
    labour_bank_claim,
    parse_start_time,
    validate_rules,
)
from gojokai_desktop.domain.events.seats import Seats, Waiting, place, promote

D = dt.date
TRIP_004 = SubsidyRule(
    "trip",
    "研修旅行",
    "cost",
    bands=(
        SubsidyBand(100_000, Amounts(5_000, 3_000, 0)),
        SubsidyBand(200_000, Amounts(8_000, 4_000, 0)),
    ),
)


@pytest.mark.parametrize(
    ("cost", "member", "family"),
    [(80_000, 5_000, 3_000), (99_999, 5_000, 3_000), (100_000, 8_000, 4_000),
     (199_999, 8_000, 4_000), (200_000, 0, 0)],
)  # fmt: skip
def test_trip_subsidy_of_004_follows_the_cost_bands(cost: int, member: int, family: int) -> None:
    amounts, words = TRIP_004.amounts_for(cost)
    assert (amounts.member, amounts.family) == (member, family)
    assert f"{cost:,}円" in words


def test_a_band_subsidy_without_a_cost_names_the_field() -> None:
    with pytest.raises(ValidationError) as error:
        TRIP_004.amounts_for(None)
    assert error.value.field == "1人当たり費用"


def test_rules_refuse_bands_that_do_not_rise_and_negative_amounts() -> None:
    falling = SubsidyRule("x", "旅行", "cost", bands=(SubsidyBand(200_000, Amounts()),
                                                      SubsidyBand(100_000, Amounts())))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        validate_rules(EventRules("t", 2025, (falling,)))
    assert error.value.field == "補助「旅行」の区分2"
    negative = SubsidyRule("y", "ドック", "fixed", fixed=Amounts(-1, 0, 0))
    with pytest.raises(ValidationError) as error:
        validate_rules(EventRules("t", 2025, (negative,)))
    assert error.value.field == "補助「ドック」の補助額（会員）"


@pytest.mark.parametrize(
    ("participants", "costs", "claimed"),
    [(30, 45_000, 45_000), (30, 80_000, 60_000), (0, 10_000, 0), (23, 46_000, 46_000)],
)
def test_labour_bank_claims_the_smaller_of_costs_and_2000_a_head(
    participants: int, costs: int, claimed: int
) -> None:
    assert labour_bank_claim(participants, costs) == claimed


def test_cancellation_fee_applies_only_from_its_day_and_rounds_down() -> None:
    rule = RefundRule(7, 30)
    event = D(2025, 9, 20)
    assert rule.kept(9_999, D(2025, 9, 12), event) == 0
    assert rule.kept(9_999, D(2025, 9, 13), event) == 2_999
    assert RefundRule().kept(9_999, event, event) == 0


def test_seats_wait_in_order_and_a_group_is_not_overtaken() -> None:
    seats = Seats(4, {1: None})
    waiting: list[Waiting] = []
    assert place(seats, 1, 3, waiting)
    assert not place(seats, 1, 2, waiting)
    waiting.append(Waiting(2, 1, 2))
    # One seat is free, but a single person behind the pair waits too.
    assert not place(seats, 1, 1, waiting)
    waiting.append(Waiting(3, 1, 1))
    assert promote(seats, waiting) == []
    seats.release(1, 3)
    assert promote(seats, waiting) == [2, 3]
    assert seats.taken_event == 3


def test_a_full_clinic_does_not_hold_up_another_clinic() -> None:
    seats = Seats(None, {1: 1, 2: 5})
    waiting = [Waiting(7, 1, 1)]
    seats.take(1, 1)
    assert place(seats, 2, 1, waiting)
    assert promote(seats, [Waiting(7, 1, 1), Waiting(8, 2, 1)]) == [8]


@pytest.mark.parametrize(
    ("typed", "time"),
    [("10:00", "10:00"), ("１０：３０", "10:30"), ("9時", "09:00"), ("9時30分", "09:30"), ("", "")],
)
def test_start_times_clerks_type(typed: str, time: str) -> None:
    assert parse_start_time(typed) == time


def test_impossible_time_and_unknown_kind_or_category_are_refused() -> None:
    with pytest.raises(ValidationError) as error:
        parse_start_time("25:00", "開始時刻（日程2）")
    assert error.value.field == "開始時刻（日程2）"
    with pytest.raises(ValidationError):
        kind_code("運動会")
    assert kind_code("旅行") == "trip"
    assert [category_code(x) for x in ("本人", "家族", "ゲスト", "一般")] == [
        "member", "family", "guest", "guest"
    ]  # fmt: skip
