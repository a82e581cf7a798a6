"""The events of the demo that benefits pay for, found in the rows earlier steps wrote.

Births, weddings, school entries, birthdays, anniversaries, sickness, disasters, deaths and
leaving are read from the members, periods, affiliations and family, so every event is about
a person the register holds on that day; the demo's benefit step decides which of them were
claimed and how each claim went.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Column, Connection, Table, select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.age import date_reaching_age, school_entry_fiscal_year
from gojokai_desktop.domain.benefits.rules import add_months_clamped, completed_months
from gojokai_desktop.domain.fiscal import FiscalCalendar

OFFER_DAYS = 45  # the due list is sent out a month or so ahead of the day
SICKNESS_PER_YEAR = 0.015
DISASTER_PER_YEAR = 0.0015
# 令和元年東日本台風 (Typhoon Hagibis) flooded much of Fukushima on 12–13 October 2019.
TYPHOON_DAY = dt.date(2019, 10, 13)
TYPHOON_SHARE = 0.012
LONGEVITY_AGES = (70, 77, 80, 88, 90, 99)
SERVICE_YEARS = (10, 20, 30)
DAYS_OFF_BANDS = ((7, 14, 6), (14, 30, 50), (30, 60, 28), (60, 181, 16))  # low, high, weight
DAMAGE_WEIGHTS = (("total", 25), ("half", 35), ("flood", 40))
TYPHOON_DAMAGE_WEIGHTS = (("total", 5), ("half", 30), ("flood", 65))


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date | None
    reason: str | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass
class Person:
    """A member with what the claims need: periods, affiliations and the registered family."""

    id: int
    number: str
    name: str
    kana: str
    birth: dt.date
    # (bank, branch, type, number, holder kana), or None when no account is registered.
    account: tuple[str, str, str, str, str] | None
    periods: list[Period] = field(default_factory=list)
    # (from, establishment id), in order.
    affiliations: list[tuple[dt.date, int]] = field(default_factory=list)

    def covers(self, day: dt.date) -> bool:
        return any(p.covers(day) for p in self.periods)

    def establishment_on(self, day: dt.date) -> int:
        """The establishment on ``day`` (the last one before it, after leaving)."""
        found = self.affiliations[0][1]
        for start, est_id in self.affiliations:
            if start <= day:
                found = est_id
        return found


@dataclass(frozen=True)
class Relative:
    id: int
    member_id: int
    relation: str
    name: str
    birth: dt.date
    registered_from: dt.date
    registered_to: dt.date | None
    married_on: dt.date | None


@dataclass(frozen=True)
class BenefitEvent:
    """Something a benefit pays for, with the facts its amount rule needs."""

    member_id: int
    kind: str
    day: dt.date
    family_id: int | None = None
    days_off: int | None = None
    damage_class: str | None = None
    service_years: int | None = None
    detail: str = ""


@dataclass(frozen=True)
class Workplace:
    """An establishment's name and the account benefits paid through it go to (or None)."""

    name: str
    account: tuple[str, str, str, str, str] | None


@dataclass
class Register:
    """The people of the demo as the benefit step needs them."""

    persons: dict[int, Person]
    relatives: list[Relative]
    workplaces: dict[int, Workplace]


def _account(row: Any) -> tuple[str, str, str, str, str] | None:
    if not row.bank_code:
        return None
    return (
        row.bank_code,
        row.branch_code,
        row.account_type,
        row.account_number,
        row.account_holder_kana,
    )


def _account_columns(table: Table) -> tuple[Column[Any], ...]:
    return (
        table.c.bank_code,
        table.c.branch_code,
        table.c.account_type,
        table.c.account_number,
        table.c.account_holder_kana,
    )


def load_register(connection: Connection) -> Register:
    """Members, their periods and affiliations, and the family, in a few set-based reads."""
    tables = Base.metadata.tables
    members = tables["members"]
    persons = {
        row.id: Person(row.id, row.number, row.name, row.name_kana, row.birth_date, _account(row))
        for row in connection.execute(
            select(
                members.c.id,
                members.c.number,
                members.c.name,
                members.c.name_kana,
                members.c.birth_date,
                *_account_columns(members),
            ).order_by(members.c.id)
        )
    }
    periods = tables["membership_periods"]
    for member_id, start, end, reason in connection.execute(
        select(
            periods.c.member_id, periods.c.start_date, periods.c.end_date, periods.c.end_reason
        ).order_by(periods.c.member_id, periods.c.start_date)
    ):
        persons[member_id].periods.append(Period(start, end, reason))
    affiliations = tables["affiliations"]
    for member_id, start, est_id in connection.execute(
        select(
            affiliations.c.member_id, affiliations.c.start_date, affiliations.c.establishment_id
        ).order_by(affiliations.c.member_id, affiliations.c.start_date)
    ):
        persons[member_id].affiliations.append((start, est_id))
    family = tables["family_members"]
    relatives = [
        Relative(*row)
        for row in connection.execute(
            select(
                family.c.id,
                family.c.member_id,
                family.c.relation,
                family.c.name,
                family.c.birth_date,
                family.c.from_date,
                family.c.to_date,
                family.c.married_on,
            ).order_by(family.c.id)
        )
    ]
    establishments = tables["establishments"]
    workplaces = {
        row.id: Workplace(row.name, _account(row))
        for row in connection.execute(
            select(establishments.c.id, establishments.c.name, *_account_columns(establishments))
        )
    }
    return Register(persons, relatives, workplaces)


def _anniversary(base: dt.date, years: int) -> dt.date:
    try:
        return base.replace(year=base.year + years)
    except ValueError:  # 29 February: the anniversary is 28 February, as the due list says
        return dt.date(base.year + years, 2, 28)


def membership_completed(periods: list[Period], years: int) -> dt.date | None:
    """The day ``years`` of membership are complete, counted over every period (rejoins)."""
    months = 0
    for period in periods:
        needed = years * 12 - months
        day = add_months_clamped(period.start, needed) - dt.timedelta(days=1)
        if period.end is None or day <= period.end:
            return day
        months += completed_months(period.start, period.end)
    return None


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


def _poisson(rng: random.Random, mean: float) -> int:
    """Events in a span (Knuth's method: the means here are well below 1)."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class EventFinder:
    """Finds the events from ``first`` to ``today``, the demo's ten fiscal years, and the
    date-driven ones of the next weeks, which the society offers ahead (案内)."""

    def __init__(
        self,
        register: Register,
        rng: random.Random,
        calendar: FiscalCalendar,
        first: dt.date,
        today: dt.date,
    ) -> None:
        self.register = register
        self.rng = rng
        self.calendar = calendar
        self.first = first
        self.today = today
        self.offered_until = today + dt.timedelta(days=OFFER_DAYS)

    def within(self, day: dt.date) -> bool:
        return self.first <= day <= self.today

    def claimable(self, person: Person, day: dt.date) -> bool:
        """Whether ``day`` is in the demo years and the person is a member on it."""
        return self.within(day) and person.covers(day)

    def offerable(self, person: Person, day: dt.date) -> bool:
        """Like :meth:`claimable`, for a date-driven benefit that may still be ahead."""
        return self.first <= day <= self.offered_until and person.covers(day)

    def events(self) -> list[BenefitEvent]:
        return [*self._family_events(), *self._member_events(), *self._random_events()]

    # -- the family --------------------------------------------------------------------------
    def _family_events(self) -> Iterator[BenefitEvent]:
        persons = self.register.persons
        for rel in self.register.relatives:
            person = persons[rel.member_id]
            if rel.relation == "配偶者":
                yield from self._spouse_events(person, rel)
            elif rel.relation == "子":
                yield from self._child_events(person, rel)
            elif rel.registered_to is not None and self.claimable(person, rel.registered_to):
                yield BenefitEvent(person.id, "death_parent", rel.registered_to, rel.id)

    def _spouse_events(self, person: Person, rel: Relative) -> Iterator[BenefitEvent]:
        wedding = rel.married_on
        if wedding is not None:
            if self.claimable(person, wedding):
                yield BenefitEvent(person.id, "marriage", wedding)
            silver = _anniversary(wedding, 25)
            alive = rel.registered_to is None or rel.registered_to >= silver
            if alive and self.offerable(person, silver):
                yield BenefitEvent(person.id, "silver_wedding", silver)
        if rel.registered_to is not None and self.claimable(person, rel.registered_to):
            yield BenefitEvent(person.id, "death_spouse", rel.registered_to, rel.id)

    def _child_events(self, person: Person, rel: Relative) -> Iterator[BenefitEvent]:
        if self.claimable(person, rel.birth):
            yield BenefitEvent(person.id, "birth", rel.birth)
        for kind, age in (("school_elementary", 6), ("school_junior", 12)):
            entry = self.calendar.first_day(school_entry_fiscal_year(rel.birth, age, self.calendar))
            if rel.registered_from <= entry and self.offerable(person, entry):
                yield BenefitEvent(person.id, kind, entry, rel.id)

    # -- the member ----------------------------------------------------------------------------
    def _member_events(self) -> Iterator[BenefitEvent]:
        for person in self.register.persons.values():
            for age, kind in ((20, "adult"), *((a, "longevity") for a in LONGEVITY_AGES)):
                reached = date_reaching_age(person.birth, age)
                if self.offerable(person, reached):
                    yield BenefitEvent(person.id, kind, reached)
            for years in SERVICE_YEARS:
                completed = membership_completed(person.periods, years)
                if completed is not None and self.offerable(person, completed):
                    yield BenefitEvent(person.id, "long_service", completed, service_years=years)
            for period in person.periods:
                end = period.end
                if end is None or not self.within(end):
                    continue
                if period.reason == "deceased":
                    died = end.replace(day=self.rng.randint(1, end.day))
                    yield BenefitEvent(person.id, "death_member", died)
                elif period.reason in ("retired", "withdrawn"):
                    yield BenefitEvent(person.id, "farewell", end)

    # -- sickness and disasters ------------------------------------------------------------------
    def _random_events(self) -> Iterator[BenefitEvent]:
        rng = self.rng
        for person in self.register.persons.values():
            for period in person.periods:
                start = max(period.start, self.first)
                end = min(period.end or self.today, self.today)
                if end <= start:
                    continue
                span = (end - start).days
                for _ in range(_poisson(rng, SICKNESS_PER_YEAR * span / 365)):
                    yield self._sickness(person, start + dt.timedelta(days=rng.randrange(span)))
                for _ in range(_poisson(rng, DISASTER_PER_YEAR * span / 365)):
                    day = start + dt.timedelta(days=rng.randrange(span))
                    damage = _pick(rng, DAMAGE_WEIGHTS)
                    detail = "住宅火災" if damage == "total" else "大雨による住宅被害"
                    yield BenefitEvent(
                        person.id, "disaster", day, damage_class=damage, detail=detail
                    )
            if self.claimable(person, TYPHOON_DAY) and rng.random() < TYPHOON_SHARE:
                yield BenefitEvent(
                    person.id,
                    "disaster",
                    TYPHOON_DAY,
                    damage_class=_pick(rng, TYPHOON_DAMAGE_WEIGHTS),
                    detail="令和元年東日本台風（台風第19号）による浸水被害",
                )

    def _sickness(self, person: Person, day: dt.date) -> BenefitEvent:
        rng = self.rng
        low, high, _w = rng.choices(DAYS_OFF_BANDS, weights=[b[2] for b in DAYS_OFF_BANDS])[0]
        days = rng.randrange(low, high)
        cause = rng.choice(SICKNESS_CAUSES)
        return BenefitEvent(
            person.id, "sickness", day, days_off=days, detail=f"{cause}（{days}日休業）"
        )


SICKNESS_CAUSES = (
    "骨折のため入院",
    "入院・手術のため休業",
    "腰痛（椎間板ヘルニア）のため休業",
    "肺炎のため入院",
    "交通事故による負傷",
    "胃腸疾患のため入院",
    "心疾患のため入院",
)
