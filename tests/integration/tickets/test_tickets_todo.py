"""The home page's ticket lines: a round closing soon, ticket money owed, stock to order."""

from __future__ import annotations

import dataclasses
import datetime as dt

from gojokai_desktop.services.dashboard import TodoItem, work_figures, work_todo
from gojokai_desktop.services.tickets.allocation import allocate_in_full
from gojokai_desktop.services.tickets.handover import hand_over, outstanding
from gojokai_desktop.services.tickets.orders import place_order
from gojokai_desktop.services.tickets.rounds import RoundInput, close_round, save_round
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot

D = dt.date


def _tickets_lines(ctx) -> list[TodoItem]:
    return [t for t in work_todo(work_figures(ctx)) if t.area == "斡旋"]


def test_quiet_when_nothing_is_due(ctx, tickets) -> None:
    assert _tickets_lines(ctx) == []


def test_closing_round_unpaid_handovers_and_short_stock(ctx, tickets) -> None:
    t = tickets
    place_order(ctx, t.round1, t.hanako, t.book_card, 2)
    place_order(ctx, t.round1, t.jiro, t.disney, 1)
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 10), 4))
    close_round(ctx, t.round1)
    allocate_in_full(ctx, t.round1)  # the Disney voucher: 1 of 2 allocated, none received yet
    hand_over(ctx, [r.order_id for r in outstanding(ctx) if "図書" in r.item_title],
              D(2025, 6, 15))  # fmt: skip
    save_round(ctx, RoundInput(2025, 2, D(2025, 6, 1), D(2025, 6, 20), (t.book_card,)))
    lines = _tickets_lines(ctx)
    assert lines[0] == TodoItem(
        "斡旋 令和7年度 第2回の申込締切は6月20日（あと5日）です。"
        "［斡旋］→［申込］で事業所の申込書を入力",
        "斡旋",
        "申込",
    )
    assert lines[1].text == (
        "斡旋品の代金が未入金の会員が 1人（￥1,600）あります。［斡旋］→［販売・入金］で入金"
    )
    assert lines[1].tab == "販売・入金"
    assert lines[2].text.startswith(
        "斡旋品の在庫: 配分に足りない品目が 1件、残りわずかの品目が 1件"
    )
    late = dataclasses.replace(ctx, clock=lambda: D(2025, 6, 22))
    assert "締切（6月20日）を過ぎています" in _tickets_lines(late)[0].text
