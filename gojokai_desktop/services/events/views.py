"""Events as the screens and the command line show them: the year's list and one event whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gojokai_desktop.db.models import (
    Event,
    EventApplication,
    EventParticipant,
    EventProgrammeItem,
    EventSession,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import KIND_LABELS, PROGRAMMES, Amounts, RefundRule
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.inputs import EventInput, ProgrammeInput, SessionInput


@dataclass(frozen=True)
class Counts:
    """Persons by the state of their application; ``absent`` are confirmed but did not come."""

    confirmed: int = 0
    waiting: int = 0
    cancelled: int = 0
    present: int = 0
    absent: int = 0

    @property
    def applied(self) -> int:
        """申込数: everyone whose application stands (confirmed or waiting)."""
        return self.confirmed + self.waiting

    @property
    def participants(self) -> int:
        """参加者数: the confirmed, less those marked absent on the sign-in sheet."""
        return self.confirmed - self.absent


@dataclass(frozen=True)
class SessionView:
    id: int
    number: int
    date: dt.date
    end_date: dt.date | None
    start_time: str
    place: str
    place_address: str
    capacity: int | None
    note: str
    counts: Counts

    @property
    def label(self) -> str:
        """``日程2 令和7年7月3日(木) 9:00 福島中央クリニック``."""
        when = format_wareki(self.date, weekday=True)
        if self.end_date:
            when += f"〜{self.end_date.month}月{self.end_date.day}日"
        time = f" {time_text(self.start_time)}" if self.start_time else ""
        place = f" {self.place}" if self.place else ""
        return f"日程{self.number} {when}{time}{place}"


@dataclass(frozen=True)
class EventRow:
    """A line of the year's list (and of ``gojokai events list``)."""

    id: int
    fiscal_year: int
    number: int
    kind: str
    title: str
    first_date: dt.date
    last_date: dt.date
    start_time: str
    venue: str
    capacity: int | None
    deadline: dt.date | None
    application_start: dt.date | None
    status: str
    sessions: int
    counts: Counts

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def programme(self) -> str:
        return PROGRAMMES[self.kind]

    def state_label(self, today: dt.date) -> str:
        """受付前, 受付中, 満員, 締切, 終了 or 中止 on ``today``."""
        if self.status == "cancelled":
            return "中止"
        if today > self.last_date:
            return "終了"
        if self.application_start is not None and today < self.application_start:
            return "受付前"
        if self.deadline is not None and today > self.deadline:
            return "締切"
        if self.capacity is not None and self.counts.confirmed >= self.capacity:
            return "満員（キャンセル待ち）"
        return "受付中"


@dataclass(frozen=True)
class EventDetail:
    """One event with everything the dialog and the printouts need."""

    id: int
    fiscal_year: int
    number: int
    data: EventInput
    sessions: tuple[SessionView, ...]
    status: str
    cancelled_on: dt.date | None
    cancel_reason: str | None
    subsidy_amounts: Amounts
    subsidy_note: str
    rule_table_id: int | None
    version: int
    counts: Counts

    @property
    def title(self) -> str:
        return self.data.title

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.data.kind]

    @property
    def programme(self) -> str:
        return PROGRAMMES[self.data.kind]

    @property
    def capacity(self) -> int | None:
        return effective_capacity(self.data.capacity, [s.capacity for s in self.sessions])

    def session(self, session_id: int) -> SessionView:
        for view in self.sessions:
            if view.id == session_id:
                return view
        raise ValidationError("この行事の日程ではありません。", "日程")


def effective_capacity(capacity: int | None, sessions: Iterable[int | None]) -> int | None:
    """The event's capacity, or the sum of the sessions' when every session has one."""
    if capacity is not None:
        return capacity
    caps = list(sessions)
    if caps and all(c is not None for c in caps):
        return sum(c for c in caps if c is not None)
    return None


def _counts_query(
    group: InstrumentedAttribute[int],
) -> Select[int, Any, Any, Any, Any, Any]:
    """Persons by application state (and attendance), grouped by ``group``."""
    status = EventApplication.status
    confirmed = status == "confirmed"
    return (
        select(
            group,
            func.sum(case((confirmed, 1), else_=0)),
            func.sum(case((status == "waiting", 1), else_=0)),
            func.sum(case((status == "cancelled", 1), else_=0)),
            func.sum(case((confirmed & (EventParticipant.attendance == "present"), 1), else_=0)),
            func.sum(case((confirmed & (EventParticipant.attendance == "absent"), 1), else_=0)),
        )
        .select_from(EventParticipant)
        .join(EventApplication, EventApplication.id == EventParticipant.application_id)
        .group_by(group)
    )


def _to_counts(values: Iterable[Any]) -> Counts:
    return Counts(*(int(v or 0) for v in values))


def counts_by_event(session: Session, event_ids: list[int] | None = None) -> dict[int, Counts]:
    query = _counts_query(EventApplication.event_id)
    if event_ids is not None:
        query = query.where(EventApplication.event_id.in_(event_ids))
    return {int(row[0]): _to_counts(row[1:]) for row in session.execute(query)}


def counts_by_session(session: Session, event_id: int) -> dict[int, Counts]:
    query = _counts_query(EventApplication.session_id).where(EventApplication.event_id == event_id)
    return {int(row[0]): _to_counts(row[1:]) for row in session.execute(query)}


def list_events(ctx: AppContext, fiscal_year: int | None = None) -> list[EventRow]:
    """The events of a fiscal year (all when None), by first date."""
    with ctx.reader() as session:
        query = select(Event).order_by(Event.first_date, Event.number)
        if fiscal_year is not None:
            query = query.where(Event.fiscal_year == fiscal_year)
        events = session.scalars(query).all()
        ids = [e.id for e in events]
        counts = counts_by_event(session, ids) if ids else {}
        sessions: dict[int, list[EventSession]] = {}
        if ids:
            for s in session.scalars(
                select(EventSession)
                .where(EventSession.event_id.in_(ids))
                .order_by(EventSession.number)
            ):
                sessions.setdefault(s.event_id, []).append(s)
        rows = []
        for e in events:
            own = sessions.get(e.id, [])
            rows.append(
                EventRow(
                    id=e.id,
                    fiscal_year=e.fiscal_year,
                    number=e.number,
                    kind=e.kind,
                    title=e.title,
                    first_date=e.first_date,
                    last_date=max(((s.end_date or s.date) for s in own), default=e.first_date),
                    start_time=own[0].start_time if own else "",
                    venue=e.venue or (own[0].place if own else ""),
                    capacity=effective_capacity(e.capacity, [s.capacity for s in own]),
                    deadline=e.deadline,
                    application_start=e.application_start,
                    status=e.status,
                    sessions=len(own),
                    counts=counts.get(e.id, Counts()),
                )
            )
        return rows


def event_years(ctx: AppContext) -> list[int]:
    """The fiscal years that have events, newest first."""
    with ctx.reader() as session:
        return [
            int(y)
            for y in session.scalars(
                select(Event.fiscal_year).distinct().order_by(Event.fiscal_year.desc())
            )
        ]


def detail_of(session: Session, event_id: int) -> EventDetail:
    event = session.get(Event, event_id)
    if event is None:
        raise ValidationError("この行事はありません（削除されたかもしれません）。", "行事")
    rows = session.scalars(
        select(EventSession).where(EventSession.event_id == event_id).order_by(EventSession.number)
    ).all()
    by_session = counts_by_session(session, event_id)
    sessions = tuple(
        SessionView(
            s.id, s.number, s.date, s.end_date, s.start_time, s.place, s.place_address,
            s.capacity, s.note, by_session.get(s.id, Counts()),
        )
        for s in rows
    )  # fmt: skip
    programme = tuple(
        ProgrammeInput(p.title, p.presenter)
        for p in session.scalars(
            select(EventProgrammeItem)
            .where(EventProgrammeItem.event_id == event_id)
            .order_by(EventProgrammeItem.number)
        )
    )
    data = EventInput(
        kind=event.kind,
        title=event.title,
        sessions=tuple(
            SessionInput(
                s.date, s.start_time, s.end_date, s.place, s.place_address, s.capacity, s.note, s.id
            )
            for s in rows
        ),
        venue=event.venue,
        venue_address=event.venue_address,
        purpose=event.purpose,
        audience=event.audience,
        allow_family=event.allow_family,
        allow_guests=event.allow_guests,
        capacity=event.capacity,
        application_start=event.application_start,
        deadline=event.deadline,
        fees=Amounts(event.fee_member, event.fee_family, event.fee_guest),
        cost_per_person=event.cost_per_person,
        subsidy_mode=event.subsidy_mode,
        subsidy_rule=event.subsidy_rule,
        subsidy=Amounts(event.subsidy_member, event.subsidy_family, event.subsidy_guest)
        if event.subsidy_mode == "fixed"
        else Amounts(),
        refund=RefundRule(event.cancel_fee_days, event.cancel_fee_percent),
        programme=programme,
        how_to_apply=event.how_to_apply,
        contact=event.contact,
        notes=event.notes,
    )
    total = Counts(*(sum(getattr(s.counts, f) for s in sessions) for f in (
        "confirmed", "waiting", "cancelled", "present", "absent")))  # fmt: skip
    return EventDetail(
        id=event.id,
        fiscal_year=event.fiscal_year,
        number=event.number,
        data=data,
        sessions=sessions,
        status=event.status,
        cancelled_on=event.cancelled_on,
        cancel_reason=event.cancel_reason,
        subsidy_amounts=Amounts(event.subsidy_member, event.subsidy_family, event.subsidy_guest),
        subsidy_note=event.subsidy_note,
        rule_table_id=event.rule_table_id,
        version=event.version,
        counts=total,
    )


def get_event(ctx: AppContext, event_id: int) -> EventDetail:
    with ctx.reader() as session:
        return detail_of(session, event_id)


def time_text(start_time: str) -> str:
    """``08:30`` → ``8:30`` (as printed on papers)."""
    return start_time[1:] if start_time.startswith("0") else start_time


def when_text(detail: EventDetail) -> str:
    """``令和7年6月6日(金) 10:00〜``; for several sessions the span and their number."""
    first = detail.sessions[0]
    if len(detail.sessions) > 1:
        last = max((s.end_date or s.date) for s in detail.sessions)
        return (
            f"{format_wareki(first.date, weekday=True)}から{format_wareki(last, weekday=True)}まで"
            f"（全{len(detail.sessions)}日程。日程と会場は下の表のとおり）"
        )
    text = format_wareki(first.date, weekday=True)
    if first.end_date:
        text += f"〜{format_wareki(first.end_date, weekday=True)}"
    if first.start_time:
        text += f" {time_text(first.start_time)}〜"
    return text
