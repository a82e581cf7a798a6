"""The demo pipeline's steps for the foundation: society, fiscal years, history, people, family."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from typing import Any

from sqlalchemy import update

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.kana import normalize_for_search
from gojokai_desktop.domain.membership import format_member_number
from gojokai_desktop.services.auth.passwords import hash_password
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.demo._family import FamilyOwner, family_of
from gojokai_desktop.services.demo._history import Simulation
from gojokai_desktop.services.demo._records import (
    Event,
    SimEstablishment,
    SimPerson,
    first_day,
    last_day,
    month_index,
)
from gojokai_desktop.services.demo._tables import (
    Reading,
    address,
    bank_account,
    full_name,
    given_name,
    landline,
    mobile,
)

SOCIETY = {
    "id": 1,
    "name": "福島市勤労者互助会",
    "postal_code": "960-8041",
    "address": "福島県福島市大町4-15 勤労者福祉会館2階",
    "phone": "024-522-3155",
    "representative_title": "会長",
    "representative_name": "佐藤　正男",
    "clerk_name": "鈴木　美穂",
    "cutoff_day": 20,
    "fiscal_year_start_month": 4,
    "fiscal_label_rule": "start",
}
COLLECTION_WEIGHTS = (("debit", 50), ("transfer", 35), ("cash", 15))
CYCLE_WEIGHTS = (("monthly", 35), ("quarterly", 40), ("half_yearly", 15), ("yearly", 10))
CLOSURE_NOTES = {
    "closed": "廃業のため退会",
    "withdrew": "事業主の申出により退会",
    "empty": "在籍する会員がいなくなったため退会",
}
BANK_ACCOUNT_SHARE = 0.45
ESTABLISHMENT_ACCOUNT_SHARE = 0.35
# Establishments at least this large are companies named after a place, not a family.
LARGE_ESTABLISHMENT = 30


def _stamp(d: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour, 0))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([k for k, _w in weighted], weights=[w for _k, w in weighted])[0]


# ---------------------------------------------------------------------- society
DEMO_PASSWORD = "demo"
# Every role, so a newcomer can try each: the administrator, a clerk, an auditor (監事).
DEMO_USERS = (
    ("admin", None, "admin"),
    ("clerk", "渡辺 さくら", "clerk"),
    ("auditor", "遠藤 誠", "auditor"),
)


def _demo_hash(ctx: DemoContext, login: str) -> str:
    salt = hashlib.sha256(f"{ctx.seed}:{login}".encode()).digest()[:16]
    return hash_password(DEMO_PASSWORD, salt)


def society(ctx: DemoContext) -> None:
    """The society's profile and its users: admin, clerk and auditor, password ``demo``."""
    ctx.insert(
        "society_settings",
        [
            {
                **SOCIETY,
                "member_number_pattern": ctx.member_number_pattern,
                "created_at": _stamp(ctx.calendar.first_day(ctx.first_year), 9),
                "updated_at": _stamp(ctx.calendar.first_day(ctx.first_year), 9),
            }
        ],
    )
    ctx.insert(
        "users",
        [
            {
                "id": ctx.admin_user_id + index,
                "login": login,
                "display_name": name or SOCIETY["clerk_name"],
                "role": role,
                "active": True,
                "password_hash": _demo_hash(ctx, login),
                "must_change_password": False,
                "failed_logins": 0,
                "created_at": _stamp(ctx.calendar.first_day(ctx.first_year), 9),
                "updated_at": _stamp(ctx.calendar.first_day(ctx.first_year), 9),
            }
            for index, (login, name, role) in enumerate(DEMO_USERS)
        ],
    )


def fiscal_years(ctx: DemoContext) -> None:
    """The ten fiscal years, all open until ``close_fiscal_years`` runs last."""
    ctx.insert(
        "fiscal_years",
        (
            {
                "year": year,
                "start_date": ctx.calendar.first_day(year),
                "end_date": ctx.calendar.last_day(year),
                "status": "open",
                "closed_at": None,
                "closed_by_user_id": None,
                "created_at": _stamp(ctx.calendar.first_day(year), 9),
                "updated_at": _stamp(ctx.calendar.first_day(year), 9),
            }
            for year in range(ctx.first_year, ctx.last_year + 1)
        ),
    )


def close_fiscal_years(ctx: DemoContext) -> None:
    """Years before the current one are closed, as after each May's general meeting, each
    with its record in the closing history."""
    table = Base.metadata.tables["fiscal_years"]
    ctx.insert(
        "fiscal_year_closings",
        (
            {"fiscal_year": year, "action": "close", "at": _stamp(dt.date(year + 1, 5, 31), 17),
             "user_id": ctx.admin_user_id, "user_name": SOCIETY["clerk_name"], "reason": "",
             "backup_path": "", "summary_json": "{}"}
            for year in range(ctx.first_year, ctx.last_year)
        ),
    )  # fmt: skip
    for year in range(ctx.first_year, ctx.last_year):
        closed = _stamp(dt.date(year + 1, 5, 31), 17)
        ctx.connection.execute(
            update(table)
            .where(table.c.year == year)
            .values(
                status="closed",
                closed_at=closed,
                closed_by_user_id=ctx.admin_user_id,
                updated_at=closed,
            )
        )


# ---------------------------------------------------------------------- history
def history(ctx: DemoContext) -> None:
    """Simulate ten years of the society, then give every person a name."""
    simulation = Simulation(
        ctx.rng("history"),
        target_records=ctx.target_members,
        first_m=month_index(ctx.calendar.first_day(ctx.first_year)),
        last_m=month_index(ctx.today),
    )
    ctx.history = simulation.run()
    rng = ctx.rng("names")
    tables = ctx.tables
    ctx.person_names = [
        (tables.surnames.pick(rng), given_name(rng, tables, p.sex, p.birth.year))
        for p in ctx.history.persons
    ]


# ---------------------------------------------------------------------- establishments
def _owner_names(ctx: DemoContext) -> dict[int, tuple[Reading, Reading]]:
    """The members who own their establishment (事業主), by establishment key."""
    owners: dict[int, tuple[Reading, Reading]] = {}
    for person in ctx.require_history().persons:
        if person.employment == "owner" and person.first_establishment not in owners:
            owners[person.first_establishment] = ctx.person_names[person.key]
    return owners


def _establishment_name(
    ctx: DemoContext, rng: random.Random, est: SimEstablishment, surname: Reading
) -> tuple[str, str]:
    tables = ctx.tables
    if max(est.target, est.max_count) >= LARGE_ESTABLISHMENT:
        place = rng.choice(tables.places)
        trade = rng.choice(tables.large_trades)
        if trade.kanji.endswith("組合"):
            return f"{place.kanji}{trade.kanji}", f"{place.kana}{trade.kana}"
        if rng.random() < 0.3:
            return f"{place.kanji}{trade.kanji}株式会社", f"{place.kana}{trade.kana}"
        return f"株式会社{place.kanji}{trade.kanji}", f"{place.kana}{trade.kana}"
    trade = rng.choice(tables.small_trades)
    if trade.kanji.endswith(("事務所", "医院", "館", "店", "室", "園")):
        legal = ""
    else:
        legal = _pick(rng, (("", 45), ("有限会社", 35), ("株式会社", 20)))
    return f"{legal}{surname.kanji}{trade.kanji}", f"{surname.kana}{trade.kana}"


def _holder_kana(name: str, kana: str) -> str:
    """口座名義 as banks write a company: カ) for 株式会社 before the name, (カ after it."""
    if name.startswith("株式会社"):
        return f"カ){kana}"
    if name.endswith("株式会社"):
        return f"{kana}(カ"
    if name.startswith("有限会社"):
        return f"ユ){kana}"
    return kana


def _establishment_account(rng: random.Random, name: str, kana: str) -> dict[str, Any]:
    """The account some establishments give for benefits paid through them (事業所経由)."""
    if rng.random() >= ESTABLISHMENT_ACCOUNT_SHARE:
        return {
            "bank_code": "",
            "branch_code": "",
            "account_type": None,
            "account_number": "",
            "account_holder_kana": "",
        }
    bank, branch, kind, number = bank_account(rng)
    return {
        "bank_code": bank,
        "branch_code": branch,
        "account_type": kind,
        "account_number": number,
        "account_holder_kana": _holder_kana(name, kana),
    }


def _establishment_rows(ctx: DemoContext) -> Iterator[dict[str, Any]]:
    rng = ctx.rng("establishments")
    account_rng = ctx.rng("establishment_accounts")
    tables = ctx.tables
    owners = _owner_names(ctx)
    used: set[str] = set()
    for est in sorted(ctx.require_history().establishments, key=lambda e: e.number):
        owner = owners.get(est.key)
        if owner is None:
            surname = tables.surnames.pick(rng)
            given = given_name(rng, tables, "M" if rng.random() < 0.8 else "F", 1950)
            owner = (surname, given)
        for _ in range(30):
            name, kana = _establishment_name(ctx, rng, est, owner[0])
            if name not in used:
                break
        used.add(name)
        owner_name = full_name(*owner)[0]
        large = max(est.target, est.max_count) >= LARGE_ESTABLISHMENT
        if large:
            contact = full_name(tables.surnames.pick(rng), given_name(rng, tables, "F", 1980))
            contact_name, billing = contact[0], f"総務課　{contact[0]}"
        else:
            contact_name, billing = owner_name, owner_name
        postal_code, where = address(rng, tables)
        joined = first_day(est.join_m)
        ctx.establishment_ids[est.key] = est.number
        yield {
            "id": est.number,
            "number": est.number,
            "name": name,
            "name_kana": kana,
            "kana_search": normalize_for_search(kana),
            "owner_name": owner_name,
            "postal_code": postal_code,
            "address": where,
            "phone": landline(rng),
            "contact_person": contact_name,
            "billing_contact": billing,
            "join_date": joined,
            "leave_date": None if est.leave_m is None else last_day(est.leave_m),
            "collection_method": _pick(rng, COLLECTION_WEIGHTS),
            "billing_cycle": _pick(rng, CYCLE_WEIGHTS),
            **_establishment_account(account_rng, name, kana),
            "notes": CLOSURE_NOTES.get(est.closure, ""),
            "created_at": _stamp(joined - dt.timedelta(days=20)),
            "updated_at": _stamp(joined if est.leave_m is None else last_day(est.leave_m)),
        }


def establishments(ctx: DemoContext) -> None:
    """Establishments with kana names, owners, addresses, collection methods and cycles; some
    with a bank account for benefits paid through them."""
    ctx.insert("establishments", _establishment_rows(ctx))


# ---------------------------------------------------------------------- members
def _received(rng: random.Random, event: Event, today: dt.date) -> dt.date:
    """When the form arrived: joins by the 20th of the month before, leaves in their month."""
    if event.kind in ("join", "rejoin"):
        return first_day(event.m - 1).replace(day=rng.randint(1, 20))
    if event.kind == "transfer":
        return first_day(event.m - 1).replace(day=rng.randint(1, 28))
    end = last_day(event.m)
    latest = min(end, today) if event.m == month_index(today) else end
    return end.replace(day=rng.randint(1, latest.day))


def _member_row(
    ctx: DemoContext, rng: random.Random, person: SimPerson, member_id: int
) -> dict[str, Any]:
    surname, given = ctx.person_names[person.key]
    name, kana = full_name(surname, given)
    first_est = ctx.require_history().establishments_by_key[person.first_establishment]
    period = person.periods[-1]
    postal_code, where = address(rng, ctx.tables)
    r = rng.random()
    phone = mobile(rng) if r < 0.6 else landline(rng) if r < 0.9 else ""
    bank: tuple[str, str, str | None, str] = ("", "", None, "")
    if rng.random() < BANK_ACCOUNT_SHARE:
        bank = bank_account(rng)
    joined = first_day(person.periods[0].start_m)
    last_change = first_day(period.start_m) if period.end_m is None else last_day(period.end_m)
    return {
        "id": member_id,
        "number": format_member_number(
            ctx.member_number_pattern,
            establishment_no=first_est.number,
            person_no=person.serial,
            serial=member_id,
        ),
        "name": name,
        "name_kana": kana,
        "kana_search": normalize_for_search(kana),
        "sex": person.sex,
        "birth_date": person.birth,
        "postal_code": postal_code,
        "address": where,
        "phone": phone,
        "establishment_id": ctx.establishment_ids[person.stints[-1].establishment],
        "employment_type": person.employment,
        "dues_class": "",
        "join_date": first_day(period.start_m),
        "leave_date": None if period.end_m is None else last_day(period.end_m),
        "leave_reason": period.reason,
        "bank_code": bank[0],
        "branch_code": bank[1],
        "account_type": bank[2],
        "account_number": bank[3],
        "account_holder_kana": kana if bank[0] else "",
        "notes": "",
        "created_at": _stamp(joined - dt.timedelta(days=15)),
        "updated_at": _stamp(min(last_change, ctx.today)),
    }


def members(ctx: DemoContext) -> None:
    """Members with their membership periods, affiliations and history lines."""
    history = ctx.require_history()
    rng = ctx.rng("members")
    event_rng = ctx.rng("member_events")
    est_ids = ctx.establishment_ids
    member_rows: list[dict[str, Any]] = []
    periods: list[dict[str, Any]] = []
    affiliations: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    numbers = history.establishments_by_key
    # Ids follow the register's growth: by first join, then member number.
    ordered = sorted(
        history.persons,
        key=lambda p: (p.periods[0].start_m, numbers[p.first_establishment].number, p.serial),
    )
    for member_id, person in enumerate(ordered, 1):
        ctx.member_ids[person.key] = member_id
        member_rows.append(_member_row(ctx, rng, person, member_id))
        for period in person.periods:
            periods.append(
                {
                    "member_id": member_id,
                    "start_date": first_day(period.start_m),
                    "end_date": None if period.end_m is None else last_day(period.end_m),
                    "end_reason": period.reason,
                }
            )
        for stint in person.stints:
            affiliations.append(
                {
                    "member_id": member_id,
                    "establishment_id": est_ids[stint.establishment],
                    "start_date": first_day(stint.start_m),
                    "end_date": None if stint.end_m is None else last_day(stint.end_m),
                }
            )
        for event in person.events:
            received = _received(event_rng, event, ctx.today)
            events.append(
                {
                    "member_id": member_id,
                    "kind": event.kind,
                    "effective_date": (
                        last_day(event.m) if event.kind == "leave" else first_day(event.m)
                    ),
                    "received_date": received,
                    "establishment_id": est_ids[event.establishment],
                    "from_establishment_id": (
                        None
                        if event.from_establishment is None
                        else est_ids[event.from_establishment]
                    ),
                    "reason": event.reason,
                    "entered_at": _stamp(received, 9 + event_rng.randrange(8)),
                    "entered_by_user_id": ctx.admin_user_id,
                }
            )
    ctx.insert("members", member_rows)
    ctx.insert("membership_periods", periods)
    ctx.insert("affiliations", affiliations)
    ctx.insert("member_events", events)


def _family_rows(ctx: DemoContext) -> Iterator[dict[str, Any]]:
    rng = ctx.rng("families")
    life = ctx.rng("family_life")
    persons = sorted(ctx.require_history().persons, key=lambda p: ctx.member_ids[p.key])
    for person in persons:
        end_m = person.periods[-1].end_m
        as_of = ctx.today if end_m is None else min(last_day(end_m), ctx.today)
        owner = FamilyOwner(
            member_id=ctx.member_ids[person.key],
            surname=ctx.person_names[person.key][0],
            sex=person.sex,
            birth=person.birth,
            joined=first_day(person.periods[0].start_m),
            as_of=as_of,
        )
        yield from family_of(owner, rng, ctx.tables, life)


def families(ctx: DemoContext) -> None:
    """Spouses with their wedding dates, children and parents, with dependent flags; spouses
    and parents who died are kept, registered until the day."""
    ctx.insert("family_members", _family_rows(ctx))
