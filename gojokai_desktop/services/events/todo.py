"""The events area's lines of the home page's to-do list: events soon, deadlines, unpaid fees."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Subquery, func, select

from gojokai_desktop.db.models import (
    Event,
    EventApplication,
    EventParticipant,
    EventPayment,
    EventPaymentLine,
    EventRefund,
)
from gojokai_desktop.services.context import AppContext

#: How far ahead the home page looks for events and deadlines.
SOON_DAYS = 14
DEADLINE_DAYS = 7


@dataclass(frozen=True)
class EventsTodo:
    """What the home page says about events (all zero when there is nothing to do)."""

    upcoming: int = 0
    next_title: str = ""
    next_date: dt.date | None = None
    deadlines: int = 0
    unpaid_people: int = 0
    unpaid_amount: int = 0
    refunds: int = 0


def _paid_subquery() -> Subquery:
    refunded = select(EventRefund.payment_id)
    return (
        select(
            EventPaymentLine.participant_id.label("participant_id"),
            func.sum(EventPaymentLine.amount).label("amount"),
        )
        .join(EventPayment, EventPayment.id == EventPaymentLine.payment_id)
        .where(EventPayment.id.not_in(refunded))
        .group_by(EventPaymentLine.participant_id)
        .subquery()
    )


def events_todo(ctx: AppContext) -> EventsTodo:
    """A few aggregate queries, cheap enough for every refresh of the home page."""
    today = ctx.today()
    with ctx.reader() as session:
        soon = session.execute(
            select(Event.title, Event.first_date)
            .where(
                Event.status == "active",
                Event.first_date >= today,
                Event.first_date <= today + dt.timedelta(days=SOON_DAYS),
            )
            .order_by(Event.first_date)
        ).all()
        deadlines = session.scalar(
            select(func.count()).where(
                Event.status == "active",
                Event.deadline >= today,
                Event.deadline <= today + dt.timedelta(days=DEADLINE_DAYS),
            )
        )
        paid = _paid_subquery()
        owed = EventParticipant.fee - func.coalesce(paid.c.amount, 0)
        unpaid = session.execute(
            select(func.count(), func.coalesce(func.sum(owed), 0))
            .select_from(EventParticipant)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .join(Event, Event.id == EventApplication.event_id)
            .outerjoin(paid, paid.c.participant_id == EventParticipant.id)
            .where(
                Event.status == "active",
                EventApplication.status == "confirmed",
                Event.first_date >= today - dt.timedelta(days=365),
                owed > 0,
            )
        ).one()
        refunds = session.scalar(
            select(func.count(func.distinct(EventApplication.id)))
            .select_from(EventParticipant)
            .join(EventApplication, EventApplication.id == EventParticipant.application_id)
            .join(paid, paid.c.participant_id == EventParticipant.id)
            .where(EventApplication.status == "cancelled", paid.c.amount > 0)
        )
    return EventsTodo(
        upcoming=len(soon),
        next_title=soon[0][0] if soon else "",
        next_date=soon[0][1] if soon else None,
        deadlines=int(deadlines or 0),
        unpaid_people=int(unpaid[0] or 0),
        unpaid_amount=int(unpaid[1] or 0),
        refunds=int(refunds or 0),
    )
