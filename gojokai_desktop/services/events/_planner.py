"""Checking applications before anything is written: one planner serves the counter, an
establishment's list and a workbook import, so every way in refuses the same things."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from gojokai_desktop.db.models import (
    Establishment,
    Event,
    EventApplication,
    EventParticipant,
    FamilyMember,
    Member,
)
from gojokai_desktop.domain.errors import ValidationError
from gojokai_desktop.domain.events.rules import KIND_LABELS, Amounts
from gojokai_desktop.domain.events.seats import Waiting, place
from gojokai_desktop.domain.wareki import format_wareki
from gojokai_desktop.services.events._state import EventState
from gojokai_desktop.services.events.inputs import ApplicationInput, check_guests
from gojokai_desktop.services.events.rules import rules_in_force

CHANNELS = ("counter", "establishment", "import")
PAY_VIA = ("member", "establishment")


@dataclass(frozen=True)
class MemberFacts:
    """What the checks need to know of a member."""

    id: int
    number: str
    name: str
    name_kana: str
    establishment_id: int
    join_date: dt.date
    leave_date: dt.date | None


@dataclass(frozen=True)
class FamilyFacts:
    id: int
    member_id: int
    name: str
    name_kana: str
    relation: str
    to_date: dt.date | None


@dataclass(frozen=True)
class PlannedPerson:
    category: str
    member_id: int | None
    family_member_id: int | None
    name: str
    name_kana: str
    relation: str
    fee: int
    subsidy: int


@dataclass
class PlannedApplication:
    number: int
    status: str
    session_id: int
    session_date: dt.date
    member_id: int | None
    establishment_id: int | None
    applicant_name: str
    channel: str
    applied_on: dt.date
    pay_via: str
    note: str
    persons: list[PlannedPerson] = field(default_factory=list)


def load_members(session: Session, ids: Iterable[int]) -> dict[int, MemberFacts]:
    wanted = list(set(ids))
    found: dict[int, MemberFacts] = {}
    for start in range(0, len(wanted), 500):
        for row in session.execute(
            select(
                Member.id, Member.number, Member.name, Member.name_kana, Member.establishment_id,
                Member.join_date, Member.leave_date,
            ).where(Member.id.in_(wanted[start : start + 500]))
        ):  # fmt: skip
            found[row[0]] = MemberFacts(*row)
    return found


def load_family(session: Session, member_ids: Iterable[int]) -> dict[int, list[FamilyFacts]]:
    wanted = list(set(member_ids))
    family: dict[int, list[FamilyFacts]] = {}
    for start in range(0, len(wanted), 500):
        for row in session.execute(
            select(
                FamilyMember.id, FamilyMember.member_id, FamilyMember.name, FamilyMember.name_kana,
                FamilyMember.relation, FamilyMember.to_date,
            ).where(FamilyMember.member_id.in_(wanted[start : start + 500]))
        ):  # fmt: skip
            family.setdefault(row[1], []).append(FamilyFacts(*row))
    return family


class Planner:
    """Plans applications for one event against its state; nothing is written here."""

    def __init__(self, session: Session, state: EventState, today: dt.date) -> None:
        self.session = session
        self.state = state
        self.today = today
        event = state.event
        self.fees = Amounts(event.fee_member, event.fee_family, event.fee_guest)
        self.subsidies = Amounts(event.subsidy_member, event.subsidy_family, event.subsidy_guest)
        self.number = state.last_number
        self.applied_members: dict[int, tuple[int, str]] = {}
        self.applied_family: set[int] = set()
        live = select(
            EventApplication.number, EventApplication.status, EventParticipant.member_id,
            EventParticipant.family_member_id,
        ).join(EventApplication, EventApplication.id == EventParticipant.application_id).where(
            EventApplication.event_id == event.id, EventApplication.status != "cancelled"
        )  # fmt: skip
        for number, status, member_id, family_id in session.execute(live):
            if member_id is not None:
                self.applied_members[member_id] = (number, status)
            if family_id is not None:
                self.applied_family.add(family_id)
        self.limit = rules_in_force(session, event.fiscal_year).rules.limit_of(event.kind)
        self._year_counts: dict[int, int] = {}

    def load_year_counts(self, member_ids: Iterable[int]) -> None:
        """How many applications each member has for other events of this kind this year."""
        if self.limit is None:
            return
        event = self.state.event
        wanted = list(set(member_ids))
        for start in range(0, len(wanted), 500):
            rows = self.session.execute(
                select(EventApplication.member_id, func.count())
                .join(Event, Event.id == EventApplication.event_id)
                .where(
                    Event.fiscal_year == event.fiscal_year,
                    Event.kind == event.kind,
                    Event.id != event.id,
                    EventApplication.status != "cancelled",
                    EventApplication.member_id.in_(wanted[start : start + 500]),
                )
                .group_by(EventApplication.member_id)
            )
            for member_id, count in rows:
                if member_id is not None:
                    self._year_counts[int(member_id)] = int(count)

    def _dates(self, applied_on: dt.date, session_date: dt.date) -> None:
        event = self.state.event
        if event.application_start is not None and applied_on < event.application_start:
            raise ValidationError(
                f"申込開始（{format_wareki(event.application_start)}）より前です。", "申込日"
            )
        if event.deadline is not None and applied_on > event.deadline:
            raise ValidationError(
                f"申込締切（{format_wareki(event.deadline)}）を過ぎています。", "申込日"
            )
        if applied_on > session_date:
            raise ValidationError(
                f"開催日（{format_wareki(session_date)}）を過ぎた申込は受け付けられません。",
                "申込日",
            )

    def _member(self, member: MemberFacts, session_date: dt.date, applied_on: dt.date) -> None:
        if member.leave_date is not None and member.leave_date < max(session_date, applied_on):
            raise ValidationError(
                f"{member.name}さんは{format_wareki(member.leave_date)}に退会しているため"
                "申し込めません。",
                "会員",
            )
        if member.join_date > session_date:
            raise ValidationError(
                f"{member.name}さんの入会日（{format_wareki(member.join_date)}）は開催日より後です。",
                "会員",
            )
        previous = self.applied_members.get(member.id)
        if previous is not None:
            state = "参加決定" if previous[1] == "confirmed" else "キャンセル待ち"
            raise ValidationError(
                f"{member.name}さんは既に申し込んでいます（申込番号{previous[0]}・{state}）。"
                "二重の申込はできません。",
                "会員",
            )
        if self.limit is not None and self._year_counts.get(member.id, 0) >= self.limit:
            kind = KIND_LABELS[self.state.event.kind]
            raise ValidationError(
                f"{member.name}さんは今年度すでに{kind}に{self._year_counts[member.id]}回"
                f"申し込んでいます（1年度{self.limit}回まで）。",
                "会員",
            )

    def _family(
        self, member: MemberFacts, family_ids: tuple[int, ...], family: list[FamilyFacts],
        session_date: dt.date,
    ) -> list[PlannedPerson]:  # fmt: skip
        if family_ids and not self.state.event.allow_family:
            raise ValidationError("この行事は家族の参加を受け付けていません。", "家族")
        own = {f.id: f for f in family}
        persons = []
        for family_id in family_ids:
            found = own.get(family_id)
            if found is None:
                raise ValidationError(f"{member.name}さんの家族ではありません。", "家族")
            if found.to_date is not None and found.to_date < session_date:
                raise ValidationError(f"{found.name}さんは家族の登録が終わっています。", "家族")
            if family_id in self.applied_family:
                raise ValidationError(f"{found.name}さんは既に申し込んでいます。", "家族")
            persons.append(
                PlannedPerson("family", None, family_id, found.name, found.name_kana,
                              found.relation, self.fees.family, self.subsidies.family)
            )  # fmt: skip
        return persons

    def plan(
        self,
        data: ApplicationInput,
        member: MemberFacts | None,
        family: list[FamilyFacts],
        establishment_name: str = "",
    ) -> PlannedApplication:
        """Check one application and take its seats (or its place on the waiting list)."""
        state = self.state
        state.require_open()
        session_row = state.session_of(data.session_id)
        applied_on = data.applied_on or self.today
        self._dates(applied_on, session_row.date)
        if data.channel not in CHANNELS or data.pay_via not in PAY_VIA:
            raise ValidationError("申込の経路または支払方法が違います。", "支払方法")
        guests = check_guests(data.guests)
        if guests and not state.event.allow_guests:
            raise ValidationError(
                "この行事は一般（会員以外）の参加を受け付けていません。", "一般の参加者"
            )
        persons: list[PlannedPerson] = []
        if member is not None:
            self._member(member, session_row.date, applied_on)
            if data.include_member:
                persons.append(
                    PlannedPerson("member", member.id, None, member.name, member.name_kana, "本人",
                                  self.fees.member, self.subsidies.member)
                )  # fmt: skip
            persons += self._family(member, data.family_ids, family, session_row.date)
            applicant, establishment_id = member.name, member.establishment_id
        else:
            if data.establishment_id is None:
                raise ValidationError("申込む会員（または事業所）を選んでください。", "会員")
            if data.family_ids:
                raise ValidationError("家族は会員の申込でだけ選べます。", "家族")
            applicant = data.applicant_name.strip() or establishment_name
            establishment_id = data.establishment_id
        persons += [
            PlannedPerson("guest", None, None, g.name, g.name_kana, g.relation, self.fees.guest,
                          self.subsidies.guest)
            for g in guests
        ]  # fmt: skip
        if not persons:
            raise ValidationError("参加する人を1人以上選んでください。", "参加者")
        confirmed = place(state.seats, session_row.id, len(persons), state.waiting)
        self.number += 1
        planned = PlannedApplication(
            number=self.number,
            status="confirmed" if confirmed else "waiting",
            session_id=session_row.id,
            session_date=session_row.date,
            member_id=member.id if member else None,
            establishment_id=establishment_id,
            applicant_name=applicant[:100],
            channel=data.channel,
            applied_on=applied_on,
            pay_via=data.pay_via,
            note=data.note.strip()[:200],
            persons=persons,
        )
        if not confirmed:
            # The id is not known yet; the number keeps the order until it is written.
            state.waiting.append(Waiting(-self.number, session_row.id, len(persons)))
        if member is not None:
            self.applied_members[member.id] = (self.number, planned.status)
            self._year_counts[member.id] = self._year_counts.get(member.id, 0) + 1
        self.applied_family.update(p.family_member_id for p in persons if p.family_member_id)
        return planned


def establishment_names(session: Session, ids: Iterable[int]) -> dict[int, str]:
    wanted = list(set(ids))
    rows = session.execute(
        select(Establishment.id, Establishment.name).where(Establishment.id.in_(wanted))
    )
    return {int(est_id): str(name) for est_id, name in rows}


def write_orm(session: Session, event_id: int, plans: list[PlannedApplication]) -> list[int]:
    """Write the planned applications through the ORM (each row audited); their ids."""
    ids = []
    for plan in plans:
        app = EventApplication(event_id=event_id, **_app_values(plan))
        session.add(app)
        session.flush()
        for number, person in enumerate(plan.persons, start=1):
            session.add(EventParticipant(application_id=app.id, number=number, **_person(person)))
        ids.append(app.id)
    session.flush()
    return ids


def write_bulk(session: Session, event_id: int, plans: list[PlannedApplication]) -> int:
    """Write many planned applications with two bulk inserts (an import: one audit entry)."""
    if not plans:
        return 0
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    apps = [
        {"event_id": event_id, "version": 1, "created_at": now, "updated_at": now,
         "promoted_on": None, "cancelled_on": None, "cancel_reason": None, **_app_values(plan)}
        for plan in plans
    ]  # fmt: skip
    ids = (
        session.execute(
            insert(EventApplication).returning(EventApplication.id, sort_by_parameter_order=True),
            apps,
        )
        .scalars()
        .all()
    )
    persons = [
        {"application_id": app_id, "number": n, "attendance": "", **_person(p)}
        for app_id, plan in zip(ids, plans, strict=True)
        for n, p in enumerate(plan.persons, start=1)
    ]
    session.execute(insert(EventParticipant), persons)
    return len(apps)


def _app_values(plan: PlannedApplication) -> dict[str, Any]:
    return {
        "session_id": plan.session_id, "number": plan.number, "member_id": plan.member_id,
        "establishment_id": plan.establishment_id, "applicant_name": plan.applicant_name,
        "channel": plan.channel, "applied_on": plan.applied_on,
        "session_date": plan.session_date, "status": plan.status, "pay_via": plan.pay_via,
        "note": plan.note,
    }  # fmt: skip


def _person(person: PlannedPerson) -> dict[str, Any]:
    return {
        "category": person.category, "member_id": person.member_id,
        "family_member_id": person.family_member_id, "name": person.name[:60],
        "name_kana": person.name_kana[:120], "relation": person.relation[:20],
        "fee": person.fee, "subsidy": person.subsidy,
    }  # fmt: skip
