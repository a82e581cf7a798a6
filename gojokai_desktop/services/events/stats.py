"""Attendance statistics (参加状況) per event and per fiscal year, and the year's report.

Counted in persons: 申込数 are those whose application stands (confirmed or waiting),
参加者数 the confirmed less those marked absent, 待機数 those still waiting; each split into
members, family and guests, and by establishment. The money columns (参加費収入, 補助額)
come from the event's records, which :func:`money.book_check` proves equal to the cash book.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from gojokai_desktop.db.models import Establishment, Event, EventApplication, EventParticipant
from gojokai_desktop.domain.events.rules import CATEGORIES
from gojokai_desktop.services.context import AppContext
from gojokai_desktop.services.events.books import money_in
from gojokai_desktop.services.events.views import EventRow, list_events
from gojokai_desktop.services.society import load_profile

NO_ESTABLISHMENT = "（事業所なし）"


@dataclass
class Tally:
    """Persons by category for applied, taking part, waiting, absent and cancelled."""

    applied: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    participants: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES, 0))
    waiting: int = 0
    absent: int = 0
    cancelled: int = 0

    def add(self, category: str, status: str, attendance: str, count: int) -> None:
        if status == "cancelled":
            self.cancelled += count
            return
        self.applied[category] += count
        if status == "waiting":
            self.waiting += count
        elif attendance == "absent":
            self.absent += count
        else:
            self.participants[category] += count

    def merge(self, other: Tally) -> None:
        for category in CATEGORIES:
            self.applied[category] += other.applied[category]
            self.participants[category] += other.participants[category]
        self.waiting += other.waiting
        self.absent += other.absent
        self.cancelled += other.cancelled

    @property
    def applied_total(self) -> int:
        return sum(self.applied.values())

    @property
    def participants_total(self) -> int:
        return sum(self.participants.values())


@dataclass(frozen=True)
class EstablishmentLine:
    name: str
    tally: Tally


@dataclass(frozen=True)
class ReportLine:
    """One event of the year's report (and the CLI's ``events report``)."""

    event: EventRow
    tally: Tally
    fee_income: int
    subsidy: int
    costs: int
    labour_bank: int

    @property
    def capacity(self) -> int | None:
        return self.event.capacity


@dataclass(frozen=True)
class YearReport:
    fiscal_year: int
    label: str
    society: str
    lines: tuple[ReportLine, ...]
    total: Tally
    establishments: tuple[EstablishmentLine, ...]

    @property
    def fee_income(self) -> int:
        return sum(line.fee_income for line in self.lines)

    @property
    def subsidy(self) -> int:
        return sum(line.subsidy for line in self.lines)

    @property
    def costs(self) -> int:
        return sum(line.costs for line in self.lines)

    @property
    def labour_bank(self) -> int:
        return sum(line.labour_bank for line in self.lines)


def _tallies(
    session: Session, key: InstrumentedAttribute[Any], where: Iterable[ColumnElement[bool]]
) -> dict[int | None, Tally]:
    rows = session.execute(
        select(
            key,
            EventParticipant.category,
            EventApplication.status,
            EventParticipant.attendance,
            func.count(),
        )
        .select_from(EventParticipant)
        .join(EventApplication, EventApplication.id == EventParticipant.application_id)
        .join(Event, Event.id == EventApplication.event_id)
        .where(*where)
        .group_by(
            key, EventParticipant.category, EventApplication.status, EventParticipant.attendance
        )
    )
    tallies: dict[int | None, Tally] = {}
    for group, category, status, attendance, count in rows:
        tallies.setdefault(group, Tally()).add(category, status, attendance, int(count))
    return tallies


def _by_establishment(
    session: Session, where: Iterable[ColumnElement[bool]]
) -> tuple[EstablishmentLine, ...]:
    tallies = _tallies(session, EventApplication.establishment_id, where)
    ids = [i for i in tallies if i is not None]
    query = select(Establishment.id, Establishment.name).where(Establishment.id.in_(ids))
    names = {int(i): str(n) for i, n in session.execute(query)} if ids else {}
    lines = [
        EstablishmentLine(
            names.get(est_id, NO_ESTABLISHMENT) if est_id else NO_ESTABLISHMENT, tally
        )
        for est_id, tally in tallies.items()
    ]
    return tuple(sorted(lines, key=lambda line: (-line.tally.participants_total, line.name)))


@dataclass(frozen=True)
class EventStatistics:
    event_id: int
    title: str
    kind_label: str
    first_date: dt.date
    capacity: int | None
    tally: Tally
    establishments: tuple[EstablishmentLine, ...]


def event_statistics(ctx: AppContext, event_id: int) -> EventStatistics:
    """参加状況 of one event: by category and by establishment."""
    rows = {r.id: r for r in list_events(ctx)}
    event = rows[event_id]
    with ctx.reader() as session:
        where = (EventApplication.event_id == event_id,)
        tally = _tallies(session, EventApplication.event_id, where).get(event_id, Tally())
        establishments = _by_establishment(session, where)
    return EventStatistics(
        event_id, event.title, event.kind_label, event.first_date, event.capacity, tally,
        establishments,
    )  # fmt: skip


def year_report(ctx: AppContext, fiscal_year: int) -> YearReport:
    """行事の実績 of a fiscal year: a line per event, totals by category and establishment."""
    events = list_events(ctx, fiscal_year)
    profile = load_profile(ctx)
    label = (
        profile.calendar.label(fiscal_year, era_rule=profile.fiscal_label_rule)
        if profile
        else f"{fiscal_year}年度"
    )
    with ctx.reader() as session:
        where = (Event.fiscal_year == fiscal_year,)
        tallies = _tallies(session, EventApplication.event_id, where)
        lines = []
        total = Tally()
        for event in events:
            tally = tallies.get(event.id, Tally())
            total.merge(tally)
            money = money_in(session, event.id)
            lines.append(
                ReportLine(event, tally, money.fee_income, money.subsidy, money.costs,
                           money.labour_bank)
            )  # fmt: skip
        establishments = _by_establishment(session, where)
    return YearReport(
        fiscal_year, label, profile.name if profile else "", tuple(lines), total, establishments
    )
