"""Roles in the 斡旋 area: an auditor (監事) changes nothing; the amounts orders were taken at,
a reversed allocation and a reversed payment are an administrator's."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import AuditEntry, TicketOrder, TicketPayment
from gojokai_desktop.domain.errors import PermissionDenied
from gojokai_desktop.services.tickets.allocation import allocate_in_full, reverse_run
from gojokai_desktop.services.tickets.handover import hand_over, outstanding
from gojokai_desktop.services.tickets.items import ItemInput, get_item, save_item
from gojokai_desktop.services.tickets.orders import place_order
from gojokai_desktop.services.tickets.rounds import close_round
from gojokai_desktop.services.tickets.sales import collect_for_member, reverse_payment
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot

D = dt.date
READ_ONLY = "監事（閲覧のみ）の利用者は記録を変更できません（斡旋の申込（窓口））"


def _count(ctx, model) -> int:
    with ctx.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def test_an_auditors_order_is_refused_and_nothing_is_stored(ctx, auditor_ctx, tickets) -> None:
    before = (_count(ctx, TicketOrder), _count(ctx, AuditEntry))
    with pytest.raises(PermissionDenied) as refused:
        place_order(auditor_ctx, tickets.round1, tickets.hanako, tickets.book_card, 2)
    assert READ_ONLY in refused.value.message
    assert "印刷と出力はできます" in refused.value.message
    assert (_count(ctx, TicketOrder), _count(ctx, AuditEntry)) == before


def test_prices_after_orders_and_reversals_are_an_administrators(ctx, clerk_ctx, tickets) -> None:
    t = tickets
    place_order(clerk_ctx, t.round1, t.hanako, t.book_card, 3)
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 6))
    close_round(ctx, t.round1)
    run = allocate_in_full(ctx, t.round1)
    hand_over(ctx, [r.order_id for r in outstanding(ctx, round_id=t.round1)], D(2025, 7, 1))
    payment = collect_for_member(clerk_ctx, t.hanako, D(2025, 7, 1))  # the clerk's daily work

    item = get_item(ctx, t.book_card)
    as_entered = ItemInput(**{f.name: getattr(item, f.name) for f in dataclasses.fields(ItemInput)})
    cheaper = dataclasses.replace(as_entered, member_price=700, subsidy=250)
    with pytest.raises(PermissionDenied, match="申込のある品目の価格・補助額の変更」は管理者だけ"):
        save_item(clerk_ctx, cheaper, item_id=t.book_card)
    assert get_item(ctx, t.book_card).member_price == 800
    # A change that leaves the amounts alone stays the clerk's.
    noted = dataclasses.replace(as_entered, note="窓口で販売")
    assert save_item(clerk_ctx, noted, item_id=t.book_card).member_price == 800

    with pytest.raises(PermissionDenied, match="「斡旋品代の入金の取消」は管理者だけ"):
        reverse_payment(clerk_ctx, payment.id, "金額の誤り", D(2025, 7, 2))
    with ctx.reader() as session:
        assert session.get(TicketPayment, payment.id).status == "live"
    with pytest.raises(PermissionDenied, match="「配分の取消」は管理者だけ"):
        reverse_run(clerk_ctx, run[0].run_id, "抽選のやり直し")
    reverse_payment(ctx, payment.id, "金額の誤り", D(2025, 7, 2))  # the administrator may
    with ctx.reader() as session:
        assert session.get(TicketPayment, payment.id).status != "live"
