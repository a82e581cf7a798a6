"""Who applied and who takes part (申込一覧・参加者名簿), with fees paid and attendance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Event,
    EventApplication,
    EventParticipant,
    EventPayment,
    EventPaymentLine,
    EventRefund,
    EventSession,
    Member,
)
from gojokai_desktop.domain.events.rules import CATEGORY_LABELS
from gojokai_desktop.services.context import AppContext

STATUS_LABELS = {"confirmed": "参加決定", "waiting": "キャンセル待ち", "cancelled": "取消"}
ATTENDANCE_LABELS = {"": "", "present": "出席", "absent": "欠席"}
CHANNEL_LABELS = {"counter": "窓口", "establishment": "事業所", "import": "Excel"}


@dataclass(frozen=True)
class ParticipantView:
    id: int
    application_id: int
    application_number: int
    number: int
    category: str
    name: str
    name_kana: str
    relation: str
    member_number: str
    establishment_id: int | None
    establishment_name: str
    session_id: int
    session_number: int
    session_date: dt.date
    fee: int
    paid: int
    subsidy: int
    attendance: str
    status: str
    pay_via: str

    @property
    def category_label(self) -> str:
        return CATEGORY_LABELS[self.category]

    @property
    def attendance_label(self) -> str:
        return ATTENDANCE_LABELS[self.attendance]

    @property
    def unpaid(self) -> int:
        return max(self.fee - self.paid, 0) if self.status == "confirmed" else 0


@dataclass(frozen=True)
class ApplicationView:
    id: int
    event_id: int
    number: int
    session_id: int
    session_number: int
    session_date: dt.date
    member_id: int | None
    member_number: str
    applicant_name: str
    establishment_id: int | None
    establishment_name: str
    channel: str
    applied_on: dt.date
    status: str
    waiting_position: int | None
    promoted_on: dt.date | None
    cancelled_on: dt.date | None
    cancel_reason: str | None
    pay_via: str
    note: str
    version: int
    participants: tuple[ParticipantView, ...]

    @property
    def persons(self) -> int:
        return len(self.participants)

    @property
    def fee_total(self) -> int:
        return sum(p.fee for p in self.participants)

    @property
    def paid_total(self) -> int:
        return sum(p.paid for p in self.participants)

    @property
    def unpaid(self) -> int:
        return sum(p.unpaid for p in self.participants)

    @property
    def status_label(self) -> str:
        if self.status == "waiting" and self.waiting_position:
            return f"キャンセル待ち{self.waiting_position}番"
        if self.status == "confirmed" and self.promoted_on is not None:
            return "参加決定（繰上げ）"
        return STATUS_LABELS[self.status]

    @property
    def channel_label(self) -> str:
        return CHANNEL_LABELS[self.channel]


def paid_by_participant(session: Session, event_id: int) -> dict[int, int]:
    """What each participant has paid, counting only payments not refunded."""
    refunded = select(EventRefund.payment_id)
    rows = session.execute(
        select(EventPaymentLine.participant_id, func.sum(EventPaymentLine.amount))
        .join(EventPayment, EventPayment.id == EventPaymentLine.payment_id)
        .where(EventPayment.event_id == event_id, EventPayment.id.not_in(refunded))
        .group_by(EventPaymentLine.participant_id)
    )
    return {int(p): int(a or 0) for p, a in rows}


def _waiting_positions(apps: list[EventApplication], event_capacity: int | None) -> dict[int, int]:
    positions: dict[int, int] = {}
    counters: dict[int | None, int] = {}
    for app in sorted(apps, key=lambda a: a.number):
        if app.status != "waiting":
            continue
        key = None if event_capacity is not None else app.session_id
        counters[key] = counters.get(key, 0) + 1
        positions[app.id] = counters[key]
    return positions


def applications_of(session: Session, event_id: int) -> list[ApplicationView]:
    """Every application of the event in application order, with its participants."""
    event = session.get(Event, event_id)
    capacity = event.capacity if event is not None else None
    sessions = {
        s.id: (s.number, s.date)
        for s in session.scalars(select(EventSession).where(EventSession.event_id == event_id))
    }
    rows = session.execute(
        select(EventApplication, Member.number, Establishment.name)
        .outerjoin(Member, Member.id == EventApplication.member_id)
        .outerjoin(Establishment, Establishment.id == EventApplication.establishment_id)
        .where(EventApplication.event_id == event_id)
        .order_by(EventApplication.number)
    ).all()
    apps = [r[0] for r in rows]
    paid = paid_by_participant(session, event_id)
    people: dict[int, list[EventParticipant]] = {}
    if apps:
        for person in session.scalars(
            select(EventParticipant)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(EventApplication.event_id == event_id)
            .order_by(EventParticipant.application_id, EventParticipant.number)
        ):
            people.setdefault(person.application_id, []).append(person)
    positions = _waiting_positions(apps, capacity)
    views = []
    for app, member_number, est_name in rows:
        session_number, session_date = sessions.get(app.session_id, (0, app.session_date))
        participants = tuple(
            ParticipantView(
                p.id, app.id, app.number, p.number, p.category, p.name, p.name_kana, p.relation,
                (member_number or "") if p.category == "member" else "", app.establishment_id,
                est_name or "", app.session_id, session_number, session_date, p.fee,
                paid.get(p.id, 0), p.subsidy, p.attendance, app.status, app.pay_via,
            )
            for p in people.get(app.id, [])
        )  # fmt: skip
        views.append(
            ApplicationView(
                app.id, event_id, app.number, app.session_id, session_number, app.session_date,
                app.member_id, member_number or "", app.applicant_name, app.establishment_id,
                est_name or "", app.channel, app.applied_on, app.status, positions.get(app.id),
                app.promoted_on, app.cancelled_on, app.cancel_reason, app.pay_via, app.note,
                app.version, participants,
            )
        )  # fmt: skip
    return views


def list_applications(ctx: AppContext, event_id: int) -> list[ApplicationView]:
    with ctx.reader() as session:
        return applications_of(session, event_id)


def participants_of(
    ctx: AppContext,
    event_id: int,
    *,
    session_id: int | None = None,
    statuses: tuple[str, ...] = ("confirmed",),
) -> list[ParticipantView]:
    """The people of the event (one session's, when given) whose application is in
    ``statuses``, by session, then kana."""
    people = [
        p
        for app in list_applications(ctx, event_id)
        if app.status in statuses and (session_id is None or app.session_id == session_id)
        for p in app.participants
    ]
    return sorted(people, key=lambda p: (p.session_number, p.name_kana or p.name, p.id))
