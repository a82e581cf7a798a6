"""The key figures of the home page: members, establishments, joins and leaves this year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from gojokai_desktop.db.models import Establishment, Member, MemberEvent
from gojokai_desktop.domain.fiscal import FiscalCalendar
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.society import load_profile


@dataclass(frozen=True)
class KeyFigures:
    """What the clerk sees first: the state of the society today."""

    as_of: dt.date
    fiscal_year: int
    fiscal_year_label: str
    members_present: int
    members_former: int
    members_starting: int
    establishments_present: int
    joins_this_year: int
    leaves_this_year: int
    joins_by_month: tuple[tuple[str, int], ...]
    leaves_by_month: tuple[tuple[str, int], ...]


def key_figures(ctx: AppContext) -> KeyFigures:
    """Counts as of today; 'present' means the membership has not ended before today."""
    profile = load_profile(ctx)
    calendar = profile.calendar if profile else FiscalCalendar()
    label_rule = profile.fiscal_label_rule if profile else "start"
    today = ctx.today()
    year = calendar.year_of(today)
    first, last = calendar.first_day(year), calendar.last_day(year)
    not_ended = or_(Member.leave_date.is_(None), Member.leave_date >= today)
    with ctx.reader() as session:
        present = session.scalar(select(func.count()).where(not_ended, Member.join_date <= today))
        starting = session.scalar(select(func.count()).where(Member.join_date > today))
        former = session.scalar(select(func.count()).where(Member.leave_date < today))
        establishments = session.scalar(
            select(func.count()).where(
                or_(Establishment.leave_date.is_(None), Establishment.leave_date >= today),
                Establishment.join_date <= today,
            )
        )
        month = func.substr(func.cast(MemberEvent.effective_date, type_=Member.name.type), 1, 7)
        rows = session.execute(
            select(MemberEvent.kind, month, func.count())
            .where(MemberEvent.effective_date.between(first, last))
            .where(MemberEvent.kind.in_(("join", "rejoin", "leave")))
            .group_by(MemberEvent.kind, month)
        ).all()
    joins: dict[str, int] = {}
    leaves: dict[str, int] = {}
    for kind, ym, count in rows:
        target = leaves if kind == "leave" else joins
        target[str(ym)] = target.get(str(ym), 0) + int(count)
    months = [f"{y:04d}-{m:02d}" for y, m in calendar.months(year)]
    return KeyFigures(
        as_of=today,
        fiscal_year=year,
        fiscal_year_label=calendar.label(year, era_rule=label_rule),
        members_present=int(present or 0),
        members_former=int(former or 0),
        members_starting=int(starting or 0),
        establishments_present=int(establishments or 0),
        joins_this_year=sum(joins.values()),
        leaves_this_year=sum(leaves.values()),
        joins_by_month=tuple((m, joins.get(m, 0)) for m in months),
        leaves_by_month=tuple((m, leaves.get(m, 0)) for m in months),
    )
