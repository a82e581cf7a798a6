"""A whole round: orders, stock, lottery and first-come, handover, money, returns, the books."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from gojokai_desktop.db.models import CashBookEntry, Item, Receipt, TicketStockLot
from gojokai_desktop.domain.errors import RuleViolation
from gojokai_desktop.services.tickets.allocation import (
    adjust_allocation,
    allocate_in_full,
    commit_allocation,
    preview_allocation,
    reverse_run,
    round_allocation,
)
from gojokai_desktop.services.tickets.handover import (
    hand_over,
    handovers,
    outstanding,
    reverse_handover,
    sell_at_counter,
)
from gojokai_desktop.services.tickets.lottery_record import list_runs, run_view, verify_run
from gojokai_desktop.services.tickets.orders import order_views, place_order
from gojokai_desktop.services.tickets.report import reconcile, year_report
from gojokai_desktop.services.tickets.rounds import close_round
from gojokai_desktop.services.tickets.sales import (
    collect_for_establishment,
    collect_for_member,
    reverse_payment,
    unpaid,
)
from gojokai_desktop.services.tickets.stock import LotInput, receive_lot, return_tickets, stock_rows

D = dt.date
SEED = 12_345_678


@pytest.fixture
def ordered(ctx, tickets):
    t = tickets
    for member, item, quantity, price_class in (
        (t.hanako, t.hawaiians, 2, "adult"),
        (t.hanako, t.hawaiians, 2, "child"),
        (t.ichiro, t.hawaiians, 2, "adult"),
        (t.jiro, t.hawaiians, 2, "adult"),
        (t.hanako, t.book_card, 3, "adult"),
        (t.ichiro, t.book_card, 5, "adult"),
        (t.jiro, t.disney, 1, "adult"),
        (t.hanako, t.disney, 1, "adult"),
        (t.ichiro, t.disney, 1, "adult"),
        (t.jiro, t.bousai, 1, "adult"),
    ):
        place_order(ctx, t.round1, member, item, quantity, price_class=price_class)
    receive_lot(ctx, LotInput(t.hawaiians, D(2025, 6, 20), 5, serial_from="A000101",
                              serial_to="A000105"))  # fmt: skip
    receive_lot(ctx, LotInput(t.hawaiians, D(2025, 6, 20), 2, price_class="child"))
    receive_lot(ctx, LotInput(t.book_card, D(2025, 6, 20), 10, method="cash"))
    receive_lot(ctx, LotInput(t.disney, D(2025, 6, 20), 2))
    close_round(ctx, t.round1)
    return t


def _allocated(ctx, item_id: int) -> list[tuple[str, str, int, int | None]]:
    return [
        (o.member_name, o.price_class, o.quantity, o.allocated)
        for o in order_views(ctx, item_id=item_id)
    ]


def test_lottery_gives_no_more_than_the_stock_and_is_recorded_for_the_auditor(ctx, ordered) -> None:
    t = ordered
    states = {s.item_name: s for s in round_allocation(ctx, t.round1)}
    hawaiians = states["スパリゾートハワイアンズ入場券"]
    assert hawaiians.oversubscribed
    assert hawaiians.stock == {"adult": 5, "child": 2}
    assert hawaiians.state == "要抽選"
    assert states["図書カード（1,000円）"].state == "全数配分できます"
    preview = preview_allocation(ctx, t.round1, t.hawaiians, seed=SEED)
    assert preview.method_label == "抽選"
    assert preview.seed_text == "12345678"
    assert preview.allocated == 7  # 5 adult + 2 child
    assert _allocated(ctx, t.hawaiians)[0][3] is None  # a preview stores nothing
    committed = commit_allocation(ctx, t.round1, t.hawaiians, seed=SEED)
    assert committed.rows == preview.rows
    adult = sum(a for _n, c, _q, a in _allocated(ctx, t.hawaiians) if c == "adult")
    assert adult == 5
    assert len(committed.losers) >= 1
    with pytest.raises(RuleViolation, match="既に配分"):
        commit_allocation(ctx, t.round1, t.hawaiians, seed=SEED)
    record = run_view(ctx, committed.run_id)
    assert record.seed_text == "12345678"
    assert [r.result for r in record.rows] == [r.result for r in preview.rows]
    assert verify_run(ctx, committed.run_id)
    (run,) = list_runs(ctx, 2025)
    assert (run.method_label, run.seed_text, run.demand, run.allocated) == (
        "抽選", "12345678", 8, 7,
    )  # fmt: skip


def test_first_come_without_partial_and_items_in_full(ctx, ordered) -> None:
    t = ordered
    full = allocate_in_full(ctx, t.round1)
    assert sorted(v.item_name for v in full) == ["図書カード（1,000円）", "防災用品と家庭用常備薬"]
    disney = commit_allocation(ctx, t.round1, t.disney)
    assert disney.method_label == "先着順"
    assert [(r.member_name, r.allocated) for r in disney.rows] == [
        ("田中　次郎", 1), ("佐藤　花子", 1), ("鈴木　一郎", 0),
    ]  # fmt: skip
    assert [r.member_name for r in disney.losers] == ["鈴木　一郎"]


def _allocate_all(ctx, t) -> None:
    commit_allocation(ctx, t.round1, t.hawaiians, seed=SEED)
    allocate_in_full(ctx, t.round1)
    commit_allocation(ctx, t.round1, t.disney)


def test_handover_never_exceeds_the_allocation_and_takes_serials_in_order(ctx, ordered) -> None:
    t = ordered
    _allocate_all(ctx, t)
    rows = outstanding(ctx, round_id=t.round1, establishment_id=t.fukushima)
    assert {r.member_name for r in rows} == {"佐藤　花子", "鈴木　一郎"}
    book = next(r for r in rows if r.member_name == "鈴木　一郎" and "図書" in r.item_title)
    with pytest.raises(RuleViolation, match="配分を超えます"):
        hand_over(ctx, [book.order_id], D(2025, 7, 10), {book.order_id: 6})
    done = hand_over(ctx, [r.order_id for r in rows], D(2025, 7, 10))
    adult = [h for h in done if h.item_title.endswith("（大人）")]
    serials = sorted(h.serials for h in adult)
    assert all(s.startswith("A0001") for s in serials)
    assert outstanding(ctx, round_id=t.round1, establishment_id=t.fukushima) == []
    with pytest.raises(RuleViolation, match="受渡済み"):
        adjust_allocation(ctx, book.order_id, 2, "辞退")
    with pytest.raises(RuleViolation, match="受渡済み"):
        reverse_run(ctx, run_view_id(ctx, t), "やり直し")


def test_a_handover_dated_before_its_lot_arrived_is_refused_and_stores_nothing(
    ctx, ordered
) -> None:
    """Every lot of the tests arrived on R7.6.20: a handover typed as R7.6.18 has no stock."""
    t = ordered
    _allocate_all(ctx, t)
    rows = outstanding(ctx, round_id=t.round1, establishment_id=t.fukushima)
    book = next(r for r in rows if r.member_name == "鈴木　一郎" and "図書" in r.item_title)
    with pytest.raises(RuleViolation) as refused:
        hand_over(ctx, [book.order_id], D(2025, 6, 18))
    assert "R7.6.18の時点で在庫が足りません" in str(refused.value)
    assert "R7.6.20に入荷" in str(refused.value)
    assert len(outstanding(ctx, round_id=t.round1, establishment_id=t.fukushima)) == len(rows)
    early = {(r.item_name, r.class_label): r.on_hand for r in stock_rows(ctx, 2025, D(2025, 6, 18))}
    assert all(held == 0 for held in early.values())
    (done,) = hand_over(ctx, [book.order_id], D(2025, 6, 20))
    assert done.quantity == 5


def run_view_id(ctx, t) -> int:
    return next(s.run_id for s in round_allocation(ctx, t.round1) if s.item_id == t.book_card)


def test_allocation_changes_only_by_a_recorded_reversal(ctx, ordered) -> None:
    t = ordered
    _allocate_all(ctx, t)
    book = next(o for o in order_views(ctx, item_id=t.book_card) if o.member_name == "鈴木　一郎")
    adjust_allocation(ctx, book.id, 3, "2枚辞退の連絡")
    assert next(o for o in order_views(ctx, item_id=t.book_card)
                if o.id == book.id).allocated == 3  # fmt: skip
    (handed,) = hand_over(ctx, [book.id], D(2025, 7, 10))
    reverse_handover(ctx, handed.id, "渡し間違い", D(2025, 7, 11))
    run_id = run_view_id(ctx, t)
    reverse_run(ctx, run_id, "配分のやり直し")
    assert all(o.allocated is None for o in order_views(ctx, item_id=t.book_card))
    runs = {r.id: r for r in list_runs(ctx, 2025)}
    assert runs[run_id].status == "取消"
    assert runs[run_id].reverse_reason == "配分のやり直し"
    with ctx.reader() as session:
        from gojokai_desktop.db.models import TicketAllocationChange

        kinds = session.scalars(
            select(TicketAllocationChange.kind).where(TicketAllocationChange.order_id == book.id)
            .order_by(TicketAllocationChange.id)
        ).all()  # fmt: skip
    assert kinds == ["run", "adjust", "reversal"]


def _subsidy_posted(ctx, item_id: int) -> int:
    with ctx.reader() as session:
        return int(
            session.scalar(
                select(func.coalesce(func.sum(CashBookEntry.net_amount), 0))
                .join(Item, Item.id == CashBookEntry.item_id)
                .join(TicketStockLot, TicketStockLot.id == CashBookEntry.source_id)
                .where(CashBookEntry.source_type == "ticket_lot", Item.name == "斡旋補助金")
                .where(TicketStockLot.item_id == item_id)
            )
        )


def test_money_returns_counter_sales_and_the_year_report_agree_with_the_cash_book(
    ctx, ordered
) -> None:
    t = ordered
    _allocate_all(ctx, t)
    hand_over(ctx, [r.order_id for r in outstanding(ctx, round_id=t.round1)], D(2025, 7, 10))
    # 花子 pays at the counter in cash (receipt); 杉妻工業 pays for 次郎 by payroll deduction.
    owed = {r.member_name: r.amount for r in unpaid(ctx)}
    hanako = collect_for_member(ctx, t.hanako, D(2025, 7, 10))
    assert hanako.amount == owed["佐藤　花子"]
    assert hanako.receipt is not None
    assert hanako.receipt.purpose == "斡旋品代として"
    jiro = collect_for_establishment(ctx, t.suginome, D(2025, 7, 25), "payroll")
    assert jiro.receipt is None
    assert jiro.payer_name == "杉妻工業"
    assert [r.member_name for r in unpaid(ctx)] == ["鈴木　一郎"]
    # Book cards: 10 received, 8 handed over; 1 returned, 1 sold at the counter to 次郎.
    (book_lot,) = [s for s in stock_rows(ctx, 2025) if s.item_id == t.book_card]
    assert (book_lot.on_hand, book_lot.free) == (2, 2)
    with pytest.raises(RuleViolation, match="返品できるのは2枚まで"):
        return_tickets(ctx, _lot(ctx, t.book_card), 3, D(2025, 8, 1))
    return_tickets(ctx, _lot(ctx, t.book_card), 1, D(2025, 8, 1), "余り")
    sell_at_counter(ctx, t.jiro, t.book_card, 1, D(2025, 8, 5))
    with pytest.raises(RuleViolation, match="残り"):
        sell_at_counter(ctx, t.jiro, t.book_card, 1, D(2025, 8, 5))
    collect_for_member(ctx, t.jiro, D(2025, 8, 5))
    # Reversal: the payment's entries, receipt and handovers go back to unpaid.
    reverse_payment(ctx, hanako.id, "金額誤り", D(2025, 7, 11))
    with ctx.reader() as session:
        receipt = session.get(Receipt, hanako.receipt.id)
        assert receipt.status == "void"
    again = collect_for_member(ctx, t.hanako, D(2025, 7, 11))
    assert again.amount == hanako.amount
    report = year_report(ctx, 2025, on=D(2026, 3, 31))
    rows = {r.item_name: r for r in report.rows}
    book = rows["図書カード（1,000円）"]
    assert book.cells() == (
        "図書カード（1,000円）",
        "1会員5枚",
        8,
        8,
        9,
        1,
        0,
        (9 - 5) * 800,
        9 * 150,
    )
    hawaiians = rows["スパリゾートハワイアンズ入場券"]
    assert (hawaiians.ordered, hawaiians.allocated, hawaiians.sold) == (8, 7, 7)
    assert hawaiians.subsidy_yen == 5 * 1_000 + 2 * 800
    bousai = rows["防災用品と家庭用常備薬"]
    assert (bousai.cap_text, bousai.ordered, bousai.sold, bousai.sales_yen) == ("紹介のみ", 1, 0, 0)
    # subsidy × units (kept) = subsidy posted, per item, to the yen
    assert _subsidy_posted(ctx, t.book_card) == 150 * (10 - 1) == book.subsidy_yen
    assert _subsidy_posted(ctx, t.hawaiians) == hawaiians.subsidy_yen
    check = reconcile(ctx, 2025)
    assert check.agrees, check.differences
    assert check.item_totals["斡旋事業収入"] == report.total("sales_yen")
    assert check.item_totals["斡旋補助金"] == report.total("subsidy_yen")
    assert check.item_totals["斡旋事業費"] == report.total("purchase_yen")
    assert report.total("unpaid_yen") == 5 * 800 + 2 * 2_000  # 一郎 pays later


def _lot(ctx, item_id: int) -> int:
    with ctx.reader() as session:
        return session.scalar(select(TicketStockLot.id).where(TicketStockLot.item_id == item_id))


def test_handover_list_shows_each_members_tickets_per_establishment(ctx, ordered) -> None:
    t = ordered
    _allocate_all(ctx, t)
    hand_over(ctx, [r.order_id for r in outstanding(ctx, round_id=t.round1)], D(2025, 7, 10))
    rows = handovers(ctx, fiscal_year=2025, establishment_id=t.suginome)
    assert [(h.member_name, h.item_title, h.quantity) for h in rows][:1] == [
        ("田中　次郎", "スパリゾートハワイアンズ入場券（大人）", rows[0].quantity)
    ]
    assert all(h.establishment_name == "杉妻工業" for h in rows)
