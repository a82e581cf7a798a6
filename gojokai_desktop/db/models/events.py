"""Training and events (研修会・行事): events with sessions, applications, money and claims."""

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
)
from sqlalchemy.orm import Mapped, mapped_column

from gojokai_desktop.db.models.base import Base, Timestamped, utcnow

EVENT_KINDS = ("training", "trip", "tournament", "checkup", "other")
EVENT_STATUSES = ("active", "cancelled")
SUBSIDY_MODES = ("none", "fixed", "rule")
APPLICATION_STATUSES = ("confirmed", "waiting", "cancelled")
APPLICATION_CHANNELS = ("counter", "establishment", "import")
PAY_VIA = ("member", "establishment")
PARTICIPANT_CATEGORIES = ("member", "family", "guest")
ATTENDANCE = ("", "present", "absent")
EVENT_PAYMENT_KINDS = ("fee", "cancel_fee")
EVENT_COST_KINDS = ("cost", "subsidy")
MONEY_METHODS = ("cash", "bank")


def _in(column: str, values: tuple[str, ...]) -> str:
    quoted = ", ".join(f"'{v}'" for v in values)
    return f"{column} IN ({quoted})"


class EventRuleTable(Base):
    """One saved version of the society's event rules (補助の表, 年間の申込回数, ろうきん助成).

    Stored whole as JSON in the shape of the preset files, in force from ``valid_from_year``;
    a change saves a new version, so an event can always name the rules it was given.
    """

    __tablename__ = "event_rule_tables"
    __table_args__ = (UniqueConstraint("valid_from_year", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    valid_from_year: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(100))
    table_json: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(200), default="")
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    saved_by: Mapped[str] = mapped_column(String(60), default="")


class Event(Timestamped, Base):
    """A training session, trip, tournament, check-up or other event of a fiscal year.

    Fees and subsidies are kept per category as given when the event was saved; ``first_date``
    (its first session's day) decides the fiscal year. Never deleted once money moved.
    """

    __tablename__ = "events"
    __fiscal_date__ = "first_date"
    __fiscal_label__ = "行事"
    __table_args__ = (
        UniqueConstraint("fiscal_year", "number"),
        CheckConstraint(_in("kind", EVENT_KINDS), name="kind_valid"),
        CheckConstraint(_in("status", EVENT_STATUSES), name="status_valid"),
        CheckConstraint(_in("subsidy_mode", SUBSIDY_MODES), name="subsidy_mode_valid"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint(
            "fee_member >= 0 AND fee_family >= 0 AND fee_guest >= 0", name="fees_positive"
        ),
        CheckConstraint(
            "subsidy_member >= 0 AND subsidy_family >= 0 AND subsidy_guest >= 0",
            name="subsidies_positive",
        ),
        CheckConstraint("deadline IS NULL OR deadline <= first_date", name="deadline_in_time"),
        CheckConstraint(
            "application_start IS NULL OR deadline IS NULL OR application_start <= deadline",
            name="period_ordered",
        ),
        CheckConstraint(
            "cancel_fee_percent >= 0 AND cancel_fee_percent <= 100 AND cancel_fee_days >= 0",
            name="cancel_fee_valid",
        ),
        CheckConstraint(
            "status != 'cancelled' OR cancelled_on IS NOT NULL", name="cancel_has_date"
        ),
        Index("ix_events_first_date", "first_date"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12))
    title: Mapped[str] = mapped_column(String(100))
    venue: Mapped[str] = mapped_column(String(100), default="")
    venue_address: Mapped[str] = mapped_column(String(200), default="")
    purpose: Mapped[str] = mapped_column(String(300), default="")
    audience: Mapped[str] = mapped_column(String(200), default="")
    allow_family: Mapped[bool] = mapped_column(Boolean, default=True)
    allow_guests: Mapped[bool] = mapped_column(Boolean, default=True)
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    application_start: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    first_date: Mapped[dt.date] = mapped_column(Date)
    fee_member: Mapped[int] = mapped_column(Integer, default=0)
    fee_family: Mapped[int] = mapped_column(Integer, default=0)
    fee_guest: Mapped[int] = mapped_column(Integer, default=0)
    cost_per_person: Mapped[int | None] = mapped_column(Integer, nullable=True)
    subsidy_mode: Mapped[str] = mapped_column(String(8), default="none")
    subsidy_rule: Mapped[str] = mapped_column(String(40), default="")
    subsidy_member: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_family: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_guest: Mapped[int] = mapped_column(Integer, default=0)
    subsidy_note: Mapped[str] = mapped_column(String(300), default="")
    rule_table_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_rule_tables.id"), nullable=True
    )
    cancel_fee_days: Mapped[int] = mapped_column(Integer, default=0)
    cancel_fee_percent: Mapped[int] = mapped_column(Integer, default=0)
    how_to_apply: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(10), default="active")
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    copied_from_id: Mapped[int | None] = mapped_column(ForeignKey("events.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own dict


class EventSession(Base):
    """A day (or days) and place of an event: a clinic's day of a check-up, a trip's dates.

    An application chooses one session; ``capacity`` (None: only the event's) limits it.
    """

    __tablename__ = "event_sessions"
    __fiscal_date__ = "date"
    __fiscal_label__ = "行事の日程"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_positive"),
        CheckConstraint("end_date IS NULL OR end_date >= date", name="dates_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[str] = mapped_column(String(5), default="")
    place: Mapped[str] = mapped_column(String(100), default="")
    place_address: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")


class EventProgrammeItem(Base):
    """A line of the programme (内容) with the organisation that presents it (seed 000)."""

    __tablename__ = "event_programme_items"
    __fiscal_date__ = "event_id"
    __fiscal_label__ = "行事の内容"
    __table_args__ = (UniqueConstraint("event_id", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    presenter: Mapped[str] = mapped_column(String(100), default="")


class EventApplication(Timestamped, Base):
    """An application (申込) by a member (with family and guests) or by an establishment.

    ``number`` is the order of arrival within the event and decides the waiting list;
    ``session_date`` (the chosen session's day) decides the fiscal year. Cancelled
    applications stay, with the date and the reason.
    """

    __tablename__ = "event_applications"
    __fiscal_date__ = "session_date"
    __fiscal_label__ = "行事の申込"
    __table_args__ = (
        UniqueConstraint("event_id", "number"),
        CheckConstraint(_in("status", APPLICATION_STATUSES), name="status_valid"),
        CheckConstraint(_in("channel", APPLICATION_CHANNELS), name="channel_valid"),
        CheckConstraint(_in("pay_via", PAY_VIA), name="pay_via_valid"),
        CheckConstraint(
            "member_id IS NOT NULL OR establishment_id IS NOT NULL", name="has_applicant"
        ),
        CheckConstraint(
            "status != 'cancelled' OR cancelled_on IS NOT NULL", name="cancel_has_date"
        ),
        Index("ix_event_applications_event_status", "event_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id"), nullable=True, index=True
    )
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True, index=True
    )
    applicant_name: Mapped[str] = mapped_column(String(100))
    channel: Mapped[str] = mapped_column(String(14), default="counter")
    applied_on: Mapped[dt.date] = mapped_column(Date)
    session_date: Mapped[dt.date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="confirmed")
    promoted_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cancelled_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    cancel_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    pay_via: Mapped[str] = mapped_column(String(14), default="member")
    note: Mapped[str] = mapped_column(String(200), default="")
    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy's own dict


class EventParticipant(Base):
    """A person of an application: the member, a family member or a guest, with fee and
    subsidy as given at the time and the attendance taken from the sign-in sheet."""

    __tablename__ = "event_participants"
    __fiscal_date__ = "application_id"
    __fiscal_label__ = "行事の参加者"
    __table_args__ = (
        UniqueConstraint("application_id", "number"),
        CheckConstraint(_in("category", PARTICIPANT_CATEGORIES), name="category_valid"),
        CheckConstraint(_in("attendance", ATTENDANCE), name="attendance_valid"),
        CheckConstraint("fee >= 0 AND subsidy >= 0", name="amounts_positive"),
        CheckConstraint("name != ''", name="has_name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("event_applications.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    category: Mapped[str] = mapped_column(String(8))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id"), nullable=True, index=True
    )
    family_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("family_members.id"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(60))
    name_kana: Mapped[str] = mapped_column(String(120), default="")
    relation: Mapped[str] = mapped_column(String(20), default="")
    fee: Mapped[int] = mapped_column(Integer, default=0)
    subsidy: Mapped[int] = mapped_column(Integer, default=0)
    attendance: Mapped[str] = mapped_column(String(8), default="")


class EventPayment(Base):
    """Fees received (参加費) for some participants: cash at the counter or through the
    establishment, with its receipt and cash-book entry. A cancellation fee kept after a
    refund is a payment of kind ``cancel_fee``."""

    __tablename__ = "event_payments"
    __fiscal_date__ = "paid_on"
    __fiscal_label__ = "参加費の入金"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_PAYMENT_KINDS), name="kind_valid"),
        CheckConstraint(_in("method", MONEY_METHODS), name="method_valid"),
        CheckConstraint(_in("via", PAY_VIA), name="via_valid"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    paid_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(12), default="fee")
    method: Mapped[str] = mapped_column(String(6), default="cash")
    via: Mapped[str] = mapped_column(String(14), default="member")
    establishment_id: Mapped[int | None] = mapped_column(
        ForeignKey("establishments.id"), nullable=True
    )
    payer: Mapped[str] = mapped_column(String(100))
    receipt_id: Mapped[int | None] = mapped_column(ForeignKey("receipts.id"), nullable=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("cash_book_entries.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventPaymentLine(Base):
    """How much of a payment (or of a refund) is one participant's."""

    __tablename__ = "event_payment_lines"
    __fiscal_date__ = "payment_id"
    __fiscal_label__ = "参加費の入金"
    __table_args__ = (CheckConstraint("amount >= 0", name="amount_positive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("event_payments.id"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("event_participants.id"), index=True)
    amount: Mapped[int] = mapped_column(Integer)


class EventRefund(Base):
    """A payment given back (返金) on a cancellation: its entry is reversed in the cash book,
    its receipt made void, and what the event's rule keeps is booked anew (``kept_payment_id``)."""

    __tablename__ = "event_refunds"
    __fiscal_date__ = "refunded_on"
    __fiscal_label__ = "参加費の返金"
    __table_args__ = (
        CheckConstraint("amount >= 0 AND kept >= 0", name="amounts_positive"),
        UniqueConstraint("payment_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("event_payments.id"))
    refunded_on: Mapped[dt.date] = mapped_column(Date)
    amount: Mapped[int] = mapped_column(Integer)
    kept: Mapped[int] = mapped_column(Integer, default=0)
    kept_payment_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_payments.id"), nullable=True
    )
    reversal_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("cash_book_entries.id"), nullable=True
    )
    reason: Mapped[str] = mapped_column(String(200), default="")
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventCost(Base):
    """Money the society paid for an event: a cost (会場費, バス代) or the subsidy (補助金).

    A correction is a new row reversing an earlier one (``reversal_of_id``), as in the cash book.
    """

    __tablename__ = "event_costs"
    __fiscal_date__ = "paid_on"
    __fiscal_label__ = "行事の支払"
    __table_args__ = (
        CheckConstraint(_in("kind", EVENT_COST_KINDS), name="kind_valid"),
        CheckConstraint(_in("method", MONEY_METHODS), name="method_valid"),
        CheckConstraint("amount > 0", name="amount_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8), default="cost")
    paid_on: Mapped[dt.date] = mapped_column(Date)
    description: Mapped[str] = mapped_column(String(200))
    payee: Mapped[str] = mapped_column(String(100), default="")
    amount: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(6), default="cash")
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("cash_book_entries.id"), nullable=True)
    reversal_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("event_costs.id"), nullable=True, unique=True
    )
    entered_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class EventLabourBankClaim(Base):
    """The labour bank's refund for a study session (ろうきん研修助成): participants, costs,
    請求額 = min(経費, 1人当たり助成 × 参加者数); the money when it comes in is booked."""

    __tablename__ = "event_labour_bank_claims"
    __fiscal_date__ = "claimed_on"
    # The labour bank pays after the claim, perhaps in the next year: receiving is booked then.
    __fiscal_free__ = ("received_on", "entry_id")
    __fiscal_label__ = "研修助成の請求"
    __table_args__ = (
        UniqueConstraint("session_id"),
        CheckConstraint(
            "participants >= 0 AND costs >= 0 AND amount >= 0", name="amounts_positive"
        ),
        CheckConstraint("amount <= costs", name="amount_within_costs"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("event_sessions.id"))
    participants: Mapped[int] = mapped_column(Integer)
    costs: Mapped[int] = mapped_column(Integer)
    per_head: Mapped[int] = mapped_column(Integer)
    amount: Mapped[int] = mapped_column(Integer)
    claimed_on: Mapped[dt.date] = mapped_column(Date)
    received_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("cash_book_entries.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(200), default="")
