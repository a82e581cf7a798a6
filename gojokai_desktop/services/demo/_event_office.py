"""The demo's events office: members and family to draw from, seats by the domain's rules, and
the rows of events, applications, payments, costs and subsidies with their cash-book postings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.events.seats import Seats, Waiting, place, promote
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    kana: str
    establishment_id: int
    join_date: dt.date
    leave_date: dt.date | None


@dataclass
class DemoApplication:
    id: int
    event: int
    session: int
    number: int
    member: Person
    people: list[dict[str, Any]]
    applied_on: dt.date
    status: str = "confirmed"
    promoted_on: dt.date | None = None
    cancelled_on: dt.date | None = None


@dataclass
class EventRows:
    events: list[dict[str, Any]] = field(default_factory=list)
    sessions: list[dict[str, Any]] = field(default_factory=list)
    programme: list[dict[str, Any]] = field(default_factory=list)
    apps: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)
    costs: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)


def stamp(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0))


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


class EventOffice:
    """Writes the events of the demo years, the way the clerk's screens would."""

    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.rng = ctx.rng("events")
        self.rows = EventRows()
        self.members = self._members()
        self.family = self._family()
        self.app_id = self.person_id = self.payment_id = self.cost_id = self.claim_id = 0

    def _members(self) -> list[Person]:
        table = Base.metadata.tables["members"]
        query = select(
            table.c.id,
            table.c.name,
            table.c.name_kana,
            table.c.establishment_id,
            table.c.join_date,
            table.c.leave_date,
        ).order_by(table.c.id)
        return [Person(*row) for row in self.ctx.connection.execute(query)]

    def _family(self) -> dict[int, list[tuple[int, str, str, str, dt.date | None]]]:
        table = Base.metadata.tables["family_members"]
        family: dict[int, list[tuple[int, str, str, str, dt.date | None]]] = {}
        query = select(
            table.c.id,
            table.c.member_id,
            table.c.name,
            table.c.name_kana,
            table.c.relation,
            table.c.to_date,
        )
        for fid, member, name, kana, relation, to_date in self.ctx.connection.execute(query):
            family.setdefault(member, []).append((fid, name, kana, relation, to_date))
        return family

    def present(self, day: dt.date) -> list[Person]:
        return [
            m
            for m in self.members
            if m.join_date <= day and (m.leave_date is None or m.leave_date >= day)
        ]

    # ------------------------------------------------------------------ events
    def event(
        self, year: int, number: int, spec: dict[str, Any], sessions: Sequence[dict[str, Any]]
    ) -> int:
        event_id = len(self.rows.events) + 1
        first = min(s["date"] for s in sessions)
        entered = stamp(spec.get("application_start") or first - dt.timedelta(days=45))
        self.rows.events.append(
            {
                "id": event_id,
                "fiscal_year": year,
                "number": number,
                "venue_address": "",
                "purpose": "",
                "audience": "",
                "allow_family": True,
                "allow_guests": True,
                "capacity": None,
                "application_start": None,
                "deadline": None,
                "first_date": first,
                "fee_member": 0,
                "fee_family": 0,
                "fee_guest": 0,
                "cost_per_person": None,
                "subsidy_mode": "none",
                "subsidy_rule": "",
                "subsidy_member": 0,
                "subsidy_family": 0,
                "subsidy_guest": 0,
                "subsidy_note": "",
                "rule_table_id": None,
                "cancel_fee_days": 0,
                "cancel_fee_percent": 0,
                "how_to_apply": "",
                "contact": "",
                "notes": "",
                "status": "active",
                "cancelled_on": None,
                "cancel_reason": None,
                "copied_from_id": event_id - 5 if event_id > 5 else None,
                "version": 1,
                "created_at": entered,
                "updated_at": entered,
                **spec,
            }
        )
        for n, session in enumerate(sessions, start=1):
            self.rows.sessions.append(
                {
                    "id": len(self.rows.sessions) + 1,
                    "event_id": event_id,
                    "number": n,
                    "end_date": None,
                    "start_time": "",
                    "place": "",
                    "place_address": "",
                    "capacity": None,
                    "note": "",
                    **session,
                }
            )
        return event_id

    def sessions_of(self, event_id: int) -> list[dict[str, Any]]:
        return [s for s in self.rows.sessions if s["event_id"] == event_id]

    def persons(
        self, member: Person, event: dict[str, Any], day: dt.date, kind: str
    ) -> list[dict[str, Any]]:
        """The member and, for a trip or a tournament, sometimes family or a friend."""
        fees = (event["fee_member"], event["fee_family"], event["fee_guest"])
        subsidies = (event["subsidy_member"], event["subsidy_family"], event["subsidy_guest"])
        people = [
            {
                "category": "member",
                "member_id": member.id,
                "family_member_id": None,
                "name": member.name,
                "name_kana": member.kana,
                "relation": "本人",
                "fee": fees[0],
                "subsidy": subsidies[0],
            }
        ]
        if kind not in ("trip", "tournament"):
            return people
        roll = self.rng.random()
        current = [f for f in self.family.get(member.id, []) if f[4] is None or f[4] >= day]
        if kind == "trip" and roll < 0.35 and current:
            for fid, name, kana, relation, _to in self.rng.sample(
                current, min(len(current), self.rng.choice((1, 1, 2)))
            ):
                people.append(
                    {
                        "category": "family",
                        "member_id": None,
                        "family_member_id": fid,
                        "name": name,
                        "name_kana": kana,
                        "relation": relation,
                        "fee": fees[1],
                        "subsidy": subsidies[1],
                    }
                )
        elif roll > 0.88:
            surname = member.name.split("　")[0]
            people.append(
                {
                    "category": "guest",
                    "member_id": None,
                    "family_member_id": None,
                    "name": f"{surname}　友子",
                    "name_kana": "",
                    "relation": "友人",
                    "fee": fees[2],
                    "subsidy": subsidies[2],
                }
            )
        return people

    def take_applications(
        self, event_id: int, wanted: int, kind: str, pick_session: Any = None
    ) -> list[DemoApplication]:
        """Applications until ``wanted`` people applied; seats by the domain's rules."""
        event = self.rows.events[event_id - 1]
        sessions = self.sessions_of(event_id)
        seats = Seats(event["capacity"], {s["id"]: s["capacity"] for s in sessions})
        waiting: list[Waiting] = []
        start, deadline = event["application_start"], event["deadline"]
        present = self.present(event["first_date"])
        pool = self.rng.sample(present, min(len(present), wanted * 2 + 10))
        span = max((deadline - start).days, 1)
        days = sorted(start + dt.timedelta(days=self.rng.randrange(span)) for _ in pool)
        apps: list[DemoApplication] = []
        persons = 0
        for member, applied in zip(pool, days, strict=False):
            if persons >= wanted or applied > self.ctx.today:
                break
            session = pick_session(sessions) if pick_session else sessions[0]
            people = self.persons(member, event, session["date"], kind)
            self.app_id += 1
            app = DemoApplication(
                self.app_id, event_id, session["id"], len(apps) + 1, member, people, applied
            )
            if not place(seats, session["id"], len(people), waiting):
                app.status = "waiting"
                waiting.append(Waiting(app.id, session["id"], len(people)))
            apps.append(app)
            persons += len(people)
        self._cancel_and_promote(apps, seats, waiting, deadline)
        return apps

    def _cancel_and_promote(
        self, apps: list[DemoApplication], seats: Seats, waiting: list[Waiting], deadline: dt.date
    ) -> None:
        if not waiting:
            return
        confirmed = [a for a in apps if a.status == "confirmed"]
        for app in self.rng.sample(confirmed, min(2, len(confirmed))):
            day = max(app.applied_on, deadline - dt.timedelta(days=self.rng.randrange(1, 10)))
            if day > self.ctx.today:
                continue
            app.status, app.cancelled_on = "cancelled", day
            seats.release(app.session, len(app.people))
            moved = set(promote(seats, waiting))
            waiting[:] = [w for w in waiting if w.application_id not in moved]
            for other in apps:
                if other.id in moved:
                    other.status, other.promoted_on = "confirmed", day

    def write_apps(
        self, apps: list[DemoApplication], event: dict[str, Any], *, absent_share: float, kind: str
    ) -> list[tuple[DemoApplication, list[int]]]:
        """Rows of the applications and their people; attendance once the day has passed."""
        held = event["first_date"] < self.ctx.today and kind != "checkup_current"
        written = []
        for app in apps:
            session_date = next(s["date"] for s in self.rows.sessions if s["id"] == app.session)
            self.rows.apps.append(
                {
                    "id": app.id,
                    "event_id": app.event,
                    "session_id": app.session,
                    "number": app.number,
                    "member_id": app.member.id,
                    "establishment_id": app.member.establishment_id,
                    "applicant_name": app.member.name,
                    "channel": "counter",
                    "applied_on": app.applied_on,
                    "session_date": session_date,
                    "status": app.status,
                    "promoted_on": app.promoted_on,
                    "cancelled_on": app.cancelled_on,
                    "cancel_reason": "都合により" if app.cancelled_on else None,
                    "pay_via": "member",
                    "note": "",
                    "version": 1,
                    "created_at": stamp(app.applied_on),
                    "updated_at": stamp(app.cancelled_on or app.promoted_on or app.applied_on),
                }
            )
            ids = []
            for n, person in enumerate(app.people, start=1):
                self.person_id += 1
                attended = ""
                if held and app.status == "confirmed":
                    attended = "absent" if self.rng.random() < absent_share else "present"
                self.rows.people.append(
                    {
                        "id": self.person_id,
                        "application_id": app.id,
                        "number": n,
                        "attendance": attended,
                        **person,
                    }
                )
                ids.append(self.person_id)
            written.append((app, ids))
        return written

    # ------------------------------------------------------------------ money
    def pay(
        self,
        event: dict[str, Any],
        written: list[tuple[DemoApplication, list[int]]],
        item: str,
        latest: dt.date,
    ) -> None:
        """Confirmed applicants pay their fees in cash by ``latest`` (one receipt each)."""
        for app, ids in written:
            if app.status != "confirmed":
                continue
            amount = sum(self.rows.people[i - 1]["fee"] for i in ids)
            start = max(app.promoted_on or app.applied_on, app.applied_on)
            day = start + dt.timedelta(days=self.rng.randrange(max((latest - start).days, 1)))
            if amount <= 0 or day > self.ctx.today or self.rng.random() < 0.04:
                continue  # a few pay late: the home page lists them
            self.payment_id += 1
            self.rows.payments.append(
                {
                    "id": self.payment_id,
                    "event_id": event["id"],
                    "paid_on": day,
                    "amount": amount,
                    "kind": "fee",
                    # Members pay by transfer to the society's account (the demo keeps no
                    # cash box to deposit from).
                    "method": "bank",
                    "via": "member",
                    "establishment_id": None,
                    "payer": app.member.name,
                    "note": "",
                    "entered_at": stamp(day),
                }
            )
            for person_id in ids:
                fee = self.rows.people[person_id - 1]["fee"]
                if fee:
                    self.rows.lines.append(
                        {"payment_id": self.payment_id, "participant_id": person_id, "amount": fee}
                    )
            text = f"{event['title']} 参加費（{len(ids)}人）"
            self.ctx.postings.append(
                DemoPosting(day, item, amount, text, app.member.name, False, "event_fee",
                            self.payment_id)
            )  # fmt: skip

    def cost(
        self,
        event: dict[str, Any],
        *,
        day: dt.date,
        kind: str,
        text: str,
        payee: str,
        amount: int,
        item: str,
    ) -> None:
        if amount <= 0 or day > self.ctx.today:
            return
        self.cost_id += 1
        self.rows.costs.append(
            {
                "id": self.cost_id,
                "event_id": event["id"],
                "kind": kind,
                "paid_on": day,
                "description": text,
                "payee": payee,
                "amount": amount,
                "method": "bank",
                "reversal_of_id": None,
                "entered_at": stamp(day),
            }
        )
        self.ctx.postings.append(
            DemoPosting(day, item, amount, f"{event['title']} {text}"[:200], payee, False,
                        f"event_{kind}", self.cost_id)
        )  # fmt: skip

    def subsidy(
        self,
        event: dict[str, Any],
        written: list[tuple[DemoApplication, list[int]]],
        day: dt.date,
        item: str,
    ) -> int:
        people = [
            self.rows.people[i - 1]
            for app, ids in written
            if app.status == "confirmed"
            for i in ids
        ]
        due = [p for p in people if p["attendance"] != "absent" and p["subsidy"]]
        total = sum(p["subsidy"] for p in due)
        self.cost(event, day=day, kind="subsidy", text=f"補助金（{len(due)}人分）", payee="",
                  amount=total, item=item)  # fmt: skip
        return total if day <= self.ctx.today else 0
