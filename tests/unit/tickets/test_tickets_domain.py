"""Ticket rules: prices and subsidy, caps, the seeded lottery and first-come, serial numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.tickets.allocation import Request, allocate, is_oversubscribed
from gojokai_desktop.domain.tickets.caps import check_cap, household_cap
from gojokai_desktop.domain.tickets.prices import Prices, check_prices
from gojokai_desktop.domain.tickets.serials import (
    free_runs,
    parse_range,
    take_highest,
    take_lowest,
)


def _requests(quantities: list[int], price_class: str = "adult") -> list[Request]:
    return [
        Request(n + 1, 100 + n, f"0001-{n + 1:03d}", price_class, q, (f"2025-05-{n + 1:02d}",))
        for n, q in enumerate(quantities)
    ]


# -- prices --------------------------------------------------------------------------------
def test_prices_name_the_field_that_is_wrong() -> None:
    assert check_prices(Prices(3_570, 2_000, 1_000)).supplier_discount == 570
    assert Prices(3_570, 2_000, 1_000).cost == 3_000
    with pytest.raises(ValidationError) as error:
        check_prices(Prices(1_000, 1_200, 0), "大人")
    assert error.value.field == "大人の会員価格"
    with pytest.raises(ValidationError) as error:
        check_prices(Prices(1_000, 800, 300), "小人")
    assert error.value.field == "小人の補助額"
    assert "1,100円" in error.value.message
    with pytest.raises(ValidationError, match="0円以上"):
        check_prices(Prices(1_000, -1, 0))


# -- caps ------------------------------------------------------------------------------------
def test_cap_refusal_names_member_item_and_cap() -> None:
    assert check_cap(member="0001-001 佐藤花子", subject="「図書カード」", cap=5, total=5) is None
    refused = check_cap(member="0001-001 佐藤花子", subject="「図書カード」", cap=5, total=6)
    assert refused is not None
    assert refused.message == (
        "会員 0001-001 佐藤花子: 「図書カード」の上限は年間5枚です。この申込で合計6枚になります。"
    )
    assert check_cap(member="x", subject="y", cap=None, total=99) is None


def test_family_items_allow_the_cap_per_person_of_the_household() -> None:
    assert household_cap(2, "family", 3) == 6
    assert household_cap(2, "member", 3) == 2
    assert household_cap(None, "family", 3) is None
    refused = check_cap(
        member="0001-001 佐藤花子", subject="「ハワイアンズ」", cap=6, total=7,
        per_person=2, persons=3,
    )  # fmt: skip
    assert refused is not None
    assert "1人2枚まで、家族を含め3人で6枚まで" in refused.message


# -- allocation ----------------------------------------------------------------------------
def test_everyone_gets_their_order_when_the_stock_suffices() -> None:
    result = allocate(_requests([2, 1, 3]), {"adult": 6}, method="lottery", seed=7)
    assert result.method == "full"
    assert result.seed is None
    assert result.by_order == {1: 2, 2: 1, 3: 3}
    assert result.losers == 0


def test_the_lottery_never_gives_more_than_the_stock_and_repeats_with_its_seed() -> None:
    requests = _requests([2, 2, 2, 2, 2, 1, 1])
    first = allocate(requests, {"adult": 7}, method="lottery", seed=12345678)
    again = allocate(list(reversed(requests)), {"adult": 7}, method="lottery", seed=12345678)
    other = allocate(requests, {"adult": 7}, method="lottery", seed=87654321)
    assert first.allocated <= 7
    assert first.by_order == again.by_order
    assert [g.order_id for g in first.grants] == [g.order_id for g in again.grants]
    assert [g.order_id for g in first.grants] != [g.order_id for g in other.grants]
    assert first.losers == sum(1 for g in first.grants if g.allocated < g.requested)


def test_without_partial_allocations_a_member_gets_all_or_nothing() -> None:
    requests = _requests([3, 3, 3])
    whole = allocate(requests, {"adult": 5}, method="first_come", partial_allowed=False)
    assert sorted(whole.by_order.values()) == [0, 0, 3]
    partial = allocate(requests, {"adult": 5}, method="first_come", partial_allowed=True)
    assert partial.by_order == {1: 3, 2: 2, 3: 0}
    assert partial.member_result() == {100: "当選", 101: "一部", 102: "落選"}


def test_first_come_follows_the_time_received() -> None:
    requests = [
        Request(1, 1, "0001-001", "adult", 1, ("2025-05-20",)),
        Request(2, 2, "0001-002", "adult", 1, ("2025-05-10",)),
        Request(3, 3, "0001-003", "adult", 1, ("2025-05-15",)),
    ]
    result = allocate(requests, {"adult": 2}, method="first_come")
    assert result.by_order == {1: 0, 2: 1, 3: 1}
    assert [g.order_id for g in result.grants] == [2, 3, 1]


def test_adult_and_child_stock_are_counted_apart() -> None:
    requests = [
        Request(1, 1, "0001-001", "adult", 2, ("a",)),
        Request(2, 1, "0001-001", "child", 2, ("a",)),
        Request(3, 2, "0001-002", "adult", 1, ("b",)),
        Request(4, 2, "0001-002", "child", 3, ("b",)),
    ]
    assert is_oversubscribed(requests, {"adult": 10, "child": 4})
    result = allocate(requests, {"adult": 10, "child": 4}, method="first_come",
                      partial_allowed=False)  # fmt: skip
    assert result.by_order == {1: 2, 2: 2, 3: 0, 4: 0}
    assert result.allocated_of("child") == 2


@given(
    st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=0, max_value=99_999_999),
    st.booleans(),
)
def test_never_more_than_the_stock_and_never_more_than_asked(quantities, stock, seed, partial):
    result = allocate(_requests(quantities), {"adult": stock}, method="lottery", seed=seed,
                      partial_allowed=partial)  # fmt: skip
    assert result.allocated <= stock
    assert all(0 <= g.allocated <= g.requested for g in result.grants)
    if sum(quantities) <= stock:
        assert result.allocated == sum(quantities)
    elif partial:
        assert result.allocated == stock


# -- serials -------------------------------------------------------------------------------
def test_serial_ranges_must_hold_the_quantity_received() -> None:
    serials = parse_range("A000101", "Ａ000150", 50)
    assert serials.count == 50
    assert serials.text(0, 3) == "A000101〜A000103"
    assert serials.serial(49) == "A000150"
    with pytest.raises(ValidationError) as error:
        parse_range("A000101", "A000150", 40)
    assert error.value.field == "入荷数"
    assert "50枚分" in error.value.message
    with pytest.raises(ValidationError, match="英字・桁数"):
        parse_range("A101", "B150", 50)
    with pytest.raises(ValidationError, match="券番号として読めません"):
        parse_range("一番", "A150", 50)


def test_free_positions_after_handovers_and_returns() -> None:
    free = free_runs(10, [(0, 3), (5, 2)])
    assert free == [(3, 2), (7, 3)]
    assert take_lowest(free, 3) == [(3, 2), (7, 1)]
    assert take_highest(free, 4) == [(4, 1), (7, 3)]
    with pytest.raises(ValueError, match="not enough"):
        take_lowest(free, 6)
