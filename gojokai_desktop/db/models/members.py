"""Establishments (事業所), members (会員), their family, membership periods and history."""

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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gojokai_desktop.db.models.base import Base, Timestamped, Versioned, utcnow

COLLECTION_METHODS = ("debit", "transfer", "cash")  # 口座振替, 振込, 現金
BILLING_CYCLES = ("monthly", "quarterly", "half_yearly", "yearly")
SEXES = ("M", "F")
EMPLOYMENT_TYPES = ("regular", "part_time", "owner", "other")  # 正社員, パート, 事業主, その他
LEAVE_REASONS = ("retired", "deceased", "withdrawn", "expelled")  # 退職, 死亡, 脱退, 除名
ACCOUNT_TYPES = ("1", "2")  # 普通, 当座 (Zengin codes)
EVENT_KINDS = ("join", "transfer", "leave", "rejoin", "change")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Establishment(Versioned, Timestamped, Base):
    """An employer whose workers are members; it usually pays their dues."""

    __tablename__ = "establishments"
    __table_args__ = (
        CheckConstraint("number > 0", name="number_positive"),
        CheckConstraint("leave_date IS NULL OR leave_date >= join_date", name="dates_ordered"),
        CheckConstraint(_in("collection_method", COLLECTION_METHODS), name="collection_valid"),
        CheckConstraint(_in("billing_cycle", BILLING_CYCLES), name="cycle_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_kana: Mapped[str] = mapped_column(String(200), default="")
    kana_search: Mapped[str] = mapped_column(String(200), default="", index=True)
    owner_name: Mapped[str] = mapped_column(String(60), default="")
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    contact_person: Mapped[str] = mapped_column(String(60), default="")
    billing_contact: Mapped[str] = mapped_column(String(60), default="")
    join_date: Mapped[dt.date] = mapped_column(Date)
    leave_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    collection_method: Mapped[str] = mapped_column(String(10), default="transfer")
    billing_cycle: Mapped[str] = mapped_column(String(12), default="monthly")
    # The establishment's account, for benefits paid to the establishment (事業所経由の給付).
    bank_code: Mapped[str] = mapped_column(String(4), default="", server_default="")
    branch_code: Mapped[str] = mapped_column(String(3), default="", server_default="")
    account_type: Mapped[str | None] = mapped_column(String(1), nullable=True)
    account_number: Mapped[str] = mapped_column(String(7), default="", server_default="")
    account_holder_kana: Mapped[str] = mapped_column(String(60), default="", server_default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    members: Mapped[list[Member]] = relationship(back_populates="establishment")


class Member(Versioned, Timestamped, Base):
    """A member (会員). Kept forever: leaving sets ``leave_date``, nothing is deleted.

    ``establishment_id``, ``join_date``, ``leave_date`` and ``leave_reason`` describe the
    current (or last) membership period; the full story is in the period and event tables.
    """

    __tablename__ = "members"
    __table_args__ = (
        CheckConstraint("leave_date IS NULL OR leave_date >= join_date", name="dates_ordered"),
        CheckConstraint("sex IS NULL OR " + _in("sex", SEXES), name="sex_valid"),
        CheckConstraint(_in("employment_type", EMPLOYMENT_TYPES), name="employment_valid"),
        CheckConstraint(
            "leave_reason IS NULL OR " + _in("leave_reason", LEAVE_REASONS), name="reason_valid"
        ),
        CheckConstraint("(leave_date IS NULL) = (leave_reason IS NULL)", name="leave_has_reason"),
        CheckConstraint(
            "account_type IS NULL OR " + _in("account_type", ACCOUNT_TYPES), name="account_type"
        ),
        Index("ix_members_establishment_leave", "establishment_id", "leave_date"),
        # The home page's counts and the member list's "changed since" (migration 1100).
        Index("ix_members_join_leave", "join_date", "leave_date"),
        Index("ix_members_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    name_kana: Mapped[str] = mapped_column(String(120))
    kana_search: Mapped[str] = mapped_column(String(120), index=True)
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    postal_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"))
    employment_type: Mapped[str] = mapped_column(String(10), default="regular")
    dues_class: Mapped[str] = mapped_column(String(20), default="")
    join_date: Mapped[dt.date] = mapped_column(Date)
    leave_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    leave_reason: Mapped[str | None] = mapped_column(String(10), nullable=True)
    bank_code: Mapped[str] = mapped_column(String(4), default="")
    branch_code: Mapped[str] = mapped_column(String(3), default="")
    account_type: Mapped[str | None] = mapped_column(String(1), nullable=True)
    account_number: Mapped[str] = mapped_column(String(7), default="")
    account_holder_kana: Mapped[str] = mapped_column(String(60), default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    establishment: Mapped[Establishment] = relationship(back_populates="members")
    family: Mapped[list[FamilyMember]] = relationship(
        back_populates="member", order_by="FamilyMember.id"
    )


class MembershipPeriod(Base):
    """One period of membership: a rejoin opens a new one for the same person."""

    __tablename__ = "membership_periods"
    __fiscal_date__ = ("start_date", "end_date")
    __fiscal_label__ = "会員期間（入会・退会）"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        CheckConstraint(
            "end_reason IS NULL OR " + _in("end_reason", LEAVE_REASONS), name="reason_valid"
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(10), nullable=True)


class Affiliation(Base):
    """Which establishment a member belonged to over time (transfers keep the history).

    Affiliations lie inside membership periods, so the head count of an establishment on a
    date is the number of affiliations covering that date.
    """

    __tablename__ = "affiliations"
    __fiscal_date__ = ("start_date", "end_date")
    __fiscal_label__ = "所属事業所"
    __table_args__ = (
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="dates_ordered"),
        Index("ix_affiliations_est_dates", "establishment_id", "start_date", "end_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    establishment_id: Mapped[int] = mapped_column(ForeignKey("establishments.id"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)


class MemberEvent(Base):
    """A line of the member's history: join, transfer, leave, rejoin or change (異動履歴)."""

    __tablename__ = "member_events"
    __fiscal_date__ = "effective_date"
    __fiscal_label__ = "異動履歴"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind_valid"),
        Index("ix_member_events_kind_date", "kind", "effective_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    effective_date: Mapped[dt.date] = mapped_column(Date)
    received_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    from_establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    reason: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)


class FamilyMember(Versioned, Timestamped, Base):
    """A family member or dependent (家族・被扶養者) of a member."""

    __tablename__ = "family_members"
    __fiscal_date__ = ("from_date", "to_date")
    __fiscal_label__ = "家族・被扶養者"
    __table_args__ = (
        CheckConstraint("sex IS NULL OR " + _in("sex", SEXES), name="sex_valid"),
        CheckConstraint("to_date IS NULL OR to_date >= from_date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    relation: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(60))
    name_kana: Mapped[str] = mapped_column(String(120), default="")
    sex: Mapped[str | None] = mapped_column(String(1), nullable=True)
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    dependent: Mapped[bool] = mapped_column(Boolean, default=False)
    from_date: Mapped[dt.date] = mapped_column(Date)
    to_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    # 婚姻日 of a spouse: the base of 銀婚 (25 years of marriage) in the due lists.
    married_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")

    member: Mapped[Member] = relationship(back_populates="family")
