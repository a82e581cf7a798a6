"""Items, rounds and orders: caps across rounds, leavers, the establishment sheet, closing once."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gojokai_desktop.db.models import TicketOrder
from gojokai_desktop.domain.errors import EditConflict, RuleViolation, ValidationError
from gojokai_desktop.services.tickets.items import (
    ItemInput,
    copy_items,
    delete_item,
    list_items,
    save_item,
    set_category_cap,
    set_retired,
)
from gojokai_desktop.services.tickets.orders import (
    OrderChange,
    OrdersRefused,
    check_orders,
    order_views,
    place_order,
)
from gojokai_desktop.services.tickets.rounds import RoundInput, close_round, save_round
from gojokai_desktop.services.tickets.sheet import establishment_sheet, save_sheet

D = dt.date


def _live(ctx) -> list[tuple[int, int, str, int]]:
    with ctx.reader() as session:
        rows = session.scalars(select(TicketOrder).where(TicketOrder.status == "live")).all()
        return sorted((r.member_id, r.item_id, r.price_class, r.quantity) for r in rows)


def test_an_item_refuses_prices_that_do_not_add_up(ctx, tickets) -> None:
    with pytest.raises(ValidationError) as error:
        save_item(ctx, ItemInput(2025, "レジャー施設", "アクアマリンふくしま入館券", 1_850,
                                 1_100, 800))  # fmt: skip
    assert error.value.field == "補助額"
    assert "1,900円" in error.value.message
    with pytest.raises(ValidationError) as error:
        save_item(ctx, ItemInput(2025, "図書カード", "図書カード（1,000円）", 1_000, 800, 150))
    assert error.value.field == "品名"
    with pytest.raises(ValidationError, match="無料配布"):
        save_item(ctx, ItemInput(2025, "無料配布", "那須", 500, 100, 0, is_free=True))


def test_counter_order_within_the_cap_and_refusal_naming_member_item_and_cap(ctx, tickets) -> None:
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 5)
    with pytest.raises(OrdersRefused) as error:
        place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 6)
    message = str(error.value)
    assert "0001-002 鈴木　一郎" in message
    assert "「図書カード（1,000円）」の上限は年間5枚です" in message
    assert "合計6枚" in message
    assert _live(ctx) == [(tickets.ichiro, tickets.book_card, "adult", 5)]


def test_family_items_count_the_household_and_both_price_classes(ctx, tickets) -> None:
    # 花子 + spouse + child = 3 persons × 2 = 6 tickets of ハワイアンズ, 大人 and 小人 together.
    place_order(ctx, tickets.round1, tickets.hanako, tickets.hawaiians, 4)
    place_order(ctx, tickets.round1, tickets.hanako, tickets.hawaiians, 2, price_class="child")
    with pytest.raises(OrdersRefused, match="家族を含め3人で6枚まで"):
        place_order(ctx, tickets.round1, tickets.hanako, tickets.hawaiians, 3,
                    price_class="child")  # fmt: skip
    # 鈴木 has no family: 2 in all.
    with pytest.raises(OrdersRefused, match="上限は年間2枚です"):
        place_order(ctx, tickets.round1, tickets.ichiro, tickets.hawaiians, 3)


def test_the_cap_counts_the_other_rounds_of_the_year(ctx, tickets) -> None:
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 3)
    close_round(ctx, tickets.round1)
    round2 = save_round(ctx, RoundInput(2025, 2, D(2025, 6, 1), D(2025, 6, 30),
                                        (tickets.book_card,)))  # fmt: skip
    place_order(ctx, round2.id, tickets.ichiro, tickets.book_card, 2)
    with pytest.raises(OrdersRefused, match="合計6枚"):
        place_order(ctx, round2.id, tickets.ichiro, tickets.book_card, 3)


def test_category_cap_is_optional_and_counts_every_item_of_the_category(ctx, tickets) -> None:
    second = save_item(ctx, ItemInput(2025, "レジャー施設", "アクアマリンふくしま入館券", 1_850,
                                      1_100, 450))  # fmt: skip
    save_round(ctx, RoundInput(2025, 1, D(2025, 5, 1), D(2025, 6, 30),
                               (tickets.hawaiians, tickets.book_card, tickets.disney,
                                tickets.bousai, second.id)), round_id=tickets.round1)  # fmt: skip
    set_category_cap(ctx, 2025, "レジャー施設", 3)
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.hawaiians, 2)
    with pytest.raises(OrdersRefused, match="区分「レジャー施設」の上限は年間3枚です"):
        place_order(ctx, tickets.round1, tickets.ichiro, second.id, 2)
    place_order(ctx, tickets.round1, tickets.ichiro, second.id, 1)


def test_a_member_who_left_cannot_order(ctx, tickets) -> None:
    with pytest.raises(OrdersRefused) as error:
        place_order(ctx, tickets.round1, tickets.leaver, tickets.book_card, 1)
    assert "0001-003 高橋　退子" in str(error.value)
    assert "退会" in str(error.value)
    assert _live(ctx) == []


def test_establishment_sheet_saves_all_or_nothing(ctx, tickets) -> None:
    sheet = establishment_sheet(ctx, tickets.round1, tickets.fukushima)
    assert [m.name for m in sheet.members] == ["佐藤　花子", "鈴木　一郎"]  # not the leaver
    titles = [c.title for c in sheet.columns]
    assert titles[:3] == [
        "スパリゾートハワイアンズ入場券（大人）",
        "スパリゾートハワイアンズ入場券（小人）",
        "図書カード（1,000円）",
    ]
    hanako, ichiro = (m.member_id for m in sheet.members)
    book = titles.index("図書カード（1,000円）")
    typed = {(hanako, 0): 2, (hanako, 1): 2, (ichiro, book): 9}
    problems = sheet.problems(typed)
    assert list(problems) == [ichiro]
    assert "上限は年間5枚" in problems[ichiro]
    with pytest.raises(OrdersRefused):
        save_sheet(ctx, sheet, typed)
    assert _live(ctx) == []
    typed[(ichiro, book)] = 4
    assert sheet.amount(typed) == 2 * 2_000 + 2 * 1_300 + 4 * 800
    result = save_sheet(ctx, sheet, typed)
    assert result.created == 3
    again = establishment_sheet(ctx, tickets.round1, tickets.fukushima)
    assert again.members[0].saved[:2] == (2, 2)
    result = save_sheet(ctx, again, {(ichiro, book): 0})
    assert result.cancelled == 1
    assert [(o.member_name, o.item_title, o.quantity) for o in order_views(ctx)] == [
        ("佐藤　花子", "スパリゾートハワイアンズ入場券（大人）", 2),
        ("佐藤　花子", "スパリゾートハワイアンズ入場券（小人）", 2),
    ]


def test_check_orders_reports_without_storing(ctx, tickets) -> None:
    problems = check_orders(
        ctx, tickets.round1, [OrderChange(tickets.ichiro, tickets.book_card, 7)], D(2025, 6, 15)
    )
    assert len(problems) == 1
    assert "上限は年間5枚" in problems[0]
    assert _live(ctx) == []


def test_a_round_closes_once_and_then_takes_no_orders(ctx, tickets) -> None:
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 1)
    closed = close_round(ctx, tickets.round1)
    assert closed.status == "closed"
    assert closed.closed_by == "テスト担当"
    with pytest.raises(RuleViolation, match="既に締め切っています"):
        close_round(ctx, tickets.round1)
    with pytest.raises(RuleViolation, match="締め切っている"):
        place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 2)


def test_item_with_orders_is_retired_not_deleted_and_copied_to_next_year(ctx, tickets) -> None:
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 1)
    with pytest.raises(RuleViolation, match="取扱終了"):
        delete_item(ctx, tickets.book_card)
    retired = set_retired(ctx, tickets.book_card, True)
    assert retired.flags == "取扱終了"
    spare = save_item(ctx, ItemInput(2025, "冊子", "金融経済教育用小冊子", 0, 0, 0, is_free=True))
    delete_item(ctx, spare.id)
    copied = copy_items(ctx, 2025, 2026)
    names = [i.name for i in list_items(ctx, 2026)]
    assert copied == 3
    assert "図書カード（1,000円）" not in names  # retired items stay behind
    disney = next(i for i in list_items(ctx, 2026) if i.is_free)
    assert disney.valid_from == D(2026, 7, 1)
    assert copy_items(ctx, 2025, 2026) == 0  # nothing twice


def test_stale_edit_is_refused(ctx, tickets) -> None:

    item = next(i for i in list_items(ctx, 2025) if i.id == tickets.book_card)
    from dataclasses import replace

    save_item(ctx, replace(item, note="先に変更"), item_id=item.id, expected_version=item.version)
    with pytest.raises(EditConflict):
        save_item(ctx, replace(item, note="あとから"), item_id=item.id,
                  expected_version=item.version)  # fmt: skip
