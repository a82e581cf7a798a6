"""Tickets and the year: the close's checklist, the closed-year guard, the 事業報告 section."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from gojokai_desktop.db.models import FiscalYear
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.domain.reports import ReportTable
from gojokai_desktop.services.accounts.year_close import year_checklist
from gojokai_desktop.services.tickets.activity import activity_section
from gojokai_desktop.services.tickets.allocation import allocate_in_full, commit_allocation
from gojokai_desktop.services.tickets.handover import hand_over, outstanding
from gojokai_desktop.services.tickets.items import ItemInput, save_item
from gojokai_desktop.services.tickets.orders import place_order
from gojokai_desktop.services.tickets.rounds import close_round
from gojokai_desktop.services.tickets.sales import collect_for_member
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot

D = dt.date


def _tickets_checks(ctx) -> dict[str, bool]:
    return {c.key: c.blocking for c in year_checklist(ctx, 2025).items if c.area == "斡旋"}


def test_the_close_waits_for_rounds_allocations_and_money(ctx, tickets) -> None:
    t = tickets
    place_order(ctx, t.round1, t.hanako, t.book_card, 2)
    place_order(ctx, t.round1, t.hanako, t.hawaiians, 2)
    assert _tickets_checks(ctx) == {"tickets_open_rounds": True}
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 2))
    receive_lot(ctx, LotInput(t.hawaiians, D(2025, 6, 20), 1))
    close_round(ctx, t.round1)
    assert _tickets_checks(ctx) == {"tickets_unallocated": True}
    allocate_in_full(ctx, t.round1)
    commit_allocation(ctx, t.round1, t.hawaiians, seed=1)
    assert _tickets_checks(ctx) == {"tickets_not_handed": False}
    hand_over(ctx, [r.order_id for r in outstanding(ctx)], D(2025, 7, 1))
    checks = year_checklist(ctx, 2025)
    unpaid = next(c for c in checks.items if c.key == "tickets_unpaid")
    assert unpaid.blocking
    assert unpaid.screen == "［斡旋］→［販売・入金］"
    assert "3,600" in unpaid.detail
    collect_for_member(ctx, t.hanako, D(2025, 7, 1))
    assert _tickets_checks(ctx) == {}


def test_a_closed_year_takes_no_ticket_writes(ctx, tickets) -> None:
    place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 1)
    with ctx.unit_of_work("テスト: 締め") as uow:  # the society's year 2025 exists since setup
        uow.session.execute(
            update(FiscalYear).where(FiscalYear.year == 2025).values(status="closed")
        )
        uow.commit()
    with pytest.raises(RuleViolation, match="締め済み"):
        place_order(ctx, tickets.round1, tickets.ichiro, tickets.book_card, 2)
    with pytest.raises(RuleViolation, match="締め済み"):
        save_item(ctx, ItemInput(2025, "図書カード", "図書カード（500円）", 500, 400, 80))


def test_activity_section_has_the_year_per_item(ctx, tickets) -> None:
    t = tickets
    place_order(ctx, t.round1, t.hanako, t.book_card, 3)
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 3))
    close_round(ctx, t.round1)
    allocate_in_full(ctx, t.round1)
    hand_over(ctx, [r.order_id for r in outstanding(ctx)], D(2025, 7, 1))
    collect_for_member(ctx, t.hanako, D(2025, 7, 1))
    section = activity_section(ctx, 2025)
    assert section.title == "斡旋事業"
    text, table = section.blocks[0], section.blocks[-1]
    assert isinstance(text, str)
    assert "第1回（R7.5.1〜R7.6.30）の1回" in text
    assert "販売額は2,400円、互助会の補助額は450円" in text
    assert isinstance(table, ReportTable)
    assert table.rows == (
        ("図書カード（1,000円）", 3, 3, 3, 2_400, 450),
        ("合計", 3, 3, 3, 2_400, 450),
    )
