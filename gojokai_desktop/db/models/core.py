"""Society settings, users, the audit trail, fiscal years, setting values, counters, receipts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, KeptInSession, Timestamped, utcnow

DEFAULT_MEMBER_NUMBER_PATTERN = "{establishment:04d}-{person:03d}"


class SocietySettings(KeptInSession, Timestamped, Base):
    """The one row that describes the society (互助会の基本情報)."""

    __tablename__ = "society_settings"
    __table_args__ = (
        CheckConstraint("id = 1", name="single_row"),
        CheckConstraint("cutoff_day BETWEEN 1 AND 31", name="cutoff_day_range"),
        CheckConstraint("fiscal_year_start_month BETWEEN 1 AND 12", name="fy_start_range"),
        CheckConstraint("fiscal_label_rule IN ('start', 'reiwa_gannen')", name="fy_label_rule"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    name: Mapped[str] = mapped_column(String(100))
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    representative_title: Mapped[str] = mapped_column(String(30), default="会長")
    representative_name: Mapped[str] = mapped_column(String(60), default="")
    clerk_name: Mapped[str] = mapped_column(String(60), default="")
    member_number_pattern: Mapped[str] = mapped_column(
        String(60), default=DEFAULT_MEMBER_NUMBER_PATTERN
    )
    cutoff_day: Mapped[int] = mapped_column(Integer, default=20)
    fiscal_year_start_month: Mapped[int] = mapped_column(Integer, default=4)
    fiscal_label_rule: Mapped[str] = mapped_column(String(20), default="start")


class User(Timestamped, Base):
    """A person who uses the program (事務担当, 管理者)."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'clerk')", name="role_valid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(40), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(10), default="clerk")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AuditEntry(Base):
    """Who changed what and when, with the values before and after (監査ログ)."""

    __tablename__ = "audit_entries"
    __audited__ = False

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    user_name: Mapped[str] = mapped_column(String(60), default="")
    action: Mapped[str] = mapped_column(String(60))
    operation: Mapped[str] = mapped_column(String(10))
    entity: Mapped[str] = mapped_column(String(60), index=True)
    entity_id: Mapped[str] = mapped_column(String(40), default="")
    before_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    after_json: Mapped[str | None] = mapped_column(Text, nullable=True)


class FiscalYear(KeptInSession, Timestamped, Base):
    """A fiscal year (年度) of the society; a closed year is read-only."""

    __tablename__ = "fiscal_years"
    __table_args__ = (
        CheckConstraint("end_date > start_date", name="dates_ordered"),
        CheckConstraint("status IN ('open', 'closed')", name="status_valid"),
    )

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="open")
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    closed_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class SettingValue(Timestamped, Base):
    """A society setting valid from a fiscal year on (fees, benefit tables, bank settings...).

    The value is JSON text; the area that owns the key validates it.
    """

    __tablename__ = "setting_values"
    __table_args__ = (UniqueConstraint("key", "valid_from_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(80))
    valid_from_year: Mapped[int] = mapped_column(Integer)
    value_json: Mapped[str] = mapped_column(Text)


class NumberCounter(Base):
    """The last number handed out per kind and scope (e.g. receipts of fiscal year 2025).

    Every gapless or unique number comes from here (``services.numbering``): the row is read
    ``FOR UPDATE`` in the writing transaction, so two writers queue instead of clashing.
    """

    __tablename__ = "number_counters"
    __audited__ = False

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    scope: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(Integer, default=0)


RECEIPT_STATUSES = ("issued", "void")
RECEIPT_SOURCES = ("dues", "tickets", "events", "other")


class Receipt(Base):
    """A receipt (領収書) of any area; numbers are gapless per fiscal year, a void keeps its number.

    ``source`` says what the money was for; a dues receipt names its payment, the other
    areas name their own row in ``source_id``.
    """

    __tablename__ = "receipts"
    __fiscal_date__ = "issued_date"
    # A lost receipt may be reprinted (再発行) after the close.
    __fiscal_free__ = ("reissue_count",)
    __fiscal_label__ = "領収書"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number"),
        CheckConstraint(
            "status IN (" + ", ".join(f"'{v}'" for v in RECEIPT_STATUSES) + ")",
            name="status_valid",
        ),
        CheckConstraint(
            "source IN (" + ", ".join(f"'{v}'" for v in RECEIPT_SOURCES) + ")",
            name="source_valid",
        ),
        CheckConstraint("(status = 'void') = (void_reason IS NOT NULL)", name="void_has_reason"),
        CheckConstraint("source != 'dues' OR payment_id IS NOT NULL", name="dues_has_payment"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), default="dues")
    source_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("dues_payments.id"), nullable=True, index=True
    )
    issued_date: Mapped[dt.date] = mapped_column(Date)
    addressee: Mapped[str] = mapped_column(String(100))
    amount: Mapped[int] = mapped_column(Integer)
    purpose: Mapped[str] = mapped_column(String(100), default="会費として")
    status: Mapped[str] = mapped_column(String(10), default="issued")
    void_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reissue_count: Mapped[int] = mapped_column(Integer, default=0)
