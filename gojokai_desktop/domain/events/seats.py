"""Seats (定員) and the waiting list (キャンセル待ち): who is confirmed, who waits, who moves up.

An event may have a capacity for the whole event (a 40-seat bus) and each session one of
its own (a clinic's day); a person counts against both. An application is confirmed only
when all its people fit and nobody who competes for the same seats is waiting ahead of it,
so the waiting list is strictly first come, first served. After a cancellation the waiting
applications are taken in application order; one that still does not fit keeps its place
and blocks those behind it for the seats it waits for (a session's, or the event's).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Waiting:
    """A waiting application: its id, the session it asked for and how many people it holds."""

    application_id: int
    session_id: int
    persons: int


@dataclass
class Seats:
    """Capacities and the seats taken by confirmed applications (None: no limit)."""

    event_capacity: int | None
    session_capacity: Mapping[int, int | None]
    taken_event: int = 0
    taken_session: dict[int, int] = field(default_factory=dict)

    def free_event(self) -> int | None:
        if self.event_capacity is None:
            return None
        return self.event_capacity - self.taken_event

    def free_session(self, session_id: int) -> int | None:
        capacity = self.session_capacity.get(session_id)
        if capacity is None:
            return None
        return capacity - self.taken_session.get(session_id, 0)

    def blocking(self, session_id: int, persons: int) -> str | None:
        """``"event"`` or ``"session"`` when ``persons`` do not fit, else None."""
        free = self.free_event()
        if free is not None and persons > free:
            return "event"
        free = self.free_session(session_id)
        if free is not None and persons > free:
            return "session"
        return None

    def take(self, session_id: int, persons: int) -> None:
        self.taken_event += persons
        self.taken_session[session_id] = self.taken_session.get(session_id, 0) + persons

    def release(self, session_id: int, persons: int) -> None:
        self.taken_event -= persons
        self.taken_session[session_id] = self.taken_session.get(session_id, 0) - persons


def waiting_ahead(seats: Seats, session_id: int, waiting: Iterable[Waiting]) -> bool:
    """Whether someone already waits for the seats a new application for ``session_id`` needs:
    one for the same session, or one short of the event's own seats (those are everyone's)."""
    for entry in waiting:
        if entry.session_id == session_id or seats.blocking(entry.session_id, entry.persons) == (
            "event"
        ):
            return True
    return False


def place(seats: Seats, session_id: int, persons: int, waiting: Iterable[Waiting]) -> bool:
    """Confirm (and take the seats) or not: True when the application is confirmed."""
    if seats.blocking(session_id, persons) is not None:
        return False
    if waiting_ahead(seats, session_id, waiting):
        return False
    seats.take(session_id, persons)
    return True


def promote(seats: Seats, waiting: Iterable[Waiting]) -> list[int]:
    """The waiting applications that move up, in application order (seats are taken).

    ``waiting`` must be in application order. One that does not fit blocks the later ones
    that wait for the same seats, so nobody overtakes a group by being smaller.
    """
    promoted: list[int] = []
    event_blocked = False
    blocked_sessions: set[int] = set()
    for entry in waiting:
        if event_blocked or entry.session_id in blocked_sessions:
            continue
        reason = seats.blocking(entry.session_id, entry.persons)
        if reason == "event":
            event_blocked = True
            continue
        if reason == "session":
            blocked_sessions.add(entry.session_id)
            continue
        seats.take(entry.session_id, entry.persons)
        promoted.append(entry.application_id)
    return promoted
