"""Attendance (出欠) from the printed sign-in sheet: one click per row, or everyone present.

Only participants whose application is confirmed can be marked; those left unmarked count
as taking part until they are marked absent (欠席 = no-show).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import Event, EventApplication, EventParticipant
from gojokai_desktop.domain.errors import RuleViolation, ValidationError
from gojokai_desktop.services.context import AppContext

VALUES = ("", "present", "absent")
#: One click moves a row on: unmarked → 出席 → 欠席 → 出席 …
NEXT = {"": "present", "present": "absent", "absent": "present"}


def _confirmed(session: Session, participant_ids: Sequence[int]) -> list[EventParticipant]:
    rows = list(
        session.execute(
            select(EventParticipant, EventApplication.status, Event.status)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .join(Event, Event.id == EventApplication.event_id)
            .where(EventParticipant.id.in_(list(participant_ids)))
        )
    )
    if len(rows) != len(set(participant_ids)):
        raise ValidationError("参加者が見つかりません（取り消されたかもしれません）。", "参加者")
    for person, app_status, event_status in rows:
        if event_status == "cancelled":
            raise RuleViolation("中止した行事の出欠は付けられません。")
        if app_status != "confirmed":
            raise RuleViolation(
                f"{person.name}さんは参加が決まっていないため出欠を付けられません。"
            )
    return [r[0] for r in rows]


def set_attendance(ctx: AppContext, participant_ids: Sequence[int], value: str) -> int:
    """Mark the participants 出席 (present), 欠席 (absent) or clear the mark."""
    if value not in VALUES:
        raise ValidationError("出席・欠席・未記入のいずれかです。", "出欠")
    if not participant_ids:
        return 0
    with ctx.unit_of_work("出欠の記入") as uow:
        for person in _confirmed(uow.session, participant_ids):
            person.attendance = value
        uow.commit()
    return len(participant_ids)


def toggle_attendance(ctx: AppContext, participant_id: int) -> str:
    """One click on a row of the sign-in sheet: the next mark, which is returned."""
    with ctx.unit_of_work("出欠の記入") as uow:
        (person,) = _confirmed(uow.session, [participant_id])
        person.attendance = NEXT[person.attendance]
        value = person.attendance
        uow.commit()
    return value


def mark_all_present(ctx: AppContext, event_id: int, session_id: int | None = None) -> int:
    """全員出席: every unmarked confirmed participant (of one session) becomes 出席."""
    with ctx.unit_of_work("全員出席") as uow:
        event = uow.session.get(Event, event_id)
        if event is None or event.status == "cancelled":
            raise RuleViolation("中止した行事の出欠は付けられません。")
        query = (
            select(EventParticipant)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .where(
                EventApplication.event_id == event_id,
                EventApplication.status == "confirmed",
                EventParticipant.attendance == "",
            )
        )
        if session_id is not None:
            query = query.where(EventApplication.session_id == session_id)
        people = list(uow.session.scalars(query))
        for person in people:
            person.attendance = "present"
        uow.commit()
    return len(people)
