"""Ticket brokering (斡旋): items per fiscal year, order rounds, orders, allocation, stock, sales.

Stock is counted in lots (入荷); every handover (受渡) and return (返品) takes a run of
positions ``offset .. offset + quantity - 1`` of one lot, so numbered tickets keep their serial
numbers and the stock of any day is received minus what left by that day.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, Timestamped, utcnow

PRICE_CLASSES = ("adult", "child")  # 大人（または一律）, 小人
ELIGIBILITIES = ("member", "family")  # 会員本人のみ, 家族も可（上限は1人あたり）
ALLOCATION_METHODS = ("lottery", "first_come")  # 抽選, 先着順
ITEM_STATUSES = ("active", "retired")
ROUND_STATUSES = ("open", "closed")
ORDER_SOURCES = ("counter", "sheet", "import")
ORDER_STATUSES = ("live", "cancelled")
RUN_METHODS = ("full", "lottery", "first_come")
RUN_STATUSES = ("final", "reversed")
CHANGE_KINDS = ("run", "adjust", "reversal")
HANDOVER_KINDS = ("order", "counter")
LIVE_STATUSES = ("live", "reversed")
TICKET_PAYMENT_METHODS = ("cash", "transfer", "payroll")  # 現金, 振込, 給与天引
STOCK_PAYMENT_METHODS = ("cash", "bank")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class TicketItem(Timestamped, Base):
    """A ticket item (斡旋品目) of one fiscal year, with its prices and rules.

    The adult (or only) price is always set; a child price (小人) is all three amounts or none.
    ``subsidy`` is what the society pays per ticket, written explicitly; the supplier's
    discount is what is left of the face price: face − member − subsidy.
    """

    __tablename__ = "ticket_items"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "斡旋品目"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "name"),
        CheckConstraint(
            "member_price >= 0 AND subsidy >= 0 AND member_price + subsidy <= face_price",
            name="prices_valid",
        ),
        CheckConstraint(
            "(child_face_price IS NULL) = (child_member_price IS NULL)"
            " AND (child_face_price IS NULL) = (child_subsidy IS NULL)",
            name="child_prices_together",
        ),
        CheckConstraint(
            "child_face_price IS NULL OR (child_member_price >= 0 AND child_subsidy >= 0"
            " AND child_member_price + child_subsidy <= child_face_price)",
            name="child_prices_valid",
        ),
        CheckConstraint("member_cap IS NULL OR member_cap >= 1", name="cap_positive"),
        CheckConstraint("supply_limit IS NULL OR supply_limit >= 0", name="supply_positive"),
        CheckConstraint(
            "child_supply_limit IS NULL OR child_supply_limit >= 0", name="child_supply_positive"
        ),
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from",
            name="validity_ordered",
        ),
        CheckConstraint(_in("eligibility", ELIGIBILITIES), name="eligibility_valid"),
        CheckConstraint(_in("allocation_method", ALLOCATION_METHODS), name="method_valid"),
        CheckConstraint(_in("status", ITEM_STATUSES), name="status_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    category: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(100))
    supplier: Mapped[str] = mapped_column(String(100), default="")
    unit: Mapped[str] = mapped_column(String(10), default="枚")
    face_price: Mapped[int] = mapped_column(Integer, default=0)
    member_price: Mapped[int] = mapped_column(Integer, default=0)
    subsidy: Mapped[int] = mapped_column(Integer, default=0)
    child_face_price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    child_member_price: Mapped[int | None] = mapped_column(Integer, nullable=True)
    child_subsidy: Mapped[int | None] = mapped_column(Integer, nullable=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    valid_to: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    validity_note: Mapped[str] = mapped_column(String(100), default="")
    is_new: Mapped[bool] = mapped_column(Boolean, default=False)
    is_free: Mapped[bool] = mapped_column(Boolean, default=False)
    referral_only: Mapped[bool] = mapped_column(Boolean, default=False)
    member_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    eligibility: Mapped[str] = mapped_column(String(10), default="member")
    allocation_method: Mapped[str] = mapped_column(String(12), default="lottery")
    partial_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    supply_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    child_supply_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_items.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's declarative API


class TicketCategoryCap(Timestamped, Base):
    """A per-member yearly cap over all items of one category (区分ごとの上限), optional."""

    __tablename__ = "ticket_category_caps"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "斡旋の区分の上限"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "category"),
        CheckConstraint("cap >= 1", name="cap_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(30))
    cap: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TicketRound(Timestamped, Base):
    """An order round (申込の回: 第1回・第2回) with its dates; closing happens once."""

    __tablename__ = "ticket_rounds"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "斡旋の回"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number"),
        CheckConstraint("number >= 1", name="number_positive"),
        CheckConstraint("closes_on >= opens_on", name="dates_ordered"),
        CheckConstraint(_in("status", ROUND_STATUSES), name="status_valid"),
        CheckConstraint("(status = 'closed') = (closed_at IS NOT NULL)", name="closed_has_time"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    opens_on: Mapped[dt.date] = mapped_column(Date)
    closes_on: Mapped[dt.date] = mapped_column(Date)
    handover_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(60), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TicketRoundItem(Base):
    """An item offered in a round (取扱品目)."""

    __tablename__ = "ticket_round_items"
    __fiscal_date__ = "round_id"
    __fiscal_label__ = "斡旋の回の品目"

    round_id: Mapped[int] = mapped_column(ForeignKey("ticket_rounds.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("ticket_items.id"), primary_key=True, index=True
    )


class TicketOrder(Base):
    """A member's order (申込) of one item and price class in a round.

    ``allocated`` is empty until the item of the round is allocated (配分); every change of it
    after that is a row of ``ticket_allocation_changes``.
    """

    __tablename__ = "ticket_orders"
    __fiscal_date__ = "round_id"
    __fiscal_label__ = "斡旋の申込"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("allocated IS NULL OR allocated >= 0", name="allocated_positive"),
        CheckConstraint(_in("price_class", PRICE_CLASSES), name="class_valid"),
        CheckConstraint(_in("source", ORDER_SOURCES), name="source_valid"),
        CheckConstraint(_in("status", ORDER_STATUSES), name="status_valid"),
        Index("ix_ticket_orders_round_item", "round_id", "item_id"),
        Index("ix_ticket_orders_member_item", "member_id", "item_id"),
        Index("ix_ticket_orders_item_class", "item_id", "price_class"),
        Index(
            "uq_ticket_orders_live",
            "round_id",
            "item_id",
            "member_id",
            "price_class",
            unique=True,
            sqlite_where=text("status = 'live'"),
            postgresql_where=text("status = 'live'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("ticket_rounds.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"))
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), index=True)
    price_class: Mapped[str] = mapped_column(String(5), default="adult")
    quantity: Mapped[int] = mapped_column(Integer)
    received_on: Mapped[dt.date] = mapped_column(Date)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    source: Mapped[str] = mapped_column(String(10), default="counter")
    status: Mapped[str] = mapped_column(String(10), default="live")
    allocated: Mapped[int | None] = mapped_column(Integer, nullable=True)
    allocation_run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_allocation_runs.id"), nullable=True
    )
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TicketAllocationRun(Base):
    """One allocation (配分) of an item in a round: method, seed, stock and the draw, kept so an
    auditor can see and re-run it. A run is undone only by a recorded reversal."""

    __tablename__ = "ticket_allocation_runs"
    __fiscal_date__ = "round_id"
    __fiscal_label__ = "斡旋の配分"
    __table_args__ = (
        CheckConstraint(_in("method", RUN_METHODS), name="method_valid"),
        CheckConstraint(_in("status", RUN_STATUSES), name="status_valid"),
        CheckConstraint(
            "(status = 'reversed') = (reverse_reason IS NOT NULL)", name="reversal_has_reason"
        ),
        Index(
            "uq_ticket_allocation_runs_final",
            "round_id",
            "item_id",
            unique=True,
            sqlite_where=text("status = 'final'"),
            postgresql_where=text("status = 'final'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("ticket_rounds.id"))
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"), index=True)
    method: Mapped[str] = mapped_column(String(12))
    seed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    partial_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    stock_json: Mapped[str] = mapped_column(Text, default="{}")
    demand: Mapped[int] = mapped_column(Integer, default=0)
    allocated: Mapped[int] = mapped_column(Integer, default=0)
    members: Mapped[int] = mapped_column(Integer, default=0)
    losers: Mapped[int] = mapped_column(Integer, default=0)
    draw_json: Mapped[str] = mapped_column(Text, default="[]")
    decided_on: Mapped[dt.date] = mapped_column(Date)
    decided_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    decided_by: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(String(10), default="final")
    reversed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    reversed_by: Mapped[str] = mapped_column(String(60), default="")
    reverse_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)


class TicketAllocationChange(Base):
    """Every change of an order's allocation: by a run, by hand (with a reason), or reversed."""

    __tablename__ = "ticket_allocation_changes"
    __fiscal_date__ = "order_id"
    __fiscal_label__ = "斡旋の配分の変更"
    __table_args__ = (CheckConstraint(_in("kind", CHANGE_KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("ticket_orders.id"), index=True)
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_allocation_runs.id"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    before: Mapped[int | None] = mapped_column(Integer, nullable=True)
    after: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    changed_on: Mapped[dt.date] = mapped_column(Date)
    changed_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    changed_by: Mapped[str] = mapped_column(String(60), default="")


class TicketStockLot(Base):
    """Tickets received (入荷) in one lot, bought at member price + subsidy per ticket.

    Serial numbers, when the tickets carry them, run from ``serial_from`` to ``serial_to``
    (a fixed prefix and a number). The purchase is posted to the cash book with the lot.
    """

    __tablename__ = "ticket_stock_lots"
    __fiscal_date__ = "received_on"
    __fiscal_label__ = "斡旋品の入荷"
    __table_args__ = (
        UniqueConstraint("item_id", "lot_no"),
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        CheckConstraint("member_price >= 0 AND subsidy >= 0", name="prices_positive"),
        CheckConstraint(_in("price_class", PRICE_CLASSES), name="class_valid"),
        CheckConstraint(_in("method", STOCK_PAYMENT_METHODS), name="method_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"))
    lot_no: Mapped[int] = mapped_column(Integer)
    price_class: Mapped[str] = mapped_column(String(5), default="adult")
    received_on: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer)
    serial_from: Mapped[str | None] = mapped_column(String(30), nullable=True)
    serial_to: Mapped[str | None] = mapped_column(String(30), nullable=True)
    member_price: Mapped[int] = mapped_column(Integer, default=0)
    subsidy: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(5), default="bank")
    bank_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("bank_accounts.id"), nullable=True
    )
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")


class TicketReturn(Base):
    """Tickets of a lot sent back to the supplier (返品); the refund is posted with it."""

    __tablename__ = "ticket_returns"
    __fiscal_date__ = "returned_on"
    __fiscal_label__ = "斡旋品の返品"
    __table_args__ = (CheckConstraint("quantity >= 1 AND lot_offset >= 0", name="range_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("ticket_stock_lots.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"), index=True)
    returned_on: Mapped[dt.date] = mapped_column(Date)
    lot_offset: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")


class TicketPayment(Base):
    """Money received for tickets handed over (販売代金), from a member or an establishment."""

    __tablename__ = "ticket_payments"
    __fiscal_date__ = "paid_on"
    __fiscal_label__ = "斡旋品代の入金"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_in("method", TICKET_PAYMENT_METHODS), name="method_valid"),
        CheckConstraint(_in("status", LIVE_STATUSES), name="status_valid"),
        CheckConstraint("(member_id IS NULL) != (establishment_id IS NULL)", name="one_payer"),
        CheckConstraint(
            "(status = 'reversed') = (reverse_reason IS NOT NULL)", name="reversal_has_reason"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paid_on: Mapped[dt.date] = mapped_column(Date, index=True)
    method: Mapped[str] = mapped_column(String(10), default="cash")
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    payer_name: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10), default="live")
    reversed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reverse_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")


class TicketPaymentLine(Base):
    """A payment's amount for one item; each line is one cash-book entry (斡旋事業収入)."""

    __tablename__ = "ticket_payment_lines"
    __fiscal_date__ = "payment_id"
    __fiscal_label__ = "斡旋品代の入金"
    __table_args__ = (CheckConstraint("quantity >= 0 AND amount > 0", name="amounts_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("ticket_payments.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)


class TicketHandover(Base):
    """Tickets handed to a member (受渡): of an allocated order, or sold at the counter from
    the leftovers. Taken from positions ``lot_offset ..`` of one lot; a handover is undone only
    by a recorded reversal, and only while unpaid."""

    __tablename__ = "ticket_handovers"
    __fiscal_date__ = "handed_on"
    __fiscal_label__ = "斡旋品の受渡"
    __table_args__ = (
        CheckConstraint("quantity >= 1 AND lot_offset >= 0", name="range_valid"),
        CheckConstraint("unit_price >= 0 AND amount = unit_price * quantity", name="amount_valid"),
        CheckConstraint(_in("kind", HANDOVER_KINDS), name="kind_valid"),
        CheckConstraint(_in("price_class", PRICE_CLASSES), name="class_valid"),
        CheckConstraint(_in("status", LIVE_STATUSES), name="status_valid"),
        CheckConstraint("(kind = 'order') = (order_id IS NOT NULL)", name="order_kind"),
        CheckConstraint(
            "(status = 'reversed') = (reverse_reason IS NOT NULL)", name="reversal_has_reason"
        ),
        Index("ix_ticket_handovers_item_status", "item_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ticket_items.id"))
    price_class: Mapped[str] = mapped_column(String(5), default="adult")
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_orders.id"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10), default="order")
    lot_id: Mapped[int] = mapped_column(ForeignKey("ticket_stock_lots.id"), index=True)
    lot_offset: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    handed_on: Mapped[dt.date] = mapped_column(Date)
    unit_price: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("ticket_payments.id"), nullable=True, index=True
    )
    status: Mapped[str] = mapped_column(String(10), default="live")
    reversed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reverse_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")
