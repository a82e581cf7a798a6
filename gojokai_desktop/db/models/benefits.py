"""Benefits (慶弔給付): table versions, claims with their steps, payment batches and payments."""

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

from gojokai_desktop.db.models.base import Base, Timestamped, Versioned, utcnow

#: 受付, 審査済, 支給決定, 不支給決定, 支払済, 取下げ
CLAIM_STATUSES = ("received", "reviewed", "approved", "rejected", "paid", "withdrawn")
#: 現金（窓口）, 会員の口座へ振込, 事業所の口座へ振込
BENEFIT_PAYMENT_METHODS = ("cash", "member_account", "establishment_account")
BATCH_STATUSES = ("draft", "committed", "cancelled")
CLAIM_STEPS = (
    "received",
    "updated",
    "reviewed",
    "approved",
    "rejected",
    "amount_changed",
    "reopened",
    "withdrawn",
    "batched",
    "unbatched",
    "paid",
    "payment_reversed",
)


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class BenefitTableVersion(Base):
    """One saved version of the benefit table (給付表), in force from ``valid_from_year``.

    The table is stored whole as JSON in the shape of the preset files; a change saves a new
    version and the older ones stay readable, so a claim can always show the rules it met.
    """

    __tablename__ = "benefit_tables"
    __table_args__ = (UniqueConstraint("valid_from_year", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    valid_from_year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(100))
    table_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="")
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    saved_by: Mapped[str] = mapped_column(String(60), default="")


class BenefitClaim(Versioned, Timestamped, Base):
    """A claim (給付請求) from receipt to payment; never deleted (取下げ keeps it).

    ``amount`` is what may be paid (0 until approved and after a rejection); the assessment
    that produced it is kept as text (``explanation``, ``failures_json``) so the register
    shows how every amount was reached, even after the benefit table changes.
    """

    __tablename__ = "benefit_claims"
    # Paid claims belong to the year of payment; open ones may cross the year end.
    __fiscal_date__ = "paid_on"
    __fiscal_label__ = "慶弔給付の支払"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "seq"),
        CheckConstraint(_in("status", CLAIM_STATUSES), name="status_valid"),
        CheckConstraint(_in("payment_method", BENEFIT_PAYMENT_METHODS), name="method_valid"),
        CheckConstraint("amount >= 0 AND computed_amount >= 0", name="amounts_positive"),
        CheckConstraint("children >= 0", name="children_positive"),
        CheckConstraint(
            "(NOT overridden) OR (override_reason IS NOT NULL AND override_reason != '')",
            name="override_has_reason",
        ),
        CheckConstraint(
            "status != 'rejected' OR (reject_reason IS NOT NULL AND reject_reason != '')",
            name="reject_has_reason",
        ),
        Index("ix_benefit_claims_status", "status"),
        Index("ix_benefit_claims_kind_event", "kind_code", "event_date"),
        Index("ix_benefit_claims_paid_on", "paid_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    family_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("family_members.id"), nullable=True
    )
    table_id: Mapped[int] = mapped_column(ForeignKey("benefit_tables.id"))
    kind_code: Mapped[str] = mapped_column(String(40))
    kind_name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[dt.date] = mapped_column(Date)
    claim_date: Mapped[dt.date] = mapped_column(Date)
    days_off: Mapped[int | None] = mapped_column(Integer, nullable=True)
    damage_class: Mapped[str | None] = mapped_column(String(20), nullable=True)
    children: Mapped[int] = mapped_column(Integer, default=1)
    service_years: Mapped[int | None] = mapped_column(Integer, nullable=True)
    spouse_also_claimed: Mapped[bool] = mapped_column(Boolean, default=False)
    detail: Mapped[str] = mapped_column(Text, default="")
    evidence_json: Mapped[str] = mapped_column(Text, default="[]")
    employer_certified: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="received")
    computed_amount: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    explanation: Mapped[str] = mapped_column(Text, default="")
    failures_json: Mapped[str] = mapped_column(Text, default="[]")
    overridden: Mapped[bool] = mapped_column(Boolean, default=False)
    override_by: Mapped[str | None] = mapped_column(String(60), nullable=True)
    override_reason: Mapped[str | None] = mapped_column(String(400), nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reject_reason: Mapped[str | None] = mapped_column(String(400), nullable=True)
    payment_method: Mapped[str] = mapped_column(String(24), default="member_account")
    paid_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    origin: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class BenefitClaimStep(Base):
    """A step of a claim's story: who did what, when, with which amount and why."""

    __tablename__ = "benefit_claim_steps"
    __table_args__ = (CheckConstraint(_in("step", CLAIM_STEPS), name="step_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("benefit_claims.id"), index=True)
    step: Mapped[str] = mapped_column(String(20))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(60), default="")
    amount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    reason: Mapped[str] = mapped_column(String(400), default="")


class BenefitPaymentBatch(Timestamped, Base):
    """A payment batch (支払): approved claims paid on one bank business day.

    A draft can still change; committing marks every claim paid and posts it to the cash
    book in one transaction. Numbers are gapless per fiscal year; a cancelled draft keeps its.
    """

    __tablename__ = "benefit_payment_batches"
    __fiscal_date__ = "payment_date"
    __fiscal_free__ = ("zengin_file", "zengin_written_at")
    __fiscal_label__ = "慶弔給付の支払"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "seq"),
        CheckConstraint(_in("status", BATCH_STATUSES), name="status_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    payment_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    claim_count: Mapped[int] = mapped_column(Integer, default=0)
    total_amount: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")
    created_by: Mapped[str] = mapped_column(String(60), default="")
    committed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    committed_by: Mapped[str | None] = mapped_column(String(60), nullable=True)
    zengin_file: Mapped[str | None] = mapped_column(String(260), nullable=True)
    zengin_written_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)


class BenefitPayment(Base):
    """One claim in a batch: how it is paid and, for a transfer, to which account.

    The account is copied when the batch is committed, so the bank file and the register
    say where the money went even if the member's record changes later. At most one live
    (not reversed) payment per claim.
    """

    __tablename__ = "benefit_payments"
    __fiscal_date__ = "batch_id"
    __fiscal_label__ = "慶弔給付の支払"
    __table_args__ = (
        CheckConstraint(_in("method", BENEFIT_PAYMENT_METHODS), name="method_valid"),
        CheckConstraint("amount > 0", name="amount_positive"),
        CheckConstraint("(NOT reversed) OR reverse_reason IS NOT NULL", name="reverse_reason"),
        Index(
            "uq_benefit_payments_live_claim",
            "claim_id",
            unique=True,
            sqlite_where=text("NOT reversed"),
            postgresql_where=text("NOT reversed"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("benefit_payment_batches.id"), index=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("benefit_claims.id"), index=True)
    method: Mapped[str] = mapped_column(String(24))
    amount: Mapped[int] = mapped_column(Integer)
    payee_name: Mapped[str] = mapped_column(String(100), default="")
    bank_code: Mapped[str] = mapped_column(String(4), default="")
    branch_code: Mapped[str] = mapped_column(String(3), default="")
    account_type: Mapped[str] = mapped_column(String(1), default="")
    account_number: Mapped[str] = mapped_column(String(7), default="")
    account_holder_kana: Mapped[str] = mapped_column(String(60), default="")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("cash_book_entries.id"), nullable=True)
    reversed: Mapped[bool] = mapped_column(Boolean, default=False)
    reverse_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reversed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
