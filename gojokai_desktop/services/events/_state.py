"""An event's seats and waiting list as stored, read inside the writing unit of work."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Event, EventApplication, EventParticipant, EventSession
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.domain.events.seats import Seats, Waiting, promote


@dataclass
class EventState:
    """The event row (locked), its sessions, the seats taken and who waits, in order."""

    event: Event
    sessions: dict[int, EventSession]
    seats: Seats
    waiting: list[Waiting]
    last_number: int

    def session_of(self, session_id: int | None) -> EventSession:
        if session_id is None:
            if len(self.sessions) == 1:
                return next(iter(self.sessions.values()))
            raise ValidationError("日程（会場・日）を選んでください。", "日程")
        found = self.sessions.get(session_id)
        if found is None:
            raise ValidationError("この行事の日程ではありません。", "日程")
        return found

    def require_open(self) -> None:
        if self.event.status == "cancelled":
            raise RuleViolation(
                f"「{self.event.title}」は中止した行事です。申込は受け付けられません。"
            )


def persons_by_application(
    session: Session, event_id: int, status: str
) -> list[tuple[int, int, int]]:
    """(application id, session id, persons) of the event's applications in ``status``, in order."""
    rows = session.execute(
        select(EventApplication.id, EventApplication.session_id, func.count(EventParticipant.id))
        .join(EventParticipant, EventParticipant.application_id == EventApplication.id)
        .where(EventApplication.event_id == event_id, EventApplication.status == status)
        .group_by(EventApplication.id, EventApplication.session_id, EventApplication.number)
        .order_by(EventApplication.number)
    ).all()
    return [(int(a), int(s), int(n)) for a, s, n in rows]


def load_state(session: Session, event_id: int) -> EventState:
    """The event's state, its row read FOR UPDATE so two clerks taking seats queue."""
    event = session.scalar(select(Event).where(Event.id == event_id).with_for_update())
    if event is None:
        raise ValidationError("この行事はありません（削除されたかもしれません）。", "行事")
    sessions = {
        s.id: s
        for s in session.scalars(
            select(EventSession)
            .where(EventSession.event_id == event_id)
            .order_by(EventSession.number)
        )
    }
    seats = Seats(event.capacity, {sid: s.capacity for sid, s in sessions.items()})
    for _app, session_id, persons in persons_by_application(session, event_id, "confirmed"):
        seats.take(session_id, persons)
    waiting = [
        Waiting(app, session_id, persons)
        for app, session_id, persons in persons_by_application(session, event_id, "waiting")
    ]
    last = session.scalar(
        select(func.max(EventApplication.number)).where(EventApplication.event_id == event_id)
    )
    return EventState(event, sessions, seats, waiting, int(last or 0))


def promote_in(session: Session, state: EventState, day: dt.date) -> list[EventApplication]:
    """Move waiting applications up, in application order, as far as seats allow."""
    promoted_ids = promote(state.seats, state.waiting)
    if not promoted_ids:
        return []
    rows = {
        a.id: a
        for a in session.scalars(
            select(EventApplication).where(EventApplication.id.in_(promoted_ids))
        )
    }
    promoted = []
    for app_id in promoted_ids:
        row = rows[app_id]
        row.status = "confirmed"
        row.promoted_on = day
        promoted.append(row)
    state.waiting = [w for w in state.waiting if w.application_id not in set(promoted_ids)]
    session.flush()
    return promoted
