"""Finding who reaches a date-driven benefit in a fiscal year: the loading and the matching.

Births, wedding dates and membership periods are loaded with a few set-based queries (a
window of birth dates per age, every membership period once); the domain's due functions then
decide exactly. Used by :mod:`benefit_due`, which turns what is found into rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.chunks import in_lists
from gojokai_desktop.db.models import Establishment, FamilyMember, Member, MembershipPeriod
from gojokai_desktop.domain.benefits import due, rules
from gojokai_desktop.domain.benefits.table import SUBJECT_RELATIONS, BenefitKind
from gojokai_desktop.domain.fiscal import FiscalCalendar

#: Days added to each side of a birth or wedding window, so the SQL filter is only coarse
#: and the domain functions decide (29 February, the day-before-the-birthday rule).
_MARGIN = dt.timedelta(days=3)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return dt.date(day.year - years, 2, 28)


def _window(first: dt.date, last: dt.date, years: int) -> tuple[dt.date, dt.date]:
    """Base dates (birth, wedding) whose ``years``-th anniversary may fall in first … last."""
    return _years_before(first, years) - _MARGIN, _years_before(last, years) + _MARGIN


def _chunks(ids: Iterable[int]) -> Iterable[Sequence[int]]:
    return in_lists(sorted(set(ids)))


@dataclass(frozen=True)
class Person:
    """A member (``family_id`` None) or family member with the date a benefit counts from
    (``base``: birth, 婚姻日 or the first membership start) and the family registration."""

    member_id: int
    family_id: int | None
    name: str
    relation: str
    base: dt.date
    birth: dt.date | None
    registered_from: dt.date | None = None
    registered_to: dt.date | None = None

    def registered_on(self, day: dt.date) -> bool:
        start = self.registered_from or dt.date.min
        return start <= day and (self.registered_to is None or day <= self.registered_to)


def _relations(kind: BenefitKind) -> tuple[str, ...] | None:
    """The 続柄 a family subject must have; None: any relation (``family``)."""
    return SUBJECT_RELATIONS.get(kind.subject)


def _member_births(session: Session, windows: Sequence[tuple[dt.date, dt.date]]) -> list[Person]:
    if not windows:
        return []
    query = select(Member.id, Member.birth_date).where(
        or_(*(Member.birth_date.between(lo, hi) for lo, hi in windows))
    )
    return [
        Person(member_id, None, "", "本人", birth, birth)
        for member_id, birth in session.execute(query)
        if birth is not None
    ]


def _family(
    session: Session, column: str, windows: Sequence[tuple[dt.date, dt.date]]
) -> list[Person]:
    """Family members whose birth (``birth``) or 婚姻日 (``married_on``) lies in a window."""
    if not windows:
        return []
    base = FamilyMember.married_on if column == "married_on" else FamilyMember.birth_date
    query = select(
        FamilyMember.member_id,
        FamilyMember.id,
        FamilyMember.name,
        FamilyMember.relation,
        base,
        FamilyMember.birth_date,
        FamilyMember.from_date,
        FamilyMember.to_date,
    ).where(or_(*(base.between(lo, hi) for lo, hi in windows)))
    return [
        Person(member_id, family_id, name, relation, day, birth, start, end)
        for member_id, family_id, name, relation, day, birth, start, end in session.execute(query)
        if day is not None
    ]


def _periods(session: Session) -> dict[int, tuple[rules.MembershipPeriod, ...]]:
    found: dict[int, list[rules.MembershipPeriod]] = defaultdict(list)
    query = select(
        MembershipPeriod.member_id, MembershipPeriod.start_date, MembershipPeriod.end_date
    ).order_by(MembershipPeriod.member_id, MembershipPeriod.start_date)
    for member_id, start, end in session.execute(query):
        found[member_id].append(rules.MembershipPeriod(start, end))
    return {member_id: tuple(periods) for member_id, periods in found.items()}


@dataclass(frozen=True)
class MemberInfo:
    """What a due row shows of the member, and the birth date the amount rule may need."""

    number: str
    name: str
    kana: str
    establishment: str
    birth: dt.date | None


def member_info(session: Session, ids: Iterable[int]) -> dict[int, MemberInfo]:
    info: dict[int, MemberInfo] = {}
    for chunk in _chunks(ids):
        query = (
            select(
                Member.id,
                Member.number,
                Member.name,
                Member.name_kana,
                Establishment.name,
                Member.birth_date,
            )
            .join(Establishment, Establishment.id == Member.establishment_id)
            .where(Member.id.in_(chunk))
        )
        for member_id, number, name, kana, establishment, birth in session.execute(query):
            info[member_id] = MemberInfo(number, name, kana, establishment, birth)
    return info


@dataclass(frozen=True)
class Found:
    """A person who reaches ``kind`` on ``event_date`` (the domain's ``reason``)."""

    kind: BenefitKind
    person: Person
    event_date: dt.date
    reason: str


class Finder:
    """Runs the domain's due functions over the people loaded for one fiscal year.

    Births and wedding dates are loaded once for the windows of every kind together; the
    domain functions then pick exactly, so a person loaded for another kind's window is
    harmless.
    """

    def __init__(
        self,
        session: Session,
        kinds: Sequence[BenefitKind],
        fiscal_year: int,
        calendar: FiscalCalendar,
    ) -> None:
        self.session = session
        self.kinds = kinds
        self.fy = fiscal_year
        self.calendar = calendar
        self.first = calendar.first_day(fiscal_year)
        self.last = calendar.last_day(fiscal_year)
        self.periods = _periods(session)

    def _birth_windows(self, kind: BenefitKind) -> list[tuple[dt.date, dt.date]]:
        windows = [_window(self.first, self.last, age) for age in kind.ages]
        if kind.school_entry_age is not None:
            # Children born in the year before the 1 April that is ``entry age`` years back.
            age = kind.school_entry_age
            windows.append(
                (
                    _years_before(self.first, age + 1) - _MARGIN,
                    _years_before(self.first, age) + _MARGIN,
                )
            )
        return windows

    def _subjects(self, kind: BenefitKind, people: Sequence[Person]) -> list[Person]:
        if kind.subject == "member":
            return [p for p in people if p.family_id is None]
        allowed = _relations(kind)
        return [
            p
            for p in people
            if p.family_id is not None and (allowed is None or p.relation in allowed)
        ]

    def _births(self) -> list[Person]:
        by_birth = [k for k in self.kinds if k.ages or k.school_entry_age is not None]
        members = [w for k in by_birth if k.subject == "member" for w in self._birth_windows(k)]
        family = [w for k in by_birth if k.subject != "member" for w in self._birth_windows(k)]
        return _member_births(self.session, members) + _family(self.session, "birth", family)

    def find(self) -> list[Found]:
        births = self._births()
        weddings = [k for k in self.kinds if k.wedding_years is not None]
        spouses = [
            p
            for p in _family(
                self.session,
                "married_on",
                [_window(self.first, self.last, k.wedding_years or 0) for k in weddings],
            )
            if p.relation in SUBJECT_RELATIONS["spouse"]
        ]
        # Only a member in some period during the year can complete years of membership in it.
        members = [
            Person(member_id, None, "", "本人", periods[0].start, None)
            for member_id, periods in self.periods.items()
            if any(p.start <= self.last and (p.end is None or p.end >= self.first) for p in periods)
        ]
        found: list[Found] = []
        for kind in self.kinds:
            if kind.ages:
                people = self._subjects(kind, births)
                items = due.due_ages(_keyed(people), self.fy, kind.code, kind.ages, self.calendar)
                found += _pick(kind, people, items)
            if kind.school_entry_age is not None:
                people = self._subjects(kind, births)
                items = due.due_school_entries(
                    _keyed(people), self.fy, kind.code, kind.school_entry_age, self.calendar
                )
                found += _pick(kind, people, items)
            if kind.wedding_years is not None:
                items = due.due_wedding_anniversaries(
                    _keyed(spouses), self.fy, kind.code, kind.wedding_years, self.calendar
                )
                found += _pick(kind, spouses, items)
            if kind.membership_anniversaries:
                pairs = [
                    (person, self.periods[m.member_id])
                    for person, m in zip(_keyed(members), members, strict=True)
                ]
                items = due.due_membership_periods(
                    pairs, self.fy, kind.code, kind.membership_anniversaries, self.calendar
                )
                found += _pick(kind, members, items)
        return [f for f in found if self._member_on(f)]

    def _member_on(self, found: Found) -> bool:
        """A member on the event date, and a family member still registered then."""
        periods = self.periods.get(found.person.member_id, ())
        if not any(p.covers(found.event_date) for p in periods):
            return False
        return found.person.family_id is None or found.person.registered_on(found.event_date)


def _keyed(people: Sequence[Person]) -> list[due.DuePerson]:
    """The domain's persons, keyed by their position in ``people``."""
    return [
        due.DuePerson(str(p.member_id), str(index), p.name, p.base)
        for index, p in enumerate(people)
    ]


def _pick(kind: BenefitKind, people: Sequence[Person], items: Iterable[due.DueItem]) -> list[Found]:
    return [Found(kind, people[int(i.person_key)], i.event_date, i.reason) for i in items]
