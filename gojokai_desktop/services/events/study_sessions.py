"""Study sessions (学習会) held with a partner, for the partners' reports.

A study session is a 研修会 of the events area whose programme has an item presented by the
partner (by a word of its name: 労働金庫, こくみん共済 …), or, for the labour bank, one claimed
from it under the study-session refund. Cancelled events do not count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from gojokai_desktop.db.models import (
    Event,
    EventLabourBankClaim,
    EventProgrammeItem,
    EventSession,
)
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.views import counts_by_event


@dataclass(frozen=True)
class StudySession:
    day: dt.date
    title: str
    participants: int


def study_sessions_with(
    ctx: AppContext,
    words: Sequence[str],
    first: dt.date,
    last: dt.date,
    *,
    labour_bank: bool = False,
) -> list[StudySession]:
    """Study sessions between the dates presented by an organisation named by one of
    ``words`` (and, with ``labour_bank``, those claimed from the labour bank), by date."""
    with ctx.reader() as session:
        events = session.scalars(
            select(Event).where(
                Event.kind == "training",
                Event.status == "active",
                Event.first_date.between(first, last),
            )
        ).all()
        ids = [e.id for e in events]
        if not ids:
            return []
        presenters: dict[int, list[str]] = {}
        for event_id, presenter in session.execute(
            select(EventProgrammeItem.event_id, EventProgrammeItem.presenter).where(
                EventProgrammeItem.event_id.in_(ids)
            )
        ):
            presenters.setdefault(event_id, []).append(presenter)
        claimed = (
            set(
                session.scalars(
                    select(EventLabourBankClaim.event_id).where(
                        EventLabourBankClaim.event_id.in_(ids)
                    )
                )
            )
            if labour_bank
            else set()
        )
        counts = counts_by_event(session, ids)
        days = {
            s.event_id: s.date
            for s in session.scalars(select(EventSession).where(EventSession.event_id.in_(ids)))
        }
    found = [
        StudySession(
            days.get(e.id, e.first_date),
            e.title,
            counts[e.id].participants if e.id in counts else 0,
        )
        for e in events
        if e.id in claimed or any(w and w in p for w in words for p in presenters.get(e.id, []))
    ]
    return sorted(found, key=lambda s: (s.day, s.title))
