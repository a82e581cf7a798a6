"""Demo step: what the annual reports need beside the books — officers elected every two
years, the meetings of each year (general meeting in May with its agenda, the audit in April,
four board meetings), the clerk's texts for each year and a benefit budget per kind.

Officers come from the demo's own establishments (their owners sit on the board); the
chairman is the society's representative. Everything is deterministic from the seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from sqlalchemy import func, select

from gojokai_desktop.db.models import Base
from gojokai_desktop.domain.accounting import allocate_by_ratio
from gojokai_desktop.services.demo._context import DemoContext
from gojokai_desktop.services.demo._steps import SOCIETY

FIRST_GENERAL_MEETING = 30  # the general meeting of the demo's first year is the 30th
FIRST_BOARD_MEETING = 80
VENUE = "福島市勤労者福祉会館 2階 大会議室"
VENUE_ADDRESS = "福島市大町4-15"
ROLES = (("会長", 1), ("副会長", 2), ("会計", 1), ("幹事", 6), ("監事", 2))
BENEFIT_ITEM = "201"  # 給付事業費 of the shipped small preset
BUDGET_KEY = "benefits.budget"  # services.benefits.stats.BUDGET_KEY (the demo writes rows only)


def _stamp(d: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(d, dt.time(hour, 0))


def _saturday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(5 - day.weekday()) % 7)


def _candidates(ctx: DemoContext) -> list[tuple[str, str]]:
    """(establishment, person) for the biggest establishments: who serves on the board."""
    est = Base.metadata.tables["establishments"]
    members = Base.metadata.tables["members"]
    counts = (
        select(
            members.c.establishment_id, func.count().label("n"), func.min(members.c.id).label("m")
        )
        .group_by(members.c.establishment_id)
        .subquery()
    )
    rows = ctx.connection.execute(
        select(est.c.name, members.c.name)
        .join(counts, counts.c.establishment_id == est.c.id)
        .join(members, members.c.id == counts.c.m)
        .order_by(counts.c.n.desc(), est.c.id)
        .limit(30)
    ).all()
    return [(str(e), str(p)) for e, p in rows]


def _officers(ctx: DemoContext, rng: random.Random, meetings: dict[int, dt.date]) -> None:
    """A board for every two-year term, elected at the May general meeting; about half of
    the members stay on, the chairman throughout."""
    pool = _candidates(ctx)
    rows: list[dict[str, Any]] = []
    board: list[tuple[str, str]] = []
    years = sorted(meetings)
    terms = [y for y in years if (y - years[0]) % 2 == 0]
    seats = sum(n for _r, n in ROLES)
    for year in terms:
        start = meetings[year]
        end = meetings.get(year + 2, start.replace(year=start.year + 2)) - dt.timedelta(days=1)
        kept = [p for p in board if rng.random() < 0.55][: seats - 1]
        fresh = [p for p in pool if p not in kept]
        rng.shuffle(fresh)
        board = kept + fresh[: seats - 1 - len(kept)]
        people = [("福島市勤労者互助会", SOCIETY["representative_name"]), *board]
        order = 0
        for role, count in ROLES:
            for _ in range(count):
                organisation, name = people[order]
                order += 1
                rows.append({
                    "role": role, "organisation": organisation, "name": name, "name_kana": "",
                    "term_start": start, "term_end": end, "sort_order": order, "note": "",
                    "version": 1, "created_at": _stamp(start), "updated_at": _stamp(start),
                })  # fmt: skip
    ctx.insert("officers", rows)


def _agenda(label: str, next_label: str, election: bool) -> list[tuple[str, str, str]]:
    items = [
        ("proposal", f"{label}事業報告（案）の承認について", "承認"),
        ("proposal", f"{label}収支決算（案）の承認について", "承認"),
        ("report", f"{label}会計監査報告", ""),
        ("proposal", f"{next_label}事業計画（案）について", "承認"),
        ("proposal", f"{next_label}収支予算（案）について", "承認"),
    ]
    if election:
        items.append(("proposal", "役員の改選について", "承認"))
    return items


def _meetings(ctx: DemoContext, rng: random.Random) -> dict[int, dt.date]:
    """Meetings of every year; returns the general meeting's date by the year it takes."""
    calendar = ctx.calendar
    meetings: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    general: dict[int, dt.date] = {}
    board_number = FIRST_BOARD_MEETING
    for n, year in enumerate(range(ctx.first_year - 1, ctx.last_year)):
        # The general meeting of May (year + 1) takes the report of ``year``.
        held = _saturday_on_or_after(dt.date(year + 1, 5, 20))
        audit = held - dt.timedelta(days=30 + rng.randrange(0, 6))
        if held > ctx.today:
            continue
        general[year] = held
        label, next_label = calendar.label(year), calendar.label(year + 1)
        meeting_id = len(meetings) + 1
        meetings.append({"id": meeting_id, "kind": "general", "number": FIRST_GENERAL_MEETING + n,
                         "fiscal_year": year, "held_on": held, "start_time": "13:30",
                         "venue": VENUE, "venue_address": VENUE_ADDRESS,
                         "note": "出席 代議員の過半数（委任状を含む）"})  # fmt: skip
        # Officers are elected for two years at the first meeting and every second one after
        # (_officers starts a term at the meetings n = 0, 2, 4 …), so those carry 役員の改選.
        election = n % 2 == 0
        for order, (kind, title, result) in enumerate(_agenda(label, next_label, election), 1):
            items.append({"meeting_id": meeting_id, "kind": kind, "title": title,
                          "sort_order": order, "result": result})  # fmt: skip
        meetings.append({"id": meeting_id + 1, "kind": "audit", "number": n + 1,
                         "fiscal_year": year, "held_on": audit, "start_time": "10:00",
                         "venue": "互助会事務局", "venue_address": "", "note": ""})  # fmt: skip
        # Board meetings of the year the general meeting falls in.
        for month in (4, 7, 10, 1):
            day = dt.date(year + 1 + (month < 4), month, 15 + rng.randrange(0, 10))
            day -= dt.timedelta(days=max(0, day.weekday() - 4))  # on a weekday evening
            if day > ctx.today:
                continue
            board_number += 1
            meetings.append({"id": len(meetings) + 1, "kind": "board", "number": board_number,
                             "fiscal_year": calendar.year_of(day), "held_on": day,
                             "start_time": "18:30", "venue": "勤労者福祉会館 会議室",
                             "venue_address": "", "note": "事業の進捗と会計の報告"})  # fmt: skip
    stamps = {"version": 1}
    ctx.insert("meetings", ({**m, **stamps, "created_at": _stamp(m["held_on"]),
                             "updated_at": _stamp(m["held_on"])} for m in meetings))  # fmt: skip
    ctx.insert("meeting_items", ({**i, **stamps, "created_at": _stamp(ctx.today),
                                  "updated_at": _stamp(ctx.today)} for i in items))  # fmt: skip
    return general


def _texts(ctx: DemoContext, rng: random.Random, general: dict[int, dt.date]) -> None:
    calendar = ctx.calendar
    rows: list[dict[str, Any]] = []
    for n, year in enumerate(range(ctx.first_year, ctx.last_year + 1)):
        label = calendar.label(year)
        stamp = _stamp(min(calendar.last_day(year), ctx.today))
        held = general.get(year - 1)
        meetings = (
            f"{held.month}月{held.day}日に第{FIRST_GENERAL_MEETING + n}回通常総会を開き、"
            "提出したすべての議案が原案どおり承認されました。"
            if held
            else ""
        ) + "幹事会を年4回開き、事業の進み具合と会計の状況を報告しました。"
        trips = rng.choice(("会津若松・鶴ヶ城", "いわき・アクアマリンふくしま", "仙台・松島",
                            "日光・鬼怒川"))  # fmt: skip
        activities = "\n".join((
            "・福利厚生事業として夏季・年末に会員全員へ記念品を贈りました。",
            f"・日帰り研修旅行（{trips}）を10月に実施しました。",
            "・斡旋事業は6月と11月の2回、レジャー施設の割引券などを斡旋しました。",
            "・新規事業所の加入促進に11月から2月まで取り組みました。",
        ))  # fmt: skip
        plan = "\n\n".join((
            f"{label}も、会員とその家族の福利の向上を目指し、次の事業を行います。",
            "1　慶弔給付事業　給付表に基づき、結婚・出産・入学・傷病・弔慰などの給付を行います。",
            "2　福利厚生事業　夏季・年末の記念品、健康診断の助成を行います。",
            "3　斡旋事業　年2回、レジャー施設・宿泊施設の利用券などを斡旋します。",
            "4　研修・行事　日帰り研修旅行と、事業所の事務担当者研修会を開きます。",
            "5　加入促進　未加入の事業所を訪問し、互助会への加入を呼びかけます。",
        ))  # fmt: skip
        for key, body in (("meetings", meetings), ("activities", activities), ("plan", plan)):
            rows.append({"fiscal_year": year, "key": key, "body": body, "version": 1,
                         "created_at": stamp, "updated_at": stamp})  # fmt: skip
    ctx.insert("report_texts", rows)


def _item_budgets(ctx: DemoContext, code: str) -> dict[int, int]:
    """The item's budget of every year (the accounts step's 当初予算)."""
    budgets = Base.metadata.tables["budgets"]
    lines = Base.metadata.tables["budget_lines"]
    items = Base.metadata.tables["items"]
    query = (
        select(budgets.c.fiscal_year, lines.c.amount)
        .join(budgets, budgets.c.id == lines.c.budget_id)
        .join(items, items.c.id == lines.c.item_id)
        .where(items.c.code == code)
    )
    return {int(year): int(amount) for year, amount in ctx.connection.execute(query)}


def _benefit_budgets(ctx: DemoContext) -> None:
    """A budget per benefit kind for every year: the 給付事業費 item's budget shared out by
    last year's payments of each kind (largest remainder, in thousands), so the kinds add up
    to the item and the 004 table (予算・決算) has both sides."""
    claims = Base.metadata.tables["benefit_claims"]
    paid: dict[int, dict[str, tuple[int, int]]] = {}
    for code, day, amount in ctx.connection.execute(
        select(claims.c.kind_code, claims.c.paid_on, claims.c.amount).where(
            claims.c.status == "paid"
        )
    ):
        year = ctx.calendar.year_of(day)
        count, total = paid.setdefault(year, {}).get(code, (0, 0))
        paid[year][code] = (count + 1, total + int(amount))
    item_budget = _item_budgets(ctx, BENEFIT_ITEM)
    rows = []
    for year in range(ctx.first_year, ctx.last_year + 1):
        basis = sorted((paid.get(year - 1) or paid.get(year) or {}).items())
        budget = item_budget.get(year, 0)
        if not basis or budget <= 0:
            continue
        shares = allocate_by_ratio(budget // 1_000, [total for _c, (_n, total) in basis])
        kinds = {
            code: [count + 1, share * 1_000]
            for (code, (count, _total)), share in zip(basis, shares, strict=True)
        }
        stamp = _stamp(ctx.calendar.first_day(year) - dt.timedelta(days=15))
        rows.append({"key": BUDGET_KEY, "valid_from_year": year,
                     "value_json": json.dumps({"fiscal_year": year, "kinds": kinds}),
                     "created_at": stamp, "updated_at": stamp})  # fmt: skip
    ctx.insert("setting_values", rows)


def reports(ctx: DemoContext) -> None:
    """Meetings, officers, texts and benefit budgets of the ten years."""
    rng = ctx.rng("reports")
    general = _meetings(ctx, rng)
    _officers(ctx, rng, general)
    _texts(ctx, rng, general)
    _benefit_budgets(ctx)
