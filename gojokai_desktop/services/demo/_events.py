"""Demo steps: ten years of training and events (研修会・行事) with their money.

Each year has two study sessions (seed 000's 事務担当者研修会 and 研修交流会, the first claimed
from the labour bank), a 40-seat bus trip that fills up and has a waiting list (two
cancellations move the first waiting applicants up), a bowling tournament for 64 and a
health check-up at several clinics (3, 6 or 12 by size). Seats are given by the domain's own
rules, so no session is ever over capacity. ``events`` (before ``accounts``) writes the events
and applications and hands fees, costs, subsidies and the labour bank's refund to the cash
book as postings; ``event_money`` (after ``dues``) writes the payments, costs and claims with
their entry ids, and the receipts numbered after the dues receipts of each year.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select

from gojokai_desktop.db.models import Base
from gojokai_desktop.services.demo._context import DemoContext, DemoPosting
from gojokai_desktop.services.demo._event_office import (
    DemoApplication,
    EventOffice,
    nth_weekday,
    stamp,
)
from gojokai_desktop.services.events.rules import load_preset, rules_to_dict

PRESET = "small_gojokai"
RULES_ID = 1
CLINICS = (
    "福島中央クリニック",
    "大原総合病院 健診センター",
    "済生会福島総合病院",
    "福島赤十字病院",
    "わたり病院",
    "福島医師会 健診センター",
    "あづま脳神経外科病院",
    "枡記念病院",
    "星総合病院",
    "寿泉堂総合病院",
    "太田西ノ内病院",
    "福島県労働保健センター",
)
CHECKUP_CAPACITY = {"S": 15, "M": 200, "L": 1_400}
CHECKUP_CLINICS = {"S": 3, "M": 6, "L": 12}
PROGRAMME = (
    ("事業概要と勤労者支援融資制度について", "東北労働金庫福島県本部"),
    ("事業概要と共済について", "こくみん共済coop福島推進本部"),
    ("事業概要と勤労者互助会保険について", "福島県民共済会"),
    ("事務手続きについて", ""),
)
TRIP_COST = 12_000
LATER = "events"


def _rules_row(ctx: DemoContext) -> dict[str, Any]:
    data = rules_to_dict(load_preset(PRESET))
    data["table"]["valid_from_year"] = ctx.first_year
    return {
        "id": RULES_ID,
        "valid_from_year": ctx.first_year,
        "version": 1,
        "name": data["table"]["name"],
        "table_json": json.dumps(data, ensure_ascii=False, sort_keys=True),
        "note": "ひな形から登録",
        "saved_at": stamp(ctx.calendar.first_day(ctx.first_year)),
        "saved_by": "デモデータ作成",
    }


def _claim(office: EventOffice, event: dict[str, Any], written: Written) -> None:
    """The labour bank's refund for the session: claimed after ten days, paid after forty."""
    ctx, day = office.ctx, event["first_date"]
    present = sum(
        1
        for app, ids in written
        if app.status == "confirmed"
        for i in ids
        if office.rows.people[i - 1]["attendance"] == "present"
    )
    costs = sum(c["amount"] for c in office.rows.costs if c["event_id"] == event["id"])
    claimed, received = day + dt.timedelta(days=10), day + dt.timedelta(days=40)
    if claimed > ctx.today or not present:
        return
    amount = min(costs, 2_000 * present)
    office.claim_id += 1
    office.rows.claims.append(
        {"id": office.claim_id, "event_id": event["id"],
         "session_id": office.sessions_of(event["id"])[0]["id"], "participants": present,
         "costs": costs, "per_head": 2_000, "amount": amount, "claimed_on": claimed,
         "received_on": received if received <= ctx.today else None, "note": ""}
    )  # fmt: skip
    if received <= ctx.today:
        text = f"{event['title']} 労働金庫 研修助成（{present}人）"
        ctx.postings.append(
            DemoPosting(received, "113", amount, text, "労働金庫", False, "event_labour_bank",
                        office.claim_id)
        )  # fmt: skip


def _training(office: EventOffice, year: int) -> None:
    rng = office.rng
    day = nth_weekday(year, 6, 4, 1)
    spec = {
        "kind": "training", "title": "事務担当者研修会", "venue": "郡山市労働福祉会館",
        "venue_address": "郡山市虎丸7−7", "purpose": "事務手続きや団体間の情報・意見交換等",
        "audience": "主に事務手続きを担当する新任者、他", "allow_family": False,
        "allow_guests": False, "capacity": 40, "application_start": day - dt.timedelta(days=35),
        "deadline": day - dt.timedelta(days=7),
    }  # fmt: skip
    event_id = office.event(year, 1, spec, [{"date": day, "start_time": "10:00"}])
    for n, (title, presenter) in enumerate(PROGRAMME, start=1):
        office.rows.programme.append(
            {"event_id": event_id, "number": n, "title": title, "presenter": presenter}
        )
    event = office.rows.events[-1]
    apps = office.take_applications(event_id, rng.randrange(24, 36), "training")
    written = office.write_apps(apps, event, absent_share=0.08, kind="training")
    office.cost(event, day=day, kind="cost", text="会場使用料", payee="郡山市労働福祉会館",
                amount=rng.randrange(18_000, 32_000, 1_000), item="204")  # fmt: skip
    office.cost(event, day=day + dt.timedelta(days=3), kind="cost", text="資料印刷費", payee="",
                amount=rng.randrange(8_000, 15_000, 100), item="204")  # fmt: skip
    _claim(office, event, written)
    day = nth_weekday(year, 9, 4, 3)
    spec = {
        "kind": "training", "title": "研修交流会", "venue": "にほんまつ城報館",
        "venue_address": "二本松市郭内三丁目303−5", "purpose": "研修、団体間の情報・意見交換等",
        "audience": "業務に携わる方全般（役職問わず）", "allow_family": False,
        "allow_guests": False, "capacity": 60, "application_start": day - dt.timedelta(days=40),
        "deadline": day - dt.timedelta(days=10), "fee_member": 1_000,
    }  # fmt: skip
    event_id = office.event(year, 2, spec, [{"date": day, "start_time": "10:30"}])
    event = office.rows.events[-1]
    apps = office.take_applications(event_id, rng.randrange(35, 55), "training")
    written = office.write_apps(apps, event, absent_share=0.05, kind="training")
    office.pay(event, written, "111", day)
    office.cost(event, day=day, kind="cost", text="会場使用料・昼食代", payee="にほんまつ城報館",
                amount=rng.randrange(60_000, 90_000, 1_000), item="204")  # fmt: skip


def _trip(office: EventOffice, year: int) -> None:
    day = nth_weekday(year, 10, 5, 2)
    event_id = office.event(
        year,
        3,
        {
            "kind": "trip",
            "title": "秋の日帰りバス旅行（会津方面）",
            "venue": "福島駅西口 集合",
            "venue_address": "福島市栄町",
            "purpose": "会員と家族の親睦",
            "audience": "会員とその家族・友人",
            "capacity": 40,
            "application_start": day - dt.timedelta(days=60),
            "deadline": day - dt.timedelta(days=21),
            "fee_member": TRIP_COST - 3_000,
            "fee_family": TRIP_COST - 2_000,
            "fee_guest": TRIP_COST,
            "cost_per_person": TRIP_COST,
            "subsidy_mode": "rule",
            "subsidy_rule": "trip",
            "subsidy_member": 3_000,
            "subsidy_family": 2_000,
            "subsidy_note": "日帰り旅行: 定額 会員 3,000円・家族 2,000円",
            "rule_table_id": RULES_ID,
            "cancel_fee_days": 7,
            "cancel_fee_percent": 30,
        },
        [{"date": day, "start_time": "07:30", "place": "福島駅西口"}],
    )
    event = office.rows.events[-1]
    apps = office.take_applications(event_id, office.rng.randrange(46, 54), "trip")
    written = office.write_apps(apps, event, absent_share=0.03, kind="trip")
    office.pay(event, written, "112", event["deadline"] + dt.timedelta(days=7))
    subsidy = office.subsidy(event, written, day + dt.timedelta(days=14), "222")
    riders = sum(len(ids) for app, ids in written if app.status == "confirmed")
    # The agency's bill is the trip's cost per rider; the subsidy paid part of it.
    office.cost(event, day=day + dt.timedelta(days=14), kind="cost", text="旅行代金（参加費の分）",
                payee="福島観光バス", amount=riders * TRIP_COST - subsidy, item="221")  # fmt: skip


def _tournament(office: EventOffice, year: int) -> None:
    day = nth_weekday(year, 12, 6, 2)
    event_id = office.event(
        year,
        4,
        {
            "kind": "tournament",
            "title": "親睦ボウリング大会",
            "venue": "福島ボウル",
            "venue_address": "福島市南矢野目",
            "purpose": "会員相互の親睦",
            "audience": "会員・家族・友人",
            "capacity": 64,
            "application_start": day - dt.timedelta(days=45),
            "deadline": day - dt.timedelta(days=16),
            "fee_member": 1_000,
            "fee_family": 1_500,
            "fee_guest": 2_000,
            "subsidy_mode": "rule",
            "subsidy_rule": "tournament",
            "subsidy_member": 1_000,
            "subsidy_note": "大会参加: 定額 会員 1,000円",
            "rule_table_id": RULES_ID,
        },
        [{"date": day, "start_time": "13:00"}],
    )
    event = office.rows.events[-1]
    apps = office.take_applications(event_id, office.rng.randrange(64, 72), "tournament")
    written = office.write_apps(apps, event, absent_share=0.04, kind="tournament")
    office.pay(event, written, "112", min(event["deadline"] + dt.timedelta(days=5), day))
    office.subsidy(event, written, day + dt.timedelta(days=7), "222")
    office.cost(event, day=day, kind="cost", text="レーン使用料・賞品", payee="福島ボウル",
                amount=office.rng.randrange(100_000, 130_000, 1_000), item="221")  # fmt: skip


Written = list[tuple[DemoApplication, list[int]]]


def _checkup(office: EventOffice, year: int) -> None:
    size = office.ctx.size
    clinics = CHECKUP_CLINICS[size]
    start = nth_weekday(year, 7, 0, 1)
    capacity = CHECKUP_CAPACITY[size]
    per_clinic = -(-capacity // clinics)
    sessions = [
        {
            "date": start + dt.timedelta(days=7 * n),
            "end_date": dt.date(year + 1, 2, 27),
            "start_time": "08:30",
            "place": CLINICS[n],
            "capacity": per_clinic,
        }
        for n in range(clinics)
    ]
    event_id = office.event(
        year,
        5,
        {
            "kind": "checkup",
            "title": "1日人間ドック",
            "venue": f"契約医療機関（{clinics}か所）",
            "purpose": "会員の健康管理",
            "audience": "会員（35歳以上）",
            "allow_family": False,
            "allow_guests": False,
            "capacity": capacity,
            "application_start": start - dt.timedelta(days=60),
            "deadline": start - dt.timedelta(days=14),
            "subsidy_mode": "rule",
            "subsidy_rule": "checkup",
            "subsidy_member": 10_000,
            "subsidy_note": "人間ドック: 定額 会員 10,000円",
            "rule_table_id": RULES_ID,
        },
        sessions,
    )
    event = office.rows.events[-1]
    wanted = min(int(capacity * 1.04), max(6, len(office.present(start)) * 3 // 100))
    weights = [1.0 + 0.5 * (n % 3) for n in range(clinics)]
    apps = office.take_applications(
        event_id, wanted, "checkup", lambda s: office.rng.choices(s, weights)[0]
    )
    current = office.ctx.calendar.year_of(office.ctx.today) == year
    written = office.write_apps(
        apps, event, absent_share=0.05, kind="checkup_current" if current else "checkup"
    )
    if not current:
        office.subsidy(event, written, dt.date(year + 1, 3, 20), "222")


def events(ctx: DemoContext) -> None:
    """Ten years of events and applications; their money goes to the cash book as postings."""
    office = EventOffice(ctx)
    ctx.insert("event_rule_tables", [_rules_row(ctx)])
    for year in range(ctx.first_year, ctx.last_year + 1):
        for step in (_training, _trip, _tournament, _checkup):
            step(office, year)
    rows = office.rows
    # Events of the coming months are announced, not yet taken place: those after today
    # keep their applications so far and no money.
    ctx.insert("events", rows.events)
    ctx.insert("event_sessions", rows.sessions)
    ctx.insert("event_programme_items", rows.programme)
    ctx.insert("event_applications", rows.apps)
    ctx.insert("event_participants", rows.people)
    ctx.later[LATER] = {
        "payments": rows.payments,
        "lines": rows.lines,
        "costs": rows.costs,
        "claims": rows.claims,
        "titles": [(e["id"], e["title"]) for e in rows.events],
    }


def event_money(ctx: DemoContext) -> None:
    """Payments, costs and claims with their cash-book entries, and the fee receipts numbered
    after the receipts already in each fiscal year."""
    later: dict[str, list[dict[str, Any]]] = ctx.later.pop(LATER)
    receipts = Base.metadata.tables["receipts"]
    query = select(receipts.c.fiscal_year, func.max(receipts.c.number)).group_by(
        receipts.c.fiscal_year
    )
    used = {int(year): int(number or 0) for year, number in ctx.connection.execute(query)}
    titles = {int(event_id): str(title) for event_id, title in later["titles"]}
    last_id = int(ctx.connection.scalar(select(func.coalesce(func.max(receipts.c.id), 0))) or 0)
    receipt_rows = []
    for payment in later["payments"]:
        year = ctx.calendar.year_of(payment["paid_on"])
        used[year] = (used.get(year) or 0) + 1
        last_id += 1
        receipt_rows.append(
            {
                "id": last_id,
                "fiscal_year": year,
                "number": used[year],
                "source": "events",
                "source_id": payment["id"],
                "payment_id": None,
                "issued_date": payment["paid_on"],
                "addressee": payment["payer"],
                "amount": payment["amount"],
                "purpose": f"{titles[payment['event_id']][:60]} 参加費として",
                "status": "issued",
                "void_reason": None,
                "reissue_count": 0,
            }
        )
        payment["receipt_id"] = last_id
        payment["entry_id"] = ctx.entry_ids.get(("event_fee", payment["id"]))
    for cost in later["costs"]:
        cost["entry_id"] = ctx.entry_ids.get((f"event_{cost['kind']}", cost["id"]))
    for claim in later["claims"]:
        claim["entry_id"] = ctx.entry_ids.get(("event_labour_bank", claim["id"]))
    ctx.insert("receipts", receipt_rows)
    ctx.insert("event_payments", later["payments"])
    ctx.insert("event_payment_lines", later["lines"])
    ctx.insert("event_costs", later["costs"])
    ctx.insert("event_labour_bank_claims", later["claims"])
