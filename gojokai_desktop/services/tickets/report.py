"""The year's 斡旋実績 per item, the orders per member, and the check against the cash book.

Sales (販売額) are the money received for the item; the subsidy (補助額) is the subsidy per
ticket × the tickets bought and kept (received − returned), as posted with each lot. Both are
read from the ticket records and compared with the cash book's 斡旋事業収入 and 斡旋補助金
entries of the item, which must agree to the yen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    CashBookEntry,
    Item,
    Member,
    TicketHandover,
    TicketItem,
    TicketOrder,
    TicketPayment,
    TicketPaymentLine,
    TicketReturn,
    TicketRound,
    TicketStockLot,
)
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.accounts.setup import posting_items
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.tickets._common import calendar
from gojokai_desktop.services.tickets.items import ItemView, list_items
from gojokai_desktop.services.tickets.sales import SALE_SOURCE
from gojokai_desktop.services.tickets.stock import LOT_SOURCE

REPORT_COLUMNS = (
    "品目",
    "上限",
    "申込数",
    "配分数",
    "販売数",
    "返品数",
    "在庫",
    "販売額",
    "補助額",
)
ORDER_COLUMNS = ("会員番号", "氏名", "品目", "申込数", "配分数", "受渡数")


@dataclass(frozen=True)
class YearReportRow:
    item_id: int
    item_name: str
    category: str
    unit: str
    cap_text: str
    flags: str
    ordered: int
    allocated: int
    received: int
    sold: int
    returned: int
    stock: int
    sales_yen: int
    subsidy_yen: int
    purchase_yen: int
    unpaid_yen: int

    def cells(self) -> tuple[object, ...]:
        """The printed columns, in :data:`REPORT_COLUMNS` order."""
        return (
            self.item_name, self.cap_text, self.ordered, self.allocated, self.sold,
            self.returned, self.stock, self.sales_yen, self.subsidy_yen,
        )  # fmt: skip


@dataclass(frozen=True)
class YearReport:
    fiscal_year: int
    label: str
    as_of: dt.date
    rows: tuple[YearReportRow, ...]

    def total(self, name: str) -> int:
        return sum(int(getattr(r, name)) for r in self.rows)


@dataclass(frozen=True)
class BookFigures:
    """What the cash book holds for one ticket item (net of reversals)."""

    sales_yen: int = 0
    purchase_yen: int = 0
    subsidy_yen: int = 0


@dataclass(frozen=True)
class Reconciliation:
    """The report against the cash book: per item, and the 科目 totals of the year."""

    fiscal_year: int
    differences: tuple[str, ...]
    item_totals: dict[str, int] = field(default_factory=dict)

    @property
    def agrees(self) -> bool:
        return not self.differences


def _sums(session: Session, query: Select[Any, Any]) -> dict[int, int]:
    return {int(k): int(v or 0) for k, v in session.execute(query)}


def _as_of(cal: FiscalCalendar, fiscal_year: int, on: dt.date | None) -> dt.date:
    return on or cal.last_day(fiscal_year)


def year_report(ctx: AppContext, fiscal_year: int, on: dt.date | None = None) -> YearReport:
    """斡旋実績: one row per item of the year, as of ``on`` (default: the whole year)."""
    items = list_items(ctx, fiscal_year)
    with ctx.reader() as session:
        cal = calendar(session)
        as_of = _as_of(cal, fiscal_year, on)
        rows = _rows(session, fiscal_year, as_of, items)
        return YearReport(fiscal_year, cal.label(fiscal_year), as_of, tuple(rows))


def _rows(
    session: Session, fiscal_year: int, as_of: dt.date, items: list[ItemView]
) -> list[YearReportRow]:
    in_year = TicketItem.fiscal_year == fiscal_year
    live = TicketOrder.status == "live"
    ordered = _sums(session, select(TicketOrder.item_id, func.sum(TicketOrder.quantity))
                    .join(TicketItem, TicketItem.id == TicketOrder.item_id)
                    .where(in_year, live).group_by(TicketOrder.item_id))  # fmt: skip
    allocated = _sums(session, select(TicketOrder.item_id, func.sum(TicketOrder.allocated))
                      .join(TicketItem, TicketItem.id == TicketOrder.item_id)
                      .where(in_year, live).group_by(TicketOrder.item_id))  # fmt: skip
    received = _sums(session, select(TicketStockLot.item_id, func.sum(TicketStockLot.quantity))
                     .join(TicketItem, TicketItem.id == TicketStockLot.item_id)
                     .where(in_year, TicketStockLot.received_on <= as_of)
                     .group_by(TicketStockLot.item_id))  # fmt: skip
    handed_live = or_(TicketHandover.status == "live", TicketHandover.reversed_on > as_of)
    sold = _sums(session, select(TicketHandover.item_id, func.sum(TicketHandover.quantity))
                 .join(TicketItem, TicketItem.id == TicketHandover.item_id)
                 .where(in_year, TicketHandover.handed_on <= as_of, handed_live)
                 .group_by(TicketHandover.item_id))  # fmt: skip
    returned = _sums(session, select(TicketReturn.item_id, func.sum(TicketReturn.quantity))
                     .join(TicketItem, TicketItem.id == TicketReturn.item_id)
                     .where(in_year, TicketReturn.returned_on <= as_of)
                     .group_by(TicketReturn.item_id))  # fmt: skip
    sales = _sums(session, select(TicketPaymentLine.item_id, func.sum(TicketPaymentLine.amount))
                  .join(TicketPayment, TicketPayment.id == TicketPaymentLine.payment_id)
                  .join(TicketItem, TicketItem.id == TicketPaymentLine.item_id)
                  .where(in_year, TicketPayment.status == "live", TicketPayment.paid_on <= as_of)
                  .group_by(TicketPaymentLine.item_id))  # fmt: skip
    unpaid = _sums(session, select(TicketHandover.item_id, func.sum(TicketHandover.amount))
                   .join(TicketItem, TicketItem.id == TicketHandover.item_id)
                   .where(in_year, TicketHandover.status == "live",
                          TicketHandover.payment_id.is_(None))
                   .group_by(TicketHandover.item_id))  # fmt: skip
    subsidy: dict[int, int] = defaultdict(int)
    purchase: dict[int, int] = defaultdict(int)
    returned_by_lot = _sums(
        session,
        select(TicketReturn.lot_id, func.sum(TicketReturn.quantity))
        .where(TicketReturn.returned_on <= as_of)
        .group_by(TicketReturn.lot_id),
    )
    for lot in session.scalars(
        select(TicketStockLot)
        .join(TicketItem, TicketItem.id == TicketStockLot.item_id)
        .where(in_year, TicketStockLot.received_on <= as_of)
    ):
        kept = lot.quantity - returned_by_lot.get(lot.id, 0)
        subsidy[lot.item_id] += kept * lot.subsidy
        purchase[lot.item_id] += kept * lot.member_price
    result = []
    for item in items:
        i = item.id
        stock = received.get(i, 0) - sold.get(i, 0) - returned.get(i, 0)
        result.append(
            YearReportRow(
                i, item.name, item.category, item.unit,
                "紹介のみ" if item.referral_only else item.cap_text, item.flags,
                ordered.get(i, 0), allocated.get(i, 0), received.get(i, 0), sold.get(i, 0),
                returned.get(i, 0), stock, sales.get(i, 0), subsidy[i], purchase[i],
                unpaid.get(i, 0),
            )
        )  # fmt: skip
    return result


def books_by_item(ctx: AppContext, fiscal_year: int) -> dict[int, BookFigures]:
    """The cash book's ticket entries of the year by ticket item (reversals netted)."""
    with ctx.reader() as session:
        mapping = posting_items(session, fiscal_year)
        subsidy_code = mapping.get("ticket_subsidy", ("", ""))[1]
        sales = _sums(
            session,
            select(TicketPaymentLine.item_id, func.sum(CashBookEntry.net_amount))
            .join(TicketPaymentLine, TicketPaymentLine.id == CashBookEntry.source_id)
            .where(CashBookEntry.source_type == SALE_SOURCE)
            .where(CashBookEntry.fiscal_year == fiscal_year)
            .group_by(TicketPaymentLine.item_id),
        )
        figures: dict[int, list[int]] = defaultdict(lambda: [0, 0])
        for item_id, code, amount in session.execute(
            select(TicketStockLot.item_id, Item.code, func.sum(CashBookEntry.net_amount))
            .join(TicketStockLot, TicketStockLot.id == CashBookEntry.source_id)
            .join(Item, Item.id == CashBookEntry.item_id)
            .where(CashBookEntry.source_type == LOT_SOURCE)
            .where(CashBookEntry.fiscal_year == fiscal_year)
            .group_by(TicketStockLot.item_id, Item.code)
        ):
            figures[int(item_id)][1 if code == subsidy_code else 0] += int(amount or 0)
        ids = set(sales) | set(figures)
        return {i: BookFigures(sales.get(i, 0), figures[i][0], figures[i][1]) for i in sorted(ids)}


def item_totals(ctx: AppContext, fiscal_year: int) -> dict[str, int]:
    """The year's actual of each 科目 the tickets post to, from every entry (the running
    budget status shows the same figures)."""
    with ctx.reader() as session:
        mapping = posting_items(session, fiscal_year)
        totals = {}
        for purpose in ("tickets", "ticket_purchases", "ticket_subsidy"):
            if purpose not in mapping:
                continue
            code = mapping[purpose][1]
            name, amount = session.execute(
                select(Item.name, func.coalesce(func.sum(CashBookEntry.net_amount), 0))
                .outerjoin(
                    CashBookEntry,
                    (CashBookEntry.item_id == Item.id) & (CashBookEntry.fiscal_year == fiscal_year),
                )
                .where(Item.code == code)
                .group_by(Item.id)
            ).first() or (code, 0)
            totals[str(name)] = int(amount)
        return totals


def reconcile(ctx: AppContext, fiscal_year: int) -> Reconciliation:
    """Every item's sales, purchases and subsidy against the cash book of the year."""
    report = year_report(ctx, fiscal_year, on=None)
    books = books_by_item(ctx, fiscal_year)
    differences = []
    for row in report.rows:
        book = books.get(row.item_id, BookFigures())
        for label, mine, theirs in (
            ("販売額", row.sales_yen, book.sales_yen),
            ("仕入額", row.purchase_yen, book.purchase_yen),
            ("補助額", row.subsidy_yen, book.subsidy_yen),
        ):
            if mine != theirs:
                differences.append(
                    f"「{row.item_name}」の{label}: 実績 {mine:,}円、出納帳 {theirs:,}円"
                )
    return Reconciliation(fiscal_year, tuple(differences), item_totals(ctx, fiscal_year))


@dataclass(frozen=True)
class MemberOrderRow:
    member_number: str
    member_name: str
    item_name: str
    ordered: int
    allocated: int | None  # None: not allocated yet (no order of the member's is)
    handed: int

    def cells(self) -> tuple[object, ...]:
        return (self.member_number, self.member_name, self.item_name, self.ordered,
                self.allocated, self.handed)  # fmt: skip


def member_orders(ctx: AppContext, fiscal_year: int) -> list[MemberOrderRow]:
    """One row per member and item of the year's orders (all rounds and price classes)."""
    handed = (
        select(TicketHandover.order_id, func.sum(TicketHandover.quantity).label("n"))
        .where(TicketHandover.status == "live", TicketHandover.order_id.is_not(None))
        .group_by(TicketHandover.order_id)
        .subquery()
    )
    query = (
        select(
            Member.number, Member.name, TicketItem.name, func.sum(TicketOrder.quantity),
            # SUM skips NULLs and is NULL when nothing is allocated yet: shown blank, not 0.
            func.sum(TicketOrder.allocated),
            func.sum(func.coalesce(handed.c.n, 0)),
        )
        .join(Member, Member.id == TicketOrder.member_id)
        .join(TicketItem, TicketItem.id == TicketOrder.item_id)
        .join(TicketRound, TicketRound.id == TicketOrder.round_id)
        .outerjoin(handed, handed.c.order_id == TicketOrder.id)
        .where(TicketRound.fiscal_year == fiscal_year, TicketOrder.status == "live")
        .group_by(Member.number, Member.name, TicketItem.id, TicketItem.name,
                  TicketItem.sort_order)
        .order_by(Member.number, TicketItem.sort_order)
    )  # fmt: skip
    with ctx.reader() as session:
        return [
            MemberOrderRow(
                str(n), str(name), str(item), int(q), None if a is None else int(a), int(h)
            )
            for n, name, item, q, a, h in session.execute(query)
        ]
