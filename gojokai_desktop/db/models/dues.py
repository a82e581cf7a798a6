"""Dues (会費): fee tables, salary history, billing runs, bills and payments."""

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojokai_desktop.db.models.base import Base, Timestamped, utcnow

FEE_MODELS = ("flat", "salary")  # 定額, 給料比例
BILL_STATUSES = ("open", "paid", "cancelled")
LINE_KINDS = ("dues", "entry_fee", "joiner", "leaver_credit")
DUES_PAYMENT_METHODS = ("cash", "transfer", "debit")  # 現金, 振込, 口座振替


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class DuesFeeTable(Timestamped, Base):
    """The fees of one fiscal year; a change adds a new version, the old one stays readable."""

    __tablename__ = "dues_fee_tables"
    __fiscal_date__ = "fiscal_year"
    __fiscal_label__ = "会費表"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "version"),
        CheckConstraint(_in("model", FEE_MODELS), name="model_valid"),
        CheckConstraint("entry_fee >= 0 AND monthly_dues >= 0", name="amounts_positive"),
        CheckConstraint("debit_day BETWEEN 1 AND 31", name="debit_day_range"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    model: Mapped[str] = mapped_column(String(10), default="flat")
    entry_fee: Mapped[int] = mapped_column(Integer, default=0)
    monthly_dues: Mapped[int] = mapped_column(Integer, default=0)
    classes_json: Mapped[str] = mapped_column(Text, default="{}")
    employer_share_percent: Mapped[int] = mapped_column(Integer, default=0)
    per_mille: Mapped[int] = mapped_column(Integer, default=6)
    dependent_fee: Mapped[int] = mapped_column(Integer, default=200)
    dependent_cap: Mapped[int] = mapped_column(Integer, default=800)
    short_term_percent: Mapped[int] = mapped_column(Integer, default=10)
    rounding: Mapped[str] = mapped_column(String(10), default="floor")
    debit_day: Mapped[int] = mapped_column(Integer, default=20)
    note: Mapped[str] = mapped_column(String(200), default="")


class MemberSalary(Base):
    """A member's monthly salary (給料月額) from a date on, for salary-rate dues."""

    __tablename__ = "member_salaries"
    __table_args__ = (
        UniqueConstraint("member_id", "effective_date"),
        CheckConstraint("monthly_salary >= 0", name="salary_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    effective_date: Mapped[dt.date] = mapped_column(Date)
    monthly_salary: Mapped[int] = mapped_column(Integer)


class BillingRun(Base):
    """One committed billing run for a period (請求月): who ran it, when, with which fees."""

    __tablename__ = "dues_billing_runs"
    __fiscal_date__ = "period"
    __fiscal_label__ = "会費の請求"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    period: Mapped[dt.date] = mapped_column(Date, index=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    base_date: Mapped[dt.date] = mapped_column(Date)
    fee_table_id: Mapped[int] = mapped_column(ForeignKey("dues_fee_tables.id"))
    bill_count: Mapped[int] = mapped_column(Integer, default=0)
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    run_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    run_by: Mapped[str] = mapped_column(String(60), default="")


class DuesBill(Base):
    """A bill to one establishment for one period; at most one live bill per pair.

    ``paid_amount`` is kept in step with the allocations so lists need no aggregate; a
    cancelled bill stays with its reason so the period can be billed again.
    """

    __tablename__ = "dues_bills"
    __fiscal_date__ = "period"
    # A payment or a failed debit of a later year may still settle or mark an old bill.
    __fiscal_free__ = ("paid_amount", "status", "debit_failed", "debit_failed_on")
    __fiscal_label__ = "会費の請求"
    __table_args__ = (
        CheckConstraint(_in("status", BILL_STATUSES), name="status_valid"),
        CheckConstraint("months >= 1", name="months_positive"),
        CheckConstraint(
            "(status = 'cancelled') = (cancel_reason IS NOT NULL)", name="cancel_has_reason"
        ),
        Index(
            "uq_dues_bills_live_period",
            "establishment_id",
            "period",
            unique=True,
            sqlite_where=text("status != 'cancelled'"),
            postgresql_where=text("status != 'cancelled'"),
        ),
        Index("ix_dues_bills_status_period", "status", "period"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("dues_billing_runs.id"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"))
    period: Mapped[dt.date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer, default=1)
    base_date: Mapped[dt.date] = mapped_column(Date)
    due_date: Mapped[dt.date] = mapped_column(Date)
    head_count: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer)
    paid_amount: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="open")
    debit_failed: Mapped[bool] = mapped_column(Boolean, default=False)
    debit_failed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)

    lines: Mapped[list[DuesBillLine]] = relationship(order_by="DuesBillLine.id")


class DuesBillLine(Base):
    """A line of a bill a clerk can read: 会費 12人 × 3か月 × 500円, 途中入会, 退会調整."""

    __tablename__ = "dues_bill_lines"
    __fiscal_date__ = "bill_id"
    __fiscal_label__ = "会費の請求"
    __table_args__ = (CheckConstraint(_in("kind", LINE_KINDS), name="kind_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("dues_bills.id"), index=True)
    kind: Mapped[str] = mapped_column(String(15))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id"), nullable=True)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    months: Mapped[int] = mapped_column(Integer, default=1)
    unit_amount: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer)
    short_term_amount: Mapped[int] = mapped_column(Integer, default=0)


class DuesPayment(Base):
    """Money received from an establishment; what is not applied to bills is credit."""

    __tablename__ = "dues_payments"
    __fiscal_date__ = "received_date"
    # Credit left on an old payment may settle a bill of a later year.
    __fiscal_free__ = ("allocated_amount",)
    __fiscal_label__ = "会費の入金"
    __table_args__ = (
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint(_in("method", DUES_PAYMENT_METHODS), name="method_valid"),
        CheckConstraint("(NOT reversed) OR reverse_reason IS NOT NULL", name="reverse_reason"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"), index=True)
    received_date: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    allocated_amount: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[str] = mapped_column(String(10), default="transfer")
    note: Mapped[str] = mapped_column(String(200), default="")
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reverse_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    # A member's own cash (入会金 and the months up to the next cycle, paid at the counter);
    # None for the establishment's payment of its bill.
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id"), nullable=True, index=True
    )


class DuesAllocation(Base):
    """How much of a payment settled which bill (oldest bill first; credit later)."""

    __tablename__ = "dues_allocations"
    __table_args__ = (CheckConstraint("amount > 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("dues_payments.id"), index=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("dues_bills.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)
