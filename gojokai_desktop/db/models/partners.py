"""Partner promotion (推進): partners, their items per year, targets, results, enrolments.

Not dated for the closed-year guard on purpose (no ``__fiscal_date__``): these are the
partners' figures in the partners' own years, not the society's books, and they arrive after
the society's year is closed — the co-op insurers' 下期 ends in May, its statement comes in
June, when the society's year that holds December–March is already closed after the general
meeting. Like the member register, they stay writable.
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
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, Timestamped, utcnow

PARTNER_UNITS = ("件", "口", "千円", "会員", "回", "人")
ITEM_SOURCES = ("entry", "enrolments")
RATE_ROUNDINGS = ("half_up_1", "trunc_1", "half_up_2", "trunc_2")
RESULT_SOURCES = ("typed", "imported")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class Partner(Timestamped, Base):
    """A partner the society promotes (ろうきん, こくみん共済 coop, 自治労共済 …).

    ``start_month`` is the first month of the partner's own fiscal year (co-op insurance
    runs June–May); ``rate_rounding`` how its reports round their rates.
    """

    __tablename__ = "partners"
    __table_args__ = (
        CheckConstraint("start_month BETWEEN 1 AND 12", name="start_month_range"),
        CheckConstraint(_in("rate_rounding", RATE_ROUNDINGS), name="rounding_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    formal_name: Mapped[str] = mapped_column(String(100), default="")
    start_month: Mapped[int] = mapped_column(Integer, default=4)
    rate_rounding: Mapped[str] = mapped_column(String(10), default="half_up_1")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's class dict


class PartnerItem(Timestamped, Base):
    """An item of a partner in one of its fiscal years, in the partner's group.

    ``code`` stays the same from year to year (copying a year keeps it), so last year's
    figures are found even when the partner renames the item.
    """

    __tablename__ = "partner_items"
    __table_args__ = (
        UniqueConstraint("partner_id", "fiscal_year", "code"),
        UniqueConstraint(
            "partner_id", "fiscal_year", "group_name", "name", name="uq_partner_items_name"
        ),
        CheckConstraint(_in("unit", PARTNER_UNITS), name="unit_valid"),
        CheckConstraint(_in("source", ITEM_SOURCES), name="source_valid"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id"))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    code: Mapped[str] = mapped_column(String(20))
    group_name: Mapped[str] = mapped_column(String(60), default="")
    name: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(4), default="件")
    source: Mapped[str] = mapped_column(String(12), default="entry")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PartnerTarget(Timestamped, Base):
    """The yearly target of an item: for the society (no establishment) or one establishment."""

    __tablename__ = "partner_targets"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_positive"),
        Index(
            "uq_partner_targets_society",
            "item_id",
            unique=True,
            sqlite_where=text("establishment_id IS NULL"),
            postgresql_where=text("establishment_id IS NULL"),
        ),
        Index(
            "uq_partner_targets_establishment",
            "item_id",
            "establishment_id",
            unique=True,
            sqlite_where=text("establishment_id IS NOT NULL"),
            postgresql_where=text("establishment_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("partner_items.id"), index=True)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PartnerResult(Timestamped, Base):
    """A result of an item for one month or one half of the partner's year (``months`` 1 or
    6 from ``period_start``), for the society as a whole or one establishment."""

    __tablename__ = "partner_results"
    __table_args__ = (
        CheckConstraint("amount >= 0", name="amount_positive"),
        CheckConstraint("months IN (1, 6)", name="months_valid"),
        CheckConstraint(_in("source", RESULT_SOURCES), name="source_valid"),
        Index(
            "uq_partner_results_society",
            "item_id",
            "period_start",
            "months",
            unique=True,
            sqlite_where=text("establishment_id IS NULL"),
            postgresql_where=text("establishment_id IS NULL"),
        ),
        Index(
            "uq_partner_results_establishment",
            "item_id",
            "establishment_id",
            "period_start",
            "months",
            unique=True,
            sqlite_where=text("establishment_id IS NOT NULL"),
            postgresql_where=text("establishment_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("partner_items.id"), index=True)
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    period_start: Mapped[dt.date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer, default=6)
    amount: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(10), default="typed")
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class PartnerEnrolment(Timestamped, Base):
    """A member's enrolment with a partner through the society (a 共済 taken out, a ろうきん
    account opened): the date, the product (an item counted from enrolments) and how many
    (件, 口 …). No policy or account numbers: the society does not need them."""

    __tablename__ = "partner_enrolments"
    __table_args__ = (
        CheckConstraint("quantity >= 1", name="quantity_positive"),
        Index("ix_partner_enrolments_item_date", "item_id", "enrolled_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("partner_items.id"))
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    enrolled_on: Mapped[dt.date] = mapped_column(Date)
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    entered_by: Mapped[str] = mapped_column(String(60), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012
